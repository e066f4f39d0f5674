// What the control API reports about each request a session received. Bodies are summarised
// (size, SHA-256, text capped at 1 MiB, parsed JSON, multipart parts) so memory stays bounded.
// Multipart parts: name, filename, contentType, size, sha256 of the part's raw bytes; text fields
// keep their value; files add what their header bytes say (format, width, height, hasAlpha).

import { createHash } from 'node:crypto';
import { readMultipart } from './multipart.mjs';
import { readImageHeader } from './image-headers.mjs';

export const MAX_RECORDED_TEXT = 1024 * 1024;
const MAX_PART_TEXT = 64 * 1024;

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** The part of the record known when the request arrives (before its body is read). */
export function startRecord(req, url) {
  const query = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    query[key] = all.length === 1 ? all[0] : all;
  }
  return {
    method: req.method,
    path: url.pathname,
    query,
    headers: { ...req.headers }, // node lowercases names
    contentType: req.headers['content-type'] ?? null,
    bodyText: null,
    json: null,
    bodyBytes: 0,
    bodySha256: sha256(Buffer.alloc(0)),
    bodyTruncated: false,
    parts: null,
    receivedAt: Date.now(),
  };
}

/**
 * Fills in the body summary once the body has been read.
 * @param {ReturnType<typeof readMultipart>} [form] the body already parsed as multipart, if it is
 */
export function finishRecord(record, body, form = readMultipart(record.contentType, body)) {
  record.bodyBytes = body.length;
  record.bodySha256 = sha256(body);
  const type = (record.contentType ?? '').toLowerCase();
  const textual = /^(application\/([\w.+-]*\+)?json|text\/|application\/x-www-form-urlencoded)/.test(type);
  if (textual && body.length > 0) {
    record.bodyTruncated = body.length > MAX_RECORDED_TEXT;
    record.bodyText = body.subarray(0, MAX_RECORDED_TEXT).toString('utf8');
    if (!record.bodyTruncated && /json/.test(type)) {
      try { record.json = JSON.parse(record.bodyText); } catch { /* recorded as text only */ }
    }
  }
  if (form?.error) record.parts = { error: form.error };
  else if (form) record.parts = form.parts.map(summarisePart);
}

function summarisePart(p) {
  const summary = { name: p.name, filename: p.filename, contentType: p.contentType, size: p.data.length, sha256: sha256(p.data) };
  // plain fields (no filename) keep their value, which tests check like JSON params
  if (p.filename === null) return { ...summary, value: p.data.subarray(0, MAX_PART_TEXT).toString('utf8') };
  // files: what their header bytes say they are (format null: not a PNG, JPEG, WebP or GIF)
  const header = readImageHeader(p.data);
  return {
    ...summary, value: null, format: header?.format ?? null, width: header?.width ?? null,
    height: header?.height ?? null, hasAlpha: header?.hasAlpha ?? null,
  };
}
