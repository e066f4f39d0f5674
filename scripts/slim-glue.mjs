// Three things wasm-bindgen's output carries that no page needs:
//
// - Long import and export names. Each import is named after its JS function plus a 16-hex-digit
//   hash (`__wbg_fetch_2149ebe870d26ab7`), written twice: in the .wasm's import section and as a key
//   of the glue's import object. Hashes do not compress: the ~130 names were 4.1 KB of the gzipped
//   package (node tests/size/budget.mjs, 2026-12-03). They become `_0`, `_1`, … in both places.
//   The exports (but `memory`), which only the glue reads (`wasm.NAME`; the package exports the
//   glue's wrappers), become short too, also in `imagegen_wasm_bg.wasm.d.ts`: 0.5 KB gzip.
// - Its notes on each cast intrinsic (`// Cast intrinsic for `Closure(Closure { owned: true, …`),
//   one line each, 0.2 KB gzip.
// - The doc comments of the glue's exports, which repeat the .d.ts's (editors read the .d.ts, also
//   for JS): 1.1 KB gzip.
//
// Usage: node scripts/slim-glue.mjs pkg/imagegen_wasm_bg.wasm pkg/imagegen_wasm.js
// Fails, changing nothing, unless every import is a key of the glue's object exactly once and no
// export is named in a string.
import { readFileSync, writeFileSync } from "node:fs";

const [wasmPath, gluePath] = process.argv.slice(2);
const declarationsPath = `${wasmPath}.d.ts`;
const wasm = readFileSync(wasmPath);
let glue = readFileSync(gluePath, "utf8");
let declarations = readFileSync(declarationsPath, "utf8");

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

/** The import section with short field names, each renamed in the glue's import object too. */
function renameImports(content) {
  let [count, p] = leb(content, 0);
  const entries = [encodeLeb(count)];
  for (let i = 0; i < count; i++) {
    const [moduleLen, moduleAt] = leb(content, p);
    const module = content.subarray(p, moduleAt + moduleLen);
    const [fieldLen, fieldAt] = leb(content, moduleAt + moduleLen);
    const field = content.toString("utf8", fieldAt, fieldAt + fieldLen);
    const descriptionAt = fieldAt + fieldLen;
    const next = descriptionEnd(content, descriptionAt);
    const short = shortName(i);
    // The glue's key, `        NAME: function(` (a name is an identifier: no escaping needed).
    const key = new RegExp(`^(\\s+)${field}(: function\\()`, "m");
    const found = glue.split(field).length - 1;
    if (found !== 1 || !key.test(glue)) fail(`the glue names import ${field} ${found} times, not once as a key`);
    glue = glue.replace(key, `$1${short}$2`);
    entries.push(module, encodeName(short), content.subarray(descriptionAt, next));
    p = next;
  }
  if (p !== content.length) fail("the import section did not end where its size says");
  return { content: Buffer.concat(entries), count };
}

/** The export section with short names (but `memory`), renamed where the glue reads them
 * (`wasm.NAME`) and in the module's own declarations. */
function renameExports(content) {
  let [count, p] = leb(content, 0);
  const entries = [encodeLeb(count)];
  let renamed = 0;
  for (let i = 0; i < count; i++) {
    const [nameLen, nameAt] = leb(content, p);
    let name = content.toString("utf8", nameAt, nameAt + nameLen);
    const kindAt = nameAt + nameLen;
    const next = leb(content, kindAt + 1)[1];
    if (name !== "memory") {
      const short = shortName(i);
      // The glue reads exports as `wasm.NAME` only (its own functions of the same name stay).
      if (new RegExp(`["'\`]${name}["'\`]|\\[${name}\\]`).test(glue)) fail(`the glue names export ${name} in a string`);
      glue = glue.replace(new RegExp(`\\bwasm\\.${name}\\b`, "g"), `wasm.${short}`);
      // Not every export is declared (wasm-bindgen leaves out its abort handler).
      declarations = declarations.replace(new RegExp(`^export const ${name}:`, "m"), `export const ${short}:`);
      name = short;
      renamed++;
    }
    entries.push(encodeName(name), content.subarray(kindAt, next));
    p = next;
  }
  if (p !== content.length) fail("the export section did not end where its size says");
  return { content: Buffer.concat(entries), count: renamed };
}

if (wasm.readUInt32LE(0) !== 0x6d736100) fail(`${wasmPath} is not a wasm module`);
const parts = [wasm.subarray(0, 8)];
const renamed = { imports: 0, exports: 0 };
for (let at = 8; at < wasm.length; ) {
  const id = wasm[at];
  const [size, contentStart] = leb(wasm, at + 1);
  const end = contentStart + size;
  const content = wasm.subarray(contentStart, end);
  const slim = id === 2 ? renameImports(content) : id === 7 ? renameExports(content) : null;
  if (slim) {
    renamed[id === 2 ? "imports" : "exports"] = slim.count;
    parts.push(Buffer.from([id]), encodeLeb(slim.content.length), slim.content);
  } else {
    parts.push(wasm.subarray(at, end));
  }
  at = end;
}

const notes = glue.match(/^ *\/\/ Cast intrinsic for .*\n/gm) ?? [];
glue = glue.replace(/^ *\/\/ Cast intrinsic for .*\n/gm, "");
// A doc comment starts a line with `/**` and ends at the first `*/` (wasm-bindgen escapes any in the text).
const docs = glue.match(/^ *\/\*\*[^]*?\*\/\n/gm) ?? [];
glue = glue.replace(/^ *\/\*\*[^]*?\*\/\n/gm, "");

writeFileSync(wasmPath, Buffer.concat(parts));
writeFileSync(gluePath, glue);
writeFileSync(declarationsPath, declarations);
console.log(
  `slim-glue: ${renamed.imports} imports and ${renamed.exports} exports renamed, ` +
    `${notes.length} notes and ${docs.length} doc comments dropped`,
);
