// Shared helpers of every page. Article text is untrusted: every value goes into the page as a text
// node or through setAttribute on attributes that never execute (class, title, data-*, and hrefs that
// this code builds itself). Nothing here parses a string as HTML.

const SVG_NS = "http://www.w3.org/2000/svg";

/** An element with attributes and children; strings become text nodes, null/false are skipped. */
export function el(tag, attrs = {}, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** The same for SVG elements. */
export function svg(tag, attrs = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

function build(node, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) throw new Error(`event attributes are not allowed: ${name}`);
    if (name === "href") node.setAttribute("href", safeHref(String(value)));
    else node.setAttribute(name, String(value));
  }
  append(node, ...children);
  return node;
}

/** Append children: nodes as they are, anything else as text. */
export function append(node, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Only same-site paths and http(s) URLs become links; anything else (javascript:, data:) becomes "#". */
export function safeHref(value) {
  if (value.startsWith("/") && !value.startsWith("//")) return value;
  return /^https?:\/\//i.test(value) ? value : "#";
}

/** Empty a node. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

const READS_FACTS = /^\/(documents|search|actors|events|places)(\/|$)/;

/** GET an API path with query parameters (empty ones left out); the JSON, or an Error with the API's message. */
export async function api(path, params = {}) {
  const query = new URLSearchParams();
  // Every read shows the facts at each layer's default threshold, or all of them when asked.
  if (lessCertain() && !("min_confidence" in params) && READS_FACTS.test(path)) query.set("min_confidence", "0");
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && String(value).trim() !== "") query.set(key, String(value).trim());
  }
  const url = query.toString() ? `${path}?${query}` : path;
  const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body && (body.message || (typeof body.detail === "string" ? body.detail : null));
    throw new Error(message || `${response.status} ${response.statusText}`);
  }
  return body;
}

/** Show an error in place of a section's content. */
export function showError(node, error) {
  clear(node).appendChild(el("p", { class: "error" }, String(error && error.message ? error.message : error)));
}

export const docHref = (id, span) => `/desk/doc/${encodeURIComponent(id)}` + (span ? `#at=${span[0]}-${span[1]}` : "");
export const actorHref = (key) => `/desk/actor/${encodeURIComponent(key)}`;

/** The part of the path after a page prefix, decoded ("/desk/doc/abc" -> "abc"). */
export function pathTail(prefix) {
  const path = window.location.pathname;
  return path.startsWith(prefix) ? decodeURIComponent(path.slice(prefix.length)) : "";
}

/** A form's non-empty fields as an object. */
export function formValues(form) {
  const values = {};
  for (const [key, value] of new FormData(form).entries()) if (String(value).trim()) values[key] = String(value).trim();
  return values;
}

/** Fill a form from the URL's query string, and return the values. */
export function formFromQuery(form) {
  const params = new URLSearchParams(window.location.search);
  for (const [key, value] of params.entries()) {
    const field = form.elements.namedItem(key);
    if (field && "value" in field) field.value = value;
  }
  return Object.fromEntries(params.entries());
}

/** Put values into the address bar (so a search can be bookmarked), without reloading. */
export function setQuery(values) {
  const query = new URLSearchParams(values).toString();
  window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
}

/** A short one-line preview of a text. */
export function preview(text, width = 110) {
  const flat = String(text || "").replace(/\s+/g, " ").trim();
  return flat.length <= width ? flat : flat.slice(0, width - 1) + "…";
}

/** Previous / next buttons for a paginated list. */
export function pager(total, limit, offset, go) {
  const last = Math.min(offset + limit, total);
  const prev = el("button", { type: "button" }, "← previous");
  const next = el("button", { type: "button" }, "next →");
  prev.disabled = offset <= 0;
  next.disabled = last >= total;
  prev.addEventListener("click", () => go(Math.max(0, offset - limit)));
  next.addEventListener("click", () => go(offset + limit));
  return el("div", { class: "pager" }, prev, el("span", { class: "muted small" },
    total ? `${offset + 1}–${last} of ${total}` : "nothing found"), next);
}

// PLOVER event types, one colour each, grouped by quad class (cooperation greens and blues, conflict
// oranges and reds), so the map and the chart read alike.
export const EVENT_COLOURS = {
  AGREE: "#2563eb", CONSULT: "#0ea5e9", SUPPORT: "#14b8a6", CONCEDE: "#6366f1",
  COOPERATE: "#16a34a", AID: "#65a30d", RETREAT: "#84cc16", INVESTIGATE: "#0891b2",
  REQUEST: "#eab308", DEMAND: "#eab308", ACCUSE: "#f59e0b", REJECT: "#f97316", SANCTION: "#c2410c", THREATEN: "#ea580c",
  PROTEST: "#db2777", MOBILIZE: "#a21caf", COERCE: "#dc2626", ASSAULT: "#7f1d1d",
};
export const NO_EVENT_COLOUR = "#94a3b8";

export function eventColour(type) {
  if (!type) return NO_EVENT_COLOUR;
  return EVENT_COLOURS[String(type).toUpperCase()] || "#475569";
}

// --- tables: sortable columns and the export of the rows on screen ---------------------------------

/** A cell's value: its data-value when the text shown differs from the value (a date marked
 * "(published)", a count with a note), else its text. */
function cellValue(cell) {
  return cell ? (cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim()) : "";
}

const NUMBER = /^-?\d+(\.\d+)?$/;

function compareValues(a, b) {
  if (a === "" || b === "") return a === b ? 0 : a === "" ? 1 : -1;   // empty cells last either way
  if (NUMBER.test(a) && NUMBER.test(b)) return Number(a) - Number(b);
  return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
}

/** Make a table's columns sortable: a click on a header sorts the rows by that column, a second
 * click reverses; aria-sort says how the table is sorted. Rows keep their order among equals. */
export function sortable(table) {
  const headers = [...table.querySelectorAll("thead th")];
  headers.forEach((th, column) => {
    th.classList.add("sortable");
    th.setAttribute("tabindex", "0");
    th.setAttribute("title", "sort by this column");
    const sort = () => {
      const descending = th.getAttribute("aria-sort") === "ascending";
      headers.forEach((h) => h.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      const body = table.tBodies[0];
      const rows = [...body.rows].map((row, i) => [row, cellValue(row.cells[column]), i]);
      rows.sort((x, y) => (descending ? -1 : 1) * compareValues(x[1], y[1]) || x[2] - y[2]);
      for (const [row] of rows) body.appendChild(row);
    };
    th.addEventListener("click", sort);
    th.addEventListener("keydown", (event) => { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); } });
  });
  return table;
}

/** The table as exported: header names (lower case, spaces as _) and the rows in their order on screen,
 * a column whose every filled cell is a number sent as numbers. */
export function tableData(table) {
  const columns = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim().toLowerCase().replace(/\W+/g, "_"));
  const rows = [...table.tBodies[0].rows].map((row) => columns.map((_, i) => cellValue(row.cells[i])));
  const numeric = columns.map((_, i) => rows.some((r) => r[i] !== "") && rows.every((r) => r[i] === "" || NUMBER.test(r[i])));
  return { columns, rows: rows.map((r) => r.map((v, i) => (v === "" ? null : numeric[i] ? Number(v) : v))) };
}

/** Download the rows on screen as CSV or Parquet (POST /export/screen writes the file). */
export async function downloadTable(table, name, format) {
  const response = await fetch(`/export/screen?format=${format}`, {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "*/*" },
    body: JSON.stringify({ name, ...tableData(table) }),
  });
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw new Error((body && body.message) || `${response.status} ${response.statusText}`);
  }
  const link = document.createElement("a");   // built here: its href is our own blob, never page data
  link.href = URL.createObjectURL(await response.blob());
  link.download = `${name}.${format}`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

/** A data table with sortable columns and CSV / Parquet buttons for the rows on screen. */
export function dataTable(name, headers, rows, attrs = {}) {
  const table = sortable(el("table", { class: "list", "data-table": name, ...attrs },
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", {}, h)))), el("tbody", {}, rows)));
  const status = el("span", { class: "small muted", role: "status" });
  const button = (format, label) => {
    const b = el("button", { type: "button", class: "export", "data-format": format, title: `the rows on screen as ${label}` }, label);
    b.addEventListener("click", () => downloadTable(table, name, format)
      .then(() => { status.textContent = ""; }).catch((error) => { status.textContent = String(error.message || error); }));
    return b;
  };
  return el("div", { class: "table-box" }, el("div", { class: "table-tools small" }, "Export the rows on screen: ",
    button("csv", "CSV"), " ", button("parquet", "Parquet"), " ", status), table);
}

// --- confidence: the desk shows each layer's default threshold unless asked for the less certain facts ---

const LESS_CERTAIN = "newsdesk.lessCertain";

/** Whether the user asked to see the facts below the default thresholds (kept in this browser). */
export function lessCertain() {
  try { return window.localStorage.getItem(LESS_CERTAIN) === "1"; } catch { return false; }
}

/** Wire the navigation's "show less certain facts" box: checked state from this browser, a change reloads. */
function wireLessCertain() {
  const box = document.getElementById("less-certain");
  if (!box) return;
  box.checked = lessCertain();
  box.addEventListener("change", () => {
    try { window.localStorage.setItem(LESS_CERTAIN, box.checked ? "1" : "0"); } catch { /* private mode */ }
    window.location.reload();
  });
}

if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wireLessCertain);
  else wireLessCertain();
}
