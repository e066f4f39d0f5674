// The 2026-12 generation rules (API_RULES.md "Models (checked 2026-12-01)" and "Parameters"): free
// sizes by pixel count, side and ratio; xhigh/max; svg (2.6, generations, n = 1, the `svg` object);
// gif (2.6, frame_count, frame_duration_ms, never with stream/partial_images/compression); and the
// results: SVG text of the requested size, animated GIFs with the right frames and delays, usage.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApi, postJson, b64, readPng, gifBlocks, readSvg } from './support.mjs';
import { checkFreeSize } from './validate.mjs';
import { FREE_SIZES } from './models.mjs';

let api;
before(async () => { api = await startApi(); });
after(() => api.close());

const gen = (body, path = '/proxy/v1/images/generations', headers = {}) => postJson(api.url + path, body, headers);
const m = (model, extra) => ({ model, prompt: 'A lighthouse', quality: 'low', ...extra });
const sun = (extra) => m('gpt-image-2.6-sunburst', extra);

async function rejects(body, { status = 400, code, param }, path, headers) {
  const { res, json } = await gen(body, path, headers);
  const label = JSON.stringify(body).slice(0, 200);
  assert.equal(res.status, status, `${label} -> ${JSON.stringify(json)}`);
  assert.deepEqual(Object.keys(json.error), ['message', 'type', 'param', 'code'], label);
  assert.equal(json.error.code, code, `${label}: ${json.error.message}`);
  assert.equal(json.error.param, param, label);
  return json.error;
}

async function accepts(body, path, headers) {
  const { res, json } = await gen(body, path, headers);
  assert.equal(res.status, 200, `${JSON.stringify(body).slice(0, 200)} -> ${JSON.stringify(json?.error)}`);
  return json;
}

test('free sizes: exact pixel bounds 655,360 and 8,294,400 (unit, one below/above each)', () => {
  // No WxH of multiples of 16 within 3:1 has 655,359 or 8,294,401 pixels, so the bounds themselves
  // are checked on the size rule with the multiple, side and ratio rules relaxed.
  const loose = { ...FREE_SIZES, multipleOf: 1, minSide: 1, maxSide: 1e7, maxAspect: 1e7 };
  for (const [size, ok] of [['3x218453', false], ['1x655359', false], ['1x655360', true], ['640x1024', true], ['2880x2880', true], ['1x8294400', true], ['1x8294401', false], ['373x22237', false]]) {
    const error = checkFreeSize(...size.split('x').map(Number), loose);
    assert.equal(error === null, ok, `${size}: ${error?.body}`);
    if (!ok) assert.match(JSON.parse(error.body).error.message, /between 655,360 and 8,294,400 pixels/);
  }
});

test('free sizes through the API: nearest sizes each side of every rule, on gpt-image-2, 2.5 and 2.6', async () => {
  for (const model of ['gpt-image-2', 'gpt-image-2.5-flare', 'gpt-image-2.6-sunburst']) {
    const valid = ['1024x640', '640x1024', '2880x2880', '3840x2160', '3520x2336', '2880x960', '960x2880', '1536x512', '3840x1280', '1536x864'];
    const invalid = [
      '1024x624', '1008x640', '512x512', '1024x576', // under 655,360 pixels
      '2896x2880', '3840x2176', // over 8,294,400 pixels
      '2896x960', '960x2896', '1552x512', // over 3:1
      '3856x1296', '1296x3856', // long side over 3840
      '1032x1024', '1024x1032', '1000x1000', // not multiples of 16
    ];
    for (const size of valid) {
      const json = await accepts(m(model, { size }));
      assert.equal(json.size, size);
      const png = readPng(b64(json.data[0].b64_json));
      assert.deepEqual(`${png.width}x${png.height}`, size);
    }
    for (const size of invalid) await rejects(m(model, { size }), { code: 'invalid_value', param: 'size' });
  }
  const ratio = await rejects(m('gpt-image-2', { size: '2896x960' }), { code: 'invalid_value', param: 'size' });
  assert.match(ratio.message, /aspect ratio/);
  const side = await rejects(m('gpt-image-2', { size: '3856x1296' }), { code: 'invalid_value', param: 'size' });
  assert.match(side.message, /long side must be at most 3840/);
  const small = await rejects(m('gpt-image-2', { size: '512x512' }), { code: 'invalid_value', param: 'size' });
  assert.match(small.message, /between 655,360 and 8,294,400 pixels in total, but 512x512 has 262,144/);
  for (const size of ['auto', '1024x1024', '1536x1024', '1024x1536']) await accepts(m('gpt-image-2', { size }));
});

test('xhigh and max: 2.5 and 2.6 models only', async () => {
  for (const model of ['gpt-image-2.5-sunburst', 'gpt-image-2.5-flare-2026-09-08', 'gpt-image-2.6-flare']) {
    for (const quality of ['xhigh', 'max', 'low', 'medium', 'high', 'auto']) {
      assert.equal((await accepts(m(model, { quality, size: '1024x1024' }))).quality, quality === 'auto' ? 'high' : quality);
    }
  }
  for (const quality of ['xhigh', 'max']) await rejects(m('gpt-image-2', { quality }), { code: 'invalid_value', param: 'quality' });
  await rejects(m('gpt-image-2.6-flare', { quality: 'ultra' }), { code: 'invalid_value', param: 'quality' });
});

test('usage of 2.5/2.6: token details for costing; 2.6 low/medium costs 3.5x the 2.5 tokens, high and above the same', async () => {
  const tokens = async (model, quality) => (await accepts(m(model, { quality, size: '1024x1024' }))).usage;
  for (const quality of ['low', 'medium', 'high', 'xhigh', 'max']) {
    const u25 = await tokens('gpt-image-2.5-sunburst', quality);
    const u26 = await tokens('gpt-image-2.6-sunburst', quality);
    assert.equal(u26.output_tokens, ['low', 'medium'].includes(quality) ? Math.ceil(u25.output_tokens * 3.5) : u25.output_tokens, quality);
    for (const u of [u25, u26]) {
      assert.equal(u.total_tokens, u.input_tokens + u.output_tokens);
      assert.deepEqual(u.output_tokens_details, { image_tokens: u.output_tokens, text_tokens: 0 });
      assert.equal(u.input_tokens_details.cached_tokens, 0);
      assert.equal(u.input_tokens_details.text_tokens + u.input_tokens_details.image_tokens, u.input_tokens);
    }
  }
  assert.equal((await tokens('gpt-image-2.5-flare', 'high')).output_tokens, 7024, 'the gpt-image-2 formula at high 1024x1024');
  const higher = [await tokens('gpt-image-2.5-flare', 'high'), await tokens('gpt-image-2.5-flare', 'xhigh'), await tokens('gpt-image-2.5-flare', 'max')];
  assert.ok(higher[0].output_tokens < higher[1].output_tokens && higher[1].output_tokens < higher[2].output_tokens);
  assert.equal((await tokens('gpt-image-2', 'high')).output_tokens_details, undefined);
});

// ---- svg --------------------------------------------------------------------------------------

test('svg: 2.6 generations only, exactly one image, never streamed; not on Azure', async () => {
  await accepts(sun({ output_format: 'svg' }));
  await accepts(sun({ output_format: 'svg', n: 1 }));
  for (const n of [2, 10]) await rejects(sun({ output_format: 'svg', n }), { code: 'invalid_value', param: 'n' });
  for (const model of ['gpt-image-2', 'gpt-image-2.5-flare']) await rejects(m(model, { output_format: 'svg' }), { code: 'invalid_value', param: 'output_format' });
  await rejects(sun({ output_format: 'svg', stream: true }), { code: 'invalid_value', param: 'stream' });
  await rejects(sun({ output_format: 'svg', partial_images: 1 }), { code: 'invalid_value', param: 'partial_images' });
  await rejects(sun({ output_format: 'svg', output_compression: 50 }), { code: 'invalid_value', param: 'output_compression' });
  await rejects(sun({ output_format: 'svg', background: 'transparent' }), { code: 'invalid_value', param: 'background' });
  await rejects(sun({ output_format: 'svg' }), { code: 'invalid_value', param: 'output_format' }, '/openai/deployments/gpt-image-2.6-sunburst/images/generations?api-version=preview', { 'api-key': 'k' });
});

test('svg object: only with output_format svg; model a string, reasoning.effort low/medium/high; nested params named by path', async () => {
  await accepts(sun({ output_format: 'svg', svg: {} }));
  await accepts(sun({ output_format: 'svg', svg: { model: 'gpt-5', reasoning: { effort: 'high' } } }));
  for (const effort of ['low', 'medium']) await accepts(sun({ output_format: 'svg', svg: { reasoning: { effort } } }));
  await rejects(sun({ svg: { model: 'gpt-5' } }), { code: 'invalid_value', param: 'svg' });
  await rejects(sun({ output_format: 'png', svg: {} }), { code: 'invalid_value', param: 'svg' });
  await rejects(m('gpt-image-2', { svg: {} }), { code: 'unknown_parameter', param: 'svg' });
  await rejects(sun({ output_format: 'svg', svg: 'gpt-5' }), { code: 'invalid_type', param: 'svg' });
  await rejects(sun({ output_format: 'svg', svg: [] }), { code: 'invalid_type', param: 'svg' });
  await rejects(sun({ output_format: 'svg', svg: null }), { code: 'invalid_type', param: 'svg' });
  await rejects(sun({ output_format: 'svg', svg: { model: 5 } }), { code: 'invalid_type', param: 'svg.model' });
  await rejects(sun({ output_format: 'svg', svg: { temperature: 1 } }), { code: 'unknown_parameter', param: 'svg.temperature' });
  await rejects(sun({ output_format: 'svg', svg: { reasoning: 'high' } }), { code: 'invalid_type', param: 'svg.reasoning' });
  await rejects(sun({ output_format: 'svg', svg: { reasoning: { effort: 'xhigh' } } }), { code: 'invalid_value', param: 'svg.reasoning.effort' });
  await rejects(sun({ output_format: 'svg', svg: { reasoning: { summary: 'auto' } } }), { code: 'unknown_parameter', param: 'svg.reasoning.summary' });
});

test('svg result: b64_json of a well-formed SVG document whose root has xmlns, width, height and viewBox of the size', async () => {
  for (const [size, w, h] of [['1536x864', 1536, 864], ['auto', 1024, 1024], [undefined, 1024, 1024], ['960x2880', 960, 2880]]) {
    const json = await accepts(sun({ output_format: 'svg', size, prompt: 'A lighthouse <at> "dawn" & dusk' }));
    assert.equal(json.output_format, 'svg');
    assert.equal(json.size, `${w}x${h}`);
    assert.equal(json.data.length, 1);
    const text = b64(json.data[0].b64_json).toString('utf8');
    const { root, elements } = readSvg(text);
    assert.equal(root.name, 'svg');
    assert.equal(root.attributes.xmlns, 'http://www.w3.org/2000/svg');
    assert.equal(root.attributes.width, String(w));
    assert.equal(root.attributes.height, String(h));
    assert.equal(root.attributes.viewBox, `0 0 ${w} ${h}`);
    const names = elements.map((e) => e.name);
    for (const shape of ['rect', 'circle', 'path', 'linearGradient']) assert.ok(names.includes(shape), `${size}: has <${shape}>`);
    const circle = elements.find((e) => e.name === 'circle').attributes;
    assert.ok(Number(circle.cx) > 0 && Number(circle.cx) < w && Number(circle.r) > 0, 'the sun is inside the picture');
    const { usage } = json;
    assert.ok(usage.output_tokens_details.text_tokens > 0 && usage.output_tokens_details.image_tokens === 0, 'svg is billed as text');
    assert.equal(usage.output_tokens, usage.output_tokens_details.text_tokens);
  }
  assert.throws(() => readSvg('<svg><rect></svg>'), 'the reader itself refuses broken XML');
});

// ---- gif --------------------------------------------------------------------------------------

test('gif: 2.6 only; frame_count 2-16 and frame_duration_ms 20-655350 integers, only with gif', async () => {
  const gif = (extra) => sun({ output_format: 'gif', size: '1024x1024', ...extra });
  for (const frame_count of [2, 9, 16]) await accepts(gif({ frame_count }));
  for (const frame_duration_ms of [20, 25, 200, 655_350]) await accepts(gif({ frame_count: 2, frame_duration_ms }));
  await rejects(gif({ frame_count: 1 }), { code: 'integer_below_min_value', param: 'frame_count' });
  await rejects(gif({ frame_count: 17 }), { code: 'integer_above_max_value', param: 'frame_count' });
  await rejects(gif({ frame_count: 2.5 }), { code: 'invalid_type', param: 'frame_count' });
  await rejects(gif({ frame_count: '4' }), { code: 'invalid_type', param: 'frame_count' });
  await rejects(gif({ frame_duration_ms: 19 }), { code: 'integer_below_min_value', param: 'frame_duration_ms' });
  await rejects(gif({ frame_duration_ms: 655_351 }), { code: 'integer_above_max_value', param: 'frame_duration_ms' });
  await rejects(gif({ frame_duration_ms: 99.5 }), { code: 'invalid_type', param: 'frame_duration_ms' });
  for (const key of ['frame_count', 'frame_duration_ms']) {
    for (const output_format of [undefined, 'png', 'webp', 'svg']) {
      await rejects(sun({ output_format, [key]: key === 'frame_count' ? 4 : 100 }), { code: 'invalid_value', param: key });
    }
    await rejects(m('gpt-image-2.5-flare', { [key]: 4 }), { code: 'unknown_parameter', param: key });
  }
  for (const model of ['gpt-image-2', 'gpt-image-2.5-sunburst']) await rejects(m(model, { output_format: 'gif' }), { code: 'invalid_value', param: 'output_format' });
  await rejects(gif({ stream: true }), { code: 'invalid_value', param: 'stream' });
  await rejects(gif({ stream: true, partial_images: 2 }), { code: 'invalid_value', param: 'stream' });
  await rejects(gif({ partial_images: 1 }), { code: 'invalid_value', param: 'partial_images' });
  await rejects(gif({ output_compression: 80 }), { code: 'invalid_value', param: 'output_compression' });
  await rejects(gif({ background: 'transparent' }), { code: 'invalid_value', param: 'background' });
  await accepts(gif({ background: 'opaque', stream: false }));
  await rejects(gif({}), { code: 'invalid_value', param: 'output_format' }, '/openai/v1/images/generations', { 'api-key': 'k' });
});

test('gif result: exactly frame_count frames (default 9), delays rounded to 10 ms, looping, frames capped by count', async () => {
  const cases = [
    // [request, frames, delay (cs), frame size]
    [{ size: '1024x1024' }, 9, 20, [960, 960]],
    [{ size: '1024x1024', frame_count: 2, frame_duration_ms: 20 }, 2, 2, [960, 960]],
    [{ size: '1024x1024', frame_count: 9, frame_duration_ms: 125 }, 9, 13, [960, 960]],
    [{ size: '1536x1024', frame_count: 10, frame_duration_ms: 124 }, 10, 12, [816, 544]],
    [{ size: '1024x1536', frame_count: 12, frame_duration_ms: 655_350 }, 12, 65_535, [544, 816]],
    [{ size: '1024x1024', frame_count: 13, frame_duration_ms: 33 }, 13, 3, [720, 720]],
    [{ size: '2880x960', frame_count: 16 }, 16, 20, [720, 240]],
    [{ size: '1024x640', frame_count: 3, frame_duration_ms: 1000 }, 3, 100, [960, 600]],
    [{ size: 'auto', frame_count: 4 }, 4, 20, [960, 960]],
  ];
  for (const [extra, frames, delay, [w, h]] of cases) {
    const started = performance.now();
    const json = await accepts(sun({ output_format: 'gif', ...extra }));
    const took = performance.now() - started;
    const label = JSON.stringify(extra);
    assert.ok(took < 1500, `${label} took ${took.toFixed(0)} ms`);
    assert.equal(json.output_format, 'gif');
    assert.equal(json.size, `${w}x${h}`, label);
    const gif = gifBlocks(b64(json.data[0].b64_json));
    assert.deepEqual([gif.width, gif.height], [w, h], label);
    assert.equal(gif.frames.length, frames, label);
    assert.ok(gif.frames.every((f) => f.w === w && f.h === h), label);
    assert.deepEqual(gif.delays, Array(frames).fill(delay), label);
    assert.equal(gif.loops, 0, 'loops forever');
  }
  assert.throws(() => gifBlocks(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00\x2c', 'latin1')), 'the reader itself refuses a truncated GIF');
});
