"""Train "is it an event at all?" (``src/newsdesk/knowledge/data/eventness.npz``).

Data:
- ``scripts/data/event_labels.jsonl``: drafts of corpus sentences labelled by hand (1: the
  sentence reports this event, of this type, as an analyst would record it; 0: no event, or not
  this one: an accident, sport, a market, a statistic, a profile, a metaphor, a title, a month
  name). Each line holds the document id, the sentence's offsets, the trigger's offset and the
  draft's type, never the text: the text is read from ``../shared/corpus/news.jsonl`` at run
  time. Documents are drawn from lgl, gwn, trnews, geovirus and polnear, outside the realnews
  documents and any document whose opening overlaps one of them.
- positives: drafts whose type is the gold type of the lead sentence of NGEC's PLOVER-labelled
  synthetic training stories (``ngec_synthetic.train.jsonl``; ``--ngec`` of them). CASE 2021
  and PLOVER GSR dev stay held out to measure.

Model: logistic regression over ``eventness.draft_keys`` (structure ``f:`` and sentence words
``w:``, the word block weighted), classes balanced; ``--search`` picks C and the word block's
weight by 5-fold cross-validated ROC AUC on the hand labels, which it prints.

    PYTHONPATH=src .venv/bin/python scripts/train_eventness.py
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.analysis.linear import LinearModel, build_vocabulary, design_matrix  # noqa: E402
from newsdesk.extract.events import coding, eventness  # noqa: E402
from newsdesk.knowledge import DATA_DIR  # noqa: E402

SHARED = ROOT.parent / "shared"
LABELS = ROOT / "scripts" / "data" / "event_labels.jsonl"
NGEC = SHARED / "eval" / "events" / "ngec_synthetic.train.jsonl"
CORPUS = SHARED / "corpus" / "news.jsonl"
BLOCKS = ["f", "w"]
BLOCK_WEIGHTS = [1.0, 0.5]
MIN_DF = {"f": 1, "w": 3}


def read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def drafts_of(texts: list[str]) -> list[list[tuple[int, str, list[str]]]]:
    """Per text: (trigger offset, type, keys) of every draft the event stage scores."""
    from newsdesk.pipeline import analyze_texts

    seen: dict[int, list] = {}
    by_text: dict[str, int] = {}
    original = coding._eventness

    def record(draft, keys):
        seen.setdefault(id(draft.token.doc), []).append((draft.token.idx, draft.type, keys, draft.token.doc.text))
        return 1.0

    coding._eventness = record
    try:
        analyze_texts(texts)
    finally:
        coding._eventness = original
    for rows in seen.values():
        by_text.setdefault(rows[0][3], len(by_text))
    out = []
    grouped = {rows[0][3]: rows for rows in seen.values()}
    from newsdesk.read.document import RawDocument

    for text in texts:
        assembled = RawDocument(text=text).assemble().text
        out.append([(i, t, k) for i, t, k, _ in grouped.get(assembled, [])])
    return out


def hand_samples() -> tuple[list[list[str]], list[int]]:
    labels = read(LABELS)
    wanted = {row["doc"] for row in labels}
    texts = {}
    with open(CORPUS, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["id"] in wanted:
                texts[record["id"]] = record["text"]
    ids = sorted(texts)
    drafts = dict(zip(ids, drafts_of([texts[i] for i in ids])))
    keys, ys = [], []
    for row in labels:
        match = [k for i, t, k in drafts.get(row["doc"], []) if i == row["trigger"] and t == row["type"]]
        if match:
            keys.append(match[0])
            ys.append(row["label"])
    print(f"hand labels: {len(ys)} of {len(labels)} found, {sum(ys)} positive", file=sys.stderr)
    return keys, ys


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“‘A-Z0-9])")


def lead_sentence(text: str) -> str:
    """The first sentence of a story (a plain splitter: the stories are clean prose)."""
    first = next((p for p in text.split("\n") if p.strip()), text)
    return _SENTENCE_END.split(first.strip())[0]


def ngec_samples(count: int) -> tuple[list[list[str]], list[int]]:
    records = read(NGEC)
    random.Random(15).shuffle(records)
    records = records[:count]
    leads = [lead_sentence(record["text"]) for record in records]
    keys = []
    for record, drafts in zip(records, drafts_of(leads)):
        keys += [k for _, t, k in drafts if t == record["plover"]][:1]
    print(f"NGEC positives: {len(keys)} of {count} leads", file=sys.stderr)
    return keys, [1] * len(keys)


def fit(keys: list[list[str]], ys: list[int], C: float, word_weight: float = BLOCK_WEIGHTS[1]) -> LinearModel:
    from sklearn.linear_model import LogisticRegression

    vocab, idf, blocks = build_vocabulary(keys, MIN_DF, BLOCKS)
    model = LinearModel(kind="ovr", labels=["EVENT"], vocab=vocab, idf=idf, blocks=blocks, block_names=BLOCKS,
                        block_weights=np.array([BLOCK_WEIGHTS[0], word_weight], dtype=np.float32),
                        coef=np.zeros((1, len(vocab)), dtype=np.float32), intercept=np.zeros(1, dtype=np.float32),
                        thresholds=np.full(1, 0.5, dtype=np.float32))
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
    clf.fit(design_matrix(model, keys), np.array(ys))
    model.coef = clf.coef_.astype(np.float32)
    model.intercept = clf.intercept_.astype(np.float32)
    return model


def cross_validate(hand: tuple, extra: tuple, C: float, word_weight: float, folds: int = 5) -> dict:
    """Out-of-fold probabilities of the hand labels: ROC AUC, and precision and recall of the
    real events at 0.5."""
    from sklearn.metrics import roc_auc_score

    keys, ys = hand
    order = list(range(len(ys)))
    random.Random(0).shuffle(order)
    probs = [0.0] * len(ys)
    for fold in range(folds):
        test = set(order[fold::folds])
        train = [i for i in order if i not in test]
        model = fit([keys[i] for i in train] + extra[0], [ys[i] for i in train] + extra[1], C, word_weight)
        for i in test:
            probs[i] = float(model.probabilities(keys[i])[0])
    kept = [y for p, y in zip(probs, ys) if p >= 0.5]
    return {"C": C, "word_weight": word_weight, "auc": round(roc_auc_score(ys, probs), 3),
            "precision@0.5": round(sum(kept) / max(len(kept), 1), 3), "recall@0.5": round(sum(kept) / sum(ys), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ngec", type=int, default=300, help="NGEC leads to draw positives from")
    parser.add_argument("--C", type=float, default=1.0)
    parser.add_argument("--search", action="store_true", help="choose C and the word block's weight by CV AUC")
    args = parser.parse_args()
    hand = hand_samples()
    extra = ngec_samples(args.ngec)
    C, word_weight = args.C, BLOCK_WEIGHTS[1]
    if args.search:
        results = [cross_validate(hand, extra, c, w) for c in (0.3, 1.0, 3.0) for w in (0.0, 0.5, 1.0)]
        for result in results:
            print(json.dumps(result))
        best = max(results, key=lambda r: r["auc"])
        C, word_weight = best["C"], best["word_weight"]
    print(json.dumps(cross_validate(hand, extra, C, word_weight)))
    model = fit(hand[0] + extra[0], hand[1] + extra[1], C, word_weight)
    model.meta = {"hand_labels": len(hand[1]), "ngec_positives": len(extra[1]), "C": C, "word_weight": word_weight}
    model.save(DATA_DIR / eventness.MODEL_FILE, int8=False)
    print(f"wrote {DATA_DIR / eventness.MODEL_FILE} ({(DATA_DIR / eventness.MODEL_FILE).stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
