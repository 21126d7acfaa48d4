"""Speakers: link each quote's speaker mention to an actor id, and 'I' inside a voice to its speaker.

A quote's ``speaker_span`` is what the text says (a name, "a source", "he"); this stage turns
it into an actor id:
- a name resolves to the actor that has the mention;
- "I"/"me" in a quote nested in a statement is the statement's speaker;
- "he"/"she"/"they" resolve to their antecedent only when one candidate is clear;
- a description ("a senior official") becomes an actor of its own, so the attribution is kept.
First-person pronouns inside a quote or statement become mentions of its speaker, except inside
a quote nested in it, which belongs to its own speaker.
"""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc

from ...nlp import children, doc_text, first_token_at, sentence_bounds_of
from ...model import Quote
from ..actors.index import FIRST_PERSON, THIRD_PERSON, ActorIndex
from .frames import PERSON_NOUNS

Span = tuple[int, int]
REPORTING_LEMMAS = {
    "write", "say", "declare", "state", "announce", "add", "tell", "tweet", "post", "publish", "issue",
    "release", "continue", "warn", "urge", "appeal", "call", "explain", "claim", "insist", "note", "read",
}


def statement_speaker_span(doc: Doc, intro: Optional[Span]) -> Optional[Span]:
    """The subject of the reporting verb in a statement's introducing clause."""
    if intro is None:
        return None
    clause = doc.char_span(intro[0], intro[1], alignment_mode="expand")
    if clause is None:
        return None
    for token in clause:
        if token.lemma_.lower() in REPORTING_LEMMAS and token.pos_ in ("VERB", "AUX"):
            subjects = [c for c in children(token) if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                return _name_span(subjects[0])
    proper = [t for t in clause if t.pos_ == "PROPN"]
    return _name_span(proper[0]) if proper else None


def _name_span(token) -> Span:
    """The named entity around a token, else its compound-name run."""
    if token.ent_type_:
        ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
        if ent is not None:
            return (ent.start_char, ent.end_char)
    left = token
    while left.i > 0 and token.doc[left.i - 1].dep_ == "compound" and token.doc[left.i - 1].head.i == token.i:
        left = token.doc[left.i - 1]
    return (left.idx, token.idx + len(token.text))


def link_quote_speakers(doc: Doc, quotes: list[Quote], actors: ActorIndex, describe: bool = True) -> list[Quote]:
    """Fill ``speaker`` of every quote and attach first-person mentions to the speakers.

    Without ``describe``, a speaker the text only describes gets no actor record of its own
    (for attributions that are not quotes: their sources are not actors of the story)."""
    containers = sorted(quotes, key=lambda q: q.end - q.start, reverse=True)
    for quote in quotes:
        if quote.speaker is None and quote.speaker_span is not None:
            quote.speaker = _speaker_of(doc, quote, actors, containers, describe)
    for quote in quotes:
        if quote.speaker and quote.kind in ("block", "direct"):
            for region in _regions_outside(quote, quotes):
                actors.attach_first_person(quote.speaker, region)
    return quotes


def _speaker_of(doc: Doc, quote: Quote, actors: ActorIndex, containers: list[Quote],
                describe: bool = True) -> Optional[str]:
    start, end = _without_marks(actors.text, quote.speaker_span)
    word = actors.text[start:end].lower()
    if word in FIRST_PERSON or word in ("we", "us", "our"):
        outer = next((q for q in containers if q is not quote and q.start <= start < q.end and q.speaker), None)
        return outer.speaker if outer and word in FIRST_PERSON else None
    if word in THIRD_PERSON:
        pronoun = _chained_pronoun(doc, (start, end), min(start, quote.start))
        if word == "it":
            earlier = _previous_source(doc, min(pronoun[0], quote.start), containers)
            if earlier:
                return earlier
        return actors.resolve_speaker_pronoun(pronoun, (quote.start, quote.end) if pronoun == (start, end) else None)
    found = (actors.actor_at((start, end)) or actors.actor_named(actors.text[start:end])
             or actors.actor_with_role(actors.text[start:end].strip(), (start, end), (quote.start, quote.end)))
    if found:
        actors.add_mention(found, (start, end))
        _speaking_place_is_a_body(actors, found)
        return found
    if not describe:
        return None
    return _describe_speaker(doc, (start, end), actors) or _earlier_issuer(actors.text, quote, containers)


def _without_marks(text: str, span: Span) -> Span:
    """The span without quotation marks the parse glued to it ('"It noted')."""
    start, end = span
    while start < end and text[start] in _MARKS:
        start += 1
    while end > start and text[end - 1] in _MARKS:
        end -= 1
    return (start, end) if start < end else span


_MARKS = "\"'“”‘’«»"


def _chained_pronoun(doc: Doc, span: Span, before: int, depth: int = 3) -> Span:
    """The pronoun a speaker pronoun continues: news writing keeps one subject across sentences
    ('Ambassador Godard said ... However, he responded that Castro ... "...," he said.'), so when
    the main clause of the sentence just before the quote has the same pronoun as its subject,
    the speaker is that pronoun's antecedent, not the nearest name (Castro), which the salience
    rule alone would pick. Followed back up to ``depth`` sentences; the last pronoun's span."""
    word = doc_text(doc)[span[0]:span[1]].lower()
    token = _token_before(doc, before)
    while depth and token is not None:
        first, last = sentence_bounds_of(doc, token.i)
        sentence = doc[first:last]
        subject = next((c for c in children(sentence.root) if c.dep_ == "nsubj"), None)
        if subject is None or subject.lower_ not in _SAME_PRONOUN.get(word, {word}):
            break
        span, depth = (subject.idx, subject.idx + len(subject.text)), depth - 1
        token = _token_before(doc, doc[first].idx)
    return span


def _previous_source(doc: Doc, before: int, quotes: list[Quote]) -> Optional[str]:
    """'"...," the statement received by AFP said. It called ... and denounced "..."': 'it'
    continues the main-clause subject of the sentence before, and where that subject named the
    source of a quote (a statement, a report, a body), 'it' speaks for the same speaker, not for
    the nearest organisation (AFP)."""
    token = _token_before(doc, before)
    if token is None:
        return None
    first, last = sentence_bounds_of(doc, token.i)
    subject = next((c for c in children(doc[first:last].root) if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON":
        return None
    source = next((q for q in quotes if q.speaker and q.speaker_span
                   and q.speaker_span[0] <= subject.idx < q.speaker_span[1]), None)
    return source.speaker if source else None


# Subject forms of one pronoun ('his' and 'him' name the speaker only as 'he' would).
_SAME_PRONOUN = {"he": {"he"}, "she": {"she"}, "they": {"they"}, "it": {"it"}}


def _token_before(doc: Doc, offset: int):
    """The last non-space token that starts before ``offset``, or None."""
    i = first_token_at(doc, offset) - 1
    while i >= 0 and (doc[i].is_space or doc[i].text in _MARKS):
        i -= 1
    return doc[i] if i >= 0 else None


def _earlier_issuer(text: str, quote: Quote, quotes: list[Quote]) -> Optional[str]:
    """'The UN mission said on Saturday that ... "...," the statement said.': a document named
    with 'the' and no issuer of its own is the one the text has just reported, so its speaker is
    the speaker of the nearest quote before it (at most two sentences back)."""
    words = text[quote.speaker_span[0]:quote.speaker_span[1]].lower().split()
    if len(words) < 2 or words[0] != "the" or words[-1] not in DOCUMENT_NOUNS:
        return None
    if (quote.cue or "").lower().split()[-1:] and (quote.cue or "").lower().split()[-1] in DOCUMENT_NOUNS:
        return None  # 'The statement followed a statement from Kinshasa that ...': a second document
    before = [q for q in quotes if q.speaker and q.end <= quote.start and quote.start - q.end < _NEARBY_CHARS]
    return max(before, key=lambda q: q.end).speaker if before else None


# How far back 'the statement' looks for the quote it names (about two sentences of news prose).
_NEARBY_CHARS = 300


def _describe_speaker(doc: Doc, span: Span, actors: ActorIndex) -> Optional[str]:
    """A speaker named by description ('a senior official') becomes an actor of its own."""
    text = _without_relative_clause(actors.text[span[0]:span[1]].strip())
    if not text or len(text.split()) > 8:
        return None
    if text.lower().startswith("the same "):
        # 'the same source' is the source described before: the same actor record.
        text = text[len("the same "):]
        earlier = [a for a in actors.actors() if a.name.lower().split()[-1:] == text.lower().split()[-1:]]
        if len(earlier) == 1:
            actors.add_mention(earlier[0].id, span)
            return earlier[0].id
    span = (span[0], span[0] + len(text))
    if not _describes_someone(text):
        return _issuer(doc, span, actors)
    return actors.add_actor(text, _described_type(text), span)


def _speaking_place_is_a_body(actors: ActorIndex, actor_id: str) -> None:
    """A name the model tagged as a place that speaks ('Bloomberg reported', 'Chicago said') is
    a body speaking (an outlet, a city's government): an organisation, not 'other'."""
    draft = actors.draft(actor_id)
    if draft is not None and draft.type == "other" and draft.key.startswith("place:"):
        draft.type = "organization"


def _described_type(text: str) -> str:
    """The type of a described speaker by its head noun, the word before its first preposition
    ('a source close to the presidency' → source): one person, people (a group), a body."""
    words = [w.strip(".,;:\"'()").lower() for w in text.split()]
    cut = next((i for i, w in enumerate(words) if i and w in _HEAD_ENDERS), len(words))
    head = words[cut - 1] if cut else words[-1]
    if head in ORGANISATION_HEADS:
        return "organization"
    if head == "people":
        return "group"
    if head in PERSON_NOUNS or head.rstrip("s") in PERSON_NOUNS:
        return "group" if head.endswith("s") and head not in ("witness",) else "person"
    if head.endswith("s") and head[:-1] in GROUP_SINGULARS:
        return "group"
    if _proper_name(text):
        # 'according to Infodefensa', 'Bloomberg reported': a name the model did not tag. A
        # person would have been named in full first; a body is named so: an organisation.
        return "organization"
    return "other"


def _proper_name(text: str) -> bool:
    """Capitalised words only, no determiner and no person noun: 'Infodefensa', 'Animal Politico'."""
    words = text.split()
    return (1 <= len(words) <= 4 and all(w[:1].isupper() for w in words)
            and words[0].lower() not in ("the", "a", "an") and not any(w.lower() in PERSON_NOUNS for w in words))


_HEAD_ENDERS = {"of", "in", "from", "for", "close", "at", "to", "with", "on", "who", "that"}
ORGANISATION_HEADS = {"police", "government", "ministry", "army", "military", "authorities", "court", "council",
                      "committee", "media", "office", "agency", "department", "administration", "commission"}
GROUP_SINGULARS = {"critic", "protester", "supporter", "villager", "student", "worker", "activist", "survivor",
                   "victim", "relative", "refugee", "migrant", "farmer", "voter", "citizen", "local", "doctor",
                   "member", "leader", "lawyer", "investigator", "observer", "participant", "respondent", "fan"}


# Heads of a subject that is a document, a number or a thing, not a source: "the report said",
# "a statement said", "just over 42% said" name no speaker an analyst would list as an actor.
NOT_SOURCES = {"statement", "report", "study", "survey", "poll", "data", "figures", "number", "document",
               "letter", "communique", "release", "conditions", "it", "this", "that", "which", "what",
               "photo", "photos", "image", "video", "file", "picture", "caption", "credit"}


# Documents whose issuer is the speaker an analyst records ("the report said" → who wrote it).
DOCUMENT_NOUNS = {"statement", "report", "study", "communique", "release", "letter", "document"}
# Verbs whose subject issued the document they take as object ("ACAT-France released a report").
ISSUING_VERBS = {"release", "issue", "publish", "present", "send", "make", "unveil", "launch", "produce", "say"}


def _issuer(doc: Doc, span: Span, actors: ActorIndex) -> Optional[str]:
    """Who issued the document a speaker names ('the report', 'a police statement'): in the
    nearest mention of that document noun at or before the speaker, its possessor ("MONUC's
    statement"), its modifier ("a police statement"), its "by/from X", or the subject of the
    verb that issued it ("ACAT-France released a report", "X said in a statement"). None when
    the text does not say."""
    described = doc.char_span(span[0], span[1], alignment_mode="expand")
    if described is None or not len(described):
        return None
    noun = described.root.lemma_.lower()
    if noun not in DOCUMENT_NOUNS:
        return None
    for token in reversed(doc[:described.root.i + 1]):
        if token.lemma_.lower() != noun or token.pos_ != "NOUN":
            continue
        for candidate in _issuer_tokens(token):
            found = actors.actor_at(_name_span(candidate))
            if found:
                return found
    return _body_issuer(described.root, actors)


def _body_issuer(noun, actors: ActorIndex) -> Optional[str]:
    """'according to a police statement', 'an army report said': the body that the document's
    modifier names speaks, as a described organisation when the text names it no further."""
    for child in children(noun):
        if child.dep_ in ("compound", "amod") and child.lower_ in ORGANISATION_HEADS:
            span = (child.idx, child.idx + len(child.text))
            return actors.actor_at(span) or actors.add_actor(child.lower_, "organization", span)
    return None


def _issuer_tokens(noun) -> list:
    found = [c for c in children(noun) if c.dep_ in ("poss", "compound") and c.pos_ in ("PROPN", "NOUN")]
    for prep in children(noun):
        if prep.dep_ == "prep" and prep.lower_ in ("by", "from", "of"):
            found += [o for o in children(prep) if o.dep_ == "pobj"]
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "in":
        head = head.head  # 'X said in a statement'
    elif not (noun.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in ISSUING_VERBS):
        head = None
    if head is not None:
        found += [c for c in children(head) if c.dep_ == "nsubj"]
    return found


def _describes_someone(text: str) -> bool:
    words = [w.strip(".,;:\"'“”‘’()").lower() for w in text.split()]
    words = [w for w in words if w]
    if not words or any(any(ch.isdigit() for ch in w) or w.endswith("%") for w in words):
        return False
    head = next((w for w in reversed(words) if w not in ("of", "the", "a", "an")), words[-1])
    cut = words.index("of") if "of" in words else len(words)
    head = words[cut - 1] if cut > 0 else head
    if len(words) == 1 and words[0] in QUANTIFIERS:
        return False  # 'Some said ...': no one in particular
    return head not in NOT_SOURCES and words[0] not in ("further", "just")


QUANTIFIERS = {"some", "many", "others", "most", "all", "several", "few", "both", "one", "none", "each"}


def _without_relative_clause(text: str) -> str:
    """'the director of the unit that treats drug mules' → 'the director of the unit': the
    description's head, without the clause that describes it further."""
    words = text.split()
    for i, word in enumerate(words[1:], start=1):
        if word.lower() in ("that", "who", "which", "whose") or word.endswith(","):
            return " ".join(words[:i + (1 if word.endswith(",") and word.lower() not in ("that,",) else 0)]).rstrip(",")
    return text


def _regions_outside(quote: Quote, quotes: list[Quote]) -> list[Span]:
    """The quote's span minus the quotes nested in it."""
    regions = [(quote.start, quote.end)]
    for other in quotes:
        if other is quote or not (quote.start <= other.start and other.end <= quote.end):
            continue
        if (other.start, other.end) == (quote.start, quote.end):
            continue
        next_regions = []
        for s, e in regions:
            if other.end <= s or other.start >= e:
                next_regions.append((s, e))
                continue
            if s < other.start:
                next_regions.append((s, other.start))
            if other.end < e:
                next_regions.append((other.end, e))
        regions = next_regions
    return regions
