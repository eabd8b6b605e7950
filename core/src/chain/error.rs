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
    Unreachable {
        /// The URL tried.
        url: String,
        /// What failed, as the transport reported it.
        reason: String,
    },
    /// A network call took longer than the configured timeout.
    #[error("{what} timed out after {after:?}")]
    Timeout {
        /// The operation that timed out.
        what: String,
        /// The timeout that elapsed.
        after: Duration,
    },
    /// The connection to the node was lost.
    #[error("connection to the node lost: {0}")]
    Disconnected(String),
    /// The node serves another chain than the one asked for.
    #[error("wrong chain: expected genesis {expected}, the node reports {actual}")]
    WrongChain {
        /// The genesis hash asked for (hex).
        expected: String,
        /// The node's genesis hash (hex).
        actual: String,
    },
    /// The node answered with a JSON-RPC error.
    #[error("node error {code}: {message}")]
    Rpc {
        /// The JSON-RPC error code.
        code: i32,
        /// The node's error message.
        message: String,
    },
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
    /// A trust level other than `light`, `verified` or `trusted`.
    #[error("invalid trust level {0:?}: expected light, verified or trusted")]
    InvalidTrust(String),
    /// A checkpoint (finalized header and GRANDPA authority set) is malformed or inconsistent.
    #[error("invalid checkpoint: {0}")]
    InvalidCheckpoint(String),
    /// A block hash given by the caller is not `0x` and 64 hex digits.
    #[error("invalid block hash: {0}")]
    InvalidBlockHash(String),
    /// A storage proof does not prove what the node claims against the block's state root
    /// (verified backend): tampered, incomplete, or for another block.
    #[error("bad storage proof: {0}")]
    BadProof(String),
    /// A GRANDPA justification does not finalize the block it names under the current
    /// authority set (bad or missing signatures, too few signers, votes for other blocks).
    #[error("bad finality justification: {0}")]
    BadJustification(String),
    /// A header the node sent does not hash to the block it stands for, or does not descend
    /// from the verified finalized block.
    #[error("bad header: {0}")]
    BadHeader(String),
    /// The runtime could not be executed locally (verified backend), or its call failed.
    #[error("local runtime call failed: {0}")]
    Execution(String),
    /// The runtime offers a consensus the embedded light client cannot follow (smoldot refuses
    /// a runtime with both AuraApi and BabeApi).
    #[error("unsupported consensus: {0}")]
    UnsupportedConsensus(String),
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
            ChainError::InvalidTrust(_) => "invalid_trust",
            ChainError::InvalidCheckpoint(_) => "invalid_checkpoint",
            ChainError::InvalidBlockHash(_) => "invalid_block_hash",
            ChainError::BadProof(_) => "bad_proof",
            ChainError::BadJustification(_) => "bad_justification",
            ChainError::BadHeader(_) => "bad_header",
            ChainError::Execution(_) => "execution",
            ChainError::UnsupportedConsensus(_) => "unsupported_consensus",
        }
    }

    /// The coarse kind: a bad network name or chain spec is bad input; everything else is a
    /// network or node failure.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ChainError::InvalidNetwork(_)
            | ChainError::InvalidChainSpec(_)
            | ChainError::InvalidTrust(_)
            | ChainError::InvalidCheckpoint(_)
            | ChainError::InvalidBlockHash(_) => ErrorKind::BadInput,
            _ => ErrorKind::Network,
        }
    }

    pub(crate) fn decode(what: &str, e: impl std::fmt::Display) -> Self {
        ChainError::Decode(format!("{what}: {e}"))
    }
}
