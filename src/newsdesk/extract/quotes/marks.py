"""Quotation-mark regions of a text: where quoted material starts and ends.

Pure text scanning, no parse. Handles curly marks (“ ” „ « »), straight marks (") whose role is
guessed from their neighbours, and the doubled apostrophes (``''``) some wire copy uses for both
sides. Single marks (‘ ’ ') are left alone at this level: they are mostly apostrophes, and where
they quote it is inside a double-quoted region (a quote within a quote).

Regions may span paragraphs in two shapes that news copy uses:
- the newspaper style, where each paragraph of a long quote reopens it and only the last closes;
- the block style, where one opening mark is closed lines or paragraphs later with no mark between.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = "“„«"
CLOSING = "”»"
# A double mark: curly or guillemet, a straight double quote, or two apostrophes standing together.
_MARK = re.compile(r"''|[“”„«»\"]")
_PARAGRAPH_BREAK = re.compile(r"\n")
# How far a block quote may run looking for its closing mark (lines), so one stray opening mark in
# a long page cannot swallow the rest of it.
MAX_BLOCK_LINES = 80


@dataclass(frozen=True)
class QuoteRegion:
    """A span of quoted text, marks included: ``text[start:end]`` starts and ends with a mark
    (unless the quote is unclosed, when it runs to the end of its paragraph)."""

    start: int
    end: int
    closed: bool = True
    multi_paragraph: bool = False


@dataclass(frozen=True)
class _Mark:
    pos: int
    width: int
    role: str  # "open", "close" or "either"
    by_glyph: bool  # the role comes from the glyph itself (curly marks), not from neighbours


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line, end excluding the newline."""
    spans, start = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if text[start:match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _mark_role(text: str, pos: int, width: int) -> str:
    """Whether a mark opens or closes, from its glyph or, for straight marks, its neighbours."""
    glyph = text[pos]
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + width] if pos + width < len(text) else " "
    if glyph in OPENING:
        # A wrong-way glyph is a typo worth repairing only when the neighbours are unambiguous.
        return "close" if after.isspace() and (before.isalnum() or before in ".,!?") else "open"
    if glyph in CLOSING:
        return "open" if before.isspace() and after.isalnum() else "close"
    if before.isspace() or before in "([{—–-/":
        return "open" if not after.isspace() else "either"
    if after.isspace() or after in ".,;:!?)]}—–-":
        return "close"
    return "either"


def _marks_in(text: str, start: int, end: int) -> list[_Mark]:
    """The double marks of ``text[start:end]`` with their guessed roles."""
    marks = []
    for match in _MARK.finditer(text, start, end):
        if match.group() == "''" and _is_inside_word(text, match.start()):
            continue
        width = match.end() - match.start()
        marks.append(_Mark(match.start(), width, _mark_role(text, match.start(), width),
                           text[match.start()] in OPENING + CLOSING))
    return marks


def _is_inside_word(text: str, pos: int) -> bool:
    """Two apostrophes between letters are a typo, not a quotation mark."""
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 2] if pos + 2 < len(text) else " "
    return before.isalnum() and after.isalnum()


def _pair_line(marks: list[_Mark], carry_open: int | None) -> tuple[list[tuple[int, int]], int | None]:
    """Pair the marks of one line. Returns closed (open_pos, close_end) pairs and the position of
    a mark left open at the end of the line (or ``carry_open`` still open)."""
    pairs: list[tuple[int, int]] = []
    open_at = carry_open
    for mark in marks:
        if open_at is None:
            if mark.role == "close" and carry_open is None and not pairs:
                # A closing mark with nothing open: the tail of a quote opened on an earlier line
                # that the caller did not carry; ignore it rather than open a bogus region.
                continue
            if mark.role != "close":
                open_at = mark.pos
            continue
        if mark.role == "open" and mark.by_glyph:
            # A second opening curly mark while one is open: the first was never closed (typo);
            # restart from here so the damage stays local.
            open_at = mark.pos
            continue
        pairs.append((open_at, mark.pos + mark.width))
        open_at = None
    return pairs, open_at


def find_quote_regions(text: str) -> list[QuoteRegion]:
    """Every double-quoted region of ``text``, in order, not overlapping."""
    lines = _line_spans(text)
    line_marks = [_marks_in(text, start, end) for start, end in lines]
    regions: list[QuoteRegion] = []
    index = 0
    while index < len(lines):
        start, end = lines[index]
        pairs, open_at = _pair_line(line_marks[index], None)
        regions.extend(QuoteRegion(a, b) for a, b in pairs)
        if open_at is None:
            index += 1
            continue
        region, index = _extend_open_quote(text, lines, line_marks, index, open_at)
        regions.append(region)
    return regions


def _extend_open_quote(text: str, lines: list[tuple[int, int]], line_marks: list[list[_Mark]],
                       index: int, open_at: int) -> tuple[QuoteRegion, int]:
    """Follow a quote left open at the end of line ``index`` across the following lines.

    Returns the region and the index of the next line to scan from.
    """
    for ahead in range(index + 1, min(len(lines), index + 1 + MAX_BLOCK_LINES)):
        marks = line_marks[ahead]
        if not marks:
            continue  # a line of the quote with no marks: keep looking for the close
        first = marks[0]
        if first.pos == _first_visible(text, lines[ahead][0]) and first.role != "close":
            # Newspaper style: the paragraph reopens the quote; pair the rest of its marks with
            # that reopening mark, and go on if the paragraph leaves it open again.
            pairs, still_open = _pair_line(marks[1:], first.pos)
            if still_open is None and pairs:
                return _closed_at(open_at, pairs[0][1], lines, ahead, line_marks)
            continue
        if first.role == "close":
            # Block style: the first mark of a later line closes the quote opened earlier.
            return _closed_at(open_at, first.pos + first.width, lines, ahead, line_marks)
        pairs, still_open = _pair_line(marks, None)
        if still_open is None and _opens_block(text, lines[index][0], open_at):
            continue  # a quote inside the block quote, balanced on its line
        break
    # Never closed where expected: the quote runs to the end of its own paragraph only, so a
    # stray mark cannot swallow the article.
    return QuoteRegion(open_at, lines[index][1], False, False), index + 1


def _closed_at(open_at: int, close_end: int, lines: list[tuple[int, int]], ahead: int,
               line_marks: list[list[_Mark]]) -> tuple[QuoteRegion, int]:
    """The region closed on line ``ahead``, and the line to resume scanning on.

    The rest of that line may hold more quotes ('..." he said. "...'); they are rescanned by
    keeping only the line's marks after the region.
    """
    line_marks[ahead] = [m for m in line_marks[ahead] if m.pos >= close_end]
    return QuoteRegion(open_at, close_end, True, True), ahead


def _opens_block(text: str, line_start: int, open_at: int) -> bool:
    """Whether an opening mark starts a block quote: at the head of its line, or after a colon."""
    before = text[line_start:open_at].rstrip()
    return not before or before.endswith(":")


def _first_visible(text: str, start: int) -> int:
    pos = start
    while pos < len(text) and text[pos] in " \t\u00a0":
        pos += 1
    return pos
