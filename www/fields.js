// Builds one labelled form field (label, control, hint, issue slot) from a field description of
// model-fields.js, and reads or restores its raw value. Issues are shown in the slot by
// issues-view.js, found through the wrapper's data-field attribute.

import { h } from "./dom.js";

const NOT_SET = "";
const CUSTOM_SIZE = "custom";

/** @returns {HTMLElement} the `.field` wrapper */
export function renderField(field) {
  const id = field.id ?? `param-${field.name}`;
  const describedBy = [field.hint && `${id}-hint`, `${id}-issues`].filter(Boolean).join(" ");
  const wrapper = h("div", { className: field.kind === "checkbox" ? "field check" : "field", dataset: { field: field.name } });
  wrapper.append(...controlsFor(field, id, describedBy));
  if (field.kind === "textarea") wrapper.append(h("p", { className: "counter", id: `${id}-count`, "aria-live": "polite" }));
  if (field.hint) wrapper.append(h("p", { className: "hint", id: `${id}-hint` }, field.hint));
  wrapper.append(h("p", { className: "issues", id: `${id}-issues`, "aria-live": "polite" }));
  return wrapper;
}

function controlsFor(field, id, describedBy) {
  const label = h("label", { for: id }, field.label);
  switch (field.kind) {
    case "textarea":
      return [label, h("textarea", { id, name: field.name, rows: 4, spellcheck: true, "aria-describedby": `${id}-count ${describedBy}` })];
    case "select":
      return [label, select(id, field.name, field.options, describedBy)];
    case "text":
      return [label, h("input", {
        id, name: field.name, type: "text", inputmode: field.inputMode, autocomplete: "off", spellcheck: false,
        placeholder: field.placeholder, "aria-describedby": describedBy,
      })];
    case "number":
      // Typed values outside the range are still read and sent to validation, which says what is wrong.
      return [label, h("input", {
        id, name: field.name, type: "number", min: field.min, max: field.max, step: field.step,
        placeholder: field.placeholder, autocomplete: "off", "aria-describedby": describedBy,
      })];
    case "size":
      return sizeControls(field, id, describedBy);
    case "checkbox":
      // The box first, then its label: the label's first text node is what issue summaries show.
      return [h("input", { id, name: field.name, type: "checkbox", "aria-describedby": describedBy }), label];
    default:
      throw new Error(`unknown field kind ${field.kind}`);
  }
}

function select(id, name, options, describedBy, extra = []) {
  return h("select", { id, name, "aria-describedby": describedBy },
    h("option", { value: NOT_SET }, "Not set (API default)"),
    options.map((value) => h("option", { value }, value)),
    extra);
}

// A select of the listed sizes, plus a WIDTHxHEIGHT input when the model takes free sizes (alone
// when the provider defines the sizes and the table lists none).
function sizeControls(field, id, describedBy) {
  const customId = `${id}-custom`;
  const custom = h("input", {
    id: customId, name: "size-custom", type: "text", inputmode: "text", autocomplete: "off",
    placeholder: "e.g. 2048x1152", spellcheck: false, "aria-describedby": describedBy,
  });
  if (field.options.length === 0) return [h("label", { for: customId }, field.label), custom];
  const extra = field.custom ? [h("option", { value: CUSTOM_SIZE }, "Custom WIDTHxHEIGHT…")] : [];
  const controls = [h("label", { for: id }, field.label), select(id, field.name, field.options, describedBy, extra)];
  if (field.custom) {
    controls.push(h("div", { className: "custom-size", hidden: true },
      h("label", { for: customId }, "Custom size"), custom));
  }
  return controls;
}

/** Shows the custom size input only while "Custom" is picked. */
export function syncCustomSize(wrapper) {
  const picker = wrapper.querySelector("select");
  const box = wrapper.querySelector(".custom-size");
  if (picker && box) box.hidden = picker.value !== CUSTOM_SIZE;
}

/** The field's value as typed or picked: "" when unset ("true" for a checked box). */
export function readRaw(wrapper, field) {
  if (field.kind === "checkbox") return wrapper.querySelector("input").checked ? "true" : "";
  if (field.kind !== "size") return wrapper.querySelector("textarea, select, input").value;
  const picker = wrapper.querySelector("select");
  const custom = wrapper.querySelector("input");
  if (!picker) return custom.value.trim();
  return picker.value === CUSTOM_SIZE ? custom.value.trim() : picker.value;
}

/** Puts a previously read raw value back, when this model's field can hold it. */
export function restoreRaw(wrapper, field, raw) {
  if (!raw) return;
  if (field.kind === "size") {
    const picker = wrapper.querySelector("select");
    const custom = wrapper.querySelector("input");
    if (picker && field.options.includes(raw)) picker.value = raw;
    else if (custom && (field.custom || !picker)) {
      custom.value = raw;
      if (picker) picker.value = CUSTOM_SIZE;
    }
    syncCustomSize(wrapper);
    return;
  }
  const control = wrapper.querySelector("textarea, select, input");
  if (field.kind === "checkbox") control.checked = raw === "true";
  else if (field.kind !== "select" || field.options.includes(raw)) control.value = raw;
}

/** Enables or disables the field's controls (a disabled field is not sent). */
export function setEnabled(wrapper, enabled) {
  for (const control of wrapper.querySelectorAll("input, select, textarea")) control.disabled = !enabled;
  wrapper.classList.toggle("disabled", !enabled);
}
