// Benchmarks imagegen-wasm against openai-node and plain fetch at turning image-API responses into
// Blobs with object URLs, in one headless Chromium, on the same recorded responses.
//
//   node bench/run.mjs [--runs N] [--warmups N]     (defaults: 5 runs, 3 for the slow cases; 1 warm-up)
//
// Prints tables to stdout and writes tests/artifacts/bench.json. Reports numbers; never fails on
// timing (it exits 1 only when a variant produced wrong bytes, which would make its time meaningless).
// Needs pkg/ built (bash scripts/build.sh) and /usr/bin/chromium. See bench/README.md.

import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startFakeApi } from "../tests/fake-api/server.mjs";
import { startReplayApi, startSite, replayKey } from "./servers.mjs";
import { ourRenderers, peakRssBytes, resetPeak, rssBytes } from "./procmem.mjs";
import { bundleSizes, openaiPageBundle } from "./bundles.mjs";
import { checkTargets, formatTargets } from "./targets.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
const OUT = `${ROOT}/tests/artifacts/bench.json`;
const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--enable-precise-memory-info", "--js-flags=--expose-gc"];

const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : undefined;
};
const RUNS = arg("--runs"); // default: each case's `runs`
const WARMUPS = arg("--warmups") ?? 1;

// The fake API's PNGs of its flat drawn scene compress far better than real pictures (a 3840x2160
// PNG is ~170 KB; real gpt-image PNGs are 1.5–3 MB at 1024x1536), so the large cases use its
// lossless WebP, whose sizes are realistic (~3 MB per 3840x2160 image).
// The two slowest cases get 3 runs so the whole benchmark stays under ~90 s on 2 cores.
const gen = (model, n, size, output_format) => ({ model, prompt: "p", n, size, output_format });
const CASES = [
  // Memory at this size is below the noise of a fresh page (a few MB either way): timed only.
  { id: "1x1024-png", label: "1 × 1024x1024 png", params: gen("gpt-image-2", 1, "1024x1024", "png"), timingOnly: true },
  { id: "4x1536-png", label: "4 × 1024x1536 png", params: gen("gpt-image-2", 4, "1024x1536", "png") },
  { id: "1x4k-webp", label: "1 × 3840x2160 webp", params: gen("gpt-image-2", 1, "3840x2160", "webp") },
  { id: "8x4k-webp", label: "8 × 3840x2160 webp", params: gen("gpt-image-2", 8, "3840x2160", "webp"), runs: 3 },
  // Over a 100 Mbit/s link instead of loopback: shows whether decoding overlaps the download.
  { id: "1x4k-webp-100mbit", label: "1 × 3840x2160 webp over 100 Mbit/s", params: gen("gpt-image-2", 1, "3840x2160", "webp"),
    bytesPerSecond: 100e6 / 8, timingOnly: true, runs: 3 },
];
const REFERENCE = "openai-node + atob"; // what imagegen-wasm replaces
const OURS = "imagegen-wasm";
const FLOOR = "floor: fetch + arrayBuffer";
const BLOB_FLOOR = "floor + Blobs"; // the floor, then Blobs of images decoded beforehand
const isFloor = (name) => name.startsWith("floor"); // the references that are not contenders

const started = performance.now();
const loadAtStart = os.loadavg()[0];
const cleanup = [];
const progress = (what) => process.stderr.write(`${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s  ${what}\n`);

async function main() {
  // 1. Record each distinct response once from the fake API, with the decoded images' hashes.
  const api = await startFakeApi();
  const recorded = new Map();
  const expected = new Map();
  try {
    for (const c of CASES) {
      const key = replayKey(c.params);
      if (!recorded.has(key)) recorded.set(key, await record(api.url, c.params));
      Object.assign(c, recorded.get(key).summary);
      expected.set(c.id, recorded.get(key).images);
    }
  } finally {
    await api.close();
  }
  progress("recorded the fake API's responses");

  // 2. Servers and browser.
  const site = await startSite({ root: ROOT, bundles: { "/bench/openai.js": await openaiPageBundle(ROOT) } });
  cleanup.push(site.close);
  const replay = await startReplayApi(recorded);
  cleanup.push(replay.close);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  cleanup.push(() => browser.close());
  const pageUrl = `${site.url}/bench/page.html`;
  const baseURLOf = (c) => (c.bytesPerSecond ? `${replay.url}/paced/${c.bytesPerSecond}/v1` : `${replay.url}/v1`);

  const page = await openPage(browser, pageUrl);
  const info = await page.evaluate(() => bench.info());
  const variants = await page.evaluate(() => bench.variants());
  const failures = [];
  const check = (c, variant, got) => {
    const problem = verifyOutput(variant, got, expected.get(c.id), c.params.output_format);
    if (problem) failures.push(`${c.label} / ${variant}: ${problem}`);
  };

  // 3. Time: warm-ups, then rounds that interleave the variants (rotating who goes first), one page.
  const results = {};
  for (const c of CASES) {
    results[c.id] = Object.fromEntries(variants.map((v) => [v, { ms: [] }]));
    const once = async (variant) => {
      const r = await page.evaluate(([v, b, p]) => bench.run(v, b, p), [variant, baseURLOf(c), c.params]);
      check(c, variant, await page.evaluate(() => bench.verify()));
      return r;
    };
    for (let w = 0; w < WARMUPS; w++) for (const v of variants) await once(v);
    c.runs = RUNS ?? c.runs ?? 5;
    for (let round = 0; round < c.runs; round++) {
      for (let k = 0; k < variants.length; k++) {
        const v = variants[(k + round) % variants.length];
        const r = await once(v);
        results[c.id][v].ms.push(r.ms);
        if (v === OURS) results[c.id][v].wasmAfterRuns = r.wasmAfter;
      }
    }
    progress(`timed ${c.label}`);
  }
  await page.close();

  // 4. Memory: each variant in a fresh page (its own renderer process), after one warm-up run of
  //    the smallest case, so code is compiled but the big buffers of earlier runs are not around.
  for (const c of CASES.filter((x) => !x.timingOnly)) {
    // Not the Blob floor: it decodes the response before its run, which the peaks would count.
    for (const v of variants.filter((x) => x !== BLOB_FLOOR)) {
      results[c.id][v].memory = await measureMemory(browser, pageUrl, v, c, baseURLOf, check);
    }
    progress(`measured memory of ${c.label}`);
  }

  // 5. Sizes, and what loading each library costs a first visit (fresh context: empty caches).
  const bundles = await bundleSizes(ROOT);
  // Interleaved, so a busy moment of the machine does not fall on one library's loads only.
  const loaded = bundles.filter((b) => b.loads);
  for (const b of loaded) b.firstLoadMs = { runs: [] };
  for (let i = 0; i < 5; i++) {
    for (const b of loaded) b.firstLoadMs.runs.push(await firstLoadMs(browser, `${site.url}/bench/load.html?lib=${b.loads}`));
  }
  for (const b of loaded) b.firstLoadMs.median = median(b.firstLoadMs.runs);
  progress("measured bundle sizes and load times");
  const report = {
    environment: environment(browser, info),
    method: { warmups: WARMUPS, note: "time: request start → N Blobs with object URLs; median and min of the runs. memory: one run in a fresh page after a small warm-up." },
    cases: CASES.map((c) => ({ ...c, variants: summarise(results[c.id]) })),
    bundles,
    failures,
    durationSeconds: (performance.now() - started) / 1000,
  };
  report.targets = checkTargets(report);
  mkdirSync(`${ROOT}/tests/artifacts`, { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
  console.log(formatReport(report));
  console.log(`\nwrote ${OUT.slice(ROOT.length + 1)} in ${report.durationSeconds.toFixed(1)} s`);
  if (failures.length) {
    console.log(`\nWRONG OUTPUT (these times do not count):\n  ${failures.join("\n  ")}`);
    process.exitCode = 1;
  }
}

async function record(apiUrl, params) {
  const res = await fetch(`${apiUrl}/v1/images/generations`, {
    method: "POST",
    headers: { authorization: "Bearer x", "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`fake API answered ${res.status}: ${body.toString().slice(0, 300)}`);
  const headers = {};
  for (const name of ["content-type", "x-request-id"]) if (res.headers.has(name)) headers[name] = res.headers.get(name);
  const images = JSON.parse(body).data.map((d) => {
    const bytes = Buffer.from(d.b64_json, "base64");
    return { size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
  });
  const summary = { bodyBytes: body.length, imageBytes: images.reduce((s, i) => s + i.size, 0) };
  return { status: 200, headers, body, images, summary };
}

async function openPage(browserOrContext, url) {
  const page = await browserOrContext.newPage();
  page.setDefaultTimeout(60_000);
  page.on("pageerror", (e) => process.stderr.write(`page error: ${e.message}\n`));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { state: "attached" });
  return page;
}

async function measureMemory(browser, pageUrl, variant, c, baseURLOf, check) {
  const context = await browser.newContext();
  try {
    const page = await openPage(context, pageUrl);
    const pid = await rendererOf(page);
    const small = CASES[0];
    await page.evaluate(([v, b, p]) => bench.run(v, b, p), [variant, baseURLOf(small), small.params]);
    await page.evaluate(() => bench.verify());
    await page.evaluate(() => bench.settle());
    const rssBase = pid ? rssBytes(pid) : NaN;
    const peakReset = pid ? resetPeak(pid) : false;
    const r = await page.evaluate(([v, b, p]) => bench.run(v, b, p, { memory: true }), [variant, baseURLOf(c), c.params]);
    const rssPeak = peakReset ? peakRssBytes(pid) : NaN;
    check(c, variant, await page.evaluate(() => bench.verify()));
    return {
      heapGrowth: r.heapPeak - r.heapBase,
      rssGrowth: rssPeak - rssBase,
      wasmBefore: r.wasmBefore,
      wasmAfter: r.wasmAfter,
    };
  } finally {
    await context.close();
  }
}

/** The renderer process running `page`: the one whose RSS grows when the page touches 64 MB. */
async function rendererOf(page) {
  const candidates = ourRenderers();
  const before = candidates.map(rssBytes);
  await page.evaluate(() => { window.marker = new Uint8Array(64 << 20).fill(1); });
  const grown = candidates.map((pid, i) => rssBytes(pid) - before[i]);
  await page.evaluate(() => { delete window.marker; });
  const best = grown.indexOf(Math.max(...grown));
  return grown[best] > 48 * 2 ** 20 ? candidates[best] : undefined;
}

async function firstLoadMs(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    return await (await page.waitForFunction(() => window.loadMs)).jsonValue();
  } finally {
    await context.close();
  }
}

function verifyOutput(variant, got, want, format) {
  if (variant === FLOOR) return null; // makes no images, by design
  if (got.images.length !== want.length) return `${got.images.length} images, expected ${want.length}`;
  for (const [i, img] of got.images.entries()) {
    if (img.size !== want[i].size || img.sha256 !== want[i].sha256) return `image ${i}: ${img.size} bytes (URL serves ${img.sha256.slice(0, 12)}…), expected ${want[i].size} bytes ${want[i].sha256.slice(0, 12)}…`;
    if (img.type !== `image/${format}` || img.urlType !== img.type) return `image ${i}: type ${img.type}, via its URL ${img.urlType}`;
  }
  return null;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function summarise(byVariant) {
  return Object.entries(byVariant).map(([name, r]) => ({
    name, ms: r.ms, medianMs: median(r.ms), minMs: Math.min(...r.ms), memory: r.memory, wasmAfterRuns: r.wasmAfterRuns,
  }));
}

function environment(browser, info) {
  const cpus = os.cpus();
  const version = (p) => JSON.parse(readFileSync(`${ROOT}/${p}`, "utf8")).version;
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["-C", ROOT, "describe", "--always", "--dirty"], { encoding: "utf8" }).trim();
  } catch { /* not a checkout */ }
  return {
    chromium: browser.version(), userAgent: info.userAgent, hardwareConcurrency: info.hardwareConcurrency,
    cpu: cpus[0]?.model, cores: cpus.length, memoryGB: +(os.totalmem() / 2 ** 30).toFixed(1),
    kernel: os.release(), loadAverage1m: { start: +loadAtStart.toFixed(2), end: +os.loadavg()[0].toFixed(2) }, node: process.version, openai: version("node_modules/openai/package.json"),
    esbuild: version("node_modules/esbuild/package.json"), imagegenWasm: version("pkg/package.json"), commit,
  };
}

// ---- report ------------------------------------------------------------------------------------

const mb = (b) => (Number.isFinite(b) ? `${(b / 2 ** 20).toFixed(1)} MB` : "n/a");
const kbOrMb = (b) => (b >= 2 ** 20 ? mb(b) : `${(b / 1024).toFixed(0)} KB`);
const signedMb = (b) => (Number.isFinite(b) ? `${b >= 0 ? "+" : ""}${(b / 2 ** 20).toFixed(1)} MB` : "n/a");
const ms = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function formatReport({ environment: e, cases, bundles, targets }) {
  const out = [
    `imagegen-wasm benchmark — Chromium ${e.chromium}, ${e.cores} cores (${e.cpu}), ${e.memoryGB} GB, Linux ${e.kernel}, Node ${e.node}`,
    `imagegen-wasm ${e.imagegenWasm} (${e.commit}) vs openai ${e.openai}; per case: ${WARMUPS} warm-up, then N timed runs of each variant in interleaved rounds`,
    ...(Math.max(e.loadAverage1m.start, e.loadAverage1m.end) > e.cores / 2
      ? [`NOTE: the machine was busy (1-min load average ${e.loadAverage1m.start} at start, ${e.loadAverage1m.end} at end, on ${e.cores} cores): expect noisy, inflated times`] : []),
    "time = request start → all Blobs + object URLs ready (same replayed response for every variant; bytes checked by SHA-256)",
    "memory = one run in a fresh page: peak growth of performance.memory.usedJSHeapSize (sampled; counts ArrayBuffers, not wasm memory),",
    "         of the renderer process's RSS (kernel peak mark: everything, wasm memory included), and wasm linear memory before → after",
  ];
  for (const c of cases) {
    const ours = c.variants.find((v) => v.name === OURS);
    const rows = c.variants.map((v) => [
      v.name, ms(v.medianMs), ms(v.minMs), `${(v.medianMs / ours.medianMs).toFixed(2)}×`,
      ...(c.timingOnly ? [] : [signedMb(v.memory?.heapGrowth), signedMb(v.memory?.rssGrowth),
        v.name === OURS ? `${mb(v.memory.wasmBefore)} → ${mb(v.memory.wasmAfter)}` : ""]),
    ]);
    const header = ["variant", "median ms", "min ms", "÷ wasm", ...(c.timingOnly ? [] : ["JS heap peak", "RSS peak", "wasm memory"])];
    out.push("", `${c.label}: response body ${kbOrMb(c.bodyBytes)}, images ${kbOrMb(c.imageBytes)} in total; N = ${c.runs}`, table(header, rows));
    if (c.bytesPerSecond) {
      const wire = (c.bodyBytes / c.bytesPerSecond) * 1000;
      out.push(`  the body alone needs ${ms(wire)} ms on this link; time after the last byte (median − that): ` +
        c.variants.filter((v) => !isFloor(v.name)).map((v) => `${v.name} ${ms(v.medianMs - wire)} ms`).join(", "));
    }
    out.push(`  ${verdict(c)}`);
  }
  const wasmEnd = Math.max(...cases.map((c) => c.variants.find((v) => v.name === OURS).wasmAfterRuns));
  out.push("", `imagegen-wasm's wasm memory in the timing page after every timed run of every case: ${mb(wasmEnd)}`);
  out.push("", "Bundle size (what a page downloads to call images.generate):", table(
    ["bundle", "JS raw", "JS gzip", "wasm raw", "wasm gzip", "total raw", "total gzip", "total brotli", "first load"],
    bundles.map((b) => [b.name, kbOrMb(b.js.raw), kbOrMb(b.js.gzip), b.wasm ? kbOrMb(b.wasm.raw) : "-", b.wasm ? kbOrMb(b.wasm.gzip) : "-",
      kbOrMb(b.total.raw), kbOrMb(b.total.gzip), kbOrMb(b.total.brotli), b.firstLoadMs ? `${ms(b.firstLoadMs.median)} ms` : "-"]),
  ));
  out.push("  first load = import() → module ready in a fresh context over loopback (download, compile, instantiate); median of 5");
  const [, ours, theirs] = bundles; // both bundled by esbuild: like for like
  out.push(`  ${ours.total.gzip <= theirs.total.gzip
    ? `imagegen-wasm is smaller gzipped (${kbOrMb(ours.total.gzip)} vs ${kbOrMb(theirs.total.gzip)})`
    : `imagegen-wasm is LARGER than openai-node gzipped (${kbOrMb(ours.total.gzip)} vs ${kbOrMb(theirs.total.gzip)}) and brotli'd (${kbOrMb(ours.total.brotli)} vs ${kbOrMb(theirs.total.brotli)})`
  }; raw it is ${kbOrMb(ours.total.raw)} vs ${kbOrMb(theirs.total.raw)}.`);
  out.push("", ...formatTargets(targets));
  return out.join("\n");
}

/** One plain sentence per case: who is fastest, and how imagegen-wasm compares. */
function verdict(c) {
  const contenders = c.variants.filter((v) => !isFloor(v.name));
  const ours = contenders.find((v) => v.name === OURS);
  const ref = contenders.find((v) => v.name === REFERENCE);
  const best = [...contenders].sort((a, b) => a.medianMs - b.medianMs)[0];
  const pct = (a, b) => `${Math.abs((1 - a / b) * 100).toFixed(0)}%`;
  const vsRef = ours.medianMs <= ref.medianMs
    ? `imagegen-wasm is ${pct(ours.medianMs, ref.medianMs)} faster than openai-node + atob`
    : `imagegen-wasm is SLOWER than openai-node + atob by ${pct(ref.medianMs, ours.medianMs)} of its time`;
  const fastest = best === ours ? "and the fastest variant" : `; fastest is "${best.name}" (${ms(best.medianMs)} ms vs ${ms(ours.medianMs)} ms)`;
  let memory = "";
  if (!c.timingOnly && Number.isFinite(ours.memory?.rssGrowth) && Number.isFinite(ref.memory?.rssGrowth)) {
    memory = ours.memory.rssGrowth <= ref.memory.rssGrowth
      ? `; renderer peak RSS growth ${signedMb(ours.memory.rssGrowth)} vs ${signedMb(ref.memory.rssGrowth)}`
      : `; but it used MORE renderer memory at peak (${signedMb(ours.memory.rssGrowth)} vs ${signedMb(ref.memory.rssGrowth)}` +
        `${ours.memory.rssGrowth - ref.memory.rssGrowth < 4 * 2 ** 20 ? "; a few MB either way is within this one-sample measurement's noise" : ""})`;
  }
  return `${vsRef} ${fastest}${memory}.`.replace(" ;", ";");
}

// ---- run (last, so every const above is initialised) ----------------------------------------------

const watchdog = setTimeout(() => { console.error("bench: stuck for 5 minutes, giving up"); process.exit(2); }, 300_000);
try {
  await main();
} finally {
  for (const close of cleanup.reverse()) await close().catch(() => {});
  clearTimeout(watchdog);
}
