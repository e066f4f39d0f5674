//! Request parameters exactly as the caller set them, in the API's snake_case wire names.
//!
//! Params stay a JSON object (not a struct with defaults) so that the body sent is exactly what the
//! caller set — no added defaults, no nulls — and so validation can report a wrongly typed field as an
//! issue instead of failing the whole deserialisation at the first one.

use crate::core::json::{JsonWriter, Map, Value};

/// Parameters of an images request, as set by the caller (`null`/`undefined` fields dropped).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImageParams {
    fields: Map,
}

impl ImageParams {
    /// Wraps the caller's fields, dropping those set to `null` (JS `undefined` arrives as null too):
    /// an unset optional field is never sent.
    pub fn new(mut fields: Map) -> Self {
        fields.retain(|_, v| !v.is_null());
        ImageParams { fields }
    }

    /// Parses a JSON object (used by tests and native callers).
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(json).map(|map| Self::new(map.into()))
    }

    /// All fields, in the order the caller set them.
    pub fn fields(&self) -> &Map {
        &self.fields
    }

    /// A field's raw value.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.fields.get(name)
    }

    /// A field's value when it is a string.
    pub fn str(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(Value::as_str)
    }

    /// A field's value when it is a whole number.
    pub fn int(&self, name: &str) -> Option<i64> {
        self.get(name).and_then(Value::as_i64)
    }

    /// A field's value when it is a boolean.
    pub fn bool(&self, name: &str) -> Option<bool> {
        self.get(name).and_then(Value::as_bool)
    }

    /// The `model` field.
    pub fn model(&self) -> Option<&str> {
        self.str("model")
    }

    /// Whether `stream: true` was set.
    pub fn is_stream(&self) -> bool {
        self.bool("stream") == Some(true)
    }

    /// Replaces one field (used when a provider route needs another `model` value on the wire).
    pub fn set(&mut self, name: &str, value: Value) {
        self.fields.insert(name.to_owned(), value);
    }

    /// The JSON request body: exactly the fields held.
    pub fn to_json_body(&self, write: JsonWriter) -> String {
        write(&Value::Object(self.fields.clone()))
    }

    /// The fields as multipart text parts `(name, value)`: strings as they are, other values as JSON
    /// text (`2`, `true`), which is how the API reads form fields.
    pub fn to_form_fields(&self, write: JsonWriter) -> Vec<(String, String)> {
        self.fields
            .iter()
            .map(|(name, value)| {
                let text = match value {
                    Value::String(s) => s.clone(),
                    other => write(other),
                };
                (name.clone(), text)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::json;

    #[test]
    fn nulls_are_dropped_and_nothing_is_added() {
        let p = ImageParams::from_json(r#"{"model":"gpt-image-1.5","prompt":"a","n":null}"#).unwrap();
        assert_eq!(p.to_json_body(json::write), r#"{"model":"gpt-image-1.5","prompt":"a"}"#);
    }

    #[test]
    fn form_fields_render_values_as_the_api_reads_them() {
        let p = ImageParams::from_json(r#"{"prompt":"hi \"you\"","n":2,"stream":true}"#).unwrap();
        assert_eq!(
            p.to_form_fields(json::write),
            vec![
                ("n".to_owned(), "2".to_owned()),
                ("prompt".to_owned(), "hi \"you\"".to_owned()),
                ("stream".to_owned(), "true".to_owned()),
            ]
        );
    }
}
