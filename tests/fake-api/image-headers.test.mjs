// The uploaded-file header reader: format from the signature only, size and alpha from PNG IHDR
// (+ tRNS before IDAT), JPEG SOFn, WebP VP8/VP8L/VP8X, GIF; broken headers are told apart from
// files that are no image at all.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readImageHeader, sniffFormat } from './image-headers.mjs';
import { pngRgb, pngRgba, jpeg, webp, gif, pngOfType, paddedPng } from './upload-fixtures.mjs';
import { encodeGif } from './gif.mjs';
import { drawScene } from './draw.mjs';
import { renderImage } from './images.mjs';

const facts = (buf) => {
  const h = readImageHeader(buf);
  return h && { format: h.format, width: h.width, height: h.height, hasAlpha: h.hasAlpha, mode: h.mode };
};

test('PNG: IHDR size and colour type; alpha for types 4 and 6 or tRNS before IDAT only', () => {
  assert.deepEqual(facts(pngRgb(33, 17)), { format: 'png', width: 33, height: 17, hasAlpha: false, mode: 'RGB' });
  assert.deepEqual(facts(pngRgba(20, 40)), { format: 'png', width: 20, height: 40, hasAlpha: true, mode: 'RGBA' });
  assert.deepEqual(facts(pngOfType(5, 6, { colourType: 0 })), { format: 'png', width: 5, height: 6, hasAlpha: false, mode: 'L' });
  assert.deepEqual(facts(pngOfType(5, 6, { colourType: 4 })), { format: 'png', width: 5, height: 6, hasAlpha: true, mode: 'LA' });
  assert.deepEqual(facts(pngOfType(5, 6, { colourType: 3 })), { format: 'png', width: 5, height: 6, hasAlpha: false, mode: 'P' });
  assert.equal(facts(pngOfType(5, 6, { colourType: 3, tRNS: 'before' })).hasAlpha, true);
  assert.equal(facts(pngOfType(5, 6, { colourType: 2, tRNS: 'before' })).hasAlpha, true);
  assert.equal(facts(pngOfType(5, 6, { colourType: 2, tRNS: 'after' })).hasAlpha, false, 'a tRNS after IDAT does not count');
  // The C2PA caBX chunk the fake's own outputs carry sits between IHDR and IDAT: skipped over.
  assert.deepEqual(facts(renderImage({ width: 64, height: 48, format: 'png', transparent: true })), { format: 'png', width: 64, height: 48, hasAlpha: true, mode: 'RGBA' });
});

test('JPEG: SOF size found past APP0/APP11 segments; SOF2 (progressive) too; never alpha', () => {
  assert.deepEqual(facts(jpeg(70, 30)), { format: 'jpeg', width: 70, height: 30, hasAlpha: false, mode: 'RGB' });
  const withC2pa = renderImage({ width: 48, height: 80, format: 'jpeg' });
  assert.deepEqual(facts(withC2pa), { format: 'jpeg', width: 48, height: 80, hasAlpha: false, mode: 'RGB' });
  // Same file with its SOF0 marker turned into SOF2, and a fill byte before one marker.
  const sof = jpeg(70, 30).indexOf(Buffer.from([0xff, 0xc0]));
  const progressive = Buffer.from(jpeg(70, 30));
  progressive[sof + 1] = 0xc2;
  assert.equal(facts(progressive).width, 70);
  const filled = Buffer.concat([progressive.subarray(0, sof), Buffer.from([0xff]), progressive.subarray(sof)]);
  assert.equal(facts(filled).height, 30);
});

test('WebP: VP8L (alpha hint), VP8X (alpha flag) and lossy VP8 headers', () => {
  assert.deepEqual(facts(webp(90, 45)), { format: 'webp', width: 90, height: 45, hasAlpha: false, mode: 'RGB' });
  assert.deepEqual(facts(webp(90, 45, true)), { format: 'webp', width: 90, height: 45, hasAlpha: true, mode: 'RGBA' });
  const extendedOpaque = renderImage({ width: 31, height: 65, format: 'webp' }); // VP8X because of its C2PA chunk
  assert.equal(extendedOpaque.toString('latin1', 12, 16), 'VP8X');
  assert.deepEqual(facts(extendedOpaque), { format: 'webp', width: 31, height: 65, hasAlpha: false, mode: 'RGB' });
  // A lossy VP8 key frame header: frame tag, start code 9D 01 2A, 14-bit width and height (+ scale bits).
  const vp8 = Buffer.alloc(30);
  vp8.write('RIFF', 0, 'latin1'); vp8.writeUInt32LE(22, 4); vp8.write('WEBPVP8 ', 8, 'latin1'); vp8.writeUInt32LE(10, 16);
  vp8.set([0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a], 20);
  vp8.writeUInt16LE(640 | 0x4000, 26); vp8.writeUInt16LE(480, 28);
  assert.deepEqual(facts(vp8), { format: 'webp', width: 640, height: 480, hasAlpha: false, mode: 'RGB' });
});

test('GIF: logical screen size; alpha when the first frame has a transparent colour', () => {
  assert.deepEqual(facts(gif(12, 34)), { format: 'gif', width: 12, height: 34, hasAlpha: false, mode: 'P' });
  const transparent = Buffer.from(encodeGif(1, () => drawScene(8, 8), { width: 8, height: 8, frameDurationMs: 100 }));
  const gce = transparent.indexOf(Buffer.from([0x21, 0xf9, 0x04]));
  transparent[gce + 3] |= 1;
  assert.equal(facts(transparent).hasAlpha, true);
});

test('format comes from the bytes alone; broken headers are errors, non-images null', () => {
  assert.equal(sniffFormat(Buffer.from('not an image at all')), null);
  assert.equal(readImageHeader(Buffer.from('GIF')), null);
  assert.equal(readImageHeader(Buffer.alloc(0)), null);
  assert.deepEqual(readImageHeader(pngRgb(8, 8).subarray(0, 20)), { format: 'png', error: 'truncated header' });
  assert.equal(readImageHeader(jpeg(8, 8).subarray(0, 12)).error !== undefined, true);
  assert.match(readImageHeader(Buffer.from('RIFF\x04\x00\x00\x00WEBPXXXX', 'latin1')).error, /unknown first WebP chunk/);
  const zeroWidth = Buffer.from(pngRgb(8, 8));
  zeroWidth.writeUInt32BE(0, 16);
  assert.equal(readImageHeader(zeroWidth).error, 'zero width or height');
});

test('a 64 MB file is read from its header only (well under a millisecond per call)', () => {
  const big = paddedPng(pngRgba(16, 16), 64 * 1024 * 1024);
  assert.equal(big.length, 64 * 1024 * 1024);
  const start = process.hrtime.bigint();
  for (let i = 0; i < 100; i++) assert.equal(readImageHeader(big).width, 16);
  assert.ok(Number(process.hrtime.bigint() - start) / 1e6 < 100, 'header reads must not scan the file');
});
