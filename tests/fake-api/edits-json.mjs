// JSON edits: POST .../images/edits with Content-Type application/json (GPT models only), where the
// images are references instead of uploaded files (API_RULES.md "Edit inputs"):
//   images: [{image_url} | {file_id}]  1-16 items; image_url an https URL or a data URL
//           (data:image/png|jpeg|webp;base64,...; Azure: png or jpeg) of at most 20,971,520 chars;
//           file_id like file-abc123
//   mask:   {image_url} | {file_id}     (a data URL must be a PNG with alpha, the first image's size)
//   markup: {image_url} | {file_id}     2.5/2.6 only, never with mask (the fake's reading: the JSON
//           form of the markup file part, checked like mask)
// plus the usual edit fields (moderation included). Nothing is downloaded: an https URL or a file id
// counts as an image of the requested size, else 1024x1024; a data URL is decoded for its header.
// Nested problems name their path as param (`images[1].image_url`, `mask.file_id`). dall-e-2 edits
// are multipart only.

import { parseJsonBody, parseSize } from './generations.mjs';
import { validateEdits } from './validate.mjs';
import { openaiError, unknownParameter, invalidType } from './errors.mjs';
import { readImageHeader, FORMAT_MIME } from './image-headers.mjs';
import { MAX_EDIT_IMAGES, markupWithMask, gifWithMask } from './uploads.mjs';
import { editOutputSize } from './output-size.mjs';
import { gptResult } from './results.mjs';
import { inputImageTokens } from './usage.mjs';

export const MAX_IMAGE_URL_CHARS = 20_971_520;
const JSON_FIELDS = ['images', 'mask', 'markup'];
const GPT_MIMES = { openai: ['image/jpeg', 'image/png', 'image/webp'], azure: ['image/jpeg', 'image/png'] };
const FILE_ID = /^file-[A-Za-z0-9_-]{1,64}$/;
const DATA_URL = /^data:([^;,]*)((?:;[^;,]*)*),/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const isJsonContentType = (contentType) => (contentType ?? '').split(';')[0].trim().toLowerCase() === 'application/json';

export function handleJsonEdit(ctx) {
  const { route } = ctx;
  const parsed = parseJsonBody(ctx.headers['content-type'], ctx.body);
  if (parsed.error) return parsed.error;
  const body = parsed.value;
  const checked = validateEdits(body, {
    modelPolicy: route.modelPolicy, deployment: ctx.pathParams.deployment, provider: route.provider, today: ctx.today,
  }, { extraKnown: JSON_FIELDS });
  if (checked.error) return checked.error;
  const { modelSpec: spec, model } = checked;
  if (spec.family !== 'gpt') {
    return openaiError(400, `The model '${model}' only supports edits sent as multipart/form-data; JSON edits (image references) are for GPT image models.`, { param: 'model', code: 'invalid_value' });
  }
  if (body.markup !== undefined && !spec.markup) return unknownParameter('markup');

  const fallback = body.size && body.size !== 'auto' ? parseSize(body.size) : { width: 1024, height: 1024 };
  const mimes = GPT_MIMES[route.provider];
  const images = checkImageList(body.images, { mimes, fallback });
  if (images.error) return images.error;
  if (body.mask !== undefined && body.markup !== undefined) return markupWithMask();
  if (body.mask !== undefined && (body.output_format ?? 'png') === 'gif') return gifWithMask();
  for (const key of ['mask', 'markup']) {
    if (body[key] === undefined) continue;
    const ref = checkImageRef(body[key], key, { mimes: ['image/png'], fallback });
    if (ref.error) return ref.error;
    const error = checkOverlay(key, ref.facts, images.list[0]);
    if (error) return error;
  }

  const { width, height } = editOutputSize(body.size, spec, images.list[0]);
  const imageTokens = images.list.reduce((sum, image) => sum + inputImageTokens(image.width, image.height), 0);
  return gptResult(checked, ctx, { width, height, events: 'image_edit', imageTokens });
}

function checkImageList(images, opts) {
  if (images === undefined) return { error: openaiError(400, "Missing required parameter: 'images'.", { param: 'images', code: 'missing_required_parameter' }) };
  if (!Array.isArray(images)) return { error: invalidType('images', 'an array', images) };
  if (images.length === 0) {
    return { error: openaiError(400, "Invalid 'images': empty array. Expected an array with minimum length 1, but got an empty array instead.", { param: 'images', code: 'empty_array' }) };
  }
  if (images.length > MAX_EDIT_IMAGES) {
    return { error: openaiError(400, `Invalid 'images': array too long. Expected an array with maximum length ${MAX_EDIT_IMAGES}, but got an array with length ${images.length} instead.`, { param: 'images', code: 'array_above_max_length' }) };
  }
  const list = [];
  for (const [i, ref] of images.entries()) {
    const checked = checkImageRef(ref, `images[${i}]`, opts);
    if (checked.error) return checked;
    list.push(checked.facts);
  }
  return { list };
}

/**
 * One image reference. @returns {{error}} or {{facts: {width, height, hasAlpha: boolean|null}}}
 * (hasAlpha null: not known, nothing was downloaded).
 */
function checkImageRef(ref, label, { mimes, fallback }) {
  if (ref === null || typeof ref !== 'object' || Array.isArray(ref)) return { error: invalidType(label, 'an object', ref) };
  for (const key of Object.keys(ref)) if (key !== 'image_url' && key !== 'file_id') return { error: unknownParameter(`${label}.${key}`) };
  const has = (key) => ref[key] !== undefined;
  if (has('image_url') === has('file_id')) {
    return { error: openaiError(400, `Invalid '${label}': expected an object with exactly one of 'image_url' or 'file_id', but got ${has('image_url') ? 'both' : 'neither'}.`, { param: label, code: 'invalid_value' }) };
  }
  const unknownFacts = { facts: { ...fallback, hasAlpha: null } };
  if (has('file_id')) {
    const param = `${label}.file_id`;
    if (typeof ref.file_id !== 'string') return { error: invalidType(param, 'a string', ref.file_id) };
    if (!FILE_ID.test(ref.file_id)) return { error: openaiError(400, `Invalid '${param}': '${ref.file_id.slice(0, 80)}' is not a file ID (expected an ID like 'file-abc123').`, { param, code: 'invalid_value' }) };
    return unknownFacts;
  }
  const param = `${label}.image_url`;
  const url = ref.image_url;
  if (typeof url !== 'string') return { error: invalidType(param, 'a string', url) };
  if (url.length > MAX_IMAGE_URL_CHARS) {
    return { error: openaiError(400, `Invalid '${param}': string too long. Expected a string with maximum length ${MAX_IMAGE_URL_CHARS}, but got a string with length ${url.length} instead.`, { param, code: 'string_above_max_length' }) };
  }
  if (/^https:\/\//i.test(url)) {
    let parsed;
    try { parsed = new URL(url); } catch { parsed = null; }
    if (parsed?.hostname) return unknownFacts;
  }
  if (/^data:/i.test(url)) return checkDataUrl(url, param, mimes);
  return { error: openaiError(400, `Invalid '${param}': expected an https URL or a base64 data URL (data:image/png;base64,...), but got '${url.slice(0, 40)}${url.length > 40 ? '...' : ''}'.`, { param, code: 'invalid_value' }) };
}

function checkDataUrl(url, param, mimes) {
  const m = DATA_URL.exec(url);
  const mime = (m?.[1] ?? '').toLowerCase();
  const base64 = m && m[2].toLowerCase().split(';').includes('base64');
  if (!m || !base64) return { error: openaiError(400, `Invalid '${param}': a data URL must be base64-encoded (data:image/png;base64,...).`, { param, code: 'invalid_value' }) };
  const supported = `Supported file formats are ${mimes.map((t) => `'${t}'`).join(', ')}.`;
  if (!mimes.includes(mime)) return { error: openaiError(400, `Invalid '${param}': unsupported mimetype ('${mime || 'none'}'). ${supported}`, { param, code: 'unsupported_file_mimetype' }) };
  const payload = url.slice(m[0].length);
  if (payload.length === 0 || payload.length % 4 === 1 || !BASE64.test(payload)) {
    return { error: openaiError(400, `Invalid '${param}': the data URL's base64 payload could not be decoded.`, { param, code: 'invalid_value' }) };
  }
  const bytes = Buffer.from(payload, 'base64');
  const header = readImageHeader(bytes);
  if (!header || FORMAT_MIME[header.format] !== mime) {
    return { error: openaiError(400, `Invalid '${param}': its content (${header ? `'${FORMAT_MIME[header.format]}'` : 'not an image'}) does not match its mimetype ('${mime}'). ${supported}`, { param, code: 'unsupported_file_mimetype' }) };
  }
  if (header.error) return { error: openaiError(400, `Invalid image file or mode for '${param}', please check your image file.`, { type: 'image_generation_user_error', code: 'invalid_image_file' }) };
  return { facts: { width: header.width, height: header.height, hasAlpha: header.hasAlpha } };
}

// A mask or markup reference: alpha and the first image's size, where both are known (data URLs).
function checkOverlay(key, facts, first) {
  if (facts.hasAlpha === null) return null;
  if (!facts.hasAlpha) {
    return key === 'mask'
      ? openaiError(400, 'Invalid mask image format - mask image missing alpha channel', { param: 'mask', code: 'invalid_mask_image_format' })
      : openaiError(400, 'Invalid markup image format - markup image missing alpha channel: draw the marks on a transparent PNG.', { param: 'markup', code: 'invalid_markup_image_format' });
  }
  if (first.hasAlpha !== null && (facts.width !== first.width || facts.height !== first.height)) {
    return openaiError(400, `Invalid ${key} image - the ${key} is ${facts.width}x${facts.height} but the first image is ${first.width}x${first.height}; the ${key} must have the same width and height as the image it applies to.`, { param: key, code: 'invalid_value' });
  }
  return null;
}
