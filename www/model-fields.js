// What the page shows and offers for a model, derived only from its ModelInfo row as the library
// returns it (`client.listModels()`, or `models()` when the API cannot list): the status line, the
// picker's label and group, the facts under the picker, and the form fields the model takes on an
// endpoint with the current output format. Nothing here knows a model name or a capability: a new
// row in the library's table (or one the API lists) shows up here without a change.

import { formatCount } from "./format.js";

/**
 * The picker's groups, in display order: the listed models by status, every shut-down model, then
 * the table's models the API did not list (`listed: false`; rows without the flag come from the
 * table alone, when the API could not list, and are grouped by status).
 */
export const MODEL_GROUPS = [
  { label: "Current", has: (m) => m.listed !== false && m.status === "current" },
  { label: "Retiring", has: (m) => m.listed !== false && m.status === "retiring" },
  { label: "Shut down", has: (m) => m.status === "shut_down" },
  { label: "Not listed by this API", has: (m) => m.listed === false && m.status !== "shut_down" },
];

/** Which group of MODEL_GROUPS a model is shown in ("Other" for a status the page does not know). */
export function groupOf(model) {
  return MODEL_GROUPS.find((g) => g.has(model))?.label ?? "Other";
}

/** "retiring on 2027-04-21", "shut down on 2026-12-01 → gpt-image-2", or "current". */
export function statusText(model) {
  const date = model.shutdownDate ? ` on ${model.shutdownDate}` : "";
  const next = model.replacement ? ` → ${model.replacement}` : "";
  switch (model.status) {
    case "retiring": return `retiring${date}${next}`;
    case "shut_down": return `shut down${date}${next}`;
    default: return "current";
  }
}

/** The option text: the id, its status when it is not current, and whether the table knows it. */
export function modelLabel(model) {
  const notes = [];
  if (model.status !== "current") notes.push(statusText(model));
  if (model.listed === false) notes.push("not listed by this API");
  if (model.known === false) notes.push("not in the library's table");
  return notes.length > 0 ? `${model.id} (${notes.join("; ")})` : model.id;
}

/** The facts under the model select, as [text, link?] parts (the source is a public URL). */
export function modelFacts(model) {
  const status = {
    current: "Current",
    retiring: `Retiring${model.shutdownDate ? ` on ${model.shutdownDate}` : ""}: still served until then`,
    shut_down: `Shut down${model.shutdownDate ? ` on ${model.shutdownDate}` : ""}: requests are refused`,
  }[model.status] ?? String(model.status);
  const facts = [
    model.replacement && model.status !== "current" ? `${status}; replacement ${model.replacement}` : status,
    model.known === false ? "listed by the API but not in the library's table: only the universal checks apply" : null,
    model.listed === false ? "in the library's table, but this API did not list it" : null,
    model.maxN === 1 ? "1 image per request" : `up to ${model.maxN} images per request`,
    model.maxPromptChars ? `prompts up to ${formatCount(model.maxPromptChars)} characters` : "no known prompt limit",
    model.endpoints.length > 0 ? `endpoints: ${model.endpoints.join(", ")}` : null,
    model.outputFormats.length > 0 ? `formats: ${model.outputFormats.join(", ")}` : null,
    model.markup ? "markup edits" : null,
  ].filter(Boolean);
  return { text: `${facts.join(" · ")}.`, source: model.source };
}

/** Whether the model serves an endpoint of the API: "generations", "edits" or "variations". */
export function serves(model, endpoint) {
  return model.endpoints.includes(endpoint);
}

/**
 * The default model for an endpoint: `preferred` when it is listed, current and serves it, else the
 * first listed current model that serves it, else any current one, else the first that serves it at
 * all (never a shut-down one while another is left).
 */
export function defaultModel(list, endpoint = "generations", preferred = "gpt-image-2.6-sunburst") {
  const serving = list.filter((m) => serves(m, endpoint));
  const current = serving.filter((m) => m.status === "current");
  const listed = current.filter((m) => m.listed !== false);
  return listed.find((m) => m.id === preferred) ?? listed[0] ?? current[0]
    ?? serving.find((m) => m.status !== "shut_down") ?? serving[0] ?? list[0];
}

/**
 * The form fields for a model on an endpoint ("generations" or "edits") while `format` is the picked
 * output format ("" when not set), in display order. Each is `{ name, label, kind: "textarea" | "size"
 * | "select" | "text" | "number" | "checkbox", options?, hint?, enabledBy?, id? }`, where `name` is the
 * wire name (dotted for nested params: "svg.model"), and `enabledBy` names the checkbox the field
 * needs (it is disabled and not sent while that box is unchecked).
 */
export function paramFieldsFor(model, endpoint = "generations", format = "") {
  const editing = endpoint === "edits";
  const formats = editing ? model.editOutputFormats ?? model.outputFormats : model.outputFormats;
  const svg = format === "svg" && model.svg && !editing;
  const gif = format === "gif" && model.gif;
  const fields = [
    { name: "prompt", label: "Prompt", kind: "textarea" },
    sizeField(model),
  ];
  if (model.qualities.length > 0) fields.push({ name: "quality", label: "Quality", kind: "select", options: model.qualities });
  fields.push(countField(model, svg));
  if (formats.length > 0) {
    fields.push({
      name: "output_format",
      label: "Output format",
      kind: "select",
      options: formats,
      hint: model.svg && !editing ? "svg: one image, written as SVG text (generations only)." : undefined,
    });
  }
  if (format === "jpeg" || format === "webp") {
    fields.push({ name: "output_compression", label: "Output compression (%)", kind: "text", inputMode: "numeric", hint: "0 to 100." });
  }
  if (gif) fields.push(...gifFields(model.gif));
  if (svg) fields.push(...svgFields());
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
  if (model.complexities.length > 0) {
    fields.push({ name: "complexity", label: "Complexity", kind: "select", options: model.complexities });
  }
  if (editing && model.inputFidelities.length > 0) {
    fields.push({
      name: "input_fidelity",
      label: "Input fidelity",
      kind: "select",
      options: model.inputFidelities,
      hint: "How closely the result keeps details of the input images, such as faces.",
    });
  }
  // GIF and SVG answers are never streamed.
  if (model.streaming && format !== "gif" && format !== "svg") fields.push(...streamingFields());
  return fields;
}

// n: a choice from 1 to the model's maximum (exactly 1 for SVG output).
function countField(model, svg) {
  const max = svg ? 1 : Math.max(1, model.maxN);
  return {
    name: "n",
    label: "Number of images (n)",
    kind: "select",
    inputMode: "numeric",
    options: Array.from({ length: max }, (_, i) => String(i + 1)),
    hint: svg ? "SVG output makes exactly 1 image per request." : max === 1 ? "This model makes exactly 1 image per request." : `1 to ${max}.`,
  };
}

function gifFields({ frameCount, frameDurationMs }) {
  return [
    {
      name: "frame_count",
      label: "Frames",
      kind: "number",
      min: frameCount.min,
      max: frameCount.max,
      step: 1,
      placeholder: String(frameCount.default),
      hint: `${frameCount.min} to ${frameCount.max} (default ${frameCount.default}). All frames share one sheet: more frames, smaller frames.`,
    },
    {
      name: "frame_duration_ms",
      label: "Frame duration (ms)",
      kind: "number",
      min: frameDurationMs.min,
      max: frameDurationMs.max,
      step: frameDurationMs.step,
      placeholder: String(frameDurationMs.default),
      hint: `${formatCount(frameDurationMs.min)} to ${formatCount(frameDurationMs.max)} in steps of ${frameDurationMs.step} (default ${frameDurationMs.default}).`,
    },
  ];
}

// The `svg` object param: the text model that writes the SVG, and how hard it reasons.
function svgFields() {
  return [
    {
      name: "svg.model",
      id: "param-svg-model",
      label: "SVG writer model",
      kind: "text",
      placeholder: "API default",
      hint: "Optional: the text model that writes the SVG (billed as text tokens).",
    },
    {
      name: "svg.reasoning.effort",
      id: "param-svg-effort",
      label: "SVG reasoning effort",
      kind: "select",
      options: ["low", "medium", "high"],
    },
  ];
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
      hint: `Or any WIDTHxHEIGHT: both sides multiples of ${sizes.multipleOf}, long side up to ${formatCount(sizes.maxLongSide)}, ` +
        `aspect ratio up to ${sizes.maxAspect}:1, ${formatCount(sizes.minPixels)} to ${formatCount(sizes.maxPixels)} pixels in all; ` +
        `above ${formatCount(sizes.experimentalAbovePixels)} pixels is experimental.`,
    };
  }
  return { name: "size", label: "Size", kind: "size", options: sizes.values, custom: false };
}
