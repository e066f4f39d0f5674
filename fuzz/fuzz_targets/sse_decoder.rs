//! The SSE stream decoder, fed at fuzzer-chosen offsets, against a simple reference parser.
//!
//! The reference splits lines (`\n`, `\r\n`, `\r`), joins each event's non-empty `data:` values
//! with `\n`, parses the joined text with serde_json and decodes `b64_json` with the base64 crate,
//! then applies the decoder's documented event rules. Raw mode (header flag bit 0 clear): any
//! bytes; whenever the decoder accepts a stream, its events and image bytes must equal the
//! reference's, and the split must not matter. Generated mode: a valid stream is built (comments,
//! `event:`/`id:`/`retry:` lines, JSON spread over several `data:` lines, every line ending), and
//! must decode exactly.
#![no_main]

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use imagegen_wasm::core::json;
use imagegen_wasm::core::media::probe::probe;
use imagegen_wasm::core::response::decoder::{DecodeFailure, ImageSink};
use imagegen_wasm::core::response::sse::{SseDecoder, StreamEvent};
use imagegen_wasm_fuzz::{arbitrary_json, split_input, Feed};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

const REFERENCE: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);
const MAX_FIELD_LINE: usize = 1024;

#[derive(Default, Debug, PartialEq)]
struct Collect(Vec<Vec<u8>>);

impl ImageSink for Collect {
    fn image_part(&mut self, index: usize, part: &[u8]) {
        if self.0.len() <= index {
            self.0.resize(index + 1, Vec::new());
        }
        self.0[index].extend_from_slice(part);
    }
}

fn decode(chunks: &[&[u8]]) -> (Result<Vec<StreamEvent>, DecodeFailure>, Collect) {
    let mut decoder = SseDecoder::new();
    let mut sink = Collect::default();
    let mut events = Vec::new();
    for chunk in chunks {
        match decoder.feed(chunk, &mut sink) {
            Ok(more) => events.extend(more),
            Err(e) => return (Err(e), sink),
        }
    }
    match decoder.finish() {
        Ok(last) => events.extend(last),
        Err(e) => return (Err(e), sink),
    }
    (Ok(events), sink)
}

/// An event as the reference sees it: name and the joined data.
struct RawEvent {
    name: Vec<u8>,
    data: Vec<u8>,
    /// Ended by the end of the stream rather than a blank line: dropped if it does not decode
    /// (the decoder's rule since the SSE standard's "incomplete event is not dispatched").
    at_eof: bool,
}

/// Lines and fields per the SSE format; empty `data` values add nothing (the decoder's rule).
fn reference_split(stream: &[u8]) -> Vec<RawEvent> {
    // `EventSource` drops one leading BOM.
    let stream = stream.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(stream);
    let mut events = Vec::new();
    let (mut name, mut data, mut has_data) = (Vec::new(), Vec::new(), false);
    let mut lines = Vec::new();
    let mut at = 0;
    let mut i = 0;
    while i < stream.len() {
        match stream[i] {
            b'\n' => {
                lines.push(&stream[at..i]);
                at = i + 1;
            }
            b'\r' => {
                lines.push(&stream[at..i]);
                if stream.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                at = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    let tail = &stream[at..];
    let ended_mid_line = !tail.is_empty();
    if ended_mid_line {
        lines.push(tail);
    }
    // The end of the stream dispatches a pending event, as a blank line would.
    let count = lines.len();
    lines.push(b"");
    for (i, line) in lines.into_iter().enumerate() {
        if line.is_empty() {
            if has_data {
                events.push(RawEvent {
                    name: std::mem::take(&mut name),
                    data: std::mem::take(&mut data),
                    at_eof: i == count,
                });
            }
            name.clear();
            data.clear();
            has_data = false;
            continue;
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else { continue };
        let (field, value) = (&line[..colon], &line[colon + 1..]);
        match field {
            b"data" => {
                let value = value.strip_prefix(b" ").unwrap_or(value);
                if !value.is_empty() {
                    if has_data {
                        data.push(b'\n');
                    }
                    data.extend_from_slice(value);
                    has_data = true;
                }
            }
            b"event" => {
                let value = &value[..value.len().min(MAX_FIELD_LINE)];
                name = value.strip_prefix(b" ").unwrap_or(value).to_vec();
            }
            _ => {}
        }
    }
    events
}

/// An expected event: the decoded image bytes stand for the decoder's image index.
#[derive(Debug, PartialEq)]
/// Values in the core's terms (numbers as f64, as JS reads them).
enum Expected {
    Partial(String, Option<i64>, Vec<u8>, json::Value),
    Completed(String, Vec<u8>, json::Value),
    Error(json::Value),
}

/// The decoder's rules for one event's joined data; `Err` when the stream must fail.
fn reference_event(raw: &RawEvent) -> Result<Option<Expected>, String> {
    // `[DONE]` with ASCII whitespace around it (the decoder's `trim_ascii`; not `str::trim`, which
    // also takes \x0B and Unicode spaces).
    if raw.data.trim_ascii() == b"[DONE]" {
        return Ok(None);
    }
    // Bytes that are not UTF-8 read as U+FFFD, as `EventSource` reads them.
    let data = String::from_utf8_lossy(&raw.data);
    let value: Value = serde_json::from_str(&data).map_err(|e| e.to_string())?;
    let RootKeys(b64_keys) = serde_json::from_str(&data).map_err(|e| e.to_string())?;
    if b64_keys > 1 {
        return Err("two b64_json keys".into());
    }
    if value.is_null() {
        return Ok(None);
    }
    let image = match value.get("b64_json") {
        Some(Value::String(text)) => {
            // Line breaks, tabs and form feeds are skipped, as base64 decoders skip them (not spaces).
            let text: String = text.chars().filter(|c| !matches!(c, '\t' | '\n' | '\x0c' | '\r')).collect();
            let bytes = REFERENCE.decode(text).map_err(|e| e.to_string())?;
            (!bytes.is_empty()).then_some(bytes)
        }
        _ => None,
    };
    // Events never carry `b64_json` on: the image went to the sink.
    let mut value = value;
    if let Some(object) = value.as_object_mut() {
        object.remove("b64_json");
    }
    if raw.name == b"error" || value.get("error").is_some_and(|e| !e.is_null()) {
        return Ok(Some(Expected::Error(value.into())));
    }
    let event_type = value
        .get("type")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| String::from_utf8(raw.name.clone()).ok())
        .unwrap_or_default();
    let fields = json::Value::from(value);
    let partial = event_type.ends_with(".partial_image");
    let completed = event_type.ends_with(".completed");
    match image {
        Some(bytes) if partial => {
            let index = fields.get("partial_image_index").and_then(json::Value::as_i64);
            Ok(Some(Expected::Partial(event_type, index, bytes, fields)))
        }
        Some(bytes) if completed => Ok(Some(Expected::Completed(event_type, bytes, fields))),
        None if partial || completed => Err(format!("the {event_type} event carries no image")),
        _ => Ok(None),
    }
}

/// How many `b64_json` keys a JSON object has at its top level (a `Value` keeps only the last).
struct RootKeys(usize);

impl<'de> serde::Deserialize<'de> for RootKeys {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = RootKeys;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<RootKeys, A::Error> {
                let mut count = 0;
                while let Some(key) = map.next_key::<String>()? {
                    count += usize::from(key == "b64_json");
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
                Ok(RootKeys(count))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<RootKeys, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(RootKeys(0))
            }
            fn visit_bool<E>(self, _: bool) -> Result<RootKeys, E> { Ok(RootKeys(0)) }
            fn visit_i64<E>(self, _: i64) -> Result<RootKeys, E> { Ok(RootKeys(0)) }
            fn visit_u64<E>(self, _: u64) -> Result<RootKeys, E> { Ok(RootKeys(0)) }
            fn visit_f64<E>(self, _: f64) -> Result<RootKeys, E> { Ok(RootKeys(0)) }
            fn visit_str<E>(self, _: &str) -> Result<RootKeys, E> { Ok(RootKeys(0)) }
            fn visit_unit<E>(self) -> Result<RootKeys, E> { Ok(RootKeys(0)) }
        }
        deserializer.deserialize_any(Visit)
    }
}

/// The expected events, and whether a last event cut off by the end of the stream was dropped
/// (the decoder may also have failed on it already, while it was fed: it cannot know it is cut).
fn reference(stream: &[u8]) -> Result<(Vec<Expected>, bool), String> {
    let mut out = Vec::new();
    let mut dropped = false;
    for raw in reference_split(stream) {
        match reference_event(&raw) {
            Ok(event) => out.extend(event),
            Err(_) if raw.at_eof => dropped = true,
            Err(why) => return Err(why),
        }
    }
    Ok((out, dropped))
}

fn as_expected(events: &[StreamEvent], sink: &Collect) -> Vec<Expected> {
    let bytes = |index: usize| sink.0.get(index).cloned().unwrap_or_default();
    events
        .iter()
        .map(|event| match event {
            StreamEvent::PartialImage {
                event_type,
                partial_image_index,
                image,
                fields,
            } => {
                assert_eq!(image.byte_len, bytes(image.index).len() as u64);
                assert_eq!(image.info, probe(&bytes(image.index)));
                Expected::Partial(event_type.clone(), *partial_image_index, bytes(image.index), fields.clone())
            }
            StreamEvent::Completed { event_type, image, fields } => {
                assert_eq!(image.byte_len, bytes(image.index).len() as u64);
                assert_eq!(image.info, probe(&bytes(image.index)));
                Expected::Completed(event_type.clone(), bytes(image.index), fields.clone())
            }
            StreamEvent::Error(value) => Expected::Error(value.clone()),
        })
        .collect()
}

fn check(stream: &[u8], outcome: &(Result<Vec<StreamEvent>, DecodeFailure>, Collect)) {
    let expected = reference(stream);
    match (&outcome.0, expected) {
        (Ok(events), Ok((expected, _))) => assert_eq!(as_expected(events, &outcome.1), expected),
        (Err(_), Ok((_, true))) => {}
        (Ok(events), Err(why)) => panic!(
            "the decoder accepted a stream the reference rejects ({why}): {events:?}\n{:?}",
            String::from_utf8_lossy(stream)
        ),
        // The decoder takes only `\/`, `\n` and `\r` escapes inside base64; JSON allows more.
        (Err(_), Ok(_)) if stream.contains(&b'\\') => {}
        (Err(e), Ok(expected)) => panic!(
            "the decoder rejected ({e:?}) a stream the reference accepts: {expected:?}\n{:?}",
            String::from_utf8_lossy(stream)
        ),
        (Err(_), Err(_)) => {}
    }
}

const WORDS: &[&str] = &[
    "type", "b64_json", "error", "partial_image_index", "usage", "size",
    "image_generation.partial_image", "image_generation.completed", "image_edit.partial_image",
    "image_edit.completed", "x.partial_image", "[DONE]", "",
];

fn build(u: &mut arbitrary::Unstructured) -> arbitrary::Result<Vec<u8>> {
    let newline: &[u8] = match u.int_in_range(0..=2u8)? {
        0 => b"\n",
        1 => b"\r\n",
        _ => b"\r",
    };
    let mut out = Vec::new();
    let line = |out: &mut Vec<u8>, text: &[u8]| {
        out.extend_from_slice(text);
        out.extend_from_slice(newline);
    };
    for _ in 0..u.int_in_range(1..=4)? {
        for _ in 0..u.int_in_range(0..=2)? {
            match u.int_in_range(0..=2u8)? {
                0 => line(&mut out, b": keep-alive"),
                1 => line(&mut out, b"id: 7"),
                _ => line(&mut out, b"retry: 1000"),
            }
        }
        let kind = *u.choose(&["image_generation.partial_image", "image_edit.completed", "other.event"])?;
        if u.arbitrary()? {
            line(&mut out, format!("event: {kind}").as_bytes());
        }
        let mut object = Map::new();
        for _ in 0..u.int_in_range(0..=3)? {
            let key = imagegen_wasm_fuzz::arbitrary_word(u, WORDS)?;
            object.insert(key, arbitrary_json(u, WORDS, 2)?);
        }
        object.remove("error");
        object.insert("type".into(), Value::String(kind.into()));
        let bytes = { let len = u.int_in_range(1..=300)?; u.bytes(len)? };
        object.insert("b64_json".into(), Value::String(STANDARD.encode(bytes)));
        let value = Value::Object(object);
        let text = if u.arbitrary()? {
            serde_json::to_string_pretty(&value)
        } else {
            serde_json::to_string(&value)
        }
        .unwrap_or_default();
        // Pretty JSON has newlines only between tokens: one data line each.
        let space = if u.arbitrary()? { " " } else { "" };
        for piece in text.split('\n') {
            line(&mut out, format!("data:{space}{piece}").as_bytes());
        }
        line(&mut out, b"");
    }
    if u.arbitrary()? {
        line(&mut out, b"data: [DONE]");
        line(&mut out, b"");
    }
    Ok(out)
}

fuzz_target!(|data: &[u8]| {
    let (feed, payload) = split_input(data);
    if feed.flags & 1 == 0 {
        let split = decode(&feed.chunks(payload));
        let whole = decode(&[payload]);
        match (&split.0, &whole.0) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a, b);
                assert_eq!(split.1, whole.1);
            }
            (Err(_), Err(_)) => {}
            (a, b) => panic!("split changed the outcome: {a:?} vs {b:?}"),
        }
        if payload.len() <= 512 {
            let bytewise = decode(&Feed { bytewise: true, ..Feed::default() }.chunks(payload));
            assert_eq!(bytewise.0.is_ok(), whole.0.is_ok());
            if let (Ok(a), Ok(b)) = (&bytewise.0, &whole.0) {
                assert_eq!(a, b);
            }
        }
        check(payload, &whole);
        return;
    }
    let mut u = arbitrary::Unstructured::new(payload);
    let Ok(stream) = build(&mut u) else { return };
    let outcome = decode(&feed.chunks(&stream));
    if let Err(e) = &outcome.0 {
        panic!("a valid stream failed: {e:?}\n{:?}", String::from_utf8_lossy(&stream));
    }
    check(&stream, &outcome);
});
