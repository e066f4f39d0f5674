// The targets of the "Lean and fast" issue, checked against one bench report: each line says met or
// missed, and by how much. Numbers only; the bench never fails on them.

const KB = 1024;
const MIB = 2 ** 20;
const OURS = "imagegen-wasm";
const FROM_BASE64 = "fetch + json + fromBase64";
const FLOOR = "floor: fetch + arrayBuffer";
const BLOB_FLOOR = "floor + Blobs";
const OPENAI = "openai-node";

const f1 = (x) => x.toFixed(1);
const variant = (c, name) => c.variants.find((v) => v.name === name);

/** One row per target: `{ target, ours, reference, met, by, why }`, where `by` says how far from the
 *  line the result is (a margin when met, a shortfall when missed), and `why`, where this run measured
 *  it, what the time is made of. `met` is null when the run lacks the numbers (a browser without
 *  `fromBase64`, say). */
export function checkTargets({ cases, bundles }) {
  const rows = [];
  const row = (target, ours, reference, met, by, why = "") => rows.push({ target, ours, reference, met, by, why });
  // What a case costs beyond the bare download and the Blobs every variant makes.
  const beyondBlobs = (c, name) => variant(c, name).medianMs - variant(c, BLOB_FLOOR).medianMs;

  const pkg = bundles[0];
  const openai = bundles.find((b) => b.loads === OPENAI);
  const gzip = pkg.total.gzip;
  row("bundle ≤ 60 KB gzip (pkg/ as published)", `${f1(gzip / KB)} KB`, `openai-node ${f1(openai.total.gzip / KB)} KB`,
    gzip <= 60 * KB, `${f1(Math.abs(gzip - 60 * KB) / KB)} KB`, `wasm ${f1(pkg.wasm.gzip / KB)} KB, JS ${f1(pkg.js.gzip / KB)} KB`);

  const load = pkg.firstLoadMs?.median;
  const theirs = openai.firstLoadMs?.median;
  row("first load ≤ openai-node's", `${f1(load)} ms`, `${f1(theirs)} ms`, load <= theirs, `${f1(Math.abs(load - theirs))} ms`);

  for (const c of cases.filter((x) => !x.bytesPerSecond)) {
    const ours = variant(c, OURS).medianMs;
    const ref = variant(c, FROM_BASE64)?.medianMs;
    row(`${c.label}: faster than fetch + json + fromBase64`, `${f1(ours)} ms`, ref === undefined ? "n/a" : `${f1(ref)} ms`,
      ref === undefined ? null : ours < ref, ref === undefined ? "" : `${f1(Math.abs(ref - ours))} ms (${f1(Math.abs(1 - ours / ref) * 100)}%)`,
      ref === undefined ? "" : `beyond download + Blobs (${f1(variant(c, BLOB_FLOOR).medianMs)} ms): ours ${f1(beyondBlobs(c, OURS))} ms, fromBase64's ${f1(beyondBlobs(c, FROM_BASE64))} ms`);
  }

  const big = cases.reduce((a, b) => (b.bytesPerSecond || b.bodyBytes <= a.bodyBytes ? a : b));
  const ofFloor = (name) => variant(big, name).medianMs / variant(big, FLOOR).medianMs;
  const ratio = ofFloor(OURS);
  row(`${big.label}: ≤ 1.3× the fetch + arrayBuffer floor`, `${ratio.toFixed(2)}×`, `floor ${f1(variant(big, FLOOR).medianMs)} ms`,
    ratio <= 1.3, `${Math.abs(ratio - 1.3).toFixed(2)}×`, `the same Blobs made after the download, with no decoding: ${ofFloor(BLOB_FLOOR).toFixed(2)}×`);

  // After the last byte = after the bare download of the same body ends: the paced link itself
  // delivers 15-20 ms later than the body's size over its nominal rate, for the floor too.
  for (const c of cases.filter((x) => x.bytesPerSecond)) {
    const wire = (c.bodyBytes / c.bytesPerSecond) * 1000;
    const floor = variant(c, FLOOR).medianMs;
    const after = variant(c, OURS).medianMs - floor;
    row(`${c.label}: ≤ 10 ms after the download`, `${f1(after)} ms`,
      `past the nominal wire time: ${f1(variant(c, OURS).medianMs - wire)} ms (the download ${f1(floor - wire)})`,
      after <= 10, `${f1(Math.abs(after - 10))} ms`);
  }

  const wasm = Math.max(...cases.flatMap((c) => {
    const ours = variant(c, OURS);
    return [ours.wasmAfterRuns, ours.memory?.wasmAfter].filter(Number.isFinite);
  }));
  row("wasm memory ≤ 3 MiB, every case", `${f1(wasm / MIB)} MiB`, "", wasm <= 3 * MIB, `${f1(Math.abs(3 * MIB - wasm) / MIB)} MiB`);

  for (const c of cases.filter((x) => variant(x, OURS).memory)) {
    const growth = variant(c, OURS).memory.heapGrowth;
    row(`${c.label}: JS heap growth ≤ the images`, `${f1(growth / MIB)} MiB`, `images ${f1(c.imageBytes / MIB)} MiB`,
      growth <= c.imageBytes, `${f1(Math.abs(c.imageBytes - growth) / MIB)} MiB`);
  }
  return rows;
}

/** The rows as text lines: "met (by …)" or "MISSED by …", and what a missed one's time is made of. */
export function formatTargets(rows) {
  const verdict = (r) => (r.met === null ? "not measured" : r.met ? `met, by ${r.by}` : `MISSED by ${r.by}${r.why && `: ${r.why}`}`);
  const cells = rows.map((r) => [r.target, r.ours, r.reference, verdict(r)]);
  const widths = [0, 1, 2].map((i) => Math.max(...cells.map((c) => c[i].length)));
  const met = rows.filter((r) => r.met).length;
  return [
    `Targets: ${met} of ${rows.length} met`,
    ...cells.map((c) => `  ${c[0].padEnd(widths[0])}  ${c[1].padStart(widths[1])}  ${c[2].padEnd(widths[2])}  ${c[3]}`),
  ];
}
