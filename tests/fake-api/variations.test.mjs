// POST .../images/variations (DALL·E 2 only): one square PNG under 4 MB in `image`, n, size,
// response_format, user; prompt and mask are unknown here; faults and recording as elsewhere.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApi, newSession, postForm, setScript, recorded, b64, readPng, c2paLocation } from './support.mjs';
import { pngRgb, pngRgba, jpeg, file, asPng, paddedPng } from './upload-fixtures.mjs';

let api;
before(async () => { api = await startApi({ today: '2026-05-01' }); });
after(() => api.close());

const PROXY = '/proxy/v1/images/variations';
const form = (extra = {}, files = [['image', asPng(pngRgb(256, 256))]]) => [
  ...Object.entries({ model: 'dall-e-2', size: '256x256', response_format: 'b64_json', ...extra }).filter(([, v]) => v !== undefined), ...files,
];
const vary = (f, { path = PROXY, headers = {} } = {}) => postForm(api.url + path, f, headers);

async function rejects(f, { status = 400, code, param = null, message }) {
  const { res, json, text } = await vary(f);
  assert.equal(res.status, status, text.slice(0, 300));
  assert.deepEqual(Object.keys(json.error), ['message', 'type', 'param', 'code']);
  assert.equal(json.error.type, 'invalid_request_error');
  assert.deepEqual([json.error.code, json.error.param], [code, param], text.slice(0, 300));
  if (message) assert.match(json.error.message, message);
}

test('variations: b64_json or url results of the requested size and count; model optional', async () => {
  const { res, json } = await vary(form({ n: '3' }));
  assert.equal(res.status, 200);
  assert.deepEqual(Object.keys(json), ['created', 'data']);
  assert.equal(json.data.length, 3);
  const png = b64(json.data[0].b64_json);
  assert.equal(readPng(png).width, 256);
  assert.equal(c2paLocation(png), 'png:caBX@1');
  assert.equal(json.data[0].revised_prompt, undefined);

  const byUrl = await vary(form({ model: undefined, size: undefined, response_format: undefined, user: 'u-1' }, [['image', asPng(pngRgba(64, 64))]]));
  assert.equal(byUrl.res.status, 200);
  const fetched = Buffer.from(await (await fetch(byUrl.json.data[0].url)).arrayBuffer());
  assert.equal(readPng(fetched).width, 1024, 'size defaults to 1024x1024');
  assert.equal(byUrl.res.headers.get('access-control-allow-origin'), '*');
});

test('variations: OpenAI route needs Bearer auth; Azure has no variations route', async () => {
  const missing = await vary(form(), { path: '/v1/images/variations' });
  assert.equal(missing.res.status, 401);
  const ok = await vary(form(), { path: '/v1/images/variations', headers: { authorization: 'Bearer sk-test' } });
  assert.equal(ok.res.status, 200);
  const azure = await vary(form(), { path: '/openai/v1/images/variations', headers: { 'api-key': 'k' } });
  assert.equal(azure.res.status, 404);
  assert.deepEqual(azure.json, { error: { code: '404', message: 'Resource not found' } });
});

test('variations: dall-e-2 only; prompt and mask are unknown; n, size, response_format checked', async () => {
  await rejects(form({ model: 'gpt-image-1.5' }), { code: 'invalid_value', param: 'model', message: /Supported values are: 'dall-e-2'\./ });
  await rejects(form({ model: 'dall-e-9' }), { status: 404, code: 'model_not_found' });
  await rejects(form({ prompt: 'A cat' }), { code: 'unknown_parameter', param: 'prompt', message: /^Unknown parameter: 'prompt'\.$/ });
  await rejects([...form(), ['mask', asPng(pngRgba(256, 256), 'm.png')]], { code: 'unknown_parameter', param: 'mask' });
  await rejects(form({ quality: 'standard' }), { code: 'unknown_parameter', param: 'quality' });
  await rejects(form({ n: '11' }), { code: 'integer_above_max_value', param: 'n' });
  await rejects(form({ n: 'many' }), { code: 'invalid_type', param: 'n' });
  await rejects(form({ size: '1536x1024' }), { code: 'invalid_value', param: 'size' });
  await rejects(form({ response_format: 'png' }), { code: 'invalid_value', param: 'response_format' });
  await rejects([...form(), ['n', '2'], ['n', '2']], { code: 'invalid_type', param: 'n', message: /got an array/ });
});

test('variations: exactly one square PNG under 4 MB in `image`; no alpha needed', async () => {
  await rejects(form({}, []), { code: 'missing_required_parameter', param: 'image' });
  await rejects(form({}, [['image[]', asPng(pngRgb(256, 256))]]), { code: 'invalid_type', param: 'image', message: /expected a file, but got an array instead/ });
  await rejects(form({}, [['image', asPng(pngRgb(256, 256))], ['image', asPng(pngRgb(256, 256))]]), { code: 'invalid_type', param: 'image' });
  await rejects(form({}, [['image', asPng(pngRgb(256, 200))]]), { code: 'invalid_value', param: 'image', message: /must be square/ });
  await rejects(form({}, [['image', file(jpeg(256, 256), 'image/jpeg', 'a.jpg')]]), { code: 'unsupported_file_mimetype', param: 'image', message: /Supported file formats are 'image\/png'\.$/ });
  await rejects(form({}, [['image', file(pngRgb(256, 256), '', 'a.png')]]), { code: 'unsupported_file_mimetype', param: 'image', message: /'application\/octet-stream'/ });
  await rejects(form({}, [['image', file(pngRgb(256, 256), 'image/png', 'a.jpg')]]), { code: 'unsupported_file_mimetype', param: 'image' });
  const limit = 4 * 1024 * 1024;
  await rejects(form({}, [['image', asPng(paddedPng(pngRgb(64, 64), limit))]]), { code: 'file_too_large', param: 'image', message: /^Uploaded image must be a PNG and less than 4 MB/ });
  const { res } = await vary(form({}, [['image', asPng(paddedPng(pngRgb(64, 64), limit - 1))]]));
  assert.equal(res.status, 200, 'one byte under 4 MB passes');
});

test('variations: faults and recording work as for the other endpoints', async () => {
  const s = newSession('var');
  await setScript(api.url, s, [{ fault: 'error', preset: 'server_error' }, { fault: 'drop_connection' }]);
  const failed = await vary(form(), { path: `/s/${s}${PROXY}` });
  assert.equal(failed.res.status, 500);
  await assert.rejects(vary(form(), { path: `/s/${s}${PROXY}` }), /fetch failed/);
  assert.equal((await vary(form(), { path: `/s/${s}${PROXY}` })).res.status, 200);
  const records = await recorded(api.url, s);
  assert.equal(records.length, 3);
  assert.deepEqual(records[2].parts.at(-1).format, 'png');
  assert.deepEqual([records[2].parts.at(-1).width, records[2].parts.at(-1).height, records[2].parts.at(-1).hasAlpha], [256, 256, false]);
});
