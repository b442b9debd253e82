"""The shipped event-type classifier: ACLED sub-types (CASE 2021 codes) for a sentence or snippet.

A linear model over hashed word 1-2-gram TF-IDF features, averaged with a linear model over
MiniLM sentence embeddings (:mod:`storydesk.nlp.embed`) when the artifact has one and the
embedder is installed, trained by ``training/train_events.py`` on event descriptions we wrote
(see the artifact's MODEL_CARD.md). The artifact keeps only the
feature columns the model uses (indices, IDF, weights) as plain arrays, not a pickle, so loading
it runs no code and does not depend on the scikit-learn version that trained it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from storydesk.errors import ModelMissing

VERSION = "3"
ARTIFACT_DIR = Path(__file__).parent / "artifacts" / "events_classifier"

#: Hashing settings shared with training; changing them invalidates the artifact.
N_FEATURES = 2**20
NGRAM_RANGE = (1, 2)
TOKEN_PATTERN = r"(?u)\b\w[\w'-]*\b"


def make_vectorizer() -> object:
    """Build the stateless hashing vectorizer that training and inference share."""
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(
        n_features=N_FEATURES,
        ngram_range=NGRAM_RANGE,
        alternate_sign=False,
        norm=None,
        lowercase=True,
        token_pattern=TOKEN_PATTERN,
        strip_accents="unicode",
        dtype=np.float64,
    )


@dataclass(frozen=True)
class EventTypeClassifier:
    """A linear classifier over sparse hashed TF-IDF features."""

    labels: tuple[str, ...]
    columns: np.ndarray  # hashed feature ids the model uses, sorted
    idf: np.ndarray  # IDF of those columns
    default_idf: float  # IDF of a feature never seen in training (it still counts in the norm)
    coef: np.ndarray  # (n_labels, n_columns)
    intercept: np.ndarray  # (n_labels,)
    sublinear_tf: bool = True
    emb_coef: np.ndarray | None = None  # (n_labels, 384): the embedding model, if trained
    emb_intercept: np.ndarray | None = None
    mix: float = 0.0  # weight of the embedding model's probabilities
    embed_version: str | None = None  # the embedder the embedding half was trained on

    def proba(self, texts: list[str]) -> np.ndarray:
        """Return (n_texts, n_labels) probabilities, mixing in the embedding model if present."""
        p = _softmax(self.decision(texts))
        if self.mix > 0 and self.emb_coef is not None and self.emb_intercept is not None:
            embedder = _embedder(self.embed_version)
            if embedder is not None:
                x = embedder.encode(texts)
                p = (1 - self.mix) * p + self.mix * _softmax(x @ self.emb_coef.T + self.emb_intercept)
        return p

    def decision(self, texts: list[str]) -> np.ndarray:
        """Return the (n_texts, n_labels) decision scores."""
        counts = make_vectorizer().transform(texts).tocsr()  # type: ignore[attr-defined]
        if self.sublinear_tf:
            counts.data = np.log(counts.data) + 1.0
        # the L2 norm of a TF-IDF row counts every feature, seen in training or not
        pos = np.searchsorted(self.columns, counts.indices)
        pos_clipped = np.minimum(pos, len(self.columns) - 1)
        known = self.columns[pos_clipped] == counts.indices
        weights = np.where(known, self.idf[pos_clipped], self.default_idf)
        values = counts.data * weights
        scores = np.zeros((len(texts), len(self.labels)))
        for row in range(len(texts)):
            lo, hi = counts.indptr[row], counts.indptr[row + 1]
            v = values[lo:hi]
            norm = float(np.sqrt((v * v).sum())) or 1.0
            k = known[lo:hi]
            cols = pos_clipped[lo:hi][k]
            scores[row] = self.coef[:, cols] @ (v[k] / norm) + self.intercept
        return scores

    def predict(self, texts: list[str]) -> list[str]:
        """Return the best label of each text."""
        if not texts:
            return []
        return [self.labels[i] for i in self.proba(texts).argmax(axis=1)]

    def scores(self, text: str) -> dict[str, float]:
        """Return label probabilities for one text."""
        p = self.proba([text])[0]
        return {label: float(x) for label, x in zip(self.labels, p)}

    def save(self, directory: Path) -> None:
        """Write the artifact (arrays + labels) to ``directory``."""
        directory.mkdir(parents=True, exist_ok=True)
        extra = {}
        if self.emb_coef is not None and self.emb_intercept is not None:
            extra = {"emb_coef": self.emb_coef.astype(np.float32), "emb_intercept": self.emb_intercept.astype(np.float32)}
        np.savez_compressed(
            directory / "model.npz",
            columns=self.columns.astype(np.int64),
            idf=self.idf.astype(np.float32),
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float32),
            **extra,
        )
        meta = {
            "labels": list(self.labels),
            "default_idf": self.default_idf,
            "sublinear_tf": self.sublinear_tf,
            "mix": self.mix,
            "embed_version": self.embed_version,
            "n_features": N_FEATURES,
            "ngram_range": list(NGRAM_RANGE),
            "token_pattern": TOKEN_PATTERN,
            "version": VERSION,
        }
        (directory / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", "utf-8")


def read_classifier(directory: Path = ARTIFACT_DIR) -> EventTypeClassifier:
    """Load the classifier from ``directory``; raise ModelMissing when it is not there."""
    try:
        meta = json.loads((directory / "meta.json").read_text("utf-8"))
        arrays = np.load(directory / "model.npz")
    except (OSError, ValueError) as exc:
        raise ModelMissing(
            f"event classifier artifact missing or unreadable in {directory}: "
            "run `python -m training.train_events` to rebuild it"
        ) from exc
    if meta.get("n_features") != N_FEATURES or meta.get("token_pattern") != TOKEN_PATTERN:
        raise ModelMissing(f"event classifier in {directory} was trained with other hashing settings")
    return EventTypeClassifier(
        labels=tuple(meta["labels"]),
        columns=arrays["columns"],
        idf=arrays["idf"].astype(np.float64),
        default_idf=float(meta["default_idf"]),
        coef=arrays["coef"].astype(np.float64),
        intercept=arrays["intercept"].astype(np.float64),
        sublinear_tf=bool(meta.get("sublinear_tf", True)),
        emb_coef=arrays["emb_coef"].astype(np.float64) if "emb_coef" in arrays else None,
        emb_intercept=arrays["emb_intercept"].astype(np.float64) if "emb_intercept" in arrays else None,
        mix=float(meta.get("mix", 0.0)),
        embed_version=meta.get("embed_version"),
    )


def _softmax(d: np.ndarray) -> np.ndarray:
    e = np.exp(d - d.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@lru_cache(maxsize=2)
def _embedder(trained_on: str | None) -> object | None:
    """Return the sentence embedder the model was trained on, or None (TF-IDF half alone).

    None when the embedder is not installed or is another version than the one the weights were
    fitted to: its vectors would not mean what the weights expect. Retrain to use it again.
    """
    try:
        from storydesk.nlp.embed import EMBED_VERSION, Embedder, artifact_dir

        if trained_on is not None and trained_on != EMBED_VERSION:
            return None
        # One thread, not the shared two-thread embedder: an article sends a handful of short
        # windows, and for such small batches onnxruntime's second thread mostly spin-waits
        # (measured: 1.8x the CPU time for the same work on the shared 2-core machine). Parallelism
        # comes from running articles in several workers.
        return Embedder(artifact_dir(), threads=1)
    except (ImportError, ModelMissing):
        return None


@lru_cache(maxsize=1)
def load_event_classifier() -> EventTypeClassifier | None:
    """Return the shipped classifier, or None when the artifact is absent (rules decide alone)."""
    if not (ARTIFACT_DIR / "meta.json").is_file():
        return None
    return read_classifier(ARTIFACT_DIR)
