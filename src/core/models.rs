//! The model capability table: one row per model, as data, with the source and date of each row.
//!
//! Validation reads this table; `models()` hands it to JavaScript so UIs can be built from it.
//! The model list changes every few months: edit the rows, not the validation code.

use serde::Serialize;

/// The API family of a model, which decides which parameters exist at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// `gpt-image-*` and `chatgpt-image-latest`: always answer `b64_json`.
    GptImage,
    /// `dall-e-2` and `dall-e-3`: `response_format`, no GPT-only params.
    DallE,
    /// Models served by a provider with its own rules (CometAPI's `qwen-image`).
    Provider,
}

/// Where a model is served today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum Status {
    /// Served.
    Current,
    /// Shut down on OpenAI on `date` (other providers may still serve it).
    ShutDownOnOpenai {
        /// ISO date of the shutdown.
        date: &'static str,
    },
}

/// The sizes a model accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", rename_all_fields = "camelCase", tag = "kind")]
pub enum Sizes {
    /// Exactly these `"WxH"` strings (and `"auto"` when listed).
    List {
        /// The accepted values.
        values: &'static [&'static str],
    },
    /// The listed values, or any `WxH` within the bounds.
    Free {
        /// The named values (`auto` and the classic sizes).
        values: &'static [&'static str],
        /// Both sides must be divisible by this.
        multiple_of: u32,
        /// Longest side over shortest side, at most.
        max_aspect: u32,
        /// Largest long side.
        max_long_side: u32,
        /// Largest short side.
        max_short_side: u32,
        /// Above this many pixels the size is experimental (a warning).
        experimental_above_pixels: u64,
    },
    /// The provider decides; not checked here.
    ProviderDefined,
}

/// The API endpoints a model serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Endpoint {
    /// `POST /images/generations`.
    Generations,
    /// `POST /images/edits`.
    Edits,
    /// `POST /images/variations`.
    Variations,
}

/// One row of the capability table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelSpec {
    /// The model id sent as `model`.
    pub id: &'static str,
    /// Dated snapshots that share this row's rules.
    pub snapshots: &'static [&'static str],
    /// Which parameters exist.
    pub family: Family,
    /// Served or shut down.
    pub status: Status,
    /// Accepted sizes.
    pub sizes: Sizes,
    /// Accepted `quality` values (empty: the parameter does not exist).
    pub qualities: &'static [&'static str],
    /// Largest `n`.
    pub max_n: u8,
    /// Longest prompt in characters, when known.
    pub max_prompt_chars: Option<u32>,
    /// Endpoints served.
    pub endpoints: &'static [Endpoint],
    /// Accepted `output_format` values (empty: the parameter does not exist).
    pub output_formats: &'static [&'static str],
    /// Accepted `background` values.
    pub backgrounds: &'static [&'static str],
    /// Accepted `input_fidelity` values on edits (empty: omit it).
    pub input_fidelities: &'static [&'static str],
    /// Accepted `style` values.
    pub styles: &'static [&'static str],
    /// Accepted `moderation` values.
    pub moderations: &'static [&'static str],
    /// Accepted `response_format` values (GPT image models always answer `b64_json` and refuse it).
    pub response_formats: &'static [&'static str],
    /// Accepted `complexity` values.
    pub complexities: &'static [&'static str],
    /// Whether `markup` (edits) is accepted.
    pub markup: bool,
    /// Whether `stream` is accepted.
    pub streaming: bool,
    /// Where the row's facts come from, and when they were read.
    pub source: &'static str,
}

const CLASSIC_GPT_SIZES: &[&str] = &["auto", "1024x1024", "1536x1024", "1024x1536"];
const GPT_QUALITIES: &[&str] = &["low", "medium", "high", "auto"];
const GPT_FORMATS: &[&str] = &["png", "jpeg", "webp"];
const GPT_FORMATS_WITH_GIF: &[&str] = &["png", "jpeg", "webp", "gif"];
const GPT_BACKGROUNDS: &[&str] = &["transparent", "opaque", "auto"];
const GEN_AND_EDIT: &[Endpoint] = &[Endpoint::Generations, Endpoint::Edits];
const SOURCE: &str = "API_RULES.md (OpenAPI spec Aug 2026, openai-node 7.55), Nov 2026";

const GPT_IMAGE_2_SIZES: Sizes = Sizes::Free {
    values: CLASSIC_GPT_SIZES,
    multiple_of: 16,
    max_aspect: 3,
    max_long_side: 3840,
    max_short_side: 2160,
    experimental_above_pixels: 2560 * 1440,
};

/// The base GPT image row; the table overrides what differs.
const GPT_BASE: ModelSpec = ModelSpec {
    id: "",
    snapshots: &[],
    family: Family::GptImage,
    status: Status::Current,
    sizes: Sizes::List {
        values: CLASSIC_GPT_SIZES,
    },
    qualities: GPT_QUALITIES,
    max_n: 10,
    max_prompt_chars: Some(32_000),
    endpoints: GEN_AND_EDIT,
    output_formats: GPT_FORMATS,
    backgrounds: GPT_BACKGROUNDS,
    input_fidelities: &["high", "low"],
    styles: &[],
    moderations: &["low", "auto"],
    response_formats: &[],
    complexities: &[],
    markup: false,
    streaming: true,
    source: SOURCE,
};

/// DALL·E rows: none of the GPT-only params, `response_format` instead (qwen-image answers alike).
const DALL_E_BASE: ModelSpec = ModelSpec {
    family: Family::DallE,
    status: Status::ShutDownOnOpenai { date: "2026-05-12" },
    output_formats: &[],
    backgrounds: &[],
    input_fidelities: &[],
    moderations: &[],
    response_formats: &["url", "b64_json"],
    streaming: false,
    ..GPT_BASE
};

const GPT_2_6: ModelSpec = ModelSpec {
    sizes: GPT_IMAGE_2_SIZES,
    output_formats: GPT_FORMATS_WITH_GIF,
    input_fidelities: &[],
    complexities: &["low", "medium", "high"],
    ..GPT_BASE
};

const GPT_2_5: ModelSpec = ModelSpec {
    sizes: GPT_IMAGE_2_SIZES,
    qualities: &["low", "medium", "high", "auto", "xhigh", "max"],
    backgrounds: &["transparent", "opaque"],
    input_fidelities: &[],
    markup: true,
    ..GPT_BASE
};

/// Every model this library knows, newest first.
pub const MODELS: &[ModelSpec] = &[
    ModelSpec {
        id: "gpt-image-2.6-sunburst",
        ..GPT_2_6
    },
    ModelSpec {
        id: "gpt-image-2.6-flare",
        ..GPT_2_6
    },
    ModelSpec {
        id: "gpt-image-2.5-sunburst",
        snapshots: &["gpt-image-2.5-sunburst-2026-09-08"],
        ..GPT_2_5
    },
    ModelSpec {
        id: "gpt-image-2.5-flare",
        snapshots: &["gpt-image-2.5-flare-2026-09-08"],
        ..GPT_2_5
    },
    ModelSpec {
        id: "gpt-image-2",
        snapshots: &["gpt-image-2-2026-04-21"],
        sizes: GPT_IMAGE_2_SIZES,
        input_fidelities: &[],
        ..GPT_BASE
    },
    ModelSpec {
        id: "gpt-image-1.5",
        ..GPT_BASE
    },
    ModelSpec {
        id: "chatgpt-image-latest",
        ..GPT_BASE
    },
    ModelSpec {
        id: "gpt-image-1-mini",
        input_fidelities: &["low"],
        ..GPT_BASE
    },
    ModelSpec {
        id: "gpt-image-1",
        status: Status::ShutDownOnOpenai { date: "2026-10-23" },
        ..GPT_BASE
    },
    ModelSpec {
        id: "dall-e-3",
        sizes: Sizes::List {
            values: &["1024x1024", "1792x1024", "1024x1792"],
        },
        qualities: &["standard", "hd"],
        max_n: 1,
        max_prompt_chars: Some(4000),
        endpoints: &[Endpoint::Generations],
        styles: &["vivid", "natural"],
        ..DALL_E_BASE
    },
    ModelSpec {
        id: "dall-e-2",
        sizes: Sizes::List {
            values: &["256x256", "512x512", "1024x1024"],
        },
        qualities: &["standard"],
        max_prompt_chars: Some(1000),
        endpoints: &[Endpoint::Generations, Endpoint::Edits, Endpoint::Variations],
        ..DALL_E_BASE
    },
    ModelSpec {
        id: "qwen-image",
        family: Family::Provider,
        status: Status::Current,
        sizes: Sizes::ProviderDefined,
        qualities: &[],
        max_n: 1,
        max_prompt_chars: None,
        endpoints: &[Endpoint::Generations],
        source: "CometAPI image docs, Nov 2026",
        ..DALL_E_BASE
    },
];

/// The row for a model id or one of its snapshots.
pub fn find_model(id: &str) -> Option<&'static ModelSpec> {
    MODELS.iter().find(|m| m.id == id || m.snapshots.contains(&id))
}

/// Parses `"WxH"` into `(w, h)`; None for anything else (including `"auto"`).
pub fn parse_size(size: &str) -> Option<(u32, u32)> {
    let (w, h) = size.split_once('x')?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(w) || !digits(h) {
        return None;
    }
    Some((w.parse().ok()?, h.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_and_snapshot_is_unique() {
        let mut seen = std::collections::HashSet::new();
        for m in MODELS {
            assert!(seen.insert(m.id), "duplicate {}", m.id);
            for s in m.snapshots {
                assert!(seen.insert(s), "duplicate {s}");
            }
        }
    }

    #[test]
    fn snapshots_resolve_to_their_row() {
        assert_eq!(find_model("gpt-image-2-2026-04-21").unwrap().id, "gpt-image-2");
        assert_eq!(
            find_model("gpt-image-2.5-flare-2026-09-08").unwrap().id,
            "gpt-image-2.5-flare"
        );
        assert!(find_model("gpt-image-3").is_none());
    }

    #[test]
    fn rows_hold_the_documented_facts() {
        let d3 = find_model("dall-e-3").unwrap();
        assert_eq!((d3.max_n, d3.max_prompt_chars), (1, Some(4000)));
        assert_eq!(d3.endpoints, &[Endpoint::Generations]);
        let mini = find_model("gpt-image-1-mini").unwrap();
        assert_eq!(mini.input_fidelities, &["low"]);
        let g2 = find_model("gpt-image-2").unwrap();
        assert!(g2.input_fidelities.is_empty());
        assert!(matches!(g2.sizes, Sizes::Free { multiple_of: 16, .. }));
        assert!(find_model("gpt-image-2.5-sunburst").unwrap().qualities.contains(&"max"));
        assert!(find_model("gpt-image-2.6-flare")
            .unwrap()
            .output_formats
            .contains(&"gif"));
        assert_eq!(find_model("qwen-image").unwrap().max_n, 1);
        for m in MODELS {
            assert!(!m.source.is_empty());
        }
    }

    #[test]
    fn parses_sizes_strictly() {
        assert_eq!(parse_size("1536x864"), Some((1536, 864)));
        for bad in [
            "auto",
            "1024",
            "x1024",
            "1024x",
            "10 24x1024",
            "-1x5",
            "1024X1024",
            "99999999x1",
        ] {
            assert_eq!(parse_size(bad), None, "{bad}");
        }
    }
}
