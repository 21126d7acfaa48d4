"""Persuasion techniques (SemEval-2023 Task 3, subtask 3 label set) per paragraph and sentence.

The model is a one-vs-rest logistic regression over word and character n-grams (``linear``),
trained on the English SemEval-2023 train split only (``scripts/train_techniques.py``), with one
probability threshold per technique. It runs on paragraphs: the lines of each segment, which is how
the SemEval articles are segmented too.

Output, one ``Technique`` per (technique, span):
- paragraph level: every technique the classifier finds in a paragraph, with the paragraph's span;
- sentence level: where a multi-sentence paragraph has a sentence that carries the technique by
  itself (its own score passes the threshold), the span is that sentence instead; a technique that
  no single sentence carries stays on the paragraph. So a span is always either a whole paragraph
  or a whole sentence, and the set of techniques of a paragraph is the union of what lies in it.
- cues: a short, documented lexicon (``knowledge/data/technique_cues.yaml``) of phrases that are
  textbook instances of a technique ("our national hero", "hell fire", "we will never give up").
  A cue only lowers the bar: the classifier's probability must still reach ``CUE_FACTOR`` × its
  threshold, and the span is the sentence that holds the cue.

Repetition is a property of the article, not of a paragraph: the features include how much of a
paragraph's wording recurs in the document's other paragraphs.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np
from spacy.tokens import Doc

from ..knowledge import DATA_DIR, load_data
from ..model import Segment, Technique
from .linear import LinearModel, char_ngrams, word_ngrams, word_tokens

TECHNIQUES = [
    "Appeal_to_Authority", "Appeal_to_Fear-Prejudice", "Appeal_to_Hypocrisy", "Appeal_to_Popularity",
    "Appeal_to_Time", "Appeal_to_Values", "Causal_Oversimplification", "Consequential_Oversimplification",
    "Conversation_Killer", "Doubt", "Exaggeration-Minimisation", "False_Dilemma-No_Choice", "Flag_Waving",
    "Guilt_by_Association", "Loaded_Language", "Name_Calling-Labeling", "Obfuscation-Vagueness-Confusion",
    "Questioning_the_Reputation", "Red_Herring", "Repetition", "Slogans", "Straw_Man", "Whataboutism",
]
MODEL_FILE = "techniques.npz"
CUES_FILE = "technique_cues.yaml"
# A cue phrase lowers the probability a technique needs to this share of its threshold.
CUE_FACTOR = 0.35
# Words too common to make a repetition: a paragraph repeating "the" says nothing.
_STOP = frozenset("""a an the and or but of to in on at for with by from as is are was were be been being it its this
that these those he she they we you i his her their our your my me him them us not no so if then than there here
has have had do does did will would can could should may might must said says say also just about into over more
most very up out all any some what which who whom whose when where why how s t""".split())
WORD_N = 2
CHAR_RANGE = (2, 5)


def paragraph_keys(text: str, others: Sequence[str] = ()) -> list[str]:
    """Feature keys of one paragraph; ``others`` are the other paragraphs of the same document."""
    tokens = word_tokens(text)
    keys = list(word_ngrams(tokens, WORD_N))
    keys += char_ngrams(text, *CHAR_RANGE)
    keys += _shape_keys(text, tokens)
    keys += _repetition_keys(tokens, others)
    return keys


def _shape_keys(text: str, tokens: list[str]) -> list[str]:
    """Length, exclamations, questions, quotes, capitals: the typography of persuasion."""
    letters = [c for c in text if c.isalpha()]
    upper = sum(c.isupper() for c in letters) / len(letters) if letters else 0.0
    words = len([t for t in tokens if t[0].isalnum()])
    keys = [f"s:len{min(words // 5, 12)}", f"s:upper{min(int(upper * 10), 5)}"]
    keys += [f"s:{name}" for name, mark in (("excl", "!"), ("quest", "?"), ("quote", '"')) if mark in tokens]
    if words <= 8:
        keys.append("s:short")
    return keys


def _repetition_keys(tokens: list[str], others: Sequence[str]) -> list[str]:
    """How much of the paragraph's wording recurs elsewhere in the document (bucketed)."""
    if not others:
        return ["r:none"]
    content = [t for t in tokens if t[0].isalnum() and t not in _STOP and len(t) > 2]
    elsewhere: Counter[str] = Counter()
    elsewhere_bigrams: set[tuple[str, str]] = set()
    for other in others:
        other_content = [t for t in word_tokens(other) if t[0].isalnum() and t not in _STOP and len(t) > 2]
        elsewhere.update(set(other_content))
        elsewhere_bigrams.update(zip(other_content, other_content[1:]))
    keys = []
    frequent = [t for t in set(content) if elsewhere[t] >= 2]
    keys.append(f"r:words{min(len(frequent), 6)}")
    shared = sum(1 for pair in set(zip(content, content[1:])) if pair in elsewhere_bigrams)
    keys.append(f"r:bigrams{min(shared, 4)}")
    if frequent:
        keys.append(f"r:most{min(max(elsewhere[t] for t in frequent), 8)}")
    return keys


@lru_cache(maxsize=1)
def _model() -> LinearModel:
    return LinearModel.load(DATA_DIR / MODEL_FILE)


@lru_cache(maxsize=1)
def _cues() -> list[tuple[str, re.Pattern]]:
    """(technique, compiled pattern) for every cue phrase in the lexicon."""
    entries = load_data(CUES_FILE)
    return [(technique, re.compile(pattern, re.IGNORECASE))
            for technique, patterns in entries.items() for pattern in patterns]


def paragraphs_of(text: str, segments: Sequence[Segment]) -> list[tuple[int, int]]:
    """The non-empty lines of every segment (the whole text when there are no segments).

    Why lines: SemEval articles are segmented into paragraphs by line, and in news text a line is
    the unit a writer builds one point in.
    """
    regions = [(s.start, s.end) for s in segments] or [(0, len(text))]
    spans = []
    for start, end in sorted(set(regions)):
        for match in re.finditer(r"[^\n]+", text[start:end]):
            s, e = _strip(text, start + match.start(), start + match.end())
            if e > s:
                spans.append((s, e))
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def score_paragraphs(texts: Sequence[str]) -> np.ndarray:
    """Technique probabilities (n_paragraphs × n_labels of the model) for one document's paragraphs."""
    model = _model()
    rows = [model.probabilities(paragraph_keys(t, [o for j, o in enumerate(texts) if j != i]))
            for i, t in enumerate(texts)]
    return np.vstack(rows) if rows else np.zeros((0, len(model.labels)))


def find_techniques(doc: Doc, segments: list[Segment]) -> list[Technique]:
    """Persuasion techniques in the document's paragraphs, localised to sentences where possible."""
    text = doc.text
    paragraphs = paragraphs_of(text, segments)
    texts = [text[s:e] for s, e in paragraphs]
    probabilities = score_paragraphs(texts)
    model = _model()
    found: list[Technique] = []
    for i, ((start, end), probs) in enumerate(zip(paragraphs, probabilities)):
        sentences = _sentences_in(doc, start, end)
        others = texts[:i] + texts[i + 1:]
        found += _paragraph_techniques(text, (start, end), probs, sentences, others, model)
    return sorted(found, key=lambda t: (t.start, t.end, t.technique))


def _sentences_in(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of the Doc clipped to one paragraph."""
    spans = []
    for sent in doc.sents:
        s, e = max(sent.start_char, start), min(sent.end_char, end)
        s, e = _strip(doc.text, s, e)
        if e > s:
            spans.append((s, e))
    return spans or [(start, end)]


def _paragraph_techniques(text: str, span: tuple[int, int], probs: np.ndarray, sentences: list[tuple[int, int]],
                          context: Sequence[str], model: LinearModel) -> list[Technique]:
    thresholds = model.thresholds
    cued = _cued_sentences(text, sentences)
    multi = len(sentences) > 1
    sentence_probs = _sentence_probabilities(text, sentences, context, model) if multi else None
    out = []
    for j, label in enumerate(model.labels):
        cue_spans = cued.get(label, [])
        hit = probs[j] >= thresholds[j] or (cue_spans and probs[j] >= CUE_FACTOR * thresholds[j])
        if not hit:
            continue
        if not multi:
            out.append(Technique(technique=label, start=span[0], end=span[1]))
            continue
        local = [sentences[k] for k in range(len(sentences)) if sentence_probs[k, j] >= thresholds[j]]
        for s, e in (local or cue_spans or [span]):
            out.append(Technique(technique=label, start=s, end=e))
    return out


def _sentence_probabilities(text: str, sentences: list[tuple[int, int]], context: Sequence[str],
                            model: LinearModel) -> np.ndarray:
    return np.vstack([model.probabilities(paragraph_keys(text[s:e], context)) for s, e in sentences])


def _cued_sentences(text: str, sentences: list[tuple[int, int]]) -> dict[str, list[tuple[int, int]]]:
    """Per technique, the sentences holding one of its cue phrases."""
    cued: dict[str, list[tuple[int, int]]] = {}
    for s, e in sentences:
        for technique, pattern in _cues():
            if pattern.search(text, s, e) and (s, e) not in cued.get(technique, []):
                cued.setdefault(technique, []).append((s, e))
    return cued


def paragraph_labels(techniques: Iterable[Technique], span: tuple[int, int]) -> set[str]:
    """The techniques found inside one paragraph span (for paragraph-level scoring)."""
    return {t.technique for t in techniques if span[0] <= t.start and t.end <= span[1]}
