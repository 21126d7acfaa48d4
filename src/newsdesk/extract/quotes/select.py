"""Quotes and attributions: who is reported as saying what, with offsets.

``find_quotes`` reads one parsed Doc (no second parse) and returns direct quotes, indirect
(reported) speech, block quotes and ``Speaker: quote`` headlines. The pipeline then links each
``speaker_span`` to an actor id.

How it works, in order:
1. quotation-mark regions are found in the raw text (``marks``);
2. every verb the parse shows carrying reported material is a candidate, in a named frame
   (``frames``); quoted regions are tied to the verb that introduces them, and
   '"A," he said. "B."' is one candidate (``rules``);
3. the trained scorer (``cues``: a logistic regression over the cue's lemma and frame, who
   the speaker is and the content's shape, fitted on PolNeAR train) keeps the likely ones;
4. overlaps are resolved, and a quote paragraph that continues the previous paragraph's quote
   inherits its speaker;
5. quotes nested in another returned quote point at it with ``parent``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Optional, Sequence

from spacy.tokens import Doc

from ...model import Quote
from .cues import load_scorer
from ...nlp import doc_text
from .marks import QuoteRegion, find_quote_regions
from .rules import Candidate, candidate_attributions
from .speech import is_speech

CharSpan = tuple[int, int]
# A kept quote must not take in this share of a skip span (a block the segmenter already owns).
SKIP_COVER_SHARE = 0.8
# Regions shorter than this many words are scare quotes or titles, not continuation paragraphs.
MIN_CONTINUATION_WORDS = 4


def find_quotes(doc: Doc, skip_spans: Sequence[tuple[int, int]] = (), speech_only: bool = True) -> list[Quote]:
    """The quotes of ``doc``, in text order.

    ``skip_spans`` are regions already handled as a whole (a relayed statement): no quote that
    covers one of them is returned, but quotes nested inside them are. With ``speech_only``
    (the default) only attributions of speech are kept (``speech``); without it, every
    attribution the PolNeAR-trained scorer keeps (beliefs, perceptions, evidence too).
    """
    text = doc_text(doc)
    regions = find_quote_regions(text)
    candidates = candidate_attributions(doc, regions, skip_spans)
    scorer = load_scorer()
    scored = scorer.scored(doc, candidates)
    if speech_only:
        scored = [c for c in scored if is_speech(c, _cited(text, c), text[c.content[0]:c.content[1]])]
    return select_quotes(text, scored, regions, scorer.threshold, skip_spans, split_at_cue=speech_only)


def find_attributions(doc: Doc, skip_spans: Sequence[tuple[int, int]] = ()) -> tuple[list[Quote], list[Quote]]:
    """The quotes of ``doc`` (speech only, as ``find_quotes``) and, apart, the other
    attributions PolNeAR's definition keeps (beliefs, perceptions, evidence, "urged X to ..."),
    from one scoring pass. The other attributions never enter ``quotes``; stages that read who
    is reported as wanting something (calls to action) may use them."""
    text = doc_text(doc)
    regions = find_quote_regions(text)
    scorer = load_scorer()
    scored = scorer.scored(doc, candidate_attributions(doc, regions, skip_spans))
    speech = [c for c in scored if is_speech(c, _cited(text, c), text[c.content[0]:c.content[1]])]
    quotes = select_quotes(text, speech, regions, scorer.threshold, skip_spans, split_at_cue=True)
    broad = select_quotes(text, scored, regions, scorer.threshold, skip_spans)
    taken = [(q.start, q.end) for q in quotes]
    others = [q for q in broad if not any(s < q.end and q.start < e for s, e in taken)]
    return quotes, others


def _cited(text: str, candidate: Candidate) -> Optional[str]:
    return text[candidate.speaker_span[0]:candidate.speaker_span[1]] if candidate.speaker_span else None


def select_quotes(text: str, candidates: list[Candidate], regions: list[QuoteRegion],
                  threshold: float, skip_spans: Sequence[tuple[int, int]] = (),
                  split_at_cue: bool = False) -> list[Quote]:
    """Steps 3-5 of the module doc over scored candidates: keep those scoring at least
    ``threshold``, one reading per cue, resolve overlaps, add continuation paragraphs, leave out
    quotes covering a skip span, number nesting.

    Separate from ``find_quotes`` so that training can try settings on candidates computed once.
    """
    kept = _best_per_cue([c for c in candidates if c.nested or c.score >= threshold])
    chosen = _resolve_overlaps(kept)
    chosen += _continuations(text, chosen, regions)
    chosen = [c for c in chosen if not _covers_skip(c.content, skip_spans)]
    if split_at_cue:
        chosen = [part for c in chosen for part in _split_at_cue(c, regions)]
    chosen.sort(key=lambda c: (c.content[0], -c.content[1]))
    return _to_quotes(chosen)


def _split_at_cue(candidate: Candidate, regions: list[QuoteRegion]) -> list[Candidate]:
    """'"A," he said. "B."' is two quotes of one speaker, as an analyst records them (the rules
    join them, as PolNeAR annotates them): the parts before and after the cue."""
    cue = candidate.cue_span
    start, end = candidate.content
    if candidate.kind not in ("direct", "block") or cue is None or not (start < cue[0] < end):
        return [candidate]
    before = [r for r in regions if start <= r.start and r.end <= cue[0]]
    after = [r for r in regions if cue[1] <= r.start and r.end <= end]
    if not before or not after:
        return [candidate]
    first = replace(candidate, content=(start, before[-1].end))
    second = replace(candidate, content=(after[0].start, end), region=None)
    return [first, second]


def _best_per_cue(candidates: list[Candidate]) -> list[Candidate]:
    """One reading per cue word: "told reporters that X" is a complement frame or an object
    frame, not both; the likeliest wins (a cue introducing several quoted regions was already
    merged into one candidate)."""
    best: dict[int, Candidate] = {}
    loose = []
    for candidate in candidates:
        if candidate.cue_token is None:
            loose.append(candidate)
            continue
        other = best.get(candidate.cue_token)
        if other is None or candidate.score > other.score:
            best[candidate.cue_token] = candidate
    return loose + list(best.values())


def _resolve_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per content: where two claim the same or crossing content, the higher
    scored wins. Content strictly inside another's content is kept when its cue is inside too
    (a nested quote), dropped otherwise."""
    ranked = sorted(candidates, key=lambda c: (-c.score, c.content))
    chosen: list[Candidate] = []
    for candidate in ranked:
        clashes = [other for other in chosen if not _compatible(candidate, other)]
        if all(_swallows(candidate, other) for other in clashes):
            # The outer attribution wins over a clause it reports ("X said Y wants Z"), as
            # annotators do: the inner verb is part of what X said.
            chosen = [other for other in chosen if other not in clashes]
            chosen.append(candidate)
    return chosen


def _swallows(outer: Candidate, inner: Candidate) -> bool:
    """``inner`` lies in ``outer``'s content, cue and all."""
    a, b = inner.content, outer.content
    return (b[0] <= a[0] and a[1] <= b[1] and a != b and inner.cue_span is not None
            and b[0] <= inner.cue_span[0] < b[1])


def _compatible(new: Candidate, old: Candidate) -> bool:
    a, b = new.content, old.content
    if a[1] <= b[0] or b[1] <= a[0]:
        return True
    if _nested_in(new, old) or _nested_in(old, new):
        return True
    return False


def _nested_in(inner: Candidate, outer: Candidate) -> bool:
    """A quote inside another, its cue inside the outer content too. Only a cue inside quotation
    marks or a statement makes a nested quote (and it passed the named-speaker test); a verb in
    reported speech ("said voters want change") is part of the outer content, as annotators
    have it."""
    a, b = inner.content, outer.content
    if not (b[0] <= a[0] and a[1] <= b[1]) or a == b or inner.cue_span is None:
        return False
    return b[0] <= inner.cue_span[0] < b[1] and inner.nested


def _continuations(text: str, chosen: list[Candidate], regions: list[QuoteRegion]) -> list[Candidate]:
    """A paragraph that is all quote, with no cue, right after a paragraph whose last quote is
    attributed: the newspaper convention says the same speaker goes on."""
    covered = [c.content for c in chosen]
    by_end = sorted((c for c in chosen if c.kind in ("direct", "block") and c.speaker_span), key=lambda c: c.content[1])
    found: list[Candidate] = []
    for number, region in enumerate(regions):
        if any(s <= region.start < e or s < region.end <= e for s, e in covered):
            continue
        if not _starts_paragraph(text, region.start) or len(text[region.start:region.end].split()) < MIN_CONTINUATION_WORDS:
            continue
        previous = _quote_of_previous_paragraph(text, region.start, by_end + found)
        if previous is None:
            continue
        found.append(Candidate(previous.lemma, "continuation", (region.start, region.end),
                               "block" if region.multi_paragraph else "direct", None, None,
                               previous.speaker_span, number))
    return found


def _starts_paragraph(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return not text[line_start:pos].strip()


def _quote_of_previous_paragraph(text: str, pos: int, quotes: list[Candidate]) -> Optional[Candidate]:
    """The last attributed quote of the paragraph just before ``pos``, when it ends that paragraph."""
    line_start = text.rfind("\n", 0, pos) + 1
    before = text[:line_start].rstrip()
    if not before:
        return None
    previous_start = before.rfind("\n") + 1
    best = None
    for quote in quotes:
        if previous_start <= quote.content[0] and quote.content[1] <= len(before) + 1:
            best = quote if best is None or quote.content[1] > best.content[1] else best
    if best is None or text[best.content[1]:len(before)].count(" ") > 12:
        return None  # narrative after the quote: the next quote may be someone else's
    return best


def _covers_skip(content: CharSpan, skip_spans: Sequence[tuple[int, int]]) -> bool:
    for start, end in skip_spans:
        if end > start and min(content[1], end) - max(content[0], start) >= SKIP_COVER_SHARE * (end - start):
            return True
    return False


def _to_quotes(chosen: list[Candidate]) -> list[Quote]:
    quotes = [Quote(start=c.content[0], end=c.content[1], kind=c.kind, cue=c.cue,  # type: ignore[arg-type]
                    speaker_span=c.speaker_span, cue_span=c.cue_span) for c in chosen]
    for i, quote in enumerate(quotes):
        quote.parent = _enclosing(quotes, i)
    return quotes


def _enclosing(quotes: list[Quote], i: int) -> Optional[int]:
    """Index of the tightest other quote whose span contains quote ``i``'s span."""
    inner = quotes[i]
    best: Optional[int] = None
    for j, outer in enumerate(quotes):
        if j == i or not (outer.start <= inner.start and inner.end <= outer.end):
            continue
        if (outer.start, outer.end) == (inner.start, inner.end) and j > i:
            continue
        if best is None or outer.end - outer.start < quotes[best].end - quotes[best].start:
            best = j
    return best
