"""Stance: who is for or against whom, from sentence-level sentiment toward a target.

The model (``knowledge/data/stance.npz``) is a three-way (negative / neutral / positive) softmax
regression trained on NewsMTSC train only (``scripts/train_stance.py``): the sentiment a sentence
expresses toward one person it mentions. Its features are the sentence's word and character
n-grams, n-grams with the target masked, the words around the target with their side, and the
target's place in the dependency parse (its head verb, the relation, a negation on that verb), so
the same sentence can be hostile to one target and neutral to another.

``find_stances`` records only stated stances (``stance_links``): an evaluative verb, noun,
adjective, participle or label links a holder and a target by syntax ("X condemned Y", "X's
support for Y", "US-backed forces", "called Y a terrorist"); two names in one sentence are not a
stance. The holder of a first-person evaluation is the voice it stands in (the quote's, relayed
statement's or reader comment's speaker; an unnamed commenter is ``comment-<n>``, n its 1-based
position among the comment segments). The model gives the polarity toward the linked target,
pulled ``CUE_WEIGHT`` toward the cue's sign; a link the model contradicts is dropped.
"Both sides" / "either side" beside a judging word in a voice's sentence points at the two parties
of the document's most hostile stated stance. Per (holder, target): polarity = the mean over the
evidence, evidence = the sentences' spans, ``confidence`` = the best link's raw confidence
(``stance_links.RAW_CONFIDENCE``; calibrated by ``newsdesk.confidence``).

Optional ensemble (``NEWSDESK_EMBEDDINGS=minilm``, the ``embeddings`` extra): the three
probabilities are the mean of the linear model's and those of a softmax head over frozen
all-MiniLM-L6-v2 vectors of the sentence and of the target's tokens (``stance_embedding.npz``,
built by ``scripts/train_stance_embedding.py``); the persuasion stage uses the same switch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Optional, Sequence, Union

import numpy as np
from spacy.tokens import Doc, Span as SpacySpan, Token

from ..knowledge import DATA_DIR, load_data
from ..spans import trim_whitespace
from ..model import Actor, Quote, Segment, Stance
from ..nlp import children, doc_text, sentences as sentences_of, span_text, span_tokens, tokens
from . import embeddings
from .stance_links import RAW_CONFIDENCE, ActorTokens, Link, find_links
from .linear import CharText, LinearModel, char_ngrams, word_ngrams, word_tokens

Span = tuple[int, int]
MODEL_FILE = "stance.npz"
EMBEDDING_HEAD_FILE = "stance_embedding.npz"
CUES_FILE = "stance_cues.yaml"
LABELS = ["negative", "neutral", "positive"]
MIN_POLARITY = 0.15
# Links whose cue is a verb with holder and target as its arguments: their sign is stated, the model
# only weighs it (a near-cancelled one stays at MIN_POLARITY instead of vanishing).
STATED_KINDS = ("verb", "prep_verb")
# How strongly a stance cue ("resistance against", "condemn") counts next to the model's score.
CUE_WEIGHT = 0.6
# Context words kept on each side of the target (8 beat 4 on dev: 0.715 vs 0.703 macro-F1).
WINDOW = 8
WINDOW_CUE = 8
TARGET = "<t>"
_BOTH_SIDES = re.compile(r"\b(?:both|either|neither|all) (?:sides|parties|camps)\b", re.IGNORECASE)


# --- features ---------------------------------------------------------------------------------------

def target_keys(sent: SpacySpan, target: Span) -> list[str]:
    """Feature keys for the sentiment of sentence ``sent`` toward the characters ``target``, as
    training sees them."""
    keys, chars = target_features(sent, target)
    return keys + char_ngrams(chars.text, chars.n_min, chars.n_max, chars.prefix)


def target_features(sent: SpacySpan, target: Span) -> tuple[list[str], CharText]:
    """The features of ``target_keys``, with the character n-grams left unexpanded for the model."""
    offset = sent.start_char
    text = doc_text(sent.doc)[offset:sent.end_char]
    local = (max(0, target[0] - offset), min(len(text), target[1] - offset))
    before, after = word_tokens(text[:local[0]]), word_tokens(text[local[1]:])
    masked = before + [TARGET] + after
    keys = word_ngrams(word_tokens(text), 2, "w")
    keys += [k for k in word_ngrams(masked, 3, "m") if TARGET in k]
    keys += [f"l:{t}" for t in before[-WINDOW:]] + [f"r:{t}" for t in after[:WINDOW]]
    keys += _parse_keys(sent, target)
    return keys, CharText(text, 3, 5)


def _parse_keys(sent: SpacySpan, target: Span) -> list[str]:
    """The target's grammatical situation: relation, head lemma, negation, speech, subject of what."""
    tokens = [t for t in span_tokens(sent) if target[0] <= t.idx < target[1]]
    if not tokens:
        return ["d:none"]
    root = _span_root(tokens)
    head = root.head
    keys = [f"d:{root.dep_}", f"d:{root.dep_}>{head.lemma_.lower()}", f"d:head>{head.lemma_.lower()}"]
    if head.dep_ == "prep" or root.dep_ == "pobj":
        governor = head.head
        keys += [f"d:prep>{head.lower_}>{governor.lemma_.lower()}", f"d:gov>{governor.lemma_.lower()}"]
        head = governor
    verb = head if head.pos_ in ("VERB", "AUX") else None
    if verb is not None:
        if any(c.dep_ == "neg" for c in children(verb)):
            keys.append(f"d:neg>{verb.lemma_.lower()}")
        keys += [f"d:obj>{c.lemma_.lower()}" for c in children(verb) if c.dep_ in ("dobj", "attr", "acomp", "oprd")]
    keys += [f"d:mod>{c.lemma_.lower()}" for c in children(root) if c.dep_ in ("amod", "appos", "compound") and c.i < root.i + 4]
    keys.append(f"d:quoted{int(_inside_quotes(span_text(sent), target[0] - sent.start_char))}")
    return keys


def _span_root(tokens: list[Token]) -> Token:
    """The token of a multi-token mention whose head lies outside it."""
    ids = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in ids or t.head.i == t.i), tokens[-1])


def _inside_quotes(text: str, at: int) -> bool:
    """Whether position ``at`` sits inside double quotation marks of ``text``."""
    before = text[:max(0, at)]
    return (before.count('"') % 2 == 1) or before.count("“") > before.count("”")


# --- the model ------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _model() -> LinearModel:
    return LinearModel.load(DATA_DIR / MODEL_FILE)


def target_probabilities(sent: SpacySpan, target: Span) -> np.ndarray:
    """p(negative), p(neutral), p(positive) of sentence ``sent`` toward ``target``."""
    return probabilities_many([(sent, target)])[0]


def probabilities_many(jobs: Sequence[tuple[SpacySpan, Span]]) -> np.ndarray:
    """``target_probabilities`` of many (sentence, target) pairs (n × 3, in ``LABELS`` order), each
    model run once over all of them; with embeddings switched on, the ensemble's mean."""
    model = _model()
    probs = model.probabilities_many([target_features(sent, target) for sent, target in jobs])
    probs = probs[:, [model.labels.index(label) for label in LABELS]]
    if not jobs or not embeddings.enabled():
        return probs
    texts = [doc_text(sent.doc)[sent.start_char:sent.end_char] for sent, _target in jobs]
    local = [(target[0] - sent.start_char, target[1] - sent.start_char) for sent, target in jobs]
    head = embeddings.load_head(EMBEDDING_HEAD_FILE)
    dense = head.probabilities(embeddings.encode_targets(texts, local))
    return (probs + dense[:, [head.labels.index(label) for label in LABELS]]) / 2.0


def target_polarity(sent: SpacySpan, target: Span) -> float:
    """p(positive) - p(negative): the model's polarity toward ``target`` in -1..1."""
    probs = target_probabilities(sent, target)
    return float(probs[2] - probs[0])


# --- holders, targets, aggregation -----------------------------------------------------------------

@dataclass
class _Pair:
    scores: list[float] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)
    raw: list[float] = field(default_factory=list)

    def add(self, score: float, span: Span, raw: float = 0.5) -> None:
        self.scores.append(score)
        self.raw.append(raw)
        if span not in self.evidence:
            self.evidence.append(span)

    def polarity(self) -> float:
        return max(-1.0, min(1.0, float(np.mean(self.scores))))


def find_stances(doc: Doc, segments: list[Segment], actors: list[Actor], quotes: list[Quote],
                 publisher_id: Optional[str],
                 resolve_pronoun: Optional[Callable[[Span], Optional[str]]] = None) -> list[Stance]:
    """Stated stances (``stance_links``): holder → target where an evaluative word links them.

    The polarity is the target-sentiment model's toward the target in the evidence sentence, pulled
    ``CUE_WEIGHT`` toward the cue's sign; a link the model contradicts outright is dropped. The
    holder of a first-person or subject-less evaluation is the voice it stands in (a quote's,
    statement's or comment's speaker); the publisher's narration holds no judgement of its own.
    ``resolve_pronoun`` (the actor layer's, as for "he said") gives a subject pronoun's antecedent.
    """
    pairs: dict[tuple[str, str], _Pair] = {}
    voices = [v for v in _voices(segments, quotes, publisher_id) if v[2] > 0]
    index = ActorTokens(doc, actors, resolve_pronoun)
    text = doc_text(doc)
    found: list[tuple[str, Link, Span]] = []
    jobs: list[tuple[SpacySpan, Span]] = []
    for sent in sentences_of(doc):
        span = trim_whitespace(text, sent.start_char, sent.end_char)
        if span[1] <= span[0]:
            continue
        for link in find_links(sent, index):
            holder = link.holder or _holder_at(voices, (link.cue.idx, link.cue.idx + len(link.cue)))
            if holder is None or holder == link.target:
                continue
            found.append((holder, link, span))
            jobs.append((sent, link.target_span))
    scores = _judged_many(jobs, with_window=False)
    for (holder, link, span), model_score in zip(found, scores):
        score = max(-1.0, min(1.0, model_score + CUE_WEIGHT * link.sign))
        if score * link.sign <= 0:
            continue  # the model reads the sentence the other way round: not a clear statement
        if link.kind in STATED_KINDS and abs(score) < MIN_POLARITY:
            # "X defended the party's actions, saying the account was linked to it": the model reads
            # the sentence's sentiment toward the party; the verb states X's side. Kept, weakest.
            score = MIN_POLARITY * link.sign
        raw = RAW_CONFIDENCE[link.kind] + 0.15 * link.sign * model_score
        pairs.setdefault((holder, link.target), _Pair()).add(score, span, raw)
    _add_both_sides(doc, voices, pairs, {publisher_id})
    return _stances(pairs)


def _stances(pairs: dict[tuple[str, str], _Pair]) -> list[Stance]:
    out = []
    for (holder, target), pair in sorted(pairs.items()):
        polarity = pair.polarity()
        if abs(polarity) >= MIN_POLARITY:
            out.append(Stance(holder=holder, target=target, polarity=round(polarity, 3),
                              evidence=[list(s) for s in sorted(pair.evidence)],
                              confidence=round(max(0.0, min(1.0, max(pair.raw))), 3)))
    return out


def _voices(segments: list[Segment], quotes: list[Quote], publisher_id: Optional[str]) -> list[tuple[Span, str, int]]:
    """(span, holder id, rank) of every voice region; the narrowest region containing a sentence wins."""
    voices = []
    comment_number = 0
    for segment in segments:
        if segment.kind == "comment":
            comment_number += 1
            voices.append(((segment.start, segment.end), segment.speaker or f"comment-{comment_number}", 1))
        elif segment.kind == "statement" and segment.speaker:
            voices.append(((segment.start, segment.end), segment.speaker, 1))
        elif publisher_id and segment.kind in ("body", "headline"):
            voices.append(((segment.start, segment.end), publisher_id, 0))
    voices += [((q.start, q.end), q.speaker, 2) for q in quotes if q.speaker]
    return voices


def _holder_at(voices: list[tuple[Span, str, int]], span: Span) -> Optional[str]:
    """The voice of a sentence: the innermost quote or segment holding most of it."""
    best = None
    for (start, end), holder, rank in voices:
        inside = min(end, span[1]) - max(start, span[0])
        if inside * 2 >= span[1] - span[0]:
            key = (rank, -(end - start))
            if best is None or key > best[0]:
                best = (key, holder)
    return best[1] if best else None


def _judged(sent: SpacySpan, target: Span) -> float:
    """The model's polarity toward ``target``, plus judging words next to it, clipped to -1..1.

    Why the judging words: NewsMTSC is US news; words like "hell fire", "martyr" or "occupiers"
    are rare there, and a long sentence dilutes them. A word of the ``judgement`` lexicon within
    ``WINDOW_CUE`` tokens of the target adds ``CUE_WEIGHT`` in its direction.
    """
    return max(-1.0, min(1.0, target_polarity(sent, target) + CUE_WEIGHT * _window_sign(sent, target)))


def _judged_many(jobs: Sequence[tuple[SpacySpan, Span]], with_window: bool = True) -> list[float]:
    """``_judged`` of many (sentence, target) pairs, with the model run once over all of them
    (``with_window=False``: the model's polarity alone)."""
    if not jobs:
        return []
    probs = probabilities_many(jobs)
    polarity = probs[:, LABELS.index("positive")] - probs[:, LABELS.index("negative")]
    return [max(-1.0, min(1.0, float(p) + (CUE_WEIGHT * _window_sign(sent, target) if with_window else 0.0)))
            for p, (sent, target) in zip(polarity, jobs)]


def _window_sign(sent: SpacySpan, target: Span) -> float:
    """-1, 0 or +1: the balance of judging words within ``WINDOW_CUE`` tokens of ``target``."""
    inside = [t.i for t in span_tokens(sent) if target[0] <= t.idx < target[1]]
    if not inside:
        return 0.0
    lexicon = _cues()["judgement"]
    low, high = max(sent.start, inside[0] - WINDOW_CUE), min(sent.end, inside[-1] + WINDOW_CUE + 1)
    total = sum(lexicon.get(t.lower_, 0.0) for t in tokens(sent.doc)[low:high])
    return float(np.sign(total))


# --- reported stances ("X fights against Y") -------------------------------------------------------

@lru_cache(maxsize=1)
def _cues() -> dict[str, dict[str, float]]:
    """Word → polarity for stance words, by kind (verbs, nouns, preps, judgement)."""
    data = load_data(CUES_FILE)
    return {kind: {lemma: float(sign) for sign_name, sign in (("against", -1), ("for", 1))
                   for lemma in data.get(kind, {}).get(sign_name, [])}
            for kind in ("verbs", "nouns", "preps", "judgement")}


def _add_both_sides(doc: Doc, voices: list[tuple[Span, str, int]], pairs: dict[tuple[str, str], _Pair],
                    outsiders: set[Optional[str]]) -> None:
    """'Both sides' in a voice's sentence is that voice's stance toward the two main parties.

    The parties are the holder and target of the most hostile relation between two actors of the
    story, by summed hostility over its evidence (the publisher and reader comments are observers,
    not parties).
    """
    hostile = [(float(np.sum(p.scores)), key) for key, p in pairs.items()
               if np.mean(p.scores) < 0 and key[0] not in outsiders and not key[0].startswith("comment-")]
    if not hostile:
        return
    parties = list(min(hostile)[1])
    text = doc_text(doc)
    if not _BOTH_SIDES.search(text):
        return
    for sent in sentences_of(doc):
        match = _BOTH_SIDES.search(text, sent.start_char, sent.end_char)
        if not match:
            continue
        span = trim_whitespace(text, sent.start_char, sent.end_char)
        holder = _holder_at(voices, span)
        if holder is None:
            continue
        target_span = (match.start(), match.end())
        sign = _window_sign(sent, target_span)
        score = _judged(sent, target_span)
        if not sign or score * sign <= 0:
            continue  # "both sides" with no judging word beside it judges nobody
        for party in parties:
            if party != holder:
                pairs.setdefault((holder, party), _Pair()).add(score, span, RAW_CONFIDENCE["judgement"])
