"""Train the quote cue lexicon (``src/newsdesk/knowledge/data/quote_cues.json``) on PolNeAR train.

Every candidate attribution the rules propose (``quote_rules.candidate_attributions``) is scored
against the gold attributions of its article: a *hit* when its content matches a gold content at
overlap >= 0.5 (the evaluation's own criterion). The lexicon stores hits and totals per
(cue lemma, frame); ``find_quotes`` keeps a candidate when the smoothed hit rate reaches the
threshold.

The threshold and the smoothing weight are chosen by two-fold cross-fitting on train: counts from
one half of the articles decide what ``select_quotes`` keeps on the other half, and the setting
with the best overlap F1 over both halves wins. The shipped counts then use all of train.
Deterministic: counting only, fixed folds, no random state.

    .venv/bin/python scripts/train_quotes.py [--train PATH] [--docbin CACHE] [--out PATH]

Only ``polnear.train.jsonl`` may be used here (dev is for measuring, test stays sealed).
``--docbin`` caches the parsed train set outside the repository to save re-parsing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from spacy.tokens import DocBin  # noqa: E402

from newsdesk.evaluate.metrics import greedy_span_matching, prf, spans_match  # noqa: E402
from newsdesk.extract.quote_cues import LEXICON_PATH, CueLexicon  # noqa: E402
from newsdesk.extract.quote_marks import find_quote_regions  # noqa: E402
from newsdesk.extract.quote_rules import candidate_attributions  # noqa: E402
from newsdesk.extract.quotes import select_quotes  # noqa: E402
from newsdesk.nlp import load_pipeline  # noqa: E402

DEFAULT_TRAIN = ROOT.parent / "shared" / "eval" / "quotes" / "polnear.train.jsonl"
# Tried by cross-fitting. For F1 the best cut is usually under 0.5: a candidate is worth emitting
# when it is right more often than about F1/2 of the time.
THRESHOLDS = [round(0.2 + 0.025 * i, 3) for i in range(17)]
# Smoothing: a (lemma, frame) seen n times weighs its own rate n against the frame prior's weight.
PRIOR_WEIGHTS = [1.0, 3.0, 10.0]
# A lemma seen at most this often (all frames together) counts as rare; the prior of a frame is the
# hit rate of rare lemmas in it, which is what an unseen lemma should expect.
RARE_LEMMA_TOTAL = 5
# Pairs seen fewer times than this, with no hit, are left out of the file (the prior covers them).
MIN_TOTAL = 2

Counts = dict[str, dict[str, list[int]]]
Article = tuple[dict, str, list, list]  # record, text, regions, candidates


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
    """Regions and candidates of every article, computed once."""
    articles = []
    for record, doc in zip(records, docs):
        regions = find_quote_regions(doc.text)
        articles.append((record, doc.text, regions, candidate_attributions(doc, regions)))
    return articles


def count_hits(articles: list[Article]) -> Counts:
    """[hits, total] per lemma and frame over the candidates of ``articles``."""
    counts: Counts = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for record, _text, _regions, candidates in articles:
        golds = [(q["start"], q["end"]) for q in record["quotes"]]
        for candidate in candidates:
            if candidate.nested:
                continue  # PolNeAR flattens nesting: nested quotes are never in its gold
            pair = counts[candidate.lemma][candidate.frame]
            pair[0] += int(any(spans_match(candidate.content, gold) for gold in golds))
            pair[1] += 1
    return counts


def frame_priors(counts: Counts) -> dict[str, float]:
    """Per frame, the hit rate of rare lemmas (the overall rate where a frame has none)."""
    rare: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    every: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for frames in counts.values():
        lemma_total = sum(total for _, total in frames.values())
        for frame, (hits, total) in frames.items():
            for bucket in ([rare, every] if lemma_total <= RARE_LEMMA_TOTAL else [every]):
                bucket[frame][0] += hits
                bucket[frame][1] += total
    return {frame: round((rare[frame][0] / rare[frame][1]) if rare[frame][1] else hits / total, 4)
            for frame, (hits, total) in sorted(every.items()) if total}


def make_lexicon(counts: Counts, prior_weight: float, threshold: float) -> CueLexicon:
    frozen = {lemma: {frame: (pair[0], pair[1]) for frame, pair in frames.items()} for lemma, frames in counts.items()}
    return CueLexicon(frozen, frame_priors(counts), prior_weight, threshold)


def overlap_counts(articles: list[Article], lexicon: CueLexicon) -> tuple[int, int, int]:
    """(matched, predicted, gold) of ``select_quotes`` with ``lexicon`` over ``articles``."""
    matched = predicted = gold = 0
    for record, text, regions, candidates in articles:
        quotes = select_quotes(text, lexicon.scored(candidates), regions, lexicon.threshold)
        golds = [(q["start"], q["end"]) for q in record["quotes"]]
        matched += len(greedy_span_matching([(q.start, q.end) for q in quotes], golds))
        predicted += len(quotes)
        gold += len(golds)
    return matched, predicted, gold


def choose_setting(articles: list[Article]) -> tuple[float, float, float]:
    """(prior weight, threshold, cross-fitted F1) of the best setting, two folds by position."""
    folds = [articles[0::2], articles[1::2]]
    fold_counts = [count_hits(fold) for fold in folds]
    best = (-1.0, 0.0, 0.0)
    for weight in PRIOR_WEIGHTS:
        for threshold in THRESHOLDS:
            totals = [0, 0, 0]
            for held_out, trained_on in ((0, 1), (1, 0)):
                lexicon = make_lexicon(fold_counts[trained_on], weight, threshold)
                for i, value in enumerate(overlap_counts(folds[held_out], lexicon)):
                    totals[i] += value
            f1 = round(prf(*totals)[2], 4)
            if f1 > best[0]:
                best = (f1, weight, threshold)
    return best[1], best[2], best[0]


def lexicon_json(counts: Counts, prior_weight: float, threshold: float) -> dict:
    cues = {}
    for lemma in sorted(counts):
        frames = {frame: pair for frame, pair in sorted(counts[lemma].items())
                  if pair[0] > 0 or pair[1] >= MIN_TOTAL}
        if frames:
            cues[lemma] = frames
    return {
        "about": "Cue lexicon for newsdesk.extract.quotes, built by scripts/train_quotes.py from "
                 "PolNeAR train: per cue lemma and frame, [hits, candidates].",
        "trained_on": "polnear.train.jsonl",
        "prior_weight": prior_weight,
        "threshold": threshold,
        "frame_prior": frame_priors(counts),
        "cues": cues,
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
    weight, threshold, f1 = choose_setting(articles)
    data = lexicon_json(count_hits(articles), weight, threshold)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
        handle.write("\n")
    print(f"{len(data['cues'])} cue lemmas -> {args.out}")
    print("frame priors:", data["frame_prior"])
    print(f"prior weight {weight}, threshold {threshold} (two-fold cross-fitted F1 on train {f1})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
