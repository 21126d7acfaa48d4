"""Exports that load where analysts work: native Parquet types, event details, ACLED and GDELT shapes,
and every exported column documented in docs/SCHEMA.md."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow.parquet as pq
import pytest

from newsdesk.export import export
from newsdesk.model import Event
from newsdesk.store.writer import Analysed, StoreWriter

from .test_store_support import span, wire_report


def _events_report():
    """The wire report with events as the extractor writes them today: mode, trigger, role spans,
    confidence, a date at week precision; plus a strike on Lirra whose place is named in its sentence."""
    record = wire_report(published="2024-03")
    text = record.document.text
    accuse = record.events[0]
    sentence = (accuse.start, accuse.end)
    lirra = span(text, "Lirra")
    events = [
        accuse.model_copy(update={"mode": "allege", "trigger": span(text, "accused"), "confidence": 0.8,
                                  "actor_span": span(text, "Tomas Reyes"), "date": "2024-W10",
                                  "recipient_span": span(text, "Kestria", sentence[0])}),
        record.events[1],
        Event(type="ASSAULT", mode="aerial", actor="kestria", place="lirra", date="2024-03",
              start=lirra[0] - 1 if lirra[0] > 0 else 0, end=lirra[1], confidence=0.6),
    ]
    return record.model_copy(update={"events": events})


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("exports") / "store.db")
    record = _events_report()
    with StoreWriter(db) as writer:
        writer.write([Analysed(record, record.document.id, record.document.source)])
    return db


def test_events_carry_mode_trigger_confidence_and_spans(store, tmp_path):
    export(store, "events", "jsonl", str(tmp_path / "events.jsonl"))
    rows = [json.loads(line) for line in open(tmp_path / "events.jsonl", encoding="utf-8")]
    text = wire_report().document.text
    accuse = next(r for r in rows if r["type"] == "ACCUSE")
    assert (accuse["mode"], accuse["confidence"], accuse["date_precision"]) == ("allege", 0.8, "week")
    assert text[accuse["trigger_start"]:accuse["trigger_end"]] == "accused"
    assert text[accuse["actor_start"]:accuse["actor_end"]] == "Tomas Reyes"
    assert text[accuse["recipient_start"]:accuse["recipient_end"]] == "Kestria"
    # the place was not named inside the accusation's span: no place span rather than a wrong one
    assert accuse["place_start"] is None
    assault = next(r for r in rows if r["type"] == "ASSAULT")
    assert text[assault["place_start"]:assault["place_end"]] == "Lirra"
    assert assault["date_precision"] == "month"


def test_parquet_has_native_types(store, tmp_path):
    export(store, "actors", "parquet", str(tmp_path / "actors.parquet"))
    actors = pq.read_table(tmp_path / "actors.parquet")
    assert str(actors.schema.field("aliases").type) == "list<element: string>"
    polk = next(r for r in actors.to_pylist() if r["actor_id"] == "anja-polk")
    assert polk["aliases"] == ["Polk", "Minister Anja Polk"] and polk["roles"] == ["Kestrian Foreign Minister"]
    export(store, "events", "parquet", str(tmp_path / "events.parquet"))
    events = pq.read_table(tmp_path / "events.parquet").to_pylist()
    accuse = next(r for r in events if r["type"] == "ACCUSE")
    assert accuse["date"] == dt.date(2024, 3, 4) and accuse["date_precision"] == "week"  # ISO week 10's Monday
    export(store, "documents", "parquet", str(tmp_path / "documents.parquet"))
    document = pq.read_table(tmp_path / "documents.parquet").to_pylist()[0]
    assert document["published"] == dt.date(2024, 3, 1) and document["published_precision"] == "month"
    assert isinstance(document["ingested_at"], dt.datetime) and document["ingested_at"].tzinfo is not None
    export(store, "stances", "parquet", str(tmp_path / "stances.parquet"))
    evidence = pq.read_table(tmp_path / "stances.parquet").to_pylist()[0]["evidence"]
    assert evidence and all(isinstance(s, list) and len(s) == 2 for s in evidence)


def test_gdelt_codes_dates_and_countries(store, tmp_path):
    import csv

    export(store, "events", "gdelt", str(tmp_path / "gdelt.csv"))  # `export events --format gdelt`
    rows = {r["PloverType"]: r for r in csv.DictReader(open(tmp_path / "gdelt.csv", newline="", encoding="utf-8"))}
    accuse, assault = rows["ACCUSE"], rows["ASSAULT"]
    assert (accuse["EventCode"], accuse["EventBaseCode"], accuse["EventRootCode"], accuse["QuadClass"]) == (
        "112", "112", "11", "3")
    assert (accuse["SQLDATE"], accuse["DatePrecision"]) == ("20240304", "week")
    # aerial assault: CAMEO 195 (employ aerial weapons), material conflict; month precision keeps no day
    assert (assault["EventCode"], assault["EventRootCode"], assault["QuadClass"]) == ("195", "19", "4")
    assert (assault["SQLDATE"], assault["MonthYear"], assault["Year"], assault["DatePrecision"]) == (
        "20240301", "202403", "2024", "month")
    # the place is in Afghanistan: ISO AF is FIPS AF; the test store's fictional 'KST' is no CAMEO country
    assert assault["ActionGeo_CountryCode"] == "AF" and accuse["Actor2CountryCode"] == ""
    rows_rich = list(csv.DictReader(open(tmp_path / "gdelt.csv", newline="", encoding="utf-8")))
    assert len(rows_rich) == 3  # every event, negated ones flagged (IsNegated) rather than dropped


def test_acled_keeps_what_acled_records(store, tmp_path):
    import csv

    export(store, "acled", "csv", str(tmp_path / "acled.csv"))
    rows = list(csv.DictReader(open(tmp_path / "acled.csv", newline="", encoding="utf-8")))
    # the accusation and the (negated) consultation are not ACLED events; the air strike is
    assert [r["plover_type"] for r in rows] == ["ASSAULT"]
    strike = rows[0]
    assert (strike["disorder_type"], strike["event_type"], strike["sub_event_type"]) == (
        "Political violence", "Explosions/Remote violence", "Air/drone strike")
    assert (strike["event_date"], strike["time_precision"], strike["year"]) == ("2024-03-01", "3", "2024")
    assert (strike["country"], strike["iso"], strike["location"], strike["geo_precision"]) == (
        "Afghanistan", "4", "Lirra", "1")
    assert strike["actor1"] == "Kestria" and strike["source"] == "Meridian Wire" and strike["notes"]


def test_every_plover_mode_of_the_codebook_has_a_cameo_code():
    from newsdesk.export_events import cameo_code, codes

    from .conftest import shared_file

    path = shared_file("eval", "events", "PLOVER_structured_codebook_updated.csv")
    import csv

    with open(path, newline="", encoding="utf-8") as handle:
        pairs = {(row["event"], row["mode"]) for row in csv.DictReader(handle)}
    for event, mode in pairs:
        assert mode in codes()["cameo"][event], (event, mode)
        code = cameo_code(event, mode)
        assert code and code.isdigit() and 1 <= int(code[:2]) <= 20, (event, mode, code)


def _documented_columns() -> dict[str, list[str]]:
    """docs/SCHEMA.md's exported tables: '### `name`' then a table whose first cells name the columns."""
    import re

    from .conftest import ROOT

    doc = (ROOT / "docs" / "SCHEMA.md").read_text(encoding="utf-8")
    section = doc.split("## Exported tables", 1)[1]
    tables: dict[str, list[str]] = {}
    for block in re.split(r"^### ", section, flags=re.M)[1:]:
        name = re.match(r"`([a-z_]+)`", block).group(1)
        tables[name] = re.findall(r"^\| `([A-Za-z0-9_]+)` \|", block, flags=re.M)
    return tables


def test_every_exported_column_is_documented(store, tmp_path):
    """Like datasette's settings check: a column exported but not in docs/SCHEMA.md (or documented but
    gone) fails here, for every table and view `newsdesk export` offers."""
    from newsdesk.export import TABLES

    documented = _documented_columns()
    assert set(documented) == set(TABLES), set(TABLES) ^ set(documented)
    for table in TABLES:
        out = tmp_path / f"{table}.jsonl"
        export(store, table, "jsonl", str(out))
        if table == "plover":
            columns = list(json.loads(out.read_text(encoding="utf-8").splitlines()[0]))
        else:
            parquet = tmp_path / f"{table}.parquet"
            export(store, table, "parquet", str(parquet))
            columns = pq.read_table(parquet).column_names  # loads where analysts load it
        assert len(documented[table]) == len(set(documented[table])), table
        assert set(columns) == set(documented[table]), (table, set(columns) ^ set(documented[table]))


def test_the_server_exports_the_same_views(store):
    import csv
    import io

    from fastapi.testclient import TestClient

    from newsdesk.serve import ServeConfig, create_app

    client = TestClient(create_app(ServeConfig(db=store)), base_url="http://127.0.0.1:8000")
    answer = client.get("/export/events", params={"format": "acled"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [r["plover_type"] for r in rows] == ["ASSAULT"]
    calls = client.get("/export/calls", params={"format": "jsonl"})
    assert calls.status_code == 200 and len(calls.text.splitlines()) == 1


# The rows checked by hand against the PLOVER codebook's mode definitions and CAMEO v1.1b3 / ACLED 2023
# (docs/SCHEMA.md, "The PLOVER → CAMEO / ACLED table"): each was wrong before and must stay fixed.
CHECKED_CAMEO = {("SUPPORT", ""): "050", ("CONCEDE", ""): "035", ("RETREAT", ""): "080", ("REQUEST", "assist"): "020",
                 ("ACCUSE", ""): "110", ("THREATEN", "restrict"): "130", ("SANCTION", "convict"): "116",
                 ("SANCTION", "discontinue"): "160", ("ASSAULT", "cleansing"): "200",
                 # and a few that were right, as anchors of the code families
                 ("CONSULT", "phone"): "041", ("RETREAT", "ceasefire"): "0871", ("PROTEST", "riot"): "145",
                 ("COERCE", "arrest"): "173", ("ASSAULT", "firearms"): "193", ("ASSAULT", "massacre"): "202"}


@pytest.mark.parametrize("pair,code", sorted(CHECKED_CAMEO.items()))
def test_checked_cameo_codes(pair, code):
    from newsdesk.export_events import cameo_code

    assert cameo_code(*pair) == code


def test_acled_rows_follow_acleds_own_rules():
    """ACLED codes people gathering and what happened: a strike, hunger strike or boycott on its own, and
    AGREE's offers and promises, are not ACLED events; tear gas without reported injuries is an
    intervention, not excessive force; a CBRN attack is not necessarily chemical."""
    from newsdesk.export_events import acled_recorded, acled_types

    for mode in ("strike", "hunger", "boycott"):
        assert not acled_recorded("PROTEST", mode, False, False), mode
    assert acled_types("PROTEST", "demo") == ["Demonstrations", "Protests", "Peaceful protest"]
    assert acled_types("PROTEST", None) == ["Demonstrations", "Protests", "Peaceful protest"]
    assert not acled_recorded("AGREE", None, False, False)
    assert acled_types("ASSAULT", "crowd-control")[2] == "Protest with intervention"
    assert acled_types("ASSAULT", "unconventional") == ["Political violence", "Explosions/Remote violence", ""]
    assert acled_types("ASSAULT", "no-such-mode") == acled_types("ASSAULT", None)
