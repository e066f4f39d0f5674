//! Incremental base64, fed at fuzzer-chosen offsets, against the base64 crate.
//!
//! Raw mode: any bytes as base64 text; the streamed result (bytes or failure) must equal the
//! base64 crate's one-shot decode with the same rules (standard alphabet, padding optional).
//! Generated mode (flag bit 0): base64 of fuzz bytes, padded or not, must give the bytes back.
#![no_main]

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD, STANDARD_NO_PAD};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use imagegen_wasm::core::response::base64_stream::Base64Stream;
use imagegen_wasm_fuzz::split_input;
use libfuzzer_sys::fuzz_target;

const REFERENCE: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

fn stream_decode(chunks: &[&[u8]]) -> Option<Vec<u8>> {
    let mut stream = Base64Stream::new();
    let mut out = Vec::new();
    for chunk in chunks {
        let before = out.len();
        if stream.push(chunk, &mut out).is_err() {
            return None;
        }
        assert!(out.len() - before <= chunk.len() / 4 * 3 + 3);
    }
    stream.finish(&mut out).ok()?;
    assert_eq!(stream.decoded_len(), out.len() as u64);
    Some(out)
}

fuzz_target!(|data: &[u8]| {
    let (feed, payload) = split_input(data);
    if feed.flags & 1 == 0 {
        let streamed = stream_decode(&feed.chunks(payload));
        let reference = REFERENCE.decode(payload).ok();
        assert_eq!(streamed, reference, "{:?}", String::from_utf8_lossy(payload));
        return;
    }
    let text = if feed.flags & 2 == 0 { STANDARD.encode(payload) } else { STANDARD_NO_PAD.encode(payload) };
    let streamed = stream_decode(&feed.chunks(text.as_bytes()));
    assert_eq!(streamed.as_deref(), Some(payload));
});
