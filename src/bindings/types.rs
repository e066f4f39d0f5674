//! The TypeScript declarations of the public API (the exports' signatures refer to these names).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Models this library knows (any other string is accepted too, with only universal checks). */
export type ImageModel =
  | "gpt-image-2.6-sunburst" | "gpt-image-2.6-flare"
  | "gpt-image-2.5-sunburst" | "gpt-image-2.5-flare"
  | "gpt-image-2.5-sunburst-2026-09-08" | "gpt-image-2.5-flare-2026-09-08"
  | "gpt-image-2" | "gpt-image-2-2026-04-21"
  | "gpt-image-1.5" | "chatgpt-image-latest" | "gpt-image-1-mini" | "gpt-image-1"
  | "dall-e-3" | "dall-e-2" | "qwen-image";

/** Which API the client talks to. */
export type Provider = "openai" | "azure" | "cometapi" | "compatible";

/** Azure OpenAI settings. Without `deployment`, the v1 route is used and `model` is the deployment name. */
export interface AzureOptions {
  /** `https://RESOURCE.openai.azure.com` */
  endpoint: string;
  deployment?: string;
  /** Default `2025-04-01-preview` on deployment routes; none on the v1 route. */
  apiVersion?: string;
  /** Returns a Microsoft Entra ID bearer token; called before every attempt. */
  azureADTokenProvider?: () => Promise<string> | string;
}

/** `new ImagesClient(options)`: openai-node's spellings. */
export interface ImagesClientOptions {
  /** Default `"openai"`. */
  provider?: Provider;
  /** Optional for `"compatible"` (a proxy that adds the key itself). */
  apiKey?: string;
  /** Default per provider; required for `"compatible"`. */
  baseURL?: string;
  azure?: AzureOptions;
  organization?: string;
  project?: string;
  defaultHeaders?: Record<string, string>;
  /** Milliseconds per attempt, including the download. Default 600000 (10 minutes). */
  timeout?: number;
  /** Retries after the first attempt, 0–10. Default 2. */
  maxRetries?: number;
  /** Largest file accepted for edits, in bytes. Default 50 MB (Azure: 20 MB). */
  maxImageBytes?: number;
}

/** `"auto"`, a listed size, or any `WIDTHxHEIGHT` for models with free sizes. */
export type ImageSize =
  | "auto" | "1024x1024" | "1536x1024" | "1024x1536" | "256x256" | "512x512" | "1792x1024" | "1024x1792"
  | `${number}x${number}`;

/** Parameters of `POST /images/generations`, in the API's snake_case wire names. */
export interface ImageGenerateParams {
  model: ImageModel | (string & {});
  prompt: string;
  n?: number;
  size?: ImageSize;
  quality?: "low" | "medium" | "high" | "auto" | "xhigh" | "max" | "standard" | "hd";
  /** DALL·E only. */
  response_format?: "url" | "b64_json";
  /** dall-e-3 only. */
  style?: "vivid" | "natural";
  output_format?: "png" | "jpeg" | "webp" | "gif" | "svg";
  /** 0–100, jpeg and webp only. */
  output_compression?: number;
  background?: "transparent" | "opaque" | "auto";
  moderation?: "low" | "auto";
  stream?: boolean;
  partial_images?: 0 | 1 | 2 | 3;
  complexity?: "low" | "medium" | "high";
  frame_count?: number;
  frame_duration_ms?: number;
  safety_identifier?: string;
  /** @deprecated use `safety_identifier` */
  user?: string;
}

/** Parameters of `POST /images/edits`: the caller's files plus the API's snake_case fields. */
export interface ImageEditParams {
  model: ImageModel | (string & {});
  prompt: string;
  /** One File/Blob, or an array (1–16 for GPT image models; exactly one PNG for dall-e-2). */
  image: Blob | Blob[];
  /** A PNG with alpha, the same size as the first image; transparent pixels mark the area to edit. */
  mask?: Blob;
  n?: number;
  size?: ImageSize;
  quality?: "low" | "medium" | "high" | "auto" | "xhigh" | "max" | "standard";
  /** dall-e-2 only. */
  response_format?: "url" | "b64_json";
  output_format?: "png" | "jpeg" | "webp" | "gif";
  output_compression?: number;
  background?: "transparent" | "opaque" | "auto";
  moderation?: "low" | "auto";
  /** gpt-image-1 and 1.5: high or low; gpt-image-1-mini: low. */
  input_fidelity?: "high" | "low";
  /** gpt-image-2.5 models; never together with `mask`. */
  markup?: boolean | string;
  stream?: boolean;
  partial_images?: 0 | 1 | 2 | 3;
  complexity?: "low" | "medium" | "high";
  safety_identifier?: string;
  /** @deprecated use `safety_identifier` */
  user?: string;
}

/** Parameters of `POST /images/variations` (dall-e-2 on providers that still serve it). */
export interface ImageVariationParams {
  model: "dall-e-2" | (string & {});
  /** One square PNG under 4 MB. */
  image: Blob;
  n?: number;
  size?: "256x256" | "512x512" | "1024x1024";
  response_format?: "url" | "b64_json";
  user?: string;
}

/** Download progress of a response body. */
export interface DownloadProgress {
  loaded: number;
  /** From `Content-Length`, when the server sends it. */
  total?: number;
}

/** A partial image of a streamed request (`stream: true` with `partial_images`). */
export interface PartialImageEvent {
  type: "image_generation.partial_image" | "image_edit.partial_image";
  /** 0-based. */
  partial_image_index?: number;
  image: DecodedImage;
}

/** The final image of a streamed request. */
export interface CompletedImageEvent {
  type: "image_generation.completed" | "image_edit.completed";
  image: DecodedImage;
  usage?: ImagesUsage;
  /** The whole result, for `requestID` and `revoke()`. */
  result: ImagesResult;
}

/** What `generateStream` yields: narrow on `type`. */
export type ImageStreamEvent =
  | (PartialImageEvent & { type: "image_generation.partial_image" })
  | (CompletedImageEvent & { type: "image_generation.completed" });

/** Per-request options. */
export interface RequestOptions {
  signal?: AbortSignal;
  /** Milliseconds for this request's attempts, including the download. */
  timeout?: number;
  maxRetries?: number;
  /** Bytes of the response body received so far. */
  onProgress?: (progress: DownloadProgress) => void;
  /** With `stream: true`: each partial image as soon as it arrives (before the promise resolves). */
  onPartialImage?: (event: PartialImageEvent) => void;
}

/** A `b64_json` image, decoded into a Blob with an object URL (revoke it with `result.revoke()`). */
export interface DecodedImage {
  /** `blob:` URL, ready for `<img src>`. */
  url: string;
  blob: Blob;
  /** Sniffed from the bytes. */
  mimeType: "image/png" | "image/jpeg" | "image/webp" | "image/gif" | (string & {});
  byteLength: number;
  width?: number;
  height?: number;
  /** A C2PA provenance manifest is present in the bytes (presence only, not verified). */
  hasC2pa: boolean;
  revisedPrompt?: string;
}

/** A `url` image (DALL·E `response_format: "url"`), as the API gave it. */
export interface RemoteImage {
  url: string;
  blob?: undefined;
  revisedPrompt?: string;
}

export type GeneratedImage = DecodedImage | RemoteImage;

/** The API's `usage` object, as returned (providers may add fields). */
export interface ImagesUsage {
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
  input_tokens_details?: { text_tokens?: number; image_tokens?: number };
  output_tokens_details?: { [key: string]: number };
  [extra: string]: unknown;
}

/** What `generate` resolves to. */
export interface ImagesResult {
  images: GeneratedImage[];
  /** Unix seconds. */
  created?: number;
  usage?: ImagesUsage;
  size?: string;
  quality?: string;
  output_format?: string;
  background?: string;
  /** `x-request-id`, when the server exposes it. */
  requestID?: string;
  /** Revokes this result's object URLs. */
  revoke(): void;
}

/** One broken rule. */
export interface ValidationIssue {
  /** e.g. `"size"`, `"image[2]"`, `"azure.endpoint"`. */
  field: string;
  /** Stable code, e.g. `"invalid_value"`, `"required"`, `"unknown_parameter"`. */
  code: string;
  message: string;
  severity: "error" | "warning";
}

/** An estimate for all `n` images. */
export interface CostEstimate {
  /** Output tokens, for token-billed models. */
  outputTokens?: number;
  usd: number;
}

/** Stable machine-readable error category. */
export type ErrorKind =
  | "validation" | "bad_request" | "auth" | "permission" | "not_found" | "conflict" | "unprocessable"
  | "rate_limit" | "quota" | "server" | "content_policy" | "connection" | "timeout" | "aborted"
  | "stream_incomplete" | "decode" | "api";

/** openai-node's error names, plus this library's own. */
export type ImagesErrorName =
  | "ImageValidationError" | "BadRequestError" | "AuthenticationError" | "PermissionDeniedError"
  | "NotFoundError" | "ConflictError" | "UnprocessableEntityError" | "RateLimitError"
  | "InternalServerError" | "APIError" | "APIConnectionError" | "APIConnectionTimeoutError"
  | "APIUserAbortError" | "StreamIncompleteError" | "ImageDecodeError";

/** Every promise of this library rejects with one of these (a real `Error`). */
export interface ImagesError extends Error {
  name: ImagesErrorName;
  kind: ErrorKind;
  requestID?: string;
  /** HTTP status, for API errors. */
  status?: number;
  code?: string;
  type?: string;
  param?: string;
  /** Moderation blocks and content filters. */
  moderationStage?: string;
  categories?: string[];
  /** Azure's rewritten prompt on content-filter errors. */
  revisedPrompt?: string;
  /** ImageValidationError: every broken rule. */
  issues?: ValidationIssue[];
  /** The per-attempt timeout that ran out (APIConnectionTimeoutError). */
  timeout?: number;
  cause?: unknown;
}

export interface ImagesClient {
  /**
   * Generates images. Resolves to an `ImagesResult`; rejects with an `ImagesError`. Invalid params
   * reject with `ImageValidationError` and send nothing.
   */
  generate(params: ImageGenerateParams, options?: RequestOptions): Promise<ImagesResult>;
  /**
   * Edits the caller's images. Only the files' first bytes are read (format, size, alpha), never
   * the whole files; each part is sent with the MIME type sniffed from its bytes. Every problem
   * rejects together in one `ImageValidationError` whose issues name `image[2]`, `mask`, ...
   */
  edit(params: ImageEditParams, options?: RequestOptions): Promise<ImagesResult>;
  /**
   * Generates with `stream: true` (set for you) and returns the events as a ReadableStream, so
   * `for await (const event of client.generateStream(params))` works. Failures, invalid params
   * included, reject the loop; leaving the loop early aborts the request.
   */
  generateStream(params: ImageGenerateParams, options?: RequestOptions): ReadableStream<ImageStreamEvent>;
  /** Variations of one square PNG (dall-e-2). */
  createVariation(params: ImageVariationParams, options?: RequestOptions): Promise<ImagesResult>;
  /** The edit checks without sending anything: every issue (empty when valid). */
  validateEdit(params: ImageEditParams): Promise<ValidationIssue[]>;
}

/** Checks generate params without sending anything: every issue, empty when valid. */
export function validateGenerate(params: ImageGenerateParams, options?: { provider?: Provider }): ValidationIssue[];

/** One row of the model capability table. */
export interface ModelInfo {
  id: string;
  snapshots: string[];
  family: "gpt_image" | "dall_e" | "provider";
  status: { state: "current" } | { state: "shut_down_on_openai"; date: string };
  sizes:
    | { kind: "list"; values: string[] }
    | { kind: "free"; values: string[]; multipleOf: number; maxAspect: number; maxLongSide: number; maxShortSide: number; experimentalAbovePixels: number }
    | { kind: "provider_defined" };
  qualities: string[];
  maxN: number;
  maxPromptChars: number | null;
  endpoints: ("generations" | "edits" | "variations")[];
  outputFormats: string[];
  backgrounds: string[];
  inputFidelities: string[];
  styles: string[];
  moderations: string[];
  responseFormats: string[];
  complexities: string[];
  markup: boolean;
  streaming: boolean;
  /** Where the row's facts come from, and when. */
  source: string;
}
"#;
