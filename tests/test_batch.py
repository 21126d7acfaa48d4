"""Scale-out (``newsdesk batch`` / ``newsdesk load``) on real corpus documents and a real local Ray cluster.

One 300-document run per engine is shared by the tests (module fixtures): the local engine with two
processes, and the Ray engine with two actors on a loopback cluster, during which one actor process
is killed. The two outputs must be byte-identical and hold every document exactly once.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newsdesk.batch import run_batch
from newsdesk.batch.load import load_shards
from newsdesk.batch.tables import (ATTEMPTS, FACT_TABLES, MANIFEST, MARKERS, SCHEMAS, TABLES, flat_rows, read_table,
                                   to_table)
from newsdesk.errors import BatchInputError, RayNotInstalled
from newsdesk.model import Analysis
from newsdesk.read.document import document_id
from newsdesk.read.jsonl import record_to_document

from .conftest import ROOT, shared_file
from .test_store_support import start_postgres, wire_report

DOCS, SHARD = 300, 25
STRIDE = 21  # every 21st corpus record: 300 documents from all eleven sources, in corpus order
NEWSDESK = str(Path(sys.executable).with_name("newsdesk"))
ACTOR_TITLE = "ray::MapWorker(MapBatches(ShardProcessor))"


@pytest.fixture(scope="module")
def corpus() -> str:
    return str(shared_file("corpus", "news.jsonl"))


@pytest.fixture(scope="module")
def sample(corpus, tmp_path_factory) -> str:
    """300 corpus records spread over its sources (the first 300 are all from one, and long ones)."""
    # Split on newlines only: one corpus text holds U+0085, which str.splitlines() also breaks at.
    lines = Path(corpus).read_text(encoding="utf-8").split("\n")[::STRIDE][:DOCS]
    path = tmp_path_factory.mktemp("sample") / "news_sample.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def ray_cluster():
    """A real two-CPU Ray cluster on loopback for this module, stopped afterwards."""
    ray = pytest.importorskip("ray")
    ray.init(address="local", num_cpus=2, include_dashboard=False, _node_ip_address="127.0.0.1",
             logging_level=logging.WARNING)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def local_run(sample, tmp_path_factory):
    out = tmp_path_factory.mktemp("local")
    return out, run_batch([sample], str(out), engine="local", workers=2, shard_size=SHARD)


@pytest.fixture(scope="module")
def ray_run(sample, ray_cluster, tmp_path_factory):
    """The Ray run, with one busy actor process killed once the first shard is written."""
    out = tmp_path_factory.mktemp("ray")
    killer = _ActorKiller(out)
    killer.start()
    try:
        report = run_batch([sample], str(out), engine="ray", workers=2, shard_size=SHARD)
    finally:
        killer.stop.set()
        killer.join()
    return out, report, killer.killed


class _ActorKiller(threading.Thread):
    """Once a shard is finished, SIGKILLs a Ray actor process in the middle of another shard (one it has
    marked as started and not finished)."""

    def __init__(self, out: Path) -> None:
        super().__init__(daemon=True)
        self.out, self.stop, self.killed = out, threading.Event(), None

    def run(self) -> None:
        while not self.stop.wait(0.2):
            done = {p.stem for p in (self.out / MARKERS).glob("*.json")}
            if not done:
                continue
            actors = {pid for pid, title in _processes() if title.startswith(ACTOR_TITLE)}
            working = [int(mark.name.split(".")[1].split("-")[0]) for mark in (self.out / ATTEMPTS).glob("part-*")
                       if mark.name.split(".")[0] not in done]
            busy = [pid for pid in working if pid in actors]
            if busy:
                os.kill(busy[0], signal.SIGKILL)
                self.killed = busy[0]
                return


def _processes():
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            yield int(cmdline.parent.name), cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _ids_of(path: str) -> list[str]:
    """The store keys of a JSONL file's records, each read by the project's record reader."""
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    return [document_id(record_to_document(json.loads(line), path).assemble().text) for line in lines if line.strip()]


# --- the two engines -------------------------------------------------------------------------------

def test_local_and_ray_outputs_are_byte_identical(local_run, ray_run):
    local_files, ray_files = _files(local_run[0]), _files(ray_run[0])
    assert set(local_files) == set(ray_files)
    assert {name.split("/")[0] for name in local_files} == {*TABLES, MARKERS, MANIFEST}
    assert len([n for n in local_files if n.startswith("documents/")]) == DOCS // SHARD
    different = [name for name in local_files if local_files[name] != ray_files[name]]
    assert not different


def test_every_document_once_although_a_ray_worker_was_killed(ray_run, sample):
    out, report, killed = ray_run
    assert killed is not None, "the test never found a busy actor to kill"
    assert report.lost_workers == [killed]
    assert len(report.retried) == 1 and list(report.retried.values()) == [2]
    documents = read_table(out, "documents")
    assert documents["seq"].to_pylist() == list(range(DOCS))
    assert documents["doc_id"].to_pylist() == _ids_of(sample)
    assert report.documents == DOCS and report.failures == 0 and report.duplicates == 0


def test_closing_a_run_removes_what_a_dead_attempt_half_wrote(local_run, sample, tmp_path):
    """A killed Ray worker left 'stances/part-00000.parquet.tmp-<pid>' beside the shard its retry
    finished, and the byte-identity test found it; the run's close now clears such scratch."""
    import shutil

    from newsdesk.batch.inputs import plan_shards
    from newsdesk.batch.shards import close_run

    out = tmp_path / "out"
    shutil.copytree(local_run[0], out)
    scratch = out / "stances" / "part-00000.parquet.tmp-4242"
    scratch.write_bytes(b"half a parquet file")
    before = (out / MANIFEST).read_bytes()
    close_run(out, plan_shards([sample], SHARD, None), [sample], {"shard_size": SHARD, "limit": None})
    assert not scratch.exists()
    assert (out / MANIFEST).read_bytes() == before


def test_flat_tables_are_keyed_by_document_and_carry_every_fact(local_run):
    out, report = local_run
    documents = read_table(out, "documents").to_pylist()
    records = [Analysis.model_validate_json(row["analysis"]) for row in documents]
    order = {row["doc_id"]: row["seq"] for row in documents}
    counts = {"actors": "actors", "places": "places", "quotes": "quotes", "events": "events",
              "calls_to_action": "calls_to_action", "stances": "stances"}
    for table, key in counts.items():
        rows = read_table(out, table)
        for part in sorted((out / table).glob("*.parquet")):
            assert pq.read_schema(part).equals(SCHEMAS[table], check_metadata=True), part
        assert rows.num_rows == sum(len(getattr(r, key)) for r in records), table
        seqs = [order[d] for d in rows["doc_id"].to_pylist()]
        assert seqs == sorted(seqs), f"{table} rows are not in input order"
    assert sum(len(r.quotes) for r in records) > 300 and sum(len(r.actors) for r in records) > 1000
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["rows"]["documents"] == DOCS and manifest["model"]["name"]
    assert not any(s in (out / MANIFEST).read_text() for s in (os.uname().nodename, str(out)))


def test_a_rerun_keeps_finished_shards(local_run, sample):
    out, _report = local_run
    before = _files(out)
    again = run_batch([sample], str(out), engine="local", workers=2, shard_size=SHARD)
    assert again.resumed == DOCS // SHARD and again.analysed == 0
    assert _files(out) == before


def test_schemas_hold_every_column_the_store_rows_have():
    record = wire_report()  # one of every kind of fact, events and calls to action included
    rows = flat_rows(record, "doc")
    assert rows["events"] and rows["calls_to_action"]
    for table in FACT_TABLES:
        assert to_table(table, rows[table]).num_rows == len(rows[table])
    event = json.loads(rows["events"][0]["record"])
    assert event == record.events[0].model_dump(mode="json")


# --- loading into the store ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def postgres_server():
    server = start_postgres()
    yield server
    server.stop()


def test_load_agrees_with_ingest_and_twice_duplicates_nothing(local_run, sample, tmp_path):
    from newsdesk.ingest import ingest
    from newsdesk.store.db import connect

    out, _report = local_run
    db = str(tmp_path / "store.db")
    ingest([sample], db=db, progress=False, limit=10, stories=False)
    first = load_shards(str(out), db=db)
    assert (first.added, first.already) == (DOCS - 10, 10)
    second = load_shards(str(out), db=db)
    assert (second.added, second.already) == (0, DOCS)
    with connect(db) as conn:
        stored = {t: conn.one(f"SELECT COUNT(*) FROM {t}")[0] for t in ("documents", "actors", "quotes", "stances")}
        sightings = conn.one("SELECT COUNT(*) FROM sightings")[0]
    assert stored["documents"] == DOCS and sightings == DOCS
    for table in ("actors", "quotes", "stances"):  # ingest's ten documents analysed the same as the batch's
        assert stored[table] == read_table(out, table).num_rows, table


def test_load_into_postgresql(local_run, postgres_server):
    from newsdesk.store.db import connect

    out, _report = local_run
    db = postgres_server.new_database()
    assert load_shards(str(out), db=db, stories=False).added == DOCS
    assert load_shards(str(out), db=db, stories=False).added == 0
    with connect(db) as conn:
        assert conn.one("SELECT COUNT(*) FROM quotes")[0] == read_table(out, "quotes").num_rows


# --- bad input ---------------------------------------------------------------------------------------

def test_bad_records_go_to_the_failures_table_and_the_run_goes_on(corpus, ray_cluster, tmp_path):
    lines = Path(corpus).read_text(encoding="utf-8").split("\n")[:4]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.jsonl").write_text("\n".join([lines[0], "{not json", "", json.dumps({"id": "x", "title": "t"}),
                                              lines[1]]) + "\n", encoding="utf-8")
    rows = [json.loads(lines[2]), {**json.loads(lines[3]), "text": ""}, json.loads(lines[0])]  # last: a repeat of a.jsonl's
    pq.write_table(pa.Table.from_pylist([{k: r.get(k) for k in ("id", "title", "text")} for r in rows]),
                   inbox / "b.parquet")
    (inbox / "c.txt").write_text(json.loads(lines[3])["text"], encoding="utf-8")
    (inbox / "d.csv").write_text("id,text\n1,hello\n", encoding="utf-8")
    out = tmp_path / "out"
    report = run_batch([str(inbox)], str(out), engine="ray", workers=1, shard_size=2)
    failures = read_table(out, "failures").to_pylist()
    assert [(Path(f["input"]).name, f["line"], f["code"]) for f in failures] == [
        ("a.jsonl", 2, "E005"), ("a.jsonl", 4, "E005"), ("b.parquet", 2, "E005"), ("d.csv", 0, "E010")]
    assert "not valid JSON" in failures[0]["reason"] and "no non-empty 'text'" in failures[1]["reason"]
    documents = read_table(out, "documents").to_pylist()
    assert [(Path(d["input"]).name, d["line"]) for d in documents] == [("a.jsonl", 1), ("a.jsonl", 5),
                                                                      ("b.parquet", 1), ("c.txt", 0)]
    assert report.duplicates == 1 and report.manifest["duplicates"][0]["kept_seq"] == 0


def test_missing_input_fails_fast_before_any_cluster_work(tmp_path):
    out = tmp_path / "out"
    # Nothing listens on port 1: reaching the cluster would fail differently, and much later.
    result = subprocess.run([NEWSDESK, "batch", str(tmp_path / "absent.jsonl"), "--out", str(out), "--engine", "ray",
                             "--address", "127.0.0.1:1"], capture_output=True, text=True, timeout=120, cwd=ROOT)
    message = " ".join(result.stderr.split())  # the console wraps long lines
    assert result.returncode != 0
    assert "E021" in message and "absent.jsonl: no such file or directory; nothing was started" in message
    assert not out.exists()


def test_unreadable_parquet_fails_fast(tmp_path):
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 this is not a parquet footer")
    with pytest.raises(BatchInputError, match="E021: .*broken.parquet: is not a readable Parquet file"):
        run_batch([str(broken)], str(tmp_path / "out"), engine="local")
    assert not (tmp_path / "out").exists()


def test_ray_engine_without_ray_says_how_to_install(monkeypatch, corpus, tmp_path):
    monkeypatch.setitem(sys.modules, "ray", None)  # what an install without the extra looks like
    with pytest.raises(RayNotInstalled, match=r"E020: .*pip install 'newsdesk\[ray\]'"):
        run_batch([corpus], str(tmp_path / "out"), engine="ray", limit=5)


def test_the_default_install_never_imports_ray():
    code = ("import sys, newsdesk.cli, newsdesk.batch.run, newsdesk.batch.load, newsdesk.batch.engines; "
            "assert not [m for m in sys.modules if m == 'ray' or m.startswith('ray.')], 'ray imported'")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120, cwd=ROOT)
