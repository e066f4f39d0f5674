// Scripted faults: checks the steps a test posts, and turns the step a request consumed into what
// that request gets. Steps ({"fault": NAME, ...}):
//   ok                 normal; options c2pa:false (no C2PA marker), revisedPrompt, eventDelayMs, and
//                      models: [id | {id, ...}] replaces the list a GET /models answers (rows get
//                      object/created/owned_by unless given; shutdown_date only when given)
//   error              preset: see error-presets.mjs (+ headers: {...} added to the response)
//   slow / slow_body   stall delayMs before the headers / in the middle of the body
//   cut_mid_body       headers (full Content-Length) + half the body, then a reset
//   drop_connection    reset without any response
//   malformed_json, empty_data, bad_base64   200 with an unusable payload
//   raw                status, headers, body exactly as given
//   stream_incomplete  (stream requests) partials, then a clean end without `completed`
//   stream_error       (stream requests) partials, then `event: error` with preset's error (default moderation_blocked)
// error/raw/drop/malformed/empty/bad_base64 replace the response whatever the request; the others
// run the normal pipeline (auth, validation) and only change how its response is delivered.

import { ERROR_PRESETS } from './error-presets.mjs';
import { jsonResponse, textResponse } from './responses.mjs';
import { sseEvent } from './sse.mjs';
import { isIsoDay } from './lifecycle.mjs';

const FAULTS = new Set([
  'ok', 'error', 'slow', 'slow_body', 'cut_mid_body', 'drop_connection', 'malformed_json', 'empty_data',
  'bad_base64', 'raw', 'stream_incomplete', 'stream_error',
]);
const MAX_DELAY_MS = 10 * 60 * 1000;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** @returns {string|null} what is wrong with a script step, or null when it is usable */
export function checkStep(step) {
  if (!step || typeof step !== 'object' || Array.isArray(step)) return 'must be an object';
  if (!FAULTS.has(step.fault)) return `fault must be one of ${[...FAULTS].join(', ')}`;
  if (step.fault === 'error' && !Object.hasOwn(ERROR_PRESETS, step.preset)) return `preset must be one of ${Object.keys(ERROR_PRESETS).join(', ')}`;
  if (step.fault === 'stream_error' && step.preset !== undefined && !Object.hasOwn(ERROR_PRESETS, step.preset)) return 'unknown preset';
  for (const key of ['delayMs', 'eventDelayMs']) {
    if (step[key] !== undefined && !(Number.isFinite(step[key]) && step[key] >= 0 && step[key] <= MAX_DELAY_MS)) return `${key} must be a number of milliseconds (0-${MAX_DELAY_MS})`;
  }
  if (step.headers !== undefined && !isHeaderMap(step.headers)) return 'headers must map header names to strings';
  if (step.c2pa !== undefined && typeof step.c2pa !== 'boolean') return 'c2pa must be a boolean';
  if (step.revisedPrompt !== undefined && typeof step.revisedPrompt !== 'string') return 'revisedPrompt must be a string';
  if (step.models !== undefined && !(Array.isArray(step.models) && step.models.every(isModelRow))) return 'models must be an array of model ids or objects with a string id';
  if (step.stage !== undefined && !['input', 'output'].includes(step.stage)) return 'stage must be "input" or "output"';
  if (step.categories !== undefined && !(Array.isArray(step.categories) && step.categories.every((c) => typeof c === 'string'))) return 'categories must be an array of strings';
  if (step.retryAfter !== undefined && !['number', 'string'].includes(typeof step.retryAfter)) return 'retryAfter must be seconds (number) or an HTTP date (string)';
  if (step.retryAfterMs !== undefined && typeof step.retryAfterMs !== 'number') return 'retryAfterMs must be a number';
  for (const key of ['model', 'deployment']) if (step[key] !== undefined && typeof step[key] !== 'string') return `${key} must be a string`;
  if (step.date !== undefined && !isIsoDay(step.date)) return 'date must be a day written YYYY-MM-DD';
  if (step.fault === 'raw') {
    if (!Number.isInteger(step.status) || step.status < 200 || step.status > 599) return 'status must be an integer 200-599';
    if (step.body !== undefined && typeof step.body !== 'string') return 'body must be a string';
  }
  return null;
}

const isModelRow = (row) => typeof row === 'string' || (row && typeof row === 'object' && !Array.isArray(row) && typeof row.id === 'string');

function isHeaderMap(h) {
  return h && typeof h === 'object' && !Array.isArray(h)
    && Object.entries(h).every(([k, v]) => HEADER_NAME.test(k) && typeof v === 'string' && !/[\r\n]/.test(v));
}

/**
 * @param {object|undefined} step the consumed script step (undefined: normal behaviour)
 * @param {(options: {c2pa?: boolean, revisedPrompt?: string, models?: Array}) => object} normal builds the normal response
 * @param {{eventDelayMs: number}} defaults the server's pacing of SSE events, unless the step sets one
 * @returns {{drop: true} | {response: object, delivery: {mode: string, delayMs: number, eventDelayMs: number}}}
 */
export function planResponse(step = { fault: 'ok' }, normal, defaults = { eventDelayMs: 0 }) {
  const delivery = { mode: 'normal', delayMs: step.delayMs ?? 1000, eventDelayMs: step.eventDelayMs ?? defaults.eventDelayMs };
  const options = { c2pa: step.c2pa, revisedPrompt: step.revisedPrompt, models: step.models };
  let response;
  switch (step.fault) {
    case 'drop_connection': return { drop: true };
    case 'error': response = ERROR_PRESETS[step.preset](step); break;
    case 'raw': response = textResponse(step.status, null, step.body ?? ''); break;
    case 'malformed_json': response = textResponse(200, 'application/json', `{\n  "created": ${unixNow()},\n  "data": [\n    {\n      "b64_json": "iVBORw0KGgoAAAANSUhEUgAA`); break;
    case 'empty_data': response = jsonResponse(200, { created: unixNow(), data: [] }); break;
    case 'bad_base64': response = jsonResponse(200, { created: unixNow(), data: [{ b64_json: '!!not*base64~~' }] }); break;
    case 'stream_incomplete': response = withoutCompleted(normal(options)); break;
    case 'stream_error': response = withErrorEvent(normal(options), ERROR_PRESETS[step.preset ?? 'moderation_blocked'](step)); break;
    case 'slow': response = normal(options); delivery.mode = 'slow'; break;
    case 'slow_body': response = normal(options); delivery.mode = 'slow_body'; break;
    case 'cut_mid_body': response = normal(options); delivery.mode = 'cut'; break;
    default: response = normal(options); // ok
  }
  if (step.headers) response = { ...response, headers: { ...response.headers, ...lowerKeys(step.headers) } };
  return { response, delivery };
}

// A stream that ends cleanly without its `completed` event (non-stream responses pass unchanged).
function withoutCompleted(response) {
  if (!response.events) return response;
  return { ...response, events: response.events.filter((e) => !e.type.endsWith('.completed')) };
}

// A stream whose partials are followed by an `error` event instead of `completed`.
function withErrorEvent(response, errorResponse) {
  if (!response.events) return response;
  let error;
  try { ({ error } = JSON.parse(errorResponse.body.toString())); } catch { /* an HTML or empty preset */ }
  error ??= { message: `The server answered ${errorResponse.status}.`, type: 'server_error', param: null, code: null };
  return { ...response, events: [...withoutCompleted(response).events, sseEvent('error', { type: 'error', error })] };
}

function lowerKeys(h) {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}

const unixNow = () => Math.floor(Date.now() / 1000);
