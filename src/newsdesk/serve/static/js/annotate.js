// The annotated text: the document cut at every boundary of every fact into pieces, each piece a <span>
// of plain text (a text node: the article never becomes markup) carrying the classes of what covers it
// (its voice, a quote, actor and place mentions, events, calls to action, stances, techniques,
// analogies) and a tooltip naming them. Overlapping facts need no nesting this way.

import { el, clear } from "./desk.js";

export const MARK_KINDS = ["actor", "place", "event", "call", "stance", "technique", "analogy"];

/** Every annotated span of a record: {kind, start, end, id, label, ...}. */
export function spansOf(record) {
  const names = Object.fromEntries((record.actors || []).map((a) => [a.id, a.name]));
  const placeNames = Object.fromEntries((record.places || []).map((p) => [p.id, p.name]));
  const spans = [];
  for (const s of record.segments || []) {
    spans.push({ kind: "voice", start: s.start, end: s.end, voice: s.kind,
                 label: `Voice: ${s.kind}` + (s.speaker_name || names[s.speaker] ? ` — ${s.speaker_name || names[s.speaker]}` : "") });
  }
  (record.quotes || []).forEach((q, i) => {
    const speaker = names[q.speaker] || null;
    spans.push({ kind: "quote", id: i, start: q.start, end: q.end, speaker,
                 label: `Quote (${q.kind}) — speaker: ${speaker || "not stated"}` + (q.cue ? ` · cue: “${q.cue}”` : "") });
  });
  for (const a of record.actors || []) {
    for (const [start, end] of a.mentions || []) spans.push({ kind: "actor", id: a.id, start, end, label: `Actor: ${a.name} (${a.type})` });
  }
  for (const p of record.places || []) {
    for (const [start, end] of p.mentions || []) spans.push({ kind: "place", id: p.id, start, end, label: `Place: ${p.name}` + (p.country ? `, ${p.country}` : "") });
  }
  (record.events || []).forEach((e, i) => {
    const who = [names[e.actor], names[e.recipient]].filter(Boolean).join(" → ");
    const where = placeNames[e.place] ? ` in ${placeNames[e.place]}` : "";
    spans.push({ kind: "event", id: i, start: e.start, end: e.end, label: `Event: ${e.type}${who ? ` (${who})` : ""}${where}` +
                 (e.negated ? " · negated" : "") + (e.hypothetical ? " · hypothetical" : "") });
  });
  (record.calls_to_action || []).forEach((c, i) => {
    spans.push({ kind: "call", id: i, start: c.start, end: c.end, label: `Call to action${names[c.speaker] ? ` by ${names[c.speaker]}` : ""}: ${c.action}` });
  });
  (record.stances || []).forEach((s, i) => {
    for (const [start, end] of s.evidence || []) {
      spans.push({ kind: "stance", id: i, start, end, label: `Stance: ${names[s.holder] || s.holder} → ${names[s.target] || s.target} (${s.polarity.toFixed(2)})` });
    }
  });
  (record.techniques || []).forEach((t, i) => spans.push({ kind: "technique", id: i, start: t.start, end: t.end, label: `Technique: ${t.technique}` }));
  (record.analogies || []).forEach((a, i) => spans.push({ kind: "analogy", id: i, start: a.start, end: a.end, label: `Analogy: ${a.reference}` }));
  return spans.filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.end > s.start);
}

/** Render the text into ``container``; returns a function that finds the pieces inside [start, end). */
export function annotate(container, record) {
  const text = record.document.text;
  const spans = spansOf(record);
  clear(container);
  const cuts = new Set([0, text.length]);
  for (const s of spans) { cuts.add(Math.max(0, Math.min(text.length, s.start))); cuts.add(Math.max(0, Math.min(text.length, s.end))); }
  const bounds = [...cuts].sort((a, b) => a - b);
  const startsAt = new Map();
  for (const s of spans) (startsAt.get(s.start) || startsAt.set(s.start, []).get(s.start)).push(s);
  const active = new Set();
  const pieces = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [start, end] = [bounds[i], bounds[i + 1]];
    for (const s of active) if (s.end <= start) active.delete(s);
    for (const s of startsAt.get(start) || []) active.add(s);
    const piece = makePiece(text.slice(start, end), start, end, [...active]);
    pieces.push(piece);
    container.appendChild(piece);
  }
  return (from, to) => pieces.filter((p) => +p.dataset.start >= from && +p.dataset.end <= to && +p.dataset.start < to);
}

function makePiece(content, start, end, covering) {
  const classes = ["piece"];
  const labels = [];
  const voice = covering.find((s) => s.kind === "voice");
  if (voice) { classes.push(`voice-${voice.voice}`); labels.push(voice.label); }
  // The innermost quote (the shortest) speaks for this piece.
  const quote = covering.filter((s) => s.kind === "quote").sort((a, b) => (a.end - a.start) - (b.end - b.start))[0];
  if (quote) { classes.push("quote"); labels.push(quote.label); }
  for (const kind of MARK_KINDS) {
    const marks = covering.filter((s) => s.kind === kind);
    if (marks.length) { classes.push(`mark-${kind}`); labels.push(...new Set(marks.map((m) => m.label))); }
  }
  const piece = el("span", { class: classes.join(" "), "data-start": start, "data-end": end }, content);
  if (voice) piece.dataset.voice = voice.voice;
  if (quote) piece.dataset.speaker = quote.speaker || "";
  if (labels.length) piece.title = labels.join("\n");
  return piece;
}

/** Scroll to the pieces of [start, end) and flash them. */
export function flash(find, start, end) {
  const found = find(start, end);
  if (!found.length) return [];
  // Only the span asked for flashes: an earlier flash still running stops.
  for (const earlier of found[0].parentNode.querySelectorAll(".piece.flash")) earlier.classList.remove("flash");
  found[0].scrollIntoView({ block: "center", behavior: "instant" });
  void found[0].offsetWidth; // restart the animation when the same span is flashed twice
  for (const piece of found) piece.classList.add("flash");
  window.setTimeout(() => found.forEach((p) => p.classList.remove("flash")), 2500);
  return found;
}
