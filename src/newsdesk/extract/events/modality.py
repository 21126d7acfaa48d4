"""Whether an event happened: negation, the future, conditions, questions, and frames.

PLOVER codes what actors *did*, and a promise, a threat or a demand is itself a deed: "Finland
will give Tanzania a grant" is an AGREE (a commitment to aid), "X plans to impose restrictions"
is a THREATEN, "X urged Y to withdraw" is a REQUEST. So an action under a frame gives two
events: the frame's (real) and the action's (hypothetical, since it has not happened).
``frame_type`` is that mapping, written from the PLOVER definitions of AGREE ("offer, promise …
to cooperate"), CONCEDE ("promise of future concessions … to withdraw"), THREATEN ("coercive
or forceful warnings") and REJECT.
"""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from ...nlp import children, doc_text, sentence_of, span_tokens
from .lexicon import lemma

# Types whose promise is a threat, and types whose promise is a concession.
FORCEFUL = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "THREATEN", "PROTEST", "ACCUSE", "REJECT"})
YIELDING = frozenset({"RETREAT", "CONCEDE"})
FUTURE_AUX = frozenset({"will", "would", "shall", "'ll", "wo"})
OBLIGATION_AUX = frozenset({"must", "should", "ought"})
POSSIBLE_AUX = frozenset({"may", "might", "could"})
CONDITION_MARKS = frozenset({"if", "unless", "whether", "lest"})
NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})


def frame_type(kind: str, action: Optional[str]) -> Optional[str]:
    """The PLOVER type of a frame (commit, plan, refuse, request, threaten) over an action type.

    ``None`` where the frame says nothing by itself (a plan to do an unknown thing).
    """
    if kind == "refuse":
        return "REJECT"
    if kind == "request":
        return "REQUEST"
    if kind == "threaten":
        return "THREATEN"
    if kind in ("commit", "plan"):
        if action in FORCEFUL:
            return "THREATEN"
        if action in YIELDING:
            return "CONCEDE"
        if action is None and kind == "plan":
            return None
        return "AGREE"
    return None


def auxiliaries(verb: Token) -> list[str]:
    """Lower-cased auxiliaries of a verb, including those of the verb it is coordinated with
    ("will meet and sign": "sign" shares "will")."""
    auxes = [c.lower_ for c in children(verb) if c.dep_ in ("aux", "auxpass")]
    if verb.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in children(verb)):
        auxes += [c.lower_ for c in children(verb.head) if c.dep_ in ("aux", "auxpass")]
    return auxes


def is_future(verb: Token) -> bool:
    """will/would/shall, or "going to"."""
    if FUTURE_AUX & set(auxiliaries(verb)):
        return True
    head = verb.head
    return verb.dep_ == "xcomp" and lemma(head) == "go" and head.tag_ == "VBG"


def is_commitment(verb: Token) -> bool:
    """A future its subject commits to: "will"/"shall" ("Finland will give"), or a reported
    "would" ("said they would boycott"), but no "would" of a mere supposition ("how he would
    combat", "the people would decide")."""
    auxes = set(auxiliaries(verb))
    if auxes & {"will", "shall", "'ll", "wo"}:
        return True
    if "would" not in auxes:
        return False
    clause = verb.head if verb.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in children(verb)) else verb
    if any(c.dep_ == "advmod" and c.lower_ in ("how", "when", "why", "where") for c in children(clause)):
        return False
    from .lexicon import lexicon

    return clause.dep_ == "ccomp" and lemma(clause.head) in lexicon().reporting


def has_obligation(verb: Token) -> bool:
    """must/should/ought to/have to: the clause says what someone is to do."""
    if OBLIGATION_AUX & set(auxiliaries(verb)):
        return True
    head = verb.head
    return verb.dep_ == "xcomp" and lemma(head) == "have" and any(c.lower_ == "to" for c in children(verb))


def is_possible(verb: Token) -> bool:
    """may/might/could: a possibility, not a deed."""
    return bool(POSSIBLE_AUX & set(auxiliaries(verb)))


def is_negated(token: Token) -> bool:
    """A negation on the trigger, on its auxiliary chain, or on the noun's determiner ("no attack")."""
    for child in children(token):
        if child.dep_ == "neg" or (child.dep_ in ("advmod", "det", "preconj") and child.lower_ in NEGATORS):
            return True
        if child.dep_ == "dobj" and any(d.dep_ == "det" and d.lower_ == "no" for d in children(child)):
            return True  # "offered no proof"
    # A noun trigger under "without" ("without a fight") or a verb coordinated under a negation.
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "without":
        return True
    if token.dep_ == "conj" and token.pos_ == "VERB" and not any(c.dep_ == "nsubj" for c in children(token)):
        return is_negated(head)
    return False


def is_conditional(verb: Token) -> bool:
    """The clause is a condition ("if they attack"), or its main clause has one ("X will withdraw
    unless …", "if …, X would attack")."""
    for node in (verb, *_clause_ancestors(verb)):
        if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in children(node)):
            return True
        if any(c.dep_ == "advcl" and _conditional_clause(c) for c in children(node)):
            return True
        if node.dep_ not in ("conj", "xcomp"):
            break
    return False


def condition_marks(verb: Token) -> set[str]:
    """The condition words of a verb's own conditional clauses ("unless", "if")."""
    return {m.lower_ for c in children(verb) if c.dep_ == "advcl"
            for m in children(c) if m.dep_ == "mark" and m.lower_ in CONDITION_MARKS}


def _conditional_clause(clause: Token) -> bool:
    return any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in children(clause))


def _clause_ancestors(verb: Token) -> list[Token]:
    out, node = [], verb
    while node.head != node and len(out) < 4:
        node = node.head
        out.append(node)
    return out


def is_question(verb: Token) -> bool:
    """The clause asks: it holds the question mark, or its auxiliary comes before its subject
    in a sentence that ends with one."""
    sent = sentence_of(verb)
    if not doc_text(verb.doc)[sent.start_char:sent.end_char].rstrip().endswith("?"):
        return False
    clause = clause_head(verb)
    if any(t.text == "?" and clause_head(t.head) == clause for t in span_tokens(sent) if t.dep_ == "punct"):
        return True
    subjects = [c.i for c in children(clause) if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    auxes = [c.i for c in children(clause) if c.dep_ in ("aux", "auxpass")] + ([clause.i] if clause.pos_ == "AUX" else [])
    return bool(subjects and auxes and min(auxes) < min(subjects))


def clause_head(token: Token) -> Token:
    """The verb that heads the clause a token is in (the token itself for a clause verb)."""
    node = token
    for _ in range(64):
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("aux", "auxpass", "amod"):
            return node
        if node.head == node:
            return node
        node = node.head
    return node


def is_imperative(verb: Token) -> bool:
    """A bare verb that starts its own clause and has no subject but a vocative: "Fight with us!",
    "Friends of freedom, come to us", "I say to Afghans: join us"."""
    if verb.tag_ != "VB" or verb.pos_ != "VERB":
        return False
    if any(c.dep_ in ("aux", "auxpass", "mark") for c in children(verb)):
        return False
    if verb.dep_ not in ("ROOT", "conj", "xcomp", "ccomp", "parataxis"):
        return False
    if verb.dep_ == "conj" and not is_imperative(verb.head):
        return False
    if verb.dep_ in ("xcomp", "ccomp") and not _after_colon(verb):
        return False
    subject = next((c for c in children(verb) if c.dep_ == "nsubj"), None)
    return subject is None or vocative(verb) is not None


def vocative(verb: Token) -> Optional[Token]:
    """The addressee of an imperative: a subject set off by a comma ("Friends of freedom, come")."""
    doc = verb.doc
    for child in children(verb):
        if child.dep_ in ("nsubj", "npadvmod") and child.i < verb.i and child.lower_ not in ("we", "i", "you"):
            # The comma must stand right between the addressee and the verb: "Friends of
            # freedom, come" (not "India and Pakistan, for instance, spar").
            comma = child.right_edge if child.right_edge.text == "," else doc[child.right_edge.i + 1]
            if comma.text == "," and comma.i + 1 == verb.i:
                return child
    return None


def _after_colon(verb: Token) -> bool:
    """The verb opens what follows a colon ("I say to Afghans: Fight with us!")."""
    doc = verb.doc
    start = verb.left_edge.i
    return start > 0 and doc[start - 1].text == ":"


# Nouns whose "for" names what is wanted or readied, not what happened: "preparations for the
# assault", "a request for support", "plans for a strike".
PURPOSE_NOUNS = frozenset({"preparation", "plan", "request", "call", "demand", "need", "bid", "push", "campaign",
                           "appeal", "proposal", "search", "quest", "drive", "readiness", "pressure", "hope",
                           "option", "case", "ground", "reason", "warrant", "license", "permission", "appetite"})
PURPOSE_DEPS = frozenset({"advcl", "acl", "relcl"})  # "ways to end" parses as relcl


def in_purpose(token: Token, frame_heads: frozenset[int] = frozenset()) -> bool:
    """The token is told as a purpose, not as a deed: inside an adverbial or noun-modifying "to"
    infinitive ("met to discuss security", "ways to end the violence") or a "for" nominal after a
    noun of wanting or readying ("preparations for the assault"). An infinitive a frame governs
    ("urged X to withdraw") is the frame's business (``drafts._apply_modality``), not a purpose.

    Walks up from the token to the first finite clause, at most eight steps."""
    node = token
    for _ in range(8):
        head = node.head
        if node.dep_ == "pobj" and head.lower_ == "for" and head.head.pos_ == "NOUN" \
                and head.head.lemma_.lower() in PURPOSE_NOUNS:
            return True
        if node.pos_ in ("VERB", "AUX") and node.tag_ == "VB" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in children(node)):
            if head.i not in frame_heads and (node.dep_ in PURPOSE_DEPS or _thing_then_infinitive(node)):
                return True
        elif node.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass") for c in children(node)):
            return False  # a finite clause of its own: what it states is stated
        if head == node:
            return False
        node = head
    return False


def _thing_then_infinitive(verb: Token) -> bool:
    """"announced new funds to slow the spread": an infinitive after a verb's object that is a
    thing, not someone (the parser reads it as the verb's xcomp); "prompted Rwanda to deploy"
    has someone to do it and is the verb's own business."""
    if verb.dep_ != "xcomp":
        return False
    from .roles import is_actorlike  # roles reads modality: import at call time

    objects = [c for c in children(verb.head) if c.dep_ == "dobj" and c.i < verb.i]
    return bool(objects) and not any(is_actorlike(o) for o in objects)
