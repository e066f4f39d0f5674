//! JSON text in and out, by a parser and a writer the caller hands in.
//!
//! The core reads JSON text in four places (an images response's skeleton, a stream event, an
//! error body, a model list) and writes it in three (a JSON body, a JSON edit, multipart fields
//! that are not strings). Natively, and in the tests and fuzz targets, that is serde_json
//! ([`parse`], [`write`]). The browser build passes the engine's own `JSON.parse` and
//! `JSON.stringify` instead: they are already there, and serde_json's parser was 8.4 KB of the
//! gzipped package, its writer with float printing 3.6 KB (`node tests/size/budget.mjs`,
//! 2026-12-02). Both read and write the same texts the same way (held to each other in the
//! browser tests, `web::plain`).

pub use crate::core::value::{Map, Value};

/// Parses UTF-8 JSON text into a value; `Err` says why the text is not JSON.
pub type JsonParser = fn(&[u8]) -> Result<Value, String>;

/// Writes a value as JSON text.
pub type JsonWriter = fn(&Value) -> String;

/// serde_json's parser. Bytes that are not UTF-8 read as U+FFFD, as `Response.json()` reads them
/// (every parser of a body's text does the same: see `web::plain::parse_json`).
///
/// # Errors
/// When `text` is not JSON.
pub fn parse(text: &[u8]) -> Result<Value, String> {
    serde_json::from_str::<serde_json::Value>(&String::from_utf8_lossy(text))
        .map(Value::from)
        .map_err(|e| e.to_string())
}

/// serde_json's writer.
pub fn write(value: &Value) -> String {
    serde_json::Value::from(value).to_string()
}

/// A JSON object built field by field: how the core's results (`ModelInfo`, cost estimates) become
/// the plain objects JS sees. Written out rather than derived with serde, whose serializer for
/// those types was 4 KB of the gzipped package (`node tests/size/budget.mjs`, 2026-12-02).
#[derive(Debug, Default)]
pub struct Fields(Map);

impl Fields {
    /// Sets `key` (camelCase, as JS sees it).
    pub fn set(&mut self, key: &str, value: Value) {
        self.0.insert(key.to_owned(), value);
    }

    /// Sets `key` when there is a value: absent fields are left out, not null.
    pub fn set_some(&mut self, key: &str, value: Option<Value>) {
        if let Some(value) = value {
            self.set(key, value);
        }
    }

    /// The object.
    pub fn into_value(self) -> Value {
        Value::Object(self.0)
    }
}

/// A value as a message shows it, like its JSON text (`"auto"`, `2`, `0.5`, `true`) but written
/// here, so messages link neither serde_json's writer nor float printing: integers exactly, other
/// numbers to six decimals, strings quoted with `"`, `\` and control characters escaped; arrays and
/// objects by their kind.
pub fn message_text(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => match value.as_i64() {
            Some(int) => int.to_string(),
            None => decimal_text(*number),
        },
        Value::String(text) => quoted(text),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// `float` to at most six decimals; beyond the range of whole numbers held exactly, a word.
fn decimal_text(float: f64) -> String {
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if !float.is_finite() || float.abs() >= EXACT {
        return "a very large number".into();
    }
    let millionths = (float.abs() * 1e6).round() as u64;
    let (whole, fraction) = (millionths / 1_000_000, millionths % 1_000_000);
    let sign = if float < 0.0 && millionths > 0 { "-" } else { "" };
    match fraction {
        0 => format!("{sign}{whole}"),
        _ => {
            let digits = format!("{fraction:06}");
            format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
        }
    }
}

/// `text` in double quotes, escaped as JSON escapes it, and characters that show as nothing (DEL,
/// C1 controls, zero-width and direction marks, the BOM) as `\uXXXX` too: in a message such as
/// `model "gpt-image-2​" is not in the table` a hidden character must not hide.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || is_invisible(c) => {
                let code = c as u32;
                out.push_str("\\u");
                for shift in [12, 8, 4, 0] {
                    out.push(char::from_digit((code >> shift) & 0xf, 16).unwrap_or('0'));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters that print as nothing or change what follows, by code point (no Unicode tables).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{7f}'..='\u{9f}'
            | '\u{ad}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json_value as json;

    #[test]
    fn messages_show_values_as_their_json_text() {
        for value in [
            json!(null),
            json!(true),
            json!(2),
            json!(-7),
            json!(9_007_199_254_740_992u64),
            json!(0.5),
            json!(-12.25),
            json!(1536.5),
            json!("auto"),
            json!("say \"hi\"\\ \n\t\r \u{1}\u{8}\u{c}\u{1f} caf\u{e9} \u{1f600}"),
            json!(""),
        ] {
            assert_eq!(message_text(&value), write(&value), "{value:?}");
        }
    }

    #[test]
    fn hidden_characters_show_as_escapes() {
        assert_eq!(quoted("gpt-image-2\u{200b}"), r#""gpt-image-2\u200b""#);
        assert_eq!(
            quoted("\u{feff}a\u{7f}\u{85}\u{202e}b\u{ad}"),
            r#""\ufeffa\u007f\u0085\u202eb\u00ad""#
        );
        // Visible text, accents and emoji stay as they are.
        assert_eq!(quoted("café 😀 日本"), "\"café 😀 日本\"");
        // The escapes read back as the same string.
        let text = "x\u{2060}\u{1}y\u{2069}";
        assert_eq!(serde_json::from_str::<String>(&quoted(text)).unwrap(), text);
    }

    #[test]
    fn other_numbers_show_six_decimals_at_most() {
        assert_eq!(message_text(&json!(0.1)), "0.1");
        assert_eq!(message_text(&json!(1.0 / 3.0)), "0.333333");
        assert_eq!(message_text(&json!(-0.0000001)), "0");
        assert_eq!(message_text(&json!(2.0)), "2");
        assert_eq!(message_text(&json!(1e300)), "a very large number");
        assert_eq!(message_text(&json!([1])), "an array");
        assert_eq!(message_text(&json!({"a": 1})), "an object");
    }
}
