// The size of an edit's output when the request leaves it to the model (`size` absent or "auto"):
// the first input image's size, rounded to one the model serves. Fixed-size models pick the size
// whose aspect ratio is nearest the input's; free-size models (gpt-image-2 family) keep the
// aspect (clamped to their limit) and round both sides to their multiple (down, or up when that
// is needed to reach the pixel minimum), within their pixel and side limits. DALL·E 2 has no
// "auto": its documented default is 1024x1024.

/**
 * @param {string|undefined} size the validated `size` parameter
 * @param {object} spec the model's row in models.mjs
 * @param {{width: number, height: number}} first the first input image
 * @returns {{width: number, height: number}}
 */
export function editOutputSize(size, spec, first) {
  if (size !== undefined && size !== 'auto') {
    const [width, height] = size.split('x').map(Number);
    return { width, height };
  }
  if (spec.freeSizes) return roundToFreeSize(first, spec.freeSizes);
  const fixed = spec.sizes.filter((s) => s !== 'auto').map((s) => s.split('x').map(Number));
  if (!spec.sizes.includes('auto')) return { width: 1024, height: 1024 };
  const aspect = Math.log(first.width / first.height);
  let best = fixed[0];
  for (const candidate of fixed) {
    if (Math.abs(Math.log(candidate[0] / candidate[1]) - aspect) < Math.abs(Math.log(best[0] / best[1]) - aspect)) best = candidate;
  }
  return { width: best[0], height: best[1] };
}

function roundToFreeSize({ width, height }, { multipleOf, minSide, maxSide, minPixels = 0, maxPixels, maxAspect }) {
  const smallest = Math.ceil(minSide / multipleOf) * multipleOf;
  let long = Math.max(width, height);
  let short = Math.min(width, height);
  long = Math.min(long, short * maxAspect);
  let scale = Math.min(1, maxSide / long, Math.sqrt(maxPixels / (long * short)));
  scale = Math.max(scale, minSide / short, Math.sqrt(minPixels / (long * short)));
  const sides = (round) => {
    const s = Math.max(round(short * scale), smallest);
    return [Math.min(Math.max(round(long * scale), s), s * maxAspect), s];
  };
  // Round down, unless that falls under the pixel minimum: then up.
  let [l, s] = sides((v) => Math.floor(v / multipleOf) * multipleOf);
  if (l * s < minPixels) [l, s] = sides((v) => Math.ceil(v / multipleOf) * multipleOf);
  return width >= height ? { width: l, height: s } : { width: s, height: l };
}
