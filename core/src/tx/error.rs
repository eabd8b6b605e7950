//! Errors of transaction building, signing, submission and dispatch.

use crate::chain::ChainError;
use crate::ErrorKind;

/// Why building, submitting or executing a transaction failed. Composed into
/// [`crate::Error`] as `Error::Tx`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TxError {
    /// The runtime has no such pallet, call or feature (read from its metadata).
    #[error("not supported by this runtime: {0}")]
    NotSupportedByRuntime(String),
    /// An argument could not be encoded as the type the runtime expects.
    #[error("argument `{arg}` of {call}: {reason}")]
    BadArgument {
        /// The call (`Pallet.call`), or the extension's identifier.
        call: String,
        /// The argument's name.
        arg: String,
        /// Why the value does not fit the type.
        reason: String,
    },
    /// The call needs an argument that was not given.
    #[error("{call} needs the argument `{arg}`")]
    MissingArgument {
        /// The call (`Pallet.call`).
        call: String,
        /// The argument's name.
        arg: String,
    },
    /// An argument was given that the call does not take.
    #[error("{call} takes no argument `{arg}` (it takes: {expected})")]
    UnknownArgument {
        /// The call (`Pallet.call`).
        call: String,
        /// The argument given.
        arg: String,
        /// The arguments it takes, comma-separated.
        expected: String,
    },
    /// A transaction extension carries data this library cannot fill in.
    #[error("transaction extension {0} carries data taolight does not know how to fill in")]
    UnsupportedExtension(String),
    /// The mortality period is not usable.
    #[error("invalid mortality period {0}: expected 4..=65536")]
    InvalidEra(u64),
    /// Bytes that should be an extrinsic, a call, events or a payload could not be decoded.
    #[error("cannot decode {what}: {reason}")]
    Decode {
        /// What was being decoded.
        what: String,
        /// Why it failed.
        reason: String,
    },
    /// The RFC-0078 metadata hash could not be computed from this metadata.
    #[error("cannot compute the metadata hash: {0}")]
    MetadataHash(String),
    /// A signature does not verify or does not fit the payload.
    #[error("bad signature: {0}")]
    BadSignature(String),
    /// The transaction pool rejected the transaction (stale nonce, bad proof, cannot pay, or a
    /// subtensor check such as `HotKeyNotRegisteredInNetwork`).
    #[error("transaction rejected by the node: {reason}")]
    Invalid {
        /// The node's reason.
        reason: String,
    },
    /// The transaction left the pool without being included.
    #[error("transaction dropped: {0}")]
    Dropped(String),
    /// The transaction was included but its dispatch failed with a pallet error.
    #[error("{pallet}::{error}{}", docs_suffix(.docs))]
    Dispatch {
        /// The pallet whose error it is (`SubtensorModule`).
        pallet: String,
        /// The error's name (`NotEnoughBalanceToStake`).
        error: String,
        /// The error's documentation from the metadata (may be empty).
        docs: String,
    },
    /// The transaction was included but its dispatch failed (not a pallet error: bad origin,
    /// arithmetic, token or transactional errors).
    #[error("dispatch failed: {0}")]
    DispatchOther(String),
    /// The chain client failed (network, node, timeout).
    #[error(transparent)]
    Chain(#[from] ChainError),
}

fn docs_suffix(docs: &str) -> String {
    if docs.is_empty() {
        String::new()
    } else {
        format!(": {docs}")
    }
}

impl TxError {
    /// A stable, machine-readable code (prefixed with `tx.` in [`crate::Error::code`]).
    pub fn code(&self) -> String {
        match self {
            TxError::NotSupportedByRuntime(_) => "not_supported_by_runtime".into(),
            TxError::BadArgument { .. } => "bad_argument".into(),
            TxError::MissingArgument { .. } => "missing_argument".into(),
            TxError::UnknownArgument { .. } => "unknown_argument".into(),
            TxError::UnsupportedExtension(_) => "unsupported_extension".into(),
            TxError::InvalidEra(_) => "invalid_era".into(),
            TxError::Decode { .. } => "decode".into(),
            TxError::MetadataHash(_) => "metadata_hash".into(),
            TxError::BadSignature(_) => "bad_signature".into(),
            TxError::Invalid { .. } => "invalid".into(),
            TxError::Dropped(_) => "dropped".into(),
            TxError::Dispatch { .. } => "dispatch".into(),
            TxError::DispatchOther(_) => "dispatch".into(),
            TxError::Chain(e) => format!("chain.{}", e.code()),
        }
    }

    /// The coarse kind: what the caller built wrong is bad input; what the chain refused is a
    /// chain error; the rest comes from the chain client.
    pub fn kind(&self) -> ErrorKind {
        match self {
            TxError::Invalid { .. }
            | TxError::Dropped(_)
            | TxError::Dispatch { .. }
            | TxError::DispatchOther(_) => ErrorKind::Chain,
            TxError::Chain(e) => e.kind(),
            _ => ErrorKind::BadInput,
        }
    }

    pub(crate) fn decode(what: &str, e: impl std::fmt::Display) -> Self {
        TxError::Decode {
            what: what.to_string(),
            reason: e.to_string(),
        }
    }
}
