// Compiled with `tsc --noEmit` against the generated declarations: what a user writes must type-check,
// and what a user must not write must fail (each `@ts-expect-error` fails the build if the line compiles).
import {
  ImagesClient,
  defineModel,
  estimateCost,
  models,
  validateGenerate,
  type CostEstimate,
  type DecodedImage,
  type GeneratedImage,
  type ImageGenerateParams,
  type ImagesError,
  type ImagesResult,
  type ModelInfo,
  type PartialImageEvent,
  type ValidationIssue,
  type ModelDefinition,
  type UsageCost,
} from "../../pkg/index.js";

const client = new ImagesClient({ apiKey: "sk-x", maxRetries: 1, timeout: 60_000, defaultHeaders: { "X-A": "1" } });
new ImagesClient({ provider: "compatible", baseURL: "/api/v1" });
new ImagesClient({
  provider: "azure",
  azure: { endpoint: "https://r.openai.azure.com", deployment: "img", azureADTokenProvider: async () => "token" },
});
// @ts-expect-error unknown provider
new ImagesClient({ provider: "gemini" });
// @ts-expect-error options are camelCase (openai-node's spelling)
new ImagesClient({ api_key: "x" });

const known: ImageGenerateParams = { model: "gpt-image-1.5", prompt: "p", size: "1024x1536", quality: "high" };
const anyModel: ImageGenerateParams = { model: "my-provider-model", prompt: "p", size: "1536x864" };
// @ts-expect-error prompt is required
const noPrompt: ImageGenerateParams = { model: "gpt-image-1.5" };
// @ts-expect-error params are the API's snake_case wire names
const camel: ImageGenerateParams = { model: "gpt-image-1.5", prompt: "p", outputFormat: "png" };
// @ts-expect-error not a quality
const badQuality: ImageGenerateParams = { model: "gpt-image-1.5", prompt: "p", quality: "ultra" };

async function use(signal: AbortSignal): Promise<void> {
  const result: ImagesResult = await client.generate(known, {
    signal,
    timeout: 1000,
    maxRetries: 0,
    onProgress: (p) => console.log(p.loaded, p.total ?? 0),
  });
  const first: GeneratedImage | undefined = result.images[0];
  if (first?.blob) {
    const blob: Blob = first.blob;
    const mime: string = first.mimeType;
    const width: number | undefined = first.width;
    const c2pa: boolean = first.hasC2pa;
    console.log(blob.size, mime, width, c2pa, first.url);
  }
  const tokens: number | undefined = result.usage?.output_tokens;
  const id: string | undefined = result.requestID;
  result.revoke();
  client.revokeAll();
  const live: number = client.liveObjectURLs;
  console.log(tokens, id, live);
  await client.generate(anyModel);
  await client.generate({ ...known, stream: true, partial_images: 2 }, {
    onPartialImage: (event: PartialImageEvent) => {
      const url: string = event.image.url;
      const index: number | undefined = event.partial_image_index;
      console.log(event.type, url, index);
    },
  });
  for await (const event of client.generateStream({ ...known, partial_images: 1 })) {
    const image: DecodedImage = event.image;
    if (event.type === "image_generation.completed") {
      const done: ImagesResult = event.result;
      done.revoke();
    } else {
      const index: number | undefined = event.partial_image_index;
      console.log(index);
    }
    console.log(image.url);
  }
  const file = new File([new Uint8Array(8)], "photo.png");
  const edited: ImagesResult = await client.edit({ model: "gpt-image-1.5", prompt: "p", image: [file, file], mask: file, input_fidelity: "high" });
  const issues: ValidationIssue[] = await client.validateEdit({ model: "dall-e-2", prompt: "p", image: file });
  await client.createVariation({ model: "dall-e-2", image: file, n: 2, size: "256x256" });
  console.log(edited.images.length, issues.length);
  // @ts-expect-error image must be a Blob, not a URL string
  await client.edit({ model: "gpt-image-1.5", prompt: "p", image: "https://example.com/cat.png" });
  // partial_images is a number in the types, as in openai-node; 0–3 is checked at run time
  // (validateGenerate reports it as out_of_range before anything is sent).
  await client.generate({ ...known, stream: true, partial_images: 4 });
  // @ts-expect-error unknown request option
  await client.generate(known, { timout: 5 });
}

async function today(): Promise<void> {
  const strict = new ImagesClient({
    apiKey: "sk-x",
    validation: "warn",
    today: "2026-12-02",
    models: [{ id: "gpt-image-3", like: "gpt-image-2.6-sunburst", qualities: ["low", "high"] }],
  });
  // @ts-expect-error not a validation mode
  new ImagesClient({ apiKey: "sk-x", validation: "lenient" });
  const svg = await strict.generate(
    { model: "gpt-image-2.6-sunburst", prompt: "p", output_format: "svg", svg: { model: "gpt-5", reasoning: { effort: "high" } } },
    { validation: "off" },
  );
  const warnings: ValidationIssue[] = svg.warnings;
  const paid: UsageCost | undefined = svg.cost;
  const frames: number | undefined = svg.images[0]?.blob ? svg.images[0].frameCount : undefined;
  await strict.generate({ model: "gpt-image-2.6-flare", prompt: "p", output_format: "gif", frame_count: 4, frame_duration_ms: 120 });
  const marks = new Blob([new Uint8Array(8)], { type: "image/png" });
  await strict.edit({ model: "gpt-image-2.6-sunburst", prompt: "p", image: marks, markup: marks, quality: "xhigh" });
  await strict.edit({ model: "gpt-image-2.6-sunburst", prompt: "p", image: [{ image_url: "https://example.com/a.png" }, { file_id: "file-1" }], mask: { file_id: "file-2" } });
  // @ts-expect-error a reference has image_url or file_id
  await strict.edit({ model: "gpt-image-2.6-sunburst", prompt: "p", image: { url: "https://example.com/a.png" } });
  const listed: ModelInfo[] = await strict.listModels({ timeout: 5000 });
  const first = listed[0];
  if (first) {
    const status: "current" | "retiring" | "shut_down" = first.status;
    const date: string | undefined = first.shutdownDate;
    const frameRange: number | undefined = first.gif?.frameCount.max;
    const url: string | undefined = first.source?.url;
    console.log(status, date, frameRange, url, first.estimable, first.known);
  }
  const definition: ModelDefinition = { id: "my-model", like: "gpt-image-2", pricing: { imageOutput: 30 } };
  const row: ModelInfo = defineModel(definition);
  const azure: ModelInfo[] = models({ provider: "azure", today: "2026-12-16" });
  console.log(warnings, paid, frames, row.id, azure.length);
}

try {
  await use(new AbortController().signal);
  await today();
} catch (e) {
  const error = e as ImagesError;
  if (error.kind === "rate_limit" || error.name === "RateLimitError") console.log(error.status, error.requestID);
  const issues: ValidationIssue[] | undefined = error.issues;
  console.log(issues?.map((i) => `${i.field}:${i.code}:${i.severity}`));
}

const issues: ValidationIssue[] = validateGenerate(known, { provider: "azure" });
const cost: CostEstimate | undefined = estimateCost(known);
const usd: number | undefined = cost?.usd;
const table: ModelInfo[] = models();
const maxN: number = table[0].maxN;
console.log(issues, usd, maxN, noPrompt, camel, badQuality);

// No `any` anywhere in the public surface: each of these fails to compile if a type decays to any.
type IsAny<T> = 0 extends 1 & T ? true : false;
type NoAny<T> = IsAny<T> extends true ? never : true;
const noAny: [
  NoAny<ConstructorParameters<typeof ImagesClient>[0]>,
  NoAny<Parameters<ImagesClient["generate"]>[0]>,
  NoAny<Parameters<ImagesClient["generate"]>[1]>,
  NoAny<Awaited<ReturnType<ImagesClient["generate"]>>>,
  NoAny<ReturnType<typeof validateGenerate>>,
  NoAny<Parameters<typeof validateGenerate>[0]>,
  NoAny<Parameters<typeof validateGenerate>[1]>,
  NoAny<ReturnType<typeof estimateCost>>,
  NoAny<Parameters<typeof estimateCost>[0]>,
  NoAny<ReturnType<typeof models>>,
  NoAny<ImagesClient["liveObjectURLs"]>,
  NoAny<Parameters<ImagesClient["edit"]>[0]>,
  NoAny<Awaited<ReturnType<ImagesClient["edit"]>>>,
  NoAny<Awaited<ReturnType<ImagesClient["validateEdit"]>>>,
  NoAny<Parameters<ImagesClient["createVariation"]>[0]>,
  NoAny<Awaited<ReturnType<ImagesClient["listModels"]>>>,
  NoAny<Parameters<typeof defineModel>[0]>,
  NoAny<ReturnType<typeof defineModel>>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true];
console.log(noAny);
