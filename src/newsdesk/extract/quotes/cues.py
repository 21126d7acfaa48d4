"""The trained scorer of candidate attributions: how likely a cue in a given frame reports speech.

``knowledge/data/quote_cues.json`` is built by ``scripts/train_quotes.py`` from PolNeAR train only:
a logistic regression over sparse binary features of a candidate (cue lemma, frame and their pair,
cue tag and dependency, who the speaker is, content length and shape). ``find_quotes`` keeps a
candidate whose probability reaches the stored threshold. The weights are plain JSON (feature ->
weight) so the package needs no model library at run time.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from spacy.tokens import Doc

from ...nlp import children, doc_text, span_tokens
from .rules import Candidate

LEXICON_PATH = Path(__file__).resolve().parents[2] / "knowledge" / "data" / "quote_cues.json"
_LENGTH_BUCKETS = (1, 2, 4, 8, 16, 32, 64)
_MODALS = {"would", "could", "may", "might", "should", "will", "can", "must"}
_CONTENT_OPENERS = {"that", "whether", "if", "to", "how", "what", "why", "who", "when"}
_PRONOUN_KINDS = {"i", "we", "you", "it", "they"}


def candidate_features(doc: Doc, candidate: Candidate) -> list[str]:
    """The binary features of one candidate, as strings (the same at training and run time)."""
    frame = candidate.frame
    features = [f"frame={frame}", f"lemma={candidate.lemma}", f"lemma|frame={candidate.lemma}|{frame}",
                f"kind={candidate.kind}"]
    content = doc_text(doc)[candidate.content[0]:candidate.content[1]]
    words = content.split()
    length = next((b for b in _LENGTH_BUCKETS if len(words) <= b), 99)
    features += [f"len={length}", f"frame|len={frame}|{length}"]
    if words and words[0].lower() in _CONTENT_OPENERS:
        features.append(f"opens={words[0].lower()}")
    if candidate.region is not None:
        features.append("whole_region")
    elif any(mark in content for mark in "“”\""):
        features.append("partly_quoted")
    if doc_text(doc).find("\n", 0, candidate.content[0]) < 0:
        features.append(f"first_line|{frame}")
    features += _content_shape(doc, candidate)
    features += _cue_features(doc, candidate)
    speaker = _speaker_kind(doc, candidate)
    features += [f"speaker={speaker}", f"frame|speaker={frame}|{speaker}"]
    return features


def _content_shape(doc: Doc, candidate: Candidate) -> list[str]:
    """Whether the content is a clause (a verb with a subject) or a phrase, and its root's kind:
    an object frame reports something far more often when its object is a clause or a quote."""
    span = doc.char_span(candidate.content[0], candidate.content[1], alignment_mode="expand")
    if span is None or len(span) == 0:
        return ["shape=none"]
    clause = any(t.dep_ in ("nsubj", "nsubjpass", "expl") and t.head.i in range(span.start, span.end) for t in span_tokens(span))
    shape = "clause" if clause else "phrase"
    return [f"shape={shape}", f"frame|shape={candidate.frame}|{shape}", f"lemma|shape={candidate.lemma}|{shape}",
            f"root={span.root.pos_}"]


def _cue_features(doc: Doc, candidate: Candidate) -> list[str]:
    if candidate.cue_token is None:
        return ["no_cue_token"]
    cue = doc[candidate.cue_token]
    frame = candidate.frame
    deps = {c.dep_ for c in children(cue)}
    features = [f"tag={cue.tag_}", f"frame|tag={frame}|{cue.tag_}", f"dep={cue.dep_}",
                f"frame|dep={frame}|{cue.dep_}"]
    if "neg" in deps:
        features.append("negated")
    if "auxpass" in deps:
        features.append(f"passive|{frame}")
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in children(cue)):
        features.append("modal")
    side = "after" if candidate.content[0] >= cue.idx else "before" if candidate.content[1] <= cue.idx else "around"
    features += [f"side={side}", f"frame|side={frame}|{side}", f"lemma|side={candidate.lemma}|{side}"]
    return features


def _speaker_kind(doc: Doc, candidate: Candidate) -> str:
    if candidate.speaker_span is None:
        return "none"
    span = doc.char_span(*candidate.speaker_span, alignment_mode="expand")
    if span is None or len(span) == 0:
        return "none"
    if any(t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") for t in span_tokens(span)):
        return "entity"
    if any(t.pos_ == "PROPN" for t in span_tokens(span)):
        return "proper"
    if len(span) == 1 and span[0].pos_ == "PRON":
        word = span[0].lower_
        return f"pron_{word}" if word in _PRONOUN_KINDS else "pron_3"
    return "noun"


@dataclass(frozen=True)
class CueScorer:
    """Logistic-regression weights over ``candidate_features`` and the keep threshold."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, features: Iterable[str]) -> float:
        """P(the candidate is an attribution) under the model."""
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def scored(self, doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
        """The candidates with their ``score`` set."""
        return [replace(c, score=self.probability(candidate_features(doc, c))) for c in candidates]


def scorer_from_json(data: dict) -> CueScorer:
    """Build a scorer from the JSON object ``scripts/train_quotes.py`` writes."""
    return CueScorer({k: float(v) for k, v in data["weights"].items()}, float(data["bias"]), float(data["threshold"]))


@lru_cache(maxsize=2)
def load_scorer(path: str = str(LEXICON_PATH)) -> CueScorer:
    """The scorer shipped with the package (read once per process)."""
    with open(path, encoding="utf-8") as handle:
        return scorer_from_json(json.load(handle))
