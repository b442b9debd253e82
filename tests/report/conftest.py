"""A small hand-written story (our own words, fictional outlets) with every kind of record."""

from __future__ import annotations

import pytest

from storydesk.config import Config
from storydesk.model import (
    Annotations,
    Article,
    ArticleCopy,
    Citation,
    Conflict,
    DateExpr,
    Entity,
    Event,
    EventMention,
    Figure,
    FigureGroup,
    LinkedStory,
    Location,
    RemovedLine,
    SourcedValue,
    Story,
)
from storydesk.report.sentences import split_sentences

TEXT_A = (
    "A drone struck a fuel depot outside the river town of Qasr Lami on Tuesday, 3 March 2026, "
    "local officials said.\n"
    "Two guards were killed and five workers were injured in the blast, according to the town council.\n"
    "The depot supplies about 400 trucks a day with diesel for the northern highway.\n"
    "According to the provincial governor, the strike was the third on fuel sites since January.\n"
    "The Northern Brigades denied any role in the attack.\n"
    "Talks between the two sides are due to resume in Geneva in June 2026.\n"
    "Is this the end of the ceasefire?\n"
    "By Lina Farouk 1,204 views\n"
)
TEXT_B = (
    "Officials in Qasr Lami said a missile, not a drone, hit the fuel depot on 3 March 2026.\n"
    "Three guards died in the strike, the regional health office said on Wednesday.\n"
    "The governor said the depot serves about 400 trucks every day.\n"
    "Residents queued for hours at the remaining pumps after the depot burned through the night.\n"
    "The Northern Brigades, which the governor blamed, said they had no part in the attack.\n"
    "The region was first shaken by fighting in the spring of 2019, when the old ceasefire broke down.\n"
)
TEXT_C = (
    "Engineers began repairing the burned fuel depot in Qasr Lami on 10 March 2026.\n"
    "The repair is expected to take six weeks and cost about 2 million dollars, the council said.\n"
    "Negotiators from both sides confirmed that talks will resume in Geneva in June 2026.\n"
    "Fuel prices in the province rose by a fifth in the week after the strike on the depot.\n"
    "Aid groups warned that hospitals rely on the depot for their generators.\n"
)


def _span(aid: str, text: str, phrase: str) -> Citation:
    start = text.index(phrase)
    return Citation(article_id=aid, start=start, end=start + len(phrase), text=phrase)


def _date(aid: str, text: str, phrase: str, value: str, precision: str, relation: str = "past",
          earliest: str | None = None) -> DateExpr:
    c = _span(aid, text, phrase)
    return DateExpr(article_id=aid, start=c.start, end=c.end, text=phrase, value=value,
                    precision=precision, relation=relation, earliest=earliest)  # type: ignore[arg-type]


def _sentence_of(aid: str, text: str, phrase: str) -> Citation:
    for s in split_sentences(aid, text):
        if phrase in s.text:
            return Citation(article_id=aid, start=s.start, end=s.end, text=s.text)
    raise AssertionError(phrase)


@pytest.fixture()
def story_inputs() -> dict:
    """Return articles, annotations, copies and a linked story, all hand-built."""
    a = Article(id="a_ledger", input="fixtures/ledger.txt", outlet="River Ledger",
                title="Drone hits fuel depot in Qasr Lami", byline="Lina Farouk",
                published="2026-03-04", published_how="metadata", text=TEXT_A,
                removed=(RemovedLine(text="Share this story <b>now</b>", reason="share-prompt", line_no=9),))
    b = Article(id="b_courier", input="fixtures/courier.html", outlet="Plains Courier",
                title="Missile strike on Qasr Lami depot kills three", byline=None,
                published="2026-03-05", published_how="text", text=TEXT_B)
    c = Article(id="c_wire", input="fixtures/wire.txt", outlet="Delta Wire",
                title="Repairs begin at bombed depot", byline="Staff",
                published="2026-03-11", published_how="metadata", text=TEXT_C)
    articles = {x.id: x for x in (a, b, c)}
    annotations = {
        a.id: Annotations(
            article_id=a.id, sentences=split_sentences(a.id, TEXT_A),
            dates=(_date(a.id, TEXT_A, "Tuesday, 3 March 2026", "2026-03-03", "day"),
                   _date(a.id, TEXT_A, "since January", "2026-01", "month"),
                   _date(a.id, TEXT_A, "June 2026", "2026-06", "month", "future")),
            events=(EventMention(article_id=a.id, start=TEXT_A.index("struck"),
                                 end=TEXT_A.index("struck") + 6, text="struck",
                                 sentence=_sentence_of(a.id, TEXT_A, "struck"),
                                 event_type="Explosions/Remote violence"),),
            figures=(Figure(article_id=a.id, start=TEXT_A.index("about 400 trucks"),
                            end=TEXT_A.index("about 400 trucks") + 16, text="about 400 trucks",
                            value=400, unit="trucks", approx="about"),),
        ),
        b.id: Annotations(
            article_id=b.id, sentences=split_sentences(b.id, TEXT_B),
            dates=(_date(b.id, TEXT_B, "3 March 2026", "2026-03-03", "day"),
                   _date(b.id, TEXT_B, "Wednesday", "2026-03-04", "day"),
                   _date(b.id, TEXT_B, "spring of 2019", "2019-SP", "season", earliest="2019-03-20")),
        ),
        # No sentences here: the report must split them itself.
        c.id: Annotations(
            article_id=c.id,
            dates=(_date(c.id, TEXT_C, "10 March 2026", "2026-03-10", "day"),
                   _date(c.id, TEXT_C, "June 2026", "2026-06", "month", "future")),
        ),
    }
    depot = Location(name="Qasr Lami", lat=35.2, lon=41.9, country="SY", geo_precision=1)
    event = Event(
        id="e1", type="Explosions/Remote violence", subtype="Air/drone strike", plover="ASSAULT",
        date="2026-03-03", time_precision=1, location=depot, actor1="Unidentified armed group",
        actor2="Civilians", mode="drone", killed=2, injured=5, sources=(a.id, b.id),
        mentions=(_sentence_of(a.id, TEXT_A, "struck"), _sentence_of(b.id, TEXT_B, "missile")),
        conflicts=(
            Conflict(attribute="mode", values=(
                SourcedValue(value="drone", sources=(a.id,), citations=(_span(a.id, TEXT_A, "drone"),)),
                SourcedValue(value="missile", sources=(b.id,), citations=(_span(b.id, TEXT_B, "missile"),)),
            )),
            Conflict(attribute="killed", values=(
                SourcedValue(value=2, sources=(a.id,)), SourcedValue(value=3, sources=(b.id,)),
            )),
        ),
    )
    planned = Event(id="e2", type="Strategic developments", subtype="Agreement", date="2026-06",
                    time_precision=3, location=Location(name="Geneva", lat=46.2, lon=6.15),
                    sources=(a.id, c.id), context=("future",))
    trucks = FigureGroup(id="f1", subject="trucks supplied daily", value=400, unit="trucks",
                         approx="about", place="Qasr Lami", sources=(a.id, b.id),
                         citations=(_span(a.id, TEXT_A, "about 400 trucks"),
                                    _span(b.id, TEXT_B, "about 400 trucks")))
    brigades = Entity(id="n1", name="Northern Brigades", type="ORG", aliases=("the Brigades",),
                      mentions=(_span(a.id, TEXT_A, "Northern Brigades"),
                                _span(b.id, TEXT_B, "Northern Brigades")))
    town = Entity(id="n2", name="Qasr Lami", type="GPE", mentions=(_span(c.id, TEXT_C, "Qasr Lami"),),
                  location=depot)
    linked = LinkedStory(
        story=Story(id="s1", title="Fuel depot strike in Qasr Lami", article_ids=(a.id, b.id, c.id)),
        entities=(brigades, town), events=(event, planned), figures=(trucks,),
    )
    copies = {c.id: (ArticleCopy(article_id=c.id, input="fixtures/wire.txt", kind="original",
                                 outlet="Delta Wire"),
                     ArticleCopy(article_id=c.id, input="fixtures/wire-syndicated.txt", kind="near",
                                 outlet="Valley Times", similarity=0.93))}
    return {"stories": [linked], "articles": articles, "annotations": annotations, "copies": copies,
            "config": Config()}
