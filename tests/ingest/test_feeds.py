"""RSS/Atom feeds: entries' pages fetched, polling with ETag and only new entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from storydesk.config import Config
from storydesk.ingest import Fetcher, documents
from storydesk.model import RawDocument, Rejected

from .conftest import Site


class MemoryState:
    """A FeedState kept in a dict, as the store keeps it in a table."""

    def __init__(self) -> None:
        self.states: dict[str, dict] = {}

    def get(self, feed_url: str) -> dict | None:
        return self.states.get(feed_url)

    def put(self, feed_url: str, state: dict) -> None:
        self.states[feed_url] = state


@pytest.fixture(scope="module")
def _fetcher(_server: Site):
    config = Config().replace(fetch_timeout=0.5, fetch_retries=0)
    with Fetcher(config, allow=[f"127.0.0.1:{_server.port}"], backoff=0.01) as f:
        yield f


def poll(site: Site, fetcher: Fetcher, state: MemoryState) -> list[RawDocument | Rejected]:
    return list(documents([site.url("/feed.xml")], fetcher.config, state, fetcher=fetcher))


def test_feed_entries_are_fetched_with_entry_metadata(site: Site, _fetcher: Fetcher) -> None:
    docs = poll(site, _fetcher, MemoryState())
    assert [d.input for d in docs] == [site.url("/article/a1"), site.url("/article/a2")]
    first = docs[0]
    assert isinstance(first, RawDocument)
    assert first.metadata["title"] == "Entry a1"
    assert first.metadata["outlet"] == "Harbour Gazette"
    assert first.metadata["published"] == "2026-02-03T10:00:00Z"
    assert b"Harbour reopens" in first.content


def test_polling_uses_etag_and_fetches_only_new_entries(site: Site, _fetcher: Fetcher) -> None:
    state = MemoryState()
    assert len(poll(site, _fetcher, state)) == 2
    saved = state.get(site.url("/feed.xml"))
    assert saved is not None and saved["etag"] == '"v1"' and set(saved["seen"]) == {"a1", "a2"}

    assert poll(site, _fetcher, state) == []  # 304 Not Modified
    assert site.headers_seen["/feed.xml"]["if-none-match"] == '"v1"'
    assert site.hits["/article/a1"] == 1

    site.feed_etag = '"v2"'
    site.feed_entries = ["a3", "a1", "a2"]
    docs = poll(site, _fetcher, state)
    assert [d.input for d in docs] == [site.url("/article/a3")]
    assert site.hits["/article/a1"] == 1 and site.hits["/article/a3"] == 1
    assert state.get(site.url("/feed.xml"))["etag"] == '"v2"'


def test_feed_file_on_disk(site: Site, _fetcher: Fetcher, tmp_path: Path) -> None:
    path = tmp_path / "saved.rss"
    path.write_bytes(site.feed())
    docs = list(documents([str(path)], _fetcher.config, fetcher=_fetcher))
    assert [type(d).__name__ for d in docs] == ["RawDocument", "RawDocument"]


def test_unreachable_entry_is_rejected_and_retried_next_poll(site: Site, _fetcher: Fetcher, tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        f"<item><title>x</title><link>{site.url('/missing')}</link><guid>m</guid></item>"
        "</channel></rss>",
        "utf-8",
    )
    state = MemoryState()
    [rej] = documents([str(path)], _fetcher.config, state, fetcher=_fetcher)
    assert isinstance(rej, Rejected) and rej.code == "INGEST-007"
    assert state.get(str(path))["seen"] == []


def test_broken_feed_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "broken.atom"
    path.write_text("<feed><entry>", "utf-8")
    [rej] = documents([str(path)], Config())
    assert isinstance(rej, Rejected) and rej.code == "INGEST-006"
