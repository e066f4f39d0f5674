// The demo page: imports the package the way any page would (no init call, no bundler) and wires
// the connection panel, the params form, live validation, Generate/Cancel/Clear and the results.

import { ImagesClient, validateGenerate, estimateCost, models } from "/pkg/index.js";
import { loadConfig } from "./config.js";
import { ClientPool } from "./clients.js";
import { ConnectionPanel } from "./connection.js";
import { ParamsForm } from "./params-form.js";
import { showFieldIssues, showSummary } from "./issues-view.js";
import { describeCost } from "./cost.js";
import { RunStatus } from "./run-status.js";
import { Gallery } from "./gallery.js";
import { showError, hideError } from "./error-view.js";
import { SCENARIOS, startSimulation, finishSimulation } from "./simulations.js";

const $ = (id) => document.getElementById(id);

const config = await loadConfig();
const clients = new ClientPool(ImagesClient);
const connection = new ConnectionPanel($("connection"), config?.fakeApiUrl ?? null, SCENARIOS, update);
const paramsForm = new ParamsForm($("param-fields"), models(), update);
const status = new RunStatus($("status-text"), $("status-detail"), $("progress"));
const gallery = new Gallery($("gallery"));

let running = null; // the AbortController of the request in flight
let current = { client: null, params: null, hasErrors: true };

// Re-validates everything after every edit: the client options (by constructing the client) and
// the params (validateGenerate), shows each issue beside its field, and the cost.
function update() {
  const { provider, options } = connection.read();
  const { client, issues: connectionIssues } = clients.clientFor(options);
  const params = paramsForm.read();
  const paramIssues = validateGenerate(params, { provider });
  const issues = [...connectionIssues, ...paramIssues];

  showFieldIssues($("connection"), connectionIssues);
  showFieldIssues($("params"), paramIssues);
  showSummary($("issue-summary"), issues);
  $("cost").textContent = describeCost(estimateCost(params), params);

  current = { client, params, hasErrors: issues.some((i) => i.severity !== "warning") };
  refreshButtons();
}

function refreshButtons() {
  $("generate").disabled = running !== null || current.hasErrors || !current.client;
  $("cancel").disabled = running === null;
  $("clear").disabled = running !== null || gallery.size === 0;
}

async function generate() {
  if (running || current.hasErrors || !current.client) return;
  const { params } = current;
  const scenario = connection.simulation;
  const controller = new AbortController();
  running = controller;
  refreshButtons();
  hideError($("error"));
  status.start(scenario ? `Generating, simulating “${scenario.label}”` : "Generating");

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
    const result = await clients.run(client, (c) => c.generate(params, {
      ...requestOptions,
      signal: controller.signal,
      onProgress: (progress) => status.progress(progress),
    }));
    outcome = { result };
  } catch (error) {
    outcome = { error };
  }
  const requestsSeen = simulation ? await finishSimulation(connection.fakeApiUrl, simulation.session) : null;

  if (outcome.result) {
    const count = outcome.result.images.length;
    const elapsedMs = status.finish(`Generated ${count} image${count === 1 ? "" : "s"}`);
    gallery.add(outcome.result, { model: params.model, prompt: params.prompt ?? "", elapsedMs, requestsSeen });
  } else {
    status.finish(outcome.error?.kind === "aborted" ? "Cancelled" : `Failed with ${outcome.error?.name ?? "an error"}`);
    showError($("error"), outcome.error, { requestsSeen });
  }
  running = null;
  showLiveUrls();
  refreshButtons();
}

function clear() {
  gallery.clear();
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
  generate();
});
$("params").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.matches("textarea")) {
    event.preventDefault();
    generate();
  }
});
$("cancel").addEventListener("click", () => running?.abort());
$("clear").addEventListener("click", clear);

update();
showLiveUrls();
$("load-status").hidden = true;
document.body.dataset.ready = "true";
