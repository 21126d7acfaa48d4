"""A light sentence splitter for search: sentence spans computed from the analysis text alone.

The analysis record carries no sentences, and re-parsing a stored document would cost as much as
analysing it again, so search units are cut by rule: a line break always ends a sentence (headlines,
bylines and paragraphs have no full stop), and . ! ? end one when followed by space and a capital,
digit or quote, unless the word before is a known abbreviation or an initial. Spans are offsets into
``document.text``, trimmed of surrounding whitespace.
"""

from __future__ import annotations

import re

from ..spans import trim_whitespace

Span = tuple[int, int]

# Words that end with a dot without ending the sentence (compared lower-case, dot stripped).
ABBREVIATIONS = frozenset("""
mr mrs ms dr prof gen col lt sgt capt cpl maj adm cmdr gov sen rep rev st jr sr hon pres amb
inc corp co ltd llc plc bros dept univ assn no nos vol fig approx est
jan feb mar apr jun jul aug sep sept oct nov dec
u.s u.k u.n e.u u.s.a e.g i.e a.m p.m vs etc al
""".split())
# A candidate end: terminal punctuation, then closing quotes/brackets, then whitespace.
# Starts only at the first mark of a run, possessive: a run of 10,000 dots was quadratic.
_END = re.compile(r"(?<![.!?])[.!?]++[\"'”’)\]]*+(?=\s)")
_NEXT_START = re.compile(r"\s+[\"'“‘(\[]*[A-Z0-9]")
_WORD_BEFORE = re.compile(r"(?<![\w.])([\w.]+)\.$")  # from the run's start only: linear
MAX_SENTENCE = 2000  # characters: a runaway 'sentence' (a list, a table) is cut so hits stay readable


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of ``text``: non-empty, in order, non-overlapping."""
    spans: list[Span] = []
    for start, end in _lines(text):
        spans.extend(_split_line(text, start, end))
    return [piece for span in spans for piece in _cap(span)]


def _lines(text: str) -> list[Span]:
    out, at = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((at, at + len(line)))
        at += len(line) + 1
    return out


def _split_line(text: str, start: int, end: int) -> list[Span]:
    spans, begin = [], start
    for match in _END.finditer(text, start, end):
        stop = match.end()
        if not _NEXT_START.match(text, stop, end) or _is_abbreviation(text, begin, match.start(), match.group()):
            continue
        spans.append(trim_whitespace(text, begin, stop))
        begin = stop
    spans.append(trim_whitespace(text, begin, end))
    return [s for s in spans if s[1] > s[0]]


def _is_abbreviation(text: str, begin: int, at: int, mark: str) -> bool:
    """A single dot after an abbreviation or a one-letter initial ('J. Smith') does not end a sentence."""
    if not mark.startswith(".") or mark.startswith(".."):
        return False
    word = _WORD_BEFORE.search(text, begin, at + 1)
    if not word:
        return False
    token = word.group(1).lower()
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha())




def _cap(span: Span) -> list[Span]:
    start, end = span
    return [(s, min(s + MAX_SENTENCE, end)) for s in range(start, end, MAX_SENTENCE)]
