// Where one variant's time goes: a CPU profile of N runs of one bench case, self time by function.
//
//   node bench/profile.mjs [case-id] [variant] [--runs N]
//
// Uses bench/page.js and the replayed responses, like run.mjs. For wasm function names, build the
// package with a name section first (wasm-bindgen --keep-debug, then wasm-opt -Oz -g).
import { chromium } from "playwright-core";
import { startFakeApi } from "../tests/fake-api/server.mjs";
import { startReplayApi, startSite, replayKey } from "./servers.mjs";
import { openaiPageBundle } from "./bundles.mjs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
const [caseId = "1x1024-png", variant = "imagegen-wasm"] = process.argv.slice(2).filter((a) => !a.startsWith("--") && !/^\d+$/.test(a));
const runsAt = process.argv.indexOf("--runs");
const RUNS = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 50;
const SIZES = { "1x1024-png": ["1024x1024", 1, "png"], "4x1536-png": ["1024x1536", 4, "png"], "1x4k-webp": ["3840x2160", 1, "webp"], "8x4k-webp": ["3840x2160", 8, "webp"] };
const [size, n, output_format] = SIZES[caseId];
const params = { model: "gpt-image-2", prompt: "p", n, size, output_format };

const api = await startFakeApi();
const res = await fetch(`${api.url}/v1/images/generations`, { method: "POST", headers: { authorization: "Bearer x", "content-type": "application/json" }, body: JSON.stringify(params) });
const recorded = new Map([[replayKey(params), { status: 200, headers: { "content-type": res.headers.get("content-type") }, body: Buffer.from(await res.arrayBuffer()) }]]);
await api.close();
const site = await startSite({ root: ROOT, bundles: { "/bench/openai.js": await openaiPageBundle(ROOT) } });
const replay = await startReplayApi(recorded);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--js-flags=--expose-gc"] });
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
  await page.goto(`${site.url}/bench/page.html`);
  await page.waitForSelector('body[data-ready="true"]', { state: "attached" });
  const once = () => page.evaluate(async ([v, b, p]) => { const r = await bench.run(v, b, p); await bench.verify(); return r.ms; }, [variant, `${replay.url}/v1`, params]);
  for (let i = 0; i < 3; i++) await once();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 50 });
  await cdp.send("Profiler.start");
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push(await once());
  const { profile } = await cdp.send("Profiler.stop");
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  const dt = new Map();
  profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0)));
  for (const [id, us] of dt) {
    const f = byId.get(id).callFrame;
    const name = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber}`;
    self.set(name, (self.get(name) ?? 0) + us);
  }
  times.sort((a, b) => a - b);
  console.log(`${caseId} / ${variant}: median ${times[times.length >> 1].toFixed(2)} ms over ${RUNS} runs; self time per run:`);
  // Includes the harness (settle's gc and idle, verify's hashing): compare variants, not totals.
  for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
    console.log(`${(us / RUNS / 1000).toFixed(3).padStart(8)} ms  ${name}`);
  }
} finally {
  await browser.close();
  await site.close();
  await replay.close();
}
