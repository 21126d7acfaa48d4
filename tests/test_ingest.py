"""Ingest with the real pipeline: bad inputs reported and skipped, feeds, re-runs that never duplicate,
a SIGKILLed 1,000-document run that resumes with nothing lost, readers searching during an ingest,
PostgreSQL, and the benchmark.

The 1,000 documents are the first 1,000 articles of ../shared/corpus/news.jsonl, cut to their first
words so the run stays short on two cores: the full pipeline runs on every one of them.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from newsdesk.ingest import ingest
from newsdesk.read import RawDocument, iter_documents
from newsdesk.read.document import document_id
from newsdesk.store.commands import register
from newsdesk.store.db import connect
from newsdesk.store.search import search
from newsdesk.store.sentences import split_sentences

from .conftest import shared_file
from .test_store_support import EXAMPLES, start_postgres, wait_for

KILL_DOCS = 1000
KILL_WORDS = 25
RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Meridian Wire</title><link>https://wire.example/</link>
<item><title>Border talks stall as both sides trade accusations</title><link>https://wire.example/talks</link>
<guid>wire-1</guid><pubDate>Tue, 12 Mar 2024 09:00:00 GMT</pubDate>
<description><![CDATA[{first}]]></description></item>
<item><title>Leyla Haddad calls a general strike</title><link>https://wire.example/strike</link>
<guid>wire-2</guid><pubDate>Thu, 02 May 2024 09:00:00 GMT</pubDate>
<description><![CDATA[{second}]]></description></item>
</channel></rss>
"""


def _paragraphs_html(text: str) -> str:
    return "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    """A folder of inputs, good and bad, all written from the project's example texts."""
    folder = tmp_path_factory.mktemp("inbox")
    wire = (EXAMPLES / "wire_report.txt").read_text(encoding="utf-8")
    statement = (EXAMPLES / "relayed_statement.txt").read_text(encoding="utf-8")
    shutil.copy(EXAMPLES / "wire_report.txt", folder / "good.txt")
    (folder / "corrupt.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    lines = [json.dumps({"id": "jsonl-1", "text": statement}), "{this line is not json",
             json.dumps({"id": "jsonl-3", "text": wire.replace("Tuesday", "Wednesday"), "published": "2024-03-13"})]
    (folder / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "no_text.html").write_text("<html><head><title>Photos</title></head><body><div><img src='a.jpg'>"
                                         "</div><script>var gallery = 1;</script></body></html>", encoding="utf-8")
    (folder / "zero.txt").write_bytes(b"")
    (folder / "broken.rss").write_text("Not a feed: the export job wrote its log here instead.\n", encoding="utf-8")
    (folder / "feed.xml").write_text(RSS.format(first=_paragraphs_html(wire.split("\n", 2)[2]),
                                                second=_paragraphs_html(statement)), encoding="utf-8")
    return folder


def failures(db: str) -> dict[tuple[str, int], dict]:
    with connect(db) as conn:
        return {(Path(r["input"]).name, r["line"]): r for r in conn.dicts("SELECT * FROM ingest_failures")}


def table_counts(db: str) -> dict[str, int]:
    tables = ("documents", "sightings", "sentences", "actors", "quotes", "segments", "minhashes", "syndication")
    with connect(db) as conn:
        return {t: conn.one(f"SELECT COUNT(*) FROM {t}")[0] for t in tables}


def test_bad_inputs_are_reported_and_skipped_and_reruns_never_duplicate(inbox, tmp_path, capsys):
    db = str(tmp_path / "store.db")
    report = ingest([str(inbox)], db=db, progress=True, batch_size=4)
    assert "docs/s" in capsys.readouterr().err  # the progress bar, on stderr
    failed = failures(db)
    assert {key: row["code"] for key, row in failed.items()} == {
        ("corrupt.txt", 0): "E002", ("batch.jsonl", 2): "E005", ("no_text.html", 0): "E007",
        ("zero.txt", 0): "E001", ("broken.rss", 0): "E010"}
    assert "does not parse" in failed[("broken.rss", 0)]["reason"]
    # feed.xml's talks entry is the wire report's text in other paragraphs: the same normalised text as
    # good.txt, so one document seen twice. Two syndicated copies: the JSONL's third line (the wire
    # report, one word changed) and the feed's strike entry (the JSONL's statement under a headline).
    assert (report.analysed, report.skipped, report.failed, report.syndicated) == (4, 1, 5, 2)
    wire_id = document_id((inbox / "good.txt").read_text(encoding="utf-8"))
    with connect(db) as conn:
        seen = {Path(r[0]).name for r in conn.rows("SELECT input FROM sightings WHERE doc_id = ?", (wire_id,))}
        assert seen == {"good.txt", "talks"}
        feed = conn.dicts("SELECT title, published, publisher FROM documents WHERE source LIKE ? ORDER BY title",
                          ("https://wire.example/%",))
        assert feed == [{"title": "Border talks stall as both sides trade accusations", "published": "2024-03-12",
                         "publisher": "Meridian Wire"},
                        {"title": "Leyla Haddad calls a general strike", "published": "2024-05-02",
                         "publisher": "Meridian Wire"}]
    before = table_counts(db)

    app = typer.Typer()
    register(app)
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(inbox), "--db", db, "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "0 new, 5 already stored, 5 failed" in result.output
    assert table_counts(db) == before
    assert {row["attempts"] for row in failures(db).values()} == {2}
    listed = runner.invoke(app, ["failures", "--db", db, "--json"])
    assert len(listed.output.strip().splitlines()) == 5


@pytest.fixture(scope="module")
def short_corpus(tmp_path_factory) -> Path:
    """The first 1,000 corpus articles, each cut to its first words (no title, so no headline is added)."""
    source = shared_file("corpus", "news.jsonl")
    path = tmp_path_factory.mktemp("corpus") / "short.jsonl"
    with source.open(encoding="utf-8") as handle, path.open("w", encoding="utf-8") as out:
        for line in list(handle)[:KILL_DOCS]:
            record = json.loads(line)
            out.write(json.dumps({"id": record["id"], "published": record["published"],
                                  "text": " ".join(record["text"].split()[:KILL_WORDS])}) + "\n")
    return path


def test_killed_ingest_resumes_with_nothing_lost_or_duplicated(short_corpus, tmp_path):
    db = str(tmp_path / "killed.db")
    code = (f"from newsdesk.ingest import ingest; ingest([{str(short_corpus)!r}], db={db!r}, progress=False, "
            "batch_size=16)")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    stored, totals, errors = 0, [], []
    try:
        assert wait_for(lambda: Path(db).exists() and _stored(db) > 0, timeout=180), proc.communicate()[0]
        # Readers work while the writer commits: search and count until a good part is stored.
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and stored < 300:
            try:
                totals.append(search(db, "police OR said OR government", limit=5).total)
                stored = _stored(db)
            except Exception as exc:  # any reader error fails the test below
                errors.append(repr(exc))
            time.sleep(0.1)
        assert proc.poll() is None, "the ingest finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert not errors and totals and totals == sorted(totals), (errors, totals)
    killed_at = _stored(db)
    assert 300 <= killed_at < KILL_DOCS

    report = ingest([str(short_corpus)], db=db, progress=False, workers=2, batch_size=16)
    assert report.failed == 0 and report.analysed + report.skipped == KILL_DOCS
    assert report.analysed == len(_expected_keys(short_corpus)) - killed_at
    _assert_complete(db, short_corpus)
    again = ingest([str(short_corpus)], db=db, progress=False, stories=False)
    assert (again.analysed, again.skipped) == (0, KILL_DOCS)
    _assert_complete(db, short_corpus)


def _stored(db: str) -> int:
    with connect(db) as conn:
        return int(conn.one("SELECT COUNT(*) FROM documents")[0])


def _expected_keys(path: Path) -> set[str]:
    return {document_id(d.text) for d in iter_documents([str(path)]) if isinstance(d, RawDocument)}


def _assert_complete(db: str, path: Path) -> None:
    """Every document once, every input line seen once, every document's facts all there."""
    with connect(db) as conn:
        ids = [r[0] for r in conn.rows("SELECT id FROM documents ORDER BY seq")]
        assert set(ids) == _expected_keys(path) and len(ids) == len(set(ids))
        assert [r[0] for r in conn.rows("SELECT seq FROM documents ORDER BY seq")] == list(range(1, len(ids) + 1))
        assert conn.one("SELECT COUNT(*) FROM sightings")[0] == KILL_DOCS  # one per JSONL line, none lost
        assert conn.one("SELECT COUNT(*) FROM ingest_failures")[0] == 0
        stored = {table: dict(conn.rows(f"SELECT doc_id, COUNT(*) FROM {table} GROUP BY doc_id"))
                  for table in ("sentences", "actors", "quotes", "segments", "minhashes")}
        for doc_id, analysis in conn.rows("SELECT id, analysis FROM documents"):
            record = json.loads(analysis)
            text = record["document"]["text"]
            assert stored["sentences"].get(doc_id, 0) == len(split_sentences(text))
            for table in ("actors", "quotes", "segments"):
                assert stored[table].get(doc_id, 0) == len(record[table]), (doc_id, table)
            assert stored["minhashes"][doc_id] == 1


def test_ingest_into_postgresql(tmp_path):
    server = start_postgres()
    try:
        url = server.new_database()
        report = ingest([str(EXAMPLES)], db=url, progress=False)
        assert report.analysed == 3 and report.failed == 0
        assert ingest([str(EXAMPLES)], db=url, progress=False).skipped == 3
        page = search(url, "crossing", voice="body")
        assert page.total > 0 and all("**crossing**" in h.snippet for h in page.hits)
        with connect(url) as conn:
            assert conn.one("SELECT COUNT(*) FROM documents")[0] == 3
    finally:
        server.stop()


def test_bench_reports_the_three_stages(short_corpus, tmp_path):
    from newsdesk.store.bench import bench

    result = bench(str(short_corpus), limit=6, quiet=True, profile=str(tmp_path / "profile.txt"))
    assert [s["name"] for s in result["stages"]] == ["a", "b", "c"]
    assert all(s["docs"] == 6 and s["docs_per_s"] > 0 for s in result["stages"])
    assert set(result["ratios"]) >= {"b/a", "c/a"} and result["peak_rss_mb"] > 0
    assert "analyze_documents" in (tmp_path / "profile.txt").read_text(encoding="utf-8")
