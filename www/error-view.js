// Shows a rejected request's error: the library's typed fields (name, kind, message, status, code,
// requestID, moderation details, validation issues) and a plain-language note on what to do.

import { h } from "./dom.js";
import { formatSeconds } from "./format.js";

const ADVICE = {
  validation: "Nothing was sent: fix the listed settings.",
  bad_request: "The API refused the request as sent.",
  auth: "The API did not accept the key: check it, and that it belongs to this provider.",
  permission: "The account may not use this: model access or organization verification.",
  not_found: "Check the base URL, the Azure deployment and the model name.",
  conflict: "Another request got in the way; trying again usually works.",
  unprocessable: "The API understood the request but could not process it.",
  rate_limit: "Too many requests. The library already retried as allowed; wait a little before trying again.",
  quota: "The account is out of credit or over its quota; waiting will not help.",
  server: "The API failed. The library already retried as allowed; try again later.",
  content_policy: "The safety system rejected the prompt or the image: rephrase the prompt.",
  connection: "No usable answer: the server is unreachable, refused the page (CORS), or cut the connection.",
  timeout: "An attempt took longer than the timeout.",
  aborted: "You cancelled the request.",
  stream_incomplete: "The stream ended before the final image.",
  decode: "The answer arrived but could not be decoded into images.",
  api: "The API answered with an unexpected error.",
};

/**
 * @param {HTMLElement} panel
 * @param {import("/pkg/index.js").ImagesError} error
 * @param {{requestsSeen: number | null}} context POSTs the fake API received (simulations only)
 */
export function showError(panel, error, { requestsSeen }) {
  const kind = error?.kind ?? "unknown";
  const rows = [];
  const row = (term, value) => {
    if (value === undefined || value === null || value === "") return;
    rows.push(h("div", {}, h("dt", {}, term), h("dd", { dataset: { term } }, value)));
  };
  row("Status", error?.status);
  row("Code", error?.code);
  row("Type", error?.type);
  row("Param", error?.param);
  row("Request ID", error?.requestID && h("code", {}, error.requestID));
  row("Moderation stage", error?.moderationStage);
  row("Categories", error?.categories?.length ? error.categories.join(", ") : undefined);
  row("Revised prompt", error?.revisedPrompt);
  row("Timeout", typeof error?.timeout === "number" ? formatSeconds(error.timeout) : undefined);
  row("Cause", describeCause(error?.cause));
  row("Requests sent", requestsSeen === null ? undefined : `${requestsSeen} (as received by the fake API)`);

  const parts = [
    h("h3", {},
      h("span", { className: "error-name" }, error?.name ?? "Error"), " ",
      h("span", { className: "badge kind", title: "error.kind" }, kind)),
    h("p", { className: "error-message" }, error?.message ?? String(error)),
    ADVICE[kind] && h("p", { className: "advice" }, ADVICE[kind]),
    rows.length > 0 && h("dl", { className: "facts" }, rows),
    error?.issues?.length > 0 && h("ul", { className: "error-issues" },
      error.issues.map((issue) => h("li", {}, h("code", {}, issue.field), ` ${issue.message}`))),
  ];
  panel.replaceChildren(...parts.filter(Boolean));
  panel.hidden = false;
}

export function hideError(panel) {
  panel.hidden = true;
  panel.replaceChildren();
}

function describeCause(cause) {
  if (cause === undefined || cause === null) return undefined;
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return String(cause);
}
