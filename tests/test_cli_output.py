"""The command line's output in pipes: not wrapped at 80 columns; progress only where it belongs;
the README's commands accepted as written."""

from __future__ import annotations

import re

from newsdesk.export import check_request

from .conftest import EXAMPLES, ROOT
from .test_cli import run_cli


def test_readme_export_tables_are_accepted():
    """Every table the README offers to `newsdesk export` is one the command takes (`calls` was E010)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = re.search(r"^newsdesk export (\S+)", readme, flags=re.M)
    assert line, "the README shows no export command"
    for table in line.group(1).split("|"):
        check_request(table, "jsonl", "-")


def test_piped_messages_and_tables_are_not_wrapped(tmp_path):
    # A failure whose input name alone is longer than 80 columns.
    folder = tmp_path / ("a_folder_whose_name_is_long_enough_to_push_every_line_past_eighty_columns_" + "x" * 20)
    folder.mkdir()
    empty = folder / "empty_input.txt"
    empty.write_text("", encoding="utf-8")
    db = str(tmp_path / "store.db")
    ingest = run_cli("ingest", str(empty), "--db", db, "--no-progress")
    summary = [line for line in ingest.stderr.decode().splitlines() if "already stored" in line]
    assert len(summary) == 1 and summary[0].rstrip().endswith("stories"), ingest.stderr.decode()
    listing = run_cli("failures", "--db", db).stdout.decode()
    assert any(str(empty) in line for line in listing.splitlines()), listing  # the name on one line


def test_analyze_progress_only_when_asked():
    path = str(EXAMPLES / "wire_report.txt")
    quiet = run_cli("analyze", path, "--json")  # stderr is a pipe here: no progress by default
    assert quiet.returncode == 0 and b"docs" not in quiet.stderr
    shown = run_cli("analyze", path, "--json", "--progress")
    assert shown.returncode == 0
    assert re.search(rb"analyze.*1 docs", shown.stderr), shown.stderr
    assert shown.stdout.count(b"\n") == 1 and shown.stdout.startswith(b"{")  # the record alone on stdout
