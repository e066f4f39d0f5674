// The demo page end to end: www/serve.mjs (static server + offline fake API) and the page in
// Debian's Chromium through playwright-core. Expected values come from the package itself, run in
// Node (models(), validateGenerate(), estimateCost()), and from the fake API's request log, never
// from copies of the library's messages. Screenshots go to tests/artifacts/.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync } from "node:fs";
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
const generateButton = () => page.locator("#generate");

async function setParams({ model, ...fields }) {
  if (model) await page.selectOption("#param-model", model);
  for (const [name, value] of Object.entries(fields)) {
    const control = page.locator(`#param-${name}`);
    if ((await control.evaluate((el) => el.tagName)) === "SELECT") await control.selectOption(String(value));
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

async function lastProxyRequest() {
  const log = await (await fetch(`${demo.fakeApiUrl}/__control/sessions/default/requests`)).json();
  return log.filter((r) => r.method === "POST" && r.path === "/proxy/v1/images/generations").at(-1);
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
    assert.equal(shown.has("response_format"), model.family === "dall_e", `${model.id}: response_format`);
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
    await cutPage.click("#generate");
    await cutPage.locator("#error").waitFor({ state: "visible" });
    assert.equal(await cutPage.locator("#error .error-name").textContent(), "APIConnectionError");
    assert.equal(await cutPage.locator("#error .badge.kind").textContent(), "connection");
    await cutPage.waitForTimeout(200); // unhandled rejections are reported after the microtask queue drains
    assert.deepEqual(errors, []);
  } finally {
    await cutPage.close();
  }
});
