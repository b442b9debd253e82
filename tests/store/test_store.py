"""Behavioural tests every store backend must pass."""

from __future__ import annotations

import pytest

from storydesk.model import (
    Annotations,
    Article,
    ArticleCopy,
    Citation,
    DateExpr,
    Entity,
    Event,
    LinkedStory,
    Rejected,
    RemovedLine,
    Mention,
    Sentence,
    Story,
    article_id_for,
)
from storydesk.store import Store

TEXT = "Rockets struck a supply depot outside the town on Monday. Nobody was hurt, officials said."


def _article(text: str = TEXT, input: str = "a.txt", **kw: object) -> Article:
    return Article(
        id=article_id_for(text),
        input=input,
        text=text,
        title="Depot hit",
        outlet="Test Wire",
        published="2026-03-02",
        published_how="text",
        removed=(RemovedLine(text="Share this story", reason="share-prompt", line_no=3),),
        **kw,  # type: ignore[arg-type]
    )


def test_article_round_trip(store: Store) -> None:
    a = _article(published_window=None)
    with store.atomic():
        assert store.put_article(a) is True
    assert store.get_article(a.id) == a
    assert store.get_article(a.id[:6]) == a  # unique prefix
    assert store.get_article(a.id[:6], prefix=False) is None  # the ingest path: exact ids only
    assert store.get_article(a.id, prefix=False) == a
    assert list(store.articles()) == [a]


def test_id_prefix_must_be_unique(store: Store) -> None:
    a, b = _article(), _article(text="Rockets struck a second depot near the river crossing on Sunday.")
    with store.atomic():
        store.put_article(a)
        store.put_article(b)
    shared = next(i for i in range(len(a.id)) if a.id[i] != b.id[i])
    assert store.get_article(a.id[:shared]) is None  # ambiguous
    assert store.get_article(a.id[: shared + 1]) == a
    assert store.get_article(b.id[: shared + 1]) == b
    assert store.get_article("z") is None


def test_same_article_twice_is_one_row(store: Store) -> None:
    a = _article()
    with store.atomic():
        assert store.put_article(a)
        assert not store.put_article(a)
    assert store.count_articles() == 1


def test_atomic_rolls_back_on_error(store: Store) -> None:
    with pytest.raises(RuntimeError):
        with store.atomic():
            store.put_article(_article())
            raise RuntimeError("boom")
    assert store.count_articles() == 0


def test_nested_atomic_is_a_savepoint(store: Store) -> None:
    with store.atomic():
        store.put_article(_article())
        with pytest.raises(ValueError):
            with store.atomic():
                store.put_article(_article(text=TEXT + " More."))
                raise ValueError
    assert store.count_articles() == 1


def test_rejections_stored_once_per_input_and_code(store: Store) -> None:
    r = Rejected(input="x.bin", stage="ingest", code="INGEST-002", reason="binary")
    with store.atomic():
        assert store.put_rejection(r)
        assert not store.put_rejection(r)
    assert store.rejections() == [r]


def test_copies_and_inputs(store: Store) -> None:
    a = _article()
    with store.atomic():
        store.put_article(a)
        store.put_copy(ArticleCopy(article_id=a.id, input="a.txt", kind="original"))
        store.put_copy(ArticleCopy(article_id=a.id, input="b.txt", kind="near", similarity=0.91, outlet="B"))
        assert not store.put_copy(ArticleCopy(article_id=a.id, input="b.txt", kind="near"))
        store.mark_input("a.txt", "d1", "article", a.id)
    assert [c.input for c in store.copies(a.id)] == ["a.txt", "b.txt"]
    assert store.input_seen("a.txt", "d1") and not store.input_seen("a.txt", "d2")


def test_annotations_round_trip_and_versions(store: Store) -> None:
    a = _article()
    ann = Annotations(
        article_id=a.id,
        sentences=(Sentence(article_id=a.id, start=0, end=58, text=TEXT[:58], index=0),),
        dates=(
            DateExpr(article_id=a.id, start=50, end=56, text="Monday", value="2026-03-02", precision="day"),
        ),
    )
    with store.atomic():
        store.put_article(a)
        store.put_annotations(ann, "v1")
    assert store.get_annotations([a.id]) == {a.id: ann}
    assert store.annotation_versions() == {a.id: "v1"}


def test_mentions_are_read_without_the_rest_of_the_annotations(store: Store) -> None:
    a, b = _article(), _article(TEXT + " A second report.", input="b.txt")
    named = Annotations(
        article_id=a.id,
        mentions=(
            Mention(article_id=a.id, start=0, end=7, label="ORG", text="Rockets"),
            Mention(article_id=a.id, start=20, end=26, label="GPE", text="Erbīl"),
        ),
        sentences=(Sentence(article_id=a.id, start=0, end=58, text=TEXT[:58], index=0),),
    )
    with store.atomic():
        store.put_article(a)
        store.put_article(b)
        store.put_annotations(named, "v1")
        store.put_annotations(Annotations(article_id=b.id), "v1")
    assert store.get_mentions([a.id, b.id, "not-stored"]) == {a.id: named.mentions, b.id: ()}
    assert store.get_mentions([]) == {}


def test_linked_stories_replace(store: Store) -> None:
    cit = Citation(article_id="a1", start=0, end=7, text="Rockets")
    ls = LinkedStory(
        story=Story(id="s1", title="Depot hit", article_ids=("a1",)),
        entities=(Entity(id="e1", name="Test Wire", type="ORG", aliases=("TW",), mentions=(cit,)),),
        events=(Event(id="v1", type="Explosions/Remote violence", sources=("a1",), mentions=(cit,)),),
    )
    store.put_linked([ls], "L1")
    assert store.linked_stories() == [ls]
    assert store.linked_version() == "L1"
    store.put_linked([], "L2")
    assert store.linked_stories() == []


def test_feed_state(store: Store) -> None:
    assert store.get("http://feed") is None
    store.put("http://feed", {"etag": "x", "seen": ["1"]})
    assert store.get("http://feed") == {"etag": "x", "seen": ["1"]}


def test_full_text_search_quotes_user_input(store: Store) -> None:
    with store.atomic():
        store.put_article(_article())
    hits = store.search("supply depot")
    assert hits and hits[0][0] == article_id_for(TEXT)
    assert store.search('depot" OR "x') == []  # FTS syntax in user input is treated as words
    assert store.search("   ") == []
