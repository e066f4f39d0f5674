// The demo page end to end: www/serve.mjs (static server + offline fake API) and the page in
// Debian's Chromium through playwright-core. Expected values come from the package itself, run in
// Node (models(), validateGenerate(), estimateCost(), a client's validateEdit() on the same fixture
// files), and from the fake API's request log, never from copies of the library's messages. Edits
// use real image files from tests/fixtures/images/. Screenshots go to tests/artifacts/.

import { test, before, after } from "node:test";
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
const SECRET_KEY = "sk-demo-test-key-0123456789";
const FIXTURES = fileURLToPath(new URL("../fixtures/images/", import.meta.url));

let demo;
let browser;
let page;
const pageErrors = [];
const consoleLines = [];
const requestedUrls = [];

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is required for the page tests`);
  mkdirSync(ARTIFACTS, { recursive: true });
  demo = await startDemo({ port: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => consoleLines.push(message.text()));
  page.on("request", (req) => requestedUrls.push(req.url()));
  page.setDefaultTimeout(10_000);
  await openPage();
});

after(async () => {
  await browser?.close();
  await demo?.close();
});

async function openPage() {
  await page.goto(demo.url);
  await page.waitForSelector('body[data-ready="true"]');
}

// ---- page helpers ----------------------------------------------------------------------------

const issuesOf = (field) => page.locator(`[data-field="${field}"] .issues .issue`);
const generateButton = () => page.locator("#submit");

async function setParams({ model, ...fields }) {
  if (model) await page.selectOption("#param-model", model);
  for (const [name, value] of Object.entries(fields)) {
    const control = page.locator(`#param-${name}`);
    const kind = await control.evaluate((el) => (el.type === "checkbox" ? "checkbox" : el.tagName));
    if (kind === "checkbox") await control.setChecked(value);
    else if (kind === "SELECT") await control.selectOption(String(value));
    else await control.fill(String(value));
  }
}

async function simulate(scenario) {
  await page.selectOption("#provider", "offline");
  await page.selectOption("#simulate", scenario);
}

/** Generates (with the button, or Ctrl+Enter in the prompt) and waits for the result block. */
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

// From the top of the page: clicking scrolls, and the sticky results column would look misplaced.
async function screenshot(name, options = {}) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${ARTIFACTS}${name}`, ...options });
}

async function proxyRequests(endpoint) {
  const log = await (await fetch(`${demo.fakeApiUrl}/__control/sessions/default/requests`)).json();
  return log.filter((r) => r.method === "POST" && r.path === `/proxy/v1/images/${endpoint}`);
}

const lastProxyRequest = async (endpoint = "generations") => (await proxyRequests(endpoint)).at(-1);

const setMode = (mode) => page.check(`input[name="mode"][value="${mode}"]`);

/** A fixture image: its path (for setInputFiles), bytes, and a File for the package in Node. */
function fixture(name) {
  const bytes = readFileSync(`${FIXTURES}${name}`);
  return { name, path: `${FIXTURES}${name}`, sha256: createHash("sha256").update(bytes).digest("hex"), file: new File([bytes], name) };
}

/** What the package itself says about these edit params, with the client the offline page uses. */
async function expectedEditIssues(params) {
  const client = new ImagesClient({ provider: OFFLINE_PROVIDER, baseURL: `${demo.fakeApiUrl}/proxy/v1` });
  try {
    return await client.validateEdit(params);
  } finally {
    client.free();
  }
}

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

// ---- the form ----------------------------------------------------------------------------------

test("the model select lists the package's capability table, with each model's status", async () => {
  const table = models();
  const options = await page.locator("#param-model option").evaluateAll((os) => os.map((o) => ({ id: o.value, label: o.textContent })));
  assert.deepEqual(options.map((o) => o.id), table.map((m) => m.id));
  for (const model of table.filter((m) => m.status.state !== "current")) {
    const label = options.find((o) => o.id === model.id).label;
    assert.ok(label.includes(model.status.date), `${model.id}: "${label}" should show ${model.status.date}`);
  }
});

test("each parameter field is shown only for models that take it", async () => {
  for (const model of models()) {
    await setParams({ model: model.id });
    const shown = new Set(await page.locator("#param-fields [data-field]").evaluateAll((fs) => fs.map((f) => f.dataset.field)));
    assert.equal(shown.has("style"), model.styles.length > 0, `${model.id}: style`);
    assert.equal(shown.has("output_format"), model.outputFormats.length > 0, `${model.id}: output_format`);
    assert.equal(shown.has("background"), model.backgrounds.length > 0, `${model.id}: background`);
    assert.equal(shown.has("quality"), model.qualities.length > 0, `${model.id}: quality`);
    assert.equal(shown.has("response_format"), model.responseFormats.length > 0, `${model.id}: response_format`);
    assert.equal(shown.has("moderation"), model.moderations.length > 0, `${model.id}: moderation`);
    assert.equal(shown.has("stream"), model.streaming, `${model.id}: stream`);
    assert.equal(shown.has("partial_images"), model.streaming, `${model.id}: partial_images`);
    assert.equal(shown.has("input_fidelity") || shown.has("markup"), false, `${model.id}: edit-only fields in generate mode`);
    const customSize = await page.locator("#param-size-custom").count();
    assert.equal(customSize === 1, model.sizes.kind !== "list", `${model.id}: free WxH size input`);
  }
});

test("an invalid setting shows its issue beside the field and disables Generate", async () => {
  await openPage();
  await setParams({ model: "dall-e-3", n: 3 });
  const prompt = await page.inputValue("#param-prompt");
  const expected = validateGenerate({ model: "dall-e-3", prompt, n: 3 }, { provider: OFFLINE_PROVIDER });
  assert.ok(expected.some((i) => i.field === "n" && i.severity === "error"), "the package itself rejects n=3 for dall-e-3");
  for (const issue of expected) {
    const line = issuesOf(issue.field).filter({ hasText: issue.message });
    assert.equal(await line.count(), 1, `${issue.field}: "${issue.message}" beside the field`);
    assert.match(await line.getAttribute("class"), new RegExp(`\\b${issue.severity}\\b`));
  }
  assert.equal(await page.getAttribute("#param-n", "aria-invalid"), "true");
  assert.equal(await generateButton().isDisabled(), true);
  assert.match(await page.locator("#issue-summary").textContent(), /1 error/);

  await setParams({ n: 1 });
  assert.equal(await issuesOf("n").count(), 0);
  const warnings = validateGenerate({ model: "dall-e-3", prompt, n: 1 }, { provider: OFFLINE_PROVIDER });
  assert.ok(warnings.every((i) => i.severity === "warning"));
  assert.equal(await generateButton().isEnabled(), true, "warnings alone do not block Generate");
});

test("a bad free size is flagged and a good one accepted", async () => {
  const model = models().find((m) => m.sizes.kind === "free");
  await setParams({ model: model.id, size: "custom", "size-custom": "1000x1000" });
  const prompt = await page.inputValue("#param-prompt");
  const [issue] = validateGenerate({ model: model.id, prompt, size: "1000x1000" }, { provider: OFFLINE_PROVIDER });
  assert.equal(issue.field, "size");
  await issuesOf("size").filter({ hasText: issue.message }).waitFor();
  assert.equal(await generateButton().isDisabled(), true);

  await setParams({ "size-custom": "2048x1152" });
  assert.equal(await issuesOf("size").count(), 0);
  assert.equal(await generateButton().isEnabled(), true);
});

test("the prompt counter follows the model's limit", async () => {
  const model = models().find((m) => m.maxPromptChars !== null && m.maxPromptChars < 5000);
  await setParams({ model: model.id, prompt: "x".repeat(model.maxPromptChars + 1) });
  const counter = page.locator("#param-prompt-count");
  assert.match(await counter.textContent(), new RegExp(`${(model.maxPromptChars + 1).toLocaleString("en-US")} / ${model.maxPromptChars.toLocaleString("en-US")}`));
  assert.match(await counter.getAttribute("class"), /\bover\b/);
  assert.equal(await issuesOf("prompt").count(), 1);
  assert.equal(await generateButton().isDisabled(), true);
  await openPage();
});

// ---- generating ------------------------------------------------------------------------------

test("a valid request in offline mode shows N images that really loaded, with their facts", async () => {
  await openPage();
  const params = { model: "gpt-image-1.5", size: "1024x1536", quality: "low", n: 2, output_format: "webp" };
  await setParams(params);
  const prompt = await page.inputValue("#param-prompt");
  const estimate = estimateCost({ ...params, prompt });
  assert.ok(estimate, "the package prices this request");
  assert.match(await page.locator("#cost").textContent(), new RegExp(`for 2 images, ${estimate.outputTokens.toLocaleString("en-US")} output tokens`));

  const result = await generateAndWaitForResult();
  const cards = result.locator(".image-card");
  assert.equal(await cards.count(), 2);
  for (const card of await cards.all()) {
    const img = card.locator("img");
    await page.waitForFunction((el) => el.complete, await img.elementHandle());
    const natural = await img.evaluate((el) => ({ width: el.naturalWidth, height: el.naturalHeight, src: el.src }));
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

  assert.doesNotMatch(await result.innerText(), /\b(undefined|null|false|NaN)\b/);

  // The wire body holds exactly what was set, in snake_case, and nothing else.
  assert.deepEqual((await lastProxyRequest()).json, { ...params, prompt });
  await screenshot("demo-desktop.png");
});

test("DALL·E url results show the API's own image link and the revised prompt", async () => {
  const model = models().find((m) => m.id === "dall-e-3");
  const size = model.sizes.values.at(-1);
  await setParams({ model: model.id, response_format: "url", size, n: 1 });
  const prompt = await page.inputValue("#param-prompt");
  const result = await generateAndWaitForResult();
  const image = await result.locator(".image-card img").evaluate(async (img) => {
    await img.decode();
    return { src: img.src, size: `${img.naturalWidth}x${img.naturalHeight}` };
  });
  assert.ok(image.src.startsWith(`${demo.fakeApiUrl}/`), image.src);
  assert.equal(image.size, size);
  assert.equal(await result.locator("a.download").textContent(), "Open image");
  assert.match(await result.locator(".revised").textContent(), new RegExp(`Revised prompt: .*${prompt}`));
  await setParams({ model: "gpt-image-1.5", size: "1024x1536" });
});

test("Clear revokes the images' object URLs", async () => {
  // Remote DALL·E links are the API's; the blob: URLs are the library's to revoke.
  const urls = await page.locator(".image-card img").evaluateAll((imgs) => imgs.map((i) => i.src).filter((u) => u.startsWith("blob:")));
  assert.ok(urls.length > 0);
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
  await page.selectOption("#simulate", "none");
});

// ---- editing -----------------------------------------------------------------------------------

test("in Edit mode the form offers the models and fields of the edits endpoint", async () => {
  await openPage();
  // Keyboard: arrow keys move between the two radios.
  await page.focus('input[name="mode"][value="generate"]');
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.isChecked('input[name="mode"][value="edit"]'), true);
  assert.equal(await page.locator("#edit-inputs").isVisible(), true);
  assert.equal(await generateButton().textContent(), "Edit");

  for (const model of models()) {
    const option = page.locator(`#param-model option[value="${model.id}"]`);
    const editable = model.endpoints.includes("edits");
    assert.equal(await option.isDisabled(), !editable, `${model.id}: pickable in Edit mode only when it serves edits`);
    if (!editable) continue;
    await setParams({ model: model.id });
    const shown = new Set(await page.locator("#param-fields [data-field]").evaluateAll((fs) => fs.map((f) => f.dataset.field)));
    assert.equal(shown.has("style"), false, `${model.id}: style is not an edits parameter`);
    assert.equal(shown.has("input_fidelity"), model.inputFidelities.length > 0, `${model.id}: input_fidelity`);
    assert.equal(shown.has("markup"), model.markup, `${model.id}: markup`);
    assert.equal(shown.has("stream"), model.streaming, `${model.id}: stream`);
    assert.equal(shown.has("response_format"), model.responseFormats.length > 0, `${model.id}: response_format`);
    if (model.inputFidelities.length > 0) {
      const offered = await page.locator("#param-input_fidelity option").evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
      assert.deepEqual(offered, model.inputFidelities, `${model.id}: input_fidelity values`);
    }
  }

  const unlabelled = await page.evaluate(() => [...document.querySelectorAll("input, select, textarea")]
    .filter((el) => el.offsetParent !== null && el.labels.length === 0 && !el.getAttribute("aria-label"))
    .map((el) => el.id || el.name));
  assert.deepEqual(unlabelled, []);
  // The file inputs are drawn as their labels, but the keyboard still reaches them.
  await page.focus("#param-model");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "edit-images");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "edit-mask");

  // A model without edits cannot stay picked: it is swapped for one that serves them.
  await setMode("generate");
  const generateOnly = models().find((m) => !m.endpoints.includes("edits"));
  await setParams({ model: generateOnly.id });
  await setMode("edit");
  const picked = await page.inputValue("#param-model");
  assert.ok(models().find((m) => m.id === picked).endpoints.includes("edits"), `${picked} serves edits`);
  await setMode("generate");
  assert.equal(await page.locator("#edit-inputs").isVisible(), false);
  assert.equal(await generateButton().textContent(), "Generate");
});

test("an edit with a mask passes the pre-flight check, goes out as multipart and shows images that really loaded", async () => {
  await openPage();
  const image = fixture("rgb.png"); // 37x19 RGB
  const mask = fixture("rgba.png"); // 37x19 RGBA
  await setMode("edit");
  const params = { model: "gpt-image-1.5", size: "1024x1536", quality: "low", n: 2, input_fidelity: "high" };
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

  const sentBefore = (await proxyRequests("edits")).length;
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
  assert.equal(sent.length, sentBefore + 1);
  const { parts } = sent.at(-1);
  assert.deepEqual(parts.map((p) => p.name).sort(), ["image", "input_fidelity", "mask", "model", "n", "prompt", "quality", "size"]);
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

test("a GIF image and a mask without alpha are refused beside each file, and nothing is sent", async () => {
  await openPage();
  const png = fixture("rgb.png");
  const gif = fixture("image.gif");
  const rgbMask = fixture("rgb.png"); // no alpha channel
  await setMode("edit");
  await setParams({ model: "gpt-image-1.5" });
  const prompt = await page.inputValue("#param-prompt");
  const sentBefore = (await proxyRequests("edits")).length;

  // Two images: the GIF is the second, image[1].
  await page.setInputFiles("#edit-images", [png.path, gif.path]);
  await page.setInputFiles("#edit-mask", rgbMask.path);
  let expected = await expectedEditIssues({ model: "gpt-image-1.5", prompt, image: [png.file, gif.file], mask: rgbMask.file });
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
  expected = await expectedEditIssues({ model: "gpt-image-1.5", prompt, image: [gif.file], mask: rgbMask.file });
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
  assert.equal((await proxyRequests("edits")).length, sentBefore, "nothing reached the API");
  assert.equal(await page.locator(".result").count(), 0);

  await page.setViewportSize({ width: 390, height: 844 });
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  assert.ok(widths.page <= widths.viewport, `page is ${widths.page}px wide in a ${widths.viewport}px viewport`);
  await page.locator("#params").screenshot({ path: `${ARTIFACTS}demo-edit-mobile.png` });
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("files dropped on the drop zone are added like chosen ones", async () => {
  await openPage();
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
  await openPage();
  const model = models().find((m) => m.id === "gpt-image-1.5");
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
  await page.setInputFiles("#edit-images", fixture("rgb.png").path);
  await setParams({ partial_images: 1 });
  assert.match((await editVerdict()).className, /\bok\b/);
  await watchPreview();
  const resultsBefore = await page.locator(".result").count();
  const result = await generateAndWaitForResult();
  const log = await page.evaluate(() => window.previewLog);
  assert.ok(log.some((entry) => entry.src.startsWith("blob:") && entry.results === resultsBefore), "a partial image was shown before the new result");
  assert.equal(await result.locator(".inputs").textContent(), "rgb.png");
  const textFields = Object.fromEntries((await lastProxyRequest("edits")).parts.filter((p) => p.filename === null).map((p) => [p.name, p.value]));
  assert.equal(textFields.stream, "true");
  assert.equal(textFields.partial_images, "1");
  await setMode("generate");
});

test("a stream that ends before its final image keeps the last partial and reports StreamIncompleteError", async () => {
  try {
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
  } finally {
    await page.selectOption("#simulate", "none");
    await setParams({ stream: false });
  }
});

// ---- keys, accessibility, layout ---------------------------------------------------------------

test("an API key is neither stored nor logged, and the page warns about keys in pages", async () => {
  await page.selectOption("#provider", "openai");
  assert.equal(await page.locator("#key-warning").isVisible(), true);
  assert.equal(await page.locator("#simulate").isVisible(), false, "failures are simulated offline only");
  await page.fill("#apiKey", SECRET_KEY);
  assert.equal(await generateButton().isEnabled(), true);
  const storage = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length, cookie: document.cookie }));
  assert.deepEqual(storage, { local: 0, session: 0, cookie: "" });
  assert.ok(!consoleLines.some((line) => line.includes(SECRET_KEY)), "the key never reaches the console");
  await page.fill("#apiKey", "");
  assert.equal(await issuesOf("apiKey").count(), 1, "the package requires a key for OpenAI");
  assert.equal(await generateButton().isDisabled(), true);
  await page.selectOption("#provider", "offline");
  assert.equal(await generateButton().isEnabled(), true);
});

test("connection settings the package rejects are flagged beside their field", async () => {
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
  await page.fill("#apiKey", "");
  await page.selectOption("#provider", "offline");
});

test("every visible control has a label", async () => {
  await page.selectOption("#provider", "azure");
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll("input, select, textarea")]
    .filter((el) => el.offsetParent !== null && el.labels.length === 0 && !el.getAttribute("aria-label"))
    .map((el) => el.id || el.name));
  assert.deepEqual(unlabelled, []);
  await page.selectOption("#provider", "offline");
});

test("a narrow (390 px) viewport fits without sideways scrolling", async () => {
  await setParams({ model: "gpt-image-1.5", size: "1024x1024", quality: "low", n: 1 });
  await generateAndWaitForResult({ keyboard: true });
  await page.setViewportSize({ width: 390, height: 844 });
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  assert.ok(widths.page <= widths.viewport, `page is ${widths.page}px wide in a ${widths.viewport}px viewport`);
  await screenshot("demo-mobile.png", { fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("the page loaded nothing from elsewhere and threw no errors", () => {
  const allowed = [new URL(demo.url).origin, new URL(demo.fakeApiUrl).origin];
  const foreign = requestedUrls.filter((u) => !u.startsWith("blob:") && !u.startsWith("data:") && !allowed.includes(new URL(u).origin));
  assert.deepEqual(foreign, []);
  assert.deepEqual(pageErrors, []);
});

// A body cut mid-download once leaked an unhandled "TypeError: network error" rejection (the
// stream reader's cancel() promise) beside the correct APIConnectionError. Runs in its own page so
// it cannot affect the checks above.
test("a connection cut mid-download fails cleanly, with no unhandled rejection", async () => {
  const cutPage = await browser.newPage();
  const errors = [];
  cutPage.on("pageerror", (error) => errors.push(error.message));
  try {
    await cutPage.goto(demo.url);
    await cutPage.waitForSelector('body[data-ready="true"]');
    await cutPage.selectOption("#simulate", "cut-mid-body");
    await cutPage.click("#submit");
    await cutPage.locator("#error").waitFor({ state: "visible" });
    assert.equal(await cutPage.locator("#error .error-name").textContent(), "APIConnectionError");
    assert.equal(await cutPage.locator("#error .badge.kind").textContent(), "connection");
    await cutPage.waitForTimeout(200); // unhandled rejections are reported after the microtask queue drains
    assert.deepEqual(errors, []);
  } finally {
    await cutPage.close();
  }
});
