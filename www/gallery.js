// The result gallery: one block per ImagesResult (newest first) with its request facts, and a card
// per image. Clear revokes every result's object URLs before emptying the view.

import { h } from "./dom.js";
import { extensionFor, formatBytes, formatCount, formatSeconds } from "./format.js";
import { describeResultCost } from "./cost.js";

const ALT_PROMPT_CHARS = 120;

export class Gallery {
  #root;
  #results = [];

  constructor(root) {
    this.#root = root;
  }

  get size() {
    return this.#results.length;
  }

  /**
   * @param {import("/pkg/index.js").ImagesResult} result
   * @param {{model: string, prompt: string, elapsedMs: number, requestsSeen: number | null,
   *   inputs?: {images: string[], mask: string | null, markup?: string | null} | null, partials?: number}} context
   *   inputs: the names of the files edited; partials: partial images shown while it streamed
   */
  add(result, context) {
    this.#results.push(result);
    const count = result.images.length;
    const block = h("article", { className: "result", "aria-label": `${plural(count, "image")} from ${context.model}` },
      h("header", { className: "result-meta" },
        h("h3", {}, `${plural(count, "image")} · ${context.model} · ${formatSeconds(context.elapsedMs)}`),
        h("dl", { className: "facts" }, facts(result, context))),
      h("div", { className: "images" }, result.images.map((image, i) => imageCard(image, i, count, result, context.prompt))));
    this.#root.prepend(block);
  }

  /** Revokes every shown result's object URLs and empties the gallery. */
  clear() {
    for (const result of this.#results) result.revoke();
    this.#results = [];
    this.#root.replaceChildren();
  }
}

function facts(result, context) {
  const rows = [];
  const row = (term, ...value) => rows.push(h("div", {}, h("dt", {}, term), h("dd", {}, ...value)));
  row("Request ID", result.requestID ? h("code", { className: "request-id" }, result.requestID) : "not exposed by the server");
  if (result.usage) row("Usage", h("span", { className: "usage" }, describeUsage(result.usage)));
  row("Cost", h("span", { className: "result-cost" }, describeResultCost(result.cost)));
  const returned = [result.size, result.quality, result.output_format, result.background].filter(Boolean);
  if (returned.length > 0) row("Returned", returned.join(" · "));
  if (result.created) row("Created", new Date(result.created * 1000).toLocaleString());
  if (context.inputs) {
    const { images, mask, markup } = context.inputs;
    const extra = mask ? `, with the mask ${mask}` : markup ? `, with the markup ${markup}` : "";
    row("Edited", h("span", { className: "inputs" }, `${images.join(", ")}${extra}`));
  }
  if (result.warnings?.length > 0) {
    row("Warnings", h("ul", { className: "result-warnings" }, result.warnings.map((issue) =>
      h("li", { className: "issue warning", dataset: { code: issue.code } }, h("code", {}, issue.field), ` ${issue.message}`))));
  }
  if (context.partials > 0) row("Streamed", `${plural(context.partials, "partial image")} shown before the final images`);
  if (context.requestsSeen !== null) row("Requests sent", `${context.requestsSeen} (as received by the fake API)`);
  return rows;
}

function describeUsage(usage) {
  const parts = [["input", usage.input_tokens], ["output", usage.output_tokens], ["total", usage.total_tokens]]
    .filter(([, n]) => typeof n === "number")
    .map(([name, n]) => `${formatCount(n)} ${name}`);
  return parts.length > 0 ? `${parts.join(" · ")} tokens` : JSON.stringify(usage);
}

function imageCard(image, index, count, result, prompt) {
  const shortPrompt = prompt.length > ALT_PROMPT_CHARS ? `${prompt.slice(0, ALT_PROMPT_CHARS)}…` : prompt;
  const img = h("img", {
    src: image.url,
    alt: `Image ${index + 1} of ${count}: ${shortPrompt}`,
    width: image.width,
    height: image.height,
    decoding: "async",
  });
  const caption = h("figcaption", {}, image.blob ? decodedFacts(image) : remoteFacts());
  if (image.revisedPrompt) caption.append(h("p", { className: "revised" }, h("strong", {}, "Revised prompt: "), image.revisedPrompt));
  caption.append(downloadLink(image, index, result));
  return h("figure", { className: "image-card" }, h("div", { className: "frame" }, img), caption);
}

function decodedFacts(image) {
  return h("p", { className: "image-facts" },
    h("span", { className: "mime" }, image.mimeType),
    h("span", { className: "dims" }, image.width && image.height ? `${image.width}×${image.height}` : "size unknown"),
    h("span", { className: "bytes" }, formatBytes(image.byteLength)),
    typeof image.frameCount === "number" && h("span", { className: "frames" }, `${image.frameCount} frame${image.frameCount === 1 ? "" : "s"}`),
    image.hasC2pa && h("span", {
      className: "badge c2pa",
      title: "A C2PA provenance manifest is present in the file (presence only; not verified)",
    }, "C2PA"));
}

// DALL·E `response_format: "url"`: the API's own link, not downloaded or decoded by the library.
function remoteFacts() {
  return h("p", { className: "image-facts" }, h("span", { className: "mime" }, "remote URL from the API (not decoded)"));
}

function downloadLink(image, index, result) {
  if (!image.blob) {
    return h("a", { className: "download", href: image.url, target: "_blank", rel: "noopener noreferrer" }, "Open image");
  }
  const stamp = result.created ?? Math.floor(Date.now() / 1000);
  const name = `imagegen-${stamp}-${index + 1}.${extensionFor(image.mimeType)}`;
  return h("a", { className: "download", href: image.url, download: name, title: name }, `Download .${extensionFor(image.mimeType)}`);
}

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
