"""The corpus store: analysis records in SQLite (default) or PostgreSQL, searchable and exportable.

| module | concern |
|---|---|
| ``db``, ``sqlite``, ``postgres`` | connections; SQL written once with ``?`` placeholders |
| ``schema``, ``migrations/`` | numbered SQL migrations, tracked in ``schema_migrations`` |
| ``rows``, ``sentences`` | an analysis record as table rows; the sentence splitter for search |
| ``writer`` | ``StoreWriter``, the one writer: every write, one transaction per batch |
| ``dedup`` | syndicated copies (MinHash LSH) |
| ``stories`` | story clustering and listing |
| ``query``, ``search`` | the search language, sentence-level search |
| ``timeline`` | an actor across the corpus |
| ``feeds`` | RSS/Atom input (a reader; see its docstring) |
| ``commands``, ``bench`` | CLI commands (``register(app)``) and the throughput benchmark |

Ingest lives in ``newsdesk.ingest`` and export in ``newsdesk.export``.
"""

from .db import DEFAULT_DB, connect
from .search import SearchPage, search
from .stories import list_stories
from .timeline import actor_timeline
from .writer import StoreWriter

__all__ = ["DEFAULT_DB", "SearchPage", "StoreWriter", "actor_timeline", "connect", "list_stories", "search"]
