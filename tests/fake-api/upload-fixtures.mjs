// Image files for the edit/variation tests: real encodings from the fake's own encoders (RGB and
// RGBA PNG, JPEG, lossless WebP, GIF), plus hand-built PNGs for the cases the encoder does not
// make (grey, grey+alpha, palette, tRNS before or after IDAT, truncated) and big padded files.
// Cached, since many tests upload the same few files.

import { deflateSync } from 'node:zlib';
import { drawScene } from './draw.mjs';
import { encodePng, pngChunk } from './png.mjs';
import { encodeJpeg } from './jpeg.mjs';
import { encodeWebp } from './webp.mjs';
import { encodeGif } from './gif.mjs';

const cache = new Map();
const cached = (key, make) => {
  if (!cache.has(key)) cache.set(key, make());
  return cache.get(key);
};

export const pngRgb = (w, h) => cached(`rgb${w}x${h}`, () => encodePng(drawScene(w, h), { width: w, height: h, alpha: false }));
export const pngRgba = (w, h) => cached(`rgba${w}x${h}`, () => encodePng(drawScene(w, h, { transparent: true }), { width: w, height: h, alpha: true }));
export const jpeg = (w, h) => cached(`jpeg${w}x${h}`, () => encodeJpeg(drawScene(w, h), { width: w, height: h, quality: 80, c2pa: false }));
export const webp = (w, h, alpha = false) => cached(`webp${w}x${h}${alpha}`, () => encodeWebp(drawScene(w, h, { transparent: alpha }), { width: w, height: h, alpha }));
export const gif = (w, h) => cached(`gif${w}x${h}`, () => encodeGif(1, () => drawScene(w, h), { width: w, height: h, frameDurationMs: 100 }));

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * A small valid 8-bit PNG of any colour type, all pixels 0 (palette: one black entry).
 * @param {{colourType: number, tRNS?: 'before'|'after'}} opts where a tRNS chunk goes relative to IDAT
 */
export function pngOfType(w, h, { colourType, tRNS }) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = colourType;
  const rows = Buffer.alloc((w * CHANNELS[colourType] + 1) * h); // filter 0, zero pixels
  const trns = pngChunk('tRNS', colourType === 3 ? Buffer.from([0]) : Buffer.alloc(colourType === 2 ? 6 : 2));
  return Buffer.concat([
    SIGNATURE, pngChunk('IHDR', ihdr),
    ...(colourType === 3 ? [pngChunk('PLTE', Buffer.alloc(3))] : []),
    ...(tRNS === 'before' ? [trns] : []),
    pngChunk('IDAT', deflateSync(rows)),
    ...(tRNS === 'after' ? [trns] : []),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A real PNG grown to `total` bytes by a private ancillary chunk ("fkPd") before IEND: still a
 * valid, decodable file, built in milliseconds however big.
 */
export function paddedPng(png, total) {
  const iend = png.length - 12;
  const padding = total - png.length - 12;
  if (padding < 0) throw new Error('PNG already bigger than the requested size');
  return Buffer.concat([png.subarray(0, iend), pngChunk('fkPd', Buffer.alloc(padding, 0x5a)), png.subarray(iend)]);
}

/** Upload descriptor for support.postForm. */
export const file = (bytes, type, filename) => ({ bytes, type, filename });
export const asPng = (bytes, filename = 'image.png') => file(bytes, 'image/png', filename);
