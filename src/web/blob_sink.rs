//! Decoded image parts leave wasm memory as soon as they are decoded: each is copied into one
//! staging `Uint8Array` on the JS side, and when the stage fills (or the image's base64 string ends,
//! or a slow body leaves time to spare) its bytes are folded into the image's Blob so far (a `Blob`
//! made of Blobs refers to them without copying); the image's end makes its typed Blob. Wasm memory
//! holds one part at a time and the JS heap one stage. Staging makes a 4 MB image one Blob instead
//! of eight folds of a 512 KiB part: each Blob made costs far more than copying a part
//! (`bench/profile.mjs` on the 32 MB case, in Chromium: 45 ms in `Blob` for 48 folds, 30 ms for 8).

use js_sys::{Array, Uint8Array, WebAssembly};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag};

use crate::core::media::probe::ImageInfo;
use crate::core::response::decoder::{ImageSink, PART_SIZE};

/// The stage's largest size: a 4K WebP fits whole. It is allocated at a response's first image
/// part; a response of one-part images never allocates it.
const STAGE_SIZE: u32 = 4 << 20;

/// What is held for one image: the Blob of its folded bytes while it arrives (its newest bytes may
/// be in the stage), then its typed Blob (or why one could not be made: the bytes that failed are
/// gone, so the image is).
#[derive(Debug)]
enum Held {
    Arriving(Option<Blob>),
    Done(Result<Blob, JsValue>),
}

/// Bytes on their way into one image's Blob.
#[derive(Debug)]
struct Stage {
    buffer: Option<Uint8Array>,
    size: u32,
    image: usize,
    filled: u32,
}

/// Collects each image's Blob.
#[derive(Debug)]
pub(crate) struct BlobSink {
    images: Vec<Option<Held>>,
    stage: Stage,
}

/// The MIME type for an image: sniffed from its bytes, never taken from the server's word.
pub(crate) fn mime_type_of(info: Option<ImageInfo>) -> &'static str {
    info.map_or("application/octet-stream", |i| i.format.mime_type())
}

impl ImageSink for BlobSink {
    fn image_part(&mut self, index: usize, part: &[u8]) {
        self.add(index, part, None);
    }

    fn image_end(&mut self, index: usize, last_part: &[u8], info: Option<ImageInfo>) {
        self.add(index, last_part, Some(mime_type_of(info)));
    }
}

impl BlobSink {
    /// A sink for a body of `body_len` bytes, when known. An image is at most 3/4 of the body's
    /// base64 and its last part never stages, so its other parts fit in that many whole parts less
    /// one: one 3 MB image takes a 2.5 MiB stage instead of 4 MiB of JS heap, and still makes one
    /// Blob. At least one part, so an image of two parts makes one Blob too.
    pub(crate) fn for_body(body_len: Option<u64>) -> BlobSink {
        let part = PART_SIZE as u64;
        let size = body_len.map_or(u64::from(STAGE_SIZE), |n| (n / 4 * 3).saturating_sub(1) / part * part);
        BlobSink {
            images: Vec::new(),
            stage: Stage {
                buffer: None,
                size: size.clamp(part, u64::from(STAGE_SIZE)) as u32,
                image: 0,
                filled: 0,
            },
        }
    }

    /// Stages `bytes` for image `index`, first folding the stage into its image's Blob if it is
    /// held for another image or has no room; with `end`, makes the image's Blob of that type from
    /// all it has. An image already done (or failed) takes nothing more.
    fn add(&mut self, index: usize, bytes: &[u8], end: Option<&str>) {
        self.make_room_for(index);
        if matches!(self.images.get(index), Some(Some(Held::Done(_)))) {
            return;
        }
        // wasm32 lengths are 32-bit.
        let len = bytes.len() as u32;
        let stage = &self.stage;
        let room = end.is_some() || stage.filled.saturating_add(len) <= stage.size;
        if stage.filled > 0 && (stage.image != index || !room) {
            self.fold(stage.image, &[], None);
        }
        match end {
            // The last bytes go straight into the image's Blob: an image of one part never stages.
            Some(_) => self.fold(index, bytes, end),
            None if len <= self.stage.size => self.stage.copy(index, bytes),
            // Parts are far smaller than the stage; one that is not goes straight into the Blob.
            None => self.fold(index, bytes, None),
        }
    }

    /// Folds the Blob so far, what the stage holds for image `index`, then `bytes`, into the
    /// image's Blob; with `end`, makes its final Blob of that type.
    fn fold(&mut self, index: usize, bytes: &[u8], end: Option<&str>) {
        let staged = self.stage.take(index);
        let Some(slot) = self.images.get_mut(index) else { return };
        let so_far = match slot {
            Some(Held::Arriving(blob)) => blob.take(),
            Some(Held::Done(_)) => return,
            None => None,
        };
        let made = blob_of(so_far.as_ref(), staged.as_ref(), bytes, end.unwrap_or(""));
        *slot = Some(match (made, end) {
            (Ok(blob), None) => Held::Arriving(Some(blob)),
            (made, _) => Held::Done(made),
        });
    }

    /// Folds what the stage holds into its image's Blob now, so that the image's end has only its
    /// last part left to copy (while the body waits on the network, this costs no time).
    pub(crate) fn fold_stage(&mut self) {
        if self.stage.filled > 0 {
            self.fold(self.stage.image, &[], None);
        }
    }

    /// Lets an image's bytes go without making anything of them.
    pub(crate) fn discard(&mut self, index: usize) {
        self.stage.take(index);
        if let Some(slot) = self.images.get_mut(index) {
            *slot = None;
        }
    }

    /// The image's `Blob` (built at its end, or now from what arrived).
    pub(crate) fn take_blob(&mut self, index: usize, info: Option<ImageInfo>) -> Result<Blob, JsValue> {
        self.make_room_for(index);
        self.fold(index, &[], Some(mime_type_of(info)));
        match self.images.get_mut(index).and_then(Option::take) {
            Some(Held::Done(blob)) => blob,
            _ => Err(js_sys::Error::new("the image's Blob was not made").into()),
        }
    }

    fn make_room_for(&mut self, index: usize) {
        if self.images.len() <= index {
            self.images.resize_with(index + 1, || None);
        }
    }
}

impl Stage {
    /// Copies `bytes` in for `image`. The caller has emptied the stage or made sure it holds
    /// `image`'s bytes, and that these fit.
    fn copy(&mut self, image: usize, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        let buffer = self
            .buffer
            .get_or_insert_with(|| Uint8Array::new_with_length(self.size));
        buffer.set(&wasm_view(bytes), self.filled);
        self.image = image;
        self.filled += bytes.len() as u32;
    }

    /// What the stage holds for `image`, now emptied: a view that stays valid until the next copy.
    fn take(&mut self, image: usize) -> Option<Uint8Array> {
        if self.image != image || self.filled == 0 {
            return None;
        }
        let filled = std::mem::take(&mut self.filled);
        self.buffer.as_ref().map(|buffer| buffer.subarray(0, filled))
    }
}

/// A Blob of `so_far`, `staged` then `bytes`, typed `mime_type`; the constructor copies them.
/// Its size is checked against theirs.
fn blob_of(so_far: Option<&Blob>, staged: Option<&Uint8Array>, bytes: &[u8], mime_type: &str) -> Result<Blob, JsValue> {
    let bag = BlobPropertyBag::new();
    bag.set_type(mime_type);
    let parts = Array::new();
    let mut expected = bytes.len() as f64;
    if let Some(blob) = so_far {
        parts.push(blob);
        expected += blob.size();
    }
    if let Some(view) = staged {
        parts.push(view);
        expected += view.length() as f64;
    }
    if !bytes.is_empty() {
        parts.push(&wasm_view(bytes));
    }
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &bag)?;
    match blob.size() == expected {
        true => Ok(blob),
        false => Err(js_sys::Error::new("an image part was lost on its way out of wasm memory").into()),
    }
}

/// A view of `bytes` in wasm memory. Make it last, just before it is copied: nothing may allocate
/// in between, or memory could grow and detach the view.
fn wasm_view(bytes: &[u8]) -> Uint8Array {
    let memory: WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    // wasm32 addresses are 32-bit.
    Uint8Array::new_with_byte_offset_and_length(&memory.buffer(), bytes.as_ptr() as u32, bytes.len() as u32)
}
