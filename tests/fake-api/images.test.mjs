// The image bytes: PNG (chunks, CRCs, pixels), JPEG (jpeg-js decode, APP11), WebP (RIFF layout,
// VP8X flags, VP8L header), GIF (blocks and LZW data of every frame), C2PA markers, exact sizes
// through the API, and speed. Browser-side decoding is in browser.test.mjs.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import jpegJs from 'jpeg-js';
import { renderImage } from './images.mjs';
import { drawScene } from './draw.mjs';
import { huffmanLengths, canonicalCodes } from './huffman.mjs';
import { startApi, postJson, b64, readPng, jpegSegments, riffChunks, vp8lHeader, c2paLocation, jumbfLabel } from './support.mjs';

let api;
before(async () => { api = await startApi(); });
after(() => api.close());

const rgbOf = (rgba) => rgba.filter((_, i) => i % 4 !== 3);

test('PNG: valid chunks and CRCs, caBX right after IHDR, pixels exactly the drawn scene', () => {
  for (const transparent of [false, true]) {
    const png = readPng(renderImage({ width: 301, height: 157, format: 'png', transparent, index: 2 }));
    assert.deepEqual(png.chunks.map((c) => c.type), ['IHDR', 'caBX', 'IDAT', 'IEND']);
    assert.ok(png.chunks.every((c) => c.crcOk), 'every chunk CRC matches');
    assert.deepEqual([png.width, png.height, png.bitDepth, png.colorType], [301, 157, 8, transparent ? 6 : 2]);
    const drawn = drawScene(301, 157, { index: 2, transparent });
    assert.deepEqual(png.pixels, transparent ? drawn : rgbOf(drawn));
    assert.equal(jumbfLabel(png.chunks[1].data), 'c2pa');
    assert.equal(png.chunks[1].data.toString('latin1', 16, 20), 'c2pa', 'manifest store UUID starts with "c2pa"');
  }
  const bare = readPng(renderImage({ width: 64, height: 64, format: 'png', c2pa: false }));
  assert.deepEqual(bare.chunks.map((c) => c.type), ['IHDR', 'IDAT', 'IEND']);
});

test('transparent scenes really have transparent, partly transparent and opaque pixels', () => {
  const { pixels } = readPng(renderImage({ width: 256, height: 256, format: 'png', transparent: true }));
  const alphas = new Set();
  for (let i = 3; i < pixels.length; i += 4) alphas.add(pixels[i]);
  assert.ok(alphas.has(0) && alphas.has(255));
  assert.ok([...alphas].some((a) => a > 0 && a < 255), 'anti-aliased edge');
});

test('the scene is a picture: it varies across the image and between image indexes', () => {
  const a = drawScene(64, 64, { index: 0 });
  const b = drawScene(64, 64, { index: 1 });
  assert.notDeepEqual(a, b);
  const top = a.subarray(0, 4), bottom = a.subarray(a.length - 4);
  assert.notDeepEqual([...top], [...bottom]);
  assert.ok(new Set(Array.from({ length: 64 * 64 }, (_, i) => a[i * 4] * 65536 + a[i * 4 + 1] * 256 + a[i * 4 + 2])).size > 50);
});

test('JPEG: decodes with jpeg-js to the drawn scene; APP11 C2PA segment as specified', () => {
  const bytes = renderImage({ width: 320, height: 200, format: 'jpeg', compression: 90, index: 1 });
  const decoded = jpegJs.decode(bytes, { useTArray: true, formatAsRGBA: true });
  assert.deepEqual([decoded.width, decoded.height], [320, 200]);
  const drawn = drawScene(320, 200, { index: 1 });
  let error = 0;
  for (let i = 0; i < drawn.length; i += 4) for (let c = 0; c < 3; c++) error += Math.abs(drawn[i + c] - decoded.data[i + c]);
  assert.ok(error / (320 * 200 * 3) < 4, `mean abs error ${error / (320 * 200 * 3)}`);

  const segments = jpegSegments(bytes);
  assert.deepEqual(segments.slice(0, 2).map((s) => s.marker), [0xe0, 0xeb], 'APP0 (JFIF) then APP11');
  const app11 = segments[1].payload;
  assert.equal(app11.toString('latin1', 0, 2), 'JP');
  assert.equal(app11.toString('latin1', 24, 28), 'c2pa');
  assert.equal(jumbfLabel(app11.subarray(8)), 'c2pa');
  assert.equal(c2paLocation(bytes), 'jpeg:APP11');
  const bare = renderImage({ width: 320, height: 200, format: 'jpeg', c2pa: false });
  assert.ok(!jpegSegments(bare).some((s) => s.marker === 0xeb));
  assert.equal(jpegJs.decode(bare, { useTArray: true }).width, 320);
});

test('JPEG: output_compression changes the encoding quality', () => {
  const low = renderImage({ width: 256, height: 256, format: 'jpeg', compression: 5 });
  const high = renderImage({ width: 256, height: 256, format: 'jpeg', compression: 95 });
  assert.ok(low.length < high.length / 2, `${low.length} vs ${high.length}`);
});

test('WebP: RIFF layout per case, VP8X flags and canvas, VP8L header, C2PA chunk', () => {
  const layout = (spec) => riffChunks(renderImage({ width: 300, height: 200, format: 'webp', ...spec }));
  const cases = [
    [{ c2pa: true }, ['VP8X', 'VP8L', 'C2PA'], false],
    [{ c2pa: true, transparent: true }, ['VP8X', 'VP8L', 'C2PA'], true],
    [{ c2pa: false, transparent: true }, ['VP8X', 'VP8L'], true],
    [{ c2pa: false }, ['VP8L'], false],
  ];
  for (const [spec, fourccs, alpha] of cases) {
    const chunks = layout(spec);
    assert.deepEqual(chunks.map((c) => c.fourcc), fourccs, JSON.stringify(spec));
    const vp8x = chunks.find((c) => c.fourcc === 'VP8X');
    if (vp8x) {
      assert.equal(vp8x.data.length, 10);
      assert.equal(vp8x.data[0], alpha ? 0x10 : 0);
      assert.deepEqual([vp8x.data.readUIntLE(4, 3) + 1, vp8x.data.readUIntLE(7, 3) + 1], [300, 200]);
    }
    assert.deepEqual(vp8lHeader(chunks.find((c) => c.fourcc === 'VP8L').data), { width: 300, height: 200, alpha, version: 0 });
    const c2pa = chunks.find((c) => c.fourcc === 'C2PA');
    if (c2pa) assert.equal(jumbfLabel(c2pa.data), 'c2pa');
  }
});

// GIF: walks the blocks and LZW-decodes every frame, so a broken code stream fails here.
function readGif(buf) {
  assert.equal(buf.toString('latin1', 0, 6), 'GIF89a');
  const width = buf.readUInt16LE(6), height = buf.readUInt16LE(8);
  let at = 13 + (buf[10] & 0x80 ? 3 * 2 ** ((buf[10] & 7) + 1) : 0);
  const frames = [];
  const delays = [];
  const subBlocks = () => {
    const parts = [];
    while (buf[at] !== 0) { parts.push(buf.subarray(at + 1, at + 1 + buf[at])); at += 1 + buf[at]; }
    at++;
    return Buffer.concat(parts);
  };
  for (;;) {
    const kind = buf[at++];
    if (kind === 0x3b) break;
    if (kind === 0x21) {
      const label = buf[at++];
      const data = subBlocks();
      if (label === 0xf9) delays.push(data.readUInt16LE(1));
    } else if (kind === 0x2c) {
      const w = buf.readUInt16LE(at + 4), h = buf.readUInt16LE(at + 6);
      at += 9;
      const minCodeSize = buf[at++];
      frames.push({ w, h, indices: lzwDecode(subBlocks(), minCodeSize) });
    } else throw new Error(`unexpected GIF block 0x${kind.toString(16)} at ${at - 1}`);
  }
  assert.equal(at, buf.length, 'trailer ends the file');
  return { width, height, frames, delays };
}

function lzwDecode(data, minCodeSize) {
  const clear = 1 << minCodeSize, eoi = clear + 1;
  let size = minCodeSize + 1, dict = [], prev = null, bitPos = 0;
  const out = [];
  const reset = () => { dict = Array.from({ length: clear }, (_, i) => [i]); dict.push(null, null); size = minCodeSize + 1; prev = null; };
  reset();
  for (;;) {
    if (bitPos + size > data.length * 8) throw new Error('LZW data ended without EOI');
    let code = 0;
    for (let i = 0; i < size; i++, bitPos++) code |= ((data[bitPos >> 3] >> (bitPos & 7)) & 1) << i;
    if (code === clear) { reset(); continue; }
    if (code === eoi) return out;
    let entry;
    if (code < dict.length && dict[code]) entry = dict[code];
    else if (code === dict.length && prev) entry = [...prev, prev[0]];
    else throw new Error(`bad LZW code ${code}`);
    out.push(...entry);
    if (prev && dict.length < 4096) dict.push([...prev, entry[0]]);
    if (dict.length === 1 << size && size < 12) size++;
    prev = entry;
  }
}

test('GIF: every frame LZW-decodes to width x height palette indexes; frame count and delay', () => {
  const gif = readGif(renderImage({ width: 96, height: 64, format: 'gif', frames: 3, frameDurationMs: 120 }));
  assert.deepEqual([gif.width, gif.height], [96, 64]);
  assert.equal(gif.frames.length, 3);
  assert.deepEqual(gif.delays, [12, 12, 12]);
  for (const frame of gif.frames) {
    assert.deepEqual([frame.w, frame.h], [96, 64]);
    assert.equal(frame.indices.length, 96 * 64);
  }
  assert.notDeepEqual(gif.frames[0].indices, gif.frames[2].indices, 'the frames animate');
});

test('every format comes back at exactly the requested size through the API', async () => {
  const cases = [
    ['gpt-image-2', '1536x1024'], ['gpt-image-2', '1024x1536'], ['gpt-image-2', 'auto'],
    ['gpt-image-2', '1536x864'], ['gpt-image-2', '2880x960'], ['gpt-image-2.6-sunburst', '1024x1024'],
  ];
  for (const [model, size] of cases) {
    const [w, h] = size === 'auto' ? [1024, 1024] : size.split('x').map(Number);
    for (const output_format of ['png', 'jpeg', 'webp']) {
      const { res, json } = await postJson(`${api.url}/proxy/v1/images/generations`, { model, prompt: 'x', size, output_format, quality: 'low' });
      assert.equal(res.status, 200);
      const bytes = b64(json.data[0].b64_json);
      const label = `${model} ${size} ${output_format}`;
      if (output_format === 'png') {
        const png = readPng(bytes);
        assert.deepEqual([png.width, png.height], [w, h], label);
      }
      if (output_format === 'jpeg') {
        // The frame header (SOF0) states the size; full decoding is covered above.
        const sof = jpegSegments(bytes).find((seg) => seg.marker === 0xc0).payload;
        assert.deepEqual([sof.readUInt16BE(3), sof.readUInt16BE(1)], [w, h], label);
      }
      if (output_format === 'webp') {
        const { width, height } = vp8lHeader(riffChunks(bytes).find((c) => c.fourcc === 'VP8L').data);
        assert.deepEqual([width, height], [w, h], label);
      }
      assert.ok(c2paLocation(bytes), `${label} carries C2PA`);
    }
  }
});

test('n images in one response differ from each other', async () => {
  const { json } = await postJson(`${api.url}/proxy/v1/images/generations`, { model: 'gpt-image-2', prompt: 'x', n: 3, quality: 'low' });
  const pixels = json.data.map((d) => Buffer.from(readPng(b64(d.b64_json)).pixels).toString('base64'));
  assert.equal(new Set(pixels).size, 3);
});

// Timings are reported, never asserted (tests must not fail on a busy machine); sizes are asserted.
test('render times are reported; a 3840x2160 image stays under 16 MB in every format', (t) => {
  renderImage({ width: 256, height: 256, format: 'png', compression: 1 }); // warm the JIT
  for (const format of ['png', 'webp']) {
    const times = [1, 2, 3].map((k) => {
      const started = performance.now();
      const bytes = renderImage({ width: 1024, height: 1024, format, compression: 40 + k, index: k }); // uncached keys
      assert.ok(bytes.length > 0);
      return performance.now() - started;
    });
    t.diagnostic(`${format} 1024x1024 median ${times.sort((a, b) => a - b)[1].toFixed(1)} ms`);
  }
  for (const format of ['png', 'jpeg', 'webp']) {
    const started = performance.now();
    const bytes = renderImage({ width: 3840, height: 2160, format, compression: 77 });
    t.diagnostic(`${format} 3840x2160 took ${(performance.now() - started).toFixed(0)} ms, ${bytes.length} bytes`);
    assert.ok(bytes.length < 16 * 1024 * 1024, `${format} 3840x2160 is ${bytes.length} bytes`);
  }
});

test('Huffman code lengths respect the limit and always form a complete prefix code', () => {
  const fibonacci = [1, 1];
  while (fibonacci.length < 30) fibonacci.push(fibonacci.at(-1) + fibonacci.at(-2)); // depth 29 unlimited
  for (const [counts, limit] of [[fibonacci, 15], [fibonacci, 7], [[5, 0, 0, 9, 1, 1, 1], 15], [Array(280).fill(3), 15]]) {
    const lengths = huffmanLengths(counts, limit);
    assert.ok(Math.max(...lengths) <= limit, `max ${Math.max(...lengths)} > ${limit}`);
    counts.forEach((c, i) => assert.equal(lengths[i] > 0, c > 0));
    const kraft = [...lengths].reduce((sum, l) => sum + (l ? 2 ** -l : 0), 0);
    assert.equal(kraft, 1);
    // Canonical codes are distinct prefixes of each other nowhere (compare un-reversed strings).
    const codes = canonicalCodes(lengths);
    const strings = [...lengths].map((l, i) => (l ? codes[i].toString(2).padStart(l, '0').split('').reverse().join('') : null)).filter(Boolean);
    for (const a of strings) for (const b of strings) if (a !== b) assert.ok(!b.startsWith(a), `${a} prefixes ${b}`);
  }
  assert.deepEqual([...huffmanLengths([0, 7, 0], 15)], [0, 1, 0]);
});
