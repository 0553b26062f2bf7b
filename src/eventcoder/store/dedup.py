"""Near-duplicate articles: MinHash over word shingles, with LSH bands for candidates.

A syndicated copy or a spun rewrite ("USA" for "U.S.", "Russian Federation" for
"Russia") shares most of its three-word shingles with the original. Each article gets a
128-number MinHash signature; the signature is cut into 32 bands of 4 numbers, and two
articles sharing any band are candidates, kept when the estimated Jaccard similarity of
their shingle sets is at least ``THRESHOLD``. A duplicate is stored with ``dup_of`` set
to its original and counts as one source, not as independent confirmation.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 3
THRESHOLD = 0.5
_PRIME = np.uint64((1 << 31) - 1)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """Fixed (seeded) coefficients of the hash functions h(x) = (a*x + b) mod p."""
    rng = np.random.default_rng(20180207)
    a = rng.integers(1, int(_PRIME), size=NUM_PERM, dtype=np.uint64)
    b = rng.integers(0, int(_PRIME), size=NUM_PERM, dtype=np.uint64)
    return a, b


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens; one-letter tokens (the pieces of "U.S.") are dropped."""
    return [t for t in _WORD.findall(text.lower()) if len(t) > 1]


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    toks = tokens(text)
    if len(toks) < size:
        return {" ".join(toks)} if toks else set()
    return {" ".join(toks[i : i + size]) for i in range(len(toks) - size + 1)}


def _hash32(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=4).digest(), "little")


def signature(text: str) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` uint64 values below 2**31) of ``text``."""
    sh = shingles(text)
    if not sh:
        return np.full(NUM_PERM, int(_PRIME), dtype=np.uint64)
    x = np.fromiter((_hash32(s) for s in sh), dtype=np.uint64, count=len(sh)) % _PRIME
    a, b = _permutations()
    values = (a[:, None] * x[None, :] + b[:, None]) % _PRIME
    return np.asarray(values.min(axis=1), dtype=np.uint64)


def similarity(sig1: np.ndarray, sig2: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.mean(sig1 == sig2))


def band_hashes(sig: np.ndarray) -> list[int]:
    """One signed 64-bit hash per band (for an indexed BIGINT column)."""
    out = []
    for i in range(BANDS):
        chunk = sig[i * ROWS : (i + 1) * ROWS].astype("<u8").tobytes()
        digest = hashlib.blake2b(bytes([i]) + chunk, digest_size=8).digest()
        out.append(int.from_bytes(digest, "little", signed=True))
    return out


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4").astype(np.uint64)


class DedupIndex:
    """An in-memory LSH index: ``add`` returns the id of an earlier near-duplicate or None."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.bands: dict[int, list[str]] = {}
        self.sigs: dict[str, np.ndarray] = {}
        self.root: dict[str, str] = {}

    def find(self, sig: np.ndarray, hashes: Iterable[int] | None = None) -> str | None:
        """The original (root) of the most similar indexed article, if similar enough."""
        best, best_sim = None, self.threshold
        seen: set[str] = set()
        for h in hashes if hashes is not None else band_hashes(sig):
            for other in self.bands.get(h, ()):
                if other in seen:
                    continue
                seen.add(other)
                sim = similarity(sig, self.sigs[other])
                if sim >= best_sim:
                    best, best_sim = other, sim
        return self.root[best] if best is not None else None

    def add(self, article_id: str, text: str) -> str | None:
        sig = signature(text)
        hashes = band_hashes(sig)
        dup = self.find(sig, hashes)
        self.sigs[article_id] = sig
        self.root[article_id] = dup or article_id
        for h in hashes:
            self.bands.setdefault(h, []).append(article_id)
        return dup
