//! The embedded smoldot light client (`taolight::chain::LightClient`): started from a chain spec
//! the app ships, with smoldot's database from an earlier run for a fast restart, and the sync
//! progress handed to an app-owned listener. [`crate::Client::light`] runs the chain client
//! (heads, queries, transactions) over it, trusting no node.

use std::sync::Arc;
use std::time::Duration;

use taolight::chain::{self as core_chain, BlockHash, LightOptions};

use crate::error::Result;

/// Where the light client's sync stands (smoldot's `system_health`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct LightHealth {
    /// Peers the chain is syncing with.
    pub peers: u64,
    /// Still catching up with the head of the chain.
    pub is_syncing: bool,
    /// Whether peers are expected (false for a spec without bootnodes).
    pub should_have_peers: bool,
    /// Caught up: not syncing, and with a peer unless none is expected.
    pub is_synced: bool,
}

impl From<&core_chain::LightHealth> for LightHealth {
    fn from(h: &core_chain::LightHealth) -> Self {
        Self { peers: h.peers, is_syncing: h.is_syncing, should_have_peers: h.should_have_peers, is_synced: h.is_synced() }
    }
}

/// Implemented by the app (Kotlin, Swift, Python) to show the light client's sync. Called on a
/// Rust worker thread with every answer while `wait_for_sync` waits; keep it short.
#[uniffi::export(with_foreign)]
pub trait SyncProgressListener: Send + Sync {
    /// One sync state.
    fn on_progress(&self, health: LightHealth);
}

/// The embedded smoldot light client, following one chain. Cheap to share; smoldot stops
/// when the last reference (this object and every `Client` over it) is dropped.
#[derive(Debug, uniffi::Object)]
pub struct LightClient(pub(crate) core_chain::LightClient);

#[uniffi::export(async_runtime = "tokio")]
impl LightClient {
    /// Starts smoldot on `chain_spec_json` (a raw chain spec, as the app ships it). `database`
    /// is what [`LightClient::finalized_database`] returned in an earlier run. Given
    /// `expected_genesis` (`0x…`), another chain is refused (code `chain.wrong_chain`). Each
    /// request is bounded by `timeout_ms`; building the genesis block by 120 s.
    #[uniffi::constructor(default(database = None, expected_genesis = None, timeout_ms = 60000))]
    pub async fn start(
        chain_spec_json: String,
        database: Option<String>,
        expected_genesis: Option<String>,
        timeout_ms: u64,
    ) -> Result<Arc<Self>> {
        let options = LightOptions {
            timeout: Duration::from_millis(timeout_ms),
            expected_genesis: expected_genesis.as_deref().map(BlockHash::from_input).transpose()?,
            ..LightOptions::default()
        };
        let light = core_chain::LightClient::start_with(&chain_spec_json, database.as_deref(), options).await?;
        Ok(Arc::new(Self(light)))
    }

    /// The genesis hash smoldot computed from the spec (`0x…`).
    pub async fn genesis_hash(&self) -> Result<String> {
        Ok(self.0.genesis_hash().await?.to_hex())
    }

    /// The chain's name from the spec.
    pub async fn chain_name(&self) -> Result<String> {
        Ok(self.0.chain_name().await?)
    }

    /// Peers and sync state now. Without peers smoldot answers after its 30 s sync decision.
    pub async fn health(&self) -> Result<LightHealth> {
        Ok((&self.0.health().await?).into())
    }

    /// Waits until the client has caught up with the chain, calling `listener` with every
    /// sync state (about once a second); raises the Network kind with code `chain.timeout`
    /// once `within_ms` has passed. Cancelling the coroutine or task stops the wait.
    pub async fn wait_for_sync(&self, within_ms: u64, listener: Arc<dyn SyncProgressListener>) -> Result<LightHealth> {
        let on_progress = |h: &core_chain::LightHealth| listener.on_progress(h.into());
        Ok((&self.0.wait_for_sync(Duration::from_millis(within_ms), on_progress).await?).into())
    }

    /// smoldot's database for the finalized block, to pass to [`LightClient::start`] next
    /// time (at most `max_size_bytes` long when given). Store it where the app keeps its data.
    #[uniffi::method(default(max_size_bytes = None))]
    pub async fn finalized_database(&self, max_size_bytes: Option<u64>) -> Result<String> {
        Ok(self.0.finalized_database(max_size_bytes).await?)
    }
}
