//! Progress of a submitted transaction, handed to an app-owned listener (a foreign callback):
//! the core's `taolight::tx::TxStatus` as a uniffi enum. The waiting itself is the core's
//! `Client::sign_and_submit_watching`; nothing is decided here.

use taolight::tx as core_tx;

/// A state of a submitted transaction, as the node reports it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum TxStatus {
    /// In the pool, waiting for an earlier nonce.
    Future,
    /// Validated and ready in the pool.
    Ready,
    /// Sent to `peers` peers.
    Broadcast { peers: u64 },
    /// In the best block `block` (`0x…`).
    InBlock { block: String },
    /// `block` left the best chain; the transaction is back in the pool.
    Retracted { block: String },
    /// Finalized in `block`.
    Finalized { block: String },
    /// Not finalized in time; may still be.
    FinalityTimeout { block: String },
    /// Replaced by the transaction `by` with the same nonce.
    Usurped { by: String },
    /// Dropped from the pool.
    Dropped,
    /// Became invalid.
    Invalid,
}

impl From<&core_tx::TxStatus> for TxStatus {
    fn from(s: &core_tx::TxStatus) -> Self {
        use core_tx::TxStatus as S;
        match s {
            S::Future => Self::Future,
            S::Ready => Self::Ready,
            S::Broadcast(n) => Self::Broadcast { peers: *n as u64 },
            S::InBlock(b) => Self::InBlock { block: b.to_hex() },
            S::Retracted(b) => Self::Retracted { block: b.to_hex() },
            S::Finalized(b) => Self::Finalized { block: b.to_hex() },
            S::FinalityTimeout(b) => Self::FinalityTimeout { block: b.to_hex() },
            S::Usurped(h) => Self::Usurped { by: format!("0x{}", h.iter().map(|b| format!("{b:02x}")).collect::<String>()) },
            S::Dropped => Self::Dropped,
            S::Invalid => Self::Invalid,
        }
    }
}

/// Implemented by the app (Kotlin, Swift, Python) to show a transaction's progress. Called on a
/// Rust worker thread, once per state, before `sign_and_submit_watching` returns; keep it short.
#[uniffi::export(with_foreign)]
pub trait TxProgressListener: Send + Sync {
    /// One state of the transaction.
    fn on_status(&self, status: TxStatus);
}
