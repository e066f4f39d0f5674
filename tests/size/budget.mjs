// The bundle budget: what a page downloads to use the library (the .wasm and the JS that loads it),
// measured on the built package in pkg/. Sizes are deterministic, so this check may fail a build;
// timings never do. Prints the breakdown every time.
//
// BUDGET_GZIP is a ratchet: today's size plus a little room. Lower it as the bundle shrinks; the
// goal (TARGET_GZIP) is smaller than every peer.
import { readFileSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { fileURLToPath } from "node:url";

const BUDGET_GZIP = 104 * 1024;
const TARGET_GZIP = 60 * 1024;
const FILES = ["imagegen_wasm_bg.wasm", "imagegen_wasm.js", "index.js"];

const pkg = new URL("../../pkg/", import.meta.url);
const rows = FILES.map((name) => {
  const bytes = readFileSync(fileURLToPath(new URL(name, pkg)));
  return {
    name,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
});
const total = rows.reduce((sum, r) => ({ raw: sum.raw + r.raw, gzip: sum.gzip + r.gzip, brotli: sum.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const r of [...rows, { name: "total", ...total }]) {
  console.log(`${r.name.padEnd(24)} raw ${kb(r.raw).padStart(9)}  gzip ${kb(r.gzip).padStart(9)}  brotli ${kb(r.brotli).padStart(9)}`);
}
console.log(`budget ${kb(BUDGET_GZIP)} gzip (goal ${kb(TARGET_GZIP)}): ${total.gzip <= TARGET_GZIP ? "goal met" : `${kb(total.gzip - TARGET_GZIP)} over the goal`}`);
if (total.gzip > BUDGET_GZIP) {
  console.error(`The bundle grew past its budget: ${kb(total.gzip)} gzip > ${kb(BUDGET_GZIP)}.`);
  process.exit(1);
}
