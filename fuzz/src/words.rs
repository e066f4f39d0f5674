//! Names the request and model parsers look for, so generated JSON reaches their rules.

/// Params, model ids, enumerated values, sizes and dates.
pub const PARAM_WORDS: &[&str] = &[
    "model", "prompt", "n", "size", "quality", "response_format", "style", "output_format", "output_compression",
    "background", "moderation", "stream", "partial_images", "input_fidelity", "markup", "complexity",
    "frame_count", "frame_duration_ms", "svg", "user", "reasoning", "effort", "image", "mask",
    "chatgpt-image-latest", "dall-e-2", "dall-e-3", "gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5",
    "gpt-image-1.5-2025-12-16", "gpt-image-2", "gpt-image-2-2026-04-21", "gpt-image-2-2026-07-01",
    "gpt-image-2.5-flare", "gpt-image-2.5-sunburst", "gpt-image-2.6-flare", "gpt-image-2.6-sunburst",
    "qwen-image", "my-image-model", "1024x1024", "1024x1536", "1024x1792", "1536x1024", "1792x1024", "256x256",
    "512x512", "2048x2048", "3840x2160", "16x16", "0x0", "auto", "b64_json", "url", "gif", "svg", "png", "jpeg", "webp",
    "hd", "high", "low", "max", "medium", "xhigh", "natural", "vivid", "opaque", "transparent", "standard", "",
];

/// Model definition fields (camelCase, as `defineModel` takes them) and their values.
pub const MODEL_WORDS: &[&str] = &[
    "id", "like", "snapshots", "sizes", "qualities", "maxN", "maxPromptChars", "endpoints", "outputFormats",
    "editOutputFormats", "backgrounds", "inputFidelities", "styles", "moderations", "responseFormats",
    "complexities", "markup", "streaming", "svg", "maxEditImages", "shutdown", "replacement", "pricing",
    "source", "min", "max", "multiple", "maxPixels", "minPixels", "maxRatio", "maxEdge", "minEdge", "provider",
    "date", "url", "checked", "text", "image", "input", "output", "cachedInput", "perImage", "tokens",
    "generations", "edits", "variations", "openai", "azure", "cometapi", "compatible", "2026-12-01",
    "2027-01-01", "2025-13-40", "gpt-image-2", "dall-e-2", "gpt-image-1", "my-model", "1024x1024", "auto",
    "high", "png", "gif", "webp", "jpeg", "provider_defined", "",
];
