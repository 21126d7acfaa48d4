// The API reference, drawn from /openapi.json by the desk itself, with a "try it" form per route. FastAPI's
// Swagger page would load its code from a CDN, which the offline rule and the CSP both forbid; this page
// needs nothing but this origin: each request is sent from here with fetch and its answer shown as text.

import { api, append, clear, el, showError, sortable } from "./desk.js";

const SHOWN_CHARS = 20000;

async function main() {
  const box = document.getElementById("api");
  try {
    const spec = await api("/openapi.json");
    append(clear(box), el("p", { class: "muted" }, `${spec.info.title} ${spec.info.version} — ${spec.info.description || ""}`),
      Object.entries(spec.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => endpoint(spec, path, method, op))));
  } catch (error) { showError(box, error); }
  document.body.dataset.ready = "true";
}

function endpoint(spec, path, method, op) {
  const params = op.parameters || [];
  const body = op.requestBody && op.requestBody.content && op.requestBody.content["application/json"];
  return el("section", { class: "endpoint", "data-path": path, "data-method": method },
    el("div", {}, el("span", { class: `method ${method}` }, method.toUpperCase()), el("span", { class: "path" }, path),
      op.summary ? el("span", { class: "muted" }, ` — ${op.summary}`) : null),
    op.description ? el("p", { class: "small" }, op.description) : null,
    params.length ? table(["parameter", "in", "type", "required", "description"], params.map((p) => [el("code", {}, p.name), p.in,
      typeName(p.schema), p.required ? "yes" : "", p.description || ""])) : null,
    body ? el("p", { class: "small" }, "JSON body: ", el("code", {}, typeName(body.schema))) : null,
    responses(spec, op),
    tryIt(spec, path, method, params, body));
}

/** The success response's model and its fields, and the other status codes. */
function responses(spec, op) {
  const codes = Object.keys(op.responses || {});
  const ok = (op.responses || {})["200"] || {};
  const content = ok.content || {};
  const json = content["application/json"];
  const schema = json && json.schema;
  const model = schema && resolve(spec, schema.type === "array" ? schema.items : schema);
  const media = Object.keys(content).filter((m) => m !== "application/json");
  return el("div", { class: "small response" },
    el("p", { class: "muted" }, "Responses: ", codes.join(", "),
      schema ? [" · 200: ", el("code", { "data-response-model": typeName(schema) }, typeName(schema))] : null,
      media.length ? ` · 200: a file (${media.join(", ")})` : null),
    model && model.properties ? el("details", {}, el("summary", {}, `fields of ${typeName(schema.type === "array" ? schema.items : schema)}`),
      table(["field", "type", "required", "description"], Object.entries(model.properties).map(([name, field]) => [
        el("code", {}, name), typeName(field), (model.required || []).includes(name) ? "yes" : "", field.description || ""]))) : null);
}

function resolve(spec, schema) {
  if (!schema || !schema.$ref) return schema;
  return spec.components.schemas[schema.$ref.split("/").pop()];
}

function table(headers, rows) {
  return sortable(el("table", { class: "list small" }, el("thead", {}, el("tr", {}, headers.map((h) => el("th", {}, h)))),
    el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((c) => el("td", {}, c)))))));
}

/** A form that sends this route's request from the page and shows the status and the answer. */
function tryIt(spec, path, method, params, body) {
  const inputs = params.map((p) => {
    const input = el("input", { name: p.name, "data-in": p.in, placeholder: p.schema && p.schema.default !== undefined && p.schema.default !== null ? String(p.schema.default) : "" });
    return [p, input];
  });
  const textarea = body ? el("textarea", { name: "body", rows: 6, cols: 70, spellcheck: "false" }, example(spec, body.schema)) : null;
  const output = el("pre", { class: "brief try-output", "data-output": "" });
  const send = el("button", { type: "submit", class: "primary" }, "Send");
  const form = el("form", { class: "try card" },
    inputs.map(([p, input]) => el("label", {}, `${p.name}${p.required ? " *" : ""}`, input)),
    textarea ? el("label", {}, "JSON body", textarea) : null, send, output);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    output.textContent = "…";
    try {
      output.textContent = await request(path, method, inputs, textarea);
    } catch (error) { output.textContent = String(error.message || error); }
    output.dataset.done = "true";
  });
  return el("details", { class: "try-it" }, el("summary", {}, "Try it"), form);
}

async function request(path, method, inputs, textarea) {
  let url = path;
  const query = new URLSearchParams();
  for (const [p, input] of inputs) {
    const value = input.value.trim();
    if (!value) continue;
    if (p.in === "path") url = url.replace(`{${p.name}}`, encodeURIComponent(value)).replace(`{${p.name}:path}`, encodeURIComponent(value));
    else if (p.in === "query") query.set(p.name, value);
  }
  if (/\{[^}]+\}/.test(url)) throw new Error("fill in the path parameters (marked *)");
  const target = query.toString() ? `${url}?${query}` : url;
  const init = { method: method.toUpperCase(), credentials: "same-origin", headers: { Accept: "application/json, */*" } };
  if (textarea) { init.body = textarea.value; init.headers["Content-Type"] = "application/json"; }
  const response = await fetch(target, init);
  const type = response.headers.get("content-type") || "";
  let text;
  if (type.includes("json")) {
    const raw = await response.text();
    try { text = JSON.stringify(JSON.parse(raw), null, 2); } catch { text = raw; }
  } else if (type.startsWith("text/")) {
    text = await response.text();
  } else {
    text = `(${(await response.blob()).size} bytes of ${type || "binary data"})`;
  }
  const shown = text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}\n… (${text.length - SHOWN_CHARS} more characters)` : text;
  return `${method.toUpperCase()} ${target}\n${response.status} ${response.statusText} · ${type}\n\n${shown}`;
}

/** A starting body for a JSON request: the model's required fields and a text example. */
function example(spec, schema) {
  const model = resolve(spec, schema) || {};
  const body = {};
  for (const [name, field] of Object.entries(model.properties || {})) {
    if ((model.required || []).includes(name)) body[name] = field.type === "array" ? [] : field.type === "integer" ? 0 : "";
  }
  if (model.properties && model.properties.text && !body.text) body.text = "Protesters marched in Kabul on Monday, the ministry said.";
  return JSON.stringify(body, null, 2);
}

function typeName(schema) {
  if (!schema) return "";
  if (schema.$ref) return schema.$ref.split("/").pop();
  if (schema.anyOf) return schema.anyOf.map(typeName).filter(Boolean).join(" | ");
  if (schema.type === "array") return `${typeName(schema.items)}[]`;
  if (schema.type === "object" && schema.additionalProperties && typeof schema.additionalProperties === "object") {
    return `{string: ${typeName(schema.additionalProperties)}}`;
  }
  return (schema.type || "any") + (schema.default !== undefined && schema.default !== null ? ` = ${JSON.stringify(schema.default)}` : "");
}

main();
