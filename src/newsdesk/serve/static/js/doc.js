// The annotated document page: the text shaded by voice with every fact highlighted, the facts listed
// beside it (a click scrolls to the source span and flashes it), the brief, and a map of its places.

import { actorHref, api, append, clear, docHref, el, lessCertain, pathTail, preview, showError } from "./desk.js";
import { annotate, flash } from "./annotate.js";
import { drawMap } from "./map.js";

const LAYERS = [
  ["voices", "Voices", ["voice-headline", "voice-statement", "voice-comment"]],
  ["quotes", "Quotes", ["quote"]],
  ["actor", "Actors", ["actor"]], ["place", "Places", ["place"]], ["event", "Events", ["event"]],
  ["call", "Calls to action", ["call"]], ["stance", "Stances", ["stance"]],
  ["technique", "Techniques", ["technique"]], ["analogy", "Analogies", ["analogy"]],
];

async function main() {
  const docId = pathTail("/desk/doc/");
  const head = document.getElementById("head");
  let found;
  try {
    found = await api(`/documents/${encodeURIComponent(docId)}`);
  } catch (error) {
    showError(head, error);
    return;
  }
  const record = found.analysis;
  document.title = `newsdesk · ${preview(record.document.title || docId, 60)}`;
  renderHead(head, record, found.store, found.confidence);
  const text = document.getElementById("text");
  const find = annotate(text, record);
  renderToggles(document.getElementById("toggles"), text);
  renderFacts(document.getElementById("facts"), record, found.store, find, found.confidence);
  renderBrief(docId);
  const places = (record.places || []).map((p) => ({ ...p, key: p.id, spans: p.mentions || [], mentions: (p.mentions || []).length,
    events: eventsAt(record, p.id) }));
  await drawMap(document.getElementById("map"), places, { fit: true, onSelect: (p) => {
    const first = p.spans[0];
    if (first) flash(find, first[0], first[1]);
  } }).catch((error) => showError(document.getElementById("map"), error));
  jumpToHash(find);
  document.body.dataset.ready = "true";   // the page has drawn everything (tests wait for this)
}

function eventsAt(record, placeId) {
  const counts = {};
  for (const e of record.events || []) if (e.place === placeId) counts[e.type] = (counts[e.type] || 0) + 1;
  return counts;
}

function renderHead(head, record, store, confidence) {
  const doc = record.document;
  const meta = [doc.publisher, doc.published, `${doc.text.length} characters`, `id ${store.id}`].filter(Boolean).join(" · ");
  const source = doc.source && /^https?:\/\//i.test(doc.source)
    ? el("a", { href: doc.source, rel: "noopener noreferrer nofollow", target: "_blank" }, doc.source)
    : doc.source || "";
  append(clear(head), el("h1", { id: "doc-title" }, doc.title || "(untitled)"), el("p", { class: "muted small" }, meta),
    source ? el("p", { class: "small" }, "Source: ", source) : null,
    store.story && store.story.n_docs > 1 ? el("p", { class: "small" }, `Story ${store.story.story_id} (${store.story.n_docs} documents): ${store.story.label}`) : null,
    store.copy_of ? el("p", { class: "small" }, "Syndicated copy of ", el("a", { href: docHref(store.copy_of.doc_id) }, store.copy_of.doc_id)) : null,
    (doc.warnings || []).map((w) => el("p", { class: "warning", role: "alert", "data-warning": "" }, "⚠ ", w)),
    hiddenNote(confidence));
}

/** How many stored facts the default thresholds leave out, and how to see them. */
function hiddenNote(confidence) {
  const hidden = Object.entries((confidence && confidence.hidden) || {});
  if (lessCertain()) {
    return el("p", { class: "small muted", id: "confidence-note" }, "Showing every stored fact; those below their layer's default ",
      "confidence threshold are marked ", el("span", { class: "less-certain-sample" }, "less certain"), ".");
  }
  if (!hidden.length) return null;
  const total = hidden.reduce((sum, [, n]) => sum + n, 0);
  return el("p", { class: "small muted", id: "confidence-note", "data-hidden": total },
    `${total} less certain facts not shown (${hidden.map(([layer, n]) => `${layer} ${n}`).join(", ")}): tick "show less certain facts" above to see them.`);
}

function renderToggles(box, text) {
  clear(box);
  for (const [layer, label, swatches] of LAYERS) {
    // Stances cover whole sentences of evidence: shown on demand, or they would tint most of the text.
    const shown = layer !== "stance";
    text.classList.toggle(`show-${layer}`, shown);
    const input = el("input", { type: "checkbox", "data-layer": layer });
    input.checked = shown;
    input.addEventListener("change", () => text.classList.toggle(`show-${layer}`, input.checked));
    box.appendChild(el("label", {}, input, swatches.map((s) => el("span", { class: `swatch ${s}`, title: s })), label));
  }
}

function renderBrief(docId) {
  const box = document.getElementById("brief");
  api(`/documents/${encodeURIComponent(docId)}/brief`).then((b) => { box.textContent = b.text; })
    .catch((error) => { box.textContent = String(error.message || error); });
}

/** A fact button: each click goes to the next of its spans and flashes it. */
function factButton(kind, spans, find, title, detail, extra = {}) {
  let next = 0;
  const button = el("button", { type: "button", class: "fact", "data-kind": kind, ...extra },
    el("span", { class: "name" }, title), spans.length > 1 ? el("span", { class: "kind" }, `${spans.length}×`) : null,
    detail ? el("span", { class: "snip" }, detail) : null);
  button.addEventListener("click", () => {
    if (!spans.length) return;
    const [start, end] = spans[next % spans.length];
    next += 1;
    flash(find, start, end);
  });
  return el("li", {}, button);
}

function section(box, title, items, emptyText) {
  const list = el("ul", {}, items);
  box.appendChild(el("section", { "data-section": title.toLowerCase() }, el("h3", {}, `${title} (${items.length})`),
    items.length ? list : el("p", { class: "empty small" }, emptyText)));
}

/** Attributes that mark a fact below its layer's default threshold (shown only on request). */
function certainty(layer, item, confidence) {
  const limit = confidence && confidence.defaults ? confidence.defaults[layer] : 0;
  if (item.confidence === null || item.confidence === undefined) return {};
  const title = `confidence ${item.confidence.toFixed(2)}`;
  return item.confidence < limit ? { class: "fact less-certain", title: `${title}, below the default threshold ${limit.toFixed(2)}`, "data-less-certain": "" } : { title };
}

function renderFacts(box, record, store, find, confidence) {
  clear(box);
  const sure = (layer, item) => certainty(layer, item, confidence);
  const text = record.document.text;
  const names = Object.fromEntries((record.actors || []).map((a) => [a.id, a.name]));
  const placeNames = Object.fromEntries((record.places || []).map((p) => [p.id, p.name]));
  const snip = (s, e) => preview(text.slice(s, e), 120);
  const byMentions = (a, b) => (b.mentions || []).length - (a.mentions || []).length;

  section(box, "Actors", [...(record.actors || [])].sort(byMentions).map((a) => {
    const key = store.actor_keys && store.actor_keys[a.id];
    const item = factButton("actor", a.mentions || [], find, a.name, [a.type, ...(a.roles || []).slice(0, 2)].join(" · "),
      { "data-id": a.id, ...sure("actors", a) });
    if (key) item.appendChild(el("a", { href: actorHref(key), class: "actor-link" }, "profile →"));
    return item;
  }), "No actors found.");
  section(box, "Places", [...(record.places || [])].sort(byMentions).map((p) => {
    const surface = [...new Set((p.mentions || []).map(([s, e]) => text.slice(s, e)))].filter((n) => n !== p.name);
    const title = surface.length ? `${p.name} (${surface.join(", ")})` : p.name;
    const where = [p.kind, p.country, Number.isFinite(p.lat) ? `${p.lat.toFixed(2)}, ${p.lon.toFixed(2)}` : "no coordinates"];
    return factButton("place", p.mentions || [], find, title, where.filter(Boolean).join(" · "), { "data-id": p.id, "data-name": p.name, ...sure("places", p) });
  }), "No places found.");
  section(box, "Quotes", (record.quotes || []).map((q, i) => factButton("quote", [[q.start, q.end]], find,
    `${names[q.speaker] || "speaker not stated"} — ${q.kind}`, snip(q.start, q.end), { "data-id": i, ...sure("quotes", q) })), "No quotes found.");
  section(box, "Events", (record.events || []).map((e, i) => {
    const who = [names[e.actor], names[e.recipient]].filter(Boolean).join(" → ");
    const flags = [e.negated ? "negated" : "", e.hypothetical ? "hypothetical" : "", e.date || "", placeNames[e.place] || ""].filter(Boolean);
    return factButton("event", [[e.start, e.end]], find, `${e.type}${who ? `: ${who}` : ""}`,
      [flags.join(" · "), snip(e.start, e.end)].filter(Boolean).join(" — "), { "data-id": i, "data-type": e.type, ...sure("events", e) });
  }), "No events found.");
  section(box, "Calls to action", (record.calls_to_action || []).map((c, i) => factButton("call", [[c.start, c.end]], find,
    `${names[c.speaker] || "unattributed"}${(c.addressees || []).length ? ` → ${c.addressees.join(", ")}` : ""}`,
    c.action, { "data-id": i, ...sure("calls", c) })), "No calls to action found.");
  section(box, "Stances", (record.stances || []).map((s, i) => factButton("stance", s.evidence || [], find,
    `${names[s.holder] || s.holder} → ${names[s.target] || s.target} (${s.polarity > 0 ? "+" : ""}${s.polarity.toFixed(2)})`,
    (s.evidence || []).length ? snip(...s.evidence[0]) : "", { "data-id": i, ...sure("stances", s) })), "No stances found.");
  section(box, "Techniques", (record.techniques || []).map((t, i) => factButton("technique", [[t.start, t.end]], find,
    t.technique.replace(/_/g, " "), snip(t.start, t.end), { "data-id": i, ...sure("techniques", t) })), "No persuasion techniques found.");
  section(box, "Analogies", (record.analogies || []).map((a, i) => factButton("analogy", [[a.start, a.end]], find,
    a.reference, snip(a.start, a.end), { "data-id": i, ...sure("analogies", a) })), "No historical analogies found.");
}

/** ``#at=START-END`` (from a search hit) scrolls to that span. */
function jumpToHash(find) {
  const match = /^#at=(\d+)-(\d+)$/.exec(window.location.hash);
  if (match) flash(find, +match[1], +match[2]);
}

main();
