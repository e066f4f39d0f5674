// Request checks on generations: each rule rejects with the real error shape, and the nearest valid
// request is accepted, so a rule that is too strict fails here as surely as one that is too lax.
// The server is pinned to 2026-05-01, before the DALL·E (2026-05-12) and gpt-image-1.x (2026-10-23,
// 2026-12-01) shutdowns on OpenAI, so every model's own rules stay covered; shutdowns by date and
// the 2026-12 rules (free-size pixel range, svg, gif, xhigh/max) are in lifecycle.test.mjs and
// formats.test.mjs.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApi, postJson, b64, readPng } from './support.mjs';

let api;
before(async () => { api = await startApi({ today: '2026-05-01' }); });
after(() => api.close());

const gen = (body, headers) => postJson(`${api.url}/proxy/v1/images/generations`, body, headers);
const gpt = (extra) => ({ model: 'gpt-image-1.5', prompt: 'A lighthouse', quality: 'low', ...extra });
const gpt2 = (extra) => gpt({ model: 'gpt-image-2', ...extra });
const dalle3 = (extra) => ({ model: 'dall-e-3', prompt: 'A lighthouse', response_format: 'b64_json', ...extra });
const dalle2 = (extra) => ({ model: 'dall-e-2', prompt: 'A lighthouse', size: '256x256', response_format: 'b64_json', ...extra });

async function rejects(body, { status = 400, code, param = null }) {
  const { res, json } = await gen(body);
  const label = JSON.stringify(body).slice(0, 160);
  assert.equal(res.status, status, label);
  assert.deepEqual(Object.keys(json.error), ['message', 'type', 'param', 'code'], label);
  assert.equal(json.error.type, 'invalid_request_error', label);
  assert.equal(typeof json.error.message, 'string', label);
  assert.equal(json.error.code, code, label);
  assert.equal(json.error.param, param, label);
}

async function accepts(body) {
  const { res, json } = await gen(body);
  assert.equal(res.status, 200, `${JSON.stringify(body).slice(0, 160)} -> ${JSON.stringify(json?.error)}`);
  return json;
}

test('body must be a JSON object sent as application/json', async () => {
  for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
    const { res, json } = await postJson(`${api.url}/proxy/v1/images/generations`, gpt(), { 'content-type': contentType });
    assert.equal(res.status, 400);
    assert.match(json.error.message, new RegExp(`^Unsupported content type: '${contentType}'`));
  }
  const noType = await fetch(`${api.url}/proxy/v1/images/generations`, { method: 'POST', body: new Blob([JSON.stringify(gpt())]) });
  assert.equal(noType.status, 400);
  for (const raw of ['{"model": "gpt-image-1.5",', '', 'null', '[1]', '"text"']) {
    const { res, json } = await gen(raw);
    assert.equal(res.status, 400, raw);
    assert.equal(json.error.type, 'invalid_request_error');
  }
  assert.match((await gen('{oops')).json.error.message, /^We could not parse the JSON body of your request\./);
  await accepts(JSON.stringify(gpt()));
  const withCharset = await postJson(`${api.url}/proxy/v1/images/generations`, gpt(), { 'content-type': 'application/json; charset=utf-8' });
  assert.equal(withCharset.res.status, 200);
});

test('model: required, a string, and known (unknown is 404 model_not_found)', async () => {
  await rejects({ prompt: 'x' }, { code: 'missing_required_parameter', param: 'model' });
  await rejects({ model: 42, prompt: 'x' }, { code: 'invalid_type', param: 'model' });
  await rejects({ model: 'gpt-image-9', prompt: 'x' }, { status: 404, code: 'model_not_found' });
  await rejects({ model: 'GPT-IMAGE-1', prompt: 'x' }, { status: 404, code: 'model_not_found' });
  for (const model of ['gpt-image-2.6-sunburst', 'gpt-image-2.6-flare', 'gpt-image-2.5-sunburst', 'gpt-image-2.5-flare-2026-09-08',
    'gpt-image-2', 'gpt-image-2-2026-04-21', 'gpt-image-1.5', 'chatgpt-image-latest', 'gpt-image-1-mini', 'gpt-image-1']) {
    const json = await accepts({ model, prompt: 'x', quality: 'low' });
    assert.equal(json.data.length, 1, model);
  }
  await accepts(dalle3());
  await accepts(dalle2());
  await accepts({ model: 'qwen-image', prompt: 'x', response_format: 'b64_json' });
});

test('prompt: required, a non-empty string, within the model\'s limit', async () => {
  await rejects({ model: 'gpt-image-1.5' }, { code: 'missing_required_parameter', param: 'prompt' });
  await rejects(gpt({ prompt: '' }), { code: 'empty_string', param: 'prompt' });
  await rejects(gpt({ prompt: ['x'] }), { code: 'invalid_type', param: 'prompt' });
  for (const [make, max] of [[gpt, 32000], [gpt2, 32000], [dalle3, 4000], [dalle2, 1000]]) {
    await rejects(make({ prompt: 'p'.repeat(max + 1) }), { code: 'string_above_max_length', param: 'prompt' });
    await accepts(make({ prompt: 'p'.repeat(max) }));
  }
});

test('n: an integer 1-10, exactly 1 for dall-e-3 and qwen-image', async () => {
  await rejects(gpt({ n: 0 }), { code: 'integer_below_min_value', param: 'n' });
  await rejects(gpt({ n: 11 }), { code: 'integer_above_max_value', param: 'n' });
  await rejects(gpt({ n: '2' }), { code: 'invalid_type', param: 'n' });
  await rejects(gpt({ n: 1.5 }), { code: 'invalid_type', param: 'n' });
  await rejects(dalle3({ n: 2 }), { code: 'invalid_value', param: 'n' });
  await rejects({ model: 'qwen-image', prompt: 'x', n: 2 }, { code: 'invalid_value', param: 'n' });
  assert.equal((await accepts(gpt({ n: 3, size: '1024x1024' }))).data.length, 3);
  assert.equal((await accepts(dalle2({ n: 10 }))).data.length, 10);
  await accepts(dalle3({ n: 1 }));
});

test('size: the model\'s list; gpt-image-2 family also free sizes within the rules', async () => {
  await rejects(gpt({ size: '512x512' }), { code: 'invalid_value', param: 'size' });
  await rejects(gpt({ size: '1536x864' }), { code: 'invalid_value', param: 'size' });
  await rejects(gpt({ size: 1024 }), { code: 'invalid_type', param: 'size' });
  await rejects(dalle3({ size: '1024x1536' }), { code: 'invalid_value', param: 'size' });
  await rejects(dalle3({ size: 'auto' }), { code: 'invalid_value', param: 'size' });
  await rejects(dalle2({ size: '1792x1024' }), { code: 'invalid_value', param: 'size' });
  for (const size of ['auto', '1024x1024', '1536x1024', '1024x1536']) await accepts(gpt({ size }));
  for (const size of ['1024x1024', '1792x1024', '1024x1792']) await accepts(dalle3({ size }));
  for (const size of ['256x256', '512x512', '1024x1024']) await accepts(dalle2({ size }));
  const tooBig = [
    '1000x1008', // not a multiple of 16
    '1024x1000',
    '3072x1008', // aspect > 3:1
    '1008x3072',
    '3856x1536', // long side > 3840
    '3840x2176', // > 8,294,400 pixels
    '2896x2896', // > 8,294,400 pixels (2880x2880 is within the limit)
    '16x32', '512x512', '1024x576', // < 655,360 pixels
    '0x0', 'x1024', '1024', '1024X1024', ' 1024x1024',
  ];
  for (const size of tooBig) await rejects(gpt2({ size }), { code: 'invalid_value', param: 'size' });
  for (const size of ['3840x2160', '2160x3840', '1536x864', '2880x960', '960x2880', '3520x2336', '2880x2880']) {
    const json = await accepts(gpt2({ size, quality: 'low' }));
    assert.equal(json.size, size);
    const [w, h] = size.split('x').map(Number);
    const png = readPng(b64(json.data[0].b64_json));
    assert.deepEqual([png.width, png.height], [w, h], size);
  }
  await accepts(gpt({ model: 'gpt-image-2.6-flare', size: '1536x864' }));
});

test('quality: per model', async () => {
  await rejects(gpt({ quality: 'hd' }), { code: 'invalid_value', param: 'quality' });
  await rejects(gpt2({ quality: 'xhigh' }), { code: 'invalid_value', param: 'quality' });
  await rejects(dalle3({ quality: 'high' }), { code: 'invalid_value', param: 'quality' });
  await rejects(dalle2({ quality: 'hd' }), { code: 'invalid_value', param: 'quality' });
  await rejects({ model: 'qwen-image', prompt: 'x', quality: 'high' }, { code: 'unknown_parameter', param: 'quality' });
  for (const quality of ['low', 'medium', 'high', 'auto']) await accepts(gpt({ quality }));
  for (const quality of ['xhigh', 'max']) await accepts(gpt({ model: 'gpt-image-2.5-flare', quality }));
  for (const quality of ['standard', 'hd']) await accepts(dalle3({ quality }));
  await accepts(dalle2({ quality: 'standard' }));
});

test('response_format: DALL·E only (unknown_parameter for GPT models); url or b64_json', async () => {
  await rejects(gpt({ response_format: 'b64_json' }), { code: 'unknown_parameter', param: 'response_format' });
  await rejects(gpt2({ response_format: 'url' }), { code: 'unknown_parameter', param: 'response_format' });
  await rejects(dalle3({ response_format: 'png' }), { code: 'invalid_value', param: 'response_format' });
  assert.ok((await accepts(dalle3({ response_format: 'url' }))).data[0].url);
  assert.ok((await accepts(dalle3({ response_format: undefined }))).data[0].url, 'url is the DALL·E default');
  assert.ok((await accepts(dalle2({ response_format: 'b64_json' }))).data[0].b64_json);
});

test('GPT-only parameters are unknown_parameter for DALL·E', async () => {
  const gptOnly = { output_format: 'png', output_compression: 50, background: 'opaque', moderation: 'low', stream: false, partial_images: 1 };
  for (const [key, value] of Object.entries(gptOnly)) {
    await rejects(dalle3({ [key]: value }), { code: 'unknown_parameter', param: key });
    await rejects(dalle2({ [key]: value }), { code: 'unknown_parameter', param: key });
  }
});

test('style: dall-e-3 only, vivid or natural', async () => {
  await rejects(gpt({ style: 'vivid' }), { code: 'unknown_parameter', param: 'style' });
  await rejects(dalle2({ style: 'vivid' }), { code: 'unknown_parameter', param: 'style' });
  await rejects(dalle3({ style: 'moody' }), { code: 'invalid_value', param: 'style' });
  await accepts(dalle3({ style: 'vivid' }));
  await accepts(dalle3({ style: 'natural' }));
});

test('unknown keys (including edit-only ones) are unknown_parameter naming the key', async () => {
  for (const key of ['foo', 'input_fidelity', 'image', 'mask', 'markup', 'Model', 'seed']) {
    await rejects(gpt({ [key]: 'x' }), { code: 'unknown_parameter', param: key });
  }
  await rejects({ nonsense: 1, model: 'nope', prompt: 'x' }, { code: 'unknown_parameter', param: 'nonsense' });
  await rejects(gpt2({ complexity: 'low' }), { code: 'unknown_parameter', param: 'complexity' });
  await accepts(gpt({ model: 'gpt-image-2.6-sunburst', complexity: 'high' }));
  await rejects(gpt({ model: 'gpt-image-2.6-sunburst', complexity: 'extreme' }), { code: 'invalid_value', param: 'complexity' });
});

test('explicit nulls are refused for every parameter', async () => {
  for (const key of ['model', 'prompt', 'n', 'size', 'quality', 'output_format', 'background', 'stream', 'user']) {
    await rejects(gpt({ [key]: null }), { code: 'invalid_type', param: key });
  }
  await rejects(dalle3({ response_format: null }), { code: 'invalid_type', param: 'response_format' });
});

test('output_format, output_compression, background, moderation, user, safety_identifier values', async () => {
  await rejects(gpt({ output_format: 'gif' }), { code: 'invalid_value', param: 'output_format' });
  await rejects(gpt({ output_format: 'svg' }), { code: 'invalid_value', param: 'output_format' });
  await rejects(gpt({ output_format: 'PNG' }), { code: 'invalid_value', param: 'output_format' });
  await rejects(gpt({ output_format: 'jpeg', output_compression: 101 }), { code: 'integer_above_max_value', param: 'output_compression' });
  await rejects(gpt({ output_format: 'jpeg', output_compression: -1 }), { code: 'integer_below_min_value', param: 'output_compression' });
  await rejects(gpt({ output_format: 'jpeg', output_compression: '80' }), { code: 'invalid_type', param: 'output_compression' });
  await rejects(gpt({ background: 'clear' }), { code: 'invalid_value', param: 'background' });
  await rejects(gpt({ moderation: 'high' }), { code: 'invalid_value', param: 'moderation' });
  await rejects(gpt({ stream: 'true' }), { code: 'invalid_type', param: 'stream' });
  await rejects(gpt({ user: 7 }), { code: 'invalid_type', param: 'user' });
  await rejects(gpt({ safety_identifier: 'u'.repeat(129) }), { code: 'string_above_max_length', param: 'safety_identifier' });
  const all = await accepts(gpt({
    n: 2, size: '1536x1024', quality: 'medium', output_format: 'webp', output_compression: 80, background: 'opaque',
    moderation: 'low', stream: false, user: 'user-1', safety_identifier: 'u'.repeat(128),
  }));
  assert.equal(all.data.length, 2);
  assert.equal(all.output_format, 'webp');
  for (const output_format of ['png', 'jpeg', 'webp']) await accepts(gpt({ output_format }));
  for (const background of ['transparent', 'opaque', 'auto']) await accepts(gpt({ background }));
});

test('cross-field rules: transparency needs png/webp, compression needs jpeg/webp, partial_images needs stream', async () => {
  await rejects(gpt({ background: 'transparent', output_format: 'jpeg' }), { code: 'invalid_value', param: 'background' });
  await rejects(gpt({ output_compression: 50 }), { code: 'invalid_value', param: 'output_compression' }); // png by default
  await rejects(gpt({ output_compression: 100, output_format: 'png' }), { code: 'invalid_value', param: 'output_compression' });
  await rejects(gpt({ partial_images: 2 }), { code: 'invalid_value', param: 'partial_images' });
  await rejects(gpt({ partial_images: 2, stream: false }), { code: 'invalid_value', param: 'partial_images' });
  await rejects(gpt({ partial_images: 4, stream: true }), { code: 'integer_above_max_value', param: 'partial_images' });
  await accepts(gpt({ background: 'transparent', output_format: 'webp' }));
  await accepts(gpt({ background: 'transparent' }));
  await accepts(gpt({ output_compression: 0, output_format: 'jpeg' }));
  const stream = await gen(gpt({ partial_images: 3, stream: true }));
  assert.equal(stream.res.status, 200);
});

test('gif output: only models that offer it; frame options only with gif; no streaming', async () => {
  const flare = (extra) => gpt({ model: 'gpt-image-2.6-flare', size: '1024x1024', ...extra });
  await rejects(gpt2({ output_format: 'gif' }), { code: 'invalid_value', param: 'output_format' });
  await rejects(flare({ frame_count: 4 }), { code: 'invalid_value', param: 'frame_count' });
  await rejects(flare({ output_format: 'gif', frame_count: 17 }), { code: 'integer_above_max_value', param: 'frame_count' });
  await rejects(flare({ output_format: 'gif', frame_count: 1 }), { code: 'integer_below_min_value', param: 'frame_count' });
  await rejects(flare({ output_format: 'gif', stream: true }), { code: 'invalid_value', param: 'stream' });
  await rejects(flare({ output_format: 'gif', background: 'transparent' }), { code: 'invalid_value', param: 'background' });
  await rejects(gpt2({ frame_count: 4 }), { code: 'unknown_parameter', param: 'frame_count' });
  const json = await accepts(flare({ output_format: 'gif', frame_count: 3, frame_duration_ms: 120, size: '1024x1024', quality: 'low' }));
  const gifBytes = b64(json.data[0].b64_json);
  assert.equal(gifBytes.toString('latin1', 0, 6), 'GIF89a');
  assert.deepEqual([gifBytes.readUInt16LE(6), gifBytes.readUInt16LE(8)], [960, 960], 'frames capped at 960 px for 2-9 frames');
  assert.equal(json.output_format, 'gif');
  assert.equal(json.size, '960x960');
});

test('GPT success body: auto resolved to concrete values, usage filled in', async () => {
  const before = Math.floor(Date.now() / 1000);
  const json = await accepts({ model: 'gpt-image-1.5', prompt: 'A lighthouse at dawn', n: 2 });
  assert.deepEqual(Object.keys(json), ['created', 'background', 'data', 'output_format', 'quality', 'size', 'usage']);
  assert.ok(Number.isInteger(json.created) && json.created >= before && json.created <= before + 5);
  assert.equal(json.background, 'opaque');
  assert.equal(json.output_format, 'png');
  assert.equal(json.quality, 'high');
  assert.equal(json.size, '1024x1024');
  assert.equal(json.data.length, 2);
  for (const item of json.data) assert.deepEqual(Object.keys(item), ['b64_json']);
  const { usage } = json;
  assert.equal(usage.output_tokens, 2 * 4160);
  assert.equal(usage.total_tokens, usage.input_tokens + usage.output_tokens);
  assert.equal(usage.input_tokens_details.text_tokens, usage.input_tokens);
  assert.equal(usage.input_tokens_details.image_tokens, 0);
  const two = await accepts(gpt2({ quality: 'high', size: '1024x1024' }));
  assert.equal(two.usage.output_tokens, 7024); // gpt-image-2 formula, API_RULES.md
  const low = await accepts(gpt({ size: '1024x1536', quality: 'low', background: 'auto' }));
  assert.equal(low.usage.output_tokens, 408);
  assert.equal(low.background, 'opaque');
});

test('DALL·E success body: created + data only; dall-e-3 adds revised_prompt', async () => {
  const three = await accepts(dalle3());
  assert.deepEqual(Object.keys(three), ['created', 'data']);
  assert.deepEqual(Object.keys(three.data[0]), ['b64_json', 'revised_prompt']);
  assert.equal(readPng(b64(three.data[0].b64_json)).width, 1024);
  const two = await accepts(dalle2({ size: '512x512' }));
  assert.deepEqual(Object.keys(two.data[0]), ['b64_json']);
  assert.equal(readPng(b64(two.data[0].b64_json)).height, 512);
});
