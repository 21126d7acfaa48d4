"""Parse helpers for the calls-to-action stage (``extract/calls.py``): the document's voices and
actor mentions, and the spans of names and verb phrases over the dependency parse."""

from __future__ import annotations

import re
from typing import Optional

from spacy.tokens import Doc, Span as SpacySpan, Token

from ..model import Actor, Quote, Segment
from ..nlp import children, doc_text, span_tokens
from ..spans import trim_span

Span = tuple[int, int]
QUOTE_CHARS = "\"'“”‘’«»„"
TRAILING = " ,;:.!?-–—(" + QUOTE_CHARS


class VoiceContext:
    """The document's voices and actor mentions, for finding who speaks and whom a name means."""

    def __init__(self, doc: Doc, segments: list[Segment], actors: list[Actor], quotes: list[Quote]):
        self.doc = doc
        self.text = doc_text(doc)
        self.segments = segments
        self.quotes = [q for q in quotes if q.kind in ("direct", "block")]
        self.mentions = sorted((span[0], span[1], actor.id) for actor in actors for span in actor.mentions)
        self._salutations: dict[int, list[Span]] = {}

    def voice_at(self, start: int, end: int) -> Optional[str]:
        """The speaker of the narrowest quote holding the span, else the statement's or comment's speaker."""
        holding = [q for q in self.quotes if q.start <= start and end <= q.end and q.speaker]
        if holding:
            return min(holding, key=lambda q: q.end - q.start).speaker
        segment = self.segment_at(start)
        if segment is not None and segment.kind in ("statement", "comment"):
            return segment.speaker
        return None

    def in_quote(self, start: int, end: int) -> bool:
        """Whether the span sits inside a direct or block quote."""
        return any(q.start <= start and end <= q.end for q in self.quotes)

    def segment_at(self, offset: int) -> Optional[Segment]:
        """The segment (voice) that holds the offset."""
        return next((s for s in self.segments if s.start <= offset < s.end), None)

    def actor_at(self, start: int, end: int) -> Optional[str]:
        """The actor with a mention overlapping the span the most."""
        best, best_overlap = None, 0
        for m_start, m_end, actor_id in self.mentions:
            if m_start >= end:
                break
            overlap = min(end, m_end) - max(start, m_start)
            if overlap > best_overlap:
                best, best_overlap = actor_id, overlap
        return best

    def salutation_of(self, offset: int) -> list[Span]:
        """The addressees a statement or comment opens with ("People of Afghanistan, …!"), if any."""
        segment = self.segment_at(offset)
        if segment is None or segment.kind not in ("statement", "comment"):
            return []
        if segment.start not in self._salutations:
            self._salutations[segment.start] = salutation(self.doc, segment)
        return self._salutations[segment.start]


def salutation(doc: Doc, segment: Segment) -> list[Span]:
    """The names a statement or comment opens by addressing: "O Ummah of Muhammad", "Dear friends",
    or a verbless first line of comma-separated names ending in "!" or ":"."""
    text = doc_text(doc)
    first_line_end = text.find("\n", segment.start, segment.end)
    line_end = first_line_end if first_line_end >= 0 else segment.end
    line = text[segment.start:line_end]
    vocative = re.search(r"\b(?:O|Oh|Dear)\s+([A-Z][^.!?(\n:]*?)\s*(?:\(|[.!?:,]|$)", line)
    if vocative:
        return [(segment.start + vocative.start(1), segment.start + vocative.end(1))]
    span = doc.char_span(segment.start, line_end, alignment_mode="expand")
    if span is None or not line.rstrip().endswith(("!", ":")) or any(t.pos_ in ("VERB", "AUX") for t in span_tokens(span)):
        return []
    parts, offset = [], segment.start
    for piece in re.split(r"(,\s*)", line.rstrip(" !:")):
        if piece.strip() and not piece.startswith(","):
            parts.append((offset, offset + len(piece)))
        offset += len(piece)
    return parts if 1 <= len(parts) <= 6 else []


def grammatical_subject(verb: Token) -> Optional[Token]:
    """The verb's subject token (active or passive), if the parse gives one."""
    return next((c for c in children(verb) if c.dep_ in ("nsubj", "nsubjpass")), None)


def split_names(region: list[Token]) -> list[Span]:
    """Addressee names in a region: each top-level phrase, appositions and conjuncts apart."""
    if not region:
        return []
    ids = {t.i for t in region}
    roots = [t for t in region if (t.head.i not in ids or t.head.i == t.i) and t.pos_ != "ADP"]
    names = []
    for root in roots:
        names.extend(_conjunct_names(root, ids))
    return sorted(set(names))


def _conjunct_names(root: Token, ids: set[int]) -> list[Span]:
    split_children = [c for c in children(root) if c.dep_ in ("appos", "conj") and c.i in ids]
    own = [t for t in root.subtree if t.i in ids and not any(t in c.subtree for c in split_children)
           and t.dep_ != "cc" and not t.is_punct]
    names = []
    if own:
        names.append(strip_span(doc_text(root.doc), own[0].idx, own[-1].idx + len(own[-1])))
    for child in split_children:
        names.extend(_conjunct_names(child, ids))
    return [n for n in names if n[1] > n[0]]


def name_span(token: Token) -> Span:
    """The characters of the name headed by ``token``, without appositions or punctuation."""
    tokens = [t for t in token.subtree if t.dep_ not in ("appos",) and not t.is_punct]
    tokens = [t for t in tokens if t.i <= token.i or t.dep_ in ("prep", "pobj", "compound", "amod", "relcl")
              or t.head.i != token.i] or [token]
    return strip_span(doc_text(token.doc), tokens[0].idx, tokens[-1].idx + len(tokens[-1]))


def action_span(verb: Token, sent: SpacySpan, before: Optional[Token] = None) -> Span:
    """From the verb (or a "not" before "to") to the end of its phrase."""
    start = verb.i
    if before is not None and before.i > sent.start and sent.doc[before.i - 1].lower_ == "not":
        start = before.i - 1
    return trimmed(sent.doc, start, right_edge(verb, sent))


def verb_phrase_start(verb: Token) -> int:
    """Token index where the verb phrase starts: a negation before the verb belongs to it."""
    negation = [c.i for c in children(verb) if c.dep_ == "neg" and c.i < verb.i]
    return min(negation) if negation else verb.i


def right_edge(token: Token, sent: SpacySpan, keep_ccomp: bool = False, cut_agent: bool = False) -> int:
    """Token index one past the phrase of ``token``: its subtree to the right, cut at a trailing
    apposition, a non-restrictive relative clause (", which …"), a dash or semicolon, a later
    independent clause and the passive agent (when asked)."""
    doc = token.doc
    end = min(token.right_edge.i + 1, sent.end)
    stops = []
    for child in token.rights:
        if child.dep_ == "parataxis" or cut_agent and child.dep_ == "agent" \
                or child.dep_ == "ccomp" and not (keep_ccomp and _is_content_clause(child)) \
                and child.left_edge.i != token.i + 1:  # "let this investigation unfold" stays whole
            stops.append(child.left_edge.i)
    for descendant in token.subtree:
        if descendant.i <= token.i:
            continue
        if descendant.dep_ == "appos" and descendant.right_edge.i + 1 >= end:
            stops.append(descendant.left_edge.i)
        elif descendant.dep_ in ("relcl", "advcl") and doc[descendant.left_edge.i - 1].text in (",", "”", '"') \
                and descendant.head.i == token.i or descendant.dep_ == "relcl" and doc[descendant.left_edge.i - 1].text == ",":
            stops.append(descendant.left_edge.i)  # ", which …", ",” opening the president to …"
        elif descendant.text in ("–", "—", "--", ";"):
            stops.append(descendant.i)
    closing = _quote_closing_before_conjunction(token, sent)
    if closing is not None:
        stops.append(closing)
    if stops:
        end = min(end, min(stops))
    return max(end, token.i + 1)


def _quote_closing_before_conjunction(token: Token, sent: SpacySpan) -> Optional[int]:
    """'to “go to your place and vote” and then “go pick …”': a phrase that opens a quotation ends
    where the quotation closes before a conjunction (the next quoted call is a call of its own)."""
    doc = sent.doc
    if token.i == 0 or not (doc[token.i - 1].text in ("“", '"') or doc[token.i - 1].tag_ == "``"):
        return None
    for t in doc[token.i + 1:sent.end]:
        if t.text in ("”", '"') or t.tag_ == "''":
            following = t.nbor(1) if t.i + 1 < sent.end else None
            return t.i if following is not None and following.dep_ == "cc" else None
    return None


def _is_content_clause(clause: Token) -> bool:
    """"Know that you have compatriots": a that- or wh-clause is the object, not a new sentence."""
    return clause.left_edge.tag_ in ("IN", "WDT", "WP", "WRB") or any(c.dep_ == "mark" for c in children(clause))


def trimmed(doc: Doc, start: int, end: int) -> Span:
    """Character span of tokens [start, end) without surrounding punctuation or spaces."""
    if end <= start:
        at = doc[start].idx if start < len(doc) else len(doc_text(doc))
        return at, at
    while end - 1 > start and (doc[end - 1].tag_ in ("CC", "IN", "TO", "DT", "WDT") or doc[end - 1].lower_ == "rather"
                               or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1  # a phrase cut before its complement leaves "rather than", "and", "of" dangling
    first, last = doc[start], doc[end - 1]
    return strip_span(doc_text(doc), first.idx, last.idx + len(last))


def strip_span(text: str, start: int, end: int) -> Span:
    """Shrink ``text[start:end]`` past spaces, punctuation and quotation marks at either end."""
    return trim_span(text, start, end, TRAILING)


# Helpers of the call finders (issue 17): what is asked, by whom, and what is no call.

FIRST_PERSON_PRONOUNS = {"i", "we", "us", "me"}


def purpose_infinitive(verb: Token) -> bool:
    """A request verb that is itself an infinitive hanging on a noun: "a tool with which to press …"."""
    return verb.dep_ in ("relcl", "acl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in children(verb))


def conjoined_acts(verb: Token, sent: SpacySpan) -> tuple[Optional[int], list[Token]]:
    """'to "really call out Russia on this" and consider taking action': acts joined by "and"/"but",
    each with a complement of its own, are calls of their own (an analyst lists them apart); the
    first act ends at the conjunction. "repeal or invalidate them" is one act."""
    # a base form only: "urged Mr. Bush to run and armed his campaign with …" is the narration's own verb
    acts = [c for c in children(verb) if c.dep_ == "conj" and c.pos_ == "VERB" and c.tag_ in ("VB", "VBP") and c.i > verb.i
            and grammatical_subject(c) is None
            and any(d.dep_ in ("dobj", "prep", "xcomp", "ccomp", "prt", "dative") for d in children(c))]
    joints = [c.i for c in children(verb) if c.dep_ == "cc" and c.lower_ in ("and", "but")
              and acts and c.i < acts[0].i]
    if not acts or not joints:
        return None, []
    return joints[0], acts


def first_person(token: Token) -> bool:
    """"we", "us", "I": a pronoun, not "US" the country."""
    return token.lower_ in FIRST_PERSON_PRONOUNS and token.pos_ == "PRON" and token.text != "US"


HABITUAL_ADVERBS = {"sometimes", "often", "usually", "typically", "routinely", "frequently", "always", "generally"}


def habitual(verb: Token) -> bool:
    """What a kind of people does as a habit, not a call someone made: a bare plural subject ("gangs",
    "smugglers") with a habitual adverb, under "known to" / "tend to" / "used to", or in a "when" clause."""
    first = verb
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    carrier = first.head if first.dep_ == "xcomp" else first
    subject = grammatical_subject(carrier)
    if subject is None or subject.tag_ != "NNS" or any(c.dep_ in ("det", "poss", "nummod") for c in children(subject)):
        return False
    found = any(c.lower_ in HABITUAL_ADVERBS for node in (verb, first, carrier) for c in children(node))
    found |= first.dep_ == "xcomp" and carrier.lemma_.lower() in ("know", "tend", "use")
    found |= any(c.lower_ in ("when", "whenever") for c in children(first))
    return found


__all__ = ["VoiceContext", "purpose_infinitive", "conjoined_acts", "first_person", "habitual",
           "grammatical_subject", "split_names", "name_span", "action_span", "verb_phrase_start", "right_edge",
           "trimmed", "strip_span", "QUOTE_CHARS", "TRAILING"]
