"""Sentence vectors for centrality and redundancy: the shared embedder, else TF-IDF."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


class Embedder(Protocol):
    """What the report needs from ``storydesk.nlp.embed``: texts in, one row per text out."""

    def encode(self, texts: Sequence[str]) -> Any: ...


def _normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def tfidf_vectors(texts: Sequence[str], *, dense: bool = True) -> Any:
    """Return L2-normalised TF-IDF rows fitted on ``texts`` themselves.

    Dense by default (a story's sentences fit easily); ``dense=False`` keeps scipy's sparse rows
    (already L2-normalised by the vectorizer) for collections of many thousand sentences.
    """
    if not texts:
        return np.zeros((0, 1))
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True, token_pattern=r"(?u)\b\w[\w'-]*\b")
    try:
        matrix = vec.fit_transform(texts)
    except ValueError:  # every text is empty or stop words only
        return np.zeros((len(texts), 1))
    if not dense:
        return matrix
    return _normalise(matrix.toarray().astype(np.float32))


def sentence_vectors(texts: Sequence[str], embedder: Embedder | None = None) -> np.ndarray:
    """Return one L2-normalised row per text: embeddings when an embedder is given, else TF-IDF."""
    if embedder is not None and texts:
        return _normalise(np.asarray(embedder.encode(list(texts)), dtype=np.float32))
    return tfidf_vectors(texts)
