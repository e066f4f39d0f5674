// Moving from openai-node 7.55 is a rename: the params objects an openai-node user writes for
// `openai.images.generate(...)` / `.edit(...)`, checked against openai-node's own types with
// `satisfies`, go to `ImagesClient` unchanged. Compiled with `tsc --strict`; `lib` has no
// "dom.asynciterable", so `for await` over `generateStream` type-checks from this package's own
// declaration. skipLibCheck only skips openai-node's internals (the Node and Bun types they
// expect); this package's .d.ts is checked with skipLibCheck off by tests/types/tsconfig.json.
//
// The end of the file takes values *annotated* with openai-node's own (wider) types: the ones these
// declarations accept are plain calls (they fail this check if the declarations narrow again); the
// one known gap left is a `@ts-expect-error`, which fails this check once the declarations accept it,
// so the list stays true.
import type { ImageGenerateParams, ImageEditParams } from "openai/resources/images";
import { ImagesClient, type ImagesResult, type ImageStreamEvent } from "../../../pkg/index.js";

// openai-node: const client = new OpenAI({ apiKey, baseURL, maxRetries, timeout });
const client = new ImagesClient({ apiKey: "sk-x", baseURL: "https://api.openai.com/v1", maxRetries: 2, timeout: 60_000 });

export async function generate(prompt: string): Promise<ImagesResult> {
  const params = {
    model: "gpt-image-2",
    prompt,
    n: 1,
    size: "1024x1536",
    quality: "high",
    output_format: "webp",
    output_compression: 80,
    background: "opaque",
    moderation: "low",
  } satisfies ImageGenerateParams.ImageGenerateParamsNonStreaming;
  // openai-node: await openai.images.generate(params)
  return client.generate(params);
}

export async function generateSvg(): Promise<ImagesResult> {
  const params = {
    model: "gpt-image-2.6-sunburst",
    prompt: "A paper boat, flat vector",
    output_format: "svg",
    svg: { model: "gpt-5", reasoning: { effort: "low" } },
  } satisfies ImageGenerateParams;
  return client.generate(params);
}

export async function edit(photo: File, mask: File): Promise<ImagesResult> {
  const params = {
    model: "gpt-image-2",
    prompt: "Add a beach ball",
    image: photo,
    mask,
    quality: "high",
    input_fidelity: "high",
  } satisfies ImageEditParams.ImageEditParamsNonStreaming;
  // openai-node: await openai.images.edit(params)
  return client.edit(params);
}

export async function editMany(files: File[]): Promise<ImagesResult> {
  const params = { model: "gpt-image-2", prompt: "Put them in one room", image: files, n: 2, size: "1024x1024" } satisfies ImageEditParams;
  return client.edit(params);
}

export async function stream(preview: HTMLImageElement): Promise<void> {
  const params = { model: "gpt-image-2", prompt: "A lighthouse", stream: true, partial_images: 2 } as const satisfies ImageGenerateParams.ImageGenerateParamsStreaming;
  // openai-node: for await (const event of await openai.images.generate(params))
  for await (const event of client.generateStream(params)) {
    const typed: ImageStreamEvent = event;
    if (typed.type === "image_generation.partial_image") preview.src = typed.image.url;
    else console.log(typed.result.requestID, typed.usage?.output_tokens);
  }
}

// ---- values annotated with openai-node's own (wider) types -------------------------------------
declare const annotated: ImageGenerateParams.ImageGenerateParamsNonStreaming & { model: string };
declare const annotatedEdit: ImageEditParams.ImageEditParamsNonStreaming & { model: string; image: File };
declare const annotatedFileEdit: ImageEditParams.ImageEditParamsNonStreaming & { image: File; mask?: File; markup?: File };
declare const optionalModel: ImageGenerateParams.ImageGenerateParamsNonStreaming;
// Accepted: openai-node types every optional field as `T | null`, and so do these declarations (null
// fields are left out of the request body); `size` takes any string, and `safety_identifier` and
// openai-node's svg reasoning efforts are declared too.
client.generate(annotated);
// Accepted: the same for edits (`n`, `size`, `quality`, ... `| null`), with files for `image`, `mask`, `markup`.
client.edit(annotatedFileEdit);
// Accepted by the types: openai-node's `model` is optional, and it is here too. A request without one is
// refused at run time by validation (ImageValidationError, field "model", code "required"; the API's old
// default, dall-e-2, is shut down), not by the types.
client.generate(optionalModel);
// Accepted: under openai-node's `satisfies`, `partial_images: 2` widens to `number`, which these
// declarations take (the 0–3 range is checked at run time); no `as const` needed.
client.generateStream({ model: "gpt-image-2", prompt: "p", stream: true, partial_images: 2 } satisfies ImageGenerateParams.ImageGenerateParamsStreaming);
// Still a gap: openai-node's `mask` and `markup` (and `image`) are `Uploadable`, which includes a fetch
// `Response`, a Node `fs.ReadStream`, a Bun file and async iterables; this library takes a File/Blob
// (or an `{ image_url }` / `{ file_id }` reference) and reads only its first bytes, so those are refused.
// @ts-expect-error `mask?: Uploadable` is wider than `Blob | ImageReference`
client.edit(annotatedEdit);
