//! Sending a planned request with the global `fetch` (gloo-net), and reading the body as a stream
//! of byte chunks.

use gloo_net::http::{Request, Response};
use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, ReadableStream, ReadableStreamDefaultReader, RequestRedirect};

use crate::core::provider::RequestPlan;
use crate::web::js;

/// A request body.
#[derive(Debug)]
pub(crate) enum Body {
    /// JSON text.
    Json(String),
}

/// Sends `plan` with `body`, aborted by `signal`. The error is the browser's own message (CORS and
/// network failures are indistinguishable to a page by design).
pub(crate) async fn send(plan: &RequestPlan, body: &Body, signal: &AbortSignal) -> Result<Response, String> {
    let mut builder = Request::post(&plan.url).abort_signal(Some(signal));
    for (name, value) in &plan.headers {
        builder = builder.header(name, value);
    }
    if plan.refuse_redirects {
        builder = builder.redirect(RequestRedirect::Manual);
    }
    let request = match body {
        Body::Json(text) => builder.body(text.as_str()),
    }
    .map_err(|e| e.to_string())?;
    request.send().await.map_err(|e| e.to_string())
}

/// Reads a response body chunk by chunk, reusing one buffer in wasm memory.
pub(crate) struct BodyReader {
    reader: Option<ReadableStreamDefaultReader>,
    buffer: Vec<u8>,
    /// Bytes read so far.
    pub(crate) loaded: u64,
}

impl std::fmt::Debug for BodyReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BodyReader").field("loaded", &self.loaded).finish()
    }
}

impl BodyReader {
    /// A reader over `response`'s body (an absent body reads as empty).
    pub(crate) fn new(response: &Response) -> Result<BodyReader, JsValue> {
        let reader = match response.body() {
            Some(stream) => Some(reader_of(&stream)?),
            None => None,
        };
        Ok(BodyReader {
            reader,
            buffer: Vec::new(),
            loaded: 0,
        })
    }

    /// The next chunk, or None at the end. The error is the stream's (abort, network cut).
    pub(crate) async fn next(&mut self) -> Result<Option<&[u8]>, JsValue> {
        let Some(reader) = &self.reader else {
            return Ok(None);
        };
        let result = JsFuture::from(reader.read()).await?;
        if js::get(&result, "done").as_bool().unwrap_or(true) {
            self.reader = None;
            return Ok(None);
        }
        let chunk: Uint8Array = js::get(&result, "value").dyn_into()?;
        let len = chunk.length() as usize;
        self.buffer.resize(len, 0);
        chunk.copy_to(&mut self.buffer);
        self.loaded += len as u64;
        Ok(Some(&self.buffer))
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

    /// Stops the download (the rest of the body is not wanted).
    pub(crate) fn cancel(&mut self) {
        if let Some(reader) = self.reader.take() {
            let _ = reader.cancel();
        }
    }
}

impl Drop for BodyReader {
    fn drop(&mut self) {
        self.cancel();
    }
}

fn reader_of(stream: &ReadableStream) -> Result<ReadableStreamDefaultReader, JsValue> {
    stream.get_reader().dyn_into().map_err(JsValue::from)
}
