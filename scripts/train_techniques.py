"""Train the persuasion-technique classifier (``src/newsdesk/knowledge/data/techniques.npz``).

Data: ``semeval2023_en.train.jsonl`` only (English SemEval-2023 Task 3 subtask 3, paragraph level);
``semeval2023_en.dev.jsonl`` picks the regularisation strength and block weights. The test split
stays sealed.

Model: one logistic regression per technique (one-vs-rest) over ``techniques.paragraph_keys``.
Per-technique probability thresholds are chosen on *out-of-fold* train predictions (5 folds grouped
by article), not on dev: dev has 1-10 positives for most techniques, and thresholds fitted there
would make the dev number a training number. Techniques with too few train positives for a stable
threshold get the threshold that maximises micro-F1 over all of them together.

    .venv/bin/python scripts/train_techniques.py            # train, report dev, write the model
    .venv/bin/python scripts/train_techniques.py --search   # also try the small C/weight grid

Deterministic (liblinear, fixed folds). About a minute on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.analyze.linear import LinearModel, build_vocabulary, design_matrix  # noqa: E402
from newsdesk.analyze.techniques import MODEL_FILE, TECHNIQUES, paragraph_keys  # noqa: E402
from newsdesk.knowledge import DATA_DIR  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval" / "persuasion"
BLOCKS = ["w", "c", "s", "r"]
MIN_DF = {"w": 2, "c": 4, "s": 1, "r": 1}
# A technique needs this many train paragraphs for its own threshold; rarer ones share one.
MIN_POSITIVES_FOR_OWN_THRESHOLD = 40
MIN_POSITIVES_TO_TRAIN = 10
GRID_C = [0.5, 1.0, 2.0, 4.0]
GRID_WEIGHTS = [{"w": 1.0, "c": 1.0, "s": 0.3, "r": 0.5}, {"w": 1.0, "c": 0.7, "s": 0.3, "r": 0.5},
                {"w": 0.7, "c": 1.0, "s": 0.3, "r": 0.8}]
DEFAULT = (1.0, GRID_WEIGHTS[0])
FOLDS = 5


def read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def article_of(record: dict) -> str:
    return record["id"].rsplit(":", 1)[0]


def keys_with_context(records: list[dict]) -> list[list[str]]:
    """Feature keys of every paragraph, with the other paragraphs of its article as context."""
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        by_article[article_of(record)].append(i)
    keys = []
    for i, record in enumerate(records):
        others = [records[j]["text"] for j in by_article[article_of(record)] if j != i]
        keys.append(paragraph_keys(record["text"], others))
    return keys


def label_matrix(records: list[dict], labels: list[str]) -> np.ndarray:
    return np.array([[label in r["techniques"] for label in labels] for r in records], dtype=np.int8)


def empty_model(vocab, idf, blocks, weights: dict, labels: list[str]) -> LinearModel:
    n = len(vocab)
    return LinearModel(kind="ovr", labels=labels, vocab=vocab, idf=idf, blocks=blocks, block_names=BLOCKS,
                       block_weights=np.array([weights[b] for b in BLOCKS], dtype=np.float32),
                       coef=np.zeros((len(labels), n), dtype=np.float32), intercept=np.zeros(len(labels), dtype=np.float32),
                       thresholds=np.full(len(labels), 0.5, dtype=np.float32))


def fit(X, Y: np.ndarray, C: float) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients and intercepts of one balanced logistic regression per column of ``Y``."""
    from sklearn.linear_model import LogisticRegression

    coef = np.zeros((Y.shape[1], X.shape[1]), dtype=np.float32)
    intercept = np.full(Y.shape[1], -10.0, dtype=np.float32)  # never fires where there is no data
    for j in range(Y.shape[1]):
        if Y[:, j].sum() < MIN_POSITIVES_TO_TRAIN:
            continue
        clf = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=200)
        clf.fit(X, Y[:, j])
        coef[j], intercept[j] = clf.coef_[0], clf.intercept_[0]
    return coef, intercept


def probabilities(X, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(X @ coef.T + intercept)))


def out_of_fold(X, Y: np.ndarray, groups: list[str], C: float) -> np.ndarray:
    """Probabilities for every train paragraph from a model that did not see its article."""
    ids = sorted(set(groups))
    fold_of = {g: i % FOLDS for i, g in enumerate(ids)}
    folds = np.array([fold_of[g] for g in groups])
    oof = np.zeros(Y.shape, dtype=np.float32)
    for k in range(FOLDS):
        train, held = folds != k, folds == k
        coef, intercept = fit(X[train], Y[train], C)
        oof[held] = probabilities(X[held], coef, intercept)
    return oof


def choose_thresholds(P: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Per-technique F1-best thresholds; rare techniques share the micro-F1-best common one."""
    grid = np.round(np.arange(0.1, 0.96, 0.025), 3)
    rare = Y.sum(axis=0) < MIN_POSITIVES_FOR_OWN_THRESHOLD
    shared = max(grid, key=lambda t: micro_f1(P[:, rare] >= t, Y[:, rare])) if rare.any() else 0.5
    thresholds = np.full(Y.shape[1], shared, dtype=np.float32)
    for j in np.flatnonzero(~rare):
        thresholds[j] = max(grid, key=lambda t: f1(P[:, j] >= t, Y[:, j]))
    return thresholds


def f1(pred: np.ndarray, gold: np.ndarray) -> float:
    tp = int((pred & (gold == 1)).sum())
    denominator = int(pred.sum()) + int(gold.sum())
    return 2 * tp / denominator if denominator else 0.0


def micro_f1(pred: np.ndarray, gold: np.ndarray) -> float:
    return f1(pred.ravel(), gold.ravel())


def macro_f1(pred: np.ndarray, gold: np.ndarray) -> float:
    present = np.flatnonzero(gold.sum(axis=0) > 0)
    return float(np.mean([f1(pred[:, j], gold[:, j]) for j in present])) if len(present) else 0.0


def run(C: float, weights: dict, data: dict, write: bool) -> dict:
    model = empty_model(data["vocab"], data["idf"], data["blocks"], weights, TECHNIQUES)
    X_train, X_dev = design_matrix(model, data["train_keys"]), design_matrix(model, data["dev_keys"])
    Y_train, Y_dev = data["Y_train"], data["Y_dev"]
    oof = out_of_fold(X_train, Y_train, data["groups"], C)
    model.thresholds = choose_thresholds(oof, Y_train)
    model.coef, model.intercept = fit(X_train, Y_train, C)
    pred = probabilities(X_dev, model.coef, model.intercept) >= model.thresholds
    result = {"C": C, "weights": weights, "oof_micro_f1": round(micro_f1(oof >= model.thresholds, Y_train), 4),
              "dev_micro_f1": round(micro_f1(pred, Y_dev), 4), "dev_macro_f1": round(macro_f1(pred, Y_dev), 4)}
    if write:
        model.meta = {"trained_on": "semeval2023_en.train.jsonl", **result}
        model.save(DATA_DIR / MODEL_FILE)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--search", action="store_true", help="try the C / block-weight grid on dev first")
    args = parser.parse_args()
    started = time.perf_counter()
    train, dev = read(EVAL / "semeval2023_en.train.jsonl"), read(EVAL / "semeval2023_en.dev.jsonl")
    train_keys, dev_keys = keys_with_context(train), keys_with_context(dev)
    vocab, idf, blocks = build_vocabulary(train_keys, MIN_DF, BLOCKS)
    data = {"train_keys": train_keys, "dev_keys": dev_keys, "vocab": vocab, "idf": idf, "blocks": blocks,
            "Y_train": label_matrix(train, TECHNIQUES), "Y_dev": label_matrix(dev, TECHNIQUES),
            "groups": [article_of(r) for r in train]}
    print(f"{len(train)} train / {len(dev)} dev paragraphs, {len(vocab)} features", flush=True)
    best = DEFAULT
    if args.search:
        results = [run(C, w, data, write=False) for C in GRID_C for w in GRID_WEIGHTS]
        for r in results:
            print(json.dumps(r), flush=True)
        top = max(results, key=lambda r: r["dev_micro_f1"])
        best = (top["C"], top["weights"])
    print(json.dumps(run(*best, data, write=True)))
    print(f"wrote {DATA_DIR / MODEL_FILE} ({(DATA_DIR / MODEL_FILE).stat().st_size / 1e6:.2f} MB) "
          f"in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
