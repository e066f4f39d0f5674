//! The streaming `ImagesResponse` decoder, fed at fuzzer-chosen offsets.
//!
//! - Raw mode: the input is the body. Whatever it is, no panic; the outcome does not depend on the
//!   split; and when the decoder accepts the body, serde_json accepts it too and the images equal
//!   the base64 crate's decoding of the `b64_json` strings serde_json reads (differential).
//! - Generated mode (header flag bit 0): a valid body is built with serde_json from the fuzz bytes
//!   (images, urls, prompts, junk fields and nested `b64_json` keys elsewhere, pretty or compact,
//!   escaped slashes, wrapped or unpadded base64), and the decoder must decode it exactly.
#![no_main]

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD, STANDARD_NO_PAD};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use imagegen_wasm::core::media::probe::{probe, ImageInfo};
use imagegen_wasm::core::response::decoder::{DecodeFailure, DecodedResponse, ImageSink, ResponseDecoder, PART_SIZE};
use imagegen_wasm_fuzz::{arbitrary_json, split_input, Feed};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};

/// The reference decoder: padding optional, like the API's (some providers strip it).
const REFERENCE: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

#[derive(Default, Debug, PartialEq)]
struct Collect {
    images: Vec<Vec<u8>>,
    ended: Vec<Option<Option<ImageInfo>>>,
}

impl ImageSink for Collect {
    fn image_part(&mut self, index: usize, part: &[u8]) {
        assert!(part.len() <= PART_SIZE + 3, "part of {} bytes", part.len());
        assert!(!part.is_empty(), "empty part");
        if self.images.len() <= index {
            self.images.resize(index + 1, Vec::new());
            self.ended.resize(index + 1, None);
        }
        assert!(self.ended[index].is_none(), "part after the end of image {index}");
        self.images[index].extend_from_slice(part);
    }

    fn image_end(&mut self, index: usize, last_part: &[u8], info: Option<ImageInfo>) {
        if !last_part.is_empty() {
            self.image_part(index, last_part);
        }
        if self.images.len() <= index {
            self.images.resize(index + 1, Vec::new());
            self.ended.resize(index + 1, None);
        }
        assert!(self.ended[index].is_none(), "image {index} ended twice");
        self.ended[index] = Some(info);
    }
}

fn decode(chunks: &[&[u8]]) -> (Result<DecodedResponse, DecodeFailure>, Collect) {
    let mut decoder = ResponseDecoder::new();
    let mut sink = Collect::default();
    for chunk in chunks {
        if let Err(e) = decoder.feed(chunk, &mut sink) {
            // A failed decoder stays failed.
            assert!(decoder.feed(b"{}", &mut sink).is_err());
            return (Err(e), sink);
        }
    }
    (decoder.finish(), sink)
}

/// Same outcome, whatever the split: equal on success; same kind of failure otherwise (messages
/// may name offsets within a chunk).
fn assert_same_outcome(
    a: &(Result<DecodedResponse, DecodeFailure>, Collect),
    b: &(Result<DecodedResponse, DecodeFailure>, Collect),
) {
    match (&a.0, &b.0) {
        (Ok(x), Ok(y)) => {
            assert_eq!(x, y);
            assert_eq!(a.1, b.1);
        }
        (Err(DecodeFailure::Malformed(_)), Err(DecodeFailure::Malformed(_))) => {}
        (Err(x), Err(y)) => assert_eq!(x, y),
        (x, y) => panic!("split changed the outcome: {x:?} vs {y:?}"),
    }
}

/// What serde_json + base64 read from an accepted body must equal what the decoder gave.
fn check_against_reference(body: &[u8], response: &DecodedResponse, sink: &Collect) {
    // The reference reads the whole body as `JSON.parse` would (a serde_json `Value`: a repeated key's
    // last value wins, null is no value), then takes the fields an `ImagesResponse` has.
    // `Response.json()` drops one leading BOM, and reads bytes that are not UTF-8 as U+FFFD.
    let text = String::from_utf8_lossy(body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body));
    let value = match serde_json::from_str::<Value>(&text) {
        Ok(value) => Reference::of(&value),
        Err(e) => panic!("the decoder accepted a body serde_json rejects ({e}): {:?}", String::from_utf8_lossy(body)),
    };
    let data = &value.data;
    assert_eq!(data.len(), response.images.len());
    for (item, image) in data.iter().zip(&response.images) {
        assert_eq!(item.url, image.url);
        assert_eq!(item.revised_prompt, image.revised_prompt);
        match (item.b64_json.as_deref(), image.decoded) {
            (Some(text), Some(decoded)) => {
                // JSON may wrap base64 lines (`\n`, `\r`, `\t`, `\f`, or their `\u` escapes), which
                // base64 decoders (`atob`, `fromBase64`) skip, and so does the decoder (not spaces).
                let text: String = text.chars().filter(|c| !matches!(c, '\t' | '\n' | '\x0c' | '\r')).collect();
                let expected = REFERENCE.decode(&text).expect("the reference decodes what the decoder did");
                assert_eq!(sink.images.get(decoded.index), Some(&expected), "image {}", decoded.index);
                assert_eq!(decoded.byte_len, expected.len() as u64);
                assert_eq!(decoded.info, probe(&expected), "probe info of image {}", decoded.index);
                assert_eq!(sink.ended.get(decoded.index), Some(&Some(decoded.info)));
            }
            (None, None) => {}
            (text, decoded) => panic!("b64_json {text:?} but decoded {decoded:?}"),
        }
    }
    // The core reads numbers as JS does (f64): compare with the values in its terms.
    let created = value.created.map(imagegen_wasm::core::json::Value::from);
    assert_eq!(response.created, created.as_ref().and_then(imagegen_wasm::core::json::Value::as_i64));
    assert_eq!(response.usage, value.usage.map(imagegen_wasm::core::json::Value::from));
    assert_eq!(response.size, value.size);
    assert_eq!(response.quality, value.quality);
    assert_eq!(response.output_format, value.output_format);
    assert_eq!(response.background, value.background);
}

struct Reference {
    created: Option<Value>,
    data: Vec<ReferenceItem>,
    usage: Option<Value>,
    size: Option<String>,
    quality: Option<String>,
    output_format: Option<String>,
    background: Option<String>,
}

const WORDS: &[&str] = &[
    "data", "b64_json", "url", "revised_prompt", "created", "usage", "size", "quality", "error", "message",
    "output_format", "background", "\"", "\\", "/", "AAAA", "",
];

struct Built {
    body: Vec<u8>,
    /// Every image's decoded bytes, in order.
    images: Vec<Vec<u8>>,
    has_empty_image: bool,
}

/// Stand-ins for base64's '+' and '=' that the body's text then escapes as `\u` (private-use
/// characters, which serde_json writes as they are).
const PLUS: &str = "\u{e000}";
const EQUALS: &str = "\u{e001}";

const PNG_HEAD: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x25\0\0\0\x13\x08\x06\0\0\0";

fn build(u: &mut arbitrary::Unstructured) -> arbitrary::Result<Built> {
    let count = u.int_in_range(1..=4)?;
    let (pad, wrap, escape_slash, pretty) = (u.arbitrary::<bool>()?, u.int_in_range(0..=3u8)?, u.arbitrary()?, u.arbitrary()?);
    let escape_unicode = u.int_in_range(0..=3u8)?;
    // Some servers start the body with a BOM (.NET's `Encoding.UTF8`), which `Response.json()` drops.
    let bom = u.ratio(1, 8)?;
    let mut images = Vec::new();
    let mut items = Vec::new();
    let mut has_empty_image = false;
    for _ in 0..count {
        let mut item = Map::new();
        for _ in 0..u.int_in_range(0..=2)? {
            let key = imagegen_wasm_fuzz::arbitrary_word(u, WORDS)?;
            item.insert(key, arbitrary_json(u, WORDS, 2)?);
        }
        // Junk may not give the fields the decoder types a wrong type.
        item.retain(|k, v| !matches!(k.as_str(), "url" | "revised_prompt") || v.is_string() || v.is_null());
        if u.ratio(4, 5)? {
            let mut bytes: Vec<u8> = if u.ratio(1, 3)? { PNG_HEAD.to_vec() } else { Vec::new() };
            bytes.extend_from_slice({ let len = u.int_in_range(0..=700)?; u.bytes(len)? });
            // Rarely (and never once the fuzz bytes run out: `ratio` is then true), an image that
            // crosses a part boundary; it costs about 0.2 s instrumented.
            if !u.ratio(4999, 5000)? {
                bytes.resize(PART_SIZE + usize::from(u.arbitrary::<u8>()?), 0x5A);
            }
            let mut text = if pad { STANDARD.encode(&bytes) } else { STANDARD_NO_PAD.encode(&bytes) };
            if wrap > 0 {
                let width = [0, 4, 76, 64][usize::from(wrap)];
                let newline = if u.arbitrary()? { "\r\n" } else { "\n" };
                text = text
                    .as_bytes()
                    .chunks(width)
                    .map(|line| std::str::from_utf8(line).unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join(newline);
            }
            if escape_unicode > 0 {
                text = text.replace('+', PLUS);
            }
            if escape_unicode > 1 {
                text = text.replace('=', EQUALS);
            }
            has_empty_image |= bytes.is_empty();
            images.push(bytes);
            item.insert("b64_json".into(), Value::String(text));
        } else {
            item.remove("b64_json");
            item.insert("url".into(), Value::String(u.arbitrary()?));
        }
        if u.arbitrary()? {
            item.insert("revised_prompt".into(), Value::String(u.arbitrary()?));
        }
        items.push(Value::Object(item));
    }
    let mut root = Map::new();
    for _ in 0..u.int_in_range(0..=3)? {
        let key = imagegen_wasm_fuzz::arbitrary_word(u, WORDS)?;
        root.insert(key, arbitrary_json(u, WORDS, 3)?);
    }
    root.remove("error");
    for name in ["size", "quality", "output_format", "background"] {
        match u.int_in_range(0..=2u8)? {
            0 => {
                root.remove(name);
            }
            1 => {
                root.insert(name.into(), Value::String(u.arbitrary()?));
            }
            _ => {
                root.insert(name.into(), Value::Null);
            }
        }
    }
    root.insert("created".into(), json!(u.arbitrary::<i64>()?));
    if u.arbitrary()? {
        root.insert("usage".into(), arbitrary_json(u, WORDS, 3)?);
    }
    root.insert("data".into(), Value::Array(items));
    let value = Value::Object(root);
    let mut body = if pretty { serde_json::to_string_pretty(&value) } else { serde_json::to_string(&value) }
        .unwrap_or_default();
    if escape_slash {
        // JSON may escape '/' anywhere; outside strings there is none.
        body = body.replace('/', "\\/");
    }
    // Writers that escape more: .NET's System.Text.Json writes '+' as `\u002B`, Gson '=' as
    // `\u003d`. The base64 holds stand-ins for them (serde_json writes `e+` in numbers).
    body = body.replace(PLUS, if escape_unicode == 1 { "\\u002B" } else { "\\u002b" }).replace(EQUALS, "\\u003d");
    Ok(Built {
        body: [if bom { &b"\xEF\xBB\xBF"[..] } else { &[] }, body.as_bytes()].concat(),
        images,
        has_empty_image,
    })
}

fuzz_target!(|data: &[u8]| {
    let (feed, payload) = split_input(data);
    if feed.flags & 1 == 0 {
        let split = decode(&feed.chunks(payload));
        let whole = decode(&[payload]);
        assert_same_outcome(&split, &whole);
        let bytewise = Feed { bytewise: true, ..Feed::default() };
        if payload.len() <= 512 {
            assert_same_outcome(&decode(&bytewise.chunks(payload)), &whole);
        }
        if let (Ok(response), sink) = &whole {
            check_against_reference(payload, response, sink);
        }
        return;
    }
    let mut u = arbitrary::Unstructured::new(payload);
    let Ok(built) = build(&mut u) else { return };
    let (result, sink) = decode(&feed.chunks(&built.body));
    if built.has_empty_image {
        assert!(matches!(result, Err(DecodeFailure::Malformed(_))), "an empty b64_json was accepted");
        return;
    }
    let response = match result {
        Ok(response) => response,
        Err(e) => panic!("a valid body failed: {e:?}\n{}", String::from_utf8_lossy(&built.body)),
    };
    let decoded: Vec<&Vec<u8>> = response
        .images
        .iter()
        .filter_map(|i| i.decoded.map(|d| &sink.images[d.index]))
        .collect();
    assert_eq!(decoded, built.images.iter().collect::<Vec<_>>());
    check_against_reference(&built.body, &response, &sink);
});

struct ReferenceItem {
    b64_json: Option<String>,
    url: Option<String>,
    revised_prompt: Option<String>,
}

impl Reference {
    /// Panics where a field has a type the decoder should have refused.
    fn of(body: &Value) -> Reference {
        let field = |object: &Value, key: &str| object.get(key).filter(|v| !v.is_null()).cloned();
        let text = |object: &Value, key: &str| {
            field(object, key).map(|v| v.as_str().unwrap_or_else(|| panic!("{key} accepted as {v}")).to_owned())
        };
        let items = field(body, "data").expect("accepted without data");
        let items = items.as_array().expect("data accepted as a non-array");
        Reference {
            created: field(body, "created"),
            data: items
                .iter()
                .map(|item| {
                    assert!(item.is_object(), "data item accepted as {item}");
                    ReferenceItem {
                        b64_json: text(item, "b64_json"),
                        url: text(item, "url"),
                        revised_prompt: text(item, "revised_prompt"),
                    }
                })
                .collect(),
            usage: field(body, "usage"),
            size: text(body, "size"),
            quality: text(body, "quality"),
            output_format: text(body, "output_format"),
            background: text(body, "background"),
        }
    }
}
