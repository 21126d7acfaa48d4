"""Syndicated copies: the same wire story re-run by several outlets, found with MinHash LSH.

Exact copies already share a document id (the hash of the normalised text) and are counted in
``sightings``. Near copies (another headline, a byline, a trimmed last paragraph) get their own
document row, kept as evidence, and a ``syndication`` row linking them to the first-seen original.
Word 5-gram shingles measure wording, not topic: two reports of one event in different words are
not copies (story clustering groups those).
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Optional

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


def _bands() -> list[tuple[int, int]]:
    """The (start, end) hash-value ranges of the LSH bands: datasketch's optimum for THRESHOLD and
    NUM_PERM (14 bands of 9 values), so the candidates are those its in-memory index gave."""
    return list(MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM).hashranges)


BANDS = _bands()


def band_keys(values: np.ndarray) -> list[int]:
    """One signed 64-bit key per band: a hash of the band's number and hash values. Two texts share a
    key when a band of their signatures is equal (a 64-bit collision only adds a candidate, which
    the similarity check then drops)."""
    data = np.asarray(values, dtype="<u8")
    return [int.from_bytes(hashlib.blake2b(bytes([i]) + data[start:end].tobytes(), digest_size=8).digest(),
                           "little", signed=True) for i, (start, end) in enumerate(BANDS)]


class SyndicationIndex:
    """The LSH index of every stored signature, kept in the store (table ``lsh_bands``).

    Why in the store: an index in memory, rebuilt from ``minhashes`` when the writer opened, held
    about 6 kB per stored document, so a writer's memory grew with the store (119 MB at 20,000
    documents; issue 18). Here a lookup is one indexed query for the new text's 14 band keys, and the
    band rows are written in the writer's transaction, so a rolled-back batch leaves none behind.
    """

    def __init__(self, conn, threshold: float = THRESHOLD) -> None:
        self.conn = conn
        self.threshold = threshold

    def fill(self) -> int:
        """Band rows for a store written before they existed (signatures without bands); returns
        how many documents were indexed. Streamed, in one transaction."""
        if not self.conn.one("SELECT 1 FROM minhashes LIMIT 1") or self.conn.one("SELECT 1 FROM lsh_bands LIMIT 1"):
            return 0
        done = 0
        with self.conn.transaction(write=True):
            _names, rows = self.conn.stream("SELECT doc_id, signature FROM minhashes")
            chunk: list[tuple[int, str]] = []
            for doc_id, encoded in rows:
                chunk.extend((key, doc_id) for key in band_keys(decode(encoded)))
                done += 1
                if len(chunk) >= 14_000:
                    self._insert(chunk)
                    chunk = []
            self._insert(chunk)
        return done

    def find_original(self, values: np.ndarray) -> Optional[tuple[str, float]]:
        """The first-seen stored document this text copies, with the estimated similarity."""
        keys = band_keys(values)
        rows = self.conn.rows(
            "SELECT DISTINCT b.doc_id, d.seq, m.signature, s.original_id FROM lsh_bands b "
            "JOIN documents d ON d.id = b.doc_id JOIN minhashes m ON m.doc_id = b.doc_id "
            f"LEFT JOIN syndication s ON s.doc_id = b.doc_id WHERE b.band_key IN ({', '.join('?' * len(keys))})",
            keys)
        best: Optional[tuple[int, str, float]] = None
        for doc_id, seq, encoded, original in rows:
            similarity = float(np.mean(decode(encoded) == values))
            if similarity >= self.threshold and (best is None or seq < best[0]):
                # A copy of a copy points at the root original, so every copy of one story has one original.
                best = (seq, original or doc_id, similarity)
        return (best[1], best[2]) if best else None

    def add(self, doc_id: str, values: np.ndarray) -> None:
        """Index a stored document's signature (call inside the transaction that stores it)."""
        self._insert([(key, doc_id) for key in band_keys(values)])

    def _insert(self, rows: list[tuple[int, str]]) -> None:
        if rows:
            self.conn.executemany("INSERT INTO lsh_bands (band_key, doc_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                                  rows)
