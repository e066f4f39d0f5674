// Token usage like the real API reports it, from the published per-image output token figures.

// gpt-image-1 family: output tokens per image by quality and size (API_RULES.md "Cost").
const GPT_IMAGE_1_TOKENS = {
  low: { '1024x1024': 272, '1024x1536': 408, '1536x1024': 400 },
  medium: { '1024x1024': 1056, '1024x1536': 1584, '1536x1024': 1568 },
  high: { '1024x1024': 4160, '1024x1536': 6240, '1536x1024': 6208 },
};
// gpt-image-2 formula factor per quality; xhigh and max are not published, these two are the fake's own.
const GPT_IMAGE_2_FACTOR = { low: 16, medium: 48, high: 96, xhigh: 128, max: 160 };
// 2.6 at low/medium uses 3-4x the output tokens of 2.5, high and above the same (third-party
// measurements, API_RULES.md "Cost"): the fake takes 3.5x. 2.5 uses the gpt-image-2 formula (the
// fake's choice: no formula is published for either).
const GPT_IMAGE_26_MULTIPLIER = { low: 3.5, medium: 3.5 };

function gptImage2Tokens(quality, width, height) {
  const f = GPT_IMAGE_2_FACTOR[quality];
  const long = Math.max(width, height), short = Math.min(width, height);
  const a = Math.floor((2 * f * short + long) / (2 * long));
  return Math.ceil((f * a * (2_000_000 + width * height)) / 4_000_000);
}

export function outputTokensPerImage(tokens, quality, width, height) {
  if (tokens === 'gpt-image-2' || tokens === 'gpt-image-2.5') return gptImage2Tokens(quality, width, height);
  if (tokens === 'gpt-image-2.6') return Math.ceil(gptImage2Tokens(quality, width, height) * (GPT_IMAGE_26_MULTIPLIER[quality] ?? 1));
  return GPT_IMAGE_1_TOKENS[quality]?.[`${width}x${height}`] ?? GPT_IMAGE_1_TOKENS[quality]['1024x1024'];
}

/**
 * Input tokens of one input image (edits). Not published for image models: the fake uses the
 * vision tile rule (fit in 2048x2048, shortest side at most 768, 170 per 512-pixel tile + 85).
 */
export function inputImageTokens(width, height) {
  let scale = Math.min(1, 2048 / Math.max(width, height));
  scale = Math.min(scale, 768 / Math.min(width, height));
  const tiles = Math.ceil((width * scale) / 512) * Math.ceil((height * scale) / 512);
  return 85 + 170 * tiles;
}

/**
 * @returns the `usage` object of a GPT image response for `n` images
 * @param {{imageTokens?: number, svgText?: string}} args imageTokens: input image tokens (edits);
 *   svgText: the SVG an svg request returns, billed as the writing model's text output tokens
 * The 2.5/2.6 models add `input_tokens_details.cached_tokens` (they have cached prices) and
 * `output_tokens_details` {image_tokens, text_tokens}, so the cost table applies to each part.
 */
export function usageFor({ tokens, quality, width, height, n, prompt, imageTokens = 0, svgText }) {
  const textTokens = Math.max(1, Math.ceil(prompt.length / 4)); // the usual ~4 characters per token
  const svgTokens = svgText === undefined ? 0 : Math.ceil(svgText.length / 4);
  const imageOut = svgText === undefined ? n * outputTokensPerImage(tokens, quality, width, height) : 0;
  const output = imageOut + n * svgTokens;
  const usage = {
    input_tokens: textTokens + imageTokens,
    output_tokens: output,
    total_tokens: textTokens + imageTokens + output,
    input_tokens_details: { text_tokens: textTokens, image_tokens: imageTokens },
  };
  if (tokens === 'gpt-image-2.5' || tokens === 'gpt-image-2.6') {
    usage.input_tokens_details.cached_tokens = 0;
    usage.output_tokens_details = { image_tokens: imageOut, text_tokens: n * svgTokens };
  }
  return usage;
}
