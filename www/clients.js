// Keeps the ImagesClient for the current connection settings, and every older client whose images
// are still on screen, so Clear can revoke all their object URLs. Constructing a client is also
// how the connection settings are validated: the constructor throws ImageValidationError.

export class ClientPool {
  #ImagesClient;
  #current = null; // { key, client }
  #kept = new Set(); // replaced clients that may still own object URLs
  #busy = new Set(); // clients with a request in flight

  /** @param {typeof import("/pkg/index.js").ImagesClient} ImagesClient */
  constructor(ImagesClient) {
    this.#ImagesClient = ImagesClient;
  }

  /**
   * The client for these options, reused while they stay the same.
   * @returns {{client: object, issues: []} | {client: null, issues: object[]}}
   */
  clientFor(options) {
    const key = JSON.stringify(options);
    if (this.#current?.key === key) return { client: this.#current.client, issues: [] };
    let client;
    try {
      client = new this.#ImagesClient(options);
    } catch (error) {
      if (error?.name !== "ImageValidationError") throw error;
      return { client: null, issues: error.issues ?? [] };
    }
    this.#retire(this.#current?.client);
    this.#current = { key, client };
    return { client, issues: [] };
  }

  /**
   * A client for one request that the pool does not reuse (simulated failures use their own base
   * URL); it is kept until Clear like the others.
   */
  oneOff(options) {
    const client = new this.#ImagesClient(options);
    this.#kept.add(client);
    return client;
  }

  /** Runs `request(client)`, keeping the client alive until it settles. */
  async run(client, request) {
    this.#busy.add(client);
    try {
      return await request(client);
    } finally {
      this.#busy.delete(client);
    }
  }

  /** Revokes every object URL any client made, and frees the replaced clients no longer in use. */
  revokeAll() {
    for (const client of this.#kept) {
      client.revokeAll();
      if (this.#busy.has(client)) continue;
      client.free();
      this.#kept.delete(client);
    }
    this.#current?.client.revokeAll();
  }

  /** Object URLs made and not yet revoked, over all clients. */
  get liveObjectURLs() {
    let live = this.#current?.client.liveObjectURLs ?? 0;
    for (const client of this.#kept) live += client.liveObjectURLs;
    return live;
  }

  // A replaced client is freed right away unless it is busy or its images may still be shown.
  #retire(client) {
    if (!client) return;
    if (this.#busy.has(client) || client.liveObjectURLs > 0) this.#kept.add(client);
    else client.free();
  }
}
