"""Stance: who is for or against whom, from sentence-level sentiment toward a target.

The model (``knowledge/data/stance.npz``) is a three-way (negative / neutral / positive) softmax
regression trained on NewsMTSC train only (``scripts/train_stance.py``): the sentiment a sentence
expresses toward one person it mentions. Its features are the sentence's word and character
n-grams, n-grams with the target masked, the words around the target with their side, and the
target's place in the dependency parse (its head verb, the relation, a negation on that verb), so
the same sentence can be hostile to one target and neutral to another.

``find_stances`` turns sentence scores into the contract's stances:
- the *holder* is the voice a sentence is in: the speaker of the quote or statement that contains
  it, else the reader comment's voice, else the publisher for body text;
- reader comments whose segment has no speaker get the holder id ``comment-<n>`` (n = the comment's
  1-based position among the document's comment segments). The lead's pipeline may create matching
  actors; nothing here requires them;
- the *targets* are the actors mentioned in the sentence, the holder excepted;
- a reported stance ("X declared resistance against Y") is also X's stance toward Y: a cue lexicon
  of opposition and support words (``stance_cues.yaml``) links a subject actor to the actor it is
  for or against, in any voice;
- "both sides" / "either side" in a sentence points at the two parties of the document's main
  conflict (the holder and target of its strongest hostile stance), since that is who it names;
- per (holder, target): polarity = the mean of p(positive) - p(negative) over the evidence
  sentences, clipped to [-1, 1]; evidence = those sentences' spans. Pairs whose evidence is all
  neutral (|polarity| < ``MIN_POLARITY``) are left out.

Optional ensemble (``NEWSDESK_EMBEDDINGS=minilm``, the ``embeddings`` extra): the three
probabilities are the mean of the linear model's and those of a softmax head over frozen
all-MiniLM-L6-v2 vectors of the sentence and of the target's tokens (``stance_embedding.npz``,
built by ``scripts/train_stance_embedding.py``); the persuasion stage uses the same switch.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional, Sequence, Union

import numpy as np
from spacy.tokens import Doc, Span as SpacySpan, Token

from ..knowledge import DATA_DIR, load_data
from ..spans import trim_whitespace
from ..model import Actor, Quote, Segment, Stance
from ..nlp import children, doc_text, sentences as sentences_of, span_text, span_tokens, tokens
from . import embeddings
from .linear import CharText, LinearModel, char_ngrams, word_ngrams, word_tokens

Span = tuple[int, int]
MODEL_FILE = "stance.npz"
EMBEDDING_HEAD_FILE = "stance_embedding.npz"
CUES_FILE = "stance_cues.yaml"
LABELS = ["negative", "neutral", "positive"]
MIN_POLARITY = 0.15
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

    def add(self, score: float, span: Span) -> None:
        self.scores.append(score)
        if span not in self.evidence:
            self.evidence.append(span)

    def polarity(self) -> float:
        return max(-1.0, min(1.0, float(np.mean(self.scores))))


def find_stances(doc: Doc, segments: list[Segment], actors: list[Actor], quotes: list[Quote],
                 publisher_id: Optional[str]) -> list[Stance]:
    """Stances of the document's voices toward the actors they mention, with evidence sentences."""
    pairs: dict[tuple[str, str], _Pair] = {}
    voices = _voices(segments, quotes, publisher_id)
    mentions = _mention_index(actors)
    text = doc_text(doc)
    # Each judgement is (pair, score or the index of a model job, evidence), in document order;
    # the model jobs are scored together afterwards (one batch per document, see LinearModel.decisions).
    judgements: list[tuple[tuple[str, str], Union[float, int], Span]] = []
    jobs: list[tuple[SpacySpan, Span]] = []
    for sent in sentences_of(doc):
        span = trim_whitespace(text, sent.start_char, sent.end_char)
        if span[1] <= span[0]:
            continue
        holder = _holder_at(voices, span)
        present = _actors_in(mentions, span)
        if holder is not None:
            for target, target_span in present:
                if target != holder:
                    judgements.append(((holder, target), len(jobs), span))
                    jobs.append((sent, target_span))
        for cue_holder, target, score in _cued_stances(sent, present):
            if cue_holder != target:
                judgements.append(((cue_holder, target), float(CUE_WEIGHT * score), span))
    scores = _judged_many(jobs)
    for key, score, span in judgements:
        pairs.setdefault(key, _Pair()).add(score if isinstance(score, float) else scores[score], span)
    _add_both_sides(doc, voices, pairs, {publisher_id})
    return _stances(pairs)


def _stances(pairs: dict[tuple[str, str], _Pair]) -> list[Stance]:
    out = []
    for (holder, target), pair in sorted(pairs.items()):
        polarity = pair.polarity()
        if abs(polarity) >= MIN_POLARITY:
            out.append(Stance(holder=holder, target=target, polarity=round(polarity, 3),
                              evidence=[list(s) for s in sorted(pair.evidence)]))
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


def _mention_index(actors: list[Actor]) -> list[tuple[Span, str]]:
    return sorted(((int(m[0]), int(m[1])), a.id) for a in actors for m in a.mentions)


def _actors_in(mentions: list[tuple[Span, str]], span: Span) -> list[tuple[str, Span]]:
    """(actor id, first mention span) of each actor mentioned inside ``span`` (mentions sorted)."""
    found: dict[str, Span] = {}
    for (start, end), actor_id in mentions[bisect_left(mentions, ((span[0], -1), "")):]:
        if start >= span[1]:
            break
        if end <= span[1]:
            found.setdefault(actor_id, (start, end))
    return list(found.items())




def _judged(sent: SpacySpan, target: Span) -> float:
    """The model's polarity toward ``target``, plus judging words next to it, clipped to -1..1.

    Why the judging words: NewsMTSC is US news; words like "hell fire", "martyr" or "occupiers"
    are rare there, and a long sentence dilutes them. A word of the ``judgement`` lexicon within
    ``WINDOW_CUE`` tokens of the target adds ``CUE_WEIGHT`` in its direction.
    """
    return max(-1.0, min(1.0, target_polarity(sent, target) + CUE_WEIGHT * _window_sign(sent, target)))


def _judged_many(jobs: Sequence[tuple[SpacySpan, Span]]) -> list[float]:
    """``_judged`` of many (sentence, target) pairs, with the model run once over all of them."""
    if not jobs:
        return []
    probs = probabilities_many(jobs)
    polarity = probs[:, LABELS.index("positive")] - probs[:, LABELS.index("negative")]
    return [max(-1.0, min(1.0, float(p) + CUE_WEIGHT * _window_sign(sent, target)))
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


def _cued_stances(sent: SpacySpan, present: list[tuple[str, Span]]) -> Iterable[tuple[str, str, float]]:
    """(holder, target, ±1) where an actor is the subject of a stance word aimed at another actor."""
    if len(present) < 2:
        return []
    # Token index → actor, for the tokens that start inside a mention (char_span narrows the scan
    # to the mention instead of the whole sentence per mention).
    at = {}
    doc = sent.doc
    for actor, (s, e) in present:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            at.update((i, actor) for i in range(max(span.start, sent.start), min(span.end, sent.end))
                      if s <= doc[i].idx < e)
    found = []
    for token in span_tokens(sent):
        if token.i not in at or token.dep_ not in ("pobj", "dobj", "nsubjpass"):
            continue
        sign = _cue_sign(token)
        subject = _subject_actor(token, at) if sign else None
        if subject is not None:
            found.append((subject, at[token.i], sign))
    return found


def _cue_sign(target: Token) -> float:
    """±1 when ``target`` is the object of a stance verb or of a stance noun's preposition."""
    cues = _cues()
    head = target.head
    if target.dep_ == "pobj" and head.dep_ == "prep":
        if head.lower_ in cues["preps"]:
            return cues["preps"][head.lower_]
        return _word_sign(head.head)
    return _word_sign(head) if head.pos_ in ("VERB", "AUX") else 0.0


def _word_sign(token: Token) -> float:
    """The stance sign of a verb or noun of the cue lexicon ('allies' the noun is not 'ally' the verb)."""
    cues = _cues()
    kind = "verbs" if token.pos_ in ("VERB", "AUX") else "nouns" if token.pos_ in ("NOUN", "PROPN") else None
    return cues[kind].get(token.lemma_.lower(), 0.0) if kind else 0.0


def _subject_actor(target: Token, at: dict[int, str]) -> Optional[str]:
    """The actor that is the subject of the clause governing ``target``."""
    node = target
    for _ in range(6):
        node = node.head
        for child in children(node):
            if child.dep_ in ("nsubj", "nsubjpass", "agent") and child.i in at:
                return at[child.i]
        if node.head.i == node.i:
            break
    return None


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
        score = _judged(sent, target_span)
        for party in parties:
            if party != holder:
                pairs.setdefault((holder, party), _Pair()).add(score, span)
