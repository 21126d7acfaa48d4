"""Unmarked reader comments after an article, on real text: the founding seed and Dragnet dev pages.

The texts are read from ../shared/ (never copied into the repository); the tests skip, saying
why, when it is absent.
"""

from __future__ import annotations

import json
import time
from functools import lru_cache
from pathlib import Path

import pytest

from newsdesk.evaluate.comments import evaluate_comments, render_text, split_text
from newsdesk.evaluate.metrics import token_f1, token_share
from newsdesk.segment.comments import find_comment_start
from newsdesk.segment.voices import paragraphs

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed" / "000_233170fa76b6448f.txt"
DRAGNET_DEV = SHARED / "eval" / "comments" / "dragnet.dev.jsonl"

# Dev pages with comments whose first comment paragraph the detector finds exactly, and pages
# without comments where it must find none (ids only: the text stays in ../shared/).
PAGES_WITH_COMMENTS = ("dragnet:20", "dragnet:R218", "dragnet:R383")
PAGES_WITHOUT_COMMENTS = ("dragnet:R202", "dragnet:382", "dragnet:R346")


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared data not available: {path} (tests that need ../shared/ are skipped)")
    return path


@lru_cache(maxsize=1)
def _dev_records() -> dict[str, dict]:
    with _require(DRAGNET_DEV).open(encoding="utf-8") as handle:
        return {record["id"]: record for record in map(json.loads, handle)}


def _dev_page(page_id: str) -> tuple[str, list[tuple[int, int]], int | None]:
    """(rendered text, paragraphs, gold index of the first comment paragraph or None)."""
    record = _dev_records()[page_id]
    text = render_text(record["main_text"], record["comments_text"])
    spans = paragraphs(text)
    if not record["comments_text"].strip():
        return text, spans, None
    return text, spans, next(i for i, (start, _) in enumerate(spans) if start >= len(record["main_text"]))


def test_seed_comment_starts_at_the_salutation():
    text = _require(SEED).read_text(encoding="utf-8")
    spans = paragraphs(text)
    salutation = next(i for i, (start, _) in enumerate(spans) if text.startswith("Assalaamu", start))
    # Without help, and with the headline (and more) protected, the cut is the salutation itself:
    # not the quoted statement's "you", not the article's closing background paragraph.
    for first_allowed in (0, 2, salutation - 1, salutation):
        assert find_comment_start(text, spans, first_allowed) == salutation
    assert text[spans[salutation - 1][0]:spans[salutation - 1][1]].endswith("has fled Afghanistan.")


def test_seed_never_cuts_before_first_allowed():
    text = _require(SEED).read_text(encoding="utf-8")
    spans = paragraphs(text)
    for first_allowed in range(len(spans) + 1):
        found = find_comment_start(text, spans, first_allowed)
        assert found is None or first_allowed <= found < len(spans)


@pytest.mark.parametrize("page_id", PAGES_WITH_COMMENTS)
def test_dev_page_comments_found_exactly(page_id):
    text, spans, gold = _dev_page(page_id)
    assert find_comment_start(text, spans, 1) == gold
    article, comments = split_text(text)
    record = _dev_records()[page_id]
    assert token_f1(comments, record["comments_text"])[2] == pytest.approx(1.0)
    assert token_f1(article, record["main_text"])[2] == pytest.approx(1.0)


@pytest.mark.parametrize("page_id", PAGES_WITHOUT_COMMENTS)
def test_dev_page_without_comments_gets_none(page_id):
    text, spans, gold = _dev_page(page_id)
    assert gold is None
    assert find_comment_start(text, spans, 0) is None
    assert split_text(text) == (text, "")


def test_first_allowed_is_respected_on_a_dev_page():
    text, spans, gold = _dev_page(PAGES_WITH_COMMENTS[0])
    found = find_comment_start(text, spans, gold + 3)
    assert found is None or found >= gold + 3


def test_degenerate_inputs():
    assert find_comment_start("", [], 0) is None
    assert find_comment_start("One line only.", [(0, 14)], 0) is None
    assert find_comment_start("Two\nlines", [(0, 3), (4, 9)], 5) is None


def test_token_metrics_clip_counts():
    precision, recall, f1 = token_f1("the the cat", "The cat sat")
    assert (precision, recall) == pytest.approx((2 / 3, 2 / 3)) and f1 == pytest.approx(2 / 3)
    assert token_f1("", "") == (1.0, 1.0, 1.0)
    assert token_f1("", "something")[2] == 0.0 and token_f1("something", "")[2] == 0.0
    assert token_share("a a b", "a b b c") == pytest.approx(2 / 3)
    assert token_share("", "anything") == 0.0


def test_dragnet_dev_quality_floor():
    """Floors a little under the measured dev numbers (text mode), and the whole run under 60 s.

    Measured: main_f1 0.987, comment_f1 0.880, comment_leak 0.153 (a perfect split: 0.143),
    comment_leak_excess 0.012, main_leak_excess 0.024, 4 false and 4 missed comment pages.
    """
    _require(DRAGNET_DEV)
    started = time.perf_counter()
    result = evaluate_comments(str(DRAGNET_DEV), mode="text")
    assert time.perf_counter() - started < 60
    assert result["n"] == 273 and result["pages_with_comments"] == 73
    assert result["main_f1"] >= 0.975
    assert result["comment_f1"] >= 0.85
    assert result["comment_leak_excess"] <= 0.025
    assert result["main_leak_excess"] <= 0.04
    assert result["comment_leak"] <= result["comment_leak_floor"] + 0.02
    assert result["false_comment_pages"] <= 6
    assert result["missed_comment_pages"] <= 6
