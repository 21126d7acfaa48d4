"""newsdesk: an offline-first engine for analysing conflict and political news.

Public API:
- ``analyze(text, title=, published=, url=, publisher=)`` → one ``Analysis`` record;
- ``analyze_many(inputs)`` → an ``Analysis`` or a ``NewsdeskError`` for every input, in order;
- ``Analysis`` and the other pydantic records of the contract in ``newsdesk.model``.
"""

from __future__ import annotations

from itertools import islice
from typing import Iterable, Iterator, Optional, Union

from .errors import NewsdeskError
from .model import Analysis
from .nlp import DEFAULT_MODEL

__version__ = "0.1.0"


def analyze(text: str, model: str = DEFAULT_MODEL, *, title: Optional[str] = None,
            published: Optional[str] = None, url: Optional[str] = None, publisher: Optional[str] = None,
            id: Optional[str] = None, min_confidence: Optional[float] = None) -> Analysis:
    """Analyse one plain text, with the metadata a JSONL record would carry.

    ``published`` (ISO 8601) anchors relative dates ("last Tuesday", "two years ago"); ``publisher``
    is the publisher's voice; ``title`` goes first in ``document.text`` unless the text already starts
    with it (as for every reader); ``url`` becomes ``document.source``; ``id`` replaces the text hash;
    ``min_confidence`` keeps the items at or above it in every layer (None: each layer's default
    threshold; 0: everything; see ``newsdesk.confidence``). Raises a NewsdeskError (E025, E026) for
    a text over the per-document budget of size or time (``newsdesk.budget``).
    """
    from .ingest import analyse_batch
    from .read.document import RawDocument

    raw = RawDocument(text=text, source=url, id=id, title=title, url=url, published=published,
                      publisher=publisher).assemble()
    [result] = analyse_batch([raw], model=model, min_confidence=min_confidence)
    if isinstance(result, NewsdeskError):
        raise result
    return result


def analyze_many(inputs: Iterable[str], model: str = DEFAULT_MODEL, batch_size: int = 32,
                 max_bytes: int | None = None, any_language: bool = False, min_confidence: Optional[float] = None
                 ) -> Iterator[Union[Analysis, NewsdeskError]]:
    """Read and analyse paths, URLs or '-' (stdin); yield a record or an error per document.

    Documents are parsed in batches of ``batch_size`` with ``nlp.pipe``; an error in one input
    is yielded in its place and the rest go on. A document in another language than the pipeline's
    is E037 unless ``any_language`` (then its record carries a warning).
    """
    from .ingest import analyse_batch
    from .read import iter_documents
    from .read.url import DEFAULT_MAX_BYTES

    items = _language_checked(iter_documents(inputs, max_bytes=max_bytes or DEFAULT_MAX_BYTES), model, any_language)
    while True:
        chunk = list(islice(items, batch_size))
        if not chunk:
            return
        docs = [item for item in chunk if not isinstance(item, NewsdeskError)]
        # Within the per-document budget (size, time): a hostile document is one error, not a hang.
        results = iter(analyse_batch(docs, model=model, batch_size=batch_size, min_confidence=min_confidence))
        for item in chunk:
            yield item if isinstance(item, NewsdeskError) else next(results)


def _language_checked(items: Iterable, model: str, any_language: bool) -> Iterator:
    """The documents, each in the pipeline's language or asked for anyway; E037 in place of the others."""
    from .language import refuse_unless_asked
    from .nlp import load_pipeline

    pipeline_language = None
    for item in items:
        if not isinstance(item, NewsdeskError) and not any_language:
            pipeline_language = pipeline_language or load_pipeline(model).lang
            try:
                refuse_unless_asked(item.source or item.id or "<text>", item.text, pipeline_language, any_language)
            except NewsdeskError as error:
                item = error
        yield item


__all__ = ["Analysis", "NewsdeskError", "analyze", "analyze_many", "__version__"]
