// The image parameters form: a model select built from the capability table, and the fields that
// model takes. Reads them into a params object in the API's snake_case wire names holding exactly
// what the user set (unset fields are left out, so the API's own defaults apply).

import { h } from "./dom.js";
import { formatCount } from "./format.js";
import { renderField, readRaw, restoreRaw, syncCustomSize } from "./fields.js";
import { defaultModel, modelFacts, modelLabel, paramFieldsFor } from "./model-capabilities.js";

const EXAMPLE_PROMPT = "A paper boat on a calm lake at sunrise, soft watercolor";
// Typed numbers are sent as numbers; anything else is sent as typed, so validation can say what is wrong.
const NUMBER = /^\s*-?\d+(\.\d+)?\s*$/;

export class ParamsForm {
  #root;
  #table;
  #modelSelect;
  #facts;
  #fieldsBox;
  #model;
  #fields = [];

  /**
   * @param {HTMLElement} root where the fields go
   * @param {import("/pkg/index.js").ModelInfo[]} table the result of `models()`
   * @param {() => void} onChange called after every edit
   */
  constructor(root, table, onChange) {
    this.#root = root;
    this.#table = table;
    this.#modelSelect = h("select", { id: "param-model", name: "model", "aria-describedby": "param-model-facts param-model-issues" },
      table.map((m) => h("option", { value: m.id }, modelLabel(m))));
    this.#facts = h("p", { className: "hint", id: "param-model-facts" });
    this.#fieldsBox = h("div", { className: "param-grid" });
    root.append(
      h("div", { className: "field", dataset: { field: "model" } },
        h("label", { for: "param-model" }, "Model"), this.#modelSelect, this.#facts,
        h("p", { className: "issues", id: "param-model-issues", "aria-live": "polite" })),
      this.#fieldsBox,
    );

    this.#modelSelect.value = defaultModel(table).id;
    this.#showModel({ prompt: EXAMPLE_PROMPT });
    this.#modelSelect.addEventListener("change", () => {
      this.#showModel(this.#rawValues());
      onChange();
    });
    this.#fieldsBox.addEventListener("input", (event) => this.#edited(event, onChange));
    this.#fieldsBox.addEventListener("change", (event) => this.#edited(event, onChange));
  }

  /** The selected model's row of the capability table. */
  get model() {
    return this.#model;
  }

  /** The params to send: the model plus every field that is set, under its wire name. */
  read() {
    const params = { model: this.#model.id };
    for (const { field, wrapper } of this.#fields) {
      const raw = readRaw(wrapper, field);
      if (raw === "") continue;
      params[field.name] = field.inputMode === "numeric" && NUMBER.test(raw) ? Number(raw) : raw;
    }
    return params;
  }

  #edited(event, onChange) {
    const wrapper = event.target.closest(".field");
    if (wrapper?.dataset.field === "size") syncCustomSize(wrapper);
    if (wrapper?.dataset.field === "prompt") this.#countPrompt();
    onChange();
  }

  // Re-renders the fields for the selected model, keeping every value the new model can take.
  #showModel(previous) {
    this.#model = this.#table.find((m) => m.id === this.#modelSelect.value);
    this.#facts.textContent = modelFacts(this.#model);
    this.#fields = paramFieldsFor(this.#model).map((field) => ({ field, wrapper: renderField(field) }));
    this.#fieldsBox.replaceChildren(...this.#fields.map((f) => f.wrapper));
    for (const { field, wrapper } of this.#fields) restoreRaw(wrapper, field, previous[field.name]);
    this.#countPrompt();
  }

  #rawValues() {
    return Object.fromEntries(this.#fields.map(({ field, wrapper }) => [field.name, readRaw(wrapper, field)]));
  }

  // Counts characters the way the library does (Unicode code points, not UTF-16 units).
  #countPrompt() {
    const counter = this.#root.querySelector("#param-prompt-count");
    const prompt = this.#root.querySelector("#param-prompt");
    if (!counter || !prompt) return;
    const length = [...prompt.value].length;
    const max = this.#model.maxPromptChars;
    counter.textContent = max
      ? `${formatCount(length)} / ${formatCount(max)} characters`
      : `${formatCount(length)} characters (no known limit for this model)`;
    counter.classList.toggle("over", max !== null && length > max);
  }
}
