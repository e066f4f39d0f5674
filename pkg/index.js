// The package entry: instantiates the WebAssembly module once, at import, so callers never call
// init(). Top-level await works in every browser that runs wasm-bindgen output and in bundlers
// (Vite, webpack 5, Rollup, esbuild); `new URL(..., import.meta.url)` is the pattern they all
// follow to ship the .wasm file.
import init from "./imagegen_wasm.js";

const wasmUrl = new URL("./imagegen_wasm_bg.wasm", import.meta.url);
if (wasmUrl.protocol === "file:") {
  // Node (tests, SSR tooling): fetch() cannot read file: URLs.
  const { readFile } = await import(/* webpackIgnore: true */ /* @vite-ignore */ "node:fs/promises");
  await init({ module_or_path: await readFile(wasmUrl) });
} else {
  await init({ module_or_path: wasmUrl });
}

export { ImagesClient, validateGenerate, estimateCost, models, defineModel } from "./imagegen_wasm.js";
