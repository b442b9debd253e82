"""The whole pipeline on real and bundled input: every citation resolves to the cleaned text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storydesk.cli import app
from storydesk.store import open_store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "euphrates-drone-strikes"


def _citations(node: object):
    if isinstance(node, dict):
        if {"article_id", "start", "end", "text"} <= node.keys():
            yield node
        for v in node.values():
            yield from _citations(v)
    elif isinstance(node, list):
        for v in node:
            yield from _citations(v)


def _run_brief(inputs: list[str], tmp_path: Path) -> tuple[dict, str]:
    db = str(tmp_path / "s.db")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["brief", *inputs, "-o", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    for name in ("brief.html", "brief.md", "brief.json"):
        assert (out / name).is_file()
        assert str(out / name) in result.stdout
    return json.loads((out / "brief.json").read_text("utf-8")), db


def _check_citations(brief: dict, db: str) -> int:
    with open_store(db) as store:
        texts = {a.id: a.text for a in store.articles()}
    cits = list(_citations(brief))
    for c in cits:
        assert texts[c["article_id"]][c["start"] : c["end"]] == c["text"]
    return len(cits)


@pytest.mark.models
@pytest.mark.shared
def test_brief_of_the_real_examples(shared: Path, tmp_path: Path) -> None:
    brief, db = _run_brief([str(shared / "examples" / "iraq-withdrawal")], tmp_path)
    assert brief["schema_version"]
    story = brief["stories"][0]
    assert 5 <= len(story["summary"]) <= 10
    for bullet in story["summary"]:
        assert bullet["citations"], bullet
    assert _check_citations(brief, db) > 0
    assert len(story["sources"]) == 5


@pytest.mark.models
def test_brief_of_the_bundled_example(tmp_path: Path) -> None:
    brief, db = _run_brief([str(EXAMPLE / "text")], tmp_path)
    assert _check_citations(brief, db) > 0
    ids = {s["article_id"] for st in brief["stories"] for s in st["sources"]}
    with open_store(db) as store:
        assert ids == {a.id for a in store.articles()}
