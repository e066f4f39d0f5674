// POST .../images/edits: route access (Azure api-version, auth), then one of two bodies:
//   multipart/form-data: the form (form.mjs), its text fields checked like a generations body
//     (validate.mjs, with the edit parameter set), its files (uploads.mjs): `image`/`image[]`,
//     `mask`, and `markup` (2.5/2.6; a file part, so a text field named markup is invalid_type);
//   application/json (GPT models): image references instead of files (edits-json.mjs).
// Then the success response shared with generations (results.mjs): images of the requested size,
// or of the first input's size rounded for the model (output-size.mjs); `stream: true` streams
// `image_edit.*` events.

import { checkRouteAccess } from './access.mjs';
import { readForm } from './form.mjs';
import { validateEdits } from './validate.mjs';
import { checkEditFiles } from './uploads.mjs';
import { editOutputSize } from './output-size.mjs';
import { gptResult, dalleResult } from './results.mjs';
import { inputImageTokens } from './usage.mjs';
import { EDIT_PARAMS } from './models.mjs';
import { unknownParameter } from './errors.mjs';
import { handleJsonEdit, isJsonContentType } from './edits-json.mjs';

const FILE_FIELDS = ['image', 'image[]', 'mask', 'markup'];

/** @param {object} ctx see generations.mjs; ctx.multipart is the body parsed by the handler */
export function handleEdits(ctx) {
  const { route } = ctx;
  const denied = checkRouteAccess(ctx);
  if (denied) return denied;
  if (isJsonContentType(ctx.headers['content-type'])) return handleJsonEdit(ctx);

  const form = readForm(ctx.headers['content-type'], ctx.multipart, { textFields: EDIT_PARAMS, fileFields: FILE_FIELDS });
  if (form.error) return form.error;
  const checked = validateEdits(form.fields, {
    modelPolicy: route.modelPolicy, deployment: ctx.pathParams.deployment, provider: route.provider, today: ctx.today,
  });
  if (checked.error) return checked.error;
  if (form.files.has('markup') && !checked.modelSpec.markup) return unknownParameter('markup');
  const uploads = checkEditFiles(form.files, { spec: checked.modelSpec, params: checked.params, provider: route.provider });
  if (uploads.error) return uploads.error;

  const { width, height } = editOutputSize(checked.params.size, checked.modelSpec, uploads.images[0]);
  if (checked.modelSpec.family !== 'gpt') return dalleResult(checked, ctx, { width, height });
  const imageTokens = uploads.images.reduce((sum, image) => sum + inputImageTokens(image.width, image.height), 0);
  return gptResult(checked, ctx, { width, height, events: 'image_edit', imageTokens });
}
