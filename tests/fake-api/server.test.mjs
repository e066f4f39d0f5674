// Routes, auth, CORS, sessions, recording, the control API, /files, robustness, and the CLI.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startApi, newSession, postJson, setScript, recorded, pinnedSession, b64, readPng } from './support.mjs';
import { Sessions } from './sessions.mjs';

let api;
before(async () => { api = await startApi(); });
after(() => api.close());

const GEN = '/v1/images/generations';
const body = { model: 'gpt-image-2', prompt: 'A paper boat', size: '1024x1024', quality: 'low' };
const bearer = { authorization: 'Bearer sk-test-123' };
const EXPOSE = 'x-request-id, retry-after, retry-after-ms, x-should-retry';

test('startFakeApi listens on 127.0.0.1 on an OS-chosen port', () => {
  assert.match(api.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(api.port > 0);
  assert.equal(api.url, `http://127.0.0.1:${api.port}`);
});

test('OpenAI route: missing key is 401 with OpenAI\'s exact body', async () => {
  const { res, json } = await postJson(api.url + GEN, body);
  assert.equal(res.status, 401);
  assert.deepEqual(Object.keys(json.error), ['message', 'type', 'param', 'code']);
  assert.match(json.error.message, /^You didn't provide an API key\. /);
  assert.equal(json.error.type, 'invalid_request_error');
  assert.equal(json.error.param, null);
  assert.equal(json.error.code, null);
  const basic = await postJson(api.url + GEN, body, { authorization: 'Basic dTpw' });
  assert.equal(basic.res.status, 401);
});

test('OpenAI route: sk-invalid is 401 invalid_api_key and the key is not echoed', async () => {
  const { res, json, text } = await postJson(api.url + GEN, body, { authorization: 'Bearer sk-invalid' });
  assert.equal(res.status, 401);
  assert.equal(json.error.code, 'invalid_api_key');
  assert.equal(json.error.type, 'invalid_request_error');
  assert.ok(!text.includes('sk-invalid'));
});

test('OpenAI route: a valid key gets a GPT image response', async () => {
  const { res, json } = await postJson(api.url + GEN, body, bearer);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json');
  assert.equal(json.data.length, 1);
  assert.equal(readPng(b64(json.data[0].b64_json)).width, 1024);
});

test('proxy route accepts requests without any auth header', async () => {
  const { res, json } = await postJson(`${api.url}/proxy${GEN}`, body);
  assert.equal(res.status, 200);
  assert.equal(json.size, '1024x1024');
});

test('Azure deployment route: api-version is required and must be a known one', async () => {
  const path = '/openai/deployments/img/images/generations';
  for (const query of ['', '?api-version=2023-01-01', '?api-version=']) {
    const { res, json } = await postJson(api.url + path + query, body, { 'api-key': 'k' });
    assert.equal(res.status, 404, query);
    assert.deepEqual(json, { error: { code: '404', message: 'Resource not found' } });
  }
  for (const version of ['2024-02-01', '2024-10-21', '2025-04-01-preview', 'preview']) {
    const { res } = await postJson(`${api.url}${path}?api-version=${version}`, body, { 'api-key': 'k' });
    assert.equal(res.status, 200, version);
  }
});

test('Azure routes: api-key or Bearer; missing or invalid is Azure\'s 401 body', async () => {
  for (const path of ['/openai/deployments/img/images/generations?api-version=preview', '/openai/v1/images/generations']) {
    for (const headers of [{}, { 'api-key': 'sk-invalid' }, { authorization: 'Bearer sk-invalid' }]) {
      const { res, json } = await postJson(api.url + path, body, headers);
      assert.equal(res.status, 401, `${path} ${JSON.stringify(headers)}`);
      assert.equal(json.error.code, '401');
      assert.match(json.error.message, /^Access denied due to invalid subscription key or wrong API endpoint\./);
    }
    assert.equal((await postJson(api.url + path, body, { 'api-key': 'azure-key' })).res.status, 200);
    assert.equal((await postJson(api.url + path, body, { authorization: 'Bearer entra-token' })).res.status, 200);
  }
});

test('Azure refuses webp on both routes; png and jpeg pass', async () => {
  for (const path of ['/openai/deployments/img/images/generations?api-version=2025-04-01-preview', '/openai/v1/images/generations']) {
    const webp = await postJson(api.url + path, { ...body, output_format: 'webp' }, { 'api-key': 'k' });
    assert.equal(webp.res.status, 400);
    assert.equal(webp.json.error.param, 'output_format');
    assert.equal(webp.json.error.code, 'invalid_value');
    const jpeg = await postJson(api.url + path, { ...body, output_format: 'jpeg' }, { 'api-key': 'k' });
    assert.equal(jpeg.res.status, 200);
    assert.equal(jpeg.json.output_format, 'jpeg');
  }
});

test('Azure v1: any non-empty model names a deployment served as gpt-image-2; model is required', async () => {
  // Pinned to a day dall-e-3 (Azure: until 2026-03-01) was still served.
  const s = await pinnedSession(api.url, '2026-02-01', 'azure-v1');
  const path = `${api.url}/s/${s}/openai/v1/images/generations`;
  const { res, json } = await postJson(path, { model: 'my-image-deployment', prompt: 'x', quality: 'high' }, { 'api-key': 'k' });
  assert.equal(res.status, 200);
  assert.equal(json.usage.output_tokens, 7024); // gpt-image-2, high, 1024x1024
  assert.equal((await postJson(path, { prompt: 'x' }, { 'api-key': 'k' })).json.error.code, 'missing_required_parameter');
  assert.equal((await postJson(path, { model: '', prompt: 'x' }, { 'api-key': 'k' })).json.error.code, 'empty_string');
  // A deployment named after a model behaves as that model (here dall-e-3: n must be 1).
  const dalle = await postJson(path, { model: 'dall-e-3', prompt: 'x', n: 2 }, { 'api-key': 'k' });
  assert.equal(dalle.res.status, 400);
  assert.equal(dalle.json.error.param, 'n');
});

test('Azure deployment route: the deployment picks the model when it is a model id', async () => {
  const s = await pinnedSession(api.url, '2026-02-01', 'azure-dep'); // dall-e-3 retired on Azure 2026-03-01
  const url = (d) => `${api.url}/s/${s}/openai/deployments/${d}/images/generations?api-version=preview`;
  const asDalle = await postJson(url('dall-e-3'), { prompt: 'x', response_format: 'b64_json' }, { 'api-key': 'k' });
  assert.equal(asDalle.res.status, 200);
  assert.equal(typeof asDalle.json.data[0].revised_prompt, 'string');
  assert.equal(asDalle.json.usage, undefined);
  const generic = await postJson(url('images-prod'), { prompt: 'x' }, { 'api-key': 'k' });
  assert.equal(generic.res.status, 200);
  assert.ok(generic.json.usage);
});

test('unknown paths and methods are 404 in the provider\'s style', async () => {
  const openai = await postJson(`${api.url}/v1/images/nope`, body, bearer);
  assert.equal(openai.res.status, 404);
  assert.equal(openai.json.error.message, 'Invalid URL (POST /v1/images/nope)');
  const get = await fetch(api.url + GEN);
  assert.equal(get.status, 404);
  assert.equal(get.headers.get('access-control-allow-origin'), '*');
  const azure = await postJson(`${api.url}/openai/deployments/x/chat?api-version=preview`, body, { 'api-key': 'k' });
  assert.deepEqual(azure.json, { error: { code: '404', message: 'Resource not found' } });
  const badSession = await fetch(`${api.url}/s/bad.name/v1/images/generations`, { method: 'POST' });
  assert.equal(badSession.status, 404);
});

test('every response carries CORS headers and a unique x-request-id', async () => {
  const responses = [
    await fetch(api.url + GEN, { method: 'POST' }), // 401
    await fetch(api.url + GEN, { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify(body) }), // 200
    await fetch(`${api.url}/nowhere`), // 404
    await fetch(`${api.url}/__control/health`), // control
    await fetch(`${api.url}/__control/sessions/x/nope`), // control 404
  ];
  const ids = new Set();
  for (const res of responses) {
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('access-control-expose-headers'), EXPOSE);
    assert.match(res.headers.get('x-request-id'), /^req_[0-9a-f]{32}$/);
    ids.add(res.headers.get('x-request-id'));
    await res.arrayBuffer();
  }
  assert.equal(ids.size, responses.length);
});

test('OPTIONS preflight is 204 and echoes the requested headers', async () => {
  for (const path of [GEN, '/s/pre/openai/v1/images/generations', '/__control/sessions/pre/script']) {
    const res = await fetch(api.url + path, {
      method: 'OPTIONS',
      headers: { origin: 'http://example.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-custom' },
    });
    assert.equal(res.status, 204, path);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('access-control-allow-methods'), 'GET, POST, DELETE, OPTIONS');
    assert.equal(res.headers.get('access-control-allow-headers'), 'authorization,content-type,x-custom');
    assert.equal(res.headers.get('access-control-max-age'), '600');
    assert.equal(res.headers.get('access-control-expose-headers'), EXPOSE);
    assert.equal((await res.arrayBuffer()).byteLength, 0);
  }
});

test('recording lists every request of a session in order, with body summaries', async () => {
  const s = newSession('rec');
  await fetch(`${api.url}/s/${s}${GEN}`, { method: 'OPTIONS', headers: { 'access-control-request-headers': 'authorization' } });
  const sent = JSON.stringify({ ...body, prompt: 'Récord me' });
  await fetch(`${api.url}/s/${s}${GEN}?trace=1&tag=a&tag=b`, { method: 'POST', headers: { 'content-type': 'application/json', Authorization: 'Bearer sk-rec', 'X-Extra': 'yes' }, body: sent });
  await fetch(`${api.url}/s/${s}/proxy${GEN}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'not json' });
  const list = await recorded(api.url, s);
  assert.deepEqual(list.map((r) => r.method), ['OPTIONS', 'POST', 'POST']);
  const [pre, post, plain] = list;
  assert.equal(pre.path, `/s/${s}${GEN}`);
  assert.equal(pre.headers['access-control-request-headers'], 'authorization');
  assert.equal(pre.bodyBytes, 0);
  assert.deepEqual(post.query, { trace: '1', tag: ['a', 'b'] });
  assert.equal(post.headers.authorization, 'Bearer sk-rec');
  assert.equal(post.headers['x-extra'], 'yes');
  assert.equal(post.contentType, 'application/json');
  assert.equal(post.bodyText, sent);
  assert.deepEqual(post.json, { ...body, prompt: 'Récord me' });
  assert.equal(post.bodyBytes, Buffer.byteLength(sent));
  assert.equal(post.bodySha256, createHash('sha256').update(sent).digest('hex'));
  assert.ok(Math.abs(post.receivedAt - Date.now()) < 10_000);
  assert.ok(pre.receivedAt <= post.receivedAt && post.receivedAt <= plain.receivedAt);
  assert.equal(plain.bodyText, 'not json');
  assert.equal(plain.json, null);
  // Other sessions (and the default one) do not see these requests.
  assert.equal((await recorded(api.url, newSession('other'))).length, 0);
  assert.ok(!(await recorded(api.url, 'default')).some((r) => r.path.includes(s)));
});

test('recording caps body text at 1 MiB but hashes the whole body', async () => {
  const s = newSession('big');
  const huge = JSON.stringify({ model: 'gpt-image-2', prompt: 'x'.repeat(1_500_000) });
  const { res, json } = await postJson(`${api.url}/s/${s}/proxy${GEN}`, huge);
  assert.equal(res.status, 400);
  assert.equal(json.error.code, 'string_above_max_length');
  const [r] = await recorded(api.url, s);
  assert.equal(r.bodyBytes, Buffer.byteLength(huge));
  assert.equal(r.bodySha256, createHash('sha256').update(huge).digest('hex'));
  assert.equal(r.bodyText.length, 1024 * 1024);
  assert.equal(r.bodyTruncated, true);
  assert.equal(r.json, null);
});

test('multipart bodies are recorded part by part; generations refuses them', async () => {
  const s = newSession('mp');
  const form = new FormData();
  form.append('model', 'gpt-image-2');
  form.append('prompt', 'Add a beach ball');
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
  form.append('image[]', new Blob([png], { type: 'image/png' }), 'one.png');
  const res = await fetch(`${api.url}/s/${s}${GEN}`, { method: 'POST', headers: bearer, body: form });
  assert.equal(res.status, 400);
  assert.match((await res.json()).error.message, /^Unsupported content type: 'multipart\/form-data; boundary=/);
  const [r] = await recorded(api.url, s);
  assert.equal(r.bodyText, null);
  assert.deepEqual(r.parts.map(({ name, filename, contentType, size }) => ({ name, filename, contentType, size })), [
    { name: 'model', filename: null, contentType: null, size: 11 },
    { name: 'prompt', filename: null, contentType: null, size: 16 },
    { name: 'image[]', filename: 'one.png', contentType: 'image/png', size: png.length },
  ]);
  assert.equal(r.parts[1].value, 'Add a beach ball');
  assert.equal(r.parts[2].sha256, createHash('sha256').update(png).digest('hex'));
});

test('control API: invalid scripts are refused with the offending step named', async () => {
  const s = newSession('ctl');
  const post = (payload) => fetch(`${api.url}/__control/sessions/${s}/script`, { method: 'POST', body: payload });
  const cases = [
    ['not json', null],
    [JSON.stringify({ steps: 'x' }), 'steps'],
    [JSON.stringify({ steps: [{ fault: 'ok' }, { fault: 'explode' }] }), 'steps[1]'],
    [JSON.stringify({ steps: [{ fault: 'error', preset: 'nope' }] }), 'steps[0]'],
    [JSON.stringify({ steps: [{ fault: 'slow', delayMs: -1 }] }), 'steps[0]'],
    [JSON.stringify({ steps: [{ fault: 'raw', status: 99 }] }), 'steps[0]'],
    [JSON.stringify({ steps: [{ fault: 'ok', headers: { 'bad header': 'x' } }] }), 'steps[0]'],
  ];
  for (const [payload, param] of cases) {
    const res = await post(payload);
    assert.equal(res.status, 400, payload);
    assert.equal((await res.json()).error.param, param, payload);
  }
  assert.deepEqual((await (await fetch(`${api.url}/__control/sessions/${s}/script`)).json()).steps, []);
  assert.equal((await fetch(`${api.url}/__control/sessions/${s}/script`, { method: 'PUT' })).status, 405);
});

test('control API: steps are consumed one per API request, then behaviour is normal', async () => {
  const s = newSession('steps');
  await setScript(api.url, s, [{ fault: 'error', preset: 'server_error' }, { fault: 'error', preset: 'conflict' }]);
  const script = await (await fetch(`${api.url}/__control/sessions/${s}/script`)).json();
  assert.equal(script.steps.length, 2);
  // Preflights, /files and control calls do not consume steps; unauthenticated requests do.
  await fetch(`${api.url}/s/${s}${GEN}`, { method: 'OPTIONS' });
  await fetch(`${api.url}/s/${s}/files/file-none.png`);
  assert.equal((await postJson(`${api.url}/s/${s}${GEN}`, body)).res.status, 500);
  assert.equal((await postJson(`${api.url}/s/${s}${GEN}`, body, bearer)).res.status, 409);
  assert.equal((await postJson(`${api.url}/s/${s}${GEN}`, body, bearer)).res.status, 200);
  // Scripts are per session.
  assert.equal((await postJson(`${api.url}${GEN}`, body, bearer)).res.status, 200);
});

test('control API: DELETE resets the script and the recording', async () => {
  const s = newSession('del');
  await setScript(api.url, s, [{ fault: 'error', preset: 'server_error' }]);
  await fetch(`${api.url}/s/${s}/nowhere`);
  assert.equal((await recorded(api.url, s)).length, 1);
  const del = await fetch(`${api.url}/__control/sessions/${s}`, { method: 'DELETE' });
  assert.equal(del.status, 200);
  assert.equal(del.headers.get('access-control-allow-origin'), '*');
  assert.deepEqual(await recorded(api.url, s), []);
  assert.equal((await postJson(`${api.url}/s/${s}${GEN}`, body, bearer)).res.status, 200);
});

test('DALL·E url results are served from /files under the same session prefix', async () => {
  const s = await pinnedSession(api.url, '2026-05-01', 'files'); // dall-e-2 is shut down on OpenAI from 2026-05-12
  await setScript(api.url, s, [{ fault: 'error', preset: 'server_error' }]);
  // The scripted step is consumed by this generation request, not by the /files download.
  await postJson(`${api.url}/s/${s}${GEN}`, body, bearer);
  const { json } = await postJson(`${api.url}/s/${s}${GEN}`, { model: 'dall-e-2', prompt: 'x', size: '256x256', n: 2 }, bearer);
  assert.equal(json.data.length, 2);
  for (const { url, b64_json } of json.data) {
    assert.equal(b64_json, undefined);
    assert.ok(url.startsWith(`${api.url}/s/${s}/files/`), url);
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/png');
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const png = readPng(Buffer.from(await res.arrayBuffer()));
    assert.equal(png.width, 256);
  }
  assert.equal((await fetch(`${api.url}/s/${s}/files/file-doesnotexist.png`)).status, 404);
  const paths = (await recorded(api.url, s)).map((r) => `${r.method} ${r.path.replace(/file-[0-9a-f]{24}/, 'F')}`);
  assert.deepEqual(paths.slice(2), [`GET /s/${s}/files/F.png`, `GET /s/${s}/files/F.png`, `GET /s/${s}/files/file-doesnotexist.png`]);
});

test('malformed HTTP and aborted uploads do not take the server down', async () => {
  await new Promise((resolve) => {
    const socket = connect(api.port, '127.0.0.1', () => socket.write('THIS IS NOT HTTP\r\n\r\n'));
    socket.on('data', () => {});
    socket.on('close', resolve);
    socket.on('error', resolve);
  });
  await new Promise((resolve) => {
    const socket = connect(api.port, '127.0.0.1', () => {
      socket.write(`POST ${GEN} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"model":`);
      setTimeout(() => { socket.destroy(); resolve(); }, 50);
    });
  });
  const { res } = await postJson(api.url + GEN, body, bearer);
  assert.equal(res.status, 200);
});

test('CLI prints FAKE_API_URL, serves, and exits cleanly on SIGTERM', async () => {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./server.mjs', import.meta.url))], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^FAKE_API_URL=(http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`exited early with ${code}`)));
  });
  assert.equal((await fetch(`${url}/__control/health`)).status, 200);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  child.kill('SIGTERM');
  assert.deepEqual(await exited, { code: 0, signal: null });
});

test('CLI --port binds the given port and rejects bad arguments', async () => {
  const script = fileURLToPath(new URL('./server.mjs', import.meta.url));
  const bad = spawn(process.execPath, [script, '--port', 'abc'], { stdio: 'ignore' });
  assert.equal(await new Promise((resolve) => bad.on('exit', resolve)), 2);
  // Find a free port, then ask the CLI for it.
  const probe = await startApi();
  const { port } = probe;
  await probe.close();
  const child = spawn(process.execPath, [script, '--port', String(port)], { stdio: ['ignore', 'pipe', 'ignore'] });
  const line = await new Promise((resolve) => child.stdout.once('data', (d) => resolve(String(d))));
  assert.equal(line, `FAKE_API_URL=http://127.0.0.1:${port}\n`);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  child.kill('SIGINT');
  assert.deepEqual(await exited, { code: 0, signal: null });
});

test('Sessions bounds sessions, requests per session and the recorded text budget', () => {
  const sessions = new Sessions({ maxSessions: 2, maxRequests: 3, maxTextBytes: 10 });
  const a = sessions.get('a');
  sessions.get('b');
  sessions.get('a'); // a is now the most recently used
  sessions.get('c'); // evicts b
  assert.ok(sessions.peek('a') && sessions.peek('c'));
  assert.equal(sessions.peek('b'), undefined);
  const records = [1, 2, 3, 4].map((i) => ({ i, bodyText: 'xxxx', json: { i } }));
  for (const r of records) { sessions.record(a, r); sessions.noteBody(r); }
  assert.deepEqual(a.requests.map((r) => r.i), [2, 3, 4]);
  // 4 bytes each, budget 10: only the two newest texts survive.
  assert.deepEqual(records.map((r) => r.bodyText), [null, null, 'xxxx', 'xxxx']);
  assert.equal(records[0].json, null);
  assert.equal(records[0].bodyDropped, true);
});

test('/nocors/ serves the same API without any CORS header, preflights included', async () => {
  const pre = await fetch(`${api.url}/nocors/proxy/v1/images/generations`, {
    method: 'OPTIONS',
    headers: { origin: 'http://127.0.0.1:1', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), null);
  assert.equal(pre.headers.get('access-control-allow-methods'), null);
  const { res } = await postJson(`${api.url}/nocors/proxy/v1/images/generations`, { model: 'gpt-image-2', prompt: 'x', quality: 'low' });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), null);
  const { res: withCors } = await postJson(`${api.url}/proxy/v1/images/generations`, { model: 'gpt-image-2', prompt: 'x', quality: 'low' });
  assert.equal(withCors.headers.get('access-control-allow-origin'), '*');
});
