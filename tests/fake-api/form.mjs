// Reads a multipart/form-data request the way the Images API's form reader does: the body must be
// multipart; each part names a known field; text fields appear once (a repeat makes an array, which
// no text field accepts) and arrive as text, so integers ("2") and booleans ("true") are converted
// here before the same checks JSON bodies get. File fields are returned as lists of parts, for the
// route to check with the model known (uploads.mjs).

import { openaiError, unknownParameter } from './errors.mjs';
import { expectedType } from './validate.mjs';

/**
 * @param {string|undefined} contentType the request's Content-Type
 * @param {null | {parts: object[]} | {error: string}} multipart the handler's parse (multipart.mjs)
 * @param {{textFields: Set<string>, fileFields: string[]}} known every text field the endpoint knows
 *   for some model, and the file field names (`image[]` is the array form of `image`)
 * @returns {{error: object} | {fields: Record<string, string|number|boolean>, files: Map<string, object[]>}}
 *   files: field name -> its parts, each with `order`, its index in the body
 */
export function readForm(contentType, multipart, { textFields, fileFields }) {
  if (!multipart) {
    const shown = contentType ?? '';
    return { error: openaiError(400, `Unsupported content type: '${shown}'. This API method only accepts 'multipart/form-data' requests, but you specified the header 'Content-Type: ${shown}'. Please try again with a supported content type.`) };
  }
  if (multipart.error) return { error: openaiError(400, `We could not parse the multipart/form-data body of your request (${multipart.error}).`) };

  const byName = new Map();
  for (const [order, part] of multipart.parts.entries()) {
    if (!part.name) return { error: openaiError(400, 'We could not parse the multipart/form-data body of your request (a part has no name).') };
    if (!textFields.has(part.name) && !fileFields.includes(part.name)) return { error: unknownParameter(part.name) };
    if (!byName.has(part.name)) byName.set(part.name, []);
    byName.get(part.name).push({ ...part, order });
  }

  const fields = {};
  const files = new Map();
  for (const [name, parts] of byName) {
    if (fileFields.includes(name)) { files.set(name, parts); continue; }
    const expected = expectedType(name);
    if (parts.length > 1) return { error: wrongType(name, expected, 'an array') };
    if (parts[0].filename !== null) return { error: wrongType(name, expected, 'a file') };
    fields[name] = convert(parts[0].data.toString('utf8'), expected);
  }
  return { fields, files };
}

/** A form value as the type the parameter wants, when it reads as one; otherwise left as text. */
function convert(text, expected) {
  if (expected === 'an integer' && /^[+-]?\d{1,15}$/.test(text)) return Number(text);
  if (expected === 'a boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

export function wrongType(param, expected, got) {
  return openaiError(400, `Invalid type for '${param}': expected ${expected}, but got ${got} instead.`, { param, code: 'invalid_type' });
}
