// Fake OpenAI-compatible image API for tests and the offline demo.
//
//   node tests/fake-api/server.mjs [--port N] [--latency-ms N] [--event-delay-ms N]
//     prints "FAKE_API_URL=http://127.0.0.1:PORT" once listening; stops on SIGTERM/SIGINT.
//     env FAKE_API_TODAY=YYYY-MM-DD pins "today" for the whole server (model shutdowns by date,
//     GET /models; see lifecycle.mjs); a session can pin its own (control.mjs).
//   import { startFakeApi } from './server.mjs'
//     const api = await startFakeApi({ port: 0 }); api.url; await api.close();
//     startFakeApi({ today: '2026-11-30' }) pins "today" like FAKE_API_TODAY (the option wins).
//
// Routes (each also under /s/{session}/...; see routes.mjs): POST /v1/images/{generations,edits,
// variations} (Bearer), POST /proxy/v1/images/{generations,edits,variations} (no auth),
// POST /openai/deployments/{d}/images/{generations,edits}?api-version=V and
// POST /openai/v1/images/{generations,edits} (Azure: api-key or Bearer), GET /files/{id}.png,
// GET /v1/models (Bearer), GET /proxy/v1/models (no auth), GET /openai/v1/models (Azure auth).
// Control API: see control.mjs; fault steps: see faults.mjs.

import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createHandler } from './handler.mjs';
import { Sessions } from './sessions.mjs';
import { FileStore } from './files.mjs';
import { renderImage } from './images.mjs';
import { serverToday } from './lifecycle.mjs';

/**
 * @param {{port?: number, latencyMs?: number, eventDelayMs?: number, today?: string}} [options]
 *   latencyMs: wait before every API response; eventDelayMs: pause between SSE events
 *   (both 0 by default; the demo may use them so progress is visible); today: pinned "today"
 *   (YYYY-MM-DD; default env FAKE_API_TODAY, else the UTC date of each request).
 * @returns {Promise<{url: string, port: number, close(): Promise<void>}>}
 */
export async function startFakeApi({ port = 0, latencyMs = 0, eventDelayMs = 0, today } = {}) {
  const pinned = serverToday(today ?? (process.env.FAKE_API_TODAY || undefined));
  const server = createServer(createHandler({ sessions: new Sessions(), files: new FileStore(), latencyMs, eventDelayMs, today: pinned }));
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  setImmediate(warmUp);
  const actualPort = server.address().port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

// Compiles the encoders' hot loops before the first real request (which should be fast).
function warmUp() {
  for (const format of ['png', 'jpeg', 'webp']) renderImage({ width: 256, height: 256, format, index: 7, c2pa: false });
}

function parseArgs(argv) {
  const options = {};
  const names = { '--port': 'port', '--latency-ms': 'latencyMs', '--event-delay-ms': 'eventDelayMs' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const key = names[flag];
    const value = Number(inline ?? argv[++i]);
    if (!key || !Number.isInteger(value) || value < 0) throw new Error(`usage: server.mjs [--port N] [--latency-ms N] [--event-delay-ms N] (bad argument ${argv[i] ?? flag})`);
    options[key] = value;
  }
  return options;
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  let api;
  try {
    api = await startFakeApi(options);
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  // Handlers first: whoever reads the URL line may signal us right away.
  const stop = () => api.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.stdout.write(`FAKE_API_URL=${api.url}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
