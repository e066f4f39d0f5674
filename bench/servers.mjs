// The benchmark's two local HTTP servers.
//
// site: the harness page, the package (pkg/) and the in-memory openai-node bundle, on one origin.
// api:  replays responses recorded from the fake image API, on another origin, so every variant
//       makes the same cross-origin request (CORS preflight included) and gets the very same bytes.
//       Replaying keeps the fake API's own per-request work (base64-encoding and JSON-serialising
//       tens of MB on this same 2-core machine) out of the numbers, which are about the client.
//       POST /v1/images/generations answers at once; POST /paced/{bytesPerSecond}/v1/images/generations
//       sends the body at that bandwidth, like a real link, so decoding can overlap the download.

import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

const MIME = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };

/** The key a generation request is replayed by. */
export function replayKey({ model, size, n = 1, output_format = "png" }) {
  return `${model}|${size}|${n}|${output_format}`;
}

/**
 * @param {{root: string, bundles: Record<string, string>}} opts  bundles: path → JS text served from memory
 */
export function startSite({ root, bundles }) {
  return listen(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const inMemory = bundles[path];
    if (inMemory !== undefined) return send(res, 200, MIME[".js"], inMemory);
    if (!/^\/(pkg|bench)\//.test(path)) return send(res, 404, "text/plain", "not found");
    const file = normalize(join(root, path));
    if (!file.startsWith(root)) return send(res, 403, "text/plain", "forbidden");
    try {
      send(res, 200, MIME[extname(file)] ?? "application/octet-stream", await readFile(file));
    } catch {
      send(res, 404, "text/plain", "not found");
    }
  });
}

/**
 * @param {Map<string, {status: number, headers: Record<string,string>, body: Buffer}>} recorded  by replayKey
 */
export function startReplayApi(recorded) {
  return listen(async (req, res) => {
    const cors = { "access-control-allow-origin": "*", "access-control-expose-headers": "x-request-id" };
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        ...cors,
        "access-control-allow-methods": "POST, OPTIONS",
        "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "authorization, content-type",
        "access-control-max-age": "600",
      });
      return res.end();
    }
    const match = /^\/(?:paced\/(\d+)\/)?v1\/images\/generations$/.exec(new URL(req.url, "http://x").pathname);
    const body = await readBody(req);
    let hit;
    try {
      hit = match && req.method === "POST" && recorded.get(replayKey(JSON.parse(body)));
    } catch { /* not JSON: no hit */ }
    if (!hit) return send(res, 404, "application/json", JSON.stringify({ error: { message: "no recorded response" } }), cors);
    res.writeHead(hit.status, { ...hit.headers, ...cors, "content-length": String(hit.body.length) });
    if (match[1]) await pace(res, hit.body, Number(match[1]));
    else res.end(hit.body);
  });
}

/** Writes `body` in 16 KB pieces on a fixed schedule (no drift) at `bytesPerSecond`. */
async function pace(res, body, bytesPerSecond) {
  const piece = 16 * 1024;
  const start = performance.now();
  for (let at = 0; at < body.length; at += piece) {
    const due = start + (at / bytesPerSecond) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (res.destroyed) return;
    res.write(body.subarray(at, at + piece));
  }
  res.end();
}

function send(res, status, type, body, extra = {}) {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store", ...extra });
  res.end(body);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const parts = [];
    req.on("data", (c) => parts.push(c));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

function listen(handler) {
  const server = createServer((req, res) => {
    handler(req, res).catch((err) => { if (!res.headersSent) send(res, 500, "text/plain", String(err)); else res.destroy(); });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve({
      url: `http://127.0.0.1:${server.address().port}`,
      close: () => new Promise((r) => { server.close(() => r()); server.closeAllConnections(); }),
    }));
  });
}
