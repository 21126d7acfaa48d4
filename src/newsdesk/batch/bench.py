"""Scale-out benchmark: the local and the Ray engine on the same documents, per worker count, in one run.

    newsdesk bench FILE --engine ray --workers 1,2 [--limit 200] [--plot docs/bench_ray.png]

For each worker count the local engine (spawned processes) and the Ray engine (a Ray Data actor
pool) run the same ``newsdesk batch`` job over the same first ``limit`` documents into a scratch
directory, one after the other. The Ray cluster is started once before any timing (a cluster
outlives its jobs); its start-up is reported apart. Each timed run includes starting its workers
and loading the model in each, for both engines alike. Besides wall-clock docs/s, the workers report
their own CPU seconds per shard, which other load on the machine stretches far less than wall time.
The outputs of all runs are hashed: they must be identical.
"""

from __future__ import annotations

import hashlib
import math
import os
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Optional, Sequence

from ..nlp import DEFAULT_MODEL

TARGETS = {"speedup_2w": 1.8, "ray_overhead": 0.15}


@dataclass
class EngineRun:
    """One timed batch run."""

    engine: str
    workers: int
    documents: int
    words: int
    seconds: float
    worker_cpu_s: float
    init_s: float
    peak_worker_rss_mb: float
    output_bytes: int
    shards: int
    digest: str
    load_after: float = 0.0

    @property
    def docs_per_s(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def docs_per_cpu_s(self) -> float:
        return self.documents / self.worker_cpu_s if self.worker_cpu_s else 0.0


def scale_bench(file: str, limit: int = 200, workers: Sequence[int] = (1, 2), model: str = DEFAULT_MODEL,
                batch_size: int = 32, shard_size: Optional[int] = None, plot: Optional[str] = None,
                quiet: bool = False) -> dict:
    """Time both engines at each worker count on the first ``limit`` documents of ``file``; print and
    return the numbers (docs/s, speed-up over one worker, Ray's overhead against local)."""
    from .engines import connect_ray, import_ray

    ray = import_ray()
    # Several shards per worker, so that the last shard does not leave a worker idle for long.
    shard_size = shard_size or max(1, math.ceil(limit / (6 * max(workers))))
    load_before = os.getloadavg()
    started = time.perf_counter()
    connected = connect_ray(None, max(workers))
    cluster_start_s = time.perf_counter() - started
    runs: list[EngineRun] = []
    try:
        for count in workers:
            for engine in ("local", "ray"):  # interleaved: a change in the machine's load hits both
                runs.append(_timed_run(file, engine, count, limit, shard_size, model, batch_size))
                if not quiet:
                    _print_run(runs[-1])
    finally:
        if connected:
            ray.shutdown()
    result = _summary(runs, load_before, cluster_start_s, limit, shard_size)
    if plot:
        _plot(runs, plot)
        result["plot"] = plot
    if not quiet:
        _print_summary(result)
    return result


def _timed_run(file: str, engine: str, workers: int, limit: int, shard_size: int, model: str,
               batch_size: int) -> EngineRun:
    from .run import run_batch

    with tempfile.TemporaryDirectory(prefix="newsdesk-scale-") as scratch:
        out = Path(scratch) / "out"
        started = time.perf_counter()
        report = run_batch([file], str(out), engine=engine, workers=workers, model=model, batch_size=batch_size,
                           shard_size=shard_size, limit=limit)
        seconds = time.perf_counter() - started
        digest = _digest(out)
    inits = {s["pid"]: s["init_s"] for s in report.summaries}
    return EngineRun(engine=engine, workers=workers, documents=report.documents, words=report.words,
                     seconds=seconds, worker_cpu_s=sum(s["cpu_s"] for s in report.summaries),
                     init_s=sum(inits.values()) / len(inits) if inits else 0.0,
                     peak_worker_rss_mb=max((s["peak_rss_mb"] for s in report.summaries), default=0.0),
                     output_bytes=sum(report.manifest["bytes"].values()), shards=report.shards, digest=digest,
                     load_after=os.getloadavg()[0])


def _digest(out: Path) -> str:
    """One hash over every output file's name and bytes."""
    digest = hashlib.sha256()
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(out)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _summary(runs: list[EngineRun], load_before: tuple, cluster_start_s: float, limit: int, shard_size: int) -> dict:
    rate = {(r.engine, r.workers): r.docs_per_s for r in runs}
    first = min(r.workers for r in runs)
    speedup = {f"{engine} {r.workers}w/{first}w": round(r.docs_per_s / rate[(engine, first)], 3)
               for engine in ("local", "ray") for r in runs if r.engine == engine and r.workers != first}
    overhead = {f"{n}w": round(1 - rate[("ray", n)] / rate[("local", n)], 3) for n in sorted({r.workers for r in runs})}
    # What the speed-up would be if every worker had a core to itself: n × (docs per worker-CPU-second
    # at n) over the same at the first count. An extrapolation, for machines where other load takes the
    # cores: it sees per-worker slow-downs (memory, scheduling), not idle workers or waits for a core.
    per_cpu = {(r.engine, r.workers): r.docs_per_cpu_s for r in runs}
    cpu_speedup = {f"{engine} {r.workers}w/{first}w": round(r.workers * per_cpu[(engine, r.workers)]
                                                           / (first * per_cpu[(engine, first)]), 3)
                   for engine in ("local", "ray") for r in runs if r.engine == engine and r.workers != first}
    documents = runs[0].documents if runs else 0
    result = {
        "documents": documents, "words": runs[0].words if runs else 0, "limit": limit, "shard_size": shard_size,
        "cpus": os.cpu_count(), "load_average": {"before": [round(x, 2) for x in load_before],
                                                 "after": [round(x, 2) for x in os.getloadavg()]},
        "cluster_start_s": round(cluster_start_s, 2),
        "runs": [dict(asdict(r), docs_per_s=round(r.docs_per_s, 3), docs_per_cpu_s=round(r.docs_per_cpu_s, 3),
                      seconds=round(r.seconds, 2), worker_cpu_s=round(r.worker_cpu_s, 2), init_s=round(r.init_s, 2),
                      peak_worker_rss_mb=round(r.peak_worker_rss_mb, 1), load_after=round(r.load_after, 2))
                 for r in runs],
        "speedup": speedup, "ray_overhead": overhead, "cpu_speedup": cpu_speedup,
        "output_bytes_per_doc": round(runs[0].output_bytes / documents) if documents else 0,
        "identical_outputs": len({r.digest for r in runs}) == 1,
    }
    two = speedup.get(f"ray 2w/{first}w") if first == 1 else None
    result["targets_met"] = {"ray 2w/1w >= 1.8": two is not None and two >= TARGETS["speedup_2w"],
                             "ray overhead <= 15%": all(v <= TARGETS["ray_overhead"] for v in overhead.values())}
    return result


def _print_run(run: EngineRun) -> None:
    print(f"{run.engine:<5} {run.workers} workers: {run.documents} docs in {run.seconds:7.1f} s = "
          f"{run.docs_per_s:6.2f} docs/s; workers' CPU {run.worker_cpu_s:7.1f} s ({run.docs_per_cpu_s:.2f} docs/CPU-s); "
          f"start-up {run.init_s:.1f} s per worker; peak worker RSS {run.peak_worker_rss_mb:.0f} MB; "
          f"load average {run.load_after:.2f}", flush=True)


def _print_summary(result: dict) -> None:
    load = result["load_average"]
    print(f"{result['documents']} documents, {result['words']:,} words, shards of {result['shard_size']}; "
          f"{result['cpus']} CPUs; load average {load['before'][0]} → {load['after'][0]}; "
          f"Ray cluster start {result['cluster_start_s']} s (not timed)")
    print("speed-up (wall clock): " + ", ".join(f"{k} = {v:.2f}×" for k, v in result["speedup"].items()))
    print("speed-up with a core per worker (from workers' CPU time; extrapolated): "
          + ", ".join(f"{k} = {v:.2f}×" for k, v in result["cpu_speedup"].items()))
    print("Ray overhead against local at equal workers: "
          + ", ".join(f"{k} {100 * v:+.1f} %" for k, v in result["ray_overhead"].items()))
    print(f"output {result['output_bytes_per_doc']:,} bytes per document; outputs identical across runs: "
          f"{result['identical_outputs']}; targets met: {result['targets_met']}")


def _plot(runs: list[EngineRun], path: str) -> None:
    from ..extras import require

    matplotlib = require("matplotlib", "--plot")
    matplotlib.use("Agg")  # no display on servers and in CI
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 3.5))
    counts = sorted({r.workers for r in runs})
    for engine, marker in (("local", "o"), ("ray", "s")):
        ax.plot(counts, [next(r.docs_per_s for r in runs if r.engine == engine and r.workers == n) for n in counts],
                marker=marker, label=f"{engine} engine")
    base = next(r.docs_per_s for r in runs if r.engine == "local" and r.workers == counts[0]) / counts[0]
    ax.plot(counts, [base * n for n in counts], linestyle=":", color="grey", label="linear from local")
    ax.set_title(f"newsdesk batch, {runs[0].documents} documents, {os.cpu_count()} CPUs", fontsize=10)
    ax.set_xlabel("workers (processes / Ray actors)")
    ax.set_ylabel("documents / s (wall clock)")
    ax.set_xticks(counts)
    ax.set_ylim(0, max([r.docs_per_s for r in runs] + [base * counts[-1]]) * 1.15)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
