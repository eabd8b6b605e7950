//! The app's [`Logger`]: receives the log records of the core, smoldot and jsonrpsee (the
//! core's `taolight::logging`); records never hold secrets.

use std::sync::Arc;

use taolight::logging as core_log;

use crate::error::Result;

/// Severity of a record, most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum LogLevel {
    /// Something failed.
    Error,
    /// Something went wrong and was handled (a reconnection, a refused node).
    Warn,
    /// What a run did: connections, metadata, transactions.
    Info,
    /// Details.
    Debug,
    /// Everything, JSON-RPC traffic included.
    Trace,
}

/// One log record.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LogRecord {
    /// Its severity.
    pub level: LogLevel,
    /// Its source: `taolight::chain`, `taolight::tx`, `smoldot`, `jsonrpsee_client`, ...
    pub target: String,
    /// Its text.
    pub message: String,
}

/// Implemented by the app to receive log records. Called on Rust threads, possibly at the same
/// time from several; keep it short and do not block.
#[uniffi::export(with_foreign)]
pub trait Logger: Send + Sync {
    /// One record.
    fn log(&self, record: LogRecord);
}

struct Sink(Arc<dyn Logger>);

impl core_log::LogSink for Sink {
    fn log(&self, level: core_log::Level, target: &str, message: &str) {
        let level = match level {
            core_log::Level::Error => LogLevel::Error,
            core_log::Level::Warn => LogLevel::Warn,
            core_log::Level::Info => LogLevel::Info,
            core_log::Level::Debug => LogLevel::Debug,
            core_log::Level::Trace => LogLevel::Trace,
        };
        self.0.log(LogRecord { level, target: target.to_owned(), message: message.to_owned() });
    }
}

/// Sends the records at `max_level` and more severe to `logger` (replacing a previous one);
/// null/None stops logging. Fails only when another Rust logger owns the process.
#[uniffi::export]
pub fn set_logger(logger: Option<Arc<dyn Logger>>, max_level: LogLevel) -> Result<()> {
    let max = match max_level {
        LogLevel::Error => core_log::LevelFilter::Error,
        LogLevel::Warn => core_log::LevelFilter::Warn,
        LogLevel::Info => core_log::LevelFilter::Info,
        LogLevel::Debug => core_log::LevelFilter::Debug,
        LogLevel::Trace => core_log::LevelFilter::Trace,
    };
    let sink = logger.map(|l| Arc::new(Sink(l)) as Arc<dyn core_log::LogSink>);
    Ok(core_log::set_log_sink(sink, max)?)
}
