//! Streamed generation (`stream: true`, SSE) in headless Chromium against the fake image API.
#![cfg(target_arch = "wasm32")]

mod support;

use serde_json::json;
use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Request options whose `onPartialImage` pushes every event into the returned array.
fn recording_partials() -> (JsValue, js_sys::Array) {
    let events = js_sys::Array::new();
    let push = js_sys::Function::new_with_args("events, e", "events.push(e)").bind1(&JsValue::NULL, &events);
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"onPartialImage".into(), &push).unwrap();
    (options.into(), events)
}

#[wasm_bindgen_test]
async fn partial_images_arrive_before_the_final_result() {
    let s = session("stream");
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    let (options, events) = recording_partials();
    let params =
        json!({ "model": "gpt-image-2", "prompt": "p", "size": "1024x1024", "stream": true, "partial_images": 2 });
    let result = generate(&c, params.clone(), options).await.unwrap();

    assert_eq!(requests(&s).await[0]["json"], params, "stream params are sent as set");
    assert_eq!(events.length(), 2);
    for i in 0..2 {
        let event = events.get(i);
        assert_eq!(
            get_str(&event, "type").as_deref(),
            Some("image_generation.partial_image")
        );
        assert_eq!(get(&event, "partial_image_index").as_f64(), Some(f64::from(i)));
        let image = get(&event, "image");
        assert!(get_str(&image, "url").unwrap().starts_with("blob:"));
        assert_eq!(get_str(&image, "mimeType").as_deref(), Some("image/png"));
        // The browser's decoder agrees with the size read from the header.
        let (w, h) = decode_in_browser(&get(&image, "blob")).await;
        let reported = (get(&image, "width").as_f64(), get(&image, "height").as_f64());
        assert_eq!(reported, (Some(f64::from(w)), Some(f64::from(h))));
        assert!(w >= 64 && h >= 64, "a real preview, not a placeholder: {w}x{h}");
    }
    let images = js_sys::Array::from(&get(&result, "images"));
    assert_eq!(images.length(), 1);
    let image = images.get(0);
    assert_eq!(decode_in_browser(&get(&image, "blob")).await, (1024, 1024));
    assert!(get(&get(&result, "usage"), "output_tokens").as_f64().is_some());
    assert_eq!(c.live_object_urls(), 3, "two partials and the final image");

    let revoke: js_sys::Function = get(&result, "revoke").into();
    revoke.call0(&JsValue::UNDEFINED).unwrap();
    assert_eq!(c.live_object_urls(), 0, "revoke releases the partial images too");
}

#[wasm_bindgen_test]
async fn a_stream_without_completed_is_incomplete() {
    let s = session("stream-incomplete");
    script(&s, json!([{ "fault": "stream_incomplete" }])).await;
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)), "maxRetries": 0 }));
    let (options, events) = recording_partials();
    let error = generate(
        &c,
        json!({ "model": "gpt-image-2", "prompt": "p", "stream": true, "partial_images": 1 }),
        options,
    )
    .await
    .unwrap_err();
    assert_eq!(
        error_summary(&error),
        ("StreamIncompleteError".into(), "stream_incomplete".into(), None)
    );
    assert_eq!(events.length(), 1, "the partial still arrived");
    assert_eq!(requests(&s).await.len(), 1, "a started stream is not retried");
}

#[wasm_bindgen_test]
async fn an_error_event_is_an_api_error() {
    let s = session("stream-error");
    script(
        &s,
        json!([{ "fault": "stream_error", "preset": "moderation_blocked", "stage": "output" }]),
    )
    .await;
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    let error = generate(
        &c,
        json!({ "model": "gpt-image-2", "prompt": "p", "stream": true }),
        JsValue::UNDEFINED,
    )
    .await
    .unwrap_err();
    let (_, kind, _) = error_summary(&error);
    assert_eq!(kind, "content_policy");
    assert_eq!(get_str(&error, "code").as_deref(), Some("moderation_blocked"));
}

#[wasm_bindgen_test]
async fn generate_stream_yields_partials_then_completed_to_for_await() {
    let s = session("generate-stream");
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    let stream = c
        .generate_stream(js(r#"{"model":"gpt-image-2","prompt":"p","partial_images":2}"#), None)
        .unwrap();
    let seen = run_js(
        "stream",
        "const seen = [];
         for await (const e of stream) seen.push({ type: e.type, index: e.partial_image_index, url: e.image.url,
                                                     hasResult: !!e.result });
         return seen;",
        &[stream.into()],
    )
    .await;
    let seen = to_json(&seen);
    let types: Vec<&str> = seen
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        vec![
            "image_generation.partial_image",
            "image_generation.partial_image",
            "image_generation.completed"
        ]
    );
    assert_eq!(seen[1]["index"], 1);
    assert_eq!(seen[2]["hasResult"], true);
    assert!(seen[2]["url"].as_str().unwrap().starts_with("blob:"));
    assert_eq!(
        requests(&s).await[0]["json"]["stream"],
        true,
        "stream: true is set for the caller"
    );
}

#[wasm_bindgen_test]
async fn generate_stream_errors_the_stream_instead_of_throwing() {
    let s = session("generate-stream-bad");
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    let stream = c
        .generate_stream(js(r#"{"model":"gpt-image-2","prompt":""}"#), None)
        .unwrap();
    let outcome = run_js(
        "stream",
        "try { for await (const e of stream) {} return 'no error'; } catch (e) { return e.name + ':' + e.kind; }",
        &[stream.into()],
    )
    .await;
    assert_eq!(outcome.as_string().as_deref(), Some("ImageValidationError:validation"));
    let stream = c
        .generate_stream(js(r#"{"model":"gpt-image-2","prompt":"p","stream":false}"#), None)
        .unwrap();
    let outcome = run_js(
        "stream",
        "try { for await (const e of stream) {} return 'ok'; } catch (e) { return e.issues[0].field; }",
        &[stream.into()],
    )
    .await;
    assert_eq!(outcome.as_string().as_deref(), Some("stream"));
    assert!(requests(&s).await.is_empty());
}

#[wasm_bindgen_test]
async fn leaving_the_loop_early_returns_without_waiting_for_the_stream() {
    let s = session("generate-stream-cancel");
    script(&s, json!([{ "fault": "ok", "eventDelayMs": 400 }])).await;
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    let stream = c
        .generate_stream(js(r#"{"model":"gpt-image-2","prompt":"p","partial_images":3}"#), None)
        .unwrap();
    let started = js_sys::Date::now();
    let first = run_js(
        "stream",
        "for await (const e of stream) { return e.type; } return 'none';",
        &[stream.into()],
    )
    .await;
    assert_eq!(first.as_string().as_deref(), Some("image_generation.partial_image"));
    let took = js_sys::Date::now() - started;
    assert!(
        took < 1500.0,
        "breaking out returned in {took} ms, not after the whole stream"
    );
}

/// Hides the engine's own `ReadableStream` async iteration (as WebKit has none), runs `make`, and
/// puts it back: streams made meanwhile must bring their own.
fn without_native_stream_iteration<T>(make: impl FnOnce() -> T) -> T {
    let hide = js_sys::Function::new_no_args(
        "const p = ReadableStream.prototype, saved = {};
         for (const key of [Symbol.asyncIterator, 'values']) {
           saved[String(key)] = [key, Object.getOwnPropertyDescriptor(p, key)];
           delete p[key];
         }
         if (typeof p[Symbol.asyncIterator] === 'function') throw new Error('could not hide');
         return () => { for (const [key, d] of Object.values(saved)) if (d) Object.defineProperty(p, key, d); };",
    );
    let restore: js_sys::Function = hide.call0(&JsValue::NULL).unwrap().into();
    let made = make();
    restore.call0(&JsValue::NULL).unwrap();
    made
}

#[wasm_bindgen_test]
async fn generate_stream_is_async_iterable_where_the_engine_streams_are_not() {
    let s = session("generate-stream-ponyfill");
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    let params = js(r#"{"model":"gpt-image-2","prompt":"p","partial_images":2}"#);
    let stream = without_native_stream_iteration(|| c.generate_stream(params, None).unwrap());
    let seen = run_js(
        "stream",
        "const own = Object.prototype.hasOwnProperty.call(stream, Symbol.asyncIterator);
         const sameFunction = stream.values === stream[Symbol.asyncIterator];
         const types = [];
         for await (const e of stream) types.push(e.type + (e.image.url.startsWith('blob:') ? '' : ' (no url)'));
         return { own, sameFunction, types, lockedAfter: stream.locked };",
        &[stream.into()],
    )
    .await;
    assert_eq!(
        to_json(&seen),
        json!({
            "own": true, "sameFunction": true, "lockedAfter": false,
            "types": ["image_generation.partial_image", "image_generation.partial_image", "image_generation.completed"],
        }),
        "the stream's own iterator yields every event and releases its lock at the end"
    );

    // An iterator is itself async-iterable; a second iterator while one holds the lock throws as
    // getReader() does; a failure rejects the loop and releases the lock.
    let params = js(r#"{"model":"gpt-image-2","prompt":""}"#);
    let bad = without_native_stream_iteration(|| c.generate_stream(params, None).unwrap());
    let outcome = run_js(
        "stream",
        "const it = stream.values();
         const selfIterable = it[Symbol.asyncIterator]() === it;
         let second;
         try { stream.values(); second = 'no error'; } catch (e) { second = e.name; }
         let failure;
         try { for await (const e of it) {} failure = 'no error'; } catch (e) { failure = e.name + ':' + e.kind; }
         return { selfIterable, second, failure, lockedAfter: stream.locked };",
        &[bad.into()],
    )
    .await;
    assert_eq!(
        to_json(&outcome),
        json!({ "selfIterable": true, "second": "TypeError", "failure": "ImageValidationError:validation", "lockedAfter": false })
    );
}

#[wasm_bindgen_test]
async fn leaving_the_own_iterator_early_cancels_unless_prevent_cancel() {
    let s = session("generate-stream-ponyfill-cancel");
    script(
        &s,
        json!([{ "fault": "ok", "eventDelayMs": 400 }, { "fault": "ok", "eventDelayMs": 50 }]),
    )
    .await;
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    let params = || js(r#"{"model":"gpt-image-2","prompt":"p","partial_images":3}"#);
    let stream = without_native_stream_iteration(|| c.generate_stream(params(), None).unwrap());
    let started = js_sys::Date::now();
    let outcome = run_js(
        "stream",
        "let first;
         for await (const e of stream) { first = e.type; break; }
         const after = await stream.getReader().read();
         return { first, doneAfterCancel: after.done };",
        &[stream.into()],
    )
    .await;
    let took = js_sys::Date::now() - started;
    assert_eq!(
        to_json(&outcome),
        json!({ "first": "image_generation.partial_image", "doneAfterCancel": true }),
        "break cancels the stream"
    );
    assert!(
        took < 1500.0,
        "breaking out returned in {took} ms, not after the whole stream"
    );

    let kept = without_native_stream_iteration(|| c.generate_stream(params(), None).unwrap());
    let rest = run_js(
        "stream",
        "for await (const e of stream.values({ preventCancel: true })) break;
         const reader = stream.getReader(); const types = [];
         for (;;) { const { done, value } = await reader.read(); if (done) break; types.push(value.type); }
         return types;",
        &[kept.into()],
    )
    .await;
    assert_eq!(
        to_json(&rest),
        json!([
            "image_generation.partial_image",
            "image_generation.partial_image",
            "image_generation.completed"
        ]),
        "with preventCancel the stream goes on, readable by a new reader"
    );
}
