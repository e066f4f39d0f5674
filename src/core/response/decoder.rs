//! Streaming decoder for an `ImagesResponse` body.
//!
//! The body is fed in chunks as it downloads. Each `data[i].b64_json` string is decoded on the fly
//! into parts of at most [`PART_SIZE`] bytes handed to an [`ImageSink`]; everything else (a small
//! "skeleton" of the JSON with each base64 value replaced by its image index) is kept and parsed at
//! the end. Memory stays bounded by the part size and the skeleton, whatever the image sizes.

use crate::core::json::{self, JsonParser, Map, Value};
use crate::core::media::probe::{ImageInfo, ImageProbe};
use crate::core::response::base64_stream::{grow_zeroed, Base64Stream};
use crate::core::response::bom::strip_bom;
use crate::core::response::simd;

/// Decoded bytes are handed over in parts of this size (the browser's sink copies each out of wasm
/// memory at once). 512 KiB keeps wasm memory under 3 MiB, which 1 MiB did not (`node
/// bench/run.mjs`, 2026-12-02).
pub const PART_SIZE: usize = 512 * 1024;
/// The JSON outside the images may not exceed this (a guard against unbounded bodies).
pub const MAX_SKELETON: usize = 4 * 1024 * 1024;
const MAX_DEPTH: usize = 64;

/// Receives decoded image bytes.
pub trait ImageSink {
    /// Bytes `part` of image `index` (images are numbered in body order from 0).
    fn image_part(&mut self, index: usize, part: &[u8]);

    /// Image `index` is complete: `last_part` is its last bytes (maybe none), `info` what its header
    /// said. Lets a sink assemble the image (and free its parts) before the rest of the body
    /// arrives, and make it from the last part without holding that part first.
    fn image_end(&mut self, index: usize, last_part: &[u8], _info: Option<ImageInfo>) {
        if !last_part.is_empty() {
            self.image_part(index, last_part);
        }
    }
}

/// Why a body could not be decoded.
#[derive(Debug, Clone, PartialEq)]
pub enum DecodeFailure {
    /// Not a well-formed response (bad JSON, bad base64, cut short).
    Malformed(String),
    /// The body is an `{"error": ...}` object (some proxies send those with status 200).
    ApiError(Value),
    /// `data` is empty: the API produced no image.
    NoImages,
}

/// One entry of `data`.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseImage {
    /// The decoded image, for `b64_json` entries.
    pub decoded: Option<DecodedImage>,
    /// The URL, for `url` entries (DALL·E `response_format: "url"`).
    pub url: Option<String>,
    /// The prompt the model actually used, when returned.
    pub revised_prompt: Option<String>,
}

/// A `b64_json` image that went through the sink.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DecodedImage {
    /// The sink index of its parts.
    pub index: usize,
    /// Total decoded bytes.
    pub byte_len: u64,
    /// Header facts; None when the bytes are no known image format.
    pub info: Option<ImageInfo>,
}

/// The decoded response.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedResponse {
    /// `created` (unix seconds).
    pub created: Option<i64>,
    /// `data`, in order.
    pub images: Vec<ResponseImage>,
    /// `usage` as returned.
    pub usage: Option<Value>,
    /// `size` as returned.
    pub size: Option<String>,
    /// `quality` as returned.
    pub quality: Option<String>,
    /// `output_format` as returned.
    pub output_format: Option<String>,
    /// `background` as returned.
    pub background: Option<String>,
}

/// Where in the JSON structure the walker stands, per container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Data,
    B64Json,
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Frame {
    is_object: bool,
    expect_key: bool,
    key: Key,
    /// This object already had a `b64_json` key: a second one is refused (parsers disagree on
    /// which of two duplicates counts).
    seen_b64: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StringMode {
    Key,
    Copy,
    Base64,
}

#[derive(Debug)]
struct CurrentImage {
    index: usize,
    base64: Base64Stream,
    probe: ImageProbe,
    /// How much of the decoder's part buffer holds this image's next part.
    filled: usize,
}

/// A decoded image's byte count and header facts.
type FinishedImage = (u64, Option<ImageInfo>);

/// Where the `b64_json` values sit in the JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// `ImagesResponse`: `{"data": [{"b64_json": ...}, ...]}`.
    ImagesResponse,
    /// One SSE event: `{"type": ..., "b64_json": ...}`.
    StreamEvent,
}

/// The streaming decoder. Feed chunks with [`feed`](Self::feed), then call [`finish`](Self::finish).
#[derive(Debug)]
pub struct ResponseDecoder {
    /// Parses the skeleton at the end.
    parse: JsonParser,
    layout: Layout,
    /// Sink index of this decoder's first image (stream events share one sink).
    first_index: usize,
    stack: Vec<Frame>,
    skeleton: Vec<u8>,
    in_string: Option<StringMode>,
    escape: bool,
    /// Inside a `\uXXXX` escape in base64: the hex digits read so far and their value.
    unicode: Option<(u8, u32)>,
    key_buf: Vec<u8>,
    image: Option<CurrentImage>,
    /// The current image's part: zeroed once up to the most it has held, then reused for every
    /// part of every image, so decoding never zero-fills the same bytes twice.
    part: Vec<u8>,
    finished_images: Vec<FinishedImage>,
    failed: Option<String>,
}

impl Default for ResponseDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl ResponseDecoder {
    /// A decoder at the start of an `ImagesResponse` body, parsing its skeleton with serde_json.
    pub fn new() -> Self {
        Self::with_parser(json::parse)
    }

    /// A decoder at the start of an `ImagesResponse` body, parsing its skeleton with `parse`.
    pub fn with_parser(parse: JsonParser) -> Self {
        ResponseDecoder {
            parse,
            layout: Layout::ImagesResponse,
            first_index: 0,
            stack: Vec::new(),
            skeleton: Vec::new(),
            in_string: None,
            escape: false,
            unicode: None,
            key_buf: Vec::new(),
            image: None,
            part: Vec::new(),
            finished_images: Vec::new(),
            failed: None,
        }
    }

    /// A decoder for the JSON of one stream event, whose image goes to sink index `first_index`.
    pub fn for_stream_event(first_index: usize, parse: JsonParser) -> Self {
        ResponseDecoder {
            layout: Layout::StreamEvent,
            first_index,
            ..Self::with_parser(parse)
        }
    }

    /// Feeds the next chunk of the body.
    ///
    /// # Errors
    /// On malformed JSON or base64 (the rest of the body can then be dropped).
    pub fn feed(&mut self, chunk: &[u8], sink: &mut dyn ImageSink) -> Result<(), DecodeFailure> {
        if let Some(message) = &self.failed {
            return Err(DecodeFailure::Malformed(message.clone()));
        }
        let result = self.walk(chunk, sink);
        if let Err(message) = &result {
            self.failed = Some(message.clone());
        }
        result.map_err(DecodeFailure::Malformed)
    }

    fn walk(&mut self, mut chunk: &[u8], sink: &mut dyn ImageSink) -> Result<(), String> {
        while !chunk.is_empty() {
            if self.in_string == Some(StringMode::Base64) && !self.escape {
                chunk = self.base64_run(chunk, sink)?;
                continue;
            }
            let (&byte, rest) = chunk.split_first().ok_or("empty chunk")?;
            chunk = rest;
            match self.in_string {
                Some(mode) => self.string_byte(mode, byte, sink)?,
                None => self.structural_byte(byte)?,
            }
        }
        if self.skeleton.len() > MAX_SKELETON {
            return Err("the response holds more than 4 MiB of JSON besides its images".into());
        }
        Ok(())
    }

    /// Decodes the longest run of base64 characters at the start of `chunk`; returns the rest.
    fn base64_run<'c>(&mut self, chunk: &'c [u8], sink: &mut dyn ImageSink) -> Result<&'c [u8], String> {
        let end = simd::find_string_end(chunk).unwrap_or(chunk.len());
        let (run, rest) = chunk.split_at(end);
        self.push_base64(run, sink)?;
        if let Some((&b, rest)) = rest.split_first() {
            if b == b'"' {
                self.end_image(sink)?;
                self.in_string = None;
                self.skeleton.push(b'"');
            } else {
                self.escape = true;
            }
            return Ok(rest);
        }
        Ok(rest)
    }

    /// A byte of an escape in base64 (after the backslash). JSON may escape '/' and wrap lines, and
    /// some writers escape any character as `\uXXXX` (.NET's `System.Text.Json` writes '+' as
    /// `\u002B`, Gson '=' as `\u003d`): the base64 is what `JSON.parse` reads. Line breaks, tabs and
    /// form feeds are skipped, as base64 decoders (`atob`, `Uint8Array.fromBase64`) skip them; a
    /// space is refused, escaped or not (the fast path does not look for raw ones).
    fn base64_escape(&mut self, byte: u8, sink: &mut dyn ImageSink) -> Result<(), String> {
        let Some((digits, value)) = self.unicode else {
            self.escape = byte == b'u';
            return match byte {
                b'/' => self.push_base64(b"/", sink),
                b'n' | b'r' | b't' | b'f' => Ok(()),
                b'u' => {
                    self.unicode = Some((0, 0));
                    Ok(())
                }
                _ => Err(format!("unsupported escape \\{} inside b64_json", byte as char)),
            };
        };
        let digit = char::from(byte)
            .to_digit(16)
            .ok_or("a \\u escape inside b64_json without four hex digits")?;
        let value = value * 16 + digit;
        if digits < 3 {
            self.unicode = Some((digits + 1, value));
            return Ok(());
        }
        self.unicode = None;
        self.escape = false;
        match u8::try_from(value) {
            Ok(symbol @ (b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' | b'=')) => {
                self.push_base64(&[symbol], sink)
            }
            Ok(b'\t' | b'\n' | b'\x0c' | b'\r') => Ok(()),
            _ => Err("a \\u escape inside b64_json that is neither base64 nor a line break".into()),
        }
    }

    fn push_base64(&mut self, mut run: &[u8], sink: &mut dyn ImageSink) -> Result<(), String> {
        let image = self.image.as_mut().ok_or("base64 outside an image")?;
        while !run.is_empty() {
            // Feed only as many characters as fit in the part, so parts never exceed PART_SIZE.
            let room_chars = (PART_SIZE.saturating_sub(image.filled) / 3 * 4).max(4);
            let (piece, rest) = run.split_at(room_chars.min(run.len()));
            run = rest;
            let room = part_room(&mut self.part, image.filled, image.base64.room_for(piece.len()));
            let written = image
                .base64
                .push_into(piece, room)
                .map_err(|e| format!("b64_json of image {}: {}", image.index, e.0))?;
            image.probe.push(room.get(..written).unwrap_or_default());
            image.filled += written;
            if image.filled + 3 > PART_SIZE {
                sink.image_part(image.index, self.part.get(..image.filled).unwrap_or_default());
                image.filled = 0;
            }
        }
        Ok(())
    }

    fn string_byte(&mut self, mode: StringMode, byte: u8, sink: &mut dyn ImageSink) -> Result<(), String> {
        if mode == StringMode::Base64 {
            return self.base64_escape(byte, sink);
        }
        self.skeleton.push(byte);
        if self.escape {
            self.escape = false;
            if mode == StringMode::Key {
                // Escaped keys are never the ones looked for.
                self.key_buf.push(0);
            }
            return Ok(());
        }
        match byte {
            b'\\' => self.escape = true,
            b'"' => {
                self.in_string = None;
                if mode == StringMode::Key {
                    self.end_key()?;
                }
            }
            _ if mode == StringMode::Key && self.key_buf.len() < 16 => self.key_buf.push(byte),
            _ if mode == StringMode::Key => self.key_buf.push(0),
            _ => {}
        }
        Ok(())
    }

    fn end_key(&mut self) -> Result<(), String> {
        let key = match self.key_buf.as_slice() {
            b"data" if self.stack.len() == 1 => Key::Data,
            b"b64_json" if self.at_image_owner() => Key::B64Json,
            _ => Key::Other,
        };
        if let Some(top) = self.stack.last_mut() {
            if key == Key::B64Json && std::mem::replace(&mut top.seen_b64, true) {
                return Err("an image object has two b64_json keys".into());
            }
            top.key = key;
        }
        self.key_buf.clear();
        Ok(())
    }

    /// Whether the innermost container is the object that holds a `b64_json`: an item of the root's
    /// `data` array, or the root itself for a stream event.
    fn at_image_owner(&self) -> bool {
        match self.layout {
            Layout::ImagesResponse => matches!(
                self.stack.as_slice(),
                [root, array, item] if root.key == Key::Data && !array.is_object && item.is_object
            ),
            Layout::StreamEvent => matches!(self.stack.as_slice(), [root] if root.is_object),
        }
    }

    fn structural_byte(&mut self, byte: u8) -> Result<(), String> {
        match byte {
            b'"' => {
                let top = self.stack.last().copied();
                let mode = match top {
                    Some(f) if f.is_object && f.expect_key => StringMode::Key,
                    Some(f) if f.is_object && f.key == Key::B64Json && self.at_image_owner() => StringMode::Base64,
                    _ => StringMode::Copy,
                };
                self.in_string = Some(mode);
                if mode == StringMode::Base64 {
                    let local = self.finished_images.len() + usize::from(self.image.is_some());
                    self.skeleton.extend_from_slice(format!("\"{local}").as_bytes());
                    self.image = Some(CurrentImage {
                        index: self.first_index + local,
                        base64: Base64Stream::new(),
                        probe: ImageProbe::new(),
                        filled: 0,
                    });
                } else {
                    self.skeleton.push(byte);
                }
            }
            b'{' | b'[' => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err("the response JSON is nested too deeply".into());
                }
                self.stack.push(Frame {
                    is_object: byte == b'{',
                    expect_key: byte == b'{',
                    key: Key::Other,
                    seen_b64: false,
                });
                self.skeleton.push(byte);
            }
            b'}' | b']' => {
                self.stack.pop();
                self.skeleton.push(byte);
            }
            b':' => {
                if let Some(top) = self.stack.last_mut() {
                    top.expect_key = false;
                }
                self.skeleton.push(byte);
            }
            b',' => {
                if let Some(top) = self.stack.last_mut() {
                    top.expect_key = top.is_object;
                    top.key = Key::Other;
                }
                self.skeleton.push(byte);
            }
            // Kept, one space per run, so that tokens the body separates stay apart (`1 2` is not `12`).
            b' ' | b'\n' | b'\r' | b'\t' => {
                if self.skeleton.last() != Some(&b' ') {
                    self.skeleton.push(b' ');
                }
            }
            _ => self.skeleton.push(byte),
        }
        Ok(())
    }

    fn end_image(&mut self, sink: &mut dyn ImageSink) -> Result<(), String> {
        let Some(mut image) = self.image.take() else {
            return Ok(());
        };
        let room = part_room(&mut self.part, image.filled, 3);
        let written = image
            .base64
            .finish_into(room)
            .map_err(|e| format!("b64_json of image {}: {}", image.index, e.0))?;
        image.probe.push(room.get(..written).unwrap_or_default());
        // The image ended: a probe still waiting (a tiny SVG, a GIF cut short) keeps what it knows.
        image.probe.finish();
        let part = self.part.get(..image.filled + written).unwrap_or_default();
        sink.image_end(image.index, part, image.probe.info());
        self.finished_images
            .push((image.base64.decoded_len(), image.probe.info()));
        Ok(())
    }

    /// Ends the body and parses everything but the images.
    ///
    /// # Errors
    /// When the body was cut short, is not an `ImagesResponse`, is an error object, or has no images.
    pub fn finish(self) -> Result<DecodedResponse, DecodeFailure> {
        let parse = self.parse;
        let (skeleton_bytes, finished_images) = self.finish_parts()?;
        // The skeleton starts as the body does, where `Response.json()` drops a BOM.
        let skeleton_bytes = strip_bom(&skeleton_bytes);
        if skeleton_bytes.trim_ascii().is_empty() {
            return Err(DecodeFailure::Malformed("the response body is empty".into()));
        }
        let skeleton = parse(skeleton_bytes)
            .and_then(Skeleton::read)
            .map_err(|e| DecodeFailure::Malformed(format!("the response body is not an images response: {e}")))?;
        if let Some(error) = skeleton.error.filter(|_| skeleton.data.is_none()) {
            return Err(DecodeFailure::ApiError(error));
        }
        let data = skeleton
            .data
            .ok_or_else(|| DecodeFailure::Malformed("the response has no data field".into()))?;
        if data.is_empty() {
            return Err(DecodeFailure::NoImages);
        }
        let mut images = Vec::with_capacity(data.len());
        for (position, item) in data.into_iter().enumerate() {
            let decoded = match item.b64_json.as_deref().map(str::parse::<usize>) {
                Some(Ok(local)) => Some(
                    image_at(&finished_images, local, 0)
                        .ok_or_else(|| DecodeFailure::Malformed(format!("data[{position}].b64_json is empty")))?,
                ),
                Some(Err(_)) => {
                    return Err(DecodeFailure::Malformed(format!(
                        "data[{position}].b64_json is not a string"
                    )))
                }
                None => None,
            };
            if decoded.is_none() && item.url.is_none() {
                return Err(DecodeFailure::Malformed(format!(
                    "data[{position}] has neither b64_json nor url"
                )));
            }
            images.push(ResponseImage {
                decoded,
                url: item.url,
                revised_prompt: item.revised_prompt,
            });
        }
        Ok(DecodedResponse {
            created: skeleton.created.as_ref().and_then(Value::as_i64),
            images,
            usage: skeleton.usage,
            size: skeleton.size,
            quality: skeleton.quality,
            output_format: skeleton.output_format,
            background: skeleton.background,
        })
    }
}

impl ResponseDecoder {
    /// Checks the JSON ended cleanly; returns the skeleton bytes and the finished images.
    fn finish_parts(self) -> Result<(Vec<u8>, Vec<FinishedImage>), DecodeFailure> {
        if let Some(message) = self.failed {
            return Err(DecodeFailure::Malformed(message));
        }
        if self.in_string.is_some() || !self.stack.is_empty() {
            return Err(DecodeFailure::Malformed(
                "the response body ended early (cut off mid-JSON)".into(),
            ));
        }
        Ok((self.skeleton, self.finished_images))
    }

    /// Ends a stream event's JSON: its skeleton as a value (each `b64_json` replaced by its local
    /// image index) and its decoded images.
    pub(crate) fn finish_event(self) -> Result<(Value, Vec<DecodedImage>), DecodeFailure> {
        let (first_index, parse) = (self.first_index, self.parse);
        let (skeleton, finished) = self.finish_parts()?;
        // Some compatible providers end streams with chat-style `data: [DONE]`.
        if skeleton.trim_ascii() == b"[DONE]" {
            return Ok((Value::Null, Vec::new()));
        }
        let value =
            parse(&skeleton).map_err(|e| DecodeFailure::Malformed(format!("a stream event is not JSON: {e}")))?;
        let images = (0..finished.len())
            .filter_map(|local| image_at(&finished, local, first_index))
            .collect();
        Ok((value, images))
    }
}

/// The finished image at `local`, unless it is missing or empty (an empty `b64_json` is no image).
fn image_at(finished: &[FinishedImage], local: usize, first_index: usize) -> Option<DecodedImage> {
    let (byte_len, info) = finished.get(local).copied()?;
    (byte_len > 0).then_some(DecodedImage {
        index: first_index + local,
        byte_len,
        info,
    })
}

/// The response with each `b64_json` replaced by its image index.
///
/// Read from a `Value` by hand rather than derived: serde's typed errors ("invalid type: floating
/// point `1.5`, expected ...") link core's float printing: the derives here, in `api_error` and in
/// `listing` cost 59 KB of wasm (24 KB gzip), measured 2026-12-02.
struct Skeleton {
    created: Option<Value>,
    data: Option<Vec<SkeletonItem>>,
    usage: Option<Value>,
    size: Option<String>,
    quality: Option<String>,
    output_format: Option<String>,
    background: Option<String>,
    error: Option<Value>,
}

struct SkeletonItem {
    b64_json: Option<String>,
    url: Option<String>,
    revised_prompt: Option<String>,
}

impl Skeleton {
    /// The fields an `ImagesResponse` has, typed as serde would (null is absent); others are ignored.
    fn read(value: Value) -> Result<Skeleton, String> {
        let Value::Object(mut top) = value else {
            return Err("not a JSON object".into());
        };
        let data = match top.remove("data") {
            None | Some(Value::Null) => None,
            // A loop, not `collect::<Result<_, _>>`: its adapter was 1.1 KB of the .wasm.
            Some(Value::Array(items)) => {
                let mut read = Vec::with_capacity(items.len());
                for (i, item) in items.into_iter().enumerate() {
                    read.push(SkeletonItem::read(item, i)?);
                }
                Some(read)
            }
            Some(_) => return Err("data is not an array".into()),
        };
        Ok(Skeleton {
            created: present(top.remove("created")),
            data,
            usage: present(top.remove("usage")),
            size: text(&mut top, "size", "")?,
            quality: text(&mut top, "quality", "")?,
            output_format: text(&mut top, "output_format", "")?,
            background: text(&mut top, "background", "")?,
            error: present(top.remove("error")),
        })
    }
}

impl SkeletonItem {
    fn read(item: Value, position: usize) -> Result<SkeletonItem, String> {
        let Value::Object(mut item) = item else {
            return Err(format!("data[{position}] is not an object"));
        };
        let at = format!("data[{position}].");
        Ok(SkeletonItem {
            b64_json: text(&mut item, "b64_json", &at)?,
            url: text(&mut item, "url", &at)?,
            revised_prompt: text(&mut item, "revised_prompt", &at)?,
        })
    }
}

/// A field that is absent or null as `None`.
fn present(value: Option<Value>) -> Option<Value> {
    value.filter(|v| !v.is_null())
}

/// An optional string field; any other type is an error naming it (`prefix` + `key`).
fn text(object: &mut Map, key: &str, prefix: &str) -> Result<Option<String>, String> {
    match present(object.remove(key)) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(format!("{prefix}{key} is not a string")),
    }
}

/// `len` bytes of `part` from `at`, zeroing it further first if it has never been that long.
/// Its whole size is reserved at once: growing by doubling would leave wasm memory holding the
/// old buffer and one twice the size needed.
fn part_room(part: &mut Vec<u8>, at: usize, len: usize) -> &mut [u8] {
    if part.len() < at + len {
        part.reserve_exact((PART_SIZE + 4).saturating_sub(part.len()));
        grow_zeroed(part, at + len - part.len());
    }
    part.get_mut(at..at + len).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::media::probe::ImageFormat;
    use base64::Engine;

    #[derive(Default)]
    struct Collect(Vec<Vec<u8>>, usize);

    impl ImageSink for Collect {
        fn image_part(&mut self, index: usize, part: &[u8]) {
            if self.0.len() <= index {
                self.0.resize(index + 1, Vec::new());
            }
            self.0[index].extend_from_slice(part);
            self.1 = self.1.max(part.len());
        }
    }

    fn b64(bytes: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    /// A real 3x2 RGBA PNG header (signature + IHDR), enough for the probe.
    fn png_bytes(extra: usize) -> Vec<u8> {
        let mut v = vec![
            0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R',
        ];
        v.extend_from_slice(&3u32.to_be_bytes());
        v.extend_from_slice(&2u32.to_be_bytes());
        v.extend_from_slice(&[8, 6, 0, 0, 0, 0x2d, 0x51, 0xcf, 0x0f]);
        v.extend((0..extra).map(|i| (i * 7 % 251) as u8));
        v
    }

    fn decode_split(body: &[u8], cut: impl Fn(usize) -> usize) -> (Result<DecodedResponse, DecodeFailure>, Collect) {
        let mut d = ResponseDecoder::new();
        let mut sink = Collect::default();
        let mut at = 0;
        let mut step = 0;
        while at < body.len() {
            let end = (at + cut(step).max(1)).min(body.len());
            if let Err(e) = d.feed(&body[at..end], &mut sink) {
                return (Err(e), sink);
            }
            at = end;
            step += 1;
        }
        (d.finish(), sink)
    }

    fn sample_body(a: &[u8], b: &[u8]) -> String {
        format!(
            r#"{{"created":1700000000,"data":[{{"b64_json":"{}","revised_prompt":"a \"boat\" {{x}}"}},{{"b64_json":"{}"}}],"background":"opaque","output_format":"png","quality":"high","size":"1024x1024","usage":{{"input_tokens":5,"output_tokens":10,"total_tokens":15,"vendor_extra":1}}}}"#,
            b64(a),
            b64(b)
        )
    }

    #[test]
    fn decodes_images_and_fields_at_every_split() {
        let (a, b) = (png_bytes(40), png_bytes(3));
        let body = sample_body(&a, &b);
        for cut in 1..body.len() {
            let (result, sink) = decode_split(body.as_bytes(), |step| if step == 0 { cut } else { body.len() });
            let r = result.unwrap_or_else(|e| panic!("cut {cut}: {e:?}"));
            assert_eq!(sink.0, vec![a.clone(), b.clone()], "cut {cut}");
            assert_eq!(r.images.len(), 2);
            assert_eq!(r.images[0].revised_prompt.as_deref(), Some("a \"boat\" {x}"));
            let info = r.images[0].decoded.unwrap().info.unwrap();
            assert_eq!(
                (info.format, info.width, info.height, info.has_alpha),
                (ImageFormat::Png, Some(3), Some(2), Some(true))
            );
            assert_eq!(r.images[1].decoded.unwrap().byte_len, b.len() as u64);
            assert_eq!(r.created, Some(1_700_000_000));
            assert_eq!(
                r.usage.as_ref().unwrap()["vendor_extra"],
                1,
                "unknown fields are kept in usage"
            );
            assert_eq!(
                (r.size.as_deref(), r.quality.as_deref()),
                (Some("1024x1024"), Some("high"))
            );
        }
    }

    #[test]
    fn byte_at_a_time_and_odd_splits() {
        let body = sample_body(&png_bytes(1000), &png_bytes(0));
        for size in [1, 2, 3, 5, 7, 64] {
            let (result, sink) = decode_split(body.as_bytes(), |_| size);
            assert!(result.is_ok(), "size {size}");
            assert_eq!(sink.0[0], png_bytes(1000));
        }
    }

    #[test]
    fn big_images_arrive_in_bounded_parts() {
        let big: Vec<u8> = (0..3 * PART_SIZE + 123).map(|i| (i % 256) as u8).collect();
        let body = format!(r#"{{"created":1,"data":[{{"b64_json":"{}"}}]}}"#, b64(&big));
        let (result, sink) = decode_split(body.as_bytes(), |_| 65_536);
        assert!(result.is_ok());
        assert_eq!(sink.0[0], big);
        assert!(sink.1 <= PART_SIZE + 3, "largest part {}", sink.1);
    }

    #[test]
    fn one_part_buffer_of_its_final_size_serves_every_image() {
        // A small image first, then big ones: the buffer must not grow by doubling past its size
        // (wasm memory would keep both the old buffer and the larger one).
        let (small, big) = (png_bytes(100), vec![7u8; 2 * PART_SIZE + 5]);
        let body = format!(
            r#"{{"data":[{{"b64_json":"{}"}},{{"b64_json":"{}"}},{{"b64_json":"{}"}}]}}"#,
            b64(&small),
            b64(&big),
            b64(&big)
        );
        let mut decoder = ResponseDecoder::new();
        let mut sink = Collect::default();
        for chunk in body.as_bytes().chunks(10_000) {
            decoder.feed(chunk, &mut sink).unwrap();
            assert!(
                decoder.part.capacity() <= PART_SIZE + 4,
                "capacity {}",
                decoder.part.capacity()
            );
        }
        assert!(decoder.finish().is_ok());
        assert_eq!(sink.0, [small, big.clone(), big]);
    }

    #[test]
    fn escaped_slashes_and_whitespace_in_json() {
        let raw = vec![0xffu8; 30];
        let encoded = b64(&raw).replace('/', "\\/");
        let body = format!("{{ \"data\" : [ {{ \"b64_json\" : \"{encoded}\" }} ] }}\n");
        let (result, sink) = decode_split(body.as_bytes(), |_| 3);
        assert!(result.is_ok());
        assert_eq!(sink.0[0], raw);
    }

    #[test]
    fn url_results_and_nested_b64_json_keys_elsewhere() {
        let body = r#"{"created":2,"data":[{"url":"https://x/y.png","revised_prompt":"r"}],"meta":{"b64_json":"not-an-image"}}"#;
        let (result, sink) = decode_split(body.as_bytes(), |_| 4);
        let r = result.unwrap();
        assert!(sink.0.is_empty());
        assert_eq!(r.images[0].url.as_deref(), Some("https://x/y.png"));
        assert!(r.images[0].decoded.is_none());
    }

    /// Writers that escape base64's characters as `\uXXXX` (.NET's `System.Text.Json` writes '+'
    /// as `\u002B`, Gson '=' as `\u003d`) or wrap it with whitespace escapes: the image is what
    /// `JSON.parse` + `atob` give, wherever the body is split (inside an escape too). They were
    /// refused as an "unsupported escape".
    #[test]
    fn unicode_and_whitespace_escapes_in_base64() {
        let raw: Vec<u8> = (0..=255u8).cycle().take(700).collect();
        let encoded = b64(&raw);
        assert!(encoded.contains('+') && encoded.contains('/') && encoded.ends_with("=="));
        let wrapped = |gap: &str| {
            let chars: Vec<char> = encoded.chars().collect();
            chars
                .chunks(10)
                .map(|c| c.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join(gap)
        };
        let variants = [
            encoded.replace('+', "\\u002B"),
            encoded
                .replace('+', "\\u002b")
                .replace('/', "\\u002F")
                .replace('=', "\\u003d"),
            encoded.replace('=', "\\u003D").replace('A', "\\u0041"),
            wrapped("\\t"),
            wrapped("\\f"),
            wrapped("\\u000a"),
            wrapped("\\u000D\\u000a\\u0009\\u000C"),
        ];
        for text in &variants {
            let body = format!(r#"{{"data":[{{"b64_json":"{text}"}}]}}"#);
            for cut in [1, 2, 3, 5, 7, 4096] {
                let (result, sink) = decode_split(body.as_bytes(), |_| cut);
                assert!(result.is_ok(), "{text}, pieces of {cut}: {result:?}");
                assert_eq!(sink.0[0], raw, "{text}, pieces of {cut}");
            }
        }
        for bad in [" ", "\\u0020", "\\u00e9", "\\u0022", "\\u003", "\\uZZZZ", "\\b", "\\\\"] {
            let body = format!(r#"{{"data":[{{"b64_json":"AAAA{bad}AAAA"}}]}}"#);
            let (result, _) = decode_split(body.as_bytes(), |_| 2);
            assert!(matches!(result, Err(DecodeFailure::Malformed(_))), "{bad}: {result:?}");
        }
    }

    /// A body may start with a UTF-8 BOM, which `Response.json()` drops (some servers write one):
    /// it decodes wherever the chunks split it. Only one, and only at the start.
    #[test]
    fn a_leading_byte_order_mark_is_skipped() {
        let raw = vec![7u8; 40];
        let body = format!("\u{feff}{{\"data\":[{{\"b64_json\":\"{}\"}}]}}", b64(&raw));
        for cut in 1..=5 {
            let (result, sink) = decode_split(body.as_bytes(), |_| cut);
            assert!(result.is_ok(), "pieces of {cut}: {result:?}");
            assert_eq!(sink.0[0], raw, "pieces of {cut}");
        }
        let bad: [&[u8]; 4] = [
            b"\xEF\xBB\xBF\xEF\xBB\xBF{}",
            b"{\xEF\xBB\xBF}",
            b"\xEF\xBB{}",
            b"\xEF\xBB",
        ];
        for body in bad {
            let (result, _) = decode_split(body, |_| 1);
            assert!(
                matches!(result, Err(DecodeFailure::Malformed(_))),
                "{body:?}: {result:?}"
            );
        }
    }

    /// Text that is not UTF-8 (a `revised_prompt` cut mid-character by a proxy) reads as U+FFFD, as
    /// `Response.json()` reads it; the images are whole. It failed the whole response.
    #[test]
    fn text_that_is_not_utf8_reads_as_replacement_characters() {
        let raw = vec![9u8; 30];
        let body = [
            &b"{\"data\":[{\"revised_prompt\":\"caf\xc3\",\"b64_json\":\""[..],
            b64(&raw).as_bytes(),
            b"\"}]}",
        ]
        .concat();
        let (result, sink) = decode_split(&body, |_| 7);
        let response = result.unwrap();
        assert_eq!(response.images[0].revised_prompt.as_deref(), Some("caf\u{fffd}"));
        assert_eq!(sink.0[0], raw);
    }

    #[test]
    fn failures_are_typed() {
        type Check = fn(&DecodeFailure) -> bool;
        let cases: &[(&str, Check)] = &[
            (r#"{"created":1,"data":[]}"#, |f| *f == DecodeFailure::NoImages),
            (r#"{"error":{"message":"nope","code":"x"}}"#, |f| {
                matches!(f, DecodeFailure::ApiError(_))
            }),
            (r#"{"created":1,"data":[{"b64_json":"aGk*"}]}"#, |f| {
                matches!(f, DecodeFailure::Malformed(_))
            }),
            (
                r#"{"created":1,"data":[{"b64_json":"aGk="}"#,
                |f| matches!(f, DecodeFailure::Malformed(m) if m.contains("ended early")),
            ),
            (r#"{"created":1,"data":[{"b64_json":""}]}"#, |f| {
                matches!(f, DecodeFailure::Malformed(_))
            }),
            (r#"{"created":1,"data":[{}]}"#, |f| {
                matches!(f, DecodeFailure::Malformed(_))
            }),
            ("<html>502</html>", |f| matches!(f, DecodeFailure::Malformed(_))),
            ("", |f| matches!(f, DecodeFailure::Malformed(m) if m.contains("empty"))),
            (r#"{"created":1}"#, |f| matches!(f, DecodeFailure::Malformed(_))),
        ];
        for (body, check) in cases {
            let (result, _) = decode_split(body.as_bytes(), |_| 5);
            let failure = result.unwrap_err();
            assert!(check(&failure), "{body}: {failure:?}");
        }
    }

    #[test]
    fn fields_are_read_as_json_parse_reads_them() {
        // A wrongly typed field is named in the message.
        for (body, named) in [
            (r#"{"data":[{"url":5}]}"#, "data[0].url is not a string"),
            (
                r#"{"data":[{"url":"u"},{"url":"u","revised_prompt":[]}]}"#,
                "data[1].revised_prompt is not a string",
            ),
            (r#"{"data":[{"url":"u"}],"size":1.5}"#, "size is not a string"),
            (r#"{"data":{"url":"u"}}"#, "data is not an array"),
            (r#"{"data":["u"]}"#, "data[0] is not an object"),
            (r#"[{"data":[{"url":"u"}]}]"#, "not a JSON object"),
        ] {
            let (result, _) = decode_split(body.as_bytes(), |_| 3);
            assert!(
                matches!(&result, Err(DecodeFailure::Malformed(m)) if m.contains(named)),
                "{body}: {:?}",
                result.err()
            );
        }
        // null is no value; a repeated key's last value wins, as with `JSON.parse`.
        let body = r#"{"created":null,"size":null,"data":[{"url":"a"}],"data":[{"url":"b","revised_prompt":null}]}"#;
        let response = decode_split(body.as_bytes(), |_| 4).0.unwrap();
        assert_eq!((response.created, response.size), (None, None));
        assert_eq!(response.images.len(), 1);
        assert_eq!(response.images[0].url.as_deref(), Some("b"));
        assert_eq!(response.images[0].revised_prompt, None);
    }

    #[test]
    fn truncation_at_every_offset_never_succeeds() {
        let body = sample_body(&png_bytes(10), &png_bytes(2));
        for end in 0..body.len() - 1 {
            let (result, _) = decode_split(&body.as_bytes()[..end], |_| 7);
            assert!(result.is_err(), "truncated at {end} decoded as success");
        }
    }

    #[test]
    fn deep_nesting_is_refused() {
        let body = "[".repeat(100);
        let (result, _) = decode_split(body.as_bytes(), |_| 100);
        assert!(matches!(result, Err(DecodeFailure::Malformed(m)) if m.contains("deeply")));
    }

    // ---- found by fuzzing (fuzz/fuzz_targets/response_decoder.rs, sse_decoder.rs) ----

    #[test]
    fn two_b64_json_keys_in_one_image_object_are_refused() {
        // serde_json's `Value` keeps the last of two keys, the decoder decoded the first: refuse.
        let body = format!(
            r#"{{"data":[{{"b64_json":"{}","b64_json":"{}"}}]}}"#,
            b64(&png_bytes(1)),
            b64(&png_bytes(2))
        );
        let (result, _) = decode_split(body.as_bytes(), |_| 3);
        assert!(matches!(result, Err(DecodeFailure::Malformed(m)) if m.contains("two b64_json")));
        // One per item is fine, and other objects may repeat the key.
        let body = format!(
            r#"{{"data":[{{"b64_json":"{a}"}},{{"b64_json":"{a}"}}],"x":{{"b64_json":1,"b64_json":2}}}}"#,
            a = b64(&png_bytes(1))
        );
        assert!(decode_split(body.as_bytes(), |_| 5).0.is_ok());
    }

    #[test]
    fn whitespace_between_tokens_does_not_join_them() {
        // `1 2` was read as `12`, `t rue` as `true`: the skeleton dropped whitespace.
        for body in [
            r#"{"created":1 2,"data":[{"url":"u"}]}"#,
            r#"{"created":1,"data":[{"url":"u"}],"x":t rue}"#,
        ] {
            let (result, _) = decode_split(body.as_bytes(), |_| 4);
            assert!(matches!(result, Err(DecodeFailure::Malformed(_))), "{body}");
        }
        let body = "{ \"created\" :\t1 ,\r\n \"data\" : [ { \"url\" : \"u\" } ] }\n";
        assert_eq!(decode_split(body.as_bytes(), |_| 2).0.unwrap().created, Some(1));
        let (result, _) = decode_split(b"  \n ", |_| 1);
        assert!(matches!(result, Err(DecodeFailure::Malformed(m)) if m.contains("empty")));
    }

    #[test]
    fn a_json_array_is_not_an_images_response() {
        // serde's derived structs read `[created, data, ...]` as the fields in order.
        let (result, _) = decode_split(br#"[1,[{"url":"https://x/y.png"}]]"#, |_| 6);
        assert!(matches!(result, Err(DecodeFailure::Malformed(m)) if m.contains("not a JSON object")));
    }
}
