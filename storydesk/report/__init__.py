"""Report stage: turn linked stories into a brief (summary, timeline, events, figures, actors,
contradictions, sources) and write it as HTML, Markdown, JSON, CSV and GeoJSON.

Requires articles, their annotations (sentences at least; dates, events and figures when present)
and the link stage's stories. Assigns nothing to the store: a brief is derived output.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..config import FORMATS
from ..errors import ConfigError
from ..model import Brief
from . import brief_html, brief_markdown
from .brief_build import brief, story_brief
from .brief_json import SCHEMA_VERSION, brief_json, dumps, load_schema
from .event_exports import events_csv, events_geojson

#: Part of the cache key of anything derived from this stage.
VERSION = "1"

FILES = {
    "html": "brief.html",
    "md": "brief.md",
    "json": "brief.json",
    "csv": "events.csv",
    "geojson": "events.geojson",
}


#: Bidi embeddings, overrides and isolates (U+202A-E, U+2066-9). From article text they could
#: reorder what a reader sees around them ("Trojan Source" spoofing), so the pages people read
#: drop them; the JSON keeps every citation's exact text.
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def render_text(brief: Brief, fmt: str) -> str:
    """Return the brief in one format: html, md, json, csv or geojson."""
    if fmt == "html":
        return brief_html.brief_html(brief).translate(_BIDI_CONTROLS)
    if fmt == "md":
        return brief_markdown.brief_markdown(brief).translate(_BIDI_CONTROLS)
    if fmt == "json":
        return dumps(brief_json(brief))
    if fmt == "csv":
        return events_csv(brief)
    if fmt == "geojson":
        return dumps(events_geojson(brief))
    raise ConfigError(f"unknown format {fmt!r}: choose from {', '.join(FORMATS)}")


def render(brief: Brief, out_dir: Path, formats: Sequence[str]) -> list[Path]:
    """Write the brief in each format asked for into ``out_dir``; return the paths written."""
    bad = [f for f in formats if f not in FILES]
    if bad:  # fail before writing anything
        raise ConfigError(f"unknown format(s) {', '.join(bad)}: choose from {', '.join(FILES)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in dict.fromkeys(formats):
        path = out_dir / FILES[fmt]
        tmp = path.with_name(path.name + ".tmp")
        # newline="" keeps the CSV's \n line ends as written on every platform.
        tmp.write_text(render_text(brief, fmt), "utf-8", newline="")
        tmp.replace(path)  # a reader never sees a half-written file
        written.append(path)
    return written


__all__ = [
    "FILES",
    "SCHEMA_VERSION",
    "VERSION",
    "brief",
    "brief_json",
    "load_schema",
    "render",
    "render_text",
    "story_brief",
]
