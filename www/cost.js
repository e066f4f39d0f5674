// The cost line under the form, from the library's estimateCost(params).

import { formatCount, formatUsd } from "./format.js";

/**
 * @param {{outputTokens?: number, usd: number} | undefined} estimate
 * @param {{n?: unknown}} params the params it was computed for (the estimate covers all n images)
 * @param {{editing?: boolean}} [mode] edits also bill their input images, which the estimate leaves out
 */
export function describeCost(estimate, params, { editing = false } = {}) {
  if (!estimate) return "Estimated cost: unknown for these settings.";
  const count = Number.isInteger(params.n) && params.n > 0 ? params.n : 1;
  const images = count === 1 ? "1 image" : `${count} images`;
  const tokens = estimate.outputTokens === undefined ? "" : `, ${formatCount(estimate.outputTokens)} output tokens`;
  const line = `≈ ${formatUsd(estimate.usd)} for ${images}${tokens}`;
  return editing
    ? `Estimated output cost: ${line}; the input images are billed on top.`
    : `Estimated cost: ${line}.`;
}
