"""The batch output tables: fixed pyarrow schemas, rows from analysis records, and shard files.

Layout of an output directory::

    DIR/documents/part-00000.parquet   one row per document: metadata and the analysis record (JSON)
    DIR/actors/… places/… quotes/… events/… calls_to_action/… stances/…   flat facts, keyed by doc_id
    DIR/failures/part-00000.parquet    inputs of the shard that could not be read or analysed
    DIR/_shards/part-00000.json        the shard's marker: its spec and what it holds (written last)
    DIR/_manifest.json                 the run: shards, row counts, duplicates dropped (written at the end)

Every shard has a file in every table, empty or not, with the same schema, so that any reader sees
one schema per table. The flat rows are the store's own rows (``store.rows.fact_rows``), so a table
here and the same table exported from the store agree column for column. Nothing in the files
depends on when, where or by which engine they were written: no timestamps, hosts or worker ids.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from ..model import Analysis
from ..store.rows import Row, document_row, fact_rows

FORMAT = "newsdesk.batch/1"
MANIFEST = "_manifest.json"
MARKERS = "_shards"
ATTEMPTS = "_attempts"
FACT_TABLES = ("actors", "places", "quotes", "events", "calls_to_action", "stances")
TABLES = ("documents", *FACT_TABLES, "failures")

_S, _I, _F, _B = pa.string(), pa.int64(), pa.float64(), pa.bool_()
_SPAN = [("char_start", _I), ("char_end", _I)]
SCHEMAS: dict[str, pa.Schema] = {name: pa.schema(fields, metadata={"newsdesk.format": FORMAT, "newsdesk.table": name})
                                 for name, fields in {
    "documents": [("doc_id", _S), ("seq", _I), ("shard", _I), ("input", _S), ("line", _I), ("external_id", _S),
                  ("source", _S), ("title", _S), ("publisher", _S), ("published", _S), ("language", _S),
                  ("n_chars", _I), ("n_words", _I), ("analysis", _S)],
    "actors": [("doc_id", _S), ("actor_id", _S), ("actor_key", _S), ("name", _S), ("type", _S), ("aliases", _S),
               ("roles", _S), ("wikidata", _S), ("cameo", _S), ("n_mentions", _I), *_SPAN, ("confidence", _F)],
    "places": [("doc_id", _S), ("place_id", _S), ("name", _S), ("name_norm", _S), ("kind", _S), ("country", _S),
               ("lat", _F), ("lon", _F), ("geonames_id", _I), ("confidence", _F), ("n_mentions", _I), *_SPAN],
    "quotes": [("doc_id", _S), ("idx", _I), ("kind", _S), ("speaker", _S), ("speaker_name", _S), ("cue", _S),
               ("parent", _I), *_SPAN, ("text", _S), ("confidence", _F)],
    "events": [("doc_id", _S), ("idx", _I), ("type", _S), ("actor", _S), ("actor_name", _S), ("recipient", _S),
               ("recipient_name", _S), ("place", _S), ("place_name", _S), ("country", _S), ("date", _S),
               ("negated", _B), ("hypothetical", _B), *_SPAN, ("text", _S), ("mode", _S), ("confidence", _F),
               ("date_precision", _S), *[(f"{part}_{end}", _I) for part in ("trigger", "actor", "recipient", "place")
                                         for end in ("start", "end")], ("record", _S)],
    "calls_to_action": [("doc_id", _S), ("idx", _I), ("speaker", _S), ("speaker_name", _S), ("addressees", _S),
                        ("action", _S), *_SPAN, ("text", _S), ("confidence", _F), ("record", _S)],
    "stances": [("doc_id", _S), ("idx", _I), ("holder", _S), ("holder_name", _S), ("target", _S),
                ("target_name", _S), ("polarity", _F), ("evidence", _S), *_SPAN, ("confidence", _F)],
    "failures": [("shard", _I), ("seq", _I), ("input", _S), ("line", _I), ("doc_id", _S), ("code", _S),
                 ("reason", _S)],
}.items()}


def document_rows(analysis: Analysis, doc_id: str, seq: int, shard: int, input_name: str, line: int) -> Row:
    """The ``documents`` row: the store's document row, without its ingest time, plus where it came from."""
    row = document_row(analysis, doc_id, seq, now="")
    return {"doc_id": doc_id, "seq": seq, "shard": shard, "input": input_name, "line": line,
            **{k: row[k] for k in ("external_id", "source", "title", "publisher", "published", "language",
                                   "n_chars", "n_words", "analysis")}}


def flat_rows(analysis: Analysis, doc_id: str) -> dict[str, list[Row]]:
    """The flat fact rows of one document, for the tables this output carries.

    Events and calls to action also carry their whole record as JSON (``record``): those models are
    still growing, and a field the flat columns do not name yet must not be lost on the way.
    """
    rows = fact_rows(analysis, doc_id)
    for table, records in (("events", analysis.events), ("calls_to_action", analysis.calls_to_action)):
        for row in rows[table]:
            row["record"] = json.dumps(records[row["idx"]].model_dump(mode="json"), ensure_ascii=False)
    return {table: rows[table] for table in FACT_TABLES}


def to_table(name: str, rows: list[Row]) -> pa.Table:
    """Rows as a table of the fixed schema; a column the schema lacks is an error, never dropped."""
    schema = SCHEMAS[name]
    unknown = {key for row in rows for key in row} - set(schema.names)
    if unknown:
        raise ValueError(f"table {name}: columns {sorted(unknown)} are not in the batch schema (batch/tables.py)")
    return pa.Table.from_pylist(rows, schema=schema)


def part_name(shard: int) -> str:
    return f"part-{shard:05d}"


def write_shard(out: Path, shard: int, tables: dict[str, list[Row]]) -> dict[str, int]:
    """Write one shard's file in every table, each atomically (a temporary name, then a rename).

    A retried shard writes the same bytes over the same names, so a worker that died half-way leaves
    nothing behind once the retry is done. Returns the bytes written per table.
    """
    sizes = {}
    for name in TABLES:
        path = out / name / f"{part_name(shard)}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        # zstd: a third smaller than snappy on the JSON column; statistics let readers skip row groups.
        pq.write_table(to_table(name, tables.get(name, [])), scratch, compression="zstd")
        os.replace(scratch, path)
        sizes[name] = path.stat().st_size
    return sizes


def write_json(path: Path, value: object) -> None:
    """JSON written atomically, keys sorted: the same content always gives the same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    scratch.write_text(json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(scratch, path)


def read_table(out: Path, name: str, shards: Iterable[int] | None = None) -> pa.Table:
    """A whole table (every shard, in shard order), or only the shards named."""
    folder = out / name
    paths = sorted(folder.glob("part-*.parquet")) if shards is None else [
        folder / f"{part_name(s)}.parquet" for s in shards]
    parts = [pq.read_table(p, schema=SCHEMAS[name]) for p in paths]
    return pa.concat_tables(parts) if parts else SCHEMAS[name].empty_table()
