// Three things wasm-bindgen's output carries that no page needs:
//
// - Long import names. Each import is named after its JS function plus a 16-hex-digit hash
//   (`__wbg_fetch_2149ebe870d26ab7`), written twice: in the .wasm's import section and as a key of
//   the glue's import object. Hashes do not compress: the ~130 names were 4.1 KB of the gzipped
//   package (node tests/size/budget.mjs, 2026-12-03). They become `_0`, `_1`, … in both places.
//   Nothing else refers to them: the glue calls the wasm through its exports, which keep their names.
// - Its notes on each cast intrinsic (`// Cast intrinsic for `Closure(Closure { owned: true, …`),
//   one line each, 0.2 KB gzip.
// - The doc comments of the glue's exports, which repeat the .d.ts's (editors read the .d.ts, also
//   for JS): 1.1 KB gzip.
//
// Usage: node scripts/slim-glue.mjs pkg/imagegen_wasm_bg.wasm pkg/imagegen_wasm.js
// Fails, changing nothing, unless every import is a key of the glue's object exactly once.
import { readFileSync, writeFileSync } from "node:fs";

const [wasmPath, gluePath] = process.argv.slice(2);
const wasm = readFileSync(wasmPath);
let glue = readFileSync(gluePath, "utf8");

function fail(message) {
  console.error(`slim-glue: ${message}`);
  process.exit(1);
}

/** Reads an unsigned LEB128 at `at`; returns [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function encodeLeb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Buffer.from(out);
}

const encodeName = (name) => Buffer.concat([encodeLeb(Buffer.byteLength(name)), Buffer.from(name)]);

/** `_0`, `_1`, … `_z`, `_10`, …: short, and valid JS identifiers. */
const shortName = (i) => `_${i.toString(36)}`;

/** The bytes of one import's description (what it imports and its type), from `at`. */
function descriptionEnd(bytes, at) {
  const kind = bytes[at++];
  const limits = (from) => {
    const flags = bytes[from++];
    let [, next] = leb(bytes, from);
    if (flags & 1) [, next] = leb(bytes, next);
    return next;
  };
  switch (kind) {
    case 0: // function: type index
      return leb(bytes, at)[1];
    case 1: // table: reference type, limits
      return limits(at + 1);
    case 2: // memory: limits
      return limits(at);
    case 3: // global: value type, mutability
      return at + 2;
    default:
      fail(`import kind ${kind} is not one this script knows`);
  }
}

if (wasm.readUInt32LE(0) !== 0x6d736100) fail(`${wasmPath} is not a wasm module`);
const parts = [wasm.subarray(0, 8)];
let at = 8;
let renamed = 0;
while (at < wasm.length) {
  const start = at;
  const id = wasm[at++];
  const [size, contentStart] = leb(wasm, at);
  const end = contentStart + size;
  if (id !== 2) {
    parts.push(wasm.subarray(start, end));
    at = end;
    continue;
  }
  // The import section: each entry's module name, field name and description.
  let [count, p] = leb(wasm, contentStart);
  const entries = [encodeLeb(count)];
  for (let i = 0; i < count; i++) {
    const [moduleLen, moduleAt] = leb(wasm, p);
    const module = wasm.subarray(p, moduleAt + moduleLen);
    const [fieldLen, fieldAt] = leb(wasm, moduleAt + moduleLen);
    const field = wasm.toString("utf8", fieldAt, fieldAt + fieldLen);
    const descriptionAt = fieldAt + fieldLen;
    const next = descriptionEnd(wasm, descriptionAt);
    const short = shortName(i);
    // The glue's key, `        NAME: function(` (a name is an identifier: no escaping needed).
    const key = new RegExp(`^(\\s+)${field}(: function\\()`, "m");
    const found = glue.split(field).length - 1;
    if (found !== 1 || !key.test(glue)) fail(`the glue names import ${field} ${found} times, not once as a key`);
    glue = glue.replace(key, `$1${short}$2`);
    entries.push(module, encodeName(short), wasm.subarray(descriptionAt, next));
    renamed++;
    p = next;
  }
  if (p !== end) fail("the import section did not end where its size says");
  const content = Buffer.concat(entries);
  parts.push(Buffer.from([2]), encodeLeb(content.length), content);
  at = end;
}

const notes = glue.match(/^ *\/\/ Cast intrinsic for .*\n/gm) ?? [];
glue = glue.replace(/^ *\/\/ Cast intrinsic for .*\n/gm, "");
// A doc comment starts a line with `/**` and ends at the first `*/` (wasm-bindgen escapes any in the text).
const docs = glue.match(/^ *\/\*\*[^]*?\*\/\n/gm) ?? [];
glue = glue.replace(/^ *\/\*\*[^]*?\*\/\n/gm, "");

writeFileSync(wasmPath, Buffer.concat(parts));
writeFileSync(gluePath, glue);
console.log(`slim-glue: ${renamed} imports renamed, ${notes.length} notes and ${docs.length} doc comments dropped`);
