//! Decoded image parts become JS `Uint8Array`s (copied out of wasm memory, so it stays small), and
//! each image becomes one `Blob` as soon as its base64 string ends, which lets its parts go while the
//! rest of the body is still downloading. A big image's parts are folded into a `Blob` every
//! [`FOLD_BYTES`] on the way: Blob contents live outside the JS heap, and a `Blob` made of Blobs
//! refers to them without copying, so the heap holds at most that much of an image at a time.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsValue;
use web_sys::{Blob, BlobPropertyBag};

use crate::core::media::probe::ImageInfo;
use crate::core::response::decoder::ImageSink;

/// Parts of an image held as `Uint8Array`s before they are folded into one `Blob`. Folding on the
/// way also leaves little to copy when the image ends, after the last byte: 1 MiB measured best
/// (`node bench/run.mjs`, 2026-12-02: 9.4 ms after the last byte at 100 Mbit/s, was 14 ms with
/// 4 MiB; the 32 MB case no slower). Each fold is a round trip to the browser's blob registry.
const FOLD_BYTES: usize = 1024 * 1024;

/// What is held for one image: its parts while it arrives (the first may be a folded `Blob`), and
/// the bytes not yet folded; then its Blob.
#[derive(Debug)]
enum Held {
    Parts(Array, usize),
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
            if let Held::Parts(parts, unfolded) = slot.get_or_insert_with(|| Held::Parts(Array::new(), 0)) {
                // `from` copies: a view into wasm memory would dangle once memory grows.
                parts.push(&Uint8Array::from(part));
                *unfolded += part.len();
                if *unfolded >= FOLD_BYTES {
                    // On failure the parts stay as they are, to be tried again at the end.
                    if let Ok(folded) = blob_of(parts, "") {
                        *parts = Array::of1(&folded);
                        *unfolded = 0;
                    }
                }
            }
        }
    }

    fn image_end(&mut self, index: usize, info: Option<ImageInfo>) {
        if let Some(slot) = self.images.get_mut(index) {
            if let Some(Held::Parts(parts, _)) = slot.take() {
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
            Some(Held::Parts(parts, _)) => blob_of(&parts, mime_type_of(info)),
            None => blob_of(&Array::new(), mime_type_of(info)),
        }
    }
}

fn blob_of(parts: &Array, mime_type: &str) -> Result<Blob, JsValue> {
    let bag = BlobPropertyBag::new();
    bag.set_type(mime_type);
    Blob::new_with_u8_array_sequence_and_options(parts, &bag)
}
