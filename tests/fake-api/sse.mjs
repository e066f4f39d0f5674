// Server-sent events framing: "event: <type>\ndata: <json>\n\n", as the Images API streams them.
// Events keep their type beside the bytes so faults can drop or replace some of them.

/** @returns {{type: string, bytes: Buffer}} */
export function sseEvent(type, data) {
  return { type, bytes: Buffer.from(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`) };
}
