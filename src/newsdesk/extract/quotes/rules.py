"""Candidate attributions: every reporting frame and quoted region the rules can see, unfiltered.

``find_quotes`` keeps the candidates the trained scorer (``cues``) rates high enough; the
training script labels all of them against gold. Both go through ``candidate_attributions`` so
that what is trained is exactly what runs.

Sources of candidates:
- quoted regions, each tied to the verb that introduces it (by the parse, else the nearest verb
  with a subject in the same sentence): frame ``quote`` (a clause) or ``quote_frag`` (a phrase),
  or signed with a dash and a name (``dash``);
- reporting frames of verbs and nouns (``frames``), widened over any quoted region they
  cut through;
- ``Speaker: quote`` lines: the headline and transcript labels.
A candidate whose attribution follows it takes in the quoted parts right after that attribution
('"A," he said. "B."' is one quote, as annotators mark it).
Frames whose cue sits inside a quote or a skipped statement are *nested*; they are kept by a
stricter rule (a speech verb with a named subject), since the training data flattens nesting.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import Optional, Sequence

from spacy.tokens import Doc, Token

from .frames import (CharSpan, Frame, noun_frames, reporting_expression, reporting_frames,
                           speaker_span_of, subject_of)
from .marks import QuoteRegion
from ...nlp import children, doc_text, first_token_at, span_tokens, tokens

# Lemmas that are never cues however they are parsed (auxiliaries, light verbs).
NEVER_CUES = {"be", "have", "do", "get", "go", "make", "let", "will", "would", "can", "could"}
# Verbs of saying that introduce a quote nested in someone else's words ("what de Gaulle said").
NESTED_CUES = {"say", "tell", "write", "declare", "announce", "add", "warn", "proclaim", "state",
               "insist", "promise", "reply", "answer", "ask", "tweet", "quote", "shout", "cry"}
NAMED_ENTITY_TYPES = {"PERSON", "ORG", "NORP", "GPE"}
# Entities that make the words before a colon a dateline, not a speaker.
DATELINE_ENTITY_TYPES = {"GPE", "LOC", "FAC", "DATE", "TIME"}
# Share of a frame's content that must lie inside a quoted region for the region to become the
# content: a complement clause parsed inside '"...," he said' is the quote, not part of it.
REGION_SNAP_SHARE = 0.8
# A headline or transcript label before a colon: at most this many tokens.
MAX_LABEL_TOKENS = 8
# The longest attribution between two parts of one quote ('"A," said X, a ... who ... . "B."').
MAX_ATTRIBUTION_WORDS = 60
# How far (tokens) the nearest-verb fallback looks on each side of a quote.
PROXIMITY_TOKENS = 25
_ALL_CAPS_LABEL = re.compile(r"^[A-Z][A-Z .'\-]{1,40}$")
_SENTENCE_END = {".", "!", "?", ";"}
# After a closing mark: a dash, then a name up to the end of the line or a comma.
# Bounded runs of spaces: the pattern stays linear even where it is searched over a long run of them.
_DASH_SIGNATURE = re.compile(r"[ \u00a0]{0,8}(?P<dash>[―—–]|--)[ \u00a0]{0,8}(?P<name>[A-Z][^,\n]{1,60})")


@dataclass(frozen=True)
class Candidate:
    """An attribution the rules propose, with what the lexicon needs to score it."""

    lemma: str
    frame: str
    content: CharSpan
    kind: str
    cue: Optional[str]
    cue_span: Optional[CharSpan]
    speaker_span: Optional[CharSpan]
    region: Optional[int] = None  # index of the quoted region that is the content, if any
    cue_token: Optional[int] = None  # token index of the cue
    nested: bool = False  # the cue sits inside a quote or a skipped statement
    named_speech: bool = False  # a verb of saying with a named subject: may nest in other content
    score: float = 0.0  # how likely an attribution, set by the trained scorer


class RegionIndex:
    """Quoted regions sorted by start, with lookups by character offset."""

    def __init__(self, regions: Sequence[QuoteRegion]):
        self.regions = list(regions)
        self._starts = [r.start for r in self.regions]

    def containing(self, pos: int) -> Optional[int]:
        """Index of the region whose span contains ``pos``, else None."""
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and self.regions[i].start <= pos < self.regions[i].end:
            return i
        return None

    def overlapping(self, span: CharSpan) -> list[int]:
        """Indices of the regions that overlap ``span``."""
        i = max(0, bisect.bisect_right(self._starts, span[0]) - 1)
        found = []
        while i < len(self.regions) and self.regions[i].start < span[1]:
            if self.regions[i].end > span[0]:
                found.append(i)
            i += 1
        return found


def candidate_attributions(doc: Doc, regions: Sequence[QuoteRegion],
                           hosts: Sequence[CharSpan] = ()) -> list[Candidate]:
    """All candidate attributions of ``doc``.

    ``hosts`` are extra spans (skipped statements) whose inside counts as someone's own words,
    like the inside of a quote: frames there are nested.
    """
    index = RegionIndex(regions)
    host_spans = sorted([(r.start, r.end) for r in regions] + list(hosts))
    region_found = [c for n in range(len(regions)) for c in [_region_candidate(doc, index, n, host_spans)] if c]
    # A region tied to its own verb is that verb's quote; a frame of some other verb whose
    # complement the parse stretched into it ('... said. "A," X said.') must not claim it.
    owned = {c.region for c in region_found}
    framed = []
    for token in tokens(doc):
        for frame in _frames_of(token):
            candidate = _frame_candidate(frame, index, host_spans)
            if candidate is not None and (candidate.region is None or candidate.region not in owned):
                framed.append(candidate)
    text = doc_text(doc)
    joined = _join_split_quotes(text, index, _merge_same_cue(text, region_found) + framed)
    return joined + _label_candidates(doc)


def _frames_of(token: Token) -> list[Frame]:
    if _may_be_cue(token):
        return reporting_frames(token)
    if token.pos_ == "NOUN" and token.is_alpha:
        return noun_frames(token)
    return []


def _may_be_cue(token: Token) -> bool:
    if token.lower_ == "according":
        return True
    if not token.is_alpha:
        return False
    if token.pos_ == "VERB":
        return token.lemma_.lower() not in NEVER_CUES
    return token.pos_ == "AUX" and any(c.dep_ == "ccomp" for c in children(token))


def _inside(pos: int, spans: Sequence[CharSpan]) -> Optional[CharSpan]:
    for start, end in spans:
        if start <= pos < end:
            return start, end
    return None


# --- quoted regions -------------------------------------------------------------------------

def _region_candidate(doc: Doc, index: RegionIndex, number: int, hosts: Sequence[CharSpan]) -> Optional[Candidate]:
    """The region as a direct quote, tied to the verb that introduces it."""
    region = index.regions[number]
    if region.end - region.start < 3:
        return None
    dashed = _dash_attribution(doc, region, number)
    if dashed is not None:
        return dashed
    verb = _linked_verb(doc, index, region)
    if verb is None and _stands_alone(doc, region):
        verb = _nearest_verb(doc, index, region)
    if verb is None:
        return None
    host = _inside(verb.idx, [h for h in hosts if (h[0], h[1]) != (region.start, region.end)])
    if host is not None and not (host[0] <= region.start and region.end <= host[1]
                                 and _nested_is_credible(verb, subject_of(verb))):
        return None
    speaker = _speaker_of(verb)
    cue_span = reporting_expression(verb)
    lemma = "according" if verb.lower_ == "according" else verb.lemma_.lower()
    frame = "quote" if _has_clause(doc, region) else "quote_frag"
    kind = "block" if region.multi_paragraph else "direct"
    return Candidate(lemma, frame, (region.start, region.end), kind, doc_text(doc)[cue_span[0]:cue_span[1]],
                     cue_span, speaker, number, verb.i, host is not None,
                     _nested_is_credible(verb, subject_of(verb)))


def _dash_attribution(doc: Doc, region: QuoteRegion, number: int) -> Optional[Candidate]:
    """'"..." ― Sonya Herridge': a quote signed with a dash and a name, as in reader-voice roundups."""
    match = _DASH_SIGNATURE.match(doc_text(doc), region.end)
    if match is None:
        return None
    name = doc.char_span(match.start("name"), match.end("name"), alignment_mode="expand")
    names = [t for t in name or [] if t.pos_ == "PROPN" or t.ent_type_ in NAMED_ENTITY_TYPES]
    if not names or names[0].i != name[0].i:
        return None
    speaker = (names[0].idx, names[-1].idx + len(names[-1].text))
    kind = "block" if region.multi_paragraph else "direct"
    return Candidate("dash", "dash", (region.start, region.end), kind, match.group("dash"),
                     (match.start("dash"), match.end("dash")), speaker, number)


def _stands_alone(doc: Doc, region: QuoteRegion) -> bool:
    """Whether a region reads as something said (a clause, or words closed by punctuation inside
    the marks) rather than a quoted name or title the parse did not tie to anything."""
    inner = doc_text(doc)[region.start:region.end].rstrip("\"”»' ")
    return _has_clause(doc, region) or inner.endswith((",", ".", "!", "?"))


def _speaker_of(verb: Token) -> Optional[CharSpan]:
    if verb.lower_ == "according":
        objects = [c for to in children(verb) if to.lower_ == "to" for c in children(to) if c.dep_ == "pobj"]
        return speaker_span_of(objects[0]) if objects else None
    subject = subject_of(verb)
    return speaker_span_of(subject) if subject is not None else None


def _region_tokens(doc: Doc, region: QuoteRegion) -> list[Token]:
    span = doc.char_span(region.start, region.end, alignment_mode="expand")
    return list(span) if span is not None else []


def _has_clause(doc: Doc, region: QuoteRegion) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in _region_tokens(doc, region))


def _linked_verb(doc: Doc, index: RegionIndex, region: QuoteRegion) -> Optional[Token]:
    """A verb outside quotes, on the region's line, that the parse ties to the region: the region
    hangs off it ('he said, "..."') or it hangs off the region ('"...," he said')."""
    tokens = _region_tokens(doc, region)
    inside = {t.i for t in tokens}
    line = _line_of(doc_text(doc), region.start)
    found: list[Token] = []
    for token in tokens:
        found.append(token.head)
        found.extend(child for child in children(token) if child.i not in inside)
    verbs = [t for t in found if t.i not in inside and _is_attribution_verb(t, index, line)]
    if not verbs:
        return None
    return min(verbs, key=lambda t: (subject_of(t) is None and t.lower_ != "according", _distance(t, region)))


def _is_attribution_verb(token: Token, index: RegionIndex, line: CharSpan) -> bool:
    if not (line[0] <= token.idx < line[1]) or index.containing(token.idx) is not None:
        return False
    if token.lower_ == "according":
        return True
    return token.pos_ == "VERB" and token.is_alpha and token.lemma_.lower() not in NEVER_CUES


def _distance(token: Token, region: QuoteRegion) -> int:
    return region.start - token.idx if token.idx < region.start else token.idx - region.end


def _line_of(text: str, pos: int) -> CharSpan:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _nearest_verb(doc: Doc, index: RegionIndex, region: QuoteRegion) -> Optional[Token]:
    """'"...?" Clinton said.' where the parse left the verb unattached: the nearest verb with a
    subject in the same sentence, after the quote first, else before it. A quote closed by a full
    stop inside its marks, followed by a capital, ended its sentence: the verb after it belongs to
    the next sentence ('..." Last month, the group said that ...'), never to the quote."""
    text = doc_text(doc)
    inner = text[region.start:region.end].rstrip("\"”»’' ")
    after = text[region.end:region.end + 3].lstrip(" \"”»’'")
    closed = inner.endswith(".") and (not after or after[0].isupper())
    for forward in ((False,) if closed else (True, False)):
        for token in _window_tokens(doc, index, region.end if forward else region.start, forward):
            if token.pos_ == "VERB" and token.is_alpha and token.lemma_.lower() not in NEVER_CUES \
                    and subject_of(token) is not None:
                return token
    return None


def _window_tokens(doc: Doc, index: RegionIndex, pos: int, forward: bool) -> list[Token]:
    """Tokens outside quotes from ``pos`` to the sentence edge, nearest first, same line only."""
    i = first_token_at(doc, pos)
    step = 1 if forward else -1
    i = i if forward else i - 1
    tokens: list[Token] = []
    while 0 <= i < len(doc) and len(tokens) < PROXIMITY_TOKENS:
        token = doc[i]
        if "\n" in token.text or index.containing(token.idx) is not None:
            break
        if not forward and token.text in _SENTENCE_END:
            break
        tokens.append(token)
        if forward and token.text in _SENTENCE_END:
            break
        i += step
    return tokens


def _merge_same_cue(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Regions of one paragraph tied to the same cue ('"A?" she said. "B."' parsed with both
    hanging off "said") are one quote, from the first region to the last."""
    merged: list[Candidate] = []
    for candidate in sorted(candidates, key=lambda c: c.content):
        last = merged[-1] if merged else None
        if last is not None and last.cue_token == candidate.cue_token \
                and "\n" not in text[last.content[1]:candidate.content[0]]:
            merged[-1] = replace(last, content=(last.content[0], candidate.content[1]))
            continue
        merged.append(candidate)
    return merged


def _join_split_quotes(text: str, index: RegionIndex, candidates: list[Candidate]) -> list[Candidate]:
    """'"A," he said. "B."' is one quote: a candidate whose attribution follows its content takes
    in the quoted regions right after that attribution in the same paragraph ('"A," said X, a
    ... who ... . "B."'), up to a region that another verb introduces. Done before scoring, so
    that training sees the quote annotators see (the envelope of both parts)."""
    by_region = {c.region: c for c in candidates if c.region is not None}
    absorbed: set[int] = set()
    result = []
    for candidate in sorted(candidates, key=lambda c: (c.content, c.frame)):
        if id(candidate) in absorbed:
            continue
        if not candidate.nested and candidate.cue_span is not None and candidate.cue_span[0] >= candidate.content[1] - 1:
            candidate = _extend_over_followers(text, index, candidate, by_region, absorbed)
        result.append(candidate)
    return result


def _extend_over_followers(text: str, index: RegionIndex, candidate: Candidate,
                           by_region: dict[Optional[int], Candidate], absorbed: set[int]) -> Candidate:
    end = candidate.content[1]
    for number in range(len(index.regions)):
        region = index.regions[number]
        if region.start < end:
            continue
        if not is_attribution_gap(text[end:region.start], candidate.cue_span, end, region.start):
            break
        owner = by_region.get(number)
        if owner is not None and owner.cue_token != candidate.cue_token:
            cue_at = owner.cue_span[0] if owner.cue_span else -1
            if not end <= cue_at < region.start:
                break  # that region has its own attribution
            absorbed.add(id(owner))
        elif owner is not None:
            absorbed.add(id(owner))
        end = region.end
    return candidate if end == candidate.content[1] else replace(candidate, content=(candidate.content[0], end))


def is_attribution_gap(between: str, cue_span: Optional[CharSpan], start: int, stop: int) -> bool:
    """Whether the text between two quoted parts is only their attribution ('he said. ', ', said
    X, a spokesman for Y. ') or nothing at all, on one line."""
    if "\n" in between:
        return False
    if not between.strip(" ,.;:—–-\u00a0"):
        return True
    if cue_span is None or not (start <= cue_span[0] < stop):
        return False
    return len(between.split()) <= MAX_ATTRIBUTION_WORDS and between.rstrip().endswith((".", ",", ":", ";"))


# --- reporting frames of verbs ----------------------------------------------------------------

def _frame_candidate(frame: Frame, index: RegionIndex, hosts: Sequence[CharSpan]) -> Optional[Candidate]:
    token = frame.cue
    host = _inside(token.idx, hosts)
    content = _clip_to_line(doc_text(token.doc), frame.content, token.idx) if host is None else _clip_to(frame.content, host)
    if content is None:
        return None
    content, kind, region = _snap_to_regions(content, index, host is not None)
    speaker = frame.speaker_span
    if speaker is not None and content[0] <= speaker[0] < content[1] and not content[0] <= token.idx < content[1]:
        speaker = None  # a speaker inside the content is a misparse, never the speaker
    named_speech = _nested_is_credible(token, frame.speaker)
    if host is not None and not named_speech:
        return None
    cue_text = doc_text(token.doc)[frame.cue_span[0]:frame.cue_span[1]]
    return Candidate(frame.lemma, frame.name, content, kind, cue_text, frame.cue_span, speaker, region,
                     token.i, host is not None, named_speech)


def _nested_is_credible(verb: Token, subject: Optional[Token]) -> bool:
    """Inside someone's words, only a verb of saying with a named third party as subject reports
    another voice ("what General de Gaulle said"); "I think", "you say" are the speaker's own."""
    if verb.lemma_.lower() not in NESTED_CUES or subject is None:
        return False
    return subject.pos_ == "PROPN" or subject.ent_type_ in NAMED_ENTITY_TYPES


def _clip_to_line(text: str, content: CharSpan, cue_at: int) -> Optional[CharSpan]:
    """Content stays on the cue's line: a parse that runs past a paragraph break is wrong.
    The colon frame's next-paragraph content is the exception, so it is kept when it starts
    on a later line."""
    line = _line_of(text, cue_at)
    if content[0] >= line[1]:
        return content
    return _clip_to(content, line)


def _clip_to(content: CharSpan, bounds: CharSpan) -> Optional[CharSpan]:
    start, end = max(content[0], bounds[0]), min(content[1], bounds[1])
    return (start, end) if start < end else None


def _snap_to_regions(content: CharSpan, index: RegionIndex, nested: bool
                     ) -> tuple[CharSpan, str, Optional[int]]:
    """Align a frame's content with quotation marks.

    Content mostly inside one region becomes that whole region (a direct quote); content that
    cuts through a region is widened to take all of it (a partial quote in reported speech).
    """
    start, end = content
    for number in index.overlapping(content):
        region = index.regions[number]
        if nested and region.start <= start and end <= region.end:
            continue  # the host quote itself: the nested content stays as parsed
        inside = min(end, region.end) - max(start, region.start)
        if inside >= REGION_SNAP_SHARE * (end - start) and region.end - region.start >= 3:
            kind = "block" if region.multi_paragraph else "direct"
            return (region.start, region.end), kind, number
    for number in index.overlapping(content):
        region = index.regions[number]
        if not (region.start <= start and end <= region.end):
            start, end = min(start, region.start), max(end, region.end)
    return (start, end), "indirect", None


# --- "Speaker: quote" lines -------------------------------------------------------------------

def _label_candidates(doc: Doc) -> list[Candidate]:
    """'Speaker: quote' lines: the headline ("Ahmad Massoud: I call on ...") and transcript labels
    ("PENCE: Well, look, ...")."""
    found = []
    line_start = 0
    first_line = True
    for line in doc_text(doc).split("\n"):
        if line.strip():
            candidate = _label_line(doc, line_start, line, first_line)
            if candidate is not None:
                found.append(candidate)
            first_line = False
        line_start += len(line) + 1
    return found


def _label_line(doc: Doc, line_start: int, line: str, headline: bool) -> Optional[Candidate]:
    colon = line.find(":")
    if colon <= 0:
        return None
    label = line[:colon].strip().lstrip("\"“'")
    rest = line[colon + 1:]
    if not label or not rest.strip() or len(label.split()) > MAX_LABEL_TOKENS:
        return None
    label_start = line_start + line.index(label)
    quoted = rest.strip()[:1] in "\"“‘'«"
    speaker = _label_speaker(doc, label_start, label_start + len(label), headline, quoted)
    if speaker is None:
        return None
    start = line_start + colon + 1 + (len(rest) - len(rest.lstrip()))
    end = line_start + len(line.rstrip())
    colon_at = line_start + colon
    return Candidate(":", "headline" if headline else "label", (start, end), "direct", ":",
                     (colon_at, colon_at + 1), speaker)


def _label_speaker(doc: Doc, start: int, end: int, headline: bool, quoted: bool = False) -> Optional[CharSpan]:
    """The speaker a label names: all of an ALL-CAPS transcript label ("PENCE:"), or in a
    headline a person's name that is the whole label ("Ahmad Massoud: I call on ..."), or that
    opens it when what follows the colon is in quotation marks ("Warren Hammers Wells Fargo
    CEO: 'You Should Be ...'").

    A place or a date before a colon is a dateline ("KABUL:", "new delhi:", "May 25:"), never a
    speaker; a slug ("RUGBY-IRELAND-SQUAD:") or a phrase around a name ("McCain Challenger
    Kelli Ward:") is a headline's topic, not its speaker."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or any(t.pos_ in ("VERB", "AUX") for t in span_tokens(span)):
        return None
    label = doc_text(doc)[start:end]
    if _names_place_or_date(span, label):
        return None
    if _ALL_CAPS_LABEL.match(label) and len(label.split()) <= 3 and not _is_slug(label):
        return start, end
    if not headline:
        return None
    for ent in span.ents:
        if ent.label_ == "PERSON" and ent.start_char <= start + 1 and (ent.end_char >= end - 1 or quoted):
            return ent.start_char, ent.end_char
    return None


def _names_place_or_date(span, label: str) -> bool:
    """Whether a label is a dateline: it holds a place or date entity, a digit, or is a name the
    gazetteer knows as a place."""
    from ...knowledge.gazetteer import load_gazetteer

    if any(t.ent_type_ in DATELINE_ENTITY_TYPES or t.like_num for t in span_tokens(span)):
        return True
    return bool(load_gazetteer().lookup(label.strip(" .,'\"").title()))


def _is_slug(label: str) -> bool:
    """'RUGBY-IRELAND-SQUAD': words joined by hyphens, a wire story's slug."""
    return "-" in label and " " not in label.strip()
