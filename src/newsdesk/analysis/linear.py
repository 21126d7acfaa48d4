"""A small n-gram featuriser and linear scorer, shared by the learned analysis stages.

Why our own featuriser instead of scikit-learn's vectorisers: the shipped weights are plain numpy
arrays (vocabulary, idf, coefficients), so inference imports neither scikit-learn nor scipy, loads in
milliseconds, and cannot drift with a scikit-learn upgrade (pickles would). The training scripts use
exactly these functions to build their matrices, so train and inference features are identical.

Features are string keys whose prefix up to the first ':' names a *block* ("w" word n-grams, "c"
character n-grams, ...). Values are sublinear tf × idf, L2-normalised per block and scaled by a
block weight, so that thousands of character n-grams do not drown a handful of context features.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, repeat
from pathlib import Path
from typing import Iterable, Optional, Sequence

import numpy as np

# Words (with an inner apostrophe), numbers, and the punctuation that carries tone.
_TOKEN_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?|[!?\"“”]")
# Words whose character n-gram keys are kept (about 2.2 kB each: 20,000 is about 45 MB). It was
# 200,000 (435 MB when full, and it filled over ~2,000 documents); inference looks words up through
# the models' own per-word id caches, so this one only saves recomputing a word for a second model.
WORD_NGRAM_CACHE = 20_000


def word_tokens(text: str) -> list[str]:
    """Lower-cased word tokens and tone punctuation (``!``, ``?``, quotation marks as ``"``)."""
    return ['"' if t in "“”" else t for t in _TOKEN_RE.findall(text.lower().replace("’", "'"))]


def word_ngrams(tokens: Sequence[str], n_max: int, prefix: str = "w") -> list[str]:
    """Keys for the 1..n_max-grams of ``tokens``, e.g. ``w:never give``."""
    return [f"{prefix}:{' '.join(tokens[i:i + n])}" for n in range(1, n_max + 1) for i in range(len(tokens) - n + 1)]


def char_ngrams(text: str, n_min: int, n_max: int, prefix: str = "c") -> list[str]:
    """Keys for character n-grams inside space-padded words (like scikit-learn's ``char_wb``).

    Why inside words: n-grams that straddle two words mostly repeat what word bigrams say, and
    cost most of the vocabulary. Why per word, cached: this is the hottest loop of the persuasion
    and stance stages, and a document repeats most of its words.
    """
    return list(chain.from_iterable(_word_char_ngrams(word, n_min, n_max, prefix) for word in text.lower().split()))


@lru_cache(maxsize=WORD_NGRAM_CACHE)
def _word_char_ngrams(word: str, n_min: int, n_max: int, prefix: str) -> tuple[str, ...]:
    padded = f" {word} "
    return tuple(f"{prefix}:{padded[i:i + n]}" for n in range(n_min, n_max + 1) for i in range(len(padded) - n + 1))


def block_of(key: str) -> str:
    """The block name of a feature key (its prefix up to the first ':')."""
    return key.split(":", 1)[0]


@dataclass(frozen=True)
class CharText:
    """A text whose in-word character n-grams are features: the same keys as
    ``char_ngrams(text, n_min, n_max, prefix)``, handed to ``LinearModel.vectorize`` unexpanded so
    that each distinct word is looked up once (the persuasion stage's hottest loop)."""

    text: str
    n_min: int
    n_max: int
    prefix: str = "c"


# Distinct words whose character n-gram ids a model keeps; the cache starts over beyond. Why 30,000:
# the corpus' first 1,000 documents hold 58,000 distinct words, so a larger cap kept filling for
# thousands of documents and a long run's memory grew with its length (issue 18); 30,000 is full
# within a few hundred documents (about 10 MB per model) and still holds the frequent words.
CHAR_CACHE_WORDS = 30_000
# Up to this many feature ids in a batch, counting them in Python beats numpy's per-call cost.
SMALL_BATCH_IDS = 512


@dataclass
class LinearModel:
    """Vocabulary, idf and weights of a linear classifier over n-gram keys.

    ``kind`` is "ovr" (independent sigmoid per label, multi-label) or "softmax" (one of the labels).
    ``thresholds`` are per-label probability cut-offs for "ovr" models.
    """

    kind: str
    labels: list[str]
    vocab: dict[str, int]
    idf: np.ndarray
    blocks: np.ndarray  # block id per feature
    block_names: list[str]
    block_weights: np.ndarray
    coef: np.ndarray  # (n_labels, n_features)
    intercept: np.ndarray
    thresholds: np.ndarray
    meta: dict = field(default_factory=dict)

    @property
    def coef_by_feature(self) -> np.ndarray:
        """``coef`` transposed and contiguous: one row per feature, so a sample's few features are
        gathered as whole rows instead of strided columns."""
        cached = self.__dict__.get("_coef_by_feature")
        if cached is None or cached.shape[::-1] != self.coef.shape:
            cached = self.__dict__["_coef_by_feature"] = np.ascontiguousarray(self.coef.T)
        return cached

    def vectorize(self, keys: Iterable[str], chars: Optional["CharText"] = None) -> tuple[np.ndarray, np.ndarray]:
        """Feature indices (ascending) and values of one sample given its (repeated) keys.

        ``chars`` adds the in-word character n-grams of a text, exactly as if
        ``char_ngrams(chars.text, …)`` were among the keys, but looked up once per distinct word.
        """
        _samples, index, values = self._featurise([(keys, chars)])
        return index, values

    def _known_ids(self, keys: Iterable[str], chars: Optional["CharText"]) -> list[int]:
        """Vocabulary ids of a sample's known keys, one per occurrence (the counts come later)."""
        found = [i for i in map(self.vocab.get, keys) if i is not None]
        if chars is not None:
            found += self._char_ids(chars)
        return found

    def _char_ids(self, chars: "CharText") -> list[int]:
        """Known feature ids of ``chars``' character n-grams, with repeats; cached per word."""
        caches = self.__dict__.setdefault("_char_caches", {})
        cache = caches.setdefault((chars.n_min, chars.n_max, chars.prefix), {})
        if len(cache) > CHAR_CACHE_WORDS:
            cache.clear()
        vocab_get = self.vocab.get
        out: list[int] = []
        for word in chars.text.lower().split():
            found = cache.get(word)
            if found is None:
                grams = _word_char_ngrams(word, chars.n_min, chars.n_max, chars.prefix)
                found = cache[word] = [i for i in map(vocab_get, grams) if i is not None]
            out += found
        return out

    def decision(self, keys: Iterable[str], chars: Optional["CharText"] = None) -> np.ndarray:
        """Raw scores per label (coef · x + intercept) for one sample."""
        index, values = self.vectorize(keys, chars)
        return values @ self.coef_by_feature[index] + self.intercept

    def probabilities(self, keys: Iterable[str], chars: Optional["CharText"] = None) -> np.ndarray:
        """Per-label probabilities: sigmoids for "ovr", a softmax for "softmax"."""
        return self._squash(self.decision(keys, chars)[None, :])[0]

    def decisions(self, samples: Sequence[tuple[Iterable[str], Optional["CharText"]]]) -> np.ndarray:
        """Raw scores (n_samples × n_labels) of many samples, featurised together.

        Why a batch: a document's paragraphs are scored one after another, and per sample the
        numpy calls of ``vectorize`` (a sort, a bincount, the normalisation) cost more than the
        arithmetic. Here each runs once over all samples: a feature is keyed by (sample, id).
        Scores equal ``decision`` per sample up to float32 rounding.
        """
        scores = np.tile(self.intercept.astype(np.float32), (len(samples), 1))
        sample_of, index, values = self._featurise(samples)
        if index.size:
            present, starts = np.unique(sample_of, return_index=True)
            scores[present] += np.add.reduceat(values[:, None] * self.coef_by_feature[index], starts, axis=0)
        return scores

    def _featurise(self, samples: Sequence[tuple[Iterable[str], Optional["CharText"]]]
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(sample, feature index, value) of every non-zero feature of ``samples``, sorted by
        sample then index: sublinear tf × idf, normalised per sample and block.

        Why two ways to count: a small batch (the event stages score one sentence at a time) is
        counted in Python, where numpy's per-call cost was most of the time; a large one (a
        document's paragraphs, thousands of character n-grams) with one sort. Both give the same
        sorted ids and integer counts, so the values are the same to the bit.
        """
        per_sample = [self._known_ids(keys, chars) for keys, chars in samples]
        total = sum(map(len, per_sample))
        if not total:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        if total <= SMALL_BATCH_IDS:
            sample_of, index, counts = _counted_small(per_sample)
        else:
            sample_of, index, counts = _counted_large(per_sample, total, len(self.vocab))
        values = (1.0 + np.log(counts)) * self.idf[index]
        return sample_of, index, _block_normalise(index, values, self.blocks, self.block_weights, sample_of)

    def probabilities_many(self, samples: Sequence[tuple[Iterable[str], Optional["CharText"]]]) -> np.ndarray:
        """``probabilities`` of many samples (n_samples × n_labels), scored as one batch."""
        return self._squash(self.decisions(samples))

    def _squash(self, scores: np.ndarray) -> np.ndarray:
        """Row-wise sigmoids ("ovr") or softmax ("softmax") of raw scores."""
        if self.kind == "softmax":
            exp = np.exp(scores - scores.max(axis=1, keepdims=True))
            return exp / exp.sum(axis=1, keepdims=True)
        return 1.0 / (1.0 + np.exp(-scores))

    def save(self, path: Path, int8: bool = True) -> None:
        """Write the model as one compressed ``.npz``.

        Why int8 weights: per label, coefficients are scaled to -127..127 (the scale is stored).
        That keeps a large model a few MB, and the rounding only zeroes coefficients under 1/254
        of the label's largest; the training scripts report the dev score of the saved file.
        ``int8=False`` stores float16 instead, for small models where the rounding shows.
        """
        ordered = sorted(self.vocab, key=self.vocab.__getitem__)
        header = {"kind": self.kind, "labels": self.labels, "block_names": self.block_names, "meta": self.meta}
        scale = np.abs(self.coef).max(axis=1) / 127.0 if int8 else np.ones(len(self.coef))
        scale[scale == 0] = 1.0
        coef = np.round(self.coef / scale[:, None]).astype(np.int8) if int8 else self.coef.astype(np.float16)
        np.savez_compressed(
            path, header=np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8),
            vocab=np.frombuffer("\n".join(ordered).encode("utf-8"), dtype=np.uint8),
            idf=self.idf.astype(np.float16), blocks=self.blocks.astype(np.uint8),
            block_weights=self.block_weights.astype(np.float32),
            coef=coef, coef_scale=scale.astype(np.float32),
            intercept=self.intercept.astype(np.float32), thresholds=self.thresholds.astype(np.float32))

    @classmethod
    def load(cls, path: Path) -> "LinearModel":
        """Read a model written by ``save``."""
        with np.load(path) as data:
            header = json.loads(data["header"].tobytes().decode("utf-8"))
            words = data["vocab"].tobytes().decode("utf-8").split("\n")
            return cls(kind=header["kind"], labels=header["labels"], vocab={w: i for i, w in enumerate(words)},
                       idf=data["idf"].astype(np.float32), blocks=data["blocks"].astype(np.int64),
                       block_names=header["block_names"], block_weights=data["block_weights"],
                       coef=np.ascontiguousarray(data["coef"].astype(np.float32) * data["coef_scale"][:, None]),
                       intercept=data["intercept"],
                       thresholds=data["thresholds"], meta=header.get("meta", {}))


def _counted_small(per_sample: list[list[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(sample, id, count) of the distinct ids of each sample, sorted by sample then id."""
    rows: list[int] = []
    index: list[int] = []
    counts: list[int] = []
    for row, found in enumerate(per_sample):
        tally = Counter(found)
        distinct = sorted(tally)
        rows += [row] * len(distinct)
        index += distinct
        counts += map(tally.__getitem__, distinct)
    return np.array(rows, dtype=np.int64), np.array(index, dtype=np.int64), np.array(counts, dtype=np.float32)


def _counted_large(per_sample: list[list[int]], total: int, width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``_counted_small`` with one sort of (sample × width + id) keys."""
    keyed = np.repeat(np.arange(len(per_sample), dtype=np.int64) * width, list(map(len, per_sample)))
    keyed += np.fromiter(chain.from_iterable(per_sample), dtype=np.int64, count=total)
    keyed.sort()
    starts = np.flatnonzero(np.concatenate(([True], keyed[1:] != keyed[:-1])))
    counts = np.diff(np.append(starts, total)).astype(np.float32)
    sample_of, index = np.divmod(keyed[starts], width)
    return sample_of, index, counts


def _block_normalise(index: np.ndarray, values: np.ndarray, blocks: np.ndarray, weights: np.ndarray,
                     sample_of: np.ndarray) -> np.ndarray:
    """L2-normalise ``values`` within each block of each sample (``sample_of`` gives the sample of
    every value), then scale each block by its weight."""
    block_ids = blocks[index]
    groups = sample_of * len(weights) + block_ids
    squares = np.bincount(groups, weights=values * values)
    norms = np.sqrt(squares)
    norms[norms == 0] = 1.0
    return (values * (weights[block_ids] / norms[groups])).astype(np.float32)


# --- training-time helpers (used by scripts/, need scipy) ------------------------------------------

def build_vocabulary(samples: list[list[str]], min_df: dict[str, int], block_names: list[str]) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
    """Vocabulary (keys seen in at least ``min_df[block]`` samples), smoothed idf and block ids.

    Why min_df per block: rare word n-grams can still be decisive, but rare character n-grams are
    mostly noise and most of the file size.
    """
    df: Counter[str] = Counter()
    for keys in samples:
        df.update(set(keys))
    kept = sorted(k for k, n in df.items() if n >= min_df.get(block_of(k), 1) and block_of(k) in block_names)
    vocab = {k: i for i, k in enumerate(kept)}
    n = len(samples)
    idf = np.array([math.log((1 + n) / (1 + df[k])) + 1.0 for k in kept], dtype=np.float32)
    blocks = np.array([block_names.index(block_of(k)) for k in kept], dtype=np.int64)
    return vocab, idf, blocks


def design_matrix(model: LinearModel, samples: list[list[str]]):
    """A scipy CSR matrix of the samples, featurised exactly as at inference."""
    from scipy.sparse import csr_matrix

    indptr, indices, data = [0], [], []
    for keys in samples:
        index, values = model.vectorize(keys)
        indices.append(index)
        data.append(values)
        indptr.append(indptr[-1] + len(index))
    return csr_matrix((np.concatenate(data) if data else np.zeros(0), np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64), indptr),
                      shape=(len(samples), len(model.vocab)), dtype=np.float32)
