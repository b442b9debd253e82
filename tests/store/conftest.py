from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storydesk.store import Store, open_store


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh store of each backend; the same behavioural tests run against all of them."""
    if request.param == "sqlite":
        s = open_store(str(tmp_path / "test.db"))
    else:
        s = open_store(request.getfixturevalue("pg_server").new_database())
    yield s
    s.close()
