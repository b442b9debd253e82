"""The event-merge core: blocked candidate pairs, a pairwise score, average-link clustering.

The same core links a story's event mentions (:mod:`storydesk.link.events`) and ECB+ gold
mentions (``bench/bench_ecb.py``); only the way :class:`EventItem` is filled differs.
"""

from __future__ import annotations

import functools
import heapq
import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz

FEATURES: tuple[str, ...] = (
    "same_trigger",
    "trigger_sim",
    "type_match",
    "subtype_match",
    "mode_clash",
    "time_match",
    "place_match",
    "participants",
    "sentence_cos",
    "words",
    "same_doc",
    "same_sentence",
    "trigger_assoc",
    "trigger_cos",
    "doc_cos",
)


@dataclass(frozen=True, slots=True)
class EventItem:
    """What the merge core knows about one event mention."""

    uid: str  # unique and stable: "<article>:<start>:<end>"
    doc: str
    trigger: str  # stem of the trigger word(s)
    trigger_text: str = ""
    type: str | None = None
    subtype: str | None = None
    mode: str | None = None
    earliest: str | None = None  # ISO day range the event falls in
    latest: str | None = None
    place: str | None = None  # canonical place key
    country: str | None = None
    coords: tuple[float, float] | None = None  # (lat, lon) of the place, when geocoded
    participants: frozenset[str] = frozenset()  # canonical keys of actors and victims
    words: frozenset[str] = frozenset()  # content stems of the sentence
    sentence: str = ""  # sentence key: mentions in one sentence are rarely the same event
    vector: np.ndarray | None = field(default=None, compare=False)  # unit sentence vector
    trigger_vector: np.ndarray | None = field(default=None, compare=False)  # unit trigger vector
    # Unit vector of the whole report: two stories of one kind (two earthquakes, two raids) share
    # triggers and sentence shapes but not the rest of their reports.
    doc_vector: np.ndarray | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class MergeModel:
    """Weights of the pairwise logistic score and the average-link threshold."""

    weights: tuple[float, ...]
    bias: float
    threshold: float = 0.5
    max_day_gap: int = 2  # precise dates further apart than this never merge
    # Learned trigger-pair association ("arrest|detain" -> 0.6, "say|say" -> 0.1), keyed by
    # :func:`pair_key`; pairs not in it score 0.
    lexicon: Mapping[str, float] = field(default_factory=dict)

    def probability(self, feats: Sequence[float]) -> float:
        """Return the merge probability of one pair from its feature vector."""
        z = self.bias + sum(w * f for w, f in zip(self.weights, feats))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


# Hand-set for news event mentions: type, time and place carry most of the weight, because
# two outlets rarely use the same trigger word for one strike. Checked against the ECB+ fit.
NEWS_MODEL = MergeModel(
    weights=(1.0, 0.5, 1.6, 0.6, -0.3, 1.5, 1.4, 1.6, 2.0, 1.0, -0.4, -2.0, 0.0, 0.0, 0.0),
    bias=-2.6,
    threshold=0.5,
)


SAME_STEM = "*same*"
OTHER_STEM = "*other*"


def pair_key(a: str, b: str) -> str:
    """Return the lexicon key of two trigger stems (order-free)."""
    return "|".join(sorted((a, b)))


@functools.lru_cache(maxsize=65_536)
def _day(iso: str | None) -> int | None:
    if not iso or len(iso) < 10:
        return None
    try:
        y, m, d = int(iso[:4]), int(iso[5:7]), int(iso[8:10])
    except ValueError:
        return None
    # Days since year 0 without datetime: comparisons only need a monotone day count.
    return y * 372 + (m - 1) * 31 + (d - 1)


_PRECISE_DAYS = 7


def time_relation(a: EventItem, b: EventItem, max_gap: int) -> int:
    """Return 1 when the windows overlap, -1 when precise windows are far apart, else 0."""
    ae, al, be, bl = _day(a.earliest), _day(a.latest), _day(b.earliest), _day(b.latest)
    if None in (ae, al, be, bl):
        return 0
    assert ae is not None and al is not None and be is not None and bl is not None
    gap = max(be - al, ae - bl)
    if gap <= 0:
        # Overlap is evidence only between precise windows: a month, or the estimated window of
        # an undated article, overlaps every day in it.
        return 1 if max(al - ae, bl - be) <= _PRECISE_DAYS else 0
    # A month-wide window that misses a day by two is not evidence against; only precise ones.
    if gap > max_gap:
        return -1
    return 0


#: Places closer than this are not evidence of two events (ACLED codes one city as one place).
SAME_PLACE_KM = 25.0


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


#: Types whose ACLED subtypes tell how the event was met, not which event it was: one rally is a
#: "Peaceful protest" to one outlet and a "Protest with intervention" to another that saw the tear
#: gas, so a subtype difference is no evidence of two events.
_SUBTYPE_IS_RESPONSE = frozenset({"Protests", "Riots"})


def _compatible_types(a: EventItem, b: EventItem) -> bool:
    """Say whether two different types can still be one event as different sources code it.

    An attack that air defences stopped is "Disrupted weapons use" (Strategic developments) to
    ACLED but a drone or missile attack to an outlet that reports it as one.
    """
    kinds = {(a.type, a.subtype), (b.type, b.subtype)}
    return ("Strategic developments", "Disrupted weapons use") in kinds and any(
        t == "Explosions/Remote violence" for t, _ in kinds
    )


def features(a: EventItem, b: EventItem, model: MergeModel) -> tuple[float, ...] | None:
    """Return the pair's feature vector, or None when the pair can never be one event."""
    t = time_relation(a, b, model.max_day_gap)
    if t < 0:
        return None
    if a.country and b.country and a.country != b.country:
        return None
    same_trigger = 1.0 if a.trigger and a.trigger == b.trigger else 0.0
    tsim = fuzz.ratio(a.trigger_text or a.trigger, b.trigger_text or b.trigger) / 100.0
    type_match = 0.0 if not (a.type and b.type) else (1.0 if a.type == b.type else -1.0)
    sub_match = 0.0 if not (a.subtype and b.subtype) else (1.0 if a.subtype == b.subtype else -1.0)
    if type_match < 0 and _compatible_types(a, b):
        type_match = sub_match = 0.0
    elif sub_match < 0 and a.type in _SUBTYPE_IS_RESPONSE:
        sub_match = 0.0
    mode_clash = 1.0 if (a.mode and b.mode and a.mode != b.mode) else 0.0
    place = 0.0 if not (a.place and b.place) else (1.0 if a.place == b.place else -1.0)
    if place < 0 and a.coords and b.coords and _km(a.coords, b.coords) <= SAME_PLACE_KM:
        place = 0.0  # a square and a bridge in one city: not evidence of two events
    if a.participants and b.participants:
        inter = len(a.participants & b.participants)
        parts = inter / min(len(a.participants), len(b.participants))
    else:
        parts = 0.0
    if a.vector is not None and b.vector is not None:
        cos = float(np.dot(a.vector, b.vector))
    else:
        cos = 0.0
    if a.words and b.words:
        words = len(a.words & b.words) / math.sqrt(len(a.words) * len(b.words))
    else:
        words = 0.0
    same_doc = 1.0 if a.doc == b.doc else 0.0
    same_sentence = 1.0 if a.sentence and a.sentence == b.sentence else 0.0
    assoc = 0.0
    if model.lexicon:
        assoc = model.lexicon.get(pair_key(a.trigger, b.trigger), -1.0)
        if assoc < 0:  # unseen pair: the learned base rate for same / different stems
            assoc = model.lexicon.get(SAME_STEM if same_trigger else OTHER_STEM, 0.0)
    tcos = 0.0
    if a.trigger_vector is not None and b.trigger_vector is not None:
        tcos = float(np.dot(a.trigger_vector, b.trigger_vector))
    dcos = 0.0
    if a.doc_vector is not None and b.doc_vector is not None:
        dcos = float(np.dot(a.doc_vector, b.doc_vector))
    return (
        same_trigger, tsim, type_match, sub_match, mode_clash, float(t), place, parts, cos, words,
        same_doc, same_sentence, assoc, tcos, dcos,
    )


def _block_keys(item: EventItem) -> list[str]:
    keys = []
    if item.trigger:
        keys.append("trig:" + item.trigger)
    if item.type:
        keys.append("type:" + item.type + ":" + (item.earliest or "")[:7])
    for p in sorted(item.participants):
        keys.append("part:" + p)
    if item.place:
        keys.append("place:" + item.place)
    return keys


def candidate_pairs(items: Sequence[EventItem], max_block: int = 150) -> set[tuple[int, int]]:
    """Return index pairs that share a blocking key (trigger, type+month, participant, place).

    Oversized blocks (a participant named in every sentence) are cut to their nearest
    neighbours by position so no block costs more than ``max_block`` squared.
    """
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        for k in _block_keys(it):
            blocks[k].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        n = len(members)
        if n < 2:
            continue
        if n <= max_block:
            for x in range(n):
                for y in range(x + 1, n):
                    pairs.add((members[x], members[y]))
        else:
            # Sorted by uid (article, offset): a sliding window keeps neighbours in time and text.
            w = max_block // 2
            for x in range(n):
                for y in range(x + 1, min(n, x + w)):
                    pairs.add((members[x], members[y]))
    return pairs


def _mean_reaches(a: Sequence[int], b: Sequence[int], prob: Callable[[int, int], float], threshold: float) -> bool:
    """Say whether the mean of ``prob`` over all cross pairs of ``a`` and ``b`` reaches ``threshold``.

    The same answer as summing every pair, usually from part of them: probabilities lie in
    [0, 1], so the sum so far is a lower bound of the total and the sum so far plus one per pair
    left an upper bound. Each pair's probability costs a feature vector in Python, and these sums
    were ~20% of link at 50,000 articles. The lower bound decides exactly (adding non-negative
    floats never lowers a float sum); the upper bound gives way by 1e-9 of the total, far more
    than float rounding over a million pairs.
    """
    n = len(a) * len(b)
    need = threshold * n
    total = 0.0
    left = n
    for i in a:
        for j in b:
            total += prob(i, j)
        left -= len(b)
        if total / n >= threshold:
            return True
        if total + left < need * (1.0 - 1e-9):
            return False
    return total / n >= threshold


def cluster_events(items: Sequence[EventItem], model: MergeModel) -> list[list[int]]:
    """Cluster event mentions into events; returns index lists, deterministic and order-free.

    Average-link agglomeration over blocked candidates: pairs are tried best-first and two
    clusters join only if the mean probability over all their cross pairs (computed lazily,
    impossible pairs counting 0) reaches the threshold.
    """
    order = sorted(range(len(items)), key=lambda i: items[i].uid)
    ranked = [items[i] for i in order]
    cache: dict[tuple[int, int], float] = {}

    def prob(x: int, y: int) -> float:
        key = (x, y) if x < y else (y, x)
        p = cache.get(key)
        if p is None:
            f = features(ranked[key[0]], ranked[key[1]], model)
            p = 0.0 if f is None else model.probability(f)
            cache[key] = p
        return p

    heap: list[tuple[float, int, int]] = []
    for x, y in candidate_pairs(ranked):
        p = prob(x, y)
        if p >= model.threshold:
            heap.append((-p, x, y))
    heapq.heapify(heap)
    parent = list(range(len(ranked)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(ranked))}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # A failed average-link check between two clusters fails again until one of them grows, so
    # it is remembered by the clusters' sizes: without this, every candidate pair between two
    # big clusters re-summed all their cross pairs (quadratic in a long story's mentions).
    failed: dict[tuple[int, int], tuple[int, int]] = {}
    while heap:
        _, x, y = heapq.heappop(heap)
        rx, ry = find(x), find(y)
        if rx == ry:
            continue
        a, b = members[rx], members[ry]
        pair = (rx, ry) if rx < ry else (ry, rx)
        sizes = (len(members[pair[0]]), len(members[pair[1]]))
        if failed.get(pair) == sizes:
            continue
        if _mean_reaches(a, b, prob, model.threshold):
            lo, hi = pair
            parent[hi] = lo
            members[lo] = sorted(a + b)
            del members[hi]
        else:
            failed[pair] = sizes
    clusters = [[order[i] for i in m] for m in members.values()]
    clusters.sort(key=lambda c: min(items[i].uid for i in c))
    return clusters
