// The home page: what the store holds, its documents (filtered like `newsdesk search`), its stories.

import { api, append, clear, dataTable, docHref, el, formFromQuery, formValues, pager, setQuery, showError } from "./desk.js";

const PAGE = 20;

async function main() {
  const form = document.getElementById("filters");
  const initial = formFromQuery(form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    showDocuments(formValues(form), 0);
  });
  await Promise.all([showStats(), showDocuments(initial, +(initial.offset || 0)), showStories()]);
  document.body.dataset.ready = "true";
}

async function showStats() {
  const box = document.getElementById("stats");
  try {
    const health = await api("/health");
    const labels = { documents: "documents", actors: "actor entries", places: "place entries", quotes: "quotes",
                     events: "events", calls_to_action: "calls to action", stories: "stories" };
    append(clear(box), Object.entries(labels).map(([key, label]) =>
      el("div", { class: "stat", "data-count": key }, el("b", {}, String(health.counts[key] ?? 0)), label)));
  } catch (error) { showError(box, error); }
}

async function showDocuments(filters, offset) {
  const box = document.getElementById("documents");
  const { offset: _ignored, ...rest } = filters;
  setQuery(offset ? { ...rest, offset } : rest);
  try {
    const page = await api("/documents", { ...rest, limit: PAGE, offset });
    const rows = page.documents.map((d) => el("tr", { "data-id": d.id },
      el("td", {}, el("a", { href: docHref(d.id), class: "doc-link" }, d.title || "(untitled)")),
      el("td", {}, d.publisher || ""), el("td", {}, d.published || ""),
      el("td", { "data-value": d.language, class: (d.warnings || []).length ? "warn" : null, title: (d.warnings || []).join("; ") || null },
        d.language, (d.warnings || []).length ? " ⚠" : ""),
      el("td", { class: "small muted" }, d.source || ""), el("td", { class: "small" }, String(d.n_words))));
    append(clear(box), pager(page.total, page.limit, page.offset, (o) => showDocuments(rest, o)),
      rows.length ? dataTable("documents", ["title", "publisher", "published", "language", "source", "words"], rows)
        : el("p", { class: "empty" }, "No documents match. Ingest some with `newsdesk ingest PATH`."));
  } catch (error) { showError(box, error); }
}

async function showStories() {
  const box = document.getElementById("stories");
  try {
    const stories = await api("/stories", { limit: 20, min_docs: 2 });
    if (!stories.length) { append(clear(box), el("p", { class: "empty" }, "No story has two or more documents yet.")); return; }
    append(clear(box), dataTable("stories", ["story", "documents", "dates", "actors", "places"], stories.map((s) => el("tr", {},
      el("td", {}, el("a", { href: docHref(s.documents[0]) }, s.label)),
      el("td", { "data-value": s.n_docs }, `${s.n_docs}${s.n_copies ? ` (${s.n_copies} copies)` : ""}`),
      el("td", { "data-value": s.first_date || "" }, s.first_date ? (s.first_date === s.last_date ? s.first_date : `${s.first_date} – ${s.last_date}`) : "undated"),
      el("td", { class: "small" }, s.top_actors.map(([n]) => n).join(", ")),
      el("td", { class: "small" }, s.top_places.map(([n]) => n).join(", "))))));
  } catch (error) { showError(box, error); }
}

main();
