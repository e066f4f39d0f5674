// Which request parameters a model takes, derived from its row of the library's capability table
// (`models()`), as field descriptions the params form renders. Nothing here knows model names.

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

/** The default model: the first current one in the table (the table lists newest first). */
export function defaultModel(table) {
  return table.find((m) => m.status.state === "current") ?? table[0];
}

/**
 * The form fields for a model, in display order. Each is
 * `{ name, label, kind: "textarea" | "size" | "select" | "text", options?, hint? }`, where `name` is
 * the wire name the value is sent under.
 */
export function paramFieldsFor(model) {
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
  // The table has no column for these two yet: `moderation` belongs to the GPT image models and
  // `response_format` to DALL·E, so the family decides.
  if (model.family === "gpt_image") fields.push({ name: "moderation", label: "Moderation", kind: "select", options: ["auto", "low"] });
  if (model.styles.length > 0) fields.push({ name: "style", label: "Style", kind: "select", options: model.styles });
  if (model.family === "dall_e") {
    fields.push({
      name: "response_format",
      label: "Response format",
      kind: "select",
      options: ["url", "b64_json"],
      hint: "url: the API returns a link to its copy; b64_json: the image bytes, decoded into a Blob here.",
    });
  }
  if (model.complexities.length > 0) fields.push({ name: "complexity", label: "Complexity", kind: "select", options: model.complexities });
  return fields;
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
