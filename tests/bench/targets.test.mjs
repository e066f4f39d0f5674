// The bench's verdicts on the "Lean and fast" targets, on made-up reports: each target is met or
// missed on the right side of its line, by the right amount, and a miss says what its time is made of.

import { test } from "node:test";
import assert from "node:assert/strict";
import { checkTargets, formatTargets } from "../../bench/targets.mjs";

const KB = 1024;
const MIB = 2 ** 20;

/** A report with one small case, the 32 MB case and the paced case; `ms` overrides medians. */
function report({ gzip = 100 * KB, ms = {} } = {}) {
  const times = (id, defaults) => Object.entries({ ...defaults, ...ms[id] })
    .map(([name, medianMs]) => ({ name, medianMs, wasmAfterRuns: 1.8 * MIB }));
  const small = { label: "small", bodyBytes: 55_000, imageBytes: 41_000,
    variants: times("small", { "imagegen-wasm": 3.6, "fetch + json + fromBase64": 3.3, "floor: fetch + arrayBuffer": 2.5, "floor + Blobs": 2.8 }) };
  const big = { label: "big", bodyBytes: 32 * MIB, imageBytes: 24 * MIB,
    variants: times("big", { "imagegen-wasm": 75, "fetch + json + fromBase64": 158, "floor: fetch + arrayBuffer": 60, "floor + Blobs": 96 }) };
  big.variants[0].memory = { heapGrowth: 5 * MIB, wasmAfter: 2 * MIB };
  const paced = { label: "paced", bodyBytes: 4e6, imageBytes: 3e6, bytesPerSecond: 12.5e6,
    variants: times("paced", { "imagegen-wasm": 343, "fetch + json + fromBase64": 351, "floor: fetch + arrayBuffer": 336, "floor + Blobs": 349 }) };
  const bundles = [
    { js: { gzip: 5.5 * KB }, wasm: { gzip: gzip - 5.5 * KB }, total: { gzip }, loads: "imagegen-wasm", firstLoadMs: { median: 52 } },
    { total: { gzip: 84 * KB }, loads: "openai-node", firstLoadMs: { median: 56 } },
  ];
  return { cases: [small, big, paced], bundles };
}

const find = (rows, start) => rows.find((r) => r.target.startsWith(start));

test("a miss is on the right side of the line, by the right amount, with what the time is made of", () => {
  const rows = checkTargets(report());
  const bundle = find(rows, "bundle");
  assert.equal(bundle.met, false);
  assert.equal(bundle.by, "40.0 KB");
  assert.equal(bundle.why, "wasm 94.5 KB, JS 5.5 KB");
  const small = find(rows, "small: faster");
  assert.equal(small.met, false);
  assert.equal(small.by, "0.3 ms (9.1%)");
  assert.equal(small.why, "beyond download + Blobs (2.8 ms): ours 0.8 ms, fromBase64's 0.5 ms");
  const floor = find(rows, "big: ≤ 1.3×");
  assert.equal(floor.ours, "1.25×");
  assert.equal(floor.met, true);
  assert.equal(find(rows, "paced").met, true);
  assert.equal(find(rows, "paced").ours, "7.0 ms");
});

test("a target exactly on its line is met; a hair past it is not", () => {
  assert.equal(find(checkTargets(report({ gzip: 60 * KB })), "bundle").met, true);
  assert.equal(find(checkTargets(report({ gzip: 60 * KB + 1 })), "bundle").met, false);
  assert.equal(find(checkTargets(report({ ms: { big: { "imagegen-wasm": 78 } } })), "big: ≤ 1.3×").met, true);
  assert.equal(find(checkTargets(report({ ms: { big: { "imagegen-wasm": 78.1 } } })), "big: ≤ 1.3×").met, false);
  // Faster means faster: a tie is a miss.
  assert.equal(find(checkTargets(report({ ms: { small: { "imagegen-wasm": 3.3 } } })), "small: faster").met, false);
});

test("a browser without fromBase64 leaves that target unmeasured, not met", () => {
  const r = report();
  for (const c of r.cases) c.variants = c.variants.filter((v) => v.name !== "fetch + json + fromBase64");
  const row = find(checkTargets(r), "small: faster");
  assert.equal(row.met, null);
  assert.match(formatTargets([row])[1], /not measured$/);
});

test("the text says how many are met and gives the cause of a miss only", () => {
  const lines = formatTargets(checkTargets(report()));
  assert.match(lines[0], /^Targets: \d+ of \d+ met$/);
  assert.match(lines.find((l) => l.includes("bundle")), /MISSED by 40\.0 KB: wasm 94\.5 KB, JS 5\.5 KB$/);
  const met = lines.find((l) => l.includes("big: ≤ 1.3×"));
  assert.match(met, /met, by 0\.05×$/);
});
