// The in-browser harness: each variant goes from "request sent" to "N Blobs with object URLs
// ready" for the same request to the same replayed response. run.mjs drives it through playwright.

import { ImagesClient } from "/pkg/index.js";
import initWasm from "/pkg/imagegen_wasm.js"; // already initialised by index.js: returns its exports
import { openaiImages } from "/bench/openai.js";

const wasmMemory = (await initWasm()).memory;

// Memory probe: a no-op while timing; while measuring memory, records the peak JS heap. The variants
// call it at their checkpoints (the moments their big intermediates are alive) and a 1 ms timer
// covers the rest, as far as the event loop lets it run.
let mark = () => {};
let heapPeak = 0;
const heapNow = () => performance.memory.usedJSHeapSize;
const sampleHeap = () => { heapPeak = Math.max(heapPeak, heapNow()); };

const mimeOf = (format) => `image/${format ?? "png"}`;
const ready = (blob) => ({ blob, url: URL.createObjectURL(blob) });

// The decoding openai-node's users write (and the docs' answers suggest).
const atobBytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

async function fetchJson(baseURL, params) {
  const res = await fetch(`${baseURL}/images/generations`, {
    method: "POST",
    headers: { authorization: "Bearer x", "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const json = await res.json();
  mark();
  return json;
}

const clients = {};

/** Each returns { images: [{blob, url}], dispose() }. */
const VARIANTS = {
  async "imagegen-wasm"(baseURL, params) {
    const client = (clients[`wasm ${baseURL}`] ??= new ImagesClient({ provider: "compatible", apiKey: "x", baseURL }));
    const options = mark === sampleHeap ? { onProgress: mark } : undefined;
    const result = await client.generate(params, options);
    return { images: result.images, dispose: () => result.revoke() };
  },
  async "openai-node + atob"(baseURL, params) {
    const generate = (clients[`openai ${baseURL}`] ??= openaiImages({ apiKey: "x", baseURL, dangerouslyAllowBrowser: true }));
    const response = await generate(params);
    mark();
    const images = response.data.map((d) => {
      const bytes = atobBytes(d.b64_json);
      mark();
      return ready(new Blob([bytes], { type: mimeOf(response.output_format) }));
    });
    return { images, dispose: () => revoke(images) };
  },
  async "fetch + json + atob"(baseURL, params) {
    const json = await fetchJson(baseURL, params);
    const images = json.data.map((d) => {
      const bytes = atobBytes(d.b64_json);
      mark();
      return ready(new Blob([bytes], { type: mimeOf(json.output_format) }));
    });
    return { images, dispose: () => revoke(images) };
  },
  async "fetch + json + data: URL"(baseURL, params) {
    const json = await fetchJson(baseURL, params);
    const images = await Promise.all(json.data.map(async (d) => {
      const blob = await (await fetch(`data:${mimeOf(json.output_format)};base64,${d.b64_json}`)).blob();
      mark();
      return ready(blob);
    }));
    return { images, dispose: () => revoke(images) };
  },
  // The built-in decoder (TC39 "Uint8Array to/from base64"), where the browser has it.
  ...(typeof Uint8Array.fromBase64 === "function" && {
    async "fetch + json + fromBase64"(baseURL, params) {
      const json = await fetchJson(baseURL, params);
      const images = json.data.map((d) => {
        const bytes = Uint8Array.fromBase64(d.b64_json);
        mark();
        return ready(new Blob([bytes], { type: mimeOf(json.output_format) }));
      });
      return { images, dispose: () => revoke(images) };
    },
  }),
  // Not a contender: the bare download, to show what part of each time is transfer.
  async "floor: fetch + arrayBuffer"(baseURL, params) {
    const res = await fetch(`${baseURL}/images/generations`, {
      method: "POST",
      headers: { authorization: "Bearer x", "content-type": "application/json" },
      body: JSON.stringify(params),
    });
    const body = await res.arrayBuffer();
    mark();
    return { images: [], body, dispose() {} };
  },
  // Not a contender either: the bare download, then the Blobs and URLs of images decoded before the
  // clock started. Its gap to the floor is what making the Blobs costs when nothing overlaps it.
  async "floor + Blobs"(baseURL, params, decoded) {
    const { body } = await VARIANTS["floor: fetch + arrayBuffer"](baseURL, params);
    const images = decoded.bytes.map((bytes) => ready(new Blob([bytes], { type: decoded.type })));
    return { images, body, dispose: () => revoke(images) };
  },
};

// What a variant needs before the clock starts: the images of the response, for "floor + Blobs"
// (one case at a time, so no more than one response's images stay alive).
let prepared = { key: null, value: null };
const PREPARE = {
  async "floor + Blobs"(baseURL, params) {
    const key = JSON.stringify([baseURL, params]);
    if (prepared.key !== key) {
      prepared = { key: null, value: null };
      const json = await fetchJson(baseURL, params);
      const bytes = json.data.map((d) => atobBytes(d.b64_json));
      prepared = { key, value: { bytes, type: mimeOf(json.output_format) } };
    }
    return prepared.value;
  },
};

function revoke(images) {
  for (const image of images) URL.revokeObjectURL(image.url);
}

let pending = null; // the last run's output, kept alive until verify() so memory can be read first

async function settle() {
  for (let i = 0; i < 2; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function sha256(blob) {
  const digest = await crypto.subtle.digest("SHA-256", await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

window.bench = {
  variants: () => Object.keys(VARIANTS),
  info: () => ({ userAgent: navigator.userAgent, hardwareConcurrency: navigator.hardwareConcurrency }),
  settle,

  /** One run. With `memory`, samples the JS heap and reads wasm memory around it. */
  async run(variant, baseURL, params, { memory = false } = {}) {
    const input = await PREPARE[variant]?.(baseURL, params);
    await settle();
    const heapBase = heapNow();
    const wasmBefore = wasmMemory.buffer.byteLength;
    let timer;
    if (memory) {
      heapPeak = heapBase;
      mark = sampleHeap;
      timer = setInterval(sampleHeap, 1);
    }
    const t0 = performance.now();
    try {
      pending = await VARIANTS[variant](baseURL, params, input);
    } finally {
      clearInterval(timer);
      mark = () => {};
    }
    const ms = performance.now() - t0;
    const out = { ms, wasmBefore, wasmAfter: wasmMemory.buffer.byteLength };
    if (memory) Object.assign(out, { heapBase, heapPeak: Math.max(heapPeak, heapNow()) });
    return out;
  },

  /** Checks the last run's output (outside the timed part), then lets it go. */
  async verify() {
    const { images, body, dispose } = pending;
    pending = null;
    const checked = [];
    for (const { blob, url } of images) {
      // Hashes what the object URL serves: proves the URL works and the Blob holds those bytes.
      const viaUrl = await (await fetch(url)).blob();
      checked.push({ size: blob.size, type: blob.type, urlType: viaUrl.type, sha256: await sha256(viaUrl) });
    }
    const out = { images: checked, bodyBytes: body?.byteLength };
    dispose();
    return out;
  },
};
document.body.dataset.ready = "true";
