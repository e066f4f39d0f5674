// The cost lines: before sending, from the library's estimateCost(params) (or a plain "known after
// generation" for models whose ModelInfo says the price cannot be estimated beforehand); after, from
// the result's `cost`, which the library computes from the usage the API returned.

import { formatCount, formatUsd } from "./format.js";

/**
 * The line under the form.
 * @param {{outputTokens?: number, usd: number} | undefined} estimate
 * @param {{n?: unknown, output_format?: unknown}} params the params it was computed for (the estimate covers all n images)
 * @param {{editing?: boolean, model?: {estimable?: boolean} | null}} [context] edits also bill their input
 *   images, which the estimate leaves out; a model with `estimable: false` has no figure before sending
 */
export function describeCost(estimate, params, { editing = false, model = null } = {}) {
  const svgNote = params.output_format === "svg" ? " SVG also bills the writer model's text tokens." : "";
  if (!estimate) {
    if (model && model.estimable === false) {
      return "Estimated cost: shown after generation. No formula gives this model's price before sending; " +
        `the library bills it from the usage the API returns.${svgNote}`;
    }
    return `Estimated cost: unknown for these settings.${svgNote}`;
  }
  const count = Number.isInteger(params.n) && params.n > 0 ? params.n : 1;
  const images = count === 1 ? "1 image" : `${count} images`;
  const tokens = estimate.outputTokens === undefined ? "" : `, ${formatCount(estimate.outputTokens)} output tokens`;
  const line = `≈ ${formatUsd(estimate.usd)} for ${images}${tokens}`;
  return editing
    ? `Estimated output cost: ${line}; the input images are billed on top.${svgNote}`
    : `Estimated cost: ${line}.${svgNote}`;
}

/**
 * The cost of a finished request, from `result.cost` ({usd, inputTokens?, outputTokens?}).
 * @returns {string}
 */
export function describeResultCost(cost) {
  if (!cost || typeof cost.usd !== "number") return "not known (no usage returned, or no price for this model)";
  const tokens = [["input", cost.inputTokens], ["output", cost.outputTokens]]
    .filter(([, n]) => typeof n === "number")
    .map(([name, n]) => `${formatCount(n)} ${name}`);
  return `${formatUsd(cost.usd)}${tokens.length > 0 ? ` (${tokens.join(" + ")} tokens)` : ""}, from the returned usage`;
}
