//! The rows: every model this library knows, newest first, each with its public source and the
//! date it was checked. Adding a model is adding a row here and nothing else.

use crate::core::media::probe::ImageFormat::{Jpeg, Png, Webp};
use crate::core::models::spec::*;
use crate::core::provider::Provider::{Azure, OpenAi};

const MB: u64 = 1024 * 1024;

const CLASSIC_GPT_SIZES: Values = &["auto", "1024x1024", "1536x1024", "1024x1536"];
const GPT_QUALITIES: Values = &["low", "medium", "high", "auto"];
const GPT_2_5_QUALITIES: Values = &["low", "medium", "high", "xhigh", "max", "auto"];
const GPT_FORMATS: Values = &["png", "jpeg", "webp"];
const GPT_2_6_FORMATS: Values = &["png", "jpeg", "webp", "gif", "svg"];
const GPT_2_6_EDIT_FORMATS: Values = &["png", "jpeg", "webp", "gif"];
const GPT_BACKGROUNDS: Values = &["transparent", "opaque", "auto"];
const GEN_AND_EDIT: &[Endpoint] = &[Endpoint::Generations, Endpoint::Edits];

const CHECKED: &str = "2026-12-01";
const OPENAI_IMAGES_REFERENCE: Source = Source {
    url: "https://platform.openai.com/docs/api-reference/images",
    checked: CHECKED,
};
const OPENAI_DEPRECATIONS: Source = Source {
    url: "https://platform.openai.com/docs/deprecations",
    checked: CHECKED,
};

/// gpt-image-2 and every 2.x model: `WxH` with sides multiple of 16, long side at most 3840,
/// aspect at most 3:1, and between 655,360 and 8,294,400 pixels; above 2560x1440 experimental.
const FREE_SIZES: Sizes = Sizes::Free(FreeSizes {
    values: CLASSIC_GPT_SIZES,
    multiple_of: 16,
    max_aspect: 3,
    max_long_side: 3840,
    min_pixels: 655_360,
    max_pixels: 8_294_400,
    experimental_above_pixels: 2560 * 1440,
});

const GIF: GifRules = GifRules {
    frame_count: IntRule {
        min: 2,
        max: 16,
        default: 9,
        step: 1,
    },
    frame_duration_ms: IntRule {
        min: 20,
        max: 655_350,
        default: 200,
        step: 10,
    },
    // Third-party measurements (frames share one sheet); warnings only.
    frame_side_caps: &[(9, 960), (12, 816), (16, 720)],
};

const GPT_EDIT: EditRules = EditRules {
    max_images: 16,
    formats: &[Png, Jpeg, Webp],
    square: false,
    max_bytes: None,
    alpha_without_mask: false,
    references: true,
};

/// Output tokens per image shared by gpt-image-1, gpt-image-1.5 and gpt-image-1-mini.
const GPT_IMAGE_1_TOKENS: &[ImageTokens] = &[
    image_tokens("low", (1024, 1024), 272),
    image_tokens("low", (1024, 1536), 408),
    image_tokens("low", (1536, 1024), 400),
    image_tokens("medium", (1024, 1024), 1056),
    image_tokens("medium", (1024, 1536), 1584),
    image_tokens("medium", (1536, 1024), 1568),
    image_tokens("high", (1024, 1024), 4160),
    image_tokens("high", (1024, 1536), 6240),
    image_tokens("high", (1536, 1024), 6208),
];

/// A shutdown on a date the provider published.
const fn shutdown(provider: crate::core::provider::Provider, date: &'static str) -> Shutdown {
    Shutdown {
        provider,
        date,
        confirmed: true,
    }
}

const fn image_tokens(quality: &'static str, size: (u32, u32), tokens: u64) -> ImageTokens {
    ImageTokens { quality, size, tokens }
}

const fn tokens(text_in: f64, image_in: f64, image_out: f64, output: OutputTokens) -> Option<Billing> {
    Some(Billing::Tokens {
        per_million: TokenPrices {
            text_in: Some(text_in),
            text_in_cached: None,
            image_in: Some(image_in),
            image_in_cached: None,
            image_out: Some(image_out),
        },
        output,
    })
}

/// 2.5 and 2.6: gpt-image-2's prices with cached input, and no output formula known yet (2.6 at
/// low/medium uses 3–4× the tokens of 2.5): the cost is known only afterwards, from `usage`.
const GPT_2_X_BILLING: Option<Billing> = Some(Billing::Tokens {
    per_million: TokenPrices {
        text_in: Some(5.0),
        text_in_cached: Some(1.25),
        image_in: Some(8.0),
        image_in_cached: Some(2.0),
        image_out: Some(30.0),
    },
    output: OutputTokens::Unknown,
});

/// The base GPT image row; the rows below override what differs.
const GPT_BASE: ModelSpec = ModelSpec {
    id: "",
    snapshots: &[],
    family: Family::GptImage,
    shutdowns: &[],
    replacement: None,
    sizes: Sizes::List(CLASSIC_GPT_SIZES),
    qualities: GPT_QUALITIES,
    max_n: 10,
    max_prompt_chars: Some(32_000),
    endpoints: GEN_AND_EDIT,
    output_formats: GPT_FORMATS,
    edit_output_formats: GPT_FORMATS,
    backgrounds: GPT_BACKGROUNDS,
    input_fidelities: &["high", "low"],
    styles: &[],
    moderations: &["low", "auto"],
    response_formats: &[],
    complexities: &[],
    markup: false,
    streaming: true,
    svg: false,
    gif: None,
    edit: GPT_EDIT,
    billing: None,
    source: OPENAI_IMAGES_REFERENCE,
};

const GPT_2_6: ModelSpec = ModelSpec {
    sizes: FREE_SIZES,
    qualities: GPT_2_5_QUALITIES,
    output_formats: GPT_2_6_FORMATS,
    edit_output_formats: GPT_2_6_EDIT_FORMATS,
    input_fidelities: &[],
    complexities: &["low", "medium", "high"],
    markup: true,
    svg: true,
    gif: Some(GIF),
    billing: GPT_2_X_BILLING,
    source: Source {
        url: "https://platform.openai.com/docs/models/gpt-image-2.6-sunburst",
        checked: CHECKED,
    },
    ..GPT_BASE
};

const GPT_2_5: ModelSpec = ModelSpec {
    sizes: FREE_SIZES,
    qualities: GPT_2_5_QUALITIES,
    input_fidelities: &[],
    markup: true,
    shutdowns: &[shutdown(Azure, "2027-09-09")],
    billing: GPT_2_X_BILLING,
    source: Source {
        url: "https://platform.openai.com/docs/models/gpt-image-2.5-sunburst",
        checked: CHECKED,
    },
    ..GPT_BASE
};

/// Shut down on OpenAI on 2026-12-01 (announced 2026-06-02).
const OPENAI_2026_12_01: Shutdown = shutdown(OpenAi, "2026-12-01");

const GPT_1_FAMILY: ModelSpec = ModelSpec {
    replacement: Some("gpt-image-2"),
    billing: tokens(5.0, 8.0, 32.0, OutputTokens::Table(GPT_IMAGE_1_TOKENS)),
    source: OPENAI_DEPRECATIONS,
    ..GPT_BASE
};

/// DALL·E rows: none of the GPT-only params, `response_format` instead.
const DALL_E_BASE: ModelSpec = ModelSpec {
    family: Family::DallE,
    replacement: Some("gpt-image-2"),
    output_formats: &[],
    edit_output_formats: &[],
    backgrounds: &[],
    input_fidelities: &[],
    moderations: &[],
    response_formats: &["url", "b64_json"],
    streaming: false,
    edit: EditRules {
        max_images: 1,
        formats: &[Png],
        square: true,
        max_bytes: Some(4 * MB),
        alpha_without_mask: true,
        references: false,
    },
    source: OPENAI_DEPRECATIONS,
    ..GPT_BASE
};

const fn per_image(prices: &'static [ImagePrice]) -> Option<Billing> {
    Some(Billing::PerImage {
        default_size: (1024, 1024),
        default_quality: "standard",
        prices,
    })
}

const fn price(quality: &'static str, size: (u32, u32), usd: f64) -> ImagePrice {
    ImagePrice { quality, size, usd }
}

/// Every model this library knows, newest first.
pub const MODELS: &[ModelSpec] = &[
    GPT_2_6.with_id("gpt-image-2.6-sunburst"),
    ModelSpec {
        source: Source {
            url: "https://platform.openai.com/docs/models/gpt-image-2.6-flare",
            checked: CHECKED,
        },
        ..GPT_2_6.with_id("gpt-image-2.6-flare")
    },
    ModelSpec {
        snapshots: &["gpt-image-2.5-sunburst-2026-09-08"],
        ..GPT_2_5.with_id("gpt-image-2.5-sunburst")
    },
    ModelSpec {
        snapshots: &["gpt-image-2.5-flare-2026-09-08"],
        source: Source {
            url: "https://platform.openai.com/docs/models/gpt-image-2.5-flare",
            checked: CHECKED,
        },
        ..GPT_2_5.with_id("gpt-image-2.5-flare")
    },
    ModelSpec {
        id: "gpt-image-2",
        snapshots: &["gpt-image-2-2026-04-21"],
        shutdowns: &[shutdown(Azure, "2027-04-21")],
        sizes: FREE_SIZES,
        input_fidelities: &[],
        billing: tokens(5.0, 8.0, 30.0, OutputTokens::Gpt2Formula),
        source: Source {
            url: "https://platform.openai.com/docs/models/gpt-image-2",
            checked: CHECKED,
        },
        ..GPT_BASE
    },
    ModelSpec {
        id: "gpt-image-1.5",
        snapshots: &["gpt-image-1.5-2025-12-16"],
        shutdowns: &[OPENAI_2026_12_01, shutdown(Azure, "2026-12-16")],
        ..GPT_1_FAMILY
    },
    ModelSpec {
        id: "chatgpt-image-latest",
        shutdowns: &[OPENAI_2026_12_01],
        // No published price of its own.
        billing: None,
        ..GPT_1_FAMILY
    },
    ModelSpec {
        id: "gpt-image-1-mini",
        shutdowns: &[OPENAI_2026_12_01, shutdown(Azure, "2027-04-07")],
        // OpenAI: low only; Azure's docs say mini has none. Low is what both could accept.
        input_fidelities: &["low"],
        billing: Some(Billing::Tokens {
            per_million: TokenPrices {
                text_in: Some(2.0),
                text_in_cached: Some(0.20),
                image_in: Some(2.50),
                image_in_cached: Some(0.25),
                image_out: Some(8.0),
            },
            output: OutputTokens::Table(GPT_IMAGE_1_TOKENS),
        }),
        ..GPT_1_FAMILY
    },
    ModelSpec {
        id: "gpt-image-1",
        shutdowns: &[shutdown(OpenAi, "2026-10-23"), shutdown(Azure, "2026-10-23")],
        billing: tokens(5.0, 10.0, 40.0, OutputTokens::Table(GPT_IMAGE_1_TOKENS)),
        ..GPT_1_FAMILY
    },
    ModelSpec {
        id: "dall-e-3",
        shutdowns: &[
            shutdown(OpenAi, "2026-05-12"),
            // Azure retired it over February and March 2026: no single date, so a warning.
            Shutdown {
                provider: Azure,
                date: "2026-03-01",
                confirmed: false,
            },
        ],
        sizes: Sizes::List(&["1024x1024", "1792x1024", "1024x1792"]),
        qualities: &["standard", "hd"],
        max_n: 1,
        max_prompt_chars: Some(4000),
        endpoints: &[Endpoint::Generations],
        styles: &["vivid", "natural"],
        billing: per_image(&[
            price("standard", (1024, 1024), 0.04),
            price("standard", (1792, 1024), 0.08),
            price("standard", (1024, 1792), 0.08),
            price("hd", (1024, 1024), 0.08),
            price("hd", (1792, 1024), 0.12),
            price("hd", (1024, 1792), 0.12),
        ]),
        ..DALL_E_BASE
    },
    ModelSpec {
        id: "dall-e-2",
        shutdowns: &[shutdown(OpenAi, "2026-05-12"), shutdown(Azure, "2025-01-27")],
        sizes: Sizes::List(&["256x256", "512x512", "1024x1024"]),
        qualities: &["standard"],
        max_prompt_chars: Some(1000),
        endpoints: &[Endpoint::Generations, Endpoint::Edits, Endpoint::Variations],
        billing: per_image(&[
            price("standard", (256, 256), 0.016),
            price("standard", (512, 512), 0.018),
            price("standard", (1024, 1024), 0.020),
        ]),
        ..DALL_E_BASE
    },
    ModelSpec {
        id: "qwen-image",
        family: Family::Provider,
        replacement: None,
        shutdowns: &[],
        sizes: Sizes::ProviderDefined,
        qualities: &[],
        max_n: 1,
        max_prompt_chars: None,
        endpoints: &[Endpoint::Generations],
        source: Source {
            url: "https://api.cometapi.com/doc",
            checked: CHECKED,
        },
        ..DALL_E_BASE
    },
];

/// The row run-time definitions start from when they name no known row (they are then refused).
pub(crate) const BASE_ROW: ModelSpec = GPT_BASE;

impl ModelSpec {
    /// This row under another id (for the rows that share a base).
    const fn with_id(self, id: &'static str) -> ModelSpec {
        ModelSpec { id, ..self }
    }
}
