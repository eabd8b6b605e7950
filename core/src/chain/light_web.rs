//! The embedded light client on wasm32 (cargo feature `wasm-light-client`): smoldot-light run by
//! `subxt-lightclient`'s web platform, which opens the host's WebSocket (and WebRTC) connections
//! to peers and runs smoldot's tasks on the event loop. [`crate::chain::Client::light`] then runs
//! the whole chain client over it, as natively.
//!
//! Adding the chain computes the genesis block from the spec's storage on the calling thread
//! (about 0.2–0.3 s for the subtensor spec natively): the event loop is busy meanwhile.

use std::time::Duration;

use subxt_rpcs::client::rpc_params;
use subxt_rpcs::RpcClient;

use super::sync::LightHealth;
use super::{BlockHash, ChainError};

/// The embedded smoldot light client in wasm, following one chain. Cheap to clone; smoldot
/// stops when the last clone is dropped.
#[derive(Clone)]
pub struct LightClient {
    /// Keeps smoldot (and the chain) alive.
    _smoldot: std::sync::Arc<subxt_lightclient::LightClient>,
    rpc: RpcClient,
    timeout: Duration,
}

impl std::fmt::Debug for LightClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LightClient").field("timeout", &self.timeout).finish_non_exhaustive()
    }
}

impl LightClient {
    /// Starts smoldot on the chain described by `chain_spec_json` (a raw chain spec). Fails
    /// with `InvalidChainSpec` on a malformed or unusable spec and `WrongChain` when the
    /// computed genesis hash is not `expected_genesis`. `timeout` bounds each request.
    pub async fn start(
        chain_spec_json: &str,
        expected_genesis: Option<BlockHash>,
        timeout: Duration,
    ) -> Result<LightClient, ChainError> {
        // smoldot's spec parser is strict about the JSON; a plain parse first gives bad input
        // a clear error before smoldot sees it.
        serde_json::from_str::<serde_json::Value>(chain_spec_json)
            .map_err(|e| ChainError::InvalidChainSpec(e.to_string()))?;
        let (smoldot, rpc) = subxt_lightclient::LightClient::relay_chain(chain_spec_json)
            .map_err(|e| ChainError::InvalidChainSpec(e.to_string()))?;
        let client = LightClient {
            _smoldot: std::sync::Arc::new(smoldot),
            rpc: RpcClient::new(rpc),
            timeout,
        };
        if let Some(expected) = expected_genesis {
            let actual = client.genesis_hash().await?;
            if actual != expected {
                return Err(ChainError::WrongChain {
                    expected: expected.to_string(),
                    actual: actual.to_string(),
                });
            }
        }
        Ok(client)
    }

    async fn request<T: serde::de::DeserializeOwned>(&self, method: &str) -> Result<T, ChainError> {
        match crate::platform::timeout(self.timeout, self.rpc.request(method, rpc_params![])).await {
            Ok(r) => r.map_err(super::client::from_rpc),
            Err(_) => Err(ChainError::Timeout {
                what: method.to_string(),
                after: self.timeout,
            }),
        }
    }

    /// The genesis hash smoldot computed from the spec (`chainSpec_v1_genesisHash`).
    pub async fn genesis_hash(&self) -> Result<BlockHash, ChainError> {
        self.request("chainSpec_v1_genesisHash").await
    }

    /// The chain's name from the spec (`chainSpec_v1_chainName`).
    pub async fn chain_name(&self) -> Result<String, ChainError> {
        self.request("chainSpec_v1_chainName").await
    }

    /// Peers and sync state (`system_health`). smoldot answers only once its sync service has
    /// decided how to sync: without peers, after its 30 s decision deadline.
    pub async fn health(&self) -> Result<LightHealth, ChainError> {
        self.request("system_health").await
    }

    /// The JSON-RPC client over smoldot, for [`crate::chain::Client::light`].
    pub(crate) fn rpc(&self) -> RpcClient {
        self.rpc.clone()
    }

    /// The per-request timeout.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }
}
