"""The desk as a person uses it (issue 7): Debian's chromium, driven by Playwright, against a real server.

The server runs in a thread on a free loopback port over the store of tests/test_serve.py (the seed,
examples/, a hostile document, a record with an event and a call to action). Every page is loaded
with requests to any other origin blocked and recorded: the desk must work offline. Screenshots go
to test-artifacts/.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from newsdesk.serve import ServeConfig, create_app
from newsdesk.serve.pages import vendor_manifest

from .conftest import ROOT
from .test_serve import HOSTILE, HOSTILE_TITLE, built_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"
VIEWPORT = {"width": 1280, "height": 800}
# The map's projection fills a 960 × 480 view box with the whole sphere (see static/js/map.js).
MAP_WIDTH, MAP_HEIGHT = 960, 480

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at "
                                "/usr/bin/chromium (scripts/ci_chromium.sh installs it); browser tests skipped")


@pytest.fixture(scope="module")
def server():
    """(base URL, store info) of a live server; stopped after the module."""
    import uvicorn

    store = built_store()
    if vendor_manifest() is None:
        pytest.skip("the vendored map library is not built: run `make vendor` (npm ci + web/build.mjs)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(ServeConfig(db=store["db"], port=port))
    live = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=live.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not live.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert live.started, "the server did not start"
    yield f"http://127.0.0.1:{port}", store
    live.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Desk:
    """One browser tab on the desk, recording what must never happen: script errors, console errors
    (a CSP violation is one), dialogs, and requests to any other origin."""

    def __init__(self, browser, base: str) -> None:
        self.base = base
        self.context = browser.new_context(viewport=VIEWPORT)
        self.problems: list[str] = []
        self.elsewhere: list[str] = []
        self.context.route("**/*", self._only_here)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("dialog", self._dialog)

    def _only_here(self, route) -> None:
        if route.request.url.startswith(self.base + "/"):
            route.continue_()
        else:
            self.elsewhere.append(route.request.url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def open(self, path: str):
        self.page.goto(self.base + path)
        self.page.wait_for_selector("body[data-ready=true]", timeout=15_000)
        return self.page

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def assert_clean(self) -> None:
        assert self.problems == [] and self.elsewhere == []


@pytest.fixture
def desk(browser, server):
    tab = Desk(browser, server[0])
    yield tab
    tab.context.close()


def _background(locator) -> str:
    return locator.evaluate("e => getComputedStyle(e).backgroundColor")


def _markers(page) -> list[dict]:
    return page.eval_on_selector_all("#map circle.marker", """els => els.map(e => ({
        name: e.dataset.name, lat: +e.dataset.lat, lon: +e.dataset.lon, type: e.dataset.eventType,
        cx: +e.getAttribute('cx'), cy: +e.getAttribute('cy'), fill: e.getAttribute('fill')}))""")


def test_document_page_voices_quotes_places_and_map(desk, server):
    page = desk.open(f"/desk/doc/{server[1]['seed']}")
    assert page.locator("#doc-title").text_content().startswith("Ahmad Massoud: I call on all Afghans")

    # The relayed statement and the reader comment are shaded as two different voices.
    statement = page.locator(".piece[data-voice=statement]").first
    comment = page.locator(".piece[data-voice=comment]").first
    shades = {_background(statement), _background(comment)}
    assert len(shades) == 2 and "rgba(0, 0, 0, 0)" not in shades
    page.locator("input[data-layer=voices]").uncheck()
    assert _background(statement) == "rgba(0, 0, 0, 0)"
    page.locator("input[data-layer=voices]").check()

    # A quote is underlined, and its tooltip names the speaker.
    quoted = page.locator(".piece.quote", has_text="Tyranny has won").first
    assert "underline" in quoted.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert quoted.get_attribute("data-speaker") == "Ahmad Massoud"
    assert "speaker: Ahmad Massoud" in quoted.get_attribute("title")
    quoted.hover()

    # Clicking the Panjshir place in the side panel scrolls to its mention and flashes it.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    bottom = page.evaluate("window.scrollY")
    place = page.locator("button.fact[data-kind=place]", has_text="Panjshir")
    place.dispatch_event("click")      # a click that does not itself scroll the page
    flashed = page.locator("#text .piece.flash")
    assert flashed.count() >= 1 and flashed.first.text_content() == "Panjshir"
    box = flashed.first.bounding_box()
    assert page.evaluate("window.scrollY") < bottom and 0 <= box["y"] <= VIEWPORT["height"] - box["height"]
    first = int(flashed.first.get_attribute("data-start"))
    place.dispatch_event("click")      # the next click goes to the next mention
    assert int(page.locator("#text .piece.flash").first.get_attribute("data-start")) > first

    # The map has a marker near 35.4 N 69.8 E, drawn where the projection puts that point.
    near = [m for m in _markers(page) if abs(m["lat"] - 35.4) < 0.15 and abs(m["lon"] - 69.8) < 0.15]
    assert near, _markers(page)
    assert abs(near[0]["cx"] - (69.8 + 180) / 360 * MAP_WIDTH) < 1.0
    assert abs(near[0]["cy"] - (90 - 35.4) / 180 * MAP_HEIGHT) < 1.0
    marker = page.locator(f"#map circle.marker[data-name='{near[0]['name']}']")
    svg_box, marker_box = page.locator("#map svg").bounding_box(), marker.bounding_box()
    assert svg_box["x"] <= marker_box["x"] and marker_box["x"] + marker_box["width"] <= svg_box["x"] + svg_box["width"]
    desk.shot("document")
    desk.assert_clean()


def test_search_with_filters_and_highlighted_snippets(desk, server):
    page = desk.open("/desk/search")
    page.fill("input[name=q]", "Panjshir")
    page.select_option("select[name=voice]", "statement")
    page.click("#search button[type=submit]")
    page.wait_for_selector("#results[data-total]")
    from newsdesk.store.search import search

    expected = search(server[1]["db"], "Panjshir", voice="statement")
    hits = page.locator(".hit")
    assert hits.count() == expected.total == int(page.locator("#results").get_attribute("data-total"))
    assert set(page.locator(".hit mark").all_text_contents()) == {"Panjshir"}
    assert "voice=statement" in page.url    # the search can be bookmarked
    desk.shot("search")
    hits.first.locator("a.hit-link").click()
    page.wait_for_selector("body[data-ready=true]")
    flashed = page.locator("#text .piece.flash")
    assert "Panjshir" in "".join(flashed.all_text_contents())
    desk.assert_clean()


def test_actor_page_timeline_kb_and_network(desk, server):
    page = desk.open(f"/desk/doc/{server[1]['seed']}")
    page.locator("button.fact[data-kind=actor][data-id=ahmad-massoud] + a.actor-link").click()
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator("#actor-name").text_content() == "Ahmad Massoud"
    assert "AFGREB" in page.locator("#kb").text_content()
    assert page.locator(".timeline-list li[data-kind=quote]").count() >= 2
    assert page.locator(".timeline-list li[data-kind=stance]").count() >= 1
    neighbours = page.locator("#network a.node-link")
    names = {neighbours.nth(i).get_attribute("data-actor") for i in range(neighbours.count())}
    assert {"Ahmad Shah Massoud", "Taliban"} <= names
    desk.shot("actor")
    page.locator("#network a.node-link[data-actor='Ahmad Shah Massoud'] circle").click()
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator("#actor-name").text_content() == "Ahmad Shah Massoud"
    desk.assert_clean()


def test_events_and_calls_show_in_the_text_the_map_and_the_timeline(desk, server):
    page = desk.open(f"/desk/doc/{server[1]['events']}")
    assert page.locator("button.fact[data-kind=event][data-type=ASSAULT]").count() >= 1
    assert page.locator("#text .piece.mark-event").count() >= 1
    page.locator("button.fact[data-kind=call]", has_text="all residents").first.click()
    assert "stay indoors" in "".join(page.locator("#text .piece.flash").all_text_contents())
    kabul = [m for m in _markers(page) if m["name"] == "Kabul"]
    assert kabul and kabul[0]["type"] == "ASSAULT"
    desk.shot("document-events")

    page = desk.open("/desk/map")
    bars = page.locator("#chart rect.bar[data-type=ASSAULT]")
    # Per day, or per month when the store's events span more than half a year.
    assert any(bars.nth(i).get_attribute("data-date") in ("2024-03-03", "2024-03") for i in range(bars.count()))
    assert page.locator("#events tr[data-type=ASSAULT]").count() >= 1
    located = [p for p in desk.context.request.get(server[0] + "/places").json() if p["lat"] is not None]
    assert len(_markers(page)) == len(located)
    assert {m["type"] for m in _markers(page) if m["name"] == "Kabul"} == {"ASSAULT"}
    desk.shot("map")
    desk.assert_clean()


def test_hostile_document_runs_nothing(desk, server):
    """Script tags, event handlers and javascript: links in the text, title, publisher and URL stay text."""
    hostile = server[1]["hostile"]
    pages = [f"/desk/doc/{hostile}", "/desk/", "/desk/search?q=pwned", "/desk/search?q=protesters",
             "/desk/map", "/desk/actor/Ahmad%20Massoud"]
    for path in pages:
        page = desk.open(path)
        page.wait_for_timeout(300)   # give any smuggled handler (onerror, onload) its chance to fire
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        assert page.evaluate("""() => document.querySelectorAll(
            'script:not([src]), img, iframe, object, embed, [onerror], [onload], [onclick], [onmouseover], '
            + 'a[href^="javascript:"], [src^="javascript:"]').length""") == 0, path
        desk.assert_clean()
    page = desk.open(f"/desk/doc/{hostile}")
    assert page.locator("#doc-title").text_content() == HOSTILE_TITLE
    text = page.locator("#text").text_content()
    assert "<script>window.__pwned = 'body'" in text and "<a href=\"javascript:" in text
    assert page.locator("#head a").count() == 0        # the javascript: URL is shown, never linked
    assert HOSTILE["publisher"] in page.locator("#head").text_content()
    page.locator("button.fact[data-kind=actor]").first.click()
    desk.shot("hostile")
    results = desk.open("/desk/search?q=pwned")
    assert results.locator(".hit").count() >= 1 and results.locator(".hit mark").first.text_content() == "pwned"
    assert page.evaluate("typeof window.__pwned") == "undefined"
    desk.assert_clean()


# --- issue 19: tables, timeline, warnings; issue 17: the less certain facts ---------------------------

def _cells(page, table: str, column: int) -> list[str]:
    return page.eval_on_selector_all(f"table[data-table={table}] tbody tr",
                                     f"rows => rows.map(r => (r.cells[{column}].dataset.value ?? r.cells[{column}].textContent).trim())")


def test_tables_sort_by_any_column_and_export_the_rows_on_screen(desk, server, tmp_path):
    import csv

    import pyarrow.parquet as pq

    page = desk.open("/desk/")
    headers = page.locator("table[data-table=documents] thead th")
    assert headers.count() == 6 and all("sortable" in (headers.nth(i).get_attribute("class") or "") for i in range(6))
    words = page.locator("table[data-table=documents] th", has_text="words")
    words.click()
    assert words.get_attribute("aria-sort") == "ascending"
    ascending = [int(w) for w in _cells(page, "documents", 5)]
    assert ascending == sorted(ascending) and len(ascending) >= 5
    words.click()
    assert words.get_attribute("aria-sort") == "descending"
    assert [int(w) for w in _cells(page, "documents", 5)] == sorted(ascending, reverse=True)
    page.locator("table[data-table=documents] th", has_text="title").press("Enter")   # keyboard too
    titles = _cells(page, "documents", 0)
    assert titles == sorted(titles, key=str.casefold)

    with page.expect_download() as download:
        page.locator("button.export[data-format=csv]").first.click()
    saved = tmp_path / "documents.csv"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "documents.csv"
    rows = list(csv.reader(saved.open(encoding="utf-8")))
    assert rows[0] == ["title", "publisher", "published", "language", "source", "words"]
    assert [r[0] for r in rows[1:]] == titles          # the rows on screen, in their order on screen
    with page.expect_download() as download:
        page.locator("button.export[data-format=parquet]").first.click()
    download.value.save_as(tmp_path / "documents.parquet")
    table = pq.read_table(tmp_path / "documents.parquet")
    assert table.num_rows == len(titles) and str(table.schema.field("words").type) == "int64"
    assert str(table.schema.field("published").type) == "date32[day]" and "published_precision" in table.column_names

    page = desk.open("/desk/map")
    assert page.locator("table[data-table=events] th.sortable").count() == 6
    with page.expect_download() as download:
        page.locator("button.export[data-format=csv]").first.click()
    assert download.value.suggested_filename == "events.csv"
    page = desk.open("/docs")
    assert page.locator("section.endpoint table th.sortable").count() >= 5
    desk.assert_clean()


def test_timeline_leaves_out_dates_it_cannot_place(desk, server):
    """A misread year (1066, 3024) or an impossible date (a month 13) must not squash the axis: the bars
    stay on the real dates, and the chart says how many events it left out."""
    rows = [{"date": "2024-03-03", "type": "ASSAULT", "count": 2}, {"date": "2024-03-05", "type": "PROTEST", "count": 1},
            {"date": "1066-10-14", "type": "ASSAULT", "count": 1}, {"date": "3024-01-01", "type": "AID", "count": 1},
            {"date": "2024-13-40", "type": "AID", "count": 1}, {"date": "next year", "type": "AID", "count": 1}]
    desk.page.route("**/events/timeline*", lambda route: route.fulfill(json=rows))
    page = desk.open("/desk/map")
    dates = set(page.eval_on_selector_all("#chart rect.bar", "bars => bars.map(b => b.dataset.date)"))
    assert dates == {"2024-03-03", "2024-03-05"}    # per day: the span is two days, not a millennium
    assert page.locator("#chart [data-impossible]").get_attribute("data-impossible") == "4"
    plausible = page.evaluate("""async () => { const c = await import('/static/js/chart.js');
        return ['2024', '2024-02', '2024-W10', '2024-02-30', '1899-12-31', '1900-01-01', '9999', '', 'x']
          .map(d => c.plausibleDay(d) !== null); }""")
    assert plausible == [True, True, True, False, False, True, False, False, False]
    desk.shot("timeline-impossible-dates")
    desk.assert_clean()


def test_less_certain_facts_are_shown_on_request_and_marked(desk, server):
    """Issue 17: the store holds every fact; the desk shows the defaults, says how many it hides, and
    shows them, marked, when "show less certain facts" is ticked."""
    docs = desk.context.request.get(server[0] + "/documents?limit=50").json()["documents"]
    hidden = {}
    for doc in docs:
        counts = desk.context.request.get(f"{server[0]}/documents/{doc['id']}").json()["confidence"]["hidden"]
        if counts:
            hidden[doc["id"]] = counts
    assert hidden, "no stored document has facts below the default thresholds"
    doc_id, counts = next(iter(hidden.items()))
    page = desk.open(f"/desk/doc/{doc_id}")
    total = sum(counts.values())
    assert page.locator("#confidence-note").get_attribute("data-hidden") == str(total)
    shown = page.locator("button.fact").count()
    assert page.locator("button.fact[data-less-certain]").count() == 0
    page.locator("#less-certain").check()
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_function(f"document.querySelectorAll('button.fact').length > {shown}")
    assert page.locator("#less-certain").is_checked()
    assert page.locator("button.fact").count() == shown + total
    marked = page.locator("button.fact[data-less-certain]")
    assert marked.count() >= sum(n for layer, n in counts.items() if layer not in ("actors", "places"))
    assert "below the default threshold" in marked.first.get_attribute("title")
    desk.shot("less-certain")
    desk.assert_clean()


def test_a_document_in_another_language_shows_its_warning(desk, server, tmp_path):
    from newsdesk.ingest import ingest

    french = tmp_path / "fr.txt"
    french.write_text("Le gouvernement a annoncé lundi de nouvelles mesures pour soutenir les agriculteurs, "
                      "après plusieurs semaines de manifestations dans les campagnes du pays.", encoding="utf-8")
    ingest([str(french)], db=server[1]["db"], progress=False)
    page = desk.open("/desk/")
    flagged = page.locator("table[data-table=documents] td.warn")
    assert flagged.count() == 1 and flagged.first.text_content().startswith("fr")
    assert "'fr'" in flagged.first.get_attribute("title")
    row = page.locator("table[data-table=documents] tr", has=page.locator("td.warn"))
    row.locator("a.doc-link").click()
    page.wait_for_selector("body[data-ready=true]")
    warning = page.locator("#head .warning")
    assert warning.count() == 1 and "'fr'" in warning.text_content()
    desk.assert_clean()
