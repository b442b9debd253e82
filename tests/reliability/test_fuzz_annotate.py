"""Fuzz the annotate finders (dates, events, figures) with arbitrary text and publication dates.

No model: sentences come from a plain splitter and mentions from a regex, so what is fuzzed is
the finders' own logic. Every span they return must round-trip into the text.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from storydesk.annotate import dates, events, figures
from storydesk.model import Article, Citation, Mention
from tests.reliability.fuzzing import FUZZ, published, sentences_of, texts

AID = "a0000000000000001"


def _mentions(text: str) -> list[Mention]:
    return [
        Mention(article_id=AID, start=m.start(), end=m.end(), label="ORG" if m.group() == "militia" else "GPE", text=m.group())
        for m in re.finditer(r"\b(?:Baghdad|US|militia)\b", text)
    ]


def _resolves(text: str, c: Citation | None) -> bool:
    return c is None or c.resolves(text)


@FUZZ
@given(texts, published, st.booleans())
def test_dates_never_crash_and_spans_round_trip(text: str, pub: str | None, durations: bool) -> None:
    for d in dates.find_dates(text, AID, pub or None, anchor_inferred=durations, include_durations=durations):
        assert text[d.start : d.end] == d.text
        assert d.earliest is None or d.latest is None or d.earliest <= d.latest


@FUZZ
@given(texts, published)
def test_events_and_figures_never_crash_and_spans_round_trip(text: str, pub: str | None) -> None:
    article = Article(id=AID, input="fuzz", text=text, published=pub or None)
    found_dates = dates.find_dates(text, AID, pub or None)
    sents = sentences_of(AID, text)
    mentions = _mentions(text)
    for e in events.find_events(article, sents, mentions, found_dates, None):
        assert text[e.start : e.end] == e.text
        assert all(_resolves(text, c) for c in (e.sentence, e.actor1, e.actor2, e.location, *e.victims))
        assert e.killed is None or e.killed >= 0
    for f in figures.find_figures(article, sents, mentions, found_dates):
        assert text[f.start : f.end] == f.text
        assert _resolves(text, f.sentence)


def test_publication_dates_at_the_calendar_edge_do_not_crash_the_finders() -> None:
    # Regression: "published: 0001-01-01" or "9999-12-31" (from a hostile record) made "spring"
    # resolve to year -1/10000 and "published - 6 days" overflow, losing the article's annotations.
    text = "A drone strike killed 3 militia members in Baghdad. Talks resume in the spring."
    for pub in ("0001-01-01", "9999-12-31"):
        found = dates.find_dates(text, AID, pub)
        article = Article(id=AID, input="edge", text=text, published=pub)
        sents = sentences_of(AID, text)
        found_events = events.find_events(article, sents, _mentions(text), found, None)
        assert all(text[e.start : e.end] == e.text for e in found_events)
        figures.find_figures(article, sents, _mentions(text), found)
