"""``newsdesk eval analogies``: historical analogies against the project's own paragraph labels.

Labels (``tests/data/analogies_dev_labels.jsonl``) hold only a record id, the paragraph's character
offsets in that record's ``text`` and the knowledge-base ids of the analogies it makes (``other:<name>``
for an analogy to something the knowledge base lacks, ``[]`` for none); the third-party text is read
from ``shared/eval`` (SemEval-2023 persuasion en dev, PolNeAR dev) at run time.

Metrics:
- ``precision`` / ``recall`` / ``f1``: over (paragraph, reference) pairs; a predicted pair is right
  when the paragraph's labels hold the same knowledge-base id, and an open reference (an analogy to
  something the knowledge base lacks, ``open:<phrase>``) is right against an ``other:<name>`` label
  of its paragraph, one to one (the phrase is the text's own, so only the paragraph is checked);
- ``precision_kb_only`` / ``recall_kb_only``: the same with open references left out (the definition
  before open references existed, kept for comparison);
- ``recall_kb``: recall over the gold pairs whose reference is in the knowledge base (what the
  detector could find at all);
- ``paragraph_precision`` / ``paragraph_recall``: whether a paragraph makes any analogy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from .data import read_records
from ..analysis.analogies import find_analogies, references_of
from ..errors import MissingInput
from ..nlp import DEFAULT_MODEL, parse_many
from .metrics import prf

DEFAULT_LABELS = Path(__file__).resolve().parents[3] / "tests" / "data" / "analogies_dev_labels.jsonl"
# Which shared file holds a record, by the prefix of its id.
SOURCES = {"semeval2023_en": "persuasion/semeval2023_en.dev.jsonl", "polnear": "quotes/polnear.dev.jsonl"}


def evaluate_analogies(labels: str | Path = DEFAULT_LABELS, eval_dir: Optional[str | Path] = None,
                       model: str = DEFAULT_MODEL) -> dict:
    """Precision and recall of ``find_analogies`` on the labelled dev paragraphs."""
    rows = _read_jsonl(Path(labels))
    texts = _paragraph_texts(rows, Path(eval_dir) if eval_dir else _find_eval_dir(Path(labels)))
    predicted = [references_of(find_analogies(doc)) for doc in parse_many(texts, model=model)]
    return score(rows, predicted)


def score(rows: list[dict], predicted: list[set[str]]) -> dict:
    """The metrics for labelled rows and the predicted reference ids of each row."""
    hits = n_pred = n_gold = kb_gold = kb_hits = kb_pred = 0
    para_tp = para_pred = para_gold = 0
    for row, pred in zip(rows, predicted):
        gold = set(row["analogies"])
        open_pred = {p for p in pred if p.startswith("open:")}
        open_gold = {g for g in gold if g.startswith("other:")}
        hits += len(pred & gold) + min(len(open_pred), len(open_gold))
        n_pred += len(pred)
        n_gold += len(gold)
        in_kb = gold - open_gold
        kb_gold += len(in_kb)
        kb_hits += len(pred & in_kb)
        kb_pred += len(pred - open_pred)
        para_tp += int(bool(pred) and bool(gold))
        para_pred += int(bool(pred))
        para_gold += int(bool(gold))
    precision, recall, f1 = prf(hits, n_pred, n_gold)
    para_p, para_r, _ = prf(para_tp, para_pred, para_gold)
    kb_precision, kb_recall, _ = prf(kb_hits, kb_pred, n_gold)
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "precision_kb_only": round(kb_precision, 4), "recall_kb_only": round(kb_recall, 4),
            "recall_kb": round(kb_hits / kb_gold, 4) if kb_gold else 0.0,
            "paragraph_precision": round(para_p, 4), "paragraph_recall": round(para_r, 4),
            "n": len(rows), "n_gold": n_gold, "n_pred": n_pred}


def _paragraph_texts(rows: list[dict], eval_dir: Path) -> list[str]:
    records: dict[str, str] = {}
    for prefix in {row["id"].split(":", 1)[0] for row in rows}:
        path = eval_dir / SOURCES[prefix]
        if not path.exists():
            raise MissingInput(str(path))
        for record in _read_jsonl(path):
            records[record["id"]] = record["text"]
    return [records[row["id"]][row["start"]:row["end"]] for row in rows]


def _find_eval_dir(near: Path) -> Path:
    """``shared/eval`` beside the repository that holds ``near`` (or the current directory)."""
    for parent in [*near.resolve().parents, Path.cwd()]:
        candidate = parent / "shared" / "eval"
        if candidate.is_dir():
            return candidate
    raise MissingInput("shared/eval (pass eval_dir)")


def _read_jsonl(path: Path) -> list[dict]:
    return read_records(path)