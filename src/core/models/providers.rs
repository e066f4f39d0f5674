//! What each provider adds to the model rows: whose shutdown dates apply, whether a shutdown
//! blocks, and the formats and file sizes it accepts. Data, like the model rows.

use crate::core::media::probe::ImageFormat::{self, Jpeg, Png};
use crate::core::models::spec::{Source, Values};
use crate::core::provider::Provider;

const MB: u64 = 1024 * 1024;

/// One provider's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProviderRules {
    /// The provider.
    pub provider: Provider,
    /// Whose shutdown dates apply (a proxy forwards to OpenAI).
    pub dates_from: Provider,
    /// Whether a confirmed shutdown is an error (it is a warning where the provider may still serve
    /// the model, or where it may not be OpenAI behind the URL).
    pub shutdown_blocks: bool,
    /// `output_format` values the provider accepts, when narrower than the model's.
    pub output_formats: Option<Values>,
    /// Edit input formats the provider accepts, when narrower than the model's.
    pub edit_formats: Option<&'static [ImageFormat]>,
    /// The default per-file upload limit (its docs have said 20, 25 and 50 MB for Azure).
    pub max_image_bytes: u64,
    /// Where these facts come from.
    pub source: Source,
}

const OPENAI_SOURCE: Source = Source {
    url: "https://platform.openai.com/docs/api-reference/images",
    checked: "2026-12-01",
};

const OPENAI: ProviderRules = ProviderRules {
    provider: Provider::OpenAi,
    dates_from: Provider::OpenAi,
    shutdown_blocks: true,
    output_formats: None,
    edit_formats: None,
    max_image_bytes: 50 * MB,
    source: OPENAI_SOURCE,
};

const AZURE: ProviderRules = ProviderRules {
    provider: Provider::Azure,
    dates_from: Provider::Azure,
    shutdown_blocks: true,
    output_formats: Some(&["png", "jpeg"]),
    edit_formats: Some(&[Png, Jpeg]),
    max_image_bytes: 20 * MB,
    source: Source {
        url: "https://learn.microsoft.com/en-us/azure/ai-foundry/openai/how-to/dall-e",
        checked: "2026-12-01",
    },
};

const COMETAPI: ProviderRules = ProviderRules {
    provider: Provider::CometApi,
    dates_from: Provider::OpenAi,
    shutdown_blocks: false,
    output_formats: None,
    edit_formats: None,
    max_image_bytes: 50 * MB,
    source: Source {
        url: "https://api.cometapi.com/doc",
        checked: "2026-12-01",
    },
};

const COMPATIBLE: ProviderRules = ProviderRules {
    provider: Provider::Compatible,
    dates_from: Provider::OpenAi,
    shutdown_blocks: false,
    output_formats: None,
    edit_formats: None,
    max_image_bytes: 50 * MB,
    source: OPENAI_SOURCE,
};

/// Every provider's rules.
pub const PROVIDERS: &[ProviderRules] = &[OPENAI, AZURE, COMETAPI, COMPATIBLE];

/// The rules of `provider`.
pub fn rules(provider: Provider) -> &'static ProviderRules {
    match provider {
        Provider::OpenAi => &OPENAI,
        Provider::Azure => &AZURE,
        Provider::CometApi => &COMETAPI,
        Provider::Compatible => &COMPATIBLE,
    }
}
