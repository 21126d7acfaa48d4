"""``newsdesk eval persuasion``: paragraph-level persuasion techniques (SemEval-2023 Task 3, subtask 3).

Gold: a JSONL file in the ``persuasion`` format (``shared/eval/FORMAT.md``), one paragraph per
record, ids ``<set>:<article>:<paragraph>``. Paragraphs of one article are scored together, so
the repetition features see the article's other paragraphs, as in the pipeline.

Each article is rebuilt as its paragraphs joined by newlines, parsed once, and run through
``find_techniques`` as one body segment, so the cue layer and sentence localisation are what is
measured; a paragraph's predicted label set is every technique found inside it (paragraph or
sentence spans alike).

Metrics (``shared/eval/README.md``): multi-label micro-F1 over all (paragraph, technique) pairs,
and macro-F1 = the unweighted mean of per-technique F1 over the techniques present in the gold
(techniques absent from the gold have no defined F1; the count is in ``n_labels_scored``).
``macro_f1_23`` averages over all 23 labels, counting those absent from gold and never predicted
as 1 and those absent but predicted as 0. ``words_per_s`` is the stage alone (parse excluded).
"""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path
from typing import Optional

from .data import read_records
from ..analysis.techniques import TECHNIQUES, find_techniques, paragraph_labels
from ..model import Segment
from ..nlp import DEFAULT_MODEL, parse_many
from .. import confidence
from .metrics import prf


def evaluate_persuasion(path: str | Path, limit: Optional[int] = None, model: str = DEFAULT_MODEL) -> dict:
    """Micro/macro F1 of ``find_techniques`` on a persuasion JSONL file (paragraph level)."""
    records = _read(Path(path), limit)
    predicted = predict_labels(records, model)
    result = score(records, predicted["labels"])
    # What the record states: the labels whose calibrated confidence meets the default threshold.
    at = score(records, predicted["labels_at_threshold"])
    result.update({f"at_threshold_{key}": at[key] for key in ("micro_precision", "micro_recall", "micro_f1",
                                                                "n_pred_labels")})
    result["at_threshold"] = confidence.threshold("techniques")
    result["words_per_s"] = round(predicted["words"] / predicted["seconds"]) if predicted["seconds"] else 0
    return result


def predict_labels(records: list[dict], model: str = DEFAULT_MODEL) -> dict:
    """Predicted technique sets per record, and the words and seconds the stage took (parse excluded)."""
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        by_article[record["id"].rsplit(":", 1)[0]].append(i)
    groups = list(by_article.values())
    texts = ["\n".join(records[i]["text"] for i in indexes) for indexes in groups]
    labels: list[set[str]] = [set() for _ in records]
    stated: list[set[str]] = [set() for _ in records]
    limit = confidence.threshold("techniques")
    seconds = 0.0
    for indexes, text, doc in zip(groups, texts, parse_many(texts, model=model)):
        started = time.perf_counter()
        techniques = find_techniques(doc, [Segment(kind="body", start=0, end=len(text))])
        seconds += time.perf_counter() - started
        at = 0
        for i in indexes:
            end = at + len(records[i]["text"])
            labels[i] = paragraph_labels(techniques, (at, end))
            kept = [t for t in techniques if (confidence.calibrated("techniques", t.confidence) or 0.0) >= limit]
            stated[i] = paragraph_labels(kept, (at, end))
            at = end + 1
    words = sum(len(r["text"].split()) for r in records)
    return {"labels": labels, "labels_at_threshold": stated, "words": words, "seconds": seconds}


def score(records: list[dict], predicted: list[set[str]]) -> dict:
    """Micro-F1, macro-F1 (labels present in gold) and per-label F1 (``f1_<label>``) of label sets."""
    counts = {label: [0, 0, 0] for label in TECHNIQUES}  # tp, predicted, gold
    for record, pred in zip(records, predicted):
        gold = set(record["techniques"])
        for label in pred:
            counts.setdefault(label, [0, 0, 0])[1] += 1
        for label in gold:
            counts.setdefault(label, [0, 0, 0])[2] += 1
        for label in pred & gold:
            counts[label][0] += 1
    totals = [sum(c[i] for c in counts.values()) for i in range(3)]
    precision, recall, micro = prf(*totals)
    per_label = {label: round(prf(*c)[2], 4) for label, c in counts.items()}
    present = [label for label, c in counts.items() if c[2] > 0]
    macro = sum(per_label[label] for label in present) / len(present) if present else 0.0
    macro_23 = sum(per_label[label] if (c[1] or c[2]) else 1.0 for label, c in counts.items()) / len(counts)
    return {"micro_f1": round(micro, 4), "macro_f1": round(macro, 4), "macro_f1_23": round(macro_23, 4),
            "micro_precision": round(precision, 4), "micro_recall": round(recall, 4),
            "n": len(records), "n_gold_labels": totals[2], "n_pred_labels": totals[1],
            "n_labels_scored": len(present), **{f"f1_{label}": value for label, value in per_label.items()}}


def _read(path: Path, limit: Optional[int]) -> list[dict]:
    return read_records(path, limit, required=("text",))