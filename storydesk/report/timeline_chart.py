"""The timeline as an inline SVG chart: one lane per kind (background, past, planned)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from ..model import TimelineEntry
from .timeline import parse_day

LANES = ("background", "past", "planned")


_PART_MONTH = {"WI": 1, "SP": 3, "SU": 6, "FA": 9, "AU": 9, "Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10,
               "H1": 1, "H2": 7}


def _first_day(entry: TimelineEntry) -> dt.date | None:
    value = entry.date
    if len(value) == 7 and value[:4].isdigit() and value[5:] in _PART_MONTH:  # seasons, quarters
        return dt.date(int(value[:4]), _PART_MONTH[value[5:]], 1)
    if len(value) == 4 and value.isdigit():
        value += "-01-01"
    elif len(value) == 7 and value[4] == "-":
        value += "-01"
    elif "-W" in value:
        try:
            return dt.date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
        except ValueError:
            return None
    return parse_day(value)


def _ticks(start: dt.date, end: dt.date) -> list[dt.date]:
    span = (end - start).days
    if span > 3 * 365:
        return [dt.date(y, 1, 1) for y in range(start.year + 1, end.year + 1)]
    step = 1 if span <= 400 else 3
    out, y, m = [], start.year, start.month
    while True:
        m += step
        if m > 12:
            y, m = y + 1, m - 12
        d = dt.date(y, m, 1)
        if d > end:
            return out
        out.append(d)


def timeline_svg(entries: Sequence[TimelineEntry], width: int = 720) -> str:
    """Return an ``<svg>`` with one dot per dated entry (tooltips escaped), or an empty chart."""
    dated = [(d, e) for e in entries if (d := _first_day(e)) is not None]
    lane_h, top, left, right = 34, 12, 90, 40
    height = top + lane_h * len(LANES) + 28
    parts = [
        (
            f'<svg class="tl-chart" role="img" aria-label="Timeline chart" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        )
    ]
    for i, lane in enumerate(LANES):
        y = top + lane_h * i + lane_h / 2
        parts.append(f'<text class="lane" x="4" y="{y + 4:.0f}">{lane}</text>')
        parts.append(f'<line class="lane" x1="{left}" x2="{width - right}" y1="{y:.0f}" y2="{y:.0f}"/>')
    if dated:
        # The axis covers the story itself; background entries years earlier would squash it, so
        # they sit at the left edge (their tooltip gives the date) unless nothing else is dated.
        main = [d for d, e in dated if e.kind != "background"] or [d for d, _ in dated]
        start = _shift(min(main), -3)
        end = _shift(max(main), 3)
        span = max(1, (end - start).days)

        def x(d: dt.date) -> float:
            return left + (width - left - right) * max(0, (d - start).days) / span

        axis_y = top + lane_h * len(LANES) + 4
        for t in _ticks(start, end):
            label = str(t.year) if t.month == 1 else t.strftime("%b %Y")
            parts.append(
                f'<line class="tick" x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{top}" y2="{axis_y}"/>'
                f'<text class="tick" x="{x(t):.1f}" y="{axis_y + 14}">{label}</text>'
            )
        for d, e in dated:
            lane = LANES.index(e.kind) if e.kind in LANES else 1
            y = top + lane_h * lane + lane_h / 2
            tip = f"{e.date} ({e.precision}): {e.text}"
            parts.append(
                f'<circle class="dot {escape(e.kind)}" cx="{x(d):.1f}" cy="{y:.0f}" r="5">'
                f"<title>{escape(tip[:300])}</title></circle>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _shift(day: dt.date, days: int) -> dt.date:
    """Return ``day`` moved by ``days``, clamped to the calendar (years 1 and 9999 in hostile text)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.min if days < 0 else dt.date.max
