"""``newsdesk eval comments``: how well article text and reader comments are told apart.

Gold: a JSONL file in the ``comments`` format (``shared/eval/FORMAT.md``): ``id``, ``html``,
``main_text`` (gold article), ``comments_text`` (gold comments, '' when none).

Two modes:
- ``text``: the page as a reader would paste it, ``main_text + "\\n\\n" + comments_text`` (just
  ``main_text`` when there are no comments); ``segment.comments.find_comment_start`` cuts it.
  This measures the unmarked-comment detector alone.
- ``html``: the raw page through ``read.html.from_html`` (trafilatura for the article, the page's
  comment markup first for the comments, see ``read/html_comments.py``); the article is ``.text``
  and the comments are its ``.comments`` joined by newlines. A page it cannot read counts as an
  empty prediction, not as an error.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Iterator

from .data import iter_records
from ..errors import EvalDataError, NewsdeskError
from .metrics import excess_shared_and_total, mean, shared_and_total, token_f1

MODES = ("text", "html")


@dataclass
class Split:
    """One page's predicted article and comments, next to the gold."""

    gold_main: str
    gold_comments: str
    pred_main: str
    pred_comments: str


def render_text(main_text: str, comments_text: str) -> str:
    """The plain-text page of a gold record: article, a blank line, then the comments if any."""
    return f"{main_text}\n\n{comments_text}" if comments_text.strip() else main_text


def split_text(text: str, first_allowed: int = 1) -> tuple[str, str]:
    """Cut plain text into (article, comments) at the detected comment start.

    ``first_allowed`` is 1 because a page always has some article before its comments; this is
    the only help the detector gets (the voice pipeline itself passes at least 2).
    """
    # Imported here so that ``html`` mode does not need the segmenter's weights.
    from ..segment.comments import find_comment_start
    from ..segment.voices import paragraphs

    spans = paragraphs(text)
    index = find_comment_start(text, spans, first_allowed=first_allowed)
    if index is None:
        return text, ""
    cut = spans[index][0]
    return text[:cut], text[cut:]


def split_html(html: str, where: str) -> tuple[str, str]:
    """Cut an HTML page into (article, comments) with the HTML reader; unreadable pages are empty."""
    from ..read.html import from_html

    try:
        document = from_html(html, where)
    except NewsdeskError:
        return "", ""
    return document.text, "\n".join(document.comments)


def evaluate_comments(path: str, mode: str = "text") -> dict[str, Any]:
    """Score the article/comment split on a gold JSONL file; returns a flat dict of numbers.

    Keys:
    - ``main_f1``: token F1 of the predicted article against the gold article, averaged over all
      pages (macro).
    - ``comment_f1``: token F1 of the predicted comments against the gold comments, averaged over
      the pages where the gold has comments OR comments were predicted. A page without gold
      comments where comments were predicted scores 0 here, so false comments always cost.
    - ``comment_leak``: corpus-level share of gold comment tokens found in the predicted article
      (sum of clipped overlaps over pages / sum of gold comment tokens), as ``shared/eval/README.md``
      defines it. Common words make it non-zero even for a perfect split; ``comment_leak_floor`` is
      what a perfect split scores.
    - ``main_leak``: corpus-level share of gold article tokens found in the predicted comments;
      ``main_leak_floor`` likewise.
    - ``comment_leak_excess`` / ``main_leak_excess``: the same shares counted only against what the
      prediction holds beyond the gold side (bag difference), so 0 means nothing was misplaced.
    - ``n``: pages; ``pages_with_comments``: pages whose gold has comments; ``predicted_comment_pages``;
      ``false_comment_pages``: comments predicted where the gold has none; ``missed_comment_pages``:
      gold comments but none predicted; ``seconds``: wall time of the run.
    """
    if mode not in MODES:
        raise EvalDataError(path, f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
    started = time.perf_counter()
    splits = [_predict(record, mode) for record in _records(path)]
    result = _score(splits)
    result.update(mode=mode, seconds=round(time.perf_counter() - started, 2))
    return result


def format_report(result: dict[str, Any]) -> str:
    """A short human-readable report of ``evaluate_comments``' result."""
    lines = [f"comments ({result.get('mode', '?')} mode), {result['n']} pages, "
             f"{result['pages_with_comments']} with gold comments"]
    for key in ("main_f1", "comment_f1", "comment_leak", "comment_leak_floor", "comment_leak_excess",
                "main_leak", "main_leak_floor", "main_leak_excess"):
        lines.append(f"  {key:<24}{result[key]:.4f}")
    for key in ("predicted_comment_pages", "false_comment_pages", "missed_comment_pages"):
        lines.append(f"  {key:<24}{result[key]}")
    if "seconds" in result:
        lines.append(f"  {'seconds':<24}{result['seconds']}")
    return "\n".join(lines)


def _records(path: str) -> Iterator[dict[str, Any]]:
    """The gold records of a comments JSONL file, validated field by field."""
    for number, record in enumerate(iter_records(path, required=("main_text", "comments_text")), start=1):
        if not all(isinstance(record[key], str) for key in ("main_text", "comments_text")):
            raise EvalDataError(path, f"record {number}: main_text and comments_text must be strings")
        record.setdefault("id", f"{path}:{number}")
        yield record


def _predict(record: dict[str, Any], mode: str) -> Split:
    gold_main, gold_comments = record["main_text"], record["comments_text"]
    if mode == "text":
        pred_main, pred_comments = split_text(render_text(gold_main, gold_comments))
    else:
        pred_main, pred_comments = split_html(record.get("html") or "", str(record["id"]))
    return Split(gold_main, gold_comments, pred_main, pred_comments)


def _score(splits: list[Split]) -> dict[str, Any]:
    main_f1s, comment_f1s = [], []
    sums = dict.fromkeys(_LEAKS, (0, 0))
    false_pages = missed_pages = predicted_pages = gold_pages = 0
    for split in splits:
        has_gold, has_pred = bool(split.gold_comments.split()), bool(split.pred_comments.split())
        gold_pages += has_gold
        predicted_pages += has_pred
        false_pages += has_pred and not has_gold
        missed_pages += has_gold and not has_pred
        main_f1s.append(token_f1(split.pred_main, split.gold_main)[2])
        if has_gold or has_pred:
            comment_f1s.append(token_f1(split.pred_comments, split.gold_comments)[2])
        for key, (found, total) in _leak_parts(split).items():
            sums[key] = (sums[key][0] + found, sums[key][1] + total)
    result: dict[str, Any] = {"main_f1": mean(main_f1s), "comment_f1": mean(comment_f1s)}
    result.update({key: found / total if total else 0.0 for key, (found, total) in sums.items()})
    result.update(n=len(splits), pages_with_comments=gold_pages, predicted_comment_pages=predicted_pages,
                  false_comment_pages=false_pages, missed_comment_pages=missed_pages)
    return result


_LEAKS = ("comment_leak", "main_leak", "comment_leak_excess", "main_leak_excess",
          "comment_leak_floor", "main_leak_floor")


def _leak_parts(split: Split) -> dict[str, tuple[int, int]]:
    """(found, total) token counts of every leak measure for one page, summed over the corpus later."""
    return {
        "comment_leak": shared_and_total(split.gold_comments, split.pred_main),
        "main_leak": shared_and_total(split.gold_main, split.pred_comments),
        "comment_leak_excess": excess_shared_and_total(split.gold_comments, split.pred_main, split.gold_main),
        "main_leak_excess": excess_shared_and_total(split.gold_main, split.pred_comments, split.gold_comments),
        # What a perfect split scores on the literal measures: the vocabulary the two sides share.
        "comment_leak_floor": shared_and_total(split.gold_comments, split.gold_main),
        "main_leak_floor": shared_and_total(split.gold_main, split.gold_comments),
    }
