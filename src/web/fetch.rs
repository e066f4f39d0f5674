//! Sending a planned request with the global `fetch`, and reading the body as a stream of byte
//! chunks.
//!
//! web-sys directly rather than gloo-net: gloo-net's `send` panics (`unreachable!`) when a fetch
//! rejects with something other than an `Error`, and drops the rejection value that `error.cause`
//! should carry.

use js_sys::{Array, ArrayBuffer, Object, Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortSignal, FormData, Headers, ReadableStream, ReadableStreamDefaultReader, RequestInit, RequestRedirect, Response,
};

use crate::core::request::config::RequestPlan;
use crate::web::abort::abort_event;
use crate::web::js::{self, global_fetch, ignore_rejection, ByobReader, ByteStream};

/// A request body.
#[derive(Debug)]
pub(crate) enum Body {
    /// JSON text.
    Json(String),
    /// Multipart form (the browser writes the boundary and each part's headers).
    Form(FormData),
    /// No body (`GET`).
    Empty,
}

/// Sends `plan` with `body`, aborted by `signal`. The error is the browser's own rejection (CORS and
/// network failures are indistinguishable to a page by design).
pub(crate) async fn send(plan: &RequestPlan, body: &Body, signal: &AbortSignal) -> Result<Response, JsValue> {
    let headers = Headers::new()?;
    for (name, value) in &plan.headers {
        headers.append(name, value)?;
    }
    let init = RequestInit::new();
    init.set_method(plan.method);
    init.set_headers(&headers);
    init.set_signal(Some(signal));
    if plan.refuse_redirects {
        init.set_redirect(RequestRedirect::Manual);
    }
    match body {
        Body::Json(text) => init.set_body(&JsValue::from_str(text)),
        Body::Form(form) => init.set_body(form),
        Body::Empty => {}
    }
    // `fetch(url, init)`, not `fetch(new Request(url, init))`: the same request, one object fewer.
    JsFuture::from(global_fetch(&plan.url, &init)).await?.dyn_into()
}

/// A response header, when present and exposed to the page.
pub(crate) fn header(response: &Response, name: &str) -> Option<String> {
    response.headers().get(name).ok().flatten()
}

/// The body's length as the server gave it (of the encoded body, when it is compressed).
pub(crate) fn content_length(response: &Response) -> Option<u64> {
    header(response, "content-length").and_then(|v| v.trim().parse::<u64>().ok())
}

/// The body arrives slower than it is decoded when a read waited this long for it and the body has
/// come at less than [`SLOW_BYTES_PER_MS`] so far: decoding runs at hundreds of MB/s, and on loopback
/// a read waits a few ms now and then, so the wait alone does not tell.
const WAITED_MS: f64 = 1.0;
const SLOW_BYTES_PER_MS: f64 = 50_000.0;

/// The most copied into wasm memory at once: browsers hand over network chunks of up to a few MB,
/// and wasm memory never shrinks, so big chunks are taken in slices.
const SLICE: u32 = 64 * 1024;

/// What a BYOB read fills at most, by the body's length: a 16th of it, from 64 KiB to 1 MiB (256 KiB
/// when the length is unknown). Fewer, larger reads cost less per byte on a big body; a small body
/// does not hold a buffer larger than itself. The chunk is still copied into wasm memory a
/// [`SLICE`] at a time.
fn byob_view_len(body_len: Option<u64>) -> u32 {
    body_len.map_or(256 << 10, |n| (n / 16).clamp(64 << 10, 1 << 20) as u32)
}

/// The body's reader: into one reused buffer where the stream is a byte stream (Chromium's and
/// Firefox's fetch bodies are; WebKitGTK 2.50's are not), else the default reader's fresh chunks.
enum Reader {
    Byob(ByobReader),
    Default(ReadableStreamDefaultReader),
}

/// Reads a response body chunk by chunk, reusing one buffer in wasm memory.
pub(crate) struct BodyReader {
    reader: Option<Reader>,
    /// The attempt's signal (which also aborts the fetch), and a promise that resolves when it
    /// aborts. Each read races that promise: WebKit does not always fail a read already waiting
    /// when the request is aborted, so a stalled body would otherwise outlive its timeout there.
    signal: AbortSignal,
    aborted: Promise,
    /// The current network chunk and how much of it was handed out.
    pending: Option<(Uint8Array, u32)>,
    /// The BYOB reader's buffer between reads, given back by the last one, and its length.
    spare: Option<ArrayBuffer>,
    view_len: u32,
    buffer: Vec<u8>,
    /// Bytes read so far, and the body's length when the server gave it.
    pub(crate) loaded: u64,
    pub(crate) length: Option<u64>,
    /// When the reader was made (`Date.now()`), and whether the last read waited on a slow network.
    opened: f64,
    waited: bool,
}

impl std::fmt::Debug for BodyReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BodyReader").field("loaded", &self.loaded).finish()
    }
}

impl BodyReader {
    /// A reader over `response`'s body (an absent body reads as empty), ended by `signal` (the
    /// attempt's, which also aborts the fetch) with the signal's reason as the error.
    pub(crate) fn new(response: &Response, signal: &AbortSignal) -> Result<BodyReader, JsValue> {
        let length = content_length(response);
        let reader = match response.body() {
            Some(stream) => Some(reader_of(&stream)?),
            None => None,
        };
        Ok(BodyReader {
            reader,
            signal: signal.clone(),
            aborted: abort_event(signal),
            pending: None,
            spare: None,
            view_len: byob_view_len(length),
            buffer: Vec::new(),
            loaded: 0,
            length,
            opened: js_sys::Date::now(),
            waited: false,
        })
    }

    /// Whether the next piece must come from a slow network, which kept the last read waiting: the
    /// body arrives slower than it is decoded, so work done now is done while idle, not after the
    /// last byte.
    pub(crate) fn waits_on_network(&self) -> bool {
        self.waited && self.pending.is_none() && self.reader.is_some()
    }

    /// The next piece of the body (at most 64 KiB), or None at the end. The error is the stream's
    /// (abort, network cut).
    pub(crate) async fn next(&mut self) -> Result<Option<&[u8]>, JsValue> {
        if let Some((chunk, offset)) = self.pending.take() {
            let end = chunk.length().min(offset + SLICE);
            let slice = chunk.subarray(offset, end);
            if end < chunk.length() {
                self.pending = Some((chunk, end));
            } else if matches!(self.reader, Some(Reader::Byob(_))) {
                self.spare = Some(chunk.buffer());
            }
            // Zeroed once at full size (`vec!` of zeros is one calloc): resizing to each slice's
            // length would zero-fill byte by byte at opt-level "z", a tenth of the decoding time.
            if self.buffer.is_empty() {
                self.buffer = vec![0; SLICE as usize];
            }
            let Some(filled) = self.buffer.get_mut(..slice.length() as usize) else {
                return Err(JsValue::from_str("a body slice larger than the read buffer"));
            };
            slice.copy_to(filled);
            self.loaded += u64::from(slice.length());
            return Ok(Some(filled));
        }
        let Some(reader) = &self.reader else {
            return Ok(None);
        };
        if self.signal.aborted() {
            return Err(self.stop());
        }
        let read = match reader {
            Reader::Byob(reader) => {
                let view = match self.spare.take() {
                    Some(buffer) => Uint8Array::new(&buffer),
                    None => Uint8Array::new_with_length(self.view_len),
                };
                reader.read(&view)
            }
            Reader::Default(reader) => reader.read(),
        };
        let asked = js_sys::Date::now();
        let result = JsFuture::from(Promise::race(&Array::of2(&read, &self.aborted))).await;
        let now = js_sys::Date::now();
        let result = match result {
            Ok(result) => result,
            Err(e) => {
                self.cancel();
                return Err(e);
            }
        };
        // The abort won the race, or came with the chunk: end as the engine's own abort does.
        if self.signal.aborted() {
            return Err(self.stop());
        }
        if js::get(&result, "done").as_bool().unwrap_or(true) {
            self.reader = None;
            return Ok(None);
        }
        let chunk: Uint8Array = js::get(&result, "value").dyn_into()?;
        let arrived = (self.loaded + u64::from(chunk.length())) as f64;
        self.waited = now - asked >= WAITED_MS && arrived < (now - self.opened) * SLOW_BYTES_PER_MS;
        self.pending = Some((chunk, 0));
        Box::pin(self.next()).await
    }

    /// Reads the whole body, up to `limit` bytes (error bodies are small; a proxy's may not be).
    pub(crate) async fn read_to_limit(&mut self, limit: usize) -> Result<Vec<u8>, JsValue> {
        let mut body = Vec::new();
        while body.len() < limit {
            match self.next().await? {
                Some(chunk) => body.extend_from_slice(chunk),
                None => return Ok(body),
            }
        }
        body.truncate(limit);
        self.cancel();
        Ok(body)
    }

    /// Stops the download on abort; the error is the signal's reason, as a failed read would give.
    fn stop(&mut self) -> JsValue {
        self.cancel();
        self.signal.reason()
    }

    /// Stops the download (the rest of the body is not wanted, or the stream already failed).
    pub(crate) fn cancel(&mut self) {
        match self.reader.take() {
            Some(Reader::Byob(reader)) => ignore_rejection(&reader.cancel()),
            Some(Reader::Default(reader)) => ignore_rejection(&reader.cancel()),
            None => {}
        }
    }
}

impl Drop for BodyReader {
    fn drop(&mut self) {
        self.cancel();
    }
}

fn reader_of(stream: &ReadableStream) -> Result<Reader, JsValue> {
    let options = Object::new();
    js::set(&options, "mode", &JsValue::from_str("byob"));
    match stream.unchecked_ref::<ByteStream>().get_byob_reader(&options) {
        Ok(reader) => Ok(Reader::Byob(reader)),
        Err(_) => Ok(Reader::Default(stream.get_reader().dyn_into()?)),
    }
}
