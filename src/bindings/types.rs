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
  | "gpt-image-1.5" | "gpt-image-1.5-2025-12-16" | "chatgpt-image-latest" | "gpt-image-1-mini" | "gpt-image-1"
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
  /**
   * What to do with broken rules: `"strict"` (default) rejects with `ImageValidationError` before
   * sending; `"warn"` sends and reports them in `result.warnings`; `"off"` checks nothing.
   */
  validation?: ValidationMode;
  /** Judge model status (shutdowns) as of this `YYYY-MM-DD` day instead of today. */
  today?: string;
  /** Extra or patched model rows for this client (see `defineModel`). */
  models?: ModelDefinition[];
}

/** How broken rules are treated. */
export type ValidationMode = "strict" | "warn" | "off";

/**
 * A model row added at run time. A known `id` patches that row; a new `id` starts from the row
 * named in `like` (its prices are not inherited: give `pricing`, or cost stays unknown).
 */
export interface ModelDefinition {
  id: string;
  like?: ImageModel | (string & {});
  snapshots?: string[];
  /** Listed sizes, or `"provider_defined"` to check none. */
  sizes?: string[] | "provider_defined";
  qualities?: string[];
  maxN?: number;
  maxPromptChars?: number | null;
  endpoints?: ("generations" | "edits" | "variations")[];
  outputFormats?: string[];
  editOutputFormats?: string[];
  backgrounds?: string[];
  inputFidelities?: string[];
  styles?: string[];
  moderations?: string[];
  responseFormats?: string[];
  complexities?: string[];
  markup?: boolean;
  streaming?: boolean;
  svg?: boolean;
  maxEditImages?: number;
  /** Shutdown dates (`YYYY-MM-DD`) per provider. */
  shutdown?: { openai?: string; azure?: string };
  replacement?: string;
  /** USD per 1M tokens. */
  pricing?: { textInput?: number; cachedTextInput?: number; imageInput?: number; cachedImageInput?: number; imageOutput?: number };
  source?: { url: string; checked: string };
}

/** `"auto"`, a listed size, or any `WIDTHxHEIGHT` for models with free sizes. */
export type ImageSize =
  | "auto" | "1024x1024" | "1536x1024" | "1024x1536" | "256x256" | "512x512" | "1792x1024" | "1024x1792"
  | `${number}x${number}` | (string & {});

/** Parameters of `POST /images/generations`, in the API's snake_case wire names. */
export interface ImageGenerateParams {
  /** Required: the library refuses a request without one (the API's old default, dall-e-2, is shut down). */
  model?: ImageModel | (string & {}) | null;
  prompt: string;
  n?: number | null;
  size?: ImageSize | null;
  quality?: "low" | "medium" | "high" | "auto" | "xhigh" | "max" | "standard" | "hd" | null;
  /** DALL·E only. */
  response_format?: "url" | "b64_json" | null;
  /** dall-e-3 only. */
  style?: "vivid" | "natural" | null;
  output_format?: "png" | "jpeg" | "webp" | "gif" | "svg" | null;
  /** 0–100, jpeg and webp only. */
  output_compression?: number | null;
  background?: "transparent" | "opaque" | "auto" | null;
  moderation?: "low" | "auto" | null;
  stream?: boolean | null;
  /** 0–3, only with `stream: true`. */
  partial_images?: number | null;
  /** 2.6 models. */
  complexity?: "low" | "medium" | "high" | null;
  /** GIF frames, 2–16 (default 9); only with `output_format: "gif"`. */
  frame_count?: number | null;
  /** Milliseconds per GIF frame, 20–655350, rounded to 10 (default 200); only with gif. */
  frame_duration_ms?: number | null;
  /** With `output_format: "svg"` (2.6, n = 1): the text model that writes the SVG. */
  svg?: SvgOptions | null;
  /** A stable, hashed id of your end user, for safety monitoring (takes precedence over `user`). */
  safety_identifier?: string | null;
  /** A stable id for the end user (deprecated by the API, still accepted). */
  user?: string | null;
}

/** The `svg` param. */
export interface SvgOptions {
  /** The text model that writes the SVG. */
  model?: string | null;
  /** Its reasoning effort (supported values depend on that model). */
  reasoning?: { effort?: "none" | "minimal" | "low" | "medium" | "high" | "xhigh" | "max" | null } | null;
}

/** An image the API fetches itself: a JSON edit, nothing uploaded from the page. */
export type ImageReference = { image_url: string } | { file_id: string };

/** Parameters of `POST /images/edits`: the caller's files plus the API's snake_case fields. */
export interface ImageEditParams {
  /** Required: the library refuses a request without one (the API's old default, dall-e-2, is shut down). */
  model?: ImageModel | (string & {}) | null;
  prompt: string;
  /**
   * One File/Blob, or an array (1–16 for GPT image models; exactly one PNG for dall-e-2); or
   * `{ image_url }` / `{ file_id }` references (then the edit goes as JSON; no mixing with files).
   */
  image: Blob | Blob[] | ImageReference | ImageReference[];
  /** A PNG with alpha, the same size as the first image; transparent pixels mark the area to edit. */
  mask?: Blob | ImageReference | null;
  /** 2.5 and 2.6: a transparent PNG with marks drawn on it, the size of the first image; never with `mask`. */
  markup?: Blob | null;
  n?: number | null;
  size?: ImageSize | null;
  quality?: "low" | "medium" | "high" | "auto" | "xhigh" | "max" | "standard" | null;
  /** dall-e-2 only. */
  response_format?: "url" | "b64_json" | null;
  output_format?: "png" | "jpeg" | "webp" | "gif" | null;
  output_compression?: number | null;
  background?: "transparent" | "opaque" | "auto" | null;
  moderation?: "low" | "auto" | null;
  /** gpt-image-1 and 1.5: high or low; gpt-image-1-mini: low. */
  input_fidelity?: "high" | "low" | null;
  stream?: boolean | null;
  /** 0–3, only with `stream: true`. */
  partial_images?: number | null;
  complexity?: "low" | "medium" | "high" | null;
  frame_count?: number | null;
  frame_duration_ms?: number | null;
  /** A stable, hashed id of your end user, for safety monitoring (takes precedence over `user`). */
  safety_identifier?: string | null;
  user?: string | null;
}

/** Parameters of `POST /images/variations` (dall-e-2 on providers that still serve it). */
export interface ImageVariationParams {
  model?: "dall-e-2" | (string & {}) | null;
  /** One square PNG under 4 MB. */
  image: Blob;
  n?: number | null;
  size?: "256x256" | "512x512" | "1024x1024" | null;
  response_format?: "url" | "b64_json" | null;
  user?: string | null;
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
  /** This request's validation mode (overrides the client's). */
  validation?: ValidationMode;
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
  mimeType: "image/png" | "image/jpeg" | "image/webp" | "image/gif" | "image/svg+xml" | (string & {});
  byteLength: number;
  /** From the header (SVG: the root's width/height or viewBox). */
  width?: number;
  height?: number;
  /** GIF: the number of frames. */
  frameCount?: number;
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
  /** Issues that did not block the request (warnings, and errors under `validation: "warn"`). */
  warnings: ValidationIssue[];
  /** What the request cost, from the returned `usage`, when the model's prices are known. */
  cost?: UsageCost;
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

/** The cost of a finished request, from its `usage`. */
export interface UsageCost {
  usd: number;
  inputTokens?: number;
  outputTokens?: number;
}

/** Stable machine-readable error category. */
export type ErrorKind =
  | "validation" | "bad_request" | "auth" | "permission" | "not_found" | "conflict" | "model_retired" | "unprocessable"
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
   * `for await (const event of client.generateStream(params))` works, in every engine: where the
   * engine's `ReadableStream` is not async-iterable (WebKit: Safari, iOS), the stream brings its
   * own `values({ preventCancel })` and `[Symbol.asyncIterator]()`. Failures, invalid params
   * included, reject the loop; leaving the loop early aborts the request.
   */
  generateStream(params: ImageGenerateParams, options?: RequestOptions): ReadableStream<ImageStreamEvent> & AsyncIterable<ImageStreamEvent>;
  /** Variations of one square PNG (dall-e-2). */
  createVariation(params: ImageVariationParams, options?: RequestOptions): Promise<ImagesResult>;
  /** The edit checks without sending anything: every issue (empty when valid). */
  validateEdit(params: ImageEditParams): Promise<ValidationIssue[]>;
  /**
   * The generate checks with this client's provider, `today` and model rows, nothing sent: every
   * issue (empty when valid), as `validation: "strict"` would judge them.
   */
  validateGenerate(params: ImageGenerateParams): ValidationIssue[];
  /**
   * The image models this key can use now (`GET {baseURL}/models`, other models filtered out),
   * merged with the table: status today and shutdown dates. On an Azure deployment route, the
   * configured deployment (nothing is sent).
   */
  listModels(options?: RequestOptions): Promise<ModelInfo[]>;
}

/** The model table with each model's status on `provider` (default openai) on `today` (default: now). */
export function models(options?: { provider?: Provider; today?: string }): ModelInfo[];

/**
 * Adds a model row for every client on the page, or patches a known one. Throws an
 * `ImageValidationError` naming every bad field. Returns the row as `models()` shows it.
 */
export function defineModel(definition: ModelDefinition): ModelInfo;

/** Checks generate params without sending anything: every issue, empty when valid. */
export function validateGenerate(params: ImageGenerateParams, options?: { provider?: Provider; today?: string }): ValidationIssue[];

/** One row of the model capability table, as seen on one provider on one day. */
export interface ModelInfo {
  id: string;
  /** Dated snapshots with the same rules. */
  snapshots: string[];
  family: "gpt_image" | "dall_e" | "provider";
  /** On the provider asked, today. */
  status: "current" | "retiring" | "shut_down";
  /** The shutdown date on that provider, when known (`YYYY-MM-DD`). */
  shutdownDate?: string;
  /** What to move to. */
  replacement?: string;
  /** Shutdown dates per provider. */
  shutdown: { openai?: string; azure?: string };
  /** False for an image model the provider listed that the table does not know. */
  known: boolean;
  sizes:
    | { kind: "list"; values: string[] }
    | { kind: "free"; values: string[]; multipleOf: number; maxAspect: number; maxLongSide: number; minPixels: number; maxPixels: number; experimentalAbovePixels: number }
    | { kind: "provider_defined" };
  qualities: string[];
  maxN: number;
  maxPromptChars: number | null;
  endpoints: ("generations" | "edits" | "variations")[];
  /** `output_format` on generations (narrowed to what the provider accepts). */
  outputFormats: string[];
  /** `output_format` on edits (no svg). */
  editOutputFormats: string[];
  backgrounds: string[];
  inputFidelities: string[];
  styles: string[];
  moderations: string[];
  responseFormats: string[];
  complexities: string[];
  /** `markup` edits. */
  markup: boolean;
  streaming: boolean;
  /** The `svg` param (with `output_format: "svg"`). */
  svg: boolean;
  /** GIF output rules. */
  gif?: { frameCount: NumberRule; frameDurationMs: NumberRule };
  maxEditImages: number;
  /** USD per 1M tokens, or per image (DALL·E). */
  pricing?: {
    textInput?: number; cachedTextInput?: number; imageInput?: number; cachedImageInput?: number; imageOutput?: number;
    perImage?: { quality: string; size: string; usd: number }[];
  };
  /** Whether `estimateCost` gives a figure before sending (else: `result.cost` after). */
  estimable: boolean;
  /** The public page the row was checked against, and when (absent for rows not from the table). */
  source?: { url: string; checked: string };
}

/** An integer param's range. */
export interface NumberRule {
  min: number;
  max: number;
  default: number;
  step: number;
}
"#;
