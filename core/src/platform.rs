//! The few runtime services the chain client needs: spawning a background task, sleeping, and
//! bounding a future with a timeout.
//!
//! Natively these are tokio's (the client must run inside a tokio runtime, as before). On
//! wasm32 they run on the host's event loop: tasks through `wasm-bindgen-futures` (the
//! browser's or Node's microtask queue) and timers through `futures-timer` (`setTimeout`), as
//! the RPC layer itself does there. Everything else the client uses (`tokio::sync` channels and
//! locks, `futures`) works unchanged on both.

use std::future::Future;
use std::time::Duration;

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use super::*;

    /// Stops a spawned task.
    pub(crate) type AbortHandle = tokio::task::AbortHandle;

    /// Runs `task` in the background (on the current tokio runtime; panics outside one, like
    /// `tokio::spawn`).
    pub(crate) fn spawn<F>(task: F) -> AbortHandle
    where
        F: Future<Output = ()> + Send + 'static,
    {
        tokio::spawn(task).abort_handle()
    }

    /// Runs `task` in the background when a runtime is there to run it (a value dropped after
    /// its runtime ended has none); otherwise does nothing.
    pub(crate) fn spawn_detached<F>(task: F)
    where
        F: Future<Output = ()> + Send + 'static,
    {
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            rt.spawn(task);
        }
    }

    /// Waits for `duration`.
    pub(crate) async fn sleep(duration: Duration) {
        tokio::time::sleep(duration).await
    }

    /// `fut`'s output, or `Err` once `duration` has passed first.
    pub(crate) async fn timeout<F: Future>(
        duration: Duration,
        fut: F,
    ) -> Result<F::Output, Elapsed> {
        tokio::time::timeout(duration, fut).await.map_err(|_| Elapsed)
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use super::*;
    use futures::future::{self, Either};

    /// Stops a spawned task.
    pub(crate) struct AbortHandle(future::AbortHandle);

    impl AbortHandle {
        /// Stops the task: it is dropped the next time the event loop would poll it.
        pub(crate) fn abort(&self) {
            self.0.abort();
        }
    }

    /// Runs `task` in the background on the host's event loop.
    pub(crate) fn spawn<F>(task: F) -> AbortHandle
    where
        F: Future<Output = ()> + 'static,
    {
        let (task, handle) = future::abortable(task);
        wasm_bindgen_futures::spawn_local(async move {
            let _aborted = task.await;
        });
        AbortHandle(handle)
    }

    /// Runs `task` in the background; the event loop is always there on wasm.
    pub(crate) fn spawn_detached<F>(task: F)
    where
        F: Future<Output = ()> + 'static,
    {
        wasm_bindgen_futures::spawn_local(task);
    }

    /// Waits for `duration` (a `setTimeout`).
    pub(crate) async fn sleep(duration: Duration) {
        futures_timer::Delay::new(duration).await
    }

    /// `fut`'s output, or `Err` once `duration` has passed first.
    pub(crate) async fn timeout<F: Future>(
        duration: Duration,
        fut: F,
    ) -> Result<F::Output, Elapsed> {
        let fut = std::pin::pin!(fut);
        match future::select(fut, futures_timer::Delay::new(duration)).await {
            Either::Left((out, _)) => Ok(out),
            Either::Right(((), _)) => Err(Elapsed),
        }
    }
}

pub(crate) use imp::{sleep, spawn, spawn_detached, timeout, AbortHandle};

/// A [`timeout`] ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Elapsed;
