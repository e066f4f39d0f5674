//! Decoded image parts go straight from wasm memory into `Blob`s: each part is folded into the
//! image's Blob so far (a `Blob` made of Blobs refers to them without copying), and the last part
//! makes the image's typed Blob as soon as its base64 string ends. Blob contents live outside the
//! JS heap, so neither the heap nor wasm memory holds more than one part of an image at a time,
//! and the bytes are copied once, by the `Blob` constructor.

use js_sys::{Array, Uint8Array, WebAssembly};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag};

use crate::core::media::probe::ImageInfo;
use crate::core::response::decoder::ImageSink;

/// What is held for one image: the Blob of its parts so far while it arrives, then its typed Blob
/// (or why one could not be made: the parts that failed are gone, so the image is).
#[derive(Debug)]
enum Held {
    Arriving(Option<Blob>),
    Done(Result<Blob, JsValue>),
}

/// Collects each image's Blob.
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
        self.fold(index, part, None);
    }

    fn image_end(&mut self, index: usize, last_part: &[u8], info: Option<ImageInfo>) {
        self.fold(index, last_part, Some(info));
    }
}

impl BlobSink {
    /// Folds `bytes` into image `index`'s Blob; with `end`, makes its typed Blob. An image already
    /// done (or failed) takes nothing more.
    fn fold(&mut self, index: usize, bytes: &[u8], end: Option<Option<ImageInfo>>) {
        while self.images.len() <= index {
            self.images.push(None);
        }
        let Some(slot) = self.images.get_mut(index) else { return };
        let Held::Arriving(so_far) = slot.get_or_insert(Held::Arriving(None)) else {
            return;
        };
        let mime_type = end.map_or("", mime_type_of);
        *slot = Some(match (blob_of(so_far.as_ref(), bytes, mime_type), end) {
            (Ok(blob), None) => Held::Arriving(Some(blob)),
            (blob, _) => Held::Done(blob),
        });
    }

    /// Lets an image's bytes go without making anything of them.
    pub(crate) fn discard(&mut self, index: usize) {
        if let Some(slot) = self.images.get_mut(index) {
            *slot = None;
        }
    }

    /// The image's `Blob` (built at its end, or now from what arrived).
    pub(crate) fn take_blob(&mut self, index: usize, info: Option<ImageInfo>) -> Result<Blob, JsValue> {
        match self.images.get_mut(index).and_then(Option::take) {
            Some(Held::Done(blob)) => blob,
            Some(Held::Arriving(so_far)) => blob_of(so_far.as_ref(), &[], mime_type_of(info)),
            None => blob_of(None, &[], mime_type_of(info)),
        }
    }
}

/// A Blob of `so_far` then `bytes`, typed `mime_type`. The bytes are read through a view into wasm
/// memory, made last, just before the constructor copies them: nothing allocates in between, so
/// memory cannot grow and detach the view. The size is checked all the same.
fn blob_of(so_far: Option<&Blob>, bytes: &[u8], mime_type: &str) -> Result<Blob, JsValue> {
    let bag = BlobPropertyBag::new();
    bag.set_type(mime_type);
    let parts = Array::new();
    if let Some(blob) = so_far {
        parts.push(blob);
    }
    let expected = so_far.map_or(0.0, Blob::size) + bytes.len() as f64;
    if !bytes.is_empty() {
        let memory: WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        // wasm32 addresses are 32-bit.
        let view =
            Uint8Array::new_with_byte_offset_and_length(&memory.buffer(), bytes.as_ptr() as u32, bytes.len() as u32);
        parts.push(&view);
    }
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &bag)?;
    match blob.size() == expected {
        true => Ok(blob),
        false => Err(js_sys::Error::new("an image part was lost on its way out of wasm memory").into()),
    }
}
