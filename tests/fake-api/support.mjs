// Shared helpers for the fake API's tests: a server per test file, small fetch wrappers, and
// independent readers for the image containers (PNG chunks + CRC + pixels, JPEG segments, RIFF).
// Deliberately written apart from the encoders so the tests do not just repeat their logic.

import { inflateSync } from 'node:zlib';
import { startFakeApi } from './server.mjs';

/** Starts a fake API for a test file; `after(api.close)` is the caller's job. */
export async function startApi(options) {
  return startFakeApi(options);
}

let sessionCounter = 0;
/** A fresh session name, so tests do not see each other's scripts or recordings. */
export const newSession = (label = 't') => `${label}-${process.pid}-${++sessionCounter}`;

/** POSTs JSON to a generations-style path; returns {res, json, text}. */
export async function postJson(url, body, headers = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { res, json, text };
}

/**
 * POSTs a multipart form built with Node's FormData. `entries` are [name, value] pairs in order:
 * a string is a text field, {bytes, type, filename} a file (type '' makes FormData send
 * application/octet-stream). Returns {res, json, text}.
 */
export async function postForm(url, entries, headers = {}) {
  const form = new FormData();
  for (const [name, value] of entries) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, new Blob([value.bytes], { type: value.type }), value.filename);
  }
  return readAnswer(await fetch(url, { method: 'POST', headers, body: form }));
}

/**
 * A multipart body written by hand, for what FormData cannot send (a file part without a
 * Content-Type, a file part without a filename). parts: {name, filename?, contentType?, data}.
 * @returns {{body: Buffer, contentType: string}}
 */
export function rawMultipart(parts, boundary = 'fake-api-test-boundary-7d1f') {
  const chunks = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
    if (p.filename !== undefined) head += `; filename="${p.filename}"`;
    if (p.contentType !== undefined) head += `\r\nContent-Type: ${p.contentType}`;
    chunks.push(Buffer.from(`${head}\r\n\r\n`), Buffer.from(p.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function readAnswer(res) {
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { res, json, text };
}

export async function setScript(base, session, steps) {
  const res = await fetch(`${base}/__control/sessions/${session}/script`, { method: 'POST', body: JSON.stringify({ steps }) });
  if (res.status !== 200) throw new Error(`script rejected: ${res.status} ${await res.text()}`);
}

/** Pins the session's "today" (null unpins); throws when the control API refuses. */
export async function pinToday(base, session, date) {
  const res = await fetch(`${base}/__control/sessions/${session}/today`, { method: 'POST', body: JSON.stringify({ date }) });
  if (res.status !== 200) throw new Error(`today rejected: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A fresh session pinned to `date`, e.g. before a model's shutdown; returns its name. */
export async function pinnedSession(base, date, label = 'pinned') {
  const s = newSession(label);
  await pinToday(base, s, date);
  return s;
}

export async function recorded(base, session) {
  return (await fetch(`${base}/__control/sessions/${session}/requests`)).json();
}

// ---- PNG ------------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
export function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Parses a PNG fully: chunk list (with CRC check), header fields and the unfiltered pixels. */
export function readPng(buf) {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!signature.every((b, i) => buf[i] === b)) throw new Error('bad PNG signature');
  const chunks = [];
  let at = 8;
  while (at < buf.length) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + length);
    const crcOk = crc32(buf.subarray(at + 4, at + 8 + length)) === buf.readUInt32BE(at + 8 + length);
    chunks.push({ type, data, crcOk });
    at += 12 + length;
    if (type === 'IEND') break;
  }
  const ihdr = chunks[0].data;
  const width = ihdr.readUInt32BE(0), height = ihdr.readUInt32BE(4), bitDepth = ihdr[8], colorType = ihdr[9];
  const channels = { 2: 3, 6: 4 }[colorType];
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = width * channels;
  if (raw.length !== (stride + 1) * height) throw new Error(`IDAT holds ${raw.length} bytes, expected ${(stride + 1) * height}`);
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const left = x >= channels ? pixels[y * stride + x - channels] : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const upLeft = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      const p = left + up - upLeft;
      const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
      const paeth = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      const predictor = [0, left, up, (left + up) >> 1, paeth][filter];
      if (predictor === undefined) throw new Error(`bad filter type ${filter}`);
      pixels[y * stride + x] = (v + predictor) & 0xff;
    }
  }
  return { width, height, bitDepth, colorType, channels, chunks, pixels };
}

// ---- JPEG -----------------------------------------------------------------------------------

/** Lists the marker segments before the entropy-coded data (SOS). */
export function jpegSegments(buf) {
  if (buf[0] !== 0xff || buf[1] !== 0xd8) throw new Error('bad JPEG SOI');
  const segments = [];
  let at = 2;
  while (at < buf.length) {
    if (buf[at] !== 0xff) throw new Error(`expected a marker at ${at}`);
    const marker = buf[at + 1];
    const length = buf.readUInt16BE(at + 2);
    segments.push({ marker, payload: buf.subarray(at + 4, at + 2 + length) });
    if (marker === 0xda) break; // SOS: compressed data follows
    at += 2 + length;
  }
  return segments;
}

// ---- RIFF (WebP) ----------------------------------------------------------------------------

export function riffChunks(buf) {
  if (buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WEBP') throw new Error('not RIFF/WEBP');
  if (buf.readUInt32LE(4) !== buf.length - 8) throw new Error('RIFF size field does not match the file');
  const chunks = [];
  let at = 12;
  while (at < buf.length) {
    const fourcc = buf.toString('latin1', at, at + 4);
    const size = buf.readUInt32LE(at + 4);
    chunks.push({ fourcc, data: buf.subarray(at + 8, at + 8 + size) });
    at += 8 + size + (size % 2);
  }
  if (at !== buf.length) throw new Error('RIFF chunks overrun the file');
  return chunks;
}

/** Width, height and alpha hint from a VP8L bitstream header. */
export function vp8lHeader(data) {
  if (data[0] !== 0x2f) throw new Error('bad VP8L signature');
  const bits = data.readUInt32LE(1);
  return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, alpha: ((bits >>> 28) & 1) === 1, version: bits >>> 29 };
}

// ---- C2PA -----------------------------------------------------------------------------------

/** Where (if anywhere) an image carries its C2PA manifest store, per API_RULES.md. */
export function c2paLocation(buf) {
  if (buf[0] === 0x89) {
    const types = readPng(buf).chunks.map((c) => c.type);
    return types.includes('caBX') ? `png:caBX@${types.indexOf('caBX')}` : null;
  }
  if (buf[0] === 0xff) {
    const app11 = jpegSegments(buf).find((s) => s.marker === 0xeb && s.payload.toString('latin1', 0, 2) === 'JP');
    return app11 && app11.payload.toString('latin1', 24, 28) === 'c2pa' ? 'jpeg:APP11' : null;
  }
  if (buf.toString('latin1', 0, 4) === 'RIFF') return riffChunks(buf).some((c) => c.fourcc === 'C2PA') ? 'webp:C2PA' : null;
  return null;
}

/** The JUMBF superbox label of a manifest store (the jumd label of the outer jumb box). */
export function jumbfLabel(jumbf) {
  if (jumbf.toString('latin1', 4, 8) !== 'jumb' || jumbf.toString('latin1', 12, 16) !== 'jumd') throw new Error('not a JUMBF superbox');
  if (jumbf.readUInt32BE(0) !== jumbf.length) throw new Error('JUMBF box length does not match');
  const labelStart = 16 + 16 + 1; // jumd payload: UUID (16), toggles (1), label
  return jumbf.toString('utf8', labelStart, jumbf.indexOf(0, labelStart));
}

export const b64 = (s) => Buffer.from(s, 'base64');

// ---- GIF ------------------------------------------------------------------------------------

/**
 * Walks a GIF's blocks (no pixel decoding): logical screen size, one entry per image descriptor
 * (its size), the delay (centiseconds) of every graphic control extension, and the loop count of a
 * NETSCAPE2.0 extension. Throws on a block it does not know or a file that does not end at the trailer.
 */
export function gifBlocks(buf) {
  if (!/^GIF8[79]a$/.test(buf.toString('latin1', 0, 6))) throw new Error('not a GIF');
  const width = buf.readUInt16LE(6), height = buf.readUInt16LE(8), packed = buf[10];
  let at = 13 + (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);
  const frames = [], delays = [];
  let loops = null;
  const skipSubBlocks = () => {
    const parts = [];
    while (buf[at] !== 0) {
      if (buf[at] === undefined) throw new Error('GIF ends inside a block');
      parts.push(buf.subarray(at + 1, at + 1 + buf[at]));
      at += 1 + buf[at];
    }
    at++;
    return Buffer.concat(parts);
  };
  for (;;) {
    const kind = buf[at++];
    if (kind === 0x3b) break;
    if (kind === 0x21) {
      const label = buf[at++];
      const data = skipSubBlocks();
      if (label === 0xf9) delays.push(data.readUInt16LE(1));
      if (label === 0xff && data.toString('latin1', 0, 11) === 'NETSCAPE2.0') loops = data.readUInt16LE(12);
    } else if (kind === 0x2c) {
      const w = buf.readUInt16LE(at + 4), h = buf.readUInt16LE(at + 6), localTable = buf[at + 8] & 0x80;
      at += 9 + (localTable ? 3 * 2 ** ((buf[at + 8] & 7) + 1) : 0);
      at++; // LZW minimum code size
      skipSubBlocks();
      frames.push({ w, h });
    } else {
      throw new Error(`unexpected GIF block ${kind === undefined ? 'end of file' : `0x${kind.toString(16)}`} at ${at - 1}`);
    }
  }
  if (at !== buf.length) throw new Error('bytes after the GIF trailer');
  return { width, height, frames, delays, loops };
}

// ---- SVG ------------------------------------------------------------------------------------

/**
 * A small XML reader for the SVG results: checks the document is well-formed (every tag closed in
 * order, one root, attributes quoted) and returns the root's name and attributes plus the element
 * names in document order. Enough to say "this is an SVG document", not a full XML parser.
 */
export function readSvg(text) {
  let rest = text.replace(/^\uFEFF?\s*(<\?xml[^?]*\?>)?\s*/, '');
  const stack = [], elements = [];
  let root = null;
  const attrs = (source) => {
    const out = {};
    const re = /\s+([A-Za-z_:][\w:.-]*)\s*=\s*("([^"]*)"|'([^']*)')/gy;
    let m, end = 0;
    while ((m = re.exec(source))) { out[m[1]] = m[3] ?? m[4]; end = re.lastIndex; }
    if (source.slice(end).trim() !== '') throw new Error(`bad attributes: ${source.slice(end, end + 40)}`);
    return out;
  };
  while (rest.length) {
    if (rest.startsWith('<!--')) { rest = rest.slice(rest.indexOf('-->') + 3); continue; }
    if (rest.startsWith('</')) {
      const m = /^<\/([\w:.-]+)\s*>/.exec(rest);
      if (!m || stack.pop() !== m[1]) throw new Error(`mismatched closing tag ${m?.[1]}`);
      rest = rest.slice(m[0].length);
    } else if (rest.startsWith('<')) {
      const m = /^<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(rest);
      if (!m) throw new Error(`bad tag at ${rest.slice(0, 40)}`);
      if (stack.length === 0 && root) throw new Error('more than one root element');
      const element = { name: m[1], attributes: attrs(m[2]) };
      if (!root) root = element;
      elements.push(element);
      if (!m[3]) stack.push(m[1]);
      rest = rest.slice(m[0].length);
    } else {
      const next = rest.indexOf('<');
      const chars = next < 0 ? rest : rest.slice(0, next);
      if (stack.length === 0 && chars.trim()) throw new Error('text outside the root element');
      if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(chars)) throw new Error('bare & in text');
      rest = next < 0 ? '' : rest.slice(next);
    }
  }
  if (stack.length) throw new Error(`unclosed <${stack.at(-1)}>`);
  if (!root) throw new Error('no root element');
  return { root, elements };
}
