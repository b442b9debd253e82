"""Map JSON/JSONL article records (the shape other tools export) to raw documents."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from ..errors import RejectedInput
from ..model import RawDocument

# Field names by meaning, in order of preference: ours first, then news-please, GDELT,
# newspaper and schema.org exports, which users bring most often.
TEXT_KEYS = ("text", "maintext", "articleBody", "content", "body", "article")
HTML_KEYS = ("html", "raw_html", "content_html")
TITLE_KEYS = ("title", "headline")
PUBLISHED_KEYS = ("published", "date_publish", "datePublished", "publish_date", "published_at", "date", "seendate")
OUTLET_KEYS = ("outlet", "source", "source_domain", "sitename", "site_name", "publisher", "domain")
AUTHOR_KEYS = ("author", "authors", "byline")
URL_KEYS = ("url", "link", "source_url")
# Wrappers whose list holds the records: {"articles": [...]} and friends.
LIST_KEYS = ("articles", "items", "records", "data", "results", "documents")


def parse_json(data: bytes) -> list[Any]:
    """Return the records of a JSON file: one object, a list, or a wrapped list."""
    try:
        value = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RejectedInput("INGEST-006", f"not valid JSON ({exc})") from exc
    except RecursionError as exc:  # "[[[[..." nested past the interpreter's limit: hostile
        raise RejectedInput("INGEST-006", "JSON nested too deeply to be an article record") from exc
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        for key in LIST_KEYS:
            if isinstance(value.get(key), list):
                return value[key]
        return [value]
    raise RejectedInput("INGEST-006", "JSON holds neither an object nor a list of records")


def parse_line(line: bytes) -> Any:
    """Parse one JSONL line."""
    try:
        return json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RejectedInput("INGEST-006", f"not a valid JSON line ({exc.msg if hasattr(exc, 'msg') else exc})") from exc
    except RecursionError as exc:  # "[[[[..." nested past the interpreter's limit: hostile
        raise RejectedInput("INGEST-006", "JSON line nested too deeply to be an article record") from exc


def _first(record: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = record.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _as_str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(str(v.get("name", v)) if isinstance(v, dict) else str(v) for v in value if v)
    if isinstance(value, dict):
        return str(value.get("name") or value.get("title") or "") or None
    return str(value).strip() or None


def record_metadata(record: Mapping[str, Any]) -> dict[str, str]:
    """Return the metadata a record carries, under storydesk's names."""
    meta: dict[str, str] = {}
    for name, keys in (
        ("title", TITLE_KEYS),
        ("published", PUBLISHED_KEYS),
        ("outlet", OUTLET_KEYS),
        ("author", AUTHOR_KEYS),
        ("url", URL_KEYS),
        ("language", ("language", "lang")),
    ):
        value = _as_str(_first(record, keys))
        if value:
            meta[name] = value
    return meta


def record_document(record: Any, input: str, max_bytes: int) -> RawDocument | str:
    """Build a raw document from a record, or return its URL when only a URL is given."""
    if not isinstance(record, Mapping):
        raise RejectedInput("INGEST-006", "record is not a JSON object")
    meta = record_metadata(record)
    html = _first(record, HTML_KEYS)
    text = _first(record, TEXT_KEYS)
    if isinstance(html, str) and html.strip():
        body, content_type = html, "text/html; charset=utf-8"
    elif isinstance(text, str) and text.strip():
        body, content_type = text, "text/plain; charset=utf-8"
    elif "url" in meta:
        return meta["url"]
    else:
        raise RejectedInput("INGEST-006", "record has no text, html or url")
    content = body.encode("utf-8", "surrogatepass")
    if len(content) > max_bytes:
        raise RejectedInput("INGEST-004", f"record text of {len(content):,} bytes is over the cap")
    return RawDocument(input=input, content=content, content_type=content_type, url=meta.get("url"), metadata=meta)


def records(data: bytes, input: str, max_bytes: int) -> Iterator[tuple[str, Any]]:
    """Yield ``(input#index, record)`` for every record of a JSON file."""
    for index, record in enumerate(parse_json(data)):
        yield f"{input}#{index}", record
