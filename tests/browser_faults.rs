//! The fault matrix, in headless Chromium against the fake: every way a call can go wrong ends in
//! the right typed error (or a successful retry) with the request count asserted, and leaves
//! nothing behind: no unhandled rejection, no live object URL.
#![cfg(target_arch = "wasm32")]

mod support;

use serde_json::{json, Value};
use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// What a case must end in.
enum Expect {
    /// Success after this many requests.
    Ok(usize),
    /// This error name and kind after this many requests.
    Err(&'static str, &'static str, usize),
}

struct Case {
    name: &'static str,
    steps: Value,
    params: Value,
    expect: Expect,
}

const HTML: &str = "<!DOCTYPE html><html><head><title>Bad gateway</title></head><body><h1>502</h1></body></html>";

fn case(name: &'static str, steps: Value, expect: Expect) -> Case {
    Case {
        name,
        steps,
        params: json!({ "model": "gpt-image-2", "prompt": "p", "quality": "low" }),
        expect,
    }
}

fn streamed(name: &'static str, steps: Value, expect: Expect) -> Case {
    Case {
        params: json!({ "model": "gpt-image-2", "prompt": "p", "quality": "low", "stream": true, "partial_images": 2 }),
        ..case(name, steps, expect)
    }
}

fn html(status: u16) -> Value {
    json!({ "fault": "raw", "status": status, "headers": { "content-type": "text/html" }, "body": HTML })
}

/// Runs one case on its own session and client, and checks the invariants.
async fn run(c: Case, seen: &JsValue, url_for: impl Fn(&str) -> String) {
    let s = session(c.name);
    script(&s, c.steps).await;
    let client = client(json!({ "apiKey": "k", "baseURL": url_for(&s), "maxRetries": 2, "timeout": 1500 }));
    let outcome = generate(&client, c.params, JsValue::UNDEFINED).await;
    let sent = requests(&s).await.len();
    match (c.expect, outcome) {
        (Expect::Ok(count), Ok(result)) => {
            assert_eq!(sent, count, "{}: requests", c.name);
            assert!(
                client.live_object_urls() > 0,
                "{}: images are live until revoked",
                c.name
            );
            imagegen_wasm::bindings::ImagesClient::revoke_all(&client);
            drop(result);
        }
        (Expect::Err(name, kind, count), Err(error)) => {
            let (got_name, got_kind, _) = error_summary(&error);
            assert_eq!((got_name.as_str(), got_kind.as_str()), (name, kind), "{}", c.name);
            assert_eq!(sent, count, "{}: requests", c.name);
        }
        (Expect::Ok(_), Err(error)) => panic!("{}: expected success, got {:?}", c.name, to_json(&error)),
        (Expect::Err(name, ..), Ok(_)) => panic!("{}: expected {name}, got a result", c.name),
    }
    assert_eq!(client.live_object_urls(), 0, "{}: object URLs left behind", c.name);
    sleep_ms(30).await;
    assert_eq!(
        get(seen, "count").as_f64(),
        Some(0.0),
        "{}: unhandled rejections {:?}",
        c.name,
        to_json(&get(seen, "reasons"))
    );
}

fn v1(session: &str) -> String {
    format!("{}/v1", base(session))
}

#[wasm_bindgen_test]
async fn rate_limits_and_server_errors() {
    let seen = count_unhandled_rejections().await;
    let in_a_second = run_js("", "return new Date(Date.now() + 1000).toUTCString();", &[])
        .await
        .as_string()
        .unwrap();
    let cases = [
        case(
            "429-ms",
            json!([{ "fault": "error", "preset": "rate_limit", "retryAfterMs": 200 }]),
            Expect::Ok(2),
        ),
        case(
            "429-s",
            json!([{ "fault": "error", "preset": "rate_limit", "retryAfter": 1 }]),
            Expect::Ok(2),
        ),
        case(
            "429-date",
            json!([{ "fault": "error", "preset": "rate_limit", "retryAfter": in_a_second }]),
            Expect::Ok(2),
        ),
        case(
            "429-none",
            json!([{ "fault": "error", "preset": "rate_limit" }]),
            Expect::Ok(2),
        ),
        case(
            "quota",
            json!([{ "fault": "error", "preset": "insufficient_quota" }]),
            Expect::Err("RateLimitError", "quota", 1),
        ),
        case(
            "500",
            json!([html(500), html(500), html(500)]),
            Expect::Err("InternalServerError", "server", 3),
        ),
        case(
            "502",
            json!([html(502), html(502), html(502)]),
            Expect::Err("InternalServerError", "server", 3),
        ),
        case("503", json!([html(503), html(503)]), Expect::Ok(3)),
        case(
            "504",
            json!([html(504), html(504), html(504)]),
            Expect::Err("InternalServerError", "server", 3),
        ),
    ];
    for c in cases {
        run(c, &seen, v1).await;
    }
}

#[wasm_bindgen_test]
async fn slow_cut_and_broken_responses() {
    let seen = count_unhandled_rejections().await;
    let slow = json!({ "fault": "slow", "delayMs": 5000 });
    let cases = [
        // Timeouts are retried: three attempts, each cut at 1.5 s.
        case(
            "slow-headers",
            json!([slow, slow, slow]),
            Expect::Err("APIConnectionTimeoutError", "timeout", 3),
        ),
        // A body that started is never retried (generation is billed).
        case(
            "stalled-body",
            json!([{ "fault": "slow_body", "delayMs": 5000 }]),
            Expect::Err("APIConnectionTimeoutError", "timeout", 1),
        ),
        case(
            "cut-json",
            json!([{ "fault": "cut_mid_body" }]),
            Expect::Err("APIConnectionError", "connection", 1),
        ),
        case(
            "truncated-json",
            json!([{ "fault": "malformed_json" }]),
            Expect::Err("ImageDecodeError", "decode", 1),
        ),
        case(
            "bad-base64",
            json!([{ "fault": "bad_base64" }]),
            Expect::Err("ImageDecodeError", "decode", 1),
        ),
        case(
            "empty-data",
            json!([{ "fault": "empty_data" }]),
            Expect::Err("ImageDecodeError", "decode", 1),
        ),
        streamed(
            "no-completed",
            json!([{ "fault": "stream_incomplete" }]),
            Expect::Err("StreamIncompleteError", "stream_incomplete", 1),
        ),
        // An error inside a 200 stream has no status of its own: openai-node calls it APIError too.
        streamed(
            "error-event",
            json!([{ "fault": "stream_error" }]),
            Expect::Err("APIError", "content_policy", 1),
        ),
        case(
            "dropped",
            json!([{ "fault": "drop_connection" }, { "fault": "ok" }]),
            Expect::Ok(2),
        ),
    ];
    for c in cases {
        run(c, &seen, v1).await;
    }
}

/// Whether this engine reports a stream cut mid-body as a network error (Chromium, Firefox), or
/// as a clean end of the body (WebKit, for chunked responses): asked with a raw `fetch`.
async fn engine_reports_cut_streams() -> bool {
    let s = session("cut-probe");
    script(&s, json!([{ "fault": "cut_mid_body" }])).await;
    let url = format!("{}/v1/images/generations", base(&s));
    let body = json!({ "model": "gpt-image-2", "prompt": "p", "stream": true, "partial_images": 2 }).to_string();
    run_js(
        "url, body",
        "const r = await fetch(url, { method: 'POST', headers: { authorization: 'Bearer k', 'content-type': 'application/json' }, body });
         try { await r.arrayBuffer(); return false; } catch { return true; }",
        &[url.into(), body.into()],
    )
    .await
    .as_bool()
    .unwrap()
}

#[wasm_bindgen_test]
async fn a_stream_cut_mid_event_is_never_a_success_or_garbage() {
    let seen = count_unhandled_rejections().await;
    // The engine decides what a cut looks like: a network error, or an early end of the stream.
    // Either way the cut event is dropped, never decoded.
    let expect = match engine_reports_cut_streams().await {
        true => Expect::Err("APIConnectionError", "connection", 1),
        false => Expect::Err("StreamIncompleteError", "stream_incomplete", 1),
    };
    run(
        streamed("cut-sse-event", json!([{ "fault": "cut_mid_body" }]), expect),
        &seen,
        v1,
    )
    .await;
}

#[wasm_bindgen_test]
async fn content_filters_and_retired_models_are_never_retried() {
    let seen = count_unhandled_rejections().await;
    let again = json!({ "x-should-retry": "true" });
    let refused = |preset: &str| json!([{ "fault": "error", "preset": preset, "headers": again }, { "fault": "ok" }]);
    let cases = [
        case(
            "azure-policy",
            refused("azure_content_policy_violation"),
            Expect::Err("BadRequestError", "content_policy", 1),
        ),
        case(
            "azure-filter",
            refused("azure_content_filter"),
            Expect::Err("BadRequestError", "content_policy", 1),
        ),
        case(
            "azure-inner",
            refused("azure_content_filter_innererror"),
            Expect::Err("BadRequestError", "content_policy", 1),
        ),
        case(
            "azure-output",
            refused("azure_output_filter"),
            Expect::Err("BadRequestError", "content_policy", 1),
        ),
        case(
            "azure-blocked",
            refused("azure_resource_blocked"),
            Expect::Err("PermissionDeniedError", "content_policy", 1),
        ),
        case(
            "azure-gone",
            refused("azure_gone"),
            Expect::Err("APIError", "model_retired", 1),
        ),
        case(
            "moderation",
            refused("moderation_blocked"),
            Expect::Err("BadRequestError", "content_policy", 1),
        ),
    ];
    for c in cases {
        run(c, &seen, v1).await;
    }
}

#[wasm_bindgen_test]
async fn a_server_without_cors_headers_is_a_connection_error() {
    let seen = count_unhandled_rejections().await;
    // The same fake, under /nocors/: no Access-Control-* headers, so the browser refuses the answer.
    let nocors = |s: &str| format!("{FAKE_API}/nocors/s/{s}/v1");
    let s = session("no-cors");
    let client = client(json!({ "apiKey": "k", "baseURL": nocors(&s), "maxRetries": 1 }));
    let params = json!({ "model": "gpt-image-2", "prompt": "p" });
    let error = generate(&client, params, JsValue::UNDEFINED).await.unwrap_err();
    assert_eq!(
        error_summary(&error),
        ("APIConnectionError".into(), "connection".into(), None)
    );
    assert!(get(&error, "cause").is_object(), "the browser's own error is the cause");
    // Connection failures are retried: the preflight reached the server on each attempt, and
    // the request itself never did.
    let recorded = requests_and_preflights(&s).await;
    let methods: Vec<&str> = recorded.iter().map(|r| r["method"].as_str().unwrap()).collect();
    assert_eq!(methods, vec!["OPTIONS", "OPTIONS"]);
    assert_eq!(client.live_object_urls(), 0);
    sleep_ms(30).await;
    assert_eq!(get(&seen, "count").as_f64(), Some(0.0));
}

/// A `Blob` or `File` subclass whose `size` or `name` getter throws is named as unreadable, like a
/// file that cannot be read, with what it threw as the cause. The getter's throw used to unwind
/// through the edit's future, whose promise then never settled.
#[wasm_bindgen_test]
async fn files_whose_size_or_name_getter_throws_are_named_and_the_call_settles() {
    let s = session("throwing-getters");
    let client = client(json!({ "apiKey": "k", "baseURL": v1(&s) }));
    let photo = canvas_png(64, 64, true).await;
    for (getter, field) in [("size", "image"), ("name", "mask")] {
        let hostile = run_js(
            "photo, getter",
            "const bytes = new Uint8Array(await photo.arrayBuffer());
             class Hostile extends File {}
             Object.defineProperty(Hostile.prototype, getter, { get() { throw new Error(getter + ' boom'); } });
             return new Hostile([bytes], 'a.png', { type: 'image/png' });",
            &[photo.clone(), getter.into()],
        )
        .await;
        let (image, mask) = match field {
            "image" => (&hostile, None),
            _ => (&photo, Some(&hostile)),
        };
        let mut extra = vec![("image", image)];
        extra.extend(mask.map(|m| ("mask", m)));
        let params = object(json!({ "model": "gpt-image-1.5", "prompt": "p" }), &extra);
        let error = edit(&client, &params, JsValue::UNDEFINED).await.unwrap_err();
        assert_eq!(error_summary(&error).0, "ImageValidationError", "{getter}");
        let issues = to_json(&get(&error, "issues"));
        assert_eq!(
            (&issues[0]["field"], &issues[0]["code"]),
            (&json!(field), &json!("file_unreadable")),
            "{getter}"
        );
        assert_eq!(
            get_str(&get(&error, "cause"), "message").as_deref(),
            Some(&*format!("{getter} boom"))
        );
    }
    assert!(requests(&s).await.is_empty(), "nothing is sent");
    generate(
        &client,
        json!({ "model": "gpt-image-2", "prompt": "p" }),
        JsValue::UNDEFINED,
    )
    .await
    .unwrap();
}

#[wasm_bindgen_test]
async fn a_file_that_cannot_be_read_is_named_not_blamed_on_the_network() {
    let s = session("unreadable");
    let client = client(json!({ "apiKey": "k", "baseURL": v1(&s) }));
    // A Blob whose bytes can no longer be read, as a File deleted from disk after it was picked.
    let gone = run_js(
        "",
        "class Gone extends Blob {
           slice() { return { arrayBuffer: () => Promise.reject(new DOMException('The file could not be read', 'NotReadableError')) }; }
         }
         return new Gone([new Uint8Array(64)], { type: 'image/png' });",
        &[],
    )
    .await;
    let photo = canvas_png(64, 64, false).await;
    let images = js_sys::Array::of2(&photo, &gone);
    let params = object(json!({ "model": "gpt-image-2", "prompt": "p" }), &[("image", &images)]);
    let error = edit(&client, &params, JsValue::UNDEFINED).await.unwrap_err();
    assert_eq!(
        error_summary(&error),
        ("ImageValidationError".into(), "validation".into(), None)
    );
    let issues = to_json(&get(&error, "issues"));
    assert_eq!(issues[0]["field"], "image[1]");
    assert_eq!(issues[0]["code"], "file_unreadable");
    assert!(get(&error, "cause").is_object());
    assert!(requests(&s).await.is_empty(), "nothing is sent");
}
