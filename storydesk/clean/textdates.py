"""Absolute dates written in article text, and a publication window inferred from them.

The dates stage resolves every temporal expression properly; cleaning only needs the absolute,
year-bearing dates of header lines and of the body, so a small regex grammar is enough here and
keeps clean free of the annotate stage (stages never import each other).
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import email.utils
import re
from dataclasses import dataclass

_MONTHS = {
    name.lower(): i
    for i in range(1, 13)
    for name in (calendar.month_name[i], calendar.month_abbr[i])
}
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_ANY_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_PATTERNS = [
    # Month D, YYYY / Month D YYYY
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+" + _YEAR + r"\b", re.IGNORECASE),
    # D Month YYYY
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR + r"\b", re.IGNORECASE),
    # YYYY-MM-DD
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)\b"),
    # Month YYYY (month precision)
    re.compile(r"\b" + _MONTH + r",?\s+" + _YEAR + r"\b", re.IGNORECASE),
]

# A date in a sentence with these words is a plan or deadline, not something that happened.
_FUTURE = re.compile(
    r"\b(will|would|shall|plans?|planned|planning|scheduled|expected|deadline|due|by the end of|"
    r"until|no later than|intends?|aims? to|set to|next)\b",
    re.IGNORECASE,
)
# "by 2025", "by the end of 2025": a deadline, so publication came before the end of that year
_BY_YEAR = re.compile(r"\bby (?:the end of |the close of |late )?((?:19|20)\d\d)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")


@dataclass(frozen=True, slots=True)
class TextDate:
    """An absolute date found in text, as the day range it covers."""

    start: int
    end: int
    earliest: dt.date
    latest: dt.date
    precision: str  # "day" or "month"


def find_dates(text: str) -> list[TextDate]:
    """Return the absolute dates in ``text``, left to right, without overlaps."""
    found: list[TextDate] = []
    taken: list[tuple[int, int]] = []
    # every pattern holds a year: scan only a short window around each year, because running the
    # month-name patterns over whole articles dominated the clean stage's time
    for year in _ANY_YEAR.finditer(text):
        lo = max(0, year.start() - 40)
        window = text[lo : year.end() + 6]
        for pattern in _PATTERNS:
            for m in pattern.finditer(window):
                start, end = lo + m.start(), lo + m.end()
                if not start <= year.start() < end:
                    continue
                if start > 0 and text[start - 1].isalpha():
                    continue  # the window cut a word ("Dismay 5, 2024")
                if any(start < e and s < end for s, e in taken):
                    continue
                parsed = _to_range(m)
                if parsed is None:
                    continue
                taken.append((start, end))
                found.append(TextDate(start, end, *parsed))
    return sorted(found, key=lambda d: d.start)


def _to_range(m: re.Match[str]) -> tuple[dt.date, dt.date, str] | None:
    groups = m.groupdict()
    year = int(groups["year"])
    month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS.get((groups.get("month") or "").lower().rstrip("."))
    if not month or not 1 <= month <= 12:
        return None
    if groups.get("day"):
        try:
            day = dt.date(year, month, int(groups["day"]))
        except ValueError:
            return None
        return day, day, "day"
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last), "month"


def first_date(text: str) -> dt.date | None:
    """Return the first day-precision date in ``text`` (a header line), if any."""
    for found in find_dates(text):
        if found.precision == "day":
            return found.earliest
    return None


#: How far after the latest mentioned date an undated article may have been published.
WINDOW_AFTER_DAY = dt.timedelta(days=90)
WINDOW_AFTER_MONTH = dt.timedelta(days=365)


def infer_window(text: str) -> tuple[str, str] | None:
    """Estimate when an undated article was published from the dates it mentions.

    The article cannot predate the latest past date it reports, so that date opens the window.
    Plans and deadlines ("by the end of 2025") lie ahead of publication, so the earliest of them
    closes it; without one the window closes a fixed span after its opening, a guess that is
    marked as inferred wherever it is shown.
    """
    past: list[TextDate] = []
    future: list[TextDate] = []
    bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text) + 1]
    for found in find_dates(text):
        i = bisect.bisect_right(bounds, found.start) - 1
        sentence = text[bounds[i] : bounds[i + 1]]
        (future if _FUTURE.search(sentence) else past).append(found)
    if not past:
        return None
    latest = max(past, key=lambda d: d.earliest)
    opening = latest.earliest
    closing = latest.latest + (WINDOW_AFTER_DAY if latest.precision == "day" else WINDOW_AFTER_MONTH)
    ahead = [d.latest for d in future if d.latest > opening]
    ahead += [dt.date(int(m.group(1)), 12, 31) for m in _BY_YEAR.finditer(text)]
    ahead = [d for d in ahead if d > opening]
    if ahead:
        closing = min(ahead)
    return opening.isoformat(), closing.isoformat()


def normalize_date(value: str) -> str | None:
    """Turn a metadata date (ISO, RFC 822, or prose) into ``YYYY-MM-DD``."""
    value = value.strip()
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        pass
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    day = first_date(value)
    if day is not None:
        return day.isoformat()
    if len(value) > 100 or not any(c.isdigit() for c in value):
        # dateparser tries every locale (0.1-1.5 s a value once warm); a year needs digits, and
        # junk metadata in a large JSONL export would otherwise cost hours
        return None
    import dateparser  # slow to import; only odd formats reach here

    # absolute forms only: "3 days ago" would be resolved against today, not the article
    parsed = dateparser.parse(
        value,
        settings={"REQUIRE_PARTS": ["year", "month", "day"], "PARSERS": ["timestamp", "custom-formats", "absolute-time"]},
    )
    return parsed.date().isoformat() if parsed else None
