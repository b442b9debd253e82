"""SQLite specifics: migrations, WAL, a damaged file."""

from __future__ import annotations

from pathlib import Path

import pytest

from storydesk.errors import StoreError
from storydesk.store.sqlite import MIGRATIONS, SQLiteStore


def test_migrations_applied_once(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    s = SQLiteStore(path)
    assert s.migrations() == [name for name, _ in MIGRATIONS]
    s.close()
    s = SQLiteStore(path)  # re-opening applies nothing twice
    assert s.migrations() == [name for name, _ in MIGRATIONS]
    assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    s.close()


def test_not_a_store_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a storydesk store"):
        SQLiteStore(path)
