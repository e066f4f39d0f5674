//! Plain data across the boundary: JS values in as JSON values (params, options, model rows), JSON
//! text parsed by the engine, Rust data out as plain JS objects.
//!
//! Written against js-sys rather than through serde-wasm-bindgen: the core reads JSON values either
//! way, and a generic serde bridge cost 4.7 KB gzip of the bundle (3.6 KB wasm, 1.1 KB glue) for two conversions (measured with
//! `node tests/size/budget.mjs`, 2026-12-02). The rules follow serde-wasm-bindgen's, so nothing a
//! caller passed reads differently: `undefined` and `null` become null, and so do NaN and the infinities.

use js_sys::{Array, Object, Reflect, Symbol, JSON};
use wasm_bindgen::{JsCast, JsValue};

use crate::core::json::{Map, Value};
use crate::web::js::{array_from, describe, is_array, own_entries};

/// Deeper than any params or model row needs; also where an object that contains itself stops.
const MAX_DEPTH: usize = 32;
/// JSON text nests at most as deep as serde_json's parser allows, so both read the same texts.
const MAX_TEXT_DEPTH: usize = 128;

/// Why a JS value is not read as JSON: the issue's code (`invalid_type`, or `unreadable` when the
/// caller's own code threw: a getter, a proxy's trap) and its message.
#[derive(Debug)]
pub(crate) struct ReadError {
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

impl ReadError {
    /// The caller's code threw while `field` was read.
    pub(crate) fn thrown(field: &str, thrown: &JsValue) -> ReadError {
        ReadError {
            code: "unreadable",
            message: format!("{field} could not be read: reading it threw {}", describe(thrown)),
        }
    }

    /// This error as an issue of `field`.
    pub(crate) fn issue(self, field: &str) -> crate::core::issue::Issue {
        crate::core::issue::Issue::error(field.to_owned(), self.code, self.message)
    }
}

/// `value` as a JSON value; `Err` names the first part that is not plain data, by its path from
/// `path` (e.g. `params.size`, `options.azure.endpoint`), and says what it is.
pub(crate) fn json_from_js(value: &JsValue, path: &str) -> Result<Value, ReadError> {
    read(value, path, 0, MAX_DEPTH)
}

/// The core's [`JsonParser`](crate::core::json::JsonParser) in the browser: the engine's
/// `JSON.parse`, so serde_json's parser stays out of the bundle. Bytes that are not UTF-8 read as
/// U+FFFD, as `Response.json()` reads them (Rust's lossy decoding replaces the same spans as the
/// engine's `TextDecoder`). The error says only that the text is not JSON: the engine's message
/// quotes the text, which may hold the caller's prompt.
pub(crate) fn parse_json(text: &[u8]) -> Result<Value, String> {
    let not_json = || "the text is not valid JSON".to_owned();
    let value = JSON::parse(&String::from_utf8_lossy(text)).map_err(|_| not_json())?;
    // Parsed text holds only plain data, so depth is the one thing `read` can refuse.
    read(&value, "", 0, MAX_TEXT_DEPTH)
        .map_err(|_| format!("the JSON is nested more than {MAX_TEXT_DEPTH} levels deep"))
}

fn read(value: &JsValue, path: &str, depth: usize, max_depth: usize) -> Result<Value, ReadError> {
    let invalid = |message| ReadError {
        code: "invalid_type",
        message,
    };
    if value.is_null() || value.is_undefined() {
        return Ok(Value::Null);
    }
    if let Some(flag) = value.as_bool() {
        return Ok(Value::Bool(flag));
    }
    if let Some(number) = value.as_f64() {
        // NaN and the infinities, which JSON cannot hold, read as null (as serde-wasm-bindgen reads them).
        return Ok(Value::from(number));
    }
    if let Some(text) = value.as_string() {
        return Ok(Value::String(text));
    }
    let shape = shape_of(value).map_err(|thrown| ReadError::thrown(path, &thrown))?;
    if !matches!(shape, Shape::Other) && depth == max_depth {
        return Err(invalid(format!(
            "{path} is nested more than {max_depth} levels deep (or contains itself)"
        )));
    }
    match shape {
        Shape::Array(array) => {
            let mut items = Vec::with_capacity(array.length() as usize);
            for (i, item) in array.iter().enumerate() {
                items.push(read(&item, &format!("{path}[{i}]"), depth + 1, max_depth)?);
            }
            Ok(Value::Array(items))
        }
        Shape::Object(entries) => {
            let mut read_entries = Vec::with_capacity(entries.length() as usize);
            for entry in entries.iter() {
                let entry: Array = entry.unchecked_into();
                let key = entry.get(0).as_string().unwrap_or_default();
                let item = read(&entry.get(1), &format!("{path}.{key}"), depth + 1, max_depth)?;
                read_entries.push((key, item));
            }
            // A JS object's own keys are unique.
            Ok(Value::Object(Map::from_unique(read_entries)))
        }
        Shape::Other => Err(invalid(format!(
            "{path} is {}: only strings, numbers, booleans, null, arrays and plain objects are read here",
            what_it_is(value)
        ))),
    }
}

/// A JS value that is not a primitive, taken apart by the engine into arrays of our own, so what
/// is read next runs none of the caller's code.
enum Shape {
    /// An array's items (holes as `undefined`).
    Array(Array),
    /// A plain object's own enumerable `[key, value]` pairs.
    Object(Array),
    /// Anything else (a function, a `Map`, a typed array, ...).
    Other,
}

/// The value's shape; `Err` is what the caller's code threw (a getter, a proxy's trap). An object
/// is read by its own enumerable keys when it is not iterable (a `Map`, `Set` or typed array, whose
/// contents are not in its keys) and not a function.
fn shape_of(value: &JsValue) -> Result<Shape, JsValue> {
    if is_array(value)? {
        return Ok(Shape::Array(array_from(value)?));
    }
    if value.is_object() && !Reflect::has(value, &Symbol::iterator())? {
        return Ok(Shape::Object(own_entries(value)?));
    }
    Ok(Shape::Other)
}

fn what_it_is(value: &JsValue) -> &'static str {
    if value.is_function() {
        "a function"
    } else if value.is_symbol() {
        "a symbol"
    } else if value.is_bigint() {
        "a BigInt (JSON has no BigInt: pass a number)"
    } else if value.is_object() {
        "an iterable object (a Map, Set, array buffer view or the like)"
    } else {
        "not plain data"
    }
}

/// The core's [`JsonWriter`](crate::core::json::JsonWriter) in the browser: the engine's
/// `JSON.stringify`, so serde_json's writer stays out of the bundle.
pub(crate) fn json_text(value: &Value) -> String {
    JSON::stringify(&js_from_json(value))
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

/// A JSON value as the JS value `JSON.parse` would give for its text.
pub(crate) fn js_from_json(value: &Value) -> JsValue {
    match value {
        Value::Null => JsValue::NULL,
        Value::Bool(flag) => JsValue::from_bool(*flag),
        Value::Number(number) => JsValue::from_f64(*number),
        Value::String(text) => JsValue::from_str(text),
        Value::Array(items) => items.iter().map(js_from_json).collect::<Array>().into(),
        // `Object.fromEntries` defines own properties, as `JSON.parse` does: setting them one by one
        // would hand a `__proto__` key to the prototype's setter, and its value would be lost.
        Value::Object(map) => {
            let entries: Array = map
                .iter()
                .map(|(key, item)| Array::of2(&JsValue::from_str(key), &js_from_json(item)))
                .collect();
            Object::from_entries(&entries).unwrap_or_default().into()
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::parse_json;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    /// The core is tested natively with serde_json's parser; in the browser it gets this one.
    fn serde(text: &[u8]) -> Result<crate::core::json::Value, String> {
        crate::core::json::parse(text)
    }

    #[wasm_bindgen_test]
    fn the_engine_reads_json_texts_as_serde_json_does() {
        let deep = |levels: usize| format!("{}{}", "[".repeat(levels), "]".repeat(levels));
        let texts = [
            r#"{"created":1764633600,"data":[{"b64_json":0,"revised_prompt":"a \"cat\", caf\u00e9 \ud83d\ude00 \/ \\"}],"usage":{"total_tokens":4172,"input_tokens":12,"output_tokens":4160,"input_tokens_details":{"text_tokens":12,"image_tokens":0}}}"#.to_owned(),
            r#"{"error":{"message":"Your request was rejected","type":"image_generation_user_error","param":null,"code":"moderation_blocked"}}"#.to_owned(),
            r#"{"type":"image_generation.partial_image","partial_image_index":1,"b64_json":0,"background":"opaque","size":"1024x1024"}"#.to_owned(),
            " \t\r\n{ \"a\" : [ 1 , -7 , 0.5 , -12.25 , 1e-3 , true , false , null , { } , [ ] ] } \n".to_owned(),
            r#"{"a":1,"a":2,"b":{"a":3}}"#.to_owned(),
            r#""\b\f\n\r\t\u0000\u001f""#.to_owned(),
            "9007199254740991".to_owned(),
            "\"Internal Server Error\"".to_owned(),
            deep(100),
        ];
        for text in &texts {
            assert_eq!(parse_json(text.as_bytes()), serde(text.as_bytes()), "{text}");
        }
        let not_json: [&[u8]; 13] = [
            b"",
            b"   ",
            b"{",
            b"[1,]",
            b"{'a':1}",
            b"{\"a\":1} x",
            b"NaN",
            b"01",
            b"\"\\x\"",
            b"\"tab\tinside\"",
            b"\xff\xfe{}",
            b"<html><body>Bad Gateway</body></html>",
            b"\xef\xbb\xbf{}",
        ];
        for text in not_json.iter().copied().chain([deep(200).as_bytes()]) {
            assert!(serde(text).is_err(), "serde_json read {text:?}");
            assert!(parse_json(text).is_err(), "the engine read {text:?}");
        }
    }

    /// Text that is not UTF-8 reads as `Response.json()` reads it: each bad span a U+FFFD, the same
    /// spans as the engine's `TextDecoder` replaces (a truncated sequence is one, an overlong one a
    /// U+FFFD per byte). It failed the whole response.
    #[wasm_bindgen_test]
    fn text_that_is_not_utf8_reads_as_the_engine_decodes_it() {
        let bad: [&[u8]; 6] = [
            b"\xc3",
            b"\xf0\x9f\x98",
            b"\xe0\x80\xaf",
            b"\xff\xfe",
            b"\xed\xa0\x80",
            b"a\x80b",
        ];
        let decode = js_sys::Function::new_with_args("bytes", "return new TextDecoder().decode(bytes)");
        for bytes in bad {
            let text = [&b"{\"revised_prompt\":\""[..], bytes, b"\"}"].concat();
            let engine = decode
                .call1(&JsValue::NULL, &js_sys::Uint8Array::from(&text[..]))
                .unwrap();
            let want = serde(engine.as_string().unwrap().as_bytes()).unwrap();
            assert_eq!(parse_json(&text), Ok(want.clone()), "{bytes:?}");
            assert_eq!(serde(&text), Ok(want), "{bytes:?}");
        }
    }

    /// Request bodies and form fields are written by `JSON.stringify`; they must say what
    /// serde_json's text says (the order of keys may differ: integer-like keys come first in JS).
    #[wasm_bindgen_test]
    fn the_engine_writes_values_as_serde_json_does() {
        let values = [
            crate::json_value!({"model": "gpt-image-2", "prompt": "a \"cat\"\n\u{1} caf\u{e9} \u{1f600} </script>", "n": 2, "output_compression": 80, "stream": true, "partial_images": 0, "user": null}),
            crate::json_value!({"metadata": {"10": "x", "2": [1.5, -0.25, 1e21, 1e-7, 9007199254740991_i64], "a": {}}, "images": [{"image_url": "https://example.com/a.png"}], "mask": {"file_id": "file-1"}}),
            crate::json_value!(2),
            crate::json_value!(0.1),
            crate::json_value!(true),
            crate::json_value!([]),
        ];
        for value in &values {
            let text = super::json_text(value);
            assert_eq!(serde(text.as_bytes()).unwrap(), *value, "{text}");
        }
        assert_eq!(super::json_text(&values[2]), "2");
        assert_eq!(super::json_text(&crate::json_value!("hi")), "\"hi\"");
    }

    /// A `__proto__` key is an own property, as `JSON.parse` makes it: a request body keeps it, and
    /// no object gets another prototype. Setting it as any other key lost it (the prototype's setter
    /// took the value).
    #[wasm_bindgen_test]
    fn a_proto_key_stays_an_own_property() {
        let text = r#"{"__proto__":{"polluted":true},"n":1}"#;
        let value = crate::json_value!({"__proto__": {"polluted": true}, "n": 1});
        assert_eq!(super::json_text(&value), text);
        let object = super::js_from_json(&value);
        let plain = js_sys::Object::new();
        assert_eq!(
            JsValue::from(js_sys::Object::get_prototype_of(&object)),
            JsValue::from(js_sys::Object::get_prototype_of(&plain))
        );
        assert!(js_sys::Object::has_own(
            object.unchecked_ref::<js_sys::Object>(),
            &"__proto__".into()
        ));
        assert_eq!(parse_json(text.as_bytes()).unwrap(), value);
    }

    /// A reply of 300,000 keys (a 4.5 MB body, about what the decoder lets through besides images)
    /// reads whole, and at once: inserting the keys one by one, each checked against the others,
    /// froze the page for minutes (27 s for 100,000 here), past the test runner's 60 s timeout.
    #[wasm_bindgen_test]
    fn an_object_of_many_keys_reads_whole() {
        let keys = 300_000;
        let value = parse_json(crate::core::value::wide_object_text(keys).as_bytes()).unwrap();
        let map = value.as_object().unwrap();
        assert_eq!(map.len(), keys);
        assert_eq!(map.get("k299999"), Some(&crate::core::json::Value::Number(299_999.0)));
    }

    /// A whole number written as a float is that number (JS has one number type), and the engine's
    /// message never quotes the text (its own message would).
    #[wasm_bindgen_test]
    fn whole_floats_read_as_integers_and_errors_quote_nothing() {
        assert_eq!(parse_json(b"[2.0, 1e2, -0]").unwrap(), crate::json_value!([2, 100, 0]));
        let error = parse_json(b"{\"prompt\": \"my secret prompt\" oops}").unwrap_err();
        assert!(!error.contains("secret"), "{error}");
    }
}
