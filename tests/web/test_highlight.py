"""Stand-off spans cut into text runs: runs rebuild the text and carry exactly the covering marks."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from storydesk.web.highlight import Mark, runs

TEXT = "The Tidewater Front denied any part in the attack on 12 May 2026."


def test_overlapping_marks() -> None:
    ent = Mark(start=4, end=19, kind="entity", label="ORG: Tidewater Front", href="/entities/en1")
    cited = Mark(start=0, end=len(TEXT), kind="cited", label="cited passage")
    date = Mark(start=53, end=64, kind="date", label="date 2026-05-12")
    event = Mark(start=20, end=26, kind="event", label="event", href="/events/ev1")
    out = runs(TEXT, [date, cited, ent, event])
    assert "".join(r.text for r in out) == TEXT
    by = {r.text: r for r in out}
    assert by["Tidewater Front"].kinds == ["cited", "entity"]
    assert by["Tidewater Front"].href == "/entities/en1"
    assert by["denied"].href == "/events/ev1"
    assert by["12 May 2026"].kinds == ["cited", "date"]
    assert by["The "].kinds == ["cited"] and by["The "].href is None
    assert "ORG: Tidewater Front" in by["Tidewater Front"].title


def test_unusable_marks_are_ignored() -> None:
    bad = [
        Mark(start=5, end=5, kind="entity", label="empty"),
        Mark(start=-1, end=3, kind="date", label="x"),
        Mark(start=10, end=999, kind="figure", label="past the end"),
    ]
    out = runs(TEXT, bad)
    assert [(r.text, r.marks) for r in out] == [(TEXT, ())]
    assert runs("", []) == []


spans = st.tuples(
    st.integers(-3, 40), st.integers(-3, 40), st.sampled_from(["entity", "date", "event"])
)


@given(st.text(max_size=36), st.lists(spans, max_size=8))
def test_runs_rebuild_text_and_carry_covering_marks(text: str, raw: list) -> None:
    marks = [Mark(start=a, end=b, kind=k, label=f"{k}{i}") for i, (a, b, k) in enumerate(raw)]
    out = runs(text, marks)
    assert "".join(r.text for r in out) == text
    for r in out:
        assert r.text and text[r.start : r.end] == r.text
        covering = {
            m
            for m in marks
            if 0 <= m.start < m.end <= len(text) and m.start <= r.start and r.end <= m.end
        }
        assert set(r.marks) == covering
    for a, b in itertools.pairwise(out):
        assert a.end == b.start
