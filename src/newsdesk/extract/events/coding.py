"""PLOVER 2.0 events, coded per clause: type, mode, actor, recipient, place, date, modality.

How an event is found, in order:
1. triggers (``lexicon``, word lists in ``knowledge/data/events_triggers.yaml``): a verb
   with its particle or object noun ("call on", "impose a curfew", "take up arms"), a light verb
   with an event noun ("launched an attack"), a verb ("withdrew"), or an event noun ("airstrike",
   "the withdrawal of …");
2. frames and modality (``drafts``, ``modality``): promises, refusals, demands,
   threats, futures, obligations and imperatives are events of their own, and what they govern is
   hypothetical; negation, conditions and questions are marked;
3. roles (``roles``): actor and recipient from the dependency parse, mapped to actor ids
   through the actors' mention offsets;
4. type: where a trigger has several senses, and for how sure the coder is, a linear sentence
   classifier (``knowledge/data/events.npz``, trained by ``scripts/train_events.py`` on the NGEC
   synthetic stories) scores the 16 types; a sentence with no trigger gets an event only when the
   classifier is very sure (``drafts.FALLBACK_MIN``);
5. place and date: the place mentioned in the clause (else the sentence), preferring one after a
   locative preposition, never the actor or recipient itself; the time expression in the clause
   (else the sentence), never today.

``primary_event`` is the document's most confident event (what ``newsdesk eval events`` scores).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator, Mapping, Optional, Sequence

from spacy.tokens import Doc, Token

from ...analysis.linear import LinearModel, word_ngrams, word_tokens
from ...knowledge import DATA_DIR
from ...model import Actor, Event, Place, Quote, Segment
from ...nlp import children, doc_text, sentence_of, sentences
from . import modality
from .drafts import CLASSIFIER, DERIVED, FRAME, IMPERATIVE, Draft, sentence_drafts
from .lexicon import LIGHT_NOUN, NOUN, PHRASAL, PLOVER_TYPES, VERB, VERB_OBJECT, lemma
from . import calibrate
from .calibrate import calibrated
from .dedup import dedupe
from .eventness import draft_keys, event_probability
from .roles import ActorResolver, is_actorlike

Span = tuple[int, int]
MODEL_FILE = "events.npz"

# How much a kind of trigger says about the type by itself (0..1), before the classifier.
KIND_WEIGHT = {PHRASAL: 1.0, VERB_OBJECT: 1.0, LIGHT_NOUN: 0.9, FRAME: 0.9, DERIVED: 0.85, VERB: 0.8,
               IMPERATIVE: 0.7, NOUN: 0.7, CLASSIFIER: 0.0}
# Weight of the classifier's probability against the trigger's (tuned on dev; docs/EVALUATION.md).
CLASSIFIER_WEIGHT = 0.5
# Confidence factors: an event that did not (or not yet) happen, or that is told in a subordinate
# clause, is less likely to be what the text reports.
HYPOTHETICAL_FACTOR = 0.6
NEGATED_FACTOR = 0.5
EMBEDDED_FACTOR = 0.7
EMBEDDED_DEPS = frozenset({"relcl", "acl", "advcl", "pcomp", "csubj"})
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout", "around", "into",
                            "within", "along"})
# Types whose recipient, where it is a place, is the site ("bombed Afrin", "raided Ciudad Juarez").
SITE_TYPES = frozenset({"ASSAULT", "COERCE"})
# Where someone or something comes from is no place where the event happened ("activists from New
# York protested in Philadelphia", "bused down from New York"): never the event's place.
ORIGIN_PREPS = frozenset({"from"})


# --- the classifier ------------------------------------------------------------------------------

def sentence_keys(text: str) -> list[str]:
    """Feature keys of a sentence for the type classifier: word 1-2-grams."""
    return list(word_ngrams(word_tokens(text), 2))


@lru_cache(maxsize=1)
def _model() -> Optional[LinearModel]:
    path = DATA_DIR / MODEL_FILE
    return LinearModel.load(path) if path.exists() else None


def type_probabilities(text: str) -> dict[str, float]:
    """P(type | sentence) from the classifier; uniform when the model file is absent."""
    model = _model()
    if model is None:
        return {t: 1.0 / len(PLOVER_TYPES) for t in PLOVER_TYPES}
    probs = model.probabilities(sentence_keys(text))
    return {label: float(p) for label, p in zip(model.labels, probs)}


class LazyProbabilities(Mapping):
    """``type_probabilities(text)``, computed on first use.

    Why: the classifier only chooses between the senses of a trigger and adds to the confidence;
    most sentences hold no trigger and never ask (it was half of this stage's time when run on
    every sentence).
    """

    def __init__(self, text: str):
        self._text = text
        self._probs: Optional[dict[str, float]] = None

    def _table(self) -> dict[str, float]:
        if self._probs is None:
            self._probs = type_probabilities(self._text)
        return self._probs

    def __getitem__(self, key: str) -> float:
        return self._table()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


# --- from drafts to events -----------------------------------------------------------------------

def confidence(draft: Draft) -> float:
    """0..1: the trigger's weight and the classifier's probability, lowered for what did not
    happen and for events told in a subordinate clause."""
    value = (KIND_WEIGHT[draft.kind] + CLASSIFIER_WEIGHT * draft.probability) / (1.0 + CLASSIFIER_WEIGHT)
    if draft.hypothetical:
        value *= HYPOTHETICAL_FACTOR
    if draft.negated:
        value *= NEGATED_FACTOR
    if draft.token.dep_ in EMBEDDED_DEPS or (draft.kind == NOUN and draft.token.dep_ == "pobj"):
        value *= EMBEDDED_FACTOR
    return round(min(1.0, value), 4)


def clause_span(token: Token, extra: Iterable[Token] = ()) -> Span:
    """The clause that states an event: the clause verb's subtree without the clauses coordinated
    with it or subordinate to it, widened to the role fillers (within the sentence)."""
    head = modality.clause_head(token)
    skip: set[int] = set()
    for child in children(head):
        if child.dep_ in ("ccomp", "advcl", "parataxis") or (child.dep_ == "conj" and child.pos_ in ("VERB", "AUX")):
            if child != token and token not in child.subtree:
                skip.update(t.i for t in child.subtree)
    sent = sentence_of(token)
    tokens = [t for t in head.subtree if t.i not in skip and not t.is_space]
    tokens += [t for t in extra if t is not None]
    tokens = [t for t in tokens if sent.start <= t.i < sent.end] or [token]
    doc = token.doc
    first, last = min(tokens, key=lambda t: t.i), max(tokens, key=lambda t: t.i)
    while first.i < last.i and (first.is_punct or first.is_space or first.dep_ in ("cc", "mark")):
        first = doc[first.i + 1]
    while last.i > first.i and (last.is_punct or last.is_space):
        last = doc[last.i - 1]
    return first.idx, last.idx + len(last.text)


class PlaceIndex:
    """Place mentions by offset, to find the place of a clause."""

    def __init__(self, places: Sequence[Place]):
        self.mentions = sorted((s, e, p.id) for p in places for s, e in p.mentions)

    def place_in(self, doc: Doc, span: Span, avoid: Sequence[Optional[Span]], locative_only: bool = False
                 ) -> Optional[str]:
        """A place mentioned in ``span``, not as the actor or recipient; after a locative
        preposition ("in Kirkuk") first (only there with ``locative_only``)."""
        inside = [(s, e, pid) for s, e, pid in self.mentions if span[0] <= s and e <= span[1]
                  and not any(a and s < a[1] and a[0] < e for a in avoid) and not _demonym(doc, s)
                  and not _after_preposition(doc, s, ORIGIN_PREPS)
                  and (not locative_only or _after_locative(doc, s))]
        if not inside:
            return None
        return min(inside, key=lambda m: (not _after_locative(doc, m[0]), m[0]))[2]


    def site(self, span: Span) -> Optional[str]:
        """The place the whole of ``span`` names: its last word is the place ("Kobani", "the town of
        Afrin"), not a modifier of someone ("a United States official")."""
        return next((pid for s, e, pid in self.mentions if span[0] <= s and e == span[1]), None)


def _demonym(doc: Doc, offset: int) -> bool:
    """"French media", "We Afghans": a people or an adjective names no place where it happened."""
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span is not None and (span[0].pos_ == "ADJ" or span[0].ent_type_ == "NORP")


def _after_locative(doc: Doc, offset: int) -> bool:
    return _after_preposition(doc, offset, LOCATIVE_PREPS)


def _after_preposition(doc: Doc, offset: int, preps: frozenset[str]) -> bool:
    """The mention at ``offset`` is the object of one of ``preps`` ("in Kirkuk", "from New York")."""
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is None:
        return False
    token = span[0]
    while token.dep_ in ("compound", "amod", "det", "nmod") and token.head != token:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in preps


def _date_in(dates: Sequence, span: Span, near: int, floor: int = 0) -> Optional[str]:
    """The resolved time expression inside ``span`` nearest to ``near``."""
    inside = [d for d in dates if span[0] <= d.start and d.end <= span[1] and getattr(d, "value", None)
              and not (d.value[:4].isdigit() and int(d.value[:4]) < floor)]
    return min(inside, key=lambda d: abs(d.start - near)).value if inside else None


def _eventness(draft: Draft, keys: list[str]) -> float:
    """P(the draft is a real event) (``eventness``); a seam the training script hooks into."""
    return event_probability(keys)


def earliest_year(dates: Sequence) -> int:
    """A century before the latest date of the document: an earlier date is no date of what it
    reports happening (a stock index "retreating" is not an event of 1750)."""
    years = [int(d.value[:4]) for d in dates if getattr(d, "value", None) and d.value[:4].isdigit()]
    return max(years) - 100 if years else 0


def _a_thing(token: Optional[Token], actor_id: Optional[str]) -> bool:
    """The filler is a thing or an abstraction, not a party that can act or be acted on: a common
    noun that names no actor of the document and no kind of people ("the budget promises",
    "targeted by hate", "a buffer between …", "progress is made in talks")."""
    # Lower case only: a capitalised "noun" is a name the tagger missed ("Trump blamed …" as NN).
    return token is not None and actor_id is None and token.pos_ == "NOUN" and token.is_lower and not is_actorlike(token) \
        and token.ent_type_ not in ("PERSON", "ORG", "NORP", "GPE") and not lemma(token).endswith(AGENT_SUFFIXES) \
        and not any(c.dep_ in ("compound", "poss", "amod") and (c.pos_ == "PROPN" or c.ent_type_) for c in children(token))


# "the UN mission", "Russia's envoy": a noun a name qualifies is a body of that name, no thing.


# Types whose verb is done with or to someone: with a thing as its object the verb is used in
# another sense ("met the deadline"; ACCUSE of a product only, "charge an iPhone": one blames
# policies). Not REQUEST: one demands elections, urges restraint (PLOVER GSR).
ADDRESSED_TYPES = frozenset({"ACCUSE", "CONSULT"})
# Nouns for who does something are people even where the people list lacks them ("critics",
# "traffickers", "jihadists", "coastguards", "detectives").
AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ee", "ive", "ic", "ard", "ant", "ent")


def _said_to_a_thing(verb: Token, resolver: ActorResolver, triggers: frozenset[int], type_: str) -> bool:
    """The verb's direct object is a thing: a product's name, or (meeting only: one accuses or
    blames policies and restrictions) a lower-case noun for no one that is no event and no
    partner "with" someone ("discussed the plan with Iran" is a consultation)."""
    objects = [c for c in children(verb) if c.dep_ == "dobj"]
    if any(c.dep_ == "prep" and c.lower_ == "with" and any(is_actorlike(o) for o in children(c)) for c in children(verb)):
        return False

    def thing(o: Token) -> bool:
        if resolver.resolve(o)[0] is not None:
            return False
        if o.pos_ == "PROPN":
            return o.ent_type_ in ("", "PRODUCT", "WORK_OF_ART")
        return type_ != "ACCUSE" and o.i not in triggers and _a_thing(o, None)

    return bool(objects) and all(thing(o) for o in objects)


def _no_party(draft: Draft, resolver: ActorResolver, triggers: frozenset[int] = frozenset()) -> bool:
    """A thing does the deed and nobody undergoes it: no political event (a sense check on the
    trigger's arguments; an event with no roles at all is left to eventness)."""
    someone = draft.recipient is not None and (resolver.resolve(draft.recipient)[0] is not None or (
        is_actorlike(draft.recipient) and (draft.recipient.pos_ != "PROPN"
                                           or draft.recipient.ent_type_ not in ("", "PRODUCT", "WORK_OF_ART"))))
    if draft.type in ADDRESSED_TYPES and draft.kind in (VERB, FRAME) and not someone and _said_to_a_thing(draft.token, resolver, triggers, draft.type):
        return True  # "charge an iPhone", "called the meeting", "met the deadline": another sense
    if draft.actor is None or not _a_thing(draft.actor, resolver.resolve(draft.actor)[0]):
        return False
    return draft.recipient is None or _a_thing(draft.recipient, resolver.resolve(draft.recipient)[0])


def _event(draft: Draft, doc: Doc, resolver: ActorResolver, places: PlaceIndex, dates: Sequence,
           title_end: int = 0, n_drafts: int = 1) -> Event:
    actor_id, actor_name, actor_span = resolver.resolve(draft.actor)
    if draft.kind == IMPERATIVE and actor_id is None:
        actor_id = resolver.speaker_at(draft.token.idx)
        actor_name = resolver.names.get(actor_id) if actor_id else actor_name
    recipient_id, recipient_name, recipient_span = resolver.resolve(draft.recipient)
    if (recipient_id is not None and recipient_id == actor_id) or (recipient_span and recipient_span == actor_span):
        recipient_id, recipient_name, recipient_span = None, None, None  # "blew themselves up"
    fillers = [t for t in (draft.actor, draft.recipient) if t is not None]
    start, end = clause_span(draft.token, [*draft.extra, *fillers])
    sent = sentence_of(draft.token)
    sentence = (sent.start_char, sent.end_char)
    avoid = [actor_span, recipient_span]
    # The clause's own "in/at X" first; else the town struck or raided is where it happened
    # ("Turkey shelled Kobani": Kobani, never the actor's country); else a place in the clause.
    site = places.site(recipient_span) if recipient_span and draft.type in SITE_TYPES else None
    place = places.place_in(doc, (start, end), avoid, locative_only=True) or site or \
        places.place_in(doc, (start, end), avoid) or places.place_in(doc, sentence, avoid)
    near = draft.token.idx
    floor = earliest_year(dates) if dates else 0
    date = _date_in(dates, (start, end), near, floor) or _date_in(dates, sentence, near, floor)
    trigger_tokens = [draft.token] + (draft.extra[:1] if draft.kind in (VERB_OBJECT, LIGHT_NOUN) else [])
    trigger = (min(t.idx for t in trigger_tokens), max(t.idx + len(t.text) for t in trigger_tokens))
    keys = draft_keys(draft, actor_id, recipient_id, sent.start_char < title_end, n_drafts)
    p_event = _eventness(draft, keys)
    type_score = confidence(draft)
    event = Event(type=draft.type, actor=actor_id, recipient=recipient_id, place=place, date=date, start=start,
                 end=end, negated=draft.negated, hypothetical=draft.hypothetical, mode=draft.mode, trigger=trigger,
                 actor_name=actor_name, actor_span=actor_span, recipient_name=recipient_name,
                 recipient_span=recipient_span, confidence=calibrated(p_event, type_score))
    event._type_score = type_score
    event._anaphoric = is_anaphoric(draft)
    return event


# "the" only: realnews gold codes "magnified these protests" as an event of its own.
DEFINITE = frozenset({"the"})


def is_anaphoric(draft: Draft) -> bool:
    """"The attacks are mostly claimed by jihadists", "The seizure was the result of …": a definite
    event noun may point back at an event told before (``dedup.retold`` folds it in where one is)."""
    token = draft.token
    if draft.kind != NOUN or not any(c.dep_ == "det" and c.lower_ in DEFINITE for c in children(token)):
        return False
    # "the pro-reform protests that began in Tiananmen Square": a noun its own words describe
    # introduces its event.
    return not any(c.dep_ in SELF_DESCRIBING for c in children(token))


SELF_DESCRIBING = frozenset({"relcl", "acl", "amod", "compound", "nmod", "poss", "appos"})


def find_events(doc: Doc, actors: Sequence[Actor], places: Sequence[Place], dates: Sequence = (),
                segments: Sequence[Segment] = (), quotes: Sequence[Quote] = (),
                min_confidence: Optional[float] = None) -> list[Event]:
    """The PLOVER events of a document, in text order, one per incident, those at
    ``min_confidence`` or above (default ``calibrate.MIN_CONFIDENCE``, read at call time; 0
    keeps every reading).

    ``dates`` are time expressions (any objects with ``start``, ``end`` and ``value``); an event
    takes the one in its clause, else in its sentence, else none.
    """
    resolver = ActorResolver(doc_text(doc), actors, segments, quotes)
    place_index = PlaceIndex(places)
    events = []
    text = doc_text(doc)
    end = title_end(text)
    bounds = []
    for sent in sentences(doc):
        bounds.append((sent.start_char, sent.end_char))
        sentence = text[sent.start_char:sent.end_char]
        if not sentence.strip():
            continue
        drafts = sentence_drafts(sent, LazyProbabilities(sentence), resolver.in_voice)
        triggers = frozenset(d.token.i for d in drafts) | frozenset(t.i for d in drafts for t in d.extra)
        for draft in drafts:
            if _no_party(draft, resolver, triggers):
                continue
            events.append(_event(draft, doc, resolver, place_index, dates, end, len(drafts)))
    floor = calibrate.MIN_CONFIDENCE if min_confidence is None else min_confidence
    events = [e for e in events if (e.confidence or 0.0) >= floor]
    return dedupe(events, text, end, bounds)


def title_end(text: str) -> int:
    """Where a headline ends: a first line with no final stop, followed by a blank line (0 if none)."""
    first = text.find("\n")
    if first <= 0 or first > 300 or text[:first].rstrip().endswith((".", "?", "!", ":")):
        return 0
    return first


def primary_event(events: Sequence[Event]) -> Optional[Event]:
    """The document's event that is not negated with the surest type (the first on ties), else None."""
    candidates = [e for e in events if not e.negated] or list(events)
    # A snippet is known to report an event: which one is the coder's type score's call.
    return max(candidates, key=lambda e: e._type_score or e.confidence or 0.0) if candidates else None


__all__ = ["find_events", "primary_event", "type_probabilities", "sentence_keys", "PLOVER_TYPES"]
