"""The clean stage: raw documents in, articles with stable ids and audited removals out."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence

from ..config import Config
from ..errors import RejectedInput
from ..model import Article, PublishedHow, RawDocument, Rejected, StageResult, article_id_for
from .chrome import strip_chrome
from .decode import decode
from .html import extract_html
from .language import detect_language
from .textdates import infer_window, normalize_date

STAGE = "clean"
#: Part of the cache key of cleaned articles: bump when cleaning output changes.
VERSION = "clean-1"

_HTML_TYPES = ("text/html", "application/xhtml+xml")
#: More lines than any article has (a long transcript runs to a few thousand).
MAX_LINES = 50_000


def articles(batch: Sequence[RawDocument], config: Config) -> StageResult:
    """Clean a batch of raw documents into articles; a pure function of its arguments."""
    records: list[Article] = []
    rejected: list[Rejected] = []
    stats: Counter[str] = Counter()
    for doc in batch:
        try:
            article = clean_document(doc, config)
        except RejectedInput as exc:
            rejected.append(exc.to_record(doc.input, STAGE))
            stats[f"rejected.{exc.code}"] += 1
            continue
        except Exception as exc:  # noqa: BLE001 - one hostile document must not abort the batch
            rejected.append(Rejected(input=doc.input, stage=STAGE, code="CLEAN-005", reason=f"{type(exc).__name__}: {exc}"[:500]))
            stats["rejected.CLEAN-005"] += 1
            continue
        records.append(article)
        stats["articles"] += 1
        stats["removed_lines"] += len(article.removed)
        stats[f"published.{article.published_how}"] += 1
    return StageResult(records=tuple(records), rejected=tuple(rejected), stats=dict(stats))


def clean_document(doc: RawDocument, config: Config) -> Article:
    """Clean one raw document, raising :class:`RejectedInput` when it yields no article."""
    media = doc.content_type.split(";", 1)[0].strip().lower()
    text = decode(doc.content, doc.content_type)
    meta: dict[str, str] = {k: v for k, v in doc.metadata.items() if isinstance(v, str) and v.strip()}
    if media == "application/json":
        text, media, meta = _from_json(text, meta)

    title = meta.get("title")
    byline = meta.get("author")
    outlet = meta.get("outlet")
    url = meta.get("url") or doc.url
    published: str | None = None
    how: PublishedHow = "none"
    if meta.get("published"):
        published = normalize_date(meta["published"])
        how = "metadata" if published else "none"

    if media in _HTML_TYPES or (media not in ("text/plain", "text/markdown") and _looks_html(text)):
        page = extract_html(text, url=url)
        if page is None:
            raise RejectedInput("CLEAN-001", "trafilatura found no main text in the page")
        title = title or page.title
        byline = byline or page.author
        outlet = outlet or page.sitename
        url = url or page.url
        if published is None and page.date:
            published = normalize_date(page.date)
            how = "metadata" if published else "none"
        body = page.text
        known_title = True
    else:
        body = text
        known_title = bool(title)

    lines = body.count("\n") + 1
    if lines > MAX_LINES:
        # chrome rules cost ~50 us a line: 10M one-character lines would hold a worker for minutes
        raise RejectedInput("CLEAN-004", f"{lines:,} lines, over the cap of {MAX_LINES:,} for one article")
    cleaned = strip_chrome(body, known_title=known_title)
    if len(cleaned.text) < config.min_chars:
        raise RejectedInput(
            "CLEAN-002", f"{len(cleaned.text)} characters after cleaning, under the minimum of {config.min_chars}"
        )
    title = title or cleaned.title
    byline = byline or cleaned.byline
    outlet = outlet or cleaned.outlet
    window: tuple[str, str] | None = None
    if published is None and cleaned.published:
        published, how = cleaned.published, "text"
    if published is None:
        window = infer_window(cleaned.text)
        how = "inferred" if window else "none"
    return Article(
        id=article_id_for(cleaned.text),
        input=doc.input,
        url=url,
        outlet=outlet,
        title=title,
        byline=byline,
        published=published,
        published_how=how,
        published_window=window,
        language=meta.get("language") or detect_language(cleaned.text),
        text=cleaned.text,
        removed=cleaned.removed,
    )


def _looks_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text[:5000])


def _from_json(text: str, meta: Mapping[str, str]) -> tuple[str, str, dict[str, str]]:
    """Unwrap a single JSON record that reached clean unexpanded (ingest normally expands it)."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RejectedInput("CLEAN-001", f"JSON that is not a record ({exc.msg})") from exc
    except RecursionError as exc:  # "[[[[..." nested past the interpreter's limit: hostile
        raise RejectedInput("CLEAN-001", "JSON nested too deeply to be a record") from exc
    if not isinstance(record, dict):
        raise RejectedInput("CLEAN-001", "JSON that is not a single record")
    merged = dict(meta)
    for key in ("title", "published", "outlet", "author", "url"):
        if isinstance(record.get(key), str) and key not in merged:
            merged[key] = record[key]
    if isinstance(record.get("html"), str):
        return record["html"], "text/html", merged
    if isinstance(record.get("text"), str):
        return record["text"], "text/plain", merged
    raise RejectedInput("CLEAN-001", "JSON record without text or html")
