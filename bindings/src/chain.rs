//! The chain client (`taolight::chain::Client`), balances and status queries (`taolight::query`), as
//! real async functions: Kotlin `suspend fun`, Swift `async`, Python coroutines. The client
//! talks to a JSON-RPC node ([`Client::connect`]) or to the embedded light client
//! ([`Client::light`]).
//!
//! Every async export runs on uniffi's tokio runtime (`async_runtime = "tokio"`), which the
//! core's client needs. Each network call is bounded by the timeout given to
//! [`Client::connect`]; cancelling the foreign coroutine or task drops the Rust future, which
//! cancels the call (the connection stays usable).

use std::sync::Arc;
use std::time::Duration;

use taolight::chain::{self as core_chain, ConnectOptions, Network};
use taolight::query;
use taolight::tx as core_tx;

use crate::error::Result;
use crate::keys::Keypair;
use crate::light::LightClient;
use crate::progress::TxProgressListener;
use crate::query::{Delegate, Metagraph, NeuronStatus, StakeList, Subnet};
use crate::tx::{Call, FeeEstimate, TxOptions, TxOutcome};

/// A block: its number and hash (`0x…`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Head {
    /// The block number.
    pub number: u32,
    /// The block hash, `0x`-prefixed hex.
    pub hash: String,
}

impl From<core_chain::Head> for Head {
    fn from(h: core_chain::Head) -> Self {
        Self { number: h.number, hash: h.hash.to_hex() }
    }
}

/// The runtime's version.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RuntimeVersion {
    /// `node-subtensor` on Bittensor.
    pub spec_name: String,
    /// The implementation's name.
    pub impl_name: String,
    /// The runtime's spec version (what transactions commit to).
    pub spec_version: u32,
    /// The implementation's version.
    pub impl_version: u32,
    /// The transaction format version (what transactions commit to).
    pub transaction_version: u32,
}

impl From<core_chain::RuntimeVersion> for RuntimeVersion {
    fn from(v: core_chain::RuntimeVersion) -> Self {
        Self {
            spec_name: v.spec_name,
            impl_name: v.impl_name,
            spec_version: v.spec_version,
            impl_version: v.impl_version,
            transaction_version: v.transaction_version,
        }
    }
}

/// An account's balance at the finalized head, in rao (1 TAO = 10^9 rao).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Balance {
    /// Free balance.
    pub free: u64,
    /// Reserved balance.
    pub reserved: u64,
    /// The part of `free` that is frozen (locks).
    pub frozen: u64,
    /// What can be transferred now.
    pub transferable: u64,
    /// The account's nonce (transactions sent).
    pub nonce: u32,
}

impl From<query::Balance> for Balance {
    fn from(b: query::Balance) -> Self {
        Self { free: b.free, reserved: b.reserved, frozen: b.frozen, transferable: b.transferable, nonce: b.nonce }
    }
}

/// An SS58 address to a 32-byte account id (bad input when it is not one).
pub(crate) fn account_id(ss58: &str) -> Result<[u8; 32]> {
    Ok(taolight::keys::ss58::account_id(ss58)?)
}

/// A connection to a node (a trusted JSON-RPC endpoint). Cheap to share between tasks; the
/// connection closes when the last reference is dropped.
#[derive(Debug, uniffi::Object)]
pub struct Client(pub(crate) core_chain::Client);

#[uniffi::export(async_runtime = "tokio")]
impl Client {
    /// Connects to `url`: a `ws://` / `wss://` URL, or `local`, `finney`, `test`. Connecting
    /// and every later call are each bounded by `timeout_ms`. A known network's genesis is checked.
    #[uniffi::constructor(default(timeout_ms = 30000))]
    pub async fn connect(url: String, timeout_ms: u64) -> Result<Arc<Self>> {
        let network: Network = url.parse()?;
        let options = ConnectOptions { timeout: Duration::from_millis(timeout_ms), ..ConnectOptions::default() };
        Ok(Arc::new(Self(core_chain::Client::connect_with(network, options).await?)))
    }

    /// The chain client over the embedded light client `light`: the same API, answered by
    /// smoldot, which verifies what its peers send instead of trusting a node. Every call is
    /// bounded by `timeout_ms`.
    #[uniffi::constructor(default(timeout_ms = 30000))]
    pub async fn light(light: Arc<LightClient>, timeout_ms: u64) -> Result<Arc<Self>> {
        Ok(Arc::new(Self(core_chain::Client::light(&light.0, Duration::from_millis(timeout_ms)).await?)))
    }

    /// The node's URL (`light-client:<genesis>` over the light client).
    pub fn url(&self) -> String {
        self.0.url().to_owned()
    }

    /// The timeout of every call, in milliseconds.
    pub fn timeout_ms(&self) -> u64 {
        self.0.timeout().as_millis() as u64
    }

    /// The genesis hash the node reported on connect (`0x…`; `0x4545…45` on the devnet).
    pub fn genesis_hash(&self) -> String {
        self.0.genesis_hash().to_hex()
    }

    /// The latest finalized block.
    pub async fn finalized_head(&self) -> Result<Head> {
        Ok(self.0.finalized_head().await?.into())
    }

    /// The best (latest, not yet finalized) block.
    pub async fn best_head(&self) -> Result<Head> {
        Ok(self.0.best_head().await?.into())
    }

    /// The runtime's version at the best block.
    pub async fn runtime_version(&self) -> Result<RuntimeVersion> {
        Ok(self.0.runtime_version().await?.into())
    }

    /// The balance of the account `ss58` at the finalized head.
    pub async fn balance(&self, ss58: String) -> Result<Balance> {
        let account = account_id(&ss58)?;
        Ok(query::balance(&self.0, &account, None).await?.into())
    }

    /// Every stake position of the coldkey `coldkey_ss58` at the finalized head, valued in TAO.
    pub async fn stake(&self, coldkey_ss58: String) -> Result<StakeList> {
        Ok(query::stake(&self.0, &account_id(&coldkey_ss58)?).await?.into())
    }

    /// Every stake position on the hotkey `hotkey_ss58` (owner and nominators), valued in TAO.
    pub async fn stake_for(&self, hotkey_ss58: String) -> Result<StakeList> {
        Ok(query::stake_for(&self.0, &account_id(&hotkey_ss58)?).await?.into())
    }

    /// The status of the hotkey `hotkey_ss58` on `netuid` (one entry, registered or not), or
    /// on every subnet where it is registered when `netuid` is `None`.
    #[uniffi::method(default(netuid = None))]
    pub async fn neuron_status(&self, hotkey_ss58: String, netuid: Option<u16>) -> Result<Vec<NeuronStatus>> {
        let statuses = query::neuron_status(&self.0, &account_id(&hotkey_ss58)?, netuid).await?;
        Ok(statuses.into_iter().map(Into::into).collect())
    }

    /// One subnet; `None` when it does not exist.
    pub async fn subnet(&self, netuid: u16) -> Result<Option<Subnet>> {
        Ok(query::subnet(&self.0, netuid).await?.map(Into::into))
    }

    /// Every subnet, by netuid.
    pub async fn subnets(&self) -> Result<Vec<Subnet>> {
        Ok(query::subnets(&self.0).await?.into_iter().map(Into::into).collect())
    }

    /// Every neuron of `netuid` with its stake (none when the subnet does not exist).
    pub async fn metagraph(&self, netuid: u16) -> Result<Metagraph> {
        Ok(query::metagraph(&self.0, netuid).await?.into())
    }

    /// Every delegate.
    pub async fn delegates(&self) -> Result<Vec<Delegate>> {
        Ok(query::delegates(&self.0).await?.into_iter().map(Into::into).collect())
    }

    /// The delegate `hotkey_ss58`; `None` when it is not one.
    pub async fn delegate(&self, hotkey_ss58: String) -> Result<Option<Delegate>> {
        Ok(query::delegate(&self.0, &account_id(&hotkey_ss58)?).await?.map(Into::into))
    }

    /// The fee of `call` sent by `sender_ss58`, before signing (`TransactionPaymentApi`).
    /// `options` (tip, mortality, nonce) change the length and so the fee; default: none.
    #[uniffi::method(default(options = None))]
    pub async fn estimate_fee(
        &self,
        call: Arc<Call>,
        sender_ss58: String,
        options: Option<TxOptions>,
    ) -> Result<FeeEstimate> {
        let account = account_id(&sender_ss58)?;
        let options: core_tx::TxOptions = options.map(Into::into).unwrap_or_default();
        Ok(self.0.estimate_fee(&call.0, &account, &options).await?.into())
    }

    /// Builds, signs with `signer`, submits and waits as `options.wait_for` says (default: in a
    /// block), with the events the transaction emitted. A failed dispatch raises the Chain kind
    /// with code `tx.dispatch` and the pallet error's name in the message.
    #[uniffi::method(default(options = None))]
    pub async fn sign_and_submit(
        &self,
        call: Arc<Call>,
        signer: Arc<Keypair>,
        options: Option<TxOptions>,
    ) -> Result<TxOutcome> {
        let options: core_tx::TxOptions = options.map(Into::into).unwrap_or_default();
        Ok(self.0.sign_and_submit(&call.0, &signer.0, &options).await?.into())
    }

    /// [`Client::sign_and_submit`], calling `listener` with every state the node reports
    /// (ready, in block, finalized, …) as it comes: progress while waiting for finality.
    #[uniffi::method(default(options = None))]
    pub async fn sign_and_submit_watching(
        &self,
        call: Arc<Call>,
        signer: Arc<Keypair>,
        listener: Arc<dyn TxProgressListener>,
        options: Option<TxOptions>,
    ) -> Result<TxOutcome> {
        let options: core_tx::TxOptions = options.map(Into::into).unwrap_or_default();
        let on_status = |s: &core_tx::TxStatus| listener.on_status(s.into());
        Ok(self.0.sign_and_submit_watching(&call.0, &signer.0, &options, on_status).await?.into())
    }
}
