"""One output convention for the commands that list things (``failures``, ``stories``, ``search``).

``--format table|json|jsonl|csv|parquet`` and ``--out FILE`` (``-``, the default, is standard output;
Parquet needs a file). ``table`` is for people; the others load in pandas, a spreadsheet or jq:
``json`` is one array, ``jsonl`` one object a line, ``csv`` one header row then one row per item
(nested values as JSON text), ``parquet`` typed columns (lists of strings stay lists). Each command's
older ``--json`` flag is kept as a shorthand for the JSON it printed before.
"""

from __future__ import annotations

import csv
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Callable, Iterator, Optional

from rich.console import Console

from .errors import OutputFormatError
from .terminal import PIPE_WIDTH

LIST_FORMATS = ("table", "json", "jsonl", "csv", "parquet")
FORMAT_HELP = "table, json, jsonl, csv or parquet (parquet needs --out)."
OUT_HELP = "Write to this file instead of standard output."


def check_format(format: str, out: str) -> None:
    """Refuse an unknown format, or Parquet to standard output, before any work (E036)."""
    if format not in LIST_FORMATS:
        raise OutputFormatError(format, f"unknown output format; choose one of {', '.join(LIST_FORMATS)}")
    if format == "parquet" and out == "-":
        raise OutputFormatError("--format parquet", "Parquet is binary; give a file with --out")


def write_rows(rows: list[dict], format: str, out: str, table: Callable[[Console], None]) -> None:
    """Write ``rows`` in ``format`` to ``out``; ``table`` renders the human table on a console."""
    check_format(format, out)
    if format == "parquet":
        _write_parquet(rows, out)
        return
    with _open(out) as handle:
        if format == "table":
            console = None if handle is sys.stdout else Console(file=handle, width=PIPE_WIDTH, soft_wrap=True,
                                                                color_system=None)
            table(console)
        elif format == "json":
            handle.write(json.dumps(rows, ensure_ascii=False) + "\n")
        elif format == "jsonl":
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            _write_csv(rows, handle)


def write_object(value: dict, out: str) -> None:
    """One JSON object (a page with its total and paging) to ``out``."""
    with _open(out) as handle:
        handle.write(json.dumps(value, ensure_ascii=False) + "\n")


def _columns(rows: list[dict]) -> list[str]:
    """Every key of every row, in first-seen order (rows of one listing share their keys)."""
    return list(dict.fromkeys(key for row in rows for key in row))


def _write_csv(rows: list[dict], handle: IO) -> None:
    columns = _columns(rows)
    writer = csv.writer(handle)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_flat(row.get(c)) for c in columns])


def _flat(value: object) -> object:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


def _parquet_cell(value: object) -> object:
    """Lists of strings stay lists (a native Parquet list); other nested values become JSON text."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return _flat(value)


def _write_parquet(rows: list[dict], out: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = _columns(rows)
    table = pa.Table.from_pylist([{c: _parquet_cell(row.get(c)) for c in columns} for row in rows])
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, out)


@contextmanager
def _open(out: str) -> Iterator[IO]:
    if out == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        yield handle


def resolve_format(format: Optional[str], as_json: bool, json_format: str) -> str:
    """The format asked for: ``--format`` wins; ``--json`` is the command's older JSON shorthand."""
    if format is not None:
        return format
    return json_format if as_json else "table"
