"""Shared fixtures: stores, hand-built articles, and the ../shared data location."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("STORYDESK_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    """A throwaway PostgreSQL server on loopback for the whole run (skips when unavailable)."""
    pytest.importorskip("psycopg", reason="pip install 'storydesk[postgres]' for the PostgreSQL tests")
    from tests.pgserver import PgServer

    try:
        server = PgServer()
    except (RuntimeError, OSError) as exc:
        pytest.skip(f"cannot start PostgreSQL: {exc}")
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the user's real store and config."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.delenv("STORYDESK_DB", raising=False)


@pytest.fixture
def shared() -> Path:
    """Return ../shared, skipping the test with a clear message when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: this test reads evaluation data from ../shared")
    return SHARED
