// Copy the vendored map library and the world outline from node_modules (installed by `npm ci` from
// package-lock.json) into the package's static folder. The output is gitignored: code from elsewhere
// never enters the repository, it is fetched by name and version at build time.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const target = join(here, "..", "src", "newsdesk", "serve", "static", "vendor");

// d3-geo's browser bundle reads d3-array from the same global (`d3`), so d3-array loads first.
const FILES = [
  ["d3-array", "dist/d3-array.min.js", "d3-array.min.js"],
  ["d3-geo", "dist/d3-geo.min.js", "d3-geo.min.js"],
  ["topojson-client", "dist/topojson-client.min.js", "topojson-client.min.js"],
  ["world-atlas", "countries-110m.json", "countries-110m.json"],
];

function version(pkg) {
  return JSON.parse(readFileSync(join(modules, pkg, "package.json"), "utf8")).version;
}

if (!existsSync(modules)) {
  console.error("web/node_modules is missing: run `npm ci` in web/ first");
  process.exit(1);
}
rmSync(target, { recursive: true, force: true });
mkdirSync(join(target, "licenses"), { recursive: true });
const manifest = {};
for (const [pkg, from, to] of FILES) {
  copyFileSync(join(modules, pkg, from), join(target, to));
  copyFileSync(join(modules, pkg, "LICENSE"), join(target, "licenses", `${pkg}.LICENSE`));
  manifest[to] = `${pkg}@${version(pkg)}`;
}
// What was copied from which package version; the server reports it and the tests check it.
writeFileSync(join(target, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`vendored ${Object.keys(manifest).length} files into ${target}`);
