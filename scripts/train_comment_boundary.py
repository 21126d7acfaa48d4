"""Train the unmarked-comment boundary model: src/newsdesk/knowledge/data/comment_boundary.json.

How to run (from the repository root, about a minute on one CPU):

    PYTHONPATH=src .venv/bin/python scripts/train_comment_boundary.py
    PYTHONPATH=src .venv/bin/python scripts/train_comment_boundary.py --train PATH --out PATH

What it does, deterministically (no random state anywhere; same input, same JSON):
1. reads ONLY ``shared/eval/comments/dragnet.train.jsonl`` (never dev, never the sealed test);
   each page is rendered as ``main_text + "\\n\\n" + comments_text`` (just ``main_text`` when there
   are no comments), paragraphs are its non-empty lines, and a paragraph is a comment when it
   starts inside ``comments_text``;
2. builds ``segment.comments.comment_features`` for every paragraph;
3. picks the regularisation C and the "comments vs none" margin by 5-fold cross-validation over
   pages (fold = page number mod 5), maximising page-averaged main F1 + comment F1, the measures
   of ``newsdesk eval comments``;
4. fits a standardised logistic regression on all training pages and writes its weights, the
   scaler and the margin as JSON (inference needs only numpy).

Each page gets the same total weight, so the few pages with a thousand comment lines do not drown
the pages with a handful.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from newsdesk.evaluate.comments import render_text
from newsdesk.evaluate.metrics import token_f1
from newsdesk.segment.comments import best_boundary, comment_features, feature_names
from newsdesk.segment.voices import paragraphs

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TRAIN = ROOT.parent / "shared" / "eval" / "comments" / "dragnet.train.jsonl"
DEFAULT_OUT = ROOT / "src" / "newsdesk" / "knowledge" / "data" / "comment_boundary.json"
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)
MARGIN_GRID = tuple(float(m) for m in np.arange(-4.0, 12.01, 0.5))
FOLDS = 5
FIRST_ALLOWED = 1  # as in ``newsdesk eval comments``: a page has some article before its comments


@dataclass
class Page:
    """One training page: its text, paragraph spans, features and per-paragraph labels."""

    text: str
    spans: list[tuple[int, int]]
    features: np.ndarray
    labels: np.ndarray
    main_text: str
    comments_text: str


def load_pages(path: Path) -> list[Page]:
    """Read the Dragnet JSONL and turn every page into features and labels."""
    pages = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                pages.append(_page(record["main_text"], record["comments_text"]))
    return pages


def _page(main_text: str, comments_text: str) -> Page:
    text = render_text(main_text, comments_text)
    spans = paragraphs(text)
    comments_from = len(main_text) if comments_text.strip() else len(text)
    labels = np.asarray([start >= comments_from for start, _ in spans], dtype=int)
    return Page(text, spans, comment_features(text, spans), labels, main_text, comments_text)


def fit(pages: list[Page], c: float) -> dict:
    """A standardised logistic regression on the pages' paragraphs, each page weighing the same."""
    features = np.vstack([p.features for p in pages])
    labels = np.concatenate([p.labels for p in pages])
    weights = np.concatenate([np.full(len(p.labels), 1.0 / len(p.labels)) for p in pages])
    weights *= len(labels) / weights.sum()
    scaler = StandardScaler().fit(features)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    model = LogisticRegression(C=c, max_iter=5000, solver="lbfgs")
    model.fit((features - scaler.mean_) / scale, labels, sample_weight=weights)
    return {"mean": scaler.mean_, "scale": scale, "coef": model.coef_[0], "intercept": float(model.intercept_[0])}


def probabilities(weights: dict, page: Page) -> np.ndarray:
    """p(comment) per paragraph, exactly as ``segment.comments`` computes it at inference."""
    scores = ((page.features - weights["mean"]) / weights["scale"]) @ weights["coef"] + weights["intercept"]
    return 1.0 / (1.0 + np.exp(-np.clip(scores, -30, 30)))


def page_scores(page: Page, boundary: int | None) -> tuple[float, float | None]:
    """(main F1, comment F1 or None when the page neither has nor gets comments) for one cut."""
    cut = page.spans[boundary][0] if boundary is not None else len(page.text)
    pred_main, pred_comments = page.text[:cut], page.text[cut:]
    main_f1 = token_f1(pred_main, page.main_text)[2]
    if not page.comments_text.split() and not pred_comments.split():
        return main_f1, None
    return main_f1, token_f1(pred_comments, page.comments_text)[2]


def objective(pages: list[Page], probs: list[np.ndarray], margin: float) -> tuple[float, float, float]:
    """(main F1 + comment F1, main F1, comment F1), page-averaged as in ``newsdesk eval comments``."""
    mains, comments = [], []
    for page, p in zip(pages, probs):
        main_f1, comment_f1 = page_scores(page, best_boundary(p, FIRST_ALLOWED, margin))
        mains.append(main_f1)
        if comment_f1 is not None:
            comments.append(comment_f1)
    main, comment = float(np.mean(mains)), float(np.mean(comments)) if comments else 0.0
    return main + comment, main, comment


def cross_validated(pages: list[Page], c: float) -> list[np.ndarray]:
    """Out-of-fold probabilities for every page (fold = page number mod FOLDS)."""
    probs: list[np.ndarray] = [np.empty(0)] * len(pages)
    for fold in range(FOLDS):
        train = [p for i, p in enumerate(pages) if i % FOLDS != fold]
        weights = fit(train, c)
        for i in range(fold, len(pages), FOLDS):
            probs[i] = probabilities(weights, pages[i])
    return probs


def tune(pages: list[Page]) -> tuple[float, float, dict]:
    """The (C, margin) with the best cross-validated objective, and that objective's parts."""
    best = (-1.0, 0.0, 0.0, {})
    for c in C_GRID:
        probs = cross_validated(pages, c)
        for margin in MARGIN_GRID:
            total, main, comment = objective(pages, probs, margin)
            if total > best[0] + 1e-9:
                best = (total, c, margin, {"cv_main_f1": round(main, 4), "cv_comment_f1": round(comment, 4)})
            print(f"C={c:<5} margin={margin:<5} main={main:.4f} comment={comment:.4f}", file=sys.stderr)
    return best[1], best[2], best[3]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=DEFAULT_TRAIN)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    started = time.perf_counter()
    pages = load_pages(args.train)
    c, margin, cv = tune(pages)
    weights = fit(pages, c)
    payload = {
        "about": "Unmarked reader-comment boundary: logistic regression over segment.comments features. "
                 "Written by scripts/train_comment_boundary.py from Dragnet train (AGPL data; weights only).",
        "train_file": args.train.name, "train_pages": len(pages), "C": c, "margin": margin, **cv,
        "features": feature_names(),
        "mean": _rounded(weights["mean"]), "scale": _rounded(weights["scale"]),
        "coef": _rounded(weights["coef"]), "intercept": round(weights["intercept"], 6),
    }
    args.out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} (C={c}, margin={margin}, {cv}) in {time.perf_counter() - started:.1f}s")


def _rounded(values: np.ndarray) -> list[float]:
    return [float(f"{v:.8g}") for v in values]


if __name__ == "__main__":
    main()
