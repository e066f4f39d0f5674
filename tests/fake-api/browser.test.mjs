// Real headless Chromium (Debian's, via playwright-core) calls the fake API cross-origin from a
// page on another port, the way the library's browser tests and the demo do, and decodes every
// image format with createImageBitmap. Checks CORS (preflight, exposed headers) from the browser
// side, sizes, transparency, and that the lossless WebP equals the PNG pixel for pixel.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import { startApi, newSession, setScript, pinnedSession } from './support.mjs';
import { encodeWebp } from './webp.mjs';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let api, pageServer, browser, page;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is required for the browser tests`);
  api = await startApi();
  // A blank page on another port: every call to the API is cross-origin, like in real use.
  pageServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>fake-api test page</title>'));
  await new Promise((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${pageServer.address().port}/`);
  await page.evaluate(() => {
    // Decodes bytes like an <img> would and summarises the pixels.
    window.describe = async (blob, withDigests = false) => {
      const bitmap = await createImageBitmap(blob);
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d');
      ctx.drawImage(bitmap, 0, 0);
      const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
      let transparent = 0, partial = 0, opaque = 0;
      for (let i = 3; i < data.length; i += 4) {
        if (data[i] === 0) transparent++; else if (data[i] === 255) opaque++; else partial++;
      }
      const summary = { width: bitmap.width, height: bitmap.height, transparent, partial, opaque, type: blob.type };
      if (!withDigests) return summary;
      const sha = async (bytes) => Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
      // Canvas pixels are premultiplied, and decoders may round that differently for partial
      // alpha; alpha values and fully opaque pixels are exact whatever the decoder.
      const alpha = new Uint8Array(data.length / 4);
      const opaqueOnly = new Uint8Array(data.length);
      for (let p = 0; p < alpha.length; p++) {
        alpha[p] = data[p * 4 + 3];
        if (alpha[p] === 255) opaqueOnly.set(data.subarray(p * 4, p * 4 + 4), p * 4);
      }
      return { ...summary, digest: await sha(data), alphaDigest: await sha(alpha), opaqueDigest: await sha(opaqueOnly) };
    };
    window.generate = async (url, body, headers = {}) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      const json = await res.json();
      return { res, json };
    };
    window.fromBase64 = (b64, type) => new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type });
  });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (pageServer ? pageServer.close(resolve) : resolve()));
  await api?.close();
});

/** Generates through the fake API from the page and decodes data[i] for every image returned. */
async function generateInPage(body, { path = '/v1/images/generations', headers = { authorization: 'Bearer sk-browser' }, digests = false } = {}) {
  return page.evaluate(async ({ url, body, headers, digests }) => {
    const { res, json } = await window.generate(url, body, headers);
    if (!res.ok) return { status: res.status, error: json.error };
    const images = [];
    for (const item of json.data) {
      const blob = item.b64_json
        ? window.fromBase64(item.b64_json, `image/${json.output_format ?? 'png'}`)
        : await (await fetch(item.url)).blob();
      images.push(await window.describe(blob, digests));
    }
    return { status: res.status, requestId: res.headers.get('x-request-id'), images };
  }, { url: api.url + path, body, headers, digests });
}

const gpt = (extra) => ({ model: 'gpt-image-2', prompt: 'A lighthouse', quality: 'low', ...extra });

test('PNG, JPEG and WebP decode in Chromium at the requested size (cross-origin, preflighted)', async () => {
  for (const size of ['1024x1024', '1536x1024', '1024x1536']) {
    const [w, h] = size.split('x').map(Number);
    for (const output_format of ['png', 'jpeg', 'webp']) {
      const r = await generateInPage(gpt({ size, output_format }));
      assert.equal(r.status, 200, `${size} ${output_format}: ${JSON.stringify(r.error)}`);
      assert.match(r.requestId, /^req_[0-9a-f]{32}$/, 'x-request-id is exposed to page scripts');
      const [img] = r.images;
      assert.deepEqual([img.width, img.height], [w, h], `${size} ${output_format}`);
      assert.equal(img.transparent + img.partial, 0, 'opaque images have no transparent pixels');
    }
  }
});

test('free gpt-image-2 sizes, 3840x2160 included, decode in Chromium', async () => {
  for (const size of ['1536x864', '3840x2160']) {
    const [w, h] = size.split('x').map(Number);
    for (const output_format of ['png', 'webp']) {
      const r = await generateInPage(gpt({ model: 'gpt-image-2', size, output_format }));
      assert.equal(r.status, 200);
      assert.deepEqual([r.images[0].width, r.images[0].height], [w, h], `${size} ${output_format}`);
    }
  }
});

test('lossless WebP decodes to exactly the same pixels as the PNG', async () => {
  const decode = async (output_format, background) => (await generateInPage(gpt({ size: '1024x1024', output_format, background, n: 2 }), { digests: true })).images;
  const [png, webp] = [await decode('png', 'opaque'), await decode('webp', 'opaque')];
  for (let i = 0; i < 2; i++) assert.equal(webp[i].digest, png[i].digest, `opaque image ${i}`);
  assert.notEqual(png[0].digest, png[1].digest, 'the two images differ');
  const [pngT, webpT] = [await decode('png', 'transparent'), await decode('webp', 'transparent')];
  for (let i = 0; i < 2; i++) {
    assert.equal(webpT[i].alphaDigest, pngT[i].alphaDigest, `transparent image ${i}: alpha`);
    assert.equal(webpT[i].opaqueDigest, pngT[i].opaqueDigest, `transparent image ${i}: opaque pixels`);
  }
});

test('transparent PNG and WebP have fully transparent, edge and opaque pixels in a canvas', async () => {
  for (const output_format of ['png', 'webp']) {
    const [img] = (await generateInPage(gpt({ output_format, background: 'transparent' }))).images;
    assert.ok(img.transparent > 100_000, `${output_format}: ${img.transparent} transparent pixels`);
    assert.ok(img.opaque > 100_000, `${output_format}: ${img.opaque} opaque pixels`);
    assert.ok(img.partial > 0, `${output_format}: anti-aliased edge`);
  }
});

test('Azure route with api-key header works from the browser; GIF and DALL·E url results decode', async () => {
  const azure = await generateInPage(gpt({ output_format: 'jpeg' }), {
    path: '/openai/deployments/gpt-image-2/images/generations?api-version=2025-04-01-preview', headers: { 'api-key': 'azure-key' },
  });
  assert.equal(azure.status, 200);
  assert.equal(azure.images[0].width, 1024);
  const gif = await generateInPage(gpt({ model: 'gpt-image-2.6-flare', output_format: 'gif', frame_count: 2, size: '1024x1024' }));
  assert.equal(gif.status, 200);
  assert.deepEqual([gif.images[0].width, gif.images[0].height], [960, 960], 'GIF frames capped at 960 px for 2-9 frames');
  // dall-e-3 is shut down on OpenAI from 2026-05-12: a session pinned to a day it was served.
  const s = await pinnedSession(api.url, '2026-05-11', 'browser-dalle');
  const dalle = await generateInPage({ model: 'dall-e-3', prompt: 'x', size: '1792x1024' }, { path: `/s/${s}/v1/images/generations` });
  assert.equal(dalle.status, 200);
  assert.deepEqual([dalle.images[0].width, dalle.images[0].height], [1792, 1024]);
  assert.equal(dalle.images[0].type, 'image/png');
});

test('error responses and their retry headers are readable from page scripts', async () => {
  const s = newSession('browser');
  await setScript(api.url, s, [{ fault: 'error', preset: 'rate_limit', retryAfterMs: 1500, headers: { 'x-should-retry': 'true' } }]);
  const seen = await page.evaluate(async (url) => {
    const res = await fetch(url, { method: 'POST', headers: { authorization: 'Bearer sk-browser', 'content-type': 'application/json' }, body: '{}' });
    return { status: res.status, retryMs: res.headers.get('retry-after-ms'), shouldRetry: res.headers.get('x-should-retry'), code: (await res.json()).error.code };
  }, `${api.url}/s/${s}/v1/images/generations`);
  assert.deepEqual(seen, { status: 429, retryMs: '1500', shouldRetry: 'true', code: 'rate_limit_exceeded' });
  const requests = await (await fetch(`${api.url}/__control/sessions/${s}/requests`)).json();
  assert.deepEqual(requests.map((r) => r.method), ['OPTIONS', 'POST'], 'the browser preflighted, and the preflight was recorded');
  assert.match(requests[0].headers['access-control-request-headers'], /authorization/);
});

test('an SSE stream can be read incrementally from the page', async () => {
  const types = await page.evaluate(async (url) => {
    const res = await fetch(url, {
      method: 'POST', headers: { authorization: 'Bearer sk-browser', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-image-2', prompt: 'x', quality: 'low', stream: true, partial_images: 2 }),
    });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += value;
    }
    return text.trim().split('\n\n').map((block) => JSON.parse(block.split('\n').find((l) => l.startsWith('data: ')).slice(6)).type);
  }, `${api.url}/v1/images/generations`);
  assert.deepEqual(types, ['image_generation.partial_image', 'image_generation.partial_image', 'image_generation.completed']);
});

test('the WebP encoder is exact on hard input too: noise, flat colour, 1x1, odd sizes', async () => {
  const noise = (w, h) => { const px = randomBytes(w * h * 4); for (let i = 3; i < px.length; i += 4) px[i] = 255; return px; };
  const flat = (w, h) => Buffer.alloc(w * h * 4, 0xff);
  const skewed = (w, h) => { const px = flat(w, h); for (let i = 0; i < px.length; i += 4 * 97) px[i] = (i * 7) & 0xff; return px; };
  // Red/green/blue residuals 0..255 once each along the top row: every code has length 8, so the
  // code-length code has a single symbol (a special case of the format).
  const uniform = (w) => { const px = Buffer.alloc(w * 4, 0xff); for (let x = 0; x < w; x++) px[x * 4] = px[x * 4 + 1] = px[x * 4 + 2] = (x * (x + 1)) / 2; return px; };
  const cases = [['noise', 97, 61, noise], ['flat', 40, 30, flat], ['single pixel', 1, 1, noise], ['skewed', 513, 3, skewed], ['uniform', 256, 1, uniform]];
  for (const [name, w, h, make] of cases) {
    const rgba = make(w, h);
    const webp = encodeWebp(rgba, { width: w, height: h, alpha: false });
    const decoded = await page.evaluate(async (b64) => {
      const bitmap = await createImageBitmap(window.fromBase64(b64, 'image/webp'));
      const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d');
      ctx.drawImage(bitmap, 0, 0);
      return Array.from(ctx.getImageData(0, 0, bitmap.width, bitmap.height).data);
    }, webp.toString('base64'));
    assert.deepEqual(decoded, Array.from(rgba), name);
  }
});
