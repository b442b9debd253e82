"""Fuzz link and report with random hand-built articles and annotations full of hostile strings.

Link must put every article in exactly one story and keep citations resolvable; every report
format must render, parse where it is data, and never carry live markup or bidi overrides
from article text into the HTML or Markdown.
"""

from __future__ import annotations

import csv
import io
import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from storydesk import link, report
from storydesk.annotate import dates
from storydesk.config import Config
from storydesk.model import (
    Annotations,
    Article,
    ArticleCopy,
    Citation,
    EventMention,
    Figure,
    Mention,
    article_id_for,
)
from tests.reliability.fuzzing import EXAMPLES, FUZZ, HOSTILE, WORDS, sentences_of

EVENT_TYPES = ["Explosions/Remote violence", "Battles", "Violence against civilians", "Protests", "Riots",
               "Strategic developments", "x" * 200, "<b>"]
LABELS = ["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "MISC"]
MODES = [None, "drone", "missile", "<script>alert(1)</script>", "\u202e"]
CONFIG = Config()

words = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(HOSTILE)), min_size=3, max_size=40)


@st.composite
def story_world(draw: st.DrawFn) -> tuple[dict[str, Article], dict[str, Annotations]]:
    """Draw 1-4 articles with annotations whose spans all point into their text."""
    articles: dict[str, Article] = {}
    annotations: dict[str, Annotations] = {}
    for i in range(draw(st.integers(1, 4))):
        text = f"Report {i}. " + " ".join(draw(words)) + ". " + " ".join(draw(words)) + "."
        aid = article_id_for(text)
        if aid in articles:
            continue
        article = Article(
            id=aid,
            input=draw(st.sampled_from(HOSTILE + [f"in/{i}.txt"])),
            outlet=draw(st.one_of(st.none(), st.sampled_from(HOSTILE))),
            title=draw(st.one_of(st.none(), st.sampled_from(HOSTILE), st.text(max_size=30))),
            published=draw(st.sampled_from([None, "2024-01-31", "0001-01-01", "9999-12-31", "2024-02-29"])),
            text=text,
        )
        sents = sentences_of(aid, text)

        def span(text: str = text) -> tuple[int, int]:
            a = draw(st.integers(0, len(text) - 1))
            b = draw(st.integers(a + 1, min(len(text), a + 40)))
            return a, b

        def citation(aid: str = aid, text: str = text) -> Citation:
            a, b = span(text)
            return Citation(article_id=aid, start=a, end=b, text=text[a:b])

        mentions = []
        for _ in range(draw(st.integers(0, 6))):
            a, b = span()
            mentions.append(Mention(article_id=aid, start=a, end=b, label=draw(st.sampled_from(LABELS)), text=text[a:b]))
        events = []
        for _ in range(draw(st.integers(0, 4))):
            a, b = span()
            sent = draw(st.sampled_from(sents))
            events.append(
                EventMention(
                    article_id=aid, start=a, end=b, text=text[a:b],
                    sentence=Citation(article_id=aid, start=sent.start, end=sent.end, text=sent.text),
                    event_type=draw(st.sampled_from(EVENT_TYPES)), mode=draw(st.sampled_from(MODES)),
                    actor1=draw(st.one_of(st.none(), st.builds(citation))),
                    actor2=draw(st.one_of(st.none(), st.builds(citation))),
                    location=draw(st.one_of(st.none(), st.builds(citation))),
                    date=draw(st.sampled_from([None, "2024-01-28", "2024-W05", "2024", "PRESENT_REF", "9999"])),
                    killed=draw(st.one_of(st.none(), st.integers(0, 10**12))),
                    injured=draw(st.one_of(st.none(), st.integers(0, 10**6))),
                    context=tuple(draw(st.lists(st.sampled_from(["historical", "future", "hypothetical", "negated"]), max_size=2))),
                )
            )
        figures = []
        for _ in range(draw(st.integers(0, 4))):
            a, b = span()
            figures.append(
                Figure(
                    article_id=aid, start=a, end=b, text=text[a:b],
                    value=draw(st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-10**9, 10**15))),
                    unit=draw(st.sampled_from(["troops", "killed", "USD", "<i>", "\u202eevil"])),
                    subject=draw(st.one_of(st.none(), st.sampled_from(HOSTILE))),
                    sentence=citation(),
                )
            )
        articles[aid] = article
        annotations[aid] = Annotations(
            article_id=aid, sentences=tuple(sents), mentions=tuple(mentions),
            dates=dates.find_dates(text, aid, article.published), events=tuple(events), figures=tuple(figures),
        )
    return articles, annotations


def _no_live_markup(page: str) -> None:
    low = page.lower()
    for needle in ("<script>alert", "<img src=x", "\"><img", "</textarea>"):
        assert needle not in low, needle


BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


@settings(FUZZ, max_examples=max(10, EXAMPLES // 3))  # each example renders a full HTML brief (~0.2 s)
@given(story_world())
def test_link_and_report_survive_hostile_records(world: tuple[dict[str, Article], dict[str, Annotations]]) -> None:
    articles, annotations = world
    stories = link.stories(list(articles.values()), annotations)
    members = [a for s in stories for a in s.article_ids]
    assert sorted(members) == sorted(articles)  # every article in exactly one story
    linked = [link.linked_story(s, annotations, curated=(), lookup_place=lambda name: None) for s in stories]
    for ls in linked:
        for ev in ls.events:
            assert all(c.resolves(articles[c.article_id].text) for c in ev.mentions)
            assert ev.killed is None or ev.killed >= 0
        for fg in ls.figures:
            assert all(c.resolves(articles[c.article_id].text) for c in fg.citations)
    copies = {aid: [ArticleCopy(article_id=aid, input=a.input, kind="original", outlet=a.outlet, title=a.title)]
              for aid, a in articles.items()}
    brief = report.brief(linked, articles, annotations, copies, CONFIG)
    for story in brief.stories:
        for bullet in story.summary:
            assert all(c.resolves(articles[c.article_id].text) for c in bullet.citations)
    html = report.render_text(brief, "html")
    _no_live_markup(html)
    markdown = report.render_text(brief, "md")
    _no_live_markup(markdown)
    assert not BIDI.search(html) and not BIDI.search(markdown), "bidi controls from article text reach the page"
    data = json.loads(report.render_text(brief, "json"))
    assert len(data["stories"]) == len(stories)
    json.loads(report.render_text(brief, "geojson"))
    rows = list(csv.reader(io.StringIO(report.render_text(brief, "csv"))))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "@")) or cell.lstrip("+-").replace(".", "", 1).isdigit(), cell
