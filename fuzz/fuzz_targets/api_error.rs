//! API error body classification: any status, any body.
//!
//! Raw mode: two status bytes, then the body. Never panics; the name follows the status; the
//! message is bounded (never a whole body) and, for a body that is not JSON, carries no control
//! characters or markup. Generated mode (flag bit 0): an error object built with serde_json is
//! classified the same from its serialised bytes as from the value (`classify_error_value`).
#![no_main]

use imagegen_wasm::core::response::api_error::{classify_error, classify_error_value, error_name_for_status, ApiErrorInfo};
use imagegen_wasm_fuzz::{arbitrary_json, split_input};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

fn check_bounds(status: u16, info: &ApiErrorInfo) {
    assert_eq!(info.status, status);
    assert_eq!(info.name, error_name_for_status(status));
    assert!(info.message.chars().count() <= 2100, "message of {} chars", info.message.chars().count());
    assert!(!info.message.is_empty());
    assert!(info.categories.len() <= 32);
}

const WORDS: &[&str] = &[
    "error", "message", "detail", "type", "param", "code", "moderation_details", "moderation_stage", "categories",
    "inner_error", "innererror", "content_filter_results", "content_filter_result", "filtered", "revised_prompt",
    "moderation_blocked", "content_policy_violation", "contentFilter", "ResponsibleAIPolicyViolation",
    "insufficient_quota", "rate_limit_exceeded", "server_error", "Forbidden", "blocked content policy", "",
];

fuzz_target!(|data: &[u8]| {
    let (feed, payload) = split_input(data);
    let (status, body) = match payload {
        [a, b, rest @ ..] => (u16::from_le_bytes([*a, *b]), rest),
        _ => return,
    };
    let status = if feed.flags & 2 == 0 { [0, 400, 401, 403, 404, 410, 429, 500, 503][usize::from(status % 9)] } else { status };
    if feed.flags & 1 == 0 {
        let info = classify_error(status, body);
        check_bounds(status, &info);
        let text = String::from_utf8_lossy(body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body));
        let json = serde_json::from_str::<Value>(&text).is_ok();
        if !json {
            assert!(
                !info.message.chars().any(|c| c.is_control() || c == '<' || c == '\u{FFFD}'),
                "{:?}",
                info.message
            );
        }
        assert_eq!(classify_error(status, body), info, "deterministic");
        return;
    }
    let mut u = arbitrary::Unstructured::new(body);
    let Ok(mut inner) = arbitrary_json(&mut u, WORDS, 4) else { return };
    let value = match u.int_in_range(0..=2u8).unwrap_or(0) {
        0 => {
            let mut envelope = Map::new();
            envelope.insert("error".into(), inner);
            Value::Object(envelope)
        }
        1 => inner,
        _ => {
            if let Some(object) = inner.as_object_mut() {
                object.insert("message".into(), Value::String("x".into()));
            }
            inner
        }
    };
    if !value.is_object() {
        return;
    }
    let bytes = serde_json::to_vec(&value).unwrap_or_default();
    let from_bytes = classify_error(status, &bytes);
    check_bounds(status, &from_bytes);
    // serde_json's default float parsing may be one ulp off: compare with the value read back.
    let reread: Value = serde_json::from_slice(&bytes).expect("serde_json reads what it wrote");
    assert_eq!(from_bytes, classify_error_value(status, &reread.into()), "{value}");
});
