// The API reference, drawn from /openapi.json by the desk itself (FastAPI's Swagger page would load
// its code from a CDN, which the offline rule and the CSP both forbid).

import { api, append, clear, el, showError } from "./desk.js";

async function main() {
  const box = document.getElementById("api");
  try {
    const spec = await api("/openapi.json");
    append(clear(box), el("p", { class: "muted" }, `${spec.info.title} ${spec.info.version} — ${spec.info.description || ""}`),
      Object.entries(spec.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => endpoint(path, method, op))));
  } catch (error) { showError(box, error); }
  document.body.dataset.ready = "true";
}

function endpoint(path, method, op) {
  const params = op.parameters || [];
  const body = op.requestBody && op.requestBody.content && op.requestBody.content["application/json"];
  return el("section", { class: "endpoint", "data-path": path },
    el("div", {}, el("span", { class: `method ${method}` }, method.toUpperCase()), el("span", { class: "path" }, path),
      op.summary ? el("span", { class: "muted" }, ` — ${op.summary}`) : null),
    op.description ? el("p", { class: "small" }, op.description) : null,
    params.length ? el("table", { class: "list small" },
      el("thead", {}, el("tr", {}, ["parameter", "in", "type", "required", "description"].map((h) => el("th", {}, h)))),
      el("tbody", {}, params.map((p) => el("tr", {}, el("td", {}, el("code", {}, p.name)), el("td", {}, p.in),
        el("td", {}, typeName(p.schema)), el("td", {}, p.required ? "yes" : ""), el("td", {}, p.description || ""))))) : null,
    body ? el("p", { class: "small" }, "JSON body: ", el("code", {}, typeName(body.schema))) : null,
    el("p", { class: "small muted" }, "Responses: ", Object.keys(op.responses || {}).join(", ")));
}

function typeName(schema) {
  if (!schema) return "";
  if (schema.$ref) return schema.$ref.split("/").pop();
  if (schema.anyOf) return schema.anyOf.map(typeName).filter(Boolean).join(" | ");
  if (schema.type === "array") return `${typeName(schema.items)}[]`;
  return schema.type + (schema.default !== undefined && schema.default !== null ? ` = ${JSON.stringify(schema.default)}` : "");
}

main();
