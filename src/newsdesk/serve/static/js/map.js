// The map: Natural Earth country outlines (world-atlas, 1:110m) drawn with d3-geo in an equirectangular
// projection, and one marker per place, its area proportional to the place's mentions and its colour
// the commonest event type located there. Everything is local: the outline and the libraries are
// vendored under /static/vendor/ (web/build.mjs); no tile server, no other origin.
//
// The projection fills a 960 × 480 view box with the whole sphere, so a marker's cx / cy are plain
// longitude / latitude scaled (cx = (lon + 180) · 960 / 360): a reader and a test can check where a
// marker sits. Zooming changes the SVG view box only, never the projection.

import { append, clear, el, eventColour, svg, NO_EVENT_COLOUR } from "./desk.js";

export const WIDTH = 960;
export const HEIGHT = 480;
let outline = null;

function worldOutline() {
  outline = outline || fetch("/static/vendor/countries-110m.json").then((r) => {
    if (!r.ok) throw new Error("the world outline is not built (run `make vendor`)");
    return r.json();
  });
  return outline;
}

/** The dominant event type of a place ({TYPE: n}), or null. */
export function dominantEvent(events) {
  const entries = Object.entries(events || {});
  if (!entries.length) return null;
  return entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
}

/**
 * Draw ``places`` ([{name, lat, lon, mentions, events: {TYPE: n}, key}]) into ``container``.
 * ``onSelect(place)`` runs when a marker is clicked; ``fit`` zooms to the markers at first.
 */
export async function drawMap(container, places, { onSelect = null, fit = false } = {}) {
  clear(container);
  const d3 = window.d3;
  const topojson = window.topojson;
  if (!d3 || !d3.geoPath || !topojson) {
    container.appendChild(el("p", { class: "error" }, "The map library is not built; run `make vendor` (it vendors d3-geo and the world outline)."));
    return null;
  }
  let world;
  try { world = await worldOutline(); } catch (error) {
    container.appendChild(el("p", { class: "error" }, String(error.message || error)));
    return null;
  }
  const projection = d3.geoEquirectangular().fitSize([WIDTH, HEIGHT], { type: "Sphere" });
  const path = d3.geoPath(projection);
  const root = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-label": "Map of places and events",
                            "data-projection": "equirectangular", "data-width": WIDTH, "data-height": HEIGHT });
  root.appendChild(svg("path", { class: "sphere", d: path({ type: "Sphere" }) }));
  root.appendChild(svg("path", { class: "graticule", d: path(d3.geoGraticule10()), "vector-effect": "non-scaling-stroke" }));
  const countries = svg("g", { class: "countries" });
  for (const feature of topojson.feature(world, world.objects.countries).features) {
    countries.appendChild(svg("path", { class: "country", d: path(feature), "vector-effect": "non-scaling-stroke" },
      svg("title", {}, (feature.properties && feature.properties.name) || "")));
  }
  root.appendChild(countries);
  const located = places.filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon));
  const layer = svg("g", { class: "markers" });
  const markers = [];
  for (const place of [...located].sort((a, b) => b.mentions - a.mentions)) {
    const [x, y] = projection([place.lon, place.lat]);
    const type = dominantEvent(place.events);
    const eventCount = Object.values(place.events || {}).reduce((a, b) => a + b, 0);
    const marker = svg("circle", {
      class: "marker", cx: x.toFixed(2), cy: y.toFixed(2), r: radius(place.mentions), fill: type ? eventColour(type) : NO_EVENT_COLOUR,
      "data-name": place.name, "data-lat": place.lat, "data-lon": place.lon, "data-mentions": place.mentions,
      "data-event-type": type || "none", "data-events": eventCount, "vector-effect": "non-scaling-stroke",
    }, svg("title", {}, `${place.name}: ${place.mentions} mention${place.mentions === 1 ? "" : "s"}` +
      (eventCount ? `; events: ${Object.entries(place.events).map(([t, n]) => `${t} ×${n}`).join(", ")}` : "; no events")));
    if (onSelect) marker.addEventListener("click", () => onSelect(place));
    layer.appendChild(marker);
    markers.push(marker);
  }
  root.appendChild(layer);
  const tools = el("div", { class: "map-tools" });
  const whole = el("button", { type: "button" }, "World");
  const zoom = el("button", { type: "button" }, "Fit places");
  whole.addEventListener("click", () => setView(root, markers, null));
  zoom.addEventListener("click", () => setView(root, markers, boundsOf(markers)));
  append(tools, whole, zoom, el("span", { class: "muted" }, `${located.length} place${located.length === 1 ? "" : "s"} on the map` +
    (places.length > located.length ? ` (${places.length - located.length} without coordinates)` : "")));
  append(container, tools, root, legend(located));
  if (fit && markers.length) setView(root, markers, boundsOf(markers));
  return root;
}

function radius(mentions) {
  return 3 + 3.2 * Math.sqrt(Math.max(1, mentions || 1));
}

function boundsOf(markers) {
  const xs = markers.map((m) => +m.getAttribute("cx"));
  const ys = markers.map((m) => +m.getAttribute("cy"));
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** Zoom by view box: at least 120 × 60 units (about 45° of longitude), the 2:1 shape kept, inside the world. */
function setView(root, markers, bounds) {
  let [x, y, w, h] = [0, 0, WIDTH, HEIGHT];
  if (bounds) {
    const pad = 30;
    w = Math.max(120, bounds[2] - bounds[0] + 2 * pad);
    h = Math.max(60, bounds[3] - bounds[1] + 2 * pad);
    if (w / h > 2) h = w / 2; else w = h * 2;
    w = Math.min(w, WIDTH); h = Math.min(h, HEIGHT);
    x = Math.min(Math.max(0, (bounds[0] + bounds[2]) / 2 - w / 2), WIDTH - w);
    y = Math.min(Math.max(0, (bounds[1] + bounds[3]) / 2 - h / 2), HEIGHT - h);
  }
  root.setAttribute("viewBox", `${x.toFixed(1)} ${y.toFixed(1)} ${w.toFixed(1)} ${h.toFixed(1)}`);
  const scale = w / WIDTH;   // markers keep their on-screen size when zoomed
  for (const marker of markers) marker.setAttribute("r", (radius(+marker.dataset.mentions) * scale).toFixed(2));
}

function legend(places) {
  const types = new Set(places.map((p) => dominantEvent(p.events)).filter(Boolean));
  const items = [...types].sort().map((t) => el("span", {}, dot(eventColour(t)), t));
  items.push(el("span", {}, dot(NO_EVENT_COLOUR), "no event located"));
  items.push(el("span", { class: "muted" }, "marker area ∝ mentions; colour = commonest event type"));
  return el("div", { class: "legend" }, items);
}

function dot(colour) {
  const d = el("span", { class: "dot" });
  d.style.backgroundColor = colour;   // CSSOM, allowed by the CSP (no style attribute is parsed)
  return d;
}
