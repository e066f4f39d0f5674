// POST .../images/generations: route checks (Azure api-version), auth, body parsing, validation,
// then the success response: JSON ImagesResponse, or an SSE stream when `stream: true`.

import { checkAuth } from './auth.mjs';
import { validateGenerations } from './validate.mjs';
import { openaiError, azureNotFound } from './errors.mjs';
import { jsonResponse, eventStreamResponse } from './responses.mjs';
import { renderImage } from './images.mjs';
import { usageFor } from './usage.mjs';
import { sseEvent } from './sse.mjs';

export const AZURE_API_VERSIONS = ['2024-02-01', '2024-10-21', '2025-04-01-preview', 'preview'];

/**
 * @param {object} ctx
 * @param {object} ctx.route        entry of the route table
 * @param {object} ctx.pathParams   e.g. { deployment }
 * @param {URLSearchParams} ctx.query
 * @param {Record<string,string>} ctx.headers
 * @param {Buffer} ctx.body
 * @param {string} ctx.filesBase    absolute URL prefix for /files (DALL·E url results)
 * @param {import('./files.mjs').FileStore} ctx.files
 * @param {{c2pa?: boolean, revisedPrompt?: string}} ctx.options  from the session's script step
 */
export function handleGenerations(ctx) {
  const { route } = ctx;
  if (route.apiVersion === 'required' && !AZURE_API_VERSIONS.includes(ctx.query.get('api-version'))) return azureNotFound();
  const denied = checkAuth(route.auth, ctx.headers);
  if (denied) return denied;

  const parsed = parseJsonBody(ctx.headers['content-type'], ctx.body);
  if (parsed.error) return parsed.error;
  const checked = validateGenerations(parsed.value, {
    modelPolicy: route.modelPolicy, deployment: ctx.pathParams.deployment, provider: route.provider,
  });
  if (checked.error) return checked.error;
  return checked.modelSpec.family === 'gpt' ? gptResult(checked, ctx) : dalleResult(checked, ctx);
}

function parseJsonBody(contentType, body) {
  const mime = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (mime !== 'application/json') {
    const shown = contentType ?? '';
    return { error: openaiError(400, `Unsupported content type: '${shown}'. This API method only accepts 'application/json' requests, but you specified the header 'Content-Type: ${shown}'. Please try again with a supported content type.`) };
  }
  let value;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return { error: openaiError(400, "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)") };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { error: openaiError(400, 'Invalid request body: expected a JSON object.', { code: 'invalid_type' }) };
  }
  return { value };
}

function parseSize(size) {
  const [w, h] = (size === undefined || size === 'auto' ? '1024x1024' : size).split('x').map(Number);
  return { width: w, height: h, size: `${w}x${h}` };
}

const created = () => Math.floor(Date.now() / 1000);

function gptResult({ modelSpec, params }, ctx) {
  const { width, height, size } = parseSize(params.size);
  const format = params.output_format ?? 'png';
  const background = params.background === 'transparent' ? 'transparent' : 'opaque';
  const quality = !params.quality || params.quality === 'auto' ? 'high' : params.quality;
  const n = params.n ?? 1;
  const image = (index, coarseness = 1) => renderImage({
    width, height, format, transparent: background === 'transparent', index, c2pa: ctx.options.c2pa,
    compression: params.output_compression ?? 100, coarseness,
    frames: params.frame_count, frameDurationMs: params.frame_duration_ms,
  }).toString('base64');
  const usage = (count) => usageFor({ tokens: modelSpec.tokens, quality, width, height, n: count, prompt: params.prompt });
  const revised = ctx.options.revisedPrompt !== undefined ? { revised_prompt: ctx.options.revisedPrompt } : {};

  if (params.stream === true) {
    const at = created();
    const common = { created_at: at, size, quality, background, output_format: format };
    const partials = params.partial_images ?? 0;
    const events = [];
    for (let i = 0; i < n; i++) {
      // Partial images refine from coarse to fine, like previews of the final image.
      for (let p = 0; p < partials; p++) {
        events.push(sseEvent('image_generation.partial_image', {
          type: 'image_generation.partial_image', b64_json: image(i, 8 << (partials - 1 - p)), ...common, partial_image_index: p,
        }));
      }
      events.push(sseEvent('image_generation.completed', {
        type: 'image_generation.completed', b64_json: image(i), ...common, ...revised, usage: usage(1),
      }));
    }
    return eventStreamResponse(events);
  }

  return jsonResponse(200, {
    created: created(),
    background,
    data: Array.from({ length: n }, (_, i) => ({ b64_json: image(i), ...revised })),
    output_format: format,
    quality,
    size,
    usage: usage(n),
  });
}

function dalleResult({ model, params }, ctx) {
  const { width, height } = parseSize(params.size ?? '1024x1024');
  const asUrl = (params.response_format ?? 'url') === 'url';
  const data = Array.from({ length: params.n ?? 1 }, (_, index) => {
    const png = renderImage({ width, height, format: 'png', index, c2pa: ctx.options.c2pa });
    const item = asUrl ? { url: `${ctx.filesBase}/files/${ctx.files.put(png)}.png` } : { b64_json: png.toString('base64') };
    if (ctx.options.revisedPrompt !== undefined) item.revised_prompt = ctx.options.revisedPrompt;
    else if (model === 'dall-e-3') item.revised_prompt = `A detailed, vivid illustration of: ${params.prompt}`;
    return item;
  });
  return jsonResponse(200, { created: created(), data });
}
