"""newsdesk: an offline-first engine for analysing conflict and political news.

Public API:
- ``analyze(text)`` → one ``Analysis`` record;
- ``analyze_many(inputs)`` → an ``Analysis`` or a ``NewsdeskError`` for every input, in order;
- ``Analysis`` and the other pydantic records of the contract in ``newsdesk.model``.
"""

from __future__ import annotations

from itertools import islice
from typing import Iterable, Iterator, Union

from .errors import NewsdeskError
from .model import Analysis
from .nlp import DEFAULT_MODEL

__version__ = "0.1.0"


def analyze(text: str, model: str = DEFAULT_MODEL) -> Analysis:
    """Analyse one plain text. Raises a NewsdeskError (E025, E026) for a text over the per-document
    budget of size or time (``newsdesk.budget``)."""
    from .ingest import analyse_batch
    from .read.document import RawDocument

    [result] = analyse_batch([RawDocument(text=text).assemble()], model=model)
    if isinstance(result, NewsdeskError):
        raise result
    return result


def analyze_many(inputs: Iterable[str], model: str = DEFAULT_MODEL, batch_size: int = 32,
                 max_bytes: int | None = None) -> Iterator[Union[Analysis, NewsdeskError]]:
    """Read and analyse paths, URLs or '-' (stdin); yield a record or an error per document.

    Documents are parsed in batches of ``batch_size`` with ``nlp.pipe``; an error in one input
    is yielded in its place and the rest go on.
    """
    from .ingest import analyse_batch
    from .read import iter_documents
    from .read.url import DEFAULT_MAX_BYTES

    items = iter_documents(inputs, max_bytes=max_bytes or DEFAULT_MAX_BYTES)
    while True:
        chunk = list(islice(items, batch_size))
        if not chunk:
            return
        docs = [item for item in chunk if not isinstance(item, NewsdeskError)]
        # Within the per-document budget (size, time): a hostile document is one error, not a hang.
        results = iter(analyse_batch(docs, model=model, batch_size=batch_size))
        for item in chunk:
            yield item if isinstance(item, NewsdeskError) else next(results)


__all__ = ["Analysis", "NewsdeskError", "analyze", "analyze_many", "__version__"]
