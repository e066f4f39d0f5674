// Checks the files of an edit or variation request (API_RULES.md "Edit inputs"), first problem wins:
//   the image list: `image` once is one file; `image[]` parts and repeated `image` parts make an
//   array (GPT models: 1-16 files; DALL·E 2: an array is refused, it takes exactly one file);
//   each file: declared MIME type present and supported (Azure: no WebP), filename extension
//   matching it, under the size limit, and its bytes really that format (header read, not trusted);
//   DALL·E 2: square PNG under 4 MB; for edits without a mask, a mode with alpha (or plain grey);
//   never mask with markup (2.5/2.6), nor mask with output_format gif;
//   mask: PNG under 4 MB with an alpha channel, the first image's width and height;
//   markup (a file part, never a text field): a PNG with an alpha channel (the marks on a
//   transparent sheet), under the provider's image limit, the first image's width and height.
// Returns { error } or { images: facts[], mask: facts|null, markup: facts|null } (facts:
// image-headers.mjs + size).

import { openaiError } from './errors.mjs';
import { wrongType } from './form.mjs';
import { readImageHeader, FORMAT_MIME } from './image-headers.mjs';

const MB = 1024 * 1024;
export const MAX_EDIT_IMAGES = 16;
export const FILE_LIMITS = { openai: 50 * MB, azure: 20 * MB, small: 4 * MB };

const GPT_MIMES = { openai: ['image/jpeg', 'image/png', 'image/webp'], azure: ['image/jpeg', 'image/png'] };
const PNG_ONLY = ['image/png'];
/** Filename extensions accepted for each type (what Python's mimetypes maps to it). */
const EXTENSIONS = { 'image/png': ['png'], 'image/jpeg': ['jpg', 'jpeg', 'jpe'], 'image/webp': ['webp'] };
const DALLE2_EDIT_MODES = ['RGBA', 'LA', 'L'];

/**
 * @param {Map<string, object[]>} files from readForm
 * @param {{model: string, spec: object, params: object, provider: 'openai'|'azure'}} request
 */
export function checkEditFiles(files, { spec, params, provider }) {
  const dalle2 = spec.family !== 'gpt';
  const list = imageList(files, { single: dalle2 });
  if (list.error) return list;
  const rules = dalle2
    ? { mimes: PNG_ONLY, maxBytes: FILE_LIMITS.small, square: true }
    : { mimes: GPT_MIMES[provider], maxBytes: FILE_LIMITS[provider] };
  const images = [];
  for (const [i, { part, label }] of list.items.entries()) {
    const checked = checkFile(part, label, `image ${i + 1}`, rules);
    if (checked.error) return checked;
    images.push(checked.facts);
  }

  const maskParts = files.get('mask');
  const markupParts = files.get('markup');
  if (maskParts && markupParts) return { error: markupWithMask() };
  if (maskParts && params.output_format === 'gif') return { error: gifWithMask() };
  let mask = null;
  if (maskParts) {
    if (maskParts.length > 1) return { error: wrongType('mask', 'a file', 'an array') };
    const checked = checkFile(maskParts[0], 'mask', 'the mask', { mimes: PNG_ONLY, maxBytes: FILE_LIMITS.small });
    if (checked.error) return checked;
    mask = checked.facts;
    const first = images[0];
    if (!mask.hasAlpha) return { error: openaiError(400, 'Invalid mask image format - mask image missing alpha channel', { param: 'mask', code: 'invalid_mask_image_format' }) };
    if (mask.width !== first.width || mask.height !== first.height) {
      return { error: openaiError(400, `Invalid mask image - the mask is ${mask.width}x${mask.height} but the first image is ${first.width}x${first.height}; the mask must have the same width and height as the image it applies to.`, { param: 'mask', code: 'invalid_value' }) };
    }
  }

  let markup = null;
  if (markupParts) {
    if (markupParts.length > 1) return { error: wrongType('markup', 'a file', 'an array') };
    const checked = checkFile(markupParts[0], 'markup', 'the markup', { mimes: PNG_ONLY, maxBytes: FILE_LIMITS[provider] });
    if (checked.error) return checked;
    markup = checked.facts;
    const first = images[0];
    if (!markup.hasAlpha) return { error: openaiError(400, 'Invalid markup image format - markup image missing alpha channel: draw the marks on a transparent PNG.', { param: 'markup', code: 'invalid_markup_image_format' }) };
    if (markup.width !== first.width || markup.height !== first.height) {
      return { error: openaiError(400, `Invalid markup image - the markup is ${markup.width}x${markup.height} but the first image is ${first.width}x${first.height}; the markup must have the same width and height as the image it applies to.`, { param: 'markup', code: 'invalid_value' }) };
    }
  }

  if (dalle2 && !mask && !DALLE2_EDIT_MODES.includes(images[0].mode)) {
    return { error: openaiError(400, `Invalid input image - format must be in ['RGBA', 'LA', 'L'], got ${images[0].mode}.`, { param: 'image', code: 'invalid_image_format' }) };
  }
  return { images, mask, markup };
}

export const markupWithMask = () => openaiError(400, "'markup' cannot be combined with 'mask': send one of them.", { param: 'markup', code: 'invalid_value' });
export const gifWithMask = () => openaiError(400, "'mask' is not supported with output_format 'gif'.", { param: 'mask', code: 'invalid_value' });

/** Variations (DALL·E 2): exactly one square PNG under 4 MB in `image`; no alpha needed. */
export function checkVariationFiles(files) {
  const list = imageList(files, { single: true });
  if (list.error) return list;
  const checked = checkFile(list.items[0].part, 'image', 'image 1', { mimes: PNG_ONLY, maxBytes: FILE_LIMITS.small, square: true });
  return checked.error ? checked : { images: [checked.facts], mask: null };
}

// The image parts in body order, each with the label errors use: `image` for one file sent as
// `image`, `image[i]` for array items.
function imageList(files, { single }) {
  const parts = [...(files.get('image') ?? []), ...(files.get('image[]') ?? [])].sort((a, b) => a.order - b.order);
  if (parts.length === 0) return { error: openaiError(400, "Missing required parameter: 'image'.", { param: 'image', code: 'missing_required_parameter' }) };
  const isArray = files.has('image[]') || parts.length > 1;
  if (!isArray) {
    const [part] = parts;
    if (part.filename === null) return { error: wrongType('image', single ? 'a file' : 'one of an array of files or file', 'a string') };
    return { items: [{ part, label: 'image' }] };
  }
  if (single) return { error: wrongType('image', 'a file', 'an array') };
  if (parts.length > MAX_EDIT_IMAGES) {
    return { error: openaiError(400, `Invalid 'image': array too long. Expected an array with maximum length ${MAX_EDIT_IMAGES}, but got an array with length ${parts.length} instead.`, { param: 'image', code: 'array_above_max_length' }) };
  }
  const items = parts.map((part, i) => ({ part, label: `image[${i}]` }));
  const text = items.find(({ part }) => part.filename === null);
  if (text) return { error: wrongType(text.label, 'a file', 'a string') };
  return { items };
}

/**
 * @param {{filename: string, contentType: string|null, data: Buffer}} part a file part
 * @param {string} label the param errors name (`image`, `image[2]`, `mask`)
 * @param {string} what how "invalid image file" errors name it (`image 1`, `the mask`)
 * @param {{mimes: string[], maxBytes: number, square?: boolean}} rules
 */
function checkFile(part, label, what, { mimes, maxBytes, square = false }) {
  if (part.filename === null) return { error: wrongType(label, 'a file', 'a string') };
  const unsupported = (message) => ({ error: openaiError(400, `Invalid file '${label}': ${message}. Supported file formats are ${listed(mimes)}.`, { param: label, code: 'unsupported_file_mimetype' }) });
  const declared = (part.contentType ?? '').split(';')[0].trim().toLowerCase();
  if (!declared) {
    return { error: openaiError(400, `Invalid file '${label}': failed to determine mimetype. Ensure you are providing the file's mimetype as part of the 'Content-Type' header.`, { param: label, code: 'missing_file_mimetype' }) };
  }
  if (!mimes.includes(declared)) return unsupported(`unsupported mimetype ('${declared}')`);
  const extension = /\.([^./\\]+)$/.exec(part.filename)?.[1].toLowerCase();
  if (!EXTENSIONS[declared].includes(extension)) {
    return unsupported(`the file name '${part.filename}' has ${extension ? `the extension '.${extension}'` : 'no extension'}, which does not match its mimetype ('${declared}')`);
  }
  if (part.data.length >= maxBytes) {
    const message = maxBytes === FILE_LIMITS.small
      ? `Uploaded image must be a PNG and less than 4 MB (the file '${label}' is ${megabytes(part.data.length)}).`
      : `Invalid file '${label}': the file is ${megabytes(part.data.length)}; each image must be smaller than ${maxBytes / MB} MB.`;
    return { error: openaiError(400, message, { param: label, code: 'file_too_large' }) };
  }
  const header = readImageHeader(part.data);
  if (!header || FORMAT_MIME[header.format] !== declared) {
    return unsupported(`its content (${header ? `'${FORMAT_MIME[header.format]}'` : 'not an image'}) does not match its mimetype ('${declared}')`);
  }
  if (header.error) {
    return { error: openaiError(400, `Invalid image file or mode for ${what}, please check your image file.`, { type: 'image_generation_user_error', code: 'invalid_image_file' }) };
  }
  if (square && header.width !== header.height) {
    return { error: openaiError(400, `Uploaded image must be square, but '${label}' is ${header.width}x${header.height}.`, { param: label, code: 'invalid_value' }) };
  }
  return { facts: { ...header, bytes: part.data.length } };
}

function listed(mimes) {
  const quoted = [...mimes].sort().map((m) => `'${m}'`);
  return quoted.length > 2 ? `${quoted.slice(0, -1).join(', ')}, and ${quoted.at(-1)}` : quoted.join(' and ');
}

const megabytes = (bytes) => `${(bytes / MB).toFixed(1)} MB`;
