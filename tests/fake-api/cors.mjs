// CORS for every response: browsers on any origin (the demo page, wasm-bindgen-test pages) may
// call the fake API and read the headers the client library needs.

export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-request-id, retry-after, retry-after-ms, x-should-retry',
};

/** Extra headers of a 204 preflight answer; allowed request headers echo what the browser asked. */
export function preflightHeaders(requestHeaders) {
  const headers = {
    'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
    'access-control-allow-headers': requestHeaders['access-control-request-headers'] || 'authorization, api-key, content-type',
    'access-control-max-age': '600',
  };
  // Chrome's Private Network Access preflight (a public page calling 127.0.0.1).
  if (requestHeaders['access-control-request-private-network'] === 'true') headers['access-control-allow-private-network'] = 'true';
  return headers;
}
