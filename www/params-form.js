// The image parameters form: a model select built from the capability table, and the fields that
// model takes on the current endpoint (generations or edits). Reads them into a params object in the
// API's snake_case wire names holding exactly what the user set (unset fields are left out, so the
// API's own defaults apply).

import { h } from "./dom.js";
import { formatCount } from "./format.js";
import { renderField, readRaw, restoreRaw, setEnabled, syncCustomSize } from "./fields.js";
import { defaultModel, modelFacts, modelLabel, paramFieldsFor, serves } from "./model-capabilities.js";

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
  #endpoint = "generations";
  #fields = [];

  /**
   * @param {HTMLElement} root where the fields go
   * @param {import("/pkg/index.js").ModelInfo[]} table the result of `models()`
   * @param {() => void} onChange called after every edit
   * @param {{afterModel?: HTMLElement}} [slots] an element to place between the model and the fields
   */
  constructor(root, table, onChange, { afterModel } = {}) {
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
      ...(afterModel ? [afterModel] : []),
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

  /**
   * Shows the models and fields of another endpoint ("generations" or "edits"). Models that do not
   * serve it stay listed but cannot be picked; a picked one is swapped for the endpoint's default.
   * Every value the new fields can hold is kept.
   */
  setEndpoint(endpoint) {
    if (endpoint === this.#endpoint) return;
    const previous = this.#rawValues();
    this.#endpoint = endpoint;
    for (const option of this.#modelSelect.options) {
      const model = this.#table.find((m) => m.id === option.value);
      const usable = serves(model, endpoint);
      option.disabled = !usable;
      option.textContent = usable ? modelLabel(model) : `${modelLabel(model)} (no ${endpoint} endpoint)`;
    }
    if (!serves(this.#model, endpoint)) this.#modelSelect.value = defaultModel(this.#table, endpoint).id;
    this.#showModel(previous);
  }

  /** The params to send: the model plus every enabled field that is set, under its wire name. */
  read() {
    const params = { model: this.#model.id };
    for (const { field, wrapper } of this.#fields) {
      if (!this.#isEnabled(field)) continue;
      const raw = readRaw(wrapper, field);
      if (raw === "") continue;
      if (field.kind === "checkbox") params[field.name] = true;
      else params[field.name] = field.inputMode === "numeric" && NUMBER.test(raw) ? Number(raw) : raw;
    }
    return params;
  }

  #edited(event, onChange) {
    const wrapper = event.target.closest(".field");
    if (wrapper?.dataset.field === "size") syncCustomSize(wrapper);
    if (wrapper?.dataset.field === "prompt") this.#countPrompt();
    this.#syncEnabled();
    onChange();
  }

  // Re-renders the fields for the selected model, keeping every value the new model can take.
  #showModel(previous) {
    this.#model = this.#table.find((m) => m.id === this.#modelSelect.value);
    this.#facts.textContent = modelFacts(this.#model);
    this.#fields = paramFieldsFor(this.#model, this.#endpoint).map((field) => ({ field, wrapper: renderField(field) }));
    this.#fieldsBox.replaceChildren(...this.#fields.map((f) => f.wrapper));
    for (const { field, wrapper } of this.#fields) restoreRaw(wrapper, field, previous[field.name]);
    this.#syncEnabled();
    this.#countPrompt();
  }

  // A field that needs a checkbox (partial_images needs stream) is disabled while the box is off.
  #syncEnabled() {
    for (const { field, wrapper } of this.#fields) {
      if (field.enabledBy) setEnabled(wrapper, this.#isEnabled(field));
    }
  }

  #isEnabled(field) {
    if (!field.enabledBy) return true;
    const box = this.#fields.find((f) => f.field.name === field.enabledBy);
    return box !== undefined && readRaw(box.wrapper, box.field) === "true";
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
