"""The command line: thin. It parses arguments, calls the library, and formats the output."""

from __future__ import annotations

import json
import sys
import time
from typing import List, Optional

import typer
from rich.markup import escape

from . import analyze_many
from .confidence import MIN_CONFIDENCE_HELP, set_min_confidence
from .errors import NewsdeskError
from .nlp import DEFAULT_MODEL
from .terminal import CountProgress, frame_console, message_console, progress_wanted, set_help_width

# add_completion: `newsdesk --install-completion` sets up tab completion for bash, zsh, fish or PowerShell.
app = typer.Typer(add_completion=True, no_args_is_help=True,
                  help="newsdesk: offline analysis of conflict and political news.")
eval_app = typer.Typer(no_args_is_help=True, help="Evaluate one capability on a labelled JSONL set.")
app.add_typer(eval_app, name="eval")
kb_app = typer.Typer(no_args_is_help=True, help="The actor knowledge base.")
app.add_typer(kb_app, name="kb")

# Options every evaluation shares: one definition, one meaning.
AS_JSON = typer.Option(False, "--json", help="Print the metrics as one JSON object on the last line.")
LIMIT = typer.Option(None, "--limit", help="Only the first N records.")
EMBEDDINGS = typer.Option(False, "--embeddings", help="Add the optional MiniLM embedding ensembles to the persuasion and stance stages (needs newsdesk[embeddings]; same as NEWSDESK_EMBEDDINGS=minilm).")

def _show_version(value: bool) -> None:
    """``--version``: the package, and the spaCy and Python it runs on (read from metadata, no import)."""
    if not value:
        return
    import platform
    from importlib.metadata import PackageNotFoundError, version

    from . import __version__

    try:
        spacy_version = version("spacy")
    except PackageNotFoundError:  # pragma: no cover - spaCy is a dependency
        spacy_version = "not installed"
    sys.stdout.write(f"newsdesk {__version__} (spaCy {spacy_version}, Python {platform.python_version()})\n")
    raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """newsdesk: offline analysis of conflict and political news."""


# The brief is a framed layout (terminal.frame_console); messages on stderr are never wrapped in a pipe.
out = frame_console()
err = message_console()


MIN_CONFIDENCE = typer.Option(None, "--min-confidence", min=0.0, max=1.0, help=MIN_CONFIDENCE_HELP)


@app.command()
def analyze(
    inputs: List[str] = typer.Argument(..., help="Paths (.txt, .html, .jsonl, directories), http(s) URLs, or - for stdin."),
    as_json: bool = typer.Option(False, "--json", help="Print the analysis record (JSON Lines for several documents)."),
    brief: bool = typer.Option(False, "--brief", help="Print the analyst's brief (the default)."),
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="Any installed spaCy pipeline, by name or path."),
    stats: bool = typer.Option(False, "--stats", help="Print words/s and docs/s at the end."),
    max_bytes: int = typer.Option(10_000_000, "--max-bytes", help="Size cap per document."),
    batch_size: int = typer.Option(32, "--batch-size", help="Documents per nlp.pipe batch."),
    events_csv: Optional[str] = typer.Option(None, "--events-csv", help="Also write the events, one row each, to this CSV file."),
    use_embeddings: bool = EMBEDDINGS,
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="A progress line on stderr "
                                            "(default: when stderr is a terminal and the output is not)."),
    any_language: bool = typer.Option(False, "--any-language", help="Analyse texts in another language than "
                                      "the pipeline's too (their records carry a warning); else E037."),
    min_confidence: Optional[float] = MIN_CONFIDENCE,
) -> None:
    """Analyse documents: voices, actors, quotes (and everything later stages add)."""
    if as_json and brief:
        raise typer.BadParameter("choose one of --json and --brief")
    set_min_confidence(min_confidence)
    _maybe_embeddings(use_embeddings)
    from contextlib import nullcontext

    from .brief import render_brief
    from .extract.events.table import EventTableWriter

    failures: list[NewsdeskError] = []
    done = words = 0
    started = time.perf_counter()
    with (open(events_csv, "w", newline="", encoding="utf-8") if events_csv else nullcontext()) as csv_handle, \
            CountProgress("analyze", progress_wanted(progress)) as bar:
        table = EventTableWriter(csv_handle) if csv_handle is not None else None
        for item in analyze_many(inputs, model=model, batch_size=batch_size, max_bytes=max_bytes,
                                 any_language=any_language):
            if isinstance(item, NewsdeskError):
                failures.append(item)
                _print_error(item)
                bar.update(done, len(failures), words)
                continue
            done += 1
            words += len(item.document.text.split())
            for warning in item.document.warnings:
                err.print(f"[yellow]warning[/yellow] {escape(item.document.source or item.document.id)}: "
                          f"{escape(warning)}", highlight=False)
            if table is not None:
                table.add(item)
            _print_record(item, as_json, render_brief)
            bar.update(done, len(failures), words)
    elapsed = time.perf_counter() - started
    _summary(done, failures, words, elapsed, stats)
    if done == 0:
        raise typer.Exit(1)


def _print_record(item, as_json: bool, render_brief) -> None:
    """One document's output: its JSON record or its brief."""
    if as_json:
        sys.stdout.write(json.dumps(item.to_json_dict(), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    else:
        render_brief(item, out)


def _summary(done: int, failures: list[NewsdeskError], words: int, elapsed: float, stats: bool) -> None:
    if failures:
        err.print(f"\n{done} analysed, {len(failures)} failed:", highlight=False)
        for failure in failures:
            err.print(f"  - {failure.message}", highlight=False, markup=False)
    if stats:
        rate = elapsed or 1e-9
        err.print(f"{done} docs, {words} words in {elapsed:.2f} s: {words / rate:,.0f} words/s, "
                  f"{done / rate:.2f} docs/s", highlight=False)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the analysis record."""
    from .model import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")


@kb_app.command("lookup")
def kb_lookup(
    name: str = typer.Argument(..., help="An actor name as a text would give it."),
    date: Optional[str] = typer.Option(None, "--date", help="The document date (YYYY-MM-DD) for date-ranged codes."),
) -> None:
    """Show what the knowledge base knows about a name."""
    from .knowledge.actors_kb import describe

    sys.stdout.write(json.dumps(describe(name, date), ensure_ascii=False, indent=2) + "\n")


@eval_app.command("quotes")
def eval_quotes(
    path: str = typer.Argument(..., help="A quotes-format JSONL file, e.g. polnear.dev.jsonl."),
    as_json: bool = AS_JSON,
    limit: Optional[int] = LIMIT,
) -> None:
    """Quote extraction: content P/R/F1 at overlap ≥ 0.5 and exact, and speaker accuracy."""
    from .evaluate.quotes import evaluate_quotes

    _report(evaluate_quotes(path, limit=limit), as_json)


@eval_app.command("comments")
def eval_comments(
    path: str = typer.Argument(..., help="A comments-format JSONL file, e.g. dragnet.dev.jsonl."),
    mode: str = typer.Option("text", "--mode", help="text: gold text rendered plainly; html: the raw page."),
    as_json: bool = AS_JSON,
) -> None:
    """Article versus reader comments: token F1 and leakage."""
    from .evaluate.comments import evaluate_comments

    if mode not in ("text", "html"):
        raise typer.BadParameter("--mode is text or html")
    _report(evaluate_comments(path, mode=mode), as_json)


@eval_app.command("geo")
def eval_geo(
    path: str = typer.Argument(..., help="A geo-format JSONL file, e.g. lgl.dev.jsonl."),
    as_json: bool = AS_JSON,
    limit: Optional[int] = LIMIT,
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="spaCy pipeline."),
) -> None:
    """Geoparsing: toponym P/R/F1, accuracy within 161 km, distance errors, AUC."""
    from .evaluate.geo import evaluate_geo

    _report(evaluate_geo(path, limit=limit, model=model), as_json)


@eval_app.command("persuasion")
def eval_persuasion(
    path: str = typer.Argument(..., help="A persuasion-format JSONL file, e.g. semeval2023_en.dev.jsonl."),
    as_json: bool = AS_JSON,
    limit: Optional[int] = LIMIT,
    use_embeddings: bool = EMBEDDINGS,
) -> None:
    """Persuasion techniques: paragraph-level multi-label micro and macro F1."""
    from .evaluate.persuasion import evaluate_persuasion

    _maybe_embeddings(use_embeddings)
    _report(evaluate_persuasion(path, limit=limit), as_json)


@eval_app.command("stance")
def eval_stance(
    path: str = typer.Argument(..., help="A stance-format JSONL file, e.g. newsmtsc.dev.jsonl."),
    as_json: bool = AS_JSON,
    limit: Optional[int] = LIMIT,
    use_embeddings: bool = EMBEDDINGS,
) -> None:
    """Stance toward a named target: three-way macro F1 and accuracy."""
    from .evaluate.stance import evaluate_stance

    _maybe_embeddings(use_embeddings)
    _report(evaluate_stance(path, limit=limit), as_json)


@eval_app.command("analogies")
def eval_analogies(
    labels: str = typer.Argument("tests/data/analogies_dev_labels.jsonl", help="The project's analogy labels."),
    eval_dir: Optional[str] = typer.Option(None, "--eval-dir", help="Where the labelled records live (../shared/eval)."),
    as_json: bool = AS_JSON,
) -> None:
    """Historical analogies: precision and recall on the project's labelled dev paragraphs."""
    from .evaluate.analogies import evaluate_analogies

    _report(evaluate_analogies(labels, eval_dir=eval_dir), as_json)


@eval_app.command("calls")
def eval_calls(
    labels: str = typer.Argument("tests/data/calls_dev.jsonl", help="The project's call-to-action labels."),
    eval_dir: Optional[str] = typer.Option(None, "--eval-dir", help="Where the labelled records live (../shared/eval)."),
    as_json: bool = AS_JSON,
    limit: Optional[int] = LIMIT,
    record: bool = typer.Option(False, "--record", help="Score what the record states (each layer's default "
                                "confidence threshold), not the extractor's unfiltered output."),
) -> None:
    """Calls to action: detection, call, addressee P/R/F1 and speaker accuracy on labelled paragraphs."""
    from .evaluate.calls import evaluate_calls

    _report(evaluate_calls(labels, eval_dir=eval_dir, limit=limit, min_confidence=None if record else 0.0), as_json)


@eval_app.command("events")
def eval_events(
    path: str = typer.Argument(..., help="An events-format JSONL file: case2021.dev.jsonl or plover_gsr.dev.jsonl."),
    as_json: bool = AS_JSON,
    limit: Optional[int] = LIMIT,
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="spaCy pipeline."),
) -> None:
    """PLOVER events: weighted/macro F1 of the snippet type (case2021), or type, actor and recipient accuracy (GSR)."""
    from .evaluate.events import evaluate_events

    _report(evaluate_events(path, limit=limit, model=model), as_json)


@eval_app.command("realnews")
def eval_realnews(
    path: str = typer.Argument(..., help="A realnews-format gold file, e.g. ../shared/eval/realnews/realnews.dev.jsonl."),
    as_json: bool = AS_JSON,
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="spaCy pipeline."),
    scorer: Optional[str] = typer.Option(None, "--scorer", help="The set's score.py (default: beside the gold file)."),
    errors: Optional[str] = typer.Option(None, "--errors", help="Write every miss and false fact here, per document."),
    min_confidence: Optional[float] = MIN_CONFIDENCE,
    curve: bool = typer.Option(False, "--curve", help="Print pooled precision/recall over the confidence "
                               "threshold (0 to 1, and the layers' defaults) instead."),
    plot: Optional[str] = typer.Option(None, "--plot", help="With --curve: also draw the curve into this PNG file."),
) -> None:
    """Every layer on real articles: the realnews scorer's precision and recall of actors, quotes,
    places, events, calls and stances, and of all facts pooled (at each layer's default confidence
    threshold unless --min-confidence is given)."""
    from .evaluate.realnews import evaluate_realnews, flatten, threshold_curve

    if curve:
        rows = threshold_curve(path, model=model, scorer=scorer, plot=plot)
        if as_json:
            sys.stdout.write(json.dumps(rows) + "\n")
        else:
            out.print("threshold  precision  recall    f1  stated", highlight=False)
            for row in rows:
                out.print(f"{row['threshold']:>9}  {row['precision']:9.3f}  {row['recall']:6.3f}  {row['f1']:.3f}  "
                          f"{row['n_pred']:6d}", highlight=False)
        return
    result = evaluate_realnews(path, model=model, scorer=scorer, errors=errors, min_confidence=min_confidence)
    _report(result if as_json else flatten(result), as_json)


def _maybe_embeddings(wanted: bool) -> None:
    """Switch the optional embedding ensemble on (``--embeddings``), or fail with E024 before any work."""
    from .analysis import embeddings

    try:
        if wanted:
            embeddings.switch_on()
        elif embeddings.enabled():
            embeddings.switch_on()  # set by NEWSDESK_EMBEDDINGS: check now that it loads
    except NewsdeskError as error:
        _print_error(error)
        raise typer.Exit(2)


def _report(result: dict, as_json: bool) -> None:
    """One output format for every evaluation: a table, or one JSON object on the last line."""
    if as_json:
        sys.stdout.write(json.dumps(result, sort_keys=True) + "\n")
        return
    width = max(len(k) for k in result)
    for key, value in result.items():
        shown = f"{value:.4f}" if isinstance(value, float) else str(value)
        out.print(f"{key:<{width}}  {shown}", highlight=False)


def _register_plugins() -> None:
    """Feature commands that live with their feature (the corpus store), added to the one app."""
    from .store.commands import register

    register(app, bench=True)
    from .batch.commands import register as register_batch

    register_batch(app)
    from .serve.commands import register as register_serve

    register_serve(app)


_register_plugins()


def _print_error(error: NewsdeskError) -> None:
    """An error line on stderr. The message is escaped: a file name or an install hint in square
    brackets ('newsdesk[embeddings]') is text, not rich markup."""
    err.print(f"[red]error[/red] {escape(error.message)}", markup=True, highlight=False)


def main() -> None:
    """Entry point of the ``newsdesk`` script."""
    from .analysis import embeddings

    from .extras import missing_extra

    set_help_width()
    try:
        embeddings.check_installed()  # a bad NEWSDESK_EMBEDDINGS stops every command before any work
        app()
    except NewsdeskError as exc:
        _print_error(exc)
        sys.exit(2)
    except ImportError as exc:
        # An optional module imported outside extras.require: the same E035 line, not a traceback.
        error = missing_extra(exc, " ".join(sys.argv[1:2]) or "newsdesk")
        if error is None:
            raise
        _print_error(error)
        sys.exit(2)


if __name__ == "__main__":
    main()
