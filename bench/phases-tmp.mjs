import { chromium } from "playwright-core";
import { startFakeApi } from "/work/main/tests/fake-api/server.mjs";
import { startReplayApi, startSite, replayKey } from "/work/main/bench/servers.mjs";
import { openaiPageBundle } from "/work/main/bench/bundles.mjs";
const ROOT = "/work/main";
const [size, n, fmt] = (process.argv[2] ?? "1024x1024,1,png").split(",");
const params = { model: "gpt-image-2", prompt: "p", n: Number(n), size, output_format: fmt };
const api = await startFakeApi();
const res = await fetch(`${api.url}/v1/images/generations`, { method: "POST", headers: { authorization: "Bearer x", "content-type": "application/json" }, body: JSON.stringify(params) });
const recorded = new Map([[replayKey(params), { status: 200, headers: { "content-type": res.headers.get("content-type") }, body: Buffer.from(await res.arrayBuffer()) }]]);
await api.close();
const site = await startSite({ root: ROOT, bundles: { "/bench/openai.js": await openaiPageBundle(ROOT) } });
const replay = await startReplayApi(recorded);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", process.env.JSFLAGS ?? "--js-flags=--expose-gc"] });
const page = await browser.newPage();
await page.goto(`${site.url}/bench/page.html`);
await page.waitForSelector('body[data-ready="true"]', { state: "attached" });
await page.evaluate(() => {
  const orig = globalThis.fetch;
  globalThis.__t = {};
  globalThis.fetch = function (...a) {
    const url = typeof a[0] === "string" ? a[0] : a[0].url;
    if (!url.includes("/images/")) return orig.apply(this, a);
    __t.call = performance.now();
    const p = orig.apply(this, a);
    p.then((r) => { __t.resolved = performance.now(); });
    return p;
  };
});
const out = {};
for (const v of ["imagegen-wasm", "fetch + json + fromBase64", "floor: fetch + arrayBuffer"]) out[v] = [];
for (let i = 0; i < 25; i++) for (const v of Object.keys(out)) {
  const r = await page.evaluate(async ([v, b, p]) => {
    await bench.settle();
    const t0 = performance.now();
    await window.bench.runRaw?.(v, b, p);
    return null;
  }, [v, `${replay.url}/v1`, params]);
  const t = await page.evaluate(async ([v, b, p]) => {
    const r = await bench.run(v, b, p);
    const end = performance.now();
    const t0 = end - r.ms;
    await bench.verify();
    return [__t.call - t0, __t.resolved - __t.call, end - __t.resolved, r.ms];
  }, [v, `${replay.url}/v1`, params]);
  if (i >= 3) out[v].push(t);
}
const med = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
for (const [v, ts] of Object.entries(out)) console.log(v.padEnd(28), ["before fetch", "fetch→headers", "headers→done", "total"].map((k, j) => `${k} ${med(ts.map((t) => t[j])).toFixed(2)}`).join("  "));
await browser.close(); await site.close(); await replay.close();
