"""Renderers: golden files, JSON Schema, offline and escaped HTML, CSV and GeoJSON.

Regenerate the golden files after an intended change with
``STORYDESK_REGEN_GOLDEN=1 .venv/bin/pytest tests/report/test_render.py`` and review the diff.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from storydesk.config import Config
from storydesk.errors import ConfigError
from storydesk.model import Annotations, Article, Brief, LinkedStory, RemovedLine, Story
from storydesk.report import (
    FILES,
    SCHEMA_VERSION,
    brief,
    brief_json,
    load_schema,
    render,
    render_text,
)
from storydesk.report import brief_html as html_mod
from storydesk.report import brief_markdown as md_mod
from storydesk.report.event_exports import CSV_COLUMNS
from storydesk.report.sentences import split_sentences

GOLDEN = Path(__file__).parent / "golden"
FIXED_TIME = "2026-04-01T12:00:00Z"


def _brief(inp: dict) -> Brief:
    b = brief(inp["stories"], inp["articles"], inp["annotations"], inp["copies"], inp["config"])
    return dataclasses.replace(b, generated_at=FIXED_TIME)


def _header(fmt: str) -> str:
    renderer = {"html": html_mod.RENDERER_VERSION, "md": md_mod.RENDERER_VERSION}.get(fmt, "1")
    return f"golden: storydesk brief renderer={fmt} version={renderer} schema={SCHEMA_VERSION}\n"


@pytest.mark.parametrize("fmt", list(FILES))
def test_golden(story_inputs, fmt):
    text = render_text(_brief(story_inputs), fmt)
    path = GOLDEN / f"{FILES[fmt]}.golden"
    if os.environ.get("STORYDESK_REGEN_GOLDEN"):
        path.write_text(_header(fmt) + text, "utf-8", newline="")
    stored = path.read_text("utf-8")
    header, _, body = stored.partition("\n")
    assert header + "\n" == _header(fmt), "renderer or schema version changed: regenerate golden files"
    assert body == text


def test_json_follows_the_schema_and_the_contract(story_inputs):
    data = json.loads(render_text(_brief(story_inputs), "json"))
    jsonschema.Draft202012Validator(load_schema()).validate(data)
    story = data["stories"][0]
    assert data["schema_version"] == SCHEMA_VERSION
    for key in ("summary", "timeline", "events", "figures", "entities", "sources"):
        assert key in story
    ids = {s["article_id"] for s in story["sources"]}
    texts = {k: a.text for k, a in story_inputs["articles"].items()}
    cits = [c for b in story["summary"] for c in b["citations"]]
    cits += [c for t in story["timeline"] for c in t["citations"]]
    cits += [c for e in story["events"] for c in e["citations"]]
    for c in cits:
        assert c["article_id"] in ids
        assert texts[c["article_id"]][c["start"] : c["end"]] == c["text"]
    event = story["events"][0]
    assert event["conflicts"][0]["values"][0]["sources"] == ["a_ledger"]
    assert story["figures"][0]["corroboration"] == 2
    assert story["sources"][0]["removed"][0]["reason"] == "share-prompt"


def test_schema_rejects_a_broken_brief(story_inputs):
    data = brief_json(_brief(story_inputs))
    del data["stories"][0]["timeline"][0]["kind"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, load_schema())


HOSTILE = (
    'The mayor wrote </script><script>alert("x")</script> on the wall of the town hall today.\n'
    "Crowds gathered and one sign read <img src=https://evil.example/p.png onerror=alert(1)> loudly.\n"
    "Another banner said [click](https://evil.example) and | pipes | and ** stars ** everywhere.\n"
)


class _Refs(HTMLParser):
    """Collect attribute values that would make a browser load something."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "action", "srcset", "poster", "data", "xlink:href") and value:
                self.refs.append(value)


def _external_refs(page: str) -> list[str]:
    parser = _Refs()
    parser.feed(page)
    return [r for r in parser.refs if re.match(r"\s*(?:[a-z][a-z0-9+.-]*:|//)", r, re.IGNORECASE)]


def _hostile_brief() -> Brief:
    art = Article(id="h1", input="x.html", text=HOSTILE, outlet="<b>Evil</b> Outlet",
                  title='Title"><script>alert(2)</script>', published="2026-02-02",
                  removed=(RemovedLine(text="<iframe src=//evil.example>", reason="chrome", line_no=3),))
    ann = {"h1": Annotations(article_id="h1", sentences=split_sentences("h1", HOSTILE))}
    story = LinkedStory(story=Story(id="h", title="<svg onload=alert(3)>", article_ids=("h1",)))
    return brief([story], {"h1": art}, ann, {}, Config())


def test_html_escapes_hostile_text_and_loads_nothing_from_outside():
    page = render_text(_hostile_brief(), "html")
    assert "<script>alert" not in page
    assert "<img" not in page and "<iframe" not in page and "<b>Evil" not in page
    assert "&lt;script&gt;alert" in page
    # Only our two script blocks, and the JSON one cannot be closed early by data.
    assert page.count("<script") == 2 and page.count("</script>") == 2
    assert _external_refs(page) == []
    assert "@import" not in page and not re.search(r"url\(\s*['\"]?(?:https?:)?//", page)
    m = re.search(r'<script type="application/json" id="brief-data">(.*?)</script>', page, re.DOTALL)
    assert m and json.loads(m.group(1))["stories"][0]["sources"][0]["outlet"] == "<b>Evil</b> Outlet"


def test_markdown_neutralises_html_and_links():
    text = render_text(_hostile_brief(), "md")
    assert "<script" not in text and "<img" not in text and "<iframe" not in text
    assert "[click](" not in text


def test_html_of_the_story_has_map_and_timeline(story_inputs):
    page = render_text(_brief(story_inputs), "html")
    assert _external_refs(page) == []
    assert '<svg class="map"' in page and "Qasr Lami" in page
    assert '<svg class="tl-chart"' in page and page.count('class="dot') >= 4
    assert page.count('class="land"') > 3  # country outlines around the points


def test_csv_and_geojson(story_inputs):
    b = _brief(story_inputs)
    rows = list(csv.DictReader(io.StringIO(render_text(b, "csv"))))
    assert tuple(rows[0]) == CSV_COLUMNS and len(rows) == 2
    assert rows[0]["fatalities"] == "2" and rows[0]["sources"] == "River Ledger; Plains Courier"
    assert "mode: drone (River Ledger) vs missile (Plains Courier)" in rows[0]["notes"]
    geo = json.loads(render_text(b, "geojson"))
    assert geo["type"] == "FeatureCollection"
    assert geo["features"][0]["geometry"]["coordinates"] == [41.9, 35.2]


def test_render_writes_files_and_rejects_unknown_formats(story_inputs, tmp_path):
    paths = render(_brief(story_inputs), tmp_path / "out", ["html", "md", "json", "csv", "geojson"])
    assert sorted(p.name for p in paths) == sorted(FILES.values())
    assert all(p.stat().st_size > 0 for p in paths)
    with pytest.raises(ConfigError):
        render(_brief(story_inputs), tmp_path / "x", ["pdf"])
    assert not (tmp_path / "x").exists()


def test_empty_brief_renders_every_format(tmp_path):
    b = Brief(generated_at=FIXED_TIME, stories=())
    for fmt in FILES:
        assert render_text(b, fmt)
    jsonschema.validate(brief_json(b), load_schema())


def test_csv_cells_cannot_become_spreadsheet_formulas(story_inputs):
    b = _brief(story_inputs)
    story = b.stories[0]
    ev = dataclasses.replace(story.events[0], actor1="=HYPERLINK(\"x\")")
    b = dataclasses.replace(b, stories=(dataclasses.replace(story, events=(ev,)),))
    row = next(csv.DictReader(io.StringIO(render_text(b, "csv"))))
    assert row["actor1"].startswith("'=")


def test_map_frames_the_events_not_far_away_places():
    from storydesk.report.world_map import MapPoint, map_svg

    svg = map_svg([MapPoint(35.0, 40.1, "Riverside depot", "event"),
                   MapPoint(38.9, -77.0, "Far capital", "place")])
    assert "Riverside depot" in svg and "Far capital" not in svg
    world = map_svg([MapPoint(38.9, -77.0, "Far capital", "place"), MapPoint(35.0, 40.1, "Town", "place")])
    assert "Far capital" in world and "Town" in world
