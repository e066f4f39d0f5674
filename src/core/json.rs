//! Parsing JSON text, by a parser the caller hands in.
//!
//! The core reads JSON text in four places (an images response's skeleton, a stream event, an
//! error body, a model list). Natively, and in the tests and fuzz targets, that is serde_json's
//! parser ([`parse`]). The browser build passes the engine's own `JSON.parse` instead: it is
//! already there, and serde_json's parser was 8.4 KB of the gzipped package (145.9 → 137.5 KB by
//! `node tests/size/budget.mjs`, 2026-12-02). Both read the same texts the same way (held to each
//! other in the browser tests, `web::plain`).

use serde_json::{Map, Value};

/// Parses UTF-8 JSON text into a value; `Err` says why the text is not JSON.
pub type JsonParser = fn(&[u8]) -> Result<Value, String>;

/// serde_json's parser.
///
/// # Errors
/// When `text` is not JSON.
pub fn parse(text: &[u8]) -> Result<Value, String> {
    serde_json::from_slice(text).map_err(|e| e.to_string())
}

/// `object` with only the entries `keep` accepts. Rebuilt by insertion rather than with
/// `retain` or `remove`: those link the B-tree's rebalancing code (4 KB of wasm) for maps this small.
pub fn filtered(object: Map<String, Value>, keep: impl Fn(&str, &Value) -> bool) -> Map<String, Value> {
    let mut kept = Map::new();
    for (key, value) in object {
        if keep(&key, &value) {
            kept.insert(key, value);
        }
    }
    kept
}

/// Takes the value at `key` out of `object`, leaving null there: `remove` without the B-tree's
/// rebalancing code, for maps read once and dropped.
pub fn take(object: &mut Map<String, Value>, key: &str) -> Option<Value> {
    object.get_mut(key).map(Value::take)
}
