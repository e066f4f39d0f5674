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
  /** Deployment name: routes to `{endpoint}/openai/deployments/{deployment}/images/...?api-version=...`. */
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
  /**
   * Sent as `Authorization: Bearer` (Azure: `api-key`). Required, except with Azure's `azureADTokenProvider` (never
   * both). Optional for `"compatible"` (a proxy that adds the key itself).
   */
  apiKey?: string;
  /**
   * Up to and including `/v1`. Default per provider (`https://api.openai.com/v1`, `https://api.cometapi.com/v1`);
   * required for `"compatible"`: an http(s) URL or a path on this site such as `/api/openai/v1`.
   */
  baseURL?: string;
  /** Azure OpenAI settings, for `provider: "azure"` (`azure.endpoint` is the URL). */
  azure?: AzureOptions;
  /** Sent as the `OpenAI-Organization` header when set. */
  organization?: string;
  /** Sent as the `OpenAI-Project` header when set. */
  project?: string;
  /** Extra headers on every request, after the provider's own (names and values are checked: no CR/LF). */
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
  /** The model id sent as `model`: a known id patches that row; a new id needs `like`. */
  id: string;
  /** The known row a new model starts from (its rules, not its prices, dates, replacement or snapshots). */
  like?: ImageModel | (string & {});
  /** Dated ids that share this row's rules (replaces the list). */
  snapshots?: string[];
  /** Listed sizes, or `"provider_defined"` to check none. */
  sizes?: string[] | "provider_defined";
  /** Accepted `quality` values (an empty list: the model takes no `quality`). */
  qualities?: string[];
  /** Largest `n`, 1–100. */
  maxN?: number;
  /** Longest prompt in characters, 1–10,000,000; `null`: no limit checked. */
  maxPromptChars?: number | null;
  /** The endpoints the model serves; a request to another is refused. */
  endpoints?: ("generations" | "edits" | "variations")[];
  /** `output_format` values on generations; without `editOutputFormats`, edits take these minus svg. */
  outputFormats?: string[];
  /** `output_format` values on edits. */
  editOutputFormats?: string[];
  /** Accepted `background` values (empty: none). */
  backgrounds?: string[];
  /** Accepted `input_fidelity` values on edits (empty: none). */
  inputFidelities?: string[];
  /** Accepted `style` values (empty: none). */
  styles?: string[];
  /** Accepted `moderation` values (empty: none). */
  moderations?: string[];
  /** Accepted `response_format` values (empty: none, as for GPT image models). */
  responseFormats?: string[];
  /** Accepted `complexity` values (empty: none). */
  complexities?: string[];
  /** Whether edits take a `markup` file. */
  markup?: boolean;
  /** Whether `stream` and `partial_images` are accepted. */
  streaming?: boolean;
  /** Whether the `svg` param is accepted (with `output_format: "svg"`). */
  svg?: boolean;
  /** Most `image` inputs in one edit, 1–100. */
  maxEditImages?: number;
  /** Shutdown dates (`YYYY-MM-DD`) per provider. */
  shutdown?: { openai?: string; azure?: string };
  /** The model to move to, named in the shut-down error. */
  replacement?: string;
  /** USD per 1M tokens. Replaces the row's prices: `estimateCost` then says undefined; `result.cost` uses them. */
  pricing?: { textInput?: number; cachedTextInput?: number; imageInput?: number; cachedImageInput?: number; imageOutput?: number };
  /** The public page these facts come from (`https://...`) and the `YYYY-MM-DD` day it was checked. */
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
  /** Required, non-empty; at most 32000 characters (GPT image models), 4000 (dall-e-3), 1000 (dall-e-2). */
  prompt: string;
  /** How many images, 1–10 (default 1); exactly 1 for dall-e-3, qwen-image and `output_format: "svg"`. */
  n?: number | null;
  /**
   * `auto`, a listed size, or free `WxH` on gpt-image-2 and 2.x (multiples of 16, long side ≤ 3840, aspect ≤ 3:1,
   * 655,360–8,294,400 px); above 2560x1440 warns.
   */
  size?: ImageSize | null;
  /** GPT image: low, medium, high, auto (2.5, 2.6: also xhigh, max); dall-e-3: standard, hd; dall-e-2: standard. */
  quality?: "low" | "medium" | "high" | "auto" | "xhigh" | "max" | "standard" | "hd" | null;
  /** DALL·E only (`"url"` results are `RemoteImage`s); refused for GPT image models, which always answer b64_json. */
  response_format?: "url" | "b64_json" | null;
  /** dall-e-3 only. */
  style?: "vivid" | "natural" | null;
  /** GPT image models: png (default), jpeg, webp; 2.6 also gif and svg. Azure: png and jpeg only. */
  output_format?: "png" | "jpeg" | "webp" | "gif" | "svg" | null;
  /** 0–100, jpeg and webp only. */
  output_compression?: number | null;
  /** GPT image models; `"transparent"` needs png or webp. */
  background?: "transparent" | "opaque" | "auto" | null;
  /** GPT image models: `"low"` filters less strictly; `"auto"` is the default. */
  moderation?: "low" | "auto" | null;
  /** GPT image models: answer with SSE events, partial images first (see `generateStream`); not with gif or svg. */
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
  /** Its reasoning effort (supported values depend on that model; other than low, medium, high: a warning only). */
  reasoning?: { effort?: "none" | "minimal" | "low" | "medium" | "high" | "xhigh" | "max" | null } | null;
}

/** An image the API fetches itself: a JSON edit, nothing uploaded from the page. */
export type ImageReference = { image_url: string } | { file_id: string };

/** Parameters of `POST /images/edits`: the caller's files plus the API's snake_case fields. */
export interface ImageEditParams {
  /** Required: the library refuses a request without one (the API's old default, dall-e-2, is shut down). */
  model?: ImageModel | (string & {}) | null;
  /** Required, non-empty; at most 32000 characters (GPT image models), 1000 (dall-e-2). */
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
  /** How many images, 1–10 (default 1). */
  n?: number | null;
  /**
   * `auto`, a listed size, or free `WxH` on gpt-image-2 and 2.x (multiples of 16, long side ≤ 3840, aspect ≤ 3:1,
   * 655,360–8,294,400 px); dall-e-2: 256x256, 512x512, 1024x1024.
   */
  size?: ImageSize | null;
  /** GPT image: low, medium, high, auto (2.5, 2.6: also xhigh, max); dall-e-2: standard. */
  quality?: "low" | "medium" | "high" | "auto" | "xhigh" | "max" | "standard" | null;
  /** dall-e-2 only (`"url"` results are `RemoteImage`s). */
  response_format?: "url" | "b64_json" | null;
  /** GPT image models: png (default), jpeg, webp; 2.6 also gif (svg is generations only). Azure: png and jpeg only. */
  output_format?: "png" | "jpeg" | "webp" | "gif" | null;
  /** 0–100, jpeg and webp only. */
  output_compression?: number | null;
  /** GPT image models; `"transparent"` needs png or webp. */
  background?: "transparent" | "opaque" | "auto" | null;
  /** GPT image models: `"low"` filters less strictly; `"auto"` is the default. */
  moderation?: "low" | "auto" | null;
  /** gpt-image-1, 1.5 and chatgpt-image-latest: high or low; gpt-image-1-mini: low; not 2.x or DALL·E. */
  input_fidelity?: "high" | "low" | null;
  /** GPT image models: answer with SSE `image_edit.*` events (partial images go to `onPartialImage`). */
  stream?: boolean | null;
  /** 0–3, only with `stream: true`. */
  partial_images?: number | null;
  /** 2.6 models. */
  complexity?: "low" | "medium" | "high" | null;
  /** GIF frames, 2–16 (default 9); only with `output_format: "gif"` (and no mask). */
  frame_count?: number | null;
  /** Milliseconds per GIF frame, 20–655350, rounded to 10 (default 200); only with gif. */
  frame_duration_ms?: number | null;
  /** A stable, hashed id of your end user, for safety monitoring (takes precedence over `user`). */
  safety_identifier?: string | null;
  /** A stable id for the end user (deprecated by the API, still accepted). */
  user?: string | null;
}

/** Parameters of `POST /images/variations` (dall-e-2 on providers that still serve it). */
export interface ImageVariationParams {
  /** Required at run time (strict validation refuses a request without it): `"dall-e-2"` or the provider's id. */
  model?: "dall-e-2" | (string & {}) | null;
  /** One square PNG under 4 MB. */
  image: Blob;
  /** How many variations, 1–10 (default 1). */
  n?: number | null;
  /** One of dall-e-2's square sizes. */
  size?: "256x256" | "512x512" | "1024x1024" | null;
  /** `"url"` results are `RemoteImage`s; `"b64_json"` ones are decoded. */
  response_format?: "url" | "b64_json" | null;
  /** A stable id for the end user (deprecated by the API, still accepted). */
  user?: string | null;
}

/** Download progress of a response body. */
export interface DownloadProgress {
  /** Bytes of the response body received so far. */
  loaded: number;
  /** From `Content-Length`, when the server sends it. */
  total?: number;
}

/** A partial image of a streamed request (`stream: true` with `partial_images`). */
export interface PartialImageEvent {
  /** `image_generation.partial_image` for generations, `image_edit.partial_image` for edits. */
  type: "image_generation.partial_image" | "image_edit.partial_image";
  /** 0-based. */
  partial_image_index?: number;
  /** The partial image, decoded like any other (released by the final result's `revoke()`). */
  image: DecodedImage;
}

/** The final image of a streamed request. */
export interface CompletedImageEvent {
  /** `image_generation.completed` for generations, `image_edit.completed` for edits. */
  type: "image_generation.completed" | "image_edit.completed";
  /** One final image (one completed event per image of the result). */
  image: DecodedImage;
  /** The API's token usage (GPT image models). */
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
  /** Aborts the request: rejects with `APIUserAbortError` at once, also during a retry wait. */
  signal?: AbortSignal;
  /** Milliseconds for this request's attempts, including the download (overrides the client's). */
  timeout?: number;
  /** Retries for this request, 0–10 (overrides the client's). */
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
  /** The image bytes (decoded from base64, never re-encoded: a C2PA manifest survives). */
  blob: Blob;
  /** Sniffed from the bytes. */
  mimeType: "image/png" | "image/jpeg" | "image/webp" | "image/gif" | "image/svg+xml" | (string & {});
  /** Size of the image in bytes. */
  byteLength: number;
  /** From the header (SVG: the root's width/height or viewBox). */
  width?: number;
  /** From the header, like `width`. */
  height?: number;
  /** GIF: the number of frames. */
  frameCount?: number;
  /** A C2PA provenance manifest is present in the bytes (presence only, not verified). */
  hasC2pa: boolean;
  /** The prompt the model actually used, when the API returns one (DALL·E 3). */
  revisedPrompt?: string;
}

/** A `url` image (DALL·E `response_format: "url"`), as the API gave it. */
export interface RemoteImage {
  /** The API's own image URL, as returned (nothing is downloaded). */
  url: string;
  /** Always absent: tells a `RemoteImage` from a `DecodedImage`. */
  blob?: undefined;
  /** The prompt the model actually used, when the API returns one (DALL·E 3). */
  revisedPrompt?: string;
}

/** An image of a result: decoded (`blob` set) or a remote URL (`blob` undefined): narrow on `blob`. */
export type GeneratedImage = DecodedImage | RemoteImage;

/** The API's `usage` object, as returned (providers may add fields). */
export interface ImagesUsage {
  /** Input tokens, text and image. */
  input_tokens?: number;
  /** Output tokens. */
  output_tokens?: number;
  /** Input plus output tokens. */
  total_tokens?: number;
  /** The input tokens split into text and image tokens. */
  input_tokens_details?: { text_tokens?: number; image_tokens?: number };
  /** The output tokens split by kind (e.g. `image_tokens`, `text_tokens`), when given. */
  output_tokens_details?: { [key: string]: number };
  /** Fields a provider adds (CometAPI adds token fields), as returned. */
  [extra: string]: unknown;
}

/** What `generate` resolves to. */
export interface ImagesResult {
  /** The images in the API's order: decoded Blobs (`b64_json`) or remote URLs (`url`); never empty. */
  images: GeneratedImage[];
  /** Unix seconds. */
  created?: number;
  /** The API's token usage, as returned (GPT image models). */
  usage?: ImagesUsage;
  /** The size the API reports (may be outside the listed sizes, e.g. `1536x864`). */
  size?: string;
  /** The quality the API reports (e.g. what `auto` became). */
  quality?: string;
  /** The output format the API reports. */
  output_format?: string;
  /** The background the API reports. */
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
  /** Names the rule and the value (and, for values the table does not know, how to get past it). */
  message: string;
  /** `"error"` blocks the request under `validation: "strict"`; `"warning"` never does. */
  severity: "error" | "warning";
}

/** An estimate for all `n` images. */
export interface CostEstimate {
  /** Output tokens for all `n` images, for token-billed models (absent for DALL·E, billed per image). */
  outputTokens?: number;
  /** Estimated US dollars for the output of all `n` images (input tokens not included). */
  usd: number;
}

/** The cost of a finished request, from its `usage`. */
export interface UsageCost {
  /** US dollars for the input and output tokens in `usage`, at the model's prices. */
  usd: number;
  /** `usage.input_tokens`. */
  inputTokens?: number;
  /** `usage.output_tokens`. */
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
  /** openai-node's error class name (by HTTP status for API errors). */
  name: ImagesErrorName;
  /** Stable category to switch on. */
  kind: ErrorKind;
  /** `x-request-id` of the failed response, when the server exposes it. */
  requestID?: string;
  /** HTTP status, for API errors (0 for an error event inside a stream or a 200 body). */
  status?: number;
  /** The API error's `code` (e.g. `moderation_blocked`, `insufficient_quota`). */
  code?: string;
  /** The API error's `type` (e.g. `invalid_request_error`). */
  type?: string;
  /** The API error's `param`: the request field it blames (e.g. `image[0]`). */
  param?: string;
  /** Moderation blocks and content filters: `"input"` or `"output"`, where the API says. */
  moderationStage?: string;
  /** The flagged moderation or content-filter categories, where the API gives them. */
  categories?: string[];
  /** Azure's rewritten prompt on content-filter errors. */
  revisedPrompt?: string;
  /** ImageValidationError: every broken rule. */
  issues?: ValidationIssue[];
  /** The per-attempt timeout that ran out (APIConnectionTimeoutError). */
  timeout?: number;
  /** The underlying JS error, when there is one: the browser's (network, file read) or the Azure token provider's. */
  cause?: unknown;
}

/** The client's methods; the class adds `revokeAll()`, `liveObjectURLs`, `free()` and `[Symbol.dispose]`. */
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
  /** The model id sent as `model`. */
  id: string;
  /** Dated snapshots with the same rules. */
  snapshots: string[];
  /** Which params exist: `gpt_image` (gpt-image-*, chatgpt-image-latest), `dall_e`, or `provider` (qwen-image). */
  family: "gpt_image" | "dall_e" | "provider";
  /** On the provider asked, today. */
  status: "current" | "retiring" | "shut_down";
  /** The shutdown date on that provider, when known (`YYYY-MM-DD`). */
  shutdownDate?: string;
  /** What to move to. */
  replacement?: string;
  /** Shutdown dates per provider. */
  shutdown: { openai?: string; azure?: string };
  /** False for an image model the provider listed that the table does not know (empty lists: nothing is checked). */
  known: boolean;
  /** Sizes: `list` (exactly these), `free` (these, or any `WxH` within the rule), `provider_defined` (not checked). */
  sizes:
    | { kind: "list"; values: string[] }
    | { kind: "free"; values: string[]; multipleOf: number; maxAspect: number; maxLongSide: number; minPixels: number; maxPixels: number; experimentalAbovePixels: number }
    | { kind: "provider_defined" };
  /** Accepted `quality` values. */
  qualities: string[];
  /** Largest `n`. */
  maxN: number;
  /** Longest prompt in characters; `null` when unknown (not checked). */
  maxPromptChars: number | null;
  /** The endpoints it serves. */
  endpoints: ("generations" | "edits" | "variations")[];
  /** `output_format` on generations (narrowed to what the provider accepts). */
  outputFormats: string[];
  /** `output_format` on edits (no svg). */
  editOutputFormats: string[];
  /** Accepted `background` values. */
  backgrounds: string[];
  /** Accepted `input_fidelity` values on edits. */
  inputFidelities: string[];
  /** Accepted `style` values (dall-e-3). */
  styles: string[];
  /** Accepted `moderation` values. */
  moderations: string[];
  /** Accepted `response_format` values (DALL·E). */
  responseFormats: string[];
  /** Accepted `complexity` values (2.6). */
  complexities: string[];
  /** `markup` edits. */
  markup: boolean;
  /** Whether `stream` and `partial_images` are accepted. */
  streaming: boolean;
  /** The `svg` param (with `output_format: "svg"`). */
  svg: boolean;
  /** GIF output rules. */
  gif?: { frameCount: NumberRule; frameDurationMs: NumberRule };
  /** Most `image` inputs in one edit. */
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
  /** Smallest accepted value. */
  min: number;
  /** Largest accepted value. */
  max: number;
  /** What the API uses when the param is absent. */
  default: number;
  /** The API rounds to a multiple of this (1: no rounding). */
  step: number;
}
"#;
