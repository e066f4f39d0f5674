//! Client options, providers, and the plan of an HTTP request: URL and headers per provider.
//!
//! Only the headers a provider needs are sent: telemetry headers break CORS preflights on proxies.

use std::fmt;

use crate::core::issue::Issue;
use crate::core::json::{self, Map, Value};
use crate::core::models::define::read_definition;
use crate::core::models::providers::rules as provider_rules;
use crate::core::models::Endpoint;
use crate::core::models::{is_iso_date, Catalog};
pub use crate::core::provider::Provider;
use crate::core::request::mode::ValidationMode;

/// The default per-attempt timeout: image jobs take 60–150 s at high quality (openai-node: 10 min).
pub const DEFAULT_TIMEOUT_MS: u64 = 600_000;
/// The default number of retries after the first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Azure's default `api-version` for deployment routes.
pub const DEFAULT_AZURE_API_VERSION: &str = "2025-04-01-preview";

/// `new ImagesClient(options)` as JavaScript passes it (openai-node's camelCase spellings), read
/// field by field so that each wrong type is its own issue.
#[derive(Default)]
pub struct ClientOptions {
    /// `"openai" | "azure" | "cometapi" | "compatible"`.
    pub provider: Option<String>,
    /// The API key (sent as `Authorization: Bearer`, or `api-key` on Azure).
    pub api_key: Option<String>,
    /// The API base URL, up to and including `/v1`.
    pub base_url: Option<String>,
    /// Azure settings.
    pub azure: Option<AzureOptions>,
    /// `OpenAI-Organization` header.
    pub organization: Option<String>,
    /// `OpenAI-Project` header.
    pub project: Option<String>,
    /// Extra headers on every request, by name (a list: the names are already unique and sorted).
    pub default_headers: Option<Vec<(String, String)>>,
    /// Per-attempt timeout in milliseconds.
    pub timeout: Option<f64>,
    /// Retries after the first attempt.
    pub max_retries: Option<f64>,
    /// Largest file accepted for edits, in bytes (default: 50 MB, Azure 20 MB).
    pub max_image_bytes: Option<f64>,
    /// `"strict" | "warn" | "off"`.
    pub validation: Option<String>,
    /// `YYYY-MM-DD`: judge model status as of this day instead of the current date.
    pub today: Option<String>,
    /// Run-time model rows, as given.
    pub models: Option<Vec<Value>>,
}

/// The `azure` block of the client options.
#[derive(Default)]
pub struct AzureOptions {
    /// `https://RESOURCE.openai.azure.com`.
    pub endpoint: Option<String>,
    /// The deployment name; without it the v1 route is used, with `model` = the deployment name.
    /// (`azureADTokenProvider`, a JS function, is taken out by the bindings before reading.)
    pub deployment: Option<String>,
    /// `api-version` query value.
    pub api_version: Option<String>,
}

const CLIENT_KEYS: &[&str] = &[
    "provider",
    "apiKey",
    "baseURL",
    "azure",
    "organization",
    "project",
    "defaultHeaders",
    "timeout",
    "maxRetries",
    "maxImageBytes",
    "validation",
    "today",
    "models",
];
const AZURE_KEYS: &[&str] = &["endpoint", "deployment", "apiVersion", "azureADTokenProvider"];

/// Reads typed fields out of a JSON object, collecting an issue per wrong type or unknown key.
struct OptionReader<'a> {
    object: &'a Map,
    prefix: &'static str,
    issues: &'a mut Vec<Issue>,
}

impl OptionReader<'_> {
    fn field(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    fn get(&mut self, key: &str, expected: &str, accept: fn(&Value) -> bool) -> Option<&Value> {
        let value = self.object.get(key).filter(|v| !v.is_null())?;
        if accept(value) {
            return Some(value);
        }
        let field = self.field(key);
        self.issues
            .push(issue(&field, "invalid_type", format!("must be {expected}")));
        None
    }

    fn text(&mut self, key: &str) -> Option<String> {
        self.get(key, "a string", Value::is_string)
            .and_then(Value::as_str)
            .map(str::to_owned)
    }

    fn number(&mut self, key: &str) -> Option<f64> {
        self.get(key, "a number", Value::is_number).and_then(Value::as_f64)
    }

    fn object(&mut self, key: &str) -> Option<&Map> {
        self.get(key, "an object", Value::is_object).and_then(Value::as_object)
    }

    /// Unknown keys are typos more often than not: `apikey` for `apiKey`.
    fn refuse_unknown(&mut self, known: &[&str]) {
        for key in self.object.keys().filter(|k| !known.contains(&k.as_str())) {
            let hint = known
                .iter()
                .find(|k| k.eq_ignore_ascii_case(key) || k.replace('_', "").eq_ignore_ascii_case(&key.replace('_', "")))
                .map(|k| format!(" (did you mean {}{k}?)", self.prefix))
                .unwrap_or_default();
            let field = self.field(key);
            self.issues
                .push(issue(&field, "unknown_option", format!("is not an option{hint}")));
        }
    }
}

impl ClientOptions {
    /// Reads the options object; every wrong type and unknown key becomes an issue.
    pub fn read(object: &Map, issues: &mut Vec<Issue>) -> ClientOptions {
        let mut r = OptionReader {
            object,
            prefix: "",
            issues,
        };
        r.refuse_unknown(CLIENT_KEYS);
        let azure = r.object("azure").cloned();
        let headers = r.object("defaultHeaders").cloned();
        let mut options = ClientOptions {
            provider: r.text("provider"),
            api_key: r.text("apiKey"),
            base_url: r.text("baseURL"),
            organization: r.text("organization"),
            project: r.text("project"),
            timeout: r.number("timeout"),
            max_retries: r.number("maxRetries"),
            max_image_bytes: r.number("maxImageBytes"),
            validation: r.text("validation"),
            today: r.text("today"),
            ..ClientOptions::default()
        };
        match object.get("models") {
            None | Some(Value::Null) => {}
            Some(Value::Array(rows)) => options.models = Some(rows.clone()),
            Some(_) => issues.push(issue(
                "models",
                "invalid_type",
                "must be an array of model definitions such as { id, like }".into(),
            )),
        }
        if let Some(azure) = &azure {
            let mut r = OptionReader {
                object: azure,
                prefix: "azure.",
                issues,
            };
            r.refuse_unknown(AZURE_KEYS);
            options.azure = Some(AzureOptions {
                endpoint: r.text("endpoint"),
                deployment: r.text("deployment"),
                api_version: r.text("apiVersion"),
            });
        }
        if let Some(headers) = &headers {
            let mut r = OptionReader {
                object: headers,
                prefix: "defaultHeaders.",
                issues,
            };
            let names: Vec<String> = headers.keys().cloned().collect();
            let read = names
                .into_iter()
                .filter_map(|name| Some((name.clone(), r.text(&name)?)));
            options.default_headers = Some(read.collect());
        }
        options
    }
}

// Options hold the key: their Debug output names only what is set.
impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientOptions")
            .field("provider", &self.provider)
            .field("api_key_set", &self.api_key.is_some())
            .field("base_url", &self.base_url)
            .field("azure", &self.azure)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for AzureOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AzureOptions")
            .field("endpoint", &self.endpoint)
            .field("deployment", &self.deployment)
            .field("api_version", &self.api_version)
            .finish()
    }
}

/// How requests authenticate.
#[derive(Clone, PartialEq, Eq)]
pub enum Auth {
    /// No auth header (a proxy adds it).
    None,
    /// `Authorization: Bearer <key>`.
    Bearer(String),
    /// Azure's `api-key: <key>` header.
    AzureApiKey(String),
    /// `Authorization: Bearer <token>` from the caller's async token provider, per request.
    TokenProvider,
}

/// The Azure route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AzureRoute {
    /// `{endpoint}/openai/deployments/{deployment}/images/...?api-version=...`.
    Deployment {
        /// Deployment name.
        deployment: String,
        /// `api-version` value.
        api_version: String,
    },
    /// `{endpoint}/openai/v1/images/...` with an optional `api-version`.
    V1 {
        /// `api-version` value, when the caller set one.
        api_version: Option<String>,
    },
}

/// Validated client configuration.
#[derive(Clone)]
pub struct ClientConfig {
    /// The provider.
    pub provider: Provider,
    /// Base URL without a trailing slash (Azure: the resource endpoint).
    pub base_url: String,
    /// The Azure route, for Azure.
    pub azure_route: Option<AzureRoute>,
    /// How to authenticate.
    pub auth: Auth,
    /// Headers added to every request, after the provider's own.
    pub extra_headers: Vec<(String, String)>,
    /// Per-attempt timeout.
    pub timeout_ms: u64,
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// Largest file accepted for edits, in bytes.
    pub max_image_bytes: u64,
    /// What to do with validation issues.
    pub validation: ValidationMode,
    /// The day model status is judged on, when pinned; else the current date.
    pub today: Option<String>,
    /// The client's own model rows, with the table's.
    pub catalog: Catalog,
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Auth::None => "none",
            Auth::Bearer(_) => "bearer (redacted)",
            Auth::AzureApiKey(_) => "api-key (redacted)",
            Auth::TokenProvider => "token provider",
        })
    }
}

// Never print the key or header values: they may hold secrets.
impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("provider", &self.provider)
            .field("base_url", &self.base_url)
            .field("azure_route", &self.azure_route)
            .field("auth", &self.auth)
            .field("extra_headers", &self.extra_headers.len())
            .field("timeout_ms", &self.timeout_ms)
            .field("max_retries", &self.max_retries)
            .field("max_image_bytes", &self.max_image_bytes)
            .field("validation", &self.validation)
            .field("today", &self.today)
            .finish()
    }
}

/// The body of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// `application/json`.
    Json,
    /// `multipart/form-data` (the browser sets the boundary, so no content-type is planned).
    Multipart,
}

/// What to send: URL, headers, redirect handling.
#[derive(Clone, PartialEq, Eq)]
pub struct RequestPlan {
    /// Absolute URL.
    pub url: String,
    /// Headers in order. May hold the key: never log them.
    pub headers: Vec<(String, String)>,
    /// Refuse redirects instead of following them with the key (Azure).
    pub refuse_redirects: bool,
    /// `POST`, or `GET` for the model list.
    pub method: &'static str,
}

impl fmt::Debug for RequestPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("RequestPlan")
            .field("url", &self.url)
            .field("header_names", &names)
            .field("refuse_redirects", &self.refuse_redirects)
            .finish()
    }
}

/// An issue whose message starts with the option's name.
fn issue(field: &str, code: &'static str, rule: String) -> Issue {
    Issue::error(field.to_owned(), code, format!("{field} {rule}"))
}

/// Whether `url` can be a base URL: absolute http(s) with a host, or a path on the page's own origin
/// (`/api/openai/v1`: a same-origin proxy), which `fetch` resolves against the page.
fn is_base_url(url: &str) -> bool {
    match url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) {
        Some(host_and_path) => !host_and_path.is_empty() && !host_and_path.starts_with('/'),
        None => url.starts_with('/') && !url.starts_with("//"),
    }
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

/// A header name is a token (RFC 9110); a value has no control characters (a CR/LF would split it).
fn check_header(name: &str, value: &str, issues: &mut Vec<Issue>) {
    let field = format!("defaultHeaders.{name}");
    // Bytes, not `str::contains(char)`, which links core's substring searcher for non-ASCII chars.
    let token = |c: char| c.is_ascii_alphanumeric() || (c.is_ascii() && b"!#$%&'*+-.^_`|~".contains(&(c as u8)));
    if name.is_empty() || !name.chars().all(token) {
        issues.push(issue(&field, "invalid_header", "is not a valid header name".into()));
    } else if value.chars().any(|c| c.is_control() && c != '\t') {
        issues.push(issue(&field, "invalid_header", "contains a control character".into()));
    }
}

impl ClientConfig {
    /// Validates client options, reporting every problem at once.
    ///
    /// # Errors
    /// The list of issues, each naming the option and the rule.
    pub fn from_json(options: &Map, has_token_provider: bool) -> Result<Self, Vec<Issue>> {
        let mut issues = Vec::new();
        let options = ClientOptions::read(options, &mut issues);
        let provider = match options.provider.as_deref() {
            None => Provider::OpenAi,
            Some(name) => Provider::parse(name).unwrap_or_else(|| {
                issues.push(issue(
                    "provider",
                    "invalid_value",
                    format!(
                        "must be one of openai, azure, cometapi, compatible (got {})",
                        json::quoted(name)
                    ),
                ));
                Provider::OpenAi
            }),
        };
        let api_key = non_empty(options.api_key);
        let azure = options.azure.unwrap_or_default();

        let base_url = match provider {
            Provider::Azure => non_empty(azure.endpoint.clone()).or(non_empty(options.base_url.clone())),
            _ => non_empty(options.base_url.clone()).or(provider.default_base_url().map(String::from)),
        };
        let base_url = match base_url {
            Some(url) if is_base_url(&url) => url.trim_end_matches('/').to_owned(),
            Some(_) => {
                let field = if provider == Provider::Azure {
                    "azure.endpoint"
                } else {
                    "baseURL"
                };
                issues.push(issue(
                    field,
                    "invalid_url",
                    "must be an http(s) URL, or a path on this site such as /api/openai/v1".into(),
                ));
                String::new()
            }
            None if provider == Provider::Azure => {
                issues.push(issue(
                    "azure.endpoint",
                    "required",
                    "is required for provider azure (https://RESOURCE.openai.azure.com)".into(),
                ));
                String::new()
            }
            None => {
                issues.push(issue(
                    "baseURL",
                    "required",
                    "is required for provider compatible (your proxy, such as /api/openai/v1, or an API's https://.../v1)".into(),
                ));
                String::new()
            }
        };

        let auth = match (provider, api_key, has_token_provider) {
            (Provider::Azure, Some(_), true) => {
                issues.push(issue(
                    "apiKey",
                    "conflict",
                    "cannot be combined with azure.azureADTokenProvider: give one of them".into(),
                ));
                Auth::TokenProvider
            }
            (Provider::Azure, Some(key), false) => Auth::AzureApiKey(key),
            (Provider::Azure, None, true) => Auth::TokenProvider,
            (_, Some(key), _) => Auth::Bearer(key),
            (Provider::Compatible, None, _) => Auth::None,
            (p, None, _) => {
                let hint = if p == Provider::Azure {
                    "or azure.azureADTokenProvider "
                } else {
                    ""
                };
                issues.push(issue(
                    "apiKey",
                    "required",
                    format!(
                        "is required for provider {} {hint}(to keep the key off the page, use provider \"compatible\" with your own proxy's baseURL)",
                        p.as_str()
                    ),
                ));
                Auth::None
            }
        };
        if has_token_provider && provider != Provider::Azure {
            issues.push(issue(
                "azure.azureADTokenProvider",
                "unsupported",
                "only applies to provider azure".into(),
            ));
        }

        let azure_route = (provider == Provider::Azure).then(|| match non_empty(azure.deployment) {
            Some(deployment) => AzureRoute::Deployment {
                deployment,
                api_version: non_empty(azure.api_version).unwrap_or_else(|| DEFAULT_AZURE_API_VERSION.to_owned()),
            },
            None => AzureRoute::V1 {
                api_version: non_empty(azure.api_version),
            },
        });

        let mut extra_headers = Vec::new();
        let mut push_header = |name: &str, value: Option<String>| {
            if let Some(value) = non_empty(value) {
                extra_headers.push((name.to_owned(), value));
            }
        };
        push_header("OpenAI-Organization", options.organization);
        push_header("OpenAI-Project", options.project);
        for (name, value) in options.default_headers.unwrap_or_default() {
            check_header(&name, &value, &mut issues);
            extra_headers.push((name, value));
        }

        let timeout_ms = match options.timeout {
            None => DEFAULT_TIMEOUT_MS,
            Some(t) => parse_timeout(t).unwrap_or_else(|| {
                issues.push(timeout_issue("timeout"));
                DEFAULT_TIMEOUT_MS
            }),
        };
        let max_retries = match options.max_retries {
            None => DEFAULT_MAX_RETRIES,
            Some(r) => parse_max_retries(r).unwrap_or_else(|| {
                issues.push(max_retries_issue("maxRetries"));
                DEFAULT_MAX_RETRIES
            }),
        };

        let max_image_bytes = match options.max_image_bytes {
            None => provider_rules(provider).max_image_bytes,
            Some(b) if b.fract() == 0.0 && (1.0..=9_007_199_254_740_991.0).contains(&b) => b as u64,
            Some(_) => {
                issues.push(issue(
                    "maxImageBytes",
                    "out_of_range",
                    "must be a positive whole number of bytes".into(),
                ));
                provider_rules(provider).max_image_bytes
            }
        };

        let validation = match options.validation.as_deref() {
            None => ValidationMode::default(),
            Some(name) => ValidationMode::parse(name).unwrap_or_else(|| {
                issues.push(validation_issue("validation", name));
                ValidationMode::default()
            }),
        };
        let today = options.today.filter(|day| {
            let valid = is_iso_date(day);
            if !valid {
                issues.push(today_issue("today"));
            }
            valid
        });
        let mut rows = Vec::new();
        for (i, row) in options.models.unwrap_or_default().iter().enumerate() {
            match read_definition(row, &format!("models[{i}]"), &Catalog::with_rows(rows.clone())) {
                Ok(spec) => rows.push(spec),
                Err(found) => issues.extend(found),
            }
        }

        if !issues.is_empty() {
            return Err(issues);
        }
        Ok(ClientConfig {
            validation,
            today,
            catalog: Catalog::with_rows(rows),
            max_image_bytes,
            provider,
            base_url,
            azure_route,
            auth,
            extra_headers,
            timeout_ms,
            max_retries,
        })
    }

    /// Plans a request to `endpoint`. `bearer_token` is the token provider's answer, when Azure
    /// authenticates that way.
    pub fn plan_request(&self, endpoint: Endpoint, body: BodyKind, bearer_token: Option<&str>) -> RequestPlan {
        let path = format!("images/{}", endpoint.as_str());
        self.plan_path(&path, Some(body), bearer_token)
    }

    /// Plans `GET {baseURL}/models` (Azure: the v1 route's list; on a deployment route the
    /// configured deployment is the only model, see [`ClientConfig::azure_deployment`]).
    pub fn plan_list_models(&self, bearer_token: Option<&str>) -> RequestPlan {
        let v1 = ClientConfig {
            azure_route: self.azure_route.as_ref().map(|_| AzureRoute::V1 { api_version: None }),
            ..self.clone()
        };
        v1.plan_path("models", None, bearer_token)
    }

    /// The configured Azure deployment, when requests go to one.
    pub fn azure_deployment(&self) -> Option<&str> {
        match &self.azure_route {
            Some(AzureRoute::Deployment { deployment, .. }) => Some(deployment),
            _ => None,
        }
    }

    fn plan_path(&self, path: &str, body: Option<BodyKind>, bearer_token: Option<&str>) -> RequestPlan {
        let url = match &self.azure_route {
            Some(AzureRoute::Deployment {
                deployment,
                api_version,
            }) => format!(
                "{}/openai/deployments/{}/{path}?api-version={}",
                self.base_url,
                encode_component(deployment),
                encode_component(api_version)
            ),
            Some(AzureRoute::V1 { api_version }) => {
                let query = api_version
                    .as_deref()
                    .map(|v| format!("?api-version={}", encode_component(v)))
                    .unwrap_or_default();
                format!("{}/openai/v1/{path}{query}", self.base_url)
            }
            None => format!("{}/{path}", self.base_url),
        };

        let mut headers = Vec::new();
        if body == Some(BodyKind::Json) {
            headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
        }
        match &self.auth {
            Auth::None => {}
            Auth::Bearer(key) => headers.push(("Authorization".to_owned(), format!("Bearer {key}"))),
            Auth::AzureApiKey(key) => headers.push(("api-key".to_owned(), key.clone())),
            Auth::TokenProvider => {
                if let Some(token) = bearer_token {
                    headers.push(("Authorization".to_owned(), format!("Bearer {token}")));
                }
            }
        }
        headers.extend(self.extra_headers.iter().cloned());
        RequestPlan {
            url,
            headers,
            refuse_redirects: self.provider == Provider::Azure,
            method: if body.is_some() { "POST" } else { "GET" },
        }
    }

    /// The secrets this configuration holds, so error messages can be scrubbed of them.
    pub fn secrets(&self) -> Vec<&str> {
        match &self.auth {
            Auth::Bearer(key) | Auth::AzureApiKey(key) => vec![key.as_str()],
            Auth::None | Auth::TokenProvider => vec![],
        }
    }
}

/// A timeout in whole milliseconds, 1 to 2^31 − 1 (what `setTimeout` can wait).
pub fn parse_timeout(ms: f64) -> Option<u64> {
    (ms.is_finite() && ms > 0.0 && ms <= 2_147_483_647.0).then(|| ms.round() as u64)
}

/// The issue for a bad `timeout`.
pub fn timeout_issue(field: &str) -> Issue {
    issue(
        field,
        "out_of_range",
        "must be a number of milliseconds between 1 and 2147483647".into(),
    )
}

/// The issue for a `validation` value that is none of the modes.
pub fn validation_issue(field: &str, got: &str) -> Issue {
    issue(
        field,
        "invalid_value",
        format!("must be \"strict\", \"warn\" or \"off\" (got {})", json::quoted(got)),
    )
}

/// The issue for a `today` that is not a `YYYY-MM-DD` date.
pub fn today_issue(field: &str) -> Issue {
    issue(
        field,
        "invalid_value",
        "must be a date such as \"2026-12-31\" (YYYY-MM-DD)".into(),
    )
}

/// `maxRetries` must be a whole number 0–10 (more only hammers a struggling API).
pub fn parse_max_retries(value: f64) -> Option<u32> {
    (value.fract() == 0.0 && (0.0..=10.0).contains(&value)).then_some(value as u32)
}

/// The issue for a bad `maxRetries`.
pub fn max_retries_issue(field: &str) -> Issue {
    issue(field, "out_of_range", "must be a whole number from 0 to 10".into())
}

/// Percent-encodes a URL path segment or query value (RFC 3986 unreserved characters pass).
fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(json: &str) -> Map {
        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(json)
            .unwrap()
            .into()
    }

    fn config(json: &str) -> ClientConfig {
        ClientConfig::from_json(&options(json), false).unwrap()
    }

    fn codes(json: &str, token: bool) -> Vec<(String, &'static str)> {
        ClientConfig::from_json(&options(json), token)
            .unwrap_err()
            .into_iter()
            .map(|i| (i.field, i.code))
            .collect()
    }

    fn header<'a>(plan: &'a RequestPlan, name: &str) -> Option<&'a str> {
        plan.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn openai_defaults_and_headers() {
        let c = config(r#"{"apiKey":"sk-1","organization":"org-1","project":"proj-1"}"#);
        let plan = c.plan_request(Endpoint::Generations, BodyKind::Json, None);
        assert_eq!(plan.url, "https://api.openai.com/v1/images/generations");
        assert_eq!(header(&plan, "authorization"), Some("Bearer sk-1"));
        assert_eq!(header(&plan, "content-type"), Some("application/json"));
        assert_eq!(header(&plan, "openai-organization"), Some("org-1"));
        assert_eq!(header(&plan, "openai-project"), Some("proj-1"));
        assert_eq!(plan.headers.len(), 4, "nothing else is sent");
        assert!(!plan.refuse_redirects);
        assert_eq!((c.timeout_ms, c.max_retries), (600_000, 2));
    }

    #[test]
    fn cometapi_and_compatible_urls() {
        let c = config(r#"{"provider":"cometapi","apiKey":"k"}"#);
        assert_eq!(
            c.plan_request(Endpoint::Edits, BodyKind::Multipart, None).url,
            "https://api.cometapi.com/v1/images/edits"
        );
        let c = config(r#"{"provider":"compatible","baseURL":"http://127.0.0.1:9/proxy/v1/"}"#);
        let plan = c.plan_request(Endpoint::Generations, BodyKind::Json, None);
        assert_eq!(plan.url, "http://127.0.0.1:9/proxy/v1/images/generations");
        assert_eq!(header(&plan, "authorization"), None, "a proxy adds the key");
    }

    #[test]
    fn multipart_leaves_content_type_to_the_browser() {
        let c = config(r#"{"apiKey":"k"}"#);
        let plan = c.plan_request(Endpoint::Edits, BodyKind::Multipart, None);
        assert_eq!(header(&plan, "content-type"), None);
    }

    #[test]
    fn azure_deployment_route_with_api_key() {
        let c = config(
            r#"{"provider":"azure","apiKey":"az","azure":{"endpoint":"https://res.openai.azure.com/","deployment":"my img"}}"#,
        );
        let plan = c.plan_request(Endpoint::Generations, BodyKind::Json, None);
        assert_eq!(
            plan.url,
            "https://res.openai.azure.com/openai/deployments/my%20img/images/generations?api-version=2025-04-01-preview"
        );
        assert_eq!(header(&plan, "api-key"), Some("az"));
        assert_eq!(header(&plan, "authorization"), None);
        assert!(plan.refuse_redirects);
    }

    #[test]
    fn azure_v1_route_with_token_provider() {
        let c = ClientConfig::from_json(
            &options(r#"{"provider":"azure","azure":{"endpoint":"https://r.example","apiVersion":"preview"}}"#),
            true,
        )
        .unwrap();
        let plan = c.plan_request(Endpoint::Edits, BodyKind::Multipart, Some("tok"));
        assert_eq!(plan.url, "https://r.example/openai/v1/images/edits?api-version=preview");
        assert_eq!(header(&plan, "authorization"), Some("Bearer tok"));
        assert_eq!(header(&plan, "api-key"), None);
    }

    #[test]
    fn every_option_problem_is_reported_at_once() {
        let found = codes(
            r#"{"provider":"azure","timeout":-1,"maxRetries":2.5,"defaultHeaders":{"bad name":"x"}}"#,
            false,
        );
        assert_eq!(
            found,
            vec![
                ("azure.endpoint".to_owned(), "required"),
                ("apiKey".to_owned(), "required"),
                ("defaultHeaders.bad name".to_owned(), "invalid_header"),
                ("timeout".to_owned(), "out_of_range"),
                ("maxRetries".to_owned(), "out_of_range"),
            ]
        );
    }

    #[test]
    fn header_names_are_tokens() {
        let bad = |name: &str| {
            let options = crate::json_value!({"apiKey": "k", "defaultHeaders": {name: "x"}});
            ClientConfig::from_json(options.as_object().unwrap(), false).is_err()
        };
        for good in ["X-Custom_Token", "a!#$%&'*+-.^_`|~z", "X1"] {
            assert!(!bad(good), "{good}");
        }
        for wrong in ["Größe", "a b", "a:b", "x€", "", "a\"b"] {
            assert!(bad(wrong), "{wrong}");
        }
    }

    #[test]
    fn option_rules_break_and_pass() {
        assert_eq!(
            codes(r#"{"provider":"x","apiKey":"k"}"#, false),
            vec![("provider".to_owned(), "invalid_value")]
        );
        assert_eq!(
            codes(r#"{"provider":"compatible"}"#, false),
            vec![("baseURL".to_owned(), "required")]
        );
        assert_eq!(
            codes(r#"{"apiKey":"k","baseURL":"ftp://x"}"#, false),
            vec![("baseURL".to_owned(), "invalid_url")]
        );
        for bad in ["api/v1", "//evil.example/v1", "https://", "https:///x"] {
            let json = format!(r#"{{"provider":"compatible","baseURL":"{bad}"}}"#);
            assert_eq!(
                codes(&json, false),
                vec![("baseURL".to_owned(), "invalid_url")],
                "{bad}"
            );
        }
        let proxy = config(r#"{"provider":"compatible","baseURL":"/api/openai/v1/"}"#);
        assert_eq!(
            proxy.plan_request(Endpoint::Generations, BodyKind::Json, None).url,
            "/api/openai/v1/images/generations",
            "a same-origin proxy path"
        );
        assert_eq!(codes(r#"{}"#, false), vec![("apiKey".to_owned(), "required")]);
        assert_eq!(
            codes(r#"{"apiKey":"k"}"#, true),
            vec![("azure.azureADTokenProvider".to_owned(), "unsupported")]
        );
        assert_eq!(
            codes(
                r#"{"provider":"azure","apiKey":"k","azure":{"endpoint":"https://r"}}"#,
                true
            ),
            vec![("apiKey".to_owned(), "conflict")]
        );
        assert_eq!(
            codes(r#"{"apiKey":"k","defaultHeaders":{"X-A":"a\r\nX-B: b"}}"#, false),
            vec![("defaultHeaders.X-A".to_owned(), "invalid_header")]
        );
        assert_eq!(
            codes(r#"{"apikey":"k"}"#, false),
            vec![
                ("apikey".to_owned(), "unknown_option"),
                ("apiKey".to_owned(), "required")
            ]
        );
        let c = config(r#"{"apiKey":"k","timeout":1500,"maxRetries":0,"defaultHeaders":{"X-Trace":"1"}}"#);
        assert_eq!((c.timeout_ms, c.max_retries), (1500, 0));
        assert_eq!(c.extra_headers, vec![("X-Trace".to_owned(), "1".to_owned())]);
    }

    #[test]
    fn wrong_types_are_one_issue_each_and_never_hide_the_others() {
        let found = codes(
            r#"{"apiKey":7,"timeout":"abc","maxRetries":"x","azure":{"endpoint":5,"deploymnet":"d"},"defaultHeaders":{"X-A":1},"base_url":"x"}"#,
            false,
        );
        assert_eq!(
            found,
            vec![
                ("base_url".to_owned(), "unknown_option"),
                ("apiKey".to_owned(), "invalid_type"),
                ("timeout".to_owned(), "invalid_type"),
                ("maxRetries".to_owned(), "invalid_type"),
                ("azure.deploymnet".to_owned(), "unknown_option"),
                ("azure.endpoint".to_owned(), "invalid_type"),
                ("defaultHeaders.X-A".to_owned(), "invalid_type"),
                ("apiKey".to_owned(), "required"),
            ]
        );
        let issues = ClientConfig::from_json(&options(r#"{"apikey":"k","base_url":"x"}"#), false).unwrap_err();
        assert_eq!(issues[0].message, "apikey is not an option (did you mean apiKey?)");
        assert_eq!(issues[1].message, "base_url is not an option (did you mean baseURL?)");
    }

    #[test]
    fn debug_output_never_shows_the_key() {
        let c = config(r#"{"apiKey":"sk-secret-123","defaultHeaders":{"X-Secret":"hidden-456"}}"#);
        let text = format!(
            "{c:?} {:?}",
            c.plan_request(Endpoint::Generations, BodyKind::Json, None)
        );
        assert!(
            !text.contains("sk-secret-123") && !text.contains("hidden-456"),
            "{text}"
        );
        assert_eq!(c.secrets(), vec!["sk-secret-123"]);
    }
}
