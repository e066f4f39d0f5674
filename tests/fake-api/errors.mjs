// Error bodies in the real providers' shapes. OpenAI (and compatibles, and most Azure validation
// errors): {"error":{"message","type","param","code"}}; Azure gateway errors: {"error":{"code","message"}}.

import { jsonResponse } from './responses.mjs';

export function openaiError(status, message, { type = 'invalid_request_error', param = null, code = null, extra = {}, headers = {} } = {}) {
  return jsonResponse(status, { error: { message, type, param, code, ...extra } }, headers);
}

export function azureError(status, code, message, headers = {}) {
  return jsonResponse(status, { error: { code, message } }, headers);
}

export const azureNotFound = () => azureError(404, '404', 'Resource not found');

/** OpenAI's answer to a method/path it does not serve. */
export const openaiInvalidUrl = (method, path) => openaiError(404, `Invalid URL (${method} ${path})`);

/** 400 for a parameter with a value the model does not accept. */
export function invalidValue(param, value, supported) {
  const list = supported.map((s) => `'${s}'`);
  const listed = list.length > 2 ? `${list.slice(0, -1).join(', ')}, and ${list.at(-1)}` : list.join(' and ');
  return openaiError(400, `Invalid value: '${String(value)}'. Supported values are: ${listed}.`, { param, code: 'invalid_value' });
}

export function unknownParameter(param) {
  return openaiError(400, `Unknown parameter: '${param}'.`, { param, code: 'unknown_parameter' });
}

export function invalidType(param, expected, value) {
  return openaiError(400, `Invalid type for '${param}': expected ${expected}, but got ${describeType(value)} instead.`, { param, code: 'invalid_type' });
}

function describeType(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`; // string, boolean
}
