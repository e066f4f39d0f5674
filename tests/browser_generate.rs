//! `ImagesClient.generate` in headless Chromium against the fake image API: requests as recorded by
//! the server, images as Blobs, every provider.
#![cfg(target_arch = "wasm32")]

mod support;

use serde_json::json;
use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn header<'a>(request: &'a serde_json::Value, name: &str) -> Option<&'a str> {
    request["headers"][name].as_str()
}

/// Headers a page may not control or that the browser adds itself.
const BROWSER_HEADERS: &[&str] = &[
    "host",
    "connection",
    "content-length",
    "user-agent",
    "accept",
    "accept-encoding",
    "accept-language",
    "origin",
    "referer",
    "sec-fetch-site",
    "sec-fetch-mode",
    "sec-fetch-dest",
    "sec-ch-ua",
    "sec-ch-ua-mobile",
    "sec-ch-ua-platform",
    "pragma",
    "cache-control",
    "priority",
];

fn sent_headers(request: &serde_json::Value) -> Vec<String> {
    let mut names: Vec<String> = request["headers"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| !BROWSER_HEADERS.contains(&k.as_str()))
        .cloned()
        .collect();
    names.sort();
    names
}

#[wasm_bindgen_test]
async fn openai_generate_sends_exactly_the_params_and_returns_blobs() {
    let s = session("openai-ok");
    let c = client(json!({ "apiKey": "sk-test-123", "baseURL": format!("{}/v1", base(&s)) }));
    let params = json!({ "model": "gpt-image-2", "prompt": "A paper boat at sunrise", "n": 2,
                          "size": "1024x1536", "quality": "low", "output_format": "webp",
                          "output_compression": 80, "background": "opaque" });
    let result = generate(&c, params.clone(), JsValue::UNDEFINED).await.unwrap();

    let recorded = requests(&s).await;
    assert_eq!(recorded.len(), 1);
    let r = &recorded[0];
    assert_eq!(r["method"], "POST");
    assert_eq!(r["path"], format!("/s/{s}/v1/images/generations"));
    assert_eq!(r["json"], params, "the body is exactly the params set");
    assert_eq!(header(r, "authorization"), Some("Bearer sk-test-123"));
    assert!(header(r, "content-type").unwrap().starts_with("application/json"));
    assert_eq!(
        sent_headers(r),
        vec!["authorization", "content-type"],
        "no other headers"
    );

    let images = get(&result, "images");
    assert_eq!(js_sys::Array::from(&images).length(), 2);
    for i in 0..2 {
        let image = js_sys::Array::from(&images).get(i);
        assert_eq!(get_str(&image, "mimeType").as_deref(), Some("image/webp"));
        assert_eq!(
            (get(&image, "width").as_f64(), get(&image, "height").as_f64()),
            (Some(1024.0), Some(1536.0))
        );
        assert_eq!(get(&image, "hasC2pa").as_bool(), Some(true));
        let blob = get(&image, "blob");
        assert_eq!(get_str(&blob, "type").as_deref(), Some("image/webp"));
        let bytes = blob_bytes(&blob).await;
        assert_eq!(bytes.len() as f64, get(&image, "byteLength").as_f64().unwrap());
        assert_eq!(&bytes[..4], b"RIFF");
        assert_eq!(
            decode_in_browser(&blob).await,
            (1024, 1536),
            "the browser decodes the Blob"
        );
        let url = get_str(&image, "url").unwrap();
        assert!(url.starts_with("blob:"), "{url}");
    }
    assert_eq!(get_str(&result, "output_format").as_deref(), Some("webp"));
    assert_eq!(get_str(&result, "size").as_deref(), Some("1024x1536"));
    assert_eq!(get_str(&result, "quality").as_deref(), Some("low"));
    assert_eq!(get_str(&result, "background").as_deref(), Some("opaque"));
    assert!(get(&result, "created").as_f64().unwrap() > 1.7e9);
    assert!(get(&get(&result, "usage"), "output_tokens").as_f64().is_some());
    assert!(get_str(&result, "requestID").unwrap().starts_with("req_"));
}

#[wasm_bindgen_test]
async fn png_and_jpeg_results_are_sniffed_from_the_bytes() {
    let s = session("formats");
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    for (format, mime, magic) in [
        ("png", "image/png", &b"\x89PNG"[..]),
        ("jpeg", "image/jpeg", &b"\xff\xd8\xff"[..]),
    ] {
        let result = generate(
            &c,
            json!({ "model": "gpt-image-2", "prompt": "p", "size": "1024x1024", "output_format": format }),
            JsValue::UNDEFINED,
        )
        .await
        .unwrap();
        let image = js_sys::Array::from(&get(&result, "images")).get(0);
        assert_eq!(get_str(&image, "mimeType").as_deref(), Some(mime));
        let bytes = blob_bytes(&get(&image, "blob")).await;
        assert!(bytes.starts_with(magic), "{format}");
        assert_eq!(decode_in_browser(&get(&image, "blob")).await, (1024, 1024));
    }
}

#[wasm_bindgen_test]
async fn c2pa_absence_is_reported() {
    let s = session("no-c2pa");
    script(&s, json!([{ "fault": "ok", "c2pa": false }])).await;
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    let result = generate(&c, json!({ "model": "gpt-image-2", "prompt": "p" }), JsValue::UNDEFINED)
        .await
        .unwrap();
    let image = js_sys::Array::from(&get(&result, "images")).get(0);
    assert_eq!(get(&image, "hasC2pa").as_bool(), Some(false));
}

#[wasm_bindgen_test]
async fn the_body_keeps_the_callers_order_and_numbers_as_js_writes_them() {
    let s = session("order");
    let c = client(json!({ "provider": "compatible", "baseURL": format!("{}/proxy/v1", base(&s)) }));
    let params = js(
        r#"{"prompt":"p","model":"gpt-image-2","size":"1024x1024","n":2.0,"output_format":"webp","output_compression":80,"user":null}"#,
    );
    settle(c.generate(params, None)).await.unwrap();
    let r = &requests(&s).await[0];
    assert_eq!(
        r["bodyText"],
        r#"{"prompt":"p","model":"gpt-image-2","size":"1024x1024","n":2,"output_format":"webp","output_compression":80}"#,
        "the caller's fields in the caller's order, null left out"
    );
}

#[wasm_bindgen_test]
async fn compatible_proxy_without_a_key_sends_no_authorization() {
    let s = session("proxy");
    let c = client(json!({ "provider": "compatible", "baseURL": format!("{}/proxy/v1", base(&s)) }));
    generate(&c, json!({ "model": "gpt-image-2", "prompt": "p" }), JsValue::UNDEFINED)
        .await
        .unwrap();
    let r = &requests(&s).await[0];
    assert_eq!(r["path"], format!("/s/{s}/proxy/v1/images/generations"));
    assert_eq!(sent_headers(r), vec!["content-type"]);
}

#[wasm_bindgen_test]
async fn cometapi_with_organization_project_and_default_headers() {
    let s = session("comet");
    pin_today(&s, "2026-05-01").await; // CometAPI still lists dall-e-3
    let c = client(
        json!({ "provider": "cometapi", "apiKey": "ck", "baseURL": format!("{}/v1", base(&s)),
                           "organization": "org-1", "project": "proj-1", "defaultHeaders": { "X-Trace": "t1" } }),
    );
    let result = generate(&c, json!({ "model": "dall-e-3", "prompt": "p", "quality": "hd", "style": "natural", "response_format": "b64_json" }), JsValue::UNDEFINED)
        .await
        .unwrap();
    let r = &requests(&s).await[0];
    assert_eq!(header(r, "authorization"), Some("Bearer ck"));
    assert_eq!(header(r, "openai-organization"), Some("org-1"));
    assert_eq!(header(r, "openai-project"), Some("proj-1"));
    assert_eq!(header(r, "x-trace"), Some("t1"));
    let image = js_sys::Array::from(&get(&result, "images")).get(0);
    assert!(
        get_str(&image, "revisedPrompt").is_some(),
        "dall-e-3 returns a revised prompt"
    );
}

#[wasm_bindgen_test]
async fn dalle_url_results_are_returned_as_given() {
    let s = session("url");
    pin_today(&s, "2026-05-01").await;
    let c = client(json!({ "provider": "cometapi", "apiKey": "ck", "baseURL": format!("{}/v1", base(&s)) }));
    let result = generate(
        &c,
        json!({ "model": "dall-e-2", "prompt": "p", "size": "256x256", "response_format": "url" }),
        JsValue::UNDEFINED,
    )
    .await
    .unwrap();
    let image = js_sys::Array::from(&get(&result, "images")).get(0);
    let url = get_str(&image, "url").unwrap();
    assert!(url.starts_with("http://127.0.0.1"), "{url}");
    assert!(get(&image, "blob").is_undefined());
}

#[wasm_bindgen_test]
async fn azure_deployment_route_uses_the_api_key_header() {
    let s = session("azure-dep");
    let c = client(json!({ "provider": "azure", "apiKey": "az-key",
                           "azure": { "endpoint": base(&s), "deployment": "img-deploy" } }));
    generate(
        &c,
        json!({ "model": "gpt-image-2", "prompt": "p", "output_format": "jpeg" }),
        JsValue::UNDEFINED,
    )
    .await
    .unwrap();
    let r = &requests(&s).await[0];
    assert_eq!(
        r["path"],
        format!("/s/{s}/openai/deployments/img-deploy/images/generations")
    );
    assert_eq!(r["query"]["api-version"], "2025-04-01-preview");
    assert_eq!(header(r, "api-key"), Some("az-key"));
    assert_eq!(sent_headers(r), vec!["api-key", "content-type"]);
}

#[wasm_bindgen_test]
async fn azure_v1_route_with_a_token_provider() {
    let s = session("azure-v1");
    let options = js(&json!({ "provider": "azure", "azure": { "endpoint": base(&s) } }).to_string());
    let provider = js_sys::Function::new_no_args("return Promise.resolve('entra-token')");
    js_sys::Reflect::set(&get(&options, "azure"), &"azureADTokenProvider".into(), &provider).unwrap();
    let c = imagegen_wasm::bindings::ImagesClient::new(options).unwrap();
    generate(
        &c,
        json!({ "model": "my-deployment", "prompt": "p" }),
        JsValue::UNDEFINED,
    )
    .await
    .unwrap();
    let r = &requests(&s).await[0];
    assert_eq!(r["path"], format!("/s/{s}/openai/v1/images/generations"));
    assert_eq!(header(r, "authorization"), Some("Bearer entra-token"));
    assert_eq!(r["json"]["model"], "my-deployment");
}

#[wasm_bindgen_test]
async fn azure_refuses_webp_before_sending() {
    let s = session("azure-webp");
    let c = client(json!({ "provider": "azure", "apiKey": "k", "azure": { "endpoint": base(&s), "deployment": "d" } }));
    let error = generate(
        &c,
        json!({ "model": "gpt-image-2", "prompt": "p", "output_format": "webp" }),
        JsValue::UNDEFINED,
    )
    .await
    .unwrap_err();
    assert_eq!(error_summary(&error).0, "ImageValidationError");
    assert!(requests(&s).await.is_empty());
}

#[wasm_bindgen_test]
async fn progress_is_reported_while_downloading() {
    let s = session("progress");
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    let calls = js_sys::Array::new();
    let record = js_sys::Function::new_with_args("calls, p", "calls.push(p.loaded)").bind1(&JsValue::NULL, &calls);
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"onProgress".into(), &record).unwrap();
    generate(&c, json!({ "model": "gpt-image-2", "prompt": "p" }), options.into())
        .await
        .unwrap();
    assert!(calls.length() >= 1);
    let last = calls.get(calls.length() - 1).as_f64().unwrap();
    assert!(last > 1000.0, "loaded {last}");
}

/// Whether an object URL loads now: `fetch` with the URL string, and the bytes must be the Blob's.
///
/// Never through a `Request` object: WebKit keeps a blob URL resolvable, even after it is revoked,
/// for as long as any `Request` built from that URL string is alive (until garbage collection), so
/// a check through `new Request(url)` (as gloo-net's `Request::get` does) measures the engine's GC,
/// not the library. A string `fetch` and an `<img>` differ too: Firefox still shows a revoked
/// URL's image from its image cache. A string `fetch` is what every engine refuses once revoked.
async fn object_url_loads(url: &str, blob: &JsValue) -> bool {
    run_js(
        "url, blob",
        "try {
           const r = await fetch(url);
           if (!r.ok) return false;
           const [got, want] = [new Uint8Array(await r.arrayBuffer()), new Uint8Array(await blob.arrayBuffer())];
           return got.length === want.length && got.every((b, i) => b === want[i]);
         } catch (e) { return false; }",
        &[JsValue::from_str(url), blob.clone()],
    )
    .await
    .as_bool()
    .unwrap_or(false)
}

/// Records every `URL.revokeObjectURL(url)` call on the page from now on (the real one still runs).
async fn spy_on_revocations() -> js_sys::Array {
    run_js(
        "",
        "const calls = [];
         const real = URL.revokeObjectURL;
         if (!real.__spied) {
           URL.revokeObjectURL = Object.assign((u) => { (URL.revokeObjectURL.__calls ?? []).push(u); return real.call(URL, u); }, { __spied: true });
         }
         URL.revokeObjectURL.__calls = calls;
         return calls;",
        &[],
    )
    .await
    .into()
}

#[wasm_bindgen_test]
async fn revoke_releases_object_urls() {
    let s = session("revoke");
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    let first = generate(
        &c,
        json!({ "model": "gpt-image-2", "prompt": "p", "n": 2 }),
        JsValue::UNDEFINED,
    )
    .await
    .unwrap();
    let second = generate(&c, json!({ "model": "gpt-image-2", "prompt": "p" }), JsValue::UNDEFINED)
        .await
        .unwrap();
    assert_eq!(c.live_object_urls(), 3);
    let image = |r: &JsValue, i| js_sys::Array::from(&get(r, "images")).get(i);
    let url = |r: &JsValue, i| get_str(&image(r, i), "url").unwrap();
    let blob = |r: &JsValue, i| get(&image(r, i), "blob");
    // The first image of each result is loaded while live; the other one never is before it is
    // revoked (both must fail afterwards).
    assert!(
        object_url_loads(&url(&first, 0), &blob(&first, 0)).await,
        "a live blob URL loads its image's bytes"
    );
    assert!(object_url_loads(&url(&second, 0), &blob(&second, 0)).await);

    let revoked = spy_on_revocations().await;
    let revoke: js_sys::Function = get(&first, "revoke").into();
    revoke.call0(&JsValue::UNDEFINED).unwrap();
    assert_eq!(c.live_object_urls(), 1);
    assert_eq!(
        to_json(&revoked),
        json!([url(&first, 0), url(&first, 1)]),
        "result.revoke() revokes exactly its own URLs"
    );
    assert!(
        !object_url_loads(&url(&first, 0), &blob(&first, 0)).await,
        "a revoked URL no longer loads"
    );
    assert!(!object_url_loads(&url(&first, 1), &blob(&first, 1)).await);
    assert!(
        object_url_loads(&url(&second, 0), &blob(&second, 0)).await,
        "other results are untouched"
    );

    c.revoke_all();
    assert_eq!(c.live_object_urls(), 0);
    assert_eq!(
        to_json(&revoked),
        json!([url(&first, 0), url(&first, 1), url(&second, 0)]),
        "revokeAll revokes the URLs still live, once"
    );
    assert!(!object_url_loads(&url(&second, 0), &blob(&second, 0)).await);
}

#[wasm_bindgen_test]
fn helpers_validate_estimate_and_list_models() {
    use imagegen_wasm::bindings::{estimate_cost_js, models, validate_generate};
    let issues = to_json(&validate_generate(
        js(r#"{"model":"gpt-image-2","prompt":"p","output_format":"webp"}"#),
        Some(js(r#"{"provider":"azure"}"#)),
    ));
    assert_eq!(issues[0]["field"], "output_format");
    assert_eq!(issues[0]["severity"], "error");
    assert_eq!(
        to_json(&validate_generate(js(r#"{"model":"gpt-image-2","prompt":"p"}"#), None)),
        json!([])
    );
    let bad_provider = to_json(&validate_generate(
        js(r#"{"model":"m","prompt":"p"}"#),
        Some(js(r#"{"provider":"x"}"#)),
    ));
    assert_eq!(bad_provider[0]["field"], "provider");

    let cost = to_json(&estimate_cost_js(js(
        r#"{"model":"gpt-image-2","prompt":"p","size":"1024x1024","quality":"high","n":2}"#,
    )));
    assert_eq!(cost["outputTokens"], 14048);
    assert!((cost["usd"].as_f64().unwrap() - 0.42144).abs() < 1e-9, "{cost}");
    assert!(estimate_cost_js(js(r#"{"model":"gpt-image-2","prompt":"p","quality":"auto"}"#)).is_undefined());
    // Billed per image: the count is absent, as the .d.ts declares. It was null, which a check
    // like the demo's `outputTokens === undefined` takes for a count.
    let per_image = estimate_cost_js(js(r#"{"model":"dall-e-3","prompt":"p","size":"1024x1024"}"#));
    assert!(!js_sys::Reflect::has(&per_image, &"outputTokens".into()).unwrap());
    assert!((to_json(&per_image)["usd"].as_f64().unwrap() - 0.04).abs() < 1e-9);

    let table = to_json(&models(None).unwrap());
    let rows = table.as_array().unwrap();
    let g2 = rows.iter().find(|m| m["id"] == "gpt-image-2").unwrap();
    assert_eq!(g2["sizes"]["kind"], "free");
    assert_eq!(g2["sizes"]["multipleOf"], 16);
    assert_eq!(g2["sizes"]["maxPixels"], 8_294_400);
    assert_eq!(g2["maxN"], 10);
    assert!(rows
        .iter()
        .all(|m| m["source"]["url"].as_str().is_some_and(|u| u.starts_with("https://")) && m["endpoints"].is_array()));
    // Status is computed for the provider and day asked.
    let on = |provider: &str, today: &str| {
        let table = to_json(&models(Some(js(&format!(r#"{{"provider":"{provider}","today":"{today}"}}"#)))).unwrap());
        let row = table
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == "gpt-image-1.5")
            .cloned()
            .unwrap();
        (
            row["status"].as_str().unwrap().to_owned(),
            row["shutdownDate"].as_str().unwrap().to_owned(),
        )
    };
    assert_eq!(
        on("openai", "2026-11-30"),
        ("retiring".to_owned(), "2026-12-01".to_owned())
    );
    assert_eq!(
        on("openai", "2026-12-01"),
        ("shut_down".to_owned(), "2026-12-01".to_owned())
    );
    assert_eq!(
        on("azure", "2026-12-02"),
        ("retiring".to_owned(), "2026-12-16".to_owned())
    );
    assert!(models(Some(js(r#"{"today":"tomorrow"}"#))).is_err());
}
