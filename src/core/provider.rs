//! Which API a client talks to: a leaf every other module may import.

/// Which API the client talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Provider {
    /// OpenAI's own API.
    #[default]
    OpenAi,
    /// Azure OpenAI (deployment routes or the v1 route).
    Azure,
    /// CometAPI.
    CometApi,
    /// Any OpenAI-compatible base URL, such as the site's own proxy.
    Compatible,
}

impl Provider {
    /// The option value naming this provider.
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::OpenAi => "openai",
            Provider::Azure => "azure",
            Provider::CometApi => "cometapi",
            Provider::Compatible => "compatible",
        }
    }

    /// The provider's name in messages.
    pub fn display_name(self) -> &'static str {
        match self {
            Provider::OpenAi => "OpenAI",
            Provider::Azure => "Azure OpenAI",
            Provider::CometApi => "CometAPI",
            Provider::Compatible => "this provider",
        }
    }

    /// Parses an option value.
    pub fn parse(name: &str) -> Option<Provider> {
        [
            Provider::OpenAi,
            Provider::Azure,
            Provider::CometApi,
            Provider::Compatible,
        ]
        .into_iter()
        .find(|p| p.as_str() == name)
    }

    pub(crate) fn default_base_url(self) -> Option<&'static str> {
        match self {
            Provider::OpenAi => Some("https://api.openai.com/v1"),
            Provider::CometApi => Some("https://api.cometapi.com/v1"),
            Provider::Azure | Provider::Compatible => None,
        }
    }
}
