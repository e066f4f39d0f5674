// Failures the offline fake API can play on request, so every error the library reports can be
// seen. Each simulated request gets a fresh fake-API session (/s/{session}/...) whose fault script
// is posted first; afterwards the session's request log says how many requests reached the server
// (the library's retries, plus any the browser itself replays on a dropped keep-alive connection).

// More steps than the most attempts a client makes (1 + maxRetries, which is at most 10), so a
// fault meant for "every attempt" outlasts the retries whatever the settings.
const MORE_THAN_ANY_RETRIES = 11;
const everyAttempt = (step) => Array.from({ length: MORE_THAN_ANY_RETRIES }, () => ({ ...step }));

export const SCENARIOS = [
  { id: "none", label: "None: a normal request", description: "" },
  {
    id: "rate-limit-once",
    label: "429 rate limit once (Retry-After 1 s)",
    steps: [{ fault: "error", preset: "rate_limit", retryAfter: 1 }],
    description: "The first attempt is refused with 429 and Retry-After: 1. The library waits a second and retries, and the retry succeeds (with Max retries 0 you get the error instead).",
  },
  {
    id: "rate-limit-always",
    label: "429 rate limit on every attempt",
    steps: everyAttempt({ fault: "error", preset: "rate_limit", retryAfter: 1 }),
    description: "Every attempt is refused with 429 and Retry-After: 1, so the retries run out.",
  },
  {
    id: "insufficient-quota",
    label: "429 insufficient quota",
    steps: everyAttempt({ fault: "error", preset: "insufficient_quota" }),
    description: "Out of credit: a 429 that is not retried, since waiting does not help.",
  },
  {
    id: "moderation-blocked",
    label: "400 moderation block",
    steps: everyAttempt({ fault: "error", preset: "moderation_blocked", stage: "input", categories: ["violence"] }),
    description: "The safety system rejects the prompt (stage and categories come with the error). Not retried.",
  },
  {
    id: "azure-content-filter",
    label: "400 Azure content filter",
    steps: everyAttempt({ fault: "error", preset: "azure_content_filter_innererror" }),
    description: "Azure's content filter error body, with its per-category results.",
  },
  {
    id: "unauthorized",
    label: "401 invalid API key",
    steps: everyAttempt({ fault: "error", preset: "unauthorized" }),
    description: "The API does not accept the key.",
  },
  {
    id: "org-not-verified",
    label: "403 organization not verified",
    steps: everyAttempt({ fault: "error", preset: "org_not_verified" }),
    description: "The account may not use this model yet.",
  },
  {
    id: "server-error",
    label: "500 server error on every attempt",
    steps: everyAttempt({ fault: "error", preset: "server_error" }),
    description: "Every attempt fails with 500; the library backs off between retries, then gives up.",
  },
  {
    id: "bad-gateway-html",
    label: "502 HTML page from a gateway",
    steps: everyAttempt({ fault: "error", preset: "bad_gateway_html" }),
    description: "A proxy in between answers every attempt with an HTML 502 page instead of JSON.",
  },
  {
    id: "timeout",
    label: "Slow server + 1.5 s timeout",
    steps: everyAttempt({ fault: "slow", delayMs: 10_000 }),
    requestOptions: { timeout: 1500, maxRetries: 0 },
    description: "The server takes 10 s to answer; this request uses a 1.5 s timeout and no retries.",
  },
  {
    id: "slow",
    label: "Slow server (10 s): try Cancel",
    steps: [{ fault: "slow", delayMs: 10_000 }],
    description: "The server waits 10 s before answering: press Cancel to abort the request.",
  },
  {
    id: "connection-dropped",
    label: "Connection dropped",
    steps: everyAttempt({ fault: "drop_connection" }),
    description: "The server closes the connection without answering, on every attempt.",
  },
  {
    id: "cut-mid-body",
    label: "Connection cut mid-download",
    steps: everyAttempt({ fault: "cut_mid_body" }),
    description: "The answer starts, then the connection is cut halfway through the body.",
  },
  {
    id: "stream-incomplete",
    label: "Stream ends before the final image",
    steps: everyAttempt({ fault: "stream_incomplete" }),
    description: "Turn on Stream partial images: the partial images arrive, then the stream ends without its completed event. (Without streaming the request succeeds.)",
  },
  {
    id: "stream-error",
    label: "Error event in the stream",
    steps: everyAttempt({ fault: "stream_error" }),
    description: "Turn on Stream partial images: the partial images arrive, then an error event (a moderation block) instead of the final image. (Without streaming the request succeeds.)",
  },
  {
    id: "malformed-json",
    label: "Malformed response body",
    steps: everyAttempt({ fault: "malformed_json" }),
    description: "A 200 answer whose JSON breaks off in the middle of the image data.",
  },
];

/**
 * Posts the scenario's fault script to a fresh fake-API session.
 * @returns {Promise<{session: string, baseURL: string, requestOptions: object}>}
 */
export async function startSimulation(fakeApiUrl, scenario) {
  const session = `demo-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const response = await fetch(`${fakeApiUrl}/__control/sessions/${session}/script`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ steps: scenario.steps }),
  });
  if (!response.ok) throw new Error(`The fake API refused the "${scenario.label}" script (HTTP ${response.status}).`);
  return { session, baseURL: `${fakeApiUrl}/s/${session}/proxy/v1`, requestOptions: scenario.requestOptions ?? {} };
}

/**
 * How many generation requests the session received (preflights not counted), then forgets the session.
 * @returns {Promise<number | null>} null when the fake API cannot say
 */
export async function finishSimulation(fakeApiUrl, session) {
  const base = `${fakeApiUrl}/__control/sessions/${session}`;
  try {
    const response = await fetch(`${base}/requests`);
    if (!response.ok) return null;
    const requests = await response.json();
    return requests.filter((r) => r.method === "POST").length;
  } catch {
    return null;
  } finally {
    fetch(base, { method: "DELETE" }).catch(() => {});
  }
}
