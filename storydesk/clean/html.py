"""Main text and metadata of an HTML page, by trafilatura."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import trafilatura

# trafilatura logs every page it finds too short at WARNING; a run over a folder floods stderr
logging.getLogger("trafilatura").setLevel(logging.ERROR)

#: The extraction call, pinned so bench/bench_extraction.py measures exactly what clean runs.
EXTRACT_OPTIONS: dict[str, Any] = {
    "fast": False,  # trafilatura's fallbacks (readability, justext) on hard pages
    "include_comments": False,
    "include_tables": True,
    "include_formatting": False,
    "include_links": False,
    "include_images": False,
    "favor_recall": False,
    "favor_precision": False,
    "deduplicate": False,
}
# Only dates the page states in its metadata or markup; a date guessed from body text would
# be presented as the page's own (published_how="metadata"), so the extensive search is off.
DATE_OPTIONS = {"extensive_search": False, "original_date": True}


@dataclass(frozen=True, slots=True)
class Extracted:
    """What trafilatura found in a page."""

    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None


def extract_text(html: str | bytes, url: str | None = None) -> str | None:
    """Return the main text of a page as clean runs it, without metadata (for benchmarks)."""
    return trafilatura.extract(html, url=url, **EXTRACT_OPTIONS)


def extract_html(html: str, url: str | None = None) -> Extracted | None:
    """Return the main text and metadata of a page, or None when it has no main text."""
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, date_extraction_params=DATE_OPTIONS, **EXTRACT_OPTIONS
    )
    if doc is None:
        return None
    text = getattr(doc, "text", None) or ""
    if not text.strip():
        return None
    return Extracted(
        text=text,
        title=_str(getattr(doc, "title", None)),
        author=_str(getattr(doc, "author", None)),
        date=_str(getattr(doc, "date", None)),
        sitename=_str(getattr(doc, "sitename", None)),
        url=_str(getattr(doc, "url", None)),
    )


def _str(value: object) -> str | None:
    return str(value).strip() or None if value else None
