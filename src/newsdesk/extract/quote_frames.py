"""Reporting frames read off the dependency parse: cue verb, speaker mention, reported content.

A *frame* names the shape in which a verb carries reported material, since the same verb is a
reliable cue in one shape and not in another ("said that X" vs "said goodbye"):

- ``ccomp``: a complement clause ("X said (that) the deal is off");
- ``inverted``: the content is the clause the cue hangs off ("The deal is off, sources said");
- ``according``: "according to X", content = the clause it modifies;
- ``xcomp``: an object and an infinitive ("urged voters to turn out", "called on X to resign");
- ``dobj``: a direct object with its "of/as/for" complement ("accused X of Y", "announced a plan");
- ``prep``: a prepositional object ("warned of X", "talked about X");
- ``colon``: the material after a colon ("X wrote in this message: ...").

Everything here is offsets and spaCy tokens; which frames count as quotes is decided by the
trained cue lexicon (``quote_cues``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Doc, Span, Token

CharSpan = tuple[int, int]

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# Dependents of a subject noun that describe it rather than name it: cut from the speaker span,
# so "Hans Schellnhuber, the director of ..., said" links by the name.
SPEAKER_TRIM_DEPS = {"appos", "relcl", "acl", "punct", "advcl", "parataxis", "cc", "conj", "prep"}
# Kept for generic speakers that need their "of"/"for" phrase to mean anything ("one of his aides").
GENERIC_HEADS_KEEPING_PREP = {"one", "some", "many", "most", "all", "none", "several", "member",
                              "members", "reporter", "spokesman", "spokeswoman", "spokesperson",
                              "director", "head", "chairman", "leader", "official", "officials"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
# Prepositions that introduce reported matter after a verb ("warned of", "talked about").
CONTENT_PREPOSITIONS = {"about", "of", "on", "for", "against", "over"}
# Prepositions that complete an object frame ("accused X of Y", "described X as Y").
OBJECT_COMPLEMENT_PREPOSITIONS = {"of", "as", "for", "to"}
EDGE_PUNCT = set(",;:—–-()[]") | {"--"}


@dataclass(frozen=True)
class Frame:
    """One reporting frame: its cue verb, frame name, content, and speaker mention."""

    cue: Token
    name: str
    content: CharSpan
    cue_span: CharSpan
    speaker: Optional[Token]
    speaker_span: Optional[CharSpan]


def token_span(tokens: list[Token]) -> CharSpan:
    """Character span from the first token's start to the last token's end."""
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def trimmed_span(doc: Doc, first: int, last: int) -> Optional[CharSpan]:
    """The char span of tokens ``first..last`` (inclusive) without edge punctuation, spaces and a
    leading complementiser ("that"), which annotators mostly leave out of the content."""
    while first <= last and _is_edge_filler(doc[first], leading=True):
        first += 1
    while last >= first and _is_edge_filler(doc[last], leading=False):
        last -= 1
    if first > last:
        return None
    return token_span([doc[first], doc[last]])


def _is_edge_filler(token: Token, leading: bool) -> bool:
    if token.is_space or token.text in EDGE_PUNCT:
        return True
    if token.text in {".", "!", "?"} and not leading:
        return True
    return leading and token.dep_ == "mark" and token.lower_ == "that"


def subtree_bounds(token: Token, exclude: Optional[Token] = None) -> tuple[int, int]:
    """First and last token index of ``token``'s subtree, leaving out ``exclude``'s subtree when it
    sits at either edge (a trailing "..., sources said")."""
    first, last = token.left_edge.i, token.right_edge.i
    if exclude is not None:
        if exclude.right_edge.i >= last and exclude.left_edge.i > first:
            last = exclude.left_edge.i - 1
        elif exclude.left_edge.i <= first and exclude.right_edge.i < last:
            first = exclude.right_edge.i + 1
    return first, last


# --- speakers -------------------------------------------------------------------------------

def subject_of(verb: Token) -> Optional[Token]:
    """The grammatical subject of ``verb``, climbing through coordinated and controlled verbs
    ("stood up and said", "went on to say") that share their head's subject."""
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ in ("nsubj", "csubj") or (child.dep_ == "nsubjpass" and _is_quoted_passive(current)):
                return child
        agent = _passive_agent(current)
        if agent is not None:
            return agent
        if current.dep_ in ("conj", "xcomp", "advcl", "pcomp") and current.head is not current:
            if current.dep_ == "advcl" and not current.tag_ == "VBG":
                return None  # "..., because X said" has its own subject, not the main clause's
            current = current.head
            if current.pos_ == "ADP":  # "quoted as saying": the preposition hangs off "quoted"
                current = current.head
            continue
        return None
    return None


def _is_quoted_passive(verb: Token) -> bool:
    # "X was quoted as saying": the passive subject is the speaker. For other passives
    # ("Y was criticized") it is the target, never the speaker.
    return verb.lemma_.lower() in {"quote", "cite", "hear", "overhear"}


def _passive_agent(verb: Token) -> Optional[Token]:
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def resolve_relative(subject: Token) -> Token:
    """For a relative pronoun subject ("officials, who said ..."), the noun it stands for."""
    if subject.lower_ in RELATIVE_PRONOUNS and subject.head.dep_ == "relcl":
        return subject.head.head
    return subject


def speaker_span_of(subject: Token) -> Optional[CharSpan]:
    """The span naming a speaker: the subject's own phrase without appositions, relative
    clauses and the like; generic heads keep their "of"/"for" phrase ("one of his aides")."""
    subject = resolve_relative(subject)
    if subject.pos_ in ("VERB", "AUX") or subject.dep_ == "csubj":
        return None
    keep_prep = subject.lower_ in GENERIC_HEADS_KEEPING_PREP
    first = last = subject.i
    for child in subject.children:
        if child.dep_ in SPEAKER_TRIM_DEPS and not (keep_prep and child.dep_ == "prep"):
            continue
        if child.is_space:
            continue
        first, last = min(first, child.left_edge.i), max(last, child.right_edge.i)
    span = trimmed_span(subject.doc, first, last)
    return span


# --- frames ---------------------------------------------------------------------------------

def cue_span_of(verb: Token) -> CharSpan:
    """The cue's surface: the verb with its particle ("pointed out") or "according to"."""
    tokens = [verb] + [c for c in verb.children if c.dep_ == "prt" or (verb.lower_ == "according" and c.lower_ == "to")]
    tokens.sort(key=lambda t: t.i)
    return token_span([tokens[0], tokens[-1]])


def reporting_frame(verb: Token) -> Optional[Frame]:
    """The frame ``verb`` heads, or None when it carries no reported material."""
    for finder in (_according_frame, _colon_frame, _ccomp_frame, _inverted_frame, _xcomp_frame,
                   _dobj_frame, _prep_frame):
        found = finder(verb)
        if found is not None:
            name, content = found
            return _make_frame(verb, name, content)
    return None


def _make_frame(verb: Token, name: str, content: CharSpan) -> Frame:
    if name == "according":
        objects = [c for to in verb.children if to.lower_ == "to" for c in to.children if c.dep_ == "pobj"]
        speaker = objects[0] if objects else None
    else:
        speaker = subject_of(verb)
    speaker_span = speaker_span_of(speaker) if speaker is not None else None
    if speaker_span is not None and _overlaps(speaker_span, content):
        speaker_span = None
    return Frame(verb, name, content, cue_span_of(verb), speaker, speaker_span)


def _overlaps(a: CharSpan, b: CharSpan) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _according_frame(verb: Token) -> Optional[tuple[str, CharSpan]]:
    if verb.lower_ != "according" or not any(c.lower_ == "to" for c in verb.children):
        return None
    clause = verb.head if verb.head is not verb else None
    if clause is None:
        return None
    while clause.dep_ not in ("ROOT", "ccomp", "conj") and clause.head is not clause and clause.pos_ not in ("VERB", "AUX"):
        clause = clause.head
    first, last = subtree_bounds(clause, exclude=verb)
    span = trimmed_span(verb.doc, first, last)
    return ("according", span) if span else None


def _colon_frame(verb: Token) -> Optional[tuple[str, CharSpan]]:
    """"X said: ..." - the content runs from the colon to the end of the line, or is the next
    paragraph when the colon ends the line."""
    doc = verb.doc
    colon = _colon_after(verb)
    if colon is None:
        return None
    line_end = doc.text.find("\n", colon.idx)
    line_end = len(doc.text) if line_end < 0 else line_end
    rest = doc.text[colon.idx + 1:line_end]
    if rest.strip():
        start = colon.idx + 1 + (len(rest) - len(rest.lstrip()))
        return "colon", (start, start + len(rest.strip()))
    next_start = len(doc.text) - len(doc.text[line_end:].lstrip())
    next_end = doc.text.find("\n", next_start)
    next_end = len(doc.text) if next_end < 0 else next_end
    if next_start >= len(doc.text):
        return None
    return "colon", (next_start, next_end)


def _colon_after(verb: Token) -> Optional[Token]:
    """The colon that closes the verb's own phrase ("said after the defeat of the army:")."""
    doc = verb.doc
    end = verb.right_edge.i
    for child in verb.children:
        if child.dep_ in ("ccomp", "parataxis") and child.i > verb.i:
            end = child.left_edge.i - 1  # the colon sits before the complement it introduces
            break
    for i in range(verb.i + 1, min(len(doc), end + 2)):
        token = doc[i]
        if token.text == ":":
            between = doc[verb.i + 1:i]
            if any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass") for t in between):
                return None
            return token
        if token.text in {".", "!", "?", ";"} or "\n" in token.text:
            return None
    return None


def _ccomp_frame(verb: Token) -> Optional[tuple[str, CharSpan]]:
    complements = [c for c in verb.children if c.dep_ == "ccomp"]
    if not complements:
        return None
    # "said X, and that Y": coordinated complements are one content.
    first = min(c.left_edge.i for c in complements)
    last = max(c.right_edge.i for c in complements)
    if first < verb.i < last:
        first, last = _nearest_side(verb, complements)
    span = trimmed_span(verb.doc, first, last)
    return ("ccomp", span) if span else None


def _nearest_side(verb: Token, complements: list[Token]) -> tuple[int, int]:
    after = [c for c in complements if c.i > verb.i]
    chosen = after or complements
    return min(c.left_edge.i for c in chosen), max(c.right_edge.i for c in chosen)


def _inverted_frame(verb: Token) -> Optional[tuple[str, CharSpan]]:
    """"The deal is off, sources said": the cue hangs off the content clause."""
    head = verb.head
    if head is verb or verb.dep_ not in ("parataxis", "ccomp", "advcl", "conj") or head.pos_ not in ("VERB", "AUX"):
        return None
    if verb.dep_ in ("advcl", "conj", "ccomp") and not _set_off_by_comma(verb):
        return None
    if not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return None
    if any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children):
        return None
    first, last = subtree_bounds(head, exclude=verb)
    span = trimmed_span(verb.doc, first, last)
    return ("inverted", span) if span else None


def _set_off_by_comma(verb: Token) -> bool:
    left = verb.left_edge.i - 1
    return left >= 0 and verb.doc[left].text in {",", "—", "--", "-"} and verb.i > verb.head.i


def _xcomp_frame(verb: Token) -> Optional[tuple[str, CharSpan]]:
    infinitives = [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i
                   and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
    if not infinitives:
        return None
    xcomp = infinitives[0]
    first = xcomp.left_edge.i
    for child in verb.children:  # "urged voters to ...", "called on the US to ..."
        if child.dep_ in ("dobj", "dative") and verb.i < child.i < xcomp.i:
            first = min(first, child.left_edge.i)
        if child.dep_ == "prep" and verb.i < child.i < xcomp.i:
            objects = [o for o in child.children if o.dep_ == "pobj"]
            if objects:
                first = min(first, objects[0].left_edge.i)
    span = trimmed_span(verb.doc, first, xcomp.right_edge.i)
    return ("xcomp", span) if span else None


def _dobj_frame(verb: Token) -> Optional[tuple[str, CharSpan]]:
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    if not objects:
        return None
    obj = objects[0]
    last = obj.right_edge.i
    for child in verb.children:
        if child.dep_ in ("prep", "oprd") and child.i > obj.i and (child.dep_ == "oprd" or child.lower_ in OBJECT_COMPLEMENT_PREPOSITIONS):
            last = max(last, child.right_edge.i)
    span = trimmed_span(verb.doc, obj.left_edge.i, last)
    return ("dobj", span) if span else None


def _prep_frame(verb: Token) -> Optional[tuple[str, CharSpan]]:
    for child in verb.children:
        if child.dep_ == "prep" and child.i > verb.i and child.lower_ in CONTENT_PREPOSITIONS:
            objects = [o for o in child.children if o.dep_ in ("pobj", "pcomp")]
            if objects:
                span = trimmed_span(verb.doc, objects[0].left_edge.i, child.right_edge.i)
                return ("prep", span) if span else None
    return None


def sentence_of(token: Token) -> Span:
    """The sentence a token belongs to (a thin wrapper so callers need not know spaCy's API)."""
    return token.sent
