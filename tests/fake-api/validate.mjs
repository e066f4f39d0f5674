// Checks a generations request body (or the text fields of an edit) the way the real API does: one
// error at a time, first problem wins, with the real error codes (unknown_parameter, invalid_type,
// invalid_value, ...). Returns { error } (a response) or { model, modelSpec, params } when valid.

import { MODELS, AZURE_DEFAULT_MODEL, GENERATION_PARAMS, generationParamsFor, EDIT_PARAMS, editParamsFor } from './models.mjs';
import { openaiError, invalidValue, unknownParameter, invalidType } from './errors.mjs';
import { checkShutdown, modelNotFound } from './lifecycle.mjs';

const SIZE_RE = /^(\d{1,5})x(\d{1,5})$/;

/**
 * @param {object} body parsed JSON object
 * @param {{modelPolicy: 'strict'|'deployment'|'any', deployment?: string, provider: 'openai'|'azure', today: string}} opts
 *   strict: `model` required and known (OpenAI, compatibles); deployment: the Azure deployment route,
 *   where the deployment picks the model; any: the Azure v1 route, where `model` names a deployment.
 *   today: the day shutdowns are judged on (lifecycle.mjs).
 */
export function validateGenerations(body, opts) {
  return validateBody(body, opts, { known: GENERATION_PARAMS, paramsFor: generationParamsFor, surface: 'generations' });
}

/**
 * The text fields of an edit (already converted: integers and booleans arrive as text in a form).
 * Same options as validateGenerations; the files are checked apart (uploads.mjs).
 */
export function validateEdits(fields, opts, { extraKnown = [] } = {}) {
  return validateBody(fields, opts, {
    known: new Set([...EDIT_PARAMS, ...extraKnown]),
    paramsFor: (spec) => new Set([...editParamsFor(spec), ...extraKnown]),
    surface: 'edits',
    supports: (model, spec) => (spec.edits ? null : openaiError(400, `The model '${model}' does not support image edits.`, { param: 'model', code: 'invalid_value' })),
    extraChecks: (p, spec) => checkEnum(p, 'input_fidelity', spec.inputFidelity ?? []),
  });
}

function validateBody(body, { modelPolicy, deployment, provider, today }, { known, paramsFor, surface, supports = () => null, extraChecks = () => null }) {
  // Azure resolves the deployment before it reads the body: a retired one is 410 whatever the body says.
  if (provider === 'azure') {
    const early = pickModel(body, modelPolicy, deployment);
    const gone = early.error ? null : checkShutdown({ model: early.model, provider, today, deployment: deployment ?? body.model });
    if (gone) return { error: gone };
  }
  for (const key of Object.keys(body)) if (!known.has(key)) return { error: unknownParameter(key) };
  for (const [key, value] of Object.entries(body)) {
    if (value === null) return { error: invalidType(key, expectedType(key), null) };
  }

  const picked = pickModel(body, modelPolicy, deployment);
  if (picked.error) return picked;
  const { model } = picked;
  if (provider !== 'azure') {
    const gone = checkShutdown({ model, provider, today });
    if (gone) return { error: gone };
  }
  const spec = MODELS[model];
  const unsupported = supports(model, spec);
  if (unsupported) return { error: unsupported };

  const allowed = paramsFor(spec);
  for (const key of Object.keys(body)) if (!allowed.has(key)) return { error: unknownParameter(key) };

  const error = checkPrompt(body.prompt, spec) ?? checkParams(body, spec, provider, surface) ?? extraChecks(body, spec) ?? checkCombinations(body, surface);
  return error ? { error } : { model, modelSpec: spec, params: body };
}

function pickModel(body, policy, deployment) {
  const { model } = body;
  if (model !== undefined && typeof model !== 'string') return { error: invalidType('model', 'a string', model) };
  if (policy === 'deployment') {
    // The deployment decides; a body `model` naming a known model is honoured so one fake
    // deployment can stand in for any model, anything else in it is ignored like Azure does.
    if (MODELS[deployment]) return { model: deployment };
    return { model: MODELS[model] ? model : AZURE_DEFAULT_MODEL };
  }
  if (model === undefined) return { error: openaiError(400, "Missing required parameter: 'model'.", { param: 'model', code: 'missing_required_parameter' }) };
  if (policy === 'any') {
    if (model === '') return { error: emptyString('model') };
    return { model: MODELS[model] ? model : AZURE_DEFAULT_MODEL };
  }
  if (!MODELS[model]) return { error: modelNotFound(model) };
  return { model };
}

function checkPrompt(prompt, spec) {
  if (prompt === undefined) return openaiError(400, "Missing required parameter: 'prompt'.", { param: 'prompt', code: 'missing_required_parameter' });
  if (typeof prompt !== 'string') return invalidType('prompt', 'a string', prompt);
  if (prompt.length === 0) return emptyString('prompt');
  if (spec.maxPromptChars && prompt.length > spec.maxPromptChars) {
    return openaiError(400, `Invalid 'prompt': string too long. Expected a string with maximum length ${spec.maxPromptChars}, but got a string with length ${prompt.length} instead.`, { param: 'prompt', code: 'string_above_max_length' });
  }
  return null;
}

// Output formats a model offers on a surface and provider: svg is generations-only; Azure: png, jpeg.
function outputFormats(spec, provider, surface) {
  let formats = spec.outputFormats ?? [];
  if (surface !== 'generations') formats = formats.filter((f) => f !== 'svg');
  if (provider === 'azure') formats = formats.filter((f) => f === 'png' || f === 'jpeg');
  return formats;
}

function checkParams(p, spec, provider, surface) {
  return checkInteger(p, 'n', 1, 10)
    ?? (p.n !== undefined && p.n > spec.maxN ? openaiError(400, `You must provide n=${spec.maxN} for this model.`, { param: 'n', code: 'invalid_value' }) : null)
    ?? checkSize(p.size, spec)
    ?? checkEnum(p, 'quality', spec.qualities ?? [])
    ?? checkEnum(p, 'response_format', ['url', 'b64_json'])
    ?? checkEnum(p, 'style', ['vivid', 'natural'])
    ?? checkEnum(p, 'output_format', outputFormats(spec, provider, surface))
    ?? checkInteger(p, 'output_compression', 0, 100)
    ?? checkEnum(p, 'background', ['transparent', 'opaque', 'auto'])
    ?? checkEnum(p, 'moderation', ['low', 'auto'])
    ?? (p.stream !== undefined && typeof p.stream !== 'boolean' ? invalidType('stream', 'a boolean', p.stream) : null)
    ?? checkInteger(p, 'partial_images', 0, 3)
    ?? checkString(p, 'user', Infinity)
    ?? checkString(p, 'safety_identifier', 128)
    ?? checkEnum(p, 'complexity', ['low', 'medium', 'high'])
    ?? checkInteger(p, 'frame_count', 2, 16)
    ?? checkInteger(p, 'frame_duration_ms', 20, 655_350)
    ?? checkSvgOptions(p.svg);
}

// `svg`: { model?: string, reasoning?: { effort?: low|medium|high } }; nested params are named by path.
function checkSvgOptions(svg) {
  if (svg === undefined) return null;
  if (typeof svg !== 'object' || Array.isArray(svg)) return invalidType('svg', 'an object', svg);
  for (const key of Object.keys(svg)) if (key !== 'model' && key !== 'reasoning') return unknownParameter(`svg.${key}`);
  if (svg.model !== undefined) {
    if (typeof svg.model !== 'string') return invalidType('svg.model', 'a string', svg.model);
    if (svg.model === '') return emptyString('svg.model');
  }
  const { reasoning } = svg;
  if (reasoning === undefined) return null;
  if (reasoning === null || typeof reasoning !== 'object' || Array.isArray(reasoning)) return invalidType('svg.reasoning', 'an object', reasoning);
  for (const key of Object.keys(reasoning)) if (key !== 'effort') return unknownParameter(`svg.reasoning.${key}`);
  const effort = { 'svg.reasoning.effort': reasoning.effort };
  return checkEnum(effort, 'svg.reasoning.effort', ['low', 'medium', 'high']);
}

function checkCombinations(p, surface) {
  const format = p.output_format ?? 'png';
  if (format === 'svg' && p.n !== undefined && p.n !== 1) {
    return openaiError(400, "You must provide n=1 with output_format 'svg'.", { param: 'n', code: 'invalid_value' });
  }
  if (p.svg !== undefined && format !== 'svg') {
    return openaiError(400, `svg is only supported with output_format 'svg', but the output format is '${format}'.`, { param: 'svg', code: 'invalid_value' });
  }
  if (format === 'gif' || format === 'svg') {
    if (p.stream === true) return openaiError(400, `Streaming is not supported for the '${format}' output format.`, { param: 'stream', code: 'invalid_value' });
    if (p.partial_images !== undefined) return openaiError(400, `partial_images is not supported for the '${format}' output format.`, { param: 'partial_images', code: 'invalid_value' });
  }
  if (p.background === 'transparent' && format !== 'png' && format !== 'webp') {
    return openaiError(400, `Transparent background is not supported for the '${format}' output format. Use 'png' or 'webp'.`, { param: 'background', code: 'invalid_value' });
  }
  if (p.output_compression !== undefined && format !== 'jpeg' && format !== 'webp') {
    return openaiError(400, `output_compression is only supported with the 'jpeg' and 'webp' output formats, but the output format is '${format}'.`, { param: 'output_compression', code: 'invalid_value' });
  }
  if (p.partial_images !== undefined && p.stream !== true) {
    return openaiError(400, 'partial_images is only supported when stream is true.', { param: 'partial_images', code: 'invalid_value' });
  }
  for (const key of ['frame_count', 'frame_duration_ms']) {
    if (p[key] !== undefined && format !== 'gif') {
      return openaiError(400, `${key} is only supported with output_format 'gif'.`, { param: key, code: 'invalid_value' });
    }
  }
  return null;
}

function checkSize(size, spec) {
  if (size === undefined) return null;
  if (typeof size !== 'string') return invalidType('size', 'a string', size);
  if (spec.sizes.includes(size)) return null;
  const free = spec.freeSizes;
  const m = SIZE_RE.exec(size);
  if (!free || !m) return invalidValue('size', size, free ? [...spec.sizes, 'WIDTHxHEIGHT'] : spec.sizes);
  return checkFreeSize(Number(m[1]), Number(m[2]), free);
}

/** The free-size rules on a width and height (exported for the boundary tests). */
export function checkFreeSize(w, h, free) {
  const size = `${w}x${h}`;
  const [long, short] = [Math.max(w, h), Math.min(w, h)];
  const bad = (why) => openaiError(400, `Invalid size '${size}'. ${why}`, { param: 'size', code: 'invalid_value' });
  if (short < free.minSide) return bad(`Width and height must be at least ${free.minSide} pixels.`);
  if (w % free.multipleOf || h % free.multipleOf) return bad(`Width and height must both be multiples of ${free.multipleOf}.`);
  if (long > short * free.maxAspect) return bad(`The aspect ratio must be between 1:${free.maxAspect} and ${free.maxAspect}:1.`);
  if (long > free.maxSide) return bad(`The long side must be at most ${free.maxSide} pixels.`);
  if (w * h < free.minPixels || w * h > free.maxPixels) {
    return bad(`The image must have between ${free.minPixels.toLocaleString('en-US')} and ${free.maxPixels.toLocaleString('en-US')} pixels in total, but ${size} has ${(w * h).toLocaleString('en-US')}.`);
  }
  return null;
}

export function checkEnum(p, key, values) {
  const v = p[key];
  if (v === undefined) return null;
  if (typeof v !== 'string') return invalidType(key, 'a string', v);
  return values.includes(v) ? null : invalidValue(key, v, values);
}

export function checkInteger(p, key, min, max) {
  const v = p[key];
  if (v === undefined) return null;
  if (typeof v !== 'number' || !Number.isInteger(v)) return invalidType(key, 'an integer', v);
  if (v < min) return openaiError(400, `Invalid '${key}': integer below minimum value. Expected a value >= ${min}, but got ${v} instead.`, { param: key, code: 'integer_below_min_value' });
  if (v > max) return openaiError(400, `Invalid '${key}': integer above maximum value. Expected a value <= ${max}, but got ${v} instead.`, { param: key, code: 'integer_above_max_value' });
  return null;
}

export function checkString(p, key, maxLength) {
  const v = p[key];
  if (v === undefined) return null;
  if (typeof v !== 'string') return invalidType(key, 'a string', v);
  if (v.length > maxLength) return openaiError(400, `Invalid '${key}': string too long. Expected a string with maximum length ${maxLength}, but got a string with length ${v.length} instead.`, { param: key, code: 'string_above_max_length' });
  return null;
}

function emptyString(param) {
  return openaiError(400, `Invalid '${param}': empty string. Expected a string with minimum length 1, but got an empty string instead.`, { param, code: 'empty_string' });
}

/** How the API names a parameter's type in invalid_type messages. */
export function expectedType(key) {
  if (['n', 'output_compression', 'partial_images', 'frame_count', 'frame_duration_ms'].includes(key)) return 'an integer';
  if (key === 'stream') return 'a boolean';
  if (key === 'svg' || key === 'mask' || key === 'markup') return 'an object';
  if (key === 'images') return 'an array';
  return 'a string';
}
