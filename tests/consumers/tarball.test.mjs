// The tarball `npm pack pkg` makes, as the registry would get it: exactly the package's files
// (README included; no tests, no source maps, nothing from the repository), no path of the machine
// that built it in any file (the .wasm included), and package.json metadata that points at files
// that are really in the tarball.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir, homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../../", import.meta.url));
const EXPECTED = [
  "CHANGELOG.md",
  "README.md",
  "imagegen_wasm.d.ts",
  "imagegen_wasm.js",
  "imagegen_wasm_bg.wasm",
  "imagegen_wasm_bg.wasm.d.ts",
  "index.d.ts",
  "index.js",
  "package.json",
];

let dir;
let files; // path -> Buffer, as unpacked from the tarball
let manifest;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "imagegen-tarball-"));
  const { stdout } = await run("npm", ["pack", join(REPO, "pkg"), "--pack-destination", dir, "--json", "--loglevel=error"]);
  const tgz = join(dir, JSON.parse(stdout)[0].filename);
  await run("tar", ["-xzf", tgz, "-C", dir]);
  files = new Map();
  const walk = (sub) => {
    for (const entry of readdirSync(join(dir, "package", sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else files.set(rel, readFileSync(join(dir, "package", rel)));
    }
  };
  walk("");
  manifest = JSON.parse(files.get("package.json").toString("utf8"));
});

after(() => dir && rmSync(dir, { recursive: true, force: true }));

test("the tarball holds exactly the package's files", () => {
  assert.deepEqual([...files.keys()].sort(), EXPECTED);
  for (const name of files.keys()) {
    assert.doesNotMatch(name, /(^|\/)(tests?|__tests__|fixtures)\/|\.test\.|\.spec\./, `${name} is a test file`);
    assert.doesNotMatch(name, /\.map$/, `${name} is a source map`);
  }
  for (const name of ["index.js", "imagegen_wasm.js"]) {
    assert.doesNotMatch(files.get(name).toString("utf8"), /sourceMappingURL/, `${name} points at a source map`);
  }
});

test("no file names a path of the machine that built it", () => {
  const repo = REPO.replace(/\/$/, "");
  const cargoHome = process.env.CARGO_HOME ?? join(homedir(), ".cargo");
  const needles = [repo, homedir(), cargoHome, "/root/", "/home/", "/work/", "/tmp/", "/.cargo/", "/registry/src/", "\\Users\\", "C:\\"]
    .filter((n) => n && n !== "/");
  for (const [name, bytes] of files) {
    const text = bytes.toString("latin1"); // byte for byte, the .wasm too
    for (const needle of needles) {
      assert.equal(text.includes(needle), false, `${name} contains ${JSON.stringify(needle)}`);
    }
  }
  // The wasm does carry panic locations, remapped to /cargo and /src (scripts/env.sh).
  const wasm = files.get("imagegen_wasm_bg.wasm").toString("latin1");
  assert.equal(wasm.includes("/src/") || wasm.includes("/cargo/"), true, "remapped paths are what the .wasm carries");
});

test("package.json points at files in the tarball, with the metadata users look for", () => {
  for (const entry of manifest.files) assert.ok(files.has(entry), `"files" lists ${entry}, which is not packed`);
  const targets = [manifest.main, manifest.module, manifest.types, ...Object.values(manifest.exports).flatMap((e) => (typeof e === "string" ? [e] : Object.values(e)))];
  for (const target of targets) assert.ok(files.has(target.replace(/^\.\//, "")), `${target} is not packed`);
  assert.equal(manifest.type, "module");
  assert.equal(manifest.license, "MIT OR Apache-2.0");
  assert.match(manifest.repository?.url ?? "", /^git\+https:\/\//);
  assert.match(manifest.homepage ?? "", /^https:\/\//);
  assert.match(manifest.bugs?.url ?? "", /^https:\/\//);
  assert.ok(manifest.keywords.includes("openai") && manifest.keywords.includes("wasm"));
  assert.equal(manifest.engines?.node, ">=20");
  // The Node-only branch of index.js is left out of browser bundles (esbuild cannot resolve it).
  assert.deepEqual(manifest.browser, { "node:fs/promises": false });
  assert.ok(files.get("index.js").toString("utf8").includes('"node:fs/promises"'), "index.js still has the Node branch the browser map names");
});

test("the README says how to install, start, proxy and handle errors, and links the full README", () => {
  const readme = files.get("README.md").toString("utf8");
  for (const heading of ["## Install", "## Quick start", "proxy pattern", "## Errors", "## Browser support"]) {
    assert.ok(readme.includes(heading), `README lacks ${heading}`);
  }
  assert.match(readme, /npm install imagegen-wasm/);
  assert.match(readme, /\[the project README\]\(https:\/\/[^)]+\)/);
  // Every name the README imports is exported by the package.
  const exported = new Set([...files.get("index.js").toString("utf8").matchAll(/export \{([^}]+)\}/g)].flatMap((m) => m[1].split(",").map((s) => s.trim())));
  for (const m of readme.matchAll(/import \{([^}]+)\} from "imagegen-wasm"/g)) {
    for (const name of m[1].split(",").map((s) => s.trim())) assert.ok(exported.has(name), `README imports ${name}, which index.js does not export`);
  }
});
