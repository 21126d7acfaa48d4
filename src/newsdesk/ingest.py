"""Ingest: read inputs, analyse what the store lacks, and write it through the store's one writer.

The flow, batch by batch::

    inputs ─ read (main process) ─ key = hash of the normalised text
        ├─ key stored already / in flight ─ Seen   (a sighting only: re-runs never duplicate)
        ├─ reader error ────────────────── Failed (ingest_failures; the batch goes on)
        └─ new ─ analyse (nlp.pipe; in worker processes when workers > 1) ─ Analysed
    ─ StoreWriter.write(batch) in one transaction ─ after the last batch: stories rebuilt

Reading stays in the main process because the key must be known before deciding to analyse: that is
what makes a killed run resume where it stopped without re-analysing anything stored. Analysis is
the costly stage, so it is what the workers share; each worker loads the spaCy pipeline once.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import deque
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence, Union

from .analysis import embeddings
from .budget import Budget, Expired, deadline
from .errors import AnalysisTimedOut, NewsdeskError
from .model import Analysis
from .nlp import DEFAULT_MODEL
from .read.document import RawDocument, document_id
from .read.url import DEFAULT_MAX_BYTES
from .store.db import DEFAULT_DB
from .store.writer import Analysed, Failed, Outcome, Seen, StoreWriter

Item = Union[RawDocument, NewsdeskError]
# Batches analysed ahead of the writer per worker: enough to keep workers busy, little memory.
LOOKAHEAD = 2


@dataclass
class IngestReport:
    """What one ingest run did."""

    analysed: int = 0
    skipped: int = 0        # stored already (earlier run, or a repeat within this run)
    failed: int = 0
    syndicated: int = 0
    words: int = 0
    seconds: float = 0.0
    stories: int = 0
    interrupted: bool = False
    # (source, warning) of the documents stored with a warning (a language the pipeline does not read).
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def docs_per_s(self) -> float:
        return self.analysed / self.seconds if self.seconds else 0.0

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def ingest(inputs: Sequence[str], db: str = DEFAULT_DB, workers: int = 1, feed: Union[str, Sequence[str], None] = None,
           progress: bool = True, model: str = DEFAULT_MODEL, batch_size: int = 32, max_bytes: Optional[int] = None,
           follow_links: bool = False, limit: Optional[int] = None, stories: bool = True,
           min_confidence: Optional[float] = 0.0) -> IngestReport:
    """Analyse and store documents from paths, directories, URLs and RSS/Atom feeds.

    Resumable and idempotent: documents are keyed by the hash of their normalised text, and what is
    stored is never analysed or written again. Bad inputs are recorded in ``ingest_failures`` and
    skipped. ``workers`` > 1 analyses in that many processes. ``limit`` stops after that many documents
    read. Returns an ``IngestReport``; the stories are rebuilt when new documents came in.

    ``min_confidence``: what is stored. By default (0) every item with its calibrated confidence:
    the store keeps what it was given, and its readers apply each layer's threshold (store/confident.py),
    so the desk can show the less certain facts on request. None stores the record at the defaults.
    """
    feeds = [feed] if isinstance(feed, str) else list(feed or [])
    max_bytes = max_bytes or DEFAULT_MAX_BYTES
    items: Iterable[Item] = iter_inputs(inputs, feeds, max_bytes, follow_links)
    if limit is not None:
        items = islice(items, limit)
    bounds = [x for x in ((estimate_total(inputs, feeds) if progress else None), limit) if x is not None]
    total = min(bounds) if bounds else None
    report = IngestReport()
    started = time.perf_counter()
    with StoreWriter(db) as writer, _Progress(progress, total) as bar:
        analyser = _Analyser(workers, model, batch_size, min_confidence)
        try:
            for result in _run(items, writer, analyser, batch_size, report):
                report.seconds = time.perf_counter() - started
                bar.update(result, report)
        except KeyboardInterrupt:
            report.interrupted = True
        finally:
            analyser.close()
        report.seconds = time.perf_counter() - started
        if stories and report.analysed and not report.interrupted:
            from .store.stories import rebuild_after_ingest

            report.stories = rebuild_after_ingest(writer)
    return report


def _run(items: Iterable[Item], writer: StoreWriter, analyser: "_Analyser", batch_size: int,
         report: IngestReport) -> Iterator[int]:
    """Triage batches, keep the analyser busy, write results in input order; yield documents done."""
    in_flight: set[str] = set()
    pending: deque = deque()
    for batch in _batched(items, batch_size):
        ready, todo = _triage(batch, writer, in_flight)
        pending.append((ready, todo, analyser.submit([raw for raw, _k, _i in todo])))
        while len(pending) > analyser.window:
            yield _finish(pending.popleft(), writer, report, in_flight)
    while pending:
        yield _finish(pending.popleft(), writer, report, in_flight)


def _triage(batch: list[Item], writer: StoreWriter, in_flight: set[str]) -> tuple[list[Outcome], list]:
    """Split a read batch into outcomes ready to write and documents to analyse."""
    keyed = [(item, document_id(item.text)) for item in batch if isinstance(item, RawDocument)]
    stored = writer.known(key for _item, key in keyed)
    ready: list[Outcome] = [Failed(item) for item in batch if isinstance(item, NewsdeskError)]
    todo = []
    for raw, key in keyed:
        where = raw.source or raw.url or "<input>"
        if key in stored or key in in_flight:
            ready.append(Seen(key, where, raw.id))
        else:
            in_flight.add(key)
            todo.append((raw, key, where))
    return ready, todo


def _finish(entry: tuple, writer: StoreWriter, report: IngestReport, in_flight: set[str]) -> int:
    ready, todo, future = entry
    outcomes = list(ready)
    for (raw, key, where), result in zip(todo, future()):
        if isinstance(result, NewsdeskError):
            outcomes.append(Failed(result))
        else:
            outcomes.append(Analysed(result, key, where))
            report.words += len(result.document.text.split())
            report.warnings.extend((where, warning) for warning in result.document.warnings)
    written = writer.write(outcomes)
    # Written (or failed): the store answers for them now, so the run keeps no key per document.
    in_flight.difference_update(key for _raw, key, _where in todo)
    report.analysed += len(written.added)
    report.skipped += written.already
    report.failed += written.failed
    report.syndicated += written.syndicated
    return len(outcomes)


# --- reading ---------------------------------------------------------------------------------

def iter_inputs(inputs: Iterable[str], feeds: Iterable[str] = (), max_bytes: int = DEFAULT_MAX_BYTES,
                follow_links: bool = False) -> Iterator[Item]:
    """Every document (or error) of the inputs, in order; directories are walked, feeds expanded."""
    from .read import iter_documents
    from .store.feeds import is_feed_path, iter_feed

    for spec in inputs:
        path = Path(spec)
        if spec == "-" or spec.startswith(("http://", "https://")) or not path.is_dir():
            files = [spec]
        else:
            # Walked here rather than by the reader so that feeds inside a folder go to the feed reader.
            files = [str(p) for p in sorted(path.rglob("*")) if p.is_file() and not p.name.startswith(".")]
        for name in files:
            if Path(name).is_file() and is_feed_path(Path(name)):
                yield from iter_feed(name, max_bytes, follow_links)
            else:
                yield from iter_documents([name], max_bytes=max_bytes)
    for spec in feeds:
        yield from iter_feed(spec, max_bytes, follow_links)


def estimate_total(inputs: Iterable[str], feeds: Iterable[str] = ()) -> Optional[int]:
    """A cheap count of the documents ahead (JSONL lines, files), for the progress bar's ETA."""
    total = 0
    for spec in inputs:
        path = Path(spec)
        paths = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for p in paths:
            if p.suffix.lower() in (".jsonl", ".ndjson") and p.is_file():
                with p.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            else:
                total += 1
    return total + sum(1 for _ in feeds) or None


def _batched(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


# --- analysis ----------------------------------------------------------------------------------

class _Analyser:
    """Analysis in this process, or in a pool of worker processes that each load the model once."""

    def __init__(self, workers: int, model: str, batch_size: int, min_confidence: Optional[float] = None) -> None:
        self.model, self.batch_size, self.min_confidence = model, batch_size, min_confidence
        self.pool = None
        self.window = 0
        if workers > 1:
            # spawn, not fork: the parent may hold threads (progress bar) and open database handles.
            context = multiprocessing.get_context("spawn")
            embeddings.share_cores(workers)
            self.pool = context.Pool(workers, initializer=_init_worker, initargs=(model,))
            self.window = workers * LOOKAHEAD

    def submit(self, raws: list[RawDocument]) -> Callable[[], list]:
        """Start analysing; returns a function that waits for the results (in order)."""
        if not raws:
            return lambda: []
        if self.pool is None:
            return lambda: analyse_batch(raws, self.model, self.batch_size, min_confidence=self.min_confidence)
        handle = self.pool.apply_async(analyse_batch, (raws, self.model, self.batch_size, None, self.min_confidence))
        return handle.get

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()


def _init_worker(model: str) -> None:
    from .nlp import load_pipeline

    load_pipeline(model)


def analyse_batch(raws: list[RawDocument], model: str = DEFAULT_MODEL, batch_size: int = 32,
                  budget: Optional[Budget] = None,
                  min_confidence: Optional[float] = None) -> list[Union[Analysis, NewsdeskError]]:
    """Analyse a batch within the per-document budget (``budget.Budget``, from the environment by
    default): a document over the size budget is refused (E025), one past the time budget is stopped
    (E026), and the others go on. Parse batches hold at most ``batch_chars`` characters.
    ``min_confidence``: see ``newsdesk.confidence`` (None: the environment's, else the defaults)."""
    budget = budget or Budget.from_env()
    results: list = [budget.refusal(raw) for raw in raws]
    todo = [i for i, refused in enumerate(results) if refused is None]
    for run in budget.batches([raws[i] for i in todo]):
        indices = [todo[i] for i in run]
        for index, result in zip(indices, _analyse_run([raws[i] for i in indices], model, batch_size, budget,
                                                        min_confidence)):
            results[index] = result
    return results


def _analyse_run(raws: list[RawDocument], model: str, batch_size: int, budget: Budget,
                 min_confidence: Optional[float] = None) -> list[Union[Analysis, NewsdeskError]]:
    """nlp.pipe over the run, each document under the time budget; if one fails or runs out of time,
    the rest alone, so one bad text costs only itself (it becomes an error naming its source)."""
    from .pipeline import analyze_documents

    done: list[Union[Analysis, NewsdeskError]] = []
    analyses = iter(analyze_documents(raws, model=model, batch_size=batch_size, min_confidence=min_confidence))
    try:
        while len(done) < len(raws):
            with deadline(budget.seconds):
                done.append(next(analyses))
        return done
    except NewsdeskError:
        raise  # a missing model is not one document's fault
    except Expired:
        if len(raws) - len(done) == 1:
            return done + [budget.timed_out(raws[-1])]
    except Exception:
        if len(raws) - len(done) == 1:
            return done + [_analysis_error(raws[-1])]
    rest = raws[len(done):]
    results = [result for raw in rest for result in _analyse_run([raw], model, batch_size, budget, min_confidence)]
    details = {r.detail for r in results if isinstance(r, NewsdeskError) and not isinstance(r, AnalysisTimedOut)}
    if len(results) >= 4 and len(details) == 1 and all(isinstance(r, NewsdeskError)
                                                       and not isinstance(r, AnalysisTimedOut) for r in results):
        # Every document failed the same way: the pipeline is broken, not the inputs. Stop rather
        # than file every remaining document as a failure (a re-run goes on from here once fixed).
        raise NewsdeskError("analysis", f"every document of a batch failed the same way: {details.pop()}; "
                                        "ingest stopped, fix the pipeline and run it again")
    return done + results


def _analysis_error(raw: RawDocument) -> NewsdeskError:
    import sys

    exc = sys.exc_info()[1]
    return NewsdeskError(raw.source or raw.url or "<input>",
                         f"analysis failed ({type(exc).__name__}: {exc}); the document was skipped, please report it")


# --- progress ----------------------------------------------------------------------------------

class _Progress:
    """A rich progress bar on stderr with docs/s and ETA; does nothing when progress is off."""

    def __init__(self, enabled: bool, total: Optional[int]) -> None:
        self.enabled, self.total = enabled, total
        self.bar = None
        self.task = None

    def __enter__(self) -> "_Progress":
        if self.enabled:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                       TimeRemainingColumn)

            self.bar = Progress(TextColumn("[bold]ingest[/bold]"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
                                TimeRemainingColumn(), TextColumn("{task.fields[counts]}"),
                                console=Console(stderr=True))
            self.bar.start()
            self.task = self.bar.add_task("ingest", total=self.total, rate="", counts="")
        return self

    def update(self, done: int, report: IngestReport) -> None:
        if self.bar is None:
            return
        counts = f"new {report.analysed} · seen {report.skipped} · failed {report.failed}"
        self.bar.update(self.task, advance=done, rate=f"{report.docs_per_s:.2f} docs/s", counts=counts)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
