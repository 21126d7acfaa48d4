"""Train the unmarked-comment boundary model: src/newsdesk/knowledge/data/comment_boundary.json.

How to run (from the repository root; about 30 s on one CPU core):

    PYTHONPATH=src .venv/bin/python scripts/train_comment_boundary.py
    PYTHONPATH=src .venv/bin/python scripts/train_comment_boundary.py --train PATH --out PATH

What it does, deterministically (no random state, fixed folds, one BLAS thread; same input, same JSON):
1. reads ONLY ``shared/eval/comments/dragnet.train.jsonl`` (never dev, never the sealed test);
   each page is rendered as ``main_text + "\\n\\n" + comments_text`` (just ``main_text`` when there
   are no comments), paragraphs are its non-empty lines, and a paragraph is a comment when it
   starts inside ``comments_text``;
2. builds ``segment.comments.comment_features`` for every paragraph;
3. stage 1, paragraphs: a logistic regression (scikit-learn) gives p(comment);
   each page gets the same total weight, so the few pages with a thousand comment lines do not
   drown the pages with a handful. Out-of-fold probabilities (5 folds, fold = page number mod 5)
   feed stage 2, so that it learns how far stage 1 can be trusted on unseen pages;
4. stage 2, the cut: a conditional logit over "cut at k" for every k and "no comments" (see
   ``segment.comments.choose_boundary``), trained by L-BFGS; its L2 penalty and the decision
   margin are chosen by the same 5-fold cross-validation, maximising page-averaged main F1 +
   comment F1, the measures of ``newsdesk eval comments``;
5. writes the weights (no scikit-learn needed at inference).
"""

from __future__ import annotations

import os

# One BLAS thread: faster on a shared machine, and float sums in a fixed order (same JSON every run).
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# The imports below follow the thread settings on purpose (E402).
import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from scipy.optimize import minimize  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from newsdesk.evaluate.comments import render_text  # noqa: E402
from newsdesk.evaluate.metrics import token_f1  # noqa: E402
from newsdesk.segment.comments import (boundary_candidates, boundary_feature_names, comment_features,  # noqa: E402
                                       feature_names, paragraph_probabilities, pick_cut)
from newsdesk.segment.voices import paragraphs  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TRAIN = ROOT.parent / "shared" / "eval" / "comments" / "dragnet.train.jsonl"
DEFAULT_OUT = ROOT / "src" / "newsdesk" / "knowledge" / "data" / "comment_boundary.json"
FOLDS = 5
FIRST_ALLOWED = 1  # as in ``newsdesk eval comments``: a page has some article before its comments
# Stage 1 regularisation. A one-hidden-layer MLP was measured too: no better than this within the
# noise of 5-fold CV on ~200 pages with comments, and 30x the weights.
PARAGRAPH_C = 0.1
CLIP = 10.0  # how far below the best cut the two-run score may count, in log-likelihood units
L2_GRID = (1.0, 3.0, 10.0, 30.0)
MARGIN_GRID = (-1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0)


@dataclass
class Page:
    """One training page: its text, paragraph spans, features and the gold cut (None: no comments)."""

    text: str
    spans: list[tuple[int, int]]
    features: np.ndarray
    labels: np.ndarray
    main_text: str
    comments_text: str
    gold_cut: int | None = None
    candidates: tuple = field(default=())  # (clipped scores, clipped none score, local features)


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
    gold_cut = int(np.argmax(labels)) if labels.any() else None
    return Page(text, spans, comment_features(text, spans), labels, main_text, comments_text, gold_cut)


# --- stage 1: paragraphs -------------------------------------------------------------------------

def fit_paragraph_model(pages: list[Page]) -> dict:
    """Stage 1 on the pages' paragraphs: weights with the standardisation folded in, and a bias."""
    features = np.vstack([p.features for p in pages])
    labels = np.concatenate([p.labels for p in pages])
    weights = np.concatenate([np.full(len(p.labels), 1.0 / len(p.labels)) for p in pages])
    weights *= len(labels) / weights.sum()
    scaler = StandardScaler().fit(features)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    model = LogisticRegression(C=PARAGRAPH_C, max_iter=5000)
    model.fit((features - scaler.mean_) / scale, labels, sample_weight=weights)
    # (x - mean) / scale . w + b  ==  x . (w / scale) + (b - (mean / scale) . w)
    coef = model.coef_[0]
    return {"weights": coef / scale, "bias": float(model.intercept_[0] - (scaler.mean_ / scale) @ coef)}


def out_of_fold(pages: list[Page]) -> list[np.ndarray]:
    """Stage-1 probabilities of every page from the model trained without its fold."""
    probabilities: list[np.ndarray] = [np.empty(0)] * len(pages)
    for fold in range(FOLDS):
        model = fit_paragraph_model([p for i, p in enumerate(pages) if i % FOLDS != fold])
        for i in range(fold, len(pages), FOLDS):
            probabilities[i] = paragraph_probabilities(pages[i].features, model)
    return probabilities


# --- stage 2: the cut ----------------------------------------------------------------------------

def fit_boundary_model(pages: list[Page], l2: float) -> dict:
    """Conditional logit over the cuts and "none" of each page (maximum likelihood, L2 on w).

    All pages' options are laid end to end (each page's cuts, then its "none") so that one
    gradient is a few array operations; ``np.*.reduceat`` does the per-page softmax.
    """
    local = np.vstack([p.candidates[2] for p in pages])
    mean, scale = local.mean(axis=0), local.std(axis=0)
    scale[scale == 0] = 1.0
    problem = _stacked_options(pages, (local - mean) / scale)
    width = local.shape[1]

    def loss_and_gradient(theta: np.ndarray) -> tuple[float, np.ndarray]:
        coef, offset_weight, none_bias = theta[:width], theta[width], theta[width + 1]
        scores = problem["rows"] @ coef + offset_weight * problem["offsets"] + none_bias * problem["is_none"]
        top = np.maximum.reduceat(scores, problem["starts"])
        shifted = np.exp(scores - np.repeat(top, problem["sizes"]))
        totals = np.add.reduceat(shifted, problem["starts"])
        chances = shifted / np.repeat(totals, problem["sizes"])
        loss = -(scores[problem["gold"]] - top - np.log(totals)).sum() + 0.5 * l2 * coef @ coef
        residual = chances - problem["is_gold"]
        gradient = np.concatenate((residual @ problem["rows"] + l2 * coef,
                                   [residual @ problem["offsets"], residual @ problem["is_none"]]))
        return float(loss), gradient

    start = np.zeros(width + 2)
    start[width] = 0.1
    theta = minimize(loss_and_gradient, start, jac=True, method="L-BFGS-B", options={"maxiter": 5000}).x
    return {"mean": mean, "scale": scale, "coef": theta[:width], "offset_weight": float(theta[width]),
            "none_bias": float(theta[width + 1]), "clip": CLIP}


def _stacked_options(pages: list[Page], rows: np.ndarray) -> dict[str, np.ndarray]:
    """Every page's options end to end: local rows (zeros for "none"), offsets, and the gold option."""
    parts: dict[str, list] = {"rows": [], "offsets": [], "is_none": [], "sizes": []}
    cursor = 0
    for page in pages:
        scores, none_score, _ = page.candidates
        count = len(scores)
        parts["rows"] += [rows[cursor:cursor + count], np.zeros((1, rows.shape[1]))]
        parts["offsets"] += [scores, [none_score]]
        parts["is_none"] += [np.zeros(count), [1.0]]
        parts["sizes"].append(count + 1)
        cursor += count
    sizes = np.asarray(parts["sizes"])
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    gold = np.asarray([start + (len(page.candidates[0]) if page.gold_cut is None else page.gold_cut - FIRST_ALLOWED)
                       for page, start in zip(pages, starts)])
    is_gold = np.zeros(int(sizes.sum()))
    is_gold[gold] = 1.0
    return {"rows": np.vstack(parts["rows"]), "offsets": np.concatenate(parts["offsets"]),
            "is_none": np.concatenate(parts["is_none"]), "sizes": sizes, "starts": starts,
            "gold": gold, "is_gold": is_gold}


def decide(page: Page, boundary: dict, margin: float) -> int | None:
    """The cut stage 2 chooses for a page, exactly as ``segment.comments.pick_cut`` at inference."""
    return pick_cut(page.candidates, {**boundary, "margin": margin}, FIRST_ALLOWED)


def page_scores(page: Page, cut: int | None) -> tuple[float, float | None]:
    """(main F1, comment F1 or None when the page neither has nor gets comments) for one cut."""
    offset = page.spans[cut][0] if cut is not None else len(page.text)
    pred_main, pred_comments = page.text[:offset], page.text[offset:]
    main_f1 = token_f1(pred_main, page.main_text)[2]
    if not page.comments_text.split() and not pred_comments.split():
        return main_f1, None
    return main_f1, token_f1(pred_comments, page.comments_text)[2]


def objective(pages: list[Page], cuts: list[int | None]) -> tuple[float, float]:
    """(main F1, comment F1), page-averaged as in ``newsdesk eval comments``."""
    scored = [page_scores(page, cut) for page, cut in zip(pages, cuts)]
    comments = [c for _, c in scored if c is not None]
    return float(np.mean([m for m, _ in scored])), float(np.mean(comments)) if comments else 0.0


def tune_boundary(pages: list[Page]) -> tuple[float, float, dict]:
    """(L2, margin) with the best cross-validated main F1 + comment F1, and those scores."""
    best = (-1.0, L2_GRID[0], 0.0, {})
    for l2 in L2_GRID:
        models = [fit_boundary_model([p for i, p in enumerate(pages) if i % FOLDS != f], l2) for f in range(FOLDS)]
        for margin in MARGIN_GRID:
            cuts = [decide(page, models[i % FOLDS], margin) for i, page in enumerate(pages)]
            main, comment = objective(pages, cuts)
            print(f"  l2={l2:<5} margin={margin:<5} cv main F1={main:.4f} comment F1={comment:.4f}")
            if main + comment > best[0] + 1e-9:
                best = (main + comment, l2, margin, {"cv_main_f1": round(main, 4), "cv_comment_f1": round(comment, 4)})
    return best[1], best[2], best[3]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=DEFAULT_TRAIN)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    started = time.perf_counter()
    pages = load_pages(args.train)
    print(f"{len(pages)} pages, {sum(len(p.spans) for p in pages)} paragraphs")
    for page, probabilities in zip(pages, out_of_fold(pages)):
        page.candidates = boundary_candidates(page.features, probabilities, FIRST_ALLOWED, CLIP)
    l2, margin, cv = tune_boundary(pages)
    boundary = fit_boundary_model(pages, l2)
    paragraph = fit_paragraph_model(pages)
    payload = {
        "about": "Unmarked reader-comment boundary (segment/comments.py). Written by "
                 "scripts/train_comment_boundary.py from Dragnet train; weights only, no text.",
        "train_file": args.train.name, "train_pages": len(pages), "paragraph_C": PARAGRAPH_C,
        "l2": l2, **cv,
        "features": feature_names(),
        "paragraph": {"weights": _rounded(paragraph["weights"]), "bias": _rounded(paragraph["bias"])},
        "boundary": {
            "features": boundary_feature_names(),
            "mean": _rounded(boundary["mean"]), "scale": _rounded(boundary["scale"]),
            "coef": _rounded(boundary["coef"]), "offset_weight": _rounded(boundary["offset_weight"]),
            "none_bias": _rounded(boundary["none_bias"]), "clip": CLIP, "margin": margin,
        },
    }
    args.out.write_text(json.dumps(payload, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} (l2={l2}, margin={margin}, {cv}) in {time.perf_counter() - started:.1f}s")


def _rounded(values: np.ndarray | float) -> list | float:
    """Eight significant digits: enough for the decisions, and a stable, diff-able file."""
    if np.ndim(values) == 0:
        return float(f"{float(values):.8g}")
    return [_rounded(v) for v in values]


if __name__ == "__main__":
    main()
