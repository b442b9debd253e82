"""Online story clustering: topics separate, old stories keep their articles, order does not matter."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storydesk.link import stories

from .records import article

FLOOD = [
    article("Heavy rain flooded the river town of Marlow; rescuers used boats to reach families on "
            "rooftops as the river burst its banks.", title="River floods Marlow", published="2024-03-01"),
    article("Rescuers in Marlow pulled families from flooded homes after the river burst its banks "
            "following two days of heavy rain.", title="Marlow flood rescue", published="2024-03-02"),
    article("The flood in Marlow receded on Monday; the river fell and families returned to homes "
            "damaged by rain.", title="Marlow flood waters recede", published="2024-03-04"),
]
TRANSFER = [
    article("The striker signed for the northern football club for a record transfer fee, the club "
            "said, ending a long saga.", title="Striker joins in record transfer", published="2024-03-01"),
    article("Fans greeted the striker at the football club after the record transfer fee was agreed "
            "with his former club.", title="Fans welcome record signing", published="2024-03-03"),
]
ALL = FLOOD + TRANSFER


def _groups(found):
    return {frozenset(s.article_ids) for s in found}


def test_two_topics_become_two_stories_with_a_headline():
    found = stories(ALL, {})
    assert _groups(found) == {frozenset(a.id for a in FLOOD), frozenset(a.id for a in TRANSFER)}
    titles = {a.title for a in ALL}
    assert all(s.title in titles for s in found)


def test_previous_stories_keep_their_articles_and_ids():
    first = stories(FLOOD[:2] + TRANSFER[:1], {})
    later = stories(ALL, {}, previous=first)
    old = {s.id: s for s in first}
    for s in later:
        if s.id in old:
            assert set(old[s.id].article_ids) <= set(s.article_ids)
    assert _groups(later) == _groups(stories(ALL, {}))


def test_new_article_joins_a_story_known_only_by_its_title():
    first = stories(FLOOD[:2], {})
    later = stories(FLOOD[2:], {}, previous=first)
    assert len(later) == 1 and FLOOD[2].id in later[0].article_ids


@settings(max_examples=15, deadline=None)
@given(st.permutations(ALL))
def test_order_independent(perm):
    assert stories(perm, {}) == stories(ALL, {})


def test_top_entities_do_not_depend_on_insertion_order() -> None:
    from collections import Counter

    from storydesk.link.stories import top_entities

    names = [f"name{i:02d}" for i in range(14)]
    a = Counter(names)
    b = Counter(reversed(names))
    a["name13"] += 1
    b["name13"] += 1
    assert top_entities(a) == top_entities(b) == {"name13", *names[:9]}


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.text("abcdef", min_size=1, max_size=3),
        st.sets(st.integers(0, 14), max_size=8),
        max_size=8,
    ),
    st.integers(0, 15),
    st.integers(1, 8),
)
def test_blocked_pairs_are_every_pair_sharing_a_small_key(postings, n_previous, max_posting) -> None:
    import sys

    module = sys.modules["storydesk.link.stories"]
    expected = sorted(
        {
            (a, b)
            for members in postings.values()
            if len(members) <= max_posting
            for a in members
            for b in members
            if a < b and b >= n_previous
        }
    )
    assert module._blocked_pairs(postings, 15, n_previous, max_posting) == expected
    assert module._blocked_pairs(postings, 15, n_previous, max_posting, flush=1) == expected


@settings(max_examples=40, deadline=None)
@given(
    st.lists(  # articles: term -> weight, over a vocabulary of 40 terms
        st.dictionaries(st.integers(0, 39), st.floats(0.01, 1.0), min_size=1, max_size=12),
        min_size=2,
        max_size=30,
    ),
    st.lists(st.tuples(st.integers(0, 29), st.integers(0, 3), st.booleans()), max_size=60),
)
def test_batched_cosines_are_the_dict_cosines_bit_for_bit(rows, moves) -> None:
    """_cos_many (dense centroids for big stories) gives exactly what _Cluster.cos gives,
    as articles join and leave stories."""
    import sys

    import numpy as np

    module = sys.modules["storydesk.link.stories"]
    clusters = [module._Cluster(id=str(i), article_ids=[], text_sum={}, emb_sum=None) for i in range(4)]
    module_min = module._DENSE_MIN_TERMS
    module._DENSE_MIN_TERMS = 3  # promote small test stories to dense vectors
    try:
        for r, ci, join in moves:
            row = rows[r % len(rows)]
            clusters[ci].add_row(row, 1.0 if join or not clusters[ci].text_sum else -1.0)
            for probe in rows:
                idx = np.fromiter(probe.keys(), dtype=np.int64)
                val = np.fromiter(probe.values(), dtype=np.float64)
                got = module._cos_many(clusters, probe, idx, val, 40)
                assert got == [c.cos(probe) for c in clusters]
    finally:
        module._DENSE_MIN_TERMS = module_min


def test_a_big_story_gets_a_dense_centroid_with_the_same_cosines() -> None:
    import sys

    import numpy as np

    module = sys.modules["storydesk.link.stories"]
    rng = np.random.default_rng(0)
    big = module._Cluster(id="big", article_ids=[], text_sum={}, emb_sum=None)
    for _ in range(400):  # 400 rows of 30 terms over 5,000: well over _DENSE_MIN_TERMS terms
        terms = rng.choice(5000, size=30, replace=False)
        big.add_row(dict(zip(terms.tolist(), rng.random(30).tolist())))
    probe = {int(t): float(w) for t, w in zip(rng.choice(5000, 40, replace=False), rng.random(40))}
    idx, val = np.fromiter(probe, dtype=np.int64), np.fromiter(probe.values(), dtype=np.float64)
    assert module._cos_many([big], probe, idx, val, 5000) == [big.cos(probe)]
    assert big.dense is not None
    big.add_row(probe, -1.0)  # a move away keeps the dense copy in step
    assert module._cos_many([big], probe, idx, val, 5000) == [big.cos(probe)]


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(st.integers(0, 500), st.integers(1, 6), max_size=120), st.integers(1, 40))
def test_top_hits_are_the_heap_order(hits, n) -> None:
    import heapq
    import sys

    module = sys.modules["storydesk.link.stories"]
    expected = [ci for _, ci in heapq.nsmallest(n, ((-h, ci) for ci, h in hits.items()))]
    assert module._top_hits(hits, n) == expected


@settings(max_examples=60, deadline=None)
@given(
    st.lists(  # steps: (kind, article keys, which earlier article to take back)
        st.tuples(
            st.sampled_from(["join", "join", "join", "leave", "merge"]),
            st.frozensets(st.integers(0, 60).map(lambda i: f"k{i:02d}"), min_size=1, max_size=10),
            st.integers(0, 1000),
        ),
        max_size=120,
    )
)
def test_a_storys_tracked_top_entities_are_top_entities(steps) -> None:
    """_Cluster.top (kept up to date by _TopTracker) equals ranking every entity anew, as articles
    join and leave and stories merge; 61 keys, more than the tracker follows."""
    import sys

    module = sys.modules["storydesk.link.stories"]
    story = module._Cluster(id="s", article_ids=[], text_sum={}, emb_sum=None)
    joined: list[frozenset[str]] = []
    for kind, keys, pick in steps:
        if kind == "leave" and joined:
            story.add_entities(joined.pop(pick % len(joined)), -1)
        elif kind == "merge":
            other = module._Cluster(id="o", article_ids=[], text_sum={}, emb_sum=None)
            other.add_entities(keys)
            story.merge_entities(other)
        else:
            story.add_entities(keys)
            joined.append(keys)
        assert story.top() == module.top_entities(story.entities)


def test_a_big_storys_top_entities_survive_joins_and_leaves() -> None:
    """Thousands of keys with a skewed spread, as a long story has: every step agrees."""
    import random
    import sys

    module = sys.modules["storydesk.link.stories"]
    rng = random.Random(7)
    story = module._Cluster(id="s", article_ids=[], text_sum={}, emb_sum=None)
    joined = []
    for _ in range(3000):
        if joined and rng.random() < 0.3:
            story.add_entities(joined.pop(rng.randrange(len(joined))), -1)
        else:
            keys = frozenset(f"k{min(int(rng.expovariate(0.01)), 4000)}" for _ in range(10))
            story.add_entities(keys)
            joined.append(keys)
        assert story.top() == module.top_entities(story.entities)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(  # stories: term -> weight, over 50 terms; some long, some empty
        st.dictionaries(st.integers(0, 49), st.floats(0.01, 1.0), max_size=40), min_size=2, max_size=20
    ),
    st.lists(st.tuples(st.integers(0, 19), st.integers(0, 19)), min_size=1, max_size=80),
)
def test_row_dots_are_scipys_pairwise_products_bit_for_bit(rows, pairs) -> None:
    import sys

    import numpy as np
    from scipy import sparse

    module = sys.modules["storydesk.link.stories"]
    r = [i for i, row in enumerate(rows) for _ in row]
    c = [t for row in rows for t in row]
    v = [w for row in rows for w in row.values()]
    unit = sparse.csr_matrix((v, (r, c)), shape=(len(rows), 50))
    unit.sort_indices()
    idx = np.array([(a % len(rows), b % len(rows)) for a, b in pairs], dtype=np.int64)
    a, b = idx[:, 0], idx[:, 1]
    expected = np.asarray(unit[a].multiply(unit[b]).sum(axis=1)).ravel()
    assert module._row_dots(unit, a, b).tolist() == expected.tolist()
