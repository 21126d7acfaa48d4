"""Calls to action: who urges whom to do what.

A call is an utterance that asks addressees to act (docs/CALLS.md has the guideline). Five forms
are found over the dependency parse, sentence by sentence:

- ``request``: a request verb with an addressee and a to-infinitive: "We call on all free Afghans
  … to join our stronghold", "Palmieri called on Trump to stop attacking Machado", "urged
  supporters to …";
- ``demand``: a demand verb whose object or clause is the action: "called for a second
  referendum", "demanded that police release the video";
- ``address``: "I say to X: <call>" and "I ask X: <question>": the addressee is named before the
  colon, the call follows it;
- ``modal``: an obligation put on an agent: "we must …", "Charlotte officials should release …",
  "we need to …", and the passive "the report should be released";
- ``imperative``: "Fight with us!", "Friends of freedom, come to us", "Let us …" (``let``).

Reported calls ("he called on them to …") are calls: the speaker is the one reported as calling
(the subject's actor), not the voice that reports it; ``form`` says ``reported``. A call in the
first person or an imperative belongs to the voice it is in: the quote's speaker, the relayed
statement's speaker, the reader comment's commenter; in the article's own narration it has no
actor (``speaker`` null). Discourse imperatives ("Look, …", "Believe me", "let's face it"), site
furniture ("Share this story!"), questions, counterfactuals ("should have done"), hypotheticals
and generic rules ("an ambassador should never …") are not calls.

Addressees are the names the text gives them: the object of the request, the vocative, the
subject of the obligation, the name after "say to"; a bare imperative in a statement or comment
that opens with a salutation ("People of Afghanistan, Mujahideen brothers, …!", "O Ummah of
Muhammad") is addressed to it. The action is the verb phrase of the act asked for, without "to"
and without trailing appositions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional

from spacy.tokens import Doc, Span as SpacySpan, Token

from ..knowledge import load_data
from ..model import Actor, CallToAction, Quote, Segment
from ..nlp import children, doc_text, sentence_bounds_of, sentences, span_text, span_tokens, tokens
from .call_parts import (QUOTE_CHARS, VoiceContext, action_span, conjoined_acts, first_person, grammatical_subject,
                         habitual, name_span, purpose_infinitive, right_edge, split_names, strip_span, trimmed,
                         verb_phrase_start)

Span = tuple[int, int]
CUES_FILE = "call_cues.yaml"

FIRST_PERSON = {"i", "we", "us", "me"}
AGENT_PRONOUNS = {"we", "you", "they", "he", "she", "everyone", "everybody", "anyone", "anybody", "one",
                  "all", "y'all", "ye"}
AGENT_ENTITIES = {"PERSON", "ORG", "GPE", "NORP"}
NON_AGENT_SUBJECTS = {"none", "nothing", "something", "anything", "legislation", "protocol", "law", "rule", "rules", "regulation", "regulations", "guideline", "guidelines",
                      "procedure", "procedures", "plan", "plans", "proposal", "bill", "measure", "budget",
                      "formula", "recipe", "schedule", "agreement", "deal", "constitution", "treaty", "model",
                      "design", "strategy", "forecast", "this", "that", "it", "there", "which", "what"}
HYPOTHETICAL_AUX = {"would", "may", "might", "could", "'d"}
CLAUSE_SKIP_WORDS = {"and", "but", "so", "now", "just", "please", "then", "also", "simply", "rather", "first",
                     "finally", "instead", "hey", "oh", "o", "yes", "no", "well", "together", "therefore",
                     "again", "today", "tonight", "instead"}


@dataclass
class _Found:
    """A call before it becomes a record: spans into the document text."""

    start: int
    end: int
    action: Span
    addressees: list[Span]
    speaker: Optional[str]
    form: str
    addressee_texts: list[str] = field(default_factory=list)
    unaddressed: bool = False  # an imperative that names no addressee (filled from context later)
    pattern: str = ""  # the finder that read it: address, request, demand, modal, imperative
    verb: Optional[int] = None  # token index of an imperative's verb (to split conjoined acts)


# ---------------------------------------------------------------------------------------------
# Entry point


def find_calls(doc: Doc, segments: list[Segment], actors: list[Actor], quotes: list[Quote]) -> list[CallToAction]:
    """The document's calls to action, each with its speaker, addressees, action and offsets."""
    context = VoiceContext(doc, segments, actors, quotes)
    context.actor_types = {actor.id: actor.type for actor in actors}
    found: list[_Found] = []
    for sent in sentences(doc):
        if _is_furniture(span_text(sent)):
            continue
        for finder in (_address_calls, _request_calls, _demand_calls, _modal_calls, _imperative_calls):
            for call in finder(sent, context):
                if not _overlaps_any(call, found):
                    call.pattern = finder.__name__.strip("_").replace("_calls", "")
                    found.append(call)
    found.sort(key=lambda c: (c.start, c.action))
    _address_from_context(found, context)
    records = []
    for call in found:
        confidence = call_confidence(call, context)
        if confidence > 0:
            records.append(_record(context.text, call, confidence))
    return records


# Raw confidence by the pattern that read the call (before calibration, ``newsdesk.confidence``): a
# request with its addressee ("X urged Y to …") is the clearest call; an obligation ("we must …",
# "X should …", reported or not) the weakest.
PATTERN_CONFIDENCE = {"request": 0.8, "address": 0.75, "demand": 0.65, "imperative": 0.6, "modal": 0.3}


def call_confidence(call: _Found, context: VoiceContext) -> float:
    """How likely the call is one an analyst records; 0 drops it.

    Headlines and navigation are not calls: a call in the headline is kept only when the headline
    attributes it to a speaker ("X: I call on …"). An imperative or "let us" in the article's own
    narration (no speaker, outside any quote) is usually a tip, an instruction or site furniture:
    kept, but low, so the default threshold leaves it out (an opinion piece's author may still mean it).
    """
    segment = context.segment_at(call.start)
    in_voice = call.speaker is not None or context.in_quote(call.start, call.end)
    if segment is not None and segment.kind in ("headline", "byline"):
        if call.speaker is None:
            return 0.0
        return 0.5
    confidence = PATTERN_CONFIDENCE.get(call.pattern, 0.5) - (0.05 if call.form == "let" else 0.0)
    if call.form in ("imperative", "let") and not in_voice:
        confidence = 0.2
    if call.form in ("reported", "performative") and call.speaker is None:
        confidence -= 0.2
    if not call.addressees and call.form != "let":
        confidence -= 0.1
    return round(max(0.05, confidence), 3)


def _address_from_context(found: list[_Found], context: VoiceContext) -> None:
    """An imperative that names nobody speaks to whom the last "I say to X:" of its paragraph
    spoke, else to whom its statement or comment opened by addressing."""
    previous: Optional[_Found] = None
    before: Optional[_Found] = None
    for call in found:
        if call.unaddressed:
            same_paragraph = previous is not None and "\n" not in context.text[previous.end:call.start]
            same_sentence = before is not None and before.addressees and _same_sentence(context.doc, before, call)
            if same_sentence:
                call.addressees = list(before.addressees)  # 'tells them to "go vote" and then "go sit …"'
            elif same_paragraph and previous.speaker == call.speaker:
                call.addressees = list(previous.addressees)
            else:
                call.addressees = context.salutation_of(call.start)
        if call.form == "performative" and call.addressees:
            previous = call
        before = call


def _same_sentence(doc: Doc, first: _Found, second: _Found) -> bool:
    span = doc.char_span(first.start, second.start, alignment_mode="expand")
    return span is not None and not any(t.is_sent_start for t in span[1:])


def _record(text: str, call: _Found, confidence: Optional[float] = None) -> CallToAction:
    names = call.addressee_texts or [text[s:e] for s, e in call.addressees]
    return CallToAction(speaker=call.speaker, addressees=names, action=text[call.action[0]:call.action[1]],
                        start=call.start, end=call.end, form=call.form, action_span=call.action,
                        addressee_spans=list(call.addressees), confidence=confidence)


def _overlaps_any(call: _Found, found: list[_Found]) -> bool:
    """One act is one call: a later pattern that reads the same action again is dropped."""
    start, end = call.action
    return any(start < other.action[1] and other.action[0] < end for other in found)


# ---------------------------------------------------------------------------------------------
# Voices: who speaks where


# ---------------------------------------------------------------------------------------------
# Request: "urge X to Y", "call on X to Y"


def _request_calls(sent: SpacySpan, context: VoiceContext) -> Iterable[_Found]:
    verbs = _cues()["request_verbs"]
    if _is_question(sent):
        return
    for token in span_tokens(sent):
        # "it called on all states to …": a request verb's "it" is a body (not a non-agent subject)
        if token.pos_ != "VERB" or token.lemma_.lower() not in verbs or _not_asserted(token, it_subject_ok=True):
            continue
        if purpose_infinitive(token):
            continue  # "a tool with which to press Russia to …": nobody presses anyone yet
        start = _after_particle(token, verbs[token.lemma_.lower()], sent)
        if start is None:
            continue
        infinitive = _infinitive_after(start, sent)
        if infinitive is None:
            continue
        to_token, verb = infinitive
        region = [t for t in tokens(sent.doc)[start:to_token.i] if not t.is_punct or t.text in "'’"]
        if not _is_name_region(region) or _is_anonymity(verb) or not _asked_of(verb, token, region, context):
            continue
        addressees = split_names(region)
        action = action_span(verb, sent, before=to_token)
        cut, acts = conjoined_acts(verb, sent)
        if cut is not None:
            last = sent.doc[cut - 1]  # not ``trimmed``: "on this" is the act's own, not a dangling word
            action = strip_span(context.text, action[0], max(action[0], last.idx + len(last)))
        yield _attributed(token, sent, context, action, addressees)
        for act in acts:
            yield _attributed(token, sent, context, action_span(act, sent), addressees)


def _governed_by(verb: Token, request: Token, steps: int = 8) -> bool:
    """The infinitive hangs below the request verb (through its object, clause or complement), not
    beside it as its conjunct ("train and advise X and to provide …") nor in another clause."""
    if verb.dep_ == "conj" and verb.head.i == request.i:
        return False
    node = verb
    for _ in range(steps):
        if node.head.i == request.i:
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _asked_of(verb: Token, request: Token, region: list[Token], context: VoiceContext) -> bool:
    """The infinitive is what the addressee is asked to do: not a noun's ("the attempt to interfere"),
    and not a purpose of the request verb unless the one between is someone ("pressing the
    boundaries to get attention")."""
    if not _governed_by(verb, request):
        return False  # "accused him of ordering the hit – a claim set to haunt …", "advise X and to provide"
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ == "NOUN" and not _is_agent(verb.head, context):
        return False  # (the parser also hangs "to join" on an addressee: "all those … , to join …")
    if verb.dep_ == "advcl" and verb.head.i == request.i:
        ids = {t.i for t in region}
        heads = [t for t in region if t.head.i not in ids and t.pos_ in ("NOUN", "PROPN", "PRON")]
        return not heads or any(_is_agent(h, context) for h in heads)
    return True


def _is_name_region(region: list[Token]) -> bool:
    """Between "urge" and "to" lies a name: short, no quotation, no verb outside a relative clause
    ("told Sidney Hook about Stalin's victims, “the more innocent …” is no addressee)."""
    if not region or len(region) > 16 or region[-1].tag_ in ("WP", "WRB", "WDT"):
        return False
    if any(t.text in QUOTE_CHARS or t.text in (";", ":") for t in region):
        return False
    in_relative = {d.i for t in region if t.dep_ == "relcl" for d in t.subtree}
    return not any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") and t.i not in in_relative for t in region)


def _is_question(sent: SpacySpan) -> bool:
    return span_text(sent).rstrip(" \n" + QUOTE_CHARS).endswith("?")


def _after_particle(verb: Token, particles: list[str], sent: SpacySpan) -> Optional[int]:
    """Token index where the addressee starts: after "on"/"to"/"with" or right after the verb."""
    following = verb.nbor(1) if verb.i + 1 < sent.end else None
    if following is None:
        return None
    if "" in particles:
        if following.tag_ in ("DT", "PRP", "NNP", "NNPS", "NN", "NNS", "JJ", "CD", "PRP$", "PDT", "HYPH") \
                and following.lower_ not in ("to", "not", "for"):
            return following.i
        return None
    if following.lower_ in particles and following.i + 1 < sent.end:
        return following.i + 1
    return None


def _infinitive_after(start: int, sent: SpacySpan, window: int = 30) -> Optional[tuple[Token, Token]]:
    """The first "to <verb>" after ``start`` (an adverb or "not" may sit between)."""
    doc = sent.doc
    for i in range(start + 1, min(sent.end - 1, start + window)):
        if doc[i].lower_ == "to" and doc[i].tag_ in ("TO", "IN"):
            j = i + 1
            # 'to "clarify its intentions"', "to 'to put …'", "to really call out"
            while j < sent.end - 1 and (doc[j].tag_ == "RB" and doc[j].lower_ != "not" or doc[j].text in QUOTE_CHARS
                                        or doc[j].lower_ == "to" or doc[j].is_quote):
                j += 1
            if doc[j].tag_ == "VB" or (doc[j].pos_ == "VERB" and doc[j].tag_ == "VBP" and j > i + 1):
                return doc[i], doc[j]
        if doc[i].tag_ in ("VBD", "VBZ") and doc[i].dep_ in ("ROOT", "ccomp"):
            return None  # a new clause started: the request verb had no infinitive
    return None


def _is_anonymity(verb: Token) -> bool:
    """"asked not to be named" is a newsroom convention, not a call."""
    return verb.lemma_ == "be" and any(t.lemma_ in ("name", "identify") for t in verb.rights)


# ---------------------------------------------------------------------------------------------
# Demand: "called for X", "demanded that X"


def _demand_calls(sent: SpacySpan, context: VoiceContext) -> Iterable[_Found]:
    verbs = _cues()["demand_verbs"]
    if _is_question(sent):
        return
    for token in span_tokens(sent):
        lemma = token.lemma_.lower()
        if token.pos_ != "VERB" or lemma not in verbs or _not_asserted(token):
            continue
        particles = verbs[lemma]
        following = token.nbor(1) if token.i + 1 < sent.end else None
        if following is None:
            continue
        if "" not in particles and following.lower_ not in particles:
            continue
        found = _demand_object(token, following, particles, sent)
        if found is None:
            continue
        action, addressees = found
        yield _attributed(token, sent, context, action, addressees)


def _demand_object(verb: Token, following: Token, particles: list[str], sent: SpacySpan):
    """(action span, addressee spans) of a demand, from its object, clause or prepositional object."""
    if following.lower_ in particles and following.dep_ == "mark" and following.head.head.i == verb.i:
        # "has called for her to be a voice of …": "for" opens the clause that is the action
        clause = following.head
        subject = grammatical_subject(clause)
        return trimmed(sent.doc, following.i + 1, right_edge(clause, sent)), [name_span(subject)] if subject is not None else []
    if following.lower_ in particles and following.lower_ != "":
        objects = [c for c in children(following) if c.dep_ == "pobj"]
        if not objects or objects[0].ent_type_ in ("DATE", "TIME"):
            return None
        if following.lower_ in ("on", "upon") and (objects[0].pos_ in ("PRON", "PROPN")
                                                    or objects[0].ent_type_ in AGENT_ENTITIES
                                                    or objects[0].lemma_.lower() in _cues()["agent_nouns"]):
            return None  # "called on him" (a visit) or "called on X" without an act: no demand
        infinitive = _infinitive_after(objects[0].left_edge.i, sent, window=14)
        if infinitive and infinitive[1].lemma_ != "be" and infinitive[0].i > objects[0].i:
            region = [t for t in tokens(sent.doc)[following.i + 1:infinitive[0].i] if not t.is_punct]
            return action_span(infinitive[1], sent, before=infinitive[0]), split_names(region)
        end = right_edge(objects[0], sent)
        if infinitive and infinitive[0].i > objects[0].i:
            end = right_edge(infinitive[1], sent)
        return (trimmed(sent.doc, following.i + 1, end)), []
    if "" not in particles:
        return None
    clause = next((c for c in children(verb) if c.dep_ == "ccomp"), None)
    if clause is not None and clause.i > verb.i:
        return _clause_action(clause, sent)
    objects = [c for c in children(verb) if c.dep_ == "dobj" and c.i > verb.i]
    if not objects or objects[0].pos_ == "PRON" or verb.lemma_ == "urge":
        return None
    addressees = [name_span(p) for p in children(verb) if p.dep_ == "prep" and p.lower_ == "from"
                  for p in children(p) if p.dep_ == "pobj"]
    return trimmed(sent.doc, objects[0].left_edge.i, right_edge(objects[0], sent)), addressees


def _clause_action(clause: Token, sent: SpacySpan):
    """A demanded clause: "that police release the video" (addressee police) or, passive, "the
    report be released" (no addressee; the clause is the action)."""
    subject = next((c for c in children(clause) if c.dep_ in ("nsubj", "nsubjpass")), None)
    left = next((c for c in children(clause) if c.dep_ == "mark"), None)
    start = (left.i + 1) if left is not None else clause.left_edge.i
    if subject is None or subject.dep_ == "nsubjpass" or clause.lemma_ == "be":
        return trimmed(sent.doc, start, right_edge(clause, sent)), []
    verb_start = verb_phrase_start(clause)
    return trimmed(sent.doc, verb_start, right_edge(clause, sent)), [name_span(subject)]


# ---------------------------------------------------------------------------------------------
# Address: "I say to X: …", "I ask X: …?"


def _address_calls(sent: SpacySpan, context: VoiceContext) -> Iterable[_Found]:
    colon = next((t for t in span_tokens(sent) if t.text == ":"), None)
    if colon is None:
        return
    for token in span_tokens(sent)[: colon.i - sent.start]:
        if token.lemma_.lower() not in _cues()["address_verbs"] or token.pos_ != "VERB":
            continue
        subject = grammatical_subject(token)
        if subject is None or not first_person(subject) or token.tag_ not in ("VBP", "VB"):
            continue
        start = token.i + 1 + (1 if token.i + 1 < colon.i and token.nbor(1).lower_ == "to" else 0)
        if start >= colon.i:
            continue
        addressees = _addressed(sent.doc, start, colon.i)
        action = _after_colon_action(sent, colon)
        if action is None:
            continue
        speaker = context.voice_at(subject.idx, subject.idx + len(subject))
        yield _Found(subject.idx, action[1], action, addressees, speaker, "performative")
        return


def _addressed(doc: Doc, start: int, end: int) -> list[Span]:
    """"to the millennials, to anybody else" are two addressees; inner commas are one name."""
    span = doc[start:end]
    text, base = span_text(span), span.start_char
    pieces, offset = [], 0
    for piece in re.split(r"(,\s*to\s+)", text):
        if piece and not re.fullmatch(r",\s*to\s+", piece):
            s, e = strip_span(text, offset, offset + len(piece))
            if e > s:
                pieces.append((base + s, base + e))
        offset += len(piece)
    return pieces


def _after_colon_action(sent: SpacySpan, colon: Token) -> Optional[Span]:
    """The act asked for after the colon: an imperative's verb phrase, or the verb phrase of a
    question put to the addressees ("Are you helping us on the path to freedom?")."""
    doc = sent.doc
    rest = [t for t in doc[colon.i + 1:sent.end] if not t.is_punct and not t.is_space]
    if not rest:
        return None
    if span_text(sent).rstrip().endswith("?"):
        verbs = [t for t in rest if t.tag_ in ("VBG", "VB") and t.pos_ == "VERB"]
        if verbs:
            return trimmed(doc, verbs[-1].i, sent.end)
    return trimmed(doc, rest[0].i, sent.end)


# ---------------------------------------------------------------------------------------------
# Obligation: "we must …", "X should …", "we need to …", "the report should be released"


def _modal_calls(sent: SpacySpan, context: VoiceContext) -> Iterable[_Found]:
    for token in span_tokens(sent):
        obligation = _obligation(token)
        if obligation is None:
            continue
        verb, action_start, holder = obligation
        subject = _subject_of(holder)
        if not _obligation_holds(token, verb, subject, sent):
            continue
        passive = any(c.dep_ == "auxpass" for c in children(verb))
        if passive and not _passive_is_active(verb, subject):
            addressees = [name_span(p) for a in children(verb) if a.dep_ == "agent"
                          for p in children(a) if p.dep_ == "pobj"]
        elif subject is not None and _is_agent(subject, context):
            addressees = split_names([t for t in subject.subtree if not t.is_punct]) if subject.pos_ != "PRON" \
                else [name_span(subject)]
        else:
            continue
        action = trimmed(sent.doc, action_start, right_edge(verb, sent, cut_agent=passive))
        if action[1] <= action[0]:
            continue
        start = min(subject.left_edge.idx if subject is not None else token.idx, token.idx)
        speaker, form = _reporter(verb, sent, context)
        yield _Found(max(start, sent.start_char), action[1], action, addressees, speaker, form)


def _obligation(token: Token) -> Optional[tuple[Token, int, Token]]:
    """(main verb, index where the action starts, the token whose subject is obliged) when
    ``token`` puts an obligation on someone: "must", "should", "ought to", "need to", "have to"."""
    lemma = token.lower_
    if token.tag_ == "MD" and lemma in ("must", "should", "ought") and token.head.i != token.i:
        return token.head, _after(token), token.head
    if token.lemma_ in ("need", "have", "get") and token.pos_ in ("VERB", "AUX"):
        infinitive = next((c for c in children(token) if c.dep_ == "xcomp" and c.tag_ == "VB"
                           and any(a.lower_ == "to" for a in children(c))), None)
        if infinitive is not None and (token.lemma_ != "get" or token.lower_ == "got") \
                and not any(c.dep_ in ("neg", "dobj") for c in children(token)):  # "not have to", "has the gall to"
            if any(a.lower_ in HYPOTHETICAL_AUX | {"will", "'ll", "wo"} for a in children(token) if a.dep_ == "aux"):
                return None  # "would have to", "will need to": a forecast
            if token.tag_ in ("VBD", "VBN", "VBG") and token.lower_ != "got" or token.dep_ == "relcl":
                return None  # "the information they need to make a choice" describes, asks nothing
            return infinitive, verb_phrase_start(infinitive), token
    return None


def _after(modal: Token) -> int:
    """The action starts after the modal ("should not underestimate" keeps "not")."""
    i = modal.i + 1
    doc = modal.doc
    while i < len(doc) and (doc[i].dep_ == "nsubj" or doc[i].text in QUOTE_CHARS):
        i += 1
    return i


def _subject_of(verb: Token) -> Optional[Token]:
    """The subject, or the subject of the verb this one is conjoined to ("They … & should read")."""
    subject = grammatical_subject(verb)
    if subject is None and verb.dep_ == "conj" and verb.head.i != verb.i:
        return grammatical_subject(verb.head)
    return subject


def _obligation_holds(modal: Token, verb: Token, subject: Optional[Token], sent: SpacySpan) -> bool:
    """Not a counterfactual, question, condition, epistemic "must have", state or idle "be"."""
    cues = _cues()
    if span_text(sent).rstrip(" " + QUOTE_CHARS).endswith("?"):
        return False
    if subject is not None and subject.i > modal.i:
        return False  # inversion: a question or a condition ("should she become president")
    if any(c.dep_ == "aux" and c.lemma_ == "have" for c in children(verb)):
        return False  # "should have done", "should have been cutting": a reproach about the past
    if any(c.dep_ == "mark" and c.lower_ in ("if", "whether", "unless") for c in children(verb)):
        return False
    if any(c.tag_ in ("WRB", "WP", "WDT") and c.i < modal.i and c.lower_ not in ("when", "where")
           for c in children(verb)):
        return False  # "how they should quit": an indirect question
    lemma = verb.lemma_.lower()
    if lemma in cues["state_verbs"] or lemma == "have" and modal.tag_ == "MD":
        return False  # "should have a better sense", "must have a different word": not an act
    if lemma == "be" and not any(c.dep_ == "auxpass" for c in children(verb)):
        predicate = next((c for c in children(verb) if c.dep_ in ("acomp", "attr", "xcomp")), None)
        return predicate is not None and predicate.lemma_.lower() in cues["action_predicates"]
    if verb.tag_ == "VBN" and verb.lower_ in cues["state_participles"]:
        return False  # "should be concerned", "should be outraged": a feeling, not an act
    if verb.tag_ == "VBN" and subject is not None and (subject.lower_ == "it" and verb.lower_ in cues["discourse_participles"]
                                                       or subject.lemma_.lower() == "mention"):
        return False  # "it should be noted that …", "special mention should be made of …": the writer's aside
    return verb.pos_ in ("VERB", "AUX")


def _passive_is_active(verb: Token, subject: Optional[Token]) -> bool:
    """"We must be prepared": a participle that names an act of the subject, not a passive."""
    return verb.lower_ in _cues()["action_predicates"]


def _is_agent(subject: Token, context: VoiceContext) -> bool:
    """Whether the subject can be asked to act: people, bodies, "we"/"you", a known actor."""
    lower = subject.lower_
    if lower in NON_AGENT_SUBJECTS or subject.tag_ in ("WP", "WDT", "EX") or lower == "i":
        return False
    if subject.pos_ == "PRON":
        return lower in AGENT_PRONOUNS
    if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in children(subject)):
        return False  # a generic rule ("an ambassador should never …"), not a call on someone
    if subject.ent_type_ in AGENT_ENTITIES or subject.pos_ == "PROPN":
        return True
    # (An actor mention alone is not enough: the actor stage also names things, "the illusion".)
    return subject.lemma_.lower() in _cues()["agent_nouns"] or lower in _cues()["agent_nouns"]


REPORTING_VERBS = {"say", "tell", "insist", "argue", "suggest", "write", "tweet", "add", "warn", "believe",
                   "think", "claim", "declare", "state", "maintain", "contend", "propose", "recommend",
                   "explain", "note", "stress", "emphasise", "emphasize", "reiterate", "announce", "reply",
                   "respond", "urge", "demand", "feel", "agree", "acknowledge", "admit", "conclude", "post"}


def _reporter(verb: Token, sent: SpacySpan, context: VoiceContext) -> tuple[Optional[str], str]:
    """Who makes the call: the subject of a reporting verb above the clause ("Hunt says the UK
    should …", "Carlson suggested it was a night Americans should …") or beside it ("…, Roberts
    said, one should …"), else the voice the sentence is in."""
    voice = context.voice_at(verb.idx, verb.idx + len(verb))
    reporting = [t for t in verb.ancestors if t.lemma_.lower() in REPORTING_VERBS]
    reporting += [c for c in children(verb) if c.dep_ == "parataxis" and c.lemma_.lower() in REPORTING_VERBS]
    for head in reporting:
        subject = grammatical_subject(head)
        if subject is None:
            continue
        if first_person(subject):
            return voice, "modal"
        return context.actor_at(subject.idx, subject.idx + len(subject)), "reported"
    return voice, "modal"


# ---------------------------------------------------------------------------------------------
# Imperatives and "let us"


def _imperative_calls(sent: SpacySpan, context: VoiceContext) -> Iterable[_Found]:
    doc = sent.doc
    for start in _clause_starts(sent):
        found = _imperative_at(start, sent, context)
        if found is None:
            continue
        cut, acts = conjoined_acts(doc[found.verb], sent) if found.verb is not None else (None, [])
        if cut is not None:  # "Hold onto your bedding, but if …, mention it to …": two calls
            last = doc[cut - 1]
            found.action = strip_span(context.text, found.action[0], max(found.action[0], last.idx + len(last)))
            found.end = max(found.action[1], found.start + 1)
        yield found
        for act in acts:
            action = action_span(act, sent)
            yield _Found(action[0], action[1], action, list(found.addressees), found.speaker, "imperative",
                         unaddressed=found.unaddressed)


def _clause_starts(sent: SpacySpan) -> list[int]:
    """Sentence start, the first word inside an opening quotation mark, the word after ':' or ';'."""
    starts = [sent.start]
    for token in span_tokens(sent):
        if token.text in (":", ";") or _opens_quote(token) and token.i > sent.start and _quote_may_start_clause(token):
            starts.append(token.i + 1)
        elif _subjectless_root(token) and token.i > sent.start:
            starts.append(token.i)  # "… the devil is at work here think for yourselves": unpunctuated
    return sorted({s for s in starts if s < sent.end})


def _opens_quote(token: Token) -> bool:
    """An opening quotation mark: “ or ‘, or a straight one after a space and before a word."""
    if token.i + 1 >= len(token.doc):
        return False
    if token.text in ("“", "‘"):
        return True
    if token.text not in ('"', "'") or token.whitespace_:
        return False
    return token.i == 0 or bool(token.nbor(-1).whitespace_)  # after a space


def _quote_may_start_clause(mark: Token) -> bool:
    """'chanting, "Hands up"', 'saying, ‘Hey, go vote’', 'and then “go pick …”': a quotation starts a
    clause after punctuation, a conjunction or a speech verb, not inside one ('he'll “need help”')."""
    previous = mark.nbor(-1)
    return previous.is_punct or previous.tag_ in ("CC", "RB") \
        or previous.lemma_.lower() in REPORTING_VERBS | {"chant", "shout", "scream", "yell", "cry"}


def _subjectless_root(token: Token) -> bool:
    """A finite root verb with no subject: an imperative the tagger read as present tense."""
    return token.dep_ == "ROOT" and token.tag_ in ("VB", "VBP") and token.pos_ == "VERB" \
        and not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "aux", "auxpass") for c in children(token)) \
        and (token.i == 0 or token.nbor(-1).tag_ not in ("TO", "MD"))


def _imperative_at(start: int, sent: SpacySpan, context: VoiceContext) -> Optional[_Found]:
    doc = sent.doc
    vocative, i = _leading_vocative(doc, start, sent.end)
    i = _skip_openers(doc, i, sent.end)
    if i >= sent.end:
        return None
    i, conditional_you = _skip_condition(doc, i, sent.end)
    if i >= sent.end:
        return None
    first = doc[i]
    if first.lower_ == "let" and i + 1 < sent.end and doc[i + 1].lower_ in ("us", "'s", "’s"):
        return _let_call(first, doc[i + 1], sent, context)
    verb, negation = _imperative_verb(doc, i, sent.end)
    if verb is None or not _is_call_imperative(verb, sent, context) or _echoes_a_noun(verb) or _is_conditional(verb):
        return None
    action = trimmed(doc, (negation or verb).i, right_edge(verb, sent, keep_ccomp=True))
    if action[1] <= action[0]:
        return None
    addressees = [vocative] if vocative else []
    addressees += _trailing_vocative(verb, sent) + _particle_vocative(verb)
    if not addressees and conditional_you:
        addressees = [conditional_you]  # "If you're in that situation, please read …"
    begin = vocative[0] if vocative else doc[start].idx if doc[start].is_alpha else (negation or verb).idx
    speaker = context.voice_at(verb.idx, verb.idx + len(verb))
    return _Found(min(begin, action[0]), action[1], action, addressees, speaker, "imperative",
                  unaddressed=not addressees, verb=verb.i)


def _leading_vocative(doc: Doc, start: int, end: int) -> tuple[Optional[Span], int]:
    """"Friends of freedom, come to us": a verbless noun phrase before a comma names the addressees."""
    for i in range(start, min(end, start + 9)):
        token = doc[i]
        if token.text == ",":
            words = [t for t in doc[start:i] if not t.is_punct]
            if words and words[-1].pos_ in ("NOUN", "PROPN") \
                    and not any(t.pos_ in ("VERB", "AUX") or t.tag_ in ("IN",) and t.i == start for t in words) \
                    and doc[start].tag_ not in ("IN", "WRB", "RB"):
                s, e = strip_span(doc_text(doc), doc[start].idx, token.idx)
                return (s, e), i + 1
            return None, start
        if token.pos_ in ("VERB", "AUX"):
            return None, start
    return None, start


def _skip_openers(doc: Doc, i: int, end: int) -> int:
    """Past quotation marks, conjunctions, interjections and a leading "If …," clause."""
    while i < end and (doc[i].is_punct or doc[i].is_space or doc[i].lower_ in CLAUSE_SKIP_WORDS
                       or doc[i].pos_ == "INTJ"):
        i += 1
    return i


def _skip_condition(doc: Doc, i: int, end: int) -> tuple[int, Optional[Span]]:
    """Past a leading "If …," clause; its subject when that is "you" (the addressee)."""
    if i < end and doc[i].lower_ in ("if", "when", "once", "whenever", "before", "after", "while", "whatever"):
        comma = next((t.i for t in doc[i:end] if t.text == ","), None)
        if comma is not None:
            you = next((t for t in doc[i:comma] if t.lower_ == "you" and t.dep_ == "nsubj"), None)
            return _skip_openers(doc, comma + 1, end), (you.idx, you.idx + 3) if you is not None else None
    return i, None


def _imperative_verb(doc: Doc, i: int, end: int) -> tuple[Optional[Token], Optional[Token]]:
    """The imperative verb at ``i``: "Fight", "Don't get", "Never give" (negation returned apart)."""
    token = doc[i]
    negation = None
    if token.lower_ in ("do", "never") and i + 1 < end:
        step = 2 if token.lower_ == "do" and doc[i + 1].lower_ in ("n't", "n’t", "not") else 1
        if token.lower_ == "do" and step == 1:
            return None, None  # "Do you …": a question
        if i + step < end:
            negation, token = token, doc[i + step]
    if token.dep_ in ("nsubj", "nsubjpass", "csubj", "csubjpass"):
        return None, None  # "‘Trash and decaying food was found …": the parse reads a subject
    if token.dep_ in ("aux", "auxpass") and token.head.i > token.i and token.tag_ == "VB":
        token = token.head  # "Don't get hung up on …": the phrase hangs on "hung"
        if token.tag_ == "VBN":
            return token, negation
    if _subjectless_root(token) and token.tag_ == "VBP":
        pass
    elif token.tag_ != "VB" or token.pos_ not in ("VERB", "AUX") or token.text[:1].islower() and negation is None \
            and token.i == i and not _lowercase_start_ok(doc, i) and not _subjectless_root(token):
        return None, None
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i > token.i for c in children(token)):
        return None, None
    return token, negation


def _lowercase_start_ok(doc: Doc, i: int) -> bool:
    """A lower-case imperative is fine after a comma, colon or opening quote ("Hey, go vote")."""
    return i > 0 and (doc[i - 1].is_punct or doc[i - 1].lower_ in CLAUSE_SKIP_WORDS)


def _is_call_imperative(verb: Token, sent: SpacySpan, context: VoiceContext) -> bool:
    cues = _cues()
    lemma = verb.lemma_.lower()
    if span_text(sent).rstrip(" " + QUOTE_CHARS).endswith("?"):
        return False
    if lemma in cues["discourse_imperatives"]["always"]:
        return False
    following = verb.nbor(1) if verb.i + 1 < len(verb.doc) else None
    if lemma in cues["discourse_imperatives"]["bare"] and (following is None or following.is_punct):
        return False
    segment = context.segment_at(verb.idx)
    if segment is not None and segment.kind in ("headline", "byline") and not context.in_quote(verb.idx, verb.idx + 1):
        return False
    return True


def _is_conditional(verb: Token) -> bool:
    """"Add another set and the confusion becomes greater": an imperative joined to a clause with a
    subject of its own states a condition, it asks for nothing."""
    return any(c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and grammatical_subject(c) is not None and c.i > verb.i
               for c in children(verb))


def _echoes_a_noun(verb: Token) -> bool:
    """"… the spirit of compromise is spreading. Compromise with those who …": a sentence that opens
    by repeating the noun the sentence before ended on is a fragment, not an imperative."""
    doc = verb.doc
    start = sentence_start(doc, verb.i)
    if verb.i != start or start == 0:
        return False
    previous = doc[sentence_start(doc, start - 1):start]
    return any(t.pos_ == "NOUN" and t.lemma_.lower() == verb.lemma_.lower() for t in previous)


def _let_call(let: Token, us: Token, sent: SpacySpan, context: VoiceContext) -> Optional[_Found]:
    doc = sent.doc
    verb = next((t for t in doc[us.i + 1:sent.end] if t.tag_ == "VB"), None)
    if verb is None:
        return None
    phrase = doc[us.i + 1:min(sent.end, us.i + 4)].text.lower()
    if any(phrase.startswith(d) for d in _cues()["discourse_lets"]):
        return None
    first = doc[us.i + 1]
    action = trimmed(doc, first.i if first.lower_ in ("not", "never") else verb.i, right_edge(verb, sent))
    speaker = context.voice_at(let.idx, let.idx + 3)
    return _Found(let.idx, action[1], action, [(us.idx, us.idx + len(us))], speaker, "let",
                  addressee_texts=["us"])


def _trailing_vocative(verb: Token, sent: SpacySpan) -> list[Span]:
    """"Come to us, brothers!": a comma, then a verbless noun phrase to the end of the sentence."""
    tokens = [t for t in span_tokens(sent) if not t.is_space]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    comma = next((t for t in reversed(tokens) if t.text == ","), None)
    if comma is None or comma.i < verb.i:
        return []
    tail = tokens[tokens.index(comma) + 1:]
    if 0 < len(tail) <= 4 and all(t.pos_ in ("NOUN", "PROPN", "ADJ", "DET", "PRON") for t in tail) \
            and tail[-1].pos_ in ("NOUN", "PROPN") and tail[-1].tag_ in ("NNS", "NNPS", "NNP"):
        return [(tail[0].idx, tail[-1].idx + len(tail[-1]))]
    return []


def _particle_vocative(verb: Token) -> list[Span]:
    """"Wake up Muslims": after a phrasal call, a people noun is the vocative, not an object."""
    particle = next((c for c in children(verb) if c.dep_ == "prt"), None)
    if particle is None or f"{verb.lemma_.lower()} {particle.lower_}" not in _cues()["vocative_particle_verbs"]:
        return []
    following = particle.nbor(1) if particle.i + 1 < len(verb.doc) else None
    if following is not None and following.tag_ in ("NNPS", "NNS", "NNP"):
        return [(following.idx, following.idx + len(following))]
    return []


# ---------------------------------------------------------------------------------------------
# Shared helpers


def _attributed(cue: Token, sent: SpacySpan, context: VoiceContext, action: Span, addressees: list[Span]) -> _Found:
    """A request or demand with its speaker: the voice for "I/we", else the subject's actor."""
    subject = grammatical_subject(cue) or _subject_above(cue)
    voice = context.voice_at(cue.idx, cue.idx + len(cue))
    if subject is None or first_person(subject):
        speaker = voice
        present = cue.tag_ in ("VBP", "VB") and subject is not None
        form = "performative" if present else "reported"
    else:
        speaker = context.actor_at(subject.left_edge.idx, subject.idx + len(subject))
        for appos in (c for c in children(subject) if c.dep_ == "appos" and speaker is None):
            # "The Turkish president, Recep Tayyip Erdoğan, has urged …": the name is the apposition
            speaker = context.actor_at(appos.left_edge.idx, appos.idx + len(appos))
        if speaker is None and subject.lower_ in ("he", "she"):
            speaker = _last_person_before(context, subject.idx)
        form = "reported"
    start = subject.left_edge.idx if subject is not None and subject.i < cue.i else cue.idx
    start = max(start, sent.start_char)
    return _Found(min(start, action[0]), max(action[1], start + 1), action, addressees, speaker, form)


def _last_person_before(context: VoiceContext, offset: int, window: int = 400) -> Optional[str]:
    """The person last named before an unresolved "he"/"she" in the same stretch of text: "Dempsey
    suspected …, though, he told the man to …" (the call's speaker must be a resolved actor)."""
    types = getattr(context, "actor_types", {})
    best = None
    for start, _end, actor_id in context.mentions:
        if start >= offset:
            break
        if start >= offset - window and types.get(actor_id) == "person":
            best = actor_id
    return best


def _subject_above(verb: Token) -> Optional[Token]:
    """"used her message to urge …", "said, calling for …": the subject of the governing verb."""
    head = verb
    for _ in range(4):
        if head.dep_ not in ("xcomp", "advcl", "conj", "acl", "pcomp", "dobj", "pobj", "prep") or head.head.i == head.i:
            return None
        if head.dep_ == "acl" and head.head.pos_ == "NOUN" and head.head.dep_ == "pobj":
            return head.head  # "despite reports urging …": the reports urge; the main clause's subject does not
        head = head.head
        if head.pos_ == "PROPN" or head.pos_ == "NOUN" and head.lemma_.lower() in _cues()["agent_nouns"]:
            return head
        subject = grammatical_subject(head)
        if subject is not None:
            return subject
    return None


def _not_asserted(verb: Token, it_subject_ok: bool = False) -> bool:
    """A negated, hypothetical or nominal use is not a call being made (``it_subject_ok``: "it" may be
    a body, as the subject of a verb that takes an addressee: "it called on all states to …")."""
    if any(c.dep_ == "neg" for c in children(verb)):
        return True
    if any(c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_AUX for c in children(verb)):
        return True
    subject = grammatical_subject(verb)
    if subject is not None and subject.lemma_.lower() in NON_AGENT_SUBJECTS \
            and not (it_subject_ok and subject.lower_ == "it"):
        return True
    if any(c.dep_ == "auxpass" for c in children(verb)):
        return True  # "was urged to": the addressee is the subject; left to a later version
    if habitual(verb):
        return True  # "smugglers are known to sometimes demand more money": a kind's habit
    first = verb
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    if first.dep_ in ("csubj", "csubjpass") or verb.dep_ == "amod" or verb.dep_ == "acl" and verb.tag_ == "VBN":
        return True  # "summits called on her behalf"
    if _topic_infinitive(verb):
        return True  # "To call upon people to … is to call upon them to …": talk about calling
    if any(c.tag_ == "MD" and c.lower_ in ("should", "must", "ought") for c in children(verb)):
        return True  # "we should encourage him to …": the obligation is the call
    if any(c.lower_ in ("perhaps", "maybe", "possibly", "probably") for c in children(verb)):
        return True
    if verb.dep_ == "ccomp" and any(c.dep_ == "aux" and c.lower_ in ("will", "'ll") for c in children(verb)):
        return True  # "Lewis insisted Congress will demand …": a forecast of someone else's call
    return False


def _topic_infinitive(verb: Token) -> bool:
    """An infinitive that opens its clause, or follows "is": calling as a topic, not an act."""
    to = next((c for c in children(verb) if c.dep_ == "aux" and c.lower_ == "to"), None)
    if to is None:
        return False
    previous = to.nbor(-1) if to.i > 0 else None
    opens = previous is None or previous.is_space or previous.text in (":", "“", "‘", '"') or previous.tag_ == "``"
    return opens or verb.head.lemma_ == "be"


def sentence_start(doc: Doc, index: int) -> int:
    """Token index where the sentence holding token ``index`` starts."""
    return sentence_bounds_of(doc, index)[0]


def _is_furniture(sentence: str) -> bool:
    """Site furniture ("Read More", "Follow us on Twitter") and all-capital lines (headlines, weather
    bulletin headers: "ISSUED AT 04:30 BY …") are no one's call."""
    line = sentence.strip(" \n" + QUOTE_CHARS)
    if _furniture_pattern().match(line) or _FURNITURE_START.match(line):
        return True
    upper = sum(map(str.isupper, line))  # C-level counts: this runs on every sentence
    return upper >= 9 and upper >= 0.7 * (upper + sum(map(str.islower, line)))


_FURNITURE_START = re.compile(r"(?:read more|follow\b.{0,60}\bon (?:twitter|facebook|instagram|telegram)\b)", re.I)


@lru_cache(maxsize=1)
def _furniture_pattern() -> re.Pattern:
    return re.compile(r"(?:" + "|".join(_cues()["boilerplate"]) + r")\b\W*$", re.I)


@lru_cache(maxsize=1)
def _cues() -> dict:
    return load_data(CUES_FILE)


__all__ = ["find_calls"]
