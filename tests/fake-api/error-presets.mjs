// Error responses seen from the real services (API_RULES.md "Errors"), by preset name, for scripted
// faults. Each builder gets the script step (for optional fields) and returns a response.

import { openaiError, azureError, azureNotFound } from './errors.mjs';
import { azureModelRetired, modelNotFound } from './lifecycle.mjs';
import { jsonResponse, textResponse } from './responses.mjs';

const unixNow = () => Math.floor(Date.now() / 1000);

const CONTENT_POLICY_MESSAGE = 'Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.';

const AZURE_FILTER_RESULTS = {
  hate: { filtered: false, severity: 'safe' },
  self_harm: { filtered: false, severity: 'safe' },
  sexual: { filtered: false, severity: 'safe' },
  violence: { filtered: true, severity: 'high' },
};

export const ERROR_PRESETS = {
  moderation_blocked: (step) => openaiError(400, 'Your request was rejected by the safety system. If you believe this is an error, contact us at help.openai.com and include the request ID.', {
    type: 'image_generation_user_error', code: 'moderation_blocked',
    extra: { moderation_details: { moderation_stage: step.stage ?? 'input', categories: step.categories ?? ['violence'] } },
  }),
  content_policy_violation: () => openaiError(400, CONTENT_POLICY_MESSAGE, { code: 'content_policy_violation' }),
  azure_content_policy_violation: () => jsonResponse(400, {
    error: {
      code: 'content_policy_violation',
      inner_error: {
        code: 'ResponsibleAIPolicyViolation',
        content_filter_results: AZURE_FILTER_RESULTS,
        revised_prompt: 'A detailed illustration that the content filter rejected.',
      },
      message: CONTENT_POLICY_MESSAGE,
      type: 'invalid_request_error',
    },
  }),
  azure_content_filter: () => jsonResponse(400, {
    created: unixNow(),
    error: { code: 'contentFilter', message: 'Your task failed as a result of our safety system.' },
  }),
  azure_content_filter_innererror: () => jsonResponse(400, {
    error: {
      message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.",
      type: null,
      param: 'prompt',
      code: 'content_filter',
      status: 400,
      innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: AZURE_FILTER_RESULTS },
    },
  }),
  org_not_verified: () => openaiError(403, 'Your organization must be verified to use the model `gpt-image-1`. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization. If you just verified, it can take up to 15 minutes for access to propagate.'),
  unknown_parameter: (step) => openaiError(400, `Unknown parameter: '${step.param ?? 'response_format'}'.`, { param: step.param ?? 'response_format', code: 'unknown_parameter' }),
  model_not_found: (step) => modelNotFound(step.model ?? 'dall-e-3'),
  azure_not_found: () => azureNotFound(),
  // 410 for a deployment of a retired model (as Azure routes answer by date, lifecycle.mjs);
  // options model, deployment, date.
  azure_gone: (step) => azureModelRetired(step.model ?? 'gpt-image-1', step.deployment ?? step.model ?? 'gpt-image-1', step.date ?? '2026-10-23'),
  azure_resource_blocked: () => azureError(403, 'Forbidden', 'Your resource has been temporarily blocked because we detected behavior that may violate our content policy.'),
  // The output-side filter: Azure's content-filter shape (API_RULES.md) with the output message.
  azure_output_filter: () => jsonResponse(400, {
    created: unixNow(),
    error: { code: 'contentFilter', message: 'Generated image was filtered as a result of our safety system.' },
  }),
  rate_limit: (step) => openaiError(429, 'Rate limit reached for gpt-image-1 in organization org-fake on images per minute (IPM): Limit 5, Used 5, Requested 1. Please try again in 12s. Visit https://platform.openai.com/account/rate-limits to learn more.', {
    type: 'requests', code: 'rate_limit_exceeded',
    headers: {
      ...(step.retryAfter !== undefined ? { 'retry-after': String(step.retryAfter) } : {}),
      ...(step.retryAfterMs !== undefined ? { 'retry-after-ms': String(step.retryAfterMs) } : {}),
    },
  }),
  insufficient_quota: () => openaiError(429, 'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.', { type: 'insufficient_quota', code: 'insufficient_quota' }),
  server_error: () => openaiError(500, 'The server had an error while processing your request. Sorry about that!', { type: 'server_error' }),
  bad_gateway_html: () => textResponse(502, 'text/html', '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n'),
  service_unavailable_empty: () => textResponse(503, null, ''),
  unauthorized: () => openaiError(401, 'Incorrect API key provided: sk-*****alid. You can find your API key at https://platform.openai.com/account/api-keys.', { code: 'invalid_api_key' }),
  conflict: () => openaiError(409, 'Another request with the same idempotency key is still being processed.', { code: 'conflict' }),
  unprocessable: () => openaiError(422, 'The request was well-formed but could not be processed.', { code: 'unprocessable_entity' }),
  request_timeout: () => openaiError(408, 'Request timed out.', { type: 'timeout', code: 'request_timeout' }),
};

