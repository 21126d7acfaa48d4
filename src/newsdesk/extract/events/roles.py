"""Who did it to whom: the actor and recipient of an event trigger, from the dependency parse.

Roles come from grammar, not from position: the subject (or the ``by`` agent of a passive) is
the actor; the object, the indirect object, or the object of a target preposition ("against",
"on", "with", "to") is the recipient. A noun trigger takes its actor from a possessor ("Massoud's
appeal"), a name or nationality before it ("Israeli air raids"), or "by"/"of" ("the withdrawal
of US forces").

A recipient must be someone: a name, a nationality, a pronoun or a noun for people
(``people_nouns``); where the object is a thing, the coder looks for whose it is ("welcomed
President Reagan's statement" -> Reagan, "investigating war crimes by Croatian extremists" ->
the extremists) and otherwise leaves the recipient empty ("demanded immediate elections").

A role filler is then mapped to an actor id through the actors' mention offsets; a third-person
pronoun with no mention takes the subject it refers back to ("Hungary said it will support");
first-person pronouns in a statement or quote with no mention of their own are its speaker.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from typing import Optional, Sequence

from spacy.tokens import Token

from ...knowledge import load_data
from ...model import Actor, Quote, Segment
from ...nlp import children, sentence_of
from .lexicon import TRIGGERS_FILE, lemma

Span = tuple[int, int]

# Prepositions that introduce a target, in order of preference, per type (default for the rest).
TARGET_PREPS: dict[str, tuple[str, ...]] = {
    "default": ("against", "on", "upon", "at", "toward", "towards", "to", "with", "from", "over", "into"),
    "ASSAULT": ("against", "on", "upon", "at", "into", "with", "near"),
    "AID": ("to", "for", "with"),
    "AGREE": ("with", "to", "for"),
    "CONSULT": ("with", "to"),
    "COOPERATE": ("with", "to"),
    "SUPPORT": ("for", "to", "with", "behind"),
    "REQUEST": ("on", "upon", "to", "from", "of"),
    "RETREAT": ("from", "to", "on"),
    "ACCUSE": ("against", "of", "over", "about", "for", "with", "to", "as"),
    "REJECT": ("to", "from", "by", "on"),
    "THREATEN": ("against", "to", "with", "on", "in"),
    "SANCTION": ("against", "on", "for", "from", "with"),
    "PROTEST": ("against", "outside", "at", "over", "in"),
    "MOBILIZE": ("against", "in", "into", "to", "near", "along"),
    "COERCE": ("against", "on", "from", "in", "of"),
    "CONCEDE": ("to", "in", "for", "on"),
}
# Types whose object is what is given or done, so a target preposition names the recipient
# first ("provide aid to refugees"); for the others the object is the recipient ("attacked X").
GIVING = frozenset({"AID", "AGREE", "COOPERATE", "SUPPORT", "CONCEDE", "RETREAT", "CONSULT"})
# Types done by force, to someone or to something ("shelled camps", "seized a village").
FORCE = frozenset({"ASSAULT", "COERCE"})
# Types whose object is what is moved, not whom it is aimed at ("deployed troops").
THEME_OBJECT = frozenset({"MOBILIZE"})
# Types done to someone, so that the noun a participle describes is the patient ("a journalist
# imprisoned in Algeria"); not a stance ("a group opposed to Kinshasa" is the one opposing).
DONE_TO = frozenset({"ASSAULT", "COERCE", "SANCTION", "ACCUSE", "THREATEN"})
# Types whose target the parser may hang on a verb higher up ("fight, first against X").
HOSTILE = frozenset({"ASSAULT", "COERCE", "ACCUSE", "PROTEST", "THREATEN", "SANCTION", "REJECT"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "we", "us", "our", "ours", "myself", "ourselves"})
THIRD_PERSON = frozenset({"it", "its", "they", "them", "their", "he", "him", "his", "she", "her", "themselves",
                          "itself", "himself", "herself"})
ACTOR_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
# Words that only count or group the real filler: "a group of Moroccan diplomats".
PARTITIVES = frozenset({"group", "number", "some", "many", "most", "all", "part", "majority", "dozen", "dozens",
                        "hundred", "hundreds", "thousand", "thousands", "million", "millions", "one", "two",
                        "three", "several", "member", "members", "section", "rest", "handful", "each", "any"})
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "det", "nummod", "quantmod", "case", "punct", "predet"})


@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    data = load_data(TRIGGERS_FILE)
    return {key: frozenset(data.get(key, [])) for key in
            ("of_agent_nouns", "people_nouns", "of_heads", "non_political_causes", "abstract_subjects",
             "doer_nouns")}


def _is_event_noun(token: Token) -> bool:
    """"a full-scale military offensive", "airstrikes": an event, not a party to one."""
    from .lexicon import lexicon

    return lemma(token) in lexicon().nouns


def first_person(token: Token) -> bool:
    """I, we, us, our … as pronouns (not "US", the country)."""
    return token.pos_ == "PRON" and token.lower_ in FIRST_PERSON


def of_agent_nouns() -> frozenset[str]:
    """Event nouns whose "of" names the actor ("the withdrawal of US forces"), not the target."""
    return _words()["of_agent_nouns"]


def is_non_political(token: Optional[Token]) -> bool:
    """An earthquake, a flood, a crash: a cause of harm that is no actor."""
    return token is not None and lemma(token) in _words()["non_political_causes"]


def _pobj(prep: Token) -> Optional[Token]:
    return next((c for c in children(prep) if c.dep_ == "pobj"), None)


def core_span(token: Token) -> Span:
    """The noun phrase up to and including its head: modifiers, names, possessors and an
    appositive ("Kenzo Oshima, the UN coordinator"), and "of X" after a head that only says
    which part or office of X ("the deputy chief of Israel's militia ally"); not other
    prepositional tails ("… from office")."""
    left = min([token] + [c.left_edge for c in token.lefts if c.dep_ in MODIFIER_DEPS], key=lambda t: t.i)
    right = token
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "nmod", "appos"):
            right = max(right, child.right_edge, key=lambda t: t.i)
        elif child.dep_ == "prep" and child.lower_ == "of" and lemma(token) in _words()["of_heads"]:
            right = max(right, child.right_edge, key=lambda t: t.i)
        elif child.dep_ != "punct":
            break
    doc = token.doc
    while left.i < token.i and (left.dep_ == "det" and left.lower_ in ("the", "a", "an") or left.is_punct):
        left = doc[left.i + 1]
    while right.i > token.i and right.is_punct:
        right = doc[right.i - 1]
    return (left.idx, right.idx + len(right.text))


def _descend_partitive(token: Token) -> Token:
    """"a group of Moroccan diplomats" -> diplomats; "hundreds of thousands of people" -> people."""
    for _ in range(3):
        if lemma(token) not in PARTITIVES and token.pos_ != "NUM":
            return token
        of = next((c for c in children(token) if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = _pobj(of) if of is not None else None
        if pobj is None:
            return token
        token = pobj
    return token


def is_actorlike(token: Token) -> bool:
    """A name, a nationality, a pronoun, or a noun for people: someone who can act or be acted on."""
    if token.pos_ in ("PROPN", "PRON") or token.ent_type_ in ACTOR_ENTITIES:
        return token.lower_ not in RELATIVE_PRONOUNS or token.dep_ != "pobj"
    return lemma(token) in _words()["people_nouns"]


def owner_of(noun: Token) -> Optional[Token]:
    """Whose a thing is: a possessor, a name or nationality before it, "by X" or "from X", or
    the agent of a participle ("property seized by government forces")."""
    for child in children(noun):
        if child.dep_ == "poss":
            return child
    for child in noun.lefts:
        if child.dep_ in ("compound", "amod", "nmod") and (child.ent_type_ in ACTOR_ENTITIES or child.pos_ == "PROPN"):
            return child
    for child in children(noun):
        if child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from"):
            pobj = _pobj(child)
            if pobj is not None and is_actorlike(pobj):
                return pobj
        if child.dep_ == "acl" and child.tag_ == "VBN":
            agent = _agent(child)
            if agent is not None:
                return agent
    return None


def find_actorlike(token: Optional[Token], depth: int = 2) -> Optional[Token]:
    """``token`` if it is someone, else whose it is, else someone named in its "of"/"from"/
    "against"/"on" phrases (``depth`` levels down), else None."""
    if token is None:
        return None
    if is_actorlike(token):
        return token
    subject = clause_subject(token)
    if subject is not None:
        return subject
    owner = owner_of(token)
    if owner is not None or depth == 0:
        return owner
    for child in children(token):
        if child.dep_ == "appos" or (child.dep_ == "prep" and child.lower_ in _SEARCHED_PREPS):
            found = find_actorlike(child if child.dep_ == "appos" else _pobj(child), depth - 1)
            if found is not None:
                return found
    for child in children(token):
        place = _pobj(child) if child.dep_ == "prep" and child.lower_ == "in" else None
        if place is not None and place.ent_type_ in ("GPE", "LOC"):
            return place  # "the curfew in Montenegro": a place stands for its people
    return None


_SEARCHED_PREPS = frozenset({"of", "from", "against", "on", "to", "with", "for"})


def clause_subject(noun: Token) -> Optional[Token]:
    """Who a demand, call or reminder is about: the subject of its "that" clause ("its demand that
    Israel ease restrictions" -> Israel)."""
    for child in children(noun):
        if child.dep_ in ("acl", "ccomp") and child.pos_ in ("VERB", "AUX") and \
                any(m.dep_ == "mark" and m.lower_ == "that" for m in children(child)):
            subject = next((c for c in children(child) if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.lower_ not in RELATIVE_PRONOUNS:
                return subject
    return None


def _subject(verb: Token) -> Optional[Token]:
    return next((c for c in children(verb) if c.dep_ in ("nsubj", "csubj")), None)


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in children(verb)) or passive_conjunct(verb) \
        or reduced_passive(verb)


def reduced_passive(verb: Token) -> bool:
    """"the Kurdish leader now imprisoned in Turkey", parsed as a relative clause with the leader
    as its subject: a participle with no auxiliary is a passive, not a perfect tense. Only in a
    relative clause: a main verb "shortened" tagged VBN is more often a past tense mis-tagged."""
    return verb.tag_ == "VBN" and verb.dep_ == "relcl" and \
        any(c.dep_ == "nsubj" for c in children(verb)) and not any(c.dep_ in ("aux", "auxpass") for c in children(verb))


def passive_conjunct(verb: Token) -> bool:
    """"X was caught by police and deported": a bare participle coordinated with a passive verb
    is passive too (its patient is the first verb's subject), not an active verb done by X."""
    if verb.dep_ != "conj" or verb.head == verb:
        return False
    # The parser often tags a regular participle as a past tense ("and deported to Pakistan");
    # one with an object of its own is active ("was released and left the country").
    participle = verb.tag_ == "VBN" or (verb.tag_ == "VBD" and verb.lower_.endswith("ed"))
    if not participle or any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "dobj") for c in children(verb)):
        return False
    head = verb.head
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in children(head))


def passive_subject(verb: Token) -> Optional[Token]:
    """The patient of a passive verb: its own subject, or its passive head's (``passive_conjunct``)."""
    own = next((c for c in children(verb) if c.dep_ == "nsubjpass"), None)
    if own is None and reduced_passive(verb):
        return next((c for c in children(verb) if c.dep_ == "nsubj"), None)
    if own is not None or not passive_conjunct(verb):
        return own
    return next((c for c in children(verb.head) if c.dep_ == "nsubjpass"), None)


def _agent(verb: Token) -> Optional[Token]:
    agent = next((c for c in children(verb) if c.dep_ == "agent"), None)
    return _pobj(agent) if agent is not None else None


def verb_actor(verb: Token, controller_is_object: bool = False, depth: int = 0) -> Optional[Token]:
    """The actor of a verb: its subject, a passive's agent, or what it inherits from the verb it
    is coordinated with, controlled by, or the noun it modifies."""
    if depth > 4:
        return None
    if is_passive(verb):
        return _agent(verb) or (_agent(verb.head) if passive_conjunct(verb) else None)
    subject = _subject(verb)
    if subject is not None and subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        return verb.head
    if subject is not None:
        return subject
    head = verb.head
    if head == verb:
        return None
    if verb.dep_ == "conj":
        shared = next((c for c in children(head) if c.dep_ == "nsubjpass"), None) if is_passive(head) else None
        return shared or verb_actor(head, depth=depth + 1)
    if verb.dep_ == "xcomp":
        obj = next((c for c in children(head) if c.dep_ in ("dobj", "dative")), None) or on_object(head)
        if controller_is_object and obj is not None:
            return obj
        return verb_actor(head, depth=depth + 1) if head.pos_ in ("VERB", "AUX", "ADJ") else None
    if verb.dep_ in ("relcl", "acl") and verb.tag_ != "VBN":
        return head
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return _agent(verb)
    if verb.dep_ == "advcl" and verb.tag_ == "VBG":
        return verb_actor(head, depth=depth + 1)
    return None


def on_object(verb: Token) -> Optional[Token]:
    """The "X" of "call on X", "appeal to X"."""
    for child in children(verb):
        if child.dep_ in ("prep", "prt") and child.lower_ in ("on", "upon", "to"):
            return _pobj(child)
    return None


def prep_targets(holder: Token, event_type: str) -> list[Token]:
    """Objects of the target prepositions on ``holder``, in the type's order of preference."""
    preps = TARGET_PREPS.get(event_type, TARGET_PREPS["default"])
    found: dict[str, Token] = {}
    for child in children(holder):
        if child.dep_ in ("prep", "dative") and child.lower_ in preps and child.lower_ not in found:
            pobj = _pobj(child)
            if pobj is not None and not _is_time(pobj) and not (child.lower_ == "with" and first_person(pobj)) \
                    and not where_it_happened(child.lower_, pobj, event_type):
                found[child.lower_] = pobj
    return [found[p] for p in preps if p in found]


# Prepositions of movement: the place someone is deported from or flees to is no party to it.
# A place the event happens in stays a candidate: PLOVER codes the territory a curfew is lifted
# in, or a state of siege declared in, as the recipient (its people; GSR: "lifted a night curfew
# in Montenegro" -> Montenegro).
# A retreat "to" a place is a flight only for verbs of going ("handed over to Great Britain"
# yields to it).
MOVING_PREPS = {"COERCE": frozenset({"from", "to", "into"}), "RETREAT": frozenset({"to", "into"})}
GOING_VERBS = frozenset({"flee", "escape", "retreat", "return", "withdraw", "move", "go", "run", "evacuate",
                         "relocate", "head", "cross"})


def where_it_happened(prep: str, pobj: Token, event_type: str) -> bool:
    """"deported from Arizona", "fled to the US": where someone was moved, not a party."""
    if pobj.ent_type_ not in PLACE_ENTITIES or prep not in MOVING_PREPS.get(event_type, frozenset()):
        return False
    holder = pobj.head.head
    return event_type != "RETREAT" or lemma(holder) in GOING_VERBS


def verb_recipient(verb: Token, event_type: str, consumed: Optional[Token] = None, things: bool = True) -> Optional[Token]:
    """The recipient of a verb: a passive's subject, the one called on, the indirect object, then
    the object and the target prepositions (in the order the type prefers), or an "against"
    the parser hung higher up. With ``things``, force may also be done to a place or a thing
    ("retook a strategic village")."""
    if is_passive(verb):
        subject = passive_subject(verb)
        if subject is not None and subject != consumed:
            return find_actorlike(subject)
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head not in (verb, consumed) and event_type in DONE_TO \
            and not any(c.dep_ in ("nsubj", "aux") for c in children(verb)):  # "that forces had captured X"
        # "a journalist imprisoned in Algeria", "the leader now jailed in Turkey": the noun a
        # participle describes is its patient, not the place after it.
        found = find_actorlike(verb.head)
        if found is not None:
            return found
    blamed_on = _blamed_on(verb) if event_type == "ACCUSE" else None
    if blamed_on is not None:
        return blamed_on
    if event_type == "REQUEST" and on_object(verb) is not None:
        found = find_actorlike(on_object(verb))
        if found is not None:
            return found
    dative = next((c for c in children(verb) if c.dep_ == "dative" and c.pos_ in ("NOUN", "PROPN", "PRON")), None)
    if dative is not None:
        return dative
    obj = next((c for c in children(verb) if c.dep_ == "dobj"), None)
    # What is deployed is no recipient ("deploy troops"): a mobilisation is done toward someone.
    objects = [obj] if obj is not None and obj != consumed and event_type not in THEME_OBJECT else []
    noun_side = noun_targets(consumed, event_type) + [consumed] if consumed is not None else []
    if event_type in THEME_OBJECT:
        noun_side = [c for c in noun_side if c != consumed]
    preps = prep_targets(verb, event_type)
    clause = [s for c in children(verb) if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX")
              for s in children(c) if s.dep_ in ("nsubj", "nsubjpass") and s.lower_ not in RELATIVE_PRONOUNS]
    ordered = preps + noun_side + objects + clause if event_type in GIVING else objects + noun_side + preps + clause
    for candidate in ordered:
        found = find_actorlike(candidate)
        if found is not None:
            return found
    if event_type not in HOSTILE or not things:
        return None
    found = find_actorlike(_orphan_against(verb))
    if found is not None or event_type not in FORCE:
        return found  # one opposes or rejects someone, not "the plan" or "any criticism"
    # Force is done to places and things too: "retook a strategic village", "shelled camps",
    # "arrested 13 suspected participants".
    return next((c for c in objects + noun_side[:-1] + preps if c.pos_ in ("NOUN", "PROPN")
                 and lemma(c) not in _words()["abstract_subjects"] and not _is_event_noun(c)), None)


def _blamed_on(verb: Token) -> Optional[Token]:
    """"blamed the drug flights on his predecessor": the one blamed is after "on" (on the verb,
    or hung by the parser on its object), not the thing blamed."""
    if lemma(verb) != "blame":
        return None
    holders = [verb] + [c for c in children(verb) if c.dep_ == "dobj"]
    for holder in holders:
        for child in children(holder):
            pobj = _pobj(child) if child.dep_ == "prep" and child.lower_ == "on" else None
            if pobj is not None and not _is_time(pobj):
                named = next((c for c in children(pobj) if c.dep_ == "appos" and is_actorlike(c)), None)
                return named or find_actorlike(pobj)  # "his predecessor Cristina Kirchner": Kirchner
    return None


def _is_time(token: Token) -> bool:
    return token.ent_type_ in ("DATE", "TIME", "CARDINAL", "PERCENT", "MONEY", "QUANTITY")


def _orphan_against(verb: Token) -> Optional[Token]:
    """An "against X" the parser hung on a verb higher up ("helped us fight, first against the
    Soviet Union" attaches "against" to "helped")."""
    node = verb
    for _ in range(4):
        if node.head == node:
            return None
        node = node.head
        for child in children(node):
            if child.dep_ == "prep" and child.lower_ == "against":
                return _pobj(child)
    return None


def noun_actor(noun: Token, agent_of: frozenset[str]) -> Optional[Token]:
    """The actor of an event noun: possessor, a name or nationality before it, "by X", or "of X"
    for nouns whose "of" is the doer."""
    for child in children(noun):
        if child.dep_ == "poss":
            return child
    for child in noun.lefts:
        if child.dep_ in ("compound", "amod", "nmod") and (child.ent_type_ in ("NORP", "GPE", "ORG", "PERSON")
                                                           or child.pos_ == "PROPN"):
            return child
    for child in children(noun):
        if child.dep_ == "prep" and child.lower_ == "by":
            pobj = _pobj(child)
            if pobj is not None:
                return pobj
    if lemma(noun) in agent_of:
        for child in children(noun):
            if child.dep_ == "prep" and child.lower_ == "of":
                return _pobj(child)
    return None


def noun_targets(noun: Token, event_type: str) -> list[Token]:
    """Candidate recipients of an event noun: target prepositions, then "of X" for nouns done
    to X ("the arrest of activists"), then the subject of a clause it governs ("a demand that
    Israel ease restrictions")."""
    out = [] if lemma(noun) in of_agent_nouns() else [
        p for c in children(noun) if c.dep_ == "prep" and c.lower_ in ("against", "on", "of")
        for p in [_pobj(c)] if p is not None and not _is_time(p)]
    out += [t for t in prep_targets(noun, event_type) if t not in out]
    for child in children(noun):
        if child.dep_ in ("acl", "ccomp", "relcl") and child.pos_ in ("VERB", "AUX"):
            subject = next((c for c in children(child) if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.lower_ not in RELATIVE_PRONOUNS:
                out.append(subject)
    return out


def noun_recipient(noun: Token, event_type: str) -> Optional[Token]:
    """The first candidate recipient of an event noun that is someone."""
    for candidate in noun_targets(noun, event_type):
        found = find_actorlike(candidate)
        if found is not None:
            return found
    return find_actorlike(_orphan_against(noun)) if event_type in HOSTILE else None


def antecedent(pronoun: Token) -> Optional[Token]:
    """What a third-person pronoun refers back to, within its sentence: the nearest earlier
    subject that agrees with it ("Hungary has said it will support" -> Hungary), else the nearest
    earlier noun phrase that does ("a reminder to Iraq that it must" -> Iraq: "it" is no person)."""
    before = [t for t in sentence_of(pronoun) if t.i < pronoun.i and t.pos_ in ("NOUN", "PROPN")
              and t.dep_ not in ("compound", "amod", "poss") and is_actorlike(t)
              and not (t.left_edge.i <= pronoun.i <= t.right_edge.i) and _agrees(t, pronoun.lower_)]
    subjects = [t for t in before if t.dep_ in ("nsubj", "nsubjpass")]
    for pool in (subjects, before):
        if pool:
            return max(pool, key=lambda t: t.i)
    return None


def _agrees(noun: Token, pronoun: str) -> bool:
    """Person and number: "it" is no person, "they" is plural or a group, "he"/"she" a person."""
    person = noun.ent_type_ == "PERSON" or lemma(noun) in _PERSON_NOUNS
    plural = noun.tag_ in ("NNS", "NNPS")
    if pronoun in ("it", "its", "itself"):
        return not person and not plural
    if pronoun in ("they", "them", "their", "themselves"):
        return plural or noun.ent_type_ in ("NORP", "ORG")
    return person and not plural


_PERSON_NOUNS = frozenset({"president", "minister", "leader", "official", "spokesman", "spokeswoman", "premier", "king",
                           "envoy", "ambassador", "commander", "chief", "man", "woman", "officer", "judge", "governor"})


class ActorResolver:
    """Maps a role filler to an actor id through the actors' mention offsets.

    Why offsets and not names: the actor stage has already clustered names, aliases and resolved
    pronouns into actors; an event reuses that work instead of matching names again.
    """

    def __init__(self, text: str, actors: Sequence[Actor], segments: Sequence[Segment] = (),
                 quotes: Sequence[Quote] = ()):
        self.text = text
        self.names = {a.id: a.name for a in actors}
        self.mentions = sorted((s, e, a.id) for a in actors for s, e in a.mentions)
        self.starts = [m[0] for m in self.mentions]
        # Who speaks where: quotes first (the innermost voice), then statements and comments.
        self.voices = [(q.start, q.end, q.speaker) for q in quotes if q.speaker]
        self.voices += [(s.start, s.end, s.speaker) for s in segments if s.speaker and s.kind != "body"]
        self.voice_spans = [(q.start, q.end) for q in quotes]
        self.voice_spans += [(s.start, s.end) for s in segments if s.kind in ("statement", "comment")]

    def resolve(self, token: Optional[Token]) -> tuple[Optional[str], Optional[str], Optional[Span]]:
        """(actor id or None, a name for the filler, its core span) for a filler head token."""
        if token is None or _dateline(token) or token.ent_type_ in ("DATE", "TIME"):
            return None, None, None  # a dateline, "October", "Monday" are never parties
        if token.pos_ in ("VERB", "AUX"):  # a participle parsed as the subject ("Red Cross operating")
            token = next((c for c in children(token) if c.dep_ == "nsubj"), token)
        if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl" and token.head.head != token.head:
            token = token.head.head  # "Kinshasa, which harboured" -> Kinshasa
        token = _through_counting(token)
        if token is None:
            return None, None, None
        actor_id = self._actor_of(token)
        if actor_id is None and token.pos_ == "PRON" and token.lower_ in THIRD_PERSON:
            referent = antecedent(token)
            if referent is not None:
                token = referent
                actor_id = self._actor_of(token)
        if actor_id is None and (lemma(token) in PARTITIVES or token.pos_ == "NUM"):
            token = _descend_partitive(token)
            actor_id = self._actor_of(token)
        if actor_id is None and first_person(token):
            actor_id = self.speaker_at(token.idx)
        if actor_id is None and token.pos_ == "PRON":
            return None, None, None  # an unresolved "it" or "he" names nobody
        span = core_span(token)
        name = self.names.get(actor_id) if actor_id else None
        return actor_id, name or _clean(self.text[span[0]:span[1]]), span

    def _actor_of(self, token: Token) -> Optional[str]:
        head = (token.idx, token.idx + len(token.text))
        actor_id = self.actor_in(head, head)
        # "South Korea's first female president, Park Geun-hye": the one named in apposition,
        # not the possessor, which comes first in the phrase.
        for appos in (c for c in children(token) if c.dep_ == "appos") if actor_id is None else ():
            actor_id = self.actor_in(core_span(appos), (appos.idx, appos.idx + len(appos.text)))
            if actor_id is not None:
                break
        if actor_id is None:
            actor_id = self.actor_in(core_span(token), head)
        if actor_id is None:
            actor_id = self._conjunct_actor(token)
        if actor_id is None and not token.ent_type_ and token.pos_ in ("NOUN", "PRON"):
            actor_id = self._located_actor(token)
        return actor_id

    def actor_in(self, span: Span, head: Span) -> Optional[str]:
        """The actor mentioned at the head, else the leftmost one mentioned in the span."""
        best, best_key = None, None
        at = bisect_left(self.starts, span[0] - 200)
        for start, end, actor_id in self.mentions[at:]:
            if start >= span[1]:
                break
            overlap = min(end, span[1]) - max(start, span[0])
            if overlap <= 0:
                continue
            key = (start <= head[0] and head[1] <= end, -start, overlap)
            if best_key is None or key > best_key:
                best, best_key = actor_id, key
        return best

    def _conjunct_actor(self, token: Token) -> Optional[str]:
        for conj in token.conjuncts:
            found = self.actor_in(core_span(conj), (conj.idx, conj.idx + len(conj.text)))
            if found:
                return found
        return None

    def _located_actor(self, token: Token) -> Optional[str]:
        """"others in France", "residents of Kabul": a description placed in a country or group
        stands for it (how PLOVER codes unnamed people)."""
        for child in children(token):
            if child.dep_ == "prep" and child.lower_ in ("in", "from", "of"):
                pobj = _pobj(child)
                if pobj is not None and pobj.ent_type_ in ("GPE", "NORP", "ORG"):
                    found = self.actor_in(core_span(pobj), (pobj.idx, pobj.idx + len(pobj.text)))
                    if found:
                        return found
        return None

    def in_voice(self, offset: int) -> bool:
        """Whether ``offset`` lies in a quote, a relayed statement or a reader comment."""
        return any(start <= offset < end for start, end in self.voice_spans)

    def speaker_at(self, offset: int) -> Optional[str]:
        """The speaker of the innermost voice around ``offset``."""
        inside = [(end - start, speaker) for start, end, speaker in self.voices if start <= offset < end]
        return min(inside)[1] if inside else None


def _through_counting(token: Token) -> Optional[Token]:
    """"a series of airstrikes by Russian jets", "two waves of airstrikes": the doer of the
    event counted (None when the text does not say it); an event noun as a filler ("a
    three-hour visit", "a weeks-long push") stands for its own doer, or for nobody."""
    from .lexicon import _COUNTING

    inner = token
    if lemma(token) in _COUNTING:
        of = next((c for c in children(token) if c.dep_ == "prep" and c.lower_ == "of"), None)
        inner = _pobj(of) if of is not None else None
        if inner is None:
            return None
    if _is_event_noun(inner) and not is_actorlike(inner) and lemma(inner) not in _words()["doer_nouns"]:
        return noun_actor(inner, of_agent_nouns()) or (noun_actor(token, frozenset()) if inner is not token else None)
    return inner if inner is not token else token


def _dateline(token: Token) -> bool:
    """"LONDON (AP) —", "KABUL:": a capitalised place opening the sentence before a dash,
    a bracket or a colon is where the story was filed, never a party to it."""
    if not token.is_upper or token.ent_type_ not in PLACE_ENTITIES or token.i - token.sent.start > 3:
        return False
    after = token.doc[token.i + 1:min(token.i + 3, len(token.doc))]
    return any(t.text in ("(", "—", "–", "-", ":", ",") for t in after)


def _clean(name: str) -> str:
    return " ".join(name.split()).strip(" ,;:'\"“”‘’")
