"""The store without the NLP pipeline: schema, the one writer, syndication, stories, search, actor
timelines, export and the commands, on SQLite and (when a server can be started) PostgreSQL.

Records are built on the project's example texts with offsets found in the text (test_store_support),
so these tests are fast and do not depend on what the extraction stages find today.
"""

from __future__ import annotations

import csv
import json
import sqlite3

import pytest
import typer
from typer.testing import CliRunner

from newsdesk.errors import NewsdeskError, UnsupportedInput
from newsdesk.model import KBLink
from newsdesk.export import export
from newsdesk.read import iter_documents
from newsdesk.store.commands import register
from newsdesk.store.db import connect
from newsdesk.store.query import parse, to_fts5, to_tsquery
from newsdesk.store.schema import migrations_for, schema_version
from newsdesk.store.search import search
from newsdesk.store.sentences import split_sentences
from newsdesk.store.stories import list_stories, rebuild_stories
from newsdesk.store.timeline import actor_timeline
from newsdesk.store.writer import Analysed, Failed, Seen, StoreWriter

from .test_store_support import EXAMPLES, plain, start_postgres, wire_report

FACT_TABLES = ("segments", "actors", "places", "quotes", "events", "calls_to_action", "stances", "techniques",
               "analogies", "sentences")


@pytest.fixture(scope="module")
def postgres_server():
    server = start_postgres()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def db(request, tmp_path):
    """A fresh, empty store on each back end."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return request.getfixturevalue("postgres_server").new_database()


@pytest.fixture
def filled(db):
    """A store holding the wire report (every kind of fact), a near copy of it, the ceasefire report
    and the relayed statement."""
    original = wire_report()
    copy = wire_report(title="Kestria-Valmora river talks collapse amid accusations")
    html = next(iter_documents([str(EXAMPLES / "ceasefire_talks.html")]))
    ceasefire = plain(html.text, "examples/ceasefire_talks.html", actors=("Anja Polk", "Tomas Reyes", "Ines Farah"),
                      places=("Lirra",), published="2024-03-12")
    statement_text = (EXAMPLES / "relayed_statement.txt").read_text(encoding="utf-8")
    statement = plain(statement_text, "examples/relayed_statement.txt", actors=("Leyla Haddad",),
                      places=("Mosul", "Erbil"), published="2024-05-02")
    with StoreWriter(db) as writer:
        result = writer.write([Analysed(a, a.document.id, a.document.source)
                               for a in (original, copy, ceasefire, statement)])
        assert result.syndicated == 1
        rebuild_stories(writer)
    return db


def count(db: str, table: str, where: str = "", params: tuple = ()) -> int:
    with connect(db) as conn:
        return int(conn.one(f"SELECT COUNT(*) FROM {table} {where}", params)[0])


# --- schema and the writer ------------------------------------------------------------------------------

def test_migrations_are_tracked_and_applied_once(db):
    with StoreWriter(db):
        pass
    with StoreWriter(db):  # a second open applies nothing
        pass
    with connect(db) as conn:
        versions = [r[0] for r in conn.rows("SELECT version FROM schema_migrations ORDER BY version")]
        assert versions == [m.version for m in migrations_for(conn.dialect)] == [1, 2, 3, 4, 5]
        assert schema_version(conn) == 5


def test_sqlite_store_is_in_wal_mode(tmp_path):
    path = tmp_path / "wal.db"
    StoreWriter(str(path)).close()
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reader_refuses_a_missing_store_and_never_creates_one(tmp_path):
    with pytest.raises(NewsdeskError, match="no store here"):
        search(str(tmp_path / "none.db"), "talks")
    assert not (tmp_path / "none.db").exists()


def test_every_fact_is_stored_with_offsets_that_trace_back(filled):
    original = wire_report()
    doc_id, text = original.document.id, original.document.text
    with connect(filled) as conn:
        for table in ("segments", "quotes", "events", "calls_to_action", "techniques", "analogies", "sentences"):
            rows = conn.dicts(f"SELECT * FROM {table} WHERE doc_id = ?", (doc_id,))
            assert rows, table
            for row in rows:
                assert 0 <= row["char_start"] < row["char_end"] <= len(text), table
                if "text" in row:
                    assert text[row["char_start"]:row["char_end"]] == row["text"], table
        for table, facts in (("actors", original.actors), ("places", original.places),
                             ("stances", original.stances)):
            assert count(filled, table, "WHERE doc_id = ?", (doc_id,)) == len(facts)
        mentions = conn.rows("SELECT char_start, char_end FROM mentions WHERE doc_id = ? AND ref_id = 'anja-polk'",
                             (doc_id,))
        assert {text[s:e] for s, e in mentions} == {"Anja Polk", "Polk"}
        event = conn.dicts("SELECT * FROM events WHERE doc_id = ? AND type = 'ACCUSE'", (doc_id,))[0]
        assert (event["actor_name"], event["recipient_name"], event["place_name"], event["country"]) == \
               ("Tomas Reyes", "Kestria", "Lirra", "AF")
        stored = json.loads(conn.one("SELECT analysis FROM documents WHERE id = ?", (doc_id,))[0])
        assert stored == original.to_json_dict()


def test_writing_again_changes_nothing(filled):
    before = {t: count(filled, t) for t in FACT_TABLES + ("documents", "sightings")}
    again = wire_report()
    with StoreWriter(filled) as writer:
        result = writer.write([Analysed(again, again.document.id, again.document.source),
                               Seen(again.document.id, again.document.source)])
    assert result.added == [] and result.already == 2
    assert {t: count(filled, t) for t in before} == before


def test_a_second_source_of_the_same_text_is_a_sighting(filled):
    doc_id = wire_report().document.id
    with StoreWriter(filled) as writer:
        writer.write([Seen(doc_id, "https://mirror.example/wire", "mirror-7")])
    assert count(filled, "documents", "WHERE id = ?", (doc_id,)) == 1
    assert count(filled, "sightings", "WHERE doc_id = ?", (doc_id,)) == 2


def test_failures_are_recorded_once_per_input_line_and_counted(db):
    error = UnsupportedInput("feeds/broken.xml", "feed skipped: it does not parse")
    with StoreWriter(db) as writer:
        writer.write([Failed(error)])
        writer.write([Failed(error)])
    with connect(db) as conn:
        rows = conn.dicts("SELECT * FROM ingest_failures")
    assert len(rows) == 1
    assert (rows[0]["input"], rows[0]["line"], rows[0]["code"], rows[0]["attempts"]) == \
           ("feeds/broken.xml", 0, "E010", 2)


def test_a_failed_batch_leaves_nothing_behind(db):
    good = wire_report()
    bad = wire_report(title="Another headline")
    bad.quotes[0].start = None  # not storable: the batch's transaction must roll back whole
    with StoreWriter(db) as writer:
        with pytest.raises(Exception):
            writer.write([Analysed(good, good.document.id, "a"), Analysed(bad, bad.document.id, "b")])
    for table in ("documents", "sentences", "actors", "minhashes", "lsh_bands", "sightings"):
        assert count(db, table) == 0, table


# --- syndication and stories ---------------------------------------------------------------------------

def test_syndicated_copy_links_to_first_seen_original_across_runs(filled):
    original, copy = wire_report(), wire_report(title="Kestria-Valmora river talks collapse amid accusations")
    with connect(filled) as conn:
        assert conn.rows("SELECT doc_id, original_id FROM syndication") == [(copy.document.id, original.document.id)]
    # A later run (a new writer: the LSH index is rebuilt from the store) links a copy of the copy to the root.
    third = wire_report(title="Talks on the Lirra crossing break down")
    with StoreWriter(filled) as writer:
        assert writer.write([Analysed(third, third.document.id, "c")]).syndicated == 1
    with connect(filled) as conn:
        assert conn.one("SELECT original_id FROM syndication WHERE doc_id = ?", (third.document.id,))[0] == \
               original.document.id



def test_a_store_written_before_the_lsh_bands_gets_them_when_a_writer_opens(filled):
    # Stores of schema 3 hold signatures but no band rows: the first writer indexes them (issue 18:
    # the index moved from the writer's memory into the store), and copies still find their original.
    with StoreWriter(filled) as writer:
        writer.conn.execute("DELETE FROM lsh_bands")
    with StoreWriter(filled) as writer:
        with connect(filled) as conn:
            assert conn.one("SELECT COUNT(DISTINCT doc_id) FROM lsh_bands")[0] == count(filled, "minhashes") == 4
        third = wire_report(title="Talks on the Lirra crossing break down")
        assert writer.write([Analysed(third, third.document.id, "c")]).syndicated == 1

def test_stories_group_reports_of_one_happening(filled):
    stories = list_stories(filled, min_docs=1)
    by_size = sorted(stories, key=lambda s: -s["n_docs"])
    talks, strike = by_size[0], by_size[1]
    assert talks["n_docs"] == 3 and talks["n_copies"] == 1  # wire report, its copy, the ceasefire report
    assert talks["label"] == "Border talks stall as both sides trade accusations"
    assert {"Anja Polk", "Tomas Reyes"} <= {name for name, _ in talks["top_actors"]}
    assert talks["top_places"][0] == ["Lirra", 3]
    assert talks["first_date"] == talks["last_date"] == "2024-03-12"
    assert strike["n_docs"] == 1 and strike["top_actors"] == [["Leyla Haddad", 1]]
    assert [s["story_id"] for s in list_stories(filled)] == [talks["story_id"]]  # min_docs=2 by default


def test_reports_weeks_apart_are_different_stories(db):
    first = wire_report(published="2024-03-12")
    later = plain(first.document.text.replace("Tuesday", "Friday") + "\nA month on, nothing has changed.",
                  "later", actors=("Anja Polk", "Tomas Reyes"), places=("Lirra",), published="2024-04-20")
    with StoreWriter(db) as writer:
        writer.write([Analysed(first, first.document.id, "a"), Analysed(later, later.document.id, "b")])
        rebuild_stories(writer)
    # The later text is a near copy, so syndication links it; only that link joins the two reports.
    assert count(db, "syndication") == 1
    assert [s["n_docs"] for s in list_stories(db, min_docs=1)] == [2]


# --- search ----------------------------------------------------------------------------------------------

def test_search_finds_sentences_with_offsets_and_highlights(filled):
    page = search(filled, "provocation")
    text = wire_report().document.text
    assert page.total == 2  # the report and its syndicated copy
    hit = page.hits[0]
    assert text[hit.start:hit.end] == hit.text and "**provocation**" in hit.snippet
    assert hit.title and hit.published == "2024-03-12"


def test_search_operators(filled):
    both = search(filled, "Polk reporters").total
    assert both > 0
    assert search(filled, '"closed door"').total == 2
    assert search(filled, '"door closed"').total == 0
    assert search(filled, "strike OR convoy").total == search(filled, "strike").total + search(filled, "convoy").total
    assert search(filled, "Polk -reporters").total == search(filled, "Polk").total - both
    assert search(filled, "negot*").total >= 3  # prefixes match word stems
    assert search(filled, "(strike OR trucks) Mosul").total == search(filled, "strike Mosul").total + \
        search(filled, "trucks Mosul").total


def test_search_filters(filled):
    assert search(filled, "talks", actor="Minister Anja Polk").total == search(filled, "talks", actor="polk").total > 0
    assert search(filled, "talks", actor="Q999001").total == search(filled, "talks", actor="Anja Polk").total
    assert search(filled, "strike", actor="Anja Polk").total == 0
    assert search(filled, "talks", place="Lirra").total > 0
    assert search(filled, "talks", country="Afghanistan").total == search(filled, "talks", country="af").total > 0
    assert search(filled, "talks", event="accuse").total == search(filled, "talks", event="CONSULT").total > 0
    assert search(filled, "strike", event="ACCUSE").total == 0
    assert search(filled, "strike", date_from="2024-05").total > 0
    assert search(filled, "strike", date_to="2024-04").total == 0
    assert search(filled, "talks", date_from="2024-03-12", date_to="2024-03-12").total > 0
    headline = search(filled, "talks", voice="headline")
    assert headline.total == 2 and {h.start for h in headline.hits} == {0}  # the report's and its copy's headline


def test_search_pages_through_every_hit(filled):
    query = "talks OR crossing OR strike OR Lirra"
    total = search(filled, query).total
    seen = []
    for offset in range(0, total, 3):
        seen += [(h.doc_id, h.sentence) for h in search(filled, query, limit=3, offset=offset).hits]
    assert len(seen) == len(set(seen)) == total > 6


def test_search_refuses_bad_queries_and_filters(filled):
    for query in ("", "NOT talks", "talks OR", "(talks"):
        with pytest.raises(NewsdeskError):
            search(filled, query)
    with pytest.raises(NewsdeskError, match="voice"):
        search(filled, "talks", voice="chorus")
    with pytest.raises(NewsdeskError, match="ISO"):
        search(filled, "talks", date_from="12/03/2024")
    # Punctuation is never engine syntax.
    assert search(filled, 'U.S. "unbalanced').total == 0


def test_query_translation():
    node = parse('(ceasefire OR truce) "peace talks" -Gaza negot*')
    assert to_fts5(node) == '(("ceasefire" OR "truce") AND "peace talks" AND "negot"*) NOT "Gaza"'
    sql, params = to_tsquery(node)
    assert params == ["ceasefire", "truce", "peace talks", "Gaza", "negot:*"]
    assert sql.count("?") == len(params) and "!!" in sql


def test_sentence_spans_on_real_text():
    text = (EXAMPLES / "wire_report.txt").read_text(encoding="utf-8")
    spans = split_sentences(text)
    sentences = [text[s:e] for s, e in spans]
    assert sentences[0] == "Border talks stall as both sides trade accusations"  # a line is a sentence
    assert "He said the movements were \"a provocation that no government could ignore.\"" in sentences
    assert all(s == s.strip() and s for s in sentences)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    tricky = "Mr. Reyes met Gen. J. Polk at 5 p.m. on Monday. Talks failed."
    assert [tricky[s:e] for s, e in split_sentences(tricky)] == ["Mr. Reyes met Gen. J. Polk at 5 p.m. on Monday.",
                                                                  "Talks failed."]


# --- actor timeline ------------------------------------------------------------------------------------

def test_actor_timeline(filled):
    timeline = actor_timeline(filled, "Minister Anja Polk")
    assert timeline["name"] == "Anja Polk" and timeline["type"] == "person"
    assert {"Polk", "Minister Anja Polk"} <= set(timeline["aliases"])
    assert timeline["kb"][0]["wikidata"] == "Q999001" and timeline["kb"][0]["cameo"] == "KSTGOV"
    assert timeline["documents"] == 3 and timeline["first_seen"] == "2024-03-12"
    assert timeline["quotes_total"] == 2 and "open hand" in timeline["quotes"][0]["text"]
    assert [e["type"] for e in timeline["events"]] == ["CONSULT", "CONSULT"] and timeline["events"][0]["negated"]
    reyes = actor_timeline(filled, "Tomas Reyes", limit=1)
    assert reyes["events_total"] == 2 and len(reyes["events"]) == 1  # the report and its copy; limit 1 shown
    assert reyes["events"][0]["type"] == "ACCUSE" and reyes["events"][0]["date"] == "2024-03-11"
    assert reyes["calls_to_action"][0]["addressees"] == ["Kestria"]
    assert reyes["stances"][0]["role"] == "holder" and reyes["stances"][0]["evidence"]
    assert actor_timeline(filled, "Nobody At All") is None


def test_a_wrong_kb_link_does_not_capture_a_name(db):
    """'Ines Farah' linked once, in error, to Anja Polk's KB id must not answer for Ines Farah."""
    reports = [wire_report(title=f"Talks stall, report {n}") for n in range(4)]  # Anja Polk, linked, ×4
    html = next(iter_documents([str(EXAMPLES / "ceasefire_talks.html")]))
    ines = [plain(html.text.replace("Tuesday", day), f"ines-{day}", actors=("Ines Farah",))
            for day in ("Tuesday", "Monday", "Friday")]
    ines[0].actors[0].kb = KBLink(wikidata="Q999001")  # the wrong link
    with StoreWriter(db) as writer:
        writer.write([Analysed(a, a.document.id, a.document.source) for a in reports + ines])
    farah = actor_timeline(db, "Ines Farah")
    assert farah["name"] == "Ines Farah" and farah["actor_keys"] == ["name:ines farah"] and farah["documents"] == 2
    assert farah["other_matches"] == [{"actor_keys": ["wd:Q999001", "name:anja polk"], "documents": 5}]
    polk = actor_timeline(db, "Q999001")
    assert polk["name"] == "Anja Polk" and "name:ines farah" not in polk["actor_keys"]


# --- export ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_streams_every_row(filled, tmp_path, fmt):
    for table in ("documents", "actors", "events", "sentences", "stories", "gdelt"):
        out = tmp_path / f"{table}.{fmt}"
        written = export(filled, table, fmt, str(out))
        assert written == _read_back(out, fmt) == count(filled, "events" if table == "gdelt" else table) > 0
        assert not out.with_name(out.name + ".partial").exists()


def _read_back(path, fmt: str) -> int:
    if fmt == "csv":
        with open(path, newline="", encoding="utf-8") as handle:
            return sum(1 for _ in csv.DictReader(handle))
    if fmt == "jsonl":
        return sum(1 for line in open(path, encoding="utf-8") if line.strip())
    import pyarrow.parquet as pq

    return pq.read_table(path).num_rows


def test_export_keeps_types_and_json(filled, tmp_path):
    export(filled, "events", "jsonl", str(tmp_path / "events.jsonl"))
    events = [json.loads(line) for line in open(tmp_path / "events.jsonl", encoding="utf-8")]
    assert {e["negated"] for e in events} == {True, False}
    import pyarrow.parquet as pq

    export(filled, "actors", "parquet", str(tmp_path / "actors.parquet"))
    table = pq.read_table(tmp_path / "actors.parquet")
    assert str(table.schema.field("n_mentions").type) == "int64"
    assert isinstance(table.column("aliases").to_pylist()[0], list)  # a native list (tests/test_exports.py)


def test_export_plover_and_gdelt(filled, tmp_path):
    export(filled, "plover", "jsonl", str(tmp_path / "plover.jsonl"))
    records = [json.loads(line) for line in open(tmp_path / "plover.jsonl", encoding="utf-8")]
    accuse = next(r for r in records if r["event"] == ["ACCUSE"])
    assert accuse["date"] == "2024-03-11" and accuse["quad_code"] == 3
    assert accuse["source"][0]["actor_text"] == "Tomas Reyes"
    assert accuse["recipient"][0]["code"] == "KST"
    assert accuse["event_loc"]["geonameid"] == 1138958 and accuse["event_loc"]["country code"] == "AF"
    text = wire_report().document.text
    assert text[accuse["text_info"]["start"]:accuse["text_info"]["end"]] == accuse["event_text"][0]
    export(filled, "gdelt", "csv", str(tmp_path / "gdelt.csv"))
    rows = list(csv.DictReader(open(tmp_path / "gdelt.csv", newline="", encoding="utf-8")))
    row = next(r for r in rows if r["PloverType"] == "ACCUSE")
    assert (row["SQLDATE"], row["Actor1Name"], row["Actor2Code"], row["QuadClass"]) == ("20240311", "Tomas Reyes",
                                                                                         "KST", "3")
    # CAMEO, from the PLOVER type: an ACCUSE without a mode is 110 (disapprove), not 112 (docs/SCHEMA.md)
    assert (row["EventCode"], row["EventRootCode"]) == ("110", "11")


def test_export_refuses_what_it_cannot_do(filled, tmp_path):
    with pytest.raises(NewsdeskError, match="no such table"):
        export(filled, "minhashes", "csv", str(tmp_path / "x.csv"))
    with pytest.raises(NewsdeskError, match="jsonl"):
        export(filled, "plover", "csv", str(tmp_path / "x.csv"))
    with pytest.raises(NewsdeskError, match="--out"):
        export(filled, "documents", "parquet", "-")


# --- commands ----------------------------------------------------------------------------------------------

@pytest.fixture
def cli():
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(a) for a in args])


def test_commands_on_a_store(filled, cli, tmp_path):
    result = cli("search", "provocation", "--db", filled, "--json")
    assert result.exit_code == 0, result.output
    page = json.loads(result.output)
    assert page["total"] == 2 and "**provocation**" in page["hits"][0]["snippet"]
    result = cli("search", "provocation", "--db", filled)
    assert result.exit_code == 0 and "2 sentences match" in result.output
    result = cli("stories", "--db", filled, "--json")
    assert [json.loads(line)["n_docs"] for line in result.output.splitlines()] == [3]
    result = cli("actor", "Anja Polk", "--db", filled)
    assert result.exit_code == 0 and "Anja Polk" in result.output and "quotes (2 of 2)" in result.output
    assert cli("actor", "Nobody At All", "--db", filled).exit_code == 1
    assert cli("failures", "--db", filled).exit_code == 0
    out = tmp_path / "quotes.csv"
    result = cli("export", "quotes", "--format", "csv", "--out", out, "--db", filled)
    assert result.exit_code == 0 and out.exists()
    result = cli("export", "events", "--format", "jsonl", "--db", filled)
    assert sum(1 for line in result.output.splitlines() if line.startswith("{")) == count(filled, "events")
