from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storydesk.store import Store, open_store


def _backends() -> list[str]:
    return ["sqlite"]


@pytest.fixture(params=_backends())
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh store of each backend; the same behavioural tests run against all of them."""
    if request.param == "sqlite":
        s = open_store(str(tmp_path / "test.db"))
    yield s
    s.close()
