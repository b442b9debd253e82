"""Exact and near-duplicate (syndicated) article detection with MinHash LSH.

Signatures are computed with numpy rather than datasketch's per-shingle ``update`` loop: the
index is rebuilt from the store on every run, and hashing each shingle through Python calls
made that the slow part (measured in bench/bench_clean_dedupe.py). The permutations are
multiply-shift hashes (Dietzfelbinger et al.: an odd 64-bit multiplier, wrap-around addition,
the top 32 bits kept), which avoid the 64-bit modulo of datasketch's affine scheme and halve the
time of a signature; the values are 32-bit like datasketch's, and LSH only needs them to be
consistent with each other.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import zlib

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

from ..model import Article

NUM_PERM = 128
SHINGLE = 3  # words; short shingles keep similarity high across small edits of a reprint
SEED = 1
_WORD = re.compile(r"\w+")
_MAGIC = b"SDDUP2"
# datasketch 2 tags hash values with the scheme that made them; this tells it their 32-bit width
_SCHEME = "legacy"


def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    gen = np.random.default_rng(seed)
    a = gen.integers(0, 1 << 63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)  # odd
    b = gen.integers(0, 1 << 63, size=num_perm, dtype=np.uint64)
    return a, b


_A, _B = _permutations(NUM_PERM, SEED)
_SHIFT = np.uint64(32)


def exact_key(text: str) -> str:
    """Return the key two texts share when they differ only in case, spacing or punctuation."""
    return _exact_key(_WORD.findall(text.casefold()))


def _exact_key(words: list[str]) -> str:
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()


def signature(text: str) -> np.ndarray | None:
    """Return the MinHash signature of a text's word shingles, or None for very short texts."""
    return _signature(_WORD.findall(text.casefold()))


def _signature(words: list[str]) -> np.ndarray | None:
    if len(words) < SHINGLE:
        return None
    tokens = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64, count=len(words))
    n = len(words) - SHINGLE + 1
    mixed = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE):
        # multiply-and-add with odd constants; uint64 wrap-around is the intended modulus
        mixed = mixed * np.uint64(0x9E3779B97F4A7C15) + tokens[k : k + n]
    mixed ^= mixed >> np.uint64(29)
    hashes = np.unique(mixed)
    with np.errstate(over="ignore"):
        permuted = (hashes[:, None] * _A + _B) >> _SHIFT
    return permuted.min(axis=0)


class DuplicateIndex:
    """Find exact and near copies of articles already seen."""

    def __init__(self, threshold: float = 0.8) -> None:
        self.threshold = threshold
        self._exact: dict[str, str] = {}
        self._signatures: dict[str, np.ndarray] = {}
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        # match() then add() of the same article is the ingest pattern: the second call reuses
        # the first's key and signature (half of the index's CPU time on Timeline17).
        self._last: tuple[str, tuple[str, np.ndarray | None]] | None = None

    def __len__(self) -> int:
        return len(self._exact)

    def _features(self, text: str) -> tuple[str, np.ndarray | None]:
        if self._last is not None and self._last[0] == text:
            return self._last[1]
        words = _WORD.findall(text.casefold())
        features = (_exact_key(words), _signature(words))
        self._last = (text, features)
        return features

    def add(self, article: Article) -> None:
        """Index an article (adding the same id twice is harmless)."""
        key, sig = self._features(article.text)
        self._exact.setdefault(key, article.id)
        if article.id in self._signatures:
            return
        if sig is not None:
            self._insert(article.id, sig)

    def _insert(self, article_id: str, sig: np.ndarray) -> None:
        self._signatures[article_id] = sig
        self._lsh.insert(article_id, LeanMinHash(seed=SEED, hashvalues=sig, scheme=_SCHEME), check_duplication=False)

    def match(self, article: Article) -> tuple[str, str, float] | None:
        """Return ``(article_id, "exact" | "near", similarity)`` of an indexed copy, or None."""
        key, sig = self._features(article.text)
        existing = self._exact.get(key)
        if existing is not None:
            return existing, "exact", 1.0
        if sig is None:
            return None
        best: tuple[str, str, float] | None = None
        for candidate in self._lsh.query(LeanMinHash(seed=SEED, hashvalues=sig, scheme=_SCHEME)):
            if candidate == article.id:
                continue
            similarity = float(np.mean(self._signatures[candidate] == sig))
            if similarity >= self.threshold and (best is None or similarity > best[2]):
                best = (candidate, "near", round(similarity, 4))
        return best

    # ------------------------------------------------------------------ persistence

    def dumps(self) -> bytes:
        """Serialise the index (no pickle: the store may hold it across versions)."""
        ids = list(self._signatures)
        header = json.dumps(
            {"threshold": self.threshold, "num_perm": NUM_PERM, "shingle": SHINGLE, "seed": SEED,
             "ids": ids, "exact": self._exact}
        ).encode("utf-8")
        matrix = np.stack([self._signatures[i] for i in ids]) if ids else np.zeros((0, NUM_PERM), np.uint64)
        return _MAGIC + struct.pack("<Q", len(header)) + header + matrix.astype("<u8").tobytes()

    @classmethod
    def loads(cls, data: bytes) -> DuplicateIndex:
        """Rebuild an index from :meth:`dumps` output."""
        if not data.startswith(_MAGIC):
            raise ValueError("not a serialised DuplicateIndex")
        (size,) = struct.unpack_from("<Q", data, len(_MAGIC))
        start = len(_MAGIC) + 8
        header = json.loads(data[start : start + size])
        if (header["num_perm"], header["shingle"], header["seed"]) != (NUM_PERM, SHINGLE, SEED):
            raise ValueError("index built with other MinHash settings: rebuild it from the articles")
        index = cls(threshold=header["threshold"])
        index._exact = dict(header["exact"])
        matrix = np.frombuffer(data, dtype="<u8", offset=start + size).reshape(-1, NUM_PERM).astype(np.uint64)
        for article_id, sig in zip(header["ids"], matrix):
            index._insert(article_id, sig)
        return index
