"""SQLite, the embedded default: one file, WAL mode, one writer and any number of readers.

WAL lets readers run while the writer commits; ``synchronous=NORMAL`` is durable against a killed
process (the case the ingest must survive) and loses at most the last commit on power loss, which
a resumable ingest redoes. A busy timeout makes a second writer wait instead of failing at once.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .db import store_error

BUSY_TIMEOUT_MS = 60_000


def connect_sqlite(path: Path, write: bool) -> sqlite3.Connection:
    """Open the store file; the writer creates it, a reader requires it to exist."""
    if not write and not path.exists():
        raise store_error(str(path), "no store here; run `newsdesk ingest` first or pass --db")
    if write and path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # isolation_level=None: autocommit; transactions are explicit (Connection.transaction).
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if write:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        else:
            conn.execute("PRAGMA query_only = ON")
        return conn
    except sqlite3.DatabaseError as exc:
        raise store_error(str(path), f"not a usable SQLite store ({exc})") from None
