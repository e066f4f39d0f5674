// The response values handlers return; delivery.mjs turns them into bytes on the socket.
// { status, headers, body: Buffer } or, for streams, { status, headers, events: Buffer[] }.

/** JSON pretty-printed with two spaces, as OpenAI's API sends it. */
export function jsonResponse(status, value, headers = {}) {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: Buffer.from(JSON.stringify(value, null, 2)) };
}

export function textResponse(status, contentType, text, headers = {}) {
  return { status, headers: contentType ? { 'content-type': contentType, ...headers } : { ...headers }, body: Buffer.from(text) };
}

export function bytesResponse(status, contentType, bytes, headers = {}) {
  return { status, headers: { 'content-type': contentType, ...headers }, body: bytes };
}

export function eventStreamResponse(events, headers = {}) {
  return { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...headers }, events };
}
