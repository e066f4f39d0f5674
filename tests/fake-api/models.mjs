// What the fake API knows about each model: data, one row per model, with the date of its source
// (API_RULES.md "Models (checked 2026-12-01)": OpenAPI description Aug 2026, openai-node 7.55 Nov 2026,
// OpenAI's deprecations page Dec 2026, Azure's model-retirement schedule 2026-07, CometAPI docs).
// The fake is deliberately independent of the library's own table in src/.
//
// Dates: `shutdown.openai` is the day OpenAI-style routes (openai.*, proxy.*) start answering 404
// model_not_found; `shutdown.azure` the day Azure routes start answering 410 Gone (lifecycle.mjs).
// A date is the first day the model is gone. null: no date known (served). `azure: false`: Azure has
// no such base model, so Azure's GET /models does not list it (its routes still serve a deployment
// named after it, as the fake lets any deployment stand in for any model).

const GPT_SIZES = ['auto', '1024x1024', '1536x1024', '1024x1536'];
const GPT_QUALITIES = ['low', 'medium', 'high', 'auto'];
const GPT_FORMATS = ['png', 'jpeg', 'webp'];
// Free sizes (gpt-image-2 and every 2.x): both sides multiples of 16, long side at most 3840, aspect
// at most 3:1, total pixels 655,360-8,294,400 (2880x2880 and 3520x2336 valid; 512x512 and 1024x576 not).
export const FREE_SIZES = { multipleOf: 16, minSide: 16, maxSide: 3840, minPixels: 655_360, maxPixels: 8_294_400, maxAspect: 3 };

// Edits: `edits` says whether the model edits at all; `inputFidelity` lists the values it accepts
// (null: the parameter is unknown to it); `markup` whether it takes the `markup` file part.
// svg output is a generations-only format (validate.mjs drops it from the edit formats).
const gpt = (asOf, extra = {}) => ({
  family: 'gpt', asOf, sizes: GPT_SIZES, freeSizes: null, qualities: GPT_QUALITIES, maxN: 10,
  maxPromptChars: 32000, outputFormats: GPT_FORMATS, extraParams: [], tokens: 'gpt-image-1',
  edits: true, inputFidelity: ['high', 'low'], markup: false, shutdown: { openai: null, azure: null }, azure: true,
  released: '2025-04-23', ...extra,
});
const gpt2 = (asOf, extra = {}) => gpt(asOf, {
  freeSizes: FREE_SIZES, tokens: 'gpt-image-2', inputFidelity: null, released: '2026-04-21',
  shutdown: { openai: null, azure: '2027-04-21' }, ...extra,
});
const X_QUALITIES = [...GPT_QUALITIES, 'xhigh', 'max'];
const gpt25 = (asOf) => gpt2(asOf, {
  qualities: X_QUALITIES, markup: true, tokens: 'gpt-image-2.5', released: '2026-09-08',
  shutdown: { openai: null, azure: '2027-09-09' },
});
const gpt26 = (asOf) => gpt2(asOf, {
  qualities: X_QUALITIES, markup: true, tokens: 'gpt-image-2.6', released: '2026-11-04',
  outputFormats: [...GPT_FORMATS, 'gif', 'svg'], extraParams: ['complexity', 'frame_count', 'frame_duration_ms', 'svg'],
  shutdown: { openai: null, azure: null }, // no Azure retirement date published yet
});

/** Model id -> capabilities. `family` decides which parameter set applies and how results look. */
export const MODELS = {
  'gpt-image-2.6-sunburst': gpt26('2026-12-01'),
  'gpt-image-2.6-flare': gpt26('2026-12-01'),
  'gpt-image-2.5-sunburst': gpt25('2026-12-01'),
  'gpt-image-2.5-flare': gpt25('2026-12-01'),
  'gpt-image-2.5-sunburst-2026-09-08': gpt25('2026-12-01'),
  'gpt-image-2.5-flare-2026-09-08': gpt25('2026-12-01'),
  'gpt-image-2': gpt2('2026-12-01'),
  'gpt-image-2-2026-04-21': gpt2('2026-12-01'),
  // Shut down on OpenAI 2026-12-01 (announced 2026-06-02); Azure retires gpt-image-1.5 2026-12-16, mini 2027-04-07.
  'gpt-image-1.5': gpt('2026-12-01', { released: '2025-12-16', shutdown: { openai: '2026-12-01', azure: '2026-12-16' } }),
  'gpt-image-1.5-2025-12-16': gpt('2026-12-01', { released: '2025-12-16', shutdown: { openai: '2026-12-01', azure: '2026-12-16' } }),
  'chatgpt-image-latest': gpt('2026-12-01', { released: '2025-12-16', shutdown: { openai: '2026-12-01', azure: null }, azure: false }),
  'gpt-image-1-mini': gpt('2026-12-01', { released: '2025-10-06', inputFidelity: ['low'], shutdown: { openai: '2026-12-01', azure: '2027-04-07' } }),
  'gpt-image-1': gpt('2026-12-01', { shutdown: { openai: '2026-10-23', azure: '2026-10-23' } }),
  'dall-e-3': {
    family: 'dalle', asOf: '2026-12-01', sizes: ['1024x1024', '1792x1024', '1024x1792'], freeSizes: null,
    qualities: ['standard', 'hd'], maxN: 1, maxPromptChars: 4000, extraParams: ['style'], defaultQuality: 'standard',
    edits: false, // generations only
    // OpenAI 2026-05-12; Azure "Feb-Mar 2026": the fake takes 2026-03-01.
    shutdown: { openai: '2026-05-12', azure: '2026-03-01' }, azure: true, released: '2023-11-06',
  },
  'dall-e-2': {
    family: 'dalle', asOf: '2026-12-01', sizes: ['256x256', '512x512', '1024x1024'], freeSizes: null,
    qualities: ['standard'], maxN: 10, maxPromptChars: 1000, extraParams: [], defaultQuality: 'standard',
    edits: true, variations: true, // edits: one square PNG under 4 MB (see uploads.mjs)
    shutdown: { openai: '2026-05-12', azure: '2025-01-27' }, azure: true, released: '2022-11-03',
  },
  // CometAPI (served on the OpenAI-style routes, which double as CometAPI-style ones); its size
  // list is the provider's own, so any reasonable WxH is served.
  'qwen-image': {
    family: 'provider', asOf: '2026-12-01', sizes: [], freeSizes: { multipleOf: 1, minSide: 256, maxSide: 2048, minPixels: 0, maxPixels: 2048 * 2048, maxAspect: 4 },
    qualities: null, maxN: 1, maxPromptChars: null, extraParams: [],
    edits: false, // CometAPI edits with its own edit models, not this one
    shutdown: { openai: null, azure: null }, azure: false, released: '2025-08-04', ownedBy: 'qwen',
  },
};

/** Model served when an Azure deployment (or a v1 deployment name) is not itself a model id. */
export const AZURE_DEFAULT_MODEL = 'gpt-image-2';

const BASE_PARAMS = ['model', 'prompt', 'n', 'size', 'user', 'safety_identifier'];
export const GPT_ONLY_PARAMS = ['output_format', 'output_compression', 'background', 'moderation', 'stream', 'partial_images'];

/** Every body key the generations endpoint knows for some model; anything else is unknown. */
export const GENERATION_PARAMS = new Set([
  ...BASE_PARAMS, 'quality', 'response_format', 'style', ...GPT_ONLY_PARAMS, 'complexity', 'frame_count', 'frame_duration_ms', 'svg',
]);

/** The body keys one model accepts on generations. */
export function generationParamsFor(model) {
  const keys = [...BASE_PARAMS, ...model.extraParams];
  if (model.qualities) keys.push('quality');
  if (model.family === 'gpt') keys.push(...GPT_ONLY_PARAMS);
  else keys.push('response_format');
  return new Set(keys);
}

/**
 * Every text field the edits endpoint knows for some model (the files are `image`, `image[]`,
 * `mask` and `markup`: markup is a file part, never a text field).
 */
export const EDIT_PARAMS = new Set([
  ...BASE_PARAMS, 'quality', 'response_format', ...GPT_ONLY_PARAMS, 'input_fidelity', 'complexity', 'frame_count', 'frame_duration_ms',
]);

/** The text fields one model accepts on edits (svg is generations-only, so `svg` is not one). */
export function editParamsFor(model) {
  const keys = [...BASE_PARAMS, ...(model.extraParams ?? []).filter((k) => k !== 'svg' && k !== 'style')];
  if (model.qualities) keys.push('quality');
  if (model.family === 'gpt') keys.push(...GPT_ONLY_PARAMS);
  else keys.push('response_format');
  if (model.inputFidelity) keys.push('input_fidelity');
  return new Set(keys);
}
