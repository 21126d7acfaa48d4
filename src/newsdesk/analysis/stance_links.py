"""Stated stances: an evaluative word that links a holder and a target by syntax.

A stance is recorded only where the text states it (realnews GUIDE, "Stances"): a verb, noun,
adjective or label of criticism, opposition, praise, support or alliance (``stance_links.yaml``)
whose holder and target are actors the parse ties to it:

- verb: "Erdoğan has backed Moscow and Tehran" (subject → object, conjuncts too), "which ACAT-France
  blamed" (a relative clause's object is the noun it describes), "was criticised by X" (agent →
  passive subject), "objected to the line of questioning of English" (a preposition's object);
- noun: "expressed his appreciation for the Council's response" (subject of the governing verb, or
  the possessor, → the object of the noun's preposition, or that object's possessor);
- adjective: "a rebel group opposed to Kinshasa", "I am pleased with them";
- participle: "US-backed forces" (the compound → the noun it describes);
- label: "called Omar a 'terrorist'", "regards X as a terror group" (the sign is the label's).

A first-person holder ("we condemn …") is the voice the words stand in: the quote's, statement's
or comment's speaker. No shared sentence makes a stance; negated, modal, conditional and
interrogative uses state nothing and are skipped. Holders and targets are actors whose name is
not an abstract noun ("the report", "it"); datelines and places used as locations are not actors
(``extract.actors``), so they never hold a stance here.

Each link is a ``Link``: the cue's sign, its kind, and a raw confidence (``RAW_CONFIDENCE`` by
kind) that the confidence maps calibrate (``newsdesk.confidence``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Optional

from spacy.tokens import Doc, Span as SpacySpan, Token

from ..knowledge import load_data
from ..model import Actor
from ..nlp import children, span_text, span_tokens, tokens

Span = tuple[int, int]
LINKS_FILE = "stance_links.yaml"
JUDGEMENT_FILE = "stance_cues.yaml"
FIRST_PERSON = {"i", "we", "me", "us", "my", "our"}
# Words a holder or target must not be: things and documents do not hold stances ("the report").
ABSTRACT = {"report", "statement", "study", "survey", "document", "letter", "article", "it", "this", "that",
            "story", "news", "data", "video", "post", "tweet", "bill", "law", "act", "plan", "decision",
            "policy", "policies", "move", "comments", "remarks", "source", "sources", "which", "what",
            "warrant", "indictment", "complaint", "lawsuit", "order", "ruling", "verdict", "resolution",
            "motion", "petition", "charge", "charges", "loophole", "program", "programme"}
# Verbs under which a cue states nothing yet: "urged them to support", "refused to back".
NOT_ASSERTING = {"urge", "ask", "call", "want", "try", "plan", "refuse", "decline", "fail", "hope", "expect",
                 "seek", "need", "persuade", "encourage", "invite", "wish", "like", "attempt", "consider"}
SPEECH_VERBS = {"say", "add", "tell", "state", "claim", "insist", "argue", "declare", "write", "tweet", "warn",
                "note", "charge", "allege", "assert", "suggest", "believe", "think", "call", "complain"}
HYPOTHETICAL = {"would", "could", "may", "might", "should", "'d", "can", "must"}
# Raw confidence by the kind of link, before calibration (verbs and labels are the clearest).
RAW_CONFIDENCE = {"verb": 0.8, "prep_verb": 0.7, "label": 0.75, "noun": 0.65, "adjective": 0.65,
                  "participle": 0.7, "judgement": 0.5}


@dataclass
class Link:
    """One stated evaluation: ``holder`` (actor id, or None for the voice) toward ``target``."""

    holder: Optional[str]
    target: str
    sign: float
    kind: str
    cue: Token
    target_span: Span


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    data = load_data(LINKS_FILE)
    lex: dict = {}
    for kind in ("verbs", "nouns", "adjectives", "participles"):
        lex[kind] = {w: s for name, s in (("against", -1.0), ("for", 1.0)) for w in data[kind].get(name) or []}
    lex["prep_verbs"] = {(verb, prep): s for name, s in (("against", -1.0), ("for", 1.0))
                         for verb, preps in (data["prep_verbs"].get(name) or {}).items() for prep in preps}
    judgement = load_data(JUDGEMENT_FILE)["judgement"]
    lex["labels"] = {w: s for name, s in (("against", -1.0), ("for", 1.0))
                     for w in (data["labels"].get(name) or []) + (judgement.get(name) or [])}
    lex["label_verbs"] = set(data["labels"]["verbs"])
    return lex


# Subject pronouns whose antecedent the actor layer can resolve ("which it regards as …").
SUBJECT_PRONOUNS = {"he", "she", "it", "they"}


# Head nouns of institutions that "the <noun>" refers back to (not "government": a story names the
# governments of several countries and means any of them; not "group" or "police": too general).
INSTITUTION_NOUNS = {"party", "department", "ministry", "council", "committee", "commission", "agency",
                     "administration", "army", "company", "court", "union", "movement", "front"}


class ActorTokens:
    """Token index → actor id over the document's actor mentions (abstract names left out).

    ``resolve_pronoun`` (the actor layer's ``ActorIndex.resolve_pronoun``: a clear antecedent or
    none) gives the holder a subject pronoun the mentions leave unlinked."""

    def __init__(self, doc: Doc, actors: list[Actor],
                 resolve_pronoun: Optional[Callable[[Span], Optional[str]]] = None):
        self.by_token: dict[int, str] = {}
        self.spans: dict[int, Span] = {}
        self._resolve_pronoun = resolve_pronoun
        # Things and documents hold no stance ("the report"): a pronoun resolved to one holds none.
        self._known = {actor.id for actor in actors if not _is_abstract(actor.name)}
        for actor in actors:
            if not actor.id.startswith("comment-") and _is_abstract(actor.name):
                continue  # things and documents hold no stance and are no target ("the warrant")
            for start, end in actor.mentions:
                span = doc.char_span(int(start), int(end), alignment_mode="expand")
                if span is None:
                    continue
                for token in span:
                    self.by_token.setdefault(token.i, actor.id)
                    self.spans.setdefault(token.i, (int(start), int(end)))
        self._link_bare_names(doc, actors)
        self._link_definite_descriptions(doc, actors)

    def _link_bare_names(self, doc: Doc, actors: list[Actor]) -> None:
        """A proper name the actor layer left unlinked names the one actor whose last name word it is.

        Why: the actor layer can record "Erdogan" and leave every "Erdoğan" out of it, or link only
        some "Macri"s; the stance word beside the bare name then has no holder. Accents are folded,
        and a name two actors end with ("Erdoğan", "Recep Tayyip Erdogan") or a name that modifies
        another noun ("the Trump administration") is left alone.
        """
        owners: dict[str, set[str]] = {}
        words: dict[str, set[str]] = {}
        for actor in actors:
            parts = [_fold(w) for w in actor.name.split()]
            if actor.id.startswith("comment-") or _is_abstract(actor.name) or not parts or len(parts[-1]) < 4:
                continue
            owners.setdefault(parts[-1], set()).add(actor.id)
            words[actor.id] = set(parts)
        for token in tokens(doc):
            if token.i in self.by_token or token.pos_ != "PROPN" or token.dep_ == "compound":
                continue
            ids = owners.get(_fold(token.text), set())
            if len(ids) != 1:
                continue
            actor_id = next(iter(ids))
            if any(c.dep_ == "compound" and _fold(c.text) not in words[actor_id] for c in children(token)):
                continue  # "Cristina Kirchner" is not an actor named "Néstor Kirchner"
            self.by_token[token.i] = actor_id
            self.spans[token.i] = (token.idx, token.idx + len(token.text))

    def _link_definite_descriptions(self, doc: Doc, actors: list[Actor]) -> None:
        """"the party", "the department" name the one organisation of the story whose name ends
        with that noun, once it has been named ("Dominic Raab defended the party's actions" after
        "the Conservative Party").

        Why: the actor layer links names, not such descriptions, and the stance beside them then
        has no target. Two actors with that head noun (two parties) and a noun with a modifier of
        its own ("the opposition party") are left alone: a wrong target costs more than none.
        """
        owners: dict[str, list[tuple[str, int]]] = {}
        for actor in actors:
            words = [_fold(w) for w in actor.name.split()]
            if actor.type != "organization" or len(words) < 2 or words[-1] not in INSTITUTION_NOUNS:
                continue
            first = min((int(start) for start, _end in actor.mentions), default=None)
            if first is not None:
                owners.setdefault(words[-1], []).append((actor.id, first))
        for token in tokens(doc):
            if token.i in self.by_token or token.pos_ != "NOUN" or token.lower_ not in owners:
                continue
            found = owners[token.lower_]
            modifiers = [c for c in children(token) if c.i < token.i]
            if len(found) != 1 or found[0][1] >= token.idx or [m.lower_ for m in modifiers] != ["the"]:
                continue
            self.by_token[token.i] = found[0][0]
            self.spans[token.i] = (token.idx, token.idx + len(token.text))

    def actors_of(self, root: Token, depth: int = 2) -> list[tuple[str, Span]]:
        """The actors a phrase names: its root's, else its possessor's or 'of' object's; conjuncts too."""
        found = []
        for node in [root] + [c for c in children(root) if c.dep_ == "conj"]:
            hit = self._actor_near(node, depth)
            if hit is not None and hit not in found:
                found.append(hit)
        return found

    def actor_at(self, node: Token) -> Optional[tuple[str, Span]]:
        """The actor a single noun names (no conjuncts, no possessor)."""
        return self._actor_near(node, 0)

    def holders_of(self, subject: Token) -> list[tuple[str, Span]]:
        """The actors a subject names; a subject pronoun the mentions leave unlinked ("it", "he")
        is its antecedent where the actor layer finds a clear one (none where two compete)."""
        found = self.actors_of(subject, depth=0)
        if found or self._resolve_pronoun is None or subject.lower_ not in SUBJECT_PRONOUNS \
                or subject.pos_ != "PRON":
            return found
        span = (subject.idx, subject.idx + len(subject.text))
        actor_id = self._resolve_pronoun(span)
        return [(actor_id, span)] if actor_id in self._known else []

    def _actor_near(self, node: Token, depth: int) -> Optional[tuple[str, Span]]:
        if node.i in self.by_token:
            return self.by_token[node.i], self.spans[node.i]
        if node.pos_ != "PRON":
            # "The Russian foreign minister, Sergei Lavrov, described …": the name in apposition is
            # the noun's own referent, even where only that noun is asked for.
            for child in children(node):
                if child.dep_ == "appos" and child.i in self.by_token:
                    return self.by_token[child.i], self.spans[child.i]
        if depth <= 0 or node.tag_ in ("WDT", "WP", "PRP") and node.i not in self.by_token:
            return None
        for child in children(node):
            if child.dep_ == "appos" and child.i in self.by_token:
                return self.by_token[child.i], self.spans[child.i]
        for child in children(node):
            # "his predecessor" is not him: a pronoun possessor does not name the noun's referent
            if child.dep_ in ("poss", "compound") and child.i in self.by_token and child.pos_ != "PRON":
                return self.by_token[child.i], self.spans[child.i]
        for child in children(node):
            if child.dep_ == "appos":
                hit = self._actor_near(child, depth - 1)
                if hit is not None:
                    return hit
            if child.dep_ == "relcl":  # "the support the US continues to provide"
                for subject in children(child):
                    if subject.dep_ == "nsubj" and subject.i in self.by_token:
                        return self.by_token[subject.i], self.spans[subject.i]
            if child.dep_ == "acl":  # "comments made by Donald Trump"
                for agent in children(child):
                    if agent.dep_ == "agent":
                        for obj in children(agent):
                            if obj.dep_ == "pobj":
                                return self._actor_near(obj, depth - 1)
        for child in children(node):
            if child.dep_ == "prep" and child.lower_ in ("of", "by"):
                for obj in children(child):
                    if obj.dep_ == "pobj":
                        return self._actor_near(obj, depth - 1)
        return None


def _first_person(token: Token) -> bool:
    """"we", "us", "I": a pronoun, not "US" the country (a proper noun with the same letters)."""
    return token.lower_ in FIRST_PERSON and token.pos_ == "PRON" and token.text != "US"


def _fold(word: str) -> str:
    """Lower case without accents or a possessive: "Erdoğan’s" → "erdogan"."""
    plain = unicodedata.normalize("NFKD", word.lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c)).replace("ı", "i")
    return plain[:-2] if plain.endswith(("'s", "’s")) else plain


def _is_abstract(name: str) -> bool:
    words = name.lower().split()
    return not words or words[-1] in ABSTRACT


def find_links(sent: SpacySpan, index: ActorTokens) -> Iterable[Link]:
    """Every stated evaluation in a sentence whose target is an actor."""
    if span_text(sent).rstrip(" \"'”’").endswith("?"):
        return
    lex = _lexicon()
    for token in span_tokens(sent):
        lemma = token.lemma_.lower()
        if token.dep_ == "amod" and (token.lower_ in lex["participles"] or lemma in lex["participles"]):
            yield from _participle_links(token, index)
        elif token.pos_ in ("VERB", "AUX"):
            if not _asserted(token):
                yield from _demanded_against(token, lemma, index)
                yield from _called_against(token, lemma, index)
                continue
            yield from _verb_links(token, lemma, index)
            if lemma == "be":  # a copula is a VERB or AUX too: this branch is the only way in
                yield from _copula_links(token, index)
            elif lemma not in lex["verbs"] and token.lower_ in lex["adjectives"]:
                yield from _feeling_links(token, lex["adjectives"][token.lower_], index)
        elif token.pos_ == "NOUN" and lemma in lex["nouns"]:
            yield from _noun_links(token, lex["nouns"][lemma], index)
        elif token.pos_ == "ADJ" and lemma in lex["adjectives"]:
            yield from _adjective_links(token, lex["adjectives"][lemma], index)


def _verb_links(verb: Token, lemma: str, index: ActorTokens) -> Iterable[Link]:
    lex = _lexicon()
    if lemma in lex["verbs"]:
        passive = any(c.dep_ == "auxpass" for c in children(verb))
        if passive:
            holders = [h for a in children(verb) if a.dep_ == "agent"
                       for p in children(a) if p.dep_ == "pobj" for h in index.actors_of(p)]
            targets = [index.actors_of(c) for c in children(verb) if c.dep_ == "nsubjpass"]
            for holder, _span in holders:
                for target, span in (t for group in targets for t in group):
                    yield Link(holder, target, lex["verbs"][lemma], "verb", verb, span)
            return
        objects = [c for c in children(verb) if c.dep_ in ("dobj", "dative")]
        if verb.dep_ == "relcl" and not objects and verb.head.i < verb.i:
            objects = [verb.head]  # "which ACAT-France blamed": the described noun is the object
        if lemma in ("charge", "accuse") and not objects:
            yield from _allegation_links(verb, index)  # "charged that Gennis was trying to …"
            return
        if lemma in ("question", "warn", "threaten") and not objects:
            return  # "questioned whether …": no target actor
        if lemma in ("charge", "sue") and any(p.dep_ == "prep" and p.lower_ in ("with", "for") for p in children(verb)):
            return  # "charges her with a felony": a legal charge, not an evaluation
        if any(t.lower_ == "other" and t.nbor(-1).lower_ in ("each", "one") for obj in objects for t in obj.subtree
               if t.i > 0):
            yield from _mutual(verb, lex["verbs"][lemma], index)  # "A and B attacked each other's policies"
            return
        targets = [t for obj in objects for t in index.actors_of(obj)]
        targets += _prep_objects(verb, ("against", "for", "over"), index) if lemma in ("accuse", "blame", "sue", "praise", "thank", "congratulate") else []
        if lemma == "blame":  # "blamed the flights on X": "on" hangs on the verb or on its object
            targets += [t for head in [verb, *objects] for t in _prep_objects(head, ("on",), index)]
        yield from _from_subject(verb, targets, lex["verbs"][lemma], "verb", index)
    if lemma == "allege":
        yield from _allegation_links(verb, index)
    for prep in children(verb):
        if prep.dep_ in ("prep", "prt") and (lemma, prep.lower_) in lex["prep_verbs"]:
            sign = lex["prep_verbs"][(lemma, prep.lower_)]
            targets = [t for obj in children(prep) if obj.dep_ == "pobj" for t in index.actors_of(obj)]
            if prep.dep_ == "prt":  # "lashed out at X", "hit back at X"
                targets += _prep_objects(verb, ("at", "against", "on"), index)
            # "Turkey is now closely aligned with Russia": the passive subject is the one aligned.
            yield from _from_subject(verb, targets, sign, "prep_verb", index, passive_holder=True)
    if lemma in lex["label_verbs"]:
        yield from _label_links(verb, index)


def _allegation_links(verb: Token, index: ActorTokens) -> Iterable[Link]:
    """"a report alleging that Mexican security forces committed abuses": an allegation is against
    the subject of the alleged clause; a report's allegation is its publisher's (the one who released it)."""
    targets = [t for clause in children(verb) if clause.dep_ == "ccomp"
               for subject in children(clause) if subject.dep_ in ("nsubj", "nsubjpass")
               for t in index.actors_of(subject, depth=0)]
    if not targets:
        return
    speaker = verb
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in ABSTRACT and verb.head.dep_ == "dobj":
        speaker = verb.head.head  # "X released a report alleging …"
    yield from _from_subject(speaker, targets, -1.0, "verb", index, cue=verb)


def _demanded_against(verb: Token, lemma: str, index: ActorTokens) -> Iterable[Link]:
    """"Loretta Lynch should be impeached for such outrageous overreach": a voice that says someone
    ought to suffer a hostile act is against them. No holder here: only a quote's, statement's or
    comment's speaker takes it (``find_stances``); the article's own narration states nobody's."""
    if _lexicon()["verbs"].get(lemma, 0.0) >= 0 or not any(c.dep_ == "auxpass" for c in children(verb)):
        return
    if not any(c.dep_ == "aux" and c.lower_ in ("should", "must", "ought") for c in children(verb)):
        return
    if any(c.dep_ in ("neg", "agent") or c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether")
           for c in children(verb)):
        return
    for subject in (c for c in children(verb) if c.dep_ == "nsubjpass"):
        for target, span in index.actors_of(subject, depth=0):
            yield Link(None, target, -1.0, "judgement", verb, span)


# Verbs of asking someone else to act: "urged X to condemn Y", "called on X to retaliate against Y".
REQUEST_VERBS = {"urge", "call", "ask", "demand", "press", "push", "appeal", "implore", "exhort"}


def _called_against(verb: Token, lemma: str, index: ActorTokens) -> Iterable[Link]:
    """"X called on Obama to retaliate against Russia": who asks for a hostile act against someone
    is against them, though the act is not done yet; the holder is the one who asks (the request
    verb's subject), never the one asked. Only hostile acts: an appeal to back someone ("urged the
    UN to support X") stays a call, as before."""
    request = verb.head
    if verb.dep_ != "xcomp" or request.lemma_.lower() not in REQUEST_VERBS or not _asserted(request):
        return
    if any(c.dep_ == "neg" for c in children(verb)):
        return
    for link in _verb_links(verb, lemma, index):
        if link.sign < 0:
            yield link


def _mutual(verb: Token, sign: float, index: ActorTokens) -> Iterable[Link]:
    """Each conjoined subject toward each other one."""
    subject = _subject(verb)
    if subject is None:
        return
    parties = index.actors_of(subject, depth=0)
    for holder, _span in parties:
        for target, span in parties:
            if holder != target:
                yield Link(holder, target, sign, "verb", verb, span)


def _relative_resolved(verb: Token, objects: list[Token]) -> list[Token]:
    """A relative pronoun object ("which it regards as …") stands for the noun the clause describes."""
    if verb.dep_ != "relcl" or verb.head.i > verb.i:
        return objects
    return [verb.head if o.tag_ in ("WDT", "WP") and o.i < verb.i else o for o in objects]


def _prep_objects(head: Token, preps: tuple[str, ...], index: ActorTokens) -> list[tuple[str, Span]]:
    return [t for p in children(head) if p.dep_ == "prep" and p.lower_ in preps
            for obj in children(p) if obj.dep_ == "pobj" for t in index.actors_of(obj)]


def _label_links(verb: Token, index: ActorTokens) -> Iterable[Link]:
    """"called Omar a terrorist", "regards the YPG as a terror group", "described the move as …"."""
    objects = [c for c in children(verb) if c.dep_ in ("dobj", "nsubj") and c.i > verb.i] or \
              [c for c in children(verb) if c.dep_ == "dobj"]
    if verb.dep_ == "relcl" and not objects:
        objects = [verb.head]
    objects = _relative_resolved(verb, objects)
    labels = [c for c in children(verb) if c.dep_ in ("oprd", "attr", "ccomp", "xcomp")]
    labels += [p for p in children(verb) if p.dep_ == "prep" and p.lower_ == "as"]
    for obj in list(objects):
        labels += [c for c in children(obj) if c.dep_ in ("oprd", "appos", "acl")]
        labels += [p for p in children(obj) if p.dep_ == "prep" and p.lower_ == "as"]  # "the move as provocative"
    words = _lexicon()["labels"]
    sign = sum(words.get(t.lower_, 0.0) for label in labels for t in label.subtree)
    if not sign:
        return
    targets = [t for obj in objects for t in index.actors_of(obj)]
    yield from _from_subject(verb, targets, 1.0 if sign > 0 else -1.0, "label", index)


def _copula_links(copula: Token, index: ActorTokens) -> Iterable[Link]:
    """"Iran was a 'real problem'", "X is a terrorist group": a label predicated of an actor.

    The holder is whoever says so: the subject of the speech verb the clause is the object of
    ("Trump said …, adding that Iran was …"), else the voice (None); narration states no label.
    """
    subject = next((c for c in children(copula) if c.dep_ == "nsubj"), None)
    predicates = [c for c in children(copula) if c.dep_ in ("attr", "acomp")]
    if subject is None or not predicates:
        return
    targets = index.actors_of(subject, depth=0) or _actors_of_act(subject, index)
    words = _lexicon()["labels"]
    sign = sum(words.get(t.lower_, 0.0) for p in predicates for t in p.subtree
               if t.dep_ not in ("prep", "pobj") or t.head.i == p.i)
    if not targets or not sign:
        return
    sign = 1.0 if sign > 0 else -1.0
    speech = copula.head if copula.dep_ == "ccomp" else None
    while speech is not None and speech.dep_ in ("advcl", "conj") and _subject(speech) is None:
        speech = speech.head
    if speech is not None and speech.lemma_.lower() in SPEECH_VERBS:
        holder = _subject(speech)
        if holder is None:
            return
        found = [] if _first_person(holder) else index.actors_of(holder, depth=0)
        if not found and not _first_person(holder):
            return
        for target, span in targets:
            yield Link(found[0][0] if found else None, target, sign, "judgement", copula, span)
    elif speech is None and copula.dep_ == "ROOT":
        for target, span in targets:  # a voice's own sentence: kept only inside a quote (find_stances)
            yield Link(None, target, sign, "judgement", copula, span)


# Nouns of what someone said or did: "Trump's latest comments were a violation" judges Trump.
ACT_NOUNS = {"comment", "remark", "statement", "plan", "policy", "decision", "move", "action", "behaviour",
             "behavior", "conduct", "word", "handling", "response", "proposal", "claim", "threat", "tweet"}


def _actors_of_act(noun: Token, index: ActorTokens) -> list[tuple[str, Span]]:
    """The actors whose act a noun names: its possessor or compound ("the US plan", "Trump's comments")."""
    if noun.lemma_.lower() not in ACT_NOUNS:
        return []
    return [t for c in children(noun) if c.dep_ in ("poss", "compound") for t in index.actors_of(c, depth=0)]


def _feeling_links(verb: Token, sign: float, index: ActorTokens) -> Iterable[Link]:
    """"The US is frustrated Russia has not …", "was pleased with them": a feeling in a passive verb;
    the passive subject feels it toward the object of its preposition or the subject of its clause."""
    if not any(c.dep_ == "auxpass" for c in children(verb)):
        return
    targets = _prep_objects(verb, ("with", "at", "by", "about", "of", "toward", "towards"), index)
    targets += [t for clause in children(verb) if clause.dep_ == "ccomp"
                for subject in children(clause) if subject.dep_ == "nsubj" for t in index.actors_of(subject, depth=0)]
    yield from _from_subject(verb, targets, sign, "adjective", index, passive_holder=True)


# Nouns of an action against someone take their target only after "against" / "on": "the struggle
# of the Kurds" names the holder, "the struggle for the freedom of Afghans" is for them, not against.
ACTION_NOUNS = {"campaign", "resistance", "struggle", "war", "fight", "attack", "offensive", "protest", "boycott",
                "sanctions", "lawsuit", "vendetta"}

# Nouns of a person who takes a side: the one they side with is the possessor or the preposition's
# object ("the group's proponents", "a critic of the president"); they are the noun's own referent.
AGENT_NOUNS = {"ally", "friend", "supporter", "backer", "proponent", "defender", "champion", "advocate",
               "critic", "opponent", "foe", "enemy", "detractor"}


def _agent_noun_links(noun: Token, sign: float, targets: list[tuple[str, Span]], index: ActorTokens) -> Iterable[Link]:
    """"X became one of the group's most vocal proponents", "X, a fierce critic of Y": X → Y."""
    targets = targets + [t for c in children(noun) if c.dep_ == "poss" for t in index.actors_of(c, depth=0)]
    node = noun
    while node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.pos_ in ("NUM", "PRON", "ADJ"):
        node = node.head.head  # "one of the … proponents"
    holders: list[tuple[str, Span]] = []
    if node.dep_ == "appos":
        holders = index.actors_of(node.head, depth=0)
    elif node.dep_ in ("attr", "oprd") and node.head.lemma_.lower() in ("be", "become", "remain") and _asserted(node.head):
        subject = _subject(node.head)
        holders = index.actors_of(subject, depth=0) if subject is not None and not _first_person(subject) else []
    for holder, _span in holders[:1]:
        for target, span in targets:
            yield Link(holder, target, sign, "noun", noun, span)


def _given_in_relative(noun: Token, sign: float, index: ActorTokens) -> Iterable[Link]:
    """"the support the US continues to provide to the Syrian Kurdish forces": a relative clause whose
    light verb gives the noun; its subject is the holder, the verb's "to"/"for" object the target."""
    for clause in (c for c in children(noun) if c.dep_ == "relcl"):
        verb = clause
        while verb.lemma_.lower() not in LIGHT_VERBS and any(c.dep_ == "xcomp" for c in children(verb)):
            verb = next(c for c in children(verb) if c.dep_ == "xcomp")  # "continues to provide"
        if verb.lemma_.lower() not in LIGHT_VERBS or not _asserted(clause) or not _asserted(verb):
            continue
        targets = _prep_objects(verb, ("to", "for"), index)
        subject = next((c for c in children(clause) if c.dep_ == "nsubj"), None)
        holders = index.actors_of(subject, depth=0) if subject is not None else []
        for holder, _span in holders[:1]:
            for target, span in targets:
                yield Link(holder, target, sign, "noun", noun, span)


# Verbs that only carry their object noun: "gave support to X", "expressed gratitude to X".
LIGHT_VERBS = {"give", "offer", "lend", "extend", "express", "voice", "pledge", "provide", "show", "throw"}


def _noun_links(noun: Token, sign: float, index: ActorTokens) -> Iterable[Link]:
    preps = ("against", "on") if noun.lemma_.lower() in ACTION_NOUNS else \
        ("for", "of", "to", "against", "on", "with", "toward", "towards", "at", "over")
    targets = [t for p in children(noun) if p.dep_ == "prep" and p.lower_ in preps
               for obj in children(p) if obj.dep_ == "pobj" for t in index.actors_of(obj)]
    if not targets and sign < 0:  # "a complaint for declaratory judgement against X": "against" is unambiguous
        targets = [t for d in noun.subtree if d.dep_ == "prep" and d.lower_ == "against" and d.i > noun.i
                   for obj in children(d) if obj.dep_ == "pobj" for t in index.actors_of(obj)][:1]
    if not targets and noun.dep_ == "dobj" and noun.head.lemma_.lower() in LIGHT_VERBS:
        # "Moscow gave tacit support to Turkey's incursion": the recipient hangs on the light verb.
        targets = [t for p in children(noun.head) if p.dep_ in ("prep", "dative") and p.lower_ in ("to", "for", "behind")
                   for obj in children(p) if obj.dep_ == "pobj" for t in index.actors_of(obj)]
    if noun.lemma_.lower() in AGENT_NOUNS:
        yield from _agent_noun_links(noun, sign, targets, index)
        return
    if not targets:
        yield from _given_in_relative(noun, sign, index)
    holders = [t for c in children(noun) if c.dep_ == "poss" for t in index.actors_of(c, depth=0)]
    holders += [t for a in children(noun) if a.dep_ == "prep" and a.lower_ == "by"
                for obj in children(a) if obj.dep_ == "pobj" for t in index.actors_of(obj, depth=0)]
    if holders:
        for holder, _span in holders[:1]:
            for target, span in targets:
                yield Link(holder, target, sign, "noun", noun, span)
        return
    governor = noun.head
    if noun.dep_ in ("dobj", "attr", "pobj") and governor.pos_ in ("VERB", "AUX", "ADP"):
        verb = governor.head if governor.pos_ == "ADP" else governor
        if verb.pos_ in ("VERB", "AUX") and _asserted(verb):
            yield from _from_subject(verb, targets, sign, "noun", index, cue=noun)


def _adjective_links(adjective: Token, sign: float, index: ActorTokens) -> Iterable[Link]:
    targets = [t for p in children(adjective) if p.dep_ == "prep" and p.lower_ in ("of", "to", "with", "at", "toward", "towards", "by", "about")
               for obj in children(p) if obj.dep_ == "pobj" for t in index.actors_of(obj)]
    targets += [t for clause in children(adjective) if clause.dep_ == "ccomp"  # "pleased that the Council …"
                for subject in children(clause) if subject.dep_ == "nsubj" for t in index.actors_of(subject, depth=0)]
    if not targets:
        return
    if adjective.dep_ in ("amod", "acl") or adjective.head.pos_ in ("NOUN", "PROPN") and adjective.dep_ != "acomp":
        for holder, _span in index.actors_of(adjective.head, depth=0):
            for target, span in targets:
                yield Link(holder, target, sign, "adjective", adjective, span)
        return
    verb = adjective.head
    if verb.pos_ in ("VERB", "AUX") and _asserted(verb):
        yield from _from_subject(verb, targets, sign, "adjective", index, cue=adjective)


def _participle_links(participle: Token, index: ActorTokens) -> Iterable[Link]:
    """"US-backed Kurdish militias": the compound before the hyphen backs the noun."""
    holders = [t for c in children(participle) if c.dep_ in ("npadvmod", "compound", "nmod") and c.i < participle.i
               for t in index.actors_of(c, depth=0)]
    sign = _lexicon()["participles"].get(participle.lower_, _lexicon()["participles"].get(participle.lemma_.lower(), 0.0))
    if not holders or not sign:
        return
    described = index.actor_at(participle.head)  # the noun it describes, not that noun's conjuncts
    for target, span in [described] if described is not None else []:
        for holder, _span in holders[:1]:
            yield Link(holder, target, sign, "participle", participle, span)


def _from_subject(verb: Token, targets: list[tuple[str, Span]], sign: float, kind: str, index: ActorTokens,
                  cue: Optional[Token] = None, passive_holder: bool = False) -> Iterable[Link]:
    """Links from the verb's subject (None: the voice, for "I"/"we"; no subject, no link) to each target
    (``passive_holder``: a passive subject counts, "X is aligned with Y")."""
    if not targets:
        return
    subject = _subject(verb, passive_holder)
    if subject is None:
        return  # no one is said to evaluate: "superdelegates backing Clinton" is read through acl
    if _first_person(subject):
        holder = None  # the voice: the quote's, statement's or comment's speaker
    else:
        found = index.holders_of(subject)
        if not found:
            return
        holder = found[0][0]
        if subject.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
            holder = found[0][0]
    for target, span in targets:
        yield Link(holder, target, sign, kind, cue if cue is not None else verb, span)
    # "A and B attacked each other": both ways, handled by the conjunct subjects.
    if subject is not None:
        for conj in (c for c in children(subject) if c.dep_ == "conj"):
            for other, _span in index.actors_of(conj, depth=0):
                for target, span in targets:
                    yield Link(other, target, sign, kind, cue if cue is not None else verb, span)


def _subject(verb: Token, passive: bool = False) -> Optional[Token]:
    """The subject of the verb, or of the verb it is conjoined or subordinated to (``passive``: a
    passive subject too)."""
    deps = ("nsubj", "csubj", "nsubjpass") if passive else ("nsubj", "csubj")
    node = verb
    for _ in range(4):
        subject = next((c for c in children(node) if c.dep_ in deps), None)
        if subject is not None:
            if subject.lower_ in ("who", "which", "that") and node.dep_ == "relcl":
                return node.head
            return subject
        if node.dep_ in ("relcl", "acl"):
            return node.head  # "a rebel group which supported …", "superdelegates backing Clinton"
        if node.dep_ not in ("conj", "xcomp", "advcl") or node.head.i == node.i:
            return None
        node = node.head
    return None


def _asserted(verb: Token) -> bool:
    """Not negated, modal, conditional or only wished for."""
    if any(c.dep_ == "neg" for c in children(verb)):
        return False
    if any(c.dep_ == "aux" and c.lower_ in HYPOTHETICAL for c in children(verb)):
        return False
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in children(verb)):
        return False
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in NOT_ASSERTING:
        return False
    if verb.dep_ in ("xcomp", "conj") and any(c.dep_ == "neg" for c in children(verb.head)):
        return False
    return True


__all__ = ["ActorTokens", "Link", "find_links", "RAW_CONFIDENCE"]
