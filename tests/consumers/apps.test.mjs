// The package as users install it: `npm pack pkg`, then fresh apps outside the repository that
// `npm install` the tarball (and their bundler, pinned, from the npm registry) and run one generate
// and one edit against the offline fake API: Vite with no wasm plugin, webpack 5, esbuild, a plain
// `<script type="module">` page with an import map (all four in headless Chromium), and Node.
//
// Each app is the same source (app/app.js, app/node.mjs), importing "imagegen-wasm" by name. What
// is checked: the page ran without errors, both images are blob: URLs the browser decodes to the
// size the package reported, and the fake received exactly one JSON generation and one multipart
// edit whose file part has the MIME type sniffed from the bytes. Timings go to the test output.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, mkdirSync, writeFileSync, copyFileSync, readFileSync, existsSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, extname, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startFakeApi } from "../fake-api/server.mjs";

const run = promisify(execFile);
const HERE = fileURLToPath(new URL(".", import.meta.url));
const REPO = fileURLToPath(new URL("../../", import.meta.url));
const ARTIFACTS = join(REPO, "tests/artifacts");
const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
// The bundlers, pinned: what a user would have installed on 2026-12-01.
const VERSIONS = { vite: "8.3.8", webpack: "5.113.0", "webpack-cli": "7.3.1", esbuild: "0.28.2" };

let work;
let tarball;
let fake;
let browser;

before(async () => {
  work = mkdtempSync(join(tmpdir(), "imagegen-consumers-"));
  const { stdout } = await run("npm", ["pack", join(REPO, "pkg"), "--pack-destination", work, "--json", "--loglevel=error"]);
  tarball = join(work, JSON.parse(stdout)[0].filename);
  fake = await startFakeApi({ port: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  mkdirSync(ARTIFACTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await fake?.close();
  if (work && !process.env.KEEP_CONSUMER_APPS) rmSync(work, { recursive: true, force: true });
});

/** A fresh app directory with package.json naming the tarball and these devDependencies, installed. */
async function freshApp(name, devDependencies = {}) {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({
    name: `consumer-${name}`, private: true, type: "module",
    dependencies: { "imagegen-wasm": `file:${tarball}` },
    devDependencies,
  }, null, 2));
  for (const file of ["app.js", "index.html", "importmap.html", "node.mjs"]) copyFileSync(join(HERE, "app", file), join(dir, file));
  const started = Date.now();
  await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, maxBuffer: 16 << 20 });
  console.log(`# ${name}: npm install ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // Installed from the tarball, not linked to the repository.
  const installed = join(dir, "node_modules/imagegen-wasm");
  assert.ok(!statSync(installed).isSymbolicLink?.() && existsSync(join(installed, "imagegen_wasm_bg.wasm")));
  return dir;
}

async function build(dir, name, command, args) {
  const started = Date.now();
  try {
    await run(join(dir, "node_modules/.bin", command), args, { cwd: dir, maxBuffer: 16 << 20 });
  } catch (error) {
    throw new Error(`${name}: ${command} ${args.join(" ")} failed:\n${error.stdout}\n${error.stderr}`);
  }
  console.log(`# ${name}: build ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };

/** Serves `root` as static files on a free port; `{ url, close }`. */
async function serve(root) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = join(root, path.endsWith("/") ? `${path}index.html` : path);
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

let sessions = 0;
function session(name) {
  const id = `consumer-${name}-${Date.now()}-${++sessions}`;
  return { id, base: `${fake.url}/s/${id}/v1` };
}

async function requestsOf(id) {
  const all = await (await fetch(`${fake.url}/__control/sessions/${id}/requests`)).json();
  return all.filter((r) => r.method !== "OPTIONS");
}

/** What the fake must have received for one generate and one edit. */
async function assertWire(name, id) {
  const requests = await requestsOf(id);
  assert.deepEqual(requests.map((r) => `${r.method} ${r.path.replace(/^\/s\/[^/]+/, "")}`),
    ["POST /v1/images/generations", "POST /v1/images/edits"], `${name}: the requests the fake received`);
  const [generation, edit] = requests;
  assert.deepEqual(generation.json, { model: "gpt-image-2", prompt: "A paper boat at sunrise", size: "1024x1024", quality: "low" });
  assert.equal(generation.headers.authorization?.startsWith("Bearer sk-consumer-"), true);
  assert.match(edit.contentType, /^multipart\/form-data; boundary=/);
  const image = edit.parts.find((p) => p.name === "image");
  assert.equal(image?.contentType, "image/png", `${name}: the file part's type is sniffed from its bytes`);
  assert.equal(image?.filename, "photo.png", `${name}: the filename gets the extension of its format`);
  assert.deepEqual(edit.parts.filter((p) => !p.filename).map((p) => [p.name, p.value]).sort(),
    [["model", "gpt-image-2"], ["prompt", "Add a hat"], ["quality", "low"]]);
}

/** Opens the app page in Chromium and checks what it saw. */
async function assertPage(name, url) {
  const { id, base } = session(name);
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  try {
    await page.goto(`${url}?api=${encodeURIComponent(base)}`);
    await page.waitForFunction(() => window.__consumerResult !== undefined, null, { timeout: 30_000 });
    const result = await page.evaluate(() => window.__consumerResult);
    await page.screenshot({ path: join(ARTIFACTS, `consumer-${name}.png`) });
    assert.equal(result.error, undefined, `${name}: the app failed: ${result.error}`);
    for (const key of ["generated", "edited"]) {
      const r = result[key];
      assert.equal(r.count, 1);
      assert.match(r.url, /^blob:/);
      assert.equal(r.mimeType, "image/png");
      assert.deepEqual(r.shown, { width: r.width, height: r.height }, `${name}: ${key} shows at the size the package read`);
    }
    assert.deepEqual(result.generated.shown, { width: 1024, height: 1024 });
    assert.equal(result.knowsModels, true);
    assert.equal(result.liveObjectURLs, 2);
    assert.deepEqual(errors, [], `${name}: the page logged no errors`);
    await assertWire(name, id);
  } finally {
    await context.close();
  }
}

const TIMEOUT = { timeout: 600_000 };

test("Vite 8 app, no wasm plugin: vite build, then the built page", TIMEOUT, async () => {
  const dir = await freshApp("vite", { vite: VERSIONS.vite });
  await build(dir, "vite", "vite", ["build", "--logLevel", "warn"]);
  assert.ok(readFileSync(join(dir, "dist/index.html"), "utf8").includes("<script"));
  const server = await serve(join(dir, "dist"));
  try {
    await assertPage("vite", `${server.url}/index.html`);
  } finally {
    await server.close();
  }
});

test("webpack 5 app: the .wasm is emitted as an asset from new URL(..., import.meta.url)", TIMEOUT, async () => {
  const dir = await freshApp("webpack", { webpack: VERSIONS.webpack, "webpack-cli": VERSIONS["webpack-cli"] });
  writeFileSync(join(dir, "webpack.config.js"), `export default {
  mode: "production",
  entry: "./app.js",
  output: { path: new URL("./dist/", import.meta.url).pathname, filename: "app.js", clean: true },
};
`);
  await build(dir, "webpack", "webpack", ["--no-color"]);
  copyFileSync(join(dir, "index.html"), join(dir, "dist/index.html"));
  const server = await serve(join(dir, "dist"));
  try {
    await assertPage("webpack", `${server.url}/index.html`);
  } finally {
    await server.close();
  }
});

test("esbuild app: one ESM bundle, the .wasm copied next to it", TIMEOUT, async () => {
  const dir = await freshApp("esbuild", { esbuild: VERSIONS.esbuild });
  await build(dir, "esbuild", "esbuild", ["app.js", "--bundle", "--format=esm", "--platform=browser", "--outdir=dist", "--log-level=warning"]);
  // esbuild leaves `new URL("./imagegen_wasm_bg.wasm", import.meta.url)` as it is: the file goes
  // next to the bundle, as the package README says.
  copyFileSync(join(dir, "node_modules/imagegen-wasm/imagegen_wasm_bg.wasm"), join(dir, "dist/imagegen_wasm_bg.wasm"));
  copyFileSync(join(dir, "index.html"), join(dir, "dist/index.html"));
  const server = await serve(join(dir, "dist"));
  try {
    await assertPage("esbuild", `${server.url}/index.html`);
  } finally {
    await server.close();
  }
});

test("plain <script type=module> page with an import map, no build step", TIMEOUT, async () => {
  const dir = await freshApp("importmap");
  const server = await serve(dir);
  try {
    await assertPage("importmap", `${server.url}/importmap.html`);
  } finally {
    await server.close();
  }
});

test("Node ≥ 20, server-side: generate and edit with Node's own fetch, Blob and FormData", TIMEOUT, async () => {
  const dir = await freshApp("node");
  const { id, base } = session("node");
  const photo = join(REPO, "tests/fixtures/images/rgb.png");
  const { stdout } = await run(process.execPath, ["node.mjs", base, photo], { cwd: dir });
  const report = JSON.parse(stdout.trim().split("\n").at(-1));
  for (const key of ["generated", "edited"]) {
    const r = report[key];
    assert.equal(r.count, 1);
    assert.match(r.url, /^blob:nodedata:/);
    assert.equal(r.mimeType, "image/png");
    assert.deepEqual(r.pngSignature, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(r.objectURLMatches, true, `${key}: the object URL holds the image's bytes`);
  }
  assert.deepEqual([report.generated.width, report.generated.height], [1024, 1024]);
  assert.equal(report.liveObjectURLs, 2);
  assert.equal(report.liveAfterRevokeAll, 0);
  await assertWire("node", id);
});
