// Streaming generations (stream: true): SSE framing, partial images then completed, usage, and
// the stream faults (incomplete stream, error event, pacing, cut).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApi, newSession, setScript, b64, readPng, riffChunks, vp8lHeader } from './support.mjs';

let api;
before(async () => { api = await startApi(); });
after(() => api.close());

const streamBody = (extra) => ({ model: 'gpt-image-2', prompt: 'A comet', size: '1024x1536', quality: 'medium', stream: true, ...extra });

/** Splits an SSE body into {event, data} records (data parsed as JSON), checking the framing. */
function parseSse(text) {
  assert.ok(text.endsWith('\n\n'), 'stream ends after a complete event');
  return text.slice(0, -2).split('\n\n').map((block) => {
    const lines = block.split('\n');
    assert.equal(lines.length, 2, `event block has an event: and a data: line: ${block.slice(0, 80)}`);
    assert.ok(lines[0].startsWith('event: '));
    assert.ok(lines[1].startsWith('data: '));
    return { event: lines[0].slice(7), data: JSON.parse(lines[1].slice(6)) };
  });
}

async function stream(body, session) {
  const prefix = session ? `/s/${session}` : '';
  const res = await fetch(`${api.url}${prefix}/v1/images/generations`, {
    method: 'POST', headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  return { res, text: await res.text() };
}

test('stream with partial_images: partial events (0-based) then completed with usage', async () => {
  const { res, text } = await stream(streamBody({ partial_images: 2 }));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  assert.equal(res.headers.get('content-length'), null);
  assert.match(res.headers.get('x-request-id'), /^req_/);
  const events = parseSse(text);
  assert.deepEqual(events.map((e) => e.event), ['image_generation.partial_image', 'image_generation.partial_image', 'image_generation.completed']);
  for (const { event, data } of events) assert.equal(data.type, event);
  assert.deepEqual(events.slice(0, 2).map((e) => e.data.partial_image_index), [0, 1]);
  const completed = events[2].data;
  assert.equal(completed.usage.output_tokens, 1372); // gpt-image-2 formula, medium, 1024x1536
  assert.equal(completed.usage.total_tokens, completed.usage.input_tokens + 1372);
  for (const { data } of events) {
    assert.equal(data.size, '1024x1536');
    assert.equal(data.quality, 'medium');
    assert.equal(data.background, 'opaque');
    assert.equal(data.output_format, 'png');
    assert.ok(Number.isInteger(data.created_at));
    const png = readPng(b64(data.b64_json));
    assert.deepEqual([png.width, png.height], [1024, 1536]);
  }
  // Partials are coarser previews, so each differs from the final image.
  const finalPixels = readPng(b64(completed.b64_json)).pixels;
  for (const partial of events.slice(0, 2)) assert.notDeepEqual(readPng(b64(partial.data.b64_json)).pixels, finalPixels);
});

test('stream without partial_images (or 0) sends only the completed event', async () => {
  for (const extra of [{}, { partial_images: 0 }]) {
    const events = parseSse((await stream(streamBody(extra))).text);
    assert.deepEqual(events.map((e) => e.event), ['image_generation.completed']);
  }
});

test('stream honours output_format and background; n images each end with completed', async () => {
  const events = parseSse((await stream(streamBody({ n: 2, partial_images: 1, output_format: 'webp', background: 'transparent', size: '1024x1024' }))).text);
  assert.deepEqual(events.map((e) => e.event), [
    'image_generation.partial_image', 'image_generation.completed', 'image_generation.partial_image', 'image_generation.completed',
  ]);
  for (const { data } of events) {
    assert.equal(data.output_format, 'webp');
    assert.equal(data.background, 'transparent');
    const vp8l = riffChunks(b64(data.b64_json)).find((c) => c.fourcc === 'VP8L');
    assert.deepEqual(vp8lHeader(vp8l.data), { width: 1024, height: 1024, alpha: true, version: 0 });
  }
});

test('stream: false answers plain JSON', async () => {
  const { res, text } = await stream(streamBody({ stream: false }));
  assert.equal(res.headers.get('content-type'), 'application/json');
  assert.equal(JSON.parse(text).data.length, 1);
});

test('stream_incomplete ends the stream cleanly without its completed event', async () => {
  const s = newSession('incomplete');
  await setScript(api.url, s, [{ fault: 'stream_incomplete' }]);
  const { res, text } = await stream(streamBody({ partial_images: 2 }), s);
  assert.equal(res.status, 200);
  assert.deepEqual(parseSse(text).map((e) => e.event), ['image_generation.partial_image', 'image_generation.partial_image']);
});

test('stream_error replaces completed with an error event carrying an API error', async () => {
  const s = newSession('sse-error');
  await setScript(api.url, s, [{ fault: 'stream_error', preset: 'moderation_blocked', stage: 'output' }]);
  const events = parseSse((await stream(streamBody({ partial_images: 1 }), s)).text);
  assert.deepEqual(events.map((e) => e.event), ['image_generation.partial_image', 'error']);
  const { data } = events[1];
  assert.equal(data.type, 'error');
  assert.equal(data.error.code, 'moderation_blocked');
  assert.equal(data.error.moderation_details.moderation_stage, 'output');
});

test('eventDelayMs paces the events', async () => {
  const s = newSession('paced');
  await setScript(api.url, s, [{ fault: 'ok', eventDelayMs: 150 }]);
  const started = Date.now();
  const res = await fetch(`${api.url}/s/${s}/v1/images/generations`, {
    method: 'POST', headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' }, body: JSON.stringify(streamBody({ partial_images: 2, size: '1024x1024', quality: 'low' })),
  });
  const arrivals = [];
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of res.body) {
    text += decoder.decode(chunk, { stream: true });
    arrivals.push({ at: Date.now() - started, events: (text.match(/\n\n/g) ?? []).length });
  }
  const firstEventAt = arrivals.find((a) => a.events >= 1).at;
  const lastEventAt = arrivals.find((a) => a.events >= 3).at;
  assert.ok(lastEventAt - firstEventAt >= 280, `events spread over ${lastEventAt - firstEventAt} ms`);
  assert.equal(parseSse(text).length, 3);
});

test('cut_mid_body on a stream cuts it off mid-way', async () => {
  const s = newSession('sse-cut');
  await setScript(api.url, s, [{ fault: 'cut_mid_body' }]);
  const res = await fetch(`${api.url}/s/${s}/v1/images/generations`, {
    method: 'POST', headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' }, body: JSON.stringify(streamBody({ partial_images: 2 })),
  });
  assert.equal(res.status, 200);
  await assert.rejects(res.text());
});
