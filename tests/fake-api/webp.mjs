// WebP lossless (VP8L) encoder, small on purpose: one predictor transform (mode 12,
// "ClampAddSubtractFull", which predicts the drawn linear gradients almost exactly), no colour cache,
// no backward references, one set of prefix codes. Output is a simple RIFF/WEBP/VP8L file, or the
// extended format (VP8X) when the image has alpha or carries a C2PA chunk, so the file stays valid.

import { BitWriter } from './bit-writer.mjs';
import { huffmanLengths, canonicalCodes } from './huffman.mjs';

const PREDICTOR_TRANSFORM = 0;
const PREDICTOR_MODE = 12; // clamp(L + T - TL) per channel
const PREDICTOR_BLOCK_BITS = 9; // 512x512 blocks: the biggest allowed, so the mode image is tiny
const GREEN_ALPHABET = 256 + 24; // literals + length prefixes, no colour cache
const DISTANCE_ALPHABET = 40;
const CODE_LENGTH_ORDER = [17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

/**
 * @param {Uint8Array} rgba
 * @param {{width:number, height:number, alpha:boolean, c2pa?: Buffer|null}} opts
 */
export function encodeWebp(rgba, { width, height, alpha, c2pa = null }) {
  if (width < 1 || height < 1 || width > 16384 || height > 16384) throw new RangeError('WebP size out of range');
  const bitstream = encodeVp8l(rgba, width, height, alpha);
  const chunks = [];
  if (alpha || c2pa) chunks.push(riffChunk('VP8X', vp8xPayload(width, height, alpha)));
  chunks.push(riffChunk('VP8L', bitstream));
  if (c2pa) chunks.push(riffChunk('C2PA', c2pa));
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(4 + body.length, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, body]);
}

function riffChunk(fourcc, payload) {
  const head = Buffer.alloc(8);
  head.write(fourcc, 0, 'latin1');
  head.writeUInt32LE(payload.length, 4);
  return Buffer.concat(payload.length % 2 ? [head, payload, Buffer.alloc(1)] : [head, payload]);
}

function vp8xPayload(width, height, alpha) {
  const p = Buffer.alloc(10);
  p[0] = alpha ? 0x10 : 0; // the "L" (alpha) flag
  p.writeUIntLE(width - 1, 4, 3);
  p.writeUIntLE(height - 1, 7, 3);
  return p;
}

function encodeVp8l(rgba, width, height, alpha) {
  const residuals = predictResiduals(rgba, width, height);
  const bw = new BitWriter(4096);
  bw.write(0x2f, 8); // signature
  bw.write(width - 1, 14);
  bw.write(height - 1, 14);
  bw.write(alpha ? 1 : 0, 1); // alpha_is_used hint
  bw.write(0, 3); // version

  // Predictor transform; its sub-image holds the mode in green and is one colour, so every
  // prefix code has a single symbol and the pixels take zero bits.
  bw.write(1, 1);
  bw.write(PREDICTOR_TRANSFORM, 2);
  bw.write(PREDICTOR_BLOCK_BITS - 2, 3);
  bw.write(0, 1); // no colour cache
  for (const symbol of [PREDICTOR_MODE, 0, 0, 0, 0]) writeSimpleCode(bw, [symbol]);
  bw.write(0, 1); // no further transforms

  // Main image: no colour cache, no meta prefix codes, then green/red/blue/alpha/distance codes.
  bw.write(0, 1);
  bw.write(0, 1);
  const histograms = [new Uint32Array(GREEN_ALPHABET), new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)];
  const [hg, hr, hb, ha] = histograms;
  const n = width * height * 4;
  for (let i = 0; i < n; i += 4) { hr[residuals[i]]++; hg[residuals[i + 1]]++; hb[residuals[i + 2]]++; ha[residuals[i + 3]]++; }
  const codes = histograms.map((h) => writePrefixCode(bw, h));
  writeSimpleCode(bw, [0]); // distance: unused

  // Pixel data: literals in VP8L's order green, red, blue, alpha.
  let totalBits = 0;
  for (let c = 0; c < 4; c++) for (let s = 0; s < histograms[c].length; s++) totalBits += histograms[c][s] * codes[c].lengths[s];
  bw.grow(Math.ceil(totalBits / 8) + 16);
  const [cg, cr, cb, ca] = codes;
  let { bytes, length: pos, acc, bits } = bw;
  for (let i = 0; i < n; i += 4) {
    const r = residuals[i], g = residuals[i + 1], b = residuals[i + 2], a = residuals[i + 3];
    // Codes are at most 15 bits and fewer than 8 bits stay pending: flush after each one.
    acc |= cg.codes[g] << bits; bits += cg.lengths[g];
    while (bits >= 8) { bytes[pos++] = acc & 0xff; acc >>>= 8; bits -= 8; }
    acc |= cr.codes[r] << bits; bits += cr.lengths[r];
    while (bits >= 8) { bytes[pos++] = acc & 0xff; acc >>>= 8; bits -= 8; }
    acc |= cb.codes[b] << bits; bits += cb.lengths[b];
    while (bits >= 8) { bytes[pos++] = acc & 0xff; acc >>>= 8; bits -= 8; }
    acc |= ca.codes[a] << bits; bits += ca.lengths[a];
    while (bits >= 8) { bytes[pos++] = acc & 0xff; acc >>>= 8; bits -= 8; }
  }
  Object.assign(bw, { length: pos, acc, bits });
  return bw.finish();
}

// Per-channel residuals (RGBA order) of the predictor transform as the decoder will undo them:
// top-left predicts opaque black, the top row uses L, the left column uses T, the rest mode 12.
function predictResiduals(rgba, width, height) {
  const out = new Uint8Array(rgba.length);
  const row = width * 4;
  out[0] = rgba[0]; out[1] = rgba[1]; out[2] = rgba[2]; out[3] = rgba[3] - 255;
  for (let i = 4; i < row; i++) out[i] = rgba[i] - rgba[i - 4];
  for (let y = 1; y < height; y++) {
    const start = y * row;
    for (let c = 0; c < 4; c++) out[start + c] = rgba[start + c] - rgba[start - row + c];
    for (let i = start + 4, end = start + row; i < end; i++) {
      const pred = rgba[i - 4] + rgba[i - row] - rgba[i - row - 4];
      out[i] = rgba[i] - (pred < 0 ? 0 : pred > 255 ? 255 : pred); // stored mod 256
    }
  }
  return out;
}

// "Simple" prefix code: one or two symbols below 256. A lone symbol costs zero bits per use.
function writeSimpleCode(bw, symbols) {
  bw.write(1, 1);
  bw.write(symbols.length - 1, 1);
  if (symbols[0] < 2) { bw.write(0, 1); bw.write(symbols[0], 1); } else { bw.write(1, 1); bw.write(symbols[0], 8); }
  if (symbols.length === 2) bw.write(symbols[1], 8);
}

/** Writes the prefix code for a histogram; returns {lengths, codes} to write symbols with. */
function writePrefixCode(bw, histogram) {
  const used = [];
  for (let s = 0; s < histogram.length && used.length <= 2; s++) if (histogram[s]) used.push(s);
  const lengths = new Uint8Array(histogram.length);
  if (used.length <= 2 && used.every((s) => s < 256)) {
    const symbols = used.length ? used : [0];
    writeSimpleCode(bw, symbols);
    if (symbols.length === 2) symbols.forEach((s) => { lengths[s] = 1; });
    return { lengths, codes: canonicalCodes(lengths) };
  }
  const real = huffmanLengths(histogram, 15);
  const lengthCounts = new Uint32Array(19);
  for (const len of real) lengthCounts[len]++;
  const clLengths = huffmanLengths(lengthCounts, 7);
  const clCodes = canonicalCodes(clLengths);
  // A code-length code with a single symbol is read as zero bits per length (libwebp special case).
  const clSingle = clLengths.filter((l) => l > 0).length === 1;
  let count = CODE_LENGTH_ORDER.length;
  while (count > 4 && clLengths[CODE_LENGTH_ORDER[count - 1]] === 0) count--;
  bw.write(0, 1); // normal code
  bw.write(count - 4, 4);
  for (let i = 0; i < count; i++) bw.write(clLengths[CODE_LENGTH_ORDER[i]], 3);
  bw.write(0, 1); // code lengths for the whole alphabet follow
  if (!clSingle) for (const len of real) bw.write(clCodes[len], clLengths[len]);
  return { lengths: real, codes: canonicalCodes(real) };
}
