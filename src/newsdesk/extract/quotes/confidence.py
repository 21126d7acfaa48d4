"""Confidence of a quote: the share of quotes like it that are right, span and speaker both.

Measured on the realnews dev split (2026-12-07, 199 quotes; ``docs/EVALUATION.md``), by what
the record itself shows: a quote in quotation marks or reported speech, whether a speaker was
found, and whether the cue is one of the plain verbs of saying. The buckets are few on purpose:
39 documents support no finer estimate.

| kind | speaker | plain cue ("said", "told", "according to", "added" ...) | confidence | right / quotes |
|---|---|---|---|---|
| direct | found | yes | 0.95 | 36 / 39 |
| direct | found | no | 0.5 | 4 / 10 |
| indirect | found | yes | 0.92 | 84 / 91 |
| indirect | found | no | 0.82 | 24 / 29 |
| any | not found | any | 0.1 | 1 / 28 (the span is mostly right; the speaker is missing) |
| block | any | any | 0.3 | 0 / 2 |
"""

from __future__ import annotations

from ...model import Quote

PLAIN_CUES = {"said", "says", "say", "saying", "told", "tells", "tell", "according to", "added", "adding",
              "stated", "wrote", "announced"}
# Rounded, slightly shrunk toward the middle where a bucket is small.
_CONFIDENCE = {("direct", True): 0.95, ("direct", False): 0.5, ("indirect", True): 0.92, ("indirect", False): 0.82}
NO_SPEAKER = 0.1
BLOCK = 0.3


def quote_confidence(quote: Quote) -> float:
    """The confidence of one quote whose ``speaker`` is already linked (table in the module doc)."""
    if quote.speaker is None:
        return NO_SPEAKER
    if quote.kind == "block":
        return BLOCK
    plain = (quote.cue or "").strip().lower() in PLAIN_CUES
    kind = "direct" if quote.kind == "direct" else "indirect"
    return _CONFIDENCE[(kind, plain)]


def with_confidence(quotes: list[Quote]) -> list[Quote]:
    """Set ``confidence`` on every quote; returns the same list."""
    for quote in quotes:
        quote.confidence = quote_confidence(quote)
    return quotes
