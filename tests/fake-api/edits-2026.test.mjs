// The 2026-12 edit rules: `markup` (2.5/2.6) is a PNG file part with alpha and the first image's
// size, never a text field and never with `mask`; gif output never with a mask; svg is not an edit
// format; JSON edits (application/json) take image references: {image_url} (https or a data URL up
// to 20,971,520 chars) or {file_id}, 1-16 of them, an optional mask/markup reference, GPT models only.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startApi, newSession, postForm, postJson, pinnedSession, recorded, b64, readPng, gifBlocks } from './support.mjs';
import { pngRgb, pngRgba, jpeg, webp, gif, asPng, file } from './upload-fixtures.mjs';

let api;
before(async () => { api = await startApi(); });
after(() => api.close());

const PROXY = '/proxy/v1/images/edits';
const fields = (extra) => Object.entries({ model: 'gpt-image-2.6-sunburst', prompt: 'Add a red kite where I drew', quality: 'low', ...extra }).filter(([, v]) => v !== undefined);
const form = (extra, files) => [...fields(extra), ...files];
const image = (w = 1024, h = 640) => ['image', asPng(pngRgb(w, h), 'photo.png')];
const markup = (w = 1024, h = 640, bytes = pngRgba(w, h)) => ['markup', asPng(bytes, 'marks.png')];

async function rejects(request, { status = 400, code, param, message }) {
  const { res, json, text } = await request;
  assert.equal(res.status, status, text.slice(0, 300));
  assert.deepEqual(Object.keys(json.error), ['message', 'type', 'param', 'code'], text.slice(0, 300));
  assert.equal(json.error.code, code, text.slice(0, 300));
  assert.equal(json.error.param, param, text.slice(0, 300));
  if (message) assert.match(json.error.message, message);
  return json.error;
}

async function accepts(request) {
  const { res, json, text } = await request;
  assert.equal(res.status, 200, text.slice(0, 300));
  return json;
}

const edit = (entries, path = PROXY, headers = {}) => postForm(api.url + path, entries, headers);

test('markup: a PNG file part with alpha and the first image\'s size, on 2.5 and 2.6 models', async () => {
  for (const model of ['gpt-image-2.6-sunburst', 'gpt-image-2.6-flare', 'gpt-image-2.5-sunburst', 'gpt-image-2.5-flare-2026-09-08']) {
    const json = await accepts(edit(form({ model }, [image(), markup()])));
    assert.equal(json.size, '1024x640');
  }
  // Applies to the first image; the others are references.
  await accepts(edit(form({}, [['image[]', asPng(pngRgb(1024, 640))], ['image[]', file(jpeg(300, 300), 'image/jpeg', 'ref.jpg')], markup()])));
  for (const model of ['gpt-image-2', 'gpt-image-2-2026-04-21']) {
    await rejects(edit(form({ model }, [image(), markup()])), { code: 'unknown_parameter', param: 'markup' });
  }
});

test('markup refused: as a text field, without alpha, wrong size, not a PNG, twice, or with a mask', async () => {
  await rejects(edit(form({ markup: 'circle the sun' }, [image()])), { code: 'invalid_type', param: 'markup', message: /^Invalid type for 'markup': expected a file, but got a string instead\.$/ });
  await rejects(edit(form({ markup: 'true' }, [image()])), { code: 'invalid_type', param: 'markup' });
  await rejects(edit(form({}, [image(), markup(1024, 640, pngRgb(1024, 640))])), { code: 'invalid_markup_image_format', param: 'markup', message: /missing alpha channel/ });
  const size = await rejects(edit(form({}, [image(), markup(640, 1024)])), { code: 'invalid_value', param: 'markup' });
  assert.match(size.message, /the markup is 640x1024 but the first image is 1024x640/);
  await rejects(edit(form({}, [image(), ['markup', file(webp(1024, 640, true), 'image/webp', 'marks.webp')]])), { code: 'unsupported_file_mimetype', param: 'markup' });
  await rejects(edit(form({}, [image(), ['markup', file(pngRgba(1024, 640), '', 'marks.png')]])), { code: 'unsupported_file_mimetype', param: 'markup' });
  await rejects(edit(form({}, [image(), markup(), markup()])), { code: 'invalid_type', param: 'markup', message: /got an array/ });
  const both = await rejects(edit(form({}, [image(), markup(), ['mask', asPng(pngRgba(1024, 640), 'mask.png')]])), { code: 'invalid_value', param: 'markup' });
  assert.match(both.message, /'markup' cannot be combined with 'mask'/);
  // The same mask alone is fine.
  await accepts(edit(form({}, [image(), ['mask', asPng(pngRgba(1024, 640), 'mask.png')]])));
});

test('markup is recorded like the other file parts (sha256, filename, content type, header facts)', async () => {
  const s = newSession('markup-rec');
  const marks = pngRgba(1024, 640);
  await accepts(edit(form({}, [image(), ['markup', asPng(marks, 'my marks.png')]]), `/s/${s}${PROXY}`));
  const [r] = await recorded(api.url, s);
  assert.deepEqual(r.parts.find((p) => p.name === 'markup'), {
    name: 'markup', filename: 'my marks.png', contentType: 'image/png', size: marks.length,
    sha256: createHash('sha256').update(marks).digest('hex'), value: null, format: 'png', width: 1024, height: 640, hasAlpha: true,
  });
});

test('edits: gif output works without a mask and is refused with one; svg is not an edit format', async () => {
  const json = await accepts(edit(form({ output_format: 'gif', frame_count: '3', frame_duration_ms: '100' }, [image()])));
  const g = gifBlocks(b64(json.data[0].b64_json));
  assert.deepEqual([g.frames.length, g.delays[0], g.width, g.height], [3, 10, 960, 600]);
  await rejects(edit(form({ output_format: 'gif' }, [image(), ['mask', asPng(pngRgba(1024, 640), 'mask.png')]])), { code: 'invalid_value', param: 'mask', message: /not supported with output_format 'gif'/ });
  await rejects(edit(form({ output_format: 'gif', stream: 'true' }, [image()])), { code: 'invalid_value', param: 'stream' });
  await rejects(edit(form({ frame_count: '3' }, [image()])), { code: 'invalid_value', param: 'frame_count' });
  await rejects(edit(form({ output_format: 'svg' }, [image()])), { code: 'invalid_value', param: 'output_format' });
  await rejects(edit(form({ svg: '{}' }, [image()])), { code: 'unknown_parameter', param: 'svg' });
  await accepts(edit(form({ complexity: 'low', quality: 'max' }, [image()])));
});

// ---- JSON edits -------------------------------------------------------------------------------

const jsonEdit = (body, path = PROXY, headers = {}) => postJson(api.url + path, { model: 'gpt-image-2', prompt: 'Add a red kite', quality: 'low', ...body }, headers);
const dataUrl = (bytes, type = 'image/png') => `data:${type};base64,${bytes.toString('base64')}`;

test('JSON edits: https URLs, data URLs and file ids, alone or mixed; the result is like a multipart edit\'s', async () => {
  const byUrl = await accepts(jsonEdit({ images: [{ image_url: 'https://example.com/photo.png' }] }));
  assert.deepEqual(Object.keys(byUrl), ['created', 'background', 'data', 'output_format', 'quality', 'size', 'usage']);
  assert.equal(byUrl.size, '1024x1024', 'nothing downloaded: an https image counts as 1024x1024');
  assert.deepEqual(readPng(b64(byUrl.data[0].b64_json)).width, 1024);
  assert.ok(byUrl.usage.input_tokens_details.image_tokens > 0);
  assert.equal((await accepts(jsonEdit({ images: [{ file_id: 'file-abc123' }], size: '1536x1024' }))).size, '1536x1024');
  // A data URL is decoded for its size, which the auto size follows.
  const fromData = await accepts(jsonEdit({ images: [{ image_url: dataUrl(pngRgb(1200, 900)) }] }));
  assert.equal(fromData.size, '1200x896');
  const mixed = await accepts(jsonEdit({
    images: [{ image_url: dataUrl(jpeg(1024, 640), 'image/jpeg') }, { file_id: 'file-XYZ_789' }, { image_url: 'https://cdn.example.com/a/b.webp?x=1' }, { image_url: dataUrl(webp(64, 64), 'image/webp') }],
    mask: { image_url: dataUrl(pngRgba(1024, 640)) }, moderation: 'low', n: 2, output_format: 'webp',
  }));
  assert.deepEqual([mixed.data.length, mixed.size, mixed.output_format], [2, '1024x640', 'webp']);
  await accepts(jsonEdit({ images: Array.from({ length: 16 }, (_, i) => ({ file_id: `file-${i}` })), mask: { file_id: 'file-mask1' } }));
  // Streaming works as for multipart edits.
  const res = await fetch(api.url + PROXY, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-image-2', prompt: 'x', images: [{ file_id: 'file-1' }], stream: true, partial_images: 1 }) });
  assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  assert.deepEqual([...(await res.text()).matchAll(/^event: (.+)$/gm)].map((m) => m[1]), ['image_edit.partial_image', 'image_edit.completed']);
  // 2.6 models take markup references.
  await accepts(jsonEdit({ model: 'gpt-image-2.6-flare', images: [{ image_url: dataUrl(pngRgb(1024, 640)) }], markup: { image_url: dataUrl(pngRgba(1024, 640)) } }));
  // Azure routes take JSON edits too.
  await accepts(jsonEdit({ images: [{ file_id: 'file-1' }] }, '/openai/deployments/gpt-image-2/images/edits?api-version=preview', { 'api-key': 'k' }));
});

test('JSON edits refused: list shape, entry shape, URL kinds, data URL contents, file ids; params name the path', async () => {
  await rejects(jsonEdit({}), { code: 'missing_required_parameter', param: 'images' });
  await rejects(jsonEdit({ images: { image_url: 'https://example.com/a.png' } }), { code: 'invalid_type', param: 'images' });
  await rejects(jsonEdit({ images: null }), { code: 'invalid_type', param: 'images' });
  await rejects(jsonEdit({ images: [] }), { code: 'empty_array', param: 'images' });
  await rejects(jsonEdit({ images: Array.from({ length: 17 }, () => ({ file_id: 'file-1' })) }), { code: 'array_above_max_length', param: 'images' });
  await rejects(jsonEdit({ image: [{ file_id: 'file-1' }] }), { code: 'unknown_parameter', param: 'image' });
  const ok = { file_id: 'file-ok' };
  await rejects(jsonEdit({ images: [ok, 'https://example.com/a.png'] }), { code: 'invalid_type', param: 'images[1]' });
  await rejects(jsonEdit({ images: [ok, { image_url: 'https://example.com/a.png', file_id: 'file-1' }] }), { code: 'invalid_value', param: 'images[1]', message: /exactly one of 'image_url' or 'file_id', but got both/ });
  await rejects(jsonEdit({ images: [ok, {}] }), { code: 'invalid_value', param: 'images[1]', message: /but got neither/ });
  await rejects(jsonEdit({ images: [ok, ok, { image_url: 'https://example.com/a.png', detail: 'high' }] }), { code: 'unknown_parameter', param: 'images[2].detail' });
  await rejects(jsonEdit({ images: [{ image_url: 42 }] }), { code: 'invalid_type', param: 'images[0].image_url' });
  for (const url of ['http://example.com/a.png', 'ftp://example.com/a.png', '/a.png', 'example.com/a.png', 'https://', '']) {
    await rejects(jsonEdit({ images: [{ image_url: url }] }), { code: 'invalid_value', param: 'images[0].image_url' });
  }
  await rejects(jsonEdit({ images: [ok, { image_url: dataUrl(gif(40, 40), 'image/gif') }] }), { code: 'unsupported_file_mimetype', param: 'images[1].image_url' });
  await rejects(jsonEdit({ images: [{ image_url: dataUrl(jpeg(40, 40), 'image/png') }] }), { code: 'unsupported_file_mimetype', param: 'images[0].image_url', message: /content \('image\/jpeg'\) does not match/ });
  await rejects(jsonEdit({ images: [{ image_url: dataUrl(Buffer.from('hello'), 'image/png') }] }), { code: 'unsupported_file_mimetype', param: 'images[0].image_url' });
  await rejects(jsonEdit({ images: [{ image_url: 'data:image/png;base64,@@@@' }] }), { code: 'invalid_value', param: 'images[0].image_url' });
  await rejects(jsonEdit({ images: [{ image_url: 'data:image/png,rawbytes' }] }), { code: 'invalid_value', param: 'images[0].image_url' });
  await rejects(jsonEdit({ images: [{ image_url: `data:image/png;base64,${'A'.repeat(20_971_520)}` }] }), { code: 'string_above_max_length', param: 'images[0].image_url' });
  for (const id of ['abc123', 'file_abc', 'file-', 7]) {
    await rejects(jsonEdit({ images: [{ file_id: id }] }), { code: typeof id === 'string' ? 'invalid_value' : 'invalid_type', param: 'images[0].file_id' });
  }
  // Azure: PNG and JPEG only.
  await rejects(jsonEdit({ images: [{ image_url: dataUrl(webp(40, 40), 'image/webp') }] }, '/openai/v1/images/edits', { 'api-key': 'k' }), { code: 'unsupported_file_mimetype', param: 'images[0].image_url' });
});

test('JSON edits: mask and markup references checked where the bytes are known; combinations; models', async () => {
  const first = { image_url: dataUrl(pngRgb(1024, 640)) };
  await rejects(jsonEdit({ images: [first], mask: 'https://example.com/m.png' }), { code: 'invalid_type', param: 'mask' });
  await rejects(jsonEdit({ images: [first], mask: null }), { code: 'invalid_type', param: 'mask' });
  await rejects(jsonEdit({ images: [first], mask: { image_url: dataUrl(pngRgb(1024, 640)) } }), { code: 'invalid_mask_image_format', param: 'mask' });
  await rejects(jsonEdit({ images: [first], mask: { image_url: dataUrl(pngRgba(640, 1024)) } }), { code: 'invalid_value', param: 'mask' });
  await rejects(jsonEdit({ images: [first], mask: { image_url: dataUrl(jpeg(1024, 640), 'image/jpeg') } }), { code: 'unsupported_file_mimetype', param: 'mask.image_url' });
  await rejects(jsonEdit({ images: [first], mask: { file_id: 'nope' } }), { code: 'invalid_value', param: 'mask.file_id' });
  await accepts(jsonEdit({ images: [{ file_id: 'file-1' }], mask: { image_url: dataUrl(pngRgba(640, 1024)) } }), 'first size unknown: not compared');
  const sun = { model: 'gpt-image-2.6-sunburst', images: [first] };
  await rejects(jsonEdit({ ...sun, markup: { file_id: 'file-m' }, mask: { file_id: 'file-k' } }), { code: 'invalid_value', param: 'markup' });
  await rejects(jsonEdit({ ...sun, markup: { image_url: dataUrl(pngRgb(1024, 640)) } }), { code: 'invalid_markup_image_format', param: 'markup' });
  await rejects(jsonEdit({ images: [first], markup: { file_id: 'file-m' } }), { code: 'unknown_parameter', param: 'markup' });
  await rejects(jsonEdit({ ...sun, output_format: 'gif', mask: { file_id: 'file-k' } }), { code: 'invalid_value', param: 'mask' });
  await rejects(jsonEdit({ ...sun, output_format: 'svg' }), { code: 'invalid_value', param: 'output_format' });
  await rejects(jsonEdit({ images: [first], input_fidelity: 'high' }), { code: 'unknown_parameter', param: 'input_fidelity' });
  await rejects(jsonEdit({ images: [first], response_format: 'b64_json' }), { code: 'unknown_parameter', param: 'response_format' });
  await rejects(jsonEdit({ model: 'dall-e-3', images: [first] }), { status: 404, code: 'model_not_found', param: null });
  // dall-e-2 edits are multipart only (on a day it was still served).
  const s = await pinnedSession(api.url, '2026-05-01', 'json-dalle');
  await rejects(jsonEdit({ model: 'dall-e-2', quality: undefined, images: [first] }, `/s/${s}${PROXY}`), { code: 'invalid_value', param: 'model', message: /multipart\/form-data/ });
  // input_fidelity still works for the models that have it (gpt-image-1.5 before its shutdown).
  const s2 = await pinnedSession(api.url, '2026-11-30', 'json-15');
  const old = await accepts(jsonEdit({ model: 'gpt-image-1.5', images: [first], input_fidelity: 'high' }, `/s/${s2}${PROXY}`));
  assert.equal(old.size, '1536x1024');
});
