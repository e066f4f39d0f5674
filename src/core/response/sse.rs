//! Server-sent events for streamed image generation, decoded from bytes.
//!
//! Each event carries a whole base64 image (about 1 MB per partial on gpt-image-2), so `data:` lines
//! are never buffered: their bytes go straight into a [`ResponseDecoder`] for one stream event, which
//! decodes the image into the sink as it arrives. Chunks may split lines, `\r\n` pairs, UTF-8 and
//! base64 quads anywhere.

use crate::core::json::{self, JsonParser, Value};
use crate::core::response::bom::strip_bom;
use crate::core::response::decoder::{DecodeFailure, DecodedImage, ImageSink, ResponseDecoder};

/// Longest non-`data` line kept (event names, ids): anything longer is cut, never grown without bound.
const MAX_FIELD_LINE: usize = 1024;

/// A decoded stream event.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamEvent {
    /// `image_generation.partial_image` / `image_edit.partial_image`.
    PartialImage {
        /// The event's `type`.
        event_type: String,
        /// 0-based `partial_image_index`.
        partial_image_index: Option<i64>,
        /// The partial image.
        image: DecodedImage,
        /// The event's other fields (`size`, `quality`, `background`, `output_format`, `created_at`).
        fields: Value,
    },
    /// `image_generation.completed` / `image_edit.completed`.
    Completed {
        /// The event's `type`.
        event_type: String,
        /// The final image.
        image: DecodedImage,
        /// The event's other fields, `usage` among them.
        fields: Value,
    },
    /// `event: error`, or a data object with an `error` key.
    Error(Value),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineState {
    /// At the start of a line.
    Start,
    /// Reading the field name.
    Field,
    /// After `data:`, before the optional space.
    DataSpace,
    /// Inside a `data` value: bytes go to the event decoder.
    Data,
    /// Inside another field's value (or a comment).
    Other,
}

/// Decodes an SSE byte stream into [`StreamEvent`]s.
#[derive(Debug)]
pub struct SseDecoder {
    /// Parses each event's JSON.
    parse: JsonParser,
    state: LineState,
    /// The previous byte was `\r`: a following `\n` belongs to the same line end.
    after_cr: bool,
    line: Vec<u8>,
    field: Vec<u8>,
    event_name: Vec<u8>,
    data: Option<ResponseDecoder>,
    next_image_index: usize,
    /// No line has ended yet: the stream may start with a BOM, which `EventSource` drops.
    first_line: bool,
}

/// A sink for bytes that can hold no image (a newline between data lines).
struct NoImages;

impl ImageSink for NoImages {
    fn image_part(&mut self, _index: usize, _part: &[u8]) {}
}

impl Default for SseDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl SseDecoder {
    /// A decoder at the start of a stream, parsing events with serde_json.
    pub fn new() -> Self {
        Self::with_parser(json::parse)
    }

    /// A decoder at the start of a stream, parsing events with `parse`.
    pub fn with_parser(parse: JsonParser) -> Self {
        SseDecoder {
            parse,
            state: LineState::Start,
            after_cr: false,
            line: Vec::new(),
            field: Vec::new(),
            event_name: Vec::new(),
            data: None,
            next_image_index: 0,
            first_line: true,
        }
    }

    /// Feeds a chunk; returns the events it completed.
    ///
    /// # Errors
    /// When an event's JSON or base64 is malformed.
    pub fn feed(&mut self, mut chunk: &[u8], sink: &mut dyn ImageSink) -> Result<Vec<StreamEvent>, DecodeFailure> {
        let mut events = Vec::new();
        while let Some((&byte, rest)) = chunk.split_first() {
            let line_end = byte == b'\n' || byte == b'\r';
            if std::mem::take(&mut self.after_cr) && byte == b'\n' {
                chunk = rest;
                continue;
            }
            if line_end {
                chunk = rest;
                self.after_cr = byte == b'\r';
                if let Some(event) = self.end_line()? {
                    events.push(event);
                }
                continue;
            }
            match self.state {
                LineState::DataSpace => {
                    // One optional space after the colon; anything else is already data.
                    self.state = LineState::Data;
                    if byte == b' ' {
                        chunk = rest;
                    }
                }
                LineState::Data => {
                    // The fast path: hand the whole run up to the line end to the event decoder.
                    let end = chunk
                        .iter()
                        .position(|&b| b == b'\n' || b == b'\r')
                        .unwrap_or(chunk.len());
                    let (run, rest) = chunk.split_at(end);
                    self.data_decoder().feed(run, sink)?;
                    chunk = rest;
                }
                _ => {
                    chunk = rest;
                    self.line_byte(byte);
                }
            }
        }
        Ok(events)
    }

    fn data_decoder(&mut self) -> &mut ResponseDecoder {
        let (index, parse) = (self.next_image_index, self.parse);
        self.data
            .get_or_insert_with(|| ResponseDecoder::for_stream_event(index, parse))
    }

    /// A byte of a field name or of a non-data value.
    fn line_byte(&mut self, byte: u8) {
        match self.state {
            LineState::Start | LineState::Field if byte == b':' => {
                self.state = match self.field_name() {
                    b"data" => LineState::DataSpace,
                    _ => LineState::Other,
                };
            }
            LineState::Start | LineState::Field => {
                self.state = LineState::Field;
                if self.field.len() < 16 {
                    self.field.push(byte);
                }
            }
            _ => {
                if self.line.len() < MAX_FIELD_LINE {
                    self.line.push(byte);
                }
            }
        }
    }

    /// The current line's field name.
    fn field_name(&self) -> &[u8] {
        match self.first_line {
            true => strip_bom(&self.field),
            false => &self.field,
        }
    }

    fn end_line(&mut self) -> Result<Option<StreamEvent>, DecodeFailure> {
        let state = std::mem::replace(&mut self.state, LineState::Start);
        let is_event = self.field_name() == b"event";
        self.first_line = false;
        self.field.clear();
        let value = std::mem::take(&mut self.line);
        match state {
            LineState::Start => return self.dispatch(),
            // Several data lines of one event are joined by a newline (JSON whitespace).
            LineState::Data => {
                if let Some(decoder) = self.data.as_mut() {
                    decoder.feed(b"\n", &mut NoImages)?;
                }
            }
            LineState::Other if is_event => {
                self.event_name = value.strip_prefix(b" ").unwrap_or(&value).to_vec();
            }
            _ => {}
        }
        Ok(None)
    }

    /// A blank line ends the event.
    fn dispatch(&mut self) -> Result<Option<StreamEvent>, DecodeFailure> {
        let event_name = std::mem::take(&mut self.event_name);
        let Some(decoder) = self.data.take() else {
            return Ok(None);
        };
        let (mut value, images) = decoder.finish_event()?;
        self.next_image_index += images.len().max(1);
        if value.is_null() {
            return Ok(None);
        }
        // The skeleton holds the image's sink index there, not the base64: never hand that out.
        if let Some(object) = value.as_object_mut() {
            object.remove("b64_json");
        }
        if event_name == b"error" {
            return Ok(Some(StreamEvent::Error(value)));
        }
        if value.get("error").is_some_and(|e| !e.is_null()) {
            return Ok(Some(StreamEvent::Error(value)));
        }
        let event_type = value
            .get("type")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| String::from_utf8(event_name).ok())
            .unwrap_or_default();
        let image = images.into_iter().next();
        let fields = value;
        match image {
            Some(image) if event_type.ends_with(".partial_image") => Ok(Some(StreamEvent::PartialImage {
                partial_image_index: fields.get("partial_image_index").and_then(Value::as_i64),
                event_type,
                image,
                fields,
            })),
            Some(image) if event_type.ends_with(".completed") => Ok(Some(StreamEvent::Completed {
                event_type,
                image,
                fields,
            })),
            None if event_type.ends_with(".partial_image") || event_type.ends_with(".completed") => Err(
                DecodeFailure::Malformed(format!("the {event_type} event carries no image")),
            ),
            // Events this library does not know yet are skipped, not fatal.
            _ => Ok(None),
        }
    }

    /// Ends the stream. A last event not ended by a blank line is still dispatched when it is
    /// whole; one cut off mid-way is dropped, as the SSE standard says ("the incomplete event is
    /// not dispatched"), so the stream reads as ended early (no `completed` event:
    /// `StreamIncompleteError`), never as malformed. Engines that report a cut chunked body as a
    /// clean end (WebKit) reach this path.
    ///
    /// # Errors
    /// None today; kept for callers' `?`.
    pub fn finish(mut self) -> Result<Option<StreamEvent>, DecodeFailure> {
        if self.state != LineState::Start && self.end_line().is_err() {
            return Ok(None);
        }
        match self.data.is_some() {
            true => Ok(self.dispatch().unwrap_or(None)),
            false => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::media::probe::ImageFormat;
    use base64::Engine;

    #[derive(Default)]
    struct Collect(Vec<Vec<u8>>);

    impl ImageSink for Collect {
        fn image_part(&mut self, index: usize, part: &[u8]) {
            if self.0.len() <= index {
                self.0.resize(index + 1, Vec::new());
            }
            self.0[index].extend_from_slice(part);
        }
    }

    fn png(tag: u8) -> Vec<u8> {
        let mut v = vec![
            0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R',
        ];
        v.extend_from_slice(&16u32.to_be_bytes());
        v.extend_from_slice(&8u32.to_be_bytes());
        v.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0, tag, tag, tag]);
        v
    }

    fn b64(bytes: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    fn stream(newline: &str) -> String {
        let partial = format!(
            r#"{{"type":"image_generation.partial_image","b64_json":"{}","partial_image_index":0,"size":"1024x1024"}}"#,
            b64(&png(1))
        );
        let done = format!(
            r#"{{"type":"image_generation.completed","b64_json":"{}","usage":{{"output_tokens":42}}}}"#,
            b64(&png(2))
        );
        [
            ": keep-alive comment",
            "event: image_generation.partial_image",
            &format!("data: {partial}"),
            "",
            "event: image_generation.completed",
            &format!("data:{done}"),
            "",
            "",
        ]
        .join(newline)
    }

    fn decode_split(bytes: &[u8], cut: usize) -> (Result<Vec<StreamEvent>, DecodeFailure>, Collect) {
        let mut d = SseDecoder::new();
        let mut sink = Collect::default();
        let mut events = Vec::new();
        for chunk in [&bytes[..cut], &bytes[cut..]] {
            match d.feed(chunk, &mut sink) {
                Ok(mut more) => events.append(&mut more),
                Err(e) => return (Err(e), sink),
            }
        }
        match d.finish() {
            Ok(last) => events.extend(last),
            Err(e) => return (Err(e), sink),
        }
        (Ok(events), sink)
    }

    /// A stream may start with a UTF-8 BOM, which `EventSource` drops: the first event is not lost,
    /// wherever the chunks split the BOM.
    #[test]
    fn a_leading_byte_order_mark_is_skipped() {
        // From its first `data:` line, which a BOM would turn into a field named "\u{feff}data".
        let full = stream("\n");
        let from_data = &full[full.find("data:").unwrap()..];
        let text = format!("\u{feff}{from_data}");
        let (plain, plain_sink) = decode_split(from_data.as_bytes(), 0);
        let plain = plain.unwrap();
        assert_eq!(plain.len(), 2);
        for cut in 0..=8 {
            let (events, sink) = decode_split(text.as_bytes(), cut);
            assert_eq!(events.unwrap(), plain, "cut {cut}");
            assert_eq!(sink.0, plain_sink.0, "cut {cut}");
        }
    }

    #[test]
    fn events_at_every_split_with_every_line_ending() {
        for newline in ["\n", "\r\n", "\r"] {
            let text = stream(newline);
            for cut in 0..=text.len() {
                let (events, sink) = decode_split(text.as_bytes(), cut);
                let events = events.unwrap_or_else(|e| panic!("{newline:?} cut {cut}: {e:?}"));
                assert_eq!(events.len(), 2, "{newline:?} cut {cut}");
                match &events[0] {
                    StreamEvent::PartialImage {
                        partial_image_index,
                        image,
                        fields,
                        ..
                    } => {
                        assert_eq!(*partial_image_index, Some(0));
                        assert_eq!(image.info.unwrap().format, ImageFormat::Png);
                        assert_eq!(fields["size"], "1024x1024");
                        assert!(fields.get("b64_json").is_none());
                    }
                    other => panic!("{other:?}"),
                }
                match &events[1] {
                    StreamEvent::Completed { image, fields, .. } => {
                        assert_eq!(fields["usage"]["output_tokens"], 42);
                        assert_eq!(sink.0[image.index], png(2));
                    }
                    other => panic!("{other:?}"),
                }
                assert_eq!(sink.0[0], png(1));
            }
        }
    }

    #[test]
    fn error_events_and_error_objects() {
        let text = "event: error\ndata: {\"error\":{\"message\":\"blocked\",\"code\":\"moderation_blocked\"}}\n\n";
        let (events, _) = decode_split(text.as_bytes(), 10);
        assert!(matches!(&events.unwrap()[0], StreamEvent::Error(v) if v["error"]["code"] == "moderation_blocked"));
        let text = "data: {\"error\":{\"message\":\"x\"}}\n\n";
        let (events, _) = decode_split(text.as_bytes(), 3);
        assert!(matches!(&events.unwrap()[0], StreamEvent::Error(_)));
    }

    #[test]
    fn multi_line_data_and_unknown_events() {
        // One event's JSON over two `data:` lines: they join with a newline before it is parsed.
        let text = format!(
            "data: {{\"type\":\"image_generation.completed\",\ndata: \"b64_json\":\"{}\",\"usage\":{{\"output_tokens\":7}}}}\n\n\
             data: {{\"type\":\"image_generation.other\",\"x\":1}}\n\ndata: [DONE]\n\n",
            b64(&png(3))
        );
        for cut in 0..=text.len() {
            let (events, sink) = decode_split(text.as_bytes(), cut);
            let events = events.unwrap_or_else(|e| panic!("cut {cut}: {e:?}"));
            assert_eq!(events.len(), 1, "cut {cut}: the unknown event and [DONE] are skipped");
            match &events[0] {
                StreamEvent::Completed { image, fields, .. } => {
                    assert_eq!(fields["usage"]["output_tokens"], 7);
                    assert_eq!(sink.0[image.index], png(3));
                }
                other => panic!("cut {cut}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_stream_cut_inside_an_event_drops_that_event() {
        let text = stream("\n");
        let cut = text.find("usage").unwrap();
        let mut d = SseDecoder::new();
        let mut sink = Collect::default();
        let events = d.feed(&text.as_bytes()[..cut], &mut sink).unwrap();
        assert_eq!(events.len(), 1);
        // Not dispatched (SSE standard): the stream reads as one without its completed event.
        assert_eq!(d.finish(), Ok(None));
    }

    #[test]
    fn malformed_event_json_is_an_error() {
        let (events, _) = decode_split(b"data: {\"type\": nope}\n\n", 5);
        assert!(events.is_err());
    }

    // ---- found by fuzzing (fuzz/fuzz_targets/sse_decoder.rs) ----

    #[test]
    fn an_event_with_two_b64_json_keys_fails() {
        let text = format!(
            "data: {{\"type\":\"image_generation.completed\",\"b64_json\":\"{}\",\"b64_json\":1}}\n\n",
            b64(&png(1))
        );
        let (events, _) = decode_split(text.as_bytes(), 9);
        assert!(events.is_err(), "{events:?}");
    }

    #[test]
    fn done_with_inner_whitespace_is_not_done() {
        // The skeleton dropped whitespace, so `[ DONE]` read as `[DONE]`; padding around it is fine.
        let (events, _) = decode_split(b"data:[ DONE]\n\n", 3);
        assert!(events.is_err());
        let (events, _) = decode_split(b"data:  [DONE] \n\n", 3);
        assert_eq!(events.unwrap(), vec![]);
    }

    #[test]
    fn an_error_event_never_carries_the_skeleton_index() {
        // Found by fuzzing: `event: error` with a b64_json gave `"b64_json": "0"` (the sink index).
        let text = format!(
            "event: error\ndata: {{\"b64_json\":\"{}\",\"code\":\"x\"}}\n\n",
            b64(&png(1))
        );
        let (events, _) = decode_split(text.as_bytes(), 7);
        assert_eq!(
            events.unwrap(),
            vec![StreamEvent::Error(crate::json_value!({"code": "x"}))]
        );
    }
}
