// The timeline chart: events per day (per month over spans longer than half a year) as stacked bars
// on a continuous time axis, one colour per event type (the map's colours).

import { append, clear, el, eventColour, svg } from "./desk.js";

const [W, H, LEFT, RIGHT, BOTTOM, TOP] = [960, 220, 36, 12, 28, 10];
const DAY = 86400000;

/** Draw ``rows`` ([{date, type, count}]) into ``container``. */
export function drawTimeline(container, rows) {
  clear(container);
  const dated = rows.filter((r) => /^\d{4}(-\d{2}){0,2}$/.test(String(r.date || "").slice(0, 10)));
  if (!dated.length) {
    container.appendChild(el("p", { class: "empty" }, "No dated events yet: events appear here once the store holds some."));
    return null;
  }
  const days = dated.map((r) => dayIndex(r.date));
  const monthly = Math.max(...days) - Math.min(...days) > 180;
  const slotOf = monthly ? (r) => monthIndex(r.date) : (r) => dayIndex(r.date);
  const bins = new Map();
  for (const r of dated) {
    const slot = slotOf(r);
    const bin = bins.get(slot) || bins.set(slot, new Map()).get(slot);
    bin.set(r.type, (bin.get(r.type) || 0) + r.count);
  }
  const slots = [...bins.keys()];
  const [first, last] = [Math.min(...slots), Math.max(...slots)];
  const width = (W - LEFT - RIGHT) / (last - first + 1);
  const most = Math.max(...[...bins.values()].map((b) => [...b.values()].reduce((a, c) => a + c, 0)));
  const scale = (H - BOTTOM - TOP) / most;
  const label = (slot) => (monthly ? monthLabel(slot) : new Date(slot * DAY).toISOString().slice(0, 10));
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Events over time" },
    svg("line", { class: "axis", x1: LEFT, y1: H - BOTTOM, x2: W - RIGHT, y2: H - BOTTOM }),
    svg("line", { class: "axis", x1: LEFT, y1: TOP, x2: LEFT, y2: H - BOTTOM }),
    svg("text", { x: LEFT - 6, y: TOP + 8, "text-anchor": "end" }, String(most)),
    svg("text", { x: LEFT - 6, y: H - BOTTOM, "text-anchor": "end" }, "0"));
  for (const [slot, bin] of [...bins.entries()].sort((a, b) => a[0] - b[0])) {
    let y = H - BOTTOM;
    for (const [type, count] of [...bin.entries()].sort()) {
      y -= count * scale;
      root.appendChild(svg("rect", { class: "bar", x: LEFT + (slot - first) * width + width * 0.1, y, width: Math.max(2, width * 0.8),
        height: count * scale, fill: eventColour(type), "data-date": label(slot), "data-type": type, "data-count": count },
        svg("title", {}, `${label(slot)}: ${type} ×${count}`)));
    }
  }
  const ticks = Math.min(7, last - first + 1);
  for (let i = 0; i < ticks; i++) {
    const slot = Math.round(first + (ticks === 1 ? 0 : (i * (last - first)) / (ticks - 1)));
    root.appendChild(svg("text", { x: LEFT + (slot - first + 0.5) * width, y: H - 8, "text-anchor": "middle" }, label(slot)));
  }
  const legend = el("div", { class: "legend" }, [...new Set(dated.map((r) => r.type))].sort().map((t) => {
    const dot = el("span", { class: "dot" });
    dot.style.backgroundColor = eventColour(t);
    return el("span", {}, dot, t);
  }), el("span", { class: "muted" }, monthly ? "events per month" : "events per day"));
  append(container, root, legend);
  return root;
}

/** 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' as days since 1970 (a year or month counts as its first day). */
function dayIndex(date) {
  const [y, m = "01", d = "01"] = String(date).slice(0, 10).split("-");
  return Math.round(Date.UTC(+y, +m - 1, +d) / DAY);
}

function monthIndex(date) {
  const [y, m = "01"] = String(date).slice(0, 7).split("-");
  return +y * 12 + (+m - 1);
}

function monthLabel(index) {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}
