//! The stable machine-readable error category, exposed to JS as `err.kind`.

/// Stable machine-readable error category, exposed to JS as `err.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Params broke a rule before any request was sent.
    Validation,
    /// 400 Bad Request.
    BadRequest,
    /// 401: missing or wrong credentials.
    Auth,
    /// 403: the credentials may not do this (e.g. organization not verified).
    Permission,
    /// 404: wrong route, deployment or model.
    NotFound,
    /// 409 Conflict.
    Conflict,
    /// 410 Gone: Azure answers it for a deployment whose model was retired. Never retried.
    ModelRetired,
    /// 422 Unprocessable Entity.
    Unprocessable,
    /// 429 that is worth waiting for.
    RateLimit,
    /// 429 `insufficient_quota`: permanent until billing changes, never retried.
    Quota,
    /// 5xx from the API or a proxy.
    Server,
    /// Moderation block or Azure content filter, whatever the status.
    ContentPolicy,
    /// Network failure, CORS refusal, or a connection cut mid-body.
    Connection,
    /// The per-attempt timeout ran out.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// An SSE stream ended without its `completed` event.
    StreamIncomplete,
    /// A malformed response body or base64.
    Decode,
    /// Any other API error.
    Api,
}

impl ErrorKind {
    /// Every kind, for the checks that the TypeScript union lists exactly these.
    pub const ALL: &'static [ErrorKind] = &[
        Self::Validation,
        Self::BadRequest,
        Self::Auth,
        Self::Permission,
        Self::NotFound,
        Self::Conflict,
        Self::ModelRetired,
        Self::Unprocessable,
        Self::RateLimit,
        Self::Quota,
        Self::Server,
        Self::ContentPolicy,
        Self::Connection,
        Self::Timeout,
        Self::Aborted,
        Self::StreamIncomplete,
        Self::Decode,
        Self::Api,
    ];

    /// The wire string exposed to JS as `err.kind`, e.g. `"rate_limit"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Validation => "validation",
            Self::BadRequest => "bad_request",
            Self::Auth => "auth",
            Self::Permission => "permission",
            Self::NotFound => "not_found",
            Self::Conflict => "conflict",
            Self::ModelRetired => "model_retired",
            Self::Unprocessable => "unprocessable",
            Self::RateLimit => "rate_limit",
            Self::Quota => "quota",
            Self::Server => "server",
            Self::ContentPolicy => "content_policy",
            Self::Connection => "connection",
            Self::Timeout => "timeout",
            Self::Aborted => "aborted",
            Self::StreamIncomplete => "stream_incomplete",
            Self::Decode => "decode",
            Self::Api => "api",
        }
    }
}
