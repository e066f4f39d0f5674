// POST .../images/variations (DALL·E 2 only; OpenAI retired it, compatible providers serve it):
// a multipart form with one square PNG under 4 MB in `image` and the text fields `model`
// (optional, dall-e-2 is the default and the only model), `n` 1-10, `size`, `response_format`,
// `user`. No prompt, no mask: both are unknown parameters here. dall-e-2 is shut down on OpenAI
// from 2026-05-12: from then on the OpenAI-style routes answer 404 model_not_found (lifecycle.mjs).

import { checkRouteAccess } from './access.mjs';
import { readForm } from './form.mjs';
import { checkEnum, checkInteger, checkString } from './validate.mjs';
import { checkVariationFiles } from './uploads.mjs';
import { dalleResult } from './results.mjs';
import { MODELS } from './models.mjs';
import { invalidValue } from './errors.mjs';
import { checkShutdown, modelNotFound } from './lifecycle.mjs';

const TEXT_FIELDS = new Set(['model', 'n', 'size', 'response_format', 'user']);
const MODEL = 'dall-e-2';

export function handleVariations(ctx) {
  const denied = checkRouteAccess(ctx);
  if (denied) return denied;

  const form = readForm(ctx.headers['content-type'], ctx.multipart, { textFields: TEXT_FIELDS, fileFields: ['image', 'image[]'] });
  if (form.error) return form.error;
  const params = form.fields;
  const error = checkModel(params.model)
    ?? checkShutdown({ model: MODEL, provider: ctx.route.provider, today: ctx.today })
    ?? checkInteger(params, 'n', 1, 10)
    ?? checkEnum(params, 'size', MODELS[MODEL].sizes)
    ?? checkEnum(params, 'response_format', ['url', 'b64_json'])
    ?? checkString(params, 'user', Infinity);
  if (error) return error;
  const uploads = checkVariationFiles(form.files);
  if (uploads.error) return uploads.error;

  const [width, height] = (params.size ?? '1024x1024').split('x').map(Number);
  return dalleResult({ model: MODEL, params }, ctx, { width, height });
}

function checkModel(model) {
  if (model === undefined || model === MODEL) return null;
  if (MODELS[model]) return invalidValue('model', model, [MODEL]);
  return modelNotFound(model);
}
