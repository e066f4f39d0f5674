//! JSON values as the core reads and builds them: params, options, response skeletons, error
//! bodies, the objects JS gets back.
//!
//! Our own type rather than `serde_json::Value`, whose objects are B-trees: with their insertion,
//! rebalancing, cloning and dropping code it was 4.1 KB of the gzipped package, for maps of a
//! dozen keys (112.0 → 107.9 KB, `node tests/size/budget.mjs`, 2026-12-03). Here an object is a list of entries in insertion
//! order, as a JS object keeps its (string) keys, and a number is an `f64`, as in JS. serde_json
//! stays the native parser and writer (tests, fuzz targets), through the `From` conversions below.

use std::ops::Index;

/// A JSON value.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Value {
    /// `null` (and JS `undefined`).
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number: finite, as JSON numbers are.
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object.
    Object(Map),
}

/// Whole numbers up to this size are held exactly by an `f64` (2^53).
const EXACT: f64 = 9_007_199_254_740_992.0;

static NULL: Value = Value::Null;

impl Value {
    /// The string, when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    /// The number, when this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(number) => Some(*number),
            _ => None,
        }
    }

    /// The number, when this is a whole one held exactly.
    pub fn as_i64(&self) -> Option<i64> {
        let number = self.as_f64()?;
        (number.fract() == 0.0 && number.abs() <= EXACT).then_some(number as i64)
    }

    /// The number, when this is a whole, non-negative one held exactly.
    pub fn as_u64(&self) -> Option<u64> {
        self.as_i64().and_then(|int| u64::try_from(int).ok())
    }

    /// The flag, when this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(flag) => Some(*flag),
            _ => None,
        }
    }

    /// The items, when this is an array.
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The entries, when this is an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The entries, to change, when this is an object.
    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Whether this is a string.
    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    /// Whether this is a number.
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Number(_))
    }

    /// Whether this is a whole, non-negative number held exactly.
    pub fn is_u64(&self) -> bool {
        self.as_u64().is_some()
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// The value at `key`, when this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object().and_then(|map| map.get(key))
    }
}

/// `value["key"]`: null when absent or when this is no object, as serde_json's index is.
impl Index<&str> for Value {
    type Output = Value;

    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&NULL)
    }
}

/// `value[i]`: null when absent or when this is no array.
impl Index<usize> for Value {
    type Output = Value;

    fn index(&self, i: usize) -> &Value {
        self.as_array().and_then(|items| items.get(i)).unwrap_or(&NULL)
    }
}

/// Whether this is the string `text`.
impl PartialEq<&str> for Value {
    fn eq(&self, text: &&str) -> bool {
        self.as_str() == Some(*text)
    }
}

/// Whether this is the number `int`.
impl PartialEq<i32> for Value {
    fn eq(&self, int: &i32) -> bool {
        self.as_f64() == Some(f64::from(*int))
    }
}

/// As JSON text (serde_json's writer: native code and tests).
impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        serde_json::Value::from(self).fmt(f)
    }
}

/// A JSON object: entries in insertion order, keys unique.
#[derive(Debug, Clone, Default)]
pub struct Map {
    entries: Vec<(String, Value)>,
}

/// Equal when they hold the same keys with equal values, in whatever order (as JSON objects are).
impl PartialEq for Map {
    fn eq(&self, other: &Map) -> bool {
        self.len() == other.len() && self.iter().all(|(key, value)| other.get(key) == Some(value))
    }
}

impl Map {
    /// An empty object.
    pub fn new() -> Self {
        Self::default()
    }

    /// The object of `entries`, whose keys are unique (a JS object's, a parsed one's): taken as
    /// they are, where inserting one by one would compare every key with every other, which a
    /// server's reply of 100,000 keys would turn into minutes.
    pub fn from_unique(entries: Vec<(String, Value)>) -> Self {
        Map { entries }
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value at `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value at `key`, to change.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Whether `key` is there.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets `key`: in its place when it is there (as JS assignment does), else at the end.
    pub fn insert(&mut self, key: String, value: Value) {
        match self.get_mut(&key) {
            Some(slot) => *slot = value,
            None => self.entries.push((key, value)),
        }
    }

    /// Takes out the value at `key`.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let at = self.entries.iter().position(|(k, _)| k == key)?;
        Some(self.entries.remove(at).1)
    }

    /// Keeps only the entries `keep` accepts.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &Value) -> bool) {
        self.entries.retain(|(k, v)| keep(k, v));
    }

    /// The entries, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.entries.iter().map(|(k, _)| k)
    }
}

impl IntoIterator for Map {
    type Item = (String, Value);
    type IntoIter = std::vec::IntoIter<(String, Value)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a String, &'a Value);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (String, Value)>, fn(&'a (String, Value)) -> Self::Item>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl Extend<(String, Value)> for Map {
    fn extend<I: IntoIterator<Item = (String, Value)>>(&mut self, iter: I) {
        for (key, value) in iter {
            self.insert(key, value);
        }
    }
}

impl FromIterator<(String, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        let mut map = Map::new();
        map.extend(iter);
        map
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Value::String(text.to_owned())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Self {
        Value::String(text)
    }
}

impl From<bool> for Value {
    fn from(flag: bool) -> Self {
        Value::Bool(flag)
    }
}

impl From<f64> for Value {
    /// Not finite (NaN, infinities) is null, as `JSON.stringify` writes it.
    fn from(number: f64) -> Self {
        match number.is_finite() {
            true => Value::Number(number),
            false => Value::Null,
        }
    }
}

macro_rules! from_integer {
    ($($int:ty),*) => {$(
        impl From<$int> for Value {
            fn from(int: $int) -> Self {
                Value::Number(int as f64)
            }
        }
    )*};
}
from_integer!(i32, i64, u8, u16, u32, u64, usize);

impl From<Vec<Value>> for Value {
    fn from(items: Vec<Value>) -> Self {
        Value::Array(items)
    }
}

impl From<&[&str]> for Value {
    fn from(texts: &[&str]) -> Self {
        texts.iter().map(|&text| Value::from(text)).collect()
    }
}

impl FromIterator<Value> for Value {
    fn from_iter<I: IntoIterator<Item = Value>>(iter: I) -> Self {
        Value::Array(iter.into_iter().collect())
    }
}

impl From<Map> for Value {
    fn from(map: Map) -> Self {
        Value::Object(map)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(value: Option<T>) -> Self {
        value.map_or(Value::Null, Into::into)
    }
}

/// From serde_json's value (the native parser, tests): integers beyond 2^53 lose their last digits,
/// as in JS.
impl From<serde_json::Value> for Value {
    fn from(value: serde_json::Value) -> Self {
        match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(flag) => Value::Bool(flag),
            serde_json::Value::Number(number) => number.as_f64().map_or(Value::Null, Value::Number),
            serde_json::Value::String(text) => Value::String(text),
            serde_json::Value::Array(items) => Value::Array(items.into_iter().map(Value::from).collect()),
            serde_json::Value::Object(map) => Value::Object(map.into()),
        }
    }
}

impl From<serde_json::Map<String, serde_json::Value>> for Map {
    fn from(map: serde_json::Map<String, serde_json::Value>) -> Self {
        Map::from_unique(map.into_iter().map(|(k, v)| (k, Value::from(v))).collect())
    }
}

/// To serde_json's value (the native writer): whole numbers held exactly as integers, so `2` is
/// written `2`, as `JSON.stringify` writes it, not `2.0`.
impl From<&Value> for serde_json::Value {
    fn from(value: &Value) -> Self {
        match value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(flag) => serde_json::Value::Bool(*flag),
            Value::Number(_) => match value.as_i64() {
                Some(int) => serde_json::Value::from(int),
                None => value.as_f64().map_or(serde_json::Value::Null, serde_json::Value::from),
            },
            Value::String(text) => serde_json::Value::String(text.clone()),
            Value::Array(items) => serde_json::Value::Array(items.iter().map(serde_json::Value::from).collect()),
            Value::Object(map) => serde_json::Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), serde_json::Value::from(v)))
                    .collect(),
            ),
        }
    }
}

/// Compares with serde_json's value as the same JSON (tests write expectations with `json!`).
impl PartialEq<serde_json::Value> for Value {
    // Compared as ours: serde_json tells `2` from `2.0`, which JS (and this type) cannot.
    #[allow(clippy::cmp_owned)]
    fn eq(&self, other: &serde_json::Value) -> bool {
        *self == Value::from(other.clone())
    }
}

/// `json!` for this type: serde_json's macro, converted (tests).
#[macro_export]
macro_rules! json_value {
    ($($json:tt)+) => {
        $crate::core::value::Value::from(serde_json::json!($($json)+))
    };
}

/// JSON text of one object with `keys` keys, `"k0":0` onward (tests of wide objects, native and
/// in the browser).
#[cfg(test)]
pub(crate) fn wide_object_text(keys: usize) -> String {
    let entries: Vec<String> = (0..keys).map(|i| format!("\"k{i}\":{i}")).collect();
    format!("{{{}}}", entries.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_keep_insertion_order_and_unique_keys() {
        let mut map = Map::new();
        map.insert("b".into(), 1.into());
        map.insert("a".into(), 2.into());
        map.insert("b".into(), 3.into());
        let keys: Vec<&String> = map.keys().collect();
        assert_eq!(keys, ["b", "a"]);
        assert_eq!(map.get("b"), Some(&Value::Number(3.0)));
        assert_eq!(map.len(), 2);
        // Equal as JSON objects are, whatever the order.
        let other: Map = [("a".to_owned(), 2.into()), ("b".to_owned(), 3.into())]
            .into_iter()
            .collect();
        assert_eq!(map, other);
        map.insert("c".into(), Value::Null);
        assert_ne!(map, other);
        assert_ne!(other, map);
    }

    #[test]
    fn a_parsed_object_of_many_keys_is_read_whole() {
        // Inserting one by one would compare 5 billion pairs of keys here: minutes, not a blink.
        let keys = 100_000;
        let value = crate::core::json::parse(wide_object_text(keys).as_bytes()).unwrap();
        let map = value.as_object().unwrap();
        assert_eq!(map.len(), keys);
        assert_eq!(map.get("k99999"), Some(&Value::Number(99_999.0)));
    }

    #[test]
    fn numbers_read_as_js_reads_them() {
        // A whole number, whether written `2` or `2.0`; up to 2^53, where a float still names one integer.
        assert_eq!(crate::json_value!(2).as_i64(), Some(2));
        assert_eq!(crate::json_value!(2.0).as_i64(), Some(2));
        assert_eq!(crate::json_value!(2.5).as_i64(), None);
        assert_eq!(crate::json_value!("2").as_i64(), None);
        assert_eq!(crate::json_value!(1e300).as_i64(), None);
        assert_eq!(Value::from(2.0).as_i64(), Some(2));
        assert_eq!(Value::from(2.5).as_i64(), None);
        assert_eq!(Value::from(-3).as_u64(), None);
        assert_eq!(Value::from(1e300).as_i64(), None);
        assert_eq!(Value::from(f64::NAN), Value::Null);
    }

    #[test]
    fn goes_to_serde_json_and_back_as_the_same_json() {
        let text = r#"{"z":[1,-7,0.5,true,null,"caf\u00e9"],"a":{"n":2,"big":1e300}}"#;
        let serde: serde_json::Value = serde_json::from_str(text).unwrap();
        let ours = Value::from(serde.clone());
        assert_eq!(serde_json::Value::from(&ours), serde);
        assert_eq!(ours, serde);
        assert_eq!(ours["a"]["n"], Value::Number(2.0));
        assert_eq!(ours["missing"]["deeper"], Value::Null);
        assert_eq!(serde_json::Value::from(&Value::from(2.0)).to_string(), "2");
    }
}
