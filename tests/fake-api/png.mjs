// PNG encoder: IHDR (RGB, or RGBA when the image needs alpha), an optional C2PA caBX chunk right
// after IHDR (where c2pa-rs writes it), one IDAT and IEND. Rows use the Sub filter, which turns the
// smooth gradients into runs of small numbers that deflate compresses fast and well.

import { deflateSync, crc32 } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function pngChunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * @param {Uint8Array} rgba
 * @param {{width:number, height:number, alpha:boolean, c2pa?: Buffer|null}} opts
 */
export function encodePng(rgba, { width, height, alpha, c2pa = null }) {
  const channels = alpha ? 4 : 3;
  const stride = width * channels + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    let o = y * stride;
    raw[o++] = 1; // filter type Sub
    let i = y * width * 4;
    let pr = 0, pg = 0, pb = 0, pa = 0;
    for (let x = 0; x < width; x++, i += 4) {
      const r = rgba[i], g = rgba[i + 1], b = rgba[i + 2];
      raw[o++] = r - pr; raw[o++] = g - pg; raw[o++] = b - pb; // Buffer stores mod 256
      pr = r; pg = g; pb = b;
      if (alpha) { const a = rgba[i + 3]; raw[o++] = a - pa; pa = a; }
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = alpha ? 6 : 2; // colour type RGBA : RGB
  // compression, filter method, interlace: all 0
  const chunks = [SIGNATURE, pngChunk('IHDR', ihdr)];
  if (c2pa) chunks.push(pngChunk('caBX', c2pa));
  chunks.push(pngChunk('IDAT', deflateSync(raw, { level: 3 })), pngChunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(chunks);
}
