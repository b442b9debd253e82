"""Stories: online, incremental clustering of articles into developing situations."""

from __future__ import annotations

import datetime as dt
import heapq
import math
import operator
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from ..model import Annotations, Article, Story, stable_id
from .names import name_key

_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
_LEAD_CHARS = 1200


@dataclass(frozen=True, slots=True)
class StoryModel:
    """Weights and limits of the story join score.

    ``threshold`` and ``w_entity`` (0.3 and 0.5) are what ``bench/bench_story_clustering.py``
    picked on Clust-McMs dev once it annotated with a shipped model (dev B3 F1 0.815). With later
    models the dev grid's best point moves by about 0.01 of dev F1, within run-to-run noise, so the
    defaults were kept; the bench reports the defaults and the grid's best side by side.
    """

    w_text: float = 1.0  # TF-IDF cosine to the story centroid
    # Sentence-embedding cosine, when an embedder is given. 0 by default: on Clust-McMs dev the
    # MiniLM term lowered B3 F1 at every weight tried (0.803 without, 0.776 at best with).
    w_embed: float = 0.0
    w_entity: float = 0.5  # overlap of the article's main entities with the story's
    w_time: float = 0.15  # penalty per window of days outside the story's span
    window_days: int = 7
    threshold: float = 0.3
    top_terms: int = 12  # blocking keys per article
    max_posting: int = 400  # keys carried by more stories than this carry no signal
    max_candidates: int = 30
    merge_threshold: float = 0.5  # centroid cosine at which two stories of this batch merge


def article_lead(article: Article) -> str:
    """Return the text a story is recognised by: the headline and the first paragraphs."""
    title = (article.title or "").strip()
    lead = article.text[:_LEAD_CHARS]
    return f"{title}. {title}. {lead}" if title else lead


def _day(published: str | None) -> int | None:
    if not published or len(published) < 10:
        return None
    try:
        return dt.date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def _entities(ann: Annotations | None, top: int = 10) -> frozenset[str]:
    if ann is None:
        return frozenset()
    counts = Counter(name_key(m.text) for m in ann.mentions if m.label in _ENTITY_LABELS)
    counts.pop("", None)
    return frozenset(k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top])


def top_entities(counts: Mapping[str, int], n: int = 10) -> set[str]:
    """The ``n`` most frequent entity keys, ties broken by name.

    Not ``Counter.most_common``: it breaks ties by insertion order, which came from iterating a
    frozenset of strings and so changed with PYTHONHASHSEED. The same store linked in three
    processes gave 488, 490 and 494 stories from 1,500 Timeline17 articles.
    """
    return {k for k, _ in heapq.nsmallest(n, counts.items(), key=_rank)}


def _rank(kv: tuple[str, int]) -> tuple[int, str]:
    return -kv[1], kv[0]


_TOP_N = 10  # entities in a story's top set (join_score)
_TOP_TRACK = 32  # keys whose rank a story keeps track of, so its top set survives most changes


class _TopTracker:
    """Keep a story's :func:`top_entities` without re-ranking all its entities on every change.

    A big story holds thousands of entity keys and gains or loses an article's ten at a time;
    re-ranking all of them whenever one article joined was ~10% of link at 50,000 articles. The
    tracker holds a few dozen keys ``known`` and a ``bound``: every key not known ranks below
    ``bound``. A count going up can only lift that key, so it joins ``known`` if it passes the
    bound; a count going down can only drop that key. The top set is exact while ``_TOP_N`` known
    keys still rank above the bound (or every key is known); otherwise everything is ranked anew.
    """

    __slots__ = ("bound", "known")

    def __init__(self, counts: Mapping[str, int]) -> None:
        best = heapq.nsmallest(_TOP_TRACK, counts.items(), key=_rank)
        self.known = {k for k, _ in best}
        self.bound = _rank(best[-1]) if len(counts) > len(best) else None

    def top(self, counts: Mapping[str, int]) -> set[str] | None:
        """Return the top set, or None when the known keys no longer decide it."""
        best = heapq.nsmallest(_TOP_N, ((-counts[k], k) for k in self.known))
        if self.bound is not None and (len(best) < _TOP_N or best[-1] > self.bound):
            return None
        return {k for _, k in best}

    def raised(self, counts: Mapping[str, int], keys: Iterable[str]) -> bool:
        """Note keys whose count went up; False when the tracker grew too big to keep."""
        if self.bound is None:  # every key is known, new ones too
            self.known.update(keys)
        else:
            for k in keys:
                if k not in self.known and (-counts[k], k) < self.bound:
                    self.known.add(k)
        return len(self.known) <= 4 * _TOP_TRACK

    def lowered(self, counts: Mapping[str, int], keys: Iterable[str]) -> None:
        """Note keys whose count went down (keys that reached zero are gone from ``counts``)."""
        for k in keys:
            if k not in counts:
                self.known.discard(k)


@dataclass
class _Cluster:
    id: str
    article_ids: list[str]
    text_sum: dict[int, float]  # sum of member TF-IDF rows, term index -> weight
    emb_sum: np.ndarray | None
    entities: Counter[str] = field(default_factory=Counter)
    first: int | None = None
    last: int | None = None
    title: str | None = None
    _sq: float | None = None  # squared norm of text_sum, kept up to date as rows come and go
    _top: set[str] | None = None  # top_entities(entities), until the entities change
    _tracker: _TopTracker | None = None
    # text_sum also as a dense vector over the vocabulary, once the story is big (_cos_many)
    dense: np.ndarray | None = None

    def top(self) -> set[str]:
        """``top_entities(self.entities)``, kept up to date cheaply (see :class:`_TopTracker`)."""
        if self._top is None:
            top = self._tracker.top(self.entities) if self._tracker is not None else None
            if top is None:
                self._tracker = _TopTracker(self.entities)
                top = self._tracker.top(self.entities)
                assert top is not None  # a fresh tracker knows the top keys
            self._top = top
        return self._top

    def add_entities(self, keys: frozenset[str], sign: int = 1) -> None:
        """Count (or with ``sign=-1`` uncount) one article's entity keys."""
        entities = self.entities
        if sign > 0:
            entities.update(keys)
            if self._tracker is not None and not self._tracker.raised(entities, keys):
                self._tracker = None
        else:
            # Drop the keys that reach zero in place: ``+self.entities`` rebuilt the whole
            # Counter, O(the story's entities) for each article the refinement pass moves.
            entities.subtract(keys)
            for k in keys:
                if entities[k] <= 0:
                    del entities[k]
            if self._tracker is not None:
                self._tracker.lowered(entities, keys)
        self._top = None

    def merge_entities(self, other: _Cluster) -> None:
        """Count another story's entities in (``_consolidate``)."""
        self.entities.update(other.entities)
        self._top = self._tracker = None

    def norm(self) -> float:
        if self._sq is None:
            self._sq = _dot(self.text_sum, self.text_sum)
        return math.sqrt(max(self._sq, 0.0))

    def add_row(self, row: Mapping[int, float], sign: float = 1.0) -> None:
        """Add (or with ``sign=-1`` take away) a row, updating the norm in O(len(row)):
        recomputing it over the whole centroid made big stories quadratic."""
        if self._sq is not None:
            self._sq += 2.0 * sign * _dot(row, self.text_sum) + _dot(row, row)
        _add(self.text_sum, row, sign)
        if self.dense is not None:
            idx = np.fromiter(row.keys(), dtype=np.int64, count=len(row))
            val = np.fromiter(row.values(), dtype=np.float64, count=len(row))
            self.dense[idx] = self.dense[idx] + sign * val  # the same operations as _add

    def cos(self, row: Mapping[int, float]) -> float:
        n = self.norm()
        return _dot(self.text_sum, row) / n if n else 0.0  # rows are unit length

    def add_day(self, day: int | None) -> None:
        if day is None:
            return
        self.first = day if self.first is None else min(self.first, day)
        self.last = day if self.last is None else max(self.last, day)


def _rows(matrix: Any) -> list[dict[int, float]]:
    """Split a CSR matrix into per-row dicts: scipy's per-call overhead dominates small dots."""
    out = []
    for r in range(matrix.shape[0]):
        lo, hi = matrix.indptr[r], matrix.indptr[r + 1]
        out.append(dict(zip(matrix.indices[lo:hi].tolist(), matrix.data[lo:hi].tolist())))
    return out


def _dot(a: Mapping[int, float], b: Mapping[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    # map() keeps the loop in C (~10% faster than a generator on 80-term rows); same products,
    # same order, same sum.
    return sum(map(operator.mul, a.values(), map(b.get, a.keys(), repeat(0.0))))


#: Terms from which a story's centroid is also kept as a dense vector (see _cos_many).
_DENSE_MIN_TERMS = 2000


def _cos_many(
    clusters: Sequence[_Cluster], row: Mapping[int, float], r_idx: np.ndarray, r_val: np.ndarray, width: int
) -> list[float]:
    """Return ``[c.cos(row) for c in clusters]``, the same floats, faster for big stories.

    An article's row (~90 terms) was looked up term by term in each candidate story's centroid
    dict. For big stories (thousands of terms; the topics that grow with the stream) those
    lookups miss the cache; their centroid is also kept as a dense vector over the vocabulary
    (at most 20 times the terms it holds), read with one numpy gather. The products are summed
    in Python in the row's order, as :func:`_dot` sums them, so every score is bit-for-bit
    what ``c.cos(row)`` gives. ``r_idx``/``r_val`` are the row's terms and weights in its order.
    """
    out = []
    for c in clusters:
        if c.dense is None and len(c.text_sum) > max(_DENSE_MIN_TERMS, len(row), width // 20):
            c.dense = np.zeros(width)
            c.dense[np.fromiter(c.text_sum.keys(), dtype=np.int64, count=len(c.text_sum))] = np.fromiter(
                c.text_sum.values(), dtype=np.float64, count=len(c.text_sum)
            )
        if c.dense is None or len(c.text_sum) <= len(row):  # _dot then iterates the centroid
            out.append(c.cos(row))
            continue
        n = c.norm()
        out.append(sum((r_val * c.dense[r_idx]).tolist()) / n if n else 0.0)
    return out


def _top_hits(hits: Mapping[int, int], n: int) -> list[int]:
    """Return the first ``n`` stories of ``hits`` in (most hits, then lowest index) order.

    In numpy: ``heapq.nsmallest`` over (-hits, story) tuples was 11% of ``stories()`` at 10,000
    articles, where an article's blocking keys hit thousands of stories. Each story's rank is
    one integer, ``(max - hits) * size + story``, so the order (ties included) is the same.
    """
    if len(hits) <= n:
        return [ci for _, ci in sorted(zip(map(operator.neg, hits.values()), hits.keys()))]
    ids = np.fromiter(hits.keys(), dtype=np.int64, count=len(hits))
    counts = np.fromiter(hits.values(), dtype=np.int64, count=len(hits))
    rank = (counts.max() - counts) * (int(ids.max()) + 1) + ids
    first = np.argpartition(rank, n - 1)[:n]
    return ids[first[np.argsort(rank[first])]].tolist()


def _add(total: dict[int, float], row: Mapping[int, float], sign: float = 1.0) -> None:
    for i, w in row.items():
        total[i] = total.get(i, 0.0) + sign * w




def stories(
    articles: Sequence[Article],
    annotations: Mapping[str, Annotations],
    previous: Sequence[Story] = (),
    embedder: Any = None,
    model: StoryModel | None = None,
) -> tuple[Story, ...]:
    """Cluster articles into stories online: old stories keep their articles, new ones join or start.

    Articles are taken in publication order (then id), so the result does not depend on the
    order they are given in. Each article is compared only with the stories that share one of
    its blocking keys (main entities, top TF-IDF terms), so cost grows with articles times a
    bounded number of candidates.
    """
    model = model or StoryModel()
    by_id = {a.id: a for a in articles}
    ids = sorted(by_id)
    prev_members = {aid for s in previous for aid in s.article_ids}
    docs = [article_lead(by_id[i]) for i in ids]
    prev_titles = [s.title for s in previous]
    vectorizer = TfidfVectorizer(
        sublinear_tf=True, stop_words="english", min_df=1, max_df=0.5 if len(docs) > 20 else 1.0,
        token_pattern=r"(?u)\b[A-Za-z][A-Za-z\-]+\b",
    )
    try:
        matrix = vectorizer.fit_transform(docs + prev_titles).tocsr()
    except ValueError:  # empty vocabulary: nothing but stop words or no articles
        matrix = sparse.csr_matrix((len(docs) + len(prev_titles), 1))
    vocab = np.array(vectorizer.get_feature_names_out()) if matrix.shape[1] > 1 else np.array([""])
    row_of = {aid: i for i, aid in enumerate(ids)}
    rows = _rows(matrix)
    emb: np.ndarray | None = None
    if embedder is not None and docs and model.w_embed:
        emb = np.asarray(embedder.encode(docs), dtype=np.float32)

    def row_keys(r: int) -> set[str]:
        # Slices of the CSR arrays, not ``matrix[r]``: scipy's row indexing cost ~11% of stories()
        # at 10,000 articles, for the same values.
        lo, hi = matrix.indptr[r], matrix.indptr[r + 1]
        order = np.argsort(-matrix.data[lo:hi], kind="stable")[: model.top_terms]
        return {"w:" + vocab[j] for j in matrix.indices[lo:hi][order]}

    key_cache: dict[str, set[str]] = {}

    def keys_of(aid: str) -> set[str]:
        if aid not in key_cache:
            key_cache[aid] = row_keys(row_of[aid]) | {"e:" + e for e in _entities(annotations.get(aid), 6)}
        return key_cache[aid]

    clusters: list[_Cluster] = []
    postings: dict[str, set[int]] = defaultdict(set)

    def index(ci: int, aid: str) -> None:
        for k in keys_of(aid):
            postings[k].add(ci)

    for si, s in enumerate(previous):
        members = [a for a in s.article_ids if a in row_of]
        if members:
            text_sum: dict[int, float] = {}
            for a in members:
                _add(text_sum, rows[row_of[a]])
        else:
            text_sum = dict(rows[len(docs) + si])
        e_sum = emb[[row_of[a] for a in members]].sum(axis=0) if emb is not None and members else None
        c = _Cluster(id=s.id, article_ids=list(s.article_ids), text_sum=text_sum, emb_sum=e_sum, title=s.title)
        for a in members:
            c.add_entities(_entities(annotations.get(a)))
            c.add_day(_day(by_id[a].published))
        clusters.append(c)
        for a in members:
            index(len(clusters) - 1, a)
        if not members:  # a story known only by its headline is found through the headline's words
            for k in row_keys(len(docs) + si):
                postings[k].add(len(clusters) - 1)

    new = [a for a in ids if a not in prev_members]
    new.sort(key=lambda a: (_day(by_id[a].published) is None, _day(by_id[a].published) or 0, a))
    def candidates(aid: str) -> list[int]:
        hits: Counter[int] = Counter()
        for k in keys_of(aid):
            post = postings.get(k)
            if post and len(post) <= model.max_posting:
                hits.update(post)
        return [ci for ci in _top_hits(hits, model.max_candidates) if clusters[ci].article_ids]

    def join_score(ci: int, aid: str, cos: float) -> float:
        c, r = clusters[ci], row_of[aid]
        score = model.w_text * cos
        if emb is not None and c.emb_sum is not None:
            score += model.w_embed * float(np.dot(emb[r], c.emb_sum / (np.linalg.norm(c.emb_sum) or 1.0)))
        ents = ents_of[aid]
        if ents and c.entities:
            top = c.top()
            score += model.w_entity * len(ents & top) / min(len(ents), len(top))
        day = _day(by_id[aid].published)
        if day is not None and c.first is not None and c.last is not None:
            gap = max(c.first - day, day - c.last, 0)
            score -= model.w_time * max(0, gap - model.window_days) / model.window_days
        return score

    width = matrix.shape[1]

    def best_of(aid: str, options: list[int]) -> int:
        best, best_score = -1, model.threshold
        order = sorted(set(options))
        r = row_of[aid]
        lo, hi = matrix.indptr[r], matrix.indptr[r + 1]
        cosines = _cos_many([clusters[ci] for ci in order], rows[r], matrix.indices[lo:hi], matrix.data[lo:hi], width)
        for ci, cos in zip(order, cosines):
            score = join_score(ci, aid, cos)
            if score > best_score:
                best, best_score = ci, score
        return best

    def add(ci: int, aid: str) -> None:
        c, r = clusters[ci], row_of[aid]
        c.add_row(rows[r])
        if emb is not None:
            c.emb_sum = emb[r].copy() if c.emb_sum is None else c.emb_sum + emb[r]
        c.article_ids.append(aid)
        c.add_entities(ents_of[aid])
        c.add_day(_day(by_id[aid].published))
        index(ci, aid)

    def remove(ci: int, aid: str) -> None:
        c, r = clusters[ci], row_of[aid]
        c.article_ids.remove(aid)
        c.add_row(rows[r], -1.0)
        if emb is not None and c.emb_sum is not None:
            c.emb_sum = c.emb_sum - emb[r]
        c.add_entities(ents_of[aid], -1)

    ents_of = {aid: _entities(annotations.get(aid)) for aid in new}
    home: dict[str, int] = {}
    for aid in new:
        best = best_of(aid, candidates(aid))
        if best < 0:
            clusters.append(
                _Cluster(id=stable_id("s", aid), article_ids=[], text_sum={},
                         emb_sum=None)
            )
            best = len(clusters) - 1
        add(best, aid)
        home[aid] = best
    # One refinement pass, as in k-means: an article that arrived before its story took shape
    # moves to the story that now fits it best. Only this batch's articles move.
    for aid in new:
        own = home[aid]
        if len(clusters[own].article_ids) == 1 and own >= len(previous):
            options = [ci for ci in candidates(aid) if ci != own]
        else:
            remove(own, aid)
            options = [*candidates(aid), own] if clusters[own].article_ids else candidates(aid)
        best = best_of(aid, options)
        if best < 0:
            best = own
        if best != own or aid not in clusters[own].article_ids:
            if aid in clusters[own].article_ids:
                remove(own, aid)
            add(best, aid)
            home[aid] = best
    clusters = [c for i, c in enumerate(clusters) if c.article_ids or i < len(previous)]
    postings = defaultdict(set)
    for ci, c in enumerate(clusters):
        for aid in c.article_ids:
            if aid in row_of:
                index(ci, aid)

    clusters = _consolidate(clusters, len(previous), postings, model)
    out = []
    for c in clusters:
        out.append(Story(id=c.id, title=_title(c, by_id, rows, row_of), article_ids=tuple(c.article_ids)))
    return tuple(out)


def _pair_scores(clusters: Sequence[_Cluster], pairs: Sequence[tuple[int, int]], chunk: int = 20_000) -> np.ndarray:
    """Return the centroid similarity of each pair (as ``_consolidate``'s ``score``), vectorised:
    one sparse row-wise product per chunk of pairs instead of a Python loop over terms."""
    out = np.zeros(len(pairs))
    if not pairs:
        return out
    rows, cols, vals = [], [], []
    for ci, c in enumerate(clusters):
        n = c.norm()
        if n:
            rows += [ci] * len(c.text_sum)
            cols += list(c.text_sum)
            vals += [w / n for w in c.text_sum.values()]
    width = max(cols, default=0) + 1
    unit = sparse.csr_matrix((vals, (rows, cols)), shape=(len(clusters), width))
    dims = next((c.emb_sum.shape[0] for c in clusters if c.emb_sum is not None), 0)
    emb = np.zeros((len(clusters), dims), dtype=np.float32)
    has_emb = np.zeros(len(clusters), dtype=bool)
    for ci, c in enumerate(clusters):
        if c.emb_sum is not None:
            emb[ci] = c.emb_sum / (np.linalg.norm(c.emb_sum) or 1.0)
            has_emb[ci] = True
    unit.sort_indices()
    idx = np.asarray(pairs, dtype=np.int64)
    out[:] = _row_dots(unit, idx[:, 0], idx[:, 1])
    if dims:
        for lo in range(0, len(idx), chunk):
            a, b = idx[lo : lo + chunk, 0], idx[lo : lo + chunk, 1]
            both = has_emb[a] & has_emb[b]
            out[lo : lo + chunk] = np.where(both, (out[lo : lo + chunk] + np.einsum("ij,ij->i", emb[a], emb[b])) / 2, out[lo : lo + chunk])
    return out


def _row_dots(unit: Any, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return the dot product of rows ``a[i]`` and ``b[i]`` of the CSR matrix ``unit`` (sorted
    indices) for every ``i``, grouped by the pair's longer row.

    ``unit[a].multiply(unit[b])`` copied both rows of every pair, and a big story's row (thousands
    of terms) is in hundreds of pairs: that was a quarter of ``stories()`` at 50,000 articles.
    Here each longer row is spread once into a dense vector and the shorter rows of its pairs are
    looked up in it, so a pair costs its shorter row. The floats are the same as
    ``multiply(...).sum(axis=1)``: the same non-zero products, in column order, summed per row
    order with ``np.add.reduceat`` as scipy's ``sum(axis=1)`` does.
    """
    out = np.zeros(len(a))
    if not len(a):
        return out
    nnz = np.diff(unit.indptr)
    swap = nnz[b] > nnz[a]
    long_, short = np.where(swap, b, a), np.where(swap, a, b)
    order = np.argsort(long_, kind="stable")
    bounds = np.flatnonzero(np.diff(long_[order])) + 1
    dense = np.zeros(unit.shape[1])
    for pos in np.split(order, bounds):
        r = int(long_[pos[0]])
        cols = unit.indices[unit.indptr[r] : unit.indptr[r + 1]]
        dense[cols] = unit.data[unit.indptr[r] : unit.indptr[r + 1]]
        sub = unit[short[pos]]
        hit = dense[sub.indices]
        keep = hit != 0.0
        prods = sub.data[keep] * hit[keep]
        ends = np.cumsum(keep)[sub.indptr[1:] - 1] if len(keep) else np.zeros(len(pos), dtype=np.int64)
        ends[np.diff(sub.indptr) == 0] = 0  # rows with no terms (cumsum index above is a neighbour's)
        starts = np.concatenate(([0], np.maximum.accumulate(ends)[:-1]))
        some = np.flatnonzero(ends > starts)
        if len(some):
            out[pos[some]] = np.add.reduceat(prods, starts[some])
        dense[cols] = 0.0
    return out


def _blocked_pairs(
    postings: Mapping[str, set[int]], n: int, n_previous: int, max_posting: int, flush: int = 20_000_000
) -> list[tuple[int, int]]:
    """Return, sorted, every pair ``(a, b)``, ``a < b``, of stories that share a blocking key
    carried by at most ``max_posting`` stories, where ``b`` is new in this batch.

    In numpy, each pair coded as ``a * n + b``: a Python set of tuples took half of
    ``_consolidate`` at 10,000 articles. Codes are de-duplicated whenever ``flush`` of them
    have piled up, so memory stays bounded however many keys there are.
    """
    done = np.empty(0, dtype=np.int64)
    pending: list[np.ndarray] = []
    size = 0
    for members in postings.values():
        if len(members) < 2 or len(members) > max_posting:
            continue
        ms = np.fromiter(members, dtype=np.int64, count=len(members))
        ms.sort()
        i, j = np.triu_indices(len(ms), 1)
        a, b = ms[i], ms[j]
        codes = (a * n + b)[b >= n_previous]
        pending.append(codes)
        size += len(codes)
        if size >= flush:
            done = np.unique(np.concatenate([done, *pending]))
            pending, size = [], 0
    if pending:
        done = np.unique(np.concatenate([done, *pending]))
    return list(zip((done // n).tolist(), (done % n).tolist())) if n else []


def _consolidate(
    clusters: list[_Cluster], n_previous: int, postings: Mapping[str, set[int]], model: StoryModel
) -> list[_Cluster]:
    """Merge stories whose centroids ended up close: a single online pass splits a story when
    its first articles arrive before the ones that tie them together.

    Only stories that share a blocking key are compared, and two stories that existed before
    this batch are never merged (old stories keep their identity).
    """
    ordered = _blocked_pairs(postings, len(clusters), n_previous, model.max_posting)
    parent = list(range(len(clusters)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def score(a: int, b: int) -> float:
        ca, cb = clusters[a], clusters[b]
        na, nb = ca.norm(), cb.norm()
        sim = _dot(ca.text_sum, cb.text_sum) / (na * nb) if na and nb else 0.0
        if ca.emb_sum is not None and cb.emb_sum is not None:
            ea = ca.emb_sum / (np.linalg.norm(ca.emb_sum) or 1.0)
            eb = cb.emb_sum / (np.linalg.norm(cb.emb_sum) or 1.0)
            sim = (sim + float(np.dot(ea, eb))) / 2
        return sim

    sims = _pair_scores(clusters, ordered)
    close = np.flatnonzero(sims >= model.merge_threshold)  # the loop below stops at the first below
    ranked = sorted(((float(sims[i]), *ordered[i]) for i in close.tolist()), key=lambda t: (-t[0], t[1], t[2]))
    for sim, a, b in ranked:
        ra, rb = find(a), find(b)
        if ra == rb or (ra < n_previous and rb < n_previous):
            continue
        # Re-check against the merged centroids so chains of merges stay coherent.
        if score(ra, rb) < model.merge_threshold:
            continue
        keep, gone = (ra, rb) if ra < rb else (rb, ra)
        ck, cg = clusters[keep], clusters[gone]
        ck.article_ids.extend(cg.article_ids)
        ck.add_row(cg.text_sum)
        if cg.emb_sum is not None:
            ck.emb_sum = cg.emb_sum if ck.emb_sum is None else ck.emb_sum + cg.emb_sum
        ck.merge_entities(cg)
        for day in (cg.first, cg.last):
            ck.add_day(day)
        parent[gone] = keep
    return [c for i, c in enumerate(clusters) if find(i) == i]


def _title(
    c: _Cluster, by_id: Mapping[str, Article], rows: Sequence[Mapping[int, float]], row_of: Mapping[str, int]
) -> str:
    """Pick the headline of the article closest to the story's centroid."""
    best: tuple[float, str] | None = None
    for aid in c.article_ids:
        a = by_id.get(aid)
        if a is None or not a.title:
            continue
        sim = c.cos(rows[row_of[aid]])
        if best is None or (-sim, aid) < (-best[0], best[1]):
            best = (sim, aid)
    if best is not None:
        return by_id[best[1]].title or ""
    if c.title:
        return c.title
    for aid in sorted(c.article_ids):
        a = by_id.get(aid)
        if a is not None:
            first = a.text.strip().split("\n", 1)[0]
            return first[:120]
    return ""
