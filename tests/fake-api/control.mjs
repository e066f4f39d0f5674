// The control API tests use (with fetch, from Node or the browser):
//   POST   /__control/sessions/{session}/script    {"steps": [...]}  replace the fault script
//   GET    /__control/sessions/{session}/script    the steps not yet consumed
//   GET    /__control/sessions/{session}/requests  every request the session received, in order
//   DELETE /__control/sessions/{session}           forget script and recording
//   GET    /__control/health                       {"ok": true}

import { checkStep } from './faults.mjs';
import { jsonResponse } from './responses.mjs';
import { SESSION_NAME } from './sessions.mjs';

const MAX_STEPS = 10_000;

const controlError = (status, message, param = null) => jsonResponse(status, { error: { message, type: 'invalid_request_error', param, code: 'invalid_control_request' } });

/**
 * @param {{method: string, path: string, body: Buffer, sessions: import('./sessions.mjs').Sessions}} req
 */
export function handleControl({ method, path, body, sessions }) {
  if (path === '/__control/health' && method === 'GET') return jsonResponse(200, { ok: true });
  const m = /^\/__control\/sessions\/([^/]+)(\/script|\/requests)?$/.exec(path);
  if (!m) return controlError(404, `No control endpoint at ${method} ${path}`);
  const [, name, what] = m;
  if (!SESSION_NAME.test(name)) return controlError(400, 'Session names are 1-128 characters of A-Z a-z 0-9 _ -');

  if (what === '/script' && method === 'POST') {
    let steps;
    try { ({ steps } = JSON.parse(body.toString('utf8'))); } catch { return controlError(400, 'Body must be JSON: {"steps": [...]}'); }
    if (!Array.isArray(steps) || steps.length > MAX_STEPS) return controlError(400, `"steps" must be an array of at most ${MAX_STEPS} steps`, 'steps');
    for (const [i, step] of steps.entries()) {
      const problem = checkStep(step);
      if (problem) return controlError(400, `steps[${i}]: ${problem}`, `steps[${i}]`);
    }
    sessions.get(name).steps = structuredClone(steps);
    return jsonResponse(200, { session: name, steps: steps.length });
  }
  if (what === '/script' && method === 'GET') return jsonResponse(200, { session: name, steps: sessions.peek(name)?.steps ?? [] });
  if (what === '/requests' && method === 'GET') return jsonResponse(200, sessions.peek(name)?.requests ?? []);
  if (what === undefined && method === 'DELETE') {
    sessions.reset(name);
    return jsonResponse(200, { session: name, reset: true });
  }
  return controlError(405, `Method ${method} is not supported on ${path}`);
}
