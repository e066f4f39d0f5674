// The connection panel: which API to call and how. Turns its inputs into `ImagesClient` options.
// The API key lives only in its input and in the options built from it: never stored, never logged.

import { h } from "./dom.js";

const PROVIDER_HINTS = {
  offline: (fakeApiUrl) => `A fake image API on this machine (${fakeApiUrl}), called through its no-key proxy route ` +
    "the way a page calls its own server's proxy. It lists its models (GET /models) and returns real PNG, JPEG, WebP, " +
    "animated GIF and SVG images (streamed answers paced so partial images can be watched arriving); nothing leaves the machine.",
  openai: () => "Calls OpenAI directly from this page with your key.",
  azure: () => "Calls your Azure OpenAI resource from this page with your key (api-key header).",
  cometapi: () => "Calls CometAPI directly from this page with your key.",
  compatible: () => "Any OpenAI-compatible API. For a site, point this at your own server's proxy, which adds the key: then leave the key empty.",
};

const BASE_URLS = {
  openai: { placeholder: "https://api.openai.com/v1", hint: "Optional. Default https://api.openai.com/v1." },
  cometapi: { placeholder: "https://api.cometapi.com/v1", hint: "Optional. Default https://api.cometapi.com/v1." },
  compatible: {
    placeholder: "https://example.com/api/v1",
    hint: "Required: the absolute URL that /images/generations is appended to.",
  },
};

// Typed numbers are passed as numbers; anything else as typed, so the library can say what is wrong.
const NUMBER = /^\s*-?\d+(\.\d+)?\s*$/;
const asTyped = (raw) => (NUMBER.test(raw) ? Number(raw) : raw);

export class ConnectionPanel {
  #form;
  #fakeApiUrl;
  #scenarios;

  /**
   * @param {HTMLFormElement} form the #connection form
   * @param {string | null} fakeApiUrl where the offline fake API listens (null: not available)
   * @param {{id: string, label: string, description: string}[]} scenarios failures to simulate offline
   * @param {() => void} onChange called after every edit
   */
  constructor(form, fakeApiUrl, scenarios, onChange) {
    this.#form = form;
    this.#fakeApiUrl = fakeApiUrl;
    this.#scenarios = scenarios;
    this.#input("simulate").replaceChildren(...scenarios.map((s) => h("option", { value: s.id }, s.label)));
    if (!fakeApiUrl) {
      // Served by something other than www/serve.mjs: no fake API to talk to.
      const offline = this.#input("provider").querySelector('option[value="offline"]');
      offline.disabled = true;
      offline.textContent += " (not available: start the page with node www/serve.mjs)";
      this.#input("provider").value = "compatible";
    }
    form.addEventListener("input", () => onChange());
    form.addEventListener("change", (event) => {
      if (event.target.name === "provider") this.#showProviderFields();
      if (event.target.name === "simulate") this.#describeSimulation();
      onChange();
    });
    form.addEventListener("submit", (event) => event.preventDefault());
    this.#showProviderFields();
    this.#describeSimulation();
  }

  /** The picked entry: "offline" or a library provider name. */
  get choice() {
    return this.#input("provider").value;
  }

  get fakeApiUrl() {
    return this.#fakeApiUrl;
  }

  /** The failure scenario to play on the next request, or null (none picked, or not offline). */
  get simulation() {
    if (this.choice !== "offline") return null;
    return this.#scenarios.find((s) => s.id === this.#input("simulate").value && s.steps) ?? null;
  }

  /**
   * What to construct the client with.
   * @returns {{provider: string, options: import("/pkg/index.js").ImagesClientOptions,
   *   validation: "strict" | "warn" | "off", today: string | undefined}}
   */
  read() {
    const value = (name) => this.#input(name).value.trim();
    const options = {};
    if (this.choice === "offline") {
      options.provider = "compatible";
      options.baseURL = `${this.#fakeApiUrl}/proxy/v1`;
    } else {
      options.provider = this.choice;
      // The key is passed exactly as typed (no trimming: it is a secret, not ours to edit).
      const apiKey = this.#input("apiKey").value;
      if (apiKey) options.apiKey = apiKey;
      if (this.choice === "azure") {
        options.azure = {};
        if (value("azureEndpoint")) options.azure.endpoint = value("azureEndpoint");
        if (value("azureDeployment")) options.azure.deployment = value("azureDeployment");
        if (value("azureApiVersion")) options.azure.apiVersion = value("azureApiVersion");
      } else if (value("baseURL")) {
        options.baseURL = value("baseURL");
      }
    }
    if (value("timeout")) options.timeout = asTyped(value("timeout"));
    if (value("maxRetries")) options.maxRetries = asTyped(value("maxRetries"));
    // "strict" is the library's default: the option is passed only when it differs.
    const validation = this.#input("validation").value;
    if (validation !== "strict") options.validation = validation;
    if (value("today")) options.today = value("today");
    return { provider: options.provider, options, validation, today: options.today };
  }

  // Shows the inputs the picked provider uses and hides the rest (hidden inputs are not read).
  #showProviderFields() {
    const choice = this.choice;
    for (const element of this.#form.querySelectorAll("[data-providers]")) {
      element.hidden = !element.dataset.providers.split(" ").includes(choice);
    }
    this.#form.querySelector("#provider-hint").textContent = PROVIDER_HINTS[choice](this.#fakeApiUrl);
    this.#form.querySelector("#apiKey-optional").hidden = choice !== "compatible";
    const baseURL = BASE_URLS[choice];
    this.#form.querySelector("#baseURL-hint").textContent = baseURL?.hint ?? "";
    this.#input("baseURL").placeholder = baseURL?.placeholder ?? "";
  }

  #describeSimulation() {
    const picked = this.#scenarios.find((s) => s.id === this.#input("simulate").value);
    this.#form.querySelector("#simulate-hint").textContent = picked?.description ?? "";
  }

  #input(name) {
    return this.#form.elements.namedItem(name);
  }
}
