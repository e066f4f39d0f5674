//! A soak in headless Chromium against the fake: 300 mixed calls on one client (generate, stream,
//! `generateStream`, edit, aborted, failed, retried), each result revoked. Afterwards nothing is
//! left: no live object URL, no listener on the caller's long-lived `AbortSignal`, no pending
//! timer, and wasm memory no larger than after the warm-up. Prints the figures.
#![cfg(target_arch = "wasm32")]

mod support;

use serde_json::{json, Value};
use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const CALLS: usize = 300;

/// How many steps of the session's script are left (polled in JS: the test's own allocations must
/// not count as the library's wasm memory).
const STEPS_LEFT: &str = "return (await (await fetch(url)).json()).steps.length;";

/// Resolves once fewer than `before` steps are left: the request arrived and took its step.
const WAIT_FOR_ARRIVAL: &str = "const left = async () => (await (await fetch(url)).json()).steps.length;
     for (let i = 0; i < 400 && (await left()) >= before; i++) await new Promise((r) => setTimeout(r, 5));";
const WARM_UP: usize = 30;

#[derive(Clone, Copy)]
enum Kind {
    Generate,
    Stream,
    GenerateStream,
    Edit,
    Aborted,
    Failed,
    Retried,
}

const MIX: [Kind; 7] = [
    Kind::Generate,
    Kind::Stream,
    Kind::GenerateStream,
    Kind::Edit,
    Kind::Aborted,
    Kind::Failed,
    Kind::Retried,
];

/// The fake's script steps one call consumes.
fn steps(kind: Kind) -> Vec<Value> {
    match kind {
        Kind::Aborted => vec![json!({ "fault": "slow", "delayMs": 5000 })],
        Kind::Failed => vec![json!({ "fault": "error", "preset": "unknown_parameter" })],
        Kind::Retried => vec![
            json!({ "fault": "error", "preset": "rate_limit", "retryAfterMs": 5 }),
            json!({ "fault": "ok" }),
        ],
        _ => vec![json!({ "fault": "ok" })],
    }
}

/// Counts the timers the library set through the global `setTimeout` (its import shim is on the
/// stack: the test harness's own timers do not count) that have neither fired nor been cleared,
/// with where each was set; and the `abort` listeners on a signal. Both by wrapping the page's own
/// functions.
async fn instrument() -> JsValue {
    run_js(
        "",
        "const live = new Map(), others = new Set();
         const set = globalThis.setTimeout, clear = globalThis.clearTimeout;
         globalThis.setTimeout = (f, ms, ...a) => {
           const stack = new Error().stack ?? '';
           const id = set(() => { live.delete(id); others.delete(id); f(...a); }, ms);
           if (stack.includes('__wbg_setTimeout')) live.set(id, `${ms} ms, set at ${stack}`); else others.add(id);
           return id;
         };
         globalThis.clearTimeout = (id) => { live.delete(id); others.delete(id); clear(id); };
         const controller = new AbortController();
         const signal = controller.signal;
         const listeners = new Set();
         const add = signal.addEventListener.bind(signal), remove = signal.removeEventListener.bind(signal);
         signal.addEventListener = (type, f, o) => { if (type === 'abort') listeners.add(f); add(type, f, o); };
         signal.removeEventListener = (type, f, o) => { if (type === 'abort') listeners.delete(f); remove(type, f, o); };
         return { signal, timers: () => live.size, pendingTimers: () => [...live.values()].join('\\n---\\n'),
                  otherTimers: () => others.size, listeners: () => listeners.size };",
        &[],
    )
    .await
}

fn count(probe: &JsValue, name: &str) -> f64 {
    let f: js_sys::Function = get(probe, name).dyn_into().unwrap();
    f.call0(&JsValue::UNDEFINED).unwrap().as_f64().unwrap()
}

/// Reads a `generateStream` to its end in JS; resolves to the completed event's result.
async fn drain(stream: web_sys::ReadableStream) -> Result<JsValue, JsValue> {
    let promise: js_sys::Promise = js_sys::Function::new_with_args(
        "stream",
        "return (async () => { const reader = stream.getReader(); let result;
           for (;;) { const { done, value } = await reader.read(); if (done) return result;
                      if (value.type.endsWith('completed')) result = value.result;
                      else value.image && value.image.url; } })();",
    )
    .call1(&JsValue::UNDEFINED, &stream)
    .unwrap()
    .dyn_into()
    .unwrap();
    settle(promise).await
}

#[wasm_bindgen_test]
async fn three_hundred_mixed_calls_leave_nothing_behind() {
    let s = session("soak");
    let kinds: Vec<Kind> = (0..CALLS).map(|i| MIX[i % MIX.len()]).collect();
    script(&s, Value::Array(kinds.iter().flat_map(|k| steps(*k)).collect())).await;
    let probe = instrument().await;
    let signal = get(&probe, "signal");
    let seen = count_unhandled_rejections().await;
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)), "maxRetries": 1 }));
    let params = json!({ "model": "gpt-image-2", "prompt": "p", "quality": "low", "size": "1024x640" });
    let photo = canvas_png(64, 40, false).await;
    let (mut ok, mut failed, mut memory_after_warm_up) = (0, 0, 0);
    let script_url = format!("{FAKE_API}/__control/sessions/{s}/script");

    for (i, kind) in kinds.iter().enumerate() {
        if i == WARM_UP {
            memory_after_warm_up = wasm_memory_bytes();
        }
        let options = object(json!({}), &[("signal", &signal)]);
        let outcome = match kind {
            Kind::Generate | Kind::Failed | Kind::Retried => generate(&c, params.clone(), options).await,
            Kind::Stream => {
                let partials = js_sys::Function::new_with_args("e", "e.image.url");
                let options = object(json!({}), &[("signal", &signal), ("onPartialImage", &partials)]);
                let mut streamed = params.clone();
                streamed["stream"] = json!(true);
                streamed["partial_images"] = json!(2);
                generate(&c, streamed, options).await
            }
            Kind::GenerateStream => {
                let mut streamed = params.clone();
                streamed["partial_images"] = json!(1);
                drain(c.generate_stream(js(&streamed.to_string()), Some(options)).unwrap()).await
            }
            Kind::Edit => {
                let edit_params = object(
                    json!({ "model": "gpt-image-2", "prompt": "p", "quality": "low" }),
                    &[("image", &photo)],
                );
                edit(&c, &edit_params, options).await
            }
            Kind::Aborted => {
                let own = web_sys::AbortController::new().unwrap();
                let options = object(json!({}), &[("signal", &own.signal())]);
                let url = JsValue::from_str(&script_url);
                let before = run_js("url", STEPS_LEFT, std::slice::from_ref(&url)).await;
                let pending = c.generate(js(&params.to_string()), Some(options));
                // Abort once the fake holds the request, so it took its step in every engine.
                run_js("url, before", WAIT_FOR_ARRIVAL, &[url, before]).await;
                own.abort();
                settle(pending).await
            }
        };
        match outcome {
            Ok(result) => {
                ok += 1;
                let revoke: js_sys::Function = get(&result, "revoke").dyn_into().unwrap();
                revoke.call0(&result).unwrap();
            }
            Err(error) => {
                failed += 1;
                let expected = match kind {
                    Kind::Aborted => "aborted",
                    Kind::Failed => "bad_request",
                    _ => panic!("call {i} failed: {:?}", to_json(&error)),
                };
                assert_eq!(get_str(&error, "kind").as_deref(), Some(expected), "call {i}");
            }
        }
        assert_eq!(c.live_object_urls(), 0, "call {i}: object URLs left after revoke");
    }
    sleep_ms(100).await;
    let memory_end = wasm_memory_bytes();
    let (timers, listeners) = (count(&probe, "timers"), count(&probe, "listeners"));
    let other_timers = count(&probe, "otherTimers");
    console_log!(
        "soak: {CALLS} calls ({ok} ok, {failed} failed as planned); wasm memory {memory_after_warm_up} bytes after {WARM_UP} calls, {memory_end} after all; {timers} of its timers pending ({other_timers} of other code); {listeners} abort listeners on the caller's signal; {} unhandled rejections",
        get(&seen, "count").as_f64().unwrap_or(-1.0)
    );
    assert_eq!(ok + failed, CALLS);
    assert_eq!(c.live_object_urls(), 0);
    assert_eq!(listeners, 0.0, "listeners left on the caller's AbortSignal");
    if timers != 0.0 {
        let pending = js_sys::Function::from(get(&probe, "pendingTimers"))
            .call0(&probe)
            .unwrap();
        panic!(
            "{timers} timers left pending:\n{}",
            pending.as_string().unwrap_or_default()
        );
    }
    assert_eq!(get(&seen, "count").as_f64(), Some(0.0));
    let planned: usize = kinds.iter().map(|k| steps(*k).len()).sum();
    assert_eq!(
        requests(&s).await.len(),
        planned,
        "one request per step: retried calls send two"
    );
    assert!(
        memory_end <= memory_after_warm_up + 65_536,
        "wasm memory grew from {memory_after_warm_up} to {memory_end} bytes after warm-up"
    );
}
