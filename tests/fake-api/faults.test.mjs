// Scripted faults: every error preset's status, body and headers, and the transport faults
// (slow, slow body, cut body, dropped connection, malformed/empty/bad-base64 payloads, raw).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startApi, newSession, postJson, setScript, pinToday, b64, readPng, c2paLocation } from './support.mjs';

let api;
before(async () => { api = await startApi(); });
after(() => api.close());

const body = { model: 'gpt-image-2', prompt: 'A kite', size: '1024x1024', quality: 'low' };
const auth = { authorization: 'Bearer sk-test' };

/** Scripts one step in a fresh session and sends one generation request through it. */
async function withStep(step, requestBody = body, { today } = {}) {
  const s = newSession('fault');
  if (today) await pinToday(api.url, s, today);
  await setScript(api.url, s, [step]);
  return postJson(`${api.url}/s/${s}/v1/images/generations`, requestBody, auth);
}

const openaiShape = (json) => assert.deepEqual(Object.keys(json.error).slice(0, 4), ['message', 'type', 'param', 'code']);

test('error presets answer with the real status and body', async () => {
  const expectations = {
    moderation_blocked: [400, (j) => { openaiShape(j); assert.equal(j.error.type, 'image_generation_user_error'); assert.equal(j.error.code, 'moderation_blocked'); assert.deepEqual(j.error.moderation_details, { moderation_stage: 'input', categories: ['violence'] }); }],
    content_policy_violation: [400, (j) => { openaiShape(j); assert.equal(j.error.code, 'content_policy_violation'); }],
    azure_content_policy_violation: [400, (j) => {
      assert.equal(j.error.code, 'content_policy_violation');
      assert.equal(j.error.inner_error.code, 'ResponsibleAIPolicyViolation');
      assert.ok(Object.values(j.error.inner_error.content_filter_results).some((r) => r.filtered === true));
      assert.equal(typeof j.error.inner_error.revised_prompt, 'string');
    }],
    azure_content_filter: [400, (j) => { assert.ok(Number.isInteger(j.created)); assert.deepEqual(j.error, { code: 'contentFilter', message: 'Your task failed as a result of our safety system.' }); }],
    azure_content_filter_innererror: [400, (j) => { assert.equal(j.error.code, 'content_filter'); assert.equal(j.error.innererror.code, 'ResponsibleAIPolicyViolation'); }],
    org_not_verified: [403, (j) => { openaiShape(j); assert.equal(j.error.type, 'invalid_request_error'); assert.match(j.error.message, /organization must be verified/); }],
    unknown_parameter: [400, (j) => { openaiShape(j); assert.equal(j.error.code, 'unknown_parameter'); assert.equal(j.error.param, 'response_format'); }],
    model_not_found: [404, (j) => { openaiShape(j); assert.equal(j.error.code, 'model_not_found'); }],
    azure_not_found: [404, (j) => assert.deepEqual(j, { error: { code: '404', message: 'Resource not found' } })],
    azure_gone: [410, (j) => assert.deepEqual(j, { error: { code: 'ModelDeprecated', message: "The model 'gpt-image-1' for deployment 'gpt-image-1' was retired on 2026-10-23 and is no longer available." } })],
    azure_resource_blocked: [403, (j) => assert.deepEqual(j, { error: { code: 'Forbidden', message: 'Your resource has been temporarily blocked because we detected behavior that may violate our content policy.' } })],
    azure_output_filter: [400, (j) => { assert.ok(Number.isInteger(j.created)); assert.deepEqual(j.error, { code: 'contentFilter', message: 'Generated image was filtered as a result of our safety system.' }); }],
    rate_limit: [429, (j) => { openaiShape(j); assert.equal(j.error.code, 'rate_limit_exceeded'); }],
    insufficient_quota: [429, (j) => { openaiShape(j); assert.equal(j.error.type, 'insufficient_quota'); assert.equal(j.error.code, 'insufficient_quota'); }],
    server_error: [500, (j) => { openaiShape(j); assert.equal(j.error.type, 'server_error'); }],
    unauthorized: [401, (j) => { openaiShape(j); assert.equal(j.error.code, 'invalid_api_key'); }],
    conflict: [409, openaiShape],
    unprocessable: [422, openaiShape],
    request_timeout: [408, openaiShape],
  };
  for (const [preset, [status, check]] of Object.entries(expectations)) {
    const { res, json } = await withStep({ fault: 'error', preset });
    assert.equal(res.status, status, preset);
    assert.equal(res.headers.get('content-type'), 'application/json', preset);
    assert.match(res.headers.get('x-request-id'), /^req_/, preset);
    assert.equal(res.headers.get('access-control-allow-origin'), '*', preset);
    check(json);
  }
});

test('error presets take optional fields: stage, categories, param, retry hints, extra headers', async () => {
  const mod = await withStep({ fault: 'error', preset: 'moderation_blocked', stage: 'output', categories: ['sexual', 'violence'] });
  assert.deepEqual(mod.json.error.moderation_details, { moderation_stage: 'output', categories: ['sexual', 'violence'] });
  assert.equal((await withStep({ fault: 'error', preset: 'unknown_parameter', param: 'quality' })).json.error.param, 'quality');

  const plain = await withStep({ fault: 'error', preset: 'rate_limit' });
  assert.equal(plain.res.headers.get('retry-after'), null);
  assert.equal(plain.res.headers.get('retry-after-ms'), null);
  const seconds = await withStep({ fault: 'error', preset: 'rate_limit', retryAfter: 2 });
  assert.equal(seconds.res.headers.get('retry-after'), '2');
  const date = 'Wed, 21 Oct 2026 07:28:00 GMT';
  assert.equal((await withStep({ fault: 'error', preset: 'rate_limit', retryAfter: date })).res.headers.get('retry-after'), date);
  const ms = await withStep({ fault: 'error', preset: 'rate_limit', retryAfterMs: 250 });
  assert.equal(ms.res.headers.get('retry-after-ms'), '250');
  assert.equal(ms.res.headers.get('retry-after'), null);
  const shouldRetry = await withStep({ fault: 'error', preset: 'server_error', headers: { 'X-Should-Retry': 'false' } });
  assert.equal(shouldRetry.res.status, 500);
  assert.equal(shouldRetry.res.headers.get('x-should-retry'), 'false');
});

test('error presets apply even to requests that would fail validation or auth', async () => {
  const s = newSession('override');
  await setScript(api.url, s, [{ fault: 'error', preset: 'rate_limit' }]);
  const { res } = await postJson(`${api.url}/s/${s}/v1/images/generations`, { nonsense: true });
  assert.equal(res.status, 429);
});

test('bad_gateway_html is a 502 HTML page; service_unavailable_empty a 503 with no body', async () => {
  const html = await withStep({ fault: 'error', preset: 'bad_gateway_html' });
  assert.equal(html.res.status, 502);
  assert.equal(html.res.headers.get('content-type'), 'text/html');
  assert.match(html.text, /<title>502 Bad Gateway<\/title>/);
  assert.equal(html.json, undefined);
  const empty = await withStep({ fault: 'error', preset: 'service_unavailable_empty' });
  assert.equal(empty.res.status, 503);
  assert.equal(empty.text, '');
  assert.equal(empty.res.headers.get('content-length'), '0');
});

test('ok step options: c2pa:false drops the marker, revisedPrompt is returned', async () => {
  const normal = await withStep({ fault: 'ok' });
  assert.equal(c2paLocation(b64(normal.json.data[0].b64_json)), 'png:caBX@1');
  const bare = await withStep({ fault: 'ok', c2pa: false, revisedPrompt: 'A red kite over the sea' });
  const png = b64(bare.json.data[0].b64_json);
  assert.equal(c2paLocation(png), null);
  assert.equal(readPng(png).width, 1024);
  assert.equal(bare.json.data[0].revised_prompt, 'A red kite over the sea');
  for (const output_format of ['jpeg', 'webp']) {
    const marked = await withStep({ fault: 'ok' }, { ...body, output_format });
    assert.equal(c2paLocation(b64(marked.json.data[0].b64_json)), output_format === 'jpeg' ? 'jpeg:APP11' : 'webp:C2PA');
    const unmarked = await withStep({ fault: 'ok', c2pa: false }, { ...body, output_format });
    assert.equal(c2paLocation(b64(unmarked.json.data[0].b64_json)), null, output_format);
  }
  // dall-e-3 is shut down on OpenAI from 2026-05-12: the session is pinned to a day it was served.
  const dalle = await withStep({ fault: 'ok', revisedPrompt: 'Mine' }, { model: 'dall-e-3', prompt: 'x', response_format: 'b64_json' }, { today: '2026-05-11' });
  assert.equal(dalle.json.data[0].revised_prompt, 'Mine');
});

test('slow waits before sending headers, then answers normally', async () => {
  const started = Date.now();
  const { res, json } = await withStep({ fault: 'slow', delayMs: 300 });
  assert.ok(Date.now() - started >= 290, `took ${Date.now() - started} ms`);
  assert.equal(res.status, 200);
  assert.equal(json.data.length, 1);
});

test('slow_body sends headers and part of the body, then stalls before the rest', async () => {
  const s = newSession('slowbody');
  await setScript(api.url, s, [{ fault: 'slow_body', delayMs: 400 }]);
  const started = Date.now();
  const res = await fetch(`${api.url}/s/${s}/v1/images/generations`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const headersAt = Date.now() - started;
  const reader = res.body.getReader();
  const first = await reader.read();
  const firstAt = Date.now() - started;
  let text = Buffer.from(first.value).toString();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += Buffer.from(value).toString();
  }
  const doneAt = Date.now() - started;
  assert.ok(headersAt < 300, `headers after ${headersAt} ms`);
  assert.ok(firstAt < 300, `first bytes after ${firstAt} ms`);
  assert.ok(doneAt >= 390, `body done after ${doneAt} ms`);
  assert.equal(JSON.parse(text).data.length, 1);
});

test('cut_mid_body sends 200 with the full Content-Length and about half the body, then resets', async () => {
  const s = newSession('cut');
  await setScript(api.url, s, [{ fault: 'cut_mid_body' }]);
  const { status, headers, received, error } = await new Promise((resolve) => {
    const req = request(`${api.url}/s/${s}/v1/images/generations`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' } }, (res) => {
      let received = 0;
      res.on('data', (d) => { received += d.length; });
      res.on('error', (error) => resolve({ status: res.statusCode, headers: res.headers, received, error }));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, received, error: null }));
    });
    req.end(JSON.stringify(body));
  });
  assert.equal(status, 200);
  const full = Number(headers['content-length']);
  assert.ok(full > 1000);
  assert.ok(error, 'the response must end in an error, not a clean end');
  assert.ok(Math.abs(received - full / 2) <= 1, `received ${received} of ${full}`);
  // fetch sees it as a failed body read.
  await setScript(api.url, s, [{ fault: 'cut_mid_body' }]);
  const res = await fetch(`${api.url}/s/${s}/v1/images/generations`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200);
  await assert.rejects(res.text());
});

test('drop_connection closes the socket without any response', async () => {
  const { rejected } = await withStep({ fault: 'drop_connection' }).then(() => ({ rejected: false }), () => ({ rejected: true }));
  assert.equal(rejected, true);
});

test('malformed_json, empty_data, bad_base64 are 200s with unusable payloads', async () => {
  const malformed = await withStep({ fault: 'malformed_json' });
  assert.equal(malformed.res.status, 200);
  assert.equal(malformed.res.headers.get('content-type'), 'application/json');
  assert.equal(malformed.json, undefined);
  assert.ok(malformed.text.startsWith('{'));
  const empty = await withStep({ fault: 'empty_data' });
  assert.equal(empty.res.status, 200);
  assert.deepEqual(empty.json.data, []);
  assert.ok(Number.isInteger(empty.json.created));
  const bad = await withStep({ fault: 'bad_base64' });
  assert.equal(bad.res.status, 200);
  assert.ok(!/^[A-Za-z0-9+/]*={0,2}$/.test(bad.json.data[0].b64_json));
});

test('raw sends exactly the scripted status, headers and body', async () => {
  const { res, text } = await withStep({ fault: 'raw', status: 504, headers: { 'Content-Type': 'text/plain', 'X-Custom': 'yes' }, body: 'upstream timed out' });
  assert.equal(res.status, 504);
  assert.equal(res.headers.get('content-type'), 'text/plain');
  assert.equal(res.headers.get('x-custom'), 'yes');
  assert.equal(text, 'upstream timed out');
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  const ok = await withStep({ fault: 'raw', status: 200, headers: { 'content-type': 'application/json' }, body: '{"created":1,"data":[{"url":"http://x/y.png"}]}' });
  assert.deepEqual(ok.json, { created: 1, data: [{ url: 'http://x/y.png' }] });
});

test('a scripted sequence plays in order, e.g. two 429s then success', async () => {
  const s = newSession('seq');
  await setScript(api.url, s, [
    { fault: 'error', preset: 'rate_limit', retryAfterMs: 10 },
    { fault: 'error', preset: 'server_error' },
    { fault: 'ok', revisedPrompt: 'third' },
  ]);
  const statuses = [];
  for (let i = 0; i < 4; i++) {
    const { res, json } = await postJson(`${api.url}/s/${s}/v1/images/generations`, body, auth);
    statuses.push(res.status);
    if (i === 2) assert.equal(json.data[0].revised_prompt, 'third');
    if (i === 3) assert.equal(json.data[0].revised_prompt, undefined);
  }
  assert.deepEqual(statuses, [429, 500, 200, 200]);
});
