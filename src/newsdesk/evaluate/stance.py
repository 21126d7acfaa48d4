"""``newsdesk eval stance``: three-way sentiment toward a target (NewsMTSC-style records).

Gold: a JSONL file in the ``stance`` format (``shared/eval/FORMAT.md``): ``text`` (one sentence),
``target_start``/``target_end`` and ``polarity`` (negative / neutral / positive). Records whose
polarity is not one of the three (EntityFraming's ``null``) are left out and counted in
``n_skipped``.

The stance model scores the sentiment of the text toward the target span; the prediction is the
most probable class. Metrics (``shared/eval/README.md``): F1 per label, ``macro_f1`` = unweighted
mean over the labels present in the gold, ``weighted_f1`` by gold support, ``accuracy``.
``words_per_s`` is the model alone (parse excluded).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Optional

import numpy as np

from .data import iter_records
from ..analysis.stance import LABELS, probabilities_many
from ..nlp import DEFAULT_MODEL, parse_many
from .metrics import prf


def evaluate_stance(path: str | Path, limit: Optional[int] = None, model: str = DEFAULT_MODEL) -> dict:
    """Macro-F1, accuracy and per-label F1 of the target-sentiment model on a stance JSONL file."""
    records, skipped = _read(Path(path), limit)
    predicted, seconds = predict(records, model)
    result = score([r["polarity"] for r in records], predicted)
    result["n_skipped"] = skipped
    words = sum(len(r["text"].split()) for r in records)
    result["words_per_s"] = round(words / seconds) if seconds else 0
    return result


def predict(records: list[dict], model: str = DEFAULT_MODEL) -> tuple[list[str], float]:
    """The predicted polarity of every record, and the seconds the model took."""
    jobs = [(doc[:], (record["target_start"], record["target_end"]))
            for record, doc in zip(records, parse_many((r["text"] for r in records), model=model))]
    started = time.perf_counter()
    # One batch, as find_stances scores a document's judgements (and the optional encoder wants).
    probs = probabilities_many(jobs)
    seconds = time.perf_counter() - started
    return [LABELS[int(i)] for i in np.argmax(probs, axis=1)], seconds


def score(gold: list[str], predicted: list[str]) -> dict:
    """Per-label F1, macro and weighted F1 over gold labels, and accuracy."""
    per_label = {}
    for label in LABELS:
        tp = sum(1 for g, p in zip(gold, predicted) if g == p == label)
        per_label[label] = prf(tp, predicted.count(label), gold.count(label))[2]
    present = [label for label in LABELS if gold.count(label)]
    macro = sum(per_label[label] for label in present) / len(present) if present else 0.0
    weighted = sum(per_label[label] * gold.count(label) for label in present) / len(gold) if gold else 0.0
    accuracy = sum(g == p for g, p in zip(gold, predicted)) / len(gold) if gold else 0.0
    return {"macro_f1": round(macro, 4), "accuracy": round(accuracy, 4), "weighted_f1": round(weighted, 4),
            "n": len(gold), **{f"f1_{label}": round(per_label[label], 4) for label in LABELS}}


def _read(path: Path, limit: Optional[int]) -> tuple[list[dict], int]:
    """Records with a three-way polarity, and how many were skipped for having none."""
    records, skipped = [], 0
    for record in iter_records(path, required=("text",)):
        if record.get("polarity") not in LABELS:
            skipped += 1
            continue
        records.append(record)
        if limit is not None and len(records) >= limit:
            break
    return records, skipped