"""The store's one writer: every insert, update and delete goes through ``StoreWriter``.

One writer means one place that decides what a batch is. A batch (analysed documents, failures,
sightings) is written in one transaction: a killed ingest leaves whole batches or nothing, and the
next run skips what is stored. Inserts are ``ON CONFLICT DO NOTHING`` on natural keys, so writing
the same document twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence, Union

from ..errors import NewsdeskError
from ..model import Analysis
from .db import DEFAULT_DB, Connection, connect
from .dedup import SyndicationIndex, encode, signature
from .rows import Row, document_row, fact_rows
from .schema import migrate, now_iso

# The order facts are written in; documents first, so a reader never sees a fact without its document
# (within a transaction the order is invisible anyway, this is for readability).
FACT_TABLES = ("segments", "actors", "actor_names", "places", "mentions", "quotes", "events",
               "calls_to_action", "stances", "techniques", "analogies", "sentences")
_IN_CHUNK = 500  # ids per IN (...) query: well under SQLite's and PostgreSQL's parameter limits


@dataclass
class Analysed:
    """A document analysed in this run, to be stored under ``doc_id``."""

    analysis: Analysis
    doc_id: str
    input: str


@dataclass
class Seen:
    """A document already stored, read again from ``input``: only the sighting is recorded."""

    doc_id: str
    input: str
    external_id: Optional[str] = None


@dataclass
class Failed:
    """An input (or one line of it) that could not be read or analysed."""

    error: NewsdeskError


Outcome = Union[Analysed, Seen, Failed]


@dataclass
class BatchResult:
    added: list[str] = field(default_factory=list)
    already: int = 0
    failed: int = 0
    syndicated: int = 0


class StoreWriter:
    """Opens (creating and migrating) the store and writes batches of outcomes atomically."""

    def __init__(self, db: str = DEFAULT_DB, syndication: bool = True) -> None:
        """``syndication=False`` skips indexing signatures stored before the index lived in the store
        (``SyndicationIndex.fill``): for a writer that only replaces stories (the story rebuild)."""
        self.db = str(db)
        self.conn: Connection = connect(db, write=True)
        migrate(self.conn)
        self.seq = 0
        self.syndication = SyndicationIndex(self.conn)
        if syndication:
            self.syndication.fill()

    def known(self, doc_ids: Iterable[str]) -> set[str]:
        """Which of these document ids are stored already."""
        ids = list(dict.fromkeys(doc_ids))
        found: set[str] = set()
        for at in range(0, len(ids), _IN_CHUNK):
            chunk = ids[at:at + _IN_CHUNK]
            marks = ", ".join("?" * len(chunk))
            found |= {r[0] for r in self.conn.rows(f"SELECT id FROM documents WHERE id IN ({marks})", chunk)}
        return found

    def write(self, outcomes: Sequence[Outcome]) -> BatchResult:
        """Write one batch in one transaction; on error nothing of it is stored."""
        result = BatchResult()
        now = now_iso()
        with self.conn.transaction(write=True):
            # Read inside the write lock: another writer may have added documents meanwhile.
            self.seq = int(self.conn.one("SELECT COALESCE(MAX(seq), 0) FROM documents")[0])
            for item in outcomes:
                if isinstance(item, Failed):
                    self._failure(item.error, now)
                    result.failed += 1
                elif isinstance(item, Seen):
                    self._sighting(item.doc_id, item.input, item.external_id, now)
                    result.already += 1
                else:
                    self._document(item, now, result)
        return result

    def _document(self, item: Analysed, now: str, result: BatchResult) -> None:
        analysis = item.analysis
        if not self._insert("documents", [document_row(analysis, item.doc_id, self.seq + 1, now)]):
            result.already += 1  # stored by an earlier batch or another writer in the meantime
            self._sighting(item.doc_id, item.input, analysis.document.id, now)
            return
        self.seq += 1
        for table, rows in fact_rows(analysis, item.doc_id).items():
            self._insert(table, rows)
        values = signature(analysis.document.text)
        self._insert("minhashes", [{"doc_id": item.doc_id, "signature": encode(values)}])
        match = self.syndication.find_original(values)
        if match:
            self._insert("syndication", [{"doc_id": item.doc_id, "original_id": match[0],
                                          "similarity": round(match[1], 4), "linked_at": now}])
            result.syndicated += 1
        self.syndication.add(item.doc_id, values)
        result.added.append(item.doc_id)
        self._sighting(item.doc_id, item.input, analysis.document.id, now)

    def _sighting(self, doc_id: str, where: str, external_id: Optional[str], now: str) -> None:
        self._insert("sightings", [{"doc_id": doc_id, "input": where,
                                    "external_id": external_id if external_id != doc_id else None, "seen_at": now}])

    def _failure(self, error: NewsdeskError, now: str) -> None:
        line = error.fields.get("line", 0)
        self.conn.execute(
            "INSERT INTO ingest_failures (input, line, code, reason, first_failed_at, failed_at, attempts) "
            "VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT (input, line) DO UPDATE SET code = excluded.code, "
            "reason = excluded.reason, failed_at = excluded.failed_at, attempts = ingest_failures.attempts + 1",
            (error.where, int(line) if str(line).isdigit() else 0, error.code, error.message, now, now))

    def _insert(self, table: str, rows: list[Row]) -> int:
        """Insert rows, skipping any whose key exists; returns how many were new (single row: 0/1)."""
        if not rows:
            return 0
        columns = list(rows[0])
        sql = (f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
               "ON CONFLICT DO NOTHING")
        if len(rows) == 1:
            return self.conn.execute(sql, [rows[0][c] for c in columns]).rowcount
        self.conn.executemany(sql, [[row[c] for c in columns] for row in rows])
        return len(rows)

    def replace_stories(self, stories: list[Row], members: list[Row]) -> None:
        """Swap the story clustering for a new one, atomically (readers see old or new, never half)."""
        with self.conn.transaction(write=True):
            self.conn.execute("DELETE FROM story_members")
            self.conn.execute("DELETE FROM stories")
            for at in range(0, len(stories), 1000):
                self._insert("stories", stories[at:at + 1000])
            for at in range(0, len(members), 5000):
                self._insert("story_members", members[at:at + 5000])

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "StoreWriter":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
