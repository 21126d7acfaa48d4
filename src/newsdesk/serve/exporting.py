"""GET /export/{table}: the store's export, streamed to the client as it is written.

The rows, formats and checks are ``newsdesk.export``'s own (one read snapshot, every row, the count
checked against the snapshot). Its writers write to a file handle; here that handle is a bounded
queue that the HTTP response drains, so a large export never sits whole in memory or on disk, and a
slow client slows the export down instead of filling memory. A client that goes away stops it.
"""

from __future__ import annotations

import io
import queue
import threading
from typing import Iterator, Optional, Union

from pydantic import BaseModel, Field

from .. import export as store_export
from ..errors import NewsdeskError, UnsupportedInput
from ..store.rows import date_precision
from ..store.schema import open_reader

CHUNK = 64 * 1024
STALL_S = 120.0   # a client that takes nothing for this long is gone: the export stops
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8",
               "parquet": "application/vnd.apache.parquet"}
_DONE = object()


class _Cancelled(Exception):
    """The client went away: the writer thread stops at its next write."""


class _QueueHandle:
    """A write-only file object whose bytes go to a bounded queue in chunks."""

    def __init__(self, sink: queue.Queue, cancelled: threading.Event) -> None:
        self.sink, self.cancelled = sink, cancelled
        self.buffer = bytearray()
        self.position = 0
        self.closed = False

    def write(self, data) -> int:
        if self.cancelled.is_set():
            raise _Cancelled()
        raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        self.buffer.extend(raw)
        self.position += len(raw)
        if len(self.buffer) >= CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buffer:
            _put(self.sink, bytes(self.buffer), self.cancelled)
            self.buffer.clear()

    def tell(self) -> int:   # pyarrow asks where it is in the stream
        return self.position

    def writable(self) -> bool:
        return True

    def close(self) -> None:
        self.closed = True


def check_export(table: str, format: str) -> None:
    """Raise the export's own error for an unknown table or format, or plover as csv or parquet."""
    store_export.check_request(table, format, "-" if format != "parquet" else "export.parquet")


def _put(sink: queue.Queue, item: object, cancelled: threading.Event) -> None:
    """Hand one item to the response; give up (cancelling the export) when the client is gone: the
    response stopped taking chunks, or took none for STALL_S seconds."""
    waited = 0.0
    while not cancelled.is_set():
        try:
            sink.put(item, timeout=0.5)
            return
        except queue.Full:
            waited += 0.5
            if waited >= STALL_S:
                cancelled.set()
    raise _Cancelled()


def stream_export(db: str, table: str, format: str, min_confidence: Optional[float] = None) -> Iterator[bytes]:
    """Check the request now (an unknown table or a missing store is an error before the response
    starts), then return the bytes of the export as an iterator of chunks."""
    check_export(table, format)
    open_reader(db).close()
    table, format = store_export.resolve(table, format)  # calls → calls_to_action; events as gdelt/acled
    return _chunks(db, table, format, min_confidence)


def _chunks(db: str, table: str, format: str, min_confidence: Optional[float] = None) -> Iterator[bytes]:
    """The export chunk by chunk; raises NewsdeskError if it came out incomplete (the client then
    sees the connection close early, never a truncated file that looks whole)."""
    sink: queue.Queue = queue.Queue(maxsize=16)
    cancelled = threading.Event()
    failure: list[BaseException] = []
    worker = threading.Thread(target=_produce, args=(db, table, format, sink, cancelled, failure, min_confidence),
                              daemon=True)
    worker.start()
    try:
        while True:
            item = sink.get()
            if item is _DONE:
                break
            yield item
        if failure:
            raise failure[0]
    finally:
        cancelled.set()
        worker.join(timeout=5)


def _produce(db: str, table: str, format: str, sink: queue.Queue, cancelled: threading.Event,
             failure: list, min_confidence: Optional[float] = None) -> None:
    handle = _QueueHandle(sink, cancelled)
    try:
        with open_reader(db, min_confidence) as conn, conn.snapshot():
            expected = store_export.expected_rows(conn, table)
            columns, records = store_export.table_records(conn, table)
            written = store_export.WRITERS[format](columns, records, handle)
            handle.flush()
            if written != expected:
                raise NewsdeskError(f"/export/{table}", f"export wrote {written} of {expected} rows; incomplete")
    except _Cancelled:
        return
    except BaseException as exc:  # handed to the response, which ends the stream early
        failure.append(exc)
    finally:
        try:
            _put(sink, _DONE, cancelled)
        except _Cancelled:
            pass


# --- the table on screen -------------------------------------------------------------------------

Cell = Union[str, int, float, bool, None]
SCREEN_FORMATS = ("csv", "parquet")


class ScreenTable(BaseModel):
    """A table as the desk shows it (its columns and the rows on screen, in their order)."""

    name: str = Field(pattern=r"^[A-Za-z0-9_-]{1,40}$", description="The file's name, without suffix.")
    columns: list[str] = Field(min_length=1, max_length=60)
    rows: list[list[Cell]] = Field(max_length=20_000)


def screen_table(table: ScreenTable, format: str) -> bytes:
    """The rows on screen as CSV or Parquet, written by the store export's own writers: the same
    cells, and in Parquet the same native types (dates as dates with a ``<name>_precision`` column
    beside a date that may be a year, month or week; whole numbers as int64; booleans as booleans)."""
    if format not in SCREEN_FORMATS:
        raise UnsupportedInput(format, f"unknown format; choose one of {', '.join(SCREEN_FORMATS)}")
    if len(set(table.columns)) != len(table.columns) or any(len(r) != len(table.columns) for r in table.rows):
        raise UnsupportedInput(table.name, "every row needs one cell per column, and column names must differ")
    records = [dict(zip(table.columns, row)) for row in table.rows]
    columns = [(name, _declared([r[name] for r in records])) for name in table.columns]
    if format == "parquet":
        for name in [n for n in table.columns if n in store_export.PARTIAL_DATES]:
            columns.append((f"{name}_precision", "TEXT"))
            for record in records:
                record[f"{name}_precision"] = date_precision(record[name] if isinstance(record[name], str) else None)
        records = [{n: _text_if(declared, r[n]) for n, declared in columns} for r in records]
    handle = io.BytesIO() if format == "parquet" else io.StringIO(newline="")
    store_export.WRITERS[format](columns, records, handle)
    value = handle.getvalue()
    return value if isinstance(value, bytes) else value.encode("utf-8")


def _declared(values: list[Cell]) -> str:
    """The store type a column's cells fit: BOOLEAN, INTEGER, DOUBLE PRECISION, else TEXT."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "BOOLEAN"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "INTEGER"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "DOUBLE PRECISION"
    return "TEXT"


def _text_if(declared: str, value: Cell) -> Cell:
    return str(value) if declared == "TEXT" and value is not None and not isinstance(value, str) else value
