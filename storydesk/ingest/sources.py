"""Expand inputs (paths, folders, stdin, URLs, feeds, JSON/JSONL exports) into raw documents."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from ..config import Config
from ..errors import RejectedInput
from ..model import RawDocument, Rejected
from .feeds import FeedState, conditional_headers, next_state, parse_feed
from .fetch import Fetched, Fetcher
from .files import HEAD_BYTES, STAGE, iter_lines, read_file, walk
from .records import parse_line, record_document, record_metadata, records
from .sniff import (
    FEED_TYPES,
    GZIP_MAGIC,
    TEXT_TYPES,
    base_type,
    charset_of,
    detect_charset,
    gunzip_capped,
    html_declared_charset,
    refuse_binary,
    sniff_type,
    type_for_path,
)

Item = RawDocument | Rejected

_PAGE_TYPES = {"application/xhtml+xml": "text/html", "text/x-markdown": "text/markdown"}


def documents(
    inputs: Sequence[str],
    config: Config,
    feed_state: FeedState | None = None,
    *,
    fetcher: Fetcher | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[RawDocument | Rejected]:
    """Yield a raw document or a coded rejection for everything the inputs hold, lazily.

    ``fetcher`` overrides the default URL fetcher (tests pass one that may reach their local
    server); ``stdin`` replaces ``sys.stdin`` for the ``-`` input.
    """
    reader = _Reader(config, feed_state, fetcher, stdin)
    try:
        for item in inputs:
            yield from reader.expand(item)
    finally:
        reader.close()


def is_url(text: str) -> bool:
    """Say whether an input names an http(s) URL rather than a path."""
    return text[:8].lower().startswith(("http://", "https://"))


#: An export stops being read once this many of its records were refused and they outnumber the
#: good ones: 1 MB of "{}" lines (or a small gzip of many more) would otherwise store a rejection
#: per line (300,000 rows and 2 minutes per MB measured; see docs/reliability.md).
MAX_BAD_RECORDS = 1000


def _stop_floods(items: Iterator[Item], input: str) -> Iterator[Item]:
    """Pass an export's items through until refused records dominate; then stop with one rejection."""
    good = bad = 0
    for item in items:
        yield item
        if isinstance(item, Rejected):
            bad += 1
            if bad >= MAX_BAD_RECORDS and bad > good:
                yield Rejected(
                    input=input,
                    stage=STAGE,
                    code="INGEST-006",
                    reason=f"stopped reading after {bad:,} malformed records and {good:,} good ones: "
                    "this does not look like an article export",
                )
                return
        else:
            good += 1


class _Reader:
    """The state one ``documents`` call shares across inputs: config, fetcher, feed state."""

    def __init__(
        self, config: Config, feed_state: FeedState | None, fetcher: Fetcher | None, stdin: BinaryIO | None
    ) -> None:
        self.config = config
        self.feed_state = feed_state
        self._fetcher = fetcher
        self._own_fetcher = fetcher is None
        self._stdin = stdin

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(self.config)
        return self._fetcher

    def close(self) -> None:
        if self._own_fetcher and self._fetcher is not None:
            self._fetcher.close()

    # ------------------------------------------------------------------ dispatch

    def expand(self, item: str) -> Iterator[Item]:
        if item == "-":
            yield from self.from_stdin()
        elif is_url(item):
            yield from self.from_url(item)
        else:
            path = Path(item)
            try:
                is_dir = path.is_dir()
            except OSError:
                is_dir = False  # read_file turns the same error into a coded rejection
            if is_dir:
                for found in walk(path, self.config.include, self.config.exclude):
                    if isinstance(found, Rejected):
                        yield found
                    elif found.suffix and type_for_path(found) is None:
                        # in a folder, a .py or .png sits next to the articles by accident: say so
                        yield Rejected(
                            input=str(found),
                            stage=STAGE,
                            code="INGEST-002",
                            reason=f"unsupported file type {found.suffix!r} in a folder walk "
                            "(give .txt .md .html .json .jsonl or a feed, or --exclude it)",
                        )
                    else:
                        yield from self.from_file(found)
            else:
                yield from self.from_file(path)

    def from_file(self, path: Path) -> Iterator[Item]:
        input = str(path)
        if type_for_path(path) == "application/x-ndjson":
            yield from self.from_jsonl_file(path)
            return
        try:
            data, content_type = read_file(path, self.config.max_bytes)
        except RejectedInput as exc:
            yield exc.to_record(input, STAGE)
            return
        yield from self.from_bytes(data, content_type, input, url=None)

    def from_stdin(self) -> Iterator[Item]:
        stream = self._stdin or sys.stdin.buffer
        cap = self.config.max_bytes
        try:
            data = stream.read(cap + 1)
            if len(data) > cap:
                raise RejectedInput("INGEST-004", f"stdin passes the {cap:,}-byte cap")
            if not data:
                raise RejectedInput("INGEST-003", "stdin is empty")
            if data.startswith(GZIP_MAGIC):
                data = gunzip_capped(data, cap)
            refuse_binary(data[:HEAD_BYTES])
        except RejectedInput as exc:
            yield exc.to_record("stdin", STAGE)
            return
        yield from self.from_bytes(data, None, "stdin", url=None)

    def from_bytes(
        self,
        data: bytes,
        content_type: str | None,
        input: str,
        *,
        url: str | None,
        metadata: Mapping[str, str] | None = None,
        feed_headers: Mapping[str, str] | None = None,
        feed_state: dict | None = None,
    ) -> Iterator[Item]:
        base = base_type(content_type) if content_type else sniff_type(data[:HEAD_BYTES])
        base = _PAGE_TYPES.get(base, base)
        if base in ("application/xml", "text/xml"):
            base = sniff_type(data[:HEAD_BYTES])
        if base in FEED_TYPES or base in ("application/xml", "text/xml"):
            yield from self.from_feed(data, url or input, feed_headers or {}, feed_state)
        elif base == "application/json":
            yield from _stop_floods(self._json_items(data, input), input)
        elif base == "application/x-ndjson":
            lines = ((n, line) for n, line in enumerate(data.splitlines(), start=1) if line.strip())
            items = (item for n, line in lines for item in self.from_jsonl_line(line, f"{input}#{n}"))
            yield from _stop_floods(items, input)
        elif base in TEXT_TYPES:
            try:
                yield self.page(data, base, content_type, input, url=url, metadata=metadata)
            except RejectedInput as exc:
                yield exc.to_record(input, STAGE)
        else:
            yield Rejected(input=input, stage=STAGE, code="INGEST-002", reason=f"unsupported content type {base}")

    def page(
        self,
        data: bytes,
        base: str,
        content_type: str | None,
        input: str,
        *,
        url: str | None,
        metadata: Mapping[str, str] | None,
    ) -> RawDocument:
        """Build the raw document of a text or HTML page, with its encoding settled."""
        declared = charset_of(content_type or "")
        if base == "text/html" and not declared:
            declared = html_declared_charset(data)
        encoding = detect_charset(data, declared)
        return RawDocument(
            input=input,
            content=data,
            content_type=f"{base}; charset={encoding}",
            url=url,
            metadata=dict(metadata or {}),
        )

    # ------------------------------------------------------------------ JSON(L)

    def _json_items(self, data: bytes, input: str) -> Iterator[Item]:
        try:
            for sub_input, record in records(data, input, self.config.max_bytes):
                yield from self.from_record(record, sub_input)
        except RejectedInput as exc:
            yield exc.to_record(input, STAGE)

    def from_jsonl_file(self, path: Path) -> Iterator[Item]:
        yield from _stop_floods(self._jsonl_file_items(path), str(path))

    def _jsonl_file_items(self, path: Path) -> Iterator[Item]:
        input = str(path)
        try:
            if path.stat().st_size == 0:
                raise RejectedInput("INGEST-003", "empty file (0 bytes)")
            for line_no, line in iter_lines(path, self.config.max_bytes):
                if isinstance(line, RejectedInput):
                    yield line.to_record(f"{input}#{line_no}", STAGE)
                else:
                    yield from self.from_jsonl_line(line, f"{input}#{line_no}")
        except RejectedInput as exc:
            yield exc.to_record(input, STAGE)
        except OSError as exc:
            yield RejectedInput("INGEST-005", f"cannot read: {exc.strerror or exc}").to_record(input, STAGE)

    def from_jsonl_line(self, line: bytes, input: str) -> Iterator[Item]:
        try:
            record = parse_line(line)
        except RejectedInput as exc:
            yield exc.to_record(input, STAGE)
            return
        yield from self.from_record(record, input)

    def from_record(self, record: Any, input: str) -> Iterator[Item]:
        try:
            built = record_document(record, input, self.config.max_bytes)
        except RejectedInput as exc:
            yield exc.to_record(input, STAGE)
            return
        if isinstance(built, str):  # only a URL: fetch the page, keep the record's metadata
            yield from self.from_url(built, metadata=record_metadata(record))
            return
        try:
            refuse_binary(built.content[:HEAD_BYTES])
        except RejectedInput as exc:
            yield exc.to_record(input, STAGE)
            return
        yield built

    # ------------------------------------------------------------------ URLs and feeds

    def from_url(self, url: str, *, metadata: Mapping[str, str] | None = None) -> Iterator[Item]:
        state = self.feed_state.get(url) if self.feed_state is not None else None
        try:
            fetched = self.fetcher.fetch(url, headers=conditional_headers(state))
            if fetched.status == 304:
                return  # a polled feed that has not changed: nothing new
            if not fetched.content:
                raise RejectedInput("INGEST-003", f"{url}: empty body")
            refuse_binary(fetched.content[:HEAD_BYTES])
        except RejectedInput as exc:
            yield exc.to_record(url, STAGE)
            return
        yield from self.from_bytes(
            fetched.content,
            fetched.content_type or None,
            url,
            url=fetched.url,
            metadata=metadata,
            feed_headers=fetched.headers,
            feed_state=state,
        )

    def from_feed(
        self, data: bytes, key: str, headers: Mapping[str, str], state: dict | None
    ) -> Iterator[Item]:
        try:
            _outlet, entries = parse_feed(data)
        except RejectedInput as exc:
            yield exc.to_record(key, STAGE)
            return
        if state is None and self.feed_state is not None:
            state = self.feed_state.get(key)
        seen = set((state or {}).get("seen") or ())
        done: list[str] = []
        for entry in entries:
            if entry.id in seen:
                continue
            input = entry.link or f"{key}#{entry.id}"
            if entry.link:
                try:
                    fetched = self.fetcher.fetch(entry.link)
                    doc = self._entry_page(fetched, input, entry.metadata)
                except RejectedInput as exc:
                    if entry.content_html:
                        yield self._inline(entry.content_html, input, entry.metadata)
                        done.append(entry.id)
                    else:
                        yield exc.to_record(input, STAGE)
                        if exc.code != "INGEST-007":  # a network failure is retried next poll
                            done.append(entry.id)
                    continue
                yield doc
            elif entry.content_html:
                yield self._inline(entry.content_html, input, entry.metadata)
            else:
                yield Rejected(input=input, stage=STAGE, code="INGEST-006", reason="feed entry has no link and no content")
            done.append(entry.id)
        if self.feed_state is not None:
            self.feed_state.put(key, next_state(state, headers, done))

    def _entry_page(self, fetched: Fetched, input: str, metadata: Mapping[str, str]) -> RawDocument:
        if not fetched.content:
            raise RejectedInput("INGEST-003", f"{fetched.url}: empty body")
        refuse_binary(fetched.content[:HEAD_BYTES])
        base = base_type(fetched.content_type) if fetched.content_type else sniff_type(fetched.content[:HEAD_BYTES])
        base = _PAGE_TYPES.get(base, base)
        if base not in TEXT_TYPES:
            raise RejectedInput("INGEST-009", f"{fetched.url}: feed entry links to {base}, not a page")
        meta = dict(metadata)
        meta["url"] = fetched.url
        return self.page(fetched.content, base, fetched.content_type, input, url=fetched.url, metadata=meta)

    def _inline(self, html: str, input: str, metadata: Mapping[str, str]) -> RawDocument:
        return RawDocument(
            input=input,
            content=html.encode("utf-8"),
            content_type="text/html; charset=utf-8",
            url=metadata.get("url"),
            metadata=dict(metadata),
        )
