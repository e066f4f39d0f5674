// Writes a response value to the socket, normally or in one of the faulty ways a script asks for:
// slow (stall before headers), slow_body (stall mid-body), cut (half the body, then a reset).

/**
 * @param {import('node:http').ServerResponse} res
 * @param {{status:number, headers:object, body?:Buffer, events?:{bytes:Buffer}[]}} response
 * @param {{mode?: string, delayMs?: number, eventDelayMs?: number}} delivery
 */
export async function deliver(res, response, { mode = 'normal', delayMs = 0, eventDelayMs = 0 } = {}) {
  if (mode === 'slow') {
    await pause(delayMs, res);
    if (gone(res)) return;
  }
  const body = response.body ?? Buffer.concat((response.events ?? []).map((e) => e.bytes));
  const headers = { ...response.headers };
  if (!response.events) headers['content-length'] = String(body.length);
  res.writeHead(response.status, headers);

  if (mode === 'cut') {
    await write(res, body.subarray(0, Math.floor(body.length / 2)));
    res.socket?.destroy();
    return;
  }
  if (mode === 'slow_body') {
    const first = response.events?.length ? response.events[0].bytes.length : Math.floor(body.length / 2);
    await write(res, body.subarray(0, first));
    await pause(delayMs, res);
    if (!gone(res)) res.end(body.subarray(first));
    return;
  }
  if (response.events && eventDelayMs > 0) {
    for (const event of response.events) {
      if (gone(res)) return;
      await write(res, event.bytes);
      await pause(eventDelayMs, res);
    }
    if (!gone(res)) res.end();
    return;
  }
  res.end(body);
}

function gone(res) {
  return res.destroyed || res.socket == null || res.socket.destroyed;
}

/** Writes and waits until the bytes are handed to the OS (so a following reset cannot drop them). */
function write(res, chunk) {
  return new Promise((resolve) => {
    if (gone(res) || chunk.length === 0) return resolve();
    const done = () => { res.off('close', done); resolve(); };
    res.once('close', done);
    res.write(chunk, done);
  });
}

/** Waits `ms`, or less when the client goes away. */
export function pause(ms, res) {
  return new Promise((resolve) => {
    const done = () => { clearTimeout(timer); res.off('close', done); resolve(); };
    const timer = setTimeout(done, ms);
    res.once('close', done);
  });
}
