"""Train the PLOVER sentence classifier (``src/newsdesk/knowledge/data/events.npz``).

Data: ``ngec_synthetic.train.jsonl`` only (4,500 GPT-2 stories continued from PLOVER-labelled
headline templates; Halterman 2023). The label belongs to the headline, and the generated story
drifts away from it, so only each story's first ``LEAD`` sentences are used, each as one sample
with the story's label: the lead is what continues the headline. The dev sets
(``case2021.dev.jsonl``, ``plover_gsr.dev.jsonl``) are used to choose ``LEAD`` and ``C`` (with
``--search``) and to report; they never train weights. The test splits stay sealed.

Model: multinomial logistic regression over ``events.sentence_keys`` (word 1-2-grams), class
weights balanced (NGEC has 780 CONCEDE stories and 84 AID). In the pipeline the classifier only
chooses among a trigger's senses and sets how sure an event is (``extract/events/coding.py``).

    .venv/bin/python scripts/train_events.py            # train with the defaults, report dev
    .venv/bin/python scripts/train_events.py --search   # also try a small grid on dev first

Deterministic (lbfgs from zeros). About a minute to train; each dev evaluation runs the whole
pipeline on 416 snippets (about 30 s on 2 busy cores).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.analysis.linear import LinearModel, build_vocabulary, design_matrix  # noqa: E402
from newsdesk.extract.events import coding as events_module  # noqa: E402
from newsdesk.extract.events.lexicon import PLOVER_TYPES  # noqa: E402
from newsdesk.knowledge import DATA_DIR  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval" / "events"
TRAIN = EVAL / "ngec_synthetic.train.jsonl"
DEV = [EVAL / "case2021.dev.jsonl", EVAL / "plover_gsr.dev.jsonl"]
BLOCKS = ["w"]
MIN_DF = {"w": 2}
DEFAULT_LEAD, DEFAULT_C = 1, 1.0
GRID = [(1, 0.5), (1, 1.0), (2, 0.5), (2, 1.0), (2, 2.0), (3, 1.0)]
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“‘A-Z0-9])")


def read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def lead_sentences(text: str, count: int) -> list[str]:
    """The first ``count`` sentences of a story (a plain splitter: the stories are clean prose)."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    sentences = [s.strip() for p in paragraphs for s in _SENTENCE_END.split(p) if s.strip()]
    return sentences[:count]


def samples(records: list[dict], lead: int) -> tuple[list[list[str]], list[str]]:
    keys, labels = [], []
    for record in records:
        for sentence in lead_sentences(record["text"], lead):
            keys.append(events_module.sentence_keys(sentence))
            labels.append(record["plover"])
    return keys, labels


def train(records: list[dict], lead: int, C: float) -> LinearModel:
    from sklearn.linear_model import LogisticRegression

    keys, labels = samples(records, lead)
    vocab, idf, blocks = build_vocabulary(keys, MIN_DF, BLOCKS)
    labels_order = list(PLOVER_TYPES)
    model = LinearModel(kind="softmax", labels=labels_order, vocab=vocab, idf=idf, blocks=blocks, block_names=BLOCKS,
                        block_weights=np.ones(1, dtype=np.float32),
                        coef=np.zeros((len(labels_order), len(vocab)), dtype=np.float32),
                        intercept=np.zeros(len(labels_order), dtype=np.float32),
                        thresholds=np.zeros(len(labels_order), dtype=np.float32))
    X = design_matrix(model, keys)
    y = np.array([labels_order.index(label) for label in labels])
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=2000)
    clf.fit(X, y)
    coef = np.zeros((len(labels_order), len(vocab)), dtype=np.float32)
    intercept = np.full(len(labels_order), -10.0, dtype=np.float32)
    for row, class_index in enumerate(clf.classes_):
        coef[class_index], intercept[class_index] = clf.coef_[row], clf.intercept_[row]
    model.coef, model.intercept = coef, intercept
    model.meta = {"trained_on": TRAIN.name, "lead_sentences": lead, "C": C, "samples": len(keys)}
    return model


def evaluate_dev(model: LinearModel) -> dict:
    """The two dev scores with ``model`` plugged into the event stage."""
    from newsdesk.evaluate.events import evaluate_events

    events_module._model.cache_clear()
    original = events_module._model
    events_module._model = lambda: model  # type: ignore[assignment]
    try:
        results = {path.stem.split(".")[0]: evaluate_events(path) for path in DEV}
    finally:
        events_module._model = original
    case, gsr = results["case2021"], results["plover_gsr"]
    return {"case2021_plover_weighted_f1": case["plover_weighted_f1"], "case2021_plover_macro_f1": case["plover_macro_f1"],
            "gsr_type_accuracy": gsr["type_accuracy"], "gsr_type_actor_recipient_acc": gsr["type_actor_recipient_acc"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--search", action="store_true", help="try a small grid of (lead, C) on dev first")
    args = parser.parse_args()
    started = time.perf_counter()
    records = read(TRAIN)
    lead, C = DEFAULT_LEAD, DEFAULT_C
    if args.search:
        scored = []
        for grid_lead, grid_C in GRID:
            result = evaluate_dev(train(records, grid_lead, grid_C))
            print(json.dumps({"lead": grid_lead, "C": grid_C, **result}), flush=True)
            scored.append((result["case2021_plover_weighted_f1"] + result["gsr_type_actor_recipient_acc"], grid_lead, grid_C))
        _, lead, C = max(scored)
    model = train(records, lead, C)
    model.save(DATA_DIR / events_module.MODEL_FILE, int8=True)
    shipped = LinearModel.load(DATA_DIR / events_module.MODEL_FILE)
    print(json.dumps({"lead": lead, "C": C, "features": len(model.vocab), **evaluate_dev(shipped)}))
    print(f"wrote {DATA_DIR / events_module.MODEL_FILE} "
          f"({(DATA_DIR / events_module.MODEL_FILE).stat().st_size / 1e6:.2f} MB) in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
