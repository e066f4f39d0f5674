// POST .../images/edits: routes and auth, the multipart form, text fields per model, every file rule
// (each rejects with the real error shape and the nearest valid request passes), output size,
// response and SSE shapes, faults, and what the recording says about uploaded files.
// The server is pinned to 2026-05-01 (before the dall-e-2 and gpt-image-1.x shutdowns on OpenAI) so
// those models' rules stay covered; markup files and JSON edits: edits-2026.test.mjs.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  startApi, newSession, postForm, postJson, rawMultipart, setScript, recorded, b64, readPng, jpegSegments, c2paLocation,
} from './support.mjs';
import { pngRgb, pngRgba, jpeg, webp, gif, pngOfType, file, asPng } from './upload-fixtures.mjs';
import { editOutputSize } from './output-size.mjs';
import { MODELS } from './models.mjs';

let api;
before(async () => { api = await startApi({ today: '2026-05-01' }); });
after(() => api.close());

const PROXY = '/proxy/v1/images/edits';
const AZURE_V1 = '/openai/v1/images/edits';
const AZURE_DEPLOYMENT = '/openai/deployments/img/images/edits?api-version=2025-04-01-preview';
const azureKey = { 'api-key': 'k' };

/** Form entries: text fields (undefined drops one), then files as [name, file] pairs. */
const entries = (fields, files) => [...Object.entries(fields).filter(([, v]) => v !== undefined), ...files];
const gpt = (extra = {}, files = [['image', asPng(pngRgb(300, 200))]]) => entries({ model: 'gpt-image-1.5', prompt: 'Add a red kite', quality: 'low', ...extra }, files);
const dalle2 = (extra = {}, files = [['image', asPng(pngRgba(256, 256))]]) => entries({ model: 'dall-e-2', prompt: 'Add a red kite', size: '256x256', response_format: 'b64_json', ...extra }, files);

const edit = (form, { path = PROXY, headers = {} } = {}) => postForm(api.url + path, form, headers);

async function rejects(form, { status = 400, code, param = null, type = 'invalid_request_error', message }, opts) {
  const { res, json, text } = await edit(form, opts);
  const label = `${JSON.stringify(form.map(([k, v]) => [k, typeof v === 'string' ? v.slice(0, 40) : `${v.type} ${v.filename}`]))} -> ${text.slice(0, 300)}`;
  assert.equal(res.status, status, label);
  assert.deepEqual(Object.keys(json.error), ['message', 'type', 'param', 'code'], label);
  assert.equal(json.error.type, type, label);
  assert.equal(json.error.code, code, label);
  assert.equal(json.error.param, param, label);
  if (message) assert.match(json.error.message, message, label);
  return json.error;
}

async function accepts(form, opts) {
  const { res, json, text } = await edit(form, opts);
  assert.equal(res.status, 200, text.slice(0, 300));
  return json;
}

test('routes: OpenAI (Bearer), proxy (none), Azure deployment (api-version) and Azure v1; CORS', async () => {
  const missing = await edit(gpt(), { path: '/v1/images/edits' });
  assert.equal(missing.res.status, 401);
  assert.match(missing.json.error.message, /^You didn't provide an API key/);
  const openai = await accepts(gpt(), { path: '/v1/images/edits', headers: { authorization: 'Bearer sk-test' } });
  assert.equal(openai.data.length, 1);
  const proxied = await edit(gpt());
  assert.equal(proxied.res.status, 200);
  assert.equal(proxied.res.headers.get('access-control-allow-origin'), '*');
  assert.match(proxied.res.headers.get('x-request-id'), /^req_/);

  const noVersion = await edit(gpt(), { path: '/openai/deployments/img/images/edits', headers: azureKey });
  assert.equal(noVersion.res.status, 404);
  assert.deepEqual(noVersion.json, { error: { code: '404', message: 'Resource not found' } });
  const badKey = await edit(gpt(), { path: AZURE_DEPLOYMENT, headers: { 'api-key': 'sk-invalid' } });
  assert.equal(badKey.res.status, 401);
  assert.equal(badKey.json.error.code, '401');
  await accepts(gpt(), { path: AZURE_DEPLOYMENT, headers: azureKey });
  await accepts(gpt(), { path: AZURE_V1, headers: { authorization: 'Bearer k' } });
  await accepts(gpt(), { path: `/s/${newSession('edit-route')}${PROXY}` });

  const preflight = await fetch(api.url + PROXY, { method: 'OPTIONS', headers: { origin: 'http://page', 'access-control-request-method': 'POST' } });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
});

test('the body must be multipart/form-data or JSON (with `images`): text and malformed multipart are 400', async () => {
  // JSON edits exist, but name their images `images` (references), never `image`.
  const json = await postJson(api.url + PROXY, { model: 'gpt-image-1.5', prompt: 'x', image: 'data:image/png;base64,AAAA' });
  assert.equal(json.res.status, 400);
  assert.deepEqual([json.json.error.code, json.json.error.param], ['unknown_parameter', 'image']);
  const text = await postJson(api.url + PROXY, 'model=gpt-image-1.5', { 'content-type': 'text/plain' });
  assert.equal(text.res.status, 400);
  assert.match(text.json.error.message, /^Unsupported content type: 'text\/plain'/);
  const broken = await fetch(api.url + PROXY, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=zz' }, body: '--zz\r\nContent-Disposition: form-data; name="model"\r\n\r\ngpt-image-1.5' });
  assert.equal(broken.status, 400);
  assert.match((await broken.json()).error.message, /could not parse the multipart\/form-data body/);
});

test('one image as `image`, several as `image[]`, repeated `image` parts: all accepted for GPT models', async () => {
  for (const [bytes, type, name] of [[pngRgb(300, 200), 'image/png', 'a.png'], [jpeg(320, 240), 'image/jpeg', 'a.jpg'], [webp(200, 300), 'image/webp', 'a.webp'], [webp(64, 64, true), 'image/webp', 'b.webp']]) {
    await accepts(gpt({}, [['image', file(bytes, type, name)]]));
  }
  const three = [['image[]', asPng(pngRgb(300, 200))], ['image[]', file(jpeg(320, 240), 'image/jpeg', 'two.jpeg')], ['image[]', file(webp(50, 50), 'image/webp', '3.webp')]];
  const json = await accepts(gpt({}, three));
  assert.equal(json.size, '1536x1024', 'auto size follows the first image (300x200 is landscape)');
  await accepts(gpt({}, [['image', asPng(pngRgb(300, 200))], ['image', file(jpeg(64, 64), 'image/jpeg', 'b.jpg')]]));
  await accepts(gpt({}, [['image[]', asPng(pngRgb(40, 40))]]));
  await accepts(gpt({}, Array.from({ length: 16 }, () => ['image[]', asPng(pngRgb(40, 40))])));
  await rejects(gpt({}, Array.from({ length: 17 }, () => ['image[]', asPng(pngRgb(40, 40))])), {
    code: 'array_above_max_length', param: 'image', message: /^Invalid 'image': array too long\. Expected an array with maximum length 16, but got an array with length 17 instead\.$/,
  });
});

test('the image is required and must be a file', async () => {
  await rejects(gpt({}, []), { code: 'missing_required_parameter', param: 'image', message: /^Missing required parameter: 'image'\.$/ });
  await rejects(gpt({}, [['image', 'https://example.com/cat.png']]), { code: 'invalid_type', param: 'image', message: /expected one of an array of files or file, but got a string instead/ });
  await rejects(gpt({}, [['image[]', asPng(pngRgb(40, 40))], ['image[]', 'cat.png']]), { code: 'invalid_type', param: 'image[1]', message: /^Invalid type for 'image\[1\]': expected a file, but got a string instead\.$/ });
  await rejects(dalle2({}, [['image', 'cat.png']]), { code: 'invalid_type', param: 'image', message: /expected a file, but got a string/ });
});

test('MIME types: octet-stream, missing, unsupported, or not what the bytes are -> 400 naming the file', async () => {
  const octet = await rejects(gpt({}, [['image', file(pngRgb(40, 40), '', 'a.png')]]), { code: 'unsupported_file_mimetype', param: 'image' });
  assert.equal(octet.message, "Invalid file 'image': unsupported mimetype ('application/octet-stream'). Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.");
  // In an array the param names the offending file's index.
  await rejects(gpt({}, [['image[]', asPng(pngRgb(40, 40))], ['image[]', file(jpeg(40, 40), 'application/octet-stream', 'b.jpg')]]), {
    code: 'unsupported_file_mimetype', param: 'image[1]', message: /^Invalid file 'image\[1\]': unsupported mimetype \('application\/octet-stream'\)/,
  });
  await rejects(gpt({}, [['image[]', file(jpeg(40, 40), '', 'b.jpg')]]), { code: 'unsupported_file_mimetype', param: 'image[0]' });
  await rejects(gpt({}, [['image', file(gif(40, 40), 'image/gif', 'a.gif')]]), { code: 'unsupported_file_mimetype', param: 'image', message: /unsupported mimetype \('image\/gif'\)/ });
  // Declared types that disagree with the bytes.
  await rejects(gpt({}, [['image', file(jpeg(40, 40), 'image/png', 'a.png')]]), { code: 'unsupported_file_mimetype', param: 'image', message: /content \('image\/jpeg'\) does not match its mimetype \('image\/png'\)/ });
  await rejects(gpt({}, [['image', file(gif(40, 40), 'image/webp', 'a.webp')]]), { code: 'unsupported_file_mimetype', param: 'image', message: /content \('image\/gif'\)/ });
  await rejects(gpt({}, [['image', asPng(Buffer.from('definitely not a picture'))]]), { code: 'unsupported_file_mimetype', param: 'image', message: /content \(not an image\)/ });
  // A PNG signature with a broken header is an invalid image, as the API words it.
  await rejects(gpt({}, [['image[]', asPng(pngRgb(40, 40))], ['image[]', asPng(pngRgb(40, 40).subarray(0, 20))]]), {
    code: 'invalid_image_file', type: 'image_generation_user_error', message: /^Invalid image file or mode for image 2, please check your image file\.$/,
  });
  // Parameters on the type are fine; the type is case-insensitive.
  await accepts(gpt({}, [['image', file(pngRgb(40, 40), 'Image/PNG; name=a.png', 'a.png')]]));
});

test('a file part without any Content-Type is missing_file_mimetype', async () => {
  const { body, contentType } = rawMultipart([
    { name: 'model', data: 'gpt-image-1.5' }, { name: 'prompt', data: 'Add a kite' },
    { name: 'image', filename: 'a.png', data: pngRgb(40, 40) },
  ]);
  const res = await fetch(api.url + PROXY, { method: 'POST', headers: { 'content-type': contentType }, body });
  const { error } = await res.json();
  assert.equal(res.status, 400);
  assert.deepEqual({ code: error.code, param: error.param }, { code: 'missing_file_mimetype', param: 'image' });
  assert.match(error.message, /^Invalid file 'image': failed to determine mimetype\./);
  const typed = rawMultipart([
    { name: 'model', data: 'gpt-image-1.5' }, { name: 'prompt', data: 'Add a kite' },
    { name: 'image', filename: 'a.png', contentType: 'image/png', data: pngRgb(40, 40) },
  ]);
  assert.equal((await fetch(api.url + PROXY, { method: 'POST', headers: { 'content-type': typed.contentType }, body: typed.body })).status, 200);
});

test('filename extensions must match the declared type', async () => {
  await rejects(gpt({}, [['image', file(pngRgb(40, 40), 'image/png', 'photo.jpg')]]), { code: 'unsupported_file_mimetype', param: 'image', message: /'photo\.jpg' has the extension '\.jpg', which does not match its mimetype \('image\/png'\)/ });
  await rejects(gpt({}, [['image', file(pngRgb(40, 40), 'image/png', 'blob')]]), { code: 'unsupported_file_mimetype', param: 'image', message: /has no extension/ });
  // FormData leaves out an empty filename: without one the part is a text field, whatever its type.
  await rejects(gpt({}, [['image', file(pngRgb(40, 40), 'image/png', '')]]), { code: 'invalid_type', param: 'image', message: /but got a string instead/ });
  const empty = rawMultipart([
    { name: 'model', data: 'gpt-image-1.5' }, { name: 'prompt', data: 'Add a kite' },
    { name: 'image', filename: '', contentType: 'image/png', data: pngRgb(40, 40) },
  ]);
  const res = await fetch(api.url + PROXY, { method: 'POST', headers: { 'content-type': empty.contentType }, body: empty.body });
  const { error } = await res.json();
  assert.deepEqual([res.status, error.code, error.param], [400, 'unsupported_file_mimetype', 'image']);
  assert.match(error.message, /^Invalid file 'image': the file name '' has no extension, which does not match its mimetype \('image\/png'\)\. Supported file formats are/);
  await rejects(gpt({}, [['image', file(webp(40, 40), 'image/webp', 'a.png.bin')]]), { code: 'unsupported_file_mimetype', param: 'image' });
  for (const name of ['PHOTO.JPEG', 'holiday photo.jpg', 'x.jpe']) await accepts(gpt({}, [['image', file(jpeg(40, 40), 'image/jpeg', name)]]));
});

test('Azure routes take PNG and JPEG only; size limit 20 MB there (see the large-upload test)', async () => {
  await rejects(gpt({}, [['image', file(webp(40, 40), 'image/webp', 'a.webp')]]), {
    code: 'unsupported_file_mimetype', param: 'image', message: /Supported file formats are 'image\/jpeg' and 'image\/png'\.$/,
  }, { path: AZURE_V1, headers: azureKey });
  await accepts(gpt({}, [['image', file(jpeg(40, 40), 'image/jpeg', 'a.jpg')]]), { path: AZURE_V1, headers: azureKey });
  await rejects(gpt({ output_format: 'webp' }), { code: 'invalid_value', param: 'output_format' }, { path: AZURE_DEPLOYMENT, headers: azureKey });
});

test('mask: PNG with alpha, the first image\'s size; applies with several images', async () => {
  const image = ['image', asPng(pngRgb(300, 200))];
  await accepts(gpt({}, [image, ['mask', asPng(pngRgba(300, 200), 'mask.png')]]));
  await accepts(gpt({}, [['image[]', asPng(pngRgb(300, 200))], ['image[]', file(jpeg(64, 64), 'image/jpeg', 'b.jpg')], ['mask', asPng(pngRgba(300, 200), 'mask.png')]]));
  await accepts(gpt({}, [['image', asPng(pngOfType(30, 20, { colourType: 2 }))], ['mask', asPng(pngOfType(30, 20, { colourType: 2, tRNS: 'before' }))]]));
  const noAlpha = await rejects(gpt({}, [image, ['mask', asPng(pngRgb(300, 200), 'mask.png')]]), { code: 'invalid_mask_image_format', param: 'mask' });
  assert.match(noAlpha.message, /mask image missing alpha channel/);
  await rejects(gpt({}, [['image', asPng(pngOfType(30, 20, { colourType: 2 }))], ['mask', asPng(pngOfType(30, 20, { colourType: 2, tRNS: 'after' }))]]), { code: 'invalid_mask_image_format', param: 'mask' });
  const wrongSize = await rejects(gpt({}, [image, ['mask', asPng(pngRgba(200, 300), 'mask.png')]]), { code: 'invalid_value', param: 'mask' });
  assert.match(wrongSize.message, /mask is 200x300 but the first image is 300x200/);
  await rejects(gpt({}, [['image[]', file(jpeg(64, 64), 'image/jpeg', 'b.jpg')], ['image[]', asPng(pngRgb(300, 200))], ['mask', asPng(pngRgba(300, 200), 'm.png')]]), { code: 'invalid_value', param: 'mask' });
  await rejects(gpt({}, [image, ['mask', file(webp(300, 200, true), 'image/webp', 'mask.webp')]]), { code: 'unsupported_file_mimetype', param: 'mask', message: /Supported file formats are 'image\/png'\.$/ });
  await rejects(gpt({}, [image, ['mask', asPng(pngRgba(300, 200), 'm.png')], ['mask', asPng(pngRgba(300, 200), 'm.png')]]), { code: 'invalid_type', param: 'mask', message: /expected a file, but got an array instead/ });
  await rejects(gpt({}, [image, ['mask', 'the sky']]), { code: 'invalid_type', param: 'mask' });
});

test('dall-e-2: exactly one square PNG in `image`, with alpha unless a mask is given', async () => {
  const ok = await accepts(dalle2());
  assert.equal(readPng(b64(ok.data[0].b64_json)).width, 256);
  await accepts(dalle2({}, [['image', asPng(pngOfType(64, 64, { colourType: 4 }))]]));
  await accepts(dalle2({}, [['image', asPng(pngOfType(64, 64, { colourType: 0 }))]])); // L (grey) is in the API's list
  await accepts(dalle2({}, [['image', asPng(pngRgb(256, 256))], ['mask', asPng(pngRgba(256, 256), 'mask.png')]]));
  const rgb = await rejects(dalle2({}, [['image', asPng(pngRgb(256, 256))]]), { code: 'invalid_image_format', param: 'image' });
  assert.equal(rgb.message, "Invalid input image - format must be in ['RGBA', 'LA', 'L'], got RGB.");
  await rejects(dalle2({}, [['image', asPng(pngOfType(64, 64, { colourType: 3, tRNS: 'before' }))]]), { code: 'invalid_image_format', param: 'image', message: /got P\.$/ });

  const array = await rejects(dalle2({}, [['image[]', asPng(pngRgba(256, 256))]]), { code: 'invalid_type', param: 'image' });
  assert.equal(array.message, "Invalid type for 'image': expected a file, but got an array instead.");
  await rejects(dalle2({}, [['image', asPng(pngRgba(256, 256))], ['image', asPng(pngRgba(256, 256))]]), { code: 'invalid_type', param: 'image' });
  await rejects(dalle2({}, [['image', asPng(pngRgba(256, 128))]]), { code: 'invalid_value', param: 'image', message: /must be square/ });
  await rejects(dalle2({}, [['image', file(jpeg(256, 256), 'image/jpeg', 'a.jpg')]]), { code: 'unsupported_file_mimetype', param: 'image', message: /Supported file formats are 'image\/png'\.$/ });
  await rejects(dalle2({}, [['image', asPng(pngRgba(256, 256))], ['mask', asPng(pngRgba(128, 128), 'm.png')]]), { code: 'invalid_value', param: 'mask' });
});

test('dall-e-2: url results by default (served from /files), response_format, default size 1024x1024', async () => {
  const s = newSession('edit-url');
  const { res, json } = await edit(dalle2({ response_format: undefined, size: undefined, n: '2' }), { path: `/s/${s}${PROXY}` });
  assert.equal(res.status, 200);
  assert.deepEqual(Object.keys(json), ['created', 'data']);
  assert.equal(json.data.length, 2);
  assert.match(json.data[0].url, new RegExp(`^${api.url}/s/${s}/files/file-[0-9a-f]+\\.png$`));
  const png = Buffer.from(await (await fetch(json.data[0].url)).arrayBuffer());
  assert.equal(readPng(png).width, 1024);
  await rejects(dalle2({ output_format: 'png' }), { code: 'unknown_parameter', param: 'output_format' });
  await rejects(dalle2({ size: '1536x1024' }), { code: 'invalid_value', param: 'size' });
  await rejects(dalle2({ prompt: 'x'.repeat(1001) }), { code: 'string_above_max_length', param: 'prompt' });
});

test('text fields: required ones, unknown ones, repeats, files in text fields, numbers and booleans as text', async () => {
  await rejects(gpt({ model: undefined }), { code: 'missing_required_parameter', param: 'model' });
  await rejects(gpt({ prompt: undefined }), { code: 'missing_required_parameter', param: 'prompt' });
  await rejects(gpt({ prompt: '' }), { code: 'empty_string', param: 'prompt' });
  await rejects(gpt({ model: 'gpt-image-9' }), { status: 404, code: 'model_not_found' });
  await rejects(gpt({ model: 'dall-e-3' }), { code: 'invalid_value', param: 'model', message: /does not support image edits/ });
  await rejects(gpt({ colour: 'red' }), { code: 'unknown_parameter', param: 'colour' });
  await rejects(gpt({ style: 'vivid' }), { code: 'unknown_parameter', param: 'style' });
  await rejects(gpt({ response_format: 'b64_json' }), { code: 'unknown_parameter', param: 'response_format', message: /^Unknown parameter: 'response_format'\.$/ });
  await rejects([...gpt(), ['prompt', 'again']], { code: 'invalid_type', param: 'prompt', message: /^Invalid type for 'prompt': expected a string, but got an array instead\.$/ });
  await rejects([...gpt(), ['n', '2'], ['n', '2']], { code: 'invalid_type', param: 'n', message: /expected an integer, but got an array/ });
  await rejects([...gpt({ prompt: undefined }), ['prompt', file(Buffer.from('Add a kite'), 'text/plain', 'prompt.txt')]], { code: 'invalid_type', param: 'prompt', message: /got a file instead/ });

  const two = await accepts(gpt({ n: '2' }));
  assert.equal(two.data.length, 2);
  await rejects(gpt({ n: 'two' }), { code: 'invalid_type', param: 'n', message: /expected an integer, but got a string instead/ });
  await rejects(gpt({ n: '1.5' }), { code: 'invalid_type', param: 'n' });
  await rejects(gpt({ n: '11' }), { code: 'integer_above_max_value', param: 'n' });
  await rejects(gpt({ n: '0' }), { code: 'integer_below_min_value', param: 'n' });
  await rejects(gpt({ stream: 'yes' }), { code: 'invalid_type', param: 'stream', message: /expected a boolean/ });
  await rejects(gpt({ partial_images: '2' }), { code: 'invalid_value', param: 'partial_images' });
  await rejects(gpt({ size: '1792x1024' }), { code: 'invalid_value', param: 'size' });
  await rejects(gpt({ quality: 'hd' }), { code: 'invalid_value', param: 'quality' });
  await rejects(gpt({ output_format: 'jpeg', background: 'transparent' }), { code: 'invalid_value', param: 'background' });
  await rejects(gpt({ output_compression: '50' }), { code: 'invalid_value', param: 'output_compression' });
  await rejects(gpt({ moderation: 'strict' }), { code: 'invalid_value', param: 'moderation' });
  await rejects(gpt({ safety_identifier: 'u'.repeat(129) }), { code: 'string_above_max_length', param: 'safety_identifier' });
  await accepts(gpt({ output_format: 'webp', output_compression: '50', background: 'transparent', moderation: 'low', user: 'u1', safety_identifier: 'hash-1', stream: 'false' }));
});

test('input_fidelity per model; markup (a file part) on 2.5/2.6 models only and never with a mask', async () => {
  await accepts(gpt({ input_fidelity: 'high' }));
  await accepts(gpt({ model: 'gpt-image-1', input_fidelity: 'low' }));
  await accepts(gpt({ model: 'gpt-image-1-mini', input_fidelity: 'low' }));
  await rejects(gpt({ model: 'gpt-image-1-mini', input_fidelity: 'high' }), { code: 'invalid_value', param: 'input_fidelity', message: /Supported values are: 'low'\./ });
  await rejects(gpt({ input_fidelity: 'max' }), { code: 'invalid_value', param: 'input_fidelity' });
  for (const model of ['gpt-image-2', 'gpt-image-2.5-flare', 'gpt-image-2.6-sunburst']) {
    await rejects(gpt({ model, input_fidelity: 'high' }), { code: 'unknown_parameter', param: 'input_fidelity' });
  }
  const marked = [['image', asPng(pngRgb(64, 64))], ['markup', asPng(pngRgba(64, 64), 'marks.png')]];
  await accepts(gpt({ model: 'gpt-image-2.5-sunburst', quality: 'xhigh', size: '1024x1024' }, marked));
  await rejects(gpt({ model: 'gpt-image-2' }, marked), { code: 'unknown_parameter', param: 'markup' });
  await rejects(gpt({}, marked), { code: 'unknown_parameter', param: 'markup' });
  await rejects(gpt({ model: 'gpt-image-2.5-flare' }, [...marked, ['mask', asPng(pngRgba(64, 64), 'm.png')]]), { code: 'invalid_value', param: 'markup', message: /cannot be combined with 'mask'/ });
});

test('output: requested size, or the first image\'s size rounded for the model; real bytes with C2PA; usage counts input images', async () => {
  const jpegOut = await accepts(gpt({ size: '1024x1536', output_format: 'jpeg', output_compression: '60' }));
  assert.deepEqual([jpegOut.size, jpegOut.output_format, jpegOut.quality, jpegOut.background], ['1024x1536', 'jpeg', 'low', 'opaque']);
  const bytes = b64(jpegOut.data[0].b64_json);
  const sof = jpegSegments(bytes).find((s) => s.marker === 0xc0);
  assert.deepEqual([sof.payload.readUInt16BE(3), sof.payload.readUInt16BE(1)], [1024, 1536]);
  assert.equal(c2paLocation(bytes), 'jpeg:APP11');

  const portrait = await accepts(gpt({}, [['image', file(jpeg(240, 320), 'image/jpeg', 'p.jpg')]]));
  assert.equal(portrait.size, '1024x1536');
  assert.equal(c2paLocation(b64(portrait.data[0].b64_json)), 'png:caBX@1');
  const square = await accepts(gpt({ size: 'auto' }, [['image', asPng(pngRgb(500, 480))]]));
  assert.equal(square.size, '1024x1024');
  const free = await accepts(gpt({ model: 'gpt-image-2' }, [['image', asPng(pngRgb(1000, 500))]]));
  assert.equal(free.size, '1152x576', 'rounded up to reach 655,360 pixels');
  assert.equal(readPng(b64(free.data[0].b64_json)).width, 1152);
  const big = await accepts(gpt({ model: 'gpt-image-2' }, [['image', asPng(pngRgb(1200, 900))]]));
  assert.equal(big.size, '1200x896', 'rounded down to multiples of 16');

  const one = await accepts(gpt({}, [['image', asPng(pngRgb(300, 200))]]));
  const two = await accepts(gpt({}, [['image[]', asPng(pngRgb(300, 200))], ['image[]', asPng(pngRgb(300, 200))]]));
  const { usage } = one;
  assert.ok(usage.input_tokens_details.image_tokens > 0);
  assert.equal(usage.input_tokens, usage.input_tokens_details.text_tokens + usage.input_tokens_details.image_tokens);
  assert.equal(usage.total_tokens, usage.input_tokens + usage.output_tokens);
  assert.equal(two.usage.input_tokens_details.image_tokens, 2 * usage.input_tokens_details.image_tokens);
});

test('auto output size rounding per model (unit)', () => {
  const size = (model, w, h, s) => editOutputSize(s, MODELS[model], { width: w, height: h });
  assert.deepEqual(size('gpt-image-1.5', 1200, 700), { width: 1536, height: 1024 });
  assert.deepEqual(size('gpt-image-1.5', 700, 1200), { width: 1024, height: 1536 });
  assert.deepEqual(size('gpt-image-1.5', 1100, 1000), { width: 1024, height: 1024 });
  assert.deepEqual(size('gpt-image-1.5', 1100, 1000, '1536x1024'), { width: 1536, height: 1024 });
  assert.deepEqual(size('gpt-image-2', 1000, 500), { width: 1152, height: 576 }, 'scaled up to at least 655,360 pixels');
  assert.deepEqual(size('gpt-image-2', 1000, 656), { width: 1008, height: 656 }, 'rounded up when rounding down falls under the minimum');
  assert.deepEqual(size('gpt-image-2', 1200, 900), { width: 1200, height: 896 });
  assert.deepEqual(size('gpt-image-2', 3000, 500), { width: 1488, height: 496 }, 'aspect clamped to 3:1');
  assert.deepEqual(size('gpt-image-2', 500, 6000), { width: 496, height: 1488 });
  assert.deepEqual(size('gpt-image-2', 8000, 6000), { width: 3312, height: 2480 }, 'within 8,294,400 pixels');
  assert.deepEqual(size('gpt-image-2', 8, 8), { width: 816, height: 816 });
  assert.deepEqual(size('dall-e-2', 256, 256), { width: 1024, height: 1024 });
  for (const [w, h] of [[1, 1], [17, 4000], [3841, 2161], [4096, 4096], [1023, 1025]]) {
    const out = size('gpt-image-2.5-flare', w, h);
    assert.ok(out.width % 16 === 0 && out.height % 16 === 0, `${w}x${h}`);
    assert.ok(Math.max(out.width, out.height) <= 3 * Math.min(out.width, out.height), `${w}x${h}`);
    assert.ok(out.width * out.height <= 8_294_400 && out.width * out.height >= 655_360 && Math.max(out.width, out.height) <= 3840, `${w}x${h}`);
  }
});

/** Splits an SSE body into its events' parsed data, checking the event: line matches `type`. */
function sseEvents(text) {
  assert.ok(text.endsWith('\n\n'));
  return text.slice(0, -2).split('\n\n').map((block) => {
    const [eventLine, dataLine] = block.split('\n');
    const data = JSON.parse(dataLine.slice('data: '.length));
    assert.equal(eventLine, `event: ${data.type}`);
    return data;
  });
}

test('stream: image_edit.partial_image events, then image_edit.completed with usage', async () => {
  const res = await fetch(api.url + PROXY, { method: 'POST', body: formData(gpt({ stream: 'true', partial_images: '2', size: '1024x1024' })) });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  const events = sseEvents(await res.text());
  assert.deepEqual(events.map((e) => [e.type, e.partial_image_index]), [
    ['image_edit.partial_image', 0], ['image_edit.partial_image', 1], ['image_edit.completed', undefined],
  ]);
  const done = events.at(-1);
  assert.equal(done.size, '1024x1024');
  assert.ok(done.usage.input_tokens_details.image_tokens > 0);
  assert.equal(readPng(b64(done.b64_json)).width, 1024);
  assert.equal(c2paLocation(b64(done.b64_json)), 'png:caBX@1');
});

function formData(list) {
  const form = new FormData();
  for (const [name, value] of list) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, new Blob([value.bytes], { type: value.type }), value.filename);
  }
  return form;
}

test('fault scripts apply to edits exactly as to generations (same step consumption)', async () => {
  const s = newSession('edit-faults');
  const path = `/s/${s}${PROXY}`;
  await setScript(api.url, s, [
    { fault: 'error', preset: 'rate_limit', retryAfter: 3 },
    { fault: 'ok', revisedPrompt: 'A red kite over the hill', c2pa: false },
    { fault: 'stream_incomplete' },
    { fault: 'error', preset: 'moderation_blocked', stage: 'input' },
  ]);
  const limited = await edit(gpt(), { path });
  assert.equal(limited.res.status, 429);
  assert.equal(limited.res.headers.get('retry-after'), '3');
  assert.equal(limited.json.error.code, 'rate_limit_exceeded');
  const ok = await accepts(gpt(), { path });
  assert.equal(ok.data[0].revised_prompt, 'A red kite over the hill');
  assert.equal(c2paLocation(b64(ok.data[0].b64_json)), null);
  const incomplete = await fetch(api.url + path, { method: 'POST', body: formData(gpt({ stream: 'true', partial_images: '1' })) });
  assert.deepEqual(sseEvents(await incomplete.text()).map((e) => e.type), ['image_edit.partial_image']);
  // Presets replace the response even for a request that would fail validation.
  const blocked = await edit(gpt({ model: undefined }), { path });
  assert.equal(blocked.json.error.code, 'moderation_blocked');
  assert.deepEqual(await (await fetch(`${api.url}/__control/sessions/${s}/script`)).json(), { session: s, steps: [] });
  assert.equal((await edit(gpt(), { path })).res.status, 200, 'script used up: normal again');
  assert.equal((await recorded(api.url, s)).length, 5);
});

test('recording: every part with name, filename, type, size, sha256 of the raw bytes, and header facts', async () => {
  const s = newSession('edit-rec');
  const a = pngRgb(300, 200), b = jpeg(320, 240), m = pngRgba(300, 200);
  await accepts(gpt({ n: '1' }, [['image[]', asPng(a, 'first.png')], ['image[]', file(b, 'image/jpeg', 'second.jpg')], ['mask', asPng(m, 'mask.png')]]), { path: `/s/${s}${PROXY}` });
  const [r] = await recorded(api.url, s);
  const sha = (buf) => createHash('sha256').update(buf).digest('hex');
  assert.deepEqual(r.parts.filter((p) => p.filename === null).map((p) => [p.name, p.value]), [['model', 'gpt-image-1.5'], ['prompt', 'Add a red kite'], ['quality', 'low'], ['n', '1']]);
  assert.deepEqual(r.parts.filter((p) => p.filename !== null), [
    { name: 'image[]', filename: 'first.png', contentType: 'image/png', size: a.length, sha256: sha(a), value: null, format: 'png', width: 300, height: 200, hasAlpha: false },
    { name: 'image[]', filename: 'second.jpg', contentType: 'image/jpeg', size: b.length, sha256: sha(b), value: null, format: 'jpeg', width: 320, height: 240, hasAlpha: false },
    { name: 'mask', filename: 'mask.png', contentType: 'image/png', size: m.length, sha256: sha(m), value: null, format: 'png', width: 300, height: 200, hasAlpha: true },
  ]);
  // Rejected requests are recorded the same way; a non-image file has format null.
  await rejects(gpt({}, [['image', asPng(Buffer.from('nope'))]]), { code: 'unsupported_file_mimetype', param: 'image' }, { path: `/s/${s}${PROXY}` });
  const [, bad] = await recorded(api.url, s);
  assert.deepEqual(bad.parts.at(-1), { name: 'image', filename: 'image.png', contentType: 'image/png', size: 4, sha256: sha(Buffer.from('nope')), value: null, format: null, width: null, height: null, hasAlpha: null });
});
