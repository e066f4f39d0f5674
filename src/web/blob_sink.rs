//! Decoded image parts become JS `Uint8Array`s (copied out of wasm memory, so it stays small), and
//! each image becomes one `Blob` as soon as its base64 string ends, which lets its parts go while the
//! rest of the body is still downloading.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsValue;
use web_sys::{Blob, BlobPropertyBag};

use crate::core::media::probe::ImageInfo;
use crate::core::response::decoder::ImageSink;

/// What is held for one image: its parts while it arrives, then its Blob.
#[derive(Debug)]
enum Held {
    Parts(Array),
    Blob(Result<Blob, JsValue>),
}

/// Collects each image's parts, then its Blob.
#[derive(Debug, Default)]
pub(crate) struct BlobSink {
    images: Vec<Option<Held>>,
}

/// The MIME type for an image: sniffed from its bytes, never taken from the server's word.
pub(crate) fn mime_type_of(info: Option<ImageInfo>) -> &'static str {
    info.map_or("application/octet-stream", |i| i.format.mime_type())
}

impl ImageSink for BlobSink {
    fn image_part(&mut self, index: usize, part: &[u8]) {
        while self.images.len() <= index {
            self.images.push(None);
        }
        if let Some(slot) = self.images.get_mut(index) {
            if let Held::Parts(parts) = slot.get_or_insert_with(|| Held::Parts(Array::new())) {
                // `from` copies: a view into wasm memory would dangle once memory grows.
                parts.push(&Uint8Array::from(part));
            }
        }
    }

    fn image_end(&mut self, index: usize, info: Option<ImageInfo>) {
        if let Some(slot) = self.images.get_mut(index) {
            if let Some(Held::Parts(parts)) = slot.take() {
                *slot = Some(Held::Blob(blob_of(&parts, mime_type_of(info))));
            }
        }
    }
}

impl BlobSink {
    /// Lets an image's bytes go without making anything of them.
    pub(crate) fn discard(&mut self, index: usize) {
        if let Some(slot) = self.images.get_mut(index) {
            *slot = None;
        }
    }

    /// The image's `Blob` (built at its end, or now from what arrived).
    pub(crate) fn take_blob(&mut self, index: usize, info: Option<ImageInfo>) -> Result<Blob, JsValue> {
        match self.images.get_mut(index).and_then(Option::take) {
            Some(Held::Blob(blob)) => blob,
            Some(Held::Parts(parts)) => blob_of(&parts, mime_type_of(info)),
            None => blob_of(&Array::new(), mime_type_of(info)),
        }
    }
}

fn blob_of(parts: &Array, mime_type: &str) -> Result<Blob, JsValue> {
    let bag = BlobPropertyBag::new();
    bag.set_type(mime_type);
    Blob::new_with_u8_array_sequence_and_options(parts, &bag)
}
