"""Calendar arithmetic for temporal expressions: periods with a TIMEX3 value and an ISO day range.

Written by hand rather than with dateutil/dateparser because what we need is not "a datetime"
but a *period* (an ISO week, a quarter, a season, a decade) with its TIMEX3 spelling and the
first and last day it covers; no library gives that shape.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace

from ..model import Precision, TimexKind

SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}  # northern hemisphere


@dataclass(frozen=True, slots=True)
class Period:
    """A resolved time: TIMEX3 value, precision, the days it covers and its TIMEX3 type."""

    value: str
    precision: Precision
    earliest: dt.date | None = None
    latest: dt.date | None = None
    kind: TimexKind = "date"
    unit: str = "day"  # granularity used for relative shifts: day/week/month/quarter/year/...

    def narrowed(self, part: str) -> Period:
        """Return this period narrowed to its start, middle or end third (same value)."""
        if self.earliest is None or self.latest is None:
            return self
        span = (self.latest - self.earliest).days + 1
        third = max(span // 3, 1)
        if part == "start":
            return replace(self, latest=self.earliest + dt.timedelta(days=third - 1))
        if part == "end":
            return replace(self, earliest=self.latest - dt.timedelta(days=third - 1))
        if part == "mid":
            return replace(
                self,
                earliest=self.earliest + dt.timedelta(days=third),
                latest=self.latest - dt.timedelta(days=third),
            )
        return self


def day(d: dt.date) -> Period:
    """Return the period of one day."""
    return Period(d.isoformat(), "day", d, d, unit="day")


def week(d: dt.date) -> Period:
    """Return the ISO week containing ``d``."""
    y, w, wd = d.isocalendar()
    monday = d - dt.timedelta(days=wd - 1)
    return Period(f"{y}-W{w:02d}", "week", monday, monday + dt.timedelta(days=6), unit="week")


def weekend(d: dt.date) -> Period:
    """Return the weekend (Saturday and Sunday) of the ISO week containing ``d``."""
    y, w, wd = d.isocalendar()
    saturday = d + dt.timedelta(days=6 - wd)
    return Period(f"{y}-W{w:02d}-WE", "range", saturday, saturday + dt.timedelta(days=1), unit="week")


def month(y: int, m: int) -> Period:
    """Return one calendar month."""
    last = calendar.monthrange(y, m)[1]
    return Period(f"{y:04d}-{m:02d}", "month", dt.date(y, m, 1), dt.date(y, m, last), unit="month")


def quarter(y: int, q: int) -> Period:
    """Return one calendar quarter (TIMEX3 ``YYYY-Qn``)."""
    first = month(y, 3 * q - 2)
    last = month(y, 3 * q)
    return Period(f"{y:04d}-Q{q}", "range", first.earliest, last.latest, unit="quarter")


def half(y: int, h: int) -> Period:
    """Return one half year (TIMEX3 ``YYYY-Hn``)."""
    first = month(y, 6 * h - 5)
    last = month(y, 6 * h)
    return Period(f"{y:04d}-H{h}", "range", first.earliest, last.latest, unit="half")


def year(y: int) -> Period:
    """Return one calendar year."""
    return Period(f"{y:04d}", "year", dt.date(y, 1, 1), dt.date(y, 12, 31), unit="year")


def season(y: int, code: str) -> Period:
    """Return a season of year ``y`` (winter runs from December of ``y`` into ``y + 1``)."""
    first_m, last_m = SEASONS[code]
    last_y = y + 1 if code == "WI" else y
    return Period(
        f"{y:04d}-{code}",
        "season",
        dt.date(y, first_m, 1),
        month(last_y, last_m).latest,
        unit="season",
    )


def decade(y: int) -> Period:
    """Return the decade starting at year ``y`` (TIMEX3 writes the 1990s as ``199``)."""
    y -= y % 10
    return Period(f"{y // 10:03d}", "range", dt.date(y, 1, 1), dt.date(y + 9, 12, 31), unit="decade")


def century(c: int) -> Period:
    """Return century ``c`` counted the usual way (the 20th century is 1900-1999 here)."""
    start = (c - 1) * 100
    return Period(
        f"{start // 100:02d}", "range", dt.date(max(start, 1), 1, 1), dt.date(start + 99, 12, 31),
        unit="century",
    )


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    """Return (year, month) ``n`` months after ``y-m``."""
    idx = y * 12 + (m - 1) + n
    return idx // 12, idx % 12 + 1


def shift(unit: str, anchor: dt.date, n: int) -> Period | None:
    """Return the period of granularity ``unit`` that lies ``n`` units from ``anchor``."""
    try:
        if unit == "day":
            return day(anchor + dt.timedelta(days=n))
        if unit == "week":
            return week(anchor + dt.timedelta(weeks=n))
        if unit == "weekend":
            return weekend(anchor + dt.timedelta(weeks=n))
        if unit == "month":
            return month(*add_months(anchor.year, anchor.month, n))
        if unit == "quarter":
            y, m = add_months(anchor.year, anchor.month, 3 * n)
            return quarter(y, (m - 1) // 3 + 1)
        if unit == "half":
            y, m = add_months(anchor.year, anchor.month, 6 * n)
            return half(y, 1 if m <= 6 else 2)
        if unit == "year":
            return year(anchor.year + n)
        if unit == "decade":
            return decade(anchor.year + 10 * n)
        if unit == "century":
            return century((anchor.year + 100 * n) // 100 + 1)
    except (ValueError, OverflowError):
        return None  # out of the calendar's range (year 0 or 10000): no period to give
    return None


def weekday_near(anchor: dt.date, weekday: int, direction: int) -> dt.date:
    """Return the ``weekday`` (0 = Monday) nearest ``anchor``: on/before it (-1) or after it (+1)."""
    delta = (anchor.weekday() - weekday) % 7
    if direction < 0:
        return anchor - dt.timedelta(days=delta)
    ahead = (weekday - anchor.weekday()) % 7
    return anchor + dt.timedelta(days=ahead or 7)


def parse_iso(value: str) -> dt.date | None:
    """Return the date of an ISO date or datetime string, or None when it is not one."""
    try:
        return dt.date.fromisoformat(value[:10])
    except (ValueError, TypeError):
        return None
