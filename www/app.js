// The demo page: imports the package the way any page would (no init call, no bundler) and wires
// the connection panel, the model list (the client's listModels(), else the library's models()),
// the Generate | Edit switch, the params form and the files to edit, live validation
// (validateGenerate, or the client's validateEdit pre-flight check), the cost before and after,
// the run with its streamed partial images, Cancel/Clear and the results.

import { ImagesClient, validateGenerate, estimateCost, models } from "/pkg/index.js";
import { loadConfig } from "./config.js";
import { ClientPool } from "./clients.js";
import { ConnectionPanel } from "./connection.js";
import { ModeSwitch } from "./mode-switch.js";
import { ParamsForm } from "./params-form.js";
import { EditInputs } from "./edit-inputs.js";
import { showFieldIssues, showSummary } from "./issues-view.js";
import { describeCost } from "./cost.js";
import { loadModelList } from "./model-list.js";
import { RunStatus } from "./run-status.js";
import { StreamPreview } from "./stream-preview.js";
import { Gallery } from "./gallery.js";
import { showError, hideError } from "./error-view.js";
import { SCENARIOS, startSimulation, finishSimulation } from "./simulations.js";

const $ = (id) => document.getElementById(id);
const ENDPOINTS = { generate: "generations", edit: "edits" };
const LIST_DELAY_MS = 400; // typing a key or URL lists the models once, after a pause

const config = await loadConfig();
const clients = new ClientPool(ImagesClient);
const connection = new ConnectionPanel($("connection"), config?.fakeApiUrl ?? null, SCENARIOS, update);
const modeSwitch = new ModeSwitch($("mode"), showMode);
const editInputs = new EditInputs($("edit-inputs"), update);
// The first model list is in before the form is built: the default model is picked from it.
let listedFor = null; // the connection (its options) the model list was made for
let latestList = 0; // only the latest listing may replace the list
let listTimer = 0;
const firstList = await listModelsFor(connection.read());
const paramsForm = new ParamsForm($("param-fields"), firstList.list, update, { afterModel: $("edit-inputs") });
paramsForm.setModels(firstList.list, { note: firstList.note });
document.body.dataset.modelList = firstList.listed ? "api" : "table";
const status = new RunStatus($("status-text"), $("status-detail"), $("progress"));
const preview = new StreamPreview($("preview"));
const gallery = new Gallery($("gallery"));

let running = null; // the AbortController of the request in flight
let current = { mode: "generate", client: null, params: null, hasErrors: true, checking: false };
let latestCheck = 0; // edit checks are async: only the latest one may show its verdict
let verdictShown = Promise.resolve(); // settles once the check in flight has shown its verdict

// The models for a connection: its client's listModels(), or the library's table without one.
function listModelsFor({ provider, options, today }) {
  listedFor = JSON.stringify(options);
  const { client } = clients.clientFor(options);
  return clients.run(client, () => loadModelList({ client, provider, today, models }));
}

// Lists the models again after the connection changed (once typing pauses); the picked model and
// every value it can keep stay as they were.
function refreshModelList(connectionNow) {
  if (JSON.stringify(connectionNow.options) === listedFor) return;
  listedFor = JSON.stringify(connectionNow.options);
  clearTimeout(listTimer);
  const ticket = ++latestList;
  document.body.dataset.modelList = "loading";
  $("param-model-list").textContent = "Listing the models…";
  listTimer = setTimeout(async () => {
    const loaded = await listModelsFor(connectionNow);
    if (ticket !== latestList) return;
    paramsForm.setModels(loaded.list, { note: loaded.note });
    document.body.dataset.modelList = loaded.listed ? "api" : "table";
    update();
  }, LIST_DELAY_MS);
}

function showMode(mode) {
  paramsForm.setEndpoint(ENDPOINTS[mode]);
  $("edit-inputs").hidden = mode !== "edit";
  $("submit").textContent = mode === "edit" ? "Edit" : "Generate";
  update();
}

// Re-validates everything after every change: the client options (by constructing the client) and
// the params, then shows each issue beside its field (or file), the summary and the cost. Generate
// params are checked at once by validateGenerate; an edit is checked by the client's validateEdit,
// which reads the files' headers. Meanwhile the button keeps the last verdict (a text field's
// change event fires as the pointer goes down on the button: disabling it then would eat the
// click) and run() waits for the new verdict before sending anything.
function update() {
  const mode = modeSwitch.mode;
  const connectionNow = connection.read();
  const { provider, options, today } = connectionNow;
  const { client, issues: connectionIssues } = clients.clientFor(options);
  refreshModelList(connectionNow);
  editInputs.setMarkupAllowed(mode === "edit" && paramsForm.model.markup === true);
  const params = paramsForm.read();
  $("cost").textContent = describeCost(estimateCost(params), params, { editing: mode === "edit", model: paramsForm.model });
  const check = ++latestCheck;

  if (mode === "generate") {
    const paramIssues = validateGenerate(params, today ? { provider, today } : { provider });
    showVerdict({ mode, client, params, connectionIssues, paramIssues });
    return;
  }
  const editParams = { ...params, ...editInputs.read() };
  if (!client) {
    // No client, no file check: the connection issues say what to fix first.
    showVerdict({ mode, client, params: editParams, connectionIssues, paramIssues: [] });
    return;
  }
  current = { mode, client, params: editParams, hasErrors: current.hasErrors, checking: true };
  $("issue-summary").setAttribute("aria-busy", "true"); // announce the verdict once, when it is in
  refreshButtons();
  verdictShown = clients.run(client, (c) => c.validateEdit(editParams))
    .catch((error) => [{ field: "image", code: "check_failed", severity: "error", message: `The files could not be checked: ${error?.message ?? error}` }])
    .then((paramIssues) => {
      if (check === latestCheck) showVerdict({ mode, client, params: editParams, connectionIssues, paramIssues });
    });
}

// With validation "warn" or "off" the client sends despite param errors (it reports them as
// result.warnings, or skips the checks): only strict validation, or a connection error, blocks.
function showVerdict({ mode, client, params, connectionIssues, paramIssues }) {
  const issues = [...connectionIssues, ...paramIssues];
  const { validation } = connection.read();
  const isError = (i) => i.severity !== "warning";
  const blocking = validation === "strict" || connectionIssues.some(isError);
  $("issue-summary").removeAttribute("aria-busy");
  showFieldIssues($("connection"), connectionIssues);
  showFieldIssues($("params"), paramIssues);
  showSummary($("issue-summary"), issues, mode === "edit"
    ? { action: "edit", clean: `Pre-flight check passed: ${editInputs.describe()}, ready to send.`, blocking, validation }
    : { action: "generate", blocking, validation });
  const hasErrors = blocking && issues.some(isError);
  current = { mode, client, params, hasErrors, checking: false };
  refreshButtons();
}

function refreshButtons() {
  $("submit").disabled = running !== null || current.hasErrors || !current.client;
  $("cancel").disabled = running === null;
  $("clear").disabled = running !== null || (gallery.size === 0 && $("preview").hidden);
}

async function run() {
  while (current.checking) await verdictShown;
  if (running || current.hasErrors || !current.client) return;
  const { mode, params } = current;
  const editing = mode === "edit";
  const inputs = editing ? editInputs.names() : null;
  const scenario = connection.simulation;
  const controller = new AbortController();
  running = controller;
  refreshButtons();
  hideError($("error"));
  preview.start(params.stream ? params.partial_images ?? 0 : 0);
  const verb = editing ? "Editing" : "Generating";
  status.start(scenario ? `${verb}, simulating “${scenario.label}”` : verb);

  let simulation = null;
  let outcome;
  try {
    let client = current.client;
    let requestOptions = {};
    if (scenario) {
      simulation = await startSimulation(connection.fakeApiUrl, scenario);
      client = clients.oneOff({ ...connection.read().options, baseURL: simulation.baseURL });
      requestOptions = simulation.requestOptions;
    }
    const options = {
      ...requestOptions,
      signal: controller.signal,
      onProgress: (progress) => status.progress(progress),
      onPartialImage: (event) => preview.show(event),
    };
    const result = await clients.run(client, (c) => (editing ? c.edit(params, options) : c.generate(params, options)));
    outcome = { result };
  } catch (error) {
    outcome = { error };
  }
  const requestsSeen = simulation ? await finishSimulation(connection.fakeApiUrl, simulation.session) : null;

  if (outcome.result) {
    // The final images replace the partial ones.
    preview.clear();
    const count = outcome.result.images.length;
    const elapsedMs = status.finish(`${editing ? "Edited" : "Generated"} ${count} image${count === 1 ? "" : "s"}`);
    gallery.add(outcome.result, {
      model: params.model, prompt: params.prompt ?? "", elapsedMs, requestsSeen, inputs, partials: preview.received,
    });
  } else {
    const aborted = outcome.error?.kind === "aborted";
    status.finish(aborted ? "Cancelled" : `Failed with ${outcome.error?.name ?? "an error"}`);
    preview.keep(aborted ? "The last partial image received before you cancelled." : "The last partial image received before the request failed.");
    showError($("error"), outcome.error, { requestsSeen });
  }
  running = null;
  showLiveUrls();
  refreshButtons();
  bringResultsIntoView();
}

// After a run started from the bottom of the long form, the outcome is at the top of the results
// column: scroll there when its heading is out of view (not during the run: Cancel stays in reach).
function bringResultsIntoView() {
  const heading = $("results-heading");
  const { top, bottom } = heading.getBoundingClientRect();
  if (top < 0 || bottom > window.innerHeight) heading.closest("section").scrollIntoView({ block: "start" });
}

function clear() {
  gallery.clear();
  preview.clear();
  clients.revokeAll();
  hideError($("error"));
  status.say("Cleared: the images' object URLs are revoked.");
  showLiveUrls();
  refreshButtons();
}

function showLiveUrls() {
  const live = clients.liveObjectURLs;
  $("live-urls").textContent = `${live} object URL${live === 1 ? "" : "s"} alive`;
}

$("params").addEventListener("submit", (event) => {
  event.preventDefault();
  run();
});
$("params").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.matches("textarea")) {
    event.preventDefault();
    run();
  }
});
$("cancel").addEventListener("click", () => running?.abort());
$("clear").addEventListener("click", clear);

showMode(modeSwitch.mode); // a reload may restore the Edit radio
showLiveUrls();
$("load-status").hidden = true;
document.body.dataset.ready = "true";
