// The demo's local server: the offline fake image API plus a static server for the page.
//
//   node www/serve.mjs [--port N]
//     serves www/ at /, pkg/ at /pkg/ and GET /config.json on 127.0.0.1 (default port 8080, or a
//     free one when 8080 is taken), prints "Demo: http://127.0.0.1:PORT/", stops on SIGINT/SIGTERM.
//   import { startDemo } from "./serve.mjs"
//     const demo = await startDemo({ port: 0 }); demo.url; demo.fakeApiUrl; await demo.close();
//
// The fake API paces streamed answers (a pause between SSE events), as a real model takes time
// between partial images: at full speed they would all arrive at once and never be seen.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startFakeApi } from "../tests/fake-api/server.mjs";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const MOUNTS = [
  { prefix: "/pkg/", dir: join(ROOT, "pkg") },
  { prefix: "/", dir: join(ROOT, "www") },
];
const DEFAULT_PORT = 8080;
const STREAM_EVENT_DELAY_MS = 300;

// Only these file types are served; anything else (serve.mjs itself, .d.ts, dotfiles) is a 404.
const MIME_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};
const NOT_SERVED = new Set(["/serve.mjs"]);

// The page may call any API the user points it at (and show DALL·E's remote image URLs), but it
// loads code and styles only from itself: an injected script is what would steal a typed-in key.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' blob: data: http: https:",
  "connect-src 'self' blob: http: https:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Starts the fake API and the static server.
 * @param {{port?: number, eventDelayMs?: number}} [options] port 0 picks a free port; the default
 *   is 8080, or a free port when 8080 is taken. eventDelayMs: the pause between streamed events.
 * @returns {Promise<{url: string, fakeApiUrl: string, close(): Promise<void>}>}
 */
export async function startDemo({ port, eventDelayMs = STREAM_EVENT_DELAY_MS } = {}) {
  await checkPackageBuilt();
  const api = await startFakeApi({ port: 0, eventDelayMs });
  const server = createServer((req, res) => {
    handle(req, res, api.url).catch((err) => {
      process.stderr.write(`demo server: ${err?.stack ?? err}\n`);
      if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", "Internal error");
      else res.destroy();
    });
  });
  try {
    await listen(server, port ?? DEFAULT_PORT).catch((err) => {
      // Only the default port falls back; a port the caller asked for is theirs to fix.
      if (port === undefined && err.code === "EADDRINUSE") return listen(server, 0);
      throw err;
    });
  } catch (err) {
    await api.close();
    throw err;
  }
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    fakeApiUrl: api.url,
    close: async () => {
      await new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      await api.close();
    },
  };
}

async function checkPackageBuilt() {
  for (const file of ["index.js", "imagegen_wasm.js", "imagegen_wasm_bg.wasm"]) {
    try {
      await stat(join(ROOT, "pkg", file));
    } catch {
      throw new Error(`pkg/${file} is missing: build the package first (bash scripts/build.sh)`);
    }
  }
}

function listen(server, port) {
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", fail);
      done();
    });
  });
}

async function handle(req, res, fakeApiUrl) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("allow", "GET, HEAD");
    return send(res, 405, "text/plain; charset=utf-8", "Method not allowed");
  }
  const { pathname } = new URL(req.url, "http://127.0.0.1");
  if (pathname === "/config.json") {
    return send(res, 200, "application/json", JSON.stringify({ fakeApiUrl }), req.method);
  }
  const file = resolveFile(pathname);
  if (!file) return send(res, 404, "text/plain; charset=utf-8", "Not found");
  let bytes;
  try {
    bytes = await readFile(file.path);
  } catch (err) {
    if (["ENOENT", "EISDIR", "ENOTDIR"].includes(err.code)) return send(res, 404, "text/plain; charset=utf-8", "Not found");
    throw err;
  }
  return send(res, 200, file.type, bytes, req.method);
}

/**
 * Maps a URL path to a file inside one of the mounts, or null. Rejects anything that is not a
 * plain path below the mount (encoded or literal "..", backslashes, NUL, dotfiles).
 */
export function resolveFile(pathname) {
  let path;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (path.endsWith("/")) path += "index.html";
  if (NOT_SERVED.has(path) || /[\\\0]/.test(path)) return null;
  const segments = path.split("/").slice(1);
  if (segments.some((s) => s === "" || s.startsWith("."))) return null;
  const type = MIME_TYPES[extname(path).toLowerCase()];
  if (!type) return null;
  const mount = MOUNTS.find((m) => path.startsWith(m.prefix));
  const full = resolve(mount.dir, path.slice(mount.prefix.length));
  // Belt and braces: the resolved file must still be inside the mount.
  if (!full.startsWith(mount.dir + sep)) return null;
  return { path: full, type };
}

function send(res, status, type, body, method = "GET") {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  res.writeHead(status, {
    "content-type": type,
    "content-length": bytes.length,
    "cache-control": "no-store", // the package is rebuilt often while developing
    "x-content-type-options": "nosniff",
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "referrer-policy": "no-referrer",
  });
  res.end(method === "HEAD" ? undefined : bytes);
}

function parsePort(argv) {
  if (argv.length === 0) return undefined;
  const [flag, inline] = argv[0].split("=", 2);
  const value = inline ?? argv[1];
  const port = Number(value);
  const extra = inline === undefined ? argv.slice(2) : argv.slice(1);
  if (flag !== "--port" || !Number.isInteger(port) || port < 0 || port > 65535 || extra.length > 0) {
    throw new Error(`usage: node www/serve.mjs [--port N] (got: ${argv.join(" ")})`);
  }
  return port;
}

async function main() {
  let port;
  try {
    port = parsePort(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  let demo;
  try {
    demo = await startDemo({ port });
  } catch (err) {
    const message = err.code === "EADDRINUSE"
      ? `Port ${port} is already in use: pick another with --port N, or leave --port out to use a free one.`
      : err.message;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
  const stop = () => demo.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  process.stdout.write(`Fake image API: ${demo.fakeApiUrl}\n`);
  process.stdout.write(`Demo: ${demo.url}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
