//! Plain data across the boundary: JS values in as JSON values (params, options, model rows), Rust
//! data out as plain JS objects.
//!
//! Written against js-sys rather than through serde-wasm-bindgen: the core reads JSON values either
//! way, and a generic serde bridge cost 4.7 KB gzip of the bundle (3.6 KB wasm, 1.1 KB glue) for two conversions (measured with
//! `node tests/size/budget.mjs`, 2026-12-02). The rules follow serde-wasm-bindgen's, so nothing a
//! caller passed reads differently: `undefined` and `null` become null, safe integers integers.

use js_sys::{Array, Object, Reflect, Symbol, JSON};
use serde_json::{Map, Number, Value};
use wasm_bindgen::{JsCast, JsValue};

/// Deeper than any params or model row needs; also where an object that contains itself stops.
const MAX_DEPTH: usize = 32;

/// `value` as a JSON value; `Err` names the first part that is not plain data, by its path from
/// `path` (e.g. `params.size`, `options.azure.endpoint`), and says what it is.
pub(crate) fn json_from_js(value: &JsValue, path: &str) -> Result<Value, String> {
    read(value, path, 0)
}

fn read(value: &JsValue, path: &str, depth: usize) -> Result<Value, String> {
    if value.is_null() || value.is_undefined() {
        return Ok(Value::Null);
    }
    if let Some(flag) = value.as_bool() {
        return Ok(Value::Bool(flag));
    }
    if let Some(number) = value.as_f64() {
        return Ok(json_number(number));
    }
    if let Some(text) = value.as_string() {
        return Ok(Value::String(text));
    }
    let nested = Array::is_array(value) || is_plain_object(value);
    if nested && depth == MAX_DEPTH {
        return Err(format!(
            "{path} is nested more than {MAX_DEPTH} levels deep (or contains itself)"
        ));
    }
    if Array::is_array(value) {
        let array: &Array = value.unchecked_ref();
        let mut items = Vec::with_capacity(array.length() as usize);
        for (i, item) in array.iter().enumerate() {
            items.push(read(&item, &format!("{path}[{i}]"), depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    if is_plain_object(value) {
        let mut map = Map::new();
        for entry in Object::entries(value.unchecked_ref()).iter() {
            let entry: Array = entry.unchecked_into();
            let key = entry.get(0).as_string().unwrap_or_default();
            let item = read(&entry.get(1), &format!("{path}.{key}"), depth + 1)?;
            map.insert(key, item);
        }
        return Ok(Value::Object(map));
    }
    Err(format!(
        "{path} is {}: only strings, numbers, booleans, null, arrays and plain objects are read here",
        what_it_is(value)
    ))
}

/// As serde-wasm-bindgen reads numbers: safe integers as integers, other finite numbers as floats,
/// NaN and the infinities (which JSON cannot hold) as null.
fn json_number(number: f64) -> Value {
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    if number.fract() == 0.0 && number.abs() <= MAX_SAFE {
        return Value::Number(Number::from(number as i64));
    }
    Number::from_f64(number).map_or(Value::Null, Value::Number)
}

/// An object read by its own enumerable keys: not a function, and not an iterable (a `Map`, `Set`
/// or typed array, whose contents are not in its keys).
fn is_plain_object(value: &JsValue) -> bool {
    value.is_object() && !Reflect::has(value, &Symbol::iterator()).unwrap_or(false)
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

/// Rust data out as a plain JS object (`None` as null), by way of JSON text: the serializer is
/// the one request bodies already use, and `JSON.parse` is the engine's fastest object builder.
pub(crate) fn to_plain_js<T: serde::Serialize + ?Sized>(value: &T) -> JsValue {
    serde_json::to_string(value)
        .ok()
        .and_then(|text| JSON::parse(&text).ok())
        .unwrap_or(JsValue::UNDEFINED)
}
