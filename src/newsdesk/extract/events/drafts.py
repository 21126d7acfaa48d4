"""From the triggers and frames of one sentence to draft events (roles as tokens, modality set).

Frames (``modality``): a verb that governs another action ("offered to", "refused to",
"urged X to", "threatened to"), a future ("will give"), an obligation told by someone else ("X
said Y must …") and an imperative in a voice ("Fight with us!") are events of their own (AGREE,
REJECT, REQUEST, THREATEN, CONCEDE), and the action they govern is hypothetical, and so is
everything said inside that action ("sworn to fight until they gain control").

Two PLOVER rules shape the drafts: a request or complaint made by protesters is part of their
PROTEST, not an event of its own (the codebook: "protests making requests are coded under
PROTEST"), and harm done by an earthquake or a crash is no event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Optional

from spacy.tokens import Span as SpacySpan, Token

from ...knowledge import load_data
from ...nlp import children, span_text, span_tokens
from . import modality
from .lexicon import (LIGHT_NOUN, NOUN, TRIGGERS_FILE, VERB, VERB_OBJECT, Sense, Trigger, adjective_frame, choose_sense,
                            find_triggers, lemma, lexicon)
from .roles import (RELATIVE_PRONOUNS, find_actorlike, first_person, is_actorlike, is_non_political, is_passive,
                    noun_actor, noun_recipient, of_agent_nouns, verb_actor, verb_recipient)

FRAME, DERIVED, IMPERATIVE, CLASSIFIER = "frame", "derived", "imperative", "classifier"
# Nouns whose clause says what is asked or threatened: what is in it has not happened.
ASKING_TYPES = frozenset({"REQUEST", "THREATEN"})
# Nouns that carry what someone is told to do ("a reminder to Iraq that it must cooperate").
TELLING_NOUNS = frozenset({"reminder", "message", "statement", "letter", "warning", "demand", "call", "appeal",
                           "ultimatum", "request", "note", "order", "instruction", "insistence"})
# A sentence without a trigger gets the classifier's type only above this probability.
FALLBACK_MIN = 0.75
# The trigger-less fallback (the classifier's type when it is very sure) is off: it never fired on
# the dev sets, nor on 1,948 trigger-less sentences of 60 corpus documents, and running the
# classifier on every such sentence to find that out was half of this stage's time.
USE_FALLBACK = False


@dataclass
class Draft:
    """An event before its roles are mapped to actors and places."""

    token: Token
    kind: str
    type: str
    mode: Optional[str] = None
    actor: Optional[Token] = None
    recipient: Optional[Token] = None
    negated: bool = False
    hypothetical: bool = False
    probability: float = 0.0
    extra: list[Token] = field(default_factory=list)  # tokens the evidence span must cover


@dataclass
class Frame:
    """A verb or adjective that governs an action: "offered to hand over", "urged X to withdraw"."""

    token: Token
    kind: str
    action: Token


def find_frames(sent: SpacySpan) -> list[Frame]:
    """Frame words with the action they govern (their infinitive or clausal complement).

    A frame in the passive is someone else's expectation, not the subject's intent ("troops are
    expected to withdraw"), and is skipped.
    """
    lex = lexicon()
    frames = []
    for token in span_tokens(sent):
        kind = lex.frames.get(lemma(token)) if token.pos_ == "VERB" and not is_passive(token) else None
        if token.pos_ == "ADJ":
            kind = adjective_frame(token)
        if not kind:
            continue
        action = next((c for c in children(token) if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX", "ADJ")), None)
        if action is None:  # "sworn to fight" is sometimes parsed as an adverbial clause
            action = next((c for c in children(token) if c.dep_ == "advcl" and c.pos_ == "VERB" and
                           any(a.dep_ == "aux" and a.lower_ == "to" for a in children(c))), None)
        takes_that = kind in ("commit", "refuse", "threaten", "plan") or lemma(token) in lex.request_that
        if action is None and takes_that:
            action = next((c for c in children(token) if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), None)
        if action is not None:
            frames.append(Frame(token, kind, action))
    return frames


def sentence_drafts(sent: SpacySpan, probs: dict[str, float],
                    in_voice: Callable[[int], bool] = lambda offset: True) -> list[Draft]:
    """The events of one sentence, with role tokens and modality, before actor mapping.

    ``in_voice(offset)`` says whether a character offset lies in a quote, a relayed statement or a
    reader comment: only there is an imperative someone's appeal.
    """
    triggers = {t.token.i: t for t in find_triggers(sent)}
    frames = {f.token.i: f for f in find_frames(sent)}
    drafts: dict[int, Draft] = {}
    for trigger in triggers.values():
        drafts[trigger.token.i] = _trigger_draft(trigger, probs)
    _undergoing_drafts(sent, drafts, probs)
    for frame in frames.values():
        draft = _frame_draft(frame, drafts.get(frame.action.i), drafts.get(frame.token.i), probs)
        if draft is not None:
            drafts[frame.token.i] = draft
    for draft in drafts.values():
        _apply_modality(draft, frames)
    extra = _obligation_drafts(sent, drafts, probs) + _imperative_drafts(sent, drafts, probs, in_voice)
    extra += _commitment_drafts(drafts, probs)
    out = sorted(drafts.values(), key=lambda d: d.token.i) + extra
    out = [d for d in out if not _doer_of_another(d, drafts)]
    _propagate_hypothetical(out, frames)
    for draft in out:
        if draft.actor is not None and lemma(draft.actor) in lexicon_words()["instrument_nouns"]:
            # "Rocket kills three", "hit by a brick", "a strike killed X": the weapon is no actor;
            # who used it is unknown here, and a wrong name is worse than none.
            draft.actor = None
    out = [d for d in _fold_protest_demands(_drop_charges(out)) if _says_enough(d)]
    # What a purpose clause names is wanted, not done: no event, not even a hypothetical one
    # (realnews dev: 8 of 9 such readings were wrong).
    out = [d for d in out if not modality.in_purpose(d.token, frozenset(frames))]
    return out or (_fallback_drafts(sent, probs) if USE_FALLBACK else [])


def _undergoing_drafts(sent: SpacySpan, drafts: dict[int, Draft], probs: dict[str, float]) -> None:
    """"X came under fire from Y", "X is under siege": X is the recipient, Y (if named) the actor;
    the verb's own reading and the noun's ("fire" done by X) give way."""
    table = _under_nouns()
    for token in span_tokens(sent):
        if lemma(token) not in ("come", "be", "remain", "fall") or token.pos_ not in ("VERB", "AUX"):
            continue
        under = next((c for c in children(token) if c.dep_ == "prep" and c.lower_ == "under"), None)
        noun = next((c for c in children(under) if c.dep_ == "pobj"), None) if under is not None else None
        kind = table.get(lemma(noun)) or table.get(noun.lower_) if noun is not None else None
        if kind is None:
            continue
        subject = next((c for c in children(token) if c.dep_ in ("nsubj", "nsubjpass")), None)
        source = next((c for c in children(noun) if c.dep_ == "prep" and c.lower_ in ("from", "by")), None)
        doer = next((c for c in children(source) if c.dep_ == "pobj"), None) if source is not None else None
        drafts.pop(noun.i, None)
        recipient = find_actorlike(subject) or (subject if kind == "ASSAULT" else None)  # "the convoy"
        drafts[token.i] = Draft(token=token, kind=VERB, type=kind, actor=doer, recipient=recipient,
                                probability=probs.get(kind, 0.0), extra=[noun])


@lru_cache(maxsize=1)
def _under_nouns() -> dict[str, str]:
    return dict(load_data(TRIGGERS_FILE).get("under_nouns", {}))


def _doer_of_another(draft: Draft, drafts: dict[int, Draft]) -> bool:
    """"rioters demolished the tomb": the rioters are the doers of the demolition, not a second
    event of their own."""
    return draft.kind == NOUN and lemma(draft.token) in lexicon_words()["doer_nouns"] and \
        draft.token.dep_ in ("nsubj", "nsubjpass", "agent", "pobj") and \
        (draft.token.head.i in drafts or draft.token.head.head.i in drafts) and draft.token.head.i != draft.token.i


def _says_enough(draft: Draft) -> bool:
    """Drop readings that are no political event: harm by an earthquake or a crash, a month name,
    a guilty plea, a thing as the doer, a match result, a participant noun that is no event, "hit the
    number" (a force verb with nobody at the receiving end), a bare "demand" or "aid" noun with
    neither actor nor recipient ("demand from China", "need-based financial aid")."""
    if draft.type == "ASSAULT" and is_non_political(draft.actor):
        return False
    if draft.token.ent_type_ in ("DATE", "TIME") or _month_name(draft.token):
        return False  # "in March", "on march 24", "Gannett March 24, 2009": a month, not a march
    if lemma(draft.token) == "plead" and any(c.lower_ in ("guilty", "innocent") for c in draft.token.subtree):
        return False  # a plea in court asks nobody for anything
    words = lexicon_words()
    no_one = draft.recipient is None or (draft.recipient.dep_ == "poss" and first_person(draft.recipient))
    if draft.kind == VERB and no_one and lemma(draft.token) in words["needs_recipient"]:
        return False  # "hit the number", "Visit our website": our website is no one
    if draft.actor is not None and draft.actor.pos_ == "NOUN" and lemma(draft.actor) in words["abstract_subjects"]:
        return False  # "the report demonstrates", "the legislation allows": no one acts
    if draft.type == "ASSAULT" and any(c.dep_ == "dobj" and lemma(c) in HELD_THINGS for c in children(draft.token)):
        return False  # "abused the power given to her", "abused his position": misconduct, no attack
    if lemma(draft.token) in words["sport_verbs"] and _has_score(draft.token):
        return False  # "Wales beat Hungary 2-0": a result, not a battle
    if draft.type == "ASSAULT" and _abstract_target(draft, words["abstract_targets"]):
        return False  # "the fight against organized crime", "combating violence": a metaphor
    if draft.kind == VERB and draft.actor is None and (
            draft.token.dep_ in ("pcomp", "csubj", "xcomp") or draft.token.dep_ == "acl" and draft.token.tag_ != "VBN"):
        return False  # "combating organized crime", "seeking new ways": an activity named, no one doing it
    if draft.kind == NOUN and lemma(draft.token) in words["doer_nouns"] and draft.token.dep_ not in ("nsubj", "ROOT"):
        return False  # "a clash between protesters and police": the protesters take part, they are no event
    if draft.kind == NOUN and draft.actor is None and draft.recipient is None and (
            draft.type in words["nouns_need_a_role"] or lemma(draft.token) in words["weapon_nouns"]):
        # A clause or "between" still says what it is: "the deal to evacuate civilians".
        return any(c.dep_ in ("acl", "ccomp") or (c.dep_ == "prep" and c.lower_ == "between") for c in children(draft.token))
    return True


@lru_cache(maxsize=1)
def lexicon_words() -> dict[str, frozenset[str]]:
    """The lexicon's word lists for participants and filters."""
    data = load_data(TRIGGERS_FILE)
    return {key: frozenset(data.get(key, [])) for key in
            ("needs_recipient", "nouns_need_a_role", "weapon_nouns", "doer_nouns", "victim_nouns",
             "abstract_subjects", "sport_verbs", "instrument_nouns", "abstract_targets")}


def _abstract_target(draft: Draft, targets: frozenset[str]) -> bool:
    """The force is aimed at an abstraction: the recipient, or what "against"/"on" names."""
    aimed = [draft.recipient] if draft.recipient is not None else []
    for holder in (draft.token, *draft.extra[:1]):
        for prep in children(holder):
            if prep.dep_ == "prep" and prep.lower_ in ("against", "on"):
                aimed += [c for c in children(prep) if c.dep_ == "pobj"]
        aimed += [c for c in children(holder) if c.dep_ == "dobj"]
    return bool(aimed) and all(t.pos_ == "NOUN" and lemma(t) in targets for t in aimed)


def _month_name(token: Token) -> bool:
    """"March" in the middle of a sentence, or "march" next to a number, is the month."""
    if token.lower_ != "march":
        return False
    doc = token.doc
    beside = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
    return any(t.like_num for t in beside) or (token.text == "March" and token.i != token.sent.start)


def _has_score(verb: Token) -> bool:
    """A match score ("2-0", "3–1") in the verb's clause."""
    return any(_SCORE.fullmatch(t.text) for t in verb.subtree) or any(
        t.like_num and t.nbor(1).text in ("-", "–") and t.i + 2 < len(t.doc) and t.nbor(2).like_num
        for t in verb.subtree if t.i + 2 < len(t.doc))


_SCORE = re.compile(r"\d{1,2}[-–]\d{1,2}")


# What marks a "strike" as force rather than a walkout: a weapon or an armed force before it
# ("missile strikes", "an Israeli strike"), or harm it does ("a strike killed 16").
FORCE_MODIFIERS = frozenset({"missile", "air", "drone", "cruise", "rocket", "artillery", "military", "aerial", "naval",
                             "retaliatory", "precision", "nuclear", "coalition", "army", "mortar", "bomb", "punitive"})
HARM_VERBS = frozenset({"hit", "kill", "destroy", "target", "wound", "injure", "level", "flatten", "damage", "strike"})


def _force_reading(token: Token, senses: tuple) -> Optional[object]:
    """The ASSAULT sense of a noun that may also be a walkout, where its words show force."""
    force = next((s for s in senses if s.type == "ASSAULT"), None)
    if force is None or not any(s.type == "PROTEST" for s in senses) or token.pos_ != "NOUN":
        return None
    armed = any(c.dep_ in ("compound", "amod", "nmod") and (lemma(c) in FORCE_MODIFIERS or c.ent_type_ in ("NORP", "GPE"))
                for c in token.lefts)
    harms = token.dep_ == "nsubj" and lemma(token.head) in HARM_VERBS
    return force if armed or harms else None


# What words are: an attack on one of them is criticism ("hit back at comments made by Trump",
# "attacked the decision"), ACCUSE, not ASSAULT.
SPEECH_TARGETS = frozenset({"comment", "remark", "criticism", "claim", "statement", "accusation", "allegation",
                            "decision", "speech", "tweet", "proposal", "idea", "article", "policy", "remark",
                            "report", "rhetoric", "words", "plan", "record", "announcement", "ruling", "verdict"})


# What one holds and can abuse without harming anyone in particular.
HELD_THINGS = frozenset({"power", "authority", "position", "office", "trust", "privilege", "discretion"})


def _verbal_attack(token: Token) -> bool:
    """An ASSAULT verb aimed at words, not at someone: its object, or its "at"/"on" object."""
    targets = [c for c in children(token) if c.dep_ == "dobj"]
    targets += [p for c in children(token) if c.dep_ == "prep" and c.lower_ in ("at", "on")
                for p in children(c) if p.dep_ == "pobj" and p.ent_type_ not in ("DATE", "TIME")]
    return bool(targets) and all(lemma(t) in SPEECH_TARGETS for t in targets)


def _trigger_draft(trigger: Trigger, probs: dict[str, float]) -> Draft:
    sense, p = choose_sense(trigger.senses, probs)
    token = trigger.token
    noun = token if trigger.kind == NOUN else trigger.noun  # "ordered missile strikes": the noun says it
    if sense.type != "ASSAULT" and noun is not None:
        forced = _force_reading(noun, trigger.senses)
        if forced is not None:
            sense, p = forced, probs.get("ASSAULT", 0.0)
    if trigger.kind == NOUN:
        actor, recipient = noun_actor(token, of_agent_nouns()), noun_recipient(token, sense.type)
        actor, recipient = _participant_roles(token, actor, recipient)
        if actor is None:
            actor = _governing_actor(token)
    else:
        actor = verb_actor(token)
        recipient = verb_recipient(token, sense.type, consumed=trigger.noun)
        if trigger.noun is not None and actor is None:
            actor = noun_actor(trigger.noun, of_agent_nouns())
    extra = [trigger.noun] if trigger.noun is not None else []
    if sense.type == "ASSAULT" and trigger.kind != NOUN and _verbal_attack(token):
        sense, p = Sense("ACCUSE"), probs.get("ACCUSE", 0.0)
    return Draft(token=token, kind=trigger.kind, type=sense.type, mode=sense.mode, actor=actor,
                 recipient=recipient, probability=p, extra=extra)


def _participant_roles(noun: Token, actor: Optional[Token], recipient: Optional[Token]):
    """"protesters", "gunmen" are the doers of their event; "hostages" are its recipients."""
    words = lexicon_words()
    if lemma(noun) in words["doer_nouns"]:
        return actor or noun, recipient
    if lemma(noun) in words["victim_nouns"]:
        return actor, recipient or noun
    return actor, recipient


def _governing_actor(noun: Token) -> Optional[Token]:
    """The subject of the clause an event noun is an argument of: "forces were engaged in ethnic
    cleansing", "warships launched 10 days of war games", "youths resorted to throwing stones
    during demonstrations"."""
    node = noun
    for _ in range(6):
        if node.head == node:
            return None
        if node.dep_ not in ("dobj", "pobj", "prep", "attr", "pcomp", "xcomp", "conj"):
            return None
        if node.dep_ == "prep" and node.lower_ not in ("of", "in", "to", "into"):
            return None  # "during the attack", "after the clashes": an adjunct, not an argument
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            subject = next((c for c in children(node) if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None:
                if subject.lower_ in RELATIVE_PRONOUNS and node.dep_ == "relcl":
                    return node.head
                return subject
    return None


def _frame_draft(frame: Frame, action: Optional[Draft], own: Optional[Draft], probs: dict[str, float]) -> Optional[Draft]:
    """The frame's own event: its type from the frame kind and the governed action's type."""
    if frame.kind == "attempt":
        return own
    frame_kind = modality.frame_type(frame.kind, action.type if action else None)
    if frame_kind is None:
        return own
    if frame.kind in ("commit", "plan") and "unless" in modality.condition_marks(frame.action):
        frame_kind = "THREATEN"  # a conditional promise is an ultimatum
    token = frame.token
    actor = verb_actor(token) if token.pos_ == "VERB" else verb_actor(token.head)
    recipient = _frame_recipient(frame, frame_kind, action)
    mode = own.mode if own is not None and own.type == frame_kind else None
    return Draft(token=token, kind=FRAME, type=frame_kind, mode=mode, actor=actor, recipient=recipient,
                 probability=probs.get(frame_kind, 0.0), extra=[frame.action])


def _frame_recipient(frame: Frame, frame_kind: str, action: Optional[Draft]) -> Optional[Token]:
    """Who a frame is addressed to: the one asked or warned, else the frame's own target, else
    the action's recipient, else (for a threat) the one its condition is about."""
    token = frame.token
    if frame.kind in ("request", "threaten"):
        addressed = [c for c in children(token) if c.dep_ in ("prep", "prt") and c.lower_ in ("on", "upon")]
        addressed += [c for c in children(token) if c.dep_ in ("dobj", "dative")]
        addressed += [c for c in children(token) if c.dep_ == "prep" and c.lower_ == "to"]
        for child in addressed:
            target = child if child.dep_ in ("dobj", "dative") else next((c for c in children(child) if c.dep_ == "pobj"), None)
            if find_actorlike(target) is not None:
                return find_actorlike(target)
        subject = next((c for c in children(frame.action) if c.dep_ == "nsubj"), None)
        if frame.action.dep_ == "ccomp" and subject is not None:
            return subject
    if token.pos_ == "VERB" and frame.kind != "refuse":
        own = verb_recipient(token, frame_kind)
        if own is not None and own != frame.action:
            return own
    if action is not None and action.recipient is not None:
        return action.recipient
    if action is None and frame.action.pos_ == "VERB":  # "refused to respond to a demand from X"
        found = verb_recipient(frame.action, frame_kind, things=False)
        if found is not None:
            return found
    if frame_kind == "THREATEN":
        return _condition_subject(frame.token) or _condition_subject(frame.action)
    return None


def _condition_subject(verb: Token) -> Optional[Token]:
    """"… if the United States goes ahead": who the condition is about."""
    for clause in children(verb):
        if clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in children(clause)):
            return next((c for c in children(clause) if c.dep_ in ("nsubj", "nsubjpass")), None)
    return None


def _apply_modality(draft: Draft, frames: dict[int, Frame]) -> None:
    """Negation, the future, conditions and questions, purpose infinitives, and what the
    governing frames imply."""
    token = draft.token
    verb = token if token.pos_ in ("VERB", "AUX", "ADJ") else modality.clause_head(token)
    draft.negated = draft.negated or modality.is_negated(token) or (
        token != verb and token.pos_ != "VERB" and verb.pos_ == "VERB" and _governed_by_negation(token, verb))
    if modality.is_future(verb) or modality.is_possible(verb):
        draft.hypothetical = True  # "will offer to" is no offer yet
    if modality.is_conditional(verb) or modality.is_question(verb):
        draft.hypothetical = True
    governed = False
    node = token
    for _ in range(4):
        parent = node.head
        if parent == node or node.dep_ not in ("xcomp", "ccomp", "conj", "acl", "advcl"):
            break
        frame = frames.get(parent.i)
        if frame is not None and (frame.action == node or node in frame.action.conjuncts):
            governed = True
            if frame.kind != "attempt":
                draft.hypothetical = True
                if frame.kind == "refuse":
                    draft.negated = True
                if draft.actor is None or frame.kind == "request":
                    controlled = verb_actor(node, controller_is_object=frame.kind == "request")
                    draft.actor = controlled or draft.actor
        node = parent
    if not governed and draft.kind != FRAME and _purpose_infinitive(verb):
        draft.hypothetical = True


def _purpose_infinitive(verb: Token) -> bool:
    """"… to demand an end to the reform": an infinitive says what is wanted, not what was done."""
    return verb.pos_ == "VERB" and verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in children(verb))


def _governed_by_negation(noun: Token, verb: Token) -> bool:
    """"did not launch an attack": the negation of the light verb covers its event noun."""
    return noun.head == verb and noun.dep_ == "dobj" and modality.is_negated(verb)


def _propagate_hypothetical(drafts: list[Draft], frames: dict[int, Frame]) -> None:
    """What is said inside something that did not happen did not happen either: the clauses
    under a hypothetical action, and what a demand or threat noun says is to be done."""
    sources = [d.token for d in drafts if d.hypothetical and d.kind not in (FRAME, DERIVED, IMPERATIVE)]
    sources += [d.token for d in drafts if d.kind == NOUN and d.type in ASKING_TYPES]
    sources += [d.extra[0] for d in drafts if d.kind in (VERB_OBJECT, LIGHT_NOUN) and d.type in ASKING_TYPES and d.extra]
    for draft in drafts:
        if draft.hypothetical or draft.kind in (FRAME, DERIVED, IMPERATIVE):
            continue
        if any(source != draft.token and _inside_clause_of(draft.token, source) for source in sources):
            draft.hypothetical = True


def _inside_clause_of(token: Token, source: Token) -> bool:
    """``token`` is in a clause that hangs below ``source`` (not in a relative clause about one
    of its participants)."""
    node = token
    for _ in range(8):
        if node.head == node:
            return False
        if node.dep_ == "relcl":
            return False
        node = node.head
        if node == source:
            return True
    return False


# Words that state a charge: what they are "of", "for" or "with" is the charge, not an event told.
CHARGING = frozenset({"accuse", "charge", "blame", "convict", "indict", "suspect", "sentence", "allege", "arrest",
                      "detain", "jail", "prosecute", "try", "sue", "acquit", "fine", "investigate", "allegation",
                      "accusation", "charge", "conviction"})


def _drop_charges(drafts: list[Draft]) -> list[Draft]:
    """"accused of attacking", "charged with murder", "blamed for the attack", "convicted of
    infecting": the charge is what the accusation says, not a second event the text reports."""
    charged: set[int] = set()
    for draft in drafts:
        if lemma(draft.token) not in CHARGING:
            continue
        for prep in children(draft.token):
            if prep.dep_ == "prep" and prep.lower_ in ("of", "for", "with", "over") or (
                    prep.dep_ == "dobj" and lemma(draft.token) == "blame"):  # "blamed the attack on X"
                charged.update(t.i for t in prep.subtree)
    return [d for d in drafts if d.token.i not in charged and not _named_in_a_charge(d.token)]


# Nouns that name a charge or a case: "counts of rape", "murder accused", "the rape case".
CHARGE_NOUNS = frozenset({"count", "charge", "allegation", "accusation", "conviction", "suspicion", "case", "trial",
                          "accused", "suspect", "indictment", "probe", "investigation", "inquiry", "hearing"})


def _named_in_a_charge(token: Token) -> bool:
    """"17 counts of kidnapping", "the murder accused", "implicated in the hijacking": the
    event is what someone is charged with, not an incident the text reports."""
    head = token.head
    if token.dep_ == "compound" and lemma(head) in CHARGE_NOUNS:
        return True
    if token.dep_ in ("pobj", "conj") and head.lower_ in ("of", "for", "with", "in", "against") and head.head != head:
        owner = head.head
        return lemma(owner) in CHARGE_NOUNS or lemma(owner) in ("implicate", "involve", "suspect", "accuse")
    return False


def _fold_protest_demands(drafts: list[Draft]) -> list[Draft]:
    """A REQUEST, ACCUSE or PROTEST that protesters make while protesting ("demonstrated …
    calling for independence from Iraq", "a hunger strike to protest X's failure") is part of
    the PROTEST; its target, which says what the protest is against, becomes the protest's."""
    protests = [d for d in drafts if d.type == "PROTEST"]
    if not protests:
        return drafts
    kept = []
    for draft in drafts:
        owner = _protest_over(draft, protests) if draft.type in ("REQUEST", "ACCUSE", "PROTEST") else None
        if owner is None:
            kept.append(draft)
        elif draft.recipient is not None:
            owner.recipient = draft.recipient
    return kept


def _protest_over(draft: Draft, protests: list[Draft]) -> Optional[Draft]:
    """The protest a demand hangs from (as a participle, a purpose clause or a clause of its noun)."""
    node = draft.token
    for _ in range(3):
        if node.head == node or node.dep_ not in ("advcl", "acl", "xcomp", "relcl", "conj", "pcomp", "prep", "pobj"):
            return None
        node = node.head
        for protest in protests:
            if protest is not draft and (protest.token == node or (protest.extra and protest.extra[0] == node)):
                return protest
    return None


def _obligation_drafts(sent: SpacySpan, drafts: dict[int, Draft], probs: dict[str, float]) -> list[Draft]:
    """"X said Y must do Z", "X issued a reminder to Y that it must Z": X asks Y (REQUEST), and
    what Y must do is hypothetical."""
    out = []
    for token in span_tokens(sent):
        if token.pos_ not in ("VERB", "AUX") or not modality.has_obligation(token) or token.dep_ not in ("ccomp", "acl"):
            continue
        governor = token.head if token.head.pos_ in ("VERB", "AUX") else token.head.head
        if governor.pos_ not in ("VERB", "AUX") or governor.i in drafts and drafts[governor.i].type == "REQUEST":
            continue
        telling = lemma(governor) in lexicon().reporting if token.head == governor else lemma(token.head) in TELLING_NOUNS
        if not telling:
            continue
        speaker = verb_actor(governor)
        obliged = next((c for c in children(token) if c.dep_ in ("nsubj", "nsubjpass")), None)
        if speaker is None or obliged is None or speaker.lower_ == obliged.lower_ or (
                obliged.pos_ == "PRON" and obliged.lower_ in ("we", "i", "us")):
            continue
        if not is_actorlike(obliged) and obliged.pos_ != "PRON":
            continue  # "such insanity should go into the record books", he said: nobody is asked
        if token.head.pos_ not in ("VERB", "AUX"):
            addressed = next((c for c in children(governor) if c.dep_ == "prep" and c.lower_ == "to"), None)
            obliged = next((c for c in children(addressed) if c.dep_ == "pobj"), obliged) if addressed is not None else obliged
        for draft in drafts.values():
            if draft.token == token or token in draft.token.ancestors:
                draft.hypothetical = True
        out.append(Draft(token=governor, kind=DERIVED, type="REQUEST", actor=speaker, recipient=obliged,
                         probability=probs.get("REQUEST", 0.0), extra=[token]))
    return out


def _imperative_drafts(sent: SpacySpan, drafts: dict[int, Draft], probs: dict[str, float],
                       in_voice: Callable[[int], bool]) -> list[Draft]:
    """An imperative in a voice is an appeal ("Fight with us!"): a REQUEST to the addressee (a
    vocative, or the "to" of "I say to X:"), and the action is hypothetical. Only an imperative
    that names whom it addresses, asks for an event, ends in "!" or draws in the speaker ("join
    us") counts: "just keep building off of it" in a coach's quote is no appeal."""
    out = []
    exclaims = span_text(sent).rstrip().endswith("!")
    for token in span_tokens(sent):
        if not modality.is_imperative(token) or not in_voice(token.idx):
            continue
        addressee = modality.vocative(token) or _say_to(token)
        action = drafts.get(token.i)
        speaker_side = _first_person(token)
        draws_in_speaker = speaker_side is not None and first_person(speaker_side)
        if addressee is None and action is None and not exclaims and not draws_in_speaker:
            continue
        if action is not None:
            action.hypothetical = True
            action.actor = addressee
        out.append(Draft(token=token, kind=IMPERATIVE, type="REQUEST", actor=speaker_side, recipient=addressee,
                         probability=probs.get("REQUEST", 0.0)))
    return out


def _say_to(verb: Token) -> Optional[Token]:
    head = verb.head
    if head == verb or lemma(head) not in lexicon().reporting:
        return None
    to = next((c for c in children(head) if c.dep_ in ("prep", "dative") and c.lower_ == "to"), None)
    return next((c for c in children(to) if c.dep_ == "pobj"), None) if to is not None else None


def _first_person(verb: Token) -> Optional[Token]:
    """The speaker's own pronoun in an imperative ("join us", "fight with us"), else the
    subject of the reporting verb ("I say to X: …"); either resolves to the voice's speaker."""
    for token in verb.subtree:
        if first_person(token) and token.lower_ in ("us", "me", "our", "my"):
            return token
    head = verb.head
    if head != verb:
        return next((c for c in children(head) if c.dep_ == "nsubj"), None)
    return None


def _commitment_drafts(drafts: dict[int, Draft], probs: dict[str, float]) -> list[Draft]:
    """A future action stated by its own actor is a commitment: AGREE to cooperate, CONCEDE to
    yield, THREATEN to use force; "will never give up" refuses (REJECT)."""
    out = []
    for draft in list(drafts.values()):
        token = draft.token
        if draft.kind in (FRAME, NOUN) or token.pos_ != "VERB" or not modality.is_commitment(token):
            continue
        if draft.actor is None or modality.is_question(token) or is_passive(token):
            continue
        kind = "REJECT" if draft.negated else modality.frame_type("commit", draft.type)
        if "unless" in modality.condition_marks(token):
            kind = "THREATEN"
        recipient = draft.recipient or (_condition_subject(token) if kind == "THREATEN" else None)
        out.append(Draft(token=token, kind=DERIVED, type=kind, actor=draft.actor, recipient=recipient,
                         probability=probs.get(kind, 0.0), extra=list(draft.extra)))
    return out


def _fallback_drafts(sent: SpacySpan, probs: dict[str, float]) -> list[Draft]:
    """No trigger: the classifier's type for the sentence, only when it is very sure."""
    best = max(probs, key=probs.get) if probs else None
    if best is None or probs[best] < FALLBACK_MIN or len(sent) < 4:
        return []
    root = sent.root
    return [Draft(token=root, kind=CLASSIFIER, type=best, actor=verb_actor(root) if root.pos_ == "VERB" else None,
                  recipient=verb_recipient(root, best) if root.pos_ == "VERB" else None, probability=probs[best])]
