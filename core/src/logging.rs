//! Log records handed to a sink the app owns (a foreign `Logger` in taolight-ffi, for example).
//!
//! The core logs through the `log` crate, as smoldot and jsonrpsee already do, so one sink sees
//! all three: connections and the chain they reached, reconnections, metadata fetched or read
//! from the cache, runtime upgrades, transactions submitted and how they ended.
//!
//! Nothing secret is ever logged: phrases, seeds, passwords and private keys never reach a log
//! call (the binding tests run whole stories at `Trace` and scan every record for the secrets
//! they used). Accounts appear as SS58 addresses and transactions as hashes.
//!
//! A process has one `log` logger. [`set_log_sink`] installs taolight's on first use and then
//! only swaps the sink; if the app's Rust side installed a logger of its own first, that one
//! keeps receiving the records and [`set_log_sink`] says so.

use std::cell::Cell;
use std::sync::{Arc, OnceLock, RwLock};

pub use log::{Level, LevelFilter};

/// Where log records go: implemented by the fronts (a foreign callback, the console, ...).
/// Called on whatever thread logged, possibly concurrently; keep it short and non-blocking.
pub trait LogSink: Send + Sync {
    /// One record: its level, its source (`taolight::chain`, `smoldot`, `jsonrpsee_client`, ...)
    /// and its text.
    fn log(&self, level: Level, target: &str, message: &str);
}

/// The logger could not be installed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoggingError {
    /// Another `log` logger was installed in this process before taolight's.
    #[error("another logger is already installed in this process: taolight's records go to it")]
    OtherLogger,
}

static SINK: RwLock<Option<Arc<dyn LogSink>>> = RwLock::new(None);
static INSTALLED: OnceLock<Result<(), LoggingError>> = OnceLock::new();

thread_local! {
    // Set while a sink runs on this thread: a sink that logs itself (or calls back into the
    // core, which logs) must not recurse forever.
    static IN_SINK: Cell<bool> = const { Cell::new(false) };
}

struct Forward;

impl log::Log for Forward {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.level() <= log::max_level()
    }

    fn log(&self, record: &log::Record) {
        if !self.enabled(record.metadata()) || IN_SINK.with(Cell::get) {
            return;
        }
        let Some(sink) = SINK.read().ok().and_then(|s| s.clone()) else { return };
        IN_SINK.with(|f| f.set(true));
        sink.log(record.level(), record.target(), &record.args().to_string());
        IN_SINK.with(|f| f.set(false));
    }

    fn flush(&self) {}
}

static FORWARD: Forward = Forward;

/// Sends the records at `max_level` and more severe to `sink` (replacing any previous sink);
/// `None` stops forwarding. Errors only when another logger owns the process.
pub fn set_log_sink(sink: Option<Arc<dyn LogSink>>, max_level: LevelFilter) -> Result<(), LoggingError> {
    INSTALLED
        .get_or_init(|| log::set_logger(&FORWARD).map_err(|_| LoggingError::OtherLogger))
        .clone()?;
    let on = sink.is_some();
    match SINK.write() {
        Ok(mut s) => *s = sink,
        Err(poisoned) => *poisoned.into_inner() = sink,
    }
    log::set_max_level(if on { max_level } else { LevelFilter::Off });
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    #[derive(Default)]
    struct Collect(Mutex<Vec<(Level, String, String)>>);

    impl LogSink for Collect {
        fn log(&self, level: Level, target: &str, message: &str) {
            self.0.lock().unwrap().push((level, target.to_owned(), message.to_owned()));
            // A sink that logs must not recurse.
            log::error!("from inside the sink");
        }
    }

    // One test: the logger is process-wide.
    #[test]
    fn records_reach_the_sink_at_its_level_and_stop_when_removed() {
        let sink = Arc::new(Collect::default());
        set_log_sink(Some(sink.clone()), LevelFilter::Info).unwrap();
        log::info!(target: "taolight::test", "one {}", 1);
        log::debug!(target: "taolight::test", "below the level");
        set_log_sink(Some(sink.clone()), LevelFilter::Debug).unwrap();
        log::debug!(target: "taolight::test", "now seen");
        set_log_sink(None, LevelFilter::Trace).unwrap();
        log::error!(target: "taolight::test", "after removal");
        let got = sink.0.lock().unwrap().clone();
        assert_eq!(
            got,
            vec![
                (Level::Info, "taolight::test".to_owned(), "one 1".to_owned()),
                (Level::Debug, "taolight::test".to_owned(), "now seen".to_owned()),
            ]
        );
    }
}
