//! Classifying API error responses.
//!
//! Turns an error response (status + raw body bytes), or an `{"error": ...}` object that arrived in a
//! 200 body or an SSE stream, into an [`ApiErrorInfo`]: openai-node's error class name, a stable
//! [`ErrorKind`], and the fields callers branch on (`code`, `type`, `param`, moderation details).
//!
//! Bodies come from the API, from Azure, and from whatever proxy sits in between, so every shape is
//! expected: the OpenAI envelope, Azure's variants, a bare `{"message": ...}`, HTML error pages, empty
//! or invalid bodies. Nothing here panics, and no message ever carries a whole body.

use crate::core::json::{self, JsonParser, Map, Value};
use crate::core::response::bom::strip_bom;
use crate::core::text;

pub use crate::core::error_kind::ErrorKind;

/// An error response from the API, classified.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiErrorInfo {
    /// openai-node's error class name for the status, e.g. `"RateLimitError"`.
    pub name: &'static str,
    /// The stable category.
    pub kind: ErrorKind,
    /// The HTTP status, or 0 when unknown (an error inside a 200 body or an SSE stream).
    pub status: u16,
    /// The API's message, or one built from the status when the body has none (never a whole body).
    pub message: String,
    /// The body's `code`; empty and null become `None`, numbers become strings.
    pub code: Option<String>,
    /// The body's `type`.
    pub error_type: Option<String>,
    /// The body's `param`, naming the offending request field.
    pub param: Option<String>,
    /// `moderation_details.moderation_stage` (`"input"` or `"output"`).
    pub moderation_stage: Option<String>,
    /// `moderation_details.categories`, or the Azure content-filter categories marked `filtered: true`.
    pub categories: Vec<String>,
    /// Azure's `inner_error.revised_prompt`, when present.
    pub revised_prompt: Option<String>,
}

/// Classify an HTTP error response (status >= 400, or any non-2xx) from its raw body bytes.
///
/// Never fails: a body that is not a JSON error (HTML, empty, invalid UTF-8, truncated) gives a
/// message built from the status plus at most a short, sanitised snippet of the body.
pub fn classify_error(status: u16, body: &[u8]) -> ApiErrorInfo {
    classify_error_with(status, body, json::parse)
}

/// [`classify_error`], parsing the body with `parse`.
pub fn classify_error_with(status: u16, body: &[u8], parse: JsonParser) -> ApiErrorInfo {
    let body = strip_bom(body);
    match parse(body) {
        Ok(Value::Object(top)) => classify_fields(status, &ErrorFields::of(&top).resolve()),
        // A few proxies send one JSON string (`"Internal Server Error"`).
        Ok(message @ Value::String(_)) => classify_error_value(status, &message),
        _ => classify_non_json(status, body),
    }
}

/// Classify an `{"error": ...}` object that arrived inside a 200 body or an SSE stream.
///
/// `error` may be the whole envelope (`{"error": {...}}`, as in an SSE `error` event), the inner error
/// object, or a plain string. Pass `status` 0 when unknown: the name is then `"APIError"` and the kind
/// comes from the error's `code`/`type` where one maps to a kind (content policy, quota, rate limit,
/// server error), else [`ErrorKind::Api`].
pub fn classify_error_value(status: u16, error: &Value) -> ApiErrorInfo {
    let fields = match error {
        Value::String(message) => ErrorFields {
            message: Value::String(message.clone()),
            ..ErrorFields::default()
        },
        Value::Object(map) => ErrorFields::of(map).resolve(),
        _ => ErrorFields::default(),
    };
    classify_fields(status, &fields)
}

/// openai-node's class name for a status.
pub fn error_name_for_status(status: u16) -> &'static str {
    match status {
        400 => "BadRequestError",
        401 => "AuthenticationError",
        403 => "PermissionDeniedError",
        404 => "NotFoundError",
        409 => "ConflictError",
        422 => "UnprocessableEntityError",
        429 => "RateLimitError",
        500.. => "InternalServerError",
        _ => "APIError",
    }
}

/// API messages longer than this are cut (they end up in a JS `Error.message` and in logs).
const MAX_MESSAGE_CHARS: usize = 2000;
/// Only this much of a non-JSON body is ever looked at.
const MAX_SNIPPET_SCAN_BYTES: usize = 8 * 1024;
/// A snippet of a non-JSON body is at most this long.
const MAX_SNIPPET_CHARS: usize = 160;
/// Bounds the categories copied from an untrusted body.
const MAX_CATEGORIES: usize = 32;

/// The fields of an error body we read; every other field is skipped without being stored.
///
/// Used for the top level of a body and for the nested `error` object alike. Each field is a raw
/// `Value` so that an unexpected type (a numeric `code`, a null `type`) never fails the whole parse.
/// Read by hand rather than derived: serde's typed errors format floats, which links core's float
/// printing into the wasm (see `decoder::Skeleton`).
#[derive(Debug, Default)]
struct ErrorFields {
    error: Value,
    message: Value,
    /// FastAPI-style proxies answer `{"detail": "..."}`.
    detail: Value,
    error_type: Value,
    param: Value,
    code: Value,
    moderation_details: Value,
    /// Azure's legacy DALL·E shape.
    inner_error: Value,
    /// Azure's chat-style shape.
    innererror: Value,
}

impl ErrorFields {
    fn of(object: &Map) -> ErrorFields {
        let field = |key: &str| object.get(key).cloned().unwrap_or(Value::Null);
        ErrorFields {
            error: field("error"),
            message: field("message"),
            detail: field("detail"),
            error_type: field("type"),
            param: field("param"),
            code: field("code"),
            moderation_details: field("moderation_details"),
            inner_error: field("inner_error"),
            innererror: field("innererror"),
        }
    }

    /// Descend into the `error` member when there is one; keep the top level otherwise
    /// (`{"message": ...}` bodies and already-unwrapped error objects).
    fn resolve(self) -> ErrorFields {
        match self.error {
            Value::Object(ref object) => {
                let mut inner = ErrorFields::of(object);
                // Moderation details have been seen beside the envelope as well as inside it.
                if inner.moderation_details.is_null() {
                    inner.moderation_details = self.moderation_details;
                }
                inner
            }
            Value::String(message) => ErrorFields {
                message: Value::String(message),
                error: Value::Null,
                ..self
            },
            _ => self,
        }
    }

    /// The Azure inner error, in whichever spelling the body used.
    fn inner_error(&self) -> &Value {
        if self.inner_error.is_object() {
            &self.inner_error
        } else {
            &self.innererror
        }
    }
}

fn classify_fields(status: u16, fields: &ErrorFields) -> ApiErrorInfo {
    let code = non_empty_text(&fields.code);
    let error_type = non_empty_text(&fields.error_type);
    let inner = fields.inner_error();
    let inner_code = non_empty_text(inner.get("code").unwrap_or(&Value::Null));
    let moderation = &fields.moderation_details;
    let mut categories = string_list(moderation.get("categories"));
    if categories.is_empty() {
        categories = filtered_categories(inner);
    }

    let is_content_policy = [&code, &error_type, &inner_code]
        .into_iter()
        .flatten()
        .any(|text| is_content_policy_code(text))
        || !categories.is_empty()
        || is_blocked_resource(status, code.as_deref(), first_text([&fields.message, &fields.detail]));
    let is_quota = [&code, &error_type]
        .into_iter()
        .flatten()
        .any(|text| normalize(text) == "insufficientquota");

    let kind = if is_content_policy {
        ErrorKind::ContentPolicy
    } else {
        match kind_for_status(status, is_quota) {
            ErrorKind::Api => kind_for_code(code.as_deref(), error_type.as_deref(), is_quota),
            kind => kind,
        }
    };

    let message = first_text([&fields.message, &fields.detail])
        .map(|text| truncate_chars(text, MAX_MESSAGE_CHARS))
        .unwrap_or_else(|| message_without_text(status, code.as_deref()));

    ApiErrorInfo {
        name: error_name_for_status(status),
        kind,
        status,
        message,
        code,
        error_type,
        param: non_empty_text(&fields.param),
        moderation_stage: moderation.get("moderation_stage").and_then(owned_text),
        categories,
        revised_prompt: inner.get("revised_prompt").and_then(owned_text),
    }
}

fn kind_for_status(status: u16, is_quota: bool) -> ErrorKind {
    match status {
        400 => ErrorKind::BadRequest,
        401 => ErrorKind::Auth,
        403 => ErrorKind::Permission,
        404 => ErrorKind::NotFound,
        409 => ErrorKind::Conflict,
        410 => ErrorKind::ModelRetired,
        422 => ErrorKind::Unprocessable,
        429 if is_quota => ErrorKind::Quota,
        429 => ErrorKind::RateLimit,
        500.. => ErrorKind::Server,
        _ => ErrorKind::Api,
    }
}

/// The kind for an error whose status says nothing (0 inside a stream, or an unlisted status):
/// a few well-known codes still tell what happened.
fn kind_for_code(code: Option<&str>, error_type: Option<&str>, is_quota: bool) -> ErrorKind {
    if is_quota {
        return ErrorKind::Quota;
    }
    match (code.map(normalize).as_deref(), error_type.map(normalize).as_deref()) {
        (Some("ratelimitexceeded"), _) => ErrorKind::RateLimit,
        (Some("servererror"), _) | (_, Some("servererror" | "imagegenerationservererror")) => ErrorKind::Server,
        _ => ErrorKind::Api,
    }
}

/// `moderation_blocked`, `content_policy_violation`, Azure's `contentFilter` / `content_filter` and
/// `ResponsibleAIPolicyViolation`, in any case or separator style.
fn is_content_policy_code(text: &str) -> bool {
    matches!(
        normalize(text).as_str(),
        "moderationblocked" | "contentpolicyviolation" | "contentfilter" | "responsibleaipolicyviolation"
    )
}

/// Azure's 403 for a resource blocked over content policy:
/// `{"code": "Forbidden", "message": "Your resource has been temporarily blocked ... content policy"}`.
fn is_blocked_resource(status: u16, code: Option<&str>, message: Option<&str>) -> bool {
    let message = message.map(str::to_ascii_lowercase).unwrap_or_default();
    status == 403
        && code.is_some_and(|c| normalize(c) == "forbidden")
        && text::contains(&message, "blocked")
        && text::contains(&message, "content policy")
}

/// Lowercase and drop separators, so `contentFilter`, `content_filter` and `Content-Filter` compare equal.
fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Azure lists every category with a `filtered` flag; report the ones that fired.
/// Images use `content_filter_results`; the chat-style `innererror` uses `content_filter_result`.
fn filtered_categories(inner: &Value) -> Vec<String> {
    let results = inner
        .get("content_filter_results")
        .or_else(|| inner.get("content_filter_result"))
        .and_then(Value::as_object);
    let Some(results) = results else {
        return Vec::new();
    };
    results
        .iter()
        .filter(|(_, result)| result.get("filtered").and_then(Value::as_bool) == Some(true))
        .map(|(category, _)| category.clone())
        .take(MAX_CATEGORIES)
        .collect()
}

fn string_list(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(owned_text).take(MAX_CATEGORIES).collect())
        .unwrap_or_default()
}

/// A string (or a number, as Azure's `"code": 404` sometimes is) that is not empty.
fn non_empty_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        number @ Value::Number(_) => Some(json::message_text(number)),
        _ => None,
    }
}

fn owned_text(value: &Value) -> Option<String> {
    value.as_str().filter(|text| !text.is_empty()).map(str::to_owned)
}

fn first_text(candidates: [&Value; 2]) -> Option<&str> {
    candidates
        .into_iter()
        .filter_map(Value::as_str)
        .find(|text| !text.trim().is_empty())
}

/// A JSON error body without a message: say what we know.
fn message_without_text(status: u16, code: Option<&str>) -> String {
    let line = status_line(status);
    match code {
        Some(code) => format!("{line}: {}", truncate_chars(code, MAX_SNIPPET_CHARS)),
        None => format!("{line} (the error had no message)"),
    }
}

fn classify_non_json(status: u16, body: &[u8]) -> ApiErrorInfo {
    ApiErrorInfo {
        name: error_name_for_status(status),
        kind: kind_for_status(status, false),
        status,
        message: non_json_message(status, body),
        code: None,
        error_type: None,
        param: None,
        moderation_stage: None,
        categories: Vec::new(),
        revised_prompt: None,
    }
}

/// A message for a body that is not a JSON error, typically a proxy's HTML page. Only the start of
/// the body is read, and only a short, sanitised snippet of it (an HTML page's `<title>`) is kept.
fn non_json_message(status: u16, body: &[u8]) -> String {
    let line = status_line(status);
    let head = body.get(..MAX_SNIPPET_SCAN_BYTES).unwrap_or(body);
    let head = String::from_utf8_lossy(head);
    let hint = if status == 404 {
        "; check the base URL (or the Azure endpoint and deployment)"
    } else {
        ""
    };
    let trimmed = head.trim();
    if trimmed.is_empty() {
        return format!("{line} from the server or a proxy, with an empty body{hint}");
    }
    let (what, snippet) = if looks_like_html(trimmed) {
        ("the body was HTML, not JSON", html_title(trimmed).and_then(sanitize))
    } else {
        ("the body was not a JSON error", first_line(trimmed).and_then(sanitize))
    };
    match snippet.filter(|text| !text.eq_ignore_ascii_case(&line)) {
        Some(snippet) => format!("{line} from the server or a proxy ({what}: \"{snippet}\"){hint}"),
        None => format!("{line} from the server or a proxy ({what}){hint}"),
    }
}

fn looks_like_html(text: &str) -> bool {
    text.starts_with('<') || find_ascii_case_insensitive(text, "<html").is_some()
}

/// The text of the first `<title>` element, if the page has one near its start.
fn html_title(html: &str) -> Option<&str> {
    let open = find_ascii_case_insensitive(html, "<title")?;
    let after_open = html.get(open..)?;
    let content_start = open + after_open.find('>')? + 1;
    let content = html.get(content_start..)?;
    let end = find_ascii_case_insensitive(content, "</title").unwrap_or(content.len());
    content.get(..end)
}

fn first_line(text: &str) -> Option<&str> {
    text.lines().map(str::trim).find(|line| !line.is_empty())
}

/// Keep printable text only: no control characters, markup, or replacement characters from invalid
/// UTF-8; whitespace collapsed; cut to a short length. `None` when nothing readable is left.
fn sanitize(raw: &str) -> Option<String> {
    if raw.contains('<') {
        return None;
    }
    let cleaned = raw
        .chars()
        .filter(|&c| c != char::REPLACEMENT_CHARACTER && c != '>')
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>();
    let collapsed = text::joined(cleaned.split_whitespace(), " ");
    let text = truncate_chars(&collapsed, MAX_SNIPPET_CHARS);
    (!text.is_empty()).then_some(text)
}

/// ASCII case-insensitive `find` of an ASCII needle, so the offset is a char boundary in `haystack`.
fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    if needle.is_empty() {
        return Some(0);
    }
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
}

/// At most `max` chars, with an ellipsis when something was cut; never splits a character.
fn truncate_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or_default()),
        None => text.to_owned(),
    }
}

/// `"502 Bad Gateway"`, or `"HTTP 599"` for statuses without a well-known phrase.
fn status_line(status: u16) -> String {
    if status == 0 {
        return "API error".to_owned();
    }
    match reason_phrase(status) {
        Some(reason) => format!("{status} {reason}"),
        None => format!("HTTP {status}"),
    }
}

fn reason_phrase(status: u16) -> Option<&'static str> {
    Some(match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json_value as json;

    /// Everything empty but the classification, so a whole-struct comparison catches stray fields.
    fn expected(name: &'static str, kind: ErrorKind, status: u16) -> ApiErrorInfo {
        ApiErrorInfo {
            name,
            kind,
            status,
            message: String::new(),
            code: None,
            error_type: None,
            param: None,
            moderation_stage: None,
            categories: Vec::new(),
            revised_prompt: None,
        }
    }

    fn some(text: &str) -> Option<String> {
        Some(text.to_owned())
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| (*item).to_owned()).collect()
    }

    /// Classifies, checks the message, then blanks it for a whole-struct comparison.
    fn classify_expecting_message(status: u16, body: &str, message: &str) -> ApiErrorInfo {
        let mut info = classify_error(status, body.as_bytes());
        assert_eq!(info.message, message, "message for {body}");
        info.message.clear();
        info
    }

    // ---- bodies as the services send them (OpenAI, Azure OpenAI, proxies) ----

    const MODERATION_BLOCKED: &str = r#"{
      "error": {
        "message": "Your request was rejected by the safety system. If you believe this is an error, contact us at help.openai.com and include the request ID req_6a1f.",
        "type": "image_generation_user_error",
        "param": null,
        "code": "moderation_blocked",
        "moderation_details": {"moderation_stage": "input", "categories": ["sexual", "violence"]}
      }
    }"#;

    #[test]
    fn gpt_moderation_block_is_content_policy_with_stage_and_categories() {
        let info = classify_expecting_message(
            400,
            MODERATION_BLOCKED,
            "Your request was rejected by the safety system. If you believe this is an error, contact us at help.openai.com and include the request ID req_6a1f.",
        );
        assert_eq!(
            info,
            ApiErrorInfo {
                code: some("moderation_blocked"),
                error_type: some("image_generation_user_error"),
                moderation_stage: some("input"),
                categories: strings(&["sexual", "violence"]),
                ..expected("BadRequestError", ErrorKind::ContentPolicy, 400)
            }
        );
    }

    #[test]
    fn output_stage_moderation_block() {
        let body = r#"{"error":{"message":"Generated image was rejected by the safety system.","type":"image_generation_user_error","param":null,"code":"moderation_blocked","moderation_details":{"moderation_stage":"output","categories":[]}}}"#;
        let info = classify_error(400, body.as_bytes());
        assert_eq!(info.kind, ErrorKind::ContentPolicy);
        assert_eq!(info.moderation_stage, some("output"));
        assert!(info.categories.is_empty());
    }

    #[test]
    fn legacy_content_policy_violation() {
        let body = r#"{"error":{"code":"content_policy_violation","message":"Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.","param":null,"type":"invalid_request_error"}}"#;
        let info = classify_expecting_message(
            400,
            body,
            "Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.",
        );
        assert_eq!(
            info,
            ApiErrorInfo {
                code: some("content_policy_violation"),
                error_type: some("invalid_request_error"),
                ..expected("BadRequestError", ErrorKind::ContentPolicy, 400)
            }
        );
    }

    #[test]
    fn azure_legacy_policy_block_with_inner_error() {
        let body = r#"{
          "error": {
            "code": "content_policy_violation",
            "inner_error": {
              "code": "ResponsibleAIPolicyViolation",
              "content_filter_results": {
                "hate": {"filtered": false, "severity": "safe"},
                "jailbreak": {"detected": false, "filtered": false},
                "self_harm": {"filtered": false, "severity": "safe"},
                "sexual": {"filtered": false, "severity": "safe"},
                "violence": {"filtered": true, "severity": "medium"}
              },
              "revised_prompt": "A dramatic medieval battle scene with knights clashing swords."
            },
            "message": "Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.",
            "type": "invalid_request_error"
          }
        }"#;
        let info = classify_expecting_message(
            400,
            body,
            "Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.",
        );
        assert_eq!(
            info,
            ApiErrorInfo {
                code: some("content_policy_violation"),
                error_type: some("invalid_request_error"),
                categories: strings(&["violence"]),
                revised_prompt: some("A dramatic medieval battle scene with knights clashing swords."),
                ..expected("BadRequestError", ErrorKind::ContentPolicy, 400)
            }
        );
    }

    #[test]
    fn azure_content_filter_task_failed() {
        let body = r#"{"created": 1698435368, "error": {"code": "contentFilter", "message": "Your task failed as a result of our safety system."}}"#;
        let info = classify_expecting_message(400, body, "Your task failed as a result of our safety system.");
        assert_eq!(
            info,
            ApiErrorInfo {
                code: some("contentFilter"),
                ..expected("BadRequestError", ErrorKind::ContentPolicy, 400)
            }
        );
    }

    #[test]
    fn azure_content_filter_with_innererror() {
        let body = r#"{"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.","type":null,"param":"prompt","code":"content_filter","status":400,"innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"hate":{"filtered":false,"severity":"safe"},"jailbreak":{"detected":true,"filtered":true},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":true,"severity":"high"},"violence":{"filtered":false,"severity":"safe"}}}}}"#;
        let info = classify_expecting_message(
            400,
            body,
            "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.",
        );
        assert_eq!(
            info,
            ApiErrorInfo {
                code: some("content_filter"),
                param: some("prompt"),
                categories: strings(&["jailbreak", "sexual"]),
                ..expected("BadRequestError", ErrorKind::ContentPolicy, 400)
            }
        );
    }

    #[test]
    fn content_policy_wins_over_any_status() {
        let inner_only = r#"{"error":{"message":"blocked","code":"InvalidRequest","innererror":{"code":"ResponsibleAIPolicyViolation"}}}"#;
        for (status, body) in [(500, inner_only), (429, MODERATION_BLOCKED), (0, inner_only)] {
            let info = classify_error(status, body.as_bytes());
            assert_eq!(info.kind, ErrorKind::ContentPolicy, "{status} {body}");
            assert_eq!(info.name, error_name_for_status(status));
        }
    }

    #[test]
    fn content_policy_codes_in_any_case_or_separator_style() {
        for code in [
            "Content_Filter",
            "CONTENTFILTER",
            "content-filter",
            "Moderation_Blocked",
        ] {
            let body = json!({"error": {"message": "no", "code": code}}).to_string();
            assert_eq!(
                classify_error(400, body.as_bytes()).kind,
                ErrorKind::ContentPolicy,
                "{code}"
            );
        }
    }

    #[test]
    fn organization_not_verified_with_null_code() {
        let body = r#"{"error":{"message":"Your organization must be verified to use the model `gpt-image-1`. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization.","type":"invalid_request_error","param":null,"code":null}}"#;
        let info = classify_expecting_message(
            403,
            body,
            "Your organization must be verified to use the model `gpt-image-1`. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization.",
        );
        assert_eq!(
            info,
            ApiErrorInfo {
                error_type: some("invalid_request_error"),
                ..expected("PermissionDeniedError", ErrorKind::Permission, 403)
            }
        );
    }

    #[test]
    fn wrong_upload_mime_names_the_part() {
        let body = r#"{"error":{"message":"Invalid file 'image[0]': unsupported mimetype ('application/octet-stream'). Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.","type":"invalid_request_error","param":"image[0]","code":"unsupported_file_mimetype"}}"#;
        let mut info = classify_error(400, body.as_bytes());
        info.message.clear();
        assert_eq!(
            info,
            ApiErrorInfo {
                code: some("unsupported_file_mimetype"),
                error_type: some("invalid_request_error"),
                param: some("image[0]"),
                ..expected("BadRequestError", ErrorKind::BadRequest, 400)
            }
        );
    }

    #[test]
    fn mask_without_alpha() {
        let body = r#"{"error":{"message":"Invalid mask image format - mask image missing alpha channel","type":"invalid_request_error","param":null,"code":"invalid_mask_image_format"}}"#;
        let info = classify_expecting_message(
            400,
            body,
            "Invalid mask image format - mask image missing alpha channel",
        );
        assert_eq!(
            info,
            ApiErrorInfo {
                code: some("invalid_mask_image_format"),
                error_type: some("invalid_request_error"),
                ..expected("BadRequestError", ErrorKind::BadRequest, 400)
            }
        );
    }

    #[test]
    fn unknown_parameter_names_it() {
        let body = r#"{"error":{"message":"Unknown parameter: 'response_format'.","type":"invalid_request_error","param":"response_format","code":"unknown_parameter"}}"#;
        let info = classify_expecting_message(400, body, "Unknown parameter: 'response_format'.");
        assert_eq!(
            info,
            ApiErrorInfo {
                code: some("unknown_parameter"),
                error_type: some("invalid_request_error"),
                param: some("response_format"),
                ..expected("BadRequestError", ErrorKind::BadRequest, 400)
            }
        );
    }

    #[test]
    fn retired_model_as_404_and_as_400() {
        let body = r#"{"error":{"message":"The model `dall-e-3` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}"#;
        for (status, name, kind) in [
            (404, "NotFoundError", ErrorKind::NotFound),
            (400, "BadRequestError", ErrorKind::BadRequest),
        ] {
            let mut info = classify_error(status, body.as_bytes());
            info.message.clear();
            assert_eq!(
                info,
                ApiErrorInfo {
                    code: some("model_not_found"),
                    error_type: some("invalid_request_error"),
                    ..expected(name, kind, status)
                }
            );
        }
    }

    #[test]
    fn azure_wrong_route_with_string_and_numeric_code() {
        for body in [
            r#"{"error": {"code": "404", "message": "Resource not found"}}"#,
            r#"{"error": {"code": 404, "message": "Resource not found"}}"#,
        ] {
            let info = classify_expecting_message(404, body, "Resource not found");
            assert_eq!(
                info,
                ApiErrorInfo {
                    code: some("404"),
                    ..expected("NotFoundError", ErrorKind::NotFound, 404)
                }
            );
        }
    }

    #[test]
    fn rate_limit() {
        let body = r#"{"error":{"message":"Rate limit reached for gpt-image-1 in organization org-abc on images per minute (IPM): Limit 5, Used 5, Requested 1. Please try again in 12s.","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#;
        let mut info = classify_error(429, body.as_bytes());
        assert!(info.message.starts_with("Rate limit reached for gpt-image-1"));
        info.message.clear();
        assert_eq!(
            info,
            ApiErrorInfo {
                code: some("rate_limit_exceeded"),
                error_type: some("requests"),
                ..expected("RateLimitError", ErrorKind::RateLimit, 429)
            }
        );
    }

    #[test]
    fn insufficient_quota_by_type_or_code() {
        let both = r#"{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#;
        let type_only = r#"{"error":{"message":"You exceeded your current quota.","type":"insufficient_quota","param":null,"code":null}}"#;
        let code_only =
            r#"{"error":{"message":"You exceeded your current quota.","type":"requests","code":"insufficient_quota"}}"#;
        for body in [both, type_only, code_only] {
            let info = classify_error(429, body.as_bytes());
            assert_eq!(info.name, "RateLimitError", "{body}");
            assert_eq!(info.kind, ErrorKind::Quota, "{body}");
        }
        let info = classify_error(429, both.as_bytes());
        assert_eq!(info.code, some("insufficient_quota"));
        assert_eq!(info.error_type, some("insufficient_quota"));
    }

    #[test]
    fn empty_strings_are_absent() {
        let body = r#"{"error":{"message":"Billing hard limit has been reached","type":"invalid_request_error","param":"","code":""}}"#;
        let info = classify_expecting_message(400, body, "Billing hard limit has been reached");
        assert_eq!(
            info,
            ApiErrorInfo {
                error_type: some("invalid_request_error"),
                ..expected("BadRequestError", ErrorKind::BadRequest, 400)
            }
        );
    }

    #[test]
    fn other_envelopes_give_their_message() {
        let cases = [
            (401, r#"{"error":{"message":"Incorrect API key provided: sk-proj-****wxyz.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#, "Incorrect API key provided: sk-proj-****wxyz."),
            (401, r#"{ "statusCode": 401, "message": "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription." }"#, "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription."),
            (401, r#"{"error": "Invalid token"}"#, "Invalid token"),
            (422, r#"{"detail": "Unprocessable prompt"}"#, "Unprocessable prompt"),
            (409, r#"{"error":{"message":"Another request is modifying this resource.","type":"conflict","code":null}}"#, "Another request is modifying this resource."),
            (500, r#"{"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}}"#, "The server had an error while processing your request. Sorry about that!"),
            (500, r#""Internal Server Error""#, "Internal Server Error"),
            // A repeated key: the last value counts, as with `JSON.parse`.
            (400, r#"{"error":{"message":"first"},"error":{"message":"last"}}"#, "last"),
        ];
        for (status, body, message) in cases {
            let info = classify_error(status, body.as_bytes());
            assert_eq!(info.message, message, "{body}");
            assert_eq!(info.kind, kind_for_status(status, false), "{body}");
        }
    }

    #[test]
    fn json_that_is_not_an_error_object_is_shown_as_a_snippet() {
        for body in ["[1,2]", "5", "null", "true"] {
            let info = classify_error(502, body.as_bytes());
            assert_eq!(
                info.message,
                format!("502 Bad Gateway from the server or a proxy (the body was not a JSON error: \"{body}\")"),
            );
        }
    }

    #[test]
    fn names_and_kinds_for_every_status_class() {
        let cases = [
            (400, "BadRequestError", ErrorKind::BadRequest),
            (401, "AuthenticationError", ErrorKind::Auth),
            (403, "PermissionDeniedError", ErrorKind::Permission),
            (404, "NotFoundError", ErrorKind::NotFound),
            (409, "ConflictError", ErrorKind::Conflict),
            (422, "UnprocessableEntityError", ErrorKind::Unprocessable),
            (429, "RateLimitError", ErrorKind::RateLimit),
            (500, "InternalServerError", ErrorKind::Server),
            (503, "InternalServerError", ErrorKind::Server),
            (599, "InternalServerError", ErrorKind::Server),
            (402, "APIError", ErrorKind::Api),
            (408, "APIError", ErrorKind::Api),
            (418, "APIError", ErrorKind::Api),
            (302, "APIError", ErrorKind::Api),
            (0, "APIError", ErrorKind::Api),
        ];
        for (status, name, kind) in cases {
            let info = classify_error(status, br#"{"error":{"message":"x"}}"#);
            assert_eq!((info.name, info.kind), (name, kind), "{status}");
            assert_eq!(error_name_for_status(status), name);
        }
    }

    #[test]
    fn json_error_without_message_says_what_is_known() {
        let info = classify_error(400, br#"{"error":{"code":"bad_thing","message":null}}"#);
        assert_eq!(info.message, "400 Bad Request: bad_thing");
        let info = classify_error(503, b"{}");
        assert_eq!(info.message, "503 Service Unavailable (the error had no message)");
        let info = classify_error(0, br#"{"error":{"message":"   "}}"#);
        assert_eq!(info.message, "API error (the error had no message)");
    }

    #[test]
    fn api_messages_are_capped() {
        let long = "é".repeat(MAX_MESSAGE_CHARS * 3);
        let body = json!({"error": {"message": long}}).to_string();
        let info = classify_error(400, body.as_bytes());
        assert_eq!(info.message.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(info.message.ends_with('…'));
    }

    // ---- non-JSON bodies from proxies ----

    const NGINX_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    #[test]
    fn html_502_from_a_proxy() {
        let info = classify_error(502, NGINX_502.as_bytes());
        assert_eq!(
            info.message,
            "502 Bad Gateway from the server or a proxy (the body was HTML, not JSON)"
        );
        assert_eq!(
            ApiErrorInfo {
                message: String::new(),
                ..info
            },
            expected("InternalServerError", ErrorKind::Server, 502)
        );
    }

    #[test]
    fn html_title_is_kept_as_a_short_snippet() {
        let page = format!(
            "<!DOCTYPE html>\n<html lang=\"en-US\"><head><TITLE>api.example.com | 502: Bad\n gateway</TITLE><style>{}</style></head><body><script>alert(1)</script></body></html>",
            "body{margin:0}".repeat(5000)
        );
        let info = classify_error(502, page.as_bytes());
        assert_eq!(
            info.message,
            "502 Bad Gateway from the server or a proxy (the body was HTML, not JSON: \"api.example.com | 502: Bad gateway\")"
        );
    }

    #[test]
    fn html_without_title_and_untitled_markup_leak_nothing() {
        let page = format!("<html><body>{}</body></html>", "<p>secret layout</p>".repeat(1000));
        let info = classify_error(504, page.as_bytes());
        assert_eq!(
            info.message,
            "504 Gateway Timeout from the server or a proxy (the body was HTML, not JSON)"
        );
        let info = classify_error(502, b"<title><script>alert(1)</script></title>");
        assert!(!info.message.contains('<'), "{}", info.message);
    }

    #[test]
    fn empty_503() {
        for body in [&b""[..], b"  \r\n"] {
            let info = classify_error(503, body);
            assert_eq!(
                info.message,
                "503 Service Unavailable from the server or a proxy, with an empty body"
            );
            assert_eq!(info.kind, ErrorKind::Server);
            assert_eq!(info.name, "InternalServerError");
        }
    }

    #[test]
    fn plain_text_body_gives_its_first_line() {
        let info = classify_error(504, b"upstream request timeout\nsecond line");
        assert_eq!(
            info.message,
            "504 Gateway Timeout from the server or a proxy (the body was not a JSON error: \"upstream request timeout\")"
        );
        let info = classify_error(404, b"404 page not found");
        assert_eq!(
            info.message,
            "404 Not Found from the server or a proxy (the body was not a JSON error: \"404 page not found\"); check the base URL (or the Azure endpoint and deployment)"
        );
    }

    #[test]
    fn byte_order_mark_before_json_is_accepted() {
        let body = [
            crate::core::response::bom::UTF8_BOM.as_slice(),
            br#"{"error":{"message":"hi","code":"c"}}"#,
        ]
        .concat();
        let info = classify_error(400, &body);
        assert_eq!(info.message, "hi");
        assert_eq!(info.code, some("c"));
    }

    // ---- no panic, bounded messages, whatever arrives ----

    fn assert_bounded(info: &ApiErrorInfo) {
        assert!(
            info.message.chars().count() <= MAX_MESSAGE_CHARS + 1,
            "message too long: {} chars",
            info.message.chars().count()
        );
        assert!(!info.message.is_empty());
    }

    #[test]
    fn every_truncation_of_every_fixture_is_handled() {
        for body in [MODERATION_BLOCKED, NGINX_502, "é€😀<title>é€😀</title>"] {
            for cut in 0..=body.len() {
                let info = classify_error(502, body.as_bytes().get(..cut).unwrap_or_default());
                assert_bounded(&info);
                assert!(!info.message.contains("<hr>"), "{}", info.message);
            }
        }
    }

    #[test]
    fn invalid_utf8_and_random_garbage_are_handled() {
        let info = classify_error(500, b"\xff\xfe\xc3(\x80abc\xed\xa0\x80");
        assert_bounded(&info);
        assert!(!info.message.contains(char::REPLACEMENT_CHARACTER));
        let info = classify_error(400, b"{\"error\":{\"message\":\"bad \xff byte\"}}");
        assert_bounded(&info);

        // A fixed xorshift: the same "random" bodies on every run.
        let alphabet = b"{}[]\":,<>title/\\ \xff\xc3a0error";
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as usize
        };
        for _ in 0..2000 {
            let len = next() % 64;
            let body: Vec<u8> = (0..len)
                .filter_map(|_| alphabet.get(next() % alphabet.len()).copied())
                .collect();
            assert_bounded(&classify_error(429, &body));
        }
    }

    #[test]
    fn deeply_nested_input_is_refused_without_overflow() {
        let depth = 100_000;
        let arrays = "[".repeat(depth);
        assert_bounded(&classify_error(400, arrays.as_bytes()));
        let errors = format!("{}{}", r#"{"error":"#.repeat(depth), "}".repeat(depth));
        assert_bounded(&classify_error(400, errors.as_bytes()));
        let inner = format!(
            r#"{{"error":{{"message":"m","inner_error":{}1{}}}}}"#,
            r#"{"a":"#.repeat(depth),
            "}".repeat(depth)
        );
        assert_bounded(&classify_error(400, inner.as_bytes()));
    }

    #[test]
    fn huge_non_json_body_gives_a_short_message() {
        let body = vec![b'a'; 10 << 20];
        let info = classify_error(502, &body);
        assert!(info.message.len() < 300, "{}", info.message.len());
    }

    #[test]
    fn unexpected_field_types_do_not_fail_the_parse() {
        let body = r#"{"error":{"message":"m","type":7,"param":{"x":1},"code":true,"moderation_details":"odd","inner_error":[1]}}"#;
        let mut info = classify_error(400, body.as_bytes());
        assert_eq!(info.message, "m");
        info.message.clear();
        assert_eq!(
            info,
            ApiErrorInfo {
                error_type: some("7"),
                ..expected("BadRequestError", ErrorKind::BadRequest, 400)
            }
        );
    }

    // ---- errors inside a 200 body or an SSE stream ----

    #[test]
    fn stream_error_event_envelope() {
        let event = json!({
            "type": "error",
            "error": {
                "type": "image_generation_user_error",
                "code": "moderation_blocked",
                "message": "Your request was rejected by the safety system.",
                "param": null,
                "moderation_details": {"moderation_stage": "output", "categories": ["violence"]}
            }
        });
        let info = classify_error_value(0, &event);
        assert_eq!(
            info,
            ApiErrorInfo {
                message: "Your request was rejected by the safety system.".to_owned(),
                code: some("moderation_blocked"),
                error_type: some("image_generation_user_error"),
                moderation_stage: some("output"),
                categories: strings(&["violence"]),
                ..expected("APIError", ErrorKind::ContentPolicy, 0)
            }
        );
    }

    #[test]
    fn status_less_errors_take_their_kind_from_the_code() {
        let cases = [
            (
                json!({"code": "rate_limit_exceeded", "message": "slow down"}),
                ErrorKind::RateLimit,
            ),
            (
                json!({"type": "insufficient_quota", "message": "pay"}),
                ErrorKind::Quota,
            ),
            (json!({"type": "server_error", "message": "oops"}), ErrorKind::Server),
            (
                json!({"type": "image_generation_server_error", "code": "image_generation_failed", "message": "failed"}),
                ErrorKind::Server,
            ),
            (
                json!({"code": "contentFilter", "message": "filtered"}),
                ErrorKind::ContentPolicy,
            ),
            (json!({"code": "model_not_found", "message": "gone"}), ErrorKind::Api),
        ];
        for (error, kind) in cases {
            let info = classify_error_value(0, &error);
            assert_eq!((info.name, info.kind), ("APIError", kind), "{error}");
        }
    }

    #[test]
    fn error_values_of_any_shape() {
        let info = classify_error_value(0, &json!("Image generation failed"));
        assert_eq!(info.message, "Image generation failed");
        assert_eq!(info.kind, ErrorKind::Api);
        for odd in [json!(null), json!(42), json!([1, 2]), json!({})] {
            let info = classify_error_value(0, &odd);
            assert_eq!(info.message, "API error (the error had no message)", "{odd}");
        }
        let info = classify_error_value(500, &json!({"error": {"message": "boom"}}));
        assert_eq!(
            (info.name, info.kind, info.message.as_str()),
            ("InternalServerError", ErrorKind::Server, "boom")
        );
    }

    #[test]
    fn kind_strings_are_the_documented_ones() {
        let all = [
            (ErrorKind::Validation, "validation"),
            (ErrorKind::BadRequest, "bad_request"),
            (ErrorKind::Auth, "auth"),
            (ErrorKind::Permission, "permission"),
            (ErrorKind::NotFound, "not_found"),
            (ErrorKind::Conflict, "conflict"),
            (ErrorKind::Unprocessable, "unprocessable"),
            (ErrorKind::RateLimit, "rate_limit"),
            (ErrorKind::Quota, "quota"),
            (ErrorKind::Server, "server"),
            (ErrorKind::ContentPolicy, "content_policy"),
            (ErrorKind::Connection, "connection"),
            (ErrorKind::Timeout, "timeout"),
            (ErrorKind::Aborted, "aborted"),
            (ErrorKind::StreamIncomplete, "stream_incomplete"),
            (ErrorKind::Decode, "decode"),
            (ErrorKind::Api, "api"),
        ];
        for (kind, text) in all {
            assert_eq!(kind.as_str(), text);
        }
    }

    #[test]
    fn azure_gone_is_a_retired_model() {
        let body = r#"{"error":{"code":"ModelDeprecated","message":"The model 'gpt-image-1' for deployment 'img' was retired on 2026-10-23 and is no longer available."}}"#;
        let info = classify_error(410, body.as_bytes());
        assert_eq!(
            (info.name, info.kind, info.code.as_deref()),
            ("APIError", ErrorKind::ModelRetired, Some("ModelDeprecated"))
        );
        assert_eq!(ErrorKind::ModelRetired.as_str(), "model_retired");
    }

    #[test]
    fn azure_blocked_resource_is_content_policy() {
        let body = r#"{"error":{"code":"Forbidden","message":"Your resource has been temporarily blocked because we detected behavior that may violate our content policy."}}"#;
        let info = classify_error(403, body.as_bytes());
        assert_eq!(
            (info.name, info.kind),
            ("PermissionDeniedError", ErrorKind::ContentPolicy)
        );
        // Other 403s stay permission errors.
        let unverified =
            r#"{"error":{"code":"Forbidden","message":"Your organization must be verified to use this model."}}"#;
        assert_eq!(classify_error(403, unverified.as_bytes()).kind, ErrorKind::Permission);
        assert_eq!(classify_error(400, body.as_bytes()).kind, ErrorKind::BadRequest);
    }
}
