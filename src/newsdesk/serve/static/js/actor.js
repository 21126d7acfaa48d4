// The actor page: names and knowledge-base facts, a dated timeline of what the actor said and did (and
// the stances it holds or meets), and the actors it shares documents with, drawn as a network.

import { actorHref, api, append, clear, docHref, el, pathTail, preview, showError } from "./desk.js";
import { drawNetwork } from "./network.js";

async function main() {
  const actorId = pathTail("/desk/actor/");
  const box = document.getElementById("profile");
  let actor;
  try {
    actor = await api(`/actors/${encodeURIComponent(actorId)}`);
  } catch (error) {
    showError(box, error);
    document.body.dataset.ready = "true";
    return;
  }
  document.title = `newsdesk · ${actor.name}`;
  renderProfile(box, actor);
  renderTimeline(document.getElementById("timeline"), actor);
  drawNetwork(document.getElementById("network"), actor, actor.network);
  document.body.dataset.ready = "true";
}

function renderProfile(box, actor) {
  const seen = actor.first_seen ? (actor.first_seen === actor.last_seen ? actor.first_seen : `${actor.first_seen} – ${actor.last_seen}`) : "undated";
  append(clear(box),
    el("h1", { id: "actor-name" }, actor.name),
    el("p", { class: "muted" }, `${actor.type} · ${actor.documents} document${actor.documents === 1 ? "" : "s"} · ${actor.mentions} mentions · ${seen}`),
    el("div", { class: "card" },
      el("h3", {}, "Aliases"), pills(actor.aliases, "none recorded"),
      el("h3", {}, "Roles"), pills(actor.roles, "none recorded"),
      el("h3", {}, "Knowledge base"), kbFacts(actor),
      actor.other_matches.length ? el("p", { class: "small muted" }, "The name also fits: ",
        actor.other_matches.map((m, i) => [i ? ", " : "", el("a", { href: actorHref(m.actor_keys[0]) }, m.actor_keys[0])])) : null));
}

function pills(items, emptyText) {
  return items.length ? el("div", { class: "pills" }, items.map((i) => el("span", { class: "pill" }, i))) : el("p", { class: "empty small" }, emptyText);
}

function kbFacts(actor) {
  const rows = [];
  for (const k of actor.kb) {
    rows.push(["linked in", `${k.documents} document${k.documents === 1 ? "" : "s"} · `,
      k.wikidata ? el("a", { href: `https://www.wikidata.org/wiki/${encodeURIComponent(k.wikidata)}`, rel: "noopener noreferrer" }, k.wikidata) : "no Wikidata id",
      k.cameo ? ` · CAMEO ${k.cameo}` : ""]);
  }
  const entry = actor.kb_entry;
  if (entry) {
    rows.push(["entry", `${entry.name} (${entry.kind}${entry.country ? `, ${entry.country}` : ""})`]);
    if (entry.cameo) rows.push(["CAMEO", entry.cameo + (entry.sectors.length ? ` — ${entry.sectors.join(", ")}` : "")]);
    if (entry.codes.length > 1) rows.push(["codes", entry.codes.map((c) => `${c.code} ${c.from || "…"}–${c.to || "…"}`).join("; ")]);
    for (const [relation, who] of Object.entries(entry.relations || {})) rows.push([relation, String(who)]);
    if (entry.born) rows.push(["born", entry.born]);
    if (entry.died) rows.push(["died", entry.died]);
    if (entry.note) rows.push(["note", entry.note]);
    rows.push(["source", entry.source || ""]);
  }
  if (!rows.length) return el("p", { class: "empty small" }, "No knowledge-base entry for this name.");
  return el("table", { class: "list small", id: "kb" }, el("tbody", {}, rows.map(([k, ...v]) => el("tr", {}, el("th", {}, k), el("td", {}, v)))));
}

function renderTimeline(box, actor) {
  const items = [
    ...actor.quotes.map((q) => ({ kind: "quote", date: q.date, doc: q.doc_id, span: [q.char_start, q.char_end],
      what: `${q.kind} quote${q.cue ? ` (${q.cue})` : ""}`, text: q.text })),
    ...actor.events.map((e) => ({ kind: "event", date: e.date, doc: e.doc_id, span: [e.char_start, e.char_end],
      what: `${e.type} as ${e.role}${e.negated ? ", negated" : ""}${e.hypothetical ? ", hypothetical" : ""}`,
      text: [e.actor_name, e.recipient_name].filter(Boolean).join(" → ") + (e.place_name ? ` in ${e.place_name}` : "") + ` — ${e.text}` })),
    ...actor.calls_to_action.map((c) => ({ kind: "call", date: c.date, doc: c.doc_id, span: [c.char_start, c.char_end],
      what: "call to action", text: `${c.addressees.length ? `${c.addressees.join(", ")}: ` : ""}${c.action}` })),
    ...actor.stances.map((s) => ({ kind: "stance", date: s.date, doc: s.doc_id, span: [s.char_start, s.char_end],
      what: `stance as ${s.role}`, text: `${s.holder_name} → ${s.target_name}: ${s.polarity > 0 ? "+" : ""}${Number(s.polarity).toFixed(2)}` })),
  ];
  items.sort((a, b) => (a.date || "9999").localeCompare(b.date || "9999") || a.doc.localeCompare(b.doc) || (a.span[0] || 0) - (b.span[0] || 0));
  const totals = ["quotes", "events", "calls_to_action", "stances"].map((s) => `${actor[`${s}_total`]} ${s.replace(/_/g, " ")}`).join(" · ");
  append(clear(box), el("p", { class: "small muted" }, totals),
    items.length ? el("ul", { class: "timeline-list" }, items.map((i) => el("li", { "data-kind": i.kind },
      el("span", { class: "date" }, i.date || "undated"), el("span", { class: `tag ${i.kind}` }, i.what),
      el("a", { href: docHref(i.doc, Number.isInteger(i.span[0]) ? i.span : null) }, preview(i.text, 140)))))
      : el("p", { class: "empty" }, "Nothing dated for this actor yet."));
}

main();
