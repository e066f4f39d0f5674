// The success responses every image endpoint shares (generations, edits, variations): GPT models
// answer ImagesResponse JSON with b64_json and usage, or an SSE stream (`{events}.partial_image` /
// `{events}.completed`) when `stream: true`; DALL·E models answer url or b64_json items.

import { jsonResponse, eventStreamResponse } from './responses.mjs';
import { renderImage } from './images.mjs';
import { usageFor } from './usage.mjs';
import { sseEvent } from './sse.mjs';

const created = () => Math.floor(Date.now() / 1000);

/**
 * @param {{modelSpec: object, params: object}} checked a validated request
 * @param {{options: {c2pa?: boolean, revisedPrompt?: string}}} ctx
 * @param {{width: number, height: number, events: 'image_generation'|'image_edit', imageTokens?: number}} out
 *   output size, SSE event prefix, and input image tokens (edits) for `usage`
 */
export function gptResult({ modelSpec, params }, ctx, { width, height, events, imageTokens = 0 }) {
  const size = `${width}x${height}`;
  const format = params.output_format ?? 'png';
  const background = params.background === 'transparent' ? 'transparent' : 'opaque';
  const quality = !params.quality || params.quality === 'auto' ? 'high' : params.quality;
  const n = params.n ?? 1;
  const image = (index, coarseness = 1) => renderImage({
    width, height, format, transparent: background === 'transparent', index, c2pa: ctx.options.c2pa,
    compression: params.output_compression ?? 100, coarseness,
    frames: params.frame_count, frameDurationMs: params.frame_duration_ms,
  }).toString('base64');
  const usage = (count) => usageFor({ tokens: modelSpec.tokens, quality, width, height, n: count, prompt: params.prompt, imageTokens });
  const revised = ctx.options.revisedPrompt !== undefined ? { revised_prompt: ctx.options.revisedPrompt } : {};

  if (params.stream === true) {
    const at = created();
    const common = { created_at: at, size, quality, background, output_format: format };
    const partials = params.partial_images ?? 0;
    const out = [];
    for (let i = 0; i < n; i++) {
      // Partial images refine from coarse to fine, like previews of the final image.
      for (let p = 0; p < partials; p++) {
        out.push(sseEvent(`${events}.partial_image`, {
          type: `${events}.partial_image`, b64_json: image(i, 8 << (partials - 1 - p)), ...common, partial_image_index: p,
        }));
      }
      out.push(sseEvent(`${events}.completed`, {
        type: `${events}.completed`, b64_json: image(i), ...common, ...revised, usage: usage(1),
      }));
    }
    return eventStreamResponse(out);
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

/**
 * @param {{model: string, params: object}} checked
 * @param {{options: object, files: import('./files.mjs').FileStore, filesBase: string}} ctx
 * @param {{width: number, height: number}} out
 */
export function dalleResult({ model, params }, ctx, { width, height }) {
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
