//! Every way a client call can fail, with openai-node's error names and a stable `kind`.
//!
//! The web layer turns these into real JS `Error` objects; the names and fields live here so they
//! are decided (and tested) in one place.

use crate::core::issue::{Issue, Severity};
use crate::core::models::{Availability, ModelSpec};
use crate::core::provider::Provider;
use crate::core::response::api_error::{ApiErrorInfo, ErrorKind};

/// A failed client call.
#[derive(Debug, Clone, PartialEq)]
pub enum ClientError {
    /// Params or options broke a rule; nothing was sent.
    Validation(Vec<Issue>),
    /// The API answered with an error.
    Api {
        /// The classified error body.
        info: ApiErrorInfo,
        /// `x-request-id` when exposed.
        request_id: Option<String>,
    },
    /// Network failure, CORS refusal, refused redirect, connection cut mid-body.
    Connection(String),
    /// The per-attempt timeout ran out.
    Timeout {
        /// The timeout that ran out.
        timeout_ms: u64,
    },
    /// The caller's signal aborted.
    Aborted,
    /// A malformed body or base64, or a response with no images.
    Decode {
        /// What was wrong.
        message: String,
        /// `x-request-id` when exposed.
        request_id: Option<String>,
    },
    /// An SSE stream ended without its `completed` event.
    StreamIncomplete(String),
    /// The caller's Azure token provider failed.
    TokenProvider(String),
}

/// Every `name` a failure can have, for the check that the TypeScript union lists exactly these.
pub const ERROR_NAMES: &[&str] = &[
    "ImageValidationError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "APIError",
    "APIConnectionError",
    "APIConnectionTimeoutError",
    "APIUserAbortError",
    "StreamIncompleteError",
    "ImageDecodeError",
];

impl ClientError {
    /// openai-node's class name (and ours for the errors it lacks).
    pub fn name(&self) -> &'static str {
        match self {
            ClientError::Validation(_) => "ImageValidationError",
            ClientError::Api { info, .. } => info.name,
            ClientError::Connection(_) => "APIConnectionError",
            ClientError::Timeout { .. } => "APIConnectionTimeoutError",
            ClientError::Aborted => "APIUserAbortError",
            ClientError::Decode { .. } => "ImageDecodeError",
            ClientError::StreamIncomplete(_) => "StreamIncompleteError",
            ClientError::TokenProvider(_) => "AuthenticationError",
        }
    }

    /// The stable machine-readable kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ClientError::Validation(_) => ErrorKind::Validation,
            ClientError::Api { info, .. } => info.kind,
            ClientError::Connection(_) => ErrorKind::Connection,
            ClientError::Timeout { .. } => ErrorKind::Timeout,
            ClientError::Aborted => ErrorKind::Aborted,
            ClientError::Decode { .. } => ErrorKind::Decode,
            ClientError::StreamIncomplete(_) => ErrorKind::StreamIncomplete,
            ClientError::TokenProvider(_) => ErrorKind::Auth,
        }
    }

    /// The message, with every secret replaced by `[redacted]`.
    pub fn message(&self, secrets: &[&str]) -> String {
        let text = match self {
            ClientError::Validation(issues) => {
                let errors = issues
                    .iter()
                    .filter(|i| i.severity == Severity::Error)
                    .map(|i| i.message.as_str());
                format!("Invalid input: {}", crate::core::text::joined(errors, "; "))
            }
            // openai-node's "429 message"; some messages (proxy pages) already start with the status.
            ClientError::Api { info, .. } if info.message.starts_with(&info.status.to_string()) => info.message.clone(),
            ClientError::Api { info, .. } => format!("{} {}", info.status, info.message),
            ClientError::Connection(m) => format!("Connection error: {m}"),
            ClientError::Timeout { timeout_ms } => format!("Request timed out after {timeout_ms} ms"),
            ClientError::Aborted => "Request was aborted.".to_owned(),
            ClientError::Decode { message, .. } => format!("Could not decode the images response: {message}"),
            ClientError::StreamIncomplete(m) => format!("The image stream ended early: {m}"),
            ClientError::TokenProvider(m) => format!("The Azure token provider failed: {m}"),
        };
        redact(&text, secrets)
    }

    /// A 410 Gone names the model and its retirement date when the table knows it has passed.
    pub fn with_retirement(mut self, model: Option<&ModelSpec>, provider: Provider, today: &str) -> ClientError {
        if let (ClientError::Api { info, .. }, Some(model)) = (&mut self, model) {
            let status = crate::core::models::availability(model, provider, today);
            if let (ErrorKind::ModelRetired, Availability::ShutDown(shutdown)) = (info.kind, status) {
                let instead = model.replacement.map(|r| format!("; use {r}")).unwrap_or_default();
                info.message = format!(
                    "{} ({} retired on {} on {}{instead})",
                    info.message,
                    model.id,
                    shutdown.provider.display_name(),
                    shutdown.date
                );
            }
        }
        self
    }

    /// `x-request-id`, when known.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            ClientError::Api { request_id, .. } | ClientError::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }
}

/// Replaces each secret (of at least 4 characters, so nothing common is mangled) with `[redacted]`.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    secrets
        .iter()
        .filter(|s| s.len() >= 4)
        .fold(text.to_owned(), |acc, secret| {
            crate::core::text::replace(&acc, secret, "[redacted]")
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::response::api_error::classify_error;

    #[test]
    fn names_and_kinds() {
        let api = ClientError::Api {
            info: classify_error(
                429,
                br#"{"error":{"message":"slow down","type":"requests","code":"rate_limit_exceeded"}}"#,
            ),
            request_id: Some("req_1".into()),
        };
        assert_eq!((api.name(), api.kind().as_str()), ("RateLimitError", "rate_limit"));
        assert_eq!(api.request_id(), Some("req_1"));
        assert_eq!(api.message(&[]), "429 slow down");
        let cases = [
            (ClientError::Validation(vec![]), "ImageValidationError", "validation"),
            (ClientError::Connection("x".into()), "APIConnectionError", "connection"),
            (
                ClientError::Timeout { timeout_ms: 5 },
                "APIConnectionTimeoutError",
                "timeout",
            ),
            (ClientError::Aborted, "APIUserAbortError", "aborted"),
            (
                ClientError::Decode {
                    message: "x".into(),
                    request_id: None,
                },
                "ImageDecodeError",
                "decode",
            ),
            (
                ClientError::StreamIncomplete("x".into()),
                "StreamIncompleteError",
                "stream_incomplete",
            ),
            (ClientError::TokenProvider("x".into()), "AuthenticationError", "auth"),
        ];
        for (error, name, kind) in cases {
            assert_eq!((error.name(), error.kind().as_str()), (name, kind));
        }
    }

    #[test]
    fn the_status_is_not_repeated() {
        let info = classify_error(502, b"<html><title>502 Bad Gateway</title></html>");
        let message = ClientError::Api { info, request_id: None }.message(&[]);
        assert!(
            message.starts_with("502 ") && !message.starts_with("502 502"),
            "{message}"
        );
    }

    #[test]
    fn validation_message_lists_errors_not_warnings() {
        let e = ClientError::Validation(vec![
            Issue::error("n".into(), "out_of_range", "n must be from 1 to 10".into()),
            Issue::warning("model".into(), "unknown_model", "unknown".into()),
            Issue::error("size".into(), "invalid_value", "size is bad".into()),
        ]);
        assert_eq!(e.message(&[]), "Invalid input: n must be from 1 to 10; size is bad");
    }

    #[test]
    fn secrets_never_reach_messages() {
        let info = classify_error(
            401,
            br#"{"error":{"message":"Incorrect API key provided: sk-live-abc123.","code":"invalid_api_key"}}"#,
        );
        let e = ClientError::Api { info, request_id: None };
        let message = e.message(&["sk-live-abc123"]);
        assert!(
            !message.contains("sk-live-abc123") && message.contains("[redacted]"),
            "{message}"
        );
        assert_eq!(
            redact("a b", &["", "a"]),
            "a b",
            "short secrets are not treated as secrets"
        );
    }
}
