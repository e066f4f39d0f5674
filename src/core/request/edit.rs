//! Edits and variations: pre-flight checks of the caller's inputs, all at once. Files are judged
//! from their headers only; references (`{ image_url }`, `{ file_id }`) from their text.

use crate::core::issue::Issue;
use crate::core::media::probe::{ImageFormat, ImageInfo};
use crate::core::models::providers::rules as provider_rules;
use crate::core::models::{Endpoint, ModelSpec};
use crate::core::request::params::ImageParams;
use crate::core::request::validate::{validate, Rules};
use crate::core::text::joined;

const MB: u64 = 1024 * 1024;
/// Every mask must be under this.
pub const MASK_LIMIT: u64 = 4 * MB;
/// Most images in an edit of a model this library does not know.
pub const MAX_EDIT_IMAGES: usize = 16;
/// The longest `image_url` the API takes (a data URL of a large image).
pub const MAX_IMAGE_URL_CHARS: usize = 20_971_520;

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

/// An image the API fetches itself (a JSON edit): nothing is downloaded or uploaded here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageRef {
    /// `{ image_url }`: an https URL or a data URL.
    Url(String),
    /// `{ file_id }`: a file uploaded with the Files API.
    FileId(String),
}

/// One input of an edit: a file the caller holds, or a reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A `File` or `Blob`.
    File(InputFile),
    /// `{ image_url }` or `{ file_id }`.
    Ref(ImageRef),
}

/// The inputs of an edit or variation request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EditInputs {
    /// `image`, in order.
    pub images: Vec<Input>,
    /// Whether `image` was an array (then issues name `image[i]`, else `image`).
    pub image_was_array: bool,
    /// `mask`.
    pub mask: Option<Input>,
    /// `markup` (2.5 and 2.6 models): a transparent PNG with marks, like a mask.
    pub markup: Option<InputFile>,
}

impl EditInputs {
    /// The field name of `image[i]`.
    pub fn image_field(&self, i: usize) -> String {
        if self.image_was_array {
            format!("image[{i}]")
        } else {
            "image".to_owned()
        }
    }

    /// Whether the edit goes as JSON: every input is a reference.
    pub fn by_reference(&self) -> bool {
        let refs = self.images.iter().chain(&self.mask);
        !self.images.is_empty() && refs.clone().all(|i| matches!(i, Input::Ref(_)))
    }

    fn first_file(&self) -> Option<&InputFile> {
        match self.images.first() {
            Some(Input::File(file)) => Some(file),
            _ => None,
        }
    }
}

fn names(formats: &[ImageFormat]) -> String {
    let names: Vec<&str> = formats.iter().map(|f| f.name()).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", joined(rest.iter().copied(), ", ")),
        _ => joined(names, ""),
    }
}

/// "a GIF", "an AVIF".
fn with_article(name: &str) -> String {
    let vowel = name.starts_with(['A', 'E', 'I', 'O', 'U']);
    format!("{} {name}", if vowel { "an" } else { "a" })
}

/// `12.3 MB`, rounded to the nearest tenth, in integers (float formatting costs the bundle ~12 KB).
fn megabytes(bytes: u64) -> String {
    let tenths = bytes.saturating_mul(10).saturating_add(MB / 2) / MB;
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

fn dimensions(info: &ImageInfo) -> String {
    match (info.width, info.height) {
        (Some(w), Some(h)) => format!("{w}x{h}"),
        _ => "of unknown size".into(),
    }
}

/// The formats `image` may have, for this model, endpoint and provider.
fn accepted_formats(model: Option<&ModelSpec>, endpoint: Endpoint, rules: &Rules) -> Vec<ImageFormat> {
    let model_formats: &[ImageFormat] = match (model, endpoint) {
        (_, Endpoint::Variations) => &[ImageFormat::Png],
        (Some(m), _) => m.edit.formats,
        (None, _) => &[ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::Webp],
    };
    let narrowed = provider_rules(rules.provider).edit_formats;
    model_formats
        .iter()
        .copied()
        .filter(|f| narrowed.is_none_or(|n| n.contains(f)))
        .collect()
}

/// Validates an edit or variation: the params and every input, all at once.
pub fn validate_edit(
    params: &ImageParams,
    inputs: &EditInputs,
    endpoint: Endpoint,
    rules: &Rules,
    max_image_bytes: u64,
) -> Vec<Issue> {
    let mut issues = validate(params, endpoint, rules);
    let model = params.model().and_then(|id| rules.catalog.find(id));
    let known = model.is_some();
    // For a model this library does not know, file rules it cannot be sure of are warnings.
    let flag = |field: String, code: &'static str, message: String| match known {
        true => Issue::error(field, code, message),
        false => Issue::warning(field, code, message),
    };
    let edit = model.map(|m| m.edit);
    let single_square = edit.is_some_and(|e| e.square) || endpoint == Endpoint::Variations;
    let max_images = match (endpoint, edit) {
        (Endpoint::Variations, _) => 1,
        (_, Some(edit)) => edit.max_images,
        (_, None) => MAX_EDIT_IMAGES,
    };
    match inputs.images.len() {
        0 => issues.push(Issue::error(
            "image".into(),
            "required",
            "image is required: a File or Blob, { image_url }, { file_id }, or an array of them".into(),
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
    let has_files = inputs
        .images
        .iter()
        .chain(&inputs.mask)
        .any(|i| matches!(i, Input::File(_)));
    let has_refs = inputs
        .images
        .iter()
        .chain(&inputs.mask)
        .any(|i| matches!(i, Input::Ref(_)));
    if has_files && has_refs {
        issues.push(Issue::error(
            "image".into(),
            "mixed_inputs",
            "image and mask must be all files (a multipart upload) or all { image_url } / { file_id } references (a JSON edit), not a mix".into(),
        ));
    }
    if has_refs && (endpoint != Endpoint::Edits || edit.is_some_and(|e| !e.references)) {
        let what = model.map_or("this endpoint", |m| m.id);
        issues.push(Issue::error(
            "image".into(),
            "references_unsupported",
            format!("{what} takes uploaded files only, not {{ image_url }} or {{ file_id }}"),
        ));
    }

    let formats = accepted_formats(model.as_ref(), endpoint, rules);
    let file_limit = edit.and_then(|e| e.max_bytes).unwrap_or(max_image_bytes);
    for (i, input) in inputs.images.iter().enumerate() {
        let field = inputs.image_field(i);
        let file = match input {
            Input::Ref(reference) => {
                check_reference(&mut issues, &field, reference);
                continue;
            }
            Input::File(file) => file,
        };
        let Some(info) = file.info else {
            issues.push(Issue::error(
                field.clone(),
                "not_an_image",
                format!("{field} is not an image ({} needed)", names(&formats)),
            ));
            continue;
        };
        if !formats.contains(&info.format) {
            let message = format!(
                "{field} is {}; {} needed",
                with_article(info.format.name()),
                names(&formats)
            );
            issues.push(flag(field.clone(), "unsupported_format", message));
        }
        if file.size >= file_limit {
            issues.push(Issue::error(
                field.clone(),
                "file_too_large",
                format!(
                    "{field} is {}; it must be under {}",
                    megabytes(file.size),
                    megabytes(file_limit)
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
        let needs_alpha = edit.is_some_and(|e| e.alpha_without_mask) && endpoint == Endpoint::Edits;
        if needs_alpha && inputs.mask.is_none() && info.has_alpha != Some(true) {
            issues.push(Issue::error(
                field.clone(),
                "missing_alpha",
                format!("{field} needs an alpha channel when no mask is given: its transparent pixels mark the area to edit"),
            ));
        }
    }

    let overlay = Overlays {
        endpoint,
        first: inputs.first_file(),
    };
    if let Some(mask) = &inputs.mask {
        match mask {
            Input::Ref(reference) => check_reference(&mut issues, "mask", reference),
            Input::File(file) => overlay.check(&mut issues, "mask", file),
        }
        if params.str("output_format") == Some("gif") {
            issues.push(Issue::error(
                "mask".into(),
                "unsupported_combination",
                "output_format gif cannot be combined with a mask".into(),
            ));
        }
    }
    if let Some(markup) = &inputs.markup {
        if let Some(model) = model.as_ref().filter(|m| !m.markup) {
            issues.push(Issue::error(
                "markup".into(),
                "unsupported_parameter",
                format!("markup is not supported by {}", model.id),
            ));
        }
        if inputs.mask.is_some() {
            issues.push(Issue::error(
                "markup".into(),
                "conflict",
                "markup cannot be combined with mask: give one of them".into(),
            ));
        }
        if has_refs {
            issues.push(Issue::error(
                "markup".into(),
                "references_unsupported",
                "markup goes as an uploaded file, which a JSON edit by reference cannot carry".into(),
            ));
        }
        overlay.check(&mut issues, "markup", markup);
    }
    issues
}

/// `image_url`: https or a data URL, within the API's length; `file_id`: non-empty.
fn check_reference(issues: &mut Vec<Issue>, field: &str, reference: &ImageRef) {
    let problem = match reference {
        ImageRef::Url(url) if url.len() > MAX_IMAGE_URL_CHARS => Some(format!(
            "{field}.image_url is {} characters; the API takes at most {MAX_IMAGE_URL_CHARS}",
            url.len()
        )),
        ImageRef::Url(url) if !(url.starts_with("https://") || url.starts_with("data:image/")) => Some(format!(
            "{field}.image_url must be an https:// URL or a data:image/... URL"
        )),
        ImageRef::FileId(id) if id.trim().is_empty() => Some(format!("{field}.file_id must not be empty")),
        _ => None,
    };
    if let Some(message) = problem {
        issues.push(Issue::error(field.to_owned(), "invalid_value", message));
    }
}

/// Files laid over the first image (`mask`, `markup`): a PNG with alpha of the same size.
struct Overlays<'a> {
    endpoint: Endpoint,
    first: Option<&'a InputFile>,
}

impl Overlays<'_> {
    fn check(&self, issues: &mut Vec<Issue>, field: &str, file: &InputFile) {
        let error = |code: &'static str, message: String| Issue::error(field.into(), code, message);
        if self.endpoint != Endpoint::Edits {
            issues.push(error("unsupported_parameter", format!("{field} only applies to edits")));
            return;
        }
        let Some(info) = file.info.filter(|i| i.format == ImageFormat::Png) else {
            let what = file
                .info
                .map_or("not an image".to_owned(), |i| with_article(i.format.name()));
            issues.push(error(
                "unsupported_format",
                format!("{field} is {what}; it must be a PNG"),
            ));
            return;
        };
        if field == "mask" && file.size >= MASK_LIMIT {
            issues.push(error(
                "file_too_large",
                format!(
                    "mask is {}; it must be under {}",
                    megabytes(file.size),
                    megabytes(MASK_LIMIT)
                ),
            ));
        }
        if info.has_alpha != Some(true) {
            let why = match field {
                "mask" => "its fully transparent pixels mark the area to edit",
                _ => "the marks are drawn on a transparent sheet",
            };
            issues.push(error("missing_alpha", format!("{field} needs an alpha channel: {why}")));
        }
        if let Some(image) = self.first.and_then(|f| f.info) {
            if (image.width, image.height) != (info.width, info.height) {
                issues.push(error(
                    "size_mismatch",
                    format!(
                        "{field} is {} but the first image is {}: they must match",
                        dimensions(&info),
                        dimensions(&image)
                    ),
                ));
            }
        }
    }
}
#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::core::issue::Severity;
    use crate::core::models::Catalog;
    use crate::core::provider::Provider;

    const MB: u64 = 1024 * 1024;

    pub(crate) fn image(format: ImageFormat, w: u32, h: u32, alpha: bool, size: u64) -> InputFile {
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

    pub(crate) fn png(w: u32, h: u32, alpha: bool) -> InputFile {
        image(ImageFormat::Png, w, h, alpha, 1000)
    }

    pub(crate) fn inputs(images: Vec<InputFile>, mask: Option<InputFile>) -> EditInputs {
        EditInputs {
            image_was_array: images.len() > 1,
            images: images.into_iter().map(Input::File).collect(),
            mask: mask.map(Input::File),
            markup: None,
        }
    }

    /// Edits are judged as of 2026-11-30, when every model used here was still served.
    fn edit_issues(params: &str, inputs: &EditInputs, endpoint: Endpoint, provider: Provider) -> Vec<Issue> {
        let params = ImageParams::from_json(params).unwrap();
        let catalog = Catalog::default();
        let rules = Rules {
            provider,
            today: "2026-11-30",
            catalog: &catalog,
        };
        let limit = provider_rules(provider).max_image_bytes;
        validate_edit(&params, inputs, endpoint, &rules, limit)
    }

    fn check(params: &str, inputs: &EditInputs, provider: Provider) -> Vec<(String, &'static str)> {
        edit_issues(params, inputs, Endpoint::Edits, provider)
            .into_iter()
            .filter(|i| i.severity == Severity::Error && i.code != "model_shut_down")
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
        let gif = image(ImageFormat::Gif, 10, 10, false, 10);
        let issues = edit_issues(
            GPT,
            &inputs(vec![png(1, 1, false), gif], None),
            Endpoint::Edits,
            Provider::OpenAi,
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
    }

    #[test]
    fn variations_take_one_square_png_and_no_mask() {
        let params = r#"{"model":"dall-e-2","n":2,"size":"256x256"}"#;
        let ok = edit_issues(
            params,
            &inputs(vec![png(256, 256, false)], None),
            Endpoint::Variations,
            Provider::Compatible,
        );
        // dall-e-2 is shut down on OpenAI: only that warning, for a proxy.
        let ok: Vec<(&str, Severity)> = ok.iter().map(|i| (i.code, i.severity)).collect();
        assert_eq!(ok, vec![("model_shut_down", Severity::Warning)]);
        let bad = edit_issues(
            params,
            &inputs(vec![png(256, 100, false)], Some(png(256, 100, true))),
            Endpoint::Variations,
            Provider::Compatible,
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
        let gif = image(ImageFormat::Gif, 8, 8, false, 10);
        let issues = edit_issues(
            r#"{"model":"some-edit-model","prompt":"p"}"#,
            &inputs(vec![gif], None),
            Endpoint::Edits,
            Provider::Compatible,
        );
        let found: Vec<(&str, &str, Severity)> =
            issues.iter().map(|i| (i.field.as_str(), i.code, i.severity)).collect();
        assert_eq!(
            found,
            vec![
                ("model", "unknown_model", Severity::Warning),
                ("image", "unsupported_format", Severity::Warning)
            ]
        );
    }

    const G26: &str = r#"{"model":"gpt-image-2.6-sunburst","prompt":"circle the cat"}"#;

    fn with_markup(mut inputs: EditInputs, markup: InputFile) -> EditInputs {
        inputs.markup = Some(markup);
        inputs
    }

    #[test]
    fn markup_is_a_png_with_alpha_the_size_of_the_first_image() {
        let photo = || vec![image(ImageFormat::Jpeg, 1024, 1536, false, 10)];
        let ok = with_markup(inputs(photo(), None), png(1024, 1536, true));
        assert_eq!(check(G26, &ok, Provider::OpenAi), vec![]);
        let opaque = with_markup(inputs(photo(), None), png(1024, 1536, false));
        assert_eq!(
            check(G26, &opaque, Provider::OpenAi),
            vec![("markup".to_owned(), "missing_alpha")]
        );
        let small = with_markup(inputs(photo(), None), png(512, 512, true));
        assert_eq!(
            check(G26, &small, Provider::OpenAi),
            vec![("markup".to_owned(), "size_mismatch")]
        );
        let jpeg = with_markup(inputs(photo(), None), image(ImageFormat::Jpeg, 1024, 1536, false, 10));
        assert_eq!(
            check(G26, &jpeg, Provider::OpenAi),
            vec![("markup".to_owned(), "unsupported_format")]
        );
        let both = with_markup(inputs(photo(), Some(png(1024, 1536, true))), png(1024, 1536, true));
        assert_eq!(
            check(G26, &both, Provider::OpenAi),
            vec![("markup".to_owned(), "conflict")]
        );
        let g2 = r#"{"model":"gpt-image-2","prompt":"p"}"#;
        let on_g2 = with_markup(inputs(photo(), None), png(1024, 1536, true));
        assert_eq!(
            check(g2, &on_g2, Provider::OpenAi),
            vec![("markup".to_owned(), "unsupported_parameter")]
        );
    }

    #[test]
    fn gif_output_never_takes_a_mask() {
        let gif = r#"{"model":"gpt-image-2.6-flare","prompt":"p","output_format":"gif"}"#;
        assert_eq!(
            check(gif, &inputs(vec![png(1024, 1024, false)], None), Provider::OpenAi),
            vec![]
        );
        assert_eq!(
            check(
                gif,
                &inputs(vec![png(1024, 1024, false)], Some(png(1024, 1024, true))),
                Provider::OpenAi
            ),
            vec![("mask".to_owned(), "unsupported_combination")]
        );
        let svg = r#"{"model":"gpt-image-2.6-flare","prompt":"p","output_format":"svg"}"#;
        assert_eq!(
            check(svg, &inputs(vec![png(1024, 1024, false)], None), Provider::OpenAi),
            vec![("output_format".to_owned(), "invalid_value")],
            "svg is for generations only"
        );
    }

    fn refs(images: Vec<ImageRef>, mask: Option<ImageRef>) -> EditInputs {
        EditInputs {
            image_was_array: images.len() > 1,
            images: images.into_iter().map(Input::Ref).collect(),
            mask: mask.map(Input::Ref),
            markup: None,
        }
    }

    #[test]
    fn edits_by_reference() {
        let url = |u: &str| ImageRef::Url(u.to_owned());
        let file = |f: &str| ImageRef::FileId(f.to_owned());
        let ok = refs(
            vec![url("https://example.com/cat.png"), file("file-abc123")],
            Some(url("data:image/png;base64,iVBORw0KGgo=")),
        );
        assert!(ok.by_reference());
        assert_eq!(check(G26, &ok, Provider::OpenAi), vec![]);
        let bad = refs(vec![url("http://example.com/cat.png"), file(" ")], Some(url("ftp://x")));
        assert_eq!(
            check(G26, &bad, Provider::OpenAi),
            vec![
                ("image[0]".to_owned(), "invalid_value"),
                ("image[1]".to_owned(), "invalid_value"),
                ("mask".to_owned(), "invalid_value"),
            ]
        );
        let long = refs(
            vec![url(&format!(
                "data:image/png;base64,{}",
                "A".repeat(MAX_IMAGE_URL_CHARS)
            ))],
            None,
        );
        assert_eq!(
            check(G26, &long, Provider::OpenAi),
            vec![("image".to_owned(), "invalid_value")]
        );
        let mut mixed = refs(vec![url("https://example.com/a.png")], None);
        mixed.images.push(Input::File(png(8, 8, false)));
        mixed.image_was_array = true;
        assert!(!mixed.by_reference());
        assert_eq!(
            check(G26, &mixed, Provider::OpenAi),
            vec![("image".to_owned(), "mixed_inputs")]
        );
        let dalle2 = refs(vec![url("https://example.com/a.png")], None);
        assert_eq!(
            check(DALLE2, &dalle2, Provider::CometApi),
            vec![("image".to_owned(), "references_unsupported")]
        );
        let with_markup = EditInputs {
            markup: Some(png(8, 8, true)),
            ..refs(vec![url("https://example.com/a.png")], None)
        };
        assert_eq!(
            check(G26, &with_markup, Provider::OpenAi),
            vec![("markup".to_owned(), "references_unsupported")]
        );
    }

    #[test]
    fn megabytes_round_to_tenths() {
        assert_eq!(megabytes(0), "0.0 MB");
        assert_eq!(megabytes(4 * MB), "4.0 MB");
        assert_eq!(megabytes(50 * MB - 1), "50.0 MB");
        // 1.05 MB is 1,101,004.8 bytes: the tenth rounds up from there.
        assert_eq!(megabytes(1_101_005), "1.1 MB");
        assert_eq!(megabytes(1_101_004), "1.0 MB");
        assert_eq!(megabytes(MB * 3 / 2), "1.5 MB");
    }

    #[test]
    fn megabytes_of_a_huge_size_does_not_overflow() {
        // Found by fuzzing (fuzz/fuzz_targets/edit_multipart.rs): `bytes * 10 + MB / 2` overflowed.
        assert_eq!(
            megabytes(u64::MAX),
            format!("{}.{} MB", u64::MAX / MB / 10, u64::MAX / MB % 10)
        );
        let issues = check(
            GPT,
            &inputs(vec![image(ImageFormat::Png, 8, 8, true, u64::MAX)], None),
            Provider::OpenAi,
        );
        assert!(issues.contains(&("image".to_owned(), "file_too_large")), "{issues:?}");
    }
}
