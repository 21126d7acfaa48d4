"""Readers: turn files, URLs, JSONL lines and standard input into ``RawDocument`` records.

Each reader yields either a ``RawDocument`` or a ``NewsdeskError`` naming the input, so one bad
input never stops the batch (see ``sources.iter_documents``).
"""

from .document import RawDocument
from .sources import iter_documents

__all__ = ["RawDocument", "iter_documents"]
