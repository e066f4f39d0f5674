// imagegen-wasm as a browser app that only generates images uses it: bundled by esbuild (run.mjs)
// for the bundle-size figure, the counterpart of openai-entry.js. The .wasm file ships beside it.
import { ImagesClient } from "../pkg/index.js";

/** A reusable `generate` bound to one client. */
export function imagegenImages(options) {
  const client = new ImagesClient(options);
  return (params) => client.generate(params);
}
