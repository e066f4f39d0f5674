// Minimal multipart/form-data parser (RFC 7578) for recording and the edits/variations endpoints.
// Works on the whole body buffer; parts' bytes are views into it (no copies, so 64 MB uploads stay
// cheap). The handler parses a body once and hands the result to both the recording and the route.

/** @returns {string|null} the boundary parameter of a multipart/form-data Content-Type */
export function multipartBoundary(contentType) {
  if (!/^multipart\/form-data\s*;/i.test(contentType ?? '')) return null;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : null;
}

/**
 * @returns {null | {parts: ReturnType<typeof parseMultipart>} | {error: string}}
 *   null when the body is not multipart/form-data (or has no boundary parameter)
 */
export function readMultipart(contentType, body) {
  const boundary = multipartBoundary(contentType);
  if (!boundary) return null;
  try {
    return { parts: parseMultipart(body, boundary) };
  } catch (err) {
    return { error: err.message };
  }
}

/**
 * @param {Buffer} body
 * @param {string} boundary
 * @returns {{name: string|null, filename: string|null, contentType: string|null, data: Buffer}[]}
 * @throws {Error} when the body is not well-formed multipart
 */
export function parseMultipart(body, boundary) {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts = [];
  let at = body.indexOf(delimiter);
  if (at < 0) throw new Error('multipart body has no boundary');
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString('latin1') === '--') return parts; // closing delimiter
    if (body.subarray(at, at + 2).toString('latin1') !== '\r\n') throw new Error('malformed multipart delimiter line');
    at += 2;
    const headerEnd = body.indexOf('\r\n\r\n', at);
    if (headerEnd < 0) throw new Error('multipart part without header end');
    const headers = parseHeaders(body.subarray(at, headerEnd).toString('utf8'));
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) throw new Error('multipart part without closing boundary');
    const disposition = headers['content-disposition'] ?? '';
    parts.push({
      name: dispositionParam(disposition, 'name'),
      filename: dispositionParam(disposition, 'filename'),
      contentType: headers['content-type'] ?? null,
      data: body.subarray(headerEnd + 4, next),
    });
    at = next + 2;
  }
}

function parseHeaders(text) {
  const headers = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function dispositionParam(disposition, key) {
  const m = new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(disposition) ?? new RegExp(`;\\s*${key}=([^;\\s]+)`, 'i').exec(disposition);
  return m ? m[1].replace(/\\(.)/g, '$1') : null;
}
