"""A small fictional story (our own words, invented places and outlets) in a real SQLite store.

Everything is built by hand: articles, copies, annotations and the linked story, so the web
tests need no models. ``hostile=True`` puts an XSS corpus into every field a page shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip(
    "fastapi", reason="the web tests need the web extra: pip install 'storydesk[web]'"
)

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
    Mention,
    Rejected,
    RemovedLine,
    Sentence,
    SourcedValue,
    Story,
)
from storydesk.store import open_store

#: Payloads that would run script if any page let them through as markup.
XSS = (
    "<script>window.__xss=1;alert(1)</script>",
    '<img src=x onerror="window.__xss=1;alert(1)">',
    '<svg onload="window.__xss=1"><script>alert(1)</script></svg>',
    '"><iframe src="javascript:alert(1)"></iframe>',
    "</script><script>window.__xss=1</script>",
    "<a href='javascript:window.__xss=1'>click me</a>",
    '<svg><animate onbegin="window.__xss=1" attributeName="x" dur="1s"/></svg>',
    "<body onload=alert(1)>",
    "<style>body{display:none}</style>",
    "{{ 7*7 }} ${7*7}",
)

TEXT_A = (
    "A naval drone struck the grain freighter Selka Moon outside the harbour of Port Velan on "
    "Tuesday, 12 May 2026, the port authority said.\n"
    "One sailor was killed and four were hurt, according to the authority.\n"
    "The Velan Coast Guard said about 300 ships use the harbour every week.\n"
    "The Tidewater Front denied any part in the attack.\n"
    "Talks on reopening the shipping lane are due in Orsk in July 2026.\n"
)
TEXT_B = (
    "Harbour officials in Port Velan said a missile hit the freighter Selka Moon on 12 May 2026.\n"
    "Two sailors died in the strike, the hospital in Port Velan said on Wednesday.\n"
    "The Velan Coast Guard counted about 300 ships a week in the harbour before the attack.\n"
    "Officials blamed the Tidewater Front, which rejected the charge.\n"
)
TEXT_C = (
    "Divers began inspecting the hull of the Selka Moon in Port Velan on 15 May 2026.\n"
    "Insurers raised premiums for ships calling at the harbour by a third.\n"
    "Envoys confirmed that talks on the shipping lane will open in Orsk in July 2026.\n"
)


@dataclass
class Built:
    """What the fixture stored, for tests to check pages against."""

    db: Path | str  # a SQLite path or a postgresql:// URL
    story_id: str
    event_id: str
    planned_id: str
    entity_id: str
    place_id: str
    article_ids: tuple[str, str, str]
    texts: dict[str, str]


def _span(aid: str, text: str, phrase: str, nth: int = 0) -> Citation:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Citation(article_id=aid, start=start, end=start + len(phrase), text=phrase)


def _sentences(aid: str, text: str) -> tuple[Sentence, ...]:
    out, start = [], 0
    for i, line in enumerate(text.split("\n")):
        if line:
            out.append(
                Sentence(article_id=aid, start=start, end=start + len(line), text=line, index=i)
            )
        start += len(line) + 1
    return tuple(out)


def _sentence(aid: str, text: str, phrase: str) -> Citation:
    for s in _sentences(aid, text):
        if phrase in s.text:
            return Citation(article_id=aid, start=s.start, end=s.end, text=s.text)
    raise AssertionError(phrase)


def build_store(db: Path | str, hostile: bool = False) -> Built:
    """Write the story into the store at ``db`` (SQLite path or PostgreSQL URL); return its ids."""
    bad = " ".join(XSS) if hostile else ""
    ta, tb, tc = TEXT_A, TEXT_B, TEXT_C
    if hostile:
        ta = f"{bad}\n{TEXT_A}"
        tb = f"{TEXT_B}{bad}\n"
    title = (lambda t: f"{t} {bad}") if hostile else (lambda t: t)
    outlet = (lambda o: f"{o} {XSS[1]}") if hostile else (lambda o: o)
    a = Article(
        id="a_ledger",
        input="fixtures/ledger.txt",
        outlet=outlet("Coastal Ledger"),
        title=title("Drone hits freighter off Port Velan"),
        byline=title("Mira Solend"),
        url="javascript:window.__xss=1" if hostile else "https://ledger.example/velan",
        published="2026-05-13",
        published_how="metadata",
        text=ta,
        removed=(
            RemovedLine(text=f"Share this story {bad}".strip(), reason="share-prompt", line_no=6),
        ),
    )
    b = Article(
        id="b_meridian",
        input="fixtures/meridian.html",
        outlet=outlet("Meridian Post"),
        title=title("Missile strike on Selka Moon kills two"),
        byline=None,
        published="2026-05-14",
        published_how="text",
        text=tb,
    )
    c = Article(
        id="c_saltmarsh",
        input="fixtures/saltmarsh.txt",
        outlet="Saltmarsh Times",
        title="Divers inspect damaged freighter",
        byline="Desk",
        published="2026-05-16",
        published_how="metadata",
        text=tc,
    )
    store = open_store(str(db))
    with store.atomic():
        for art in (a, b, c):
            store.put_article(art)
            store.put_copy(
                ArticleCopy(
                    article_id=art.id,
                    input=art.input,
                    kind="original",
                    outlet=art.outlet,
                    title=art.title,
                    published=art.published,
                )
            )
        store.put_copy(
            ArticleCopy(
                article_id=c.id,
                input="fixtures/saltmarsh-copy.txt",
                kind="near",
                outlet=outlet("Harbour Digest"),
                title=title("Divers inspect freighter"),
                url="javascript:alert(1)" if hostile else "https://digest.example/x",
                similarity=0.91,
            )
        )
        store.put_rejection(
            Rejected(
                input=title("fixtures/empty.txt"),
                stage="ingest",
                code="INGEST-003",
                reason="the file has no bytes",
            )
        )
        trig_a = _span(a.id, ta, "struck")
        trig_b = _span(b.id, tb, "hit")
        store.put_annotations(
            Annotations(
                article_id=a.id,
                sentences=_sentences(a.id, ta),
                mentions=(
                    Mention(
                        article_id=a.id,
                        start=(s := _span(a.id, ta, "Port Velan")).start,
                        end=s.end,
                        label="GPE",
                        text="Port Velan",
                    ),
                    Mention(
                        article_id=a.id,
                        start=(s := _span(a.id, ta, "Tidewater Front")).start,
                        end=s.end,
                        label="ORG",
                        text="Tidewater Front",
                    ),
                ),
                dates=(
                    DateExpr(
                        article_id=a.id,
                        start=(s := _span(a.id, ta, "Tuesday, 12 May 2026")).start,
                        end=s.end,
                        text=s.text,
                        value="2026-05-12",
                        precision="day",
                    ),
                    DateExpr(
                        article_id=a.id,
                        start=(s := _span(a.id, ta, "July 2026")).start,
                        end=s.end,
                        text=s.text,
                        value="2026-07",
                        precision="month",
                        relation="future",
                    ),
                ),
                events=(
                    EventMention(
                        article_id=a.id,
                        start=trig_a.start,
                        end=trig_a.end,
                        text=trig_a.text,
                        sentence=_sentence(a.id, ta, "struck"),
                        event_type="Explosions/Remote violence",
                        sub_event_type="Air/drone strike",
                    ),
                ),
                figures=(
                    Figure(
                        article_id=a.id,
                        start=(s := _span(a.id, ta, "about 300 ships")).start,
                        end=s.end,
                        text=s.text,
                        value=300,
                        unit="ships",
                        approx="about",
                    ),
                ),
            ),
            "test",
        )
        store.put_annotations(
            Annotations(
                article_id=b.id,
                sentences=_sentences(b.id, tb),
                events=(
                    EventMention(
                        article_id=b.id,
                        start=trig_b.start,
                        end=trig_b.end,
                        text="hit",
                        sentence=_sentence(b.id, tb, "missile"),
                        event_type="Explosions/Remote violence",
                    ),
                ),
            ),
            "test",
        )
        store.put_annotations(Annotations(article_id=c.id, sentences=_sentences(c.id, tc)), "test")
        place = f"Port Velan {XSS[6]}" if hostile else "Port Velan"
        velan = Location(name=place, lat=36.8, lon=28.3, country="XV", geo_precision=1)
        actor = f"Tidewater Front {XSS[0]}" if hostile else "Tidewater Front"
        event = Event(
            id="ev1",
            type="Explosions/Remote violence",
            subtype="Air/drone strike",
            plover="ASSAULT",
            date="2026-05-12",
            time_precision=1,
            location=velan,
            actor1=actor,
            actor2="Civilians",
            mode="drone",
            killed=1,
            injured=4,
            sources=(a.id, b.id),
            mentions=(_sentence(a.id, ta, "struck"), _sentence(b.id, tb, "missile")),
            values={
                "killed": (
                    SourcedValue(value=1, sources=(a.id,)),
                    SourcedValue(value=2, sources=(b.id,)),
                )
            },
            conflicts=(
                Conflict(
                    attribute="mode",
                    values=(
                        SourcedValue(
                            value=f"drone {XSS[2]}" if hostile else "drone",
                            sources=(a.id,),
                            citations=(_span(a.id, ta, "drone"),),
                        ),
                        SourcedValue(
                            value="missile",
                            sources=(b.id,),
                            citations=(_span(b.id, tb, "missile"),),
                        ),
                    ),
                ),
                Conflict(
                    attribute="killed",
                    values=(
                        SourcedValue(value=1, sources=(a.id,)),
                        SourcedValue(value=2, sources=(b.id,)),
                    ),
                ),
            ),
        )
        planned = Event(
            id="ev2",
            type="Strategic developments",
            subtype="Agreement",
            date="2026-07",
            time_precision=3,
            location=Location(name="Orsk", lat=None, lon=None),
            sources=(a.id, c.id),
            context=("future",),
        )
        ships = FigureGroup(
            id="fg1",
            subject="ships using the harbour weekly",
            value=300,
            unit="ships",
            approx="about",
            place="Port Velan",
            sources=(a.id, b.id),
            citations=(_span(a.id, ta, "about 300 ships"), _span(b.id, tb, "about 300 ships")),
        )
        front = Entity(
            id="en1",
            name=actor,
            type="ORG",
            aliases=("the Front", XSS[5]) if hostile else ("the Front",),
            mentions=(_span(a.id, ta, "Tidewater Front"), _span(b.id, tb, "Tidewater Front")),
        )
        town = Entity(
            id="en2",
            name=place,
            type="GPE",
            mentions=(_span(a.id, ta, "Port Velan"), _span(b.id, tb, "Port Velan")),
            location=velan,
        )
        story = Story(
            id="st1", title=title("Freighter attack off Port Velan"), article_ids=(a.id, b.id, c.id)
        )
        store.put_linked(
            [
                LinkedStory(
                    story=story, entities=(front, town), events=(event, planned), figures=(ships,)
                )
            ],
            "test",
        )
    store.close()
    return Built(
        db=db,
        story_id="st1",
        event_id="ev1",
        planned_id="ev2",
        entity_id="en1",
        place_id="en2",
        article_ids=(a.id, b.id, c.id),
        texts={a.id: ta, b.id: tb, c.id: tc},
    )


@pytest.fixture(scope="session")
def no_embedder() -> Iterator[None]:
    """Build briefs with TF-IDF sentence vectors: no embedding model in the fast tests."""
    import storydesk.pipeline

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(storydesk.pipeline, "_embedder", lambda: None)
        yield


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The story in a store that read-only tests share (tests that write build their own)."""
    return build_store(tmp_path_factory.mktemp("web") / "web.db")


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_store(tmp_path_factory.mktemp("hostile") / "hostile.db", hostile=True)


@pytest.fixture(scope="session")
def client(built: Built, no_embedder: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    from fastapi.testclient import TestClient

    from storydesk.web import create_app

    app = create_app(Config(db=str(built.db)), uploads=tmp_path_factory.mktemp("uploads"))
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def make_store():
    """Return :func:`build_store`, for tests that need a store of their own."""
    return build_store
