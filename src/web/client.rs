//! The request cycle: plan, send, retry with real waits, decode the body into Blobs.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_net::http::Response;
use js_sys::{Function, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, ResponseType};

use crate::core::api_error::{classify_error, classify_error_value};
use crate::core::client_error::ClientError;
use crate::core::models::Endpoint;
use crate::core::params::ImageParams;
use crate::core::provider::{BodyKind, ClientConfig};
use crate::core::response_decoder::{DecodeFailure, DecodedResponse, ResponseDecoder};
use crate::core::retry::{next_retry, AttemptOutcome, RetryHeaders};
use crate::core::validate::{has_errors, validate};
use crate::web::abort::{sleep, AbortGuard, Fired};
use crate::web::blob_sink::BlobSink;
use crate::web::fetch::{send, Body, BodyReader};
use crate::web::js::describe;
use crate::web::result::{build_result, UrlRegistry};

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
}

/// The client state behind `ImagesClient`.
#[derive(Debug)]
pub(crate) struct Client {
    pub(crate) config: ClientConfig,
    pub(crate) token_provider: Option<Function>,
    pub(crate) urls: Rc<RefCell<UrlRegistry>>,
}

impl Client {
    /// `generate`: validate, send, decode.
    pub(crate) async fn generate(&self, params: ImageParams, call: CallOptions) -> Result<JsValue, Failure> {
        let issues = validate(&params, Endpoint::Generations, self.config.provider);
        if has_errors(&issues) {
            return Err((ClientError::Validation(issues), None));
        }
        let body = Body::Json(params.to_json_body());
        let (response, guard) = self
            .execute(Endpoint::Generations, BodyKind::Json, &body, &call)
            .await?;
        let request_id = response.headers().get("x-request-id");
        let (decoded, sink) = self.decode(&response, &guard, &call, request_id.clone()).await?;
        build_result(&decoded, &sink, request_id.as_deref(), &self.urls).map_err(|e| {
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
    async fn execute(
        &self,
        endpoint: Endpoint,
        kind: BodyKind,
        body: &Body,
        call: &CallOptions,
    ) -> Result<(Response, AbortGuard), Failure> {
        let timeout_ms = call.timeout_ms.unwrap_or(self.config.timeout_ms);
        let max_retries = call.max_retries.unwrap_or(self.config.max_retries);
        let signal = call.signal.as_ref();
        let mut retries_done = 0;
        loop {
            if signal.is_some_and(AbortSignal::aborted) {
                return Err((ClientError::Aborted, None));
            }
            let token = self.bearer_token().await?;
            let plan = self.config.plan_request(endpoint, kind, token.as_deref());
            let guard = AbortGuard::new(signal, timeout_ms).map_err(|e| platform_failure(&e))?;

            let (outcome, failure) = match send(&plan, body, &guard.signal()).await {
                Ok(response) if response.type_() == ResponseType::Opaqueredirect => {
                    let message = "the server answered with a redirect, which is refused so the key is not forwarded";
                    return Err((ClientError::Connection(message.into()), None));
                }
                Ok(response) if response.ok() => return Ok((response, guard)),
                Ok(response) => {
                    let failure = self.api_failure(&response, &guard, timeout_ms).await;
                    if matches!(failure.0, ClientError::Aborted) {
                        return Err(failure);
                    }
                    let headers = response.headers();
                    let (retry_after_ms, retry_after, should_retry) = (
                        headers.get("retry-after-ms"),
                        headers.get("retry-after"),
                        headers.get("x-should-retry"),
                    );
                    let kind = match &failure.0 {
                        ClientError::Api { info, .. } => info.kind,
                        other => other.kind(),
                    };
                    let outcome_headers = RetryHeaders {
                        retry_after_ms: retry_after_ms.as_deref(),
                        retry_after: retry_after.as_deref(),
                        should_retry: should_retry.as_deref(),
                    };
                    let outcome = AttemptOutcome::Response {
                        status: response.status(),
                        kind,
                        headers: outcome_headers,
                    };
                    match self
                        .wait_before_retry(retries_done, max_retries, &outcome, signal)
                        .await?
                    {
                        true => {
                            retries_done += 1;
                            continue;
                        }
                        false => return Err(failure),
                    }
                }
                Err(message) => match guard.fired() {
                    Fired::User => return Err((ClientError::Aborted, None)),
                    Fired::Timeout => (AttemptOutcome::TimedOut, (ClientError::Timeout { timeout_ms }, None)),
                    Fired::Nothing => (
                        AttemptOutcome::ConnectionFailed,
                        (ClientError::Connection(message), None),
                    ),
                },
            };
            drop(guard);
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
        let request_id = response.headers().get("x-request-id");
        let body = match BodyReader::new(response) {
            Ok(mut reader) => reader.read_to_limit(ERROR_BODY_LIMIT).await,
            Err(e) => Err(e),
        };
        match (body, guard.fired()) {
            (_, Fired::User) => (ClientError::Aborted, None),
            (_, Fired::Timeout) => (ClientError::Timeout { timeout_ms }, None),
            // A body that failed to arrive still has a status worth reporting.
            (body, Fired::Nothing) => {
                let info = classify_error(response.status(), &body.unwrap_or_default());
                (ClientError::Api { info, request_id }, None)
            }
        }
    }

    /// Streams a 2xx body through the decoder into Blob parts.
    async fn decode(
        &self,
        response: &Response,
        guard: &AbortGuard,
        call: &CallOptions,
        request_id: Option<String>,
    ) -> Result<(DecodedResponse, BlobSink), Failure> {
        let total = response
            .headers()
            .get("content-length")
            .and_then(|v| v.parse::<f64>().ok());
        let mut reader = BodyReader::new(response).map_err(|e| platform_failure(&e))?;
        let mut decoder = ResponseDecoder::new();
        let mut sink = BlobSink::default();
        loop {
            let chunk = match reader.next().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(e) => {
                    let error = match guard.fired() {
                        Fired::User => ClientError::Aborted,
                        Fired::Timeout => ClientError::Timeout {
                            timeout_ms: call.timeout_ms.unwrap_or(self.config.timeout_ms),
                        },
                        Fired::Nothing => ClientError::Connection(format!(
                            "the connection broke while the response was downloading ({})",
                            describe(&e)
                        )),
                    };
                    return Err((error, Some(e)));
                }
            };
            if let Err(failure) = decoder.feed(chunk, &mut sink) {
                reader.cancel();
                return Err((decode_failure(failure, response.status(), request_id), None));
            }
            report_progress(call.on_progress.as_ref(), reader.loaded, total);
        }
        decoder
            .finish()
            .map(|decoded| (decoded, sink))
            .map_err(|failure| (decode_failure(failure, response.status(), request_id), None))
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

/// A missing platform feature (no AbortController, no streams): reported, never a panic.
fn platform_failure(e: &JsValue) -> Failure {
    (
        ClientError::Connection(format!("the browser could not run the request: {}", describe(e))),
        Some(e.clone()),
    )
}

fn report_progress(callback: Option<&Function>, loaded: u64, total: Option<f64>) {
    let Some(callback) = callback else { return };
    let event = js_sys::Object::new();
    crate::web::js::set(&event, "loaded", &JsValue::from(loaded as f64));
    crate::web::js::set(&event, "total", &total.map_or(JsValue::UNDEFINED, JsValue::from));
    // A throwing progress callback must not break the download.
    let _ = callback.call1(&JsValue::UNDEFINED, &event);
}
