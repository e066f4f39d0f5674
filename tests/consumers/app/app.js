// The consumer app every bundler builds: what a user's page does with the installed package. It
// imports the package by its name, generates one image and edits one file against the fake API
// (its base URL comes in the page's `?api=` query), shows both, and reports what it saw in
// `window.__consumerResult` for the test to read.
import { ImagesClient, models } from "imagegen-wasm";

async function shown(url) {
  const img = document.createElement("img");
  img.src = url;
  document.body.append(img);
  await img.decode();
  return { width: img.naturalWidth, height: img.naturalHeight };
}

async function run() {
  const api = new URL(location.href).searchParams.get("api");
  const client = new ImagesClient({ provider: "compatible", baseURL: api, apiKey: "sk-consumer-app" });
  const generated = await client.generate({ model: "gpt-image-2", prompt: "A paper boat at sunrise", size: "1024x1024", quality: "low" });
  const canvas = new OffscreenCanvas(96, 64);
  const g = canvas.getContext("2d");
  g.fillStyle = "#2a6";
  g.fillRect(0, 0, 96, 64);
  const photo = new File([await canvas.convertToBlob({ type: "image/png" })], "photo", { type: "" });
  const edited = await client.edit({ model: "gpt-image-2", prompt: "Add a hat", image: photo, quality: "low" });
  const describe = async (result) => ({
    count: result.images.length,
    url: result.images[0].url,
    mimeType: result.images[0].mimeType,
    width: result.images[0].width,
    height: result.images[0].height,
    shown: await shown(result.images[0].url),
  });
  return {
    generated: await describe(generated),
    edited: await describe(edited),
    knowsModels: models().some((m) => m.id === "gpt-image-2"),
    liveObjectURLs: client.liveObjectURLs,
  };
}

run().then(
  (result) => { window.__consumerResult = result; },
  (error) => { window.__consumerResult = { error: `${error?.name}: ${error?.message}`, kind: error?.kind }; },
);
