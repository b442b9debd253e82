"""The JSON form of a brief: a versioned contract (docs/schema.md, brief.schema.json)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..model import (
    ArticleCopy,
    Brief,
    Citation,
    Conflict,
    Entity,
    Event,
    FigureGroup,
    Location,
    SourceInfo,
    StoryBrief,
)

#: Bump the minor version when fields are added, the major version when any field changes meaning.
SCHEMA_VERSION = "1.0"
SCHEMA_PATH = Path(__file__).with_name("brief.schema.json")


def citation_json(c: Citation) -> dict[str, Any]:
    """Return ``{article_id, start, end, text}``."""
    return {"article_id": c.article_id, "start": c.start, "end": c.end, "text": c.text}


def _cits(cits: Iterable[Citation]) -> list[dict[str, Any]]:
    return [citation_json(c) for c in cits]


def location_json(loc: Location | None) -> dict[str, Any] | None:
    """Return ``{name, lat, lon, country, geo_precision}`` or None."""
    if loc is None:
        return None
    return {
        "name": loc.name,
        "lat": loc.lat,
        "lon": loc.lon,
        "country": loc.country,
        "geo_precision": loc.geo_precision,
    }


def _value(v: Any) -> Any:
    return v if v is None or isinstance(v, (str, int, float, bool)) else str(v)


def conflict_json(c: Conflict) -> dict[str, Any]:
    """Return ``{attribute, values: [{value, sources, citations}]}``."""
    return {
        "attribute": c.attribute,
        "values": [
            {"value": _value(v.value), "sources": list(v.sources), "citations": _cits(v.citations)}
            for v in c.values
        ],
    }


def event_json(e: Event) -> dict[str, Any]:
    """Return one event row of the contract."""
    return {
        "id": e.id,
        "type": e.type,
        "subtype": e.subtype,
        "plover": e.plover,
        "date": e.date,
        "time_precision": e.time_precision,
        "location": location_json(e.location),
        "actor1": e.actor1,
        "actor2": e.actor2,
        "mode": e.mode,
        "killed": e.killed,
        "injured": e.injured,
        "sources": list(e.sources),
        "conflicts": [conflict_json(c) for c in e.conflicts],
        "context": list(e.context),
        "citations": _cits(e.mentions),
    }


def figure_json(f: FigureGroup) -> dict[str, Any]:
    """Return one key figure with its corroboration count."""
    return {
        "id": f.id,
        "subject": f.subject,
        "value": f.value,
        "unit": f.unit,
        "approx": f.approx,
        "place": f.place,
        "time": f.time,
        "sources": list(f.sources),
        "corroboration": len(set(f.sources)),
        "conflicts": [conflict_json(c) for c in f.conflicts],
        "citations": _cits(f.citations),
    }


def entity_json(e: Entity) -> dict[str, Any]:
    """Return one canonical entity with its aliases and the articles that mention it."""
    return {
        "id": e.id,
        "name": e.name,
        "type": e.type,
        "aliases": list(e.aliases),
        "articles": sorted({m.article_id for m in e.mentions}),
        "location": location_json(e.location),
    }


def places_json(story: StoryBrief) -> list[dict[str, Any]]:
    """Return every place with coordinates: located entities and event locations (merged by name)."""
    places: dict[str, dict[str, Any]] = {}
    for ent in story.entities:
        loc = ent.location
        if loc is not None and loc.lat is not None and loc.lon is not None:
            p = places.setdefault(loc.name, {**location_json(loc), "entity_id": ent.id, "events": []})  # type: ignore[dict-item]
            p["entity_id"] = p["entity_id"] or ent.id
    for ev in story.events:
        loc = ev.location
        if loc is not None and loc.lat is not None and loc.lon is not None:
            p = places.setdefault(loc.name, {**location_json(loc), "entity_id": None, "events": []})  # type: ignore[dict-item]
            p["events"].append(ev.id)
    return list(places.values())


def contradictions_json(story: StoryBrief) -> list[dict[str, Any]]:
    """Return each disagreement with what it is about and each side's sources."""
    out = []
    for ev in story.events:
        label = " / ".join(x for x in (ev.type, ev.date, ev.location.name if ev.location else None) if x)
        out.extend(
            {"subject_type": "event", "subject_id": ev.id, "subject": label, **conflict_json(c)}
            for c in ev.conflicts
        )
    for fig in story.figures:
        label = " ".join(x for x in (fig.subject or fig.unit, fig.place, fig.time) if x)
        out.extend(
            {"subject_type": "figure", "subject_id": fig.id, "subject": label, **conflict_json(c)}
            for c in fig.conflicts
        )
    return out


def copy_json(c: ArticleCopy) -> dict[str, Any]:
    """Return one arrival of an article (original, exact or near copy)."""
    return {
        "input": c.input,
        "kind": c.kind,
        "outlet": c.outlet,
        "title": c.title,
        "url": c.url,
        "published": c.published,
        "similarity": c.similarity,
    }


def source_json(s: SourceInfo) -> dict[str, Any]:
    """Return one source article with what cleaning removed from it and its copies."""
    return {
        "article_id": s.article_id,
        "input": s.input,
        "outlet": s.outlet,
        "title": s.title,
        "byline": s.byline,
        "published": s.published,
        "published_how": s.published_how,
        "language": s.language,
        "removed": [{"text": r.text, "reason": r.reason, "line_no": r.line_no} for r in s.removed],
        "copies": [copy_json(c) for c in s.copies],
    }


def story_json(s: StoryBrief) -> dict[str, Any]:
    """Return one story of the brief."""
    return {
        "story_id": s.story_id,
        "headline": s.headline,
        "summary": [{"text": b.text, "citations": _cits(b.citations)} for b in s.summary],
        "timeline": [
            {
                "date": t.date,
                "precision": t.precision,
                "kind": t.kind,
                "text": t.text,
                "citations": _cits(t.citations),
            }
            for t in s.timeline
        ],
        "events": [event_json(e) for e in s.events],
        "figures": [figure_json(f) for f in s.figures],
        "entities": [entity_json(e) for e in s.entities],
        "places": places_json(s),
        "contradictions": contradictions_json(s),
        "sources": [source_json(x) for x in s.sources],
    }


def brief_json(brief: Brief) -> dict[str, Any]:
    """Return the whole brief as JSON-ready data following :data:`SCHEMA_VERSION`."""
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": brief.generated_at,
        "stories": [story_json(s) for s in brief.stories],
    }


def dumps(data: Any) -> str:
    """Serialise JSON the one way every output file uses (UTF-8, indented, stable key order)."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def load_schema() -> dict[str, Any]:
    """Return the JSON Schema of ``brief.json`` shipped with the package."""
    return json.loads(SCHEMA_PATH.read_text("utf-8"))
