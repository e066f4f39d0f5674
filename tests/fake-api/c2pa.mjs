// A small but well-formed C2PA manifest store (a JUMBF superbox labelled "c2pa") and the three
// ways it is embedded: PNG caBX chunk, JPEG APP11 segment, WebP "C2PA" RIFF chunk. Only presence
// matters to the client (it never verifies signatures), so the manifest holds no claim data.

import { randomUUID } from 'node:crypto';

// C2PA spec UUIDs: the first four bytes spell the box's purpose ("c2pa" store, "c2ma" manifest).
const STORE_UUID = Buffer.from('6332706100110010800000aa00389b71', 'hex');
const MANIFEST_UUID = Buffer.from('63326d6100110010800000aa00389b71', 'hex');

function box(type, payload) {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + payload.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, payload]);
}

// JUMBF description box: UUID, toggles 0x03 (requestable + label present), NUL-terminated label.
function description(uuid, label) {
  return box('jumd', Buffer.concat([uuid, Buffer.from([0x03]), Buffer.from(label + '\0', 'utf8')]));
}

function superbox(uuid, label, children = []) {
  return box('jumb', Buffer.concat([description(uuid, label), ...children]));
}

/** JUMBF bytes of a manifest store holding one (empty) manifest. */
export function manifestStore() {
  return superbox(STORE_UUID, 'c2pa', [superbox(MANIFEST_UUID, `urn:uuid:${randomUUID()}`)]);
}

/** APP11 segment (marker included): "JP", box instance 1, packet sequence 1, then the JUMBF. */
export function jpegApp11Segment(jumbf = manifestStore()) {
  const payload = Buffer.concat([Buffer.from('JP', 'latin1'), Buffer.from([0, 1, 0, 0, 0, 1]), jumbf]);
  if (payload.length + 2 > 0xffff) throw new Error('C2PA manifest too large for one APP11 segment');
  const head = Buffer.from([0xff, 0xeb, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** Inserts the APP11 segment after SOI and a leading APP0 (JFIF) segment, where c2pa-rs puts it. */
export function insertJpegC2pa(jpeg) {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG');
  let at = 2;
  if (jpeg[2] === 0xff && jpeg[3] === 0xe0) at = 4 + jpeg.readUInt16BE(4);
  return Buffer.concat([jpeg.subarray(0, at), jpegApp11Segment(), jpeg.subarray(at)]);
}
