"""Event tables: CSV with ACLED-like columns, and GeoJSON points for GIS tools."""

from __future__ import annotations

import csv
import io
from typing import Any

from ..model import Brief, Event, StoryBrief

#: CSV columns, modelled on ACLED's export (event_date, time_precision, fatalities, geo_precision...).
CSV_COLUMNS = (
    "event_id",
    "story_id",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "plover",
    "actor1",
    "actor2",
    "mode",
    "location",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "injured",
    "source_count",
    "sources",
    "article_ids",
    "notes",
    "context",
)


def _outlets(story: StoryBrief) -> dict[str, str]:
    return {s.article_id: s.outlet or s.title or s.article_id for s in story.sources}


def event_row(story: StoryBrief, ev: Event, outlets: dict[str, str] | None = None) -> dict[str, Any]:
    """Return one event as a flat ACLED-like row."""
    outlets = outlets if outlets is not None else _outlets(story)
    loc = ev.location
    notes = "; ".join(
        f"{c.attribute}: " + " vs ".join(
            f"{v.value} ({', '.join(outlets.get(a, a) for a in v.sources)})" for v in c.values
        )
        for c in ev.conflicts
    )
    return {
        "event_id": ev.id,
        "story_id": story.story_id,
        "event_date": ev.date or "",
        "year": (ev.date or "")[:4] if (ev.date or "")[:4].isdigit() else "",
        "time_precision": ev.time_precision if ev.time_precision is not None else "",
        "event_type": ev.type,
        "sub_event_type": ev.subtype or "",
        "plover": ev.plover or "",
        "actor1": ev.actor1 or "",
        "actor2": ev.actor2 or "",
        "mode": ev.mode or "",
        "location": loc.name if loc else "",
        "country": (loc.country or "") if loc else "",
        "latitude": loc.lat if loc and loc.lat is not None else "",
        "longitude": loc.lon if loc and loc.lon is not None else "",
        "geo_precision": loc.geo_precision if loc and loc.geo_precision is not None else "",
        "fatalities": ev.killed if ev.killed is not None else "",
        "injured": ev.injured if ev.injured is not None else "",
        "source_count": len(set(ev.sources)),
        "sources": "; ".join(dict.fromkeys(outlets.get(a, a) for a in ev.sources)),
        "article_ids": "; ".join(ev.sources),
        "notes": notes,
        "context": "; ".join(ev.context),
    }


def _safe_cell(value: Any) -> Any:
    # Spreadsheets run cells starting with = + - @ as formulas (CSV injection); article text is
    # untrusted, so such cells get a leading apostrophe. Numbers are left alone.
    if isinstance(value, str):
        # a bare \r is not the "\n" line terminator, so csv left the cell unquoted and readers
        # broke the row there (a title could inject rows); as \n the cell is quoted
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + value
    return value


def events_csv(brief: Brief) -> str:
    """Return every story's events as CSV text (header row always present)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for story in brief.stories:
        outlets = _outlets(story)
        for ev in story.events:
            writer.writerow({k: _safe_cell(v) for k, v in event_row(story, ev, outlets).items()})
    return buf.getvalue()


def events_geojson(brief: Brief) -> dict[str, Any]:
    """Return a GeoJSON FeatureCollection with one point per event that has coordinates."""
    features = []
    for story in brief.stories:
        outlets = _outlets(story)
        for ev in story.events:
            loc = ev.location
            if loc is None or loc.lat is None or loc.lon is None:
                continue
            props = event_row(story, ev, outlets)
            props = {k: v for k, v in props.items() if k not in ("latitude", "longitude")}
            features.append(
                {
                    "type": "Feature",
                    "id": ev.id,
                    "geometry": {"type": "Point", "coordinates": [loc.lon, loc.lat]},
                    "properties": props,
                }
            )
    return {"type": "FeatureCollection", "features": features}
