"""The scale-out commands: ``batch`` (inputs → Parquet shards) and ``load`` (shards → the store).

``register(app)`` adds them to the newsdesk Typer app (cli.py calls it). Thin, like the rest of the
CLI: parse options, call ``run_batch`` / ``load_shards``, print a summary on stderr. Errors are
``NewsdeskError`` messages (E020 Ray missing, E021 bad input, E022 output or run problem).
"""

from __future__ import annotations

from typing import List, Optional

import typer

from ..confidence import MIN_CONFIDENCE_HELP
from ..nlp import DEFAULT_MODEL
from ..store.db import DEFAULT_DB
from ..terminal import message_console
from .inputs import DEFAULT_SHARD_SIZE

err = message_console()


def register(app: typer.Typer) -> None:
    """Add ``batch`` and ``load`` to ``app``."""
    app.command("batch")(batch_command)
    app.command("load")(load_command)


def batch_command(
    inputs: List[str] = typer.Argument(..., help="JSONL or Parquet files, text/HTML files, or directories of them."),
    out: str = typer.Option(..., "--out", "-o", help="Output directory for the Parquet shards (new, or an "
                            "earlier batch output: its finished shards are kept)."),
    engine: str = typer.Option("local", "--engine", help="local (processes on this machine) or ray (a Ray cluster; "
                               "needs the ray extra of the package)."),
    address: Optional[str] = typer.Option(None, "--address", help="Ray cluster: auto, ray://HOST:PORT or HOST:PORT; "
                                          "by default a local cluster is started for the run."),
    workers: int = typer.Option(1, "--workers", "-j", help="Worker processes (local) or actors (ray); each loads "
                                "the model once."),
    shard_size: int = typer.Option(DEFAULT_SHARD_SIZE, "--shard-size", help="Records per shard (the unit of work "
                                   "and of output files)."),
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="Any installed spaCy pipeline, by name or path."),
    batch_size: int = typer.Option(32, "--batch-size", help="Documents per nlp.pipe batch."),
    max_bytes: int = typer.Option(10_000_000, "--max-bytes", help="Size cap per document."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Only the first N input records."),
    progress: bool = typer.Option(False, "--progress", help="Ray Data's own progress bars (ray engine)."),
    min_confidence: Optional[float] = typer.Option(None, "--min-confidence", min=0.0, max=1.0,
                                                   help=MIN_CONFIDENCE_HELP),
) -> None:
    """Analyse inputs into Parquet shards: documents (with the analysis record) and flat fact tables."""
    from ..confidence import set_min_confidence
    from .run import run_batch

    set_min_confidence(min_confidence)  # worker processes inherit it through the environment
    def shard_done(summary: dict, left: int) -> None:
        err.print(f"shard {summary['shard']}: {summary['documents']} documents, {summary['failures']} failed "
                  f"({summary['wall_s']:.1f} s, pid {summary['pid']}); {left} shards left", highlight=False)

    report = run_batch(inputs, out, engine=engine, workers=workers, address=address, model=model,
                       batch_size=batch_size, shard_size=shard_size, max_bytes=max_bytes, limit=limit,
                       on_shard=shard_done, log=lambda line: err.print(line, highlight=False), progress=progress)
    err.print(f"{report.documents} documents, {report.failures} failed, {report.duplicates} repeated texts dropped "
              f"in {report.shards} shards ({report.resumed} kept from an earlier run); {report.analysed} analysed "
              f"in {report.seconds:.1f} s, {report.docs_per_s:.2f} docs/s on {report.workers} {engine} workers",
              highlight=False)
    if report.retried or report.lost_workers:
        err.print(f"recovered: {len(report.retried)} shards retried after {len(report.lost_workers)} worker "
                  f"processes died (pids {', '.join(map(str, report.lost_workers)) or '-'})", highlight=False)
    if report.failures:
        err.print(f"the failures are in {report.out}/failures/", highlight=False)
    if report.documents == 0 and report.failures:
        raise typer.Exit(1)


def load_command(
    directory: str = typer.Argument(..., help="The --out directory of a finished newsdesk batch run."),
    db: str = typer.Option(DEFAULT_DB, "--db", help="The store: a SQLite file (created if missing) or a "
                           "postgresql:// URL."),
    no_stories: bool = typer.Option(False, "--no-stories", help="Do not rebuild the stories afterwards."),
) -> None:
    """Load batch shards into the store; loading twice duplicates nothing."""
    from .load import load_shards

    report = load_shards(directory, db=db, stories=not no_stories)
    err.print(f"{report.added} documents added, {report.already} already stored, {report.failures_added} failures "
              f"recorded ({report.failures_known} known), {report.syndicated} syndicated copies, "
              f"{report.stories} stories; {report.seconds:.1f} s", highlight=False)
