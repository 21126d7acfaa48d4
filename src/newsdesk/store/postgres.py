"""PostgreSQL through psycopg 3: the same schema, for stores shared by several machines.

Connections are autocommit; the writer groups each batch in a transaction. Readers are marked
read-only so a query meant for reading can never change the store.
"""

from __future__ import annotations

from typing import Any

from .db import store_error


def connect_postgres(url: str, write: bool) -> Any:
    """Open a psycopg connection to ``url`` (``postgresql://user[:password]@host[:port]/dbname``)."""
    from ..extras import require

    psycopg = require("psycopg", "a PostgreSQL store (--db postgresql://...)")
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise store_error(url, f"cannot connect to PostgreSQL ({detail}); check the URL and that the server runs") from None
    if not write:
        # A session default, so it holds for autocommit statements as well as transactions.
        conn.execute("SET default_transaction_read_only = on")
    return conn
