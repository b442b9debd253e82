"""Derived state (the saved near-duplicate index) and ingest-order marks, on every backend."""

from __future__ import annotations

from storydesk.model import Article, article_id_for
from storydesk.store import Store


def _article(n: int) -> Article:
    text = f"Story number {n}: a convoy was stopped at a checkpoint north of the river crossing."
    return Article(
        id=article_id_for(text), input=f"in{n}.txt", text=text, published_how="none"
    )


def test_state_round_trip_and_replace(store: Store) -> None:
    assert store.get_state("dup-index") is None
    blob = bytes(range(256)) * 3  # every byte value: the column must be binary-safe
    store.put_state("dup-index", blob, 7)
    assert store.get_state("dup-index") == (blob, 7)
    store.put_state("dup-index", b"newer", 9)
    assert store.get_state("dup-index") == (b"newer", 9)
    assert store.get_state("other") is None


def test_state_write_rolls_back_with_its_transaction(store: Store) -> None:
    store.put_state("k", b"kept", 1)
    try:
        with store.atomic():
            store.put_state("k", b"lost", 2)
            raise RuntimeError("crash before commit")
    except RuntimeError:
        pass
    assert store.get_state("k") == (b"kept", 1)


def test_articles_after_mark_follow_ingest_order(store: Store) -> None:
    assert store.article_mark() == 0
    assert list(store.articles_after(0)) == []
    first = [_article(i) for i in range(3)]
    with store.atomic():
        for a in first:
            store.put_article(a)
    mark = store.article_mark()
    assert mark > 0
    assert [a.id for a in store.articles_after(0)] == [a.id for a in first]
    assert list(store.articles_after(mark)) == []
    later = [_article(i) for i in range(3, 5)]
    with store.atomic():
        for a in later:
            store.put_article(a)
    assert [a.id for a in store.articles_after(mark)] == [a.id for a in later]
    assert store.article_mark() > mark
