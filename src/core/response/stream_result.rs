//! What a `text/event-stream` response amounts to: the `completed` events make the result, an
//! `error` event makes it a failure, and a stream with neither is incomplete.

use crate::core::json::Value;
use crate::core::response::decoder::{DecodedImage, DecodedResponse, ResponseImage};

/// The final events of a stream, collected as they arrive (partial images are handed on at once
/// and not kept).
#[derive(Debug, Default)]
pub struct StreamResult {
    completed: Vec<(DecodedImage, Value)>,
    error: Option<Value>,
}

impl StreamResult {
    /// A `completed` event: its image and the event's other fields.
    pub fn completed(&mut self, image: DecodedImage, fields: Value) {
        self.completed.push((image, fields));
    }

    /// An `error` event (the last one wins).
    pub fn error(&mut self, error: Value) {
        self.error = Some(error);
    }

    /// The error event, if the stream carried one; else the result: one image per `completed`
    /// event, the response fields from the last; `Ok(None)` when no `completed` event came.
    ///
    /// # Errors
    /// The `error` event's error object.
    pub fn finish(self) -> Result<Option<DecodedResponse>, Value> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let Some((_, last)) = self.completed.last() else {
            return Ok(None);
        };
        let text = |key: &str| last.get(key).and_then(Value::as_str).map(str::to_owned);
        Ok(Some(DecodedResponse {
            created: last.get("created_at").and_then(Value::as_i64),
            usage: last.get("usage").cloned(),
            size: text("size"),
            quality: text("quality"),
            output_format: text("output_format"),
            background: text("background"),
            images: self
                .completed
                .iter()
                .map(|(image, fields)| ResponseImage {
                    decoded: Some(*image),
                    url: None,
                    revised_prompt: fields.get("revised_prompt").and_then(Value::as_str).map(str::to_owned),
                })
                .collect(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json_value as json;

    fn image(index: usize) -> DecodedImage {
        DecodedImage {
            index,
            byte_len: 10,
            info: None,
        }
    }

    #[test]
    fn completed_events_make_the_result_with_the_last_events_fields() {
        let mut stream = StreamResult::default();
        stream.completed(
            image(0),
            json!({"size": "1024x1024", "created_at": 1, "revised_prompt": "a"}),
        );
        stream.completed(
            image(1),
            json!({"size": "1536x1024", "quality": "high", "output_format": "png", "background": "opaque", "created_at": 2, "usage": {"output_tokens": 5}}),
        );
        let result = stream.finish().unwrap().unwrap();
        assert_eq!(result.images.len(), 2);
        assert_eq!(result.images[0].revised_prompt.as_deref(), Some("a"));
        assert_eq!(result.images[1].revised_prompt, None);
        assert_eq!(
            (result.size.as_deref(), result.quality.as_deref(), result.created),
            (Some("1536x1024"), Some("high"), Some(2))
        );
        assert_eq!(result.usage, Some(json!({"output_tokens": 5})));
    }

    #[test]
    fn an_error_event_wins_and_no_completed_event_is_incomplete() {
        let mut failed = StreamResult::default();
        failed.completed(image(0), json!({}));
        failed.error(json!({"code": "moderation_blocked"}));
        assert_eq!(failed.finish().unwrap_err(), json!({"code": "moderation_blocked"}));
        assert_eq!(StreamResult::default().finish().unwrap(), None);
    }
}
