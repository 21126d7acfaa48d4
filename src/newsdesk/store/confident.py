"""Each layer's confidence threshold, applied when the store is read.

Ingest stores every item with its calibrated confidence (``min_confidence=0``): the store keeps what
it was given, so a reader can show the less certain facts on request. Every reader (the API, the
desk, ``search``, ``actor``, ``export``, the brief) opens the store through ``schema.open_reader``,
which calls ``install`` here: for that connection only, a temporary view named like each fact table
shadows the table and holds the rows at or above the threshold (SQLite and PostgreSQL both look up a
temporary object before the schema's table), so every query written against the tables reads the
filtered facts without repeating the rule. The rule is ``confidence.keep_confident``'s, in SQL:

- quotes, events, calls, stances, techniques, analogies: ``confidence`` at or above the layer's
  threshold, or NULL (a row written before confidences were stored, or by an uncalibrated layer);
- actors: their own confidence passes, or a kept quote, call, event or stance, or a segment, names
  them (a fact's participants are part of the fact); places: likewise, or a kept event is located there;
- actor_names and mentions: those of the kept actors and places.

The full records in ``documents.analysis`` are filtered in Python by ``record`` (one JSON record at a
time, when a reader asks for it).
"""

from __future__ import annotations

from typing import Any, Optional

from ..confidence import LAYERS, keep_confident, threshold
from .db import Connection

# Layer (as confidence.py names it) → store table.
TABLES = {"actors": "actors", "places": "places", "quotes": "quotes", "events": "events",
          "calls": "calls_to_action", "stances": "stances", "techniques": "techniques", "analogies": "analogies"}
DERIVED = ("actor_names", "mentions")


def limits(min_confidence: Optional[float] = None) -> dict[str, float]:
    """Each layer's threshold: ``min_confidence`` for all when given, else the layer's default."""
    return {layer: threshold(layer, min_confidence) for layer in LAYERS}


def install(conn: Connection, min_confidence: Optional[float] = None) -> None:
    """Shadow the fact tables of this connection by views of the rows that meet the thresholds.
    Nothing is installed when every threshold is 0 (every row is shown)."""
    conn.min_confidence = min_confidence
    limit = limits(min_confidence)
    if all(value <= 0.0 for value in limit.values()):
        return
    schema = "main" if conn.dialect == "sqlite" else conn.one("SELECT current_schema()")[0]
    # A layer whose threshold is 0 keeps every row: no view, the table is read as it is.
    statements = [f"CREATE TEMP VIEW {table} AS SELECT * FROM {schema}.{table} t WHERE {_own(limit[layer])}"
                  for layer, table in TABLES.items() if layer not in ("actors", "places") and limit[layer] > 0.0]
    if limit["actors"] > 0.0:
        statements.append(f"CREATE TEMP VIEW actors AS SELECT * FROM {schema}.actors t WHERE "
                          f"{_own(limit['actors'])} OR {_actor_cited()}")
        statements.append(f"CREATE TEMP VIEW actor_names AS SELECT * FROM {schema}.actor_names t WHERE EXISTS "
                          "(SELECT 1 FROM actors a WHERE a.doc_id = t.doc_id AND a.actor_id = t.actor_id)")
    if limit["places"] > 0.0:
        statements.append(f"CREATE TEMP VIEW places AS SELECT * FROM {schema}.places t WHERE "
                          f"{_own(limit['places'])} OR EXISTS (SELECT 1 FROM events e WHERE e.doc_id = t.doc_id "
                          "AND e.place = t.place_id)")
    if limit["actors"] > 0.0 or limit["places"] > 0.0:
        statements.append(f"CREATE TEMP VIEW mentions AS SELECT * FROM {schema}.mentions t WHERE "
                          "(t.kind = 'actor' AND EXISTS (SELECT 1 FROM actors a WHERE a.doc_id = t.doc_id "
                          "AND a.actor_id = t.ref_id)) OR (t.kind = 'place' AND EXISTS (SELECT 1 FROM places p "
                          "WHERE p.doc_id = t.doc_id AND p.place_id = t.ref_id))")
    _create(conn, statements)


def _own(limit: float) -> str:
    # A float literal: views take no parameters; repr() of a float is exact and injection-free.
    return f"(t.confidence IS NULL OR t.confidence >= {float(limit)!r})"


def _actor_cited() -> str:
    """SQL: a kept item of another layer (or a segment) names actor ``t`` of its document."""
    same = "x.doc_id = t.doc_id AND "
    return ("(" + " OR ".join([
        f"EXISTS (SELECT 1 FROM quotes x WHERE {same}x.speaker = t.actor_id)",
        f"EXISTS (SELECT 1 FROM calls_to_action x WHERE {same}x.speaker = t.actor_id)",
        f"EXISTS (SELECT 1 FROM events x WHERE {same}(x.actor = t.actor_id OR x.recipient = t.actor_id))",
        f"EXISTS (SELECT 1 FROM stances x WHERE {same}(x.holder = t.actor_id OR x.target = t.actor_id))",
        f"EXISTS (SELECT 1 FROM segments x WHERE {same}x.speaker = t.actor_id)"]) + ")")


def _create(conn: Connection, statements: list[str]) -> None:
    """Run the CREATE TEMP VIEW statements on a reader connection, which refuses writes otherwise:
    the views live in the connection's temporary schema and never touch the store."""
    off, on = _READ_ONLY_SWITCH[conn.dialect]
    conn.raw.execute(off)
    try:
        for sql in statements:
            conn.raw.execute(sql)
    finally:
        conn.raw.execute(on)


# How each dialect's reader connection lifts and restores its read-only guard for the views.
_READ_ONLY_SWITCH = {
    "sqlite": ("PRAGMA query_only = OFF", "PRAGMA query_only = ON"),
    "postgres": ("SET default_transaction_read_only = off", "SET default_transaction_read_only = on"),
}


def record(analysis: dict[str, Any], min_confidence: Optional[float] = None) -> dict[str, Any]:
    """A stored analysis record (JSON dict) with the items below the thresholds left out."""
    from ..model import Analysis

    kept = keep_confident(Analysis.model_validate(analysis), min_confidence)
    return kept.to_json_dict()


__all__ = ["install", "limits", "record", "TABLES"]
