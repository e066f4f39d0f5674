//! The body of an edit: multipart parts derived from the same validated params as a JSON body, with
//! the caller's files as they are; or, when every input is a reference, a JSON edit.

use crate::core::json::{JsonWriter, Map, Value};
use crate::core::media::probe::ImageFormat;
use crate::core::request::edit::{EditInputs, ImageRef, Input, InputFile};
use crate::core::request::params::ImageParams;

/// Which of the caller's files a part carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRef {
    /// `image[i]`.
    Image(usize),
    /// `mask`.
    Mask,
    /// `markup`.
    Markup,
}

/// One part of the multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// A form field.
    Text {
        /// Field name (the wire param).
        name: String,
        /// Its value as text.
        value: String,
    },
    /// A file, sent with the MIME type sniffed from its bytes and a matching filename.
    File {
        /// `image`, `image[]`, `mask` or `markup`.
        name: &'static str,
        /// The caller's file.
        file: FileRef,
        /// The caller's base name with the real extension.
        filename: String,
        /// The sniffed MIME type.
        mime_type: &'static str,
    },
}

/// A filename for a part: the caller's base name (when safe) with the extension of the real format.
pub fn part_filename(name: Option<&str>, fallback: &str, format: Option<ImageFormat>) -> String {
    let extension = format.map_or("bin", ImageFormat::extension);
    let base = name
        .map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n))
        .map(|n| n.rsplit_once('.').map_or(n, |(stem, _)| stem))
        .map(|n| {
            n.chars()
                .filter(|c| !c.is_control() && !matches!(c, '"' | '\\' | '/'))
                .take(100)
                .collect::<String>()
        })
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| fallback.to_owned());
    format!("{base}.{extension}")
}

fn file_part(name: &'static str, file: FileRef, input: &InputFile, fallback: &str) -> Part {
    let format = input.info.map(|info| info.format);
    Part::File {
        name,
        file,
        filename: part_filename(input.name.as_deref(), fallback, format),
        mime_type: format.map_or("application/octet-stream", ImageFormat::mime_type),
    }
}

/// The multipart body: text fields from the validated params, then the files (references are not
/// files: such an edit goes as [`reference_body`]).
pub fn plan_multipart(params: &ImageParams, inputs: &EditInputs, write: JsonWriter) -> Vec<Part> {
    let mut parts: Vec<Part> = params
        .to_form_fields(write)
        .into_iter()
        .map(|(name, value)| Part::Text { name, value })
        .collect();
    let single = inputs.images.len() == 1;
    let name = if single { "image" } else { "image[]" };
    for (i, input) in inputs.images.iter().enumerate() {
        if let Input::File(file) = input {
            let fallback = if single {
                "image".to_owned()
            } else {
                format!("image-{}", i + 1)
            };
            parts.push(file_part(name, FileRef::Image(i), file, &fallback));
        }
    }
    if let Some(Input::File(mask)) = &inputs.mask {
        parts.push(file_part("mask", FileRef::Mask, mask, "mask"));
    }
    if let Some(markup) = &inputs.markup {
        parts.push(file_part("markup", FileRef::Markup, markup, "markup"));
    }
    parts
}

fn reference_json(reference: &ImageRef) -> Value {
    let mut object = Map::new();
    match reference {
        ImageRef::Url(url) => object.insert("image_url".into(), Value::String(url.clone())),
        ImageRef::FileId(id) => object.insert("file_id".into(), Value::String(id.clone())),
    };
    Value::Object(object)
}

/// The JSON edit body: the params, `images: [{ image_url } | { file_id }]` and `mask`.
pub fn reference_body(params: &ImageParams, inputs: &EditInputs, write: JsonWriter) -> String {
    let mut body = params.fields().clone();
    let images = inputs
        .images
        .iter()
        .filter_map(|input| match input {
            Input::Ref(reference) => Some(reference_json(reference)),
            Input::File(_) => None,
        })
        .collect();
    body.insert("images".into(), Value::Array(images));
    if let Some(Input::Ref(mask)) = &inputs.mask {
        body.insert("mask".into(), reference_json(mask));
    }
    write(&Value::Object(body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::json;
    use crate::core::request::edit::tests::{image, inputs, png};

    #[test]
    fn multipart_plan_for_one_and_many_images() {
        let params =
            ImageParams::from_json(r#"{"model":"gpt-image-1.5","prompt":"p","n":2,"input_fidelity":"high"}"#).unwrap();
        let one = plan_multipart(
            &params,
            &inputs(vec![png(8, 8, false)], Some(png(8, 8, true))),
            json::write,
        );
        assert_eq!(
            one,
            vec![
                Part::Text {
                    name: "input_fidelity".into(),
                    value: "high".into()
                },
                Part::Text {
                    name: "model".into(),
                    value: "gpt-image-1.5".into()
                },
                Part::Text {
                    name: "n".into(),
                    value: "2".into()
                },
                Part::Text {
                    name: "prompt".into(),
                    value: "p".into()
                },
                Part::File {
                    name: "image",
                    file: FileRef::Image(0),
                    filename: "holiday photo.png".into(),
                    mime_type: "image/png"
                },
                Part::File {
                    name: "mask",
                    file: FileRef::Mask,
                    filename: "holiday photo.png".into(),
                    mime_type: "image/png"
                },
            ]
        );
        let mut unnamed = image(ImageFormat::Webp, 8, 8, false, 10);
        unnamed.name = None;
        let many = plan_multipart(
            &params,
            &inputs(vec![image(ImageFormat::Jpeg, 8, 8, false, 10), unnamed], None),
            json::write,
        );
        let files: Vec<_> = many.iter().filter(|p| matches!(p, Part::File { .. })).collect();
        assert_eq!(
            files,
            vec![
                &Part::File {
                    name: "image[]",
                    file: FileRef::Image(0),
                    filename: "holiday photo.jpg".into(),
                    mime_type: "image/jpeg"
                },
                &Part::File {
                    name: "image[]",
                    file: FileRef::Image(1),
                    filename: "image-2.webp".into(),
                    mime_type: "image/webp"
                },
            ]
        );
    }

    #[test]
    fn filenames_keep_the_base_name_and_drop_unsafe_characters() {
        assert_eq!(
            part_filename(Some("C:\\pics\\cat.final.jpeg"), "image", Some(ImageFormat::Png)),
            "cat.final.png"
        );
        assert_eq!(
            part_filename(Some("a\"b\r\n.png"), "image", Some(ImageFormat::Png)),
            "ab.png"
        );
        assert_eq!(part_filename(Some(""), "mask", Some(ImageFormat::Png)), "mask.png");
        assert_eq!(part_filename(None, "image", None), "image.bin");
    }
}
