// Models by date (API_RULES.md "Models (checked 2026-12-01)"): shutdowns on OpenAI-style routes
// (404 model_not_found) and Azure retirements (410 Gone) the day before, of and after, "today" as
// the control API, startFakeApi({today}) and FAKE_API_TODAY pin it, and GET /models per route.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startApi, newSession, postJson, postForm, setScript, pinToday, pinnedSession, recorded } from './support.mjs';
import { pngRgb, pngRgba, asPng } from './upload-fixtures.mjs';
import { startFakeApi } from './server.mjs';

let api;
before(async () => { api = await startApi(); });
after(() => api.close());

const bearer = { authorization: 'Bearer sk-test' };
const azureKey = { 'api-key': 'k' };
const gen = (s, route, body, headers) => postJson(`${api.url}/s/${s}${route}`, body, headers);
const notFoundBody = (model) => ({
  error: { message: `The model \`${model}\` does not exist or you do not have access to it.`, type: 'invalid_request_error', param: null, code: 'model_not_found' },
});
const goneBody = (model, deployment, day) => ({
  error: { code: 'ModelDeprecated', message: `The model '${model}' for deployment '${deployment}' was retired on ${day} and is no longer available.` },
});
const dayBefore = (day) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const dayAfter = (day) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

test('OpenAI-style routes: a model answers until the day before its shutdown, then the real 404 body', async () => {
  const cases = [
    ['gpt-image-1.5', '2026-12-01', { quality: 'low' }], ['gpt-image-1.5-2025-12-16', '2026-12-01', { quality: 'low' }],
    ['gpt-image-1-mini', '2026-12-01', {}], ['chatgpt-image-latest', '2026-12-01', {}], ['gpt-image-1', '2026-10-23', {}],
    ['dall-e-3', '2026-05-12', { response_format: 'b64_json' }], ['dall-e-2', '2026-05-12', { size: '256x256', response_format: 'b64_json' }],
  ];
  for (const [model, day, extra] of cases) {
    for (const [route, headers] of [['/v1/images/generations', bearer], ['/proxy/v1/images/generations', {}]]) {
      const body = { model, prompt: 'A lighthouse', ...extra };
      const s = await pinnedSession(api.url, dayBefore(day), 'before');
      assert.equal((await gen(s, route, body, headers)).res.status, 200, `${model} ${route} on ${dayBefore(day)}`);
      for (const today of [day, dayAfter(day)]) {
        await pinToday(api.url, s, today);
        const { res, json } = await gen(s, route, body, headers);
        assert.equal(res.status, 404, `${model} ${route} on ${today}`);
        assert.deepEqual(json, notFoundBody(model));
      }
    }
  }
});

test('shutdowns apply to edits (multipart and JSON) and to dall-e-2 variations, and models still served stay served', async () => {
  const s = await pinnedSession(api.url, '2026-11-30', 'edits');
  const form = (model) => [['model', model], ['prompt', 'Add a kite'], ['image', asPng(pngRgb(64, 64))]];
  const edit = () => postForm(`${api.url}/s/${s}/proxy/v1/images/edits`, form('gpt-image-1.5'));
  const jsonEdit = () => postJson(`${api.url}/s/${s}/proxy/v1/images/edits`, { model: 'gpt-image-1.5', prompt: 'x', images: [{ file_id: 'file-abc123' }] });
  assert.equal((await edit()).res.status, 200);
  assert.equal((await jsonEdit()).res.status, 200);
  await pinToday(api.url, s, '2026-12-01');
  assert.deepEqual((await edit()).json, notFoundBody('gpt-image-1.5'));
  assert.deepEqual((await jsonEdit()).json, notFoundBody('gpt-image-1.5'));
  for (const model of ['gpt-image-2', 'gpt-image-2-2026-04-21', 'gpt-image-2.5-flare-2026-09-08', 'gpt-image-2.6-sunburst', 'qwen-image']) {
    await pinToday(api.url, s, '2027-06-01');
    const { res, json } = await gen(s, '/v1/images/generations', { model, prompt: 'x' }, bearer);
    assert.equal(res.status, 200, `${model}: ${JSON.stringify(json?.error)}`);
  }
  const variation = (today) => pinToday(api.url, s, today).then(() => postForm(`${api.url}/s/${s}/proxy/v1/images/variations`, [['response_format', 'b64_json'], ['size', '256x256'], ['image', asPng(pngRgb(256, 256))]]));
  assert.equal((await variation('2026-05-11')).res.status, 200);
  assert.deepEqual((await variation('2026-05-12')).json, notFoundBody('dall-e-2'));
});

test('Azure routes: a deployment of a retired model is 410 Gone naming model, deployment and date', async () => {
  const cases = [
    ['gpt-image-1', '2026-10-23'], ['gpt-image-1.5', '2026-12-16'], ['gpt-image-1-mini', '2027-04-07'],
    ['gpt-image-2', '2027-04-21'], ['gpt-image-2.5-sunburst', '2027-09-09'], ['dall-e-3', '2026-03-01'], ['dall-e-2', '2025-01-27'],
  ];
  for (const [model, day] of cases) {
    const s = await pinnedSession(api.url, dayBefore(day), 'azure');
    const deploymentUrl = `/openai/deployments/${model}/images/generations?api-version=2025-04-01-preview`;
    const v1 = '/openai/v1/images/generations';
    const body = { prompt: 'A lighthouse', ...(model.startsWith('dall-e') ? { response_format: 'b64_json' } : {}), ...(model === 'dall-e-2' ? { size: '256x256' } : {}) };
    assert.equal((await gen(s, deploymentUrl, body, azureKey)).res.status, 200, `${model} on ${dayBefore(day)}`);
    assert.equal((await gen(s, v1, { ...body, model }, azureKey)).res.status, 200, `${model} v1 on ${dayBefore(day)}`);
    for (const today of [day, dayAfter(day)]) {
      await pinToday(api.url, s, today);
      const dep = await gen(s, deploymentUrl, body, azureKey);
      assert.equal(dep.res.status, 410, `${model} on ${today}`);
      assert.deepEqual(dep.json, goneBody(model, model, day));
      const viaV1 = await gen(s, v1, { ...body, model }, azureKey);
      assert.equal(viaV1.res.status, 410);
      assert.deepEqual(viaV1.json, goneBody(model, model, day));
    }
  }
  // A deployment with its own name serves the default model (gpt-image-2 here); retired, the
  // 410 names the deployment, and comes before any check of the body (Azure routes the deployment first).
  const s = await pinnedSession(api.url, '2027-04-21', 'azure-named');
  const named = await gen(s, '/openai/deployments/images-prod/images/generations?api-version=preview', { nonsense: 1 }, azureKey);
  assert.equal(named.res.status, 410);
  assert.deepEqual(named.json, goneBody('gpt-image-2', 'images-prod', '2027-04-21'));
  // Auth still comes first.
  assert.equal((await gen(s, '/openai/deployments/images-prod/images/generations?api-version=preview', { prompt: 'x' }, {})).res.status, 401);
  // gpt-image-1.5 is gone on OpenAI but still served on Azure until 2026-12-16.
  await pinToday(api.url, s, '2026-12-15');
  assert.equal((await gen(s, '/openai/deployments/gpt-image-1.5/images/generations?api-version=preview', { prompt: 'x', quality: 'low' }, azureKey)).res.status, 200);
  assert.equal((await gen(s, '/v1/images/generations', { model: 'gpt-image-1.5', prompt: 'x' }, bearer)).res.status, 404);
});

test('control API: today per session; invalid dates refused; DELETE unpins; sessions do not share it', async () => {
  const s = newSession('today');
  const url = `${api.url}/__control/sessions/${s}/today`;
  const real = new Date().toISOString().slice(0, 10);
  assert.deepEqual(await (await fetch(url)).json(), { session: s, date: null, today: real });
  assert.deepEqual(await pinToday(api.url, s, '2026-11-30'), { session: s, date: '2026-11-30', today: '2026-11-30' });
  assert.deepEqual(await (await fetch(url)).json(), { session: s, date: '2026-11-30', today: '2026-11-30' });
  for (const bad of ['not json', '{}', '{"date":"2026-02-30"}', '{"date":"2026-1-5"}', '{"date":20261130}', '{"date":"2026-11-30T00:00:00Z"}']) {
    const res = await fetch(url, { method: 'POST', body: bad });
    assert.equal(res.status, 400, bad);
    assert.equal((await res.json()).error.code, 'invalid_control_request');
  }
  assert.equal((await (await fetch(url)).json()).date, '2026-11-30', 'a refused date leaves the pin alone');
  // The pin applies to this session only.
  assert.equal((await gen(s, '/v1/images/generations', { model: 'gpt-image-1.5', prompt: 'x' }, bearer)).res.status, 200);
  assert.equal((await gen(newSession('other'), '/v1/images/generations', { model: 'gpt-image-1', prompt: 'x' }, bearer)).res.status, 404);
  assert.deepEqual(await pinToday(api.url, s, null), { session: s, date: null, today: real });
  await pinToday(api.url, s, '2026-11-30');
  await fetch(`${api.url}/__control/sessions/${s}`, { method: 'DELETE' });
  assert.equal((await (await fetch(url)).json()).date, null);
  // The default session (no /s/ prefix) can be pinned too.
  const d = await startApi();
  try {
    assert.equal((await postJson(`${d.url}/v1/images/generations`, { model: 'gpt-image-1', prompt: 'x' }, bearer)).res.status, 404, 'real date: gpt-image-1 is gone (2026-10-23)');
    await pinToday(d.url, 'default', '2026-10-22');
    assert.equal((await postJson(`${d.url}/v1/images/generations`, { model: 'gpt-image-1', prompt: 'x' }, bearer)).res.status, 200);
  } finally { await d.close(); }
});

test('startFakeApi({today}) and FAKE_API_TODAY pin the whole server; a session pin still wins; bad values refused', async () => {
  const pinned = await startApi({ today: '2026-11-30' });
  try {
    assert.equal((await postJson(`${pinned.url}/v1/images/generations`, { model: 'gpt-image-1.5', prompt: 'x' }, bearer)).res.status, 200);
    const s = await pinnedSession(pinned.url, '2026-12-01');
    assert.equal((await postJson(`${pinned.url}/s/${s}/v1/images/generations`, { model: 'gpt-image-1.5', prompt: 'x' }, bearer)).res.status, 404);
    assert.equal((await (await fetch(`${pinned.url}/__control/sessions/${newSession()}/today`)).json()).today, '2026-11-30');
  } finally { await pinned.close(); }
  await assert.rejects(startFakeApi({ today: '30/11/2026' }), /YYYY-MM-DD/);

  const script = fileURLToPath(new URL('./server.mjs', import.meta.url));
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, FAKE_API_TODAY: '2026-10-22' } });
  try {
    const url = await new Promise((resolve) => child.stdout.on('data', (d) => { const m = /FAKE_API_URL=(\S+)/.exec(String(d)); if (m) resolve(m[1]); }));
    assert.equal((await postJson(`${url}/v1/images/generations`, { model: 'gpt-image-1', prompt: 'x' }, bearer)).res.status, 200);
    assert.equal((await (await fetch(`${url}/__control/sessions/x/today`)).json()).today, '2026-10-22');
  } finally {
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  const bad = spawn(process.execPath, [script], { stdio: 'ignore', env: { ...process.env, FAKE_API_TODAY: 'tomorrow' } });
  assert.equal(await new Promise((resolve) => bad.on('exit', resolve)), 2);
});

// ---- GET /models ------------------------------------------------------------------------------

const IMAGE_MODELS = ['gpt-image-2.6-sunburst', 'gpt-image-2.6-flare', 'gpt-image-2.5-sunburst', 'gpt-image-2.5-flare',
  'gpt-image-2.5-sunburst-2026-09-08', 'gpt-image-2.5-flare-2026-09-08', 'gpt-image-2', 'gpt-image-2-2026-04-21'];
const OTHER = ['gpt-5', 'whisper-1', 'text-embedding-3-small'];

async function list(s, path, headers = {}) {
  const res = await fetch(`${api.url}/s/${s}${path}`, { headers });
  const text = await res.text();
  return { res, json: JSON.parse(text) };
}

test('GET /models: auth per route; the body is a list of model objects', async () => {
  const s = await pinnedSession(api.url, '2026-12-02', 'models-auth');
  const missing = await list(s, '/v1/models');
  assert.equal(missing.res.status, 401);
  assert.match(missing.json.error.message, /^You didn't provide an API key/);
  assert.equal((await list(s, '/v1/models', { authorization: 'Bearer sk-invalid' })).json.error.code, 'invalid_api_key');
  assert.equal((await list(s, '/openai/v1/models')).res.status, 401);
  assert.equal((await list(s, '/openai/v1/models')).json.error.code, '401');
  for (const [path, headers] of [['/v1/models', bearer], ['/proxy/v1/models', {}], ['/openai/v1/models', azureKey], ['/openai/v1/models', { authorization: 'Bearer entra' }]]) {
    const { res, json } = await list(s, path, headers);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.deepEqual(Object.keys(json), ['object', 'data']);
    assert.equal(json.object, 'list');
    for (const row of json.data) {
      assert.deepEqual(Object.keys(row).slice(0, 4), ['id', 'object', 'created', 'owned_by'], path);
      assert.equal(row.object, 'model');
      assert.ok(Number.isInteger(row.created) && row.created > 1_600_000_000, row.id);
      assert.equal(typeof row.owned_by, 'string');
      if ('shutdown_date' in row) assert.match(row.shutdown_date, /^\d{4}-\d{2}-\d{2}$/);
    }
    assert.equal(new Set(json.data.map((r) => r.id)).size, json.data.length, 'no duplicates');
  }
  // Without the session prefix too; POST is not a route; the preflight for GET with Authorization is answered.
  assert.equal((await fetch(`${api.url}/v1/models`, { headers: bearer })).status, 200);
  assert.equal((await fetch(`${api.url}/v1/models`, { method: 'POST', headers: bearer })).status, 404);
  const preflight = await fetch(`${api.url}/s/${s}/v1/models`, { method: 'OPTIONS', headers: { origin: 'http://page', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
  assert.equal(preflight.status, 204);
  assert.match(preflight.headers.get('access-control-allow-methods'), /\bGET\b/);
  assert.equal(preflight.headers.get('access-control-allow-headers'), 'authorization');
});

test('GET /models on OpenAI-style routes: served image models and non-image ones; shut-down ones absent; future shutdown_date shown', async () => {
  const s = await pinnedSession(api.url, '2026-12-01', 'models-openai');
  for (const path of ['/v1/models', '/proxy/v1/models']) {
    const { json } = await list(s, path, bearer);
    const ids = json.data.map((r) => r.id);
    for (const id of [...IMAGE_MODELS, ...OTHER, 'qwen-image']) assert.ok(ids.includes(id), `${path} lists ${id}`);
    for (const id of ['gpt-image-1.5', 'gpt-image-1.5-2025-12-16', 'gpt-image-1-mini', 'chatgpt-image-latest', 'gpt-image-1', 'dall-e-3', 'dall-e-2']) {
      assert.ok(!ids.includes(id), `${path} on 2026-12-01 does not list ${id}`);
    }
    assert.ok(json.data.every((r) => !('shutdown_date' in r)), 'no OpenAI shutdown is announced for the models still served');
  }
  await pinToday(api.url, s, '2026-11-30');
  const { json } = await list(s, '/v1/models', bearer);
  const byId = Object.fromEntries(json.data.map((r) => [r.id, r]));
  assert.equal(byId['gpt-image-1.5'].shutdown_date, '2026-12-01');
  assert.equal(byId['chatgpt-image-latest'].shutdown_date, '2026-12-01');
  assert.equal(byId['gpt-image-1'], undefined, 'gone since 2026-10-23');
  assert.equal(byId['gpt-image-2'].shutdown_date, undefined);
  await pinToday(api.url, s, '2026-05-11');
  const early = Object.fromEntries((await list(s, '/proxy/v1/models')).json.data.map((r) => [r.id, r]));
  assert.equal(early['dall-e-3'].shutdown_date, '2026-05-12');
  assert.equal(early['gpt-image-1'].shutdown_date, '2026-10-23');
});

test('GET /models on Azure: Azure\'s dates; retired ones absent; models Azure does not offer absent', async () => {
  const s = await pinnedSession(api.url, '2026-12-02', 'models-azure');
  const rows = Object.fromEntries((await list(s, '/openai/v1/models', azureKey)).json.data.map((r) => [r.id, r]));
  assert.equal(rows['gpt-image-1.5'].shutdown_date, '2026-12-16');
  assert.equal(rows['gpt-image-1-mini'].shutdown_date, '2027-04-07');
  assert.equal(rows['gpt-image-2'].shutdown_date, '2027-04-21');
  assert.equal(rows['gpt-image-2.5-flare'].shutdown_date, '2027-09-09');
  assert.ok(rows['gpt-image-2.6-sunburst'] && rows['gpt-image-2.6-sunburst'].shutdown_date === undefined);
  for (const id of ['gpt-image-1', 'dall-e-3', 'dall-e-2', 'qwen-image', 'chatgpt-image-latest']) assert.equal(rows[id], undefined, id);
  for (const id of OTHER) assert.ok(rows[id], id);
  await pinToday(api.url, s, '2026-12-16');
  const later = (await list(s, '/openai/v1/models', azureKey)).json.data.map((r) => r.id);
  assert.ok(!later.includes('gpt-image-1.5') && later.includes('gpt-image-1-mini'));
});

test('GET /models is scriptable: an ok step with `models` replaces the list; raw and error steps apply as elsewhere', async () => {
  const s = newSession('models-script');
  await setScript(api.url, s, [
    { fault: 'ok', models: ['gpt-image-7', { id: 'gpt-image-2', shutdown_date: '2027-01-31', owned_by: 'openai' }] },
    { fault: 'raw', status: 200, headers: { 'content-type': 'application/json' }, body: '{"object":"list","data":[]}' },
    { fault: 'error', preset: 'server_error' },
    { fault: 'ok', models: [] },
  ]);
  const scripted = await list(s, '/v1/models', bearer);
  assert.deepEqual(scripted.json, {
    object: 'list',
    data: [
      { object: 'model', created: 1_700_000_000, owned_by: 'system', id: 'gpt-image-7' },
      { object: 'model', created: 1_700_000_000, owned_by: 'openai', id: 'gpt-image-2', shutdown_date: '2027-01-31' },
    ],
  });
  assert.deepEqual((await list(s, '/v1/models', bearer)).json, { object: 'list', data: [] });
  assert.equal((await list(s, '/v1/models', bearer)).res.status, 500);
  // A scripted list still needs the route's auth.
  assert.equal((await list(s, '/v1/models')).res.status, 401);
  assert.ok((await list(s, '/v1/models', bearer)).json.data.length > 5, 'script used up: the real list again');
  assert.deepEqual((await recorded(api.url, s)).map((r) => `${r.method} ${r.path}`), Array(5).fill(`GET /s/${s}/v1/models`));
  const bad = await fetch(`${api.url}/__control/sessions/${s}/script`, { method: 'POST', body: JSON.stringify({ steps: [{ fault: 'ok', models: [{ name: 'x' }] }] }) });
  assert.equal(bad.status, 400);
});

test('Azure edits: a deployment of a retired model is 410 on edits too', async () => {
  const s = await pinnedSession(api.url, '2026-10-23', 'azure-edit');
  const { res, json } = await postForm(`${api.url}/s/${s}/openai/deployments/gpt-image-1/images/edits?api-version=preview`,
    [['prompt', 'x'], ['image', asPng(pngRgb(64, 64))], ['mask', asPng(pngRgba(64, 64), 'm.png')]], azureKey);
  assert.equal(res.status, 410);
  assert.deepEqual(json, goneBody('gpt-image-1', 'gpt-image-1', '2026-10-23'));
});
