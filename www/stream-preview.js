// The preview slot of a streamed request: each partial image from onPartialImage replaces the one
// before, with its index, until the final result takes over in the gallery. The partial images'
// object URLs belong to the library (result.revoke() and Clear revoke them), not to this view.

export class StreamPreview {
  #root;
  #img;
  #caption;
  #received = 0;
  #perImage = 0;

  /**
   * @param {HTMLElement} root the #preview figure, holding an img and a figcaption
   */
  constructor(root) {
    this.#root = root;
    this.#img = root.querySelector("img");
    this.#caption = root.querySelector("figcaption");
  }

  /** Partial images received since start(). */
  get received() {
    return this.#received;
  }

  /** Empties the slot for a new request that asked for `perImage` partial images per final image. */
  start(perImage) {
    this.#received = 0;
    this.#perImage = perImage;
    this.clear();
  }

  /** The onPartialImage callback. */
  show({ partial_image_index: index, image }) {
    this.#received += 1;
    const position = typeof index === "number" ? `partial image ${index + 1}${this.#perImage ? ` of ${this.#perImage}` : ""}` : "a partial image";
    this.#img.src = image.url;
    if (image.width && image.height) {
      this.#img.width = image.width;
      this.#img.height = image.height;
    }
    this.#img.alt = `Preview: ${position}, still being refined`;
    this.#root.dataset.index = String(index ?? "");
    this.#caption.textContent = `Streaming: ${position} (partial_image_index ${index ?? "not given"}); the final image replaces it.`;
    this.#root.hidden = false;
  }

  /** Keeps the last partial image (if any) on screen after a failed or cancelled stream, saying why. */
  keep(reason) {
    if (!this.#root.hidden) this.#caption.textContent = reason;
  }

  clear() {
    this.#root.hidden = true;
    this.#img.removeAttribute("src");
    this.#img.removeAttribute("width");
    this.#img.removeAttribute("height");
    this.#caption.textContent = "";
    delete this.#root.dataset.index;
  }
}
