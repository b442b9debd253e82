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
from itertools import repeat
from typing import Any

import numpy as np
from rapidfuzz import fuzz
from scipy import sparse

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
        # Summed one by one (what sum() does before Python 3.12, which compensates), so that
        # PairScorer's numpy sums give the same floats on every Python.
        z = 0.0
        for w, f in zip(self.weights, feats):
            z += w * f
        return _sigmoid(self.bias + z)


def _sigmoid(z: float) -> float:
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


def _codes(values: Sequence[Any], missing: bool = True) -> np.ndarray:
    """Number distinct values 0, 1, ...; with ``missing``, None and "" get -1."""
    seen: dict[Any, int] = {}
    out = np.empty(len(values), dtype=np.int64)
    for k, v in enumerate(values):
        out[k] = -1 if missing and (v is None or v == "") else seen.setdefault(v, len(seen))
    return out


def _incidence(sets: Sequence[frozenset[str]]) -> sparse.csr_matrix:
    """Items x keys, 1 where the item's set holds the key."""
    cols: dict[str, int] = {}
    rows, idx = [], []
    for r, keys in enumerate(sets):
        for k in keys:
            rows.append(r)
            idx.append(cols.setdefault(k, len(cols)))
    data = np.ones(len(rows), dtype=np.float64)
    return sparse.csr_matrix((data, (rows, idx)), shape=(len(sets), max(1, len(cols))))


class PairScorer:
    """Merge probabilities of many pairs at once: ``model.probability(features(a, b, model))``
    for every pair, the same floats, in numpy.

    Why: the biggest story at 50,000 scale-up articles has 9,098 event mentions and asked for
    4.3 million pair probabilities, one :func:`features` call each. Here each feature is an
    array operation over a chunk of pairs on per-item codes (about ten times faster on that
    story's pairs), and pairs that can never merge (precise dates apart, two countries) cost
    only their dates. Features
    that are not plain arithmetic (trigger similarity, place distance, the trigger lexicon) are
    looked up once per distinct pair of values; the cosines use ``np.dot`` per pair as
    :func:`features` does, and only ECB+ has vectors (news stories are merged without).
    """

    _CHUNK = 65_536

    def __init__(self, items: Sequence[EventItem], model: MergeModel) -> None:
        self.items, self.model = items, model
        day = [(_day(it.earliest), _day(it.latest)) for it in items]
        self.dated = np.array([e is not None and l is not None for e, l in day], dtype=bool)
        self.early = np.array([e if e is not None else 0 for e, _ in day], dtype=np.int64)
        self.late = np.array([l if l is not None else 0 for _, l in day], dtype=np.int64)
        self.country = _codes([it.country for it in items])
        self.trigger = _codes([it.trigger for it in items])
        self.trigger_any = _codes([it.trigger for it in items], missing=False)
        self.texts = [it.trigger_text or it.trigger for it in items]
        self.text = _codes(self.texts, missing=False)
        self.type = _codes([it.type for it in items])
        self.subtype = _codes([it.subtype for it in items])
        self.mode = _codes([it.mode for it in items])
        self.place = _codes([it.place for it in items])
        self.coords = _codes([it.coords for it in items])
        self.doc = _codes([it.doc for it in items], missing=False)
        self.sentence = _codes([it.sentence for it in items])
        self.disrupted = np.array(
            [(it.type, it.subtype) == ("Strategic developments", "Disrupted weapons use") for it in items], dtype=bool
        )
        self.remote = np.array([it.type == "Explosions/Remote violence" for it in items], dtype=bool)
        self.response = np.array([it.type in _SUBTYPE_IS_RESPONSE for it in items], dtype=bool)
        self.parts = _incidence([it.participants for it in items])
        self.n_parts = np.array([len(it.participants) for it in items], dtype=np.int64)
        self.words = _incidence([it.words for it in items])
        self.n_words = np.array([len(it.words) for it in items], dtype=np.int64)
        self._ratio: dict[tuple[int, int], float] = {}
        self._km: dict[tuple[int, int], float] = {}
        self._assoc: dict[tuple[int, int], float] = {}
        self._text_of = {c: t for c, t in zip(self.text.tolist(), self.texts)}
        self._coords_of = {c: it.coords for c, it in zip(self.coords.tolist(), items)}
        self._trigger_of = {c: it.trigger for c, it in zip(self.trigger_any.tolist(), items)}
        self._vectors: dict[str, list[np.ndarray | None] | None] = {}
        for name in ("vector", "trigger_vector", "doc_vector"):
            vecs = [getattr(it, name) for it in items]
            self._vectors[name] = None if all(v is None for v in vecs) else vecs

    def probs(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Return the merge probability of each pair ``(a[k], b[k])`` of item indices."""
        out = np.empty(len(a))
        for lo in range(0, len(a), self._CHUNK):
            out[lo : lo + self._CHUNK] = self._chunk(a[lo : lo + self._CHUNK], b[lo : lo + self._CHUNK])
        return out

    def _lookup(self, cache: dict, ca: np.ndarray, cb: np.ndarray, fn: Callable[[int, int], float]) -> np.ndarray:
        """Apply ``fn`` to each pair of value codes, once per distinct pair."""
        keys = list(zip(ca.tolist(), cb.tolist()))
        for key in set(keys) - cache.keys():
            cache[key] = fn(*key)
        return np.fromiter(map(cache.__getitem__, keys), dtype=np.float64, count=len(keys))

    def _chunk(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        # Pairs that can never be one event (precise dates apart, two countries) score 0 as in
        # features(); the rest are scored. In a long story most cross pairs are such.
        ae, al, be, bl = self.early[a], self.late[a], self.early[b], self.late[b]
        dated = self.dated[a] & self.dated[b]
        gap = np.maximum(be - al, ae - bl)
        ca, cb = self.country[a], self.country[b]
        never = (dated & (gap > 0) & (gap > self.model.max_day_gap)) | ((ca >= 0) & (cb >= 0) & (ca != cb))
        out = np.zeros(len(a))
        ok = np.flatnonzero(~never)
        if len(ok):
            a, b = a[ok], b[ok]
            t = np.where(dated[ok] & (gap[ok] <= 0) & (np.maximum(al - ae, bl - be)[ok] <= _PRECISE_DAYS), 1.0, 0.0)
            out[ok] = self._possible(a, b, t)
        return out

    def _possible(self, a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Probabilities of pairs that can be one event; ``t`` is their time relation (0 or 1)."""
        model = self.model

        def match(codes: np.ndarray) -> np.ndarray:
            x, y = codes[a], codes[b]
            return np.where((x < 0) | (y < 0), 0.0, np.where(x == y, 1.0, -1.0))

        ta, tb = self.trigger[a], self.trigger[b]
        same_trigger = np.where((ta >= 0) & (ta == tb), 1.0, 0.0)
        tsim = self._lookup(
            self._ratio, self.text[a], self.text[b],
            lambda x, y: fuzz.ratio(self._text_of[x], self._text_of[y]) / 100.0,
        )
        type_match, sub_match = match(self.type), match(self.subtype)
        compatible = (self.disrupted[a] | self.disrupted[b]) & (self.remote[a] | self.remote[b])
        neutral = (type_match < 0) & compatible
        type_match = np.where(neutral, 0.0, type_match)
        sub_match = np.where(neutral | (~neutral & (sub_match < 0) & self.response[a]), 0.0, sub_match)
        ma, mb = self.mode[a], self.mode[b]
        mode_clash = np.where((ma >= 0) & (mb >= 0) & (ma != mb), 1.0, 0.0)
        place = match(self.place)
        xa, xb = self.coords[a], self.coords[b]
        near = (place < 0) & (xa >= 0) & (xb >= 0)
        if near.any():
            km = self._lookup(self._km, xa[near], xb[near], lambda x, y: _km(self._coords_of[x], self._coords_of[y]))
            place[np.flatnonzero(near)[km <= SAME_PLACE_KM]] = 0.0
        parts = self._overlap(self.parts, self.n_parts, a, b, np.minimum(self.n_parts[a], self.n_parts[b]))
        cos = self._cosines("vector", a, b)
        wa, wb = self.n_words[a], self.n_words[b]
        words = self._overlap(self.words, self.n_words, a, b, np.sqrt((wa * wb).astype(np.float64)))
        same_doc = np.where(self.doc[a] == self.doc[b], 1.0, 0.0)
        sa = self.sentence[a]
        same_sentence = np.where((sa >= 0) & (sa == self.sentence[b]), 1.0, 0.0)
        if model.lexicon:
            assoc = self._lookup(self._assoc, self.trigger_any[a], self.trigger_any[b], self._association)
            # the same-stem base rate applies to unseen pairs whose stems are equal and non-empty
            assoc = np.where(np.isnan(assoc), np.where(same_trigger > 0, self._base(SAME_STEM), self._base(OTHER_STEM)), assoc)
        else:
            assoc = np.zeros(len(a))
        feats = [
            same_trigger, tsim, type_match, sub_match, mode_clash, t, place, parts, cos, words,
            same_doc, same_sentence, assoc, self._cosines("trigger_vector", a, b), self._cosines("doc_vector", a, b),
        ]
        z = np.zeros(len(a))
        for w, f in zip(model.weights, feats):  # one by one, in MergeModel.probability's order
            z = z + w * f
        z = np.clip(model.bias + z, -30.0, 30.0)
        return 1.0 / (1.0 + np.fromiter(map(math.exp, (-z).tolist()), dtype=np.float64, count=len(z)))

    def _association(self, x: int, y: int) -> float:
        """The lexicon's value of a trigger pair, NaN when the lexicon has not seen it."""
        v = self.model.lexicon.get(pair_key(self._trigger_of[x], self._trigger_of[y]), -1.0)
        return math.nan if v < 0 else v

    def _base(self, key: str) -> float:
        return self.model.lexicon.get(key, 0.0)

    @staticmethod
    def _overlap(inc: sparse.csr_matrix, sizes: np.ndarray, a: np.ndarray, b: np.ndarray, denom: np.ndarray) -> np.ndarray:
        """|A & B| / denom for each pair, 0 where either set is empty."""
        both = (sizes[a] > 0) & (sizes[b] > 0)
        out = np.zeros(len(a))
        if both.any():
            k = np.flatnonzero(both)
            inter = np.asarray(inc[a[k]].multiply(inc[b[k]]).sum(axis=1)).ravel()
            out[k] = inter / denom[k]
        return out

    def _cosines(self, name: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        out = np.zeros(len(a))
        vecs = self._vectors[name]
        if vecs is None:
            return out
        for k, (x, y) in enumerate(zip(a.tolist(), b.tolist())):
            if vecs[x] is not None and vecs[y] is not None:
                out[k] = float(np.dot(vecs[x], vecs[y]))
        return out


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


def _mean_reaches(
    a: Sequence[int], b: Sequence[int], block: Callable[[Sequence[int], Sequence[int]], np.ndarray], threshold: float
) -> bool:
    """Say whether the mean probability over all cross pairs of ``a`` and ``b`` reaches ``threshold``.

    ``block(rows, b)`` returns the probabilities of ``rows`` x ``b``, row by row. The answer is
    the one the plain sum ``for i in a: for j in b: total += p`` gives (``np.cumsum`` adds one by
    one, in that order), but usually from part of the pairs: probabilities lie in [0, 1], so the
    sum so far is a lower bound of the total and the sum so far plus one per pair left an upper
    bound. The lower bound decides exactly (adding non-negative floats never lowers a float
    sum); the upper bound gives way by 1e-9 of the total, far more than float rounding over a
    million pairs.

    Why blocks: the pairs of two clusters were summed one by one in Python, each a dict lookup
    behind a function call, and the biggest story at 50,000 articles (9,098 mentions) summed 24
    million of them. With blocks and :class:`PairScorer`, clustering that story took 39 s of CPU
    instead of 63 s, with the same clusters.
    """
    n = len(a) * len(b)
    need = threshold * n * (1.0 - 1e-9)
    total = 0.0
    done = 0
    step = max(1, _BLOCK_PAIRS // len(b))
    for lo in range(0, len(a), step):
        rows = a[lo : lo + step]
        sums = np.cumsum(np.concatenate(([total], block(rows, b))))[len(b) :: len(b)]  # at each row's end
        done_after = done + len(b) * np.arange(1, len(rows) + 1)
        decided = (sums / n >= threshold) | (sums + (n - done_after) < need)
        if decided.any():
            first = int(np.argmax(decided))
            return bool(sums[first] / n >= threshold)
        total, done = float(sums[-1]), int(done_after[-1])
    return total / n >= threshold


_BLOCK_PAIRS = 8192  # pairs whose probabilities the average-link check takes at once
_SCALAR_PAIRS = 400  # fewer missing pairs than this go through features() one by one


def cluster_events(items: Sequence[EventItem], model: MergeModel) -> list[list[int]]:
    """Cluster event mentions into events; returns index lists, deterministic and order-free.

    Average-link agglomeration over blocked candidates: pairs are tried best-first and two
    clusters join only if the mean probability over all their cross pairs (computed lazily,
    impossible pairs counting 0) reaches the threshold.
    """
    order = sorted(range(len(items)), key=lambda i: items[i].uid)
    ranked = [items[i] for i in order]
    n = len(ranked)
    cache: dict[int, float] = {}  # pair (x, y), x < y, as x * n + y -> probability
    scorer = PairScorer(ranked, model)

    def block(rows: Sequence[int], others: Sequence[int]) -> np.ndarray:
        i = np.repeat(np.asarray(rows, dtype=np.int64), len(others))
        j = np.tile(np.asarray(others, dtype=np.int64), len(rows))
        lo, hi = np.minimum(i, j), np.maximum(i, j)
        keys = (lo * n + hi).tolist()
        probs = np.fromiter(map(cache.get, keys, repeat(math.nan)), dtype=np.float64, count=len(keys))
        miss = np.flatnonzero(np.isnan(probs))
        # PairScorer costs ~1 ms a call whatever its size up to ~1,000 pairs; features() ~2.5 µs
        # a pair on the biggest story's pairs: they break even near 400 (timed on 100 calls each).
        if len(miss) >= _SCALAR_PAIRS:
            probs[miss] = scorer.probs(lo[miss], hi[miss])
        else:
            for k in miss.tolist():
                f = features(ranked[int(lo[k])], ranked[int(hi[k])], model)
                probs[k] = 0.0 if f is None else model.probability(f)
        cache.update(zip((keys[k] for k in miss.tolist()), probs[miss].tolist()))
        return probs

    heap: list[tuple[float, int, int]] = []
    pairs = sorted(candidate_pairs(ranked))
    if pairs:
        lo, hi = np.array(pairs, dtype=np.int64).T
        for (x, y), p in zip(pairs, scorer.probs(lo, hi).tolist()):
            cache[x * n + y] = p
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
        if _mean_reaches(a, b, block, model.threshold):
            lo, hi = pair
            parent[hi] = lo
            members[lo] = sorted(a + b)
            del members[hi]
        else:
            failed[pair] = sizes
    clusters = [[order[i] for i in m] for m in members.values()]
    clusters.sort(key=lambda c: min(items[i].uid for i in c))
    return clusters
