"""The corpus commands: ``ingest``, ``failures``, ``stories``, ``search``, ``actor``, ``export``.

``register(app)`` adds them to the newsdesk Typer app (cli.py calls it). Like the rest of the CLI they
are thin: parse options, call the library, format the result. Listings print a table, or any of
``--format json|jsonl|csv|parquet`` to ``--out FILE`` (newsdesk/listing.py; ``--json`` is kept as a
shorthand); errors are ``NewsdeskError`` messages on stderr.
"""

from __future__ import annotations

import json
import sys
from typing import List, Optional

import typer
from rich.console import Console
from rich.table import Table

from ..listing import FORMAT_HELP, OUT_HELP, check_format, resolve_format, write_object, write_rows
from ..nlp import DEFAULT_MODEL
from ..terminal import listing_console, message_console
from .db import DEFAULT_DB

out = listing_console()
err = message_console()
DB_HELP = "The store: a SQLite file (created if missing) or a postgresql:// URL."
READ_CONFIDENCE_HELP = ("Show the stored facts whose calibrated confidence is at least this (0: all the store "
                        "holds); default: each layer's threshold (docs/EVALUATION.md).")


def _read_confidence() -> Optional[float]:
    return typer.Option(None, "--min-confidence", min=0.0, max=1.0, help=READ_CONFIDENCE_HELP)


def register(app: typer.Typer, bench: bool = False) -> None:
    """Add the corpus commands to ``app`` (and ``bench``, the throughput benchmark, if asked)."""
    app.command("ingest")(ingest_command)
    app.command("failures")(failures_command)
    app.command("stories")(stories_command)
    app.command("search")(search_command)
    app.command("actor")(actor_command)
    app.command("export")(export_command)
    if bench:
        app.command("bench")(bench_command)


def ingest_command(
    inputs: Optional[List[str]] = typer.Argument(None, help="Paths (.txt, .html, .jsonl, .rss/.atom/.xml feeds, "
                                                 "directories) or http(s) URLs."),
    db: str = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    workers: int = typer.Option(1, "--workers", "-j", help="Analysis processes (each loads the model once)."),
    feed: Optional[List[str]] = typer.Option(None, "--feed", help="An RSS/Atom feed (file or URL); repeatable."),
    follow_links: bool = typer.Option(False, "--follow-links", help="Read each feed entry's linked page, "
                                      "not just the feed's text."),
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="Any installed spaCy pipeline."),
    batch_size: int = typer.Option(32, "--batch-size", help="Documents per nlp.pipe batch and per transaction."),
    max_bytes: int = typer.Option(10_000_000, "--max-bytes", help="Size cap per document."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Stop after this many documents read."),
    no_progress: bool = typer.Option(False, "--no-progress", help="No progress bar."),
    min_confidence: float = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0,
                                         help="Store the facts whose calibrated confidence is at least this "
                                              "(default 0: every fact, with its confidence; readers show each "
                                              "layer's default threshold unless asked for more)."),
) -> None:
    """Analyse documents into the store; resumable, never duplicates, failures recorded."""
    from ..ingest import ingest

    if not inputs and not feed:
        raise typer.BadParameter("give at least one input or --feed")
    report = ingest(inputs or [], db=db, workers=workers, feed=feed, progress=not no_progress, model=model,
                    batch_size=batch_size, max_bytes=max_bytes, follow_links=follow_links, limit=limit,
                    min_confidence=min_confidence)
    err.print(f"{report.analysed} new, {report.skipped} already stored, {report.failed} failed, "
              f"{report.syndicated} syndicated copies; {report.docs_per_s:.2f} docs/s, "
              f"{report.words_per_s:,.0f} words/s in {report.seconds:.1f} s; {report.stories} stories",
              highlight=False)
    _print_warnings(report.warnings)
    if report.failed:
        err.print(f"see the failures with: newsdesk failures --db {db}", highlight=False)
    if report.interrupted:
        err.print("interrupted: run the same command again to go on where it stopped", highlight=False)
        raise typer.Exit(130)
    if report.failed and not report.analysed and not report.skipped:
        raise typer.Exit(1)


def _print_warnings(warnings: list[tuple[str, str]], shown: int = 5) -> None:
    """The records stored with a warning (a language the pipeline does not read): a count, the first few."""
    from rich.markup import escape

    if not warnings:
        return
    err.print(f"[yellow]warning[/yellow] {len(warnings)} documents stored with a warning:", highlight=False)
    for where, warning in warnings[:shown]:
        err.print(f"  {escape(where)}: {escape(warning)}", highlight=False)
    if len(warnings) > shown:
        err.print(f"  … and {len(warnings) - shown} more (the desk marks them; see document.warnings)",
                  highlight=False)


def failures_command(
    db: str = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    limit: int = typer.Option(100, "--limit"),
    offset: int = typer.Option(0, "--offset"),
    as_json: bool = typer.Option(False, "--json", help="JSON Lines, one failure per line (--format jsonl)."),
    format: Optional[str] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
    out_path: str = typer.Option("-", "--out", "-o", help=OUT_HELP),
) -> None:
    """List the inputs that could not be read or analysed, latest first."""
    from .schema import open_reader

    format = resolve_format(format, as_json, "jsonl")
    check_format(format, out_path)
    with open_reader(db) as conn:
        total = conn.one("SELECT COUNT(*) FROM ingest_failures")[0]
        rows = conn.dicts("SELECT input, line, code, reason, attempts, first_failed_at, failed_at FROM ingest_failures "
                          "ORDER BY failed_at DESC, input, line LIMIT ? OFFSET ?", (limit, offset))
    write_rows(rows, format, out_path, lambda console: _table(
        f"{total} failures", ["input", "line", "code", "reason", "attempts", "failed_at"], rows, console))


def stories_command(
    db: str = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    limit: int = typer.Option(20, "--limit"),
    offset: int = typer.Option(0, "--offset"),
    min_docs: int = typer.Option(2, "--min-docs", help="Only stories with at least this many documents."),
    rebuild: bool = typer.Option(False, "--rebuild", help="Recluster the store first."),
    as_json: bool = typer.Option(False, "--json", help="JSON Lines, one story per line (--format jsonl)."),
    format: Optional[str] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
    out_path: str = typer.Option("-", "--out", "-o", help=OUT_HELP),
) -> None:
    """List stories: documents about the same happening, with top actors, places and dates."""
    from .stories import list_stories, rebuild_stories
    from .writer import StoreWriter

    format = resolve_format(format, as_json, "jsonl")
    check_format(format, out_path)
    if rebuild:
        with StoreWriter(db) as writer:
            rebuild_stories(writer)
    stories = list_stories(db, limit=limit, offset=offset, min_docs=min_docs)
    rows = [{"story": s["story_id"], "docs": s["n_docs"], "copies": s["n_copies"],
             "dates": _span(s["first_date"], s["last_date"]), "label": s["label"],
             "actors": ", ".join(n for n, _ in s["top_actors"]), "places": ", ".join(n for n, _ in s["top_places"])}
            for s in stories]
    write_rows(stories, format, out_path, lambda console: _table(
        "stories", ["story", "docs", "copies", "dates", "label", "actors", "places"], rows, console))


def search_command(
    query: str = typer.Argument(..., help='Words, "phrases", OR, -word / NOT word, prefix*, (groups).'),
    db: str = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    actor: Optional[str] = typer.Option(None, "--actor", help="Documents naming this actor (name, alias or Q-id)."),
    place: Optional[str] = typer.Option(None, "--place"),
    country: Optional[str] = typer.Option(None, "--country", help="ISO code or country name."),
    event: Optional[str] = typer.Option(None, "--event", help="A PLOVER event type, e.g. ASSAULT."),
    date_from: Optional[str] = typer.Option(None, "--from", help="Published on or after (YYYY[-MM[-DD]])."),
    date_to: Optional[str] = typer.Option(None, "--to", help="Published on or before (YYYY[-MM[-DD]])."),
    voice: Optional[str] = typer.Option(None, "--voice", help="Only sentences in this segment kind "
                                        "(headline, byline, body, statement, comment)."),
    limit: int = typer.Option(20, "--limit"),
    offset: int = typer.Option(0, "--offset"),
    as_json: bool = typer.Option(False, "--json", help="The page as one JSON object (--format json)."),
    format: Optional[str] = typer.Option(None, "--format", "-f", help=FORMAT_HELP + " json is the page "
                                         "object; jsonl, csv and parquet one row per hit."),
    out_path: str = typer.Option("-", "--out", "-o", help=OUT_HELP),
    min_confidence: Optional[float] = _read_confidence(),
) -> None:
    """Full-text search over stored sentences, with filters; hits carry their offsets."""
    from dataclasses import asdict

    from .search import search

    format = resolve_format(format, as_json, "json")
    check_format(format, out_path)
    page = search(db, query, actor=actor, place=place, country=country, event=event, date_from=date_from,
                  date_to=date_to, voice=voice, limit=limit, offset=offset,
                  marks=("**", "**") if format != "table" else ("[bold yellow]", "[/bold yellow]"),
                  min_confidence=min_confidence)
    if format == "json":  # the page with its total and paging, as --json always printed it
        write_object(page.to_dict(), out_path)
        return
    write_rows([asdict(hit) for hit in page.hits], format, out_path, lambda console: _print_hits(page, console))


def _print_hits(page, console=None) -> None:
    """The human listing of a search page: one dim line of where, then the highlighted snippet."""
    console = console or out
    last = min(page.offset + len(page.hits), page.total)
    console.print(f"{page.total} sentences match; showing {page.offset + 1 if page.hits else 0}–{last}",
                  highlight=False)
    for hit in page.hits:
        console.print(f"[dim]{hit.doc_id} [{hit.start}:{hit.end}] {hit.published or ''} {hit.title or ''}[/dim]",
                      highlight=False)
        console.print(f"  {_escape_keep_marks(hit.snippet)}", highlight=False)


def actor_command(
    name: str = typer.Argument(..., help="A name or alias as the texts give it, or a Wikidata id (Q…)."),
    db: str = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    limit: int = typer.Option(50, "--limit", help="Items per section."),
    as_json: bool = typer.Option(False, "--json", help="The timeline as one JSON object."),
    min_confidence: Optional[float] = _read_confidence(),
) -> None:
    """An actor across the corpus: aliases, KB links, quotes, events, calls and stances over time."""
    from .timeline import actor_timeline

    timeline = actor_timeline(db, name, limit=limit, min_confidence=min_confidence)
    if timeline is None:
        err.print(f"no actor named '{name}' in the store", highlight=False)
        raise typer.Exit(1)
    if as_json:
        sys.stdout.write(json.dumps(timeline, ensure_ascii=False) + "\n")
        return
    kb = "; ".join(f"{k['wikidata'] or '-'} / {k['cameo'] or '-'}" for k in timeline["kb"]) or "none"
    out.print(f"[bold]{timeline['name']}[/bold] ({timeline['type']}) · {timeline['documents']} documents, "
              f"{timeline['mentions']} mentions, {_span(timeline['first_seen'], timeline['last_seen'])}", highlight=False)
    out.print(f"aliases: {', '.join(timeline['aliases'][:15]) or '-'}\nKB (wikidata / cameo): {kb}", highlight=False)
    if timeline["other_matches"]:
        out.print("also matches: " + ", ".join("+".join(m["actor_keys"]) for m in timeline["other_matches"]), highlight=False)
    for section in ("quotes", "events", "calls_to_action", "stances"):
        rows = [{"date": r["date"] or "", "doc": r["doc_id"], "span": f"{r['char_start']}:{r['char_end']}",
                 "what": r.get("type") or r.get("kind") or r.get("role") or "", "text": _short(r.get("text") or
                 f"{r.get('holder_name')} → {r.get('target_name')} ({r.get('polarity')})")}
                for r in timeline[section]]
        _table(f"{section.replace('_', ' ')} ({len(rows)} of {timeline[section + '_total']})",
               ["date", "doc", "span", "what", "text"], rows)


def export_command(
    table: str = typer.Argument(..., help="A store table (documents, actors, places, quotes, events, calls, "
                                "stances, …), or an events view: plover, gdelt, acled."),
    format: str = typer.Option("csv", "--format", "-f", help="csv, jsonl or parquet; for events also gdelt "
                               "(GDELT 1.0 event table, CAMEO codes) or acled (ACLED's columns), as CSV."),
    out_path: str = typer.Option("-", "--out", "-o", help="Output file; - for standard output (not Parquet)."),
    db: str = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    min_confidence: Optional[float] = _read_confidence(),
) -> None:
    """Export every row of a table (no cap); events also as PLOVER records, a GDELT event table or ACLED rows."""
    from ..export import export, resolve

    count = export(db, table, format, out_path, min_confidence=min_confidence)
    table = resolve(table, format)[0]  # events --format acled → acled
    err.print(f"{count} rows of {table} written to {out_path if out_path != '-' else 'standard output'}",
              highlight=False)


def bench_command(
    file: str = typer.Argument("../shared/corpus/news.jsonl",
                               help="A JSONL (or any input) of documents; by default the shared news corpus."),
    limit: int = typer.Option(200, "--limit", help="Documents to time."),
    workers: str = typer.Option("1", "--workers", help="Comma-separated process counts for the ingest stage "
                                "(with --engine ray: worker counts for both batch engines)."),
    plot: Optional[str] = typer.Option(None, "--plot", help="PNG of docs/s against workers."),
    profile: Optional[str] = typer.Option(None, "--profile", help="Stage CPU times, and a pyinstrument report here."),
    model: str = typer.Option(DEFAULT_MODEL, "--model"),
    engine: str = typer.Option("local", "--engine", help="local: the three stages above; ray: newsdesk batch on "
                               "the local and the Ray engine per worker count, in the same run."),
    as_json: Optional[str] = typer.Option(None, "--json", help="Also write the numbers as JSON to this file."),
) -> None:
    """Time raw spaCy, the full analysis, and analysis + ingest on the same documents (or, with
    --engine ray, the batch engines against each other)."""
    counts = [int(w) for w in workers.split(",")]
    if engine == "ray":
        from ..batch.bench import scale_bench

        result = scale_bench(file, limit, workers=counts, model=model, plot=plot)
    elif engine == "local":
        from .bench import bench

        result = bench(file, limit, model=model, workers=counts, plot=plot, profile=profile)
    else:
        raise typer.BadParameter(f"unknown engine '{engine}'; use local or ray", param_hint="--engine")
    if as_json:
        from pathlib import Path

        Path(as_json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


# --- output helpers ------------------------------------------------------------------------------

def _table(title: str, columns: list[str], rows: list[dict], console: Optional[Console] = None) -> None:
    """Every listing of these commands prints through here (on ``console``, standard output by default)."""
    table = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(str(row.get(c, "")) if row.get(c) is not None else "" for c in columns))
    (console or out).print(table)


def _span(first: Optional[str], last: Optional[str]) -> str:
    if not first:
        return "undated"
    return first if first == last else f"{first} – {last}"


def _short(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _escape_keep_marks(snippet: str) -> str:
    """Escape rich markup in the text, but keep the highlight tags search put in."""
    from rich.markup import escape

    opening, closing = "[bold yellow]", "[/bold yellow]"
    pieces = snippet.replace(closing, "\x01").replace(opening, "\x00")
    return escape(pieces).replace("\x00", opening).replace("\x01", closing)
