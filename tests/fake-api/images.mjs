// Renders the image bytes a response carries: draws the scene, encodes it in the requested format
// and embeds the C2PA marker. Results are cached (bounded) because tests and the demo ask for the
// same few images again and again.

import { drawScene } from './draw.mjs';
import { encodePng } from './png.mjs';
import { encodeJpeg } from './jpeg.mjs';
import { encodeWebp } from './webp.mjs';
import { encodeGif } from './gif.mjs';
import { manifestStore } from './c2pa.mjs';

export const IMAGE_MIME = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif' };

const CACHE_MAX_BYTES = 96 * 1024 * 1024;
const cache = new Map(); // key -> Buffer, in least-recently-used order
let cacheBytes = 0;

/**
 * @param {object} spec
 * @param {number} spec.width
 * @param {number} spec.height
 * @param {'png'|'jpeg'|'webp'|'gif'} [spec.format]
 * @param {boolean} [spec.transparent]  only png/webp keep it
 * @param {number} [spec.index]        picks the palette, so images of one response differ
 * @param {boolean} [spec.c2pa]        embed the C2PA provenance marker (gif has none)
 * @param {number} [spec.compression]  jpeg quality 0-100 (webp here is lossless and ignores it)
 * @param {number} [spec.coarseness]   > 1 pixelates: partial (preview) images of a stream
 * @param {number} [spec.frames]       gif frame count
 * @param {number} [spec.frameDurationMs]
 * @returns {Buffer}
 */
export function renderImage(spec) {
  const s = {
    width: spec.width, height: spec.height, format: spec.format ?? 'png',
    transparent: Boolean(spec.transparent) && (spec.format === 'png' || spec.format === 'webp' || spec.format === undefined),
    index: (spec.index ?? 0) % 8, c2pa: spec.c2pa !== false, compression: spec.compression ?? 90,
    coarseness: spec.coarseness ?? 1, frames: spec.frames ?? 8, frameDurationMs: spec.frameDurationMs ?? 100,
  };
  const key = JSON.stringify(s);
  const hit = cache.get(key);
  if (hit) { cache.delete(key); cache.set(key, hit); return hit; }
  const bytes = encode(s);
  remember(key, bytes);
  return bytes;
}

function encode(s) {
  const { width, height, transparent } = s;
  const draw = (extra = {}) => drawScene(width, height, { index: s.index, transparent, block: s.coarseness, ...extra });
  switch (s.format) {
    case 'png': return encodePng(draw(), { width, height, alpha: transparent, c2pa: s.c2pa ? manifestStore() : null });
    case 'webp': return encodeWebp(draw(), { width, height, alpha: transparent, c2pa: s.c2pa ? manifestStore() : null });
    case 'jpeg': return encodeJpeg(draw(), { width, height, quality: s.compression, c2pa: s.c2pa });
    case 'gif': return encodeGif(s.frames, (frame) => draw({ frame, frames: s.frames }), { width, height, frameDurationMs: s.frameDurationMs });
    default: throw new Error(`unsupported image format ${s.format}`);
  }
}

function remember(key, bytes) {
  if (bytes.length > CACHE_MAX_BYTES / 4) return; // a huge one-off would evict everything useful
  cache.set(key, bytes);
  cacheBytes += bytes.length;
  for (const [oldKey, old] of cache) {
    if (cacheBytes <= CACHE_MAX_BYTES) break;
    cache.delete(oldKey);
    cacheBytes -= old.length;
  }
}
