// The files of an edit: the images (chosen or dropped, several allowed), and either an optional
// mask or, for models that take it, an optional markup PNG (chosen, dropped, or drawn with the
// brush over the first image), each shown as a thumbnail with its name. Mask and markup never go
// together: while one is set the other's controls are disabled. The page never reads the chosen
// files itself: the thumbnails are object URLs (revoked when a file is removed) and the library's
// validateEdit reads only their headers. Issues land beside the file they name through data-field:
// the list is always passed as an array, so the library names files `image[0]`, `image[1]`, ...,
// the list itself `image`, the mask `mask` and the markup `markup`.

import { h } from "./dom.js";
import { formatBytes } from "./format.js";
import { MarkupBrush } from "./markup-brush.js";

export class EditInputs {
  #imageList;
  #maskList;
  #imageInput;
  #maskInput;
  #markupList;
  #markupInput;
  #markupField;
  #drawButton;
  #brush;
  #onChange;
  #images = []; // { file, url }
  #mask = null; // { file, url } | null
  #markup = null; // { file, url, drawn } | null
  #markupAllowed = false;

  /**
   * @param {HTMLElement} root the #edit-inputs section
   * @param {() => void} onChange called after files are added or removed
   */
  constructor(root, onChange) {
    this.#onChange = onChange;
    this.#imageInput = root.querySelector("#edit-images");
    this.#maskInput = root.querySelector("#edit-mask");
    this.#imageList = root.querySelector("#edit-image-list");
    this.#maskList = root.querySelector("#edit-mask-list");
    this.#markupField = root.querySelector("#markup-field");
    this.#markupInput = root.querySelector("#edit-markup");
    this.#markupList = root.querySelector("#edit-markup-list");
    this.#drawButton = root.querySelector("#markup-draw");
    this.#brush = new MarkupBrush(root.querySelector("#markup-brush"), (file) => this.#setMarkup(file, { drawn: true }));

    // Picking adds to the list (a file input alone would replace it); the input is then emptied so
    // the same file can be picked again.
    this.#imageInput.addEventListener("change", () => {
      this.#addImages([...this.#imageInput.files]);
      this.#imageInput.value = "";
    });
    this.#maskInput.addEventListener("change", () => {
      const [file] = this.#maskInput.files;
      if (file) this.#setMask(file);
      this.#maskInput.value = "";
    });
    this.#markupInput.addEventListener("change", () => {
      const [file] = this.#markupInput.files;
      if (file) this.#setMarkup(file, { drawn: false });
      this.#markupInput.value = "";
    });
    this.#drawButton.addEventListener("click", () => this.#openBrush());
    acceptDrops(root.querySelector('[data-drop="image"]'), (files) => this.#addImages(files));
    acceptDrops(root.querySelector('[data-drop="mask"]'), ([file]) => !this.#maskInput.disabled && this.#setMask(file));
    acceptDrops(root.querySelector('[data-drop="markup"]'), ([file]) => !this.#markupInput.disabled && this.#setMarkup(file, { drawn: false }));
    keepStrayDropsOnPage();
    this.#syncControls();
  }

  /**
   * Shows or hides the markup control: only models whose ModelInfo says `markup` take it. A markup
   * file chosen earlier is kept (and shown again) but not sent while the model does not take it.
   */
  setMarkupAllowed(allowed) {
    if (allowed === this.#markupAllowed) return;
    this.#markupAllowed = allowed;
    this.#markupField.hidden = !allowed;
    if (!allowed) this.#brush.close();
    this.#syncControls();
  }

  /** The files as edit params: `image` (always an array), `mask` and `markup`, each left out when empty. */
  read() {
    const files = {};
    if (this.#images.length > 0) files.image = this.#images.map((entry) => entry.file);
    if (this.#mask) files.mask = this.#mask.file;
    if (this.#markup && this.#markupAllowed) files.markup = this.#markup.file;
    return files;
  }

  /** File names, for the result's facts. */
  names() {
    return {
      images: this.#images.map((entry) => nameOf(entry.file)),
      mask: this.#mask ? nameOf(this.#mask.file) : null,
      markup: this.#markup && this.#markupAllowed ? `${nameOf(this.#markup.file)}${this.#markup.drawn ? " (drawn here)" : ""}` : null,
    };
  }

  /** "2 images and a mask", "1 image and markup", for the pre-flight verdict. */
  describe() {
    const count = this.#images.length;
    const images = `${count} image${count === 1 ? "" : "s"}`;
    if (this.#mask) return `${images} and a mask`;
    if (this.#markup && this.#markupAllowed) return `${images} and markup`;
    return `${images}, no mask`;
  }

  #addImages(files) {
    if (files.length === 0) return;
    for (const file of files) this.#images.push({ file, url: URL.createObjectURL(file) });
    this.#render();
    this.#onChange();
  }

  #setMask(file) {
    if (!file) return;
    if (this.#mask) URL.revokeObjectURL(this.#mask.url);
    this.#mask = { file, url: URL.createObjectURL(file) };
    this.#render();
    this.#onChange();
  }

  #setMarkup(file, { drawn }) {
    if (!file) return;
    if (this.#markup) URL.revokeObjectURL(this.#markup.url);
    this.#markup = { file, url: URL.createObjectURL(file), drawn };
    this.#render();
    this.#onChange();
  }

  async #openBrush() {
    const first = this.#images[0];
    if (!first) return;
    try {
      await this.#brush.open(first.url);
    } catch {
      this.#markupField.querySelector("#markup-draw-note").textContent =
        "This browser cannot show the first image, so marks cannot be drawn over it: choose a markup PNG instead.";
    }
  }

  #removeMarkup() {
    URL.revokeObjectURL(this.#markup.url);
    this.#markup = null;
    this.#render();
    this.#markupInput.focus();
    this.#onChange();
  }

  // Mask and markup exclude each other; the brush needs a first image to draw over.
  #syncControls() {
    const markupSet = this.#markup !== null && this.#markupAllowed;
    this.#maskInput.disabled = markupSet;
    this.#maskInput.closest(".field").classList.toggle("disabled", markupSet);
    this.#maskInput.closest(".field").querySelector("#edit-mask-excluded").hidden = !markupSet;
    const maskSet = this.#mask !== null;
    this.#markupInput.disabled = maskSet;
    this.#drawButton.disabled = maskSet || this.#images.length === 0;
    this.#markupField.classList.toggle("disabled", maskSet);
    this.#markupField.querySelector("#edit-markup-excluded").hidden = !maskSet;
    this.#markupField.querySelector("#markup-draw-note").textContent =
      !maskSet && this.#images.length === 0 ? "Add an image first to draw marks over it." : "";
    if (maskSet) this.#brush.close();
  }

  #removeImage(entry) {
    const index = this.#images.indexOf(entry);
    URL.revokeObjectURL(entry.url);
    this.#images.splice(index, 1);
    this.#render();
    // Keyboard users stay in the list: focus the file that took its place, else the picker.
    const next = this.#imageList.querySelectorAll(".remove")[Math.min(index, this.#images.length - 1)];
    (next ?? this.#imageInput).focus();
    this.#onChange();
  }

  #removeMask() {
    URL.revokeObjectURL(this.#mask.url);
    this.#mask = null;
    this.#render();
    this.#maskInput.focus();
    this.#onChange();
  }

  #render() {
    this.#imageList.replaceChildren(...this.#images.map((entry, i) => thumbnail(entry, {
      field: `image[${i}]`,
      label: `Image ${i + 1} (${nameOf(entry.file)})`,
      onRemove: () => this.#removeImage(entry),
    })));
    this.#maskList.replaceChildren(...(this.#mask ? [thumbnail(this.#mask, {
      field: "mask",
      label: `Mask (${nameOf(this.#mask.file)})`,
      onRemove: () => this.#removeMask(),
    })] : []));
    this.#markupList.replaceChildren(...(this.#markup ? [thumbnail(this.#markup, {
      field: "markup",
      label: `Markup (${nameOf(this.#markup.file)})`,
      onRemove: () => this.#removeMarkup(),
    })] : []));
    this.#syncControls();
  }
}

const nameOf = (file) => file.name || "unnamed file";

// One chosen file: its picture (when the browser can show it), name, size, a Remove button, and an
// issue slot for the library's issues about that file (`field`), filled by issues-view.js.
function thumbnail({ file, url }, { field, label, onRemove }) {
  const name = nameOf(file);
  const img = h("img", { src: url, alt: `Preview of ${name}`, decoding: "async" });
  const frame = h("div", { className: "thumb-frame" }, img);
  img.addEventListener("error", () => frame.replaceChildren(h("span", { className: "no-preview" }, "no preview")), { once: true });
  const remove = h("button", { type: "button", className: "remove", "aria-label": `Remove ${name}` }, "Remove");
  remove.addEventListener("click", onRemove);
  return h("li", { className: "thumb", dataset: { field, label } },
    frame,
    h("p", { className: "thumb-name" }, h("span", { className: "file-name" }, name), h("span", { className: "file-size" }, formatBytes(file.size))),
    remove,
    h("p", { className: "issues", "aria-live": "polite" }));
}

const carriesFiles = (event) => event.dataTransfer?.types.includes("Files");

// Files dropped on the zone are handed over (the zone's file input would otherwise take the drop
// itself and replace its selection).
function acceptDrops(zone, accept) {
  zone.addEventListener("dragover", (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", (event) => {
    if (!zone.contains(event.relatedTarget)) zone.classList.remove("dragging");
  });
  zone.addEventListener("drop", (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    zone.classList.remove("dragging");
    accept([...event.dataTransfer.files]);
  });
}

// A file dropped anywhere else would make the browser open it in place of the page, losing the
// form (and a typed key): refuse such drops.
function keepStrayDropsOnPage() {
  for (const type of ["dragover", "drop"]) {
    window.addEventListener(type, (event) => {
      if (!carriesFiles(event) || event.defaultPrevented) return;
      event.preventDefault();
      if (type === "dragover") event.dataTransfer.dropEffect = "none";
    });
  }
}
