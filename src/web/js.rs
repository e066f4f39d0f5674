//! Raw bindings to globals (not `window`: they also exist in workers and Node) and JS value helpers.

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The global `setTimeout`.
    #[wasm_bindgen(js_name = setTimeout)]
    pub(crate) fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    /// The global `clearTimeout`.
    #[wasm_bindgen(js_name = clearTimeout)]
    pub(crate) fn clear_timeout(id: &JsValue);
    /// The global `fetch` (windows, workers and Node alike).
    #[wasm_bindgen(js_name = fetch)]
    pub(crate) fn global_fetch(url: &str, init: &web_sys::RequestInit) -> js_sys::Promise;

    /// A `ReadableStreamBYOBReader`: reads into a buffer the caller hands over (and gets back), so a
    /// long body does not leave one garbage `ArrayBuffer` per network chunk in the JS heap. Declared
    /// here for its two methods rather than through three more web-sys features.
    pub(crate) type ByobReader;
    /// A `ReadableStream`, for the one `getReader` overload web-sys does not give without features.
    pub(crate) type ByteStream;
    /// `stream.getReader({ mode: "byob" })`; throws where the stream is not a byte stream.
    #[wasm_bindgen(method, catch, js_name = getReader)]
    pub(crate) fn get_byob_reader(this: &ByteStream, options: &js_sys::Object) -> Result<ByobReader, JsValue>;
    /// `reader.read(view)`: resolves to `{ done, value }`, `value` a view of the same memory.
    #[wasm_bindgen(method)]
    pub(crate) fn read(this: &ByobReader, view: &js_sys::Uint8Array) -> js_sys::Promise;
    /// `reader.cancel()`.
    #[wasm_bindgen(method)]
    pub(crate) fn cancel(this: &ByobReader) -> js_sys::Promise;

    // For the caller's values, where they may run the caller's code (a getter, a proxy's trap) and
    // throw. js-sys declares these without `catch`: a throw would unwind through wasm, skip Rust's
    // clean-up, and leave the client borrowed for good (its `free()` then fails).
    /// `Object.entries(value)`.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    pub(crate) fn own_entries(value: &JsValue) -> Result<js_sys::Array, JsValue>;
    /// `Object.assign(target, value)`.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = assign)]
    pub(crate) fn assign(target: &js_sys::Object, value: &JsValue) -> Result<js_sys::Object, JsValue>;
    /// `Array.isArray(value)` (throws for a revoked proxy).
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    pub(crate) fn is_array(value: &JsValue) -> Result<bool, JsValue>;
    /// `Array.from(value)`: an array of our own, whose items are read without the caller's code.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = from)]
    pub(crate) fn array_from(value: &JsValue) -> Result<js_sys::Array, JsValue>;

    /// The caller's `Blob` or `File`, for the getters a subclass may override with one that throws
    /// (web-sys's would unwind, and the edit's promise would never settle).
    pub(crate) type CallerBlob;
    /// `blob.size`.
    #[wasm_bindgen(method, catch, getter)]
    pub(crate) fn size(this: &CallerBlob) -> Result<f64, JsValue>;
    /// `file.name`.
    #[wasm_bindgen(method, catch, getter)]
    pub(crate) fn name(this: &CallerBlob) -> Result<String, JsValue>;

    /// The caller's `AbortSignal`: a Proxy of one, or an object made from its prototype, passes
    /// `instanceof` but its `aborted` getter throws.
    pub(crate) type CallerSignal;
    /// `signal.aborted`.
    #[wasm_bindgen(method, catch, getter)]
    pub(crate) fn aborted(this: &CallerSignal) -> Result<bool, JsValue>;
}

/// `blob.size`; `Err` is what a throwing getter threw.
pub(crate) fn blob_size(blob: &web_sys::Blob) -> Result<f64, JsValue> {
    blob.unchecked_ref::<CallerBlob>().size()
}

/// `file.name`; `Err` is what a throwing getter threw.
pub(crate) fn file_name(file: &web_sys::File) -> Result<String, JsValue> {
    file.unchecked_ref::<CallerBlob>().name()
}

/// `signal.aborted`; `Err` is what the getter threw (the signal only looks like one).
pub(crate) fn signal_aborted(signal: &web_sys::AbortSignal) -> Result<bool, JsValue> {
    signal.unchecked_ref::<CallerSignal>().aborted()
}

thread_local! {
    static IGNORE: Closure<dyn FnMut(JsValue)> = Closure::new(|_: JsValue| {});
}

/// Marks a promise's rejection as handled (e.g. `reader.cancel()` after the network already
/// failed), so it never surfaces as an unhandled rejection in the page.
pub(crate) fn ignore_rejection(promise: &js_sys::Promise) {
    IGNORE.with(|ignore| {
        let _ = promise.catch(ignore);
    });
}

/// A readable message for any thrown JS value; never fails (a non-Error rejection is common). An
/// `Error`'s `name` and `message` are the thrower's: read as any value (they may be a getter that
/// throws, or not strings), absent ones as `Error.prototype.toString` takes them.
pub(crate) fn describe(value: &JsValue) -> String {
    if value.is_instance_of::<js_sys::Error>() {
        let part = |key: &str, absent: &str| match get(value, key) {
            part if part.is_undefined() => absent.to_owned(),
            part => text_of(&part),
        };
        let (name, message) = (part("name", "Error"), part("message", ""));
        return if message.is_empty() {
            name
        } else {
            format!("{name}: {message}")
        };
    }
    text_of(value)
}

/// A string as it is; anything else as JSON.
fn text_of(value: &JsValue) -> String {
    if let Some(text) = value.as_string() {
        return text;
    }
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|json| json.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// `object[key]`, or undefined when `object` is not an object or the getter throws.
pub(crate) fn get(object: &JsValue, key: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Sets `object[key] = value` on an object this crate created (cannot fail for plain objects).
pub(crate) fn set(object: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

/// Optional string: undefined and null become None.
pub(crate) fn opt_str(value: Option<&str>) -> JsValue {
    value.map_or(JsValue::UNDEFINED, JsValue::from_str)
}

/// Today's UTC date, `YYYY-MM-DD`, from the page's clock.
pub(crate) fn today() -> String {
    let iso = String::from(js_sys::Date::new_0().to_iso_string());
    iso.get(..10).unwrap_or_default().to_owned()
}

/// `future_to_promise` for every async method: one instance of its machinery for all of them (it
/// is generic over the future, and each instance was ~2 KB of wasm), the futures polled through a box.
pub(crate) fn promise_of(
    future: impl std::future::Future<Output = Result<JsValue, JsValue>> + 'static,
) -> js_sys::Promise {
    let boxed: std::pin::Pin<Box<dyn std::future::Future<Output = Result<JsValue, JsValue>>>> = Box::pin(future);
    wasm_bindgen_futures::future_to_promise(boxed)
}
