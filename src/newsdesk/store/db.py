"""One connection type for both back ends, so the store's SQL is written once.

SQL in this package uses ``?`` placeholders and portable statements; ``Connection`` converts the
placeholders for PostgreSQL. Connections run in autocommit mode and group writes explicitly with
``transaction()``: a reader never holds a snapshot open between two queries, and the writer decides
exactly what one atomic batch is.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence

from ..errors import UnsupportedInput

DEFAULT_DB = "newsdesk.db"
POSTGRES_PREFIXES = ("postgresql://", "postgres://")


def is_postgres(db: str) -> bool:
    """Whether ``db`` names a PostgreSQL server (a URL) rather than a SQLite file."""
    return str(db).startswith(POSTGRES_PREFIXES)


class Connection:
    """A DB-API connection with the dialect's differences hidden behind a few methods."""

    def __init__(self, raw: Any, dialect: str, name: str) -> None:
        self.raw = raw
        self.dialect = dialect
        self.name = name
        # A reader's confidence threshold (store.confident.install): None is each layer's default.
        self.min_confidence: Optional[float] = None

    def _sql(self, sql: str) -> str:
        # psycopg uses %s and treats a bare % as a placeholder start; the store never writes
        # literal % in SQL (LIKE patterns travel as parameters), so the rewrite is safe.
        return sql.replace("%", "%%").replace("?", "%s") if self.dialect == "postgres" else sql

    def execute(self, sql: str, params: Sequence = ()) -> Any:
        """Run one statement; returns the cursor."""
        return self.raw.execute(self._sql(sql), tuple(params))

    def executemany(self, sql: str, rows: Sequence[Sequence]) -> None:
        """Run one statement for many parameter rows."""
        if not rows:
            return
        if self.dialect == "postgres":
            with self.raw.cursor() as cur:
                cur.executemany(self._sql(sql), rows)
        else:
            self.raw.executemany(sql, rows)

    def rows(self, sql: str, params: Sequence = ()) -> list[tuple]:
        """All rows of a query."""
        return list(self.execute(sql, params).fetchall())

    def one(self, sql: str, params: Sequence = ()) -> Optional[tuple]:
        """The first row of a query, or None."""
        return self.execute(sql, params).fetchone()

    def dicts(self, sql: str, params: Sequence = ()) -> list[dict]:
        """All rows of a query as dicts keyed by column name."""
        cur = self.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def stream(self, sql: str, params: Sequence = (), size: int = 2000) -> tuple[list[str], Iterator[tuple]]:
        """Column names and a lazy row iterator that never holds the whole result in memory.

        PostgreSQL needs a server-side (named) cursor for that, and a named cursor lives only inside
        a transaction: call this within ``transaction()`` or ``snapshot()``.
        """
        if self.dialect == "postgres":
            cur = self.raw.cursor(name=f"stream_{id(self)}_{abs(hash(sql)) % 10**8}")
            cur.itersize = size
            cur.execute(self._sql(sql), tuple(params))
        else:
            cur = self.raw.execute(sql, tuple(params))
        names = [d[0] for d in cur.description]

        def rows() -> Iterator[tuple]:
            while True:
                chunk = cur.fetchmany(size)
                if not chunk:
                    cur.close()
                    return
                yield from chunk

        return names, rows()

    def script(self, sql: str) -> None:
        """Run a multi-statement SQL script inside the current transaction."""
        if self.dialect == "postgres":
            self.raw.execute(sql)
            return
        for statement in split_sqlite_script(sql):
            self.raw.execute(statement)

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator["Connection"]:
        """One atomic unit: committed when the block ends, rolled back if it raises.

        SQLite takes the write lock up front (BEGIN IMMEDIATE) so two writers cannot deadlock
        upgrading a read lock; PostgreSQL's row locks need no such care.
        """
        if self.dialect == "postgres":
            with self.raw.transaction():
                yield self
            return
        self.raw.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield self
        except BaseException:
            self.raw.execute("ROLLBACK")
            raise
        self.raw.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator["Connection"]:
        """A read-only transaction: every query inside sees the same state of the store."""
        if self.dialect == "postgres":
            with self.raw.transaction():
                self.raw.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                yield self
            return
        with self.transaction(write=False):
            yield self

    def table_columns(self, table: str) -> list[tuple[str, str]]:
        """(name, declared type) of each column of a table, in order."""
        if self.dialect == "postgres":
            return [(n, t.upper()) for n, t in self.rows(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position", (table,))]
        return [(row[1], (row[2] or "").upper()) for row in self.raw.execute(f"PRAGMA table_info({table})")]

    def close(self) -> None:
        self.raw.close()

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def split_sqlite_script(sql: str) -> list[str]:
    """Split a script into statements; sqlite3.complete_statement keeps trigger bodies whole."""
    import sqlite3

    statements, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        if not buffer and (not line.strip() or line.lstrip().startswith("--")):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def connect(db: str = DEFAULT_DB, write: bool = False) -> Connection:
    """Open the store: a SQLite file path or a ``postgresql://`` URL.

    ``write=True`` is for the one writer (``StoreWriter``), which also creates and migrates the
    store; readers get a connection that refuses writes and an error if the store does not exist.
    """
    db = str(db)
    if is_postgres(db):
        from .postgres import connect_postgres

        return Connection(connect_postgres(db, write=write), "postgres", _redact(db))
    from .sqlite import connect_sqlite

    return Connection(connect_sqlite(Path(db), write=write), "sqlite", db)


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    head, sep, tail = url.partition("@")
    if not sep or ":" not in head.split("//", 1)[-1]:
        return url
    scheme, _, userinfo = head.partition("//")
    return f"{scheme}//{userinfo.split(':', 1)[0]}:***@{tail}"


def store_error(db: str, detail: str) -> UnsupportedInput:
    """A user-facing error about the store itself (missing, unreadable, wrong URL)."""
    return UnsupportedInput(_redact(str(db)), detail)
