"""Reporting frames read off the dependency parse: cue, speaker mention, reported content.

A *frame* names the shape in which a cue carries reported material, since the same verb is a
reliable cue in one shape and not in another ("said that X" vs "said goodbye"):

- ``ccomp``: a complement clause ("X said (that) the deal is off");
- ``parenthetical``: the attribution is set off by commas and the content is the rest of the
  sentence ("The deal is off, sources said", "The deal, sources said, is off");
- ``according``: "according to X", content = the rest of the sentence;
- ``xcomp``: an object and an infinitive ("urged voters to turn out", "called on X to resign");
- ``dobj``: a direct object with its "of/as/for" complement ("accused X of Y", "announced a plan");
- ``prep``: a prepositional object ("warned of X", "talked about X"), keyed by the preposition;
- ``colon``: the material after a colon ("X wrote in this message: ...");
- ``noun`` / ``nounobj``: a reporting noun ("his claim that X", "expressed concern about X").

Everything here is offsets and spaCy tokens; which frames count as quotes is decided by the
trained scorer (``cues``).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Doc, Token

from ...nlp import children, doc_text, sentence_bounds_of, tokens

CharSpan = tuple[int, int]

# Dependents of a subject noun that describe it rather than name it: cut from the speaker span,
# so "Hans Schellnhuber, the director of ..., said" links by the name.
SPEAKER_TRIM_DEPS = {"appos", "relcl", "acl", "punct", "advcl", "parataxis", "cc", "conj", "prep"}
# Kept for generic speakers that need their "of"/"for" phrase to mean anything ("one of his aides").
GENERIC_HEADS_KEEPING_PREP = {"one", "some", "many", "most", "all", "none", "several", "member",
                              "members", "reporter", "spokesman", "spokeswoman", "spokesperson",
                              "director", "head", "chairman", "leader", "official", "officials"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
# Head nouns that describe a person or people who speak ("a senior official", "witnesses").
PERSON_NOUNS = {"director", "chief", "head", "spokesman", "spokeswoman", "spokesperson", "official", "officials", "source",
                "sources", "minister", "commander", "leader", "president", "witness", "witnesses", "resident",
                "residents", "analyst", "analysts", "diplomat", "diplomats", "aide", "aides", "expert", "experts", "man",
                "woman", "lawmaker", "lawmakers", "senator", "officer", "officers", "member", "members", "person",
                "people"}
# Prepositions that complete an object frame ("accused X of Y", "described X as Y").
OBJECT_COMPLEMENT_PREPOSITIONS = {"of", "as", "for", "to"}
EDGE_PUNCT = set(",;:—–-()[]") | {"--"}
# A trailing aside: an apposition, relative clause, participle... after one of these marks.
ASIDE_DEPS = {"appos", "relcl", "acl", "advcl", "npadvmod"}
ASIDE_OPENERS = {",", "—", "–", "--", "-", "("}


@dataclass(frozen=True)
class Frame:
    """One reporting frame: its cue verb, frame name, content, and speaker mention."""

    cue: Token
    name: str
    lemma: str  # the lexicon key: the verb's lemma, with the preposition for "prep" ("call for")
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
    words = tokens(doc)
    while first <= last and _is_edge_filler(words[first], leading=True):
        first += 1
    while last >= first and _is_edge_filler(words[last], leading=False):
        last -= 1
    if first > last:
        return None
    return token_span([words[first], words[last]])


def content_span(doc: Doc, first: int, last: int) -> Optional[CharSpan]:
    """``trimmed_span`` after cutting trailing asides: an apposition, a comment clause or a
    participle set off by a comma or dash at the end of the content ("NATO, the alliance that
    ...", "..., contradicting the police account") describe, they are not what was reported."""
    last = _without_trailing_aside(doc, first, last)
    return trimmed_span(doc, first, last)


def _without_trailing_aside(doc: Doc, first: int, last: int) -> int:
    """Index of the content's last token once up to three trailing asides are cut."""
    words = tokens(doc)
    while last > first and words[last].is_punct:
        last -= 1
    for _ in range(3):
        cut = None
        for i in range(first + 1, last + 1):
            token = words[i]
            if token.dep_ not in ASIDE_DEPS or not (first <= token.head.i <= last):
                continue
            if token.right_edge.i >= last and token.left_edge.i - 1 > first \
                    and words[token.left_edge.i - 1].text in ASIDE_OPENERS \
                    and (token.dep_ != "advcl" or token.tag_ == "VBG"):
                cut = token.left_edge.i - 2
                break
        if cut is None or cut <= first:
            return last
        last = cut
    return last


def _is_edge_filler(token: Token, leading: bool) -> bool:
    if token.is_space or token.text in EDGE_PUNCT:
        return True
    if token.text in {".", "!", "?"} and not leading:
        return True
    return leading and token.dep_ == "mark" and token.lower_ == "that"


# --- speakers -------------------------------------------------------------------------------

def subject_of(verb: Token) -> Optional[Token]:
    """The grammatical subject of ``verb``, climbing through coordinated and controlled verbs
    ("stood up and said", "went on to say") that share their head's subject."""
    current = verb
    for _ in range(4):
        subjects = [child for child in children(current) if child.dep_ == "nsubj" or _is_clause_subject(child)
                    or (child.dep_ == "nsubjpass" and _is_quoted_passive(current))]
        if subjects:
            return _nearest_subject(current, subjects)
        agent = _passive_agent(current)
        if agent is not None:
            return agent
        if _describes_issued_document(current):
            current = current.head.head  # 'X issued a statement warning that': X warns
            continue
        if (current.dep_ in ("conj", "xcomp", "advcl", "pcomp") or _opening_participle(current)) \
                and current.head is not current:
            if current.dep_ == "advcl" and not current.tag_ == "VBG":
                return None  # "..., because X said" has its own subject, not the main clause's
            current = current.head
            if current.pos_ == "ADP":  # "quoted as saying": the preposition hangs off "quoted"
                current = current.head
            continue
        return _name_before(current)
    return None


FINITE_TAGS = {"VBD", "VBZ", "VBP"}
NAME_ENTITIES = {"PERSON", "ORG", "NORP", "GPE"}
# Dependencies that tie a token to a role of its own: such a name is not a stray subject.
OWN_ROLE_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "poss", "compound", "attr", "dative"}


def _name_before(verb: Token) -> Optional[Token]:
    """The name right before a finite verb the parse left without a subject: '"...," Shibly said',
    'Shibly, however, suggests', '..., France's representative, Michel Duclos, emphasized',
    'Ulfa(I) said' (the small model often makes such a name an adverb or hangs it elsewhere).
    Commas and the verb's own adverbs may stand between; the name must be a proper noun or a
    capitalised word the text uses inside a named entity elsewhere."""
    if verb.tag_ not in FINITE_TAGS and not _misread_participle(verb):
        return None
    doc, i = verb.doc, verb.i - 1
    while i >= 0 and verb.i - i <= 4 and (doc[i].text == "," or (doc[i].dep_ == "advmod" and doc[i].head.i == verb.i
                                                                and doc[i].lower_ in _ASIDE_ADVERBS)):
        i -= 1
    if i > 0 and doc[i].text == ")" and "(" in doc[i - 1].text:
        i -= 1  # 'Ulfa(I)': the tokenizer split the closing parenthesis off the name
    if i < 0 or doc[i].dep_ in OWN_ROLE_DEPS or not doc[i].is_title and not doc[i].is_upper:
        return None
    token = doc[i]
    if token.pos_ == "PROPN" or token.ent_type_ in NAME_ENTITIES or _named_elsewhere(token):
        return token
    return None


def _misread_participle(verb: Token) -> bool:
    """A past participle the parse hung on a noun though it takes a that-clause: a finite verb
    ('The We Company, announced on Sept. 30 that ...' read as 'company announced')."""
    return verb.tag_ == "VBN" and verb.dep_ == "acl" and any(c.dep_ == "ccomp" for c in children(verb))


# Adverbs set off inside an attribution ("Shibly, however, said").
_ASIDE_ADVERBS = {"however", "also", "later", "then", "too", "meanwhile", "separately", "further", "instead"}


def _named_elsewhere(token: Token) -> bool:
    """Whether the word stands inside a person's or organisation's name elsewhere in the text."""
    return any(token.text in {t.text for t in ent} for ent in token.doc.ents if ent.label_ in ("PERSON", "ORG"))


# A document whose issuer speaks through it, and the verbs that issue one.
DOCUMENT_NOUNS = {"statement", "report", "study", "communique", "release", "letter", "document", "declaration"}
ISSUING_VERBS = {"release", "issue", "publish", "present", "send", "make", "unveil", "launch", "produce", "file"}


def _describes_issued_document(verb: Token) -> bool:
    """'ACAT-France released a report alleging that ...': a participle on a document that its
    subject issued says what the issuer alleges (the subject of 'released')."""
    document = verb.head
    return (verb.dep_ == "acl" and verb.tag_ == "VBG" and document.lemma_.lower() in DOCUMENT_NOUNS
            and document.dep_ == "dobj" and document.head.lemma_.lower() in ISSUING_VERBS)


def _opening_participle(token: Token) -> bool:
    """'Stressing that X, Duclos emphasized Y': the parse makes the opening participle the clause
    subject of the main verb, but it shares the main verb's subject."""
    return token.dep_ == "csubj" and token.tag_ == "VBG" and token.i < token.head.i


def _is_clause_subject(token: Token) -> bool:
    return token.dep_ == "csubj" and not _opening_participle(token)


def _nearest_subject(verb: Token, subjects: list[Token]) -> Token:
    """Of several subjects the parse gave one verb, the one nearest to it that is not a label
    before a colon ("ISWNews Analysis Group: Ahmad Massoud ... declared ...")."""
    text = doc_text(verb.doc)

    def is_label(token: Token) -> bool:
        # The character after the subject's phrase (spaces aside) is a colon: no Token objects built.
        edge = token.right_edge
        after = edge.idx + len(edge.text)
        return text[after:after + 8].lstrip(" ")[:1] == ":"
    usable = [s for s in subjects if not is_label(s)] or subjects
    return min(usable, key=lambda s: abs(verb.i - s.i))


def _is_quoted_passive(verb: Token) -> bool:
    # "X was quoted as saying": the passive subject is the speaker. For other passives
    # ("Y was criticized") it is the target, never the speaker.
    return verb.lemma_.lower() in {"quote", "cite", "hear", "overhear"}


def _passive_agent(verb: Token) -> Optional[Token]:
    for child in children(verb):
        if child.dep_ == "agent":
            objects = [c for c in children(child) if c.dep_ == "pobj"]
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
    subject = _naming_apposition(subject) or _quantified(subject) or subject
    keep_prep = subject.lower_ in GENERIC_HEADS_KEEPING_PREP
    first = last = subject.i
    for child in children(subject):
        if child.dep_ in SPEAKER_TRIM_DEPS and not (keep_prep and child.dep_ == "prep"):
            continue
        if child.is_space:
            continue
        first, last = min(first, child.left_edge.i), max(last, child.right_edge.i)
    return trimmed_span(subject.doc, first, last)


# Heads that count people rather than name them: "42% of respondents", "a number of groups".
QUANTITY_HEADS = {"%", "percent", "number", "majority", "minority", "dozens", "hundreds", "thousands", "scores",
                  "handful", "half", "third", "quarter"}


def _quantified(subject: Token) -> Optional[Token]:
    """The people a quantity subject counts: 'Just over 42% of respondents said' is said by
    respondents, 'A number of civil society organizations ... describing' by the organisations."""
    if subject.lower_ not in QUANTITY_HEADS:
        return None
    for prep in children(subject):
        if prep.dep_ == "prep" and prep.lower_ == "of":
            objects = [c for c in children(prep) if c.dep_ == "pobj"]
            if objects and objects[0].pos_ in ("NOUN", "PROPN"):
                return objects[0]
    return None


def _naming_apposition(subject: Token) -> Optional[Token]:
    """The apposition that says who a subject is, where the subject itself does not: a name after
    a description ("WeWork's parent company, The We Company, announced", "the lawyers, Michael
    Rosser and Kevin Murray, told": the first named), or a person after a word the parse made the
    subject by mistake ("further south, near Burundi, a European diplomat told")."""
    if subject.ent_type_ or subject.pos_ == "PRON":
        return None
    for child in children(subject):
        if child.dep_ != "appos":
            continue
        if subject.pos_ == "NOUN" and child.pos_ == "PROPN" and child.ent_type_ in ("PERSON", "ORG"):
            return child
        if subject.lemma_.lower() not in PERSON_NOUNS and child.pos_ == "NOUN" and not child.ent_type_ \
                and child.lemma_.lower() in PERSON_NOUNS and subject.pos_ != "NOUN":
            return child
    return None


# --- frames ---------------------------------------------------------------------------------

def cue_span_of(verb: Token) -> CharSpan:
    """The cue's surface: the verb with its particle ("pointed out") or "according to"."""
    tokens = [verb] + [c for c in children(verb) if c.dep_ == "prt" or (verb.lower_ == "according" and c.lower_ == "to")]
    tokens.sort(key=lambda t: t.i)
    return token_span([tokens[0], tokens[-1]])


def reporting_frames(verb: Token) -> list[Frame]:
    """Every frame ``verb`` could head; the lexicon later keeps the likeliest one per cue."""
    frames = []
    for finder in (_according_frame, _colon_frame, _parenthetical_frame):
        found = finder(verb)
        if found is not None:
            frames.append(_make_frame(verb, found[0], found[1], _lemma_of(verb)))
    for finder in (_ccomp_frame, _xcomp_frame, _dobj_frame):
        bounds = finder(verb)
        content = content_span(verb.doc, bounds[1], bounds[2]) if bounds is not None else None
        if content is not None:
            frames.append(_make_frame(verb, bounds[0], content, _lemma_of(verb)))
    for preposition, content in _prep_frames(verb):
        frames.append(_make_frame(verb, "prep", content, f"{_lemma_of(verb)} {preposition}"))
    return frames


def _lemma_of(verb: Token) -> str:
    return "according" if verb.lower_ == "according" else verb.lemma_.lower()


def _make_frame(verb: Token, name: str, content: CharSpan, lemma: str) -> Frame:
    if name == "according":
        objects = [c for to in children(verb) if to.lower_ == "to" for c in children(to) if c.dep_ == "pobj"]
        speaker = objects[0] if objects else None
    else:
        speaker = subject_of(verb)
    speaker_span = speaker_span_of(speaker) if speaker is not None else None
    cue_inside = content[0] <= verb.idx < content[1]
    if speaker_span is not None and _overlaps(speaker_span, content) and not cue_inside:
        speaker_span = None  # a speaker inside the content is a misparse, never the speaker
    return Frame(verb, name, lemma, content, reporting_expression(verb), speaker, speaker_span)


def reporting_expression(verb: Token) -> CharSpan:
    """The cue's span: when the verb's phrase ends its line with a colon that introduces a
    block, all of it ("wrote in this message:"), else the verb with its particle ("pointed out")."""
    colon = _colon_after(verb) if verb.lower_ != "according" else None
    if colon is not None and colon.i > verb.i + 1 and _ends_line(colon):
        return token_span([verb, verb.doc[colon.i - 1]])
    return cue_span_of(verb)


def _ends_line(token: Token) -> bool:
    following = token.i + 1
    return following >= len(token.doc) or "\n" in token.doc[following].text


def _overlaps(a: CharSpan, b: CharSpan) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _according_frame(verb: Token) -> Optional[tuple[str, CharSpan]]:
    """"According to X, ..." / "..., according to X(, ...)": the rest of the sentence, by
    position, since the parse of "according" is unreliable (it is often made the root)."""
    if verb.lower_ != "according" or verb.i + 1 >= len(verb.doc) or verb.doc[verb.i + 1].lower_ != "to":
        return None
    first, last = sentence_bounds(verb)
    phrase_end = _phrase_end(verb.doc, verb.i + 1, last)
    if _only_filler(verb.doc, first, verb.i - 1):
        span = trimmed_span(verb.doc, phrase_end + 1, last)
    elif phrase_end < last and not _only_filler(verb.doc, phrase_end + 1, last):
        span = trimmed_span(verb.doc, first, last)  # the envelope: the source sits mid-sentence
    else:
        span = trimmed_span(verb.doc, first, verb.i - 1)
    return ("according", span) if span else None


def _phrase_end(doc: Doc, start: int, last: int) -> int:
    """Index of the last token before the next comma or dash (or of ``last``)."""
    i = start
    while i < last and doc[i + 1].text not in {",", "—", "–", "--"}:
        i += 1
    return i


def _only_filler(doc: Doc, first: int, last: int) -> bool:
    words = tokens(doc)
    return all(_is_edge_filler(words[i], leading=True) or words[i].is_punct for i in range(first, last + 1))


def sentence_bounds(token: Token) -> tuple[int, int]:
    """First and last token index of ``token``'s sentence, kept to its line."""
    start, end = sentence_bounds_of(token.doc, token.i)
    first, last = start, end - 1
    words = tokens(token.doc)
    for i in range(token.i - 1, first - 1, -1):
        if "\n" in words[i].text:
            first = i + 1
            break
    for i in range(token.i + 1, last + 1):
        if "\n" in words[i].text:
            last = i - 1
            break
    return first, last


def _parenthetical_frame(verb: Token) -> Optional[tuple[str, CharSpan]]:
    """"The deal is off, sources said." / "The deal, sources said, is off." / "'...,' said X, a
    spokesman." - the attribution is set off by commas and the content is the rest of the
    sentence around it (annotators take the envelope when the source sits mid-sentence)."""
    subjects = [c for c in children(verb) if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects or any(c.dep_ in ("ccomp", "xcomp", "dobj") and c.i > verb.i for c in children(verb)):
        return None
    doc = verb.doc
    first, last = sentence_bounds(verb)
    subject = subjects[0]
    start = min([verb.i, subject.left_edge.i] + [c.left_edge.i for c in children(verb)
                                                if c.i < verb.i and c.dep_ in ("aux", "advmod", "neg")])
    if start - 1 <= first or doc[start - 1].text not in {",", "—", "–", "--"}:
        return None
    end = _attribution_end(verb, subject)
    if end < last and not _only_filler(doc, end + 1, last) and not _speaker_goes_on(doc, end + 1, last, verb):
        span = trimmed_span(doc, first, last)
    else:
        span = trimmed_span(doc, first, start - 1)
    return ("parenthetical", span) if span else None


def _attribution_end(verb: Token, subject: Token) -> int:
    """Last token of "sources said on Friday" / "said X, a spokesman for Y, who ...": the verb with
    its subject (appositions included) and its adverbials."""
    end = max(verb.i, subject.right_edge.i)
    for child in children(verb):
        if child.i > verb.i and child.dep_ in ("prep", "npadvmod", "advmod", "agent", "prt"):
            end = max(end, child.right_edge.i)
    return end


def _speaker_goes_on(doc: Doc, first: int, last: int, verb: Token) -> bool:
    """After the attribution, ", adding that ..." or ", and called ..." continue the speaker's
    own acts: not part of the content."""
    i = first
    while i <= last and (doc[i].is_punct or doc[i].dep_ == "cc"):
        i += 1
    if i > last:
        return True
    token = doc[i]
    return (token.head is verb and token.dep_ in ("advcl", "conj", "xcomp")) or token.tag_ == "VBG"


def _colon_frame(verb: Token) -> Optional[tuple[str, CharSpan]]:
    """"X said: ..." - the content runs from the colon to the end of the line, or is the next
    paragraph when the colon ends the line."""
    colon = _colon_after(verb)
    if colon is None:
        return None
    text = doc_text(verb.doc)
    line_end = text.find("\n", colon.idx)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[colon.idx + 1:line_end]
    if rest.strip():
        start = colon.idx + 1 + (len(rest) - len(rest.lstrip()))
        return "colon", (start, start + len(rest.strip()))
    next_start = len(text) - len(text[line_end:].lstrip())
    next_end = text.find("\n", next_start)
    next_end = len(text) if next_end < 0 else next_end
    if next_start >= len(text):
        return None
    return "colon", (next_start, next_end)


def colon_indices(doc: Doc) -> list[int]:
    """Token indices of the document's colons, found once per Doc (every reporting verb looks for one)."""
    cached = doc.user_data.get(_COLONS)
    if cached is None:
        text = doc_text(doc)
        # From the ORTH array: iterating the Doc built a Token object and its text for every word.
        cached = doc.user_data[_COLONS] = (
            _indices_of(doc.to_array("ORTH").tolist(), doc.vocab.strings[":"]) if ":" in text else [])
    return cached


_COLONS = "newsdesk.colons"


def _indices_of(values: list[int], wanted: int) -> list[int]:
    return [i for i, value in enumerate(values) if value == wanted]


def _colon_after(verb: Token) -> Optional[Token]:
    """The colon that closes the verb's own phrase ("said after the defeat of the army:")."""
    doc = verb.doc
    end = verb.right_edge.i
    for child in children(verb):
        if child.dep_ in ("ccomp", "parataxis") and child.i > verb.i:
            end = child.left_edge.i - 1  # the colon sits before the complement it introduces
            break
    colons = colon_indices(doc)
    at = bisect_left(colons, verb.i + 1)
    if at == len(colons) or colons[at] >= min(len(doc), end + 2):
        return None
    between = doc[verb.i + 1:colons[at]]
    if any(t.text in {".", "!", "?", ";"} or "\n" in t.text for t in between):
        return None  # the phrase ended before the colon
    if any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass") for t in between):
        return None
    return doc[colons[at]]


def _ccomp_frame(verb: Token) -> Optional[tuple[str, int, int]]:
    complements = [c for c in children(verb) if c.dep_ == "ccomp"]
    after = [c for c in complements if c.i > verb.i]
    complements = after or complements
    if not complements:
        return None
    # "said X, and that Y": coordinated complements are one content.
    first = min(c.left_edge.i for c in complements)
    last = _through_coordinated(verb, max(c.right_edge.i for c in complements), "clause")
    return "ccomp", first, last


# Verbs that open an attribution of their own when coordinated ("X said A and Y argued B").
SPEECH_VERBS = {"say", "tell", "add", "argue", "claim", "warn", "insist", "accuse", "note", "write",
                "ask", "announce", "declare", "explain", "suggest", "respond", "reply", "state",
                "contend", "acknowledge", "deny", "maintain", "report", "tweet", "call", "urge"}


def _through_coordinated(verb: Token, last: int, shape: str) -> int:
    """Extend content ending at ``last`` over conjuncts the parse hung on the cue verb although
    they continue the content: "wants to A, B and C" (base forms, ``shape`` "VB"), "mentioned
    doing A and forcing B" (gerunds, "VBG"), "said X, but Y knows Z" (clauses with their own
    subject, "clause"). A conjunct that is itself a verb of saying starts a new attribution."""
    for child in children(verb):
        if child.dep_ != "conj" or child.i <= last or child.left_edge.i > last + 3:
            continue
        own_subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in children(child))
        if shape == "clause":
            fits = own_subject and child.lemma_.lower() not in SPEECH_VERBS
        else:
            fits = not own_subject and child.tag_ == shape and verb.tag_ != shape
        if fits:
            last = child.right_edge.i
    return last


def _xcomp_frame(verb: Token) -> Optional[tuple[str, int, int]]:
    infinitives = [c for c in children(verb) if c.dep_ == "xcomp" and c.i > verb.i
                   and any(a.dep_ == "aux" and a.lower_ == "to" for a in children(c))]
    if not infinitives:
        return None
    xcomp = infinitives[0]
    first = xcomp.left_edge.i
    for child in children(verb):  # "urged voters to ...", "called on the US to ..."
        if child.dep_ in ("dobj", "dative") and verb.i < child.i < xcomp.i:
            first = min(first, child.left_edge.i)
        if child.dep_ == "prep" and verb.i < child.i < xcomp.i:
            objects = [o for o in children(child) if o.dep_ == "pobj"]
            if objects:
                first = min(first, objects[0].left_edge.i)
    return "xcomp", first, _through_coordinated(verb, xcomp.right_edge.i, "VB")


def _dobj_frame(verb: Token) -> Optional[tuple[str, int, int]]:
    objects = [c for c in children(verb) if c.dep_ == "dobj" and c.i > verb.i]
    if not objects:
        return None
    obj = objects[0]
    last = obj.right_edge.i
    for child in children(verb):
        if child.dep_ in ("prep", "oprd") and child.i > obj.i and (child.dep_ == "oprd" or child.lower_ in OBJECT_COMPLEMENT_PREPOSITIONS):
            last = max(last, child.right_edge.i)
    return "dobj", obj.left_edge.i, _through_coordinated(verb, last, "VBG")


def noun_frames(noun: Token) -> list[Frame]:
    """Reporting nouns: "his claim that X", "criticism of X", "expressed misgivings about X".
    The lexicon key is the noun's lemma with "that" or its preposition ("concern about")."""
    frames = []
    speaker = _noun_speaker(noun)
    speaker_span = speaker_span_of(speaker) if speaker is not None else None
    name = "nounobj" if noun.dep_ == "dobj" and noun.head.pos_ in ("VERB", "AUX") else "noun"
    for child in children(noun):
        if child.i < noun.i:
            continue
        content, key = None, None
        if child.dep_ in ("acl", "ccomp", "relcl") and any(m.dep_ == "mark" and m.lower_ == "that" for m in children(child)):
            content, key = content_span(noun.doc, child.left_edge.i, child.right_edge.i), "that"
        elif child.dep_ == "prep":
            objects = [o for o in children(child) if o.dep_ in ("pobj", "pcomp")]
            if objects:
                content, key = content_span(noun.doc, objects[0].left_edge.i, child.right_edge.i), child.lower_
        if content is None:
            continue
        cue_start = noun.head if name == "nounobj" else noun
        cue_span = (cue_start.idx, child.idx + len(child.text)) if key != "that" else token_span([noun, noun])
        spk = speaker_span if speaker_span is None or not _overlaps(speaker_span, content) else None
        frames.append(Frame(noun, name, f"{noun.lemma_.lower()} {key}", content, cue_span, speaker, spk))
    return frames


def _noun_speaker(noun: Token) -> Optional[Token]:
    """Whose claim: the possessive ("his claim"), else the subject of the verb the noun is the
    object of ("X expressed concern about"), else no one."""
    for child in children(noun):
        if child.dep_ == "poss":
            return child
    if noun.dep_ == "dobj" and noun.head.pos_ in ("VERB", "AUX"):
        return subject_of(noun.head)
    return None


def _prep_frames(verb: Token) -> list[tuple[str, CharSpan]]:
    """("for", content) for each prepositional object after the verb ("called for X",
    "warned of X"); the lexicon knows which verb-preposition pairs report something."""
    found = []
    for child in children(verb):
        if child.dep_ == "prep" and child.i > verb.i:
            objects = [o for o in children(child) if o.dep_ in ("pobj", "pcomp")]
            if objects:
                span = content_span(verb.doc, objects[0].left_edge.i, child.right_edge.i)
                if span:
                    found.append((child.lower_, span))
    return found
