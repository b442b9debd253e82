"""Find temporal expressions in an article and normalize them against its publication date.

``find_dates`` is regex-first (see :mod:`.dates_rules` for why not dateparser's ``search_dates``)
and returns stand-off :class:`~storydesk.model.DateExpr` spans whose text is exactly
``text[start:end]``, following TimeML extents ("last week", "the end of 2025"; never the
preposition before them).

Values are TIMEX3 (``2024-01-28``, ``2024-W04``, ``2024-01``, ``2024``, ``2024-Q3``, ``2024-SU``,
``199`` (the 1990s), ``2024-01-28T10:35``, ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``; durations ``P3D`` and
sets ``P1W``/``XXXX-WXX-1`` when asked for). ``earliest``/``latest`` are the ISO days covered;
"mid-July" or "the end of 2025" keep the value of the whole period but narrow the day range.

Without a publication date (``published=None``) absolute dates ("28 January 2024", "in 2014")
still get values; expressions that need the publication date ("last Sunday", "on 28 January",
"next month") are kept with value ``UNKNOWN``, precision ``unknown`` and no day range, so a
reader can see a date was mentioned without us inventing one.

``relation``: ``future`` when the period starts after publication, or when a future cue governs
it and it is not over ("will", "plans to", "expected", "slated", "by" without a known
publication date); ``ongoing`` after "since", for PRESENT_REF, and for periods that contain the
publication date ("this year"); ``past`` otherwise. A ``past`` date never ends after publication.
"""

from __future__ import annotations

import datetime as dt
import re

from ..model import DateExpr
from .dates_calendar import Period, parse_iso
from .dates_rules import DUR_LEFT, EL_LEFT, MOD_LEFT, REL_LEFT, RULES, WD_LEFT, Context

VERSION = "dates-3"

_SENT_END = re.compile(r"[.!?]\s|\n")
_WORD = re.compile(r"[A-Za-z']+")
_FUTURE_WORDS = frozenset(
    "will 'll shall wo won't plans planned planning intend intends intended aim aims "
    "expected expect expects scheduled slated due upcoming forthcoming going hope hopes "
    "forecast forecasts projected tomorrow next coming".split()
)
_PAST_WORDS = frozenset(
    "was were had did ago last came went took made gave began begun killed met held left saw fell "
    "rose won lost got became sent struck hit led ran spoke wrote brought bought sold found "
    "fought thought knew shot stood paid said told".split()
)
_DEADLINE = re.compile(
    r"\b(?:until|till|as\s+soon\s+as|as\s+early\s+as|between\s+now\s+and|no\s+later\s+than)\s+$",
    re.IGNORECASE,
)
_SINCE = re.compile(r"\b(?:since|ever\s+since)\s+$", re.IGNORECASE)
_BY = re.compile(r"\b(?:by|until|till|before)\s+$", re.IGNORECASE)


def find_dates(
    text: str,
    article_id: str,
    published: str | None,
    *,
    anchor_inferred: bool = False,
    include_durations: bool = False,
) -> tuple[DateExpr, ...]:
    """Return the temporal expressions of ``text``, normalized against ``published``.

    ``anchor_inferred`` is copied onto every date that was resolved from the publication date.
    Durations ("three days") and sets ("every week") are left out unless ``include_durations``.
    """
    pub = parse_iso(published) if published else None
    if pub is not None and not 100 <= pub.year <= 9000:
        pub = None  # at the calendar's edge "next spring" overflows: such a date anchors nothing
    ctx = Context(text=text, pub=pub)
    low = _lowered(text)
    cands: list[tuple[int, int, int, re.Match[str], str, str, str]] = []
    for prio, (_name, pattern, _resolver, left, gate) in enumerate(RULES):
        if gate and not any(g in low for g in gate):
            continue
        for m in pattern.finditer(low):
            start, end = m.start(), m.end()
            if end == start:
                continue
            rel = mod = wd = ""
            if left == "w":
                if lm := WD_LEFT.search(low, max(0, start - 12), start):
                    wd, start = lm["wd"], lm.start()
            elif left == "d":
                lm = DUR_LEFT.search(low, max(0, start - 40), start)
                if lm and lm.end() > lm.start():
                    rel, start = lm["rel"] or "", lm.start()
            else:
                if "r" in left and (lm := REL_LEFT.search(low, max(0, start - 20), start)):
                    rel, start = lm.group(), lm.start()
                if "e" in left and m["u"] not in ("week", "day", "weekend") and (
                    lm := EL_LEFT.search(low, max(0, start - 10), start)
                ):
                    start = lm.start()
                if "m" in left and (lm := MOD_LEFT.search(low, max(0, start - 32), start)):
                    mod, start = lm.group(), lm.start()
            cands.append((start, end, prio, m, rel, mod, wd))
    cands.sort(key=lambda c: (c[0], -c[1], c[2]))
    out: list[DateExpr] = []
    taken_to = -1
    for start, end, prio, m, rel, mod, wd in cands:
        if start < taken_to:
            continue
        ctx.tense = _tense(text, start, end)
        if ctx.tense >= 0 and _DEADLINE.search(text, max(0, start - 24), start):
            ctx.tense = 1  # "until Tuesday", "as early as Friday" with no past verb: a deadline ahead
        ctx.rel, ctx.mod, ctx.wd = rel, mod, wd
        res = RULES[prio][2](m, ctx)
        if res is None:
            continue  # not a time after all ("may", "the fall of ..."): a shorter match may fit
        taken_to = end
        start, end = _trim(text, start, end)
        period = res.period
        if res.anchors and period.earliest is not None:
            ctx.ref = period
        if period.kind in ("duration", "set") and not include_durations:
            continue
        out.append(
            DateExpr(
                article_id=article_id,
                start=start,
                end=end,
                text=text[start:end],
                value=period.value,
                precision=period.precision,
                relation=_relation(text, start, period, pub, ctx.tense),
                earliest=period.earliest.isoformat() if period.earliest else None,
                latest=period.latest.isoformat() if period.latest else None,
                anchor_inferred=anchor_inferred and res.uses_pub,
                kind=period.kind,
            )
        )
    return tuple(out)


def _lowered(text: str) -> str:
    """Return ``text`` lower-cased with every offset unchanged."""
    low = text.lower()
    if len(low) == len(text):
        return low
    # A few characters lower-case to two ("İ" -> "i̇"): keep those as they are.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _tense(text: str, start: int, end: int) -> int:
    """Guess the tense governing an expression: -1 past, +1 future, 0 when no cue says."""
    left = max(text.rfind("\n", 0, start), _last_sentence_end(text, start))
    m = _SENT_END.search(text, end)
    right = m.start() if m else len(text)
    # "the February 8 drone attack ... that wounded seven troops": a relative clause on the noun
    # the date modifies tells that event's tense, whatever the main clause says ("responsible
    # for planning" made this a future date, a year ahead).
    rel = _RELATIVE_PAST.match(text, end, right)
    if rel is not None:
        return -1
    best: tuple[int, int] | None = None  # (distance, tense)
    for w in _WORD.finditer(text, left + 1, right):
        word = w.group().lower()
        if w.start() >= start and w.end() <= end:
            continue
        if word in _FUTURE_WORDS:
            t = 1
        elif word in _PAST_WORDS or (word.endswith("ed") and len(word) > 4):
            t = -1
        else:
            continue
        dist = start - w.end() if w.end() <= start else (w.start() - end) + 5  # prefer cues before
        if best is None or dist < best[0]:
            best = (dist, t)
    return best[1] if best else 0


_RELATIVE_PAST = re.compile(
    r"(?:\s+[\w-]+){1,4}?(?:\s+(?:on|in|at|near|of)(?:\s+[\w'’-]+){1,5}?){0,3}\s+(?:that|which)\s+"
    r"(?:\w+ly\s+)?(?:[a-z]{3,}ed|killed|wounded|hit|struck|left|took|was|were)\b"
)


def _last_sentence_end(text: str, pos: int) -> int:
    window_start = max(0, pos - 400)
    last = -1
    for m in _SENT_END.finditer(text, window_start, pos):
        last = m.start()
    return last if last >= 0 else window_start - 1


def _relation(text: str, start: int, p: Period, pub: dt.date | None, tense: int) -> str:
    before = text[max(0, start - 16) : start]
    if p.value == "PRESENT_REF" or _SINCE.search(before):
        return "ongoing"
    if p.value == "FUTURE_REF":
        return "future"
    if p.value == "PAST_REF":
        return "past"
    if pub is None or p.earliest is None or p.latest is None:
        if tense > 0 or (pub is None and _BY.search(before) and p.kind == "date"):
            return "future"
        return "past"
    if p.earliest > pub:
        return "future"
    if p.latest > pub:
        return "future" if tense > 0 else "ongoing"
    return "past"


def to_timex(expr: DateExpr) -> tuple[str, str]:
    """Return the TIMEX3 (type, value) of a date expression, for TimeML output and scoring."""
    return expr.kind.upper(), expr.value
