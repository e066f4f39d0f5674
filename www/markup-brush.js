// Draws markup marks: a transparent canvas exactly the size of the first image to edit, laid over
// that image, where the pointer paints with a brush. "Use these marks" exports the canvas as a PNG
// with an alpha channel (canvas.toBlob), the file the API takes as `markup`. Only the marks are
// drawn on the canvas: the image under it is a plain <img>, never re-encoded.

import { h } from "./dom.js";

const DEFAULT_COLOR = "#ff2d55";

export class MarkupBrush {
  #root;
  #stage;
  #canvas;
  #context;
  #image;
  #color;
  #size;
  #use;
  #status;
  #onDone;
  #drawn = false;
  #last = null;

  /**
   * @param {HTMLElement} root the #markup-brush panel (filled here)
   * @param {(file: File) => void} onDone receives the exported markup PNG
   */
  constructor(root, onDone) {
    this.#root = root;
    this.#onDone = onDone;
    this.#image = h("img", { alt: "", className: "brush-image" });
    this.#canvas = h("canvas", { className: "brush-canvas", "aria-label": "Markup canvas: draw on the image with the pointer" });
    this.#stage = h("div", { className: "brush-stage" }, this.#image, this.#canvas);
    this.#color = h("input", { id: "brush-color", type: "color", value: DEFAULT_COLOR });
    this.#size = h("input", { id: "brush-size", type: "range", min: 1, max: 64, value: 8 });
    const clear = h("button", { type: "button", id: "brush-clear" }, "Clear marks");
    this.#use = h("button", { type: "button", id: "brush-use", className: "primary", disabled: true }, "Use these marks");
    const cancel = h("button", { type: "button", id: "brush-cancel" }, "Cancel");
    this.#status = h("p", { className: "hint", id: "brush-status", "aria-live": "polite" });
    root.replaceChildren(
      this.#stage,
      h("div", { className: "brush-tools" },
        h("label", { for: "brush-color" }, "Colour"), this.#color,
        h("label", { for: "brush-size" }, "Brush"), this.#size),
      this.#status,
      h("div", { className: "actions" }, this.#use, clear, cancel),
    );
    this.#context = this.#canvas.getContext("2d");
    this.#canvas.addEventListener("pointerdown", (event) => this.#down(event));
    this.#canvas.addEventListener("pointermove", (event) => this.#move(event));
    for (const type of ["pointerup", "pointercancel"]) this.#canvas.addEventListener(type, () => { this.#last = null; });
    clear.addEventListener("click", () => this.#clear());
    cancel.addEventListener("click", () => this.close());
    this.#use.addEventListener("click", () => this.#export());
  }

  get isOpen() {
    return !this.#root.hidden;
  }

  /**
   * Opens the canvas over the image at `url` (an object URL of the first image to edit), sized to
   * the image's own pixels. Rejects when the browser cannot show the image.
   */
  async open(url) {
    this.#image.src = url;
    await this.#image.decode();
    const { naturalWidth: width, naturalHeight: height } = this.#image;
    this.#canvas.width = width;
    this.#canvas.height = height;
    this.#stage.style.aspectRatio = `${width} / ${height}`;
    this.#size.max = String(Math.max(8, Math.round(Math.max(width, height) / 8)));
    this.#size.value = String(Math.max(2, Math.round(Math.max(width, height) / 40)));
    this.#clear();
    this.#status.textContent = `Draw where the model should edit. The marks are saved as a transparent ${width}×${height} PNG, the size of the first image.`;
    this.#root.hidden = false;
    this.#canvas.focus?.();
  }

  close() {
    this.#root.hidden = true;
    this.#image.removeAttribute("src");
  }

  #clear() {
    this.#context.clearRect(0, 0, this.#canvas.width, this.#canvas.height);
    this.#drawn = false;
    this.#use.disabled = true;
  }

  // Pointer position in the canvas's own pixels (the canvas is shown scaled to fit).
  #point(event) {
    const box = this.#canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) / box.width) * this.#canvas.width,
      y: ((event.clientY - box.top) / box.height) * this.#canvas.height,
    };
  }

  #down(event) {
    if (event.button !== 0) return;
    event.preventDefault();
    this.#canvas.setPointerCapture?.(event.pointerId);
    this.#last = this.#point(event);
    this.#stroke(this.#last, this.#last);
  }

  #move(event) {
    if (!this.#last) return;
    const next = this.#point(event);
    this.#stroke(this.#last, next);
    this.#last = next;
  }

  #stroke(from, to) {
    const c = this.#context;
    c.strokeStyle = this.#color.value;
    c.lineWidth = Number(this.#size.value);
    c.lineCap = "round";
    c.lineJoin = "round";
    c.beginPath();
    c.moveTo(from.x, from.y);
    c.lineTo(to.x, to.y);
    c.stroke();
    this.#drawn = true;
    this.#use.disabled = false;
  }

  #export() {
    if (!this.#drawn) return;
    this.#canvas.toBlob((blob) => {
      if (!blob) {
        this.#status.textContent = "The marks could not be saved as a PNG.";
        return;
      }
      this.#onDone(new File([blob], "markup.png", { type: "image/png" }));
      this.close();
    }, "image/png");
  }
}
