"""The PLOVER trigger lexicon (``knowledge/data/events_triggers.yaml``) and its lookups on the parse.

A *sense* is a PLOVER type with an optional mode. A trigger word may have several senses
("strike": ASSAULT or PROTEST/strike); the first is the default and the sentence classifier
chooses among them (``coding``). Lookups go from the most specific to the least: a verb with its
particle or object noun ("call on", "impose curfew") before the verb alone, so that "call" in
"call on" is a request while "call" alone is nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

from spacy.tokens import Span as SpacySpan, Token

from ...knowledge import load_data
from ...nlp import children, lower_lemma, span_tokens

TRIGGERS_FILE = "events_triggers.yaml"

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")

# Where a trigger has several senses, the default (first) one is preferred by this much probability.
FIRST_SENSE_BONUS = 0.15
# Trigger kinds, from the most specific match to the least (see ``Trigger.kind``).
PHRASAL, VERB_OBJECT, LIGHT_NOUN, VERB, NOUN = "phrasal", "verb_object", "light_noun", "verb", "noun"


@dataclass(frozen=True)
class Sense:
    """One reading of a trigger: a PLOVER type and, where the lexicon says, a mode."""

    type: str
    mode: Optional[str] = None


@dataclass(frozen=True)
class Lexicon:
    """The lexicon's sections, keyed by lemma (or "lemma lemma" for pairs)."""

    verbs: dict[str, tuple[Sense, ...]]
    phrasal: dict[str, tuple[Sense, ...]]
    verb_objects: dict[str, tuple[Sense, ...]]
    nouns: dict[str, tuple[Sense, ...]]
    adjectives: dict[str, str]
    frames: dict[str, str]  # verb lemma -> frame kind
    request_that: frozenset[str]  # request verbs that also ask with a "that" clause
    reporting: frozenset[str]
    light_verbs: frozenset[str]


def _senses(value) -> tuple[Sense, ...]:
    """``"TYPE/mode"``, a list of them, or null (the word is explicitly no trigger by itself)."""
    if value is None:
        return ()
    values = value if isinstance(value, list) else [value]
    senses = []
    for item in values:
        kind, _, mode = str(item).partition("/")
        if kind not in PLOVER_TYPES:
            raise ValueError(f"{TRIGGERS_FILE}: unknown PLOVER type {kind!r}")
        senses.append(Sense(kind, mode or None))
    return tuple(senses)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The trigger lexicon, loaded and checked once per process."""
    data = load_data(TRIGGERS_FILE)
    frames = {verb: kind for kind, verbs in (data["frames"] or {}).items() for verb in verbs}
    return Lexicon(
        verbs={k: _senses(v) for k, v in data["verbs"].items()},
        phrasal={k: _senses(v) for k, v in data["phrasal"].items()},
        verb_objects={k: _senses(v) for k, v in data["verb_objects"].items()},
        nouns={k: _senses(v) for k, v in data["nouns"].items()},
        adjectives=dict(data["adjectives"]),
        frames=frames,
        request_that=frozenset(data.get("request_that", [])),
        reporting=frozenset(data["reporting"]),
        light_verbs=frozenset(data["light_verbs"]),
    )


def lemma(token: Token) -> str:
    """The lower-cased lemma (the small model sometimes keeps capitals on sentence-initial words)."""
    return lower_lemma(token)  # (token.lemma_ or token.text).lower(), cached per Doc


def verb_objects(token: Token) -> list[Token]:
    """The object nouns of a verb (for passives, the passive subject: "curfew was imposed"),
    nouns after the verb first, and through a counting word ("a number of barracks" -> barracks)."""
    objects = [c for c in children(token) if c.dep_ in ("dobj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN", "NUM")]
    objects.sort(key=lambda c: (c.i < token.i, c.i))
    out = []
    for obj in objects:
        out.append(obj)
        of = next((c for c in children(obj) if c.dep_ == "prep" and c.lower_ == "of"), None)
        inner = next((c for c in children(of) if c.dep_ == "pobj"), None) if of is not None else None
        if inner is not None and (lemma(obj) in _COUNTING or obj.pos_ == "NUM"):
            out.append(inner)
    return out


_COUNTING = frozenset({"number", "total", "batch", "series", "string", "wave", "spate", "lot", "couple", "pair",
                       "dozen", "dozens", "hundreds", "thousands", "round", "set", "kind", "type"})


def particle_keys(token: Token) -> list[str]:
    """``"verb particle"`` and ``"verb preposition"`` keys of a verb, particles first."""
    base = lemma(token)
    prts = [c for c in children(token) if c.dep_ == "prt"]
    preps = [c for c in children(token) if c.dep_ in ("prep", "dative") and c.i > token.i]
    return [f"{base} {lemma(c)}" for c in prts + preps]


def noun_key(token: Token, table: dict) -> Optional[str]:
    """The longest noun entry ending at ``token``: "air strike" before "strike", "state of emergency"."""
    base = lemma(token)
    doc = token.doc
    if token.i >= 1:
        two = f"{lemma(doc[token.i - 1])} {base}"
        if two in table:
            return two
    if token.i + 2 < len(doc) and lemma(doc[token.i + 1]) == "of":
        three = f"{base} of {lemma(doc[token.i + 2])}"
        if three in table:
            return three
    # Hyphenated and closed compounds ("cease-fire", "sit-in") come out as one lemma.
    return base if base in table else None


def adjective_frame(token: Token) -> Optional[str]:
    """The frame kind of a predicative adjective ("ready to", "willing to"), if it governs a verb."""
    kind = lexicon().adjectives.get(lemma(token))
    if kind and any(c.dep_ == "xcomp" for c in children(token)):
        return kind
    return None


@dataclass
class Trigger:
    """Words that evoke an event: ``token`` carries the roles (a verb, or an event noun)."""

    token: Token
    kind: str
    senses: tuple[Sense, ...]
    noun: Optional[Token] = None  # the event noun of a verb + noun pair


# --- triggers ------------------------------------------------------------------------------------

def find_triggers(sent: SpacySpan) -> list[Trigger]:
    """Every trigger in a sentence: verbs first (they may consume their object noun), then nouns."""
    lex = lexicon()
    found: list[Trigger] = []
    consumed: set[int] = set()
    for token in span_tokens(sent):
        if token.pos_ == "VERB" and token.dep_ not in ("amod", "aux", "auxpass"):
            trigger = _verb_trigger(token, lex)
            if trigger is not None:
                found.append(trigger)
                if trigger.noun is not None:
                    consumed.add(trigger.noun.i)
    for token in span_tokens(sent):
        if token.pos_ in ("NOUN", "PROPN") and token.i not in consumed:
            trigger = _noun_trigger(token, lex)
            if trigger is not None:
                found.append(trigger)
    return found


def _verb_trigger(token: Token, lex) -> Optional[Trigger]:
    """The most specific reading of a verb: with its particle, with its object, as a light verb
    with an event noun, alone. A phrasal entry of null ("set up") blocks only the verb alone:
    "set up a post" still reads through the object."""
    blocked = False
    for key in particle_keys(token):
        if key in lex.phrasal:
            senses = lex.phrasal[key]
            if senses:
                return Trigger(token, PHRASAL, senses)
            blocked = True
            break
    base = lemma(token)
    objects = verb_objects(token)
    for obj in objects:
        for key in (f"{base} {lemma(obj)}", f"{base} {obj.lower_}"):
            if key in lex.verb_objects:
                senses = lex.verb_objects[key]
                return Trigger(token, VERB_OBJECT, senses, noun=obj) if senses else None
    if base in lex.light_verbs:
        for obj in objects:
            key = noun_key(obj, lex.nouns)
            if key and lex.nouns[key]:
                return Trigger(token, LIGHT_NOUN, lex.nouns[key], noun=obj)
    senses = None if blocked else lex.verbs.get(base)
    return Trigger(token, VERB, senses) if senses else None


def _noun_trigger(token: Token, lex) -> Optional[Trigger]:
    if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
        return None  # "attack helicopter", "suicide bomber": the head noun decides
    key = noun_key(token, lex.nouns)
    if not key or not lex.nouns[key] or _quantity_idiom(token) or _document_noun(token):
        return None
    senses = lex.nouns[key]
    # A modifier can say the mode: "suicide bomber" is ASSAULT/suicide-attack.
    for child in token.lefts:
        child_key = noun_key(child, lex.nouns) if child.dep_ == "compound" else None
        if child_key and lex.nouns[child_key] and lex.nouns[child_key][0].type == senses[0].type:
            senses = lex.nouns[child_key] + senses
    return Trigger(token, NOUN, senses)


# "a press release", "a news conference": a text or a briefing, not a release or a meeting.
DOCUMENT_MODIFIERS = frozenset({"press", "news", "media"})


def _document_noun(noun: Token) -> bool:
    return any(c.dep_ in ("compound", "amod") and c.lower_ in DOCUMENT_MODIFIERS for c in noun.lefts)


def _quantity_idiom(noun: Token) -> bool:
    """"a great deal of", "a good deal of": a quantity, not an agreement."""
    return any(c.dep_ == "amod" and c.lower_ in ("great", "good") for c in children(noun)) and \
        any(c.dep_ == "prep" and c.lower_ == "of" for c in children(noun))


def choose_sense(senses: Sequence[Sense], probs: dict[str, float]) -> tuple[Sense, float]:
    """The sense the classifier likes best (the first sense gets a small head start)."""
    scored = [(probs.get(s.type, 0.0) + (FIRST_SENSE_BONUS if i == 0 else 0.0), -i, s) for i, s in enumerate(senses)]
    _, _, best = max(scored)
    return best, probs.get(best.type, 0.0)
