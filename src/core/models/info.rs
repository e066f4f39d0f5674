//! `ModelInfo`: a row as JavaScript sees it (`models()`, `listModels()`), with its status on one
//! provider on one day.

use crate::core::json::{Fields, Value};

use crate::core::models::providers::rules;
use crate::core::models::spec::*;
use crate::core::models::{availability, Availability};
use crate::core::provider::Provider;

/// One model, for building UIs.
#[derive(Debug, Clone)]
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
    pub shutdown_date: Option<String>,
    /// What to move to.
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
    pub gif: Option<GifInfo>,
    /// Most images in one edit.
    pub max_edit_images: usize,
    /// Prices, when published.
    pub pricing: Option<PricingInfo>,
    /// Whether `estimateCost` gives a figure before sending.
    pub estimable: bool,
    /// Where the row's facts come from.
    pub source: Option<SourceInfo>,
}

/// Shutdown dates per provider.
#[derive(Debug, Clone, Default)]
pub struct ShutdownDates {
    /// On OpenAI.
    pub openai: Option<&'static str>,
    /// On Azure OpenAI.
    pub azure: Option<&'static str>,
}

/// `sizes` as JS sees it.
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
pub struct GifInfo {
    /// `frame_count`.
    pub frame_count: RangeInfo,
    /// `frame_duration_ms`.
    pub frame_duration_ms: RangeInfo,
}

/// Prices in USD: per 1M tokens, or per image.
#[derive(Debug, Clone, Default)]
pub struct PricingInfo {
    /// Text input.
    pub text_input: Option<f64>,
    /// Cached text input.
    pub cached_text_input: Option<f64>,
    /// Image input.
    pub image_input: Option<f64>,
    /// Cached image input.
    pub cached_image_input: Option<f64>,
    /// Image output.
    pub image_output: Option<f64>,
    /// Per-image prices (DALL·E).
    pub per_image: Vec<ImagePriceInfo>,
}

/// One per-image price.
#[derive(Debug, Clone)]
pub struct ImagePriceInfo {
    /// `quality`.
    pub quality: &'static str,
    /// `WxH`.
    pub size: String,
    /// USD.
    pub usd: f64,
}

/// A public source.
#[derive(Debug, Clone)]
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

impl ModelInfo {
    /// Rows as the array `models()` and `listModels()` give.
    pub fn list_to_json(infos: &[ModelInfo]) -> Value {
        Value::Array(infos.iter().map(ModelInfo::to_json).collect())
    }

    /// The row as the plain object JS sees (`ModelInfo` in the `.d.ts`).
    pub fn to_json(&self) -> Value {
        let mut row = Fields::default();
        row.set("id", Value::from(self.id.as_str()));
        row.set("snapshots", Value::from(self.snapshots));
        row.set("family", Value::from(self.family));
        row.set("status", Value::from(self.status));
        row.set_some("shutdownDate", self.shutdown_date.as_deref().map(Value::from));
        row.set_some("replacement", self.replacement.map(Value::from));
        let mut shutdown = Fields::default();
        shutdown.set_some("openai", self.shutdown.openai.map(Value::from));
        shutdown.set_some("azure", self.shutdown.azure.map(Value::from));
        row.set("shutdown", shutdown.into_value());
        row.set("known", Value::from(self.known));
        row.set("sizes", self.sizes.to_json());
        row.set("qualities", Value::from(self.qualities));
        row.set("maxN", Value::from(self.max_n));
        row.set("maxPromptChars", Value::from(self.max_prompt_chars));
        row.set("endpoints", Value::from(self.endpoints.as_slice()));
        row.set("outputFormats", Value::from(self.output_formats.as_slice()));
        row.set("editOutputFormats", Value::from(self.edit_output_formats.as_slice()));
        row.set("backgrounds", Value::from(self.backgrounds));
        row.set("inputFidelities", Value::from(self.input_fidelities));
        row.set("styles", Value::from(self.styles));
        row.set("moderations", Value::from(self.moderations));
        row.set("responseFormats", Value::from(self.response_formats));
        row.set("complexities", Value::from(self.complexities));
        row.set("markup", Value::from(self.markup));
        row.set("streaming", Value::from(self.streaming));
        row.set("svg", Value::from(self.svg));
        row.set_some("gif", self.gif.as_ref().map(GifInfo::to_json));
        row.set("maxEditImages", Value::from(self.max_edit_images));
        row.set_some("pricing", self.pricing.as_ref().map(PricingInfo::to_json));
        row.set("estimable", Value::from(self.estimable));
        row.set_some("source", self.source.as_ref().map(SourceInfo::to_json));
        row.into_value()
    }
}

impl SizesInfo {
    fn to_json(&self) -> Value {
        let mut sizes = Fields::default();
        match self {
            SizesInfo::List { values } => {
                sizes.set("kind", Value::from("list"));
                sizes.set("values", Value::from(*values));
            }
            SizesInfo::Free {
                values,
                multiple_of,
                max_aspect,
                max_long_side,
                min_pixels,
                max_pixels,
                experimental_above_pixels,
            } => {
                sizes.set("kind", Value::from("free"));
                sizes.set("values", Value::from(*values));
                sizes.set("multipleOf", Value::from(*multiple_of));
                sizes.set("maxAspect", Value::from(*max_aspect));
                sizes.set("maxLongSide", Value::from(*max_long_side));
                sizes.set("minPixels", Value::from(*min_pixels));
                sizes.set("maxPixels", Value::from(*max_pixels));
                sizes.set("experimentalAbovePixels", Value::from(*experimental_above_pixels));
            }
            SizesInfo::ProviderDefined => sizes.set("kind", Value::from("provider_defined")),
        }
        sizes.into_value()
    }
}

impl RangeInfo {
    fn to_json(&self) -> Value {
        let mut range = Fields::default();
        range.set("min", Value::from(self.min));
        range.set("max", Value::from(self.max));
        range.set("default", Value::from(self.default));
        range.set("step", Value::from(self.step));
        range.into_value()
    }
}

impl GifInfo {
    fn to_json(&self) -> Value {
        let mut gif = Fields::default();
        gif.set("frameCount", self.frame_count.to_json());
        gif.set("frameDurationMs", self.frame_duration_ms.to_json());
        gif.into_value()
    }
}

impl PricingInfo {
    fn to_json(&self) -> Value {
        let mut pricing = Fields::default();
        pricing.set_some("textInput", self.text_input.map(Value::from));
        pricing.set_some("cachedTextInput", self.cached_text_input.map(Value::from));
        pricing.set_some("imageInput", self.image_input.map(Value::from));
        pricing.set_some("cachedImageInput", self.cached_image_input.map(Value::from));
        pricing.set_some("imageOutput", self.image_output.map(Value::from));
        if !self.per_image.is_empty() {
            let prices = self.per_image.iter().map(|price| {
                let mut entry = Fields::default();
                entry.set("quality", Value::from(price.quality));
                entry.set("size", Value::from(price.size.as_str()));
                entry.set("usd", Value::from(price.usd));
                entry.into_value()
            });
            pricing.set("perImage", prices.collect());
        }
        pricing.into_value()
    }
}

impl SourceInfo {
    fn to_json(&self) -> Value {
        let mut source = Fields::default();
        source.set("url", Value::from(self.url));
        source.set("checked", Value::from(self.checked));
        source.into_value()
    }
}

#[cfg(test)]
mod to_json_tests {
    use super::*;
    use crate::core::models::MODELS;

    fn row(id: &str) -> Value {
        let spec = MODELS.iter().find(|m| m.id == id).expect("a row");
        ModelInfo::of(spec, Provider::OpenAi, "2026-12-02").to_json()
    }

    /// The object's keys, sorted.
    fn keys(value: &Value) -> Vec<&str> {
        let mut keys: Vec<&str> = value
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        keys
    }

    #[test]
    fn nested_objects_have_the_declared_shapes() {
        let dall_e = row("dall-e-3");
        assert_eq!(keys(&dall_e["sizes"]), ["kind", "values"]);
        assert_eq!(dall_e["sizes"]["kind"], "list");
        assert_eq!(keys(&dall_e["pricing"]), ["perImage"]);
        assert_eq!(keys(&dall_e["pricing"]["perImage"][0]), ["quality", "size", "usd"]);
        assert!(dall_e["pricing"]["perImage"][0]["size"]
            .as_str()
            .is_some_and(|s| s.contains('x')));
        assert_eq!(keys(&dall_e["source"]), ["checked", "url"]);

        let gpt = row("gpt-image-2");
        let free = [
            "experimentalAbovePixels",
            "kind",
            "maxAspect",
            "maxLongSide",
            "maxPixels",
            "minPixels",
            "multipleOf",
            "values",
        ];
        assert_eq!(keys(&gpt["sizes"]), free);
        assert_eq!(gpt["sizes"]["kind"], "free");
        assert!(gpt["sizes"]["multipleOf"].is_u64());
        assert!(gpt["pricing"]["imageOutput"].is_number());
        assert!(gpt["pricing"].get("perImage").is_none(), "an empty list is left out");
        assert!(gpt["maxPromptChars"].is_u64() || gpt["maxPromptChars"].is_null());

        let gif = MODELS.iter().find(|m| m.gif.is_some()).expect("a GIF row");
        let gif = ModelInfo::of(gif, Provider::OpenAi, "2026-12-02").to_json();
        assert_eq!(keys(&gif["gif"]), ["frameCount", "frameDurationMs"]);
        assert_eq!(keys(&gif["gif"]["frameCount"]), ["default", "max", "min", "step"]);

        let unknown = ModelInfo::unknown("gpt-image-9").to_json();
        assert_eq!(unknown["sizes"], crate::json_value!({"kind": "provider_defined"}));
        assert_eq!(unknown["maxPromptChars"], Value::Null, "declared `number | null`");
        assert_eq!(unknown["shutdown"], crate::json_value!({}));
        for absent in ["shutdownDate", "replacement", "gif", "pricing", "source"] {
            assert!(unknown.get(absent).is_none(), "{absent} is left out when unknown");
        }
    }
}
