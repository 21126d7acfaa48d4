"""Tracked schema migrations: numbered SQL files, applied once, recorded in ``schema_migrations``.

Files are named ``NNNN_name.sql`` (both back ends) or ``NNNN_name.<dialect>.sql`` (one back end,
for what has no portable spelling: full-text search, identity columns). A store is migrated by its
writer when opened; all pending migrations run in one transaction, so a store is never left
half-migrated, and the writer's lock keeps two processes from migrating it at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

from .db import DEFAULT_DB, Connection, connect, store_error

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+?)(?:\.(sqlite|postgres))?\.sql$")
# Tables a user may export or query; internal bookkeeping (minhashes, lsh_bands, schema_migrations) is left out.
DATA_TABLES = ("documents", "sightings", "segments", "actors", "actor_names", "places", "mentions", "quotes",
               "events", "calls_to_action", "stances", "techniques", "analogies", "sentences",
               "ingest_failures", "syndication", "stories", "story_members")
# Columns holding JSON text.
JSON_COLUMNS = {"analysis", "aliases", "roles", "addressees", "evidence", "top_actors", "top_places", "dates"}


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations_for(dialect: str) -> list[Migration]:
    """The migrations that apply to ``dialect`` ('sqlite' or 'postgres'), in version order."""
    found: dict[int, Migration] = {}
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match or match.group(3) not in (None, dialect):
            continue
        version = int(match.group(1))
        if version in found:
            raise ValueError(f"two migrations with version {version} for {dialect}: {path.name}")
        found[version] = Migration(version, match.group(2), path.read_text(encoding="utf-8"))
    return [found[v] for v in sorted(found)]


def migrate(conn: Connection) -> list[int]:
    """Apply every pending migration; return the versions applied (empty when up to date)."""
    with conn.transaction(write=True):
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                     "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        if conn.dialect == "postgres":
            # Serialise concurrent migrators on a server (SQLite's BEGIN IMMEDIATE already does).
            conn.execute("SELECT pg_advisory_xact_lock(7010)")
        applied = {row[0] for row in conn.rows("SELECT version FROM schema_migrations")}
        done = []
        for migration in migrations_for(conn.dialect):
            if migration.version in applied:
                continue
            conn.script(migration.sql)
            conn.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                         (migration.version, migration.name, now_iso()))
            done.append(migration.version)
    return done


def schema_version(conn: Connection) -> int:
    """The highest applied migration, 0 for a store that was never migrated."""
    try:
        row = conn.one("SELECT MAX(version) FROM schema_migrations")
    except Exception:  # the table does not exist: not a store (yet)
        if conn.dialect == "postgres":
            conn.raw.rollback() if not conn.raw.autocommit else None
        return 0
    return int(row[0] or 0) if row else 0


def require_schema(conn: Connection) -> None:
    """Readers call this: a clear error for a file or database that is not a migrated store."""
    latest = max(m.version for m in migrations_for(conn.dialect))
    version = schema_version(conn)
    if version == 0:
        raise store_error(conn.name, "is not a newsdesk store (no schema); run `newsdesk ingest` first")
    if version < latest:
        raise store_error(conn.name, f"store schema is version {version}, this newsdesk needs {latest}; "
                                     "run `newsdesk ingest` once (it migrates the store)")


def now_iso() -> str:
    """The current UTC time, ISO 8601 to the second: the store's one timestamp format."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def open_reader(db: str = DEFAULT_DB, min_confidence: Optional[float] = None) -> Connection:
    """A read-only connection to a migrated store (readers never write), whose fact tables hold the
    items at or above each layer's confidence threshold (``min_confidence``: one threshold for every
    layer, 0 shows everything; None: each layer's default; see ``store.confident``)."""
    from .confident import install

    conn = connect(db)
    try:
        require_schema(conn)
        install(conn, min_confidence)
    except Exception:
        conn.close()
        raise
    return conn
