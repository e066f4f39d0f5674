// The status of a running request: what it is doing, elapsed time and download progress (from
// onProgress), then the outcome. Only phase changes go to the live region; the ticking clock and
// byte counts sit beside it, so screen readers are not flooded ten times a second.

import { formatBytes, formatSeconds } from "./format.js";

const TICK_MS = 100;

export class RunStatus {
  #text;
  #detail;
  #bar;
  #startedAt = 0;
  #timer = 0;
  #download = "";

  /**
   * @param {HTMLElement} text the live region
   * @param {HTMLElement} detail elapsed time and bytes (not announced)
   * @param {HTMLProgressElement} bar
   */
  constructor(text, detail, bar) {
    this.#text = text;
    this.#detail = detail;
    this.#bar = bar;
  }

  /** Starts the clock; the bar is indeterminate until the download reports a total. */
  start(phase) {
    clearInterval(this.#timer);
    this.#startedAt = performance.now();
    this.#download = "";
    this.#text.textContent = `${phase}…`;
    this.#bar.hidden = false;
    this.#bar.removeAttribute("value");
    this.#tick();
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
  }

  /** The onProgress callback: `{ loaded, total? }`, bytes of the response body so far. */
  progress({ loaded, total }) {
    if (total) {
      this.#bar.max = total;
      this.#bar.value = loaded;
      this.#download = `${formatBytes(loaded)} of ${formatBytes(total)} downloaded`;
    } else {
      this.#download = `${formatBytes(loaded)} downloaded`;
    }
    this.#tick();
  }

  /** Stops the clock and shows the outcome (with the bytes downloaded); returns the elapsed ms. */
  finish(outcome) {
    clearInterval(this.#timer);
    const elapsed = performance.now() - this.#startedAt;
    this.#bar.hidden = true;
    this.#detail.textContent = "";
    const download = this.#download ? ` (${this.#download})` : "";
    this.#text.textContent = `${outcome} after ${formatSeconds(elapsed)}${download}.`;
    return elapsed;
  }

  /** Shows a message between requests. */
  say(text) {
    this.#text.textContent = text;
  }

  #tick() {
    const elapsed = formatSeconds(performance.now() - this.#startedAt);
    this.#detail.textContent = this.#download ? `${elapsed} · ${this.#download}` : elapsed;
  }
}
