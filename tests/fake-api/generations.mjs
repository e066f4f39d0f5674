// POST .../images/generations: route checks (Azure api-version), auth, body parsing, validation,
// then the success response: JSON ImagesResponse, or an SSE stream when `stream: true`.

import { validateGenerations } from './validate.mjs';
import { openaiError } from './errors.mjs';
import { gptResult, dalleResult } from './results.mjs';
import { checkRouteAccess } from './access.mjs';

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
  const denied = checkRouteAccess(ctx);
  if (denied) return denied;

  const parsed = parseJsonBody(ctx.headers['content-type'], ctx.body);
  if (parsed.error) return parsed.error;
  const checked = validateGenerations(parsed.value, {
    modelPolicy: route.modelPolicy, deployment: ctx.pathParams.deployment, provider: route.provider, today: ctx.today,
  });
  if (checked.error) return checked.error;
  const { width, height } = parseSize(checked.params.size);
  return checked.modelSpec.family === 'gpt'
    ? gptResult(checked, ctx, { width, height, events: 'image_generation' })
    : dalleResult(checked, ctx, { width, height });
}

export function parseJsonBody(contentType, body) {
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

/** `size` as numbers; absent and auto are 1024x1024 (the default of every model that has auto). */
export function parseSize(size) {
  const [width, height] = (size === undefined || size === 'auto' ? '1024x1024' : size).split('x').map(Number);
  return { width, height };
}
