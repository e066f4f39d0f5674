// The Generate | Edit switch: two radio buttons (arrow keys move between them), read as the mode.

export class ModeSwitch {
  #root;

  /**
   * @param {HTMLFieldSetElement} root the #mode fieldset
   * @param {(mode: "generate" | "edit") => void} onChange
   */
  constructor(root, onChange) {
    this.#root = root;
    root.addEventListener("change", () => onChange(this.mode));
  }

  /** @returns {"generate" | "edit"} */
  get mode() {
    return this.#root.querySelector("input:checked").value;
  }
}
