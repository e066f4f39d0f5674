// Reads what an uploaded image file really is from its first bytes: format (by signature, never
// by the declared type or filename), width, height and alpha. Only headers are read, so a 64 MB
// upload costs nothing here. Written from the format specs, apart from the fake's own encoders.
//   PNG: IHDR (must be the first chunk) gives size, bit depth and colour type; alpha when the
//        colour type is 4 or 6 or a tRNS chunk comes before the first IDAT.
//   JPEG: the first SOFn segment gives size and component count; never alpha.
//   WebP: the first chunk, VP8 (lossy, no alpha), VP8L (alpha hint bit) or VP8X (alpha flag).
//   GIF: the logical screen size; alpha when the first frame's graphic control extension has a
//        transparent colour (only so a GIF upload can be described in errors and recordings).

export const FORMAT_MIME = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif' };

/** @returns {'png'|'jpeg'|'webp'|'gif'|null} the format the signature bytes announce */
export function sniffFormat(buf) {
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0x89504e47 && buf.readUInt32BE(4) === 0x0d0a1a0a) return 'png';
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (buf.length >= 6 && /^GIF8[79]a$/.test(buf.toString('latin1', 0, 6))) return 'gif';
  return null;
}

/**
 * @param {Buffer} buf the whole file
 * @returns {null | {format: string, error: string}
 *   | {format: string, width: number, height: number, hasAlpha: boolean, mode: string}}
 *   null when the signature is none of the four formats; `error` when the signature is right but the
 *   header is broken. `mode` is the pixel mode as Pillow names it (RGB, RGBA, L, LA, P, ...), which
 *   is what the real API's DALL·E 2 messages quote.
 */
export function readImageHeader(buf) {
  const format = sniffFormat(buf);
  if (!format) return null;
  try {
    const facts = READERS[format](buf);
    if (!(facts.width > 0 && facts.height > 0)) return { format, error: 'zero width or height' };
    return { format, ...facts };
  } catch (err) {
    return { format, error: err instanceof RangeError ? 'truncated header' : err.message };
  }
}

const READERS = { png: readPng, jpeg: readJpeg, webp: readWebp, gif: readGif };

// PNG colour type -> [Pillow mode, has an alpha channel]
const PNG_COLOUR_TYPES = { 0: ['L', false], 2: ['RGB', false], 3: ['P', false], 4: ['LA', true], 6: ['RGBA', true] };

function readPng(buf) {
  if (buf.readUInt32BE(8) !== 13 || buf.toString('latin1', 12, 16) !== 'IHDR') throw new Error('first chunk is not a 13-byte IHDR');
  const width = buf.readUInt32BE(16), height = buf.readUInt32BE(20), bitDepth = buf[24], colourType = buf[25];
  const known = PNG_COLOUR_TYPES[colourType];
  if (!known) throw new Error(`bad PNG colour type ${colourType}`);
  let [mode, hasAlpha] = known;
  if (colourType === 0 && bitDepth === 1) mode = '1';
  if (colourType === 0 && bitDepth === 16) mode = 'I;16';
  // Ancillary chunks between IHDR and the image data: a tRNS there makes the image transparent.
  for (let at = 8 + 25; at + 8 <= buf.length;) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT' || type === 'IEND') break;
    if (type === 'tRNS') hasAlpha = true;
    at += 12 + length;
  }
  return { width, height, hasAlpha, mode };
}

// SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
const isSof = (m) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
const JPEG_MODES = { 1: 'L', 3: 'RGB', 4: 'CMYK' };

function readJpeg(buf) {
  let at = 2;
  for (;;) {
    if (buf[at] !== 0xff) throw new Error(`no JPEG marker at byte ${at}`);
    while (buf[at] === 0xff) at++; // fill bytes
    const marker = buf[at++];
    if (marker === undefined) throw new RangeError('end of file');
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // TEM, RSTn: no length
    if (marker === 0xd9 || marker === 0xda) throw new Error('no SOF segment before the image data');
    const length = buf.readUInt16BE(at);
    if (isSof(marker)) {
      const components = buf[at + 7];
      if (components === undefined) throw new RangeError('end of file');
      return { height: buf.readUInt16BE(at + 3), width: buf.readUInt16BE(at + 5), hasAlpha: false, mode: JPEG_MODES[components] ?? `${components} components` };
    }
    at += length;
  }
}

function readWebp(buf) {
  const fourcc = buf.toString('latin1', 12, 16);
  const data = buf.subarray(20);
  if (fourcc === 'VP8 ') {
    if (data[3] !== 0x9d || data[4] !== 0x01 || data[5] !== 0x2a) throw new Error('bad VP8 start code');
    return { width: data.readUInt16LE(6) & 0x3fff, height: data.readUInt16LE(8) & 0x3fff, hasAlpha: false, mode: 'RGB' };
  }
  if (fourcc === 'VP8L') {
    if (data[0] !== 0x2f) throw new Error('bad VP8L signature');
    const bits = data.readUInt32LE(1);
    const hasAlpha = ((bits >>> 28) & 1) === 1;
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, hasAlpha, mode: hasAlpha ? 'RGBA' : 'RGB' };
  }
  if (fourcc === 'VP8X') {
    const hasAlpha = (data[0] & 0x10) !== 0;
    return { width: data.readUIntLE(4, 3) + 1, height: data.readUIntLE(7, 3) + 1, hasAlpha, mode: hasAlpha ? 'RGBA' : 'RGB' };
  }
  throw new Error(`unknown first WebP chunk '${fourcc}'`);
}

function readGif(buf) {
  const width = buf.readUInt16LE(6), height = buf.readUInt16LE(8), packed = buf[10];
  let at = 13 + (packed & 0x80 ? 3 << ((packed & 7) + 1) : 0); // after the global colour table
  let hasAlpha = false;
  // Extensions up to the first image descriptor (0x2C) or the trailer (0x3B).
  while (buf[at] === 0x21) {
    if (buf[at + 1] === 0xf9 && buf[at + 2] === 4) hasAlpha = (buf[at + 3] & 1) === 1;
    at += 2;
    while (buf[at] > 0) at += buf[at] + 1; // data sub-blocks
    if (buf[at] === undefined) throw new RangeError('end of file');
    at += 1; // block terminator
  }
  return { width, height, hasAlpha, mode: 'P' };
}
