//! Edits and variations: pre-flight checks of the caller's files (from their headers only) and the
//! multipart plan, derived from the same serialized params that were validated.

use crate::core::issue::Issue;
use crate::core::media::probe::{ImageFormat, ImageInfo};
use crate::core::models::{find_model, Endpoint, Family};
use crate::core::provider::Provider;
use crate::core::request::params::ImageParams;
use crate::core::request::validate::validate;

const MB: u64 = 1024 * 1024;
/// Largest number of images in one edit (GPT image models).
pub const MAX_EDIT_IMAGES: usize = 16;
/// dall-e-2 images and every mask must be under this.
pub const SMALL_FILE_LIMIT: u64 = 4 * MB;

/// The per-file upload limit of a provider (API_RULES.md "Edit inputs"): Azure's docs have said
/// 20, 25 and 50 MB at different times, so 20 is the safe default there.
pub fn default_max_image_bytes(provider: Provider) -> u64 {
    match provider {
        Provider::Azure => 20 * MB,
        Provider::OpenAi | Provider::CometApi | Provider::Compatible => 50 * MB,
    }
}

/// What is known of one file the caller gave, read from its first bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// `Blob.size`.
    pub size: u64,
    /// Header facts; None when the bytes are no known image format.
    pub info: Option<ImageInfo>,
    /// `File.name`, when the caller gave a `File`.
    pub name: Option<String>,
}

/// The files of an edit or variation request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EditInputs {
    /// `image`, in order.
    pub images: Vec<InputFile>,
    /// Whether `image` was an array (then issues name `image[i]`, else `image`).
    pub image_was_array: bool,
    /// `mask`.
    pub mask: Option<InputFile>,
}

/// Which file a multipart part carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRef {
    /// `image[i]`.
    Image(usize),
    /// `mask`.
    Mask,
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
        /// `image`, `image[]` or `mask`.
        name: &'static str,
        /// The caller's file.
        file: FileRef,
        /// The caller's base name with the real extension.
        filename: String,
        /// The sniffed MIME type.
        mime_type: &'static str,
    },
}

/// The formats an endpoint takes for `image` on a provider.
fn accepted_formats(model_family: Option<Family>, endpoint: Endpoint, provider: Provider) -> &'static [ImageFormat] {
    use ImageFormat::{Jpeg, Png, Webp};
    match (model_family, endpoint, provider) {
        (Some(Family::DallE), _, _) | (_, Endpoint::Variations, _) => &[Png],
        (_, _, Provider::Azure) => &[Png, Jpeg],
        _ => &[Png, Jpeg, Webp],
    }
}

fn names(formats: &[ImageFormat]) -> String {
    let names: Vec<&str> = formats.iter().map(|f| f.name()).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

/// "a GIF", "an AVIF".
fn with_article(name: &str) -> String {
    let vowel = name.starts_with(['A', 'E', 'I', 'O', 'U']);
    format!("{} {name}", if vowel { "an" } else { "a" })
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / MB as f64)
}

/// Validates an edit or variation: the params (without the files) and every file, all at once.
pub fn validate_edit(
    params: &ImageParams,
    inputs: &EditInputs,
    endpoint: Endpoint,
    provider: Provider,
    max_image_bytes: u64,
) -> Vec<Issue> {
    let mut issues = validate(params, endpoint, provider);
    let model = params.model().and_then(find_model);
    let family = model.map(|m| m.family);
    let dalle2 = model.is_some_and(|m| m.id == "dall-e-2");
    let single_square = dalle2 || endpoint == Endpoint::Variations;
    // For a model this library does not know, file rules it cannot be sure of are warnings.
    let flag = |field: String, code: &'static str, message: String| match model {
        Some(_) => Issue::error(field, code, message),
        None => Issue::warning(field, code, message),
    };

    let max_images = if single_square { 1 } else { MAX_EDIT_IMAGES };
    match inputs.images.len() {
        0 => issues.push(Issue::error(
            "image".into(),
            "required",
            "image is required: a File or Blob, or an array of them".into(),
        )),
        n if n > max_images => issues.push(Issue::error(
            "image".into(),
            "too_many_images",
            match max_images {
                1 => format!("image must be exactly one file here (got {n})"),
                max => format!("image takes at most {max} files (got {n})"),
            },
        )),
        _ => {}
    }

    let formats = accepted_formats(family, endpoint, provider);
    for (i, file) in inputs.images.iter().enumerate() {
        let field = if inputs.image_was_array {
            format!("image[{i}]")
        } else {
            "image".to_owned()
        };
        let Some(info) = file.info else {
            issues.push(Issue::error(
                field.clone(),
                "not_an_image",
                format!("{field} is not an image ({} needed)", names(formats)),
            ));
            continue;
        };
        if !formats.contains(&info.format) {
            issues.push(flag(
                field.clone(),
                "unsupported_format",
                format!(
                    "{field} is {}; {} needed",
                    with_article(info.format.name()),
                    names(formats)
                ),
            ));
        }
        let limit = if single_square {
            SMALL_FILE_LIMIT
        } else {
            max_image_bytes
        };
        if file.size >= limit {
            issues.push(Issue::error(
                field.clone(),
                "file_too_large",
                format!(
                    "{field} is {}; it must be under {}",
                    megabytes(file.size),
                    megabytes(limit)
                ),
            ));
        }
        if single_square && info.width != info.height {
            issues.push(Issue::error(
                field.clone(),
                "not_square",
                format!("{field} must be square (it is {})", dimensions(&info)),
            ));
        }
        if dalle2 && endpoint == Endpoint::Edits && inputs.mask.is_none() && info.has_alpha != Some(true) {
            issues.push(Issue::error(
                field.clone(),
                "missing_alpha",
                format!("{field} needs an alpha channel when no mask is given: its transparent pixels mark the area to edit"),
            ));
        }
    }

    if let Some(mask) = &inputs.mask {
        check_mask(&mut issues, mask, inputs.images.first(), endpoint, params);
    }
    issues
}

fn dimensions(info: &ImageInfo) -> String {
    match (info.width, info.height) {
        (Some(w), Some(h)) => format!("{w}x{h}"),
        _ => "of unknown size".into(),
    }
}

fn check_mask(
    issues: &mut Vec<Issue>,
    mask: &InputFile,
    first: Option<&InputFile>,
    endpoint: Endpoint,
    params: &ImageParams,
) {
    let error = |code: &'static str, message: String| Issue::error("mask".into(), code, message);
    if endpoint != Endpoint::Edits {
        issues.push(error("unsupported_parameter", "mask only applies to edits".into()));
        return;
    }
    if params.get("markup").is_some() {
        issues.push(Issue::error(
            "markup".into(),
            "conflict",
            "markup cannot be combined with mask: give one of them".into(),
        ));
    }
    let Some(info) = mask.info.filter(|i| i.format == ImageFormat::Png) else {
        let what = mask
            .info
            .map_or("not an image".to_owned(), |i| format!("a {}", i.format.name()));
        issues.push(error("unsupported_format", format!("mask is {what}; it must be a PNG")));
        return;
    };
    if mask.size >= SMALL_FILE_LIMIT {
        issues.push(error(
            "file_too_large",
            format!(
                "mask is {}; it must be under {}",
                megabytes(mask.size),
                megabytes(SMALL_FILE_LIMIT)
            ),
        ));
    }
    if info.has_alpha != Some(true) {
        issues.push(error(
            "missing_alpha",
            "mask needs an alpha channel: its fully transparent pixels mark the area to edit".into(),
        ));
    }
    if let Some(image) = first.and_then(|f| f.info) {
        if (image.width, image.height) != (info.width, info.height) {
            issues.push(error(
                "size_mismatch",
                format!(
                    "mask is {} but the first image is {}: they must match",
                    dimensions(&info),
                    dimensions(&image)
                ),
            ));
        }
    }
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

/// The multipart body: text fields from the validated params, then the files.
pub fn plan_multipart(params: &ImageParams, inputs: &EditInputs) -> Vec<Part> {
    let mut parts: Vec<Part> = params
        .to_form_fields()
        .into_iter()
        .map(|(name, value)| Part::Text { name, value })
        .collect();
    let name = if inputs.images.len() == 1 { "image" } else { "image[]" };
    for (i, file) in inputs.images.iter().enumerate() {
        let format = file.info.map(|info| info.format);
        let fallback = if inputs.images.len() == 1 {
            "image".to_owned()
        } else {
            format!("image-{}", i + 1)
        };
        parts.push(Part::File {
            name,
            file: FileRef::Image(i),
            filename: part_filename(file.name.as_deref(), &fallback, format),
            mime_type: format.map_or("application/octet-stream", ImageFormat::mime_type),
        });
    }
    if let Some(mask) = &inputs.mask {
        let format = mask.info.map(|info| info.format);
        parts.push(Part::File {
            name: "mask",
            file: FileRef::Mask,
            filename: part_filename(mask.name.as_deref(), "mask", format),
            mime_type: format.map_or("application/octet-stream", ImageFormat::mime_type),
        });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::issue::Severity;

    fn image(format: ImageFormat, w: u32, h: u32, alpha: bool, size: u64) -> InputFile {
        InputFile {
            size,
            info: Some(ImageInfo {
                format,
                width: Some(w),
                height: Some(h),
                has_alpha: Some(alpha),
                has_c2pa: false,
                frames: None,
            }),
            name: Some("holiday photo.JPG".into()),
        }
    }

    fn png(w: u32, h: u32, alpha: bool) -> InputFile {
        image(ImageFormat::Png, w, h, alpha, 1000)
    }

    fn inputs(images: Vec<InputFile>, mask: Option<InputFile>) -> EditInputs {
        EditInputs {
            image_was_array: images.len() > 1,
            images,
            mask,
        }
    }

    fn check(params: &str, inputs: &EditInputs, provider: Provider) -> Vec<(String, &'static str)> {
        let params = ImageParams::from_json(params).unwrap();
        validate_edit(
            &params,
            inputs,
            Endpoint::Edits,
            provider,
            default_max_image_bytes(provider),
        )
        .into_iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| (i.field, i.code))
        .collect()
    }

    const GPT: &str = r#"{"model":"gpt-image-1.5","prompt":"add a beach ball"}"#;
    const DALLE2: &str = r#"{"model":"dall-e-2","prompt":"add a beach ball"}"#;

    #[test]
    fn gpt_edits_with_many_images_and_a_mask_pass() {
        let files = vec![
            png(1024, 1024, false),
            image(ImageFormat::Jpeg, 800, 600, false, 2 * MB),
            image(ImageFormat::Webp, 64, 64, true, 10),
        ];
        assert_eq!(
            check(GPT, &inputs(files, Some(png(1024, 1024, true))), Provider::OpenAi),
            vec![]
        );
    }

    #[test]
    fn every_file_problem_is_reported_with_its_field() {
        let gif = image(ImageFormat::Gif, 10, 10, false, 10);
        let not_image = InputFile {
            size: 5,
            info: None,
            name: None,
        };
        let huge = image(ImageFormat::Png, 10, 10, false, 50 * MB);
        let mask = image(ImageFormat::Jpeg, 5, 5, false, 10);
        let found = check(
            GPT,
            &inputs(vec![png(10, 10, false), gif, not_image, huge], Some(mask)),
            Provider::OpenAi,
        );
        assert_eq!(
            found,
            vec![
                ("image[1]".to_owned(), "unsupported_format"),
                ("image[2]".to_owned(), "not_an_image"),
                ("image[3]".to_owned(), "file_too_large"),
                ("mask".to_owned(), "unsupported_format"),
            ]
        );
    }

    #[test]
    fn articles_fit_the_format_name() {
        assert_eq!(with_article("AVIF"), "an AVIF");
        assert_eq!(with_article("GIF"), "a GIF");
    }

    #[test]
    fn messages_name_the_format() {
        let params = ImageParams::from_json(GPT).unwrap();
        let gif = image(ImageFormat::Gif, 10, 10, false, 10);
        let issues = validate_edit(
            &params,
            &inputs(vec![png(1, 1, false), gif], None),
            Endpoint::Edits,
            Provider::OpenAi,
            50 * MB,
        );
        assert_eq!(issues[0].message, "image[1] is a GIF; PNG, JPEG or WebP needed");
    }

    #[test]
    fn image_count_rules() {
        assert_eq!(
            check(GPT, &inputs(vec![], None), Provider::OpenAi),
            vec![("image".to_owned(), "required")]
        );
        let seventeen = (0..17).map(|_| png(8, 8, false)).collect();
        assert_eq!(
            check(GPT, &inputs(seventeen, None), Provider::OpenAi),
            vec![("image".to_owned(), "too_many_images")]
        );
        let two = vec![png(8, 8, true), png(8, 8, true)];
        assert_eq!(
            check(DALLE2, &inputs(two, None), Provider::CometApi),
            vec![("image".to_owned(), "too_many_images")]
        );
    }

    #[test]
    fn azure_takes_png_and_jpeg_under_20_mb() {
        let webp = image(ImageFormat::Webp, 8, 8, false, 10);
        let big = image(ImageFormat::Jpeg, 8, 8, false, 20 * MB);
        let params = r#"{"model":"gpt-image-1","prompt":"p"}"#;
        assert_eq!(
            check(params, &inputs(vec![webp, big], None), Provider::Azure),
            vec![
                ("image[0]".to_owned(), "unsupported_format"),
                ("image[1]".to_owned(), "file_too_large")
            ]
        );
        let ok = image(ImageFormat::Jpeg, 8, 8, false, 20 * MB - 1);
        assert_eq!(check(params, &inputs(vec![ok], None), Provider::Azure), vec![]);
    }

    #[test]
    fn dalle2_needs_one_small_square_png_with_alpha_unless_masked() {
        let comet = Provider::CometApi;
        assert_eq!(check(DALLE2, &inputs(vec![png(512, 512, true)], None), comet), vec![]);
        assert_eq!(
            check(DALLE2, &inputs(vec![png(512, 512, false)], None), comet),
            vec![("image".to_owned(), "missing_alpha")]
        );
        assert_eq!(
            check(
                DALLE2,
                &inputs(vec![png(512, 512, false)], Some(png(512, 512, true))),
                comet
            ),
            vec![]
        );
        assert_eq!(
            check(DALLE2, &inputs(vec![png(512, 256, true)], None), comet),
            vec![("image".to_owned(), "not_square")]
        );
        let big = image(ImageFormat::Png, 512, 512, true, 4 * MB);
        assert_eq!(
            check(DALLE2, &inputs(vec![big], None), comet),
            vec![("image".to_owned(), "file_too_large")]
        );
        let jpeg = image(ImageFormat::Jpeg, 512, 512, false, 10);
        assert_eq!(
            check(DALLE2, &inputs(vec![jpeg], Some(png(512, 512, true))), comet),
            vec![("image".to_owned(), "unsupported_format")]
        );
    }

    #[test]
    fn mask_rules_break_and_pass() {
        let one = || vec![png(1024, 1536, false)];
        assert_eq!(
            check(GPT, &inputs(one(), Some(png(1024, 1536, true))), Provider::OpenAi),
            vec![]
        );
        assert_eq!(
            check(GPT, &inputs(one(), Some(png(1024, 1536, false))), Provider::OpenAi),
            vec![("mask".to_owned(), "missing_alpha")]
        );
        assert_eq!(
            check(GPT, &inputs(one(), Some(png(1024, 1024, true))), Provider::OpenAi),
            vec![("mask".to_owned(), "size_mismatch")]
        );
        let big_mask = image(ImageFormat::Png, 1024, 1536, true, 4 * MB);
        assert_eq!(
            check(GPT, &inputs(one(), Some(big_mask)), Provider::OpenAi),
            vec![("mask".to_owned(), "file_too_large")]
        );
        let markup = r#"{"model":"gpt-image-2.5-flare","prompt":"p","markup":true}"#;
        assert_eq!(
            check(markup, &inputs(one(), Some(png(1024, 1536, true))), Provider::OpenAi),
            vec![("markup".to_owned(), "conflict")]
        );
    }

    #[test]
    fn variations_take_one_square_png_and_no_mask() {
        let params = ImageParams::from_json(r#"{"model":"dall-e-2","n":2,"size":"256x256"}"#).unwrap();
        let ok = validate_edit(
            &params,
            &inputs(vec![png(256, 256, false)], None),
            Endpoint::Variations,
            Provider::Compatible,
            50 * MB,
        );
        assert!(ok.iter().all(|i| i.severity == Severity::Warning), "{ok:?}");
        let bad = validate_edit(
            &params,
            &inputs(vec![png(256, 100, false)], Some(png(256, 100, true))),
            Endpoint::Variations,
            Provider::Compatible,
            50 * MB,
        );
        let codes: Vec<&str> = bad
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .map(|i| i.code)
            .collect();
        assert_eq!(codes, vec!["not_square", "unsupported_parameter"]);
    }

    #[test]
    fn unknown_models_get_warnings_for_format_rules() {
        let params = ImageParams::from_json(r#"{"model":"some-edit-model","prompt":"p"}"#).unwrap();
        let gif = image(ImageFormat::Gif, 8, 8, false, 10);
        let issues = validate_edit(
            &params,
            &inputs(vec![gif], None),
            Endpoint::Edits,
            Provider::Compatible,
            50 * MB,
        );
        assert!(issues.iter().all(|i| i.severity == Severity::Warning), "{issues:?}");
    }

    #[test]
    fn multipart_plan_for_one_and_many_images() {
        let params =
            ImageParams::from_json(r#"{"model":"gpt-image-1.5","prompt":"p","n":2,"input_fidelity":"high"}"#).unwrap();
        let one = plan_multipart(&params, &inputs(vec![png(8, 8, false)], Some(png(8, 8, true))));
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
