"""Stores: where articles, annotations, link results and rejections live.

``open_store(url)`` picks the backend from the URL: a path or ``sqlite:///path`` opens SQLite (the
default); ``postgresql://...`` opens PostgreSQL (the ``postgres`` extra).
"""

from __future__ import annotations

from pathlib import Path

from .base import Store


def is_server_url(url: str) -> bool:
    """Whether ``url`` names a database server (PostgreSQL) rather than a SQLite file."""
    return url.startswith(("postgresql://", "postgres://"))


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite store's URL; None for a server or an in-memory store."""
    if is_server_url(url) or url == ":memory:":
        return None
    return Path(url.removeprefix("sqlite:///")).expanduser()


def open_store(url: str) -> Store:
    """Open (and migrate) the store at ``url``."""
    if is_server_url(url):
        from .postgres import PostgresStore

        return PostgresStore(url)
    from .sqlite import SQLiteStore

    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url
    return SQLiteStore(path)


__all__ = ["Store", "is_server_url", "open_store", "sqlite_file"]
