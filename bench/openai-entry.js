// openai-node as a browser app that only generates images uses it: bundled by esbuild (run.mjs)
// both for the page and for the bundle-size figure.
import OpenAI from "openai";

/** A reusable `images.generate` bound to one client. */
export function openaiImages(options) {
  const client = new OpenAI(options);
  return (params) => client.images.generate(params);
}
