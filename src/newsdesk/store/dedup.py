"""Syndicated copies: the same wire story re-run by several outlets, found with MinHash LSH.

Exact copies already share a document id (the hash of the normalised text) and are counted in
``sightings``. Near copies (another headline, a byline, a trimmed last paragraph) get their own
document row, kept as evidence, and a ``syndication`` row linking them to the first-seen original.
Word 5-gram shingles measure wording, not topic: two reports of one event in different words are
not copies (story clustering groups those).
"""

from __future__ import annotations

import base64
import re
from typing import Iterable, Optional

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"
SHINGLE = 5
# Estimated Jaccard similarity of shingle sets from which a text counts as a copy. A wire story with a
# new headline and byline keeps well above it; two articles on one event stay far below (< 0.2).
THRESHOLD = 0.7
_WORD = re.compile(r"\w+")
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)


def shingles(text: str) -> set[bytes]:
    """Word 5-grams of the lower-cased text (the whole text as one shingle when shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) <= SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> np.ndarray:
    """The MinHash hash values of a text's shingles."""
    minhash = _TEMPLATE.copy()
    minhash.update_batch(list(shingles(text)))
    return minhash.hashvalues


def encode(values: np.ndarray) -> str:
    """Hash values as compact portable text (base64 of little-endian uint64)."""
    return base64.b64encode(np.asarray(values, dtype="<u8").tobytes()).decode("ascii")


def decode(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<u8").astype(np.uint64)


def _minhash(values: np.ndarray) -> MinHash:
    return MinHash(seed=SEED, hashvalues=values, permutations=_TEMPLATE.permutations, scheme=SCHEME)


class SyndicationIndex:
    """Every stored document's signature in an LSH index, to find the original a new text repeats.

    The index lives in memory and is rebuilt from the ``minhashes`` table when the writer opens
    the store, so runs after a crash or on another day still find earlier originals.
    """

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.values: dict[str, np.ndarray] = {}
        self.order: dict[str, int] = {}
        self.original: dict[str, str] = {}

    def load(self, rows: Iterable[tuple[str, int, str, Optional[str]]]) -> None:
        """Fill from (doc_id, seq, encoded signature, original_id or None) rows."""
        for doc_id, seq, encoded, original in rows:
            self.add(doc_id, seq, decode(encoded), original)

    def find_original(self, values: np.ndarray) -> Optional[tuple[str, float]]:
        """The first-seen stored document this text copies, with the estimated similarity."""
        best: Optional[tuple[int, str, float]] = None
        for candidate in self.lsh.query(_minhash(values)):
            similarity = float(np.mean(self.values[candidate] == values))
            if similarity >= self.threshold and (best is None or self.order[candidate] < best[0]):
                best = (self.order[candidate], candidate, similarity)
        if best is None:
            return None
        # A copy of a copy points at the root original, so every copy of one story has one original.
        return self.original.get(best[1], best[1]), best[2]

    def add(self, doc_id: str, seq: int, values: np.ndarray, original: Optional[str] = None) -> None:
        if doc_id in self.values:
            return
        self.lsh.insert(doc_id, _minhash(values))
        self.values[doc_id] = values
        self.order[doc_id] = seq
        if original:
            self.original[doc_id] = original

    def remove(self, doc_id: str) -> None:
        """Forget a document (its batch was rolled back)."""
        if doc_id in self.values:
            self.lsh.remove(doc_id)
            del self.values[doc_id], self.order[doc_id]
            self.original.pop(doc_id, None)
