// Reads a request body into memory, up to a limit (the rest is drained and discarded).

/** @returns {Promise<{body: Buffer, size: number, tooLarge: boolean}>} size counts every byte received */
export function readBody(req, limit) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    const finish = () => resolve({ body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), size, tooLarge });
    req.on('end', finish);
    req.on('error', finish); // an aborted upload: whatever arrived
    req.on('close', finish); // resolving twice is harmless
  });
}
