"""Shared scoring helpers for ``newsdesk eval``: bag-of-token overlap between texts.

The definitions follow ``shared/eval/README.md``: whitespace tokens, lower-cased, counts clipped
(a token counts as found at most as often as it occurs on the other side), as in trafilatura's and
Dragnet's own content-extraction evaluations.
"""

from __future__ import annotations

from collections import Counter
from ..spans import trim_span


def token_bag(text: str) -> Counter[str]:
    """The lower-cased whitespace tokens of ``text`` with their counts."""
    return Counter(text.lower().split())


def clipped_overlap(first: Counter[str], second: Counter[str]) -> int:
    """How many tokens the two bags share, each token counted at most min(count1, count2) times."""
    if len(second) < len(first):
        first, second = second, first
    return sum(min(count, second[token]) for token, count in first.items() if token in second)


def token_f1(pred: str, gold: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``pred`` against ``gold`` on bags of tokens (clipped counts).

    Two empty texts agree perfectly (1, 1, 1); an empty side against a non-empty one scores 0,
    so predicting nothing where there is something, or something where there is nothing, costs.
    """
    pred_bag, gold_bag = token_bag(pred), token_bag(gold)
    pred_total, gold_total = sum(pred_bag.values()), sum(gold_bag.values())
    if pred_total == 0 and gold_total == 0:
        return 1.0, 1.0, 1.0
    if pred_total == 0 or gold_total == 0:
        return 0.0, 0.0, 0.0
    shared = clipped_overlap(pred_bag, gold_bag)
    precision, recall = shared / pred_total, shared / gold_total
    f1 = 2 * precision * recall / (precision + recall) if shared else 0.0
    return precision, recall, f1


def token_share(gold: str, pred: str) -> float:
    """Share of the tokens of ``gold`` (clipped counts) that are found in ``pred``; 0 for empty gold."""
    gold_bag = token_bag(gold)
    gold_total = sum(gold_bag.values())
    if gold_total == 0:
        return 0.0
    return clipped_overlap(gold_bag, token_bag(pred)) / gold_total


def shared_and_total(gold: str, pred: str) -> tuple[int, int]:
    """(tokens of ``gold`` found in ``pred``, tokens of ``gold``): the parts of a corpus-level share."""
    gold_bag = token_bag(gold)
    return clipped_overlap(gold_bag, token_bag(pred)), sum(gold_bag.values())


def excess_shared_and_total(gold: str, pred: str, expected: str) -> tuple[int, int]:
    """(tokens of ``gold`` found in what ``pred`` holds beyond ``expected``, tokens of ``gold``).

    Why: article and comments share common words, so even a perfect split "finds" some comment
    tokens in the article. Taking away the tokens the gold article itself holds (multiset
    difference ``pred - expected``) leaves only what was put on the wrong side: 0 for a perfect
    split, the whole share when everything is put on one side.
    """
    gold_bag = token_bag(gold)
    extra = token_bag(pred) - token_bag(expected)
    return clipped_overlap(gold_bag, extra), sum(gold_bag.values())


def mean(values: list[float]) -> float:
    """Arithmetic mean; 0.0 for no values (a report prints a number, never fails)."""
    return sum(values) / len(values) if values else 0.0


# --- span matching (quotes and other span tasks) -------------------------------------------------

QUOTE_MARKS = "\"'“”„‟«»‘’‚‛‹›`"


def span_overlap(first: tuple[int, int], second: tuple[int, int]) -> int:
    """Number of characters two half-open spans share (0 when they are disjoint)."""
    return max(0, min(first[1], second[1]) - max(first[0], second[0]))


def spans_match(pred: tuple[int, int], gold: tuple[int, int], share: float = 0.5) -> bool:
    """Whether two spans match "at overlap >= 0.5": the overlap is at least ``share`` of the
    longer of the two (so a tiny span inside a long one does not count)."""
    longer = max(pred[1] - pred[0], gold[1] - gold[0])
    overlap = span_overlap(pred, gold)
    return longer > 0 and overlap > 0 and overlap >= share * longer


def greedy_span_matching(preds: list[tuple[int, int]], golds: list[tuple[int, int]],
                         share: float = 0.5) -> list[tuple[int, int]]:
    """One-to-one (pred index, gold index) pairs that match, taken greedily by largest overlap
    first; each gold and each prediction is used at most once. Ties go to the earlier pair."""
    pairs = []
    for p, pred in enumerate(preds):
        for g, gold in enumerate(golds):
            if spans_match(pred, gold, share):
                pairs.append((-span_overlap(pred, gold), p, g))
    pairs.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched = []
    for _, p, g in pairs:
        if p not in used_p and g not in used_g:
            used_p.add(p)
            used_g.add(g)
            matched.append((p, g))
    return matched


def strip_span(text: str, span: tuple[int, int], strip_chars: str = QUOTE_MARKS) -> tuple[int, int]:
    """``span`` narrowed past whitespace and quotation marks at either end (for exact matching)."""
    return trim_span(text, span[0], span[1], strip_chars)


def prf(true_positives: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts; 0.0 where a denominator is 0."""
    precision = true_positives / predicted if predicted else 0.0
    recall = true_positives / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# --- geoparsing (toponym spans with coordinates) --------------------------------------------------

EARTH_RADIUS_KM = 6371.0088
# Half the Earth's circumference (km): the largest possible error, which normalises the AUC.
MAX_ERROR_KM = 20039


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    from math import asin, cos, radians, sin, sqrt
    dlat, dlon = radians(lat2 - lat1), radians(lon2 - lon1)
    a = sin(dlat / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(a)))


def median(values: list[float]) -> float:
    """Median; 0.0 for no values."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def error_auc(errors_km: list[float]) -> float:
    """Gritta et al. (2018) AUC of geocoding errors: the errors sorted ascending, each scaled to
    log(1 + km) / log(1 + 20039), integrated over an x axis spread evenly on [0, 1] with the
    trapezoidal rule. 0 is perfect, 1 is every toponym on the far side of the Earth."""
    from math import log
    if not errors_km:
        return 0.0
    scaled = [log(1 + min(e, MAX_ERROR_KM)) / log(1 + MAX_ERROR_KM) for e in sorted(errors_km)]
    if len(scaled) == 1:
        return scaled[0]
    step = 1 / (len(scaled) - 1)
    return sum((a + b) / 2 * step for a, b in zip(scaled, scaled[1:]))


def greedy_overlap_matching(preds: list[tuple[int, int]], golds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one pairs of spans that share at least one character, largest overlap first. For
    toponyms, where 'Dublin' against gold 'Dublin City' is a hit."""
    return greedy_span_matching(preds, golds, share=0.0)
