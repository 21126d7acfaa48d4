"""Batch inputs: checking them before any work, cutting them into fixed shards, and reading one shard.

The driver only plans: it checks every path, then walks the inputs and writes down, for each shard,
where its records are (a byte range of a JSONL file, a row range of a Parquet file, or a list of
text/HTML files) and the input position (``seq``) of its first record. It never holds document text.
A worker reads its shard from that description. Shard boundaries depend only on the inputs and the
shard size, so every engine, worker count and retry cuts the same shards.

Paths are kept twice: ``path`` (absolute) to read from, wherever the worker's current directory is,
and ``where`` (as the user gave it) for provenance, so that outputs do not depend on the machine.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator, Optional, Sequence, Union

from ..errors import BatchInputError, EmptyInput, InputTooLarge, NewsdeskError
from ..read.document import RawDocument
from ..read.jsonl import read_line, record_to_document
from ..read.url import DEFAULT_MAX_BYTES

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
FILE_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".xhtml"}
# The columns a Parquet input may carry: the same fields as a JSONL record.
PARQUET_COLUMNS = ("id", "title", "url", "published", "publisher", "text", "html")
DEFAULT_SHARD_SIZE = 500


@dataclass
class ShardSpec:
    """Where one shard's records are. ``kind`` is ``jsonl`` (bytes ``start``:``stop`` of ``path``,
    first record on line ``first_line``), ``parquet`` (rows ``start``:``stop``) or ``files`` (one
    document per file of ``files``, each an ``[absolute, as given]`` pair)."""

    shard: int
    kind: str
    where: str
    first_seq: int
    records: int
    path: str = ""
    start: int = 0
    stop: int = 0
    first_line: int = 1
    files: list[list[str]] = field(default_factory=list)
    weight: int = 0  # input bytes the shard covers (estimated for Parquet): its expected cost

    def to_json(self) -> str:
        """The spec as one JSON string: how it travels to workers and into the shard's marker."""
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "ShardSpec":
        return cls(**json.loads(text))


@dataclass
class Item:
    """One input record as a worker read it: a document, or the error that stopped it."""

    seq: int
    input: str
    line: int
    document: Union[RawDocument, NewsdeskError]


# --- the driver: check and plan ------------------------------------------------------------------

def check_inputs(inputs: Sequence[str]) -> None:
    """Fail fast, before any cluster work, on a missing, unreadable or unsupported input path."""
    if not inputs:
        raise BatchInputError("batch", "give at least one input (JSONL, Parquet, text/HTML files or directories)")
    for spec in inputs:
        if spec == "-" or spec.startswith(("http://", "https://")):
            raise BatchInputError(spec, "batch reads files and directories only (JSONL, Parquet, text, HTML); "
                                        "use newsdesk ingest or analyze for standard input and URLs")
        path = Path(spec)
        if not path.exists():
            raise BatchInputError(spec, "no such file or directory")
        if not os.access(path, os.R_OK) or (path.is_dir() and not os.access(path, os.X_OK)):
            raise BatchInputError(spec, "cannot be read (permission denied)")
        if path.is_file() and _kind(path) is None:
            raise BatchInputError(spec, f"unsupported file type '{path.suffix}'; use .jsonl, .parquet, .txt or .html")


def plan_shards(inputs: Sequence[str], shard_size: int = DEFAULT_SHARD_SIZE, limit: Optional[int] = None) -> list[ShardSpec]:
    """Cut the inputs into shards of at most ``shard_size`` records, in input order.

    A shard never spans two files. ``limit`` stops after that many records. Unreadable files met
    while planning (a corrupt Parquet footer, a directory that cannot be listed) fail the whole run
    here, before any worker starts.
    """
    check_inputs(inputs)
    if shard_size < 1:
        raise BatchInputError("--shard-size", "must be at least 1")
    planner = _Planner(shard_size, limit)
    for spec in inputs:
        for path, where in _expand(Path(spec), spec):
            if planner.full:
                break
            planner.add(path, where)
    planner.flush_files()
    return planner.shards


class _Planner:
    """Accumulates shard specs; consecutive text/HTML files share shards."""

    def __init__(self, shard_size: int, limit: Optional[int]) -> None:
        self.size, self.limit = shard_size, limit
        self.shards: list[ShardSpec] = []
        self.seq = 0
        self.files: list[list[str]] = []

    @property
    def full(self) -> bool:
        return self.limit is not None and self.seq + len(self.files) >= self.limit

    def room(self, wanted: int) -> int:
        return wanted if self.limit is None else min(wanted, self.limit - self.seq)

    def add(self, path: Path, where: str) -> None:
        kind = _kind(path)
        if kind == "files" or kind is None:  # unsupported files inside a directory become failure rows
            self.files.append([str(path), where])
            if len(self.files) == self.size:
                self.flush_files()
            return
        self.flush_files()
        try:
            if kind == "jsonl":
                self._jsonl(path, where)
            else:
                self._parquet(path, where)
        except OSError as exc:
            raise BatchInputError(where, f"cannot be read ({exc.strerror or exc})") from exc

    def flush_files(self) -> None:
        if self.files:
            weight = sum(_size(path) for path, _where in self.files)
            self._emit(kind="files", where=self.files[0][1], records=len(self.files), files=self.files, weight=weight)
            self.files = []

    def _emit(self, **fields) -> None:
        self.shards.append(ShardSpec(shard=len(self.shards), first_seq=self.seq, **fields))
        self.seq += fields["records"]

    def _jsonl(self, path: Path, where: str) -> None:
        cap = None if self.limit is None else self.limit - self.seq
        for start, stop, first_line, count in jsonl_ranges(path, self.size, cap):
            self._emit(kind="jsonl", where=where, records=count, path=str(path), start=start, stop=stop,
                       first_line=first_line, weight=stop - start)

    def _parquet(self, path: Path, where: str) -> None:
        import pyarrow.parquet as pq

        try:
            meta = pq.ParquetFile(path)
        except Exception as exc:  # pyarrow raises ArrowInvalid, OSError … for a bad footer
            raise BatchInputError(where, f"is not a readable Parquet file ({exc})") from exc
        names = set(meta.schema_arrow.names)
        if not names & {"text", "html"}:
            raise BatchInputError(where, "has neither a 'text' nor an 'html' column")
        rows = meta.metadata.num_rows
        for start in range(0, rows, self.size):
            count = self.room(min(self.size, rows - start))
            if count <= 0:
                return
            self._emit(kind="parquet", where=where, records=count, path=str(path), start=start, stop=start + count,
                       weight=path.stat().st_size * count // max(rows, 1))


def jsonl_ranges(path: Path, size: int, cap: Optional[int] = None) -> Iterator[tuple[int, int, int, int]]:
    """Byte ranges of ``size`` non-blank lines each: (start, stop, first line number, lines).

    ``cap`` stops after that many lines in all (the last range is then shorter).
    """
    start = offset = total = 0
    first_line, count = 1, 0
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if cap is not None and total >= cap:
                break
            if line.strip():
                if count == 0:
                    start, first_line = offset, number
                count += 1
                total += 1
            offset += len(line)
            if count == size:
                yield start, offset, first_line, count
                count = 0
    if count:
        yield start, offset, first_line, count


def _expand(path: Path, where: str) -> Iterator[tuple[Path, str]]:
    """A file, or every visible file under a directory in sorted order, as (absolute, as given)."""
    if not path.is_dir():
        yield path.resolve(), where
        return
    try:
        children = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path)))
    except OSError as exc:
        raise BatchInputError(where, f"cannot be listed ({exc.strerror or exc})") from exc
    for child in children:
        yield child.resolve(), os.path.join(where, str(child.relative_to(path)))


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:  # gone since the listing: the worker will report it as a failure
        return 0


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _kind(path: Path) -> Optional[str]:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    return "files" if suffix in FILE_SUFFIXES or suffix == "" else None


# --- the worker: read one shard ------------------------------------------------------------------

def read_shard(spec: ShardSpec, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Item]:
    """Every record of the shard, in order: an assembled document or the error that stopped it."""
    reader = {"jsonl": _read_jsonl, "parquet": _read_parquet, "files": _read_files}[spec.kind]
    items = list(reader(spec, max_bytes))
    for item in items:
        if isinstance(item.document, RawDocument):
            item.document = _checked(item.document, item, max_bytes)
    return items


def _checked(raw: RawDocument, item: Item, max_bytes: int) -> Union[RawDocument, NewsdeskError]:
    size = len(raw.text.encode("utf-8"))
    return InputTooLarge(f"{item.input}:{item.line}", size=size, cap=max_bytes) if size > max_bytes else raw


def _read_jsonl(spec: ShardSpec, max_bytes: int) -> Iterator[Item]:
    with open(spec.path, "rb") as handle:
        handle.seek(spec.start)
        data = handle.read(spec.stop - spec.start)
    number, seq = spec.first_line - 1, spec.first_seq
    for raw_line in data.split(b"\n"):
        number += 1
        if not raw_line.strip():
            continue
        yield Item(seq, spec.where, number, _jsonl_record(raw_line, spec, number, max_bytes))
        seq += 1


def _jsonl_record(raw_line: bytes, spec: ShardSpec, number: int, max_bytes: int) -> Union[RawDocument, NewsdeskError]:
    # The same line reader as ``newsdesk analyze`` and ``ingest``: one numbered failure per bad line.
    item = read_line(raw_line, spec.where, number, max_bytes)
    return item.assemble() if isinstance(item, RawDocument) else item


def _read_parquet(spec: ShardSpec, max_bytes: int) -> Iterator[Item]:
    for offset, record in enumerate(parquet_rows(spec.path, spec.start, spec.stop)):
        row = spec.start + offset + 1  # 1-based, like a JSONL line number
        try:
            document: Union[RawDocument, NewsdeskError] = record_to_document(
                record, f"{spec.where}:{row}", spec.where, row).assemble()
        except NewsdeskError as exc:
            document = exc
        yield Item(spec.first_seq + offset, spec.where, row, document)


def parquet_rows(path: str, start: int, stop: int) -> Iterator[dict]:
    """Rows ``start``:``stop`` of a Parquet file as dicts, reading only the row groups they lie in."""
    import pyarrow.parquet as pq

    handle = pq.ParquetFile(path)
    columns = [c for c in PARQUET_COLUMNS if c in handle.schema_arrow.names]
    first = 0
    for group in range(handle.metadata.num_row_groups):
        rows = handle.metadata.row_group(group).num_rows
        if first < stop and start < first + rows:
            table = handle.read_row_group(group, columns=columns)
            lo, hi = max(start - first, 0), min(stop - first, rows)
            yield from table.slice(lo, hi - lo).to_pylist()
        first += rows


def _read_files(spec: ShardSpec, max_bytes: int) -> Iterator[Item]:
    """One document per file, read by the project's reader (encoding, HTML, size cap, errors)."""
    from ..read.sources import iter_documents

    for offset, (path, where) in enumerate(spec.files):
        items = list(iter_documents([path], max_bytes=max_bytes))
        document = _relabel(items[0], path, where) if items else EmptyInput(where)
        yield Item(spec.first_seq + offset, where, 0, document)


def _relabel(item: Union[RawDocument, NewsdeskError], path: str, where: str) -> Union[RawDocument, NewsdeskError]:
    """Name the file as the user gave it, not by the absolute path it was read from."""
    if isinstance(item, NewsdeskError):
        if item.where == path:
            item.where = where
            item.args = (item.message,)
        return item
    if item.source == path:
        item.source = where
    return item
