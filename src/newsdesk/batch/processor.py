"""The unit of work: a processor that turns one shard description into that shard's table files.

``ShardProcessor`` is built once per worker (a local worker process or a Ray actor). Its constructor
loads the spaCy pipeline, by package name or path, and the knowledge files (gazetteer, actor KB,
trained weights), which the stages load lazily on first use: a short warm-up analysis reads them all
before the first shard. Nothing spaCy-made ever crosses a process boundary: a worker receives a shard
spec (a JSON string) and returns a small summary; documents are read and tables written by the worker.

Ray Data calls the processor with a batch of specs (``__call__``); the local engine calls
``process`` directly. Both run the same code, which is why their tables are byte-identical.
"""

from __future__ import annotations

import json
import os
import resource
import time
from pathlib import Path
from typing import Any, Optional

from ..errors import NewsdeskError
from ..nlp import DEFAULT_MODEL
from ..read.document import RawDocument, document_id
from ..read.url import DEFAULT_MAX_BYTES
from .inputs import Item, ShardSpec, read_shard
from .tables import ATTEMPTS, FACT_TABLES, MARKERS, document_rows, flat_rows, part_name, write_json, write_shard

# What a worker reports back per shard (timings and resources are for reports, never for files).
SUMMARY_KEYS = ("shard", "documents", "failures", "duplicates", "words", "cpu_s", "wall_s", "init_s", "pid",
                "peak_rss_mb")
# A few sentences of our own that touch every stage, so that every lazy load happens in the constructor.
WARM_UP = ("Talks resume in Geneva\n\n"
           "GENEVA - The foreign minister of Kenya, Amina Odhiambo, said on Monday that the talks would resume "
           "next week. \"We call on both sides to return to the table,\" she told reporters. Critics compared "
           "the plan to the Munich agreement of 1938.")


class ShardProcessor:
    """Analyse shards and write their tables; one instance per worker, reused for every shard."""

    def __init__(self, out: str, model: str = DEFAULT_MODEL, batch_size: int = 32,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        from ..nlp import load_pipeline, model_info
        from ..pipeline import analyze_documents

        started = time.perf_counter()
        self.out, self.model, self.batch_size, self.max_bytes = Path(out), model, batch_size, max_bytes
        self.settings = shard_settings(model, batch_size, max_bytes)
        load_pipeline(model)
        list(analyze_documents([RawDocument(text=WARM_UP).assemble()], model=model))
        self.model_meta = model_info(model)
        self.init_s = time.perf_counter() - started

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        """Ray Data's entry point: a batch of rows with a ``spec`` column, one summary row per spec."""
        import numpy as np

        summaries = [self.process(ShardSpec.from_json(str(spec))) for spec in batch["spec"]]
        return {key: np.asarray([summary[key] for summary in summaries]) for key in SUMMARY_KEYS}

    def process(self, spec: ShardSpec) -> dict:
        """Read, analyse and write one shard; then its marker, which says the shard is complete."""
        cpu, wall = time.process_time(), time.perf_counter()
        note_attempt(self.out, spec.shard)
        items = read_shard(spec, self.max_bytes)
        shard = _analyse_items(items, spec.shard, self.model, self.batch_size)
        sizes = write_shard(self.out, spec.shard, shard.tables)
        write_json(self.out / MARKERS / f"{part_name(spec.shard)}.json", {
            "spec": json.loads(spec.to_json()), "model": self.model_meta, "settings": self.settings,
            "documents": len(shard.doc_ids), "failures": len(shard.tables["failures"]),
            "doc_ids": shard.doc_ids, "seqs": shard.seqs, "duplicates": shard.duplicates,
            "rows": {name: len(rows) for name, rows in shard.tables.items()}, "bytes": sizes,
        })
        return {"shard": spec.shard, "documents": len(shard.doc_ids), "failures": len(shard.tables["failures"]),
                "duplicates": len(shard.duplicates), "words": shard.words, "cpu_s": time.process_time() - cpu,
                "wall_s": time.perf_counter() - wall, "init_s": self.init_s, "pid": os.getpid(),
                "peak_rss_mb": peak_rss_mb()}


class _Shard:
    """One shard's rows, built in input order."""

    def __init__(self) -> None:
        self.tables: dict[str, list[dict]] = {name: [] for name in ("documents", *FACT_TABLES, "failures")}
        self.doc_ids: list[str] = []
        self.seqs: list[int] = []
        self.duplicates: list[dict] = []
        self.words = 0
        self._first_seq: dict[str, int] = {}

    def failure(self, shard: int, item: Item, error: NewsdeskError, doc_id: Optional[str] = None) -> None:
        line = error.fields.get("line", item.line)
        self.tables["failures"].append({"shard": shard, "seq": item.seq, "input": item.input,
                                        "line": int(line) if str(line).isdigit() else item.line,
                                        "doc_id": doc_id, "code": error.code, "reason": error.message})

    def document(self, shard: int, item: Item, analysis, doc_id: str) -> None:
        if doc_id in self._first_seq:  # the same text twice in the input: the store's one document
            self.duplicates.append({"doc_id": doc_id, "seq": item.seq, "kept_seq": self._first_seq[doc_id]})
            return
        self._first_seq[doc_id] = item.seq
        self.doc_ids.append(doc_id)
        self.seqs.append(item.seq)
        self.words += len(analysis.document.text.split())
        self.tables["documents"].append(document_rows(analysis, doc_id, item.seq, shard, item.input, item.line))
        for name, rows in flat_rows(analysis, doc_id).items():
            self.tables[name].extend(rows)


def _analyse_items(items: list[Item], shard_index: int, model: str, batch_size: int) -> _Shard:
    """Analyse the readable documents with nlp.pipe (one bad document costs only itself)."""
    from ..ingest import analyse_batch

    raws = [item.document for item in items if isinstance(item.document, RawDocument)]
    results = iter(analyse_batch(raws, model, batch_size) if raws else [])
    shard = _Shard()
    for item in items:
        if isinstance(item.document, NewsdeskError):
            shard.failure(shard_index, item, item.document)
            continue
        doc_id = document_id(item.document.text)  # the store's key: load and ingest agree on it
        result = next(results)
        if isinstance(result, NewsdeskError):
            shard.failure(shard_index, item, result, doc_id)
        else:
            shard.document(shard_index, item, result, doc_id)
    return shard


def note_attempt(out: Path, shard: int) -> None:
    """Leave a mark that this process started the shard: the driver counts retries from these marks
    (a worker that dies never reports), then removes them; they are never part of the output."""
    folder = out / ATTEMPTS
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{part_name(shard)}.{os.getpid()}-{time.monotonic_ns()}").touch()


def shard_settings(model: str, batch_size: int, max_bytes: int) -> dict:
    """The settings a shard's content depends on: a shard finished with others is done again."""
    return {"model": model, "batch_size": batch_size, "max_bytes": max_bytes}


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM; ``ru_maxrss`` where /proc is absent)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
