//! The edit checks and the body planners: `validate_edit`, `plan_multipart`, `reference_body`.
//!
//! Everything is built from the fuzz bytes with `arbitrary`: params (generated JSON with the wire
//! names), images (files whose header facts come from probing fuzz bytes, or `image_url` /
//! `file_id` references), a mask and a markup file, an endpoint, a provider and a size limit.
//! Never panics; issues are well formed; the multipart plan carries every text field and exactly
//! the files given, with safe filenames whose extension and MIME type follow the sniffed format;
//! the JSON edit body is the params plus exactly the references given.
#![no_main]

use arbitrary::Unstructured;
use imagegen_wasm::core::json;
use imagegen_wasm::core::media::probe::{probe, ImageFormat, ImageInfo};
use imagegen_wasm::core::models::Catalog;
use imagegen_wasm::core::request::edit::{validate_edit, EditInputs, ImageRef, Input, InputFile};
use imagegen_wasm::core::request::multipart::{plan_multipart, reference_body, FileRef, Part};
use imagegen_wasm::core::request::params::ImageParams;
use imagegen_wasm::core::request::validate::Rules;
use imagegen_wasm_fuzz::rules::{endpoint, provider, today};
use imagegen_wasm_fuzz::words::PARAM_WORDS;
use imagegen_wasm_fuzz::{arbitrary_json, arbitrary_word, split_input};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

const FORMATS: &[ImageFormat] = &[
    ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::Webp, ImageFormat::Gif, ImageFormat::Bmp,
    ImageFormat::Avif, ImageFormat::Heic, ImageFormat::Heif, ImageFormat::Tiff, ImageFormat::JpegXl, ImageFormat::Svg,
];
const NAMES: &[&str] = &["photo.JPG", "a/b\\c.png", "..", ".hidden", "x\"y\u{7}.webp", "", " ", "no-extension"];

fn info(u: &mut Unstructured) -> arbitrary::Result<Option<ImageInfo>> {
    Ok(match u.int_in_range(0..=2u8)? {
        0 => None,
        1 => { let len = u.int_in_range(0..=64)?; probe(u.bytes(len)?) },
        _ => Some(ImageInfo {
            format: *u.choose(FORMATS)?,
            width: u.arbitrary()?,
            height: u.arbitrary()?,
            has_alpha: u.arbitrary()?,
            has_c2pa: u.arbitrary()?,
            frames: u.arbitrary()?,
        }),
    })
}

fn file(u: &mut Unstructured) -> arbitrary::Result<InputFile> {
    let size = match u.int_in_range(0..=3u8)? {
        0 => u.arbitrary()?,
        1 => 4 * 1024 * 1024 - 1 + u64::from(u.int_in_range(0..=2u8)?),
        _ => u.int_in_range(0..=60 << 20)?,
    };
    let name = match u.int_in_range(0..=2u8)? {
        0 => None,
        1 => Some((*u.choose(NAMES)?).to_owned()),
        _ => Some(u.arbitrary()?),
    };
    Ok(InputFile { size, info: info(u)?, name })
}

fn input(u: &mut Unstructured) -> arbitrary::Result<Input> {
    Ok(match u.int_in_range(0..=3u8)? {
        0 | 1 => Input::File(file(u)?),
        2 => Input::Ref(ImageRef::Url(match u.int_in_range(0..=2u8)? {
            0 => "https://example.com/a.png".to_owned(),
            1 => format!("data:image/png;base64,{}", u.arbitrary::<String>()?),
            _ => u.arbitrary()?,
        })),
        _ => Input::Ref(ImageRef::FileId(u.arbitrary()?)),
    })
}

fn build(u: &mut Unstructured) -> arbitrary::Result<(ImageParams, EditInputs, u8, u8, u8, u64)> {
    let (p, e, t) = (u.arbitrary()?, u.arbitrary()?, u.arbitrary()?);
    let limit = match u.int_in_range(0..=2u8)? {
        0 => 50 << 20,
        1 => 25 << 20,
        _ => u.arbitrary()?,
    };
    let mut fields = Map::new();
    for _ in 0..u.int_in_range(0..=6)? {
        fields.insert(arbitrary_word(u, PARAM_WORDS)?, arbitrary_json(u, PARAM_WORDS, 2)?);
    }
    let mut images = Vec::new();
    for _ in 0..u.int_in_range(0..=18)? {
        images.push(input(u)?);
    }
    let inputs = EditInputs {
        image_was_array: u.arbitrary()?,
        images,
        mask: if u.arbitrary()? { Some(input(u)?) } else { None },
        markup: if u.ratio(1, 4)? { Some(file(u)?) } else { None },
    };
    Ok((ImageParams::new(fields.into()), inputs, p, e, t, limit))
}

fn check_plan(params: &ImageParams, inputs: &EditInputs) {
    let parts = plan_multipart(params, inputs, json::write);
    let texts: Vec<(String, String)> = parts
        .iter()
        .filter_map(|part| match part {
            Part::Text { name, value } => Some((name.clone(), value.clone())),
            Part::File { .. } => None,
        })
        .collect();
    assert_eq!(texts, params.to_form_fields(json::write));
    let mut expected: Vec<(FileRef, &InputFile)> = inputs
        .images
        .iter()
        .enumerate()
        .filter_map(|(i, input)| match input {
            Input::File(file) => Some((FileRef::Image(i), file)),
            Input::Ref(_) => None,
        })
        .collect();
    if let Some(Input::File(mask)) = &inputs.mask {
        expected.push((FileRef::Mask, mask));
    }
    if let Some(markup) = &inputs.markup {
        expected.push((FileRef::Markup, markup));
    }
    let files: Vec<_> = parts
        .iter()
        .filter_map(|part| match part {
            Part::File { name, file, filename, mime_type } => Some((*name, *file, filename, *mime_type)),
            Part::Text { .. } => None,
        })
        .collect();
    assert_eq!(files.len(), expected.len());
    for ((name, file_ref, filename, mime), (expected_ref, input)) in files.into_iter().zip(expected) {
        assert_eq!(file_ref, expected_ref);
        let format = input.info.map(|i| i.format);
        assert_eq!(mime, format.map_or("application/octet-stream", ImageFormat::mime_type));
        let extension = format.map_or("bin", ImageFormat::extension);
        let stem = filename
            .strip_suffix(extension)
            .and_then(|s| s.strip_suffix('.'))
            .unwrap_or_else(|| panic!("{filename:?} does not end in .{extension}"));
        assert!(!stem.trim().is_empty(), "{filename:?}");
        assert!(
            !filename.chars().any(|c| c.is_control() || matches!(c, '"' | '\\' | '/')),
            "unsafe filename {filename:?}"
        );
        assert!(stem.chars().count() <= 100);
        match file_ref {
            FileRef::Image(_) => assert!(name == "image" || name == "image[]"),
            FileRef::Mask => assert_eq!(name, "mask"),
            FileRef::Markup => assert_eq!(name, "markup"),
        }
    }

    let body: Value = serde_json::from_str(&reference_body(params, inputs, json::write)).expect("the JSON edit is JSON");
    let object = body.as_object().expect("an object");
    let refs = inputs.images.iter().filter(|i| matches!(i, Input::Ref(_))).count();
    assert_eq!(object["images"].as_array().map(Vec::len), Some(refs));
    for (name, value) in params.fields() {
        if name != "images" && !(name == "mask" && matches!(inputs.mask, Some(Input::Ref(_)))) {
            let reread: Value = serde_json::from_str(&value.to_string()).expect("JSON");
            assert_eq!(object.get(name), Some(&reread), "param {name}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let (_, payload) = split_input(data);
    let mut u = Unstructured::new(payload);
    let Ok((params, inputs, p, e, t, limit)) = build(&mut u) else { return };
    let catalog = Catalog::default();
    let rules = Rules {
        provider: provider(p),
        today: today(t),
        catalog: &catalog,
    };
    let issues = validate_edit(&params, &inputs, endpoint(e), &rules, limit);
    for issue in &issues {
        // A param named "" is reported under the field "".
        assert!(!issue.field.is_empty() || params.get("").is_some(), "{issue:?}");
        assert!(!issue.code.is_empty() && !issue.message.is_empty(), "{issue:?}");
    }
    if inputs.images.is_empty() {
        assert!(issues.iter().any(|i| i.field == "image" && i.code == "required"));
    }
    check_plan(&params, &inputs);
});
