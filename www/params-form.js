// The image parameters form: a model select built from the model list (what `client.listModels()`
// returned, merged by the library with its table; `models()` when the API cannot list), grouped by
// each model's status today, and the fields that model takes on the current endpoint (generations
// or edits) with the picked output format. Reads them into a params object in the API's snake_case
// wire names holding exactly what the user set (unset fields are left out, so the API's own
// defaults apply).

import { h } from "./dom.js";
import { formatCount } from "./format.js";
import { renderField, readRaw, restoreRaw, setEnabled, syncCustomSize } from "./fields.js";
import { MODEL_GROUPS, defaultModel, groupOf, modelFacts, modelLabel, paramFieldsFor, serves } from "./model-fields.js";

const EXAMPLE_PROMPT = "A paper boat on a calm lake at sunrise, soft watercolor";
// Typed numbers are sent as numbers; anything else is sent as typed, so validation can say what is wrong.
const NUMBER = /^\s*-?\d+(\.\d+)?\s*$/;
// Fields whose value changes which other fields exist.
const SHAPING_FIELDS = new Set(["output_format"]);

export class ParamsForm {
  #root;
  #list = [];
  #modelSelect;
  #facts;
  #replace;
  #listNote;
  #fieldsBox;
  #model = null;
  #endpoint = "generations";
  #fields = [];
  #onChange;

  /**
   * @param {HTMLElement} root where the fields go
   * @param {import("/pkg/index.js").ModelInfo[]} list the models to offer
   * @param {() => void} onChange called after every edit
   * @param {{afterModel?: HTMLElement}} [slots] an element to place between the model and the fields
   */
  constructor(root, list, onChange, { afterModel } = {}) {
    this.#root = root;
    this.#onChange = onChange;
    this.#modelSelect = h("select", { id: "param-model", name: "model", "aria-describedby": "param-model-list param-model-facts param-model-issues" });
    this.#listNote = h("p", { className: "hint model-list-note", id: "param-model-list", "aria-live": "polite" });
    this.#facts = h("p", { className: "hint", id: "param-model-facts" });
    this.#replace = h("button", { type: "button", className: "link", id: "param-model-replace", hidden: true });
    this.#fieldsBox = h("div", { className: "param-grid" });
    root.append(
      h("div", { className: "field", dataset: { field: "model" } },
        h("label", { for: "param-model" }, "Model"), this.#modelSelect, this.#listNote, this.#facts, this.#replace,
        h("p", { className: "issues", id: "param-model-issues", "aria-live": "polite" })),
      ...(afterModel ? [afterModel] : []),
      this.#fieldsBox,
    );

    this.setModels(list, { note: "" });
    this.#modelSelect.addEventListener("change", () => {
      this.#showModel(this.#rawValues());
      onChange();
    });
    this.#replace.addEventListener("click", () => {
      const replacement = this.#replace.dataset.model;
      if (!this.#list.some((m) => m.id === replacement)) return;
      this.#modelSelect.value = replacement;
      this.#showModel(this.#rawValues());
      this.#modelSelect.focus();
      onChange();
    });
    this.#fieldsBox.addEventListener("input", (event) => this.#edited(event));
    this.#fieldsBox.addEventListener("change", (event) => this.#edited(event));
  }

  /** The selected model's ModelInfo. */
  get model() {
    return this.#model;
  }

  /** The models offered. */
  get list() {
    return this.#list;
  }

  /**
   * Offers another model list (a new connection, or the answer of listModels()), grouped by status.
   * The picked model stays picked when the new list has it; otherwise the default is picked.
   * @param {{note: string}} where the list comes from, shown under the select
   */
  setModels(list, { note }) {
    const previous = this.#fields.length > 0 ? this.#rawValues() : { prompt: EXAMPLE_PROMPT };
    const picked = this.#model?.id;
    this.#list = list;
    this.#listNote.textContent = note;
    const groups = [...MODEL_GROUPS.map((g) => g.label), "Other"].map((label) => ({ label, models: list.filter((m) => groupOf(m) === label) }));
    this.#modelSelect.replaceChildren(...groups.filter((g) => g.models.length > 0).map((g) =>
      h("optgroup", { label: g.label }, g.models.map((m) => h("option", {
        value: m.id,
        dataset: { status: m.status, known: String(m.known !== false), ...(m.listed === undefined ? {} : { listed: String(m.listed) }) },
      }, modelLabel(m))))));
    this.#markEndpoint();
    const keep = list.find((m) => m.id === picked && serves(m, this.#endpoint));
    this.#modelSelect.value = (keep ?? defaultModel(list, this.#endpoint)).id;
    this.#showModel(previous);
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
    this.#markEndpoint();
    if (!serves(this.#model, endpoint)) this.#modelSelect.value = defaultModel(this.#list, endpoint).id;
    this.#showModel(previous);
  }

  /** The params to send: the model plus every enabled field that is set, under its wire name. */
  read() {
    const params = { model: this.#model.id };
    for (const { field, wrapper } of this.#fields) {
      if (!this.#isEnabled(field)) continue;
      const raw = readRaw(wrapper, field);
      if (raw === "") continue;
      let value = raw;
      if (field.kind === "checkbox") value = true;
      else if ((field.inputMode === "numeric" || field.kind === "number") && NUMBER.test(raw)) value = Number(raw);
      setPath(params, field.name, value);
    }
    return params;
  }

  #markEndpoint() {
    for (const option of this.#modelSelect.options) {
      const model = this.#list.find((m) => m.id === option.value);
      const usable = serves(model, this.#endpoint);
      option.disabled = !usable;
      option.textContent = usable ? modelLabel(model) : `${modelLabel(model)} (no ${this.#endpoint} endpoint)`;
    }
  }

  #edited(event) {
    const wrapper = event.target.closest(".field");
    const name = wrapper?.dataset.field;
    if (name === "size") syncCustomSize(wrapper);
    if (name === "prompt") this.#countPrompt();
    if (event.type === "change" && SHAPING_FIELDS.has(name)) {
      // Other fields come and go with the format (gif: frames, svg: its writer, no streaming).
      this.#showModel(this.#rawValues());
      this.#fieldsBox.querySelector(`[data-field="${name}"] select`)?.focus();
    }
    this.#syncEnabled();
    this.#onChange();
  }

  // Re-renders the fields for the selected model, keeping every value the new fields can take.
  #showModel(previous) {
    this.#model = this.#list.find((m) => m.id === this.#modelSelect.value) ?? this.#list[0];
    this.#showFacts();
    const render = (format) => paramFieldsFor(this.#model, this.#endpoint, format).map((field) => ({ field, wrapper: renderField(field) }));
    // The format decides the fields; it is kept only when this model's format field can hold it.
    let fields = render("");
    const formatField = fields.find((f) => f.field.name === "output_format");
    const format = formatField?.field.options.includes(previous.output_format) ? previous.output_format : "";
    if (format) fields = render(format);
    this.#fields = fields;
    this.#fieldsBox.replaceChildren(...fields.map((f) => f.wrapper));
    for (const { field, wrapper } of fields) restoreRaw(wrapper, field, previous[field.name]);
    this.#syncEnabled();
    this.#countPrompt();
  }

  #showFacts() {
    const { text, source } = modelFacts(this.#model);
    const parts = [text];
    if (source?.url) {
      parts.push(" Source: ", h("a", { href: source.url, target: "_blank", rel: "noopener noreferrer" }, new URL(source.url).host),
        source.checked ? ` (checked ${source.checked})` : "", ".");
    }
    this.#facts.replaceChildren(...parts);
    // A model that is going away offers its replacement, when the list has it.
    const replacement = this.#model.replacement;
    const offer = this.#model.status !== "current" && replacement && this.#list.some((m) => m.id === replacement && serves(m, this.#endpoint));
    this.#replace.hidden = !offer;
    if (offer) {
      this.#replace.dataset.model = replacement;
      this.#replace.textContent = `Use ${replacement} instead`;
    }
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

// "svg.reasoning.effort" → params.svg.reasoning.effort.
function setPath(target, path, value) {
  const keys = path.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) node = node[key] ??= {};
  node[keys.at(-1)] = value;
}
