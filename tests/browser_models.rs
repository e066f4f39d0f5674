//! Today's API in headless Chromium against the fake: model status by date, 2.6's SVG and GIF
//! results, markup files, edits by reference, `listModels()`, validation modes, run-time rows,
//! cost from usage, and Azure's 410 and blocked-resource 403.
#![cfg(target_arch = "wasm32")]

mod support;

use serde_json::{json, Value};
use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const JPEG: &[u8] = include_bytes!("fixtures/images/baseline.jpg");
const RGB_PNG: &[u8] = include_bytes!("fixtures/images/rgb.png");

fn openai(session: &str, extra: Value) -> imagegen_wasm::bindings::ImagesClient {
    let mut options = json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(session)) });
    options
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    client(options)
}

fn first_image(result: &JsValue) -> JsValue {
    js_sys::Array::from(&get(result, "images")).get(0)
}

fn issues(error: &JsValue) -> Vec<(String, String)> {
    to_json(&get(error, "issues"))
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["field"].as_str().unwrap().to_owned(),
                i["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[wasm_bindgen_test]
async fn a_shut_down_model_is_refused_with_nothing_sent() {
    let s = session("shut-down");
    let c = openai(&s, json!({ "today": "2026-12-02" }));
    let error = generate(
        &c,
        json!({ "model": "gpt-image-1.5", "prompt": "p" }),
        JsValue::UNDEFINED,
    )
    .await
    .unwrap_err();
    assert_eq!(get_str(&error, "name").as_deref(), Some("ImageValidationError"));
    assert_eq!(issues(&error), vec![("model".to_owned(), "model_shut_down".to_owned())]);
    let message = get_str(&error, "message").unwrap();
    assert!(
        message.contains("2026-12-01") && message.contains("gpt-image-2"),
        "{message}"
    );
    assert!(requests(&s).await.is_empty(), "nothing may be sent");
    // The same day on Azure, the model is still served there: the request goes out.
    let a = session("shut-down-azure");
    let azure = client(json!({ "provider": "azure", "apiKey": "az", "today": "2026-12-02",
                               "azure": { "endpoint": base(&a), "deployment": "gpt-image-1.5" } }));
    let issues = to_json(
        &settle(azure.validate_edit(js(r#"{"model":"gpt-image-1.5","prompt":"p"}"#)))
            .await
            .unwrap(),
    );
    assert!(
        issues
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["code"] != "model_shut_down"),
        "{issues}"
    );
}

#[wasm_bindgen_test]
async fn svg_results_carry_their_type_and_size() {
    let s = session("svg");
    let c = openai(&s, json!({}));
    let params = json!({ "model": "gpt-image-2.6-sunburst", "prompt": "A paper boat, flat vector",
                         "output_format": "svg", "size": "1536x1024",
                         "svg": { "model": "gpt-5", "reasoning": { "effort": "low" } } });
    let result = generate(&c, params.clone(), JsValue::UNDEFINED).await.unwrap();
    let image = first_image(&result);
    assert_eq!(get_str(&image, "mimeType").as_deref(), Some("image/svg+xml"));
    assert_eq!(get(&image, "width").as_f64(), Some(1536.0));
    assert_eq!(get(&image, "height").as_f64(), Some(1024.0));
    let blob = get(&image, "blob");
    assert_eq!(get_str(&blob, "type").as_deref(), Some("image/svg+xml"));
    let text = String::from_utf8(blob_bytes(&blob).await).unwrap();
    assert!(text.contains("<svg"), "{text}");
    assert_eq!(requests(&s).await[0]["json"], params, "sent exactly as typed");
    // The browser itself renders it at that size.
    let rendered = run_js(
        "blob",
        "const url = URL.createObjectURL(blob); const img = new Image(); img.src = url;
         await img.decode(); URL.revokeObjectURL(url); return [img.naturalWidth, img.naturalHeight];",
        std::slice::from_ref(&blob),
    )
    .await;
    assert_eq!(to_json(&rendered), json!([1536, 1024]));
}

#[wasm_bindgen_test]
async fn gif_results_count_their_frames() {
    let s = session("gif");
    let c = openai(&s, json!({}));
    let params = json!({ "model": "gpt-image-2.6-flare", "prompt": "A spinning coin", "output_format": "gif",
                         "frame_count": 4, "frame_duration_ms": 120, "size": "1024x1024" });
    let result = generate(&c, params.clone(), JsValue::UNDEFINED).await.unwrap();
    let image = first_image(&result);
    assert_eq!(get_str(&image, "mimeType").as_deref(), Some("image/gif"));
    assert_eq!(get(&image, "frameCount").as_f64(), Some(4.0));
    let bytes = blob_bytes(&get(&image, "blob")).await;
    assert!(bytes.starts_with(b"GIF89a"));
    let (w, h) = decode_in_browser(&get(&image, "blob")).await;
    assert_eq!(
        (get(&image, "width").as_f64(), get(&image, "height").as_f64()),
        (Some(w as f64), Some(h as f64))
    );
    assert_eq!(requests(&s).await[0]["json"], params);
}

#[wasm_bindgen_test]
async fn markup_goes_as_a_file_part_with_its_sniffed_type() {
    let s = session("markup");
    let c = openai(&s, json!({}));
    let photo = file(JPEG, "photo.jpg", "").await;
    let (w, h) = decode_in_browser(&photo).await;
    let marks = canvas_png(w, h, true).await;
    let params = object(
        json!({ "model": "gpt-image-2.6-sunburst", "prompt": "Put a hat where I drew" }),
        &[("image", &photo), ("markup", &marks)],
    );
    edit(&c, &params, JsValue::UNDEFINED).await.unwrap();
    let r = &requests(&s).await[0];
    let parts = r["parts"].as_array().unwrap();
    let markup = parts.iter().find(|p| p["name"] == "markup").expect("a markup part");
    assert_eq!(markup["contentType"], "image/png");
    assert!(markup["filename"].as_str().unwrap().ends_with(".png"));
    assert_eq!(markup["sha256"].as_str().unwrap(), sha256(&marks).await);
    assert!(parts.iter().all(|p| p["name"] != "mask"));

    // Checked like a mask before anything is uploaded: wrong size, no alpha, never with a mask.
    let s2 = session("markup-bad");
    let c2 = openai(&s2, json!({}));
    // 37x19 and opaque RGB (a canvas PNG always has an alpha channel).
    let small = file(RGB_PNG, "marks.png", "image/png").await;
    let bigger = canvas_png(64, 48, false).await;
    let params = object(
        json!({ "model": "gpt-image-2.6-sunburst", "prompt": "p" }),
        &[("image", &bigger), ("markup", &small), ("mask", &small)],
    );
    let error = edit(&c2, &params, JsValue::UNDEFINED).await.unwrap_err();
    let codes: Vec<String> = issues(&error)
        .into_iter()
        .filter(|(f, _)| f == "markup")
        .map(|(_, c)| c)
        .collect();
    assert_eq!(codes, vec!["conflict", "missing_alpha", "size_mismatch"]);
    assert!(requests(&s2).await.is_empty());
}

#[wasm_bindgen_test]
async fn edits_by_reference_go_as_json_with_nothing_uploaded() {
    let s = session("json-edit");
    let c = openai(&s, json!({}));
    let params = js(&json!({ "model": "gpt-image-2.6-sunburst", "prompt": "Make it night",
        "image": [{ "image_url": "https://example.com/street.png" }, { "file_id": "file-abc123" }],
        "mask": { "file_id": "file-mask9" } })
    .to_string());
    let result = edit(&c, &params, JsValue::UNDEFINED).await.unwrap();
    assert!(get(&first_image(&result), "blob").is_object());
    let r = &requests(&s).await[0];
    assert!(
        r["contentType"].as_str().unwrap().starts_with("application/json"),
        "{}",
        r["contentType"]
    );
    assert_eq!(
        r["json"],
        json!({ "model": "gpt-image-2.6-sunburst", "prompt": "Make it night",
                "images": [{ "image_url": "https://example.com/street.png" }, { "file_id": "file-abc123" }],
                "mask": { "file_id": "file-mask9" } })
    );
    // A mix of files and references is refused before anything is sent.
    let s2 = session("json-edit-mixed");
    let c2 = openai(&s2, json!({}));
    let photo = file(JPEG, "photo.jpg", "").await;
    let mixed = js_sys::Array::of2(&photo, &js(r#"{"image_url":"https://example.com/a.png"}"#));
    let params = object(
        json!({ "model": "gpt-image-2.6-sunburst", "prompt": "p" }),
        &[("image", &mixed)],
    );
    let error = edit(&c2, &params, JsValue::UNDEFINED).await.unwrap_err();
    assert_eq!(issues(&error), vec![("image".to_owned(), "mixed_inputs".to_owned())]);
    assert!(requests(&s2).await.is_empty());
}

#[wasm_bindgen_test]
async fn list_models_asks_the_provider_and_merges_the_table() {
    let s = session("list");
    let c = openai(&s, json!({ "today": "2026-12-02" }));
    let listed = to_json(&settle(c.list_models(None)).await.unwrap());
    let rows = listed.as_array().unwrap();
    let ids: Vec<&str> = rows.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert!(
        ids.contains(&"gpt-image-2.6-sunburst") && ids.contains(&"gpt-image-2"),
        "{ids:?}"
    );
    assert!(
        !ids.iter().any(|id| id.starts_with("whisper") || *id == "gpt-5"),
        "{ids:?}"
    );
    assert!(!ids.contains(&"gpt-image-1.5"), "shut down today: {ids:?}");
    let g26 = rows.iter().find(|m| m["id"] == "gpt-image-2.6-sunburst").unwrap();
    assert_eq!(
        (g26["known"].clone(), g26["status"].clone()),
        (json!(true), json!("current"))
    );
    assert_eq!(g26["outputFormats"], json!(["png", "jpeg", "webp", "gif", "svg"]));
    let r = &requests(&s).await[0];
    assert_eq!(
        (r["method"].as_str(), r["path"].as_str()),
        (Some("GET"), Some(format!("/s/{s}/v1/models").as_str()))
    );
    assert_eq!(r["headers"]["authorization"], "Bearer k");

    // An Azure deployment route lists the configured deployment, without a request.
    let a = session("list-azure");
    let azure = client(json!({ "provider": "azure", "apiKey": "az", "today": "2026-12-02",
                               "azure": { "endpoint": base(&a), "deployment": "gpt-image-1.5" } }));
    let listed = to_json(&settle(azure.list_models(None)).await.unwrap());
    assert_eq!(listed[0]["id"], "gpt-image-1.5");
    assert_eq!(
        (listed[0]["status"].as_str(), listed[0]["shutdownDate"].as_str()),
        (Some("retiring"), Some("2026-12-16"))
    );
    assert!(requests(&a).await.is_empty());
}

#[wasm_bindgen_test]
async fn warn_mode_sends_and_reports_what_strict_refuses() {
    let s = session("warn");
    // A run-time row stricter than the API (as a stale table would be): strict refuses "high".
    let c = openai(&s, json!({ "models": [{ "id": "gpt-image-2", "qualities": ["low"] }] }));
    let params = json!({ "model": "gpt-image-2", "prompt": "p", "quality": "high" });
    let error = generate(&c, params.clone(), JsValue::UNDEFINED).await.unwrap_err();
    assert_eq!(issues(&error), vec![("quality".to_owned(), "invalid_value".to_owned())]);
    let message = get_str(&error, "message").unwrap();
    assert!(message.contains("validation: \"warn\""), "{message}");
    assert!(requests(&s).await.is_empty());

    let result = generate(&c, params.clone(), js(r#"{"validation":"warn"}"#))
        .await
        .unwrap();
    let warnings = to_json(&get(&result, "warnings"));
    assert_eq!(warnings[0]["field"], "quality");
    assert_eq!(warnings[0]["severity"], "warning");
    assert_eq!(requests(&s).await.len(), 1);
    let off = generate(&c, params, js(r#"{"validation":"off"}"#)).await.unwrap();
    assert_eq!(to_json(&get(&off, "warnings")), json!([]));
    // A bad mode is itself a validation error.
    let bad = generate(
        &c,
        json!({ "model": "gpt-image-2", "prompt": "p" }),
        js(r#"{"validation":"lenient"}"#),
    )
    .await
    .unwrap_err();
    assert_eq!(
        issues(&bad),
        vec![("validation".to_owned(), "invalid_value".to_owned())]
    );
}

#[wasm_bindgen_test]
async fn cost_is_computed_from_the_returned_usage() {
    let s = session("cost");
    let c = openai(&s, json!({}));
    let before = imagegen_wasm::bindings::estimate_cost_js(js(
        r#"{"model":"gpt-image-2.6-sunburst","prompt":"p","size":"1024x1024","quality":"high"}"#,
    ));
    assert!(before.is_undefined(), "no formula is known for 2.6 before sending");
    let result = generate(
        &c,
        json!({ "model": "gpt-image-2.6-sunburst", "prompt": "p", "size": "1024x1024", "quality": "high" }),
        JsValue::UNDEFINED,
    )
    .await
    .unwrap();
    let usage = to_json(&get(&result, "usage"));
    let cost = to_json(&get(&result, "cost"));
    let text = usage["input_tokens_details"]["text_tokens"].as_f64().unwrap_or(0.0);
    let image_in = usage["input_tokens_details"]["image_tokens"].as_f64().unwrap_or(0.0);
    let out = usage["output_tokens"].as_f64().unwrap();
    let expected = (text * 5.0 + image_in * 8.0 + out * 30.0) / 1e6;
    assert!(
        (cost["usd"].as_f64().unwrap() - expected).abs() < 1e-9,
        "{cost} vs {usage}"
    );
    assert_eq!(cost["outputTokens"].as_f64(), Some(out));
}

#[wasm_bindgen_test]
async fn define_model_adds_a_row_for_every_client() {
    let row = to_json(
        &imagegen_wasm::bindings::define_model(js(
            r#"{"id":"acme-image-1","like":"gpt-image-2.6-sunburst","qualities":["draft","final"]}"#,
        ))
        .unwrap(),
    );
    assert_eq!(row["qualities"], json!(["draft", "final"]));
    let issues = to_json(&imagegen_wasm::bindings::validate_generate(
        js(r#"{"model":"acme-image-1","prompt":"p","quality":"final"}"#),
        None,
    ));
    assert_eq!(issues, json!([]));
    let refused = to_json(&imagegen_wasm::bindings::validate_generate(
        js(r#"{"model":"acme-image-1","prompt":"p","quality":"high"}"#),
        None,
    ));
    assert_eq!(refused[0]["code"], "invalid_value");
    let error = imagegen_wasm::bindings::define_model(js(r#"{"id":"x","like":"nope","maxN":0}"#)).unwrap_err();
    assert_eq!(get_str(&error, "name").as_deref(), Some("ImageValidationError"));
    let fields: Vec<String> = issues_of(&error);
    assert_eq!(fields, vec!["like", "maxN"]);
}

fn issues_of(error: &JsValue) -> Vec<String> {
    issues(error).into_iter().map(|(f, _)| f).collect()
}

async fn azure_failure(name: &str, preset: &str) -> (JsValue, usize) {
    let s = session(name);
    script(
        &s,
        json!([{ "fault": "error", "preset": preset, "headers": { "x-should-retry": "true" } },
                      { "fault": "ok" }]),
    )
    .await;
    let c = client(json!({ "provider": "azure", "apiKey": "az", "maxRetries": 2,
                           "azure": { "endpoint": base(&s), "deployment": "gpt-image-1" } }));
    let error = generate(
        &c,
        json!({ "model": "gpt-image-2", "prompt": "p" }),
        js(r#"{"validation":"off"}"#),
    )
    .await
    .unwrap_err();
    (error, requests(&s).await.len())
}

#[wasm_bindgen_test]
async fn azure_gone_and_blocked_resource_are_typed_and_never_retried() {
    let (gone, sent) = azure_failure("azure-410", "azure_gone").await;
    assert_eq!(
        error_summary(&gone),
        ("APIError".into(), "model_retired".into(), Some(410.0))
    );
    assert_eq!(sent, 1, "410 is never retried, even with x-should-retry");
    let message = get_str(&gone, "message").unwrap();
    assert!(
        message.contains("(gpt-image-1 retired on Azure OpenAI on 2026-10-23; use gpt-image-2)"),
        "{message}"
    );

    let (blocked, sent) = azure_failure("azure-403", "azure_resource_blocked").await;
    assert_eq!(
        error_summary(&blocked),
        ("PermissionDeniedError".into(), "content_policy".into(), Some(403.0))
    );
    assert_eq!(sent, 1);
}
