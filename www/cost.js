// The cost line under the form, from the library's estimateCost(params).

import { formatCount, formatUsd } from "./format.js";

/**
 * @param {{outputTokens?: number, usd: number} | undefined} estimate
 * @param {{n?: unknown}} params the params it was computed for (the estimate covers all n images)
 */
export function describeCost(estimate, params) {
  if (!estimate) return "Estimated cost: unknown for these settings.";
  const count = Number.isInteger(params.n) && params.n > 0 ? params.n : 1;
  const images = count === 1 ? "1 image" : `${count} images`;
  const tokens = estimate.outputTokens === undefined ? "" : `, ${formatCount(estimate.outputTokens)} output tokens`;
  return `Estimated cost: ≈ ${formatUsd(estimate.usd)} for ${images}${tokens}.`;
}
