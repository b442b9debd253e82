"""Coreference scores (MUC, B3, CEAF-e, CoNLL F1) as defined by the CoNLL reference scorer.

Written here because no maintained pip package ships the reference definitions; they follow
Pradhan et al. (2014), "Scoring Coreference Partitions of Predicted Mentions", and are checked
against hand-computed cases in tests/link/test_coref_scores.py.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

Clusters = list[frozenset[Hashable]]


@dataclass(frozen=True, slots=True)
class PRF:
    """Recall, precision and F1 (fractions 0-1)."""

    recall: float
    precision: float

    @property
    def f1(self) -> float:
        """Return the harmonic mean of recall and precision."""
        r, p = self.recall, self.precision
        return 0.0 if r + p == 0 else 2 * r * p / (r + p)


def clusters_from_labels(labels: Mapping[Hashable, Hashable]) -> Clusters:
    """Turn a mention -> cluster-label mapping into a list of clusters."""
    groups: dict[Hashable, set[Hashable]] = {}
    for mention, label in labels.items():
        groups.setdefault(label, set()).add(mention)
    return [frozenset(g) for g in groups.values()]


def _index(clusters: Iterable[frozenset[Hashable]]) -> dict[Hashable, int]:
    return {m: i for i, c in enumerate(clusters) for m in c}


def muc(key: Clusters, response: Clusters) -> PRF:
    """Return MUC (Vilain et al. 1995): links recovered, counted by partitions."""
    def score(a: Clusters, b: Clusters) -> float:
        where = _index(b)
        num = den = 0
        for c in a:
            # Mentions missing from b each form their own partition.
            parts = {where.get(m, ("missing", m)) for m in c}
            num += len(c) - len(parts)
            den += len(c) - 1
        return num / den if den else 0.0

    return PRF(recall=score(key, response), precision=score(response, key))


def b_cubed(key: Clusters, response: Clusters) -> PRF:
    """Return B3 (Bagga and Baldwin 1998), averaged over mentions."""
    def score(a: Clusters, b: Clusters) -> float:
        where = _index(b)
        total = sum(len(c) for c in a)
        if not total:
            return 0.0
        acc = 0.0
        for c in a:
            counts: dict[int, int] = {}
            for m in c:
                j = where.get(m)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            acc += sum(n * n for n in counts.values()) / len(c)
        return acc / total

    return PRF(recall=score(key, response), precision=score(response, key))


def ceaf_e(key: Clusters, response: Clusters) -> PRF:
    """Return entity-based CEAF (Luo 2005) with phi4 similarity and an optimal alignment."""
    if not key or not response:
        return PRF(0.0, 0.0)
    where = _index(response)
    sim = np.zeros((len(key), len(response)))
    for i, k in enumerate(key):
        for m in k:
            j = where.get(m)
            if j is not None:
                sim[i, j] += 1
    sizes_k = np.array([len(k) for k in key], dtype=float)
    sizes_r = np.array([len(r) for r in response], dtype=float)
    phi = 2 * sim / (sizes_k[:, None] + sizes_r[None, :])
    rows, cols = linear_sum_assignment(-phi)
    total = float(phi[rows, cols].sum())
    return PRF(recall=total / len(key), precision=total / len(response))


def conll_scores(key: Clusters, response: Clusters) -> dict[str, float]:
    """Return MUC, B3 and CEAF-e recall/precision/F1 and their CoNLL average F1 (fractions)."""
    out: dict[str, float] = {}
    f1s = []
    for name, fn in (("muc", muc), ("b3", b_cubed), ("ceafe", ceaf_e)):
        s = fn(key, response)
        out[f"{name}_r"], out[f"{name}_p"], out[f"{name}_f1"] = s.recall, s.precision, s.f1
        f1s.append(s.f1)
    out["conll_f1"] = sum(f1s) / 3
    return out
