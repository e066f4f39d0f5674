//! One `AbortSignal` per attempt that fires on the caller's signal or on the timeout, and remembers
//! which one fired so the error can say so.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

use crate::web::js::{clear_timeout, set_timeout, signal_aborted};

/// What ended the attempt early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fired {
    Nothing,
    User,
    Timeout,
}

/// Aborts its signal when the caller's signal aborts or `timeout_ms` passes. Dropping it clears
/// the timer and the listener.
pub(crate) struct AbortGuard {
    controller: AbortController,
    fired: Rc<Cell<Fired>>,
    timer: JsValue,
    _on_timeout: Closure<dyn FnMut()>,
    user: Option<(AbortSignal, Closure<dyn FnMut()>)>,
}

impl std::fmt::Debug for AbortGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AbortGuard").field("fired", &self.fired.get()).finish()
    }
}

impl AbortGuard {
    /// Arms the guard. Fails only if the platform lacks `AbortController`.
    pub(crate) fn new(user_signal: Option<&AbortSignal>, timeout_ms: u64) -> Result<AbortGuard, JsValue> {
        let controller = AbortController::new()?;
        let fired = Rc::new(Cell::new(Fired::Nothing));

        let on_timeout = {
            let (controller, fired) = (controller.clone(), fired.clone());
            Closure::<dyn FnMut()>::new(move || {
                if fired.get() == Fired::Nothing {
                    fired.set(Fired::Timeout);
                    controller.abort();
                }
            })
        };
        // setTimeout takes at most 2^31-1 ms.
        let timer = set_timeout(
            on_timeout.as_ref().unchecked_ref(),
            timeout_ms.min(2_147_483_647) as f64,
        );

        let user = match user_signal {
            None => None,
            Some(signal) => {
                let on_abort = {
                    let (controller, fired) = (controller.clone(), fired.clone());
                    Closure::<dyn FnMut()>::new(move || {
                        if fired.get() == Fired::Nothing {
                            fired.set(Fired::User);
                            controller.abort();
                        }
                    })
                };
                signal.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref())?;
                if signal_aborted(signal)? {
                    fired.set(Fired::User);
                    controller.abort();
                }
                Some((signal.clone(), on_abort))
            }
        };
        Ok(AbortGuard {
            controller,
            fired,
            timer,
            _on_timeout: on_timeout,
            user,
        })
    }

    /// The combined signal, for `fetch` and body reads.
    pub(crate) fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    /// What fired, if anything.
    pub(crate) fn fired(&self) -> Fired {
        self.fired.get()
    }

    /// Resolves when the guard fires (used as an abortable sleep: a guard whose timeout is the delay).
    pub(crate) async fn until_fired(&self) {
        if self.fired() != Fired::Nothing {
            return;
        }
        let _ = JsFuture::from(abort_event(&self.signal())).await;
    }
}

/// Resolves (with the event) when `signal` aborts after now; never settles otherwise. The promise's
/// own resolve function is the listener, so there is no Rust closure to free.
pub(crate) fn abort_event(signal: &AbortSignal) -> js_sys::Promise {
    js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = signal.add_event_listener_with_callback("abort", &resolve);
    })
}

impl Drop for AbortGuard {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let Some((signal, on_abort)) = &self.user {
            let _ = signal.remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        }
    }
}

/// Waits `ms`, or less if the caller aborts. Returns whether the caller aborted.
pub(crate) async fn sleep(ms: u64, user_signal: Option<&AbortSignal>) -> Result<bool, JsValue> {
    let guard = AbortGuard::new(user_signal, ms)?;
    guard.until_fired().await;
    Ok(guard.fired() == Fired::User)
}
