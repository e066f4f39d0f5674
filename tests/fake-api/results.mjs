// The success responses every image endpoint shares (generations, edits, variations): GPT models
// answer ImagesResponse JSON with b64_json and usage, or an SSE stream (`{events}.partial_image` /
// `{events}.completed`) when `stream: true`; DALL·E models answer url or b64_json items.
// svg: b64_json of SVG text (svg.mjs) of the requested size. gif: an animated GIF of frame_count
// frames (default 9), each shown frame_duration_ms (default 200) rounded to 10 ms, its frames scaled
// down (aspect kept) to fit the sheet cap for that count (gifFrameSize); `size` reports the frames'
// size, the GIF's own. Usage bills the requested size (the sheet), svg the SVG text as text tokens.

import { jsonResponse, eventStreamResponse } from './responses.mjs';
import { renderImage } from './images.mjs';
import { usageFor } from './usage.mjs';
import { sseEvent } from './sse.mjs';
import { renderSvg } from './svg.mjs';

export const GIF_DEFAULTS = { frameCount: 9, frameDurationMs: 200 };

/** Frame size cap by frame count (all frames share one sheet; API_RULES.md, third-party figures). */
export function gifFrameSize(width, height, frameCount) {
  const cap = frameCount <= 9 ? 960 : frameCount <= 12 ? 816 : 720;
  const scale = Math.min(1, cap / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

const created = () => Math.floor(Date.now() / 1000);

/**
 * @param {{modelSpec: object, params: object}} checked a validated request
 * @param {{options: {c2pa?: boolean, revisedPrompt?: string}}} ctx
 * @param {{width: number, height: number, events: 'image_generation'|'image_edit', imageTokens?: number}} out
 *   output size, SSE event prefix, and input image tokens (edits) for `usage`
 */
export function gptResult({ modelSpec, params }, ctx, { width, height, events, imageTokens = 0 }) {
  const format = params.output_format ?? 'png';
  const frames = params.frame_count ?? GIF_DEFAULTS.frameCount;
  const out = format === 'gif' ? gifFrameSize(width, height, frames) : { width, height };
  const size = `${out.width}x${out.height}`;
  const background = params.background === 'transparent' ? 'transparent' : 'opaque';
  const quality = !params.quality || params.quality === 'auto' ? 'high' : params.quality;
  const n = params.n ?? 1;
  const svgText = format === 'svg' ? renderSvg({ width, height, index: 0, title: params.prompt.slice(0, 200) }) : undefined;
  const image = (index, coarseness = 1) => (svgText !== undefined ? Buffer.from(svgText) : renderImage({
    width: out.width, height: out.height, format, transparent: background === 'transparent', index, c2pa: ctx.options.c2pa,
    compression: params.output_compression ?? 100, coarseness,
    frames, frameDurationMs: params.frame_duration_ms ?? GIF_DEFAULTS.frameDurationMs,
  })).toString('base64');
  const usage = (count) => usageFor({ tokens: modelSpec.tokens, quality, width, height, n: count, prompt: params.prompt, imageTokens, svgText });
  const revised = ctx.options.revisedPrompt !== undefined ? { revised_prompt: ctx.options.revisedPrompt } : {};

  if (params.stream === true) {
    const at = created();
    const common = { created_at: at, size, quality, background, output_format: format };
    const partials = params.partial_images ?? 0;
    const sse = [];
    for (let i = 0; i < n; i++) {
      // Partial images refine from coarse to fine, like previews of the final image.
      for (let p = 0; p < partials; p++) {
        sse.push(sseEvent(`${events}.partial_image`, {
          type: `${events}.partial_image`, b64_json: image(i, 8 << (partials - 1 - p)), ...common, partial_image_index: p,
        }));
      }
      sse.push(sseEvent(`${events}.completed`, {
        type: `${events}.completed`, b64_json: image(i), ...common, ...revised, usage: usage(1),
      }));
    }
    return eventStreamResponse(sse);
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
