// The server-side consumer: Node ≥ 20 (fetch, Blob, File, FormData, URL.createObjectURL are
// global), the package imported by its name, one generate and one edit against the fake API whose
// base URL is argv[2]. Prints what it saw as JSON.
import { readFile } from "node:fs/promises";
import { resolveObjectURL } from "node:buffer";
import { ImagesClient } from "imagegen-wasm";

const [api, photoPath] = process.argv.slice(2);
const client = new ImagesClient({ provider: "compatible", baseURL: api, apiKey: "sk-consumer-node" });
const generated = await client.generate({ model: "gpt-image-2", prompt: "A paper boat at sunrise", size: "1024x1024", quality: "low" });
const photo = new File([await readFile(photoPath)], "photo.png", { type: "" });
const edited = await client.edit({ model: "gpt-image-2", prompt: "Add a hat", image: photo, quality: "low" });
const describe = async (result) => {
  const image = result.images[0];
  const bytes = new Uint8Array(await image.blob.arrayBuffer());
  // Node's own lookup of an object URL (its fetch does not load blob: URLs).
  const behind = resolveObjectURL(image.url);
  const fetched = behind ? new Uint8Array(await behind.arrayBuffer()) : new Uint8Array(0);
  return {
    count: result.images.length,
    url: image.url,
    mimeType: image.mimeType,
    width: image.width,
    height: image.height,
    pngSignature: Array.from(bytes.subarray(0, 8)),
    byteLength: bytes.length,
    objectURLMatches: fetched.length === bytes.length && fetched.every((b, i) => b === bytes[i]),
  };
};
const report = { generated: await describe(generated), edited: await describe(edited), liveObjectURLs: client.liveObjectURLs };
client.revokeAll();
report.liveAfterRevokeAll = client.liveObjectURLs;
console.log(JSON.stringify(report));
