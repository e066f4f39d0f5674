// The request pipeline: CORS and request id on everything, control API, session prefix,
// recording, script step, then the matched route's handler and delivery (normal or faulty).
// A failure inside a handler becomes a 500 JSON error; it never takes the server down.

import { randomBytes } from 'node:crypto';
import { CORS_HEADERS, preflightHeaders } from './cors.mjs';
import { readBody } from './body.mjs';
import { handleControl } from './control.mjs';
import { splitSession, matchRoute, isAzurePath } from './routes.mjs';
import { startRecord, finishRecord } from './recording.mjs';
import { readMultipart } from './multipart.mjs';
import { planResponse } from './faults.mjs';
import { deliver, pause } from './delivery.mjs';
import { openaiError, openaiInvalidUrl, azureNotFound } from './errors.mjs';
import { bytesResponse } from './responses.mjs';
import { utcToday } from './lifecycle.mjs';

const MAX_BODY_BYTES = 128 * 1024 * 1024;
// Control requests may carry a scripted raw body as large as a 10-image 4K response.
const MAX_CONTROL_BYTES = 64 * 1024 * 1024;
const NO_CORS_PREFIX = '/nocors/';

const newRequestId = () => `req_${randomBytes(16).toString('hex')}`;

/**
 * @param {{sessions: import('./sessions.mjs').Sessions, files: import('./files.mjs').FileStore,
 *          latencyMs?: number, eventDelayMs?: number, today?: string|null}} deps
 *   today: the server's pinned day (YYYY-MM-DD), null for the UTC date at each request
 */
export function createHandler({ sessions, files, latencyMs = 0, eventDelayMs = 0, today = null }) {
  const todayFor = (session) => session?.today ?? today ?? utcToday();

  return async function handle(req, res) {
    res.setHeader('x-request-id', newRequestId());
    // `/nocors/...` is the same API without CORS headers: a server a page may not call.
    const cors = !req.url.startsWith(NO_CORS_PREFIX);
    if (cors) for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);
    else req.url = req.url.slice(NO_CORS_PREFIX.length - 1);
    res.locals = { cors };
    try {
      await route(req, res);
    } catch (err) {
      // Never echo request data: only the error's own message, on stderr.
      process.stderr.write(`fake-api: internal error: ${err?.stack ?? err}\n`);
      if (!res.headersSent) await deliver(res, openaiError(500, 'The fake API failed while processing your request.', { type: 'server_error' }));
      else res.destroy();
    }
  };

  async function route(req, res) {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname.startsWith('/__control/')) {
      const { body } = await readBody(req, MAX_CONTROL_BYTES);
      if (req.method === 'OPTIONS') return preflight(req, res);
      return deliver(res, handleControl({ method: req.method, path: url.pathname, body, sessions, today: todayFor }));
    }

    const split = splitSession(url.pathname);
    if (!split) {
      await readBody(req, 0);
      return deliver(res, openaiInvalidUrl(req.method, url.pathname));
    }
    const session = sessions.get(split.session);
    const record = startRecord(req, url);
    sessions.record(session, record);
    const match = req.method === 'OPTIONS' ? null : matchRoute(req.method, split.path);
    // Consume the step on arrival so steps map to requests in arrival order.
    const step = match && !match.route.file ? session.steps.shift() : undefined;

    const { body, size, tooLarge } = await readBody(req, MAX_BODY_BYTES);
    const multipart = readMultipart(req.headers['content-type'], body); // parsed once, for record and route
    finishRecord(record, body, multipart);
    if (tooLarge) Object.assign(record, { bodyBytes: size, bodySha256: null, bodyTruncated: true });
    sessions.noteBody(record);

    if (req.method === 'OPTIONS') return preflight(req, res);
    if (tooLarge) return deliver(res, openaiError(413, `Request body too large: the limit is ${MAX_BODY_BYTES} bytes.`));
    if (!match) return deliver(res, isAzurePath(split.path) ? azureNotFound() : openaiInvalidUrl(req.method, split.path));

    if (match.route.file) {
      const bytes = files.get(match.params.id);
      return deliver(res, bytes ? bytesResponse(200, 'image/png', bytes) : openaiError(404, 'File not found.'));
    }

    const prefix = split.session === 'default' && !url.pathname.startsWith('/s/') ? '' : `/s/${split.session}`;
    const ctx = {
      route: match.route, pathParams: match.params, query: url.searchParams, headers: req.headers, body, multipart, files,
      today: todayFor(session),
      filesBase: `http://${req.headers.host ?? '127.0.0.1'}${prefix}`,
    };
    const plan = planResponse(step, (options) => match.route.handler({ ...ctx, options }), { eventDelayMs });
    if (latencyMs > 0) await pause(latencyMs, res);
    if (plan.drop) return req.socket.destroy();
    return deliver(res, plan.response, plan.delivery);
  }

  function preflight(req, res) {
    const headers = res.locals?.cors === false ? {} : preflightHeaders(req.headers);
    return deliver(res, { status: 204, headers, body: Buffer.alloc(0) });
  }
}
