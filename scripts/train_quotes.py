"""Train the quote scorer (``src/newsdesk/knowledge/data/quote_cues.json``) on PolNeAR train.

Every candidate attribution the rules propose (``quotes.rules.candidate_attributions``) is labelled
against the gold attributions of its article: positive when its content matches a gold content at
overlap >= 0.5 (the evaluation's own criterion). A logistic regression over the candidate's binary
features (``quotes.cues.candidate_features``: cue lemma, frame, their pair, cue tag and dependency,
speaker kind, content length and shape) learns which candidates are attributions.

The regularisation strength C and the keep threshold are chosen by two-fold cross-fitting on
train: a model fitted on one half of the articles scores the other half, ``select_quotes`` runs
with each threshold, and the setting with the best overlap F1 over both halves wins. The shipped
model is then fitted on all of train. Deterministic: fixed folds, lbfgs, no random state.

    .venv/bin/python scripts/train_quotes.py [--train PATH] [--docbin CACHE] [--out PATH]

Only ``polnear.train.jsonl`` may be used here (dev is for measuring, test stays sealed).
``--docbin`` caches the parsed train set outside the repository to save re-parsing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from spacy.tokens import DocBin  # noqa: E402
from sklearn.feature_extraction import DictVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from newsdesk.evaluate.metrics import greedy_span_matching, prf, spans_match  # noqa: E402
from newsdesk.extract.quotes.cues import LEXICON_PATH, CueScorer, candidate_features  # noqa: E402
from newsdesk.extract.quotes.marks import find_quote_regions  # noqa: E402
from newsdesk.extract.quotes.rules import candidate_attributions  # noqa: E402
from newsdesk.extract.quotes.select import select_quotes  # noqa: E402
from newsdesk.nlp import load_pipeline  # noqa: E402

DEFAULT_TRAIN = ROOT.parent / "shared" / "eval" / "quotes" / "polnear.train.jsonl"
# Tried by cross-fitting. For F1 the best cut is usually under 0.5: a candidate is worth emitting
# when it is right more often than about F1/2 of the time.
THRESHOLDS = [round(0.2 + 0.025 * i, 3) for i in range(13)]
C_VALUES = [0.3, 1.0, 3.0]
# Features seen fewer times than this in training get no weight (keeps the file small; a lemma
# seen twice tells little).
MIN_FEATURE_COUNT = 5
# Weights smaller than this are left out of the file: they barely move a score.
MIN_WEIGHT = 0.01


@dataclass
class Article:
    """One training article: gold, regions, candidates and their features and labels."""

    record: dict
    text: str
    regions: list
    candidates: list
    features: list[list[str]]
    labels: list[int]


def read_records(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def parsed_docs(records: list[dict], cache: Path | None) -> list:
    nlp = load_pipeline()
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(records) and all(d.text == r["text"] for d, r in zip(docs, records)):
            return docs
    docs = list(nlp.pipe([r["text"] for r in records], batch_size=16))
    if cache is not None:
        bin_ = DocBin(store_user_data=False)
        for doc in docs:
            bin_.add(doc)
        bin_.to_disk(cache)
    return docs


def prepare(records: list[dict], docs: list) -> list[Article]:
    """Regions, candidates, features and labels of every article, computed once. Nested
    candidates are left out: PolNeAR flattens nesting, so they are never in its gold."""
    articles = []
    for record, doc in zip(records, docs):
        regions = find_quote_regions(doc.text)
        candidates = [c for c in candidate_attributions(doc, regions) if not c.nested]
        golds = [(q["start"], q["end"]) for q in record["quotes"]]
        labels = [int(any(spans_match(c.content, gold) for gold in golds)) for c in candidates]
        articles.append(Article(record, doc.text, regions, candidates,
                                [candidate_features(doc, c) for c in candidates], labels))
    return articles


def fit(articles: list[Article], c_value: float) -> CueScorer:
    """A logistic regression on the candidates of ``articles``, as a ``CueScorer``."""
    seen = Counter(name for a in articles for f in a.features for name in f)
    vectorizer = DictVectorizer()
    rows = [{name: 1 for name in f if seen[name] >= MIN_FEATURE_COUNT} for a in articles for f in a.features]
    matrix = vectorizer.fit_transform(rows)
    labels = [label for a in articles for label in a.labels]
    model = LogisticRegression(C=c_value, max_iter=5000)
    model.fit(matrix, labels)
    names = vectorizer.get_feature_names_out()
    weights = {str(n): round(float(w), 3) for n, w in zip(names, model.coef_[0]) if abs(w) >= MIN_WEIGHT}
    return CueScorer(weights, round(float(model.intercept_[0]), 3), 0.5)


def overlap_counts(articles: list[Article], scorer: CueScorer, threshold: float) -> tuple[int, int, int]:
    """(matched, predicted, gold) of ``select_quotes`` over ``articles``."""
    matched = predicted = gold = 0
    for article in articles:
        scored = [replace(c, score=scorer.probability(f)) for c, f in zip(article.candidates, article.features)]
        quotes = select_quotes(article.text, scored, article.regions, threshold)
        golds = [(q["start"], q["end"]) for q in article.record["quotes"]]
        matched += len(greedy_span_matching([(q.start, q.end) for q in quotes], golds))
        predicted += len(quotes)
        gold += len(golds)
    return matched, predicted, gold


def choose_setting(articles: list[Article]) -> tuple[float, float, float]:
    """(C, threshold, cross-fitted F1) of the best setting, two folds by position."""
    folds = [articles[0::2], articles[1::2]]
    best = (-1.0, 0.0, 0.0)
    for c_value in C_VALUES:
        scorers = [fit(folds[1], c_value), fit(folds[0], c_value)]  # scorer i scores fold i
        for threshold in THRESHOLDS:
            totals = [0, 0, 0]
            for fold, scorer in zip(folds, scorers):
                for i, value in enumerate(overlap_counts(fold, scorer, threshold)):
                    totals[i] += value
            f1 = round(prf(*totals)[2], 4)
            if f1 > best[0]:
                best = (f1, c_value, threshold)
    return best[1], best[2], best[0]


def scorer_json(scorer: CueScorer, c_value: float, threshold: float) -> dict:
    return {
        "about": "Quote candidate scorer for newsdesk.extract.quotes, built by scripts/train_quotes.py "
                 "from PolNeAR train: logistic-regression weights over quote_cues.candidate_features.",
        "trained_on": "polnear.train.jsonl",
        "C": c_value,
        "threshold": threshold,
        "bias": scorer.bias,
        "weights": dict(sorted(scorer.weights.items())),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", type=Path, default=DEFAULT_TRAIN)
    parser.add_argument("--docbin", type=Path, default=None, help="cache of parsed train docs (outside the repo)")
    parser.add_argument("--out", type=Path, default=LEXICON_PATH)
    args = parser.parse_args(argv)
    if not args.train.name.endswith(".train.jsonl"):
        parser.error("train only on a *.train.jsonl file")
    records = read_records(args.train)
    articles = prepare(records, parsed_docs(records, args.docbin))
    c_value, threshold, f1 = choose_setting(articles)
    data = scorer_json(fit(articles, c_value), c_value, threshold)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
        handle.write("\n")
    print(f"{len(data['weights'])} weights -> {args.out}")
    print(f"C {c_value}, threshold {threshold} (two-fold cross-fitted F1 on train {f1})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
