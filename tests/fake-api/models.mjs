// What the fake API knows about each model: data, one row per model, with the date of its source
// (API_RULES.md: OpenAPI description Aug 2026, openai-node 7.55 Nov 2026, Azure and CometAPI docs).
// The fake is deliberately independent of the library's own table in src/.

const GPT_SIZES = ['auto', '1024x1024', '1536x1024', '1024x1536'];
const GPT_QUALITIES = ['low', 'medium', 'high', 'auto'];
const GPT_FORMATS = ['png', 'jpeg', 'webp'];
// gpt-image-2 "free" sizes: both sides multiples of 16, aspect at most 3:1, at most 3840x2160.
const GPT2_FREE_SIZES = { multipleOf: 16, minSide: 16, maxSide: 3840, maxPixels: 3840 * 2160, maxAspect: 3 };

// Edits: `edits` says whether the model edits at all; `inputFidelity` lists the values it accepts
// (null: the parameter is unknown to it); `markup` whether it takes the `markup` field.
const gpt = (asOf, extra = {}) => ({
  family: 'gpt', asOf, sizes: GPT_SIZES, freeSizes: null, qualities: GPT_QUALITIES, maxN: 10,
  maxPromptChars: 32000, outputFormats: GPT_FORMATS, extraParams: [], tokens: 'gpt-image-1',
  edits: true, inputFidelity: ['high', 'low'], markup: false, ...extra,
});
const gpt2 = (asOf, extra = {}) => gpt(asOf, { freeSizes: GPT2_FREE_SIZES, tokens: 'gpt-image-2', inputFidelity: null, ...extra });
const gpt26 = (asOf) => gpt2(asOf, { outputFormats: [...GPT_FORMATS, 'gif'], extraParams: ['complexity', 'frame_count', 'frame_duration_ms'] });
const gpt25 = (asOf) => gpt2(asOf, { qualities: [...GPT_QUALITIES, 'xhigh', 'max'], markup: true });

/** Model id -> capabilities. `family` decides which parameter set applies and how results look. */
export const MODELS = {
  'gpt-image-2.6-sunburst': gpt26('2026-11'),
  'gpt-image-2.6-flare': gpt26('2026-11'),
  'gpt-image-2.5-sunburst': gpt25('2026-11'),
  'gpt-image-2.5-flare': gpt25('2026-11'),
  'gpt-image-2.5-sunburst-2026-09-08': gpt25('2026-11'),
  'gpt-image-2.5-flare-2026-09-08': gpt25('2026-11'),
  'gpt-image-2': gpt2('2026-11'),
  'gpt-image-2-2026-04-21': gpt2('2026-11'),
  'gpt-image-1.5': gpt('2026-11'),
  'chatgpt-image-latest': gpt('2026-11'),
  'gpt-image-1-mini': gpt('2026-11', { inputFidelity: ['low'] }),
  'gpt-image-1': gpt('2026-11'), // shut down on OpenAI 2026-10-23; Azure and CometAPI still serve it
  'dall-e-3': {
    family: 'dalle', asOf: '2026-11', sizes: ['1024x1024', '1792x1024', '1024x1792'], freeSizes: null,
    qualities: ['standard', 'hd'], maxN: 1, maxPromptChars: 4000, extraParams: ['style'], defaultQuality: 'standard',
    edits: false, // generations only
  },
  'dall-e-2': {
    family: 'dalle', asOf: '2026-11', sizes: ['256x256', '512x512', '1024x1024'], freeSizes: null,
    qualities: ['standard'], maxN: 10, maxPromptChars: 1000, extraParams: [], defaultQuality: 'standard',
    edits: true, variations: true, // edits: one square PNG under 4 MB (see uploads.mjs)
  },
  // CometAPI; its size list is the provider's own, so any reasonable WxH is served.
  'qwen-image': {
    family: 'provider', asOf: '2026-11', sizes: [], freeSizes: { multipleOf: 1, minSide: 256, maxSide: 2048, maxPixels: 2048 * 2048, maxAspect: 4 },
    qualities: null, maxN: 1, maxPromptChars: null, extraParams: [],
    edits: false, // CometAPI edits with its own edit models, not this one
  },
};

/** Model served when an Azure deployment (or a v1 deployment name) is not itself a model id. */
export const AZURE_DEFAULT_MODEL = 'gpt-image-1.5';

const BASE_PARAMS = ['model', 'prompt', 'n', 'size', 'user', 'safety_identifier'];
export const GPT_ONLY_PARAMS = ['output_format', 'output_compression', 'background', 'moderation', 'stream', 'partial_images'];

/** Every body key the generations endpoint knows for some model; anything else is unknown. */
export const GENERATION_PARAMS = new Set([
  ...BASE_PARAMS, 'quality', 'response_format', 'style', ...GPT_ONLY_PARAMS, 'complexity', 'frame_count', 'frame_duration_ms',
]);

/** The body keys one model accepts on generations. */
export function generationParamsFor(model) {
  const keys = [...BASE_PARAMS, ...model.extraParams];
  if (model.qualities) keys.push('quality');
  if (model.family === 'gpt') keys.push(...GPT_ONLY_PARAMS);
  else keys.push('response_format');
  return new Set(keys);
}

/** Every text field the edits endpoint knows for some model (the files are `image`, `image[]`, `mask`). */
export const EDIT_PARAMS = new Set([
  ...BASE_PARAMS, 'quality', 'response_format', ...GPT_ONLY_PARAMS, 'input_fidelity', 'markup',
]);

/** The text fields one model accepts on edits. */
export function editParamsFor(model) {
  const keys = [...BASE_PARAMS];
  if (model.qualities) keys.push('quality');
  if (model.family === 'gpt') keys.push(...GPT_ONLY_PARAMS);
  else keys.push('response_format');
  if (model.inputFidelity) keys.push('input_fidelity');
  if (model.markup) keys.push('markup');
  return new Set(keys);
}
