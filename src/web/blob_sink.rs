//! Decoded image parts become JS `Uint8Array`s (copied out of wasm memory, so it stays small), then
//! one `Blob` per image.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsValue;
use web_sys::{Blob, BlobPropertyBag};

use crate::core::response_decoder::ImageSink;

/// Collects the parts of each image as JS arrays.
#[derive(Debug, Default)]
pub(crate) struct BlobSink {
    parts: Vec<Option<Array>>,
}

impl ImageSink for BlobSink {
    fn image_part(&mut self, index: usize, part: &[u8]) {
        while self.parts.len() <= index {
            self.parts.push(None);
        }
        if let Some(slot) = self.parts.get_mut(index) {
            // `from` copies: a view into wasm memory would dangle once memory grows.
            slot.get_or_insert_with(Array::new).push(&Uint8Array::from(part));
        }
    }
}

impl BlobSink {
    /// The image's bytes as a `Blob` of type `mime_type`; the parts are let go (the Blob has them).
    pub(crate) fn take_blob(&mut self, index: usize, mime_type: &str) -> Result<Blob, JsValue> {
        let bag = BlobPropertyBag::new();
        bag.set_type(mime_type);
        let parts = self.parts.get_mut(index).and_then(Option::take).unwrap_or_default();
        Blob::new_with_u8_array_sequence_and_options(&parts, &bag)
    }
}
