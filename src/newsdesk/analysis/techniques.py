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
- cues: a short, documented lexicon (``knowledge/data/technique_cues.yaml``) of phrase patterns
  that are textbook instances of a technique (honorific epithets, threats of hell fire, short
  first-person-plural resolve formulas). A cue is evidence, not a verdict: it adds ``CUE_BONUS``
  to the classifier's log-odds for that technique in the sentence that holds it, and the span is
  that sentence. A dev sweep (docs/ANALYZE.md) shows bonuses from 2 to 5 all leave micro-F1 as
  it is or raise it; 3.5 is the smallest that lets the textbook cases through.

- loaded wording: Loaded_Language is stated at the default threshold only where the paragraph
  (and each sentence given as its span) holds a word of ``knowledge/data/loaded_words.json`` (words annotators mark as
  loaded >= 6x more often than chance in the SemEval-2023 English train split; built by
  ``scripts/build_loaded_lexicon.py``) or a Loaded_Language cue. Why: the classifier learnt the
  base rate of a corpus where most paragraphs are propaganda, and on wire copy it put
  Loaded_Language on neutral sentences ("There are 956 miles of border ..."); the label names a
  property of wording, so with no loaded word the label's confidence is halved (below every
  supported label) and the default threshold leaves it out (docs/EVALUATION.md, persuasion).

Repetition is a property of the article, not of a paragraph: the features include how much of a
paragraph's wording recurs in the document's other paragraphs.

Optional ensemble (``NEWSDESK_EMBEDDINGS=minilm``, the ``embeddings`` extra): a paragraph's
probabilities are the mean of the n-gram model's and those of a logistic head over frozen
all-MiniLM-L6-v2 embeddings (``techniques_embedding.npz``, built by
``scripts/train_techniques_embedding.py``), compared with thresholds tuned for the mean. The
embeddings carry what n-grams cannot: that "thugs" and "hoodlums" call names alike although
training saw one of them. Sentences are still localised by the n-gram model alone (embedding every
sentence would double the cost for a span choice).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from typing import Iterable, Optional, Sequence

import numpy as np
from spacy.tokens import Doc

from .. import confidence
from ..knowledge import DATA_DIR, load_data
from ..model import Segment, Technique
from ..nlp import doc_text, sentences as sentences_of
from ..spans import trim_whitespace
from . import embeddings
from .linear import CharText, LinearModel, char_ngrams, word_ngrams, word_tokens

TECHNIQUES = [
    "Appeal_to_Authority", "Appeal_to_Fear-Prejudice", "Appeal_to_Hypocrisy", "Appeal_to_Popularity",
    "Appeal_to_Time", "Appeal_to_Values", "Causal_Oversimplification", "Consequential_Oversimplification",
    "Conversation_Killer", "Doubt", "Exaggeration-Minimisation", "False_Dilemma-No_Choice", "Flag_Waving",
    "Guilt_by_Association", "Loaded_Language", "Name_Calling-Labeling", "Obfuscation-Vagueness-Confusion",
    "Questioning_the_Reputation", "Red_Herring", "Repetition", "Slogans", "Straw_Man", "Whataboutism",
]
MODEL_FILE = "techniques.npz"
EMBEDDING_HEAD_FILE = "techniques_embedding.npz"
CUES_FILE = "technique_cues.yaml"
LOADED_WORDS_FILE = "loaded_words.json"
LOADED = "Loaded_Language"
# A Loaded_Language label with no loaded wording in its paragraph keeps this share of its raw
# confidence: every label the model finds has a raw confidence of at least 0.5, so an unsupported
# one ranks below every supported one and the calibration map (fitted on SemEval dev) gives it the
# lower precision it has there. The record leaves it out at the default threshold; it stays for
# `--min-confidence 0` and for the model's own micro-F1.
UNSUPPORTED_LOADED = 0.5
# Log-odds a cue phrase adds to its technique (e^3.5 ~ 33x the odds); see docs/ANALYZE.md.
CUE_BONUS = 3.5
# Words too common to make a repetition.
_STOP = frozenset("""a an the and or but of to in on at for with by from as is are was were be been being it its this
that these those he she they we you i his her their our your my me him them us not no so if then than there here
has have had do does did will would can could should may might must said says say also just about into over more
most very up out all any some what which who whom whose when where why how s t""".split())
WORD_N = 2
CHAR_RANGE = (2, 5)


def paragraph_keys(text: str, others: Sequence[str] = ()) -> list[str]:
    """Feature keys of one paragraph; ``others`` are the other paragraphs of the same document."""
    return DocumentContext([text, *others]).keys(text, 0)


class DocumentContext:
    """The paragraphs of one document, counted once, for repetition features.

    Why a class: repetition compares a paragraph with every other paragraph of its document;
    counting each word's paragraph frequency once makes that linear in the document, not quadratic.
    """

    def __init__(self, paragraphs: Sequence[str]):
        self.paragraphs = list(paragraphs)
        # Kept: ``features`` of a whole paragraph reads the same tokens again (profile of 80 corpus
        # documents: each paragraph was tokenised twice).
        self.tokens = [word_tokens(p) for p in self.paragraphs]
        self.content = [_content(t) for t in self.tokens]
        self.word_sets = [set(c) for c in self.content]
        self.bigram_sets = [set(zip(c, c[1:])) for c in self.content]
        self.word_df: Counter[str] = Counter(w for words in self.word_sets for w in words)
        self.bigram_df: Counter[tuple[str, str]] = Counter(b for bigrams in self.bigram_sets for b in bigrams)
        self.size = len(paragraphs)

    def keys(self, text: str, index: int) -> list[str]:
        """Feature keys of ``text`` (paragraph ``index``, or a sentence of it), as training sees them."""
        keys, chars = self.features(text, index)
        return keys + char_ngrams(chars.text, chars.n_min, chars.n_max, chars.prefix)

    def features(self, text: str, index: int) -> tuple[list[str], CharText]:
        """The same features as ``keys``, with the character n-grams left unexpanded for the model."""
        whole = index < self.size and text == self.paragraphs[index]
        tokens = self.tokens[index] if whole else word_tokens(text)
        keys = word_ngrams(tokens, WORD_N)
        keys += _shape_keys(text, tokens)
        keys += self._repetition_keys(self.content[index] if whole else _content(tokens), index)
        return keys, CharText(text, *CHAR_RANGE)

    def _repetition_keys(self, content: list[str], index: int) -> list[str]:
        """How much of the wording recurs in the document's other paragraphs (bucketed)."""
        if self.size < 2:
            return ["r:none"]
        own_words, own_bigrams = self.word_sets[index], self.bigram_sets[index]

        def elsewhere(word: str) -> int:
            return self.word_df[word] - (word in own_words)

        frequent = [t for t in set(content) if elsewhere(t) >= 2]
        shared = sum(1 for pair in set(zip(content, content[1:]))
                     if self.bigram_df[pair] - (pair in own_bigrams) > 0)
        keys = [f"r:words{min(len(frequent), 6)}", f"r:bigrams{min(shared, 4)}"]
        if frequent:
            keys.append(f"r:most{min(max(elsewhere(t) for t in frequent), 8)}")
        return keys


def _content(tokens: list[str]) -> list[str]:
    """Content words: a paragraph repeating "the" repeats nothing."""
    return [t for t in tokens if t[0].isalnum() and t not in _STOP and len(t) > 2]


def _shape_keys(text: str, tokens: list[str]) -> list[str]:
    """Exclamations, questions, quotes, capitals: the typography of persuasion.

    Why no length feature: technique density per paragraph differs between corpora (the dev
    articles carry 1.5x more techniques per word than train), and a learned length prior carried
    that shift straight into the predictions (dev micro-F1 0.27 with it, 0.28 without).
    """
    letters = sum(map(str.isalpha, text))  # map over str methods: C speed on long paragraphs
    upper = sum(map(str.isupper, text)) / letters if letters else 0.0
    keys = [f"s:upper{min(int(upper * 10), 5)}"]
    keys += [f"s:{name}" for name, mark in (("excl", "!"), ("quest", "?"), ("quote", '"')) if mark in tokens]
    return keys


@lru_cache(maxsize=1)
def _model() -> LinearModel:
    return LinearModel.load(DATA_DIR / MODEL_FILE)


@lru_cache(maxsize=1)
def _loaded_words() -> frozenset[str]:
    """Lower-cased words that mark loaded wording (all content words, see ``_content``)."""
    return frozenset(load_data(LOADED_WORDS_FILE)["words"])


def _has_loaded_words(text: str) -> bool:
    return not _loaded_words().isdisjoint(word_tokens(text))


@lru_cache(maxsize=1)
def _cues() -> list[tuple[str, re.Pattern]]:
    """(technique, compiled pattern) for every cue phrase in the lexicon."""
    entries = load_data(CUES_FILE)
    return [(technique, re.compile(pattern, re.IGNORECASE))
            for technique, patterns in entries.items() for pattern in patterns]


@lru_cache(maxsize=1)
def _any_unanchored_cue() -> re.Pattern:
    """One pattern matching where any unanchored cue matches: most paragraphs hold none, and one
    search rules them all out (the lexicon's patterns use no groups that could clash)."""
    return re.compile("|".join(f"(?:{p.pattern})" for _t, p in _cues() if not p.pattern.startswith("^")),
                      re.IGNORECASE)


def paragraphs_of(text: str, segments: Sequence[Segment]) -> list[tuple[int, int]]:
    """The non-empty lines of every segment (the whole text when there are no segments).

    Why lines: SemEval articles are segmented into paragraphs by line, and in news text a line is
    the unit a writer builds one point in.
    """
    regions = [(s.start, s.end) for s in segments] or [(0, len(text))]
    spans = []
    for start, end in sorted(set(regions)):
        for match in re.finditer(r"[^\n]+", text[start:end]):
            s, e = trim_whitespace(text, start + match.start(), start + match.end())
            if e > s:
                spans.append((s, e))
    return spans


def score_paragraphs(texts: Sequence[str], context: Optional[DocumentContext] = None) -> np.ndarray:
    """Technique probabilities (n_paragraphs × n_labels of the model) for one document's paragraphs,
    from the n-gram model alone."""
    model = _model()
    context = context or DocumentContext(texts)
    return model.probabilities_many([context.features(t, i) for i, t in enumerate(texts)])


def paragraph_probabilities(texts: Sequence[str], context: Optional[DocumentContext] = None
                            ) -> tuple[np.ndarray, np.ndarray]:
    """Probabilities (n_paragraphs × n_labels) and per-label thresholds that decide the paragraphs:
    the n-gram model's, or with embeddings switched on, the ensemble's mean and its thresholds."""
    probabilities = score_paragraphs(texts, context)
    if not texts or not embeddings.enabled():
        return probabilities, _model().thresholds
    head = embeddings.load_head(EMBEDDING_HEAD_FILE)
    dense = head.probabilities(embeddings.encode(list(texts)))
    return (probabilities + dense) / 2.0, head.thresholds


def find_techniques(doc: Doc, segments: list[Segment], floor: float = 0.0) -> list[Technique]:
    """Persuasion techniques in the document's paragraphs, localised to sentences where possible.

    ``floor``: the calibrated confidence below which the record will drop a label anyway (the
    pipeline passes the techniques' threshold); such labels are not localised, which saves the
    sentence scoring of most labels at the default threshold. 0 keeps every label."""
    text = doc_text(doc)
    paragraphs = paragraphs_of(text, segments)
    texts = [text[s:e] for s, e in paragraphs]
    context = DocumentContext(texts)
    probabilities, thresholds = paragraph_probabilities(texts, context)
    sentence_spans = [(sent.start_char, sent.end_char) for sent in sentences_of(doc)]
    found: list[Technique] = []
    for i, ((start, end), probs) in enumerate(zip(paragraphs, probabilities)):
        sentences = _sentences_in(text, sentence_spans, start, end)
        found += _paragraph_techniques(text, (start, end), i, (probs, thresholds), sentences, context, floor)
    return sorted(found, key=lambda t: (t.start, t.end, t.technique))


def _sentences_in(text: str, sentence_spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans clipped to one paragraph (the paragraph itself when the parse has none)."""
    first = max(0, bisect_right(sentence_spans, (start, len(text) + 1)) - 1)
    spans = []
    for sent_start, sent_end in sentence_spans[first:]:
        if sent_start >= end:
            break
        s, e = trim_whitespace(text, max(sent_start, start), min(sent_end, end))
        if e > s:
            spans.append((s, e))
    return spans or [(start, end)]


def _paragraph_techniques(text: str, span: tuple[int, int], index: int, scored: tuple[np.ndarray, np.ndarray],
                          sentences: list[tuple[int, int]], context: DocumentContext,
                          floor: float = 0.0) -> list[Technique]:
    """The techniques of one paragraph, each on the sentences that carry it (else the paragraph).

    ``scored`` is the paragraph's probabilities and the thresholds that decide them; sentences are
    scored by the n-gram model against its own thresholds."""
    model = _model()
    probs, paragraph_thresholds = scored
    thresholds = model.thresholds
    cued = _cued_sentences(text, sentences)
    hits = [j for j, label in enumerate(model.labels)
            if probs[j] >= paragraph_thresholds[j] or (label in cued and _boosted(probs[j]) >= paragraph_thresholds[j])]
    loaded = _loaded_sentences(text, sentences, context.content[index], cued) \
        if any(model.labels[j] == LOADED for j in hits) else []
    raw = {j: _margin(_boosted(probs[j]) if model.labels[j] in cued and probs[j] < paragraph_thresholds[j] else probs[j],
                      paragraph_thresholds[j]) for j in hits}
    for j in hits:
        if model.labels[j] == LOADED and not loaded:
            raw[j] = round(raw[j] * UNSUPPORTED_LOADED, 4)
    if floor > 0.0:
        hits = [j for j in hits if (confidence.calibrated("techniques", raw[j]) or 0.0) >= floor]
    if len(sentences) == 1:
        return [Technique(technique=model.labels[j], start=span[0], end=span[1], confidence=raw[j]) for j in hits]
    # Why score sentences only now: most paragraphs carry no technique and need no localisation.
    sentence_probs = model.probabilities_many([context.features(text[s:e], index) for s, e in sentences]) if hits else None
    out = []
    for j in hits:
        label = model.labels[j]
        local = [sentences[k] for k in range(len(sentences)) if sentence_probs[k, j] >= thresholds[j]]
        local += [c for c in cued.get(label, []) if c not in local
                  and _boosted(sentence_probs[sentences.index(c), j]) >= thresholds[j]]
        if label == LOADED and loaded:  # only sentences holding loaded wording; else those that do
            local = [s for s in local if s in loaded] or loaded
        out += [Technique(technique=label, start=s, end=e, confidence=raw[j]) for s, e in (sorted(local) or [span])]
    return out


def _loaded_sentences(text: str, sentences: list[tuple[int, int]], content: list[str],
                      cued: dict[str, list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """The paragraph's sentences that hold loaded wording: a lexicon word or a Loaded_Language cue."""
    # Lexicon words are all content words, so the paragraph's content words (counted once) rule
    # most paragraphs out without tokenising their sentences again.
    if _loaded_words().isdisjoint(content) and LOADED not in cued:
        return []
    return [s for s in sentences if s in cued.get(LOADED, ()) or _has_loaded_words(text[s[0]:s[1]])]


def _margin(probability: float, threshold: float) -> float:
    """The raw confidence of a label: its probability with the label's own threshold moved to 0.5
    (log-odds minus the threshold's log-odds), so that one calibration map serves every label
    (``newsdesk.confidence``; fitted on SemEval dev by ``scripts/calibrate_confidence.py``)."""
    def logit(x: float) -> float:
        x = min(max(float(x), 1e-6), 1 - 1e-6)
        return float(np.log(x / (1 - x)))
    return round(1.0 / (1.0 + np.exp(-(logit(probability) - logit(threshold)))), 4)


def _boosted(probability: float) -> float:
    """``probability`` with the cue bonus added to its log-odds."""
    p = min(max(float(probability), 1e-6), 1 - 1e-6)
    return 1.0 / (1.0 + np.exp(-(np.log(p / (1 - p)) + CUE_BONUS)))


def _cued_sentences(text: str, sentences: list[tuple[int, int]]) -> dict[str, list[tuple[int, int]]]:
    """Per technique, the sentences holding one of its cue phrases."""
    cued: dict[str, list[tuple[int, int]]] = {}
    paragraph = text[sentences[0][0]:sentences[-1][1]] if sentences else ""
    # Why a paragraph-level pass first: most paragraphs hold no cue, and one search per paragraph
    # replaces one per sentence. Anchored patterns ('^…$') can only be tried on the sentence itself.
    some_cue = _any_unanchored_cue().search(paragraph) is not None
    live = [(technique, pattern) for technique, pattern in _cues()
            if pattern.pattern.startswith("^") or (some_cue and pattern.search(paragraph))]
    for s, e in sentences if live else ():
        sentence = text[s:e]  # sliced, so that '^' and '$' in cue patterns anchor at the sentence
        for technique, pattern in live:
            if pattern.search(sentence) and (s, e) not in cued.get(technique, []):
                cued.setdefault(technique, []).append((s, e))
    return cued


def paragraph_labels(techniques: Iterable[Technique], span: tuple[int, int]) -> set[str]:
    """The techniques found inside one paragraph span (for paragraph-level scoring)."""
    return {t.technique for t in techniques if span[0] <= t.start and t.end <= span[1]}
