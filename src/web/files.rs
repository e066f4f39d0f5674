//! The caller's files: their headers read with `Blob.slice` (never the whole file), and the multipart
//! `FormData` that hands the original Blobs to `fetch` untouched.

use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, File, FormData};

use crate::core::media::probe::ImageProbe;
use crate::core::request::edit::{ImageRef, Input, InputFile};
use crate::core::request::multipart::{FileRef, Part};
use crate::web::js::{blob_size, file_name};

/// One `image` or `mask` entry as the caller gave it.
#[derive(Debug, Clone)]
pub(crate) enum EditInput {
    /// A `File` or `Blob`.
    Blob(Blob),
    /// `{ image_url }` or `{ file_id }`.
    Ref(ImageRef),
}

impl EditInput {
    fn blob(&self) -> Option<&Blob> {
        match self {
            EditInput::Blob(blob) => Some(blob),
            EditInput::Ref(_) => None,
        }
    }

    /// What the core judges: a file's headers (read now), or the reference as it is.
    pub(crate) async fn read(&self) -> Result<Input, JsValue> {
        match self {
            EditInput::Blob(blob) => Ok(Input::File(read_input_file(blob).await?)),
            EditInput::Ref(reference) => Ok(Input::Ref(reference.clone())),
        }
    }
}

/// The caller's inputs for an edit or variation.
#[derive(Debug, Default)]
pub(crate) struct EditFiles {
    pub(crate) images: Vec<EditInput>,
    pub(crate) image_was_array: bool,
    pub(crate) mask: Option<EditInput>,
    pub(crate) markup: Option<Blob>,
}

/// Reads what the probe asks for, range by range, until it knows the format, size, alpha and C2PA.
pub(crate) async fn read_input_file(blob: &Blob) -> Result<InputFile, JsValue> {
    let size = blob_size(blob)?;
    let mut probe = ImageProbe::new();
    while let Some(range) = probe.wanted() {
        let (start, end) = (range.start as f64, (range.end as f64).min(size));
        if start >= size {
            probe.finish();
            break;
        }
        let slice = blob.slice_with_f64_and_f64(start, end)?;
        let buffer = JsFuture::from(slice.array_buffer()).await?;
        let bytes = Uint8Array::new(&buffer).to_vec();
        probe.push_at(range.start, &bytes);
        if (bytes.len() as u64) < range.end - range.start {
            probe.finish();
        }
    }
    Ok(InputFile {
        size: size as u64,
        info: probe.info(),
        name: blob.dyn_ref::<File>().map(file_name).transpose()?,
    })
}

/// The `FormData` for a multipart plan. File parts carry a re-typed *slice* of the caller's Blob
/// (a view, not a copy) so their Content-Type is the sniffed one, not `File.type`.
pub(crate) fn form_data(parts: &[Part], files: &EditFiles) -> Result<FormData, JsValue> {
    let form = FormData::new()?;
    for part in parts {
        match part {
            Part::Text { name, value } => form.append_with_str(name, value)?,
            Part::File {
                name,
                file,
                filename,
                mime_type,
            } => {
                let blob = match file {
                    FileRef::Image(i) => files.images.get(*i).and_then(EditInput::blob),
                    FileRef::Mask => files.mask.as_ref().and_then(EditInput::blob),
                    FileRef::Markup => files.markup.as_ref(),
                }
                .ok_or_else(|| JsValue::from_str("a planned file is missing"))?;
                let typed = blob.slice_with_f64_and_f64_and_content_type(0.0, blob_size(blob)?, mime_type)?;
                form.append_with_blob_and_filename(name, &typed, filename)?;
            }
        }
    }
    Ok(form)
}
