// The control API tests use (with fetch, from Node or the browser):
//   POST   /__control/sessions/{session}/script    {"steps": [...]}  replace the fault script
//   GET    /__control/sessions/{session}/script    the steps not yet consumed
//   GET    /__control/sessions/{session}/requests  every request the session received, in order
//   POST   /__control/sessions/{session}/today     {"date": "2026-11-30"}  pin the session's "today"
//                                                  (model shutdowns, GET /models); {"date": null} unpins
//   GET    /__control/sessions/{session}/today     {"session", "date": pinned day or null, "today": in effect}
//   DELETE /__control/sessions/{session}           forget script, recording and pinned date
//   GET    /__control/health                       {"ok": true}

import { checkStep } from './faults.mjs';
import { jsonResponse } from './responses.mjs';
import { SESSION_NAME } from './sessions.mjs';
import { isIsoDay } from './lifecycle.mjs';

const MAX_STEPS = 10_000;

const controlError = (status, message, param = null) => jsonResponse(status, { error: { message, type: 'invalid_request_error', param, code: 'invalid_control_request' } });

/**
 * @param {{method: string, path: string, body: Buffer, sessions: import('./sessions.mjs').Sessions,
 *          today: (session: object|undefined) => string}} req today: the day in effect for a session
 */
export function handleControl({ method, path, body, sessions, today }) {
  if (path === '/__control/health' && method === 'GET') return jsonResponse(200, { ok: true });
  const m = /^\/__control\/sessions\/([^/]+)(\/script|\/requests|\/today)?$/.exec(path);
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
  if (what === '/today' && method === 'POST') {
    let date;
    try { ({ date } = JSON.parse(body.toString('utf8'))); } catch { return controlError(400, 'Body must be JSON: {"date": "YYYY-MM-DD"} or {"date": null}'); }
    if (date !== null && !isIsoDay(date)) return controlError(400, '"date" must be a day written YYYY-MM-DD, or null to unpin', 'date');
    const session = sessions.get(name);
    session.today = date;
    return jsonResponse(200, { session: name, date, today: today(session) });
  }
  if (what === '/today' && method === 'GET') {
    const session = sessions.peek(name);
    return jsonResponse(200, { session: name, date: session?.today ?? null, today: today(session) });
  }
  if (what === '/requests' && method === 'GET') return jsonResponse(200, sessions.peek(name)?.requests ?? []);
  if (what === undefined && method === 'DELETE') {
    sessions.reset(name);
    return jsonResponse(200, { session: name, reset: true });
  }
  return controlError(405, `Method ${method} is not supported on ${path}`);
}
