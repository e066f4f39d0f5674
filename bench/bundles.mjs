// esbuild bundles: openai-node for the harness page, and both libraries minified as an app that only
// generates images would ship them, for the size comparison.

import { readFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

async function bundle(root, entry) {
  const result = await esbuild.build({
    entryPoints: [`${root}/bench/${entry}`], bundle: true, minify: true, format: "esm", platform: "browser",
    target: "es2022", write: false, logLevel: "error",
    // index.js's Node-only fallback (reading the .wasm from disk) is a dynamic import the browser never takes.
    external: ["node:*"], supported: { "top-level-await": true },
  });
  return result.outputFiles[0].contents;
}

export async function openaiPageBundle(root) {
  return Buffer.from(await bundle(root, "openai-entry.js")).toString("utf8");
}

const sizes = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

function entry(name, jsParts, wasm, loads) {
  const js = jsParts.map(sizes).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }));
  const w = wasm && sizes(wasm);
  const total = w ? { raw: js.raw + w.raw, gzip: js.gzip + w.gzip, brotli: js.brotli + w.brotli } : js;
  return { name, js, wasm: w, total, ...(loads && { loads }) };
}

/** Sizes in bytes (raw, gzip -9, brotli 11) of what each option puts on the wire; `loads` names
 *  the library load.html imports to time its first load (the page serves exactly those files). */
export async function bundleSizes(root) {
  const pkg = (f) => readFileSync(`${root}/pkg/${f}`);
  const wasm = pkg("imagegen_wasm_bg.wasm");
  return [
    entry("imagegen-wasm, pkg/ as published (index.js + glue + .wasm)", [pkg("index.js"), pkg("imagegen_wasm.js")], wasm, "imagegen-wasm"),
    entry("imagegen-wasm, esbuild --minify + .wasm", [await bundle(root, "imagegen-entry.js")], wasm),
    entry("openai-node, esbuild --minify (images.generate only)", [await bundle(root, "openai-entry.js")], null, "openai-node"),
  ];
}
