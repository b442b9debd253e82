"""Shared fixtures: stores, hand-built articles, and the ../shared data location."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("STORYDESK_SHARED", ROOT.parent / "shared"))


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
