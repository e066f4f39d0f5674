// The public surface of imagegen-wasm. The module is ready on import: there is no init() to call.
export { ImagesClient, validateGenerate, estimateCost, models } from "./imagegen_wasm.js";
export type {
  AzureOptions,
  CostEstimate,
  DecodedImage,
  DownloadProgress,
  ErrorKind,
  GeneratedImage,
  ImageGenerateParams,
  ImageModel,
  ImageSize,
  ImagesClientOptions,
  ImagesError,
  ImagesErrorName,
  ImagesResult,
  ImagesUsage,
  ModelInfo,
  PartialImageEvent,
  Provider,
  RemoteImage,
  RequestOptions,
  ValidationIssue,
} from "./imagegen_wasm.js";
