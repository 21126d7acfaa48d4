"""Is it an event at all? The probability that a coded draft reports a real interaction.

A trigger word is not yet an event: "a car crash killed two" (an accident), "the Rs beat
Fulham" (sport), "shares retreated" (a market), "known for his gunrunning" (a profile), "an
economic war" (a metaphor), "Mansfield Reads" (a title) all hold one. A small logistic model
(``knowledge/data/eventness.npz``, built by ``scripts/train_eventness.py``) weighs what the
parse tells about the draft: the trigger's kind, lemma, tag and dependency, whether its roles
were found and are actors of the document, its modality, and the words of its sentence.

Trained on hand-labelled drafts of corpus sentences outside the realnews documents
(``scripts/data/event_labels.jsonl``: document id, sentence offsets, trigger offset, label;
never the text) as negatives and positives, plus the drafts that match the gold type of
NGEC's PLOVER-labelled training stories as positives.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

from spacy.tokens import Token

from ...analysis.linear import LinearModel, word_tokens
from ...knowledge import DATA_DIR
from .lexicon import lemma

MODEL_FILE = "eventness.npz"
# Drafts below this probability are no event (chosen for precision; docs/EVALUATION.md).
MIN_PROBABILITY = 0.5


def _role_key(token: Optional[Token], actor_id: Optional[str]) -> str:
    """What fills a role: nothing, a known actor, a name, a pronoun, or a common noun."""
    if token is None:
        return "none"
    if actor_id is not None:
        return "actor"
    if token.ent_type_:
        return "ent_" + token.ent_type_
    return token.pos_.lower()


def draft_keys(draft, actor_id: Optional[str], recipient_id: Optional[str], in_title: bool,
               n_drafts: int) -> list[str]:
    """Feature keys of one draft: ``f:`` structure, ``w:`` the words of its sentence."""
    token = draft.token
    kind, dep, kind_type = draft.kind, token.dep_, draft.type
    lem = lemma(token)
    actor = _role_key(draft.actor, actor_id)
    recipient = _role_key(draft.recipient, recipient_id)
    keys = [f"f:kind={kind}", f"f:dep={dep}", f"f:type={kind_type}", f"f:kd={kind}_{dep}", f"f:tk={kind_type}_{kind}",
            f"f:lem={lem}", f"f:lt={lem}_{kind_type}", f"f:tag={token.tag_}", f"f:actor={actor}",
            f"f:rec={recipient}", f"f:roles={actor != 'none'}_{recipient != 'none'}",
            f"f:ids={actor_id is not None}_{recipient_id is not None}", f"f:hyp={draft.hypothetical}",
            f"f:neg={draft.negated}", f"f:title={in_title}", f"f:ent={token.ent_type_ or '-'}",
            f"f:upper={token.text[:1].isupper() and token.i != token.sent.start}", f"f:n={min(n_drafts, 5)}"]
    keys += _noun_keys(token) if token.pos_ in ("NOUN", "PROPN") else []
    words = word_tokens(token.sent.text)
    keys += [f"w:{w}" for w in words]
    digits = sum(w.isdigit() for w in words)
    keys.append(f"f:digits={min(digits, 4)}")
    return keys


def _noun_keys(token: Token) -> list[str]:
    """An event noun's anchoring: "the attack", "Israel's strike", "two attacks" name one
    incident; a bare plural or mass noun ("attacks surged", "torture is on the rise") is a trend;
    what it hangs on tells which ("preparations for the assault", "the war came to an end")."""
    det = "none"
    for child in token.lefts:
        if child.dep_ == "poss":
            det = "poss"
        elif child.dep_ == "det" and det == "none":
            det = "def" if child.lower_ in ("the", "this", "that", "these", "those") else "indef"
        elif child.dep_ == "nummod" and det == "none":
            det = "num"
    head = token.head
    return [f"f:det={det}", f"f:detnum={det}_{token.tag_}", f"f:hd={head.pos_}_{token.dep_}",
            f"f:hl={lemma(head) if head != token else '-'}"]


@lru_cache(maxsize=1)
def _model() -> Optional[LinearModel]:
    path = DATA_DIR / MODEL_FILE
    return LinearModel.load(path) if path.exists() else None


def event_probability(keys: list[str]) -> float:
    """P(the draft reports a real event); 1.0 when the model file is absent."""
    model = _model()
    if model is None:
        return 1.0
    return float(model.probabilities(keys)[0])
