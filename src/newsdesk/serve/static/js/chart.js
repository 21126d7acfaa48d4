// The timeline chart: events per day (per month over spans longer than half a year) as stacked bars
// on a continuous time axis, one colour per event type (the map's colours). A date the chart cannot
// place (unparsable, a month 13, before EARLIEST or past a year from now: a misread "1066" or "3024")
// is left out of the axis and counted under the chart, so one bad date never squashes the rest.

import { append, clear, el, eventColour, svg } from "./desk.js";

const [W, H, LEFT, RIGHT, BOTTOM, TOP] = [960, 220, 36, 12, 28, 10];
const DAY = 86400000;
export const EARLIEST_YEAR = 1900;
const FUTURE_MARGIN_DAYS = 366;   // scheduled events (an election next spring) are possible; centuries ahead are not
const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-W(\d{2}))?$/;

/** Days since 1970 of an ISO date at any precision (a year, month or week counts as its first day),
 * or null when it is not a date the chart can place: unparsable, impossible, too old or too far ahead. */
export function plausibleDay(value, now = Date.now()) {
  const match = DATE.exec(String(value || "").slice(0, 10).trim());
  if (!match) return null;
  const [, y, m = "01", d = "01", week] = match;
  const year = +y;
  let time = Date.UTC(year, +m - 1, +d);
  const parsed = new Date(time);
  if (parsed.getUTCFullYear() !== year || parsed.getUTCMonth() !== +m - 1 || parsed.getUTCDate() !== +d) return null;
  if (week !== undefined) {
    if (+week < 1 || +week > 53) return null;
    const jan4 = new Date(Date.UTC(year, 0, 4));
    time = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY + (+week - 1) * 7 * DAY;   // ISO week's Monday
  }
  if (year < EARLIEST_YEAR || time > now + FUTURE_MARGIN_DAYS * DAY) return null;
  return Math.round(time / DAY);
}

/** Draw ``rows`` ([{date, type, count}]) into ``container``. */
export function drawTimeline(container, rows) {
  clear(container);
  const placed = rows.map((r) => ({ ...r, day: plausibleDay(r.date) }));
  const dated = placed.filter((r) => r.day !== null);
  const impossible = placed.filter((r) => r.day === null).reduce((n, r) => n + r.count, 0);
  const note = impossible ? el("p", { class: "small muted", "data-impossible": impossible },
    `${impossible} event${impossible === 1 ? "" : "s"} with a date the timeline cannot place (unparsable, before ${EARLIEST_YEAR} or more than a year ahead) left out of the chart; the list below has them.`) : null;
  if (!dated.length) {
    append(container, el("p", { class: "empty" }, "No dated events yet: events appear here once the store holds some."), note);
    return null;
  }
  const days = dated.map((r) => r.day);
  const monthly = Math.max(...days) - Math.min(...days) > 180;
  const slotOf = monthly ? (r) => monthOf(r.day) : (r) => r.day;
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
  append(container, root, legend, note);
  return root;
}

/** The month (years × 12 + month) of a day since 1970. */
function monthOf(day) {
  const date = new Date(day * DAY);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

function monthLabel(index) {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}
