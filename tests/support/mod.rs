//! Helpers shared by the browser tests: the fake API's address, its control API, JS values.
#![allow(dead_code)]

use std::cell::Cell;

use gloo_net::http::Request;
use imagegen_wasm::bindings::ImagesClient;
use js_sys::{Promise, Reflect};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The fake image API started by `scripts/test.sh` (its URL is baked in at compile time).
pub const FAKE_API: &str = match option_env!("FAKE_API_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:9",
};

/// A loopback URL where nothing listens (a port `scripts/test.sh` found free).
pub const CLOSED_URL: &str = match option_env!("CLOSED_PORT_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:59",
};

thread_local! {
    static COUNTER: Cell<u32> = const { Cell::new(0) };
}

/// A fresh fake-API session: its own fault script and request recording.
pub fn session(name: &str) -> String {
    let n = COUNTER.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    let stamp = js_sys::Date::now() as u64 % 1_000_000_000;
    format!("{name}-{stamp}-{n}")
}

/// `http://127.0.0.1:PORT/s/{session}` — prefix every route with it.
pub fn base(session: &str) -> String {
    format!("{FAKE_API}/s/{session}")
}

/// Scripts the next responses of a session.
pub async fn script(session: &str, steps: Value) {
    let body = serde_json::json!({ "steps": steps }).to_string();
    let response = Request::post(&format!("{FAKE_API}/__control/sessions/{session}/script"))
        .header("Content-Type", "application/json")
        .body(body)
        .unwrap()
        .send()
        .await
        .unwrap();
    assert!(response.ok(), "scripting the fake API failed: {}", response.status());
}

/// Pins the day the fake judges model shutdowns by, for this session (a provider that still serves
/// what OpenAI shut down, such as CometAPI with DALL·E).
pub async fn pin_today(session: &str, date: &str) {
    let response = Request::post(&format!("{FAKE_API}/__control/sessions/{session}/today"))
        .header("content-type", "application/json")
        .body(json!({ "date": date }).to_string())
        .unwrap()
        .send()
        .await
        .unwrap();
    assert!(response.ok(), "pinning today failed");
}

/// The API requests the fake received in a session (preflights left out).
pub async fn requests(session: &str) -> Vec<Value> {
    let all = requests_and_preflights(session).await;
    all.into_iter().filter(|r| r["method"] != "OPTIONS").collect()
}

/// Every request the fake received in a session, CORS preflights included.
pub async fn requests_and_preflights(session: &str) -> Vec<Value> {
    let text = Request::get(&format!("{FAKE_API}/__control/sessions/{session}/requests"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A JS value from JSON text.
pub fn js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

/// `value[key]`.
pub fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

/// `value[key]` as a string.
pub fn get_str(value: &JsValue, key: &str) -> Option<String> {
    get(value, key).as_string()
}

/// A JS value as JSON (for comparing with serde_json values).
pub fn to_json(value: &JsValue) -> Value {
    let text: String = js_sys::JSON::stringify(value).unwrap().into();
    serde_json::from_str(&text).unwrap()
}

/// A client from JSON options.
pub fn client(options: Value) -> ImagesClient {
    ImagesClient::new(js(&options.to_string())).unwrap_or_else(|e| panic!("client options refused: {:?}", to_json(&e)))
}

/// Awaits a promise.
pub async fn settle(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

/// `client.generate(params, options)` awaited.
pub async fn generate(client: &ImagesClient, params: Value, options: JsValue) -> Result<JsValue, JsValue> {
    settle(client.generate(js(&params.to_string()), Some(options))).await
}

/// The error's name, kind and status.
pub fn error_summary(error: &JsValue) -> (String, String, Option<f64>) {
    assert!(error.is_instance_of::<js_sys::Error>(), "not a real Error: {error:?}");
    (
        get_str(error, "name").unwrap_or_default(),
        get_str(error, "kind").unwrap_or_default(),
        get(error, "status").as_f64(),
    )
}

/// The bytes of a Blob.
pub async fn blob_bytes(blob: &JsValue) -> Vec<u8> {
    let blob: web_sys::Blob = blob.clone().dyn_into().unwrap();
    let buffer = JsFuture::from(blob.array_buffer()).await.unwrap();
    js_sys::Uint8Array::new(&buffer).to_vec()
}

/// Waits `ms` milliseconds.
pub async fn sleep_ms(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        let global = js_sys::global();
        let set_timeout: js_sys::Function = Reflect::get(&global, &"setTimeout".into()).unwrap().dyn_into().unwrap();
        set_timeout
            .call2(&JsValue::UNDEFINED, &resolve, &JsValue::from(ms))
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Decodes image bytes with the browser's own decoder; returns (width, height).
pub async fn decode_in_browser(blob: &JsValue) -> (u32, u32) {
    let global = js_sys::global();
    let create: js_sys::Function = Reflect::get(&global, &"createImageBitmap".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    let bitmap = JsFuture::from(
        create
            .call1(&JsValue::UNDEFINED, blob)
            .unwrap()
            .dyn_into::<Promise>()
            .unwrap(),
    )
    .await
    .expect("the browser could not decode the image");
    (
        get(&bitmap, "width").as_f64().unwrap() as u32,
        get(&bitmap, "height").as_f64().unwrap() as u32,
    )
}

/// Runs an async JS function body with arguments and awaits its result (test-only helper).
pub async fn run_js(args: &str, body: &str, values: &[JsValue]) -> JsValue {
    let f = js_sys::Function::new_with_args(args, &format!("return (async () => {{ {body} }})()"));
    let array: js_sys::Array = values.iter().collect();
    let promise: Promise = f.apply(&JsValue::NULL, &array).unwrap().dyn_into().unwrap();
    JsFuture::from(promise).await.unwrap()
}

/// A `File` holding `bytes`, with the given name and (possibly wrong or empty) declared type.
pub async fn file(bytes: &[u8], name: &str, declared_type: &str) -> JsValue {
    let data = js_sys::Uint8Array::from(bytes);
    run_js(
        "data, name, type",
        "return new File([data], name, { type });",
        &[data.into(), name.into(), declared_type.into()],
    )
    .await
}

/// A real PNG drawn by the browser: `w`x`h`, with a transparent hole (so it has alpha) when asked.
pub async fn canvas_png(w: u32, h: u32, transparent_hole: bool) -> JsValue {
    run_js(
        "w, h, hole",
        "const c = new OffscreenCanvas(w, h); const g = c.getContext('2d');
         g.fillStyle = '#3a7'; g.fillRect(0, 0, w, h);
         if (hole) g.clearRect(w / 4, h / 4, w / 2, h / 2);
         return c.convertToBlob({ type: 'image/png' });",
        &[w.into(), h.into(), transparent_hole.into()],
    )
    .await
}

/// Hex SHA-256 of a Blob's bytes, computed by the browser.
pub async fn sha256(blob: &JsValue) -> String {
    run_js(
        "blob",
        "const d = new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
         return Array.from(d, b => b.toString(16).padStart(2, '0')).join('');",
        std::slice::from_ref(blob),
    )
    .await
    .as_string()
    .unwrap()
}

/// `client.edit(params, options)` awaited; `params` is a JS object (it holds Files).
pub async fn edit(client: &ImagesClient, params: &JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    settle(client.edit(params.clone(), Some(options))).await
}

/// A JS object from JSON with extra (non-JSON) fields set on it.
pub fn object(json: Value, extra: &[(&str, &JsValue)]) -> JsValue {
    let value = js(&json.to_string());
    for (key, item) in extra {
        Reflect::set(&value, &JsValue::from_str(key), item).unwrap();
    }
    value
}

/// Counts `unhandledrejection` events on the page from now on (`{ count, reasons }`).
pub async fn count_unhandled_rejections() -> JsValue {
    run_js(
        "",
        "const seen = { count: 0, reasons: [] };
         addEventListener('unhandledrejection', (e) => { seen.count++; seen.reasons.push(String(e.reason)); e.preventDefault(); });
         return seen;",
        &[],
    )
    .await
}

/// The size of this module's wasm linear memory, in bytes.
pub fn wasm_memory_bytes() -> u32 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().into();
    js_sys::ArrayBuffer::from(memory.buffer()).byte_length()
}
