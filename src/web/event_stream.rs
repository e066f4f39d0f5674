//! `generateStream`: a request's events as a `ReadableStream`, so `for await` works.
//!
//! Partial images are enqueued as they arrive, then one `completed` event per final image. Every
//! failure (invalid params included) errors the stream, so the consumer's loop rejects; nothing is
//! thrown synchronously. Cancelling the stream (`break` out of `for await`) aborts the request.
//!
//! Not every engine makes a `ReadableStream` async-iterable (WebKit, i.e. Safari and every iOS
//! browser, does not as of WebKitGTK 2.50): where `Symbol.asyncIterator` is missing, the stream
//! gets its own `values()` and `[Symbol.asyncIterator]()` as the Streams standard defines them
//! (<https://streams.spec.whatwg.org/#rs-asynciterator>), on this instance only; no global is
//! patched.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect, Symbol};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{AbortController, ReadableStream, ReadableStreamDefaultController, ReadableStreamDefaultReader};

use crate::core::issue::Issue;
use crate::core::request::params::ImageParams;
use crate::core::response::client_error::ClientError;
use crate::web::client::{CallOptions, Client};
use crate::web::js::{self, get, set};

/// Starts the request and returns the stream of its events.
pub(crate) fn generate_stream(
    client: Rc<Client>,
    params: Result<ImageParams, Vec<Issue>>,
    call: Result<CallOptions, Vec<Issue>>,
) -> Result<ReadableStream, JsValue> {
    let (stream, controller, abort) = new_stream()?;
    let (mut params, mut call) = match (params.and_then(streaming), call) {
        (Ok(params), Ok(call)) => (params, call),
        (Err(issues), _) | (_, Err(issues)) => {
            controller.error_with_e(&client.js_error((ClientError::Validation(issues), None)));
            return Ok(stream);
        }
    };
    params.set("stream", true.into());
    let follow = FollowAbort::new(&abort, call.signal.take())?;
    call.signal = Some(abort.signal());
    call.on_partial_image = Some(enqueue_partials(&controller, call.on_partial_image.take()));

    spawn_local(async move {
        let outcome = client.generate(params, call).await;
        // The request is over: stop listening to the caller's signal.
        drop(follow);
        match outcome {
            Ok(result) => {
                let images = Array::from(&get(&result, "images"));
                for image in images.iter() {
                    let event = Object::new();
                    set(&event, "type", &JsValue::from_str("image_generation.completed"));
                    set(&event, "image", &image);
                    set(&event, "usage", &get(&result, "usage"));
                    // The whole result, for `requestID` and `revoke()`.
                    set(&event, "result", &result);
                    let _ = controller.enqueue_with_chunk(&event);
                }
                let _ = controller.close();
            }
            Err(failure) => controller.error_with_e(&client.js_error(failure)),
        }
    });
    Ok(stream)
}

/// `stream` must be unset or true: this call streams.
fn streaming(params: ImageParams) -> Result<ImageParams, Vec<Issue>> {
    match params.bool("stream") {
        Some(false) => Err(vec![Issue::error(
            "stream".into(),
            "invalid_value",
            "stream must be true or unset for generateStream (use generate for a single result)".into(),
        )]),
        _ => Ok(params),
    }
}

/// A stream whose controller is captured, and whose `cancel` aborts `abort`.
fn new_stream() -> Result<(ReadableStream, ReadableStreamDefaultController, AbortController), JsValue> {
    let abort = AbortController::new()?;
    let slot: Rc<RefCell<Option<ReadableStreamDefaultController>>> = Rc::default();
    let source = Object::new();
    let start = {
        let slot = slot.clone();
        Closure::once_into_js(move |controller: ReadableStreamDefaultController| {
            slot.replace(Some(controller));
        })
    };
    let cancel = {
        let abort = abort.clone();
        Closure::once_into_js(move || abort.abort())
    };
    set(&source, "start", &start);
    set(&source, "cancel", &cancel);
    // The constructor calls `start` synchronously.
    let stream = ReadableStream::new_with_underlying_source(&source)?;
    make_async_iterable(&stream)?;
    let controller = slot
        .borrow_mut()
        .take()
        .ok_or_else(|| JsValue::from_str("ReadableStream did not start"))?;
    Ok((stream, controller, abort))
}

/// Aborts the stream's own controller when the caller's signal aborts, for as long as it lives:
/// dropping it removes the listener, so a long-lived caller signal collects none.
struct FollowAbort {
    user: Option<(web_sys::AbortSignal, Closure<dyn FnMut()>)>,
}

impl FollowAbort {
    fn new(abort: &AbortController, user: Option<web_sys::AbortSignal>) -> Result<FollowAbort, JsValue> {
        let Some(user) = user else {
            return Ok(FollowAbort { user: None });
        };
        if crate::web::js::signal_aborted(&user)? {
            abort.abort();
            return Ok(FollowAbort { user: None });
        }
        let on_abort = {
            let abort = abort.clone();
            Closure::<dyn FnMut()>::new(move || abort.abort())
        };
        user.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref())?;
        Ok(FollowAbort {
            user: Some((user, on_abort)),
        })
    }
}

impl Drop for FollowAbort {
    fn drop(&mut self) {
        if let Some((user, on_abort)) = &self.user {
            let _ = user.remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        }
    }
}

/// An `onPartialImage` that enqueues each partial event (after calling the caller's own, if any).
fn enqueue_partials(controller: &ReadableStreamDefaultController, user: Option<Function>) -> Function {
    let controller = controller.clone();
    Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
        if let Some(user) = &user {
            let _ = user.call1(&JsValue::UNDEFINED, &event);
        }
        let _ = controller.enqueue_with_chunk(&event);
    })
    .into_js_value()
    .unchecked_into()
}

/// Gives `stream` the standard `values({ preventCancel })` and `[Symbol.asyncIterator]()` when the
/// engine's `ReadableStream` lacks them; does nothing where they exist.
pub(crate) fn make_async_iterable(stream: &ReadableStream) -> Result<(), JsValue> {
    let key = Symbol::async_iterator();
    if Reflect::get(stream, &key)?.is_function() {
        return Ok(());
    }
    let values = {
        let stream = stream.clone();
        Closure::<dyn FnMut(JsValue) -> Result<JsValue, JsValue>>::new(move |options: JsValue| {
            let prevent_cancel = get(&options, "preventCancel").is_truthy();
            stream_iterator(&stream, prevent_cancel)
        })
        .into_js_value()
    };
    Reflect::set(stream, &key, &values)?;
    if !get(stream, "values").is_function() {
        Reflect::set(stream, &JsValue::from_str("values"), &values)?;
    }
    Ok(())
}

/// An async iterator over `stream`'s chunks that holds its reader: `next()` reads, the end or an
/// error releases the lock, and `return()` (leaving a `for await` early) cancels the stream unless
/// `prevent_cancel`. Throws as `getReader()` does when the stream is already locked.
fn stream_iterator(stream: &ReadableStream, prevent_cancel: bool) -> Result<JsValue, JsValue> {
    let reader = Rc::new(RefCell::new(Some(ReadableStreamDefaultReader::new(stream)?)));
    let iterator = Object::new();
    let next = {
        let reader = reader.clone();
        Closure::<dyn FnMut() -> Promise>::new(move || {
            let reader = reader.clone();
            js::promise_of(async move {
                let Some(current) = reader.borrow().clone() else {
                    return Ok(iter_result(JsValue::UNDEFINED, true));
                };
                match JsFuture::from(current.read()).await {
                    Ok(chunk) => {
                        let done = get(&chunk, "done").is_truthy();
                        if done {
                            current.release_lock();
                            reader.replace(None);
                        }
                        Ok(iter_result(get(&chunk, "value"), done))
                    }
                    Err(error) => {
                        current.release_lock();
                        reader.replace(None);
                        Err(error)
                    }
                }
            })
        })
        .into_js_value()
    };
    let finish = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |value: JsValue| {
        let reader = reader.replace(None);
        js::promise_of(async move {
            if let Some(reader) = reader {
                if !prevent_cancel {
                    let cancelled = JsFuture::from(reader.cancel_with_reason(&value)).await;
                    reader.release_lock();
                    cancelled?;
                } else {
                    reader.release_lock();
                }
            }
            Ok(iter_result(value, true))
        })
    })
    .into_js_value();
    set(&iterator, "next", &next);
    set(&iterator, "return", &finish);
    // An async iterator is itself async-iterable (`for await (const e of stream.values())`).
    let itself = {
        let iterator = iterator.clone();
        Closure::<dyn FnMut() -> JsValue>::new(move || iterator.clone().into()).into_js_value()
    };
    Reflect::set(&iterator, &Symbol::async_iterator(), &itself)?;
    Ok(iterator.into())
}

/// `{ value, done }`.
fn iter_result(value: JsValue, done: bool) -> JsValue {
    let result = Object::new();
    set(&result, "value", &value);
    set(&result, "done", &JsValue::from_bool(done));
    result.into()
}
