// The demo page end to end: www/serve.mjs (static server + offline fake API) and the page in
// Debian's Chromium through playwright-core. Expected values come from the package itself, run in
// Node (models(), a client's listModels() against the same fake API, validateGenerate(),
// estimateCost(), validateEdit() on the same fixture files), and from the fake API's request log,
// never from copies of the library's messages or model table. Edits use real image files from
// tests/fixtures/images/. Screenshots go to tests/artifacts/.
//
// Every test gets a fresh browser context and page (beforeEach): no test depends on another's
// state or order. The demo server and its fake API are shared; tests that read the fake's request
// log look at the requests made after they started.

import { test, before, after, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startDemo } from "../../www/serve.mjs";
import { ImagesClient, models, validateGenerate, estimateCost } from "../../pkg/index.js";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));
const OFFLINE_PROVIDER = "compatible"; // what the page's "Offline fake API" entry uses
const PREFERRED_MODEL = "gpt-image-2.6-sunburst"; // the page's default when the API lists it as current
const SECRET_KEY = "sk-demo-test-key-0123456789";
const FIXTURES = fileURLToPath(new URL("../fixtures/images/", import.meta.url));
const VIEWPORT = { width: 1280, height: 900 };

let demo;
let browser;
let context;
let page;
let pageErrors;
let consoleLines;
let requestedUrls;
let testStartedAt;
let otherOrigins; // origins a test deliberately points the page at (a real provider's, never reached here)

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is required for the page tests`);
  mkdirSync(ARTIFACTS, { recursive: true });
  demo = await startDemo({ port: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});

after(async () => {
  await browser?.close();
  await demo?.close();
});

beforeEach(async () => {
  testStartedAt = Date.now();
  pageErrors = [];
  consoleLines = [];
  requestedUrls = [];
  otherOrigins = [];
  context = await browser.newContext({ viewport: VIEWPORT });
  page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => consoleLines.push(message.text()));
  page.on("request", (req) => requestedUrls.push(req.url()));
  page.setDefaultTimeout(10_000);
  await page.goto(demo.url);
  await page.waitForSelector('body[data-ready="true"]');
});

// Every page loads nothing from elsewhere and throws nothing, whatever the test did.
afterEach(async () => {
  try {
    const allowed = [new URL(demo.url).origin, new URL(demo.fakeApiUrl).origin, ...otherOrigins];
    const foreign = requestedUrls.filter((u) => !u.startsWith("blob:") && !u.startsWith("data:") && !allowed.includes(new URL(u).origin));
    assert.deepEqual(foreign, [], "the page loaded nothing from elsewhere");
    assert.deepEqual(pageErrors, [], "the page threw no errors");
  } finally {
    await context?.close();
  }
});

// ---- helpers -----------------------------------------------------------------------------------

const issuesOf = (field) => page.locator(`[data-field="${field}"] .issues .issue`);
const generateButton = () => page.locator("#submit");
const offlineBaseURL = () => `${demo.fakeApiUrl}/proxy/v1`;

/** A client like the one the offline page builds, for expectations computed in Node. */
async function withOfflineClient(use) {
  const client = new ImagesClient({ provider: OFFLINE_PROVIDER, baseURL: offlineBaseURL() });
  try {
    return await use(client);
  } finally {
    client.free();
  }
}

/** What listModels() gives for the offline fake API, from Node. */
const listedModels = () => withOfflineClient((client) => client.listModels());

/** The ModelInfo of a model the fake lists, from Node's listModels(). */
async function listedModel(id) {
  const model = (await listedModels()).find((m) => m.id === id);
  assert.ok(model, `the fake API lists ${id}`);
  return model;
}

/** Sets params by their field ids (`#param-NAME`, or the id itself when it starts with #). */
async function setParams({ model, ...fields }) {
  if (model) await page.selectOption("#param-model", model);
  for (const [name, value] of Object.entries(fields)) {
    const control = page.locator(name.startsWith("#") ? name : `#param-${name}`);
    const kind = await control.evaluate((el) => (el.type === "checkbox" ? "checkbox" : el.tagName));
    if (kind === "checkbox") await control.setChecked(value);
    else if (kind === "SELECT") await control.selectOption(String(value));
    else await control.fill(String(value));
  }
}

const shownFields = () => page.locator("#param-fields [data-field]").evaluateAll((fs) => fs.map((f) => f.dataset.field));
const optionValues = (select) => page.locator(`${select} option`).evaluateAll((os) => os.map((o) => o.value).filter(Boolean));

async function simulate(scenario) {
  await page.selectOption("#provider", "offline");
  await page.selectOption("#simulate", scenario);
}

/** Generates (with the button, or Ctrl+Enter in the prompt) and waits for the new result block. */
async function generateAndWaitForResult({ keyboard = false } = {}) {
  const before = await page.locator(".result").count();
  if (keyboard) {
    await page.focus("#param-prompt");
    await page.keyboard.press("Control+Enter");
  } else {
    await generateButton().click();
  }
  await page.waitForFunction((n) => document.querySelectorAll(".result").length > n || !document.getElementById("error").hidden, before);
  assert.equal(await page.locator("#error").isHidden(), true, `the request failed: ${await page.locator("#error").textContent()}`);
  return page.locator(".result").first();
}

async function generateAndWaitForError() {
  await generateButton().click();
  await page.locator("#error").waitFor({ state: "visible" });
  return {
    name: await page.locator("#error .error-name").textContent(),
    kind: await page.locator("#error .badge.kind").textContent(),
    facts: Object.fromEntries(await page.locator("#error dd").evaluateAll((dds) => dds.map((dd) => [dd.dataset.term, dd.textContent]))),
  };
}

// From the top of the page, the way the page first shows.
async function screenshot(name, options = {}) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${ARTIFACTS}${name}`, ...options });
}

/** The fake API's log of the default session (the page's normal requests), since this test started. */
async function fakeLog() {
  const log = await (await fetch(`${demo.fakeApiUrl}/__control/sessions/default/requests`)).json();
  return log.filter((r) => r.receivedAt >= testStartedAt);
}

async function proxyRequests(endpoint) {
  return (await fakeLog()).filter((r) => r.method === "POST" && r.path === `/proxy/v1/images/${endpoint}`);
}

const lastProxyRequest = async (endpoint = "generations") => (await proxyRequests(endpoint)).at(-1);

const setMode = (mode) => page.check(`input[name="mode"][value="${mode}"]`);

/** A fixture image: its path (for setInputFiles), bytes, and a File for the package in Node. */
function fixture(name) {
  const bytes = readFileSync(`${FIXTURES}${name}`);
  return { name, path: `${FIXTURES}${name}`, sha256: createHash("sha256").update(bytes).digest("hex"), file: new File([bytes], name) };
}

/** What the package itself says about these edit params, with the client the offline page uses. */
const expectedEditIssues = (params) => withOfflineClient((client) => client.validateEdit(params));

/** Waits for the page's pre-flight check of the current files and params, and reads its summary. */
async function editVerdict() {
  await page.waitForFunction(() => !document.getElementById("issue-summary").hasAttribute("aria-busy"));
  const summary = page.locator("#issue-summary");
  return { className: await summary.getAttribute("class"), text: await summary.innerText() };
}

// Reads the image as the browser decoded it (decode() rejects when it cannot be shown).
const decodedSize = (img) => img.evaluate(async (el) => {
  await el.decode();
  return { width: el.naturalWidth, height: el.naturalHeight, src: el.src };
});

/** Draws one stroke across the markup canvas with the mouse. */
async function drawStroke() {
  const box = await page.locator("#markup-brush canvas").boundingBox();
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.3);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.7, { steps: 10 });
  await page.mouse.up();
}

function rawGet(path) {
  const { port } = new URL(demo.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "GET" }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode, type: res.headers["content-type"] }));
    });
    req.on("error", reject);
    req.end();
  });
}

// ---- the server ----------------------------------------------------------------------------------

test("the server serves the page, the package and config.json with the right types", async () => {
  const config = await (await fetch(new URL("/config.json", demo.url))).json();
  assert.deepEqual(config, { fakeApiUrl: demo.fakeApiUrl });
  assert.equal((await rawGet("/")).type, "text/html; charset=utf-8");
  assert.equal((await rawGet("/app.js")).type, "text/javascript; charset=utf-8");
  assert.equal((await rawGet("/pkg/index.js")).type, "text/javascript; charset=utf-8");
  assert.equal((await rawGet("/pkg/imagegen_wasm_bg.wasm")).type, "application/wasm");
});

test("the server serves nothing outside www/ and pkg/", async () => {
  for (const path of ["/pkg/../../Cargo.toml", "/%2e%2e/Cargo.toml", "/..%2fCargo.toml", "/pkg/..%2f..%2fCargo.toml",
    "/pkg/%2e%2e/%2e%2e/src/lib.rs", "/serve.mjs", "/pkg/..%5c..%5cCargo.toml", "/.git/config", "/pkg/package.json/"]) {
    assert.equal((await rawGet(path)).status, 404, path);
  }
});

test("node www/serve.mjs prints the demo URL, serves it, and stops cleanly on SIGTERM", async () => {
  const server = spawn(process.execPath, [fileURLToPath(new URL("../../www/serve.mjs", import.meta.url)), "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  try {
    let output = "";
    server.stdout.setEncoding("utf8");
    const url = await new Promise((resolve, reject) => {
      server.stdout.on("data", (chunk) => {
        output += chunk;
        const m = /^Demo: (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(output);
        if (m) resolve(m[1]);
      });
      server.once("exit", (code) => reject(new Error(`serve.mjs exited with ${code} before printing its URL`)));
    });
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<title>imagegen-wasm demo<\/title>/);
    const exited = once(server, "exit");
    server.kill("SIGTERM");
    const [code] = await exited;
    assert.equal(code, 0);
    assert.equal(output.split("\n").filter((line) => line.startsWith("Demo:")).length, 1);
  } finally {
    if (server.exitCode === null) server.kill("SIGKILL");
  }
});

// ---- the model list ----------------------------------------------------------------------------

test("the model list comes from listModels(), with each model's status today and the table's other models marked", async () => {
  const listed = await listedModels();
  assert.ok(listed.length > 0, "the fake API lists image models");
  const options = await page.locator("#param-model option").evaluateAll((os) => os.map((o) => ({
    id: o.value, label: o.textContent, status: o.dataset.status, listed: o.dataset.listed, group: o.parentElement.label,
  })));
  // The page asked the fake API itself (GET /proxy/v1/models from the browser).
  const asked = (await fakeLog()).filter((r) => r.method === "GET" && r.path === "/proxy/v1/models" && /Chrom/.test(r.headers["user-agent"] ?? ""));
  assert.ok(asked.length >= 1, "the page called GET /models");

  // Exactly the listed models are marked listed, in the library's order, with the library's status.
  assert.deepEqual(options.filter((o) => o.listed === "true").map((o) => o.id), listed.map((m) => m.id));
  for (const model of listed) {
    const option = options.find((o) => o.id === model.id);
    assert.equal(option.status, model.status, `${model.id}: status`);
    if (model.status !== "current") assert.ok(option.label.includes(model.shutdownDate ?? model.status.replace("_", " ")), `${model.id}: "${option.label}" shows its date`);
    if (!model.known) assert.match(option.label, /not in the library's table/);
  }
  // A model of the raw list that is an image model is on the page.
  const raw = await (await fetch(`${offlineBaseURL()}/models`)).json();
  const rawImageId = raw.data.map((d) => d.id).find((id) => listed.some((m) => m.id === id));
  assert.ok(rawImageId && options.some((o) => o.id === rawImageId), `${rawImageId} from GET /models is offered`);
  assert.ok(!options.some((o) => o.id === "whisper-1" || o.id === "gpt-5"), "non-image models are filtered out");

  // The table's models the API did not list follow, marked; a shut-down one is marked and never the default.
  const table = models({ provider: OFFLINE_PROVIDER });
  const unlisted = table.filter((m) => !listed.some((l) => l.id === m.id || m.snapshots.includes(l.id)));
  for (const model of unlisted) {
    const option = options.find((o) => o.id === model.id);
    assert.ok(option, `${model.id} from models() is offered`);
    assert.equal(option.listed, "false");
    assert.match(option.label, /not listed by this API/);
  }
  const shutDown = options.find((o) => o.status === "shut_down");
  assert.ok(shutDown, "some model is shut down today");
  const shutDownInfo = [...listed, ...table].find((m) => m.id === shutDown.id);
  assert.equal(shutDown.group, "Shut down");
  assert.ok(shutDown.label.includes(`shut down on ${shutDownInfo.shutdownDate}`), shutDown.label);
  if (shutDownInfo.replacement) assert.ok(shutDown.label.includes(`→ ${shutDownInfo.replacement}`), shutDown.label);

  // The default: the preferred 2.6 model when it is listed and current, else the first current listed one.
  const preferred = listed.find((m) => m.id === PREFERRED_MODEL && m.status === "current");
  const expectedDefault = preferred ?? listed.find((m) => m.status === "current" && m.endpoints.includes("generations"));
  const picked = await page.inputValue("#param-model");
  assert.equal(picked, expectedDefault.id);
  assert.notEqual(options.find((o) => o.id === picked).status, "shut_down");

  // The facts cite the row's public source, never a file users cannot read.
  const source = page.locator("#param-model-facts a");
  assert.equal(await source.getAttribute("href"), expectedDefault.source.url);
  assert.match(expectedDefault.source.url, /^https:\/\//);
  assert.doesNotMatch(await page.locator("body").innerText(), /API_RULES/);
  await screenshot("demo-models.png");

  // Picking the shut-down model: the library's model_shut_down issue beside the select (an error
  // on OpenAI itself, a warning through a proxy, which may still serve it: then Generate stays
  // enabled), and a button that switches to the replacement.
  await setParams({ model: shutDown.id });
  const prompt = await page.inputValue("#param-prompt");
  const expected = validateGenerate({ model: shutDown.id, prompt }, { provider: OFFLINE_PROVIDER });
  const issue = expected.find((i) => i.field === "model");
  assert.equal(issue?.code, "model_shut_down");
  await issuesOf("model").filter({ hasText: issue.message }).waitFor();
  assert.equal(await generateButton().isDisabled(), issue.severity === "error");
  if (shutDownInfo.replacement && options.some((o) => o.id === shutDownInfo.replacement)) {
    await page.click("#param-model-replace");
    assert.equal(await page.inputValue("#param-model"), shutDownInfo.replacement);
    assert.equal(await issuesOf("model").count(), 0);
  }
});

test("each parameter field is shown only for models that take it, with the model's own values", async () => {
  const listed = (await listedModels()).filter((m) => m.endpoints.includes("generations"));
  for (const model of listed) {
    await setParams({ model: model.id });
    const shown = new Set(await shownFields());
    assert.equal(shown.has("style"), model.styles.length > 0, `${model.id}: style`);
    assert.equal(shown.has("output_format"), model.outputFormats.length > 0, `${model.id}: output_format`);
    assert.equal(shown.has("background"), model.backgrounds.length > 0, `${model.id}: background`);
    assert.equal(shown.has("quality"), model.qualities.length > 0, `${model.id}: quality`);
    assert.equal(shown.has("complexity"), model.complexities.length > 0, `${model.id}: complexity`);
    assert.equal(shown.has("response_format"), model.responseFormats.length > 0, `${model.id}: response_format`);
    assert.equal(shown.has("moderation"), model.moderations.length > 0, `${model.id}: moderation`);
    assert.equal(shown.has("stream"), model.streaming, `${model.id}: stream`);
    assert.equal(shown.has("input_fidelity"), false, `${model.id}: edit-only fields in generate mode`);
    assert.equal(shown.has("frame_count") || shown.has("svg.model"), false, `${model.id}: format-only fields before a format is picked`);
    if (model.qualities.length > 0) assert.deepEqual(await optionValues("#param-quality"), model.qualities, `${model.id}: qualities`);
    if (model.outputFormats.length > 0) assert.deepEqual(await optionValues("#param-output_format"), model.outputFormats, `${model.id}: formats`);
    assert.deepEqual(await optionValues("#param-n"), Array.from({ length: model.maxN }, (_, i) => String(i + 1)), `${model.id}: n up to maxN`);
    const customSize = await page.locator("#param-size-custom").count();
    assert.equal(customSize === 1, model.sizes.kind !== "list", `${model.id}: free WxH size input`);
    if (model.sizes.kind === "free") {
      const hint = await page.locator('[data-field="size"] .hint').textContent();
      assert.ok(hint.includes(`multiples of ${model.sizes.multipleOf}`) && hint.includes(model.sizes.maxPixels.toLocaleString("en-US")), `${model.id}: the free-size rule is shown`);
    }
  }
  const xhigh = listed.find((m) => m.qualities.includes("xhigh") && m.qualities.includes("max"));
  assert.ok(xhigh, "a listed model takes xhigh and max");
});

test("an invalid setting shows its issue beside the field and disables Generate; warn mode sends anyway", async () => {
  const model = (await listedModels()).find((m) => m.outputFormats.includes("jpeg") && m.status === "current");
  await setParams({ model: model.id, output_format: "jpeg" });
  await setParams({ output_compression: 150 });
  const prompt = await page.inputValue("#param-prompt");
  const params = { model: model.id, prompt, output_format: "jpeg", output_compression: 150 };
  const expected = validateGenerate(params, { provider: OFFLINE_PROVIDER });
  assert.ok(expected.some((i) => i.field === "output_compression" && i.severity === "error"), "the package itself rejects output_compression 150");
  for (const issue of expected) {
    const line = issuesOf(issue.field).filter({ hasText: issue.message });
    assert.equal(await line.count(), 1, `${issue.field}: "${issue.message}" beside the field`);
    assert.match(await line.getAttribute("class"), new RegExp(`\\b${issue.severity}\\b`));
  }
  assert.equal(await page.getAttribute("#param-output_compression", "aria-invalid"), "true");
  assert.equal(await generateButton().isDisabled(), true);
  assert.match(await page.locator("#issue-summary").textContent(), /error/);

  // validation "warn": the client sends it anyway, so the button is enabled and the summary says so.
  await page.selectOption("#validation", "warn");
  await page.waitForFunction(() => !document.getElementById("submit").disabled);
  assert.match(await page.locator("#issue-summary").textContent(), /sent anyway/);
  await page.selectOption("#validation", "strict");

  await setParams({ output_compression: 80 });
  assert.equal(await issuesOf("output_compression").count(), 0);
  assert.equal(await generateButton().isEnabled(), true);
});

test("a bad free size is flagged and a good one accepted", async () => {
  const model = (await listedModels()).find((m) => m.sizes.kind === "free" && m.status === "current");
  await setParams({ model: model.id, size: "custom", "size-custom": "1024x576" });
  const prompt = await page.inputValue("#param-prompt");
  const issues = validateGenerate({ model: model.id, prompt, size: "1024x576" }, { provider: OFFLINE_PROVIDER });
  const issue = issues.find((i) => i.field === "size");
  assert.ok(issue, "the package rejects 1024x576 (too few pixels)");
  await issuesOf("size").filter({ hasText: issue.message }).waitFor();
  assert.equal(await generateButton().isDisabled(), issue.severity !== "warning");

  await setParams({ "size-custom": "2048x1152" });
  assert.equal(await issuesOf("size").count(), 0);
  assert.equal(await generateButton().isEnabled(), true);
});

test("the prompt counter follows the model's limit", async () => {
  const model = (await listedModels()).filter((m) => m.maxPromptChars !== null).sort((a, b) => a.maxPromptChars - b.maxPromptChars)[0];
  await setParams({ model: model.id, prompt: "x".repeat(model.maxPromptChars + 1) });
  const counter = page.locator("#param-prompt-count");
  assert.match(await counter.textContent(), new RegExp(`${(model.maxPromptChars + 1).toLocaleString("en-US")} / ${model.maxPromptChars.toLocaleString("en-US")}`));
  assert.match(await counter.getAttribute("class"), /\bover\b/);
  assert.equal(await issuesOf("prompt").count(), 1);
  assert.equal(await generateButton().isDisabled(), true);
});

// ---- generating ------------------------------------------------------------------------------

test("a valid request in offline mode shows N images that really loaded, with their facts and cost", async () => {
  const model = await listedModel("gpt-image-2");
  const params = { model: model.id, size: "1024x1536", quality: "low", n: 2, output_format: "webp" };
  await setParams(params);
  const prompt = await page.inputValue("#param-prompt");
  const estimate = estimateCost({ ...params, prompt });
  if (estimate) {
    const tokens = estimate.outputTokens === undefined ? "" : `, ${estimate.outputTokens.toLocaleString("en-US")} output tokens`;
    assert.match(await page.locator("#cost").textContent(), new RegExp(`for 2 images${tokens}`));
  } else {
    assert.match(await page.locator("#cost").textContent(), model.estimable ? /unknown/ : /after generation/);
  }

  const result = await generateAndWaitForResult();
  const cards = result.locator(".image-card");
  assert.equal(await cards.count(), 2);
  for (const card of await cards.all()) {
    const natural = await decodedSize(card.locator("img"));
    assert.deepEqual([natural.width, natural.height], [1024, 1536]);
    assert.match(natural.src, /^blob:/);
    assert.equal(await card.locator(".mime").textContent(), "image/webp");
    assert.equal(await card.locator(".dims").textContent(), "1024×1536");
    assert.match(await card.locator(".bytes").textContent(), /\d+(\.\d)? (KB|MB)/);
    assert.equal(await card.locator(".badge.c2pa").isVisible(), true);
    assert.match(await card.locator("a.download").getAttribute("download"), /\.webp$/);
    assert.equal(await card.locator("a.download").getAttribute("href"), natural.src);
  }
  assert.match(await result.locator(".request-id").textContent(), /^req_/);

  // onProgress reported the body: base64 JSON, so more bytes than the images themselves.
  const bytes = (text) => { const [n, unit] = text.split(" "); return Number(n) * { bytes: 1, KB: 1e3, MB: 1e6 }[unit]; };
  const downloaded = /\((\S+ \S+)(?: of \S+ \S+)? downloaded\)/.exec(await page.locator("#status-text").textContent());
  assert.ok(downloaded, "the status shows the bytes onProgress reported");
  const imageBytes = (await result.locator(".bytes").allTextContents()).map(bytes).reduce((a, b) => a + b, 0);
  assert.ok(bytes(downloaded[1]) > imageBytes, `${downloaded[1]} downloaded for ${imageBytes} bytes of images`);
  assert.match(await result.locator(".usage").textContent(), /output/);
  // The cost after: result.cost, from the returned usage, when the model has prices.
  assert.match(await result.locator(".result-cost").textContent(), model.pricing ? /^\$\d/ : /not known/);

  assert.doesNotMatch(await result.innerText(), /\b(undefined|null|false|NaN)\b/);

  // The wire body holds exactly what was set, in snake_case, and nothing else.
  assert.deepEqual((await lastProxyRequest()).json, { ...params, prompt });
  await screenshot("demo-desktop.png");
});

test("a 2.6 model shows its cost only after generation, from the returned usage", async () => {
  const model = await listedModel(PREFERRED_MODEL);
  await setParams({ model: model.id, size: "1024x1024", quality: "low" });
  const prompt = await page.inputValue("#param-prompt");
  assert.equal(model.estimable, false, "the library has no formula for 2.6 before sending");
  assert.equal(estimateCost({ model: model.id, prompt, size: "1024x1024", quality: "low" }), undefined);
  assert.match(await page.locator("#cost").textContent(), /shown after generation/);
  const result = await generateAndWaitForResult();
  assert.match(await result.locator(".result-cost").textContent(), /^\$\d.*from the returned usage/);
});

test("a 2.6 SVG generation shows an image/svg+xml result of the asked size", async () => {
  const model = await listedModel(PREFERRED_MODEL);
  assert.ok(model.svg && model.outputFormats.includes("svg"), "the 2.6 model writes SVG");
  await setParams({ model: model.id, output_format: "svg" });
  // SVG: n is exactly 1, no streaming, and the svg writer's controls appear.
  assert.deepEqual(await optionValues("#param-n"), ["1"]);
  const shown = new Set(await shownFields());
  assert.equal(shown.has("stream") || shown.has("partial_images"), false, "no streaming for svg");
  assert.equal(shown.has("svg.model") && shown.has("svg.reasoning.effort"), true, "svg writer controls");
  await setParams({ size: "custom", "size-custom": "1536x1024", "#param-svg-effort": "low" });
  const prompt = await page.inputValue("#param-prompt");
  const params = { model: model.id, prompt, size: "1536x1024", output_format: "svg", svg: { reasoning: { effort: "low" } } };
  assert.deepEqual(validateGenerate(params, { provider: OFFLINE_PROVIDER }).filter((i) => i.severity !== "warning"), []);

  const result = await generateAndWaitForResult();
  const card = result.locator(".image-card");
  assert.equal(await card.count(), 1);
  assert.equal(await card.locator(".mime").textContent(), "image/svg+xml");
  assert.equal(await card.locator(".dims").textContent(), "1536×1024");
  const shownSize = await decodedSize(card.locator("img"));
  assert.match(shownSize.src, /^blob:/);
  assert.ok(shownSize.width > 0 && shownSize.height > 0, "the browser shows the SVG");
  assert.match(await card.locator("a.download").getAttribute("download"), /\.svg$/);
  assert.deepEqual((await lastProxyRequest()).json, params);
  await screenshot("demo-svg.png");
});

test("a GIF generation with frame controls set shows an image/gif with that many frames", async () => {
  const model = await listedModel(PREFERRED_MODEL);
  assert.ok(model.gif, "the 2.6 model makes GIFs");
  await setParams({ model: model.id, output_format: "gif" });
  const shown = new Set(await shownFields());
  assert.equal(shown.has("stream") || shown.has("partial_images"), false, "no streaming for gif");
  assert.equal(shown.has("output_compression"), false, "no compression for gif");
  const frameCount = page.locator("#param-frame_count");
  const duration = page.locator("#param-frame_duration_ms");
  assert.deepEqual(await frameCount.evaluate((el) => [el.min, el.max, el.placeholder]),
    [String(model.gif.frameCount.min), String(model.gif.frameCount.max), String(model.gif.frameCount.default)]);
  assert.deepEqual(await duration.evaluate((el) => [el.min, el.max, el.step]),
    [String(model.gif.frameDurationMs.min), String(model.gif.frameDurationMs.max), String(model.gif.frameDurationMs.step)]);
  await setParams({ size: "1024x1024", frame_count: 4, frame_duration_ms: 120 });
  const prompt = await page.inputValue("#param-prompt");

  const result = await generateAndWaitForResult();
  const card = result.locator(".image-card");
  assert.equal(await card.locator(".mime").textContent(), "image/gif");
  assert.equal(await card.locator(".frames").textContent(), "4 frames");
  const decoded = await decodedSize(card.locator("img"));
  assert.ok(decoded.width > 0, "the browser shows the GIF");
  assert.match(await card.locator("a.download").getAttribute("download"), /\.gif$/);
  assert.deepEqual((await lastProxyRequest()).json,
    { model: model.id, prompt, size: "1024x1024", output_format: "gif", frame_count: 4, frame_duration_ms: 120 });
  await screenshot("demo-gif.png");
});

test("the results column starts at the top, level with the form, and comes into view after a run", async () => {
  const columnTops = () => page.evaluate(() => ({
    form: document.querySelector(".controls").getBoundingClientRect().top + window.scrollY,
    results: document.querySelector(".results").getBoundingClientRect().top + window.scrollY,
  }));
  let tops = await columnTops();
  assert.ok(Math.abs(tops.form - tops.results) <= 2, `results at ${tops.results}px, form at ${tops.form}px`);
  // From the bottom of the long form (Ctrl+Enter in the prompt, then the page scrolled down).
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await generateAndWaitForResult({ keyboard: true });
  tops = await columnTops();
  assert.ok(Math.abs(tops.form - tops.results) <= 2, `after a run: results at ${tops.results}px, form at ${tops.form}px`);
  const heading = await page.locator("#results-heading").boundingBox();
  assert.ok(heading.y >= 0 && heading.y + heading.height <= VIEWPORT.height, "the results heading is in view after the run");
  await screenshot("demo-layout.png", { fullPage: true });
});

test("Clear revokes the images' object URLs", async () => {
  await setParams({ n: 2 });
  await generateAndWaitForResult();
  const urls = await page.locator(".image-card img").evaluateAll((imgs) => imgs.map((i) => i.src).filter((u) => u.startsWith("blob:")));
  assert.equal(urls.length, 2);
  const fetchAll = () => page.evaluate((list) => Promise.all(list.map((u) => fetch(u).then(() => "ok", () => "failed"))), urls);
  assert.deepEqual(await fetchAll(), urls.map(() => "ok"), "the URLs work before Clear");
  assert.match(await page.locator("#live-urls").textContent(), new RegExp(`^${urls.length} object URLs alive`));

  await page.click("#clear");
  assert.equal(await page.locator(".image-card").count(), 0);
  assert.deepEqual(await fetchAll(), urls.map(() => "failed"), "the URLs are revoked after Clear");
  assert.equal(await page.locator("#live-urls").textContent(), "0 object URLs alive");
  assert.equal(await page.locator("#clear").isDisabled(), true);
});

// ---- errors ----------------------------------------------------------------------------------

test("a moderation block shows the error's name, kind and details", async () => {
  await simulate("moderation-blocked");
  const error = await generateAndWaitForError();
  assert.equal(error.name, "BadRequestError");
  assert.equal(error.kind, "content_policy");
  assert.equal(error.facts.Status, "400");
  assert.equal(error.facts.Code, "moderation_blocked");
  assert.equal(error.facts["Moderation stage"], "input");
  assert.equal(error.facts.Categories, "violence");
  assert.match(error.facts["Request ID"], /^req_/);
  assert.match(error.facts["Requests sent"], /^1 /, "content-policy blocks are not retried");
  assert.doesNotMatch(await page.locator("#error").innerText(), /\b(undefined|null|false|NaN)\b/);
  await screenshot("demo-error.png");
});

test("a rate limit with Retry-After 1 s is retried and then succeeds", async () => {
  await setParams({ n: 1 });
  await simulate("rate-limit-once");
  const started = Date.now();
  const result = await generateAndWaitForResult();
  assert.ok(Date.now() - started >= 1000, "the library waited for Retry-After");
  assert.match(await result.locator("dd", { hasText: "received by the fake API" }).textContent(), /^2 /);
  assert.equal(await result.locator(".image-card").count(), 1);
});

test("a slow server runs into the timeout", async () => {
  await simulate("timeout");
  const error = await generateAndWaitForError();
  assert.equal(error.name, "APIConnectionTimeoutError");
  assert.equal(error.kind, "timeout");
});

test("Cancel aborts a slow request", async () => {
  await simulate("slow");
  await generateButton().click();
  await page.locator("#cancel:enabled").waitFor();
  await page.waitForTimeout(300); // the request is on the wire, waiting for the slow server
  const cancelledAt = Date.now();
  await page.click("#cancel");
  await page.locator("#error").waitFor({ state: "visible" });
  assert.ok(Date.now() - cancelledAt < 3000, "the page did not wait for the slow server");
  assert.equal(await page.locator("#error .error-name").textContent(), "APIUserAbortError");
  assert.equal(await page.locator("#error .badge.kind").textContent(), "aborted");
  assert.equal(await page.locator("#cancel").isDisabled(), true);
  assert.equal(await generateButton().isEnabled(), true);
});

// ---- editing -----------------------------------------------------------------------------------

test("in Edit mode the form offers the models and fields of the edits endpoint", async () => {
  // Keyboard: arrow keys move between the two radios.
  await page.focus('input[name="mode"][value="generate"]');
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.isChecked('input[name="mode"][value="edit"]'), true);
  assert.equal(await page.locator("#edit-inputs").isVisible(), true);
  assert.equal(await generateButton().textContent(), "Edit");

  const listed = await listedModels();
  for (const model of listed) {
    const option = page.locator(`#param-model option[value="${model.id}"]`);
    const editable = model.endpoints.includes("edits");
    assert.equal(await option.isDisabled(), !editable, `${model.id}: pickable in Edit mode only when it serves edits`);
    if (!editable) continue;
    await setParams({ model: model.id });
    const shown = new Set(await shownFields());
    assert.equal(shown.has("style"), false, `${model.id}: style is not an edits parameter`);
    assert.equal(shown.has("input_fidelity"), model.inputFidelities.length > 0, `${model.id}: input_fidelity`);
    assert.equal(await page.locator("#markup-field").isVisible(), model.markup, `${model.id}: markup control`);
    assert.equal(shown.has("stream"), model.streaming, `${model.id}: stream`);
    if (model.editOutputFormats.length > 0) {
      assert.deepEqual(await optionValues("#param-output_format"), model.editOutputFormats, `${model.id}: edit formats (no svg)`);
    }
    if (model.inputFidelities.length > 0) {
      assert.deepEqual(await optionValues("#param-input_fidelity"), model.inputFidelities, `${model.id}: input_fidelity values`);
    }
  }

  const unlabelled = await page.evaluate(() => [...document.querySelectorAll("input, select, textarea")]
    .filter((el) => el.offsetParent !== null && el.labels.length === 0 && !el.getAttribute("aria-label"))
    .map((el) => el.id || el.name));
  assert.deepEqual(unlabelled, []);
  // The file inputs are drawn as their labels, but the keyboard still reaches them.
  // (past the model field's own source link and replacement button)
  await page.focus("#param-model");
  do await page.keyboard.press("Tab");
  while (await page.evaluate(() => document.activeElement.closest('[data-field="model"]') !== null));
  assert.equal(await page.evaluate(() => document.activeElement.id), "edit-images");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "edit-mask");

  // A model without edits cannot stay picked: it is swapped for one that serves them.
  const generateOnly = [...listed, ...models({ provider: OFFLINE_PROVIDER })].find((m) => !m.endpoints.includes("edits"));
  if (generateOnly) {
    await setMode("generate");
    await setParams({ model: generateOnly.id });
    await setMode("edit");
    const picked = await page.inputValue("#param-model");
    assert.ok(listed.concat(models({ provider: OFFLINE_PROVIDER })).find((m) => m.id === picked).endpoints.includes("edits"), `${picked} serves edits`);
  }
  await setMode("generate");
  assert.equal(await page.locator("#edit-inputs").isVisible(), false);
  assert.equal(await generateButton().textContent(), "Generate");
});

test("an edit with a mask passes the pre-flight check, goes out as multipart and shows images that really loaded", async () => {
  const image = fixture("rgb.png"); // 37x19 RGB
  const mask = fixture("rgba.png"); // 37x19 RGBA
  await setMode("edit");
  const model = await listedModel("gpt-image-2");
  const params = { model: model.id, size: "1024x1536", quality: "low", n: 2 };
  await setParams(params);
  const prompt = await page.inputValue("#param-prompt");
  assert.deepEqual(await expectedEditIssues({ ...params, prompt, image: [image.file], mask: mask.file }), [], "the package itself accepts this edit");

  await page.setInputFiles("#edit-images", image.path);
  await page.setInputFiles("#edit-mask", mask.path);
  const verdict = await editVerdict();
  assert.match(verdict.className, /\bok\b/);
  assert.match(verdict.text, /Pre-flight check passed: 1 image and a mask/);
  assert.equal(await page.locator("#edit-inputs .issue").count(), 0);
  assert.equal(await generateButton().isEnabled(), true);

  // Thumbnails: object URLs of the chosen files, with their names.
  for (const [list, file] of [["#edit-image-list", image], ["#edit-mask-list", mask]]) {
    const thumb = page.locator(`${list} .thumb`);
    assert.equal(await thumb.count(), 1);
    assert.equal(await thumb.locator(".file-name").textContent(), file.name);
    const shown = await decodedSize(thumb.locator("img"));
    assert.match(shown.src, /^blob:/);
    assert.deepEqual([shown.width, shown.height], [37, 19]);
  }

  const result = await generateAndWaitForResult();
  const cards = result.locator(".image-card");
  assert.equal(await cards.count(), 2);
  for (const card of await cards.all()) {
    const loaded = await decodedSize(card.locator("img"));
    assert.match(loaded.src, /^blob:/);
    assert.deepEqual([loaded.width, loaded.height], [1024, 1536]);
    assert.equal(await card.locator(".mime").textContent(), "image/png");
  }
  assert.equal(await result.locator(".inputs").textContent(), "rgb.png, with the mask rgba.png");
  assert.match(await page.locator("#status-text").textContent(), /^Edited 2 images/);

  // The fake API received one multipart request: the files as they were (same bytes, real type,
  // the user's file names) and the params as text fields.
  const sent = await proxyRequests("edits");
  assert.equal(sent.length, 1);
  const { parts } = sent[0];
  assert.deepEqual(parts.map((p) => p.name).sort(), ["image", "mask", "model", "n", "prompt", "quality", "size"]);
  const part = (name) => parts.find((p) => p.name === name);
  assert.deepEqual(
    { filename: part("image").filename, contentType: part("image").contentType, sha256: part("image").sha256 },
    { filename: "rgb.png", contentType: "image/png", sha256: image.sha256 });
  assert.deepEqual(
    { filename: part("mask").filename, contentType: part("mask").contentType, sha256: part("mask").sha256, hasAlpha: part("mask").hasAlpha },
    { filename: "rgba.png", contentType: "image/png", sha256: mask.sha256, hasAlpha: true });
  const textFields = Object.fromEntries(parts.filter((p) => p.filename === null).map((p) => [p.name, p.value]));
  assert.deepEqual(textFields, Object.fromEntries(Object.entries({ ...params, prompt }).map(([k, v]) => [k, String(v)])));
  await screenshot("demo-edit-desktop.png", { fullPage: true });

  // Removing a file revokes its thumbnail's object URL and checks the edit again.
  const maskUrl = await page.locator("#edit-mask-list img").getAttribute("src");
  const fetches = (url) => page.evaluate((u) => fetch(u).then(() => true, () => false), url);
  assert.equal(await fetches(maskUrl), true);
  await page.click("#edit-mask-list .remove");
  assert.equal(await page.locator("#edit-mask-list .thumb").count(), 0);
  assert.equal(await fetches(maskUrl), false, "the removed file's thumbnail URL is revoked");
  assert.match((await editVerdict()).text, /1 image, no mask/);
});

test("a markup edit drawn with the brush is sent as a transparent PNG file part the size of the image", async () => {
  const image = fixture("rgb.png"); // 37x19
  await setMode("edit");
  const model = await listedModel(PREFERRED_MODEL);
  assert.equal(model.markup, true, "the 2.6 model takes markup");
  await setParams({ model: model.id });
  assert.equal(await page.locator("#markup-field").isVisible(), true);
  assert.equal(await page.isDisabled("#markup-draw"), true, "nothing to draw over yet");
  await page.setInputFiles("#edit-images", image.path);
  await page.click("#markup-draw");
  const canvas = page.locator("#markup-brush canvas");
  await canvas.waitFor();
  assert.deepEqual(await canvas.evaluate((c) => [c.width, c.height]), [37, 19], "the canvas has the first image's size");
  await drawStroke();
  await page.click("#brush-use");
  await page.locator("#edit-markup-list .thumb").waitFor();
  assert.equal(await page.locator("#edit-markup-list .file-name").textContent(), "markup.png");
  assert.equal(await page.isDisabled("#edit-mask"), true, "no mask together with markup");
  const verdict = await editVerdict();
  assert.match(verdict.className, /\bok\b/, verdict.text);
  assert.match(verdict.text, /1 image and markup/);
  await screenshot("demo-markup.png", { fullPage: true });

  const result = await generateAndWaitForResult();
  assert.match(await result.locator(".inputs").textContent(), /^rgb\.png, with the markup markup\.png/);
  const [sent] = await proxyRequests("edits");
  const markup = sent.parts.find((p) => p.name === "markup");
  assert.ok(markup, "markup is a part of the multipart body");
  assert.deepEqual(
    { filename: markup.filename, contentType: markup.contentType, format: markup.format, width: markup.width, height: markup.height, hasAlpha: markup.hasAlpha },
    { filename: "markup.png", contentType: "image/png", format: "png", width: 37, height: 19, hasAlpha: true });
  assert.equal(sent.parts.some((p) => p.name === "mask"), false);
});

test("a chosen markup PNG is sent as the markup file part as it was, and keeps the mask out", async () => {
  const image = fixture("rgb.png");
  const marks = fixture("rgba.png"); // 37x19 with alpha
  await setMode("edit");
  await setParams({ model: (await listedModel(PREFERRED_MODEL)).id });
  await page.setInputFiles("#edit-images", image.path);
  await page.setInputFiles("#edit-markup", marks.path);
  await page.locator("#edit-markup-list .thumb").waitFor();
  assert.equal(await page.isDisabled("#edit-mask"), true);
  assert.match((await editVerdict()).text, /1 image and markup/);
  await generateAndWaitForResult();
  const [sent] = await proxyRequests("edits");
  const markup = sent.parts.find((p) => p.name === "markup");
  assert.deepEqual({ filename: markup.filename, contentType: markup.contentType, sha256: markup.sha256 },
    { filename: marks.name, contentType: "image/png", sha256: marks.sha256 });
  // Removing the markup gives the mask back.
  await page.click("#edit-markup-list .remove");
  assert.equal(await page.isEnabled("#edit-mask"), true);
});

test("a GIF image and a mask without alpha are refused beside each file, and nothing is sent", async () => {
  const png = fixture("rgb.png");
  const gif = fixture("image.gif");
  const rgbMask = fixture("rgb.png"); // no alpha channel
  await setMode("edit");
  const model = (await listedModel("gpt-image-2")).id;
  await setParams({ model });
  const prompt = await page.inputValue("#param-prompt");

  // Two images: the GIF is the second, image[1].
  await page.setInputFiles("#edit-images", [png.path, gif.path]);
  await page.setInputFiles("#edit-mask", rgbMask.path);
  let expected = await expectedEditIssues({ model, prompt, image: [png.file, gif.file], mask: rgbMask.file });
  assert.deepEqual(expected.map((i) => i.field).sort(), ["image[1]", "mask"], "the package refuses the GIF and the mask");
  await editVerdict();
  const fileOf = { "image[1]": gif.name, mask: rgbMask.name };
  for (const issue of expected) {
    const thumb = page.locator(`[data-field="${issue.field}"]`);
    assert.equal(await thumb.locator(".file-name").textContent(), fileOf[issue.field], `${issue.field} is shown on its own file`);
    const line = thumb.locator(".issues .issue").filter({ hasText: issue.message });
    assert.equal(await line.count(), 1, `${issue.field}: "${issue.message}" beside the file`);
    assert.match(await line.getAttribute("class"), new RegExp(`\\b${issue.severity}\\b`));
  }
  assert.equal(await page.locator('[data-field="image[0]"] .issue').count(), 0, "the PNG has no issue");
  assert.equal(await generateButton().isDisabled(), true);
  const summary = await editVerdict();
  assert.match(summary.className, /\berror\b/);
  assert.match(summary.text, /^2 errors: fix the errors to edit\./);
  assert.match(summary.text, /Image 2 \(image\.gif\)/);

  // Removing the PNG makes the GIF image[0]: the issue follows it, and focus stays in the list.
  await page.click('[data-field="image[0]"] .remove');
  expected = await expectedEditIssues({ model, prompt, image: [gif.file], mask: rgbMask.file });
  const gifIssue = expected.find((i) => i.field === "image[0]");
  assert.ok(gifIssue, "the package names the lone GIF image[0]");
  await editVerdict();
  await page.locator('[data-field="image[0]"] .issue').filter({ hasText: gifIssue.message }).waitFor();
  assert.equal(await page.locator('[data-field="image[0]"] .file-name').textContent(), gif.name);
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-label")), `Remove ${gif.name}`);

  // Edit is disabled, and Ctrl+Enter in the prompt sends nothing either.
  await page.focus("#param-prompt");
  await page.keyboard.press("Control+Enter");
  await page.waitForTimeout(200);
  assert.equal((await proxyRequests("edits")).length, 0, "nothing reached the API");
  assert.equal(await page.locator(".result").count(), 0);

  await page.setViewportSize({ width: 390, height: 844 });
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  assert.ok(widths.page <= widths.viewport, `page is ${widths.page}px wide in a ${widths.viewport}px viewport`);
  await page.locator("#params").screenshot({ path: `${ARTIFACTS}demo-edit-mobile.png` });
});

test("files dropped on the drop zone are added like chosen ones", async () => {
  await setMode("edit");
  const bytes = [...readFileSync(`${FIXTURES}rgb.png`)];
  const accepted = await page.evaluate((data) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(data)], "dropped.png", { type: "image/png" }));
    const zone = document.querySelector('[data-drop="image"]');
    const over = new DragEvent("dragover", { dataTransfer: transfer, bubbles: true, cancelable: true });
    zone.dispatchEvent(over);
    const drop = new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true });
    zone.dispatchEvent(drop);
    return over.defaultPrevented && drop.defaultPrevented;
  }, bytes);
  assert.equal(accepted, true, "the zone takes the drop instead of the browser");
  assert.equal(await page.locator("#edit-image-list .file-name").textContent(), "dropped.png");
  assert.match((await editVerdict()).text, /Pre-flight check passed: 1 image, no mask/);
});

// ---- streaming ---------------------------------------------------------------------------------

/** Records, in the page, every partial image the preview slot shows and how many results there were then. */
function watchPreview() {
  return page.evaluate(() => {
    window.previewLog = [];
    const preview = document.getElementById("preview");
    const img = preview.querySelector("img");
    new MutationObserver(() => {
      if (preview.hidden || !img.src) return;
      window.previewLog.push({ src: img.src, index: preview.dataset.index, results: document.querySelectorAll(".result").length });
    }).observe(preview, { attributes: true, subtree: true, attributeFilter: ["src", "hidden"] });
  });
}

test("streamed partial images show in the preview before the final images replace them", async () => {
  const model = await listedModel("gpt-image-2");
  assert.equal(model.streaming, true);
  await setParams({ model: model.id, size: "1024x1024", quality: "low", n: 1 });
  assert.equal(await page.isDisabled("#param-partial_images"), true, "partial_images needs stream");
  await setParams({ stream: true, partial_images: 2 });
  await watchPreview();

  await generateButton().click();
  // A partial image is on screen, really decoded, while the request still runs.
  await page.waitForFunction(() => {
    const img = document.querySelector("#preview img");
    return !document.getElementById("preview").hidden && img.src.startsWith("blob:") && img.complete && img.naturalWidth > 0;
  });
  assert.equal(await page.locator("#cancel").isEnabled(), true, "the request is still running");
  assert.match(await page.locator("#preview figcaption").textContent(), /partial image \d of 2 \(partial_image_index \d\)/);

  await page.locator(".result").first().waitFor();
  assert.equal(await page.locator("#error").isHidden(), true);
  const log = await page.evaluate(() => window.previewLog);
  const partials = [...new Map(log.map((entry) => [entry.src, entry])).values()];
  assert.ok(partials.length >= 1, "at least one partial image was shown");
  assert.ok(partials.every((p) => p.src.startsWith("blob:") && p.results === 0), "partials came before the final result");
  assert.deepEqual(partials.map((p) => p.index), ["0", "1"]);
  assert.equal(await page.locator("#preview").isHidden(), true, "the final images replace the preview");
  const final = await decodedSize(page.locator(".result .image-card img"));
  assert.deepEqual([final.width, final.height], [1024, 1024]);
  assert.equal(await page.locator(".result dd", { hasText: "partial images shown" }).textContent(), "2 partial images shown before the final images");
  const sent = (await lastProxyRequest()).json;
  assert.equal(sent.stream, true);
  assert.equal(sent.partial_images, 2);

  // The partial images belong to the result: Clear revokes their URLs with the final ones.
  const fetches = () => page.evaluate((urls) => Promise.all(urls.map((u) => fetch(u).then(() => true, () => false))), partials.map((p) => p.src));
  assert.deepEqual(await fetches(), [true, true]);
  await page.click("#clear");
  assert.deepEqual(await fetches(), [false, false]);
});

test("an edit streams its partial images too", async () => {
  await setMode("edit");
  await setParams({ model: (await listedModel("gpt-image-2")).id, size: "1024x1024", quality: "low" });
  await page.setInputFiles("#edit-images", fixture("rgb.png").path);
  await setParams({ stream: true, partial_images: 1 });
  assert.match((await editVerdict()).className, /\bok\b/);
  await watchPreview();
  const result = await generateAndWaitForResult();
  const log = await page.evaluate(() => window.previewLog);
  assert.ok(log.some((entry) => entry.src.startsWith("blob:") && entry.results === 0), "a partial image was shown before the result");
  assert.equal(await result.locator(".inputs").textContent(), "rgb.png");
  const textFields = Object.fromEntries((await lastProxyRequest("edits")).parts.filter((p) => p.filename === null).map((p) => [p.name, p.value]));
  assert.equal(textFields.stream, "true");
  assert.equal(textFields.partial_images, "1");
});

test("a stream that ends before its final image keeps the last partial and reports StreamIncompleteError", async () => {
  await setParams({ model: (await listedModel("gpt-image-2")).id, size: "1024x1024", quality: "low", stream: true, partial_images: 2 });
  await simulate("stream-incomplete");
  const error = await generateAndWaitForError();
  assert.equal(error.name, "StreamIncompleteError");
  assert.equal(error.kind, "stream_incomplete");
  assert.equal(await page.locator("#preview").isVisible(), true);
  assert.match(await page.locator("#preview img").getAttribute("src"), /^blob:/);
  assert.match(await page.locator("#preview figcaption").textContent(), /before the request failed/);

  await page.click("#clear");
  assert.equal(await page.locator("#preview").isHidden(), true);
  assert.equal(await page.locator("#live-urls").textContent(), "0 object URLs alive", "Clear revokes the partial images' URLs too");
});

// ---- keys, accessibility, layout ---------------------------------------------------------------

test("an API key is neither stored nor logged, and the page warns about keys in pages", async () => {
  otherOrigins.push("https://api.openai.com"); // the page lists the models there once a key is typed
  await page.selectOption("#provider", "openai");
  assert.equal(await page.locator("#key-warning").isVisible(), true);
  assert.equal(await page.locator("#simulate").isVisible(), false, "failures are simulated offline only");
  await page.fill("#apiKey", SECRET_KEY);
  await page.waitForFunction(() => document.body.dataset.modelList !== "loading");
  assert.equal(await generateButton().isEnabled(), true);
  const storage = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length, cookie: document.cookie }));
  assert.deepEqual(storage, { local: 0, session: 0, cookie: "" });
  assert.ok(!consoleLines.some((line) => line.includes(SECRET_KEY)), "the key never reaches the console");
  await page.fill("#apiKey", "");
  assert.equal(await issuesOf("apiKey").count(), 1, "the package requires a key for OpenAI");
  assert.equal(await generateButton().isDisabled(), true);
  await page.selectOption("#provider", "offline");
  await page.waitForFunction(() => document.body.dataset.modelList === "api");
  assert.equal(await generateButton().isEnabled(), true);
});

test("connection settings the package rejects are flagged beside their field", async () => {
  otherOrigins.push("https://example.openai.azure.com");
  await page.selectOption("#provider", "azure");
  await page.fill("#apiKey", SECRET_KEY);
  await page.fill("#azureEndpoint", "not a url");
  let expected;
  try {
    new ImagesClient({ provider: "azure", apiKey: SECRET_KEY, azure: { endpoint: "not a url" } });
  } catch (error) {
    expected = error.issues;
  }
  assert.equal(expected?.[0]?.field, "azure.endpoint", "the package rejects this endpoint");
  await issuesOf("azure.endpoint").filter({ hasText: expected[0].message }).waitFor();
  assert.equal(await generateButton().isDisabled(), true);
  await page.fill("#azureEndpoint", "https://example.openai.azure.com");
  assert.equal(await issuesOf("azure.endpoint").count(), 0);
  assert.equal(await generateButton().isEnabled(), true);
});

test("a status date the package rejects is flagged beside its field", async () => {
  await page.fill("#today", "tomorrow");
  let expected;
  try {
    new ImagesClient({ provider: OFFLINE_PROVIDER, baseURL: offlineBaseURL(), today: "tomorrow" });
  } catch (error) {
    expected = error.issues;
  }
  assert.equal(expected?.[0]?.field, "today", "the package rejects this date");
  await issuesOf("today").filter({ hasText: expected[0].message }).waitFor();
  assert.equal(await generateButton().isDisabled(), true);
});

test("every visible control has a label", async () => {
  const unlabelled = () => page.evaluate(() => [...document.querySelectorAll("input, select, textarea")]
    .filter((el) => el.offsetParent !== null && el.labels.length === 0 && !el.getAttribute("aria-label"))
    .map((el) => el.id || el.name));
  await page.selectOption("#provider", "azure");
  assert.deepEqual(await unlabelled(), []);
  await page.selectOption("#provider", "offline");
  await setParams({ output_format: "gif" });
  assert.deepEqual(await unlabelled(), [], "gif controls");
  await setParams({ output_format: "svg" });
  assert.deepEqual(await unlabelled(), [], "svg controls");
  await setMode("edit");
  await page.setInputFiles("#edit-images", fixture("rgb.png").path);
  if (await page.locator("#markup-draw").isEnabled()) {
    await page.click("#markup-draw");
    await page.locator("#markup-brush canvas").waitFor();
  }
  assert.deepEqual(await unlabelled(), [], "edit and markup controls");
});

test("a narrow (390 px) viewport fits without sideways scrolling", async () => {
  await setParams({ size: "1024x1024", quality: "low", n: 1 });
  await generateAndWaitForResult({ keyboard: true });
  await page.setViewportSize({ width: 390, height: 844 });
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  assert.ok(widths.page <= widths.viewport, `page is ${widths.page}px wide in a ${widths.viewport}px viewport`);
  await screenshot("demo-mobile.png", { fullPage: true });
});

// A body cut mid-download once leaked an unhandled "TypeError: network error" rejection (the
// stream reader's cancel() promise) beside the correct APIConnectionError.
test("a connection cut mid-download fails cleanly, with no unhandled rejection", async () => {
  await page.selectOption("#simulate", "cut-mid-body");
  await page.click("#submit");
  await page.locator("#error").waitFor({ state: "visible" });
  assert.equal(await page.locator("#error .error-name").textContent(), "APIConnectionError");
  assert.equal(await page.locator("#error .badge.kind").textContent(), "connection");
  await page.waitForTimeout(200); // unhandled rejections are reported after the microtask queue drains
  // afterEach asserts no page error.
});
