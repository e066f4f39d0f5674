// Checks a generations request body (or the text fields of an edit) the way the real API does: one
// error at a time, first problem wins, with the real error codes (unknown_parameter, invalid_type,
// invalid_value, ...). Returns { error } (a response) or { model, modelSpec, params } when valid.

import { MODELS, AZURE_DEFAULT_MODEL, GENERATION_PARAMS, generationParamsFor, EDIT_PARAMS, editParamsFor } from './models.mjs';
import { openaiError, invalidValue, unknownParameter, invalidType } from './errors.mjs';

const SIZE_RE = /^(\d{1,5})x(\d{1,5})$/;

/**
 * @param {object} body parsed JSON object
 * @param {{modelPolicy: 'strict'|'deployment'|'any', deployment?: string, provider: 'openai'|'azure'}} opts
 *   strict: `model` required and known (OpenAI, compatibles); deployment: the Azure deployment route,
 *   where the deployment picks the model; any: the Azure v1 route, where `model` names a deployment.
 */
export function validateGenerations(body, opts) {
  return validateBody(body, opts, { known: GENERATION_PARAMS, paramsFor: generationParamsFor });
}

/**
 * The text fields of an edit (already converted: integers and booleans arrive as text in a form).
 * Same options as validateGenerations; the files are checked apart (uploads.mjs).
 */
export function validateEdits(fields, opts) {
  return validateBody(fields, opts, {
    known: EDIT_PARAMS,
    paramsFor: editParamsFor,
    supports: (model, spec) => (spec.edits ? null : openaiError(400, `The model '${model}' does not support image edits.`, { param: 'model', code: 'invalid_value' })),
    extraChecks: (p, spec) => checkEnum(p, 'input_fidelity', spec.inputFidelity ?? []) ?? checkString(p, 'markup', 32000),
  });
}

function validateBody(body, { modelPolicy, deployment, provider }, { known, paramsFor, supports = () => null, extraChecks = () => null }) {
  for (const key of Object.keys(body)) if (!known.has(key)) return { error: unknownParameter(key) };
  for (const [key, value] of Object.entries(body)) {
    if (value === null) return { error: invalidType(key, expectedType(key), null) };
  }

  const picked = pickModel(body, modelPolicy, deployment);
  if (picked.error) return picked;
  const { model } = picked;
  const spec = MODELS[model];
  const unsupported = supports(model, spec);
  if (unsupported) return { error: unsupported };

  const allowed = paramsFor(spec);
  for (const key of Object.keys(body)) if (!allowed.has(key)) return { error: unknownParameter(key) };

  const error = checkPrompt(body.prompt, spec) ?? checkParams(body, spec, provider) ?? extraChecks(body, spec) ?? checkCombinations(body);
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
  if (!MODELS[model]) {
    return { error: openaiError(404, `The model '${model}' does not exist or you do not have access to it.`, { code: 'model_not_found' }) };
  }
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

function checkParams(p, spec, provider) {
  return checkInteger(p, 'n', 1, 10)
    ?? (p.n !== undefined && p.n > spec.maxN ? openaiError(400, `You must provide n=${spec.maxN} for this model.`, { param: 'n', code: 'invalid_value' }) : null)
    ?? checkSize(p.size, spec)
    ?? checkEnum(p, 'quality', spec.qualities ?? [])
    ?? checkEnum(p, 'response_format', ['url', 'b64_json'])
    ?? checkEnum(p, 'style', ['vivid', 'natural'])
    ?? checkEnum(p, 'output_format', provider === 'azure' ? spec.outputFormats?.filter((f) => f === 'png' || f === 'jpeg') ?? [] : spec.outputFormats ?? [])
    ?? checkInteger(p, 'output_compression', 0, 100)
    ?? checkEnum(p, 'background', ['transparent', 'opaque', 'auto'])
    ?? checkEnum(p, 'moderation', ['low', 'auto'])
    ?? (p.stream !== undefined && typeof p.stream !== 'boolean' ? invalidType('stream', 'a boolean', p.stream) : null)
    ?? checkInteger(p, 'partial_images', 0, 3)
    ?? checkString(p, 'user', Infinity)
    ?? checkString(p, 'safety_identifier', 128)
    ?? checkEnum(p, 'complexity', ['low', 'medium', 'high'])
    ?? checkInteger(p, 'frame_count', 2, 16)
    ?? checkInteger(p, 'frame_duration_ms', 10, 10000);
}

function checkCombinations(p) {
  const format = p.output_format ?? 'png';
  if (p.background === 'transparent' && format !== 'png' && format !== 'webp') {
    return openaiError(400, `Transparent background is not supported for the '${format}' output format. Use 'png' or 'webp'.`, { param: 'background', code: 'invalid_value' });
  }
  if (p.output_compression !== undefined && format !== 'jpeg' && format !== 'webp') {
    return openaiError(400, `output_compression is only supported with the 'jpeg' and 'webp' output formats, but the output format is '${format}'.`, { param: 'output_compression', code: 'invalid_value' });
  }
  if (p.partial_images !== undefined && p.stream !== true) {
    return openaiError(400, 'partial_images is only supported when stream is true.', { param: 'partial_images', code: 'invalid_value' });
  }
  if (p.stream === true && format === 'gif') {
    return openaiError(400, "Streaming is not supported for the 'gif' output format.", { param: 'stream', code: 'invalid_value' });
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
  const [w, h] = [Number(m[1]), Number(m[2])];
  const [long, short] = [Math.max(w, h), Math.min(w, h)];
  const bad = (why) => openaiError(400, `Invalid size '${size}'. ${why}`, { param: 'size', code: 'invalid_value' });
  if (short < free.minSide) return bad(`Width and height must be at least ${free.minSide} pixels.`);
  if (w % free.multipleOf || h % free.multipleOf) return bad(`Width and height must both be multiples of ${free.multipleOf}.`);
  if (long > short * free.maxAspect) return bad(`The aspect ratio must be between 1:${free.maxAspect} and ${free.maxAspect}:1.`);
  if (long > free.maxSide || w * h > free.maxPixels) {
    return bad(`The long side must be at most ${free.maxSide} pixels and the image at most ${free.maxPixels.toLocaleString('en-US')} pixels.`);
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
  return 'a string';
}
