// Shows validation issues ({ field, code, message, severity }) next to their fields, and a summary
// of all of them. A field is any element with data-field="<issue field name>" holding a `.issues` slot
// as a direct child (fields can nest: each chosen file of the image list is a field of its own).

import { h } from "./dom.js";

/** Fills every field's issue slot inside `root` and marks its controls invalid when it has errors. */
export function showFieldIssues(root, issues) {
  for (const wrapper of root.querySelectorAll("[data-field]")) {
    const slot = wrapper.querySelector(":scope > .issues");
    if (!slot) continue;
    const own = issues.filter((issue) => issue.field === wrapper.dataset.field);
    slot.replaceChildren(...own.map(issueLine));
    const hasError = own.some((issue) => issue.severity !== "warning");
    wrapper.classList.toggle("has-error", hasError);
    wrapper.classList.toggle("has-warning", !hasError && own.length > 0);
    for (const control of wrapper.querySelectorAll("input, select, textarea")) {
      if (hasError) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    }
  }
}

/**
 * The summary under the form: counts, then each issue with a button that focuses its field.
 * @param {{action?: string, clean?: string, blocking?: boolean, validation?: string}} [wording] the
 *   verb of the submit button ("generate", "edit"), what to say when there is no issue at all
 *   (nothing is shown without it), and whether errors block the request (validation "strict") or
 *   the client sends it anyway (validation "warn" or "off")
 */
export function showSummary(element, issues, { action = "generate", clean, blocking = true, validation = "strict" } = {}) {
  if (issues.length === 0) {
    element.replaceChildren(...(clean ? [h("p", {}, clean)] : []));
    element.className = clean ? "summary ok" : "summary";
    return;
  }
  const errors = issues.filter((i) => i.severity !== "warning").length;
  const warnings = issues.length - errors;
  const counts = [plural(errors, "error"), plural(warnings, "warning")].filter(Boolean).join(" and ");
  element.className = `summary ${errors > 0 ? "error" : "warning"}`;
  element.replaceChildren(
    h("p", {}, errors === 0 ? `${counts}: you can still ${action}.`
      : blocking ? `${counts}: fix the errors to ${action}.`
        : `${counts}: validation is “${validation}”, so the request is sent anyway and the API has the last word.`),
    h("ul", {}, issues.map((issue) => h("li", {}, fieldLink(issue.field), issueLine(issue)))),
  );
}

function issueLine(issue) {
  const severity = issue.severity === "warning" ? "warning" : "error";
  return h("span", { className: `issue ${severity}`, dataset: { code: issue.code } },
    h("span", { className: "severity" }, severity === "warning" ? "Warning" : "Error"), " ", issue.message);
}

// The field's label as a button that moves focus there; plain text when the page has no such field.
// A chosen file has no input of its own: its Remove button is where the fix starts.
function fieldLink(field) {
  const wrapper = document.querySelector(`[data-field="${CSS.escape(field)}"]`);
  const control = wrapper?.querySelector("input:not([hidden]), select, textarea, button");
  // data-label, else the label's own text without its "(optional)" note.
  const label = wrapper?.dataset.label || wrapper?.querySelector("label")?.firstChild?.textContent.trim() || field;
  if (!control || wrapper.closest("[hidden]")) return h("span", { className: "issue-field" }, `${label}: `);
  const button = h("button", { type: "button", className: "link issue-field" }, label);
  button.addEventListener("click", () => control.focus());
  return [button, ": "];
}

const plural = (n, word) => (n === 0 ? "" : `${n} ${word}${n === 1 ? "" : "s"}`);
