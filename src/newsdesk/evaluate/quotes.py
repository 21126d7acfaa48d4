"""``newsdesk eval quotes``: quote spans and speakers against PolNeAR-style gold.

Gold: a JSONL file in the ``quotes`` format (``shared/eval/FORMAT.md``): one article per line with
``quotes`` = content spans, optional ``fragments`` (discontinuous content), speaker span and cue.

Metrics (``shared/eval/README.md``):
- overlap match: a predicted span matches a gold span when they share at least half of the longer
  of the two; one-to-one, greedy by overlap. ``quote_precision``/``quote_recall``/``quote_f1_overlap``.
- exact match: identical start and end after stripping whitespace and quotation marks from both.
  For discontinuous gold the *envelope* (first fragment start to last fragment end, which is what
  ``start``/``end`` hold and also the bounds of the fragment concatenation) is the target: a
  prediction that spans '"A," he said. "B."' whole is exact; one that takes only "A" is not.
  ``quote_f1_exact`` uses its own one-to-one matching.
- speaker accuracy: over overlap-matched pairs whose gold has a speaker, right when the predicted
  speaker mention overlaps the gold speaker span (or one of its fragments), or when the canonical
  name of the predicted speaker actor contains the gold speaker's surface, or at least its last word
  (case-insensitive, whole words).

``evaluate_quotes`` runs the full pipeline (``pipeline.analyze_texts``), so the numbers are what
users get: segmentation, parsing, ``find_quotes`` and speaker linking.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Iterable, Optional

from .data import read_records
from .metrics import greedy_span_matching, prf, span_overlap, strip_span

Span = tuple[int, int]
# Gold speakers that no name contains: the name test needs a word that names someone.
_UNNAMING_WORDS = {"he", "she", "they", "it", "we", "i", "you", "his", "her", "their", "its", "who",
                   "which", "that", "the", "a", "an", "source", "sources", "official", "officials"}


@dataclass(frozen=True)
class PredictedQuote:
    """One predicted quote as the scorer sees it."""

    span: Span
    speaker_span: Optional[Span] = None
    speaker_name: Optional[str] = None


def read_gold(path: str, limit: Optional[int] = None) -> list[dict]:
    """The records of a quotes JSONL file (first ``limit`` of them)."""
    return read_records(path, limit, required=("text", "quotes"))


def score_quotes(records: list[dict], predictions: list[list[PredictedQuote]]) -> dict:
    """The quote metrics over articles ``records`` given each article's predicted quotes."""
    totals = {"gold": 0, "pred": 0, "overlap": 0, "exact": 0, "with_speaker": 0, "speaker_ok": 0}
    for record, preds in zip(records, predictions):
        _score_article(record, preds, totals)
    precision, recall, f1 = prf(totals["overlap"], totals["pred"], totals["gold"])
    _, _, f1_exact = prf(totals["exact"], totals["pred"], totals["gold"])
    speaker = totals["speaker_ok"] / totals["with_speaker"] if totals["with_speaker"] else 0.0
    return {"quote_precision": round(precision, 4), "quote_recall": round(recall, 4),
            "quote_f1_overlap": round(f1, 4), "quote_f1_exact": round(f1_exact, 4),
            "speaker_accuracy": round(speaker, 4), "n": totals["gold"], "n_pred": totals["pred"],
            "n_speaker_scored": totals["with_speaker"]}


def _score_article(record: dict, preds: list[PredictedQuote], totals: dict) -> None:
    text = record["text"]
    golds = record["quotes"]
    gold_spans = [(q["start"], q["end"]) for q in golds]
    pred_spans = [p.span for p in preds]
    totals["gold"] += len(golds)
    totals["pred"] += len(preds)
    matched = greedy_span_matching(pred_spans, gold_spans)
    totals["overlap"] += len(matched)
    totals["exact"] += _exact_matches(text, pred_spans, gold_spans)
    for p, g in matched:
        gold = golds[g]
        if gold.get("speaker_start") is None:
            continue
        totals["with_speaker"] += 1
        totals["speaker_ok"] += int(speaker_correct(preds[p], gold))


def _exact_matches(text: str, preds: list[Span], golds: list[Span]) -> int:
    """One-to-one count of predictions equal to a gold span after stripping marks and spaces."""
    gold_keys: dict[Span, int] = {}
    for gold in golds:
        key = strip_span(text, gold)
        gold_keys[key] = gold_keys.get(key, 0) + 1
    found = 0
    for pred in preds:
        key = strip_span(text, pred)
        if gold_keys.get(key, 0) > 0:
            gold_keys[key] -= 1
            found += 1
    return found


def speaker_correct(pred: PredictedQuote, gold: dict) -> bool:
    """The README's speaker test: mention overlap, or the actor's name contains the gold surface."""
    gold_spans = [(f["start"], f["end"]) for f in gold.get("speaker_fragments") or []]
    gold_spans.append((gold["speaker_start"], gold["speaker_end"]))
    if pred.speaker_span is not None and any(span_overlap(pred.speaker_span, s) > 0 for s in gold_spans):
        return True
    return bool(pred.speaker_name) and name_contains(pred.speaker_name or "", gold.get("speaker") or "")


def name_contains(name: str, surface: str) -> bool:
    """Whether a canonical name contains a gold speaker surface, whole words, case-insensitive;
    the surface's last naming word is enough ("Sen. Elizabeth Warren" -> "Warren")."""
    name_words = _words(name)
    surface_words = _words(surface)
    if not surface_words or not name_words:
        return False
    if " ".join(surface_words) in " ".join(name_words):
        return True
    last = surface_words[-1]
    return last not in _UNNAMING_WORDS and len(last) > 1 and last in name_words


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text.lower())


def predictions_from_analysis(analysis) -> list[PredictedQuote]:
    """The quotes of one ``Analysis`` with their speakers' canonical names.

    '"A," he said. "B."' is two quotes in the analysis (an analyst's count) and one discontinuous
    quote in PolNeAR: parts that share their cue are scored as their envelope, as PolNeAR has it."""
    names = {actor.id: actor.name for actor in analysis.actors}
    found: list[PredictedQuote] = []
    cues: dict[tuple, int] = {}
    for q in sorted(analysis.quotes, key=lambda q: q.start):
        cue = tuple(q.cue_span) if q.cue_span and q.kind in ("direct", "block") else None
        if cue is not None and cue in cues:
            at = cues[cue]
            joined = found[at]
            found[at] = PredictedQuote((joined.span[0], max(joined.span[1], q.end)), joined.speaker_span, joined.speaker_name)
            continue
        if cue is not None:
            cues[cue] = len(found)
        found.append(PredictedQuote((q.start, q.end), tuple(q.speaker_span) if q.speaker_span else None,
                                    names.get(q.speaker) if q.speaker else None))
    return found


def predictions_from_quotes(quotes: Iterable) -> list[PredictedQuote]:
    """The quotes ``find_quotes`` returned, without actor names (no linking stage)."""
    return [PredictedQuote((q.start, q.end), tuple(q.speaker_span) if q.speaker_span else None) for q in quotes]


def evaluate_quotes(path: str, limit: Optional[int] = None) -> dict:
    """Run the full pipeline over a quotes gold file and score its quotes (see module doc).

    Returns ``quote_precision``, ``quote_recall``, ``quote_f1_overlap``, ``quote_f1_exact``,
    ``speaker_accuracy``, ``n`` (gold quotes), plus ``n_pred``, ``n_speaker_scored``, ``docs``
    and ``seconds``.
    """
    from ..pipeline import analyze_texts  # imported late: loading the pipeline loads spaCy

    records = read_gold(path, limit)
    began = time.perf_counter()
    analyses = analyze_texts([r["text"] for r in records], min_confidence=0.0)  # the extractor, unfiltered
    predictions = [predictions_from_analysis(a) for a in analyses]
    scores = score_quotes(records, predictions)
    scores["docs"] = len(records)
    scores["seconds"] = round(time.perf_counter() - began, 2)
    return scores
