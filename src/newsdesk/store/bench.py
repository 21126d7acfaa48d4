"""Throughput benchmark: raw spaCy, full analysis, and analysis + ingest, timed in one run.

    python -m newsdesk.store.bench ../shared/corpus/news.jsonl --limit 300 [--workers 1,2] [--plot F.png]

(a) ``nlp.pipe`` alone over the documents' texts; (b) the full newsdesk analysis of the same
documents (``pipeline.analyze_documents``); (c) ``ingest`` of the same documents into a fresh
store (reading, analysis, writing, syndication, stories). The model is loaded and warmed before any
timing. Ratios compare throughput: b/a = docs/s of (b) over docs/s of (a). Peak RSS is the process's
high-water mark (``ru_maxrss``), plus the largest worker's when workers > 1.
"""

from __future__ import annotations

import json
import os
import resource
import tempfile
import time
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path
from typing import Optional, Sequence

from ..nlp import DEFAULT_MODEL

TARGETS = {"b/a": 0.7, "c/a": 0.6, "rss_mb": 1536}
PROFILE_DOCS = 40


@dataclass
class Stage:
    name: str
    docs: int
    words: int
    seconds: float
    cpu_seconds: float
    workers: int = 1

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds if self.seconds else 0.0

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    @property
    def docs_per_cpu_s(self) -> float:
        return self.docs / self.cpu_seconds if self.cpu_seconds else 0.0


class _Clock:
    """Wall time and CPU time (this process and its reaped children): on a shared machine the CPU
    time is the steadier measure, since other load stretches wall time but not CPU time."""

    def __enter__(self) -> "_Clock":
        self.wall, self.cpu = time.perf_counter(), _cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, _cpu() - self.cpu


class _ChildPeak:
    """The largest peak RSS (VmHWM) of this process's worker children, sampled from /proc.

    ``RUSAGE_CHILDREN``'s ru_maxrss will not do: a spawned child starts as a fork of this process
    and inherits its high-water mark. Linux only; 0 elsewhere.
    """

    def __enter__(self) -> "_ChildPeak":
        import threading

        self.peak_mb, self._stop = 0.0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        me = str(os.getpid())
        while not self._stop.wait(0.5):
            for status in Path("/proc").glob("[0-9]*/status"):
                try:
                    fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
                except OSError:
                    continue
                if fields.get("PPid", "").strip() == me and "VmHWM" in fields:
                    self.peak_mb = max(self.peak_mb, int(fields["VmHWM"].split()[0]) / 1024)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def bench(file: str, limit: int = 200, model: str = DEFAULT_MODEL, batch_size: int = 32,
          workers: Sequence[int] = (1,), plot: Optional[str] = None, profile: Optional[str] = None,
          quiet: bool = False) -> dict:
    """Run the three stages on the first ``limit`` documents of ``file``; print and return the numbers.

    ``workers`` lists the process counts to time stage (c) with (the first is the one in the ratios);
    ``plot`` writes a PNG of docs/s against workers; ``profile`` writes a pyinstrument report of the
    analysis of the first ``PROFILE_DOCS`` documents, run after the timed stages.
    """
    from ..nlp import load_pipeline
    from ..read import iter_documents
    from ..read.document import RawDocument

    raws = [d for d in islice((x for x in iter_documents([file]) if isinstance(x, RawDocument)), limit)]
    texts = [r.text for r in raws]
    words = sum(len(t.split()) for t in texts)
    nlp = load_pipeline(model)
    # Warm both paths: lazy initialisation (the knowledge base, the gazetteer) is not throughput.
    from ..pipeline import analyze_documents

    list(nlp.pipe(texts[:4], batch_size=batch_size))
    list(analyze_documents(raws[:4], model=model, batch_size=batch_size))
    load_before = os.getloadavg()[0]
    stages = [_raw_spacy(nlp, texts, words, batch_size), _analysis(raws, words, model, batch_size)]
    with _ChildPeak() as children:
        stages += [_ingest(file, len(raws), words, model, batch_size, n) for n in workers]
    result = _summary(stages, raws, load_before, children.peak_mb)
    if profile:
        result["stage_cpu_seconds"] = {k: round(v, 2) for k, v in stage_times(raws, model, batch_size).items()}
        profile_analysis(raws[:PROFILE_DOCS], profile, model, batch_size)
        result["profile"] = profile
    if plot and len(workers) > 1:
        _plot([s for s in stages if s.name == "c"], plot)
        result["plot"] = plot
    if not quiet:
        _print(result)
    return result


def _raw_spacy(nlp, texts: list[str], words: int, batch_size: int) -> Stage:
    with _Clock() as clock:
        for _ in nlp.pipe(texts, batch_size=batch_size):
            pass
    return Stage("a", len(texts), words, clock.wall, clock.cpu)


def _analysis(raws, words: int, model: str, batch_size: int) -> Stage:
    from ..pipeline import analyze_documents

    with _Clock() as clock:
        count = sum(1 for _ in analyze_documents(raws, model=model, batch_size=batch_size))
    return Stage("b", count, words, clock.wall, clock.cpu)


def profile_analysis(raws, path: str, model: str = DEFAULT_MODEL, batch_size: int = 32) -> None:
    """A pyinstrument report of the analysis of ``raws``, written to ``path``. Run apart from the timed
    stages: the profiler's own cost (several times the analysis on spaCy's deep stacks) and memory
    would distort them."""
    from ..pipeline import analyze_documents

    profiler = _profiler()
    profiler.start()
    for _ in analyze_documents(raws, model=model, batch_size=batch_size):
        pass
    profiler.stop()
    Path(path).write_text(profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8")


def stage_times(raws, model: str = DEFAULT_MODEL, batch_size: int = 32) -> dict[str, float]:
    """CPU seconds spent in each stage the pipeline calls, over the analysis of ``raws``.

    Every function ``newsdesk.pipeline`` imports from the package is wrapped with a CPU timer for the
    duration (generators are timed per item, so the lazy ``parse_many`` counts the parse); new stages
    are picked up without changes here. Cheap enough to leave the numbers honest, unlike a tracing
    profiler on spaCy's Cython calls.
    """
    import inspect

    from .. import pipeline

    totals: dict[str, float] = {}
    originals = {name: value for name, value in vars(pipeline).items()
                 if inspect.isfunction(value) and value.__module__.startswith("newsdesk.")
                 and value.__module__ != pipeline.__name__}

    def timed(name, func):
        def wrapper(*args, **kwargs):
            started = time.process_time()
            result = func(*args, **kwargs)
            totals[name] = totals.get(name, 0.0) + time.process_time() - started
            return _timed_items(name, result, totals) if inspect.isgenerator(result) else result
        return wrapper

    try:
        for name, func in originals.items():
            setattr(pipeline, name, timed(f"{func.__module__.removeprefix('newsdesk.')}.{name}", func))
        started = time.process_time()
        for _ in pipeline.analyze_documents(raws, model=model, batch_size=batch_size):
            pass
        totals["total"] = time.process_time() - started
    finally:
        for name, func in originals.items():
            setattr(pipeline, name, func)
    totals["rest of analyze_parsed"] = totals["total"] - sum(v for k, v in totals.items() if k != "total")
    return dict(sorted(totals.items(), key=lambda kv: -kv[1]))


def _timed_items(name: str, items, totals: dict[str, float]):
    while True:
        started = time.process_time()
        try:
            item = next(items)
        except StopIteration:
            totals[name] += time.process_time() - started
            return
        totals[name] += time.process_time() - started
        yield item


def _profiler():
    from ..extras import require

    Profiler = require("pyinstrument", "--profile").Profiler

    # 1 ms: the profiled documents take well under a second now, and at 20 ms a short run caught
    # three samples and no analysis frame at all (CI, 6 test documents).
    return Profiler(interval=0.001)


def _ingest(file: str, limit: int, words: int, model: str, batch_size: int, workers: int) -> Stage:
    from ..ingest import ingest

    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp, _Clock() as clock:
        report = ingest([file], db=str(Path(tmp) / "bench.db"), workers=workers, progress=False, model=model,
                        batch_size=batch_size, limit=limit)
    return Stage("c", report.analysed + report.skipped, words, clock.wall, clock.cpu, workers)


def _summary(stages: list[Stage], raws: list, load_before: float, child_mb: float) -> dict:
    a, b, c = stages[0], stages[1], stages[2]
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ratios = {"b/a": b.docs_per_s / a.docs_per_s if a.docs_per_s else 0.0,
              "c/a": c.docs_per_s / a.docs_per_s if a.docs_per_s else 0.0,
              "b/a cpu": b.docs_per_cpu_s / a.docs_per_cpu_s if a.docs_per_cpu_s else 0.0,
              "c/a cpu": c.docs_per_cpu_s / a.docs_per_cpu_s if a.docs_per_cpu_s else 0.0}
    return {
        "documents": len(raws), "words": a.words, "cpus": os.cpu_count(),
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "stages": [dict(asdict(s), docs_per_s=round(s.docs_per_s, 3), words_per_s=round(s.words_per_s, 1),
                        docs_per_cpu_s=round(s.docs_per_cpu_s, 3)) for s in stages],
        "ratios": {k: round(v, 3) for k, v in ratios.items()},
        "peak_rss_mb": round(self_mb, 1), "peak_worker_rss_mb": round(child_mb, 1),
        "targets_met": {"b/a": ratios["b/a"] >= TARGETS["b/a"], "c/a": ratios["c/a"] >= TARGETS["c/a"],
                        "rss": max(self_mb, child_mb) <= TARGETS["rss_mb"]},
    }


def _print(result: dict) -> None:
    names = {"a": "(a) raw spaCy", "b": "(b) analysis", "c": "(c) analysis + ingest"}
    print(f"{result['documents']} documents, {result['words']:,} words; {result['cpus']} CPUs; "
          f"load average {result['load_average'][0]} → {result['load_average'][1]}")
    for s in result["stages"]:
        label = names[s["name"]] + (f", {s['workers']} workers" if s["name"] == "c" else "")
        print(f"{label:<34} {s['seconds']:8.1f} s {s['docs_per_s']:8.2f} docs/s {s['words_per_s']:10,.0f} words/s"
              f"   cpu {s['cpu_seconds']:7.1f} s {s['docs_per_cpu_s']:7.2f} docs/cpu-s")
    r = result["ratios"]
    print(f"b/a = {r['b/a']:.2f} (cpu {r['b/a cpu']:.2f}; target ≥ {TARGETS['b/a']}), "
          f"c/a = {r['c/a']:.2f} (cpu {r['c/a cpu']:.2f}; target ≥ {TARGETS['c/a']}), "
          f"peak RSS {result['peak_rss_mb']:.0f} MB (largest worker {result['peak_worker_rss_mb']:.0f} MB; "
          f"target ≤ {TARGETS['rss_mb']} MB)")
    if "stage_cpu_seconds" in result:
        total = result["stage_cpu_seconds"]["total"] or 1.0
        print("analysis stages, CPU seconds:")
        for stage, seconds in result["stage_cpu_seconds"].items():
            print(f"  {stage:<45} {seconds:8.2f}  {100 * seconds / total:5.1f} %")


def _plot(stages: list[Stage], path: str) -> None:
    from ..extras import require

    matplotlib = require("matplotlib", "--plot")
    matplotlib.use("Agg")  # no display on servers and in CI
    import matplotlib.pyplot as plt

    rates = [s.docs_per_s for s in stages]
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.plot([s.workers for s in stages], rates, marker="o")
    ax.set_title(f"{stages[0].docs} documents, {os.cpu_count()} CPUs", fontsize=10)
    ax.set_xlabel("worker processes")
    ax.set_ylabel("documents / s (analysis + ingest)")
    ax.set_xticks([s.workers for s in stages])
    ax.set_ylim(0, max(rates) * 1.2 if rates else 1)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main() -> None:
    """Command-line entry: ``python -m newsdesk.store.bench FILE [--limit N] [--workers 1,2] …``."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--workers", default="1", help="comma-separated process counts for stage (c)")
    parser.add_argument("--plot", help="PNG of docs/s against workers")
    parser.add_argument("--profile", help="write a pyinstrument report of the analysis here (untimed)")
    parser.add_argument("--json", help="write the numbers as JSON here")
    args = parser.parse_args()
    result = bench(args.file, args.limit, args.model, args.batch_size,
                   [int(w) for w in args.workers.split(",")], args.plot, args.profile)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
