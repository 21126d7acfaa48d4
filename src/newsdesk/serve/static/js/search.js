// Search: the filters of `newsdesk search`, sentence hits with the matched words marked.

import { api, append, clear, docHref, el, formFromQuery, formValues, pager, setQuery, showError } from "./desk.js";

const PAGE = 20;

async function main() {
  const form = document.getElementById("search");
  const initial = formFromQuery(form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(formValues(form), 0);
  });
  if (initial.q) await run(initial, +(initial.offset || 0));
  document.body.dataset.ready = "true";
}

async function run(values, offset) {
  const box = document.getElementById("results");
  const { offset: _ignored, ...filters } = values;
  setQuery(offset ? { ...filters, offset } : filters);
  append(clear(box), el("p", { class: "muted" }, "Searching…"));
  try {
    const page = await api("/search", { ...filters, limit: PAGE, offset });
    append(clear(box), el("p", { class: "small muted", id: "total" }, `${page.total} sentence${page.total === 1 ? "" : "s"} match`),
      page.hits.map(hit), pager(page.total, page.limit, page.offset, (o) => run(filters, o)));
    box.dataset.total = page.total;
  } catch (error) { showError(box, error); }
}

function hit(h) {
  // The snippet arrives as [text, matched] pairs: matched words go into <mark>, all as text nodes.
  const snippet = el("p", { class: "snippet" }, h.parts.map(([text, matched]) => matched ? el("mark", {}, text) : text));
  return el("div", { class: "hit", "data-doc": h.doc_id },
    el("a", { href: docHref(h.doc_id, [h.start, h.end]), class: "hit-link" }, h.title || h.doc_id),
    el("span", { class: "where" }, ` · ${h.published || "undated"} · characters ${h.start}–${h.end}`), snippet);
}

main();
