"""Export a store table as CSV, JSON Lines or Parquet; events also as PLOVER records, a GDELT event
table and ACLED rows (export_events.py).

Rows are streamed from one read snapshot of the store, so an export is consistent while an ingest
writes, holds one batch in memory at a time, and has no row cap. The count written is checked
against the count in the same snapshot: an export is complete or it fails loudly (the output is
written to ``<out>.partial`` and renamed only when complete).
"""

from __future__ import annotations

import csv
import json
import os
import sys
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, Optional

from . import __version__
from .errors import NewsdeskError, UnsupportedInput
from .export_events import ACLED_COLUMNS, GDELT_COLUMNS, acled_recorded, acled_row, gdelt_row
from .store.confident import record as confident_record
from .store.db import DEFAULT_DB, Connection
from .store.rows import date_precision
from .store.schema import DATA_TABLES, JSON_COLUMNS, open_reader

FORMATS = ("csv", "jsonl", "parquet")
EVENT_VIEWS = ("plover", "gdelt", "acled")
# `export events --format gdelt|acled` is the same as `export gdelt|acled --format csv`.
EVENT_SHAPES = ("gdelt", "acled")
TABLES = DATA_TABLES + EVENT_VIEWS
# Short names the README and the desk use for a table.
TABLE_ALIASES = {"calls": "calls_to_action"}
BATCH = 5000
# Parquet types (CSV and JSON Lines keep the stored text, which carries its own precision).
STRING_LISTS = {"aliases", "roles", "addressees"}
SPAN_LISTS = {"evidence"}
DATE_COLUMNS = {"date", "published", "first_date", "last_date", "event_date"}
PARTIAL_DATES = {"date", "published"}  # may be a year, month or week: a <name>_precision column goes beside
TIMESTAMP_COLUMNS = {"ingested_at", "seen_at", "first_failed_at", "failed_at", "linked_at", "built_at"}
# PLOVER quad categories (PLOVER manual, "PLOVER quad categories"); REQUEST is the contract's DEMAND.
QUAD = {**dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),
        **dict.fromkeys(("COOPERATE", "AID", "RETREAT", "INVESTIGATE"), 2),
        **dict.fromkeys(("REQUEST", "DEMAND", "ACCUSE", "REJECT", "SANCTION", "THREATEN"), 3),
        **dict.fromkeys(("PROTEST", "MOBILIZE", "COERCE", "ASSAULT"), 4)}
_ORDER = {"documents": "seq", "sightings": "doc_id, input", "actors": "doc_id, actor_id",
          "actor_names": "doc_id, actor_id, name_norm", "places": "doc_id, place_id",
          "mentions": "doc_id, kind, ref_id, char_start, char_end", "ingest_failures": "input, line",
          "syndication": "doc_id", "stories": "story_id", "story_members": "story_id, doc_id"}
_EVENTS_SQL = (
    "SELECT e.doc_id, e.idx, e.type, e.actor_name, e.recipient_name, e.place_name, e.country, e.date, e.negated, "
    "e.hypothetical, e.char_start, e.char_end, e.text, e.mode, e.confidence, d.published, d.source, d.title, "
    "d.publisher, d.language, p.kind AS place_kind, "
    "a1.wikidata AS actor_wikidata, a1.cameo AS actor_cameo, a2.wikidata AS recipient_wikidata, "
    "a2.cameo AS recipient_cameo, p.geonames_id, p.lat, p.lon "
    "FROM events e JOIN documents d ON d.id = e.doc_id "
    "LEFT JOIN actors a1 ON a1.doc_id = e.doc_id AND a1.actor_id = e.actor "
    "LEFT JOIN actors a2 ON a2.doc_id = e.doc_id AND a2.actor_id = e.recipient "
    "LEFT JOIN places p ON p.doc_id = e.doc_id AND p.place_id = e.place ORDER BY d.seq, e.idx")



def export(db: str = DEFAULT_DB, table: str = "documents", format: str = "csv", out: str = "-",
           min_confidence: Optional[float] = None) -> int:
    """Write every row of ``table`` to ``out`` ('-' is standard output); returns the rows written.

    Fact rows (and the records in ``documents.analysis``) are those at or above each layer's default
    confidence threshold, or ``min_confidence`` for every layer (0: all the store holds).

    ``table`` is a store table (see ``TABLES``), ``plover`` (events as PLOVER JSON records; jsonl only)
    or ``gdelt`` (events as one flat GDELT-like row each).
    """
    table, format = resolve(table, format)
    check_request(table, format, out)
    with open_reader(db, min_confidence) as conn, conn.snapshot():
        columns, records = table_records(conn, table)
        expected = expected_rows(conn, table)
        with _output(out, binary=format == "parquet") as handle:
            written = WRITERS[format](columns, records, handle)
            if written != expected:  # raised inside: the partial file is removed, never renamed
                raise NewsdeskError(str(out), f"export wrote {written} of {expected} rows of {table}; "
                                              "the output is incomplete")
    return written


def resolve(table: str, format: str) -> tuple[str, str]:
    """Aliases: ``calls`` is ``calls_to_action``; ``events --format gdelt|acled`` is that view as CSV."""
    table = TABLE_ALIASES.get(table, table)
    if table == "events" and format in EVENT_SHAPES:
        return format, "csv"
    return table, format


def expected_rows(conn: Connection, table: str) -> int:
    """The rows the export must write, counted in the same snapshot (ACLED keeps only what it records)."""
    if table == "acled":
        rows = conn.rows("SELECT type, mode, negated, hypothetical FROM events")
        return sum(1 for t, m, n, h in rows if acled_recorded(t, m, bool(n), bool(h)))
    return int(conn.one(f"SELECT COUNT(*) FROM {'events' if table in EVENT_VIEWS else table}")[0])


def check_request(table: str, format: str, out: str) -> None:
    """Refuse an unknown table or format, or an impossible pair, before the store is opened."""
    table, format = resolve(table, format)
    if table not in TABLES:
        raise UnsupportedInput(table, f"no such table to export; choose one of {', '.join(TABLES)}")
    if format not in FORMATS:
        raise UnsupportedInput(format, f"unknown export format; choose one of {', '.join(FORMATS)} "
                                       f"(and for events: {', '.join(EVENT_SHAPES)})")
    if table == "plover" and format != "jsonl":
        raise UnsupportedInput(table, "PLOVER records are nested JSON; export them with --format jsonl")
    if format == "parquet" and out == "-":
        raise UnsupportedInput(out, "Parquet is binary; give a file with --out")


def table_records(conn: Connection, table: str) -> tuple[list[tuple[str, str]], Iterator[dict]]:
    """(column name, declared type) pairs and a stream of row dicts, JSON text columns decoded."""
    if table in EVENT_VIEWS:
        names, rows = conn.stream(_EVENTS_SQL, size=BATCH)
        events = (dict(zip(names, row)) for row in rows)
        if table == "plover":
            return [], (_plover(e) for e in events)
        if table == "gdelt":
            return list(GDELT_COLUMNS), (gdelt_row(e) for e in events)
        kept = (e for e in events if acled_recorded(e["type"], e["mode"], bool(e["negated"]), bool(e["hypothetical"])))
        return list(ACLED_COLUMNS), (acled_row(e) for e in kept)
    # PostgreSQL's generated tsvector is an index, not data.
    columns = [(n, t) for n, t in conn.table_columns(table) if n != "tsv"]
    names, rows = conn.stream(f"SELECT {', '.join(n for n, _ in columns)} FROM {table} "
                              f"ORDER BY {_ORDER.get(table, 'doc_id, idx')}", size=BATCH)
    booleans = {n for n, t in columns if t.startswith("BOOL")}
    decode = [n for n, _ in columns if n in JSON_COLUMNS]
    # A date that can be a year, month or week gets its precision beside it (events store theirs).
    derived = [n for n, _ in columns if n in PARTIAL_DATES and f"{n}_precision" not in names]
    records_filtered = table == "documents" and "analysis" in names
    columns += [(f"{n}_precision", "TEXT") for n in derived]

    def rows_as_dicts() -> Iterator[dict]:
        for row in rows:
            record = dict(zip(names, row))
            for name in booleans:  # SQLite stores booleans as 0/1
                if record[name] is not None:
                    record[name] = bool(record[name])
            for name in decode:
                if record[name] is not None:
                    record[name] = json.loads(record[name])
            for name in derived:
                record[f"{name}_precision"] = date_precision(record[name])
            if records_filtered:  # the full record, at the reader's thresholds like the fact tables
                record["analysis"] = confident_record(record["analysis"], conn.min_confidence)
            yield record

    return columns, rows_as_dicts()


def _plover(e: dict) -> dict:
    """One event as a PLOVER JSON record (PLOVER manual, 'JSON Data Fields'), newsdesk extensions last."""
    return {
        "id": f"newsdesk-{e['doc_id']}-{e['idx']}",
        "date": e["date"] or (e["published"] or "")[:10] or None,
        "source": _plover_actor(e["actor_name"], e["actor_cameo"], e["actor_wikidata"]),
        "recipient": _plover_actor(e["recipient_name"], e["recipient_cameo"], e["recipient_wikidata"]),
        "event": [e["type"]],
        "quad_code": QUAD.get(e["type"]),
        "event_loc": None if not e["place_name"] else {
            "geonameid": e["geonames_id"], "name": e["place_name"], "latitude": e["lat"], "longitude": e["lon"],
            "country code": e["country"]},
        "event_text": [e["text"]],
        "text_info": {"start": e["char_start"], "end": e["char_end"]},
        "cite_info": {"url": e["source"], "title": e["title"], "publication": e["publisher"],
                      "language": e["language"], "coder": f"newsdesk {__version__}"},
        "coder": f"newsdesk {__version__}",
        "coded_date": date.today().isoformat(),
        "negated": bool(e["negated"]),
        "hypothetical": bool(e["hypothetical"]),
        "doc_id": e["doc_id"],
    }


def _plover_actor(name: Optional[str], cameo: Optional[str], wikidata: Optional[str]) -> list[dict]:
    if not name:
        return []
    return [{"actor_text": name, "code": cameo[:3] if cameo else None, "sector": cameo[3:6] or None if cameo else None,
             "identifier_id": wikidata, "identifier_text": name}]


# --- writers: each takes the columns, the records and an open handle, and returns the rows written ---

def _write_csv(columns: list[tuple[str, str]], records: Iterable[dict], handle: IO) -> int:
    writer = csv.writer(handle)
    names = [n for n, _ in columns]
    writer.writerow(names)
    count = 0
    for record in records:
        writer.writerow([_csv_cell(record[n]) for n in names])
        count += 1
    return count


def _csv_cell(value: object) -> object:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


def _write_jsonl(columns: list[tuple[str, str]], records: Iterable[dict], handle: IO) -> int:
    count = 0
    for record in records:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def _write_parquet(columns: list[tuple[str, str]], records: Iterable[dict], handle: IO) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(n, _arrow_type(n, t)) for n, t in columns])
    count = 0
    with pq.ParquetWriter(handle, schema) as writer:
        batch: list[dict] = []
        for record in records:
            batch.append({n: _parquet_cell(n, record[n]) for n, _ in columns})
            if len(batch) >= BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def _arrow_type(name: str, declared: str):
    """The Parquet type of a column: native lists, dates and timestamps where the column holds them."""
    import pyarrow as pa

    if name in STRING_LISTS:
        return pa.list_(pa.string())
    if name in SPAN_LISTS:
        return pa.list_(pa.list_(pa.int64()))
    if name in JSON_COLUMNS:
        return pa.string()  # the record and the story summaries stay JSON text: one schema whatever they hold
    if name in DATE_COLUMNS:
        return pa.date32()
    if name in TIMESTAMP_COLUMNS:
        return pa.timestamp("s", tz="UTC")
    if declared.startswith(("INT", "BIGINT", "SMALLINT")):
        return pa.int64()
    if declared.startswith(("DOUBLE", "REAL", "FLOAT", "NUMERIC")):
        return pa.float64()
    if declared.startswith("BOOL"):
        return pa.bool_()
    return pa.string()


def _parquet_cell(name: str, value: object) -> object:
    if value is None or name in STRING_LISTS or name in SPAN_LISTS:
        return value
    if name in DATE_COLUMNS:
        return period_start(str(value))
    if name in TIMESTAMP_COLUMNS:
        return _timestamp(str(value))
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


def period_start(value: str) -> Optional[date]:
    """The first day of an ISO 8601 date at any precision ('2024-03-12', '2024-W10', '2024-03', '2024',
    or a timestamp's date); None for what is not a possible date (a month 13, week 60, year 0)."""
    try:
        if len(value) >= 10 and value[4] == "-" and value[7] == "-":
            return date.fromisoformat(value[:10])
        if len(value) == 8 and value[5] == "W":
            return date.fromisocalendar(int(value[:4]), int(value[6:]), 1)
        if len(value) == 7:
            return date(int(value[:4]), int(value[5:]), 1)
        if len(value) == 4:
            return date(int(value), 1, 1)
    except ValueError:
        return None
    return None


def _timestamp(value: str) -> Optional[datetime]:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


WRITERS: dict[str, Callable] = {"csv": _write_csv, "jsonl": _write_jsonl, "parquet": _write_parquet}


@contextmanager
def _output(out: str, binary: bool) -> Iterator[IO]:
    """Standard output, or ``out`` written via ``out.partial`` and renamed when complete."""
    if out == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(out)
    partial = target.with_name(target.name + ".partial")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle = open(partial, "wb") if binary else open(partial, "w", encoding="utf-8", newline="")
    try:
        yield handle
    except BaseException:
        handle.close()
        partial.unlink(missing_ok=True)
        raise
    handle.close()
    os.replace(partial, target)
