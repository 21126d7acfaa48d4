"""``newsdesk load``: a finished batch output into the store (SQLite or PostgreSQL), idempotently.

Each document row carries the whole analysis record, so the store gets every one of its tables,
not only the flat ones the shards carry. Writing goes through the store's one writer
(``StoreWriter``): a document already stored (by an earlier load, or by ``ingest``, which keys
documents the same way) becomes a sighting only, a failure already recorded is not counted again,
and each batch is one transaction. Loading the same directory twice adds nothing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from ..errors import NewsdeskError
from ..model import Analysis
from ..store.db import DEFAULT_DB
from ..store.writer import Analysed, Failed, Outcome, Seen, StoreWriter
from .shards import read_manifest
from .tables import read_table


@dataclass
class LoadReport:
    """What one load did."""

    added: int = 0
    already: int = 0
    failures_added: int = 0
    failures_known: int = 0
    syndicated: int = 0
    stories: int = 0
    seconds: float = 0.0


class ShardFailure(NewsdeskError):
    """A failure row of a shard, as the store's failure table wants it: its code and message as the
    batch run recorded them."""

    def __init__(self, where: str, code: str, reason: str, line: int) -> None:
        self.code = code
        super().__init__(where, reason, line=line)

    @property
    def message(self) -> str:
        return self.detail


def load_shards(directory: str, db: str = DEFAULT_DB, batch_size: int = 200, stories: bool = True,
                on_shard: Optional[Callable[[int, LoadReport], None]] = None) -> LoadReport:
    """Load every shard of a finished batch output into ``db``; returns what was added and skipped."""
    manifest = read_manifest(directory)
    out = Path(directory)
    report = LoadReport()
    started = time.perf_counter()
    with StoreWriter(db) as writer:
        for shard in (s["shard"] for s in manifest["shards"]):
            documents = read_table(out, "documents", [shard])
            for at in range(0, documents.num_rows, batch_size):
                _load_documents(writer, documents.slice(at, batch_size).to_pylist(), report)
            _load_failures(writer, read_table(out, "failures", [shard]).to_pylist(), report)
            if on_shard:
                on_shard(shard, report)
        if stories and report.added:
            from ..store.stories import rebuild_after_ingest

            report.stories = rebuild_after_ingest(writer)
    report.seconds = time.perf_counter() - started
    return report


def _load_documents(writer: StoreWriter, rows: list[dict], report: LoadReport) -> None:
    known = writer.known(row["doc_id"] for row in rows)
    outcomes: list[Outcome] = []
    for row in rows:
        where = row["source"] or row["input"]
        if row["doc_id"] in known:
            outcomes.append(Seen(row["doc_id"], where, row["external_id"]))
        else:
            outcomes.append(Analysed(Analysis.model_validate_json(row["analysis"]), row["doc_id"], where))
    result = writer.write(outcomes)
    report.added += len(result.added)
    report.already += result.already
    report.syndicated += result.syndicated


def _load_failures(writer: StoreWriter, rows: list[dict], report: LoadReport) -> None:
    """Record the shard's failures the store does not hold yet (an input and line are one failure)."""
    fresh = []
    for row in rows:
        if writer.conn.one("SELECT 1 FROM ingest_failures WHERE input = ? AND line = ?", (row["input"], row["line"])):
            report.failures_known += 1
        else:
            fresh.append(Failed(ShardFailure(row["input"], row["code"], row["reason"], row["line"])))
    if fresh:
        report.failures_added += writer.write(fresh).failed
