// Big uploads: a ~60 MB request (two 30 MB images: each file must stay under 50 MB) edits fine on
// an OpenAI-style route, quickly, and is recorded byte for byte; the per-file limits are 50 MB
// there and 20 MB on Azure routes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startApi, newSession, postForm, recorded } from './support.mjs';
import { pngRgb, asPng, paddedPng } from './upload-fixtures.mjs';

let api;
before(async () => { api = await startApi(); });
after(() => api.close());

const MB = 1024 * 1024;
const base = pngRgb(64, 48);
const fields = [['model', 'gpt-image-2'], ['prompt', 'Brighten it'], ['quality', 'low'], ['size', '1024x1024']];
const form = (bytes) => [...fields, ['image', asPng(bytes, 'big.png')]];

test('a ~60 MB request (two 30 MB images) edits on the proxy route quickly; recording has their sha256', async () => {
  const first = paddedPng(base, 30 * MB);
  const second = paddedPng(pngRgb(32, 32), 30 * MB);
  const s = newSession('big');
  const started = Date.now();
  const { res, json, text } = await postForm(`${api.url}/s/${s}/proxy/v1/images/edits`, [...fields, ['image[]', asPng(first, 'one.png')], ['image[]', asPng(second, 'two.png')]]);
  const elapsed = Date.now() - started;
  assert.equal(res.status, 200, text.slice(0, 300));
  assert.equal(json.size, '1024x1024');
  assert.ok(elapsed < 5000, `took ${elapsed} ms`);
  const [r] = await recorded(api.url, s);
  assert.ok(r.bodyBytes > 60 * MB);
  const sha = (buf) => createHash('sha256').update(buf).digest('hex');
  assert.deepEqual(r.parts.filter((p) => p.filename).map((p) => [p.filename, p.size, p.sha256, p.format, p.width, p.height]), [
    ['one.png', first.length, sha(first), 'png', 64, 48],
    ['two.png', second.length, sha(second), 'png', 32, 32],
  ]);
});

test('per-file limits: under 50 MB on OpenAI-style routes, under 20 MB on Azure routes', async () => {
  const azure = await postForm(`${api.url}/openai/v1/images/edits`, form(paddedPng(base, 60 * MB)), { 'api-key': 'k' });
  assert.equal(azure.res.status, 400);
  assert.deepEqual([azure.json.error.code, azure.json.error.param], ['file_too_large', 'image']);
  assert.match(azure.json.error.message, /^Invalid file 'image': the file is 60\.0 MB; each image must be smaller than 20 MB\.$/);

  const atAzureLimit = await postForm(`${api.url}/openai/deployments/d/images/edits?api-version=preview`, form(paddedPng(base, 20 * MB)), { 'api-key': 'k' });
  assert.equal(atAzureLimit.json.error.code, 'file_too_large');
  const underAzureLimit = await postForm(`${api.url}/openai/deployments/d/images/edits?api-version=preview`, form(paddedPng(base, 20 * MB - 1)), { 'api-key': 'k' });
  assert.equal(underAzureLimit.res.status, 200);

  const atLimit = await postForm(`${api.url}/proxy/v1/images/edits`, form(paddedPng(base, 50 * MB)));
  assert.equal(atLimit.res.status, 400);
  assert.match(atLimit.json.error.message, /must be smaller than 50 MB/);
});
