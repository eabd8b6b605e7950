//! Errors of the chain client.

use std::time::Duration;

use crate::ErrorKind;

/// Why a chain operation failed. Composed into [`crate::Error`] as `Error::Chain`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ChainError {
    /// The network name or URL is not one we can connect to.
    #[error("invalid network {0:?}: expected finney, test, local, or a ws:// or wss:// URL")]
    InvalidNetwork(String),
    /// The node could not be reached (refused, DNS, TLS or WebSocket handshake failure).
    #[error("cannot reach the node at {url}: {reason}")]
    Unreachable { url: String, reason: String },
    /// A network call took longer than the configured timeout.
    #[error("{what} timed out after {after:?}")]
    Timeout { what: String, after: Duration },
    /// The connection to the node was lost.
    #[error("connection to the node lost: {0}")]
    Disconnected(String),
    /// The node serves another chain than the one asked for.
    #[error("wrong chain: expected genesis {expected}, the node reports {actual}")]
    WrongChain { expected: String, actual: String },
    /// The node answered with a JSON-RPC error.
    #[error("node error {code}: {message}")]
    Rpc { code: i32, message: String },
    /// The node's answer could not be decoded.
    #[error("cannot decode the node's answer: {0}")]
    Decode(String),
    /// The block is unknown to the node (or no longer available).
    #[error("block {0} is not available")]
    BlockNotAvailable(String),
    /// The node does not offer what the request needs (e.g. the new JSON-RPC API).
    #[error("not supported by the node: {0}")]
    Unsupported(String),
    /// The chain specification given to the light client is malformed or unusable.
    #[error("invalid chain spec: {0}")]
    InvalidChainSpec(String),
}

impl ChainError {
    /// A stable, machine-readable code such as `timeout` (prefixed with `chain.` in
    /// [`crate::Error::code`]).
    pub fn code(&self) -> &'static str {
        match self {
            ChainError::InvalidNetwork(_) => "invalid_network",
            ChainError::Unreachable { .. } => "unreachable",
            ChainError::Timeout { .. } => "timeout",
            ChainError::Disconnected(_) => "disconnected",
            ChainError::WrongChain { .. } => "wrong_chain",
            ChainError::Rpc { .. } => "rpc",
            ChainError::Decode(_) => "decode",
            ChainError::BlockNotAvailable(_) => "block_not_available",
            ChainError::Unsupported(_) => "unsupported",
            ChainError::InvalidChainSpec(_) => "invalid_chain_spec",
        }
    }

    /// The coarse kind: a bad network name or chain spec is bad input; everything else is a
    /// network or node failure.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ChainError::InvalidNetwork(_) | ChainError::InvalidChainSpec(_) => ErrorKind::BadInput,
            _ => ErrorKind::Network,
        }
    }

    pub(crate) fn decode(what: &str, e: impl std::fmt::Display) -> Self {
        ChainError::Decode(format!("{what}: {e}"))
    }
}
