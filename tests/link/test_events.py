"""Cross-source events: one row per real-world event, conflicts kept with their sources."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storydesk.link import EntityIndex, canonical_entities, linked_story, merge_events
from storydesk.model import Story

from .scenario import ARTICLES, P1, P2, P3, annotations

ANN = annotations()
STORY = Story(id="s1", title="t", article_ids=tuple(sorted(ARTICLES)))


def _linked():
    return linked_story(STORY, ANN, curated=[], lookup_place=lambda name: None)


def _event_with(linked, source_id, start_word):
    for e in linked.events:
        if any(c.article_id == source_id and start_word in c.text for c in e.mentions):
            return e
    raise AssertionError(f"no event with {start_word!r} in {source_id}")


def test_tower22_attack_is_one_event_with_conservative_counts():
    linked = _linked()
    tower = _event_with(linked, P1.id, "Tower 22")
    assert set(tower.sources) >= {P1.id, P2.id}
    assert tower.killed == 3 and tower.injured == 34  # lowest credible value, as ACLED does
    injured = {sv.value: sv.sources for sv in tower.values["injured"]}
    assert injured == {40: (P1.id,), 34: (P2.id,)}
    assert any(c.attribute == "injured" for c in tower.conflicts)
    # A later article recalling the attack attaches to it instead of adding an event.
    assert P3.id in tower.sources and "historical" not in tower.context


def test_baghdad_strike_is_one_event_with_mode_and_victim_conflicts():
    linked = _linked()
    strike = _event_with(linked, P2.id, "Baghdad")
    assert set(strike.sources) == {P1.id, P2.id, P3.id}
    conflicts = {c.attribute: c for c in strike.conflicts}
    modes = {sv.value: sv.sources for sv in conflicts["mode"].values}
    assert modes == {"drone": (P1.id,), "missile": (P2.id,)}
    victims = {sv.value for sv in conflicts["victims"].values}
    assert victims == {"Abu Taqwa", "Mushtaq al-Jawari", "Kazem al-Jafari"}


def test_two_distinct_events_stay_apart_and_spans_resolve():
    linked = _linked()
    assert len(linked.events) == 2
    for e in linked.events:
        for c in e.mentions:
            assert ARTICLES[c.article_id].text[c.start : c.end] == c.text
        for vals in e.values.values():
            for sv in vals:
                for c in sv.citations:
                    assert ARTICLES[c.article_id].text[c.start : c.end] == c.text


def test_far_apart_dates_never_merge():
    ann = ANN[P1.id]
    moved = [e for e in ann.events]
    import dataclasses

    later = dataclasses.replace(moved[0], date_earliest="2024-03-10", date_latest="2024-03-10", date="2024-03-10")
    ents = canonical_entities(ann.mentions)
    events = merge_events([moved[0], later], EntityIndex(ents))
    assert len(events) == 2


ALL_EVENTS = [e for a in ANN.values() for e in a.events]
ENTS = canonical_entities(m for a in ANN.values() for m in a.mentions)


@settings(max_examples=20, deadline=None)
@given(st.permutations(ALL_EVENTS))
def test_merge_is_order_independent_and_idempotent(perm):
    index = EntityIndex(ENTS)
    once = merge_events(perm, index)
    assert once == merge_events(ALL_EVENTS, index)
    # Feeding every mention twice changes nothing.
    assert merge_events(list(perm) + list(perm), index) == once


def test_merge_features_treat_nearby_places_and_protest_subtypes_as_neutral():
    from storydesk.link.event_merge import FEATURES, NEWS_MODEL, EventItem, features

    def item(uid, **kw):
        return EventItem(uid=uid, doc=uid, trigger="protest", earliest="2026-03-06", latest="2026-03-06", **kw)

    square = item("a", type="Protests", subtype="Peaceful protest", place="tahrir", coords=(33.3328, 44.4158))
    bridge = item("b", type="Protests", subtype="Protest with intervention", place="bridge", coords=(33.3390, 44.4030))
    basra = item("c", type="Protests", subtype="Peaceful protest", place="basra", coords=(30.5085, 47.7804))
    f = dict(zip(FEATURES, features(square, bridge, NEWS_MODEL)))
    assert f["place_match"] == 0.0 and f["subtype_match"] == 0.0 and f["type_match"] == 1.0
    assert dict(zip(FEATURES, features(square, basra, NEWS_MODEL)))["place_match"] == -1.0

    shot_down = EventItem(uid="d", doc="d", trigger="shoot", type="Strategic developments",
                          subtype="Disrupted weapons use")
    attack = EventItem(uid="e", doc="e", trigger="attack", type="Explosions/Remote violence",
                       subtype="Air/drone strike")
    talks = EventItem(uid="f", doc="f", trigger="talk", type="Strategic developments", subtype="Other")
    assert dict(zip(FEATURES, features(shot_down, attack, NEWS_MODEL)))["type_match"] == 0.0
    assert dict(zip(FEATURES, features(talks, attack, NEWS_MODEL)))["type_match"] == -1.0


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(0.0, 1.0), min_size=1, max_size=40),
    st.integers(1, 8),
    st.sampled_from([0.0, 0.3, 0.5, 0.9, 1.0]),
)
def test_the_average_link_check_is_the_full_mean(probs, width, threshold) -> None:
    """_mean_reaches stops early but answers as the mean over every cross pair does, whether the
    pairs come in one block or in many (the running total carried from block to block)."""
    import sys

    module = sys.modules["storydesk.link.event_merge"]

    b = list(range(width))
    a = list(range((len(probs) + width - 1) // width))
    grid = {(i, j): probs[(i * width + j) % len(probs)] for i in a for j in b}
    total = 0.0
    for i in a:
        for j in b:
            total += grid[i, j]
    import numpy as np

    def block(rows, others):  # type: ignore[no-untyped-def]
        return np.array([grid[i, j] for i in rows for j in others])

    saved = module._BLOCK_PAIRS
    try:
        for size in (saved, 1, 5):
            module._BLOCK_PAIRS = size
            assert module._mean_reaches(a, b, block, threshold) == (total / len(grid) >= threshold)
    finally:
        module._BLOCK_PAIRS = saved


def _random_items(seed: int, n: int, vectors: bool):  # type: ignore[no-untyped-def]
    import random

    import numpy as np

    from storydesk.link.event_merge import EventItem

    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    kinds = [
        ("Explosions/Remote violence", "Air/drone strike"),
        ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ("Strategic developments", "Disrupted weapons use"),
        ("Protests", "Peaceful protest"),
        ("Protests", "Protest with intervention"),
        ("Riots", "Violent demonstration"),
        ("Battles", "Armed clash"),
        (None, None),
        ("Battles", None),
    ]
    places = [("p:raqqa", "SY", (35.95, 39.01)), ("p:raqqa-bridge", "SY", (35.94, 39.02)),
              ("p:deir", "SY", (35.33, 40.14)), ("p:mosul", "IQ", (36.34, 43.13)), ("p:x", None, None), (None, None, None)]
    days = [None, "2024-03-01", "2024-03-02", "2024-03-05", "2024-03", "2024-04-20"]

    def unit() -> np.ndarray:
        v = nrng.standard_normal(8).astype(np.float32)
        return v / np.linalg.norm(v)

    items = []
    for k in range(n):
        etype, sub = rng.choice(kinds)
        place, country, coords = rng.choice(places)
        day = rng.choice(days)
        trig = rng.choice(["strike", "attack", "bomb", "protest", "", "clash"])
        items.append(
            EventItem(
                uid=f"a{k % 7}:{k}:{k + 3}",
                doc=f"a{k % 7}",
                trigger=trig,
                trigger_text=rng.choice([trig + "s", trig, ""]),
                type=etype,
                subtype=sub,
                mode=rng.choice([None, "drone", "missile"]),
                earliest=day,
                latest=rng.choice([day, "2024-03-31"]) if day else None,
                place=place,
                country=country,
                coords=coords,
                participants=frozenset(rng.sample(["us", "is", "sdf", "civilians", "iraq"], rng.randint(0, 3))),
                words=frozenset(rng.sample([f"w{i}" for i in range(30)], rng.randint(0, 12))),
                sentence=rng.choice(["", f"a{k % 7}:{k % 3}"]),
                vector=unit() if vectors and rng.random() < 0.8 else None,
                trigger_vector=unit() if vectors else None,
                doc_vector=unit() if vectors and rng.random() < 0.5 else None,
            )
        )
    return items


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.booleans())
def test_pair_scorer_gives_features_probabilities_bit_for_bit(seed, vectors) -> None:
    """PairScorer (numpy, used by cluster_events) equals features() + probability() pair by pair,
    with and without vectors and a trigger lexicon."""
    import numpy as np

    from storydesk.link.event_merge import NEWS_MODEL, MergeModel, PairScorer, features

    items = _random_items(seed, 40, vectors)
    lexicon = {"attack|strike": 0.6, "*same*": 0.4, "*other*": 0.1, "bomb|bomb": 0.0}
    for model in (NEWS_MODEL, MergeModel(weights=(0.7,) * 15, bias=-3.0, lexicon=lexicon if vectors else {})):
        a, b = np.triu_indices(len(items), 1)
        expected = []
        for x, y in zip(a.tolist(), b.tolist()):
            f = features(items[x], items[y], model)
            expected.append(0.0 if f is None else model.probability(f))
        assert PairScorer(items, model).probs(a, b).tolist() == expected
