"""The bundled example story and the mini-story fixture agree with their answer keys."""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "euphrates-drone-strikes"
MINI = ROOT / "tests" / "fixtures" / "mini-story"
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
FULL_DATE = re.compile(rf"\b(?:(?:{MONTHS}) \d{{1,2}}, \d{{4}}|\d{{1,2}} (?:{MONTHS}) \d{{4}})\b")


def _key(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "expected.json").read_text("utf-8"))


def _lines(folder: Path, article: dict[str, Any]) -> list[str]:
    return (folder / article["text_path"]).read_text("utf-8").splitlines()


def _content(folder: Path, article: dict[str, Any]) -> str:
    """Return the text without its title line and chrome lines."""
    chrome = {c["text"] for c in article["chrome_lines"]}
    lines = [ln for ln in _lines(folder, article)[1:] if ln.strip() and ln not in chrome]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def key() -> dict[str, Any]:
    return _key(EXAMPLE)


@pytest.fixture(scope="module")
def contents(key: dict[str, Any]) -> dict[str, str]:
    return {a["id"]: _content(EXAMPLE, a) for a in key["articles"]}


def test_example_has_8_to_12_articles_in_both_forms(key: dict[str, Any]) -> None:
    assert 8 <= len(key["articles"]) <= 12
    assert len({a["outlet"] for a in key["articles"]}) >= 6
    for a in key["articles"]:
        assert (EXAMPLE / a["text_path"]).is_file()
        assert (EXAMPLE / a["html_path"]).is_file()
    assert sorted(p.name for p in (EXAMPLE / "text").iterdir()) == sorted(
        Path(a["text_path"]).name for a in key["articles"]
    )


def test_articles_are_250_to_700_words(key: dict[str, Any], contents: dict[str, str]) -> None:
    for a in key["articles"]:
        assert 250 <= len(contents[a["id"]].split()) <= 700, a["id"]


def test_chrome_headings_and_optional_lines_are_whole_lines(key: dict[str, Any]) -> None:
    for a in key["articles"]:
        lines = _lines(EXAMPLE, a)
        assert lines[0] == a["title"]
        assert a["chrome_lines"], a["id"]
        for text in [c["text"] for c in a["chrome_lines"]] + a["optional_lines"]:
            assert text in lines, (a["id"], text)
        for heading in a["content_headings"]:
            assert heading in lines and heading not in {c["text"] for c in a["chrome_lines"]}


def test_every_quoted_span_is_in_the_content(key: dict[str, Any], contents: dict[str, str]) -> None:
    quoted: list[tuple[str, str]] = [(d["article"], d["text"]) for d in key["dates"]]
    for e in key["events"]:
        quoted += [(aid, s["evidence"]) for aid, s in e["sources"].items()]
        quoted += list(e.get("planned_in", {}).items())
    for f in key["figures"]:
        quoted += list(f["sources"].items())
    for p in key["planned"] + key["background"]:
        quoted += list(p["sources"].items())
    quoted += [(h["article"], h["text"]) for h in key["hypothetical"]]
    for e in key["entities"]:
        quoted += [(aid, alias) for alias, ids in e["aliases"].items() for aid in ids]
    assert len(quoted) > 150
    missing = [(aid, text) for aid, text in quoted if text not in contents[aid]]
    assert not missing


def test_contradictions_point_at_events_and_sources(key: dict[str, Any]) -> None:
    events = {e["id"]: e for e in key["events"]}
    for c in key["contradictions"]:
        assert len(c["values"]) >= 2
        for side in c["values"]:
            assert set(side["sources"]) <= set(events[c["event"]]["sources"]), c["id"]


def test_dated_articles_carry_their_date_and_the_undated_one_none(key: dict[str, Any]) -> None:
    undated = {u["article"] for u in key["undated"]}
    assert len(undated) == 1
    for a in key["articles"]:
        text = "\n".join(_lines(EXAMPLE, a))
        page = (EXAMPLE / a["html_path"]).read_text("utf-8")
        if a["id"] in undated:
            assert a["published"] is None
            assert not FULL_DATE.search(text), FULL_DATE.search(text)
            assert "published_time" not in page and "datePublished" not in page
        else:
            assert a["published"] and FULL_DATE.search(text), a["id"]
            if a["html_published_meta"]:
                assert f'content="{a["html_published_meta"]}"' in page
                assert a["html_published_meta"].startswith(a["published"])


def test_only_the_declared_pair_is_a_near_copy(
    key: dict[str, Any], contents: dict[str, str]
) -> None:
    pairs = {(d["original"], d["copy"]) for d in key["duplicates"]}
    shingles = {aid: _shingles(text, 5) for aid, text in contents.items()}
    for x, y in itertools.combinations(sorted(contents), 2):
        jaccard = len(shingles[x] & shingles[y]) / len(shingles[x] | shingles[y])
        if (x, y) in pairs:
            assert jaccard > 0.7, (x, y, jaccard)
        else:
            assert jaccard < 0.2, (x, y, jaccard)


def test_chrome_only_places_and_dates_stay_out_of_the_content(
    key: dict[str, Any], contents: dict[str, str]
) -> None:
    for place in key["chrome_only_places"]:
        assert not any(place in text for text in contents.values())
    by_id = {a["id"]: a for a in key["articles"]}
    for d in key["chrome_dates"]:
        assert d["line"] in {c["text"] for c in by_id[d["article"]]["chrome_lines"]}


def test_html_pages_hold_the_article_and_their_chrome(key: dict[str, Any]) -> None:
    pages = {a["id"]: (EXAMPLE / a["html_path"]).read_text("utf-8") for a in key["articles"]}
    for a in key["articles"]:
        page = pages[a["id"]]
        assert page.startswith("<!DOCTYPE html>") and "</html>" in page
        assert f'<meta property="og:site_name" content="{a["outlet"]}">' in page
        assert "<script" in page and "<nav" in page
        first = _content(EXAMPLE, a).splitlines()[0]
        assert first.replace("'", "&#x27;").replace('"', "&quot;") in page
    for text in key["html_only_chrome"]:
        assert any(text in page for page in pages.values()), text


def test_expected_json_is_what_build_py_writes() -> None:
    spec = importlib.util.spec_from_file_location("example_build", EXAMPLE / "build.py")
    assert spec and spec.loader
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    errors: list[str] = []
    answer = build.check(errors)
    assert errors == []
    assert json.loads(json.dumps(answer, ensure_ascii=False)) == _key(EXAMPLE)


def test_example_folder_is_small() -> None:
    size = sum(
        p.stat().st_size for p in EXAMPLE.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    )
    assert size < 300_000


def test_mini_story_fixture_matches_its_key() -> None:
    key = _key(MINI)
    assert len(key["articles"]) == 3
    for a in key["articles"]:
        lines = _lines(MINI, a)
        assert lines[0] == a["title"]
        assert len(a["chrome_lines"]) == 1 and a["chrome_lines"][0]["text"] in lines
        content = _content(MINI, a)
        assert 100 <= len(content.split()) <= 200, a["id"]
    contents = {a["id"]: _content(MINI, a) for a in key["articles"]}
    for d in key["dates"]:
        assert d["text"] in contents[d["article"]], d
    for e in key["events"]:
        for aid, text in e["evidence"].items():
            assert text in contents[aid]
    for ent in key["entities"]:
        for alias, ids in ent["aliases"].items():
            assert all(alias in contents[i] for i in ids)
    for f in key["figures"]:
        assert all(text in contents[aid] for aid, text in f["sources"].items())


def _shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


@pytest.mark.shared
def test_no_sentence_comes_from_the_shared_examples(shared: Path, key: dict[str, Any]) -> None:
    theirs: set[tuple[str, ...]] = set()
    for path in (shared / "examples").rglob("*.txt"):
        theirs |= _shingles(path.read_text("utf-8", errors="replace"))
    ours = [EXAMPLE / a["text_path"] for a in key["articles"]] + sorted(MINI.glob("*.txt"))
    overlap = {p.name: _shingles(p.read_text("utf-8")) & theirs for p in ours}
    assert not any(overlap.values()), overlap
