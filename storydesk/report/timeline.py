"""The timeline: which dates matter, and which sentence tells what happened on each.

The method follows the date-wise approach to timeline summarization (Gholipour Ghalandari and
Ifrim 2020): first rank dates by how often the collection refers to them (counted once per
article, so one wordy article cannot make a date important), then pick for every chosen date the
sentence closest to the centroid of all sentences dated to it. Entries that repeat an entry a
few days away are replaced by the next candidate, so the timeline has no run of near-identical
lines. The same core (:func:`select_entries`) builds the brief's timeline and the Timeline17
benchmark's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..model import (
    Annotations,
    Article,
    Citation,
    DateExpr,
    EventMention,
    Precision,
    Sentence,
    TimelineEntry,
)
from .sentences import sentences_of
from .summary import rejection_reason

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def date_key(expr: DateExpr) -> tuple[str, Precision, dt.date] | None:
    """Return (timeline date, precision, first day) for a point-in-time expression, else None.

    Vague references (PRESENT_REF, FUTURE_REF, UNKNOWN) and decades ("199X") are not placed.
    """
    if getattr(expr, "kind", "date") not in ("date", "time"):
        return None  # durations and sets are not points on a timeline
    value = expr.value
    if expr.precision == "day" or _DAY.match(value[:10]) and value[10:11] == "T":
        value = value[:10]  # a time of day is placed on its day
    first: dt.date | None = None
    if m := _DAY.match(value):
        first = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        precision: Precision = "day"
    elif m := _WEEK.match(value):
        first = _safe_week(int(m[1]), int(m[2]))
        precision = "week"
    elif m := _MONTH.match(value):
        first = _safe_date(int(m[1]), int(m[2]), 1)
        precision = "month"
    elif m := _YEAR.match(value):
        first = _safe_date(int(m[1]), 1, 1)
        precision = "year"
    elif value[:4].isdigit() and expr.earliest and (m := _DAY.match(expr.earliest[:10])):
        # Seasons, quarters, halves ("2024-SU", "2024-Q3"); never PRESENT_REF and the like.
        first = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        precision = expr.precision if expr.precision != "unknown" else "range"
    if first is None:
        return None
    return value, precision, first


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _safe_week(y: int, w: int) -> dt.date | None:
    try:
        return dt.date.fromisocalendar(y, w, 1)
    except ValueError:
        return None


def _period_end(precision: str, first: dt.date) -> dt.date:
    try:
        if precision == "year":
            return dt.date(first.year, 12, 31)
        if precision == "month":
            nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        if precision == "week":
            return first + dt.timedelta(days=6)
    except (OverflowError, ValueError):  # December 9999 or its last week: the calendar ends
        return dt.date.max
    return first


def parse_day(value: str | None) -> dt.date | None:
    """Parse the day part of an ISO date or datetime, or return None."""
    if value and (m := _DAY.match(value[:10])):
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class DatedSentence:
    """A sentence placed on the timeline by a date expression inside it."""

    sentence: Sentence
    date: str  # the timeline key: "2024-01-28", "2024-01", "2024", "2024-W05"
    precision: Precision
    first_day: dt.date
    last_day: dt.date  # the last day the date covers (the first day when unknown)
    future: bool  # the text says it is planned/expected, or it lies after publication
    published: dt.date | None
    showable: bool = True  # passes the summary's filters (no chrome, question, headline...)


def dated_sentences(
    article: Article,
    sentences: Sequence[Sentence],
    dates: Sequence[DateExpr],
    *,
    precisions: Sequence[str] | None = None,
) -> list[DatedSentence]:
    """Pair each sentence with the date expressions it contains.

    Every sentence counts as a reference to its dates; only ``showable`` ones may become entries.
    """
    published = parse_day(article.published)
    out: list[DatedSentence] = []
    by_sentence: dict[int, list[tuple[str, Precision, dt.date, DateExpr]]] = defaultdict(list)
    for expr in dates:
        key = date_key(expr)
        if key is None or (precisions is not None and key[1] not in precisions):
            continue
        for i, s in enumerate(sentences):
            if s.start <= expr.start and expr.end <= s.end:
                by_sentence[i].append((*key, expr))
                break
    for i, found in by_sentence.items():
        s = sentences[i]
        showable = rejection_reason(s.text) is None
        seen: set[str] = set()
        for value, precision, first, expr in found:
            if value in seen:
                continue
            seen.add(value)
            future = expr.relation == "future" or (
                published is not None and precision == "day" and first > published
            )
            last = parse_day(expr.latest) or _period_end(precision, first)
            out.append(
                DatedSentence(
                    sentence=s, date=value, precision=precision, first_day=first, last_day=last,
                    future=future, published=published, showable=showable,
                )
            )
    return out


_EVENT_PRECISION: dict[int, Precision] = {1: "day", 2: "week", 3: "month"}


def event_dated_sentences(
    article: Article, events: Sequence[EventMention], known: Sequence[DatedSentence]
) -> list[DatedSentence]:
    """Date the sentences of event mentions whose date came from elsewhere (not a date in them)."""
    have = {(d.sentence.start, d.date) for d in known}
    published = parse_day(article.published)
    out: list[DatedSentence] = []
    for ev in events:
        first = parse_day(ev.date) or parse_day(ev.date_earliest)
        if not ev.date or first is None or "hypothetical" in ev.context or "negated" in ev.context:
            continue
        precision = _EVENT_PRECISION.get(ev.time_precision or 0, "day" if _DAY.match(ev.date) else "month")
        value = ev.date[:10] if _DAY.match(ev.date[:10]) else ev.date  # times go on their day
        if (ev.sentence.start, value) in have:
            continue
        have.add((ev.sentence.start, value))
        sent = Sentence(article_id=article.id, start=ev.sentence.start, end=ev.sentence.end,
                        text=ev.sentence.text, index=-1)
        out.append(
            DatedSentence(
                sentence=sent, date=value, precision=precision, first_day=first,
                last_day=parse_day(ev.date_latest) or _period_end(precision, first),
                future="future" in ev.context or (published is not None and first > published),
                published=published, showable=rejection_reason(sent.text) is None,
            )
        )
    return out


def _rows(vectors: Any, idx: Sequence[int]) -> np.ndarray:
    rows = vectors[list(idx)]
    if hasattr(rows, "toarray"):
        rows = rows.toarray()
    return np.asarray(rows, dtype=np.float32)


def rank_dates(items: Sequence[DatedSentence], *, same_day_weight: float = 0.5) -> list[tuple[str, float]]:
    """Rank timeline dates by how many distinct articles refer to them.

    A reference from an article published later counts 1; one from an article published the same
    day counts ``same_day_weight``, because every report names its own day (datelines, "today")
    whether or not anything notable happened then, while a later article that goes back to a day
    says that the day mattered.
    """
    later: dict[str, set[str]] = defaultdict(set)
    same: dict[str, set[str]] = defaultdict(set)
    for it in items:
        aid = it.sentence.article_id
        if it.published is not None and it.precision == "day" and it.first_day == it.published:
            same[it.date].add(aid)
        else:
            later[it.date].add(aid)
    score = {d: len(later[d]) + same_day_weight * len(same[d] - later[d]) for d in set(later) | set(same)}
    # Ties go to the finer date (a day says more than a month) and then to the earlier one.
    order = {"day": 0, "week": 1, "month": 2, "season": 3, "range": 3, "year": 4, "unknown": 5}
    prec = {it.date: it.precision for it in items}
    first = {it.date: it.first_day for it in items}
    ranked = sorted(score, key=lambda d: (-score[d], order.get(prec[d], 5), first[d]))
    return [(d, score[d]) for d in ranked]


def select_entries(
    items: Sequence[DatedSentence],
    vectors: Any,
    n_dates: int,
    per_date: int = 1,
    *,
    duplicate: float = 0.6,
    window_days: int = 3,
) -> list[tuple[str, list[int]]]:
    """Choose up to ``n_dates`` dates and ``per_date`` item indices for each, in date order.

    ``vectors`` has one L2-normalised row per item (dense or scipy sparse).
    """
    pools: dict[str, list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        if it.showable:
            pools[it.date].append(i)
    chosen: list[tuple[str, list[int]]] = []
    kept_rows: list[tuple[dt.date, np.ndarray]] = []
    seen_text: set[str] = set()
    for date, _ in rank_dates(items):
        if len(chosen) >= n_dates:
            break
        pool = pools[date]
        if not pool:
            continue  # referred to, but only in sentences we would not show
        rows = _rows(vectors, pool)
        centroid = rows.mean(axis=0)
        order = np.argsort(-(rows @ centroid), kind="stable")
        day = items[pool[0]].first_day
        near = [r for d, r in kept_rows if abs((d - day).days) <= window_days]
        picked: list[int] = []
        for j in order:
            if len(picked) >= per_date:
                break
            text = items[pool[j]].sentence.text
            if text in seen_text:
                continue
            if any(float(rows[j] @ r) >= duplicate for r in near):
                continue
            picked.append(pool[j])
            near.append(rows[j])
            seen_text.add(text)
        if picked:
            chosen.append((date, picked))
            kept_rows.extend((day, _rows(vectors, [i])[0]) for i in picked)
    chosen.sort(key=lambda e: (items[e[1][0]].first_day, e[0]))
    return chosen


def background_cutoff(articles: Sequence[Article], items: Sequence[DatedSentence]) -> dt.date | None:
    """Return the day before which an entry is historical background, not the story itself."""
    published = sorted(d for a in articles if (d := parse_day(a.published)) is not None)
    if published:
        return _days_before(published[0], 180)
    days = sorted(it.first_day for it in items if not it.future)
    if days:
        return _days_before(days[len(days) // 2], 365)
    return None


def _days_before(day: dt.date, n: int) -> dt.date:
    """Return ``day`` minus ``n`` days, clamped at the calendar's first day."""
    try:
        return day - dt.timedelta(days=n)
    except OverflowError:  # a hostile "published: 0001-01-01" crashed the whole brief
        return dt.date.min


def timeline_for(
    article_ids: Sequence[str],
    articles: Mapping[str, Article],
    annotations: Mapping[str, Annotations],
    vectors_for: Any,
    *,
    max_entries: int = 25,
    duplicate: float = 0.6,
) -> tuple[TimelineEntry, ...]:
    """Build the brief's timeline: dated, cited entries, kinds past / planned / background."""
    items: list[DatedSentence] = []
    for aid in article_ids:
        article, ann = articles.get(aid), annotations.get(aid)
        if article is None or ann is None:
            continue
        found = dated_sentences(article, sentences_of(article, ann), ann.dates)
        items.extend(found)
        items.extend(event_dated_sentences(article, ann.events, found))
    if not items:
        return ()
    vectors = vectors_for([it.sentence.text for it in items])
    cutoff = background_cutoff([articles[a] for a in article_ids if a in articles], items)
    entries = []
    for date, picked in select_entries(items, vectors, max_entries, duplicate=duplicate):
        it = items[picked[0]]
        # Background only when the whole period ends before the story's main period.
        kind = "planned" if it.future else ("background" if cutoff and it.last_day < cutoff else "past")
        cits = tuple(
            Citation(
                article_id=items[i].sentence.article_id,
                start=items[i].sentence.start,
                end=items[i].sentence.end,
                text=items[i].sentence.text,
            )
            for i in picked
        )
        entries.append(
            TimelineEntry(
                date=date, precision=it.precision, kind=kind, text=it.sentence.text, citations=cits
            )
        )
    return tuple(entries)
