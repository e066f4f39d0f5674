//! `ModelInfo`: a row as JavaScript sees it (`models()`, `listModels()`), with its status on one
//! provider on one day.

use serde::Serialize;

use crate::core::models::providers::rules;
use crate::core::models::spec::*;
use crate::core::models::{availability, Availability};
use crate::core::provider::Provider;

/// One model, for building UIs.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelInfo {
    /// The model id.
    pub id: String,
    /// Dated snapshots with the same rules.
    pub snapshots: Values,
    /// `gpt_image`, `dall_e` or `provider`.
    pub family: &'static str,
    /// `current`, `retiring` or `shut_down`, on the provider asked, today.
    pub status: &'static str,
    /// The shutdown date on that provider, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shutdown_date: Option<String>,
    /// What to move to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replacement: Option<&'static str>,
    /// Shutdown dates per provider.
    pub shutdown: ShutdownDates,
    /// Whether the table knows this model (false: listed by the API only).
    pub known: bool,
    /// Accepted sizes.
    pub sizes: SizesInfo,
    /// `quality` values.
    pub qualities: Values,
    /// Largest `n`.
    pub max_n: u8,
    /// Longest prompt, when known.
    pub max_prompt_chars: Option<u32>,
    /// Endpoints served.
    pub endpoints: Vec<&'static str>,
    /// `output_format` values on generations (narrowed by the provider).
    pub output_formats: Vec<&'static str>,
    /// `output_format` values on edits (narrowed by the provider).
    pub edit_output_formats: Vec<&'static str>,
    /// `background` values.
    pub backgrounds: Values,
    /// `input_fidelity` values.
    pub input_fidelities: Values,
    /// `style` values.
    pub styles: Values,
    /// `moderation` values.
    pub moderations: Values,
    /// `response_format` values.
    pub response_formats: Values,
    /// `complexity` values.
    pub complexities: Values,
    /// `markup` edits.
    pub markup: bool,
    /// `stream`.
    pub streaming: bool,
    /// The `svg` object param.
    pub svg: bool,
    /// GIF rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gif: Option<GifInfo>,
    /// Most images in one edit.
    pub max_edit_images: usize,
    /// Prices, when published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pricing: Option<PricingInfo>,
    /// Whether `estimateCost` gives a figure before sending.
    pub estimable: bool,
    /// Where the row's facts come from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceInfo>,
}

/// Shutdown dates per provider.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ShutdownDates {
    /// On OpenAI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub openai: Option<&'static str>,
    /// On Azure OpenAI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub azure: Option<&'static str>,
}

/// `sizes` as JS sees it.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case", rename_all_fields = "camelCase")]
pub enum SizesInfo {
    /// Exactly these values.
    List {
        /// The values.
        values: Values,
    },
    /// The values, or any size within the rule.
    Free {
        /// Named values.
        values: Values,
        /// Sides divisible by this.
        multiple_of: u32,
        /// Longest over shortest side.
        max_aspect: u32,
        /// Largest side.
        max_long_side: u32,
        /// Fewest pixels.
        min_pixels: u64,
        /// Most pixels.
        max_pixels: u64,
        /// Above this, experimental.
        experimental_above_pixels: u64,
    },
    /// The provider decides.
    ProviderDefined,
}

/// An integer param's range.
#[derive(Debug, Clone, Serialize)]
pub struct RangeInfo {
    /// Smallest.
    pub min: i64,
    /// Largest.
    pub max: i64,
    /// The API's default.
    pub default: i64,
    /// Rounding step.
    pub step: i64,
}

/// GIF rules.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GifInfo {
    /// `frame_count`.
    pub frame_count: RangeInfo,
    /// `frame_duration_ms`.
    pub frame_duration_ms: RangeInfo,
}

/// Prices in USD: per 1M tokens, or per image.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PricingInfo {
    /// Text input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_input: Option<f64>,
    /// Cached text input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cached_text_input: Option<f64>,
    /// Image input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_input: Option<f64>,
    /// Cached image input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cached_image_input: Option<f64>,
    /// Image output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_output: Option<f64>,
    /// Per-image prices (DALL·E).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub per_image: Vec<ImagePriceInfo>,
}

/// One per-image price.
#[derive(Debug, Clone, Serialize)]
pub struct ImagePriceInfo {
    /// `quality`.
    pub quality: &'static str,
    /// `WxH`.
    pub size: String,
    /// USD.
    pub usd: f64,
}

/// A public source.
#[derive(Debug, Clone, Serialize)]
pub struct SourceInfo {
    /// The page.
    pub url: &'static str,
    /// When it was checked.
    pub checked: &'static str,
}

fn range(rule: IntRule) -> RangeInfo {
    RangeInfo {
        min: rule.min,
        max: rule.max,
        default: rule.default,
        step: rule.step,
    }
}

fn narrowed(values: Values, provider: Provider) -> Vec<&'static str> {
    let allowed = rules(provider).output_formats;
    values
        .iter()
        .copied()
        .filter(|v| allowed.is_none_or(|a| a.contains(v)))
        .collect()
}

fn pricing(billing: &Billing) -> PricingInfo {
    match billing {
        Billing::Tokens { per_million: p, .. } => PricingInfo {
            text_input: p.text_in,
            cached_text_input: p.text_in_cached,
            image_input: p.image_in,
            cached_image_input: p.image_in_cached,
            image_output: p.image_out,
            per_image: Vec::new(),
        },
        Billing::PerImage { prices, .. } => PricingInfo {
            per_image: prices
                .iter()
                .map(|p| ImagePriceInfo {
                    quality: p.quality,
                    size: format!("{}x{}", p.size.0, p.size.1),
                    usd: p.usd,
                })
                .collect(),
            ..PricingInfo::default()
        },
    }
}

impl ModelInfo {
    /// A row as seen on `provider` on `today`.
    pub fn of(model: &ModelSpec, provider: Provider, today: &str) -> ModelInfo {
        let status = availability(model, provider, today);
        let date = |p| model.shutdown_on(p).map(|s| s.date);
        ModelInfo {
            id: model.id.to_owned(),
            snapshots: model.snapshots,
            family: model.family.as_str(),
            status: status.as_str(),
            shutdown_date: status.shutdown().map(|s| s.date.to_owned()),
            replacement: model.replacement,
            shutdown: ShutdownDates {
                openai: date(Provider::OpenAi),
                azure: date(Provider::Azure),
            },
            known: true,
            sizes: match model.sizes {
                Sizes::List(values) => SizesInfo::List { values },
                Sizes::Free(f) => SizesInfo::Free {
                    values: f.values,
                    multiple_of: f.multiple_of,
                    max_aspect: f.max_aspect,
                    max_long_side: f.max_long_side,
                    min_pixels: f.min_pixels,
                    max_pixels: f.max_pixels,
                    experimental_above_pixels: f.experimental_above_pixels,
                },
                Sizes::ProviderDefined => SizesInfo::ProviderDefined,
            },
            qualities: model.qualities,
            max_n: model.max_n,
            max_prompt_chars: model.max_prompt_chars,
            endpoints: model.endpoints.iter().map(|e| e.as_str()).collect(),
            output_formats: narrowed(model.output_formats, provider),
            edit_output_formats: narrowed(model.edit_output_formats, provider),
            backgrounds: model.backgrounds,
            input_fidelities: model.input_fidelities,
            styles: model.styles,
            moderations: model.moderations,
            response_formats: model.response_formats,
            complexities: model.complexities,
            markup: model.markup,
            streaming: model.streaming,
            svg: model.svg,
            gif: model.gif.map(|g| GifInfo {
                frame_count: range(g.frame_count),
                frame_duration_ms: range(g.frame_duration_ms),
            }),
            max_edit_images: model.edit.max_images,
            pricing: model.billing.as_ref().map(pricing),
            estimable: matches!(
                model.billing,
                Some(Billing::PerImage { .. })
                    | Some(Billing::Tokens {
                        output: OutputTokens::Table(_) | OutputTokens::Gpt2Formula,
                        ..
                    })
            ),
            source: (!model.source.url.is_empty()).then_some(SourceInfo {
                url: model.source.url,
                checked: model.source.checked,
            }),
        }
    }

    /// An image model the provider listed that no row describes: nothing is known of its rules.
    pub fn unknown(id: &str) -> ModelInfo {
        ModelInfo {
            id: id.to_owned(),
            snapshots: &[],
            family: if id.starts_with("dall-e") {
                Family::DallE.as_str()
            } else {
                Family::GptImage.as_str()
            },
            status: Availability::Current.as_str(),
            shutdown_date: None,
            replacement: None,
            shutdown: ShutdownDates::default(),
            known: false,
            sizes: SizesInfo::ProviderDefined,
            qualities: &[],
            max_n: 10,
            max_prompt_chars: None,
            // Listed by the API as an image model: it presumably generates and edits.
            endpoints: vec![Endpoint::Generations.as_str(), Endpoint::Edits.as_str()],
            output_formats: Vec::new(),
            edit_output_formats: Vec::new(),
            backgrounds: &[],
            input_fidelities: &[],
            styles: &[],
            moderations: &[],
            response_formats: &[],
            complexities: &[],
            markup: false,
            streaming: false,
            svg: false,
            gif: None,
            max_edit_images: 16,
            pricing: None,
            estimable: false,
            source: None,
        }
    }
}
