//! The chain client: one [`Client`] that gives the rest of the core a view of the chain.
//!
//! This first slice is the **JSON-RPC backend** (WebSocket, native targets, tokio): it speaks the
//! new JSON-RPC API (`chainHead_v1_follow` and its storage/call/header methods) when the node
//! offers it and the legacy API (`state_*`, `chain_*`) otherwise, or when asked to
//! ([`ConnectOptions::api`]). Reads at a block the follow subscription does not hold pinned go
//! through the legacy API. [`Client::light`] runs the same client over the embedded smoldot light
//! client (cargo feature `light-client`, on by default).
//!
//! Every network call has a timeout ([`ConnectOptions::timeout`], default 30 s;
//! [`Client::with_timeout`]) and is cancelled by dropping its future. Failures are
//! [`ChainError`]s.
//!
//! ```no_run
//! # async fn f() -> taolight::Result<()> {
//! use taolight::chain::{Client, Network};
//! let client = Client::connect("local".parse::<Network>()?).await?;
//! println!("genesis {}", client.genesis_hash());
//! let head = client.finalized_head().await?;
//! let version = client.runtime_version().await?;
//! println!("#{} {} v{}", head.number, version.spec_name, version.spec_version);
//! # Ok(()) }
//! ```
//!
//! Quirk of the local devnet: chopsticks started from a raw chain spec reports `0x4545…45` as
//! the genesis hash (frame_system's placeholder). [`Client::genesis_hash`] returns what the node
//! reports, which is also what a signer must put into `CheckGenesis` there; a light client
//! computes the real hash from the spec instead.

#[cfg(any(not(target_arch = "wasm32"), feature = "wasm-client"))]
mod checkpoint;
mod error;
pub mod metadata;
mod types;

#[cfg(any(not(target_arch = "wasm32"), feature = "wasm-client"))]
mod client;
#[cfg(any(not(target_arch = "wasm32"), feature = "wasm-client"))]
mod follow;
#[cfg(all(not(target_arch = "wasm32"), feature = "light-client"))]
mod light;
#[cfg(all(target_arch = "wasm32", feature = "wasm-light-client"))]
mod light_web;
#[cfg(any(
    all(not(target_arch = "wasm32"), feature = "light-client"),
    all(target_arch = "wasm32", feature = "wasm-light-client")
))]
mod sync;

#[cfg(all(not(target_arch = "wasm32"), feature = "verified"))]
pub mod verified;

/// Entry points into private parsers for the fuzz targets (`core/fuzz`); not a public API.
#[cfg(all(feature = "fuzzing", not(target_arch = "wasm32")))]
#[doc(hidden)]
pub mod fuzzing {
    /// A `chainHead_v1_follow` event as the node sends it (JSON text), through the same
    /// normalisation and conversion the follow task applies.
    pub fn follow_event(json: &str) -> Result<(), String> {
        super::follow::parse_json_event(json)
    }
}

use std::str::FromStr;
use std::time::Duration;

pub use error::ChainError;
pub use metadata::Metadata;
pub use types::{
    blake2_128_concat, storage_prefix, system_account_key, BlockHash, Digest, DigestItem, Head,
    Header, RuntimeVersion,
};

#[cfg(any(not(target_arch = "wasm32"), feature = "wasm-client"))]
pub use client::{Client, HeadSubscription, Trust};
#[cfg(any(not(target_arch = "wasm32"), feature = "wasm-client"))]
pub use checkpoint::{AuraState, Authority, AuthoritySet, Checkpoint};
#[cfg(all(not(target_arch = "wasm32"), feature = "light-client"))]
pub use light::{LightClient, LightOptions};
#[cfg(all(target_arch = "wasm32", feature = "wasm-light-client"))]
pub use light_web::LightClient;
#[cfg(any(
    all(not(target_arch = "wasm32"), feature = "light-client"),
    all(target_arch = "wasm32", feature = "wasm-light-client")
))]
pub use sync::LightHealth;

/// Public RPC endpoint of finney (mainnet), run by the Opentensor Foundation.
pub const FINNEY_RPC: &str = "wss://entrypoint-finney.opentensor.ai:443";
/// Public RPC endpoint of the testnet.
pub const TEST_RPC: &str = "wss://test.finney.opentensor.ai:443";
/// The local node's default endpoint.
pub const LOCAL_RPC: &str = "ws://127.0.0.1:9944";
/// Genesis hash of finney.
pub const FINNEY_GENESIS: &str =
    "0x2f0555cc76fc2840a25a6ea3b9637146806f1f44b090c175ffde2a7e5ab36c03";
/// Genesis hash of the testnet.
pub const TEST_GENESIS: &str = "0x8f9cf856bf558a14440e75569c9e58594757048d7b3a84b5d25f6bd978263105";

/// Where to connect.
///
/// `"finney"` and `"test"` parse to the public RPC nodes of those networks (a trusted node; the
/// embedded light client comes later); their genesis hash is then checked on connect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Network {
    /// A node on this machine: `ws://127.0.0.1:9944`.
    Local,
    /// A trusted node's WebSocket JSON-RPC endpoint (`ws://` or `wss://`).
    Rpc(String),
}

impl Network {
    /// The WebSocket URL to connect to.
    pub fn url(&self) -> &str {
        match self {
            Network::Local => LOCAL_RPC,
            Network::Rpc(url) => url,
        }
    }

    /// The genesis hash this endpoint must report, when it is a known network's public node.
    pub fn known_genesis(&self) -> Option<BlockHash> {
        let url = self.url().trim_end_matches('/');
        let g = if url == FINNEY_RPC || url == FINNEY_RPC.trim_end_matches(":443") {
            FINNEY_GENESIS
        } else if url == TEST_RPC || url == TEST_RPC.trim_end_matches(":443") {
            TEST_GENESIS
        } else {
            return None;
        };
        g.parse().ok()
    }
}

impl FromStr for Network {
    type Err = ChainError;
    /// `finney`, `test` (or `testnet`), `local`, or a `ws://` / `wss://` URL.
    fn from_str(s: &str) -> Result<Self, ChainError> {
        let t = s.trim();
        match t.to_ascii_lowercase().as_str() {
            "local" => Ok(Network::Local),
            "finney" | "main" | "mainnet" => Ok(Network::Rpc(FINNEY_RPC.into())),
            "test" | "testnet" => Ok(Network::Rpc(TEST_RPC.into())),
            lower if (lower.starts_with("ws://") || lower.starts_with("wss://")) && t.len() > 6 => {
                Ok(Network::Rpc(t.to_string()))
            }
            _ => Err(ChainError::InvalidNetwork(s.to_string())),
        }
    }
}

/// Which JSON-RPC API family the client uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Api {
    /// The new API when the node lists `chainHead_v1_follow` in `rpc_methods`, else legacy.
    #[default]
    Auto,
    /// The new API (`chainHead_v1_*`); connecting fails with `Unsupported` without it.
    New,
    /// The legacy API only (`state_*`, `chain_*`).
    Legacy,
}

/// How to connect.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// The limit for every network call, connecting included.
    pub timeout: Duration,
    /// Which API family to use.
    pub api: Api,
    /// Refuse a node whose genesis hash differs (`WrongChain`). Defaults to
    /// [`Network::known_genesis`] when `None`.
    pub expected_genesis: Option<BlockHash>,
    /// A directory where downloaded metadata is kept between runs (one file per genesis hash
    /// and runtime version, written atomically): a restart skips the download. `None` keeps it
    /// in memory only.
    pub metadata_cache: Option<std::path::PathBuf>,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            timeout: Duration::from_secs(30),
            api: Api::Auto,
            expected_genesis: None,
            metadata_cache: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_parse() {
        assert_eq!("local".parse::<Network>().expect("local"), Network::Local);
        assert_eq!(Network::Local.url(), "ws://127.0.0.1:9944");
        let f: Network = "finney".parse().expect("finney");
        assert_eq!(f.url(), FINNEY_RPC);
        assert_eq!(
            f.known_genesis().map(|g| g.to_string()).as_deref(),
            Some(FINNEY_GENESIS)
        );
        let t: Network = "test".parse().expect("test");
        assert_eq!(
            t.known_genesis().map(|g| g.to_string()).as_deref(),
            Some(TEST_GENESIS)
        );
        let u: Network = "ws://127.0.0.1:1234".parse().expect("url");
        assert_eq!(u, Network::Rpc("ws://127.0.0.1:1234".into()));
        assert_eq!(u.known_genesis(), None);
        assert!("wss://example.org".parse::<Network>().is_ok());
        for bad in ["", "http://x", "ws://", "mars"] {
            let e = bad.parse::<Network>().expect_err(bad);
            assert_eq!(e.code(), "invalid_network");
            assert_eq!(e.kind(), crate::ErrorKind::BadInput);
        }
    }
}
