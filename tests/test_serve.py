"""The HTTP API (issue 7): routes over a real store, the guard (token, Host, body cap, CSP), SSRF rules.

One store serves this file and tests/test_ui.py: the founding example (../shared/seed), the documents
in examples/, a hostile document (script tags, event handlers and javascript: links in its text,
title, publisher and URL) and a short text with one event and one call to action at real offsets.
"""

from __future__ import annotations

import atexit
import csv
import io
import json
import re
import shutil
import socket
import tempfile
import threading
import time
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsdesk.errors import ServeRefused, UrlRefused
from newsdesk.serve import ServeConfig, create_app
from newsdesk.serve import fetch as fetch_module
from newsdesk.serve.config import checked_config
from newsdesk.serve.fetch import fetch_public, forbidden_address, vet_url

from .conftest import EXAMPLES, ROOT, shared_file

TOKEN = "test-token-0123456789abcdef"
BASE = "http://127.0.0.1:8000"
STATIC_JS = ROOT / "src" / "newsdesk" / "serve" / "static" / "js"

# Every way article text could try to run code in a page that handled it carelessly.
HOSTILE_TITLE = '<script>window.__pwned = "title"; alert("title")</script><img src=x onerror="window.__pwned=\'title-img\'">'
HOSTILE = {
    "id": "hostile-1",
    "title": HOSTILE_TITLE,
    "publisher": '<svg onload="window.__pwned=\'publisher\'">Evil Wire</svg>',
    "url": "javascript:window.__pwned='url'//",
    "published": "2024-05-02",
    "text": (
        "Protesters gathered in Kabul on Monday, said Ahmad Massoud. <script>window.__pwned = 'body'; "
        "alert('body')</script>\n\n"
        "The council said the march would continue. <img src=x onerror=\"window.__pwned='img'; alert('img')\">\n\n"
        "Read more at <a href=\"javascript:window.__pwned='link'\">click here</a> and "
        "<svg onload=\"window.__pwned='svg'\"></svg><iframe src=\"javascript:alert('frame')\"></iframe> pwned.\n"
    ),
}

# A text written for this test. The UI must show events and calls to action whenever a record has
# them; where the extractors find none in it, the record gets one of each, at the real offsets of the
# clauses that state them (so these tests hold with or without those extractors).
EVENT_TEXT = ("Rebel fighters attacked a police convoy near Kabul on 3 March 2024, the interior ministry said. "
              "The ministry called on all residents to stay indoors until the curfew ends.")
EVENT_CLAUSE = "Rebel fighters attacked a police convoy near Kabul on 3 March 2024"
CALL_CLAUSE = "called on all residents to stay indoors until the curfew ends"


def _add_event_document(db: str) -> str:
    from newsdesk import analyze
    from newsdesk.model import CallToAction, Event
    from newsdesk.read.document import document_id
    from newsdesk.store.writer import Analysed, StoreWriter

    analysis = analyze(EVENT_TEXT)
    kabul = next(p.id for p in analysis.places if p.name == "Kabul")
    start = EVENT_TEXT.index(EVENT_CLAUSE)
    call = EVENT_TEXT.index(CALL_CLAUSE)
    event = Event(type="ASSAULT", place=kabul, date="2024-03-03", start=start, end=start + len(EVENT_CLAUSE))
    request = CallToAction(addressees=["all residents"], action="stay indoors until the curfew ends",
                           start=call, end=call + len(CALL_CLAUSE))
    found_event = any(e.type == "ASSAULT" and e.place == kabul for e in analysis.events)
    analysis = analysis.model_copy(update={"events": analysis.events + ([] if found_event else [event]),
                                           "calls_to_action": analysis.calls_to_action or [request]})
    analysis.document.title = "Convoy attacked near Kabul"
    analysis.document.published = "2024-03-04"
    doc_id = document_id(EVENT_TEXT)
    with StoreWriter(db) as writer:
        writer.write([Analysed(analysis, doc_id, "test:events")])
    return doc_id


@lru_cache(maxsize=1)
def built_store() -> dict:
    """The shared store (built once per session): its path and the ids of the documents tests open."""
    from newsdesk.ingest import ingest
    from newsdesk.read.document import RawDocument, document_id

    seed = shared_file("seed", "000_233170fa76b6448f.txt")
    folder = Path(tempfile.mkdtemp(prefix="newsdesk-serve-"))
    atexit.register(shutil.rmtree, folder, True)
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    db = str(folder / "store.db")
    report = ingest([str(seed), str(EXAMPLES), str(hostile)], db=db, progress=False)
    assert report.failed == 0 and report.analysed == 5
    hostile_text = RawDocument(text=HOSTILE["text"], title=HOSTILE["title"]).assemble().text
    return {"db": db, "seed": document_id(seed.read_text(encoding="utf-8").strip("\n")),
            "hostile": document_id(hostile_text), "events": _add_event_document(db)}


@pytest.fixture(scope="module")
def store() -> dict:
    return built_store()


@pytest.fixture(scope="module")
def client(store) -> TestClient:
    return TestClient(create_app(ServeConfig(db=store["db"])), base_url=BASE)


# --- the guard ----------------------------------------------------------------------------------

def test_non_loopback_needs_a_token():
    with pytest.raises(ServeRefused) as refused:
        checked_config(ServeConfig(host="0.0.0.0"))
    assert refused.value.code == "E017" and "NEWSDESK_TOKEN" in refused.value.message
    assert checked_config(ServeConfig(host="0.0.0.0", token=TOKEN)).token == TOKEN
    assert checked_config(ServeConfig(host="::1")).local_only
    with pytest.raises(ServeRefused):
        checked_config(ServeConfig(host="0.0.0.0", token="short"))


def test_a_request_without_the_token_is_refused(store):
    app = create_app(ServeConfig(db=store["db"], host="0.0.0.0", token=TOKEN))
    anonymous = TestClient(app, base_url="http://desk.example:8000")
    for path in ("/documents", "/desk/", "/export/documents?format=csv", "/openapi.json"):
        refused = anonymous.get(path)
        assert refused.status_code == 401, path
        assert refused.json()["code"] == "E019" and refused.headers["www-authenticate"].startswith("Bearer")
    assert anonymous.get("/documents", headers={"Authorization": "Bearer wrong-token-0123456789"}).status_code == 401
    assert anonymous.post("/analyze", json={"text": "Hello."}).status_code == 401
    ok = anonymous.get("/documents", headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200 and ok.json()["total"] >= 5


def test_browser_token_handshake_sets_a_strict_cookie(store):
    app = create_app(ServeConfig(db=store["db"], host="0.0.0.0", token=TOKEN))
    browser = TestClient(app, base_url="http://desk.example:8000", follow_redirects=False)
    first = browser.get(f"/desk/search?q=Kabul&token={TOKEN}")
    assert first.status_code == 303 and first.headers["location"] == "/desk/search?q=Kabul"
    cookie = first.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert browser.get("/documents").status_code == 200   # the client kept the cookie
    # A path that starts with two slashes must not turn into a redirect to another site.
    away = browser.get(f"http://desk.example:8000//evil.example/?token={TOKEN}").headers["location"]
    assert away.startswith("/") and not away.startswith("//")


def test_loopback_server_answers_only_loopback_hosts(client):
    assert client.get("/health").status_code == 200
    rebound = client.get("/health", headers={"Host": "attacker.example"})
    assert rebound.status_code == 421 and rebound.json()["code"] == "E019"


def test_an_unexpected_crash_is_json_and_keeps_the_security_headers(store, monkeypatch):
    from newsdesk.serve import queries

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(queries, "list_events", broken)
    crashing = TestClient(create_app(ServeConfig(db=store["db"])), base_url=BASE, raise_server_exceptions=False)
    response = crashing.get("/events")
    assert response.status_code == 500 and response.json()["code"] == "E023"
    assert "disk on fire" not in response.text  # no internals leak
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_every_response_carries_the_csp(client, store):
    for path in ("/desk/", f"/desk/doc/{store['seed']}", "/documents", "/static/js/desk.js", "/docs", "/nowhere"):
        response = client.get(path)
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "default-src 'none'" in policy and "unsafe-inline" not in policy
        assert response.headers["x-content-type-options"] == "nosniff"


def test_body_cap_refuses_declared_and_streamed_bodies(store):
    small = TestClient(create_app(ServeConfig(db=store["db"], max_body_bytes=2048)), base_url=BASE)
    declared = small.post("/analyze", json={"text": "word " * 2000})
    assert declared.status_code == 413 and declared.json()["code"] == "E019"

    def chunks():
        yield b'{"text": "'
        for _ in range(100):
            yield b"word " * 20
        yield b'"}'

    streamed = small.post("/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413 and "cap of 2048" in streamed.json()["message"]


# --- reading the store --------------------------------------------------------------------------

def test_documents_filters_and_pagination(client, store):
    everything = client.get("/documents", params={"limit": 200}).json()
    assert everything["total"] == 6 and len(everything["documents"]) == 6
    ids = [d["id"] for d in everything["documents"]]
    assert ids == [d["id"] for d in sorted(everything["documents"], key=lambda d: -d["seq"])]
    pages = [client.get("/documents", params={"limit": 4, "offset": o}).json()["documents"] for o in (0, 4)]
    assert [d["id"] for d in pages[0] + pages[1]] == ids
    massoud = client.get("/documents", params={"actor": "Ahmad Massoud"}).json()
    assert store["seed"] in {d["id"] for d in massoud["documents"]} and massoud["total"] < 6
    in_comments = client.get("/documents", params={"voice": "comment"}).json()
    assert store["seed"] in {d["id"] for d in in_comments["documents"]}
    dated = client.get("/documents", params={"from": "2024-03-01", "to": "2024-03-31"}).json()
    assert {d["published"][:7] for d in dated["documents"]} == {"2024-03"}
    bad = client.get("/documents", params={"voice": "shouting"})
    assert bad.status_code == 400 and bad.json()["code"] == "E010"
    assert client.get("/documents", params={"limit": 0}).status_code == 422


def test_document_record_and_brief(client, store):
    found = client.get(f"/documents/{store['seed']}").json()
    record = found["analysis"]
    assert record["schema"] == "newsdesk.analysis/1"
    assert {s["kind"] for s in record["segments"]} >= {"headline", "statement", "comment"}
    assert found["store"]["actor_keys"]["ahmad-massoud"].endswith("ahmad massoud")
    brief = client.get(f"/documents/{store['seed']}/brief").json()["text"]
    assert "Ahmad Massoud" in brief and "statement" in brief
    assert client.get("/documents/0000000000000000").status_code == 404


def test_search_takes_the_cli_filters_and_returns_sentence_hits(client, store):
    from newsdesk.store.search import search

    page = client.get("/search", params={"q": "Panjshir", "voice": "statement"}).json()
    same = search(store["db"], "Panjshir", voice="statement")
    assert page["total"] == same.total > 0
    assert [(h["doc_id"], h["start"], h["end"]) for h in page["hits"]] == [(h.doc_id, h.start, h.end) for h in same.hits]
    for hit in page["hits"]:
        assert any(matched and text == "Panjshir" for text, matched in hit["parts"])
        assert "".join(text for text, _ in hit["parts"]) == hit["snippet"].replace("**", "")
    everywhere = client.get("/search", params={"q": "Panjshir"}).json()["total"]
    assert everywhere > page["total"]
    assert client.get("/search", params={"q": "Kabul", "country": "AF", "from": "2024-03-01"}).json()["total"] >= 1


def test_actor_has_timeline_kb_facts_and_network(client):
    actor = client.get("/actors/Ahmad Massoud").json()
    assert actor["name"] == "Ahmad Massoud" and actor["quotes_total"] >= 2
    assert any("join the Panjshir resistance" in q["text"] for q in actor["quotes"])
    assert actor["kb_entry"]["cameo"] == "AFGREB"
    names = {n["name"] for n in actor["network"]["nodes"]}
    assert "Ahmad Shah Massoud" in names and "Taliban" in names
    node_ids = {n["id"] for n in actor["network"]["nodes"]}
    assert all(link["source"] in node_ids and link["target"] in node_ids for link in actor["network"]["links"])
    by_key = client.get(f"/actors/{actor['actor_keys'][0]}").json()
    assert by_key["name"] == "Ahmad Massoud"
    assert client.get("/actors/Nobody Of That Name").status_code == 404


def test_events_places_timeline_and_stories(client, store):
    events = client.get("/events", params={"type": "assault"}).json()
    ours = [e for e in events["events"] if e["doc_id"] == store["events"] and e["place_name"] == "Kabul"]
    assert ours and ours[0]["date"] == "2024-03-03" and ours[0]["dated_by"] == "event"
    assert abs(ours[0]["lat"] - 34.5) < 0.2 and abs(ours[0]["lon"] - 69.2) < 0.2
    assert client.get("/events", params={"place": "Kabul", "from": "2024-03-01", "to": "2024-03"}).json()["total"] >= 1
    assert client.get("/events", params={"from": "2030"}).json()["total"] == 0
    timeline = client.get("/events/timeline").json()
    assert any(r["date"] == "2024-03-03" and r["type"] == "ASSAULT" and r["count"] >= 1 for r in timeline)
    assert [r["date"] for r in timeline] == sorted(r["date"] for r in timeline)
    places = {p["name"]: p for p in client.get("/places").json()}
    panjshir = places["Panjshayr"]
    assert abs(panjshir["lat"] - 35.4) < 0.1 and abs(panjshir["lon"] - 69.8) < 0.1 and panjshir["mentions"] >= 5
    assert places["Kabul"]["events"].get("ASSAULT", 0) >= 1 and places["Kabul"]["documents"] >= 3
    stories = client.get("/stories", params={"min_docs": 1}).json()
    assert stories and all(s["documents"] for s in stories)


def test_export_streams_what_the_cli_writes(client, store, tmp_path):
    from newsdesk.export import export

    for table, format in (("quotes", "csv"), ("actors", "jsonl"), ("plover", "jsonl")):
        with client.stream("GET", f"/export/{table}", params={"format": format}) as response:
            assert response.status_code == 200
            assert response.headers.get("content-length") is None   # streamed, not buffered
            body = b"".join(response.iter_bytes())
        export(store["db"], table, format, str(tmp_path / f"{table}.{format}"))
        expected = (tmp_path / f"{table}.{format}").read_bytes()
        if table == "plover":   # the coding date is today's on both sides; compare the records
            assert [json.loads(line)["id"] for line in body.splitlines()] == \
                   [json.loads(line)["id"] for line in expected.splitlines()]
        else:
            assert body == expected
    rows = list(csv.DictReader(io.StringIO(client.get("/export/quotes?format=csv").text)))
    assert any(r["speaker_name"] == "Ahmad Massoud" for r in rows)
    parquet = client.get("/export/places", params={"format": "parquet"})
    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(parquet.content))
    assert parquet.content[:4] == b"PAR1" and table.num_rows == len(client.get("/export/places?format=jsonl").text.splitlines())
    assert client.get("/export/secrets", params={"format": "csv"}).json()["code"] == "E010"
    assert client.get("/export/plover", params={"format": "csv"}).status_code == 400


def test_openapi_and_offline_docs_page(client):
    spec = client.get("/openapi.json").json()
    for path in ("/analyze", "/documents", "/documents/{doc_id}", "/search", "/actors/{actor_id}", "/events",
                 "/stories", "/export/{table}"):
        assert path in spec["paths"], path
    page = client.get("/docs").text
    assert "cdn" not in page.lower() and "/static/js/apidocs.js" in page
    for name in ("index", "doc", "search", "actor", "map", "apidocs"):
        html = client.get(f"/static/{name}.html").text
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), name          # no inline script
        assert not re.search(r"<[^>]+\son\w+\s*=", html), name               # no event-handler attribute
        assert not re.search(r"(src|href)=\"(https?:)?//", html), name       # nothing from another origin


def test_desk_scripts_never_parse_strings_as_html():
    sources = {p.name: p.read_text(encoding="utf-8") for p in STATIC_JS.glob("*.js")}
    assert len(sources) >= 8
    for name, source in sources.items():
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in source, f"{name} uses {sink}"


def test_map_library_is_pinned_in_the_lockfile():
    lock = json.loads((ROOT / "web" / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    pins = {"d3-geo": "3.1.2", "topojson-client": "3.1.0", "world-atlas": "2.0.2"}
    for name, version in pins.items():
        assert lock[f"node_modules/{name}"]["version"] == version and lock[f"node_modules/{name}"]["integrity"]
    from newsdesk.serve.pages import vendor_manifest

    manifest = vendor_manifest()
    if manifest is None:
        pytest.skip("vendored map library not built (run `make vendor`)")
    assert {f.split("@")[0]: f.split("@")[1] for f in manifest.values()}.items() >= pins.items()


# --- POST /analyze ------------------------------------------------------------------------------

def test_analyze_text_and_html(client):
    text = (EXAMPLES / "relayed_statement.txt").read_text(encoding="utf-8")
    record = client.post("/analyze", json={"text": text}).json()["analysis"]
    assert record["document"]["text"].startswith(text.strip()[:40])
    assert any(s["kind"] == "statement" for s in record["segments"]) and record["actors"]
    html = (EXAMPLES / "ceasefire_talks.html").read_text(encoding="utf-8")
    page = client.post("/analyze", json={"html": html}).json()["analysis"]
    assert page["document"]["title"].startswith("Ceasefire talks resume in Lirra")
    assert any(s["kind"] == "comment" for s in page["segments"])
    assert client.post("/analyze", json={"text": "a", "url": "https://example.org/"}).status_code == 422
    assert client.post("/analyze", content=json.dumps({"text": text}),
                       headers={"content-type": "text/plain"}).status_code == 422


def test_analyze_can_store(tmp_path):
    from newsdesk.read.document import document_id

    client = TestClient(create_app(ServeConfig(db=str(tmp_path / "api.db"))), base_url=BASE)
    text = "Negotiators met in Geneva on Tuesday, the mediators said. Both delegations called the talks useful."
    first = client.post("/analyze", json={"text": text, "store": True, "published": "2024-06-04"}).json()
    assert first["stored"] == document_id(text) and first["status"] == "added"
    again = client.post("/analyze", json={"text": text, "store": True}).json()
    assert again["status"] == "already stored"
    stored = client.get(f"/documents/{first['stored']}").json()
    assert stored["analysis"]["document"]["published"] == "2024-06-04"
    assert client.get("/search", params={"q": "Geneva"}).json()["total"] >= 1


class _Recorder(BaseHTTPRequestHandler):
    """A loopback test server: counts requests; serves an example page, a redirect or a slow answer."""

    hits: list
    redirect_to: str = ""
    delay: float = 0.0

    def do_GET(self) -> None:  # noqa: N802 (the http.server name)
        self.hits.append(self.path)
        if self.redirect_to:
            self.send_response(302)
            self.send_header("Location", self.redirect_to)
            self.end_headers()
            return
        time.sleep(self.delay)
        body = (EXAMPLES / "ceasefire_talks.html").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass   # a client that gave up (the timeout test) is expected here


@pytest.fixture
def local_server():
    """Start loopback servers on demand: (address, **behaviour) -> (base URL, hits)."""
    servers = []

    def start(address: str = "127.0.0.1", **behaviour):
        hits: list = []
        handler = type("Handler", (_Recorder,), {"hits": hits, **behaviour})
        server = _QuietServer((address, 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://{address}:{server.server_address[1]}", hits

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_ssrf_every_forbidden_address_is_refused_before_connecting():
    for url in ("http://127.0.0.1/", "http://localhost:8000/admin", "http://[::1]/", "http://10.0.0.5/",
                "http://192.168.1.1/", "http://172.16.0.1/", "http://169.254.169.254/latest/meta-data/",
                "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://100.64.0.1/", "http://[fe80::1]/",
                "http://[64:ff9b::a00:1]/"):
        with pytest.raises(UrlRefused) as refused:
            vet_url(url)
        assert refused.value.code == "E018", url
    for url in ("file:///etc/passwd", "gopher://example.org/", "ftp://example.org/x", "http://user:pw@example.org/"):
        with pytest.raises(UrlRefused):
            vet_url(url)
    # A name is judged by every address it resolves to (these resolvers make no lookup).
    public = vet_url("https://news.example/a", resolver=lambda host, port: ["93.184.215.14"])
    assert public.addresses == ("93.184.215.14",) and public.port == 443
    with pytest.raises(UrlRefused):
        vet_url("https://news.example/a", resolver=lambda host, port: ["93.184.215.14", "10.1.2.3"])
    import ipaddress

    assert not forbidden_address(ipaddress.ip_address("2606:4700::1111"))


def test_ssrf_the_api_refuses_a_loopback_url(client, local_server):
    url, hits = local_server()
    refused = client.post("/analyze", json={"url": url + "/internal"})
    assert refused.status_code == 403 and refused.json()["code"] == "E018"
    assert hits == []   # nothing was ever sent there


def test_ssrf_redirects_are_checked_again(local_server, monkeypatch):
    inner, inner_hits = local_server("127.0.0.1")
    outer, outer_hits = local_server("127.0.0.2", redirect_to=inner + "/secret")
    # 127.0.0.2 stands in for a public host that redirects to a private one.
    real = fetch_module.forbidden_address
    monkeypatch.setattr(fetch_module, "forbidden_address", lambda a: str(a) != "127.0.0.2" and real(a))
    with pytest.raises(UrlRefused) as refused:
        fetch_public(outer + "/story", timeout=2)
    assert "127.0.0.1" in refused.value.message
    assert outer_hits == ["/story"] and inner_hits == []


def test_allowed_private_fetch_and_its_timeout(store, local_server):
    url, hits = local_server()
    allowed = TestClient(create_app(ServeConfig(db=store["db"], allow_private_urls=True)), base_url=BASE)
    page = allowed.post("/analyze", json={"url": url + "/story"}).json()["analysis"]
    assert page["document"]["title"].startswith("Ceasefire talks resume in Lirra") and hits == ["/story"]
    slow_url, _ = local_server(delay=3.0)
    impatient = TestClient(create_app(ServeConfig(db=store["db"], allow_private_urls=True, fetch_timeout_s=0.5)),
                           base_url=BASE)
    started = time.perf_counter()
    timed_out = impatient.post("/analyze", json={"url": slow_url + "/slow"})
    assert timed_out.status_code == 502 and timed_out.json()["code"] == "E006" and "timed out" in timed_out.text
    assert time.perf_counter() - started < 2.5


def test_serve_command_starts_on_loopback(tmp_path):
    """`newsdesk serve` creates a missing store, binds to loopback and answers; off loopback it needs a token."""
    import subprocess
    import sys

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    db = tmp_path / "fresh.db"
    command = [sys.executable, "-m", "newsdesk.cli", "serve", "--db", str(db), "--port", str(port)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        health = None
        for _ in range(100):
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert health is not None and health.json()["counts"]["documents"] == 0 and db.exists()
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert f"http://127.0.0.1:{port}/desk/" in process.stderr.read()
    from typer.testing import CliRunner

    from newsdesk.cli import app

    refused = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--db", str(db)], env={"NEWSDESK_TOKEN": ""})
    assert isinstance(refused.exception, ServeRefused) and refused.exception.code == "E017"


def test_ingest_stores_every_fact_and_the_api_reads_it_like_analyze(client, store, seed_text):
    """Issue 17: the store keeps what it was given (ingest at min_confidence 0); read at the defaults,
    the record is what `analyze` states (an event may carry the span of a merged sub-floor reading in
    its `mentions`), and min_confidence=0 gives what `analyze --min-confidence 0` gives."""
    from newsdesk import analyze
    from newsdesk.confidence import LAYERS

    def layers(record: dict) -> dict:
        return {field: [{k: v for k, v in item.items() if k != "mentions" or field != "events"}
                        for item in record[field]] for field in LAYERS.values()}

    shown = client.get(f"/documents/{store['seed']}").json()
    assert layers(shown["analysis"]) == layers(analyze(seed_text).to_json_dict())
    everything = client.get(f"/documents/{store['seed']}", params={"min_confidence": 0}).json()
    assert layers(everything["analysis"]) == layers(analyze(seed_text, min_confidence=0).to_json_dict())
    hidden = shown["confidence"]["hidden"]
    assert hidden == {layer: len(everything["analysis"][field]) - len(shown["analysis"][field])
                      for layer, field in LAYERS.items()
                      if len(everything["analysis"][field]) > len(shown["analysis"][field])}


def test_every_route_has_a_response_schema_and_the_reference_is_offline(client):
    """Issue 19: the API reference has response schemas (FastAPI response models) and needs nothing from
    another origin: /docs, its script and every file it loads come from this server."""
    spec = client.get("/openapi.json").json()
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            ok = op["responses"]["200"]["content"]
            schema = ok.get("application/json", {}).get("schema")
            if schema is None:   # a file: its media types say what comes back
                assert path.startswith("/export/") and ok, (method, path)
                continue
            named = schema.get("$ref") or schema.get("items", {}).get("$ref")
            assert named, (method, path, schema)
    models = spec["components"]["schemas"]
    for name in ("DocumentPage", "DocumentResponse", "SearchPage", "ActorResponse", "EventPage", "TimelineCount",
                 "MapPlace", "Story", "Health", "BriefResponse", "AnalyzeResponse", "Analysis"):
        assert name in models, name
    assert {"analysis", "store", "confidence"} <= set(models["DocumentResponse"]["properties"])
    reads = [p for p, m in spec["paths"].items() if "get" in m and p.startswith(("/documents", "/search", "/actors",
                                                                                   "/events", "/places", "/export/{"))]
    for path in reads:
        assert any(q["name"] == "min_confidence" for q in spec["paths"][path]["get"]["parameters"]), path
    page = client.get("/docs").text
    script = client.get("/static/js/apidocs.js").text
    for text in (page, script, client.get("/static/js/desk.js").text):
        assert not re.search(r"(?:src|href)\s*=\s*[\"'](?:https?:)?//", text)
        assert not re.search(r"https?://(?!127\.0\.0\.1|localhost)[\w.-]+\.\w+/", text.replace("http://www.w3.org/2000/svg", ""))
    assert "fetch(" in script and "Try it" in script   # a request is sent from the page itself


def test_the_table_on_screen_exports_as_csv_and_parquet(client):
    import pyarrow.parquet as pq

    table = {"name": "events", "columns": ["date", "type", "confidence", "text"],
             "rows": [["2024-03", "ASSAULT", 0.75, "Troops shelled"], ["2024-03-04", "AID", None, "Aid arrived"]]}
    got = client.post("/export/screen", params={"format": "csv"}, json=table)
    assert got.status_code == 200 and 'filename="events.csv"' in got.headers["content-disposition"]
    assert list(csv.reader(io.StringIO(got.text))) == [["date", "type", "confidence", "text"],
                                                      ["2024-03", "ASSAULT", "0.75", "Troops shelled"],
                                                      ["2024-03-04", "AID", "", "Aid arrived"]]
    got = client.post("/export/screen", params={"format": "parquet"}, json=table)
    frame = pq.read_table(io.BytesIO(got.content))
    assert str(frame.schema.field("date").type) == "date32[day]" and str(frame.schema.field("confidence").type) == "double"
    assert frame.column("date_precision").to_pylist() == ["month", "day"]
    assert client.post("/export/screen", params={"format": "xlsx"}, json=table).status_code == 400
    ragged = {**table, "rows": [["2024", "AID"]]}
    assert client.post("/export/screen", params={"format": "csv"}, json=ragged).status_code == 400
    assert client.post("/export/screen", json={**table, "name": "../x"}).status_code == 422


def test_a_document_in_another_language_carries_its_warning_in_the_store_and_the_api(tmp_path):
    """Issue 19: ingest stores a French text with the record's warning, prints it, and the API's document
    list and record carry it (the desk shows both)."""
    from typer.testing import CliRunner

    from newsdesk.cli import app

    french = tmp_path / "fr.txt"
    french.write_text("Le gouvernement a annoncé lundi de nouvelles mesures pour soutenir les agriculteurs, "
                      "après plusieurs semaines de manifestations dans les campagnes du pays.", encoding="utf-8")
    db = str(tmp_path / "fr.db")
    result = CliRunner().invoke(app, ["ingest", str(french), "--db", db, "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "1 documents stored with a warning" in result.output and "'fr'" in result.output
    french_client = TestClient(create_app(ServeConfig(db=db)), base_url=BASE)
    [listed] = french_client.get("/documents").json()["documents"]
    assert listed["language"] == "fr" and listed["warnings"] and "'fr'" in listed["warnings"][0]
    record = french_client.get(f"/documents/{listed['id']}").json()["analysis"]
    assert record["document"]["warnings"] == listed["warnings"]
