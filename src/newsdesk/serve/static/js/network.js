// The co-occurrence network of an actor: the actor in the middle, the actors it shares documents with
// around it (node area and edge width grow with shared documents), and the links among those actors.

import { actorHref, clear, el, svg } from "./desk.js";

const SIZE = 460;

/** Draw ``network`` ({nodes, links}) around the actor ``centre`` ({name, documents}) into ``container``. */
export function drawNetwork(container, centre, network) {
  clear(container);
  if (!network.nodes.length) {
    container.appendChild(el("p", { class: "empty" }, "No other actor shares a document with this one."));
    return null;
  }
  const mid = SIZE / 2;
  const ring = SIZE / 2 - 70;
  const most = Math.max(...network.nodes.map((n) => n.documents), 1);
  const place = new Map();
  network.nodes.forEach((node, i) => {
    const angle = (2 * Math.PI * i) / network.nodes.length - Math.PI / 2;
    place.set(node.id, [mid + ring * Math.cos(angle), mid + ring * Math.sin(angle)]);
  });
  const root = svg("svg", { viewBox: `0 0 ${SIZE} ${SIZE}`, role: "img", "aria-label": `Actors co-occurring with ${centre.name}` });
  for (const link of network.links) {
    const [a, b] = [place.get(link.source), place.get(link.target)];
    if (a && b) root.appendChild(svg("line", { class: "edge", x1: a[0], y1: a[1], x2: b[0], y2: b[1], "stroke-width": 0.5 + link.documents / most, "stroke-opacity": 0.5 }));
  }
  for (const node of network.nodes) {
    const [x, y] = place.get(node.id);
    root.appendChild(svg("line", { class: "edge", x1: mid, y1: mid, x2: x, y2: y, "stroke-width": 1 + 4 * node.documents / most }));
  }
  root.appendChild(svg("circle", { class: "node centre", cx: mid, cy: mid, r: 16 }, svg("title", {}, centre.name)));
  root.appendChild(svg("text", { x: mid, y: mid + 30, "text-anchor": "middle", "font-weight": "bold" }, centre.name));
  for (const node of network.nodes) {
    const [x, y] = place.get(node.id);
    const link = svg("a", { href: actorHref(node.id), class: "node-link", "data-actor": node.name },
      svg("circle", { class: "node other", cx: x, cy: y, r: 5 + 9 * Math.sqrt(node.documents / most) },
        svg("title", {}, `${node.name}: ${node.documents} shared document${node.documents === 1 ? "" : "s"}`)),
      svg("text", { x, y: y + (y >= mid ? 26 : -18), "text-anchor": "middle" }, node.name));
    root.appendChild(link);
  }
  container.appendChild(root);
  return root;
}
