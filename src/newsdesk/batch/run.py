"""One batch run: check and plan the inputs, run the shards on an engine, close the output.

    inputs ─ check (fail fast) ─ plan fixed shards ─┬─ local: spawned processes ─┐
                                                    └─ ray: Ray Data actor pool ─┴─ shard files ─ close ─ manifest

Everything that can be wrong with the inputs or the engine is found before any worker starts.
Shards finished by an earlier run with the same plan and settings are kept, so a killed run goes on
where it stopped.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

from ..errors import BatchInputError
from ..nlp import DEFAULT_MODEL
from ..read.url import DEFAULT_MAX_BYTES
from .engines import ENGINES, import_ray, run_local, run_ray
from .inputs import DEFAULT_SHARD_SIZE, plan_shards
from .processor import shard_settings
from .shards import close_run, count_attempts, is_complete, prepare_out


@dataclass
class BatchReport:
    """What one run did. ``summaries`` are the workers' per-shard reports (timings, memory);
    ``retried`` the shards started more than once, ``lost_workers`` the ids of worker processes that
    started a shard and never finished one (killed, crashed, out of memory)."""

    out: str
    engine: str
    workers: int
    shards: int = 0
    resumed: int = 0
    documents: int = 0
    failures: int = 0
    duplicates: int = 0
    words: int = 0
    seconds: float = 0.0
    retried: dict[int, int] = field(default_factory=dict)
    lost_workers: list[int] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)
    summaries: list[dict] = field(default_factory=list)

    @property
    def analysed(self) -> int:
        """Documents analysed in this run (resumed shards not counted)."""
        return sum(s["documents"] for s in self.summaries)

    @property
    def docs_per_s(self) -> float:
        return self.analysed / self.seconds if self.seconds else 0.0


def run_batch(inputs: Sequence[str], out: str, engine: str = "local", workers: int = 1, address: Optional[str] = None,
              model: str = DEFAULT_MODEL, batch_size: int = 32, shard_size: int = DEFAULT_SHARD_SIZE,
              max_bytes: Optional[int] = None, limit: Optional[int] = None,
              on_shard: Optional[Callable[[dict, int], None]] = None, log: Optional[Callable[[str], None]] = None,
              progress: bool = False) -> BatchReport:
    """Analyse ``inputs`` into Parquet shards under ``out`` on the ``local`` or ``ray`` engine.

    ``workers`` is the number of worker processes (local) or actors (ray); ``address`` the Ray cluster
    (None starts a local one). ``on_shard(summary, shards_left)`` is called as each shard finishes.
    Returns a ``BatchReport``; the manifest it carries is also written to ``out/_manifest.json``.
    """
    if engine not in ENGINES:
        raise BatchInputError("--engine", f"unknown engine '{engine}'; use one of {', '.join(ENGINES)}")
    if workers < 1:
        raise BatchInputError("--workers", "must be at least 1")
    if engine == "ray":
        import_ray()  # a missing extra is said before anything else happens
    if address is None:  # the workers run on this machine: its pipeline is theirs
        _check_model(model)
    started = time.perf_counter()
    specs = plan_shards(inputs, shard_size, limit)
    directory = prepare_out(out)
    max_bytes = max_bytes or DEFAULT_MAX_BYTES
    settings = shard_settings(model, batch_size, max_bytes)
    # Largest shards first: the last shards to finish are then small ones, and no worker idles long at
    # the end (which shard runs when never changes what it writes).
    todo = sorted((spec for spec in specs if not is_complete(directory, spec, settings)),
                  key=lambda spec: (-spec.weight, spec.shard))
    report = BatchReport(out=str(directory), engine=engine, workers=workers, shards=len(specs),
                         resumed=len(specs) - len(todo))
    processor_args = {"out": str(directory.resolve()), **settings}
    runs = (run_local(todo, processor_args, workers) if engine == "local"
            else run_ray(todo, processor_args, workers, address, progress=progress, log=log))
    for summary in runs:
        report.summaries.append(summary)
        if on_shard:
            on_shard(summary, len(todo) - len(report.summaries))
    starts = count_attempts(directory)
    report.retried = {shard: n for shard, n in Counter(shard for shard, _pid in starts).items() if n > 1}
    # A process that started a shard and never reported it done died in it (the shard was retried).
    finished = {(summary["shard"], summary["pid"]) for summary in report.summaries}
    report.lost_workers = sorted({pid for shard, pid in set(starts) - finished})
    manifest = close_run(directory, specs, inputs, {"shard_size": shard_size, "limit": limit})
    report.seconds = time.perf_counter() - started
    report.manifest = manifest
    report.documents, report.failures = manifest["documents"], manifest["failures"]
    report.duplicates = len(manifest["duplicates"])
    report.words = sum(s["words"] for s in report.summaries)
    return report


def _check_model(model: str) -> None:
    """Fail before any worker starts when the pipeline is neither an installed package nor a path."""
    from importlib.util import find_spec
    from pathlib import Path

    try:
        installed = find_spec(model.replace("-", "_")) is not None
    except (ImportError, ValueError):  # a dotted name whose parent is no package
        installed = False
    if not (installed or Path(model).exists()):
        raise BatchInputError(model, "spaCy pipeline not installed (no such package or path); install it with "
                                     "pip, or pick another with --model")
