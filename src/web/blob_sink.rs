//! Decoded image parts become JS `Uint8Array`s (copied out of wasm memory, so it stays small), then
//! one `Blob` per image.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsValue;
use web_sys::{Blob, BlobPropertyBag};

use crate::core::response_decoder::ImageSink;

/// Collects the parts of each image as JS arrays.
#[derive(Debug, Default)]
pub(crate) struct BlobSink {
    parts: Vec<Array>,
}

impl ImageSink for BlobSink {
    fn image_part(&mut self, index: usize, part: &[u8]) {
        while self.parts.len() <= index {
            self.parts.push(Array::new());
        }
        if let Some(parts) = self.parts.get(index) {
            // `from` copies: a view into wasm memory would dangle once memory grows.
            parts.push(&Uint8Array::from(part));
        }
    }
}

impl BlobSink {
    /// The image's bytes as a `Blob` of type `mime_type`.
    pub(crate) fn blob(&self, index: usize, mime_type: &str) -> Result<Blob, JsValue> {
        let bag = BlobPropertyBag::new();
        bag.set_type(mime_type);
        let empty = Array::new();
        let parts = self.parts.get(index).unwrap_or(&empty);
        Blob::new_with_u8_array_sequence_and_options(parts, &bag)
    }
}
