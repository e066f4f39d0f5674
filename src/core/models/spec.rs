//! The shape of one row of the model table: everything the library knows about a model.

use crate::core::media::probe::ImageFormat;
use crate::core::provider::Provider;

/// A list of wire values (`"low"`, `"png"`, ...).
pub type Values = &'static [&'static str];

/// The API family of a model, which decides which parameters exist at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `gpt-image-*` and `chatgpt-image-latest`: always answer `b64_json`.
    GptImage,
    /// `dall-e-2` and `dall-e-3`: `response_format`, no GPT-only params.
    DallE,
    /// Models served by a provider with its own rules (CometAPI's `qwen-image`).
    Provider,
}

impl Family {
    /// The wire name shown in `ModelInfo.family`.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::GptImage => "gpt_image",
            Family::DallE => "dall_e",
            Family::Provider => "provider",
        }
    }
}

/// The API endpoints a model serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `POST /images/generations`.
    Generations,
    /// `POST /images/edits`.
    Edits,
    /// `POST /images/variations`.
    Variations,
}

impl Endpoint {
    /// The last path segment, as in `/images/edits`.
    pub fn as_str(self) -> &'static str {
        match self {
            Endpoint::Generations => "generations",
            Endpoint::Edits => "edits",
            Endpoint::Variations => "variations",
        }
    }

    /// Parses [`Endpoint::as_str`]'s names.
    pub fn parse(name: &str) -> Option<Endpoint> {
        [Endpoint::Generations, Endpoint::Edits, Endpoint::Variations]
            .into_iter()
            .find(|e| e.as_str() == name)
    }
}

/// The sizes a model accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sizes {
    /// Exactly these `"WxH"` strings (and `"auto"` when listed).
    List(Values),
    /// The listed values, or any `WxH` within the rule.
    Free(FreeSizes),
    /// The provider decides; not checked here.
    ProviderDefined,
}

/// The free-size rule of gpt-image-2 and later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FreeSizes {
    /// The named values (`auto` and the classic sizes).
    pub values: Values,
    /// Both sides must be divisible by this.
    pub multiple_of: u32,
    /// Longest side over shortest side, at most.
    pub max_aspect: u32,
    /// Largest long side.
    pub max_long_side: u32,
    /// Fewest pixels (width × height).
    pub min_pixels: u64,
    /// Most pixels (width × height).
    pub max_pixels: u64,
    /// Above this many pixels the size is experimental (a warning).
    pub experimental_above_pixels: u64,
}

/// An integer parameter's range and the API's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntRule {
    /// Smallest accepted value.
    pub min: i64,
    /// Largest accepted value.
    pub max: i64,
    /// What the API uses when the parameter is absent.
    pub default: i64,
    /// The API rounds to a multiple of this (1: no rounding).
    pub step: i64,
}

/// Animated GIF output (`output_format: "gif"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GifRules {
    /// `frame_count`.
    pub frame_count: IntRule,
    /// `frame_duration_ms`.
    pub frame_duration_ms: IntRule,
    /// `(most frames, largest frame side)`: all frames share one sheet, so many frames cap the
    /// frame size. Third-party figures: a warning, never an error.
    pub frame_side_caps: &'static [(i64, u32)],
}

/// What an edit accepts as input images.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EditRules {
    /// Most `image` files in one edit.
    pub max_images: usize,
    /// Formats accepted for `image` (a provider may narrow them).
    pub formats: &'static [ImageFormat],
    /// Each image must be square (dall-e-2).
    pub square: bool,
    /// Each image must be under this many bytes, when the model has its own limit (dall-e-2: 4 MB).
    pub max_bytes: Option<u64>,
    /// Without a mask the image needs an alpha channel (dall-e-2).
    pub alpha_without_mask: bool,
    /// JSON edits (`{ image_url }` / `{ file_id }` references) are accepted.
    pub references: bool,
}

/// A dated shutdown of a model on one provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Shutdown {
    /// Where.
    pub provider: Provider,
    /// ISO date (`YYYY-MM-DD`) from which the provider no longer serves the model.
    pub date: &'static str,
    /// `false` when the date is approximate or second-hand: then it only ever warns.
    pub confirmed: bool,
}

/// USD per 1M tokens; `None` where no price is published.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TokenPrices {
    /// Text input.
    pub text_in: Option<f64>,
    /// Cached text input.
    pub text_in_cached: Option<f64>,
    /// Image input.
    pub image_in: Option<f64>,
    /// Cached image input.
    pub image_in_cached: Option<f64>,
    /// Image output.
    pub image_out: Option<f64>,
}

/// Output tokens one image costs, for one quality and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageTokens {
    /// `quality`.
    pub quality: &'static str,
    /// `(width, height)`.
    pub size: (u32, u32),
    /// Output tokens.
    pub tokens: u64,
}

/// The price of one image, for one quality and size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ImagePrice {
    /// `quality`.
    pub quality: &'static str,
    /// `(width, height)`.
    pub size: (u32, u32),
    /// USD.
    pub usd: f64,
}

/// How output tokens per image are known before a request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OutputTokens {
    /// A fixed count per quality and size.
    Table(&'static [ImageTokens]),
    /// gpt-image-2's formula for any size.
    Gpt2Formula,
    /// No formula is known: the cost is only known afterwards, from `usage`.
    Unknown,
}

/// How a model is billed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Billing {
    /// Per token (the GPT image models).
    Tokens {
        /// Prices.
        per_million: TokenPrices,
        /// Output tokens per image, before the request.
        output: OutputTokens,
    },
    /// Per image (DALL·E), with the defaults the API applies when a param is absent.
    PerImage {
        /// Size when `size` is absent.
        default_size: (u32, u32),
        /// Quality when `quality` is absent.
        default_quality: &'static str,
        /// Prices per quality and size.
        prices: &'static [ImagePrice],
    },
}

/// Where a row's facts come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// A public page.
    pub url: &'static str,
    /// ISO date the row was checked against it.
    pub checked: &'static str,
}

/// One row of the capability table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelSpec {
    /// The model id sent as `model`.
    pub id: &'static str,
    /// Dated snapshots that share this row's rules.
    pub snapshots: Values,
    /// Which parameters exist.
    pub family: Family,
    /// Dated shutdowns per provider.
    pub shutdowns: &'static [Shutdown],
    /// The model to move to once this one shuts down.
    pub replacement: Option<&'static str>,
    /// Accepted sizes.
    pub sizes: Sizes,
    /// Accepted `quality` values (empty: the parameter does not exist).
    pub qualities: Values,
    /// Largest `n`.
    pub max_n: u8,
    /// Longest prompt in characters, when known.
    pub max_prompt_chars: Option<u32>,
    /// Endpoints served.
    pub endpoints: &'static [Endpoint],
    /// `output_format` values on generations (empty: the parameter does not exist).
    pub output_formats: Values,
    /// `output_format` values on edits.
    pub edit_output_formats: Values,
    /// Accepted `background` values.
    pub backgrounds: Values,
    /// Accepted `input_fidelity` values on edits (empty: omit it).
    pub input_fidelities: Values,
    /// Accepted `style` values.
    pub styles: Values,
    /// Accepted `moderation` values.
    pub moderations: Values,
    /// Accepted `response_format` values (GPT image models always answer `b64_json` and refuse it).
    pub response_formats: Values,
    /// Accepted `complexity` values.
    pub complexities: Values,
    /// Whether `markup` (an edit file) is accepted.
    pub markup: bool,
    /// Whether `stream` is accepted.
    pub streaming: bool,
    /// Whether the `svg` object param is accepted (with `output_format: "svg"`).
    pub svg: bool,
    /// GIF output rules, for models with `gif` among their formats.
    pub gif: Option<GifRules>,
    /// Edit inputs.
    pub edit: EditRules,
    /// Prices, when published.
    pub billing: Option<Billing>,
    /// Where the row's facts come from.
    pub source: Source,
}

impl ModelSpec {
    /// Whether `id` names this row or one of its snapshots.
    pub fn answers_to(&self, id: &str) -> bool {
        self.id == id || self.snapshots.contains(&id)
    }

    /// The shutdown on `provider`, when one is known.
    pub fn shutdown_on(&self, provider: Provider) -> Option<&'static Shutdown> {
        self.shutdowns.iter().find(|s| s.provider == provider)
    }

    /// `output_format` values for `endpoint`.
    pub fn formats_for(&self, endpoint: Endpoint) -> Values {
        match endpoint {
            Endpoint::Generations => self.output_formats,
            Endpoint::Edits | Endpoint::Variations => self.edit_output_formats,
        }
    }
}
