// The map and timeline page: every located place (marker area = mentions, colour = commonest event type),
// the events over time, and the list of events, all under the same filters.

import { api, append, clear, dataTable, docHref, el, eventColour, formFromQuery, formValues, pager, preview, setQuery, showError } from "./desk.js";
import { drawMap } from "./map.js";
import { drawTimeline } from "./chart.js";

const PAGE = 50;

async function main() {
  const form = document.getElementById("filters");
  const initial = formFromQuery(form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    show(formValues(form));
  });
  await show(initial);
  document.body.dataset.ready = "true";
}

async function show(filters) {
  setQuery(filters);
  await Promise.all([showMap(filters), showChart(filters), showEvents(filters, 0)]);
}

async function showMap(filters) {
  const box = document.getElementById("map");
  try {
    const places = await api("/places", { country: filters.country });
    await drawMap(box, places, { onSelect: (p) => { window.location.href = `/desk/search?q=${encodeURIComponent(`"${p.name}"`)}`; } });
  } catch (error) { showError(box, error); }
}

async function showChart(filters) {
  const box = document.getElementById("chart");
  try {
    drawTimeline(box, await api("/events/timeline", filters));
  } catch (error) { showError(box, error); }
}

async function showEvents(filters, offset) {
  const box = document.getElementById("events");
  try {
    const page = await api("/events", { ...filters, limit: PAGE, offset });
    if (!page.total) { append(clear(box), el("p", { class: "empty" }, "No events in the store match.")); return; }
    const rows = page.events.map((e) => {
      const swatch = el("span", { class: "dot" });
      swatch.style.backgroundColor = eventColour(e.type);
      return el("tr", { "data-type": e.type },
        el("td", { "data-value": e.date || "" }, e.date || el("span", { class: "muted" }, "undated"),
          e.dated_by === "published" ? el("span", { class: "muted small", title: "the document's publication date" }, " (published)") : null),
        el("td", {}, swatch, " ", e.type, e.negated ? " (negated)" : "", e.hypothetical ? " (hypothetical)" : ""),
        el("td", {}, [e.actor_name, e.recipient_name].filter(Boolean).join(" → ")),
        el("td", {}, e.place_name || ""),
        el("td", { "data-value": e.confidence === null || e.confidence === undefined ? "" : e.confidence.toFixed(2) },
          e.confidence === null || e.confidence === undefined ? "" : e.confidence.toFixed(2)),
        el("td", { "data-value": e.text }, el("a", { href: docHref(e.doc_id, [e.char_start, e.char_end]) }, preview(e.text, 120))));
    });
    append(clear(box), pager(page.total, page.limit, page.offset, (o) => showEvents(filters, o)),
      dataTable("events", ["date", "type", "actors", "place", "confidence", "text"], rows));
  } catch (error) { showError(box, error); }
}

main();
