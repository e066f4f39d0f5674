//! Failures in headless Chromium against the fake image API: validation, every error kind, retries
//! with real waits, timeouts, aborts, refused connections, broken bodies.
#![cfg(target_arch = "wasm32")]

mod support;

use serde_json::{json, Value};
use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PARAMS: &str = r#"{"model":"gpt-image-2","prompt":"p"}"#;

fn params() -> Value {
    serde_json::from_str(PARAMS).unwrap()
}

fn options(json: Value) -> JsValue {
    js(&json.to_string())
}

async fn fail_with(session: &str, steps: Value, max_retries: u32) -> JsValue {
    script(session, steps).await;
    let c = client(
        json!({ "apiKey": "sk-secret-key-42", "baseURL": format!("{}/v1", base(session)), "maxRetries": max_retries }),
    );
    let error = generate(&c, params(), JsValue::UNDEFINED).await.unwrap_err();
    let message = get_str(&error, "message").unwrap();
    assert!(!message.contains("sk-secret-key-42"), "the key leaked: {message}");
    error
}

#[wasm_bindgen_test]
async fn invalid_params_reject_with_every_issue_and_send_nothing() {
    let s = session("invalid");
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    let error = generate(
        &c,
        json!({ "model": "dall-e-3", "prompt": "", "n": 3, "size": "1x1", "outputFormat": "png" }),
        JsValue::UNDEFINED,
    )
    .await
    .unwrap_err();
    assert_eq!(
        error_summary(&error),
        ("ImageValidationError".into(), "validation".into(), None)
    );
    let issues = to_json(&get(&error, "issues"));
    let fields: Vec<&str> = issues
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["field"].as_str().unwrap())
        .collect();
    for field in ["model", "prompt", "n", "size", "outputFormat"] {
        assert!(fields.contains(&field), "{field} missing from {issues}");
    }
    assert!(issues[0]["code"].is_string() && issues[0]["message"].is_string());
    assert!(requests(&s).await.is_empty(), "nothing was sent");
}

#[wasm_bindgen_test]
async fn non_object_params_and_bad_options_reject_without_panicking() {
    let s = session("bad-input");
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    for bad in [JsValue::UNDEFINED, JsValue::from_str("draw a cat"), JsValue::from(7)] {
        let error = settle(c.generate(bad, None)).await.unwrap_err();
        assert_eq!(error_summary(&error).0, "ImageValidationError");
    }
    let error = generate(&c, params(), options(json!({ "timout": 5 })))
        .await
        .unwrap_err();
    assert_eq!(to_json(&get(&error, "issues"))[0]["code"], "unknown_option");
    let error = generate(&c, params(), options(json!({ "signal": "stop" })))
        .await
        .unwrap_err();
    assert_eq!(to_json(&get(&error, "issues"))[0]["field"], "signal");
    assert!(requests(&s).await.is_empty());
    // The module still works after all that.
    generate(&c, params(), JsValue::UNDEFINED).await.unwrap();
}

#[wasm_bindgen_test]
async fn params_that_are_not_plain_data_are_named_by_path_and_nothing_is_sent() {
    let s = session("not-plain");
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    let make = |body: &str| {
        js_sys::Function::new_no_args(&format!(
            "const p = {{ model: 'gpt-image-2', prompt: 'p' }}; {body}; return p;"
        ))
        .call0(&JsValue::NULL)
        .unwrap()
    };
    let cases = [
        ("p.extra = () => 1", "params.extra is a function"),
        (
            "p.metadata = { tags: [1, new Map()] }",
            "params.metadata.tags[1] is an iterable object",
        ),
        ("p.n = 10n", "params.n is a BigInt"),
        // An object that contains itself stops at the depth limit instead of overflowing the stack.
        ("p.self = p", "nested more than 32 levels deep"),
    ];
    for (body, expected) in cases {
        let error = settle(c.generate(make(body), None)).await.unwrap_err();
        assert_eq!(error_summary(&error).0, "ImageValidationError", "{body}");
        let issues = to_json(&get(&error, "issues"));
        assert_eq!(issues[0]["field"], "params", "{body}");
        assert_eq!(issues[0]["code"], "invalid_type", "{body}");
        let message = issues[0]["message"].as_str().unwrap();
        assert!(message.contains(expected), "{body}: {message}");
    }
    let error = imagegen_wasm::bindings::define_model(make("p.id = 'x'; p.like = Symbol('gpt-image-2')")).unwrap_err();
    assert!(get_str(&error, "message").unwrap().contains("model.like is a symbol"));
    assert!(requests(&s).await.is_empty(), "nothing was sent");
    // What is plain data reads as before: undefined is absent, whole numbers are integers on the wire.
    let fine = make("p.n = 1; p.size = undefined; p.output_format = 'jpeg'; p.output_compression = 50");
    settle(c.generate(fine, None)).await.unwrap();
    let body = &requests(&s).await[0]["json"];
    assert_eq!(body["n"].to_string(), "1", "{body}");
    assert_eq!(body["output_compression"].to_string(), "50", "{body}");
    assert!(body.get("size").is_none(), "{body}");
}

/// Inputs whose reading runs the caller's code, which throws (a getter, a proxy's trap, a revoked
/// proxy), are an `ImageValidationError` naming the field with code `unreadable`: the async methods
/// reject (they threw at once, past any `.catch`), the constructor and `defineModel` throw it, and
/// nothing is sent. Driven from JS, through the exports: the throw used to unwind through wasm and
/// leave the client borrowed for good, so its `free()` failed.
#[wasm_bindgen_test]
async fn inputs_that_throw_when_read_are_named_and_leave_the_client_whole() {
    let s = session("throwing-inputs");
    let c = JsValue::from(client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) })));
    let seen = run_js(
        "client",
        "const boom = () => { throw new Error('boom'); };
         const revoked = Proxy.revocable({}, {}); revoked.revoke();
         const good = { model: 'gpt-image-2', prompt: 'p' };
         const calls = {
           getter: () => client.generate({ model: 'gpt-image-2', get prompt() { return boom(); } }),
           trap: () => client.generate(new Proxy({}, { ownKeys: boom })),
           revoked: () => client.generate(revoked.proxy),
           nested: () => client.generate({ ...good, metadata: new Proxy({}, { ownKeys: boom }) }),
           options: () => client.generate(good, new Proxy({}, { ownKeys: boom })),
           optionGetter: () => client.generate(good, { get timeout() { return boom(); } }),
           edit: () => client.edit({ ...good, get image() { return boom(); } }),
           images: () => client.edit({ ...good, image: new Proxy([], { get: boom }) }),
           constructor: () => new client.constructor({ get apiKey() { return boom(); } }),
         };
         const seen = {};
         for (const [name, call] of Object.entries(calls)) {
           let how = 'rejected', error;
           try {
             const pending = call();
             try { await pending; how = 'resolved'; } catch (e) { error = e; }
             if (!(pending instanceof Promise)) how = 'returned';
           } catch (e) {
             how = 'threw'; error = e;
           }
           const issue = error?.issues?.[0] ?? {};
           seen[name] = { how, name: error?.name, issues: error?.issues?.length, ...issue };
         }
         seen.validateEdit = await client.validateEdit({ ...good, get mask() { return boom(); } });
         const result = await client.generate(good);
         seen.after = result.images.length;
         result.revoke();
         client.free();
         seen.freed = true;
         return seen;",
        &[c],
    )
    .await;
    let seen = to_json(&seen);
    let expect = [
        (
            "getter",
            "rejected",
            "params",
            "params could not be read: reading it threw Error: boom",
        ),
        (
            "trap",
            "rejected",
            "params",
            "params could not be read: reading it threw Error: boom",
        ),
        (
            "revoked",
            "rejected",
            "params",
            "params could not be read: reading it threw TypeError",
        ),
        (
            "nested",
            "rejected",
            "params",
            "params.metadata could not be read: reading it threw Error: boom",
        ),
        (
            "options",
            "rejected",
            "options",
            "options could not be read: reading it threw Error: boom",
        ),
        (
            "optionGetter",
            "rejected",
            "options",
            "options could not be read: reading it threw Error: boom",
        ),
        (
            "edit",
            "rejected",
            "params",
            "params could not be read: reading it threw Error: boom",
        ),
        (
            "images",
            "rejected",
            "params",
            "params.image could not be read: reading it threw Error: boom",
        ),
        (
            "constructor",
            "threw",
            "options",
            "options could not be read: reading it threw Error: boom",
        ),
    ];
    for (call, how, field, message) in expect {
        let got = &seen[call];
        assert_eq!(got["how"], how, "{call}: {got}");
        assert_eq!(got["name"], "ImageValidationError", "{call}: {got}");
        assert_eq!(
            (got["issues"].as_f64(), &got["field"], &got["code"]),
            (Some(1.0), &json!(field), &json!("unreadable")),
            "{call}: {got}"
        );
        assert!(got["message"].as_str().unwrap().starts_with(message), "{call}: {got}");
    }
    // The checks without sending: the issue itself.
    let issue = &seen["validateEdit"][0];
    assert_eq!(
        (&issue["field"], &issue["code"]),
        (&json!("params"), &json!("unreadable")),
        "{seen}"
    );
    assert_eq!((&seen["after"], &seen["freed"]), (&json!(1), &json!(true)), "{seen}");
    let throwing = js_sys::Function::new_no_args("return { get id() { throw new Error('boom'); } }");
    let error = imagegen_wasm::bindings::define_model(throwing.call0(&JsValue::NULL).unwrap()).unwrap_err();
    assert_eq!(to_json(&get(&error, "issues"))[0]["code"], "unreadable");
    assert_eq!(requests(&s).await.len(), 1, "only the last, good call was sent");
}

/// Values that pass `instanceof` but are not what they claim: a Proxy of an `AbortSignal` or an
/// object made from its prototype (whose `aborted` getter throws), thrown `Error`s whose `name` or
/// `message` is not a string, and a rejection with no reason. Each is a typed error and the call settles. Before, the getter's
/// throw, or js-sys's `unwrap_throw` on a non-string, unwound through wasm: the promise never settled
/// and the client stayed borrowed (its `free()` failed).
#[wasm_bindgen_test]
async fn look_alike_signals_and_odd_errors_are_typed_and_leave_the_client_whole() {
    let s = session("look-alikes");
    let base_url = format!("{}/v1", base(&s));
    let c = JsValue::from(client(json!({ "apiKey": "k", "baseURL": base_url })));
    let seen = run_js(
        "client, baseURL",
        "const good = { model: 'gpt-image-2', prompt: 'p' };
         const odd = (fields) => Object.assign(new Error('x'), fields);
         const Client = client.constructor;
         const azure = (provider) => new Client({ provider: 'azure', azure: {
           endpoint: baseURL.replace(/\\/v1$/, ''), deployment: 'd', apiVersion: '2025-04-01-preview',
           azureADTokenProvider: provider } });
         const calls = {
           proxy: () => client.generate(good, { signal: new Proxy(new AbortController().signal, {}) }),
           fromPrototype: () => client.generate(good, { signal: Object.create(AbortSignal.prototype) }),
           streamProxy: async () => {
             const stream = client.generateStream(good, { signal: new Proxy(new AbortController().signal, {}) });
             for await (const _ of stream) {}
           },
           numberMessage: () => client.generate({ ...good, get prompt() { throw odd({ message: 42 }); } }),
           undefinedName: () => client.generate({ ...good, get prompt() { throw odd({ name: undefined }); } }),
           token: () => azure(() => { throw odd({ message: { code: 1 } }); }).generate(good),
           tokenUndefined: () => azure(() => Promise.reject()).generate(good),
         };
         const seen = {};
         for (const [name, call] of Object.entries(calls)) {
           try {
             await call();
             seen[name] = { how: 'resolved' };
           } catch (e) {
             const issue = e?.issues?.[0] ?? {};
             seen[name] = { how: 'rejected', name: e?.name, message: e?.message, field: issue.field, code: issue.code };
           }
         }
         const result = await client.generate(good);
         seen.after = result.images.length;
         result.revoke();
         client.free();
         seen.freed = true;
         return seen;",
        &[c, JsValue::from_str(&base_url)],
    )
    .await;
    let seen = to_json(&seen);
    for call in ["proxy", "fromPrototype", "streamProxy"] {
        let got = &seen[call];
        assert_eq!(
            (&got["how"], &got["name"], &got["field"], &got["code"]),
            (
                &json!("rejected"),
                &json!("ImageValidationError"),
                &json!("signal"),
                &json!("invalid_type")
            ),
            "{call}: {got}"
        );
        assert!(
            got["message"].as_str().unwrap().contains("only looks like one"),
            "{call}: {got}"
        );
    }
    for (call, name, says) in [
        ("numberMessage", "ImageValidationError", "reading it threw Error: 42"),
        ("undefinedName", "ImageValidationError", "reading it threw Error: x"),
        (
            "token",
            "AuthenticationError",
            "The Azure token provider failed: Error: {\"code\":1}",
        ),
        (
            "tokenUndefined",
            "AuthenticationError",
            "The Azure token provider failed: unknown error",
        ),
    ] {
        let got = &seen[call];
        assert_eq!(
            (&got["how"], &got["name"]),
            (&json!("rejected"), &json!(name)),
            "{call}: {got}"
        );
        assert!(got["message"].as_str().unwrap().contains(says), "{call}: {got}");
    }
    assert_eq!((&seen["after"], &seen["freed"]), (&json!(1), &json!(true)), "{seen}");
    assert_eq!(requests(&s).await.len(), 1, "only the last, good call was sent");
}

#[wasm_bindgen_test]
fn wrongly_typed_client_options_are_each_named() {
    let error = imagegen_wasm::bindings::ImagesClient::new(js(
        r#"{"apiKey":"k","timeout":"abc","maxRetries":"x","azure":{"endpoint":5}}"#,
    ))
    .unwrap_err();
    let fields: Vec<String> = to_json(&get(&error, "issues"))
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, vec!["timeout", "maxRetries", "azure.endpoint"]);
    let message = get_str(&error, "message").unwrap();
    assert!(message.contains("timeout must be a number"), "{message}");
}

#[wasm_bindgen_test]
fn bad_client_options_throw_every_issue() {
    let error =
        imagegen_wasm::bindings::ImagesClient::new(js(r#"{"provider":"compatible","timeout":-5}"#)).unwrap_err();
    assert_eq!(error_summary(&error).0, "ImageValidationError");
    let issues = to_json(&get(&error, "issues"));
    assert_eq!(issues.as_array().unwrap().len(), 2, "{issues}");
    let error = imagegen_wasm::bindings::ImagesClient::new(js(r#"{"apikey":"k"}"#)).unwrap_err();
    let message = get_str(&error, "message").unwrap();
    assert!(message.contains("apikey"), "{message}");
}

#[wasm_bindgen_test]
async fn api_errors_have_names_kinds_and_fields() {
    let cases = [
        (
            json!({ "fault": "error", "preset": "moderation_blocked", "stage": "input", "categories": ["violence"] }),
            "BadRequestError",
            "content_policy",
            400.0,
        ),
        (
            json!({ "fault": "error", "preset": "content_policy_violation" }),
            "BadRequestError",
            "content_policy",
            400.0,
        ),
        (
            json!({ "fault": "error", "preset": "azure_content_policy_violation" }),
            "BadRequestError",
            "content_policy",
            400.0,
        ),
        (
            json!({ "fault": "error", "preset": "azure_content_filter" }),
            "BadRequestError",
            "content_policy",
            400.0,
        ),
        (
            json!({ "fault": "error", "preset": "azure_content_filter_innererror" }),
            "BadRequestError",
            "content_policy",
            400.0,
        ),
        (
            json!({ "fault": "error", "preset": "unknown_parameter" }),
            "BadRequestError",
            "bad_request",
            400.0,
        ),
        (
            json!({ "fault": "error", "preset": "unauthorized" }),
            "AuthenticationError",
            "auth",
            401.0,
        ),
        (
            json!({ "fault": "error", "preset": "org_not_verified" }),
            "PermissionDeniedError",
            "permission",
            403.0,
        ),
        (
            json!({ "fault": "error", "preset": "model_not_found" }),
            "NotFoundError",
            "not_found",
            404.0,
        ),
        (
            json!({ "fault": "error", "preset": "azure_not_found" }),
            "NotFoundError",
            "not_found",
            404.0,
        ),
        (
            json!({ "fault": "error", "preset": "unprocessable" }),
            "UnprocessableEntityError",
            "unprocessable",
            422.0,
        ),
        (
            json!({ "fault": "error", "preset": "insufficient_quota" }),
            "RateLimitError",
            "quota",
            429.0,
        ),
    ];
    for (step, name, kind, status) in cases {
        let s = session("api-error");
        let error = fail_with(&s, json!([step.clone()]), 0).await;
        assert_eq!(
            error_summary(&error),
            (name.into(), kind.into(), Some(status)),
            "{step}"
        );
        assert!(get_str(&error, "requestID").unwrap().starts_with("req_"), "{step}");
        assert!(!get_str(&error, "message").unwrap().is_empty());
    }
}

#[wasm_bindgen_test]
async fn moderation_blocks_carry_stage_and_categories() {
    let s = session("moderation");
    let error = fail_with(&s, json!([{ "fault": "error", "preset": "moderation_blocked", "stage": "output", "categories": ["sexual", "violence"] }]), 0).await;
    assert_eq!(get_str(&error, "code").as_deref(), Some("moderation_blocked"));
    assert_eq!(get_str(&error, "type").as_deref(), Some("image_generation_user_error"));
    assert_eq!(get_str(&error, "moderationStage").as_deref(), Some("output"));
    assert_eq!(to_json(&get(&error, "categories")), json!(["sexual", "violence"]));
    assert_eq!(requests(&s).await.len(), 1, "content-policy errors are not retried");
}

#[wasm_bindgen_test]
async fn html_and_empty_proxy_errors_still_give_a_typed_error() {
    let s = session("html");
    let error = fail_with(&s, json!([{ "fault": "error", "preset": "bad_gateway_html" }]), 0).await;
    assert_eq!(
        error_summary(&error),
        ("InternalServerError".into(), "server".into(), Some(502.0))
    );
    assert!(
        !get_str(&error, "message").unwrap().contains("<html"),
        "no HTML pasted into the message"
    );
    let s = session("empty");
    let error = fail_with(
        &s,
        json!([{ "fault": "error", "preset": "service_unavailable_empty" }]),
        0,
    )
    .await;
    assert_eq!(
        error_summary(&error),
        ("InternalServerError".into(), "server".into(), Some(503.0))
    );
}

#[wasm_bindgen_test]
async fn rate_limit_waits_for_retry_after_then_succeeds() {
    let s = session("retry-after");
    script(
        &s,
        json!([{ "fault": "error", "preset": "rate_limit", "retryAfter": 1 }]),
    )
    .await;
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    generate(&c, params(), JsValue::UNDEFINED).await.unwrap();
    let recorded = requests(&s).await;
    assert_eq!(recorded.len(), 2);
    let waited = recorded[1]["receivedAt"].as_f64().unwrap() - recorded[0]["receivedAt"].as_f64().unwrap();
    assert!(waited >= 950.0, "waited only {waited} ms");
    assert_eq!(
        recorded[0]["json"], recorded[1]["json"],
        "the retry sends the same body"
    );
}

#[wasm_bindgen_test]
async fn retry_after_ms_is_honoured() {
    let s = session("retry-after-ms");
    script(
        &s,
        json!([{ "fault": "error", "preset": "rate_limit", "retryAfterMs": 300 }]),
    )
    .await;
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    generate(&c, params(), JsValue::UNDEFINED).await.unwrap();
    let recorded = requests(&s).await;
    let waited = recorded[1]["receivedAt"].as_f64().unwrap() - recorded[0]["receivedAt"].as_f64().unwrap();
    assert!((280.0..5000.0).contains(&waited), "waited {waited} ms");
}

#[wasm_bindgen_test]
async fn server_errors_are_retried_up_to_max_retries() {
    let s = session("retry-500");
    let error = fail_with(&s, json!([{ "fault": "error", "preset": "server_error" }, { "fault": "error", "preset": "server_error" }, { "fault": "error", "preset": "server_error" }]), 2).await;
    assert_eq!(error_summary(&error).1, "server");
    assert_eq!(requests(&s).await.len(), 3, "1 attempt + 2 retries");

    let s = session("retry-then-ok");
    script(&s, json!([{ "fault": "error", "preset": "server_error" }])).await;
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    generate(&c, params(), JsValue::UNDEFINED).await.unwrap();
    assert_eq!(requests(&s).await.len(), 2);
}

#[wasm_bindgen_test]
async fn quota_and_bad_requests_are_never_retried() {
    let s = session("quota");
    fail_with(&s, json!([{ "fault": "error", "preset": "insufficient_quota" }]), 2).await;
    assert_eq!(requests(&s).await.len(), 1);
    let s = session("no-retry-400");
    fail_with(&s, json!([{ "fault": "error", "preset": "unknown_parameter" }]), 2).await;
    assert_eq!(requests(&s).await.len(), 1);
    let s = session("should-retry-false");
    fail_with(
        &s,
        json!([{ "fault": "error", "preset": "server_error", "headers": { "x-should-retry": "false" } }]),
        2,
    )
    .await;
    assert_eq!(requests(&s).await.len(), 1, "x-should-retry: false wins");
}

#[wasm_bindgen_test]
async fn timeout_gives_a_timeout_error() {
    let s = session("timeout");
    script(&s, json!([{ "fault": "slow", "delayMs": 3000 }])).await;
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)), "maxRetries": 0 }));
    let started = js_sys::Date::now();
    let error = generate(&c, params(), options(json!({ "timeout": 300 })))
        .await
        .unwrap_err();
    let took = js_sys::Date::now() - started;
    assert_eq!(
        error_summary(&error),
        ("APIConnectionTimeoutError".into(), "timeout".into(), None)
    );
    assert!(took < 2500.0, "took {took} ms");
}

#[wasm_bindgen_test]
async fn a_stalled_body_times_out_too() {
    let s = session("slow-body");
    script(&s, json!([{ "fault": "slow_body", "delayMs": 3000 }])).await;
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)), "maxRetries": 0, "timeout": 500 }));
    let error = generate(&c, params(), JsValue::UNDEFINED).await.unwrap_err();
    assert_eq!(error_summary(&error).0, "APIConnectionTimeoutError");
}

#[wasm_bindgen_test]
async fn abort_mid_request_rejects_with_user_abort() {
    let s = session("abort");
    script(&s, json!([{ "fault": "slow", "delayMs": 3000 }])).await;
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    let controller = web_sys::AbortController::new().unwrap();
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"signal".into(), &controller.signal()).unwrap();
    let pending = c.generate(js(PARAMS), Some(opts.into()));
    sleep_ms(200).await;
    controller.abort();
    let error = settle(pending).await.unwrap_err();
    assert_eq!(
        error_summary(&error),
        ("APIUserAbortError".into(), "aborted".into(), None)
    );
}

#[wasm_bindgen_test]
async fn abort_during_a_retry_wait_stops_at_once() {
    let s = session("abort-wait");
    script(
        &s,
        json!([{ "fault": "error", "preset": "rate_limit", "retryAfter": 30 }]),
    )
    .await;
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    let controller = web_sys::AbortController::new().unwrap();
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"signal".into(), &controller.signal()).unwrap();
    let pending = c.generate(js(PARAMS), Some(opts.into()));
    sleep_ms(300).await;
    controller.abort();
    let error = settle(pending).await.unwrap_err();
    assert_eq!(error_summary(&error).0, "APIUserAbortError");
    assert_eq!(requests(&s).await.len(), 1);
}

#[wasm_bindgen_test]
async fn an_already_aborted_signal_sends_nothing() {
    let s = session("pre-abort");
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    let controller = web_sys::AbortController::new().unwrap();
    controller.abort();
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"signal".into(), &controller.signal()).unwrap();
    let error = settle(c.generate(js(PARAMS), Some(opts.into()))).await.unwrap_err();
    assert_eq!(error_summary(&error).0, "APIUserAbortError");
    assert!(requests(&s).await.is_empty());
}

#[wasm_bindgen_test]
async fn connection_refused_is_a_connection_error() {
    let c = client(json!({ "apiKey": "sk-secret-key-42", "baseURL": format!("{CLOSED_URL}/v1"), "maxRetries": 0 }));
    let error = generate(&c, params(), JsValue::UNDEFINED).await.unwrap_err();
    assert_eq!(
        error_summary(&error),
        ("APIConnectionError".into(), "connection".into(), None)
    );
    assert!(!get_str(&error, "message").unwrap().contains("sk-secret"));
}

#[wasm_bindgen_test]
async fn connection_errors_are_retried_with_backoff() {
    // A refused connection fails the same way every time (dropped keep-alive connections do not:
    // Chromium silently resends a POST on a reused socket). Two retries must wait the backoff:
    // at least 0.5 s + 1 s, less the 25 % jitter.
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{CLOSED_URL}/v1"), "maxRetries": 2 }));
    let started = js_sys::Date::now();
    let error = generate(&c, params(), JsValue::UNDEFINED).await.unwrap_err();
    let took = js_sys::Date::now() - started;
    assert_eq!(error_summary(&error).0, "APIConnectionError");
    assert!(took >= 1100.0, "two retries should wait >= 1125 ms, took {took} ms");
}

#[wasm_bindgen_test]
async fn a_dropped_connection_is_a_connection_error() {
    // More drops than Chromium's own resends on pooled sockets can use up.
    let s = session("drops");
    let drops: Vec<serde_json::Value> = (0..12).map(|_| json!({ "fault": "drop_connection" })).collect();
    let error = fail_with(&s, json!(drops), 0).await;
    assert_eq!(error_summary(&error).0, "APIConnectionError");
}

#[wasm_bindgen_test]
async fn a_cut_body_leaves_no_unhandled_rejection_behind() {
    let seen = count_unhandled_rejections().await;
    let s = session("cut-unhandled");
    fail_with(&s, json!([{ "fault": "cut_mid_body" }]), 0).await;
    sleep_ms(300).await;
    assert_eq!(
        get(&seen, "count").as_f64(),
        Some(0.0),
        "{:?}",
        to_json(&get(&seen, "reasons"))
    );
}

#[wasm_bindgen_test]
async fn connection_errors_carry_the_browser_error_as_cause() {
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{CLOSED_URL}/v1"), "maxRetries": 0 }));
    let error = generate(&c, params(), JsValue::UNDEFINED).await.unwrap_err();
    assert_eq!(error_summary(&error).0, "APIConnectionError");
    let cause = get(&error, "cause");
    assert!(cause.is_instance_of::<js_sys::Error>(), "cause: {cause:?}");
}

#[wasm_bindgen_test]
async fn broken_bodies_are_never_a_success() {
    let cases = [
        ("cut_mid_body", &["APIConnectionError", "ImageDecodeError"][..]),
        ("malformed_json", &["ImageDecodeError"][..]),
        ("empty_data", &["ImageDecodeError"][..]),
        ("bad_base64", &["ImageDecodeError"][..]),
    ];
    for (fault, names) in cases {
        let s = session(fault);
        let error = fail_with(&s, json!([{ "fault": fault }]), 0).await;
        let (name, _, _) = error_summary(&error);
        assert!(names.contains(&name.as_str()), "{fault}: {name}");
        assert_eq!(
            requests(&s).await.len(),
            1,
            "{fault}: a started 2xx body is not retried"
        );
    }
}

#[wasm_bindgen_test]
async fn azure_refuses_redirects_instead_of_forwarding_the_key() {
    let s = session("azure-redirect");
    let target = session("redirect-target");
    let elsewhere = format!("{}/v1/images/generations", base(&target));
    script(
        &s,
        json!([{ "fault": "raw", "status": 307, "headers": { "location": elsewhere }, "body": "" }]),
    )
    .await;
    let c = client(json!({ "provider": "azure", "apiKey": "az-secret", "maxRetries": 0,
                           "azure": { "endpoint": base(&s), "deployment": "d" } }));
    let error = generate(&c, params(), JsValue::UNDEFINED).await.unwrap_err();
    assert_eq!(error_summary(&error).0, "APIConnectionError");
    assert!(get_str(&error, "message").unwrap().contains("redirect"));
    assert_eq!(requests(&s).await.len(), 1);
    assert!(
        requests(&target).await.is_empty(),
        "the redirect was not followed with the key"
    );
}
