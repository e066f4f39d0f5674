// The demo page in the two other engines, over WebDriver (webdriver.mjs): Firefox ESR through
// geckodriver and WebKitGTK's MiniBrowser through WebKitWebDriver (under xvfb-run; scripts/test.sh
// runs this file that way). The flows users depend on most, each asserted on what the browser
// itself decoded and on what the fake API received: a generation of two images, a streamed
// generation with partial images, and an edit of a real file picked through the file input.
// A screenshot per engine goes to tests/artifacts/demo-<engine>.png. An engine this machine cannot
// run fails with the reason (never a silent pass).

import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startDemo } from "../../www/serve.mjs";
import { engines, openSession } from "./webdriver.mjs";

const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));
const FIXTURES = fileURLToPath(new URL("../fixtures/images/", import.meta.url));

let demo;
before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  demo = await startDemo({ port: 0 });
});
after(async () => demo?.close());

/** The page's POSTs to the offline proxy's `endpoint` (the fake's default session) since `since` (ms). */
async function proxyRequests(endpoint, since) {
  const log = await (await fetch(`${demo.fakeApiUrl}/__control/sessions/default/requests`)).json();
  return log.filter((r) => r.receivedAt >= since && r.method === "POST" && r.path === `/proxy/v1/images/${endpoint}`);
}

// Page-side helpers, run with session.run(). They set form controls as a user would (value, then
// input and change events) and wait for the page's own signals.
const PAGE_HELPERS = `
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const until = async (what, ms = 20000) => {
    const end = Date.now() + ms;
    for (;;) { const v = what(); if (v) return v; if (Date.now() > end) throw new Error('timed out: ' + what); await sleep(50); }
  };
  const set = (selector, value) => {
    const el = document.querySelector(selector);
    if (!el) throw new Error('no ' + selector);
    if (el.type === 'checkbox' || el.type === 'radio') el.checked = value; else el.value = String(value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  };
  const decoded = async (img) => { await img.decode(); return { width: img.naturalWidth, height: img.naturalHeight, src: img.src }; };
  const runAndWait = async () => {
    const before = document.querySelectorAll('.result').length;
    document.getElementById('submit').click();
    await until(() => document.querySelectorAll('.result').length > before || !document.getElementById('error').hidden, 30000);
    if (!document.getElementById('error').hidden) throw new Error('the request failed: ' + document.getElementById('error').textContent);
    return document.querySelector('.result');
  };
`;

for (const engine of engines()) {
  describe(`demo page in ${engine.name}`, () => {
    let session;
    let pageErrorsProbe;

    before(async () => {
      if (engine.reason) throw new Error(`${engine.name} cannot run here: ${engine.reason}`);
      session = await openSession(engine);
      console.log(`# ${engine.name}: ${session.browserName} ${session.browserVersion}`);
      await session.setScriptTimeout(60_000);
      await session.setWindowRect({ width: 1280, height: 900 }).catch(() => {});
    });
    after(async () => session?.close());

    async function load() {
      await session.goto(demo.url);
      await session.run(`${PAGE_HELPERS}
        window.__errors = [];
        addEventListener('error', (e) => window.__errors.push(String(e.message)));
        addEventListener('unhandledrejection', (e) => window.__errors.push(String(e.reason)));
        await until(() => document.body.dataset.ready === 'true');`);
    }
    pageErrorsProbe = () => session.run("return window.__errors;");
    /** A screenshot once the page has painted (two animation frames after the last change). */
    async function screenshot(name) {
      await session.run("await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))); await new Promise((r) => setTimeout(r, 300));");
      writeFileSync(`${ARTIFACTS}${name}-${engine.name}.png`, await session.screenshot());
    }

    test("a generation shows two images the engine decoded, sent exactly as set", async () => {
      await load();
      const since = Date.now();
      const seen = await session.run(`${PAGE_HELPERS}
        set('#param-model', 'gpt-image-2');
        set('#param-size', '1024x1536'); set('#param-quality', 'low'); set('#param-n', 2);
        const result = await runAndWait();
        const cards = [...result.querySelectorAll('.image-card')];
        return { count: cards.length, images: await Promise.all(cards.map((c) => decoded(c.querySelector('img')))),
                 mime: cards.map((c) => c.querySelector('.mime').textContent), prompt: document.getElementById('param-prompt').value };`);
      assert.equal(seen.count, 2);
      for (const image of seen.images) {
        assert.match(image.src, /^blob:/);
        assert.deepEqual([image.width, image.height], [1024, 1536]);
      }
      const requests = await proxyRequests("generations", since);
      assert.equal(requests.length, 1);
      assert.deepEqual(requests[0].json, { model: "gpt-image-2", size: "1024x1536", quality: "low", n: 2, prompt: seen.prompt });
      await screenshot("demo");
      assert.deepEqual(await pageErrorsProbe(), []);
    });

    test("a streamed generation shows partial images before the final image", async () => {
      await load();
      const seen = await session.run(`${PAGE_HELPERS}
        set('#param-model', 'gpt-image-2');
        set('#param-size', '1024x1024'); set('#param-quality', 'low'); set('#param-n', 1);
        set('#param-stream', true); set('#param-partial_images', 2);
        const shown = [];
        const preview = document.getElementById('preview');
        const watch = new MutationObserver(() => {
          const img = preview.querySelector('img');
          if (!preview.hidden && img?.src.startsWith('blob:') && !shown.includes(img.src)) shown.push(img.src);
        });
        watch.observe(preview, { subtree: true, attributes: true, childList: true });
        const result = await runAndWait();
        watch.disconnect();
        const final = await decoded(result.querySelector('.image-card img'));
        const note = [...result.querySelectorAll('dd')].map((d) => d.textContent).find((t) => /partial images shown/.test(t));
        return { partialsSeen: shown.length, final, note };`);
      assert.ok(seen.partialsSeen >= 1, "a partial image was on screen before the result");
      assert.deepEqual([seen.final.width, seen.final.height], [1024, 1024]);
      assert.equal(seen.note, "2 partial images shown before the final images");
      assert.deepEqual(await pageErrorsProbe(), []);
    });

    test("an edit of a file picked through the file input goes out as multipart and shows its images", async () => {
      await load();
      const since = Date.now();
      await session.run(`${PAGE_HELPERS}
        const edit = document.querySelector('input[name="mode"][value="edit"]');
        edit.click();
        await until(() => !document.getElementById('edit-inputs').hidden);
        set('#param-model', 'gpt-image-2'); set('#param-size', '1024x1024'); set('#param-quality', 'low'); set('#param-n', 1);`);
      // A real file, through WebDriver's file upload (Element Send Keys on <input type=file>).
      const input = await session.find("#edit-images");
      await session.sendKeys(input, `${FIXTURES}rgb.png`);
      const seen = await session.run(`${PAGE_HELPERS}
        await until(() => !document.getElementById('issue-summary').hasAttribute('aria-busy') && document.querySelector('#edit-image-list .thumb'));
        await until(() => !document.getElementById('submit').disabled);
        const thumb = await decoded(document.querySelector('#edit-image-list .thumb img'));
        const result = await runAndWait();
        return { thumb, image: await decoded(result.querySelector('.image-card img')) };`);
      assert.deepEqual([seen.thumb.width, seen.thumb.height], [37, 19], "the picked file's thumbnail");
      assert.deepEqual([seen.image.width, seen.image.height], [1024, 1024]);
      const requests = await proxyRequests("edits", since);
      assert.equal(requests.length, 1);
      assert.match(requests[0].contentType, /^multipart\/form-data/);
      const part = requests[0].parts.find((p) => p.name === "image");
      assert.deepEqual([part.filename, part.contentType, part.width, part.height], ["rgb.png", "image/png", 37, 19]);
      await screenshot("demo-edit");
      assert.deepEqual(await pageErrorsProbe(), []);
    });
  });
}
