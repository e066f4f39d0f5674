// API key checks per route style, with each provider's real 401 bodies. The key itself is never
// echoed in full (OpenAI masks it too) and never logged.

import { openaiError, azureError } from './errors.mjs';

/** The key the fake treats as revoked/wrong; any other non-empty key is accepted. */
export const INVALID_KEY = 'sk-invalid';

const OPENAI_MISSING_KEY = "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (i.e. username: YOUR_KEY) when using basic auth (i.e. Basic Auth). You can obtain an API key from https://platform.openai.com/account/api-keys.";
const AZURE_DENIED = 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.';

function bearerKey(headers) {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return m ? m[1] : null;
}

function masked(key) {
  return key.length > 8 ? `${key.slice(0, 3)}${'*'.repeat(Math.min(key.length - 7, 20))}${key.slice(-4)}` : '*'.repeat(key.length);
}

/**
 * @param {'bearer'|'azure'|'none'} scheme
 * @param {Record<string,string>} headers lowercased request headers
 * @returns a 401 response, or null when the request may proceed
 */
export function checkAuth(scheme, headers) {
  if (scheme === 'none') return null;
  if (scheme === 'azure') {
    const key = headers['api-key'] || bearerKey(headers);
    return !key || key === INVALID_KEY ? azureError(401, '401', AZURE_DENIED) : null;
  }
  const key = bearerKey(headers);
  if (!key) return openaiError(401, OPENAI_MISSING_KEY);
  if (key === INVALID_KEY) {
    return openaiError(401, `Incorrect API key provided: ${masked(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`, { code: 'invalid_api_key' });
  }
  return null;
}
