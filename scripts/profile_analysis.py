"""CPU time of the analysis after the spaCy parse, per stage, with the top functions under cProfile.

    PYTHONPATH=src python scripts/profile_analysis.py [--limit 80] [--repeat 3] [--top 40]

Why CPU time and not wall time: the development box has two cores shared by several engineers, and
other load stretches wall time but hardly the process's own CPU time (``time.process_time``).

The documents (the first ``--limit`` of ``../shared/corpus/news.jsonl``) are segmented and parsed
once with the pipeline's own ``nlp.parse_many`` (``nlp.pipe``); each parsed Doc is kept as bytes, and
every timed pass analyses fresh copies, so that no per-Doc cache (``doc.user_data``) carries over
from one pass to the next. A pass runs ``pipeline.analyze_parsed`` over every document, with a CPU
timer around each stage function the pipeline calls (as ``newsdesk bench --profile`` does); the
report gives the best of ``--repeat`` passes per stage, then one cProfile pass.
"""

from __future__ import annotations

import argparse
import cProfile
import inspect
import io
import pstats
import sys
import time
from itertools import islice
from typing import Callable

from spacy.tokens import Doc

from newsdesk import confidence, pipeline
from newsdesk.nlp import DEFAULT_MODEL, load_pipeline, parse_many
from newsdesk.read import iter_documents
from newsdesk.read.document import RawDocument
from newsdesk.segment.voices import find_voices

CORPUS = "../shared/corpus/news.jsonl"


def prepare(path: str, limit: int, model: str) -> list[tuple]:
    """(raw, voices, publisher, Doc bytes) per document: segmented and parsed once."""
    raws = list(islice((x for x in iter_documents([path]) if isinstance(x, RawDocument)), limit))
    prepared = [(raw, *find_voices(raw.text, raw.comment_spans, raw.publisher, raw.comments_known, raw.title))
                for raw in raws]
    docs = parse_many((raw.text for raw, _v, _p in prepared), model=model, batch_size=32,
                      breaks=(pipeline._breaks(voices) for _r, voices, _p in prepared))
    return [(raw, voices, publisher, doc.to_bytes()) for (raw, voices, publisher), doc in zip(prepared, docs)]


def fresh_docs(prepared: list[tuple], model: str) -> list[Doc]:
    vocab = load_pipeline(model).vocab
    return [Doc(vocab).from_bytes(data) for *_rest, data in prepared]


def analyse(prepared: list[tuple], docs: list[Doc]) -> float:
    """CPU seconds of ``analyze_parsed`` over every document."""
    started = time.process_time()
    for (raw, voices, publisher, _data), doc in zip(prepared, docs):
        pipeline.analyze_parsed(raw, voices, publisher, doc)
    return time.process_time() - started


def staged(prepared: list[tuple], docs: list[Doc]) -> dict[str, float]:
    """CPU seconds per stage function ``pipeline`` calls (nested stages count in their caller)."""
    totals: dict[str, float] = {}
    depth = [0]

    def timed(name: str, func: Callable) -> Callable:
        def wrapper(*args, **kwargs):
            depth[0] += 1
            started = time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                depth[0] -= 1
                if depth[0] == 0:  # a stage called from inside another counts there
                    totals[name] = totals.get(name, 0.0) + time.process_time() - started
        return wrapper

    originals = {name: value for name, value in vars(pipeline).items()
                 if inspect.isfunction(value) and value.__module__.startswith("newsdesk.")
                 and value.__module__ != pipeline.__name__}
    apply = confidence.apply
    try:
        for name, func in originals.items():
            setattr(pipeline, name, timed(f"{func.__module__.removeprefix('newsdesk.')}.{name}", func))
        confidence.apply = timed("confidence.apply", apply)
        totals["total"] = analyse(prepared, docs)
    finally:
        for name, func in originals.items():
            setattr(pipeline, name, func)
        confidence.apply = apply
    totals["rest of analyze_parsed"] = totals["total"] - sum(v for k, v in totals.items() if k != "total")
    return totals


def _gc_timer() -> list[float]:
    """CPU seconds spent in garbage collections from now on (a one-item list, updated in place)."""
    import gc

    total, started = [0.0], [0.0]

    def callback(phase: str, _info: dict) -> None:
        if phase == "start":
            started[0] = time.process_time()
        else:
            total[0] += time.process_time() - started[0]

    gc.callbacks.append(callback)
    return total


def _timer(spec: str) -> tuple[Callable, list]:
    """Wrap ``module:function`` (or ``module:Class.method``) with a CPU timer; (undo, [seconds, spec])."""
    import importlib

    module_name, _, path = spec.partition(":")
    owner = importlib.import_module(module_name)
    *parents, name = path.split(".")
    for part in parents:
        owner = getattr(owner, part)
    func = getattr(owner, name)
    total = [0.0, spec]
    depth = [0]

    def wrapper(*args, **kwargs):
        depth[0] += 1
        started = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            depth[0] -= 1
            if not depth[0]:  # recursion counts once
                total[0] += time.process_time() - started

    setattr(owner, name, wrapper)
    return (lambda: setattr(owner, name, func)), total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=CORPUS)
    parser.add_argument("--limit", type=int, default=80)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--no-cprofile", action="store_true")
    parser.add_argument("--time", action="append", default=[], metavar="MODULE:FUNCTION",
                        help="also time this function (e.g. newsdesk.extract.dates:_dateparser_data; "
                             "Class.method works); repeatable")
    args = parser.parse_args(argv)

    if hasattr(pipeline, "_freeze_loaded"):
        pipeline._freeze_loaded(args.model)  # as analyze_documents does before its first parse
    started = time.process_time()
    prepared = prepare(args.corpus, args.limit, args.model)
    words = sum(len(raw.text.split()) for raw, *_ in prepared)
    print(f"{len(prepared)} documents, {words:,} words; segmented and parsed in "
          f"{time.process_time() - started:.2f} CPU s")
    voices_started = time.process_time()
    for raw, *_ in prepared:
        find_voices(raw.text, raw.comment_spans, raw.publisher, raw.comments_known, raw.title)
    print(f"find_voices (before the parse): {time.process_time() - voices_started:.2f} CPU s")
    analyse(prepared[:4], fresh_docs(prepared[:4], args.model))  # warm the lazy knowledge bases

    extra = [_timer(spec) for spec in args.time]
    gc_seconds = _gc_timer()
    runs = [staged(prepared, fresh_docs(prepared, args.model)) for _ in range(args.repeat)]
    print(f"  {gc_seconds[0] / args.repeat:7.2f} CPU s per pass (mean) in the garbage collector")
    for restore, seconds in extra:
        restore()
        print(f"  {seconds[0] / args.repeat:7.2f} CPU s per pass (mean, calls included)  {seconds[1]}")
    best = {name: min(run.get(name, 0.0) for run in runs) for name in runs[0]}
    total = best["total"]
    print(f"\nanalysis after the parse, CPU s (best of {args.repeat}; totals "
          + ", ".join(f"{run['total']:.2f}" for run in runs) + ")")
    for name, seconds in sorted(best.items(), key=lambda kv: -kv[1]):
        print(f"  {seconds:7.2f}  {100 * seconds / total:5.1f} %  {name}")

    if not args.no_cprofile:
        docs = fresh_docs(prepared, args.model)
        profiler = cProfile.Profile()
        profiler.runcall(analyse, prepared, docs)
        for key in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(key).print_stats(args.top)
            print(f"\n--- cProfile, top {args.top} by {key} ---")
            print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
