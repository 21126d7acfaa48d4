"""Train the quote cue lexicon (``src/newsdesk/knowledge/data/quote_cues.json``) on PolNeAR train.

Every candidate attribution the rules propose (``quote_rules.candidate_attributions``) is scored
against the gold attributions of its article: a *hit* when its content matches a gold content at
overlap >= 0.5 (the evaluation's own criterion). The lexicon stores hits and totals per
(cue lemma, frame); ``find_quotes`` keeps a candidate when the smoothed hit rate reaches the
threshold. Deterministic: counting only, no random state.

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

from newsdesk.evaluate.metrics import spans_match  # noqa: E402
from newsdesk.extract.quote_cues import LEXICON_PATH  # noqa: E402
from newsdesk.extract.quote_marks import find_quote_regions  # noqa: E402
from newsdesk.extract.quote_rules import candidate_attributions  # noqa: E402
from newsdesk.nlp import load_pipeline  # noqa: E402

DEFAULT_TRAIN = ROOT.parent / "shared" / "eval" / "quotes" / "polnear.train.jsonl"
# Smoothing: a (lemma, frame) seen n times weighs its own rate n against the frame's rate PRIOR_WEIGHT.
PRIOR_WEIGHT = 3.0
# The keep threshold is chosen on train by leave-one-out scores (each candidate scored with
# itself taken out of the counts), from these values. For F1 the best cut is usually under 0.5:
# a candidate is worth emitting when it is right more often than about F1/2 of the time.
THRESHOLDS = [round(0.2 + 0.025 * i, 3) for i in range(17)]
# A lemma seen at most this often (all frames together) counts as rare; the prior of a frame is the
# hit rate of rare lemmas in it, which is what an unseen lemma should expect.
RARE_LEMMA_TOTAL = 5
# Pairs seen fewer times than this, with no hit, are dropped from the file (the prior covers them).
MIN_TOTAL = 2


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


Counts = dict[str, dict[str, list[int]]]


def candidate_outcomes(records: list[dict], docs: list) -> list[tuple[str, str, bool]]:
    """(lemma, frame, hit) for every candidate of every article."""
    outcomes = []
    for record, doc in zip(records, docs):
        golds = [(q["start"], q["end"]) for q in record["quotes"]]
        for candidate in candidate_attributions(doc, find_quote_regions(doc.text)):
            if candidate.nested:
                continue  # PolNeAR flattens nesting: nested quotes are never in its gold
            hit = any(spans_match(candidate.content, gold) for gold in golds)
            outcomes.append((candidate.lemma, candidate.frame, hit))
    return outcomes


def count_hits(outcomes: list[tuple[str, str, bool]]) -> Counts:
    """[hits, total] per lemma and frame."""
    counts: Counts = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for lemma, frame, hit in outcomes:
        pair = counts[lemma][frame]
        pair[0] += int(hit)
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


def choose_threshold(outcomes: list[tuple[str, str, bool]], counts: Counts, priors: dict[str, float],
                     gold_total: int) -> tuple[float, float]:
    """The threshold with the best leave-one-out F1 of candidates on train, and that F1."""
    def loo_score(lemma: str, frame: str, hit: bool) -> float:
        hits, total = counts[lemma][frame]
        prior = priors.get(frame, 0.0)
        return (hits - int(hit) + PRIOR_WEIGHT * prior) / (total - 1 + PRIOR_WEIGHT)

    scored = [(loo_score(*o), o[2]) for o in outcomes]
    best = (0.0, THRESHOLDS[0])
    for threshold in THRESHOLDS:
        kept = [hit for score, hit in scored if score >= threshold]
        tp = sum(kept)
        precision, recall = (tp / len(kept) if kept else 0.0), tp / gold_total
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        best = max(best, (round(f1, 4), threshold))
    return best[1], best[0]


def lexicon_json(counts: Counts, priors: dict[str, float], threshold: float) -> dict:
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
        "prior_weight": PRIOR_WEIGHT,
        "threshold": threshold,
        "frame_prior": priors,
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
    docs = parsed_docs(records, args.docbin)
    outcomes = candidate_outcomes(records, docs)
    counts = count_hits(outcomes)
    priors = frame_priors(counts)
    threshold, f1 = choose_threshold(outcomes, counts, priors, sum(len(r["quotes"]) for r in records))
    data = lexicon_json(counts, priors, threshold)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
        handle.write("\n")
    print(f"{len(data['cues'])} cue lemmas -> {args.out}")
    print("frame priors:", data["frame_prior"])
    print(f"threshold {threshold} (leave-one-out candidate F1 on train {f1})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
