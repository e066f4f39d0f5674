// Per-session state: the fault script still to play, the requests received and the pinned "today"
// (null: the server's; see lifecycle.mjs). Sessions are
// created on first use. Memory is bounded: number of sessions, requests per session, and the
// body text kept across all recordings (past the budget the oldest texts are dropped).

export const SESSION_NAME = /^[A-Za-z0-9_-]{1,128}$/;

export class Sessions {
  #limits;
  #byName = new Map();
  #texts = []; // records holding body text, oldest first
  #textBytes = 0;

  constructor({ maxSessions = 512, maxRequests = 2000, maxTextBytes = 64 * 1024 * 1024 } = {}) {
    this.#limits = { maxSessions, maxRequests, maxTextBytes };
  }

  /** The session, created if new (and the least recently used one dropped past the limit). */
  get(name) {
    let session = this.#byName.get(name);
    if (session) {
      this.#byName.delete(name);
    } else {
      session = { name, steps: [], requests: [], today: null };
      if (this.#byName.size >= this.#limits.maxSessions) this.#byName.delete(this.#byName.keys().next().value);
    }
    this.#byName.set(name, session);
    return session;
  }

  /** The session if it exists, without creating it. */
  peek(name) {
    return this.#byName.get(name);
  }

  reset(name) {
    this.#byName.delete(name);
  }

  record(session, record) {
    session.requests.push(record);
    if (session.requests.length > this.#limits.maxRequests) session.requests.shift();
  }

  /** Counts a finished record's body text against the global budget. */
  noteBody(record) {
    if (!record.bodyText) return;
    this.#texts.push(record);
    this.#textBytes += record.bodyText.length;
    while (this.#textBytes > this.#limits.maxTextBytes && this.#texts.length > 1) {
      const old = this.#texts.shift();
      this.#textBytes -= old.bodyText.length;
      Object.assign(old, { bodyText: null, json: null, bodyDropped: true });
    }
  }
}
