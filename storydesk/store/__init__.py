"""Stores: where articles, annotations, link results and rejections live.

``open_store(url)`` picks the backend from the URL: a path or ``sqlite:///path`` opens SQLite (the
default); ``postgresql://...`` opens PostgreSQL (the ``postgres`` extra).
"""

from __future__ import annotations

from .base import Store


def open_store(url: str) -> Store:
    """Open (and migrate) the store at ``url``."""
    if url.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore

        return PostgresStore(url)
    from .sqlite import SQLiteStore

    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url
    return SQLiteStore(path)


__all__ = ["Store", "open_store"]
