"""Sentence embeddings from the shipped int8 ONNX export of all-MiniLM-L6-v2.

Runs on onnxruntime and tokenizers only (no torch, no transformers). The graph already ends in
mean pooling and L2 normalisation, so :meth:`Embedder.encode` returns unit rows whose dot
products are cosine similarities. The artifact is built by ``training/export_embeddings.py``;
why int8 ONNX rather than static embeddings is in docs/embeddings.md.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from storydesk.errors import ModelMissing

EMBED_VERSION = "minilm-l6-v2-int8-onnx-1"
EMBED_DIM = 384
MAX_TOKENS = 256  # the model's max_seq_length; longer texts are truncated

_ARTIFACT_FILES = ("model.onnx", "tokenizer.json")
# Two cores on the reference machine; more threads than cores only adds contention.
_DEFAULT_THREADS = max(1, min(2, os.cpu_count() or 1))


def artifact_dir() -> Path:
    """Return the directory holding the shipped embedding model."""
    return Path(str(resources.files("storydesk.nlp").joinpath("artifacts", "minilm-int8")))


class Embedder:
    """Encode texts into L2-normalised float32 vectors with an ONNX sentence encoder."""

    def __init__(self, directory: Path, *, threads: int = _DEFAULT_THREADS) -> None:
        missing = [f for f in _ARTIFACT_FILES if not (directory / f).is_file()]
        if missing:
            raise ModelMissing(
                f"embedding model files missing in {directory}: {', '.join(missing)}; "
                "reinstall storydesk or rebuild them with "
                "`python -m training.export_embeddings` (needs the 'train' extra)"
            )
        import onnxruntime as ort
        from tokenizers import Tokenizer

        try:
            self._tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
            opts = ort.SessionOptions()
            opts.intra_op_num_threads = threads
            opts.inter_op_num_threads = 1
            self._session = ort.InferenceSession(
                str(directory / "model.onnx"), opts, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime and tokenizers raise their own untyped errors
            raise ModelMissing(f"embedding model in {directory} cannot be loaded: {exc}") from exc
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.no_padding()  # padded per batch below, to the batch's longest text
        # A session is thread-safe for run(); the tokenizer's padding state is not.
        self._lock = threading.Lock()
        self.version = EMBED_VERSION
        self.dim = EMBED_DIM

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Return one unit-length float32 row per text, shape ``(len(texts), dim)``."""
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts, not a single string")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        with self._lock:
            encodings = self._tokenizer.encode_batch(list(texts))
        lengths = np.array([len(e.ids) for e in encodings])
        # Batching texts of similar length keeps padding, and so wasted compute, small.
        order = np.argsort(lengths, kind="stable")
        for i in range(0, len(order), max(1, batch_size)):
            idx = order[i : i + batch_size]
            width = int(lengths[idx].max())
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, j in enumerate(idx):
                enc = encodings[j]
                ids[row, : len(enc.ids)] = enc.ids
                mask[row, : len(enc.ids)] = 1
            (vecs,) = self._session.run(None, {"input_ids": ids, "attention_mask": mask})
            out[idx] = vecs
        # The graph normalises already; renormalising guards against int8 rounding drift.
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)


@cache
def load_embedder() -> Embedder:
    """Return the process-wide embedder, loading the shipped model on first use."""
    return Embedder(artifact_dir())
