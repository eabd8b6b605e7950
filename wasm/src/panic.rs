//! A panic, should one happen, reaches JavaScript as a `TaolightError` (code `internal.panic`)
//! and leaves a usable module behind.
//!
//! On wasm32-unknown-unknown a panic aborts: the instance executes `unreachable` and the caller
//! sees a bare `WebAssembly.RuntimeError`, with the instance in whatever state the panic left
//! (a `RefCell` borrowed, the shadow stack not unwound, futures half-polled). Catching panics
//! (`panic = "unwind"` and `catch_unwind`) needs wasm exception handling, which stable Rust does
//! not build for this target (nightly `-Zbuild-std` only). So the instance cannot survive a
//! panic; what wasm-bindgen 0.2.130 offers instead is to replace it:
//!
//! 1. [`start`] installs a panic hook. The hook runs before the abort, so it can still
//!    (a) schedule a re-instantiation (`wasm_bindgen::handler::schedule_reinit`: the next call
//!    of any export builds a fresh `WebAssembly.Instance` from the same module, and objects of the
//!    old instance throw "stale object" instead of touching the new memory), and (b) hand the
//!    panic's message to the package's JavaScript layer, which rejects the Promises then in
//!    flight (their futures died with the instance).
//! 2. The package's entry points (`wasm/js/guard.js`, written into the package by
//!    `wasm/build.sh`) wrap every export: the `RuntimeError` becomes a `TaolightError` with
//!    code `internal.panic` and the recorded message.
//!
//! The message is the panic's own (`panicked at <file>:<line>:<col>: <message>`); taolight's
//! panic messages never carry secrets (the code never formats one into a panic).

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

thread_local! {
    /// The JavaScript layer's `(message) => void`, told of a panic before the instance aborts.
    static HANDLER: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Runs once when the module is instantiated (and again for each re-instantiation).
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(on_panic));
}

fn on_panic(info: &std::panic::PanicHookInfo<'_>) {
    // First, so that even a failure below still leaves a fresh instance for the next call.
    wasm_bindgen::handler::schedule_reinit();
    let message = info.to_string();
    HANDLER.with(|h| {
        // `try_borrow`: a panic while the handler is being replaced must not panic again.
        if let Ok(h) = h.try_borrow() {
            if let Some(f) = h.as_ref() {
                let _ = f.call1(&JsValue::NULL, &JsValue::from(message));
            }
        }
    });
}

/// For the package's JavaScript layer only: the function told of a panic (its message).
#[wasm_bindgen(js_name = __taolightSetPanicHandler, skip_typescript)]
pub fn set_panic_handler(handler: js_sys::Function) {
    HANDLER.with(|h| *h.borrow_mut() = Some(handler));
}

/// Test builds only (cargo feature `test-panic`, never in the shipped package): panics with
/// `message`, synchronously.
#[cfg(feature = "test-panic")]
#[wasm_bindgen(js_name = testPanic, skip_typescript)]
pub fn test_panic(message: String) {
    panic!("{message}");
}

/// Test builds only: a Promise whose future panics with `message` when the event loop polls it.
#[cfg(feature = "test-panic")]
#[wasm_bindgen(js_name = testPanicAsync, skip_typescript)]
pub fn test_panic_async(message: String) -> js_sys::Promise {
    async fn panics(message: String) -> Result<JsValue, JsValue> {
        panic!("{message}")
    }
    wasm_bindgen_futures::future_to_promise(panics(message))
}
