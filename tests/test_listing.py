"""One output convention for the listing commands: --format table|json|jsonl|csv|parquet and --out."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner

from newsdesk.errors import UnsupportedInput
from newsdesk.store.commands import register
from newsdesk.store.stories import rebuild_stories
from newsdesk.store.writer import Analysed, Failed, StoreWriter

from .test_store_support import plain, wire_report


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    """Two near copies of the wire report (one story) and one failed input, in SQLite."""
    db = str(tmp_path_factory.mktemp("listing") / "store.db")
    original = wire_report()
    copy = wire_report(title="Kestria-Valmora river talks collapse amid accusations")
    statement = plain("Leyla Haddad called a general strike in Mosul on Thursday.", "statement.txt",
                      actors=("Leyla Haddad",), places=("Mosul",), published="2024-05-02")
    with StoreWriter(db) as writer:
        writer.write([Analysed(a, a.document.id, a.document.source) for a in (original, copy, statement)])
        writer.write([Failed(UnsupportedInput("feeds/broken.xml", "feed skipped: it does not parse"))])
        rebuild_stories(writer)
    return db


@pytest.fixture
def cli():
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(a) for a in args])


def test_every_listing_in_every_format(store, cli, tmp_path):
    for command in (["failures"], ["stories", "--min-docs", "1"], ["search", "talks"]):
        table = cli(*command, "--db", store)
        assert table.exit_code == 0 and table.output.strip(), (command, table.output)
        as_jsonl = cli(*command, "--db", store, "--format", "jsonl")
        rows = [json.loads(line) for line in as_jsonl.output.splitlines()]
        assert rows and all(isinstance(r, dict) for r in rows), command
        if command[0] != "search":  # search's json is its page object (below)
            assert json.loads(cli(*command, "--db", store, "--format", "json").output) == rows
        as_csv = cli(*command, "--db", store, "--format", "csv").output
        parsed = list(csv.DictReader(as_csv.splitlines()))
        assert len(parsed) == len(rows) and list(parsed[0]) == list(rows[0]), command
        target = tmp_path / f"{command[0]}.parquet"
        assert cli(*command, "--db", store, "--format", "parquet", "--out", target).exit_code == 0
        assert pq.read_table(target).num_rows == len(rows) and pq.read_table(target).column_names == list(rows[0])
        to_file = tmp_path / f"{command[0]}.txt"
        assert cli(*command, "--db", store, "--out", to_file).exit_code == 0 and to_file.read_text().strip()


def test_json_shorthand_is_kept(store, cli):
    page = json.loads(cli("search", "talks", "--db", store, "--json").output)
    assert page["total"] >= 1 and page["hits"] and "**talks**" in page["hits"][0]["snippet"].lower()
    assert json.loads(cli("search", "talks", "--db", store, "--format", "json").output) == page
    failures = [json.loads(line) for line in cli("failures", "--db", store, "--json").output.splitlines()]
    assert [f["code"] for f in failures] == ["E010"]


def test_parquet_needs_a_file_and_formats_are_checked(store, cli):
    result = cli("failures", "--db", store, "--format", "parquet")
    assert result.exit_code != 0 and "E036" in str(result.exception)
    result = cli("stories", "--db", store, "--format", "xml")
    assert result.exit_code != 0 and "E036" in str(result.exception)
