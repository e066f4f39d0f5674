//! The request cycle: plan, send, retry with real waits, decode the body into Blobs.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Response, ResponseType};

use crate::core::cost::usage_cost;
use crate::core::issue::{has_errors, Issue};
use crate::core::models::info::ModelInfo;
use crate::core::models::listing::{merge, parse_model_list_with, ListedModel};
use crate::core::models::{Endpoint, ModelSpec};
use crate::core::request::config::{BodyKind, ClientConfig, RequestPlan};
use crate::core::request::edit::{validate_edit, EditInputs};
use crate::core::request::mode::ValidationMode;
use crate::core::request::multipart::{plan_multipart, reference_body};
use crate::core::request::params::ImageParams;
use crate::core::request::validate::{validate, Rules};
use crate::core::response::api_error::{classify_error_value, classify_error_with};
use crate::core::response::client_error::ClientError;
use crate::core::response::decoder::{DecodeFailure, DecodedResponse, ResponseDecoder};
use crate::core::response::sse::{SseDecoder, StreamEvent};
use crate::core::response::stream_result::StreamResult;
use crate::core::retry::{next_retry, AttemptOutcome, RetryHeaders};
use crate::web::abort::{sleep, AbortGuard, Fired};
use crate::web::blob_sink::BlobSink;
use crate::web::errors::to_js_error;
use crate::web::fetch::{content_length, header, send, Body, BodyReader};
use crate::web::files::{form_data, EditFiles};
use crate::web::js::{describe, signal_aborted};
use crate::web::plain::{json_text, parse_json};
use crate::web::result::{ImageBuilder, ResultExtras, UrlRegistry};

/// A model list is read up to this size (OpenAI's is about 10 KB).
const MODEL_LIST_LIMIT: usize = 1024 * 1024;

/// Error bodies are read up to this size; anything longer is a proxy page nobody needs whole.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// A failure and, where one exists, the JS value that caused it (for `error.cause`).
pub(crate) type Failure = (ClientError, Option<JsValue>);

/// Per-call options, already validated.
#[derive(Debug, Default)]
pub(crate) struct CallOptions {
    pub(crate) signal: Option<AbortSignal>,
    pub(crate) timeout_ms: Option<u64>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) on_progress: Option<Function>,
    pub(crate) on_partial_image: Option<Function>,
    pub(crate) validation: Option<ValidationMode>,
}

/// The client state behind `ImagesClient`.
#[derive(Debug)]
pub(crate) struct Client {
    pub(crate) config: ClientConfig,
    pub(crate) token_provider: Option<Function>,
    pub(crate) urls: Rc<RefCell<UrlRegistry>>,
}

/// What a call knows before its response: the issues that did not block it and its model's row.
#[derive(Debug)]
struct Outcome<'a> {
    warnings: &'a [Issue],
    model: Option<ModelSpec>,
}

/// How an attempt failed, for the retry decision.
#[derive(Debug, Clone, Copy)]
enum Failed {
    Status(u16, crate::core::response::api_error::ErrorKind),
    TimedOut,
    Connection,
}

impl Client {
    /// A failure as the JS error to reject with, the client's secrets scrubbed from its message.
    pub(crate) fn js_error(&self, (error, cause): Failure) -> JsValue {
        to_js_error(&error, &self.config.secrets(), cause.as_ref())
    }

    /// This call's per-attempt timeout.
    fn timeout_ms(&self, call: &CallOptions) -> u64 {
        call.timeout_ms.unwrap_or(self.config.timeout_ms)
    }

    /// Today as the client judges model status: the pinned `today`, else the current UTC date.
    pub(crate) fn today(&self) -> String {
        match &self.config.today {
            Some(day) => day.clone(),
            None => crate::web::js::today(),
        }
    }

    /// The issues of `found` as this call's validation mode reports them; Err when any blocks.
    fn judged(&self, found: Vec<Issue>, call: &CallOptions) -> Result<Vec<Issue>, Failure> {
        let mode = call.validation.unwrap_or(self.config.validation);
        let issues = mode.apply(found);
        match has_errors(&issues) {
            true => Err((ClientError::Validation(issues), None)),
            false => Ok(issues),
        }
    }

    /// The row of the model that serves the request, for cost and error messages: an Azure
    /// deployment named after a model is that model, else the params' `model`.
    fn model_of(&self, params: &ImageParams) -> Option<ModelSpec> {
        let find = |id: &str| self.config.catalog.find(id);
        self.config
            .azure_deployment()
            .and_then(find)
            .or_else(|| params.model().and_then(find))
    }

    /// Every issue of generate params, under this client's provider, date and rows.
    pub(crate) fn check_generate(&self, params: &ImageParams) -> Vec<Issue> {
        let today = self.today();
        let rules = Rules {
            provider: self.config.provider,
            today: &today,
            catalog: &self.config.catalog,
        };
        validate(params, Endpoint::Generations, &rules)
    }

    /// `generate`: validate, send, decode.
    pub(crate) async fn generate(&self, params: ImageParams, call: CallOptions) -> Result<JsValue, Failure> {
        let warnings = self.judged(self.check_generate(&params), &call)?;
        let body = Body::Json(params.to_json_body(json_text));
        let outcome = Outcome {
            warnings: &warnings,
            model: self.model_of(&params),
        };
        self.send_and_read(Endpoint::Generations, BodyKind::Json, &body, &call, &outcome)
            .await
    }

    /// `edit` and `createVariation`: read the files' headers, validate everything, send the
    /// caller's own Blobs as multipart, decode.
    pub(crate) async fn edit(
        &self,
        endpoint: Endpoint,
        params: ImageParams,
        files: EditFiles,
        call: CallOptions,
    ) -> Result<JsValue, Failure> {
        let (found, inputs) = self.check_edit(endpoint, &params, &files).await?;
        let warnings = self.judged(found, &call)?;
        let outcome = Outcome {
            warnings: &warnings,
            model: self.model_of(&params),
        };
        if inputs.by_reference() {
            let body = Body::Json(reference_body(&params, &inputs, json_text));
            return self
                .send_and_read(endpoint, BodyKind::Json, &body, &call, &outcome)
                .await;
        }
        let parts = plan_multipart(&params, &inputs, json_text);
        let form = form_data(&parts, &files).map_err(|e| platform_failure(&e))?;
        self.send_and_read(endpoint, BodyKind::Multipart, &Body::Form(form), &call, &outcome)
            .await
    }

    /// `listModels`: the provider's image models this key can use, merged with the rows. On an
    /// Azure deployment route the configured deployment is the list (nothing is sent).
    pub(crate) async fn list_models(&self, call: CallOptions) -> Result<JsValue, Failure> {
        let today = self.today();
        let listed = match self.config.azure_deployment() {
            Some(deployment) => vec![ListedModel {
                id: deployment.to_owned(),
                shutdown_date: None,
            }],
            None => {
                let plan = |token: Option<&str>| self.config.plan_list_models(token);
                let (response, guard) = self.execute(&plan, &Body::Empty, &call).await?;
                let request_id = header(&response, "x-request-id");
                let mut reader = BodyReader::new(&response, &guard.signal()).map_err(|e| platform_failure(&e))?;
                let body = reader.read_to_limit(MODEL_LIST_LIMIT).await;
                let body = match (body, guard.fired()) {
                    (_, Fired::User) => return Err((ClientError::Aborted, None)),
                    (_, Fired::Timeout) => {
                        let timeout_ms = self.timeout_ms(&call);
                        return Err((ClientError::Timeout { timeout_ms }, None));
                    }
                    (Err(e), Fired::Nothing) => {
                        let message = format!("the model list broke off ({})", describe(&e));
                        return Err((ClientError::Connection(message), Some(e)));
                    }
                    (Ok(body), Fired::Nothing) => body,
                };
                parse_model_list_with(&body, parse_json)
                    .map_err(|message| (ClientError::Decode { message, request_id }, None))?
            }
        };
        let infos = merge(&listed, &self.config.catalog, self.config.provider, &today);
        Ok(crate::web::plain::js_from_json(&ModelInfo::list_to_json(&infos)))
    }

    /// Every issue of an edit or variation, from the params and the files' headers.
    pub(crate) async fn check_edit(
        &self,
        endpoint: Endpoint,
        params: &ImageParams,
        files: &EditFiles,
    ) -> Result<(Vec<Issue>, EditInputs), Failure> {
        let mut inputs = EditInputs {
            image_was_array: files.image_was_array,
            ..EditInputs::default()
        };
        for (i, input) in files.images.iter().enumerate() {
            let read = input.read().await;
            inputs
                .images
                .push(read.map_err(|e| unreadable(&inputs.image_field(i), &e))?);
        }
        if let Some(mask) = &files.mask {
            inputs.mask = Some(mask.read().await.map_err(|e| unreadable("mask", &e))?);
        }
        if let Some(markup) = &files.markup {
            let file = crate::web::files::read_input_file(markup).await;
            inputs.markup = Some(file.map_err(|e| unreadable("markup", &e))?);
        }
        let today = self.today();
        let rules = Rules {
            provider: self.config.provider,
            today: &today,
            catalog: &self.config.catalog,
        };
        let issues = validate_edit(params, &inputs, endpoint, &rules, self.config.max_image_bytes);
        Ok((issues, inputs))
    }

    /// Sends (with retries) and reads the response into a result object.
    async fn send_and_read(
        &self,
        endpoint: Endpoint,
        kind: BodyKind,
        body: &Body,
        call: &CallOptions,
        outcome: &Outcome<'_>,
    ) -> Result<JsValue, Failure> {
        let plan = |token: Option<&str>| self.config.plan_request(endpoint, kind, token);
        let provider = self.config.provider;
        let (response, guard) = self.execute(&plan, body, call).await.map_err(|(error, cause)| {
            (
                error.with_retirement(outcome.model.as_ref(), provider, &self.today()),
                cause,
            )
        })?;
        let request_id = header(&response, "x-request-id");
        let is_event_stream =
            header(&response, "content-type").is_some_and(|t| t.trim_start().starts_with("text/event-stream"));
        let mut images = ImageBuilder::new(&self.urls);
        let mut sink = BlobSink::for_body(content_length(&response));
        let read = BodyRead {
            response: &response,
            guard: &guard,
            call,
            timeout_ms: self.timeout_ms(call),
            request_id: request_id.clone(),
        };
        // Providers that ignore `stream: true` answer JSON: the body is read as what arrives.
        let decoded = match is_event_stream {
            true => read.stream(&mut sink, &mut images).await?,
            false => read.json(&mut sink).await?,
        };
        let cost = match (&outcome.model, &decoded.usage) {
            (Some(model), Some(usage)) => usage_cost(model, usage),
            _ => None,
        };
        let extras = ResultExtras {
            request_id: request_id.as_deref(),
            warnings: outcome.warnings,
            cost,
        };
        images.result(&decoded, &mut sink, &extras).map_err(|e| {
            (
                ClientError::Decode {
                    message: describe(&e),
                    request_id,
                },
                Some(e),
            )
        })
    }

    /// Sends with retries until a 2xx response (returned with the guard that still times its body).
    pub(crate) async fn execute(
        &self,
        plan: &dyn Fn(Option<&str>) -> RequestPlan,
        body: &Body,
        call: &CallOptions,
    ) -> Result<(Response, AbortGuard), Failure> {
        let timeout_ms = self.timeout_ms(call);
        let max_retries = call.max_retries.unwrap_or(self.config.max_retries);
        let signal = call.signal.as_ref();
        let mut retries_done = 0;
        loop {
            // A signal whose getter throws fails in the guard below, as the platform failure it is.
            if signal.is_some_and(|s| signal_aborted(s).unwrap_or(false)) {
                return Err((ClientError::Aborted, None));
            }
            let token = self.bearer_token().await?;
            let plan = plan(token.as_deref());
            let guard = AbortGuard::new(signal, timeout_ms).map_err(|e| platform_failure(&e))?;

            let mut retry_headers: [Option<String>; 3] = Default::default();
            let (failed, failure) = match send(&plan, body, &guard.signal()).await {
                Ok(response) if response.type_() == ResponseType::Opaqueredirect => {
                    let message = "the server answered with a redirect, which is refused so the key is not forwarded";
                    return Err((ClientError::Connection(message.into()), None));
                }
                Ok(response) if response.ok() => return Ok((response, guard)),
                Ok(response) => {
                    let failure = self.api_failure(&response, &guard, timeout_ms).await;
                    let kind = match &failure.0 {
                        ClientError::Aborted => return Err(failure),
                        ClientError::Api { info, .. } => info.kind,
                        other => other.kind(),
                    };
                    retry_headers = ["retry-after-ms", "retry-after", "x-should-retry"].map(|n| header(&response, n));
                    (Failed::Status(response.status(), kind), failure)
                }
                Err(cause) => match guard.fired() {
                    Fired::User => return Err((ClientError::Aborted, None)),
                    Fired::Timeout => (Failed::TimedOut, (ClientError::Timeout { timeout_ms }, Some(cause))),
                    Fired::Nothing => (
                        Failed::Connection,
                        (ClientError::Connection(describe(&cause)), Some(cause)),
                    ),
                },
            };
            drop(guard);
            let [retry_after_ms, retry_after, should_retry] = &retry_headers;
            let outcome = match failed {
                Failed::Status(status, kind) => AttemptOutcome::Response {
                    status,
                    kind,
                    headers: RetryHeaders {
                        retry_after_ms: retry_after_ms.as_deref(),
                        retry_after: retry_after.as_deref(),
                        should_retry: should_retry.as_deref(),
                    },
                },
                Failed::TimedOut => AttemptOutcome::TimedOut,
                Failed::Connection => AttemptOutcome::ConnectionFailed,
            };
            if !self
                .wait_before_retry(retries_done, max_retries, &outcome, signal)
                .await?
            {
                return Err(failure);
            }
            retries_done += 1;
        }
    }

    /// Sleeps before the next attempt when the policy allows one; Ok(false) when it does not.
    async fn wait_before_retry(
        &self,
        retries_done: u32,
        max_retries: u32,
        outcome: &AttemptOutcome<'_>,
        signal: Option<&AbortSignal>,
    ) -> Result<bool, Failure> {
        let now = js_sys::Date::now();
        let Some(delay) = next_retry(retries_done, max_retries, outcome, now, js_sys::Math::random()) else {
            return Ok(false);
        };
        match sleep(delay, signal).await {
            Ok(false) => Ok(true),
            Ok(true) => Err((ClientError::Aborted, None)),
            Err(e) => Err(platform_failure(&e)),
        }
    }

    /// Reads and classifies an error response.
    async fn api_failure(&self, response: &Response, guard: &AbortGuard, timeout_ms: u64) -> Failure {
        let request_id = header(response, "x-request-id");
        let body = match BodyReader::new(response, &guard.signal()) {
            Ok(mut reader) => reader.read_to_limit(ERROR_BODY_LIMIT).await,
            Err(e) => Err(e),
        };
        match (body, guard.fired()) {
            (_, Fired::User) => (ClientError::Aborted, None),
            (_, Fired::Timeout) => (ClientError::Timeout { timeout_ms }, None),
            // A body that failed to arrive still has a status worth reporting.
            (body, Fired::Nothing) => {
                let info = classify_error_with(response.status(), &body.unwrap_or_default(), parse_json);
                (ClientError::Api { info, request_id }, None)
            }
        }
    }

    /// Asks the caller's Azure token provider for a bearer token (per attempt: tokens expire).
    async fn bearer_token(&self) -> Result<Option<String>, Failure> {
        let Some(provider) = &self.token_provider else {
            return Ok(None);
        };
        let fail = |e: JsValue| (ClientError::TokenProvider(describe(&e)), Some(e));
        let value = provider.call0(&JsValue::UNDEFINED).map_err(fail)?;
        let token = JsFuture::from(Promise::resolve(&value)).await.map_err(fail)?;
        match token.as_string().filter(|t| !t.trim().is_empty()) {
            Some(token) => Ok(Some(token)),
            None => Err((
                ClientError::TokenProvider("it did not resolve to a non-empty string".into()),
                None,
            )),
        }
    }
}

/// What reading a body hands on.
enum BodyEvent<'a> {
    /// The next piece of the body.
    Bytes(&'a [u8]),
    /// The body arrives slower than it is decoded: a moment to do work that would otherwise wait
    /// for the end.
    Waiting,
}

/// Reading one 2xx body, under the attempt's abort guard.
struct BodyRead<'a> {
    response: &'a Response,
    guard: &'a AbortGuard,
    call: &'a CallOptions,
    timeout_ms: u64,
    request_id: Option<String>,
}

impl BodyRead<'_> {
    /// Reads the body chunk by chunk, handing each to `on_chunk`, reporting progress; before a read
    /// that is likely to wait on the network, `on_chunk` gets `Waiting`.
    async fn each_chunk(
        &self,
        on_chunk: &mut dyn FnMut(BodyEvent<'_>) -> Result<(), DecodeFailure>,
    ) -> Result<(), Failure> {
        let mut reader = BodyReader::new(self.response, &self.guard.signal()).map_err(|e| platform_failure(&e))?;
        loop {
            if reader.waits_on_network() {
                on_chunk(BodyEvent::Waiting).map_err(|f| self.failure(f))?;
            }
            let chunk = match reader.next().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => return Ok(()),
                Err(e) => return Err((self.read_error(&e), Some(e))),
            };
            if let Err(failure) = on_chunk(BodyEvent::Bytes(chunk)) {
                reader.cancel();
                return Err(self.failure(failure));
            }
            report_progress(self.call.on_progress.as_ref(), reader.loaded, reader.length);
        }
    }

    /// Why the body stopped arriving: the caller, the timeout, or the network.
    fn read_error(&self, e: &JsValue) -> ClientError {
        match self.guard.fired() {
            Fired::User => ClientError::Aborted,
            Fired::Timeout => ClientError::Timeout {
                timeout_ms: self.timeout_ms,
            },
            Fired::Nothing => ClientError::Connection(format!(
                "the connection broke while the response was downloading ({})",
                describe(e)
            )),
        }
    }

    fn failure(&self, failure: DecodeFailure) -> Failure {
        (
            decode_failure(failure, self.response.status(), self.request_id.clone()),
            None,
        )
    }

    /// An `ImagesResponse` JSON body.
    async fn json(&self, sink: &mut BlobSink) -> Result<DecodedResponse, Failure> {
        let mut decoder = ResponseDecoder::with_parser(parse_json);
        self.each_chunk(&mut |event| match event {
            BodyEvent::Bytes(chunk) => decoder.feed(chunk, sink),
            BodyEvent::Waiting => {
                sink.fold_stage();
                Ok(())
            }
        })
        .await?;
        decoder.finish().map_err(|f| self.failure(f))
    }

    /// A `text/event-stream` body: partial images go to `onPartialImage` as they arrive; the
    /// `completed` events make the result.
    async fn stream(&self, sink: &mut BlobSink, images: &mut ImageBuilder) -> Result<DecodedResponse, Failure> {
        let mut decoder = SseDecoder::with_parser(parse_json);
        let mut events = Vec::new();
        let mut collected = StreamCollector::default();
        self.each_chunk(&mut |event| {
            let BodyEvent::Bytes(chunk) = event else {
                sink.fold_stage();
                return Ok(());
            };
            events.extend(decoder.feed(chunk, sink)?);
            // Partial images are handed over as soon as their event ends.
            for event in events.drain(..) {
                collected.accept(event, sink, images, self.call.on_partial_image.as_ref())?;
            }
            Ok(())
        })
        .await?;
        if let Some(last) = decoder.finish().map_err(|f| self.failure(f))? {
            collected
                .accept(last, sink, images, self.call.on_partial_image.as_ref())
                .map_err(|f| self.failure(f))?;
        }
        let finished = collected.result.finish();
        let finished = finished.map_err(|error| self.failure(DecodeFailure::ApiError(error)))?;
        finished.ok_or_else(|| {
            (
                ClientError::StreamIncomplete("the stream ended without its completed event".into()),
                None,
            )
        })
    }
}

/// What a stream has delivered so far.
#[derive(Debug, Default)]
struct StreamCollector {
    result: StreamResult,
}

impl StreamCollector {
    fn accept(
        &mut self,
        event: StreamEvent,
        sink: &mut BlobSink,
        images: &mut ImageBuilder,
        on_partial_image: Option<&Function>,
    ) -> Result<(), DecodeFailure> {
        match event {
            StreamEvent::PartialImage {
                event_type,
                partial_image_index,
                image,
                ..
            } => {
                // Nobody asked for partial images: no Blob, no object URL to leak.
                let Some(callback) = on_partial_image else {
                    sink.discard(image.index);
                    return Ok(());
                };
                let js_image = images
                    .decoded_image(&image, None, sink)
                    .map_err(|e| DecodeFailure::Malformed(describe(&e)))?;
                let event = js_sys::Object::new();
                crate::web::js::set(&event, "type", &JsValue::from_str(&event_type));
                let index = partial_image_index.map_or(JsValue::UNDEFINED, |i| JsValue::from(i as f64));
                crate::web::js::set(&event, "partial_image_index", &index);
                crate::web::js::set(&event, "image", &js_image);
                // A throwing callback must not break the stream.
                let _ = callback.call1(&JsValue::UNDEFINED, &event);
            }
            StreamEvent::Completed { image, fields, .. } => self.result.completed(image, fields),
            StreamEvent::Error(error) => self.result.error(error),
        }
        Ok(())
    }
}

fn decode_failure(failure: DecodeFailure, status: u16, request_id: Option<String>) -> ClientError {
    match failure {
        DecodeFailure::ApiError(error) => ClientError::Api {
            info: classify_error_value(status, &error),
            request_id,
        },
        DecodeFailure::NoImages => ClientError::Decode {
            message: "the API returned no images (an empty data array)".into(),
            request_id,
        },
        DecodeFailure::Malformed(message) => ClientError::Decode { message, request_id },
    }
}

/// A file that could not be read (a `File` whose disk file was deleted or changed since it was
/// picked): the caller's input, not the network, so a validation issue naming the field.
fn unreadable(field: &str, e: &JsValue) -> Failure {
    let message = format!(
        "{field} could not be read ({}): the file may have been moved, deleted or changed since it was picked",
        describe(e)
    );
    let issue = Issue::error(field.to_owned(), "file_unreadable", message);
    (ClientError::Validation(vec![issue]), Some(e.clone()))
}

/// A missing platform feature (no AbortController, no streams): reported, never a panic.
fn platform_failure(e: &JsValue) -> Failure {
    (
        ClientError::Connection(format!("the browser could not run the request: {}", describe(e))),
        Some(e.clone()),
    )
}

fn report_progress(callback: Option<&Function>, loaded: u64, total: Option<u64>) {
    let Some(callback) = callback else { return };
    let event = js_sys::Object::new();
    crate::web::js::set(&event, "loaded", &JsValue::from(loaded as f64));
    crate::web::js::set(
        &event,
        "total",
        &total.map_or(JsValue::UNDEFINED, |t| JsValue::from(t as f64)),
    );
    // A throwing progress callback must not break the download.
    let _ = callback.call1(&JsValue::UNDEFINED, &event);
}
