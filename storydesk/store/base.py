"""The store interface every backend implements (SQLite by default, PostgreSQL for teams)."""

from __future__ import annotations

import abc
import json
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

from ..model import (
    Annotations,
    Article,
    ArticleCopy,
    LinkedStory,
    Mention,
    Rejected,
    Story,
    from_dict,
    to_dict,
)


def dumps(value: Any) -> str:
    """Serialise records to compact JSON for storage."""
    return json.dumps(to_dict(value), ensure_ascii=False, separators=(",", ":"))


class Store(abc.ABC):
    """Durable home of articles, annotations, link results, rejections and run records.

    Every write happens inside ``with store.atomic():``; a crash mid-transaction leaves the
    store as it was before the transaction, and every write is idempotent, so re-running an
    interrupted job loses nothing and duplicates nothing.
    """

    url: str

    # -- lifecycle
    @abc.abstractmethod
    def atomic(self) -> AbstractContextManager[None]:
        """Open a transaction (nested calls become savepoints)."""

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- articles
    @abc.abstractmethod
    def put_article(self, article: Article) -> bool:
        """Insert an article; return False if one with the same id is already stored."""

    @abc.abstractmethod
    def get_article(self, key: str, *, prefix: bool = True) -> Article | None:
        """Return the article with this id, or with this unique id prefix when ``prefix``.

        The ingest path looks up every new article's id, nearly always missing; it passes
        ``prefix=False`` so a miss costs one index probe, not a prefix search.
        """

    @abc.abstractmethod
    def articles(self, ids: Sequence[str] | None = None) -> Iterator[Article]:
        """Yield stored articles in ingest order (all, or those with the given ids)."""

    @abc.abstractmethod
    def count_articles(self) -> int: ...

    @abc.abstractmethod
    def put_copy(self, copy: ArticleCopy) -> bool:
        """Record one arrival of an article; return False if already recorded."""

    @abc.abstractmethod
    def copies(self, article_id: str | None = None) -> list[ArticleCopy]: ...

    # -- inputs already seen (so unchanged inputs are not cleaned again)
    @abc.abstractmethod
    def input_seen(self, input: str, digest: str) -> bool: ...

    @abc.abstractmethod
    def mark_input(self, input: str, digest: str, status: str, article_id: str | None) -> None: ...

    # -- rejections
    @abc.abstractmethod
    def put_rejection(self, rejected: Rejected) -> bool:
        """Store a rejection; the same (input, stage, code) is stored once."""

    @abc.abstractmethod
    def rejections(self) -> list[Rejected]: ...

    # -- annotations
    @abc.abstractmethod
    def put_annotations(self, annotations: Annotations, version: str) -> None: ...

    @abc.abstractmethod
    def annotation_versions(self) -> dict[str, str]:
        """Return {article_id: annotate version} for every annotated article."""

    @abc.abstractmethod
    def get_annotations(self, ids: Sequence[str] | None = None) -> dict[str, Annotations]: ...

    @abc.abstractmethod
    def get_mentions(self, ids: Sequence[str]) -> dict[str, tuple[Mention, ...]]:
        """Return each annotated article's entity mentions, without building the rest of its
        annotations: story clustering reads only these, for every article in the store."""

    # -- link results
    @abc.abstractmethod
    def put_linked(self, linked: Sequence[LinkedStory], version: str) -> None:
        """Replace the stored stories with ``linked`` (one transaction)."""

    @abc.abstractmethod
    def linked_stories(self) -> list[LinkedStory]: ...

    @abc.abstractmethod
    def linked_version(self) -> str | None:
        """Return the link version the stored stories were made with (None if none)."""

    def stories(self) -> list[Story]:
        return [ls.story for ls in self.linked_stories()]

    # -- feeds (ingest.FeedState protocol)
    @abc.abstractmethod
    def get(self, feed_url: str) -> dict | None: ...

    @abc.abstractmethod
    def put(self, feed_url: str, state: dict) -> None: ...

    # -- derived state (e.g. the near-duplicate index), saved so a run need not rebuild it
    @abc.abstractmethod
    def put_state(self, key: str, data: bytes, mark: int) -> None:
        """Save a blob derived from the articles stored up to ``mark`` (see ``article_mark``)."""

    @abc.abstractmethod
    def get_state(self, key: str) -> tuple[bytes, int] | None:
        """Return ``(blob, mark)`` saved under ``key``, or None."""

    @abc.abstractmethod
    def article_mark(self) -> int:
        """Return the ingest-order position of the newest stored article (0 when none)."""

    @abc.abstractmethod
    def articles_after(self, mark: int) -> Iterator[Article]:
        """Yield the articles stored after position ``mark``, in ingest order."""

    # -- runs
    @abc.abstractmethod
    def record_run(self, command: str, started_at: str, summary: dict) -> None: ...

    # -- search
    @abc.abstractmethod
    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        """Full-text search: return (article_id, snippet) pairs, best first."""


def load_article(row: dict[str, Any]) -> Article:
    """Build an Article from a stored row."""
    data = dict(row)
    data["removed"] = json.loads(data["removed"] or "[]")
    window = data.get("published_window")
    data["published_window"] = json.loads(window) if window else None
    data.pop("ingested_at", None)
    data.pop("rowid", None)
    return from_dict(Article, data)
