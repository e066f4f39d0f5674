//! `ImagesClient.edit`, `validateEdit` and `createVariation` in headless Chromium against the fake
//! image API, with real files made from real image bytes.
#![cfg(target_arch = "wasm32")]

mod support;

use serde_json::{json, Value};
use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const RGB_PNG: &[u8] = include_bytes!("fixtures/images/rgb.png");
const RGBA_PNG: &[u8] = include_bytes!("fixtures/images/rgba.png");
const JPEG: &[u8] = include_bytes!("fixtures/images/baseline.jpg");
const WEBP: &[u8] = include_bytes!("fixtures/images/lossless_alpha.webp");
const GIF: &[u8] = include_bytes!("fixtures/images/image.gif");

fn file_parts(request: &Value) -> Vec<&Value> {
    request["parts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["filename"].is_string())
        .collect()
}

fn text_part<'a>(request: &'a Value, name: &str) -> Option<&'a str> {
    request["parts"]
        .as_array()?
        .iter()
        .find(|p| p["name"] == name && !p["filename"].is_string())
        .and_then(|p| p["value"].as_str())
}

fn issue_fields(error: &JsValue) -> Vec<String> {
    let issues = to_json(&get(error, "issues"));
    issues
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["severity"] == "error")
        .map(|i| i["field"].as_str().unwrap().to_owned())
        .collect()
}

fn openai(session: &str) -> imagegen_wasm::bindings::ImagesClient {
    client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(session)) }))
}

#[wasm_bindgen_test]
async fn one_image_and_a_mask_go_as_sniffed_parts_byte_for_byte() {
    let s = session("edit-one");
    let c = openai(&s);
    // A PNG the user named .jpeg, with an empty type: the bytes decide.
    let image = file(RGB_PNG, "holiday.jpeg", "").await;
    let mask = file(RGBA_PNG, "mask", "application/octet-stream").await;
    let params = object(
        json!({ "model": "gpt-image-2", "prompt": "Add a beach ball", "quality": "high", "n": 2 }),
        &[("image", &image), ("mask", &mask)],
    );
    let result = edit(&c, &params, JsValue::UNDEFINED).await.unwrap();
    assert_eq!(js_sys::Array::from(&get(&result, "images")).length(), 2);

    let recorded = requests(&s).await;
    assert_eq!(recorded.len(), 1);
    let r = &recorded[0];
    assert_eq!(r["path"], format!("/s/{s}/v1/images/edits"));
    assert!(r["contentType"]
        .as_str()
        .unwrap()
        .starts_with("multipart/form-data; boundary="));
    assert_eq!(text_part(r, "model"), Some("gpt-image-2"));
    assert_eq!(text_part(r, "prompt"), Some("Add a beach ball"));
    assert_eq!(text_part(r, "quality"), Some("high"));
    assert_eq!(text_part(r, "n"), Some("2"));
    let files = file_parts(r);
    assert_eq!(files.len(), 2);
    assert_eq!(
        (&files[0]["name"], &files[0]["filename"], &files[0]["contentType"]),
        (&json!("image"), &json!("holiday.png"), &json!("image/png"))
    );
    assert_eq!(files[0]["sha256"], sha256(&image).await, "the user's bytes, untouched");
    assert_eq!(files[0]["size"], RGB_PNG.len());
    assert_eq!(
        (&files[1]["name"], &files[1]["filename"], &files[1]["contentType"]),
        (&json!("mask"), &json!("mask.png"), &json!("image/png"))
    );
    assert_eq!(files[1]["sha256"], sha256(&mask).await);
}

#[wasm_bindgen_test]
async fn several_images_go_as_repeated_image_array_parts_in_order() {
    let s = session("edit-many");
    let c = openai(&s);
    let png = file(RGB_PNG, "a.png", "image/png").await;
    let jpeg = file(JPEG, "b.png", "image/png").await; // wrong declared type and extension
    let webp = file(WEBP, "c", "").await;
    let images: js_sys::Array = [png.clone(), jpeg.clone(), webp.clone()].iter().collect();
    let params = object(
        json!({ "model": "gpt-image-2", "prompt": "Merge them" }),
        &[("image", &images.into())],
    );
    edit(&c, &params, JsValue::UNDEFINED).await.unwrap();
    let r = &requests(&s).await[0];
    let files = file_parts(r);
    let seen: Vec<(String, String, String)> = files
        .iter()
        .map(|f| {
            (
                f["name"].as_str().unwrap().to_owned(),
                f["filename"].as_str().unwrap().to_owned(),
                f["contentType"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            ("image[]".into(), "a.png".into(), "image/png".into()),
            ("image[]".into(), "b.jpg".into(), "image/jpeg".into()),
            ("image[]".into(), "c.webp".into(), "image/webp".into()),
        ]
    );
    for (part, original) in files.iter().zip([png, jpeg, webp]) {
        assert_eq!(part["sha256"], sha256(&original).await);
    }
}

#[wasm_bindgen_test]
async fn every_file_problem_is_reported_at_once_and_nothing_is_sent() {
    let s = session("edit-bad");
    let c = openai(&s);
    let images: js_sys::Array = [
        file(RGB_PNG, "ok.png", "").await,
        file(GIF, "anim.gif", "image/gif").await,
        file(b"not an image at all", "notes.txt", "text/plain").await,
    ]
    .iter()
    .collect();
    let mask = file(RGB_PNG, "mask.png", "image/png").await; // no alpha
    let params = object(
        json!({ "model": "gpt-image-2", "prompt": "" }),
        &[("image", &images.into()), ("mask", &mask)],
    );
    let error = edit(&c, &params, JsValue::UNDEFINED).await.unwrap_err();
    assert_eq!(error_summary(&error).0, "ImageValidationError");
    assert_eq!(issue_fields(&error), vec!["prompt", "image[1]", "image[2]", "mask"]);
    let message = get_str(&error, "message").unwrap();
    assert!(message.contains("image[1] is a GIF"), "{message}");
    assert!(message.contains("image[2] is not an image"), "{message}");
    assert!(requests(&s).await.is_empty(), "nothing was sent");
}

#[wasm_bindgen_test]
async fn mask_size_must_match_the_first_image() {
    let s = session("edit-mask-size");
    let c = openai(&s);
    let image = file(RGB_PNG, "a.png", "").await;
    let mask = canvas_png(64, 64, true).await;
    let params = object(
        json!({ "model": "gpt-image-2", "prompt": "p" }),
        &[("image", &image), ("mask", &mask)],
    );
    let issues = to_json(&settle(c.validate_edit(params)).await.unwrap());
    assert_eq!(issues[0]["field"], "mask");
    assert_eq!(issues[0]["code"], "size_mismatch");
    assert!(requests(&s).await.is_empty(), "validateEdit sends nothing");
}

#[wasm_bindgen_test]
async fn non_files_are_typed_errors() {
    let s = session("edit-types");
    let c = openai(&s);
    let params = object(
        json!({ "model": "gpt-image-2", "prompt": "p", "image": ["https://example.com/cat.png"], "mask": 5 }),
        &[],
    );
    let error = edit(&c, &params, JsValue::UNDEFINED).await.unwrap_err();
    assert_eq!(issue_fields(&error), vec!["image[0]", "mask"]);
    let params = object(json!({ "model": "gpt-image-2", "prompt": "p" }), &[]);
    let error = edit(&c, &params, JsValue::UNDEFINED).await.unwrap_err();
    assert_eq!(issue_fields(&error), vec!["image"]);
}

#[wasm_bindgen_test]
async fn dalle2_rules_on_a_compatible_provider() {
    let s = session("edit-dalle2");
    pin_today(&s, "2026-05-01").await;
    let c = client(json!({ "provider": "cometapi", "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    let rgb = file(RGB_PNG, "rgb.png", "").await; // 37x19, no alpha
    let params = object(json!({ "model": "dall-e-2", "prompt": "p" }), &[("image", &rgb)]);
    let error = edit(&c, &params, JsValue::UNDEFINED).await.unwrap_err();
    let codes: Vec<Value> = to_json(&get(&error, "issues"))
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["severity"] == "error")
        .map(|i| i["code"].clone())
        .collect();
    assert_eq!(codes, vec![json!("not_square"), json!("missing_alpha")]);

    let square = canvas_png(64, 64, true).await;
    let params = object(
        json!({ "model": "dall-e-2", "prompt": "p", "size": "256x256", "response_format": "b64_json" }),
        &[("image", &square)],
    );
    let result = edit(&c, &params, JsValue::UNDEFINED).await.unwrap();
    let image = js_sys::Array::from(&get(&result, "images")).get(0);
    assert_eq!(decode_in_browser(&get(&image, "blob")).await, (256, 256));
    assert_eq!(file_parts(&requests(&s).await[0])[0]["name"], "image");
}

#[wasm_bindgen_test]
async fn azure_edit_route_takes_png_and_jpeg_only() {
    let s = session("edit-azure");
    let c =
        client(json!({ "provider": "azure", "apiKey": "az", "azure": { "endpoint": base(&s), "deployment": "img" } }));
    let webp = file(WEBP, "w.webp", "image/webp").await;
    let params = object(json!({ "model": "gpt-image-2", "prompt": "p" }), &[("image", &webp)]);
    let error = edit(&c, &params, JsValue::UNDEFINED).await.unwrap_err();
    assert_eq!(issue_fields(&error), vec!["image"]);

    let jpeg = file(JPEG, "j.jpg", "").await;
    let params = object(json!({ "model": "gpt-image-2", "prompt": "p" }), &[("image", &jpeg)]);
    edit(&c, &params, JsValue::UNDEFINED).await.unwrap();
    let r = &requests(&s).await[0];
    assert_eq!(r["path"], format!("/s/{s}/openai/deployments/img/images/edits"));
    assert_eq!(r["query"]["api-version"], "2025-04-01-preview");
    assert_eq!(r["headers"]["api-key"], "az");
}

#[wasm_bindgen_test]
async fn variations_of_one_square_png() {
    let s = session("variation");
    pin_today(&s, "2026-05-01").await;
    let c = client(json!({ "provider": "compatible", "baseURL": format!("{}/proxy/v1", base(&s)) }));
    let square = canvas_png(64, 64, false).await;
    let params = object(
        json!({ "model": "dall-e-2", "n": 2, "size": "256x256", "response_format": "b64_json" }),
        &[("image", &square)],
    );
    let result = settle(c.create_variation(params, None)).await.unwrap();
    assert_eq!(js_sys::Array::from(&get(&result, "images")).length(), 2);
    let r = &requests(&s).await[0];
    assert_eq!(r["path"], format!("/s/{s}/proxy/v1/images/variations"));
    assert_eq!(file_parts(r)[0]["contentType"], "image/png");
}

#[wasm_bindgen_test]
async fn streamed_edits_send_image_edit_events() {
    let s = session("edit-stream");
    let c = openai(&s);
    let image = file(RGBA_PNG, "a.png", "").await;
    let params = object(
        json!({ "model": "gpt-image-2", "prompt": "p", "stream": true, "partial_images": 1 }),
        &[("image", &image)],
    );
    let events = js_sys::Array::new();
    let push = js_sys::Function::new_with_args("events, e", "events.push(e.type)").bind1(&JsValue::NULL, &events);
    let options = object(json!({}), &[("onPartialImage", &push)]);
    edit(&c, &params, options).await.unwrap();
    assert_eq!(to_json(&events), json!(["image_edit.partial_image"]));
}

#[wasm_bindgen_test]
async fn a_large_upload_never_enters_wasm_memory() {
    let s = session("edit-large");
    let c = openai(&s);
    // Noise does not compress: a 3000x3000 RGBA noise PNG is about 36 MB.
    let big = run_js(
        "",
        "const w = 3000, h = 3000; const c = new OffscreenCanvas(w, h); const g = c.getContext('2d');
         const img = g.createImageData(w, h); const px = new Uint32Array(img.data.buffer);
         let x = 12345; for (let i = 0; i < px.length; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; px[i] = x | 0xff000000; }
         g.putImageData(img, 0, 0);
         return c.convertToBlob({ type: 'image/png' });",
        &[],
    )
    .await;
    let size = get(&big, "size").as_f64().unwrap();
    assert!(size > 20e6, "the test file is only {size} bytes");
    // Warm up: the first call grows memory for buffers every call reuses.
    let small = file(RGB_PNG, "a.png", "").await;
    edit(
        &c,
        &object(json!({ "model": "gpt-image-2", "prompt": "p" }), &[("image", &small)]),
        JsValue::UNDEFINED,
    )
    .await
    .unwrap();

    let before = wasm_memory_bytes();
    let params = object(json!({ "model": "gpt-image-2", "prompt": "p" }), &[("image", &big)]);
    edit(&c, &params, JsValue::UNDEFINED).await.unwrap();
    let growth = wasm_memory_bytes() - before;
    console_log!("large upload: {size} bytes sent, wasm memory grew by {growth} bytes");
    assert!(
        growth < 1024 * 1024,
        "wasm memory grew by {growth} bytes for a {size}-byte upload"
    );
    let recorded = requests(&s).await;
    let part = file_parts(recorded.last().unwrap())[0];
    assert_eq!(part["size"].as_f64().unwrap(), size);
    assert_eq!(part["sha256"], sha256(&big).await);
}
