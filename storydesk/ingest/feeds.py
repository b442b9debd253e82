"""RSS/Atom feeds: parse entries, remember what was seen, and poll politely."""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import feedparser

from ..errors import RejectedInput

#: How many entry ids a feed's state keeps; older ids fall out, newest first.
SEEN_LIMIT = 5000
#: An entry's own content is used when its page cannot be fetched, if it is at least this long.
FULL_CONTENT_CHARS = 1000
# Searched in the whole body, not just the prolog: comments can push a DTD arbitrarily far down.
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


class FeedState(Protocol):
    """Where polling state lives between runs (the store implements it)."""

    def get(self, feed_url: str) -> dict | None:
        """Return the state saved for ``feed_url``, or None the first time."""
        ...

    def put(self, feed_url: str, state: dict) -> None:
        """Save the state of ``feed_url`` after a poll."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedEntry:
    """One feed entry: where its page is, what the feed says about it, and any inline content."""

    id: str
    link: str | None
    metadata: Mapping[str, str]
    content_html: str | None


def parse_feed(data: bytes) -> tuple[str | None, list[FeedEntry]]:
    """Return the feed's title and its entries; raise INGEST-006 when it is no feed at all."""
    if _ENTITY_DECLARATION.search(data):
        # expat stops a "billion laughs" feed only after ~1M callbacks into feedparser (seconds
        # of CPU per kilobyte of input); real feeds never declare entities, so refuse up front
        raise RejectedInput("INGEST-006", "feed declares XML entities in a DTD (refused: entity expansion)")
    parsed = feedparser.parse(data)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not parsed.entries and (problem or not parsed.get("version")):
        raise RejectedInput("INGEST-006", f"not a readable RSS/Atom feed ({problem or 'no entries'})")
    outlet = parsed.feed.get("title") or None
    entries: list[FeedEntry] = []
    for index, entry in enumerate(parsed.entries):
        link = entry.get("link") or None
        # an entry with nothing to identify it still gets an id, so it is rejected, not lost
        entry_id = entry.get("id") or link or entry.get("title") or f"entry-{index}"
        meta: dict[str, str] = {}
        if entry.get("title"):
            meta["title"] = str(entry["title"])
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        if published:
            meta["published"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", published)
        elif entry.get("published") or entry.get("updated"):
            meta["published"] = str(entry.get("published") or entry.get("updated"))
        if entry.get("author"):
            meta["author"] = str(entry["author"])
        if outlet:
            meta["outlet"] = str(outlet)
        if link:
            meta["url"] = str(link)
        content = _content_html(entry)
        entries.append(FeedEntry(id=str(entry_id), link=link, metadata=meta, content_html=content))
    return outlet, entries


def _content_html(entry: Any) -> str | None:
    for item in entry.get("content") or ():
        value = item.get("value")
        if value and len(value) >= FULL_CONTENT_CHARS:
            return str(value)
    return None


def conditional_headers(state: Mapping[str, Any] | None) -> dict[str, str]:
    """Return If-None-Match / If-Modified-Since headers from a saved state."""
    headers: dict[str, str] = {}
    if state:
        if state.get("etag"):
            headers["If-None-Match"] = str(state["etag"])
        if state.get("modified"):
            headers["If-Modified-Since"] = str(state["modified"])
    return headers


def next_state(
    previous: Mapping[str, Any] | None, headers: Mapping[str, str], done_ids: list[str]
) -> dict[str, Any]:
    """Return the state to save after a poll: validators from the response, seen entry ids."""
    seen = list(dict.fromkeys([*done_ids, *((previous or {}).get("seen") or [])]))[:SEEN_LIMIT]
    lowered = {k.lower(): v for k, v in headers.items()}
    state: dict[str, Any] = {"seen": seen, "polled_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    etag = lowered.get("etag") or (previous or {}).get("etag")
    modified = lowered.get("last-modified") or (previous or {}).get("modified")
    if etag:
        state["etag"] = etag
    if modified:
        state["modified"] = modified
    return state
