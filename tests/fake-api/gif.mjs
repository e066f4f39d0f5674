// Animated GIF encoder for the models that offer GIF output: a fixed 6x7x6 colour cube with 4x4
// ordered dithering (no palette search, so it is fast and deterministic), LZW per frame, looping.

import { BitWriter } from './bit-writer.mjs';

const BAYER4 = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5];

function palette() {
  const p = Buffer.alloc(256 * 3);
  for (let r = 0; r < 6; r++) for (let g = 0; g < 7; g++) for (let b = 0; b < 6; b++) {
    const i = (r * 42 + g * 6 + b) * 3;
    p[i] = Math.round((r * 255) / 5); p[i + 1] = Math.round((g * 255) / 6); p[i + 2] = Math.round((b * 255) / 5);
  }
  return p;
}

function toIndices(rgba, width, height) {
  const out = new Uint8Array(width * height);
  for (let y = 0, p = 0; y < height; y++) {
    for (let x = 0; x < width; x++, p++) {
      const d = (BAYER4[(y & 3) * 4 + (x & 3)] + 0.5) / 16; // threshold in (0, 1)
      const i = p * 4;
      const r = Math.floor((rgba[i] * 5) / 255 + d), g = Math.floor((rgba[i + 1] * 6) / 255 + d), b = Math.floor((rgba[i + 2] * 5) / 255 + d);
      out[p] = Math.min(r, 5) * 42 + Math.min(g, 6) * 6 + Math.min(b, 5);
    }
  }
  return out;
}

// GIF LZW with 8-bit minimum code size; the code-size bump timing follows the usual encoder rule
// (grow when the next code to assign no longer fits), and a clear code resets a full table.
// One encoder serves all frames of a file: its 4096x256 table is reused, and a table reset only
// bumps `epoch` (an entry is valid when its stamp equals the current epoch).
class LzwEncoder {
  table = new Int32Array(4096 * 256);
  stamp = new Int32Array(4096 * 256);
  epoch = 0;

  encode(indices) {
    const CLEAR = 256, EOI = 257;
    const { table, stamp } = this;
    let epoch = ++this.epoch, next = EOI + 1, size = 9;
    const bw = new BitWriter(Math.max(1024, indices.length));
    bw.write(CLEAR, size);
    let prefix = indices[0];
    for (let i = 1; i < indices.length; i++) {
      const k = indices[i];
      const key = (prefix << 8) | k;
      if (stamp[key] === epoch) { prefix = table[key]; continue; }
      bw.write(prefix, size);
      if (next === 4096) {
        bw.write(CLEAR, size);
        epoch++; next = EOI + 1; size = 9;
      } else {
        if (next >= 1 << size) size++;
        stamp[key] = epoch; table[key] = next++;
      }
      prefix = k;
    }
    bw.write(prefix, size);
    bw.write(EOI, size);
    this.epoch = epoch;
    return bw.finish();
  }
}

function subBlocks(data) {
  const parts = [];
  for (let at = 0; at < data.length; at += 255) {
    const part = data.subarray(at, at + 255);
    parts.push(Buffer.from([part.length]), part);
  }
  parts.push(Buffer.from([0]));
  return parts;
}

/**
 * Frames are drawn one at a time (drawFrame(i) -> RGBA) so memory stays at one frame, whatever the count.
 * @param {number} frameCount
 * @param {(index: number) => Uint8Array} drawFrame
 * @param {{width:number, height:number, frameDurationMs:number}} opts
 */
export function encodeGif(frameCount, drawFrame, { width, height, frameDurationMs }) {
  const lzw = new LzwEncoder();
  const screen = Buffer.alloc(7);
  screen.writeUInt16LE(width, 0);
  screen.writeUInt16LE(height, 2);
  screen[4] = 0xf7; // global colour table of 256 entries, 8-bit colour resolution
  const parts = [Buffer.from('GIF89a', 'latin1'), screen, palette()];
  // NETSCAPE2.0 application extension: loop forever.
  parts.push(Buffer.from([0x21, 0xff, 0x0b]), Buffer.from('NETSCAPE2.0', 'latin1'), Buffer.from([3, 1, 0, 0, 0]));
  const delay = Math.max(2, Math.round(frameDurationMs / 10)); // centiseconds
  for (let f = 0; f < frameCount; f++) {
    parts.push(Buffer.from([0x21, 0xf9, 4, 0x04, delay & 0xff, delay >> 8, 0, 0])); // keep previous frame
    const descriptor = Buffer.alloc(10);
    descriptor[0] = 0x2c;
    descriptor.writeUInt16LE(width, 5);
    descriptor.writeUInt16LE(height, 7);
    parts.push(descriptor, Buffer.from([8]), ...subBlocks(lzw.encode(toIndices(drawFrame(f), width, height))));
  }
  parts.push(Buffer.from([0x3b]));
  return Buffer.concat(parts);
}
