// Which request parameters a model takes, derived from its row of the library's capability table
// (`models()`) and the endpoint (generations or edits), as field descriptions the params form
// renders. Nothing here knows model names.

import { formatCount } from "./format.js";

/** "shut down on OpenAI 2026-05-12", or "" for current models. */
export function statusText(model) {
  return model.status.state === "shut_down_on_openai" ? `shut down on OpenAI ${model.status.date}` : "";
}

/** The model select's option text: the id, plus its status when it is not current. */
export function modelLabel(model) {
  const status = statusText(model);
  return status ? `${model.id} (${status})` : model.id;
}

/** One line of facts under the model select. */
export function modelFacts(model) {
  const facts = [
    model.status.state === "current" ? "current" : `${statusText(model)}; Azure or CometAPI may still serve it`,
    model.maxN === 1 ? "1 image per request" : `up to ${model.maxN} images per request`,
    model.maxPromptChars ? `prompts up to ${formatCount(model.maxPromptChars)} characters` : "no known prompt limit",
    `endpoints: ${model.endpoints.join(", ")}`,
  ];
  return `${facts.join(" · ")}. Source: ${model.source}.`;
}

/** Whether the model serves an endpoint of the API: "generations", "edits" or "variations". */
export function serves(model, endpoint) {
  return model.endpoints.includes(endpoint);
}

/**
 * The default model for an endpoint: the first current one that serves it (the table lists newest
 * first), else any that serves it.
 */
export function defaultModel(table, endpoint = "generations") {
  const serving = table.filter((m) => serves(m, endpoint));
  return serving.find((m) => m.status.state === "current") ?? serving[0] ?? table[0];
}

/**
 * The form fields for a model on an endpoint ("generations" or "edits"), in display order. Each is
 * `{ name, label, kind: "textarea" | "size" | "select" | "text" | "checkbox", options?, hint?,
 * enabledBy? }`, where `name` is the wire name the value is sent under and `enabledBy` names the
 * checkbox the field needs (it is disabled and not sent while that box is unchecked).
 */
export function paramFieldsFor(model, endpoint = "generations") {
  const editing = endpoint === "edits";
  const fields = [
    { name: "prompt", label: "Prompt", kind: "textarea" },
    sizeField(model),
  ];
  if (model.qualities.length > 0) fields.push({ name: "quality", label: "Quality", kind: "select", options: model.qualities });
  fields.push({
    name: "n",
    label: "Number of images (n)",
    kind: "text",
    inputMode: "numeric",
    hint: model.maxN === 1 ? "This model makes exactly 1 image per request." : `1 to ${model.maxN}.`,
  });
  if (model.outputFormats.length > 0) {
    fields.push({ name: "output_format", label: "Output format", kind: "select", options: model.outputFormats });
  }
  if (model.outputFormats.some((f) => f === "jpeg" || f === "webp")) {
    fields.push({ name: "output_compression", label: "Output compression (%)", kind: "text", inputMode: "numeric", hint: "0 to 100; for jpeg and webp output." });
  }
  if (model.backgrounds.length > 0) fields.push({ name: "background", label: "Background", kind: "select", options: model.backgrounds });
  if (model.moderations.length > 0) fields.push({ name: "moderation", label: "Moderation", kind: "select", options: model.moderations });
  // `style` is a generations parameter only; the edits endpoint refuses it.
  if (!editing && model.styles.length > 0) fields.push({ name: "style", label: "Style", kind: "select", options: model.styles });
  if (model.responseFormats.length > 0) {
    fields.push({
      name: "response_format",
      label: "Response format",
      kind: "select",
      options: model.responseFormats,
      hint: "url: the API returns a link to its copy; b64_json: the image bytes, decoded into a Blob here.",
    });
  }
  if (model.complexities.length > 0) fields.push({ name: "complexity", label: "Complexity", kind: "select", options: model.complexities });
  if (editing && model.inputFidelities.length > 0) {
    fields.push({
      name: "input_fidelity",
      label: "Input fidelity",
      kind: "select",
      options: model.inputFidelities,
      hint: "How closely the result keeps details of the input images, such as faces.",
    });
  }
  if (editing && model.markup) {
    fields.push({ name: "markup", label: "Markup (send markup: true)", kind: "checkbox", hint: "Never together with a mask." });
  }
  if (model.streaming) fields.push(...streamingFields());
  return fields;
}

// The model streams: a box for `stream: true`, and how many partial images to send before each
// final one (only meaningful, and only sent, while streaming).
function streamingFields() {
  return [
    {
      name: "stream",
      label: "Stream partial images",
      kind: "checkbox",
      hint: "The answer arrives as events; each partial image is shown as soon as it is decoded.",
    },
    {
      name: "partial_images",
      label: "Partial images",
      kind: "select",
      options: ["0", "1", "2", "3"],
      inputMode: "numeric",
      enabledBy: "stream",
      hint: "Previews sent before each final image (0 to 3); needs streaming.",
    },
  ];
}

function sizeField(model) {
  const { sizes } = model;
  if (sizes.kind === "provider_defined") {
    return { name: "size", label: "Size", kind: "size", options: [], custom: true, hint: "The provider defines the sizes it takes; type one as WIDTHxHEIGHT." };
  }
  if (sizes.kind === "free") {
    return {
      name: "size",
      label: "Size",
      kind: "size",
      options: sizes.values,
      custom: true,
      hint: `Or any WIDTHxHEIGHT: both sides multiples of ${sizes.multipleOf}, aspect ratio up to ${sizes.maxAspect}:1, ` +
        `long side up to ${sizes.maxLongSide}, short side up to ${sizes.maxShortSide}; ` +
        `above ${formatCount(sizes.experimentalAbovePixels)} pixels is experimental.`,
    };
  }
  return { name: "size", label: "Size", kind: "size", options: sizes.values, custom: false };
}
