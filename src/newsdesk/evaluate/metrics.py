"""Shared scoring helpers for ``newsdesk eval``: bag-of-token overlap between texts.

The definitions follow ``shared/eval/README.md``: whitespace tokens, lower-cased, counts clipped
(a token counts as found at most as often as it occurs on the other side), as in trafilatura's and
Dragnet's own content-extraction evaluations.
"""

from __future__ import annotations

from collections import Counter


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
