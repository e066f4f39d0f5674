// Image files served for `response_format: "url"` results. Bounded: oldest files go first.

import { randomBytes } from 'node:crypto';

const MAX_FILES = 256;
const MAX_BYTES = 128 * 1024 * 1024;

export class FileStore {
  #files = new Map();
  #bytes = 0;

  /** Stores bytes and returns the new file's id. */
  put(bytes) {
    const id = `file-${randomBytes(12).toString('hex')}`;
    this.#files.set(id, bytes);
    this.#bytes += bytes.length;
    for (const [oldId, old] of this.#files) {
      if (this.#files.size <= MAX_FILES && this.#bytes <= MAX_BYTES) break;
      this.#files.delete(oldId);
      this.#bytes -= old.length;
    }
    return id;
  }

  get(id) { return this.#files.get(id); }
}
