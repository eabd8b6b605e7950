//! [`Client`]: the JSON-RPC backend over WebSocket (native, tokio).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use futures::{Stream, StreamExt};
use parity_scale_codec::{Decode, Encode};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use subxt_rpcs::client::{rpc_params, RpcParams};
use subxt_rpcs::RpcClient;

use super::follow::{Follow, Routed};
use super::types::{decode_hex, decode_opaque};
use super::{
    Api, BlockHash, ChainError, ConnectOptions, Head, Header, Metadata, Network, RuntimeVersion,
};

/// Types the RPC layer needs: subtensor's header and hash.
pub(crate) enum RpcCfg {}

impl subxt_rpcs::RpcConfig for RpcCfg {
    type Header = Header;
    type Hash = BlockHash;
    type AccountId = String;
}

/// Map an RPC-layer error to a [`ChainError`].
pub(crate) fn from_rpc(e: subxt_rpcs::Error) -> ChainError {
    use jsonrpsee::core::client::Error as J;
    match e {
        subxt_rpcs::Error::User(u) => ChainError::Rpc {
            code: u.code,
            message: u.message,
        },
        subxt_rpcs::Error::Client(boxed) => match boxed.downcast::<J>() {
            Ok(j) => match *j {
                // Keep the error's data: the transaction pool puts the reason there.
                J::Call(obj) => ChainError::Rpc {
                    code: obj.code(),
                    message: match obj.data() {
                        Some(d) => format!("{}: {}", obj.message(), d.get()),
                        None => obj.message().to_string(),
                    },
                },
                e @ (J::RestartNeeded(_) | J::ServiceDisconnect | J::Transport(_)) => {
                    ChainError::Disconnected(e.to_string())
                }
                J::ParseError(e) => ChainError::decode("response", e),
                other => ChainError::Rpc {
                    code: 0,
                    message: other.to_string(),
                },
            },
            Err(other) => ChainError::Rpc {
                code: 0,
                message: other.to_string(),
            },
        },
        subxt_rpcs::Error::DisconnectedWillReconnect(s) => ChainError::Disconnected(s),
        subxt_rpcs::Error::Deserialization(e) => ChainError::decode("response", e),
        subxt_rpcs::Error::Decode(e) => ChainError::decode("response", e),
        subxt_rpcs::Error::InsecureUrl(u) => ChainError::InvalidNetwork(u),
        other => ChainError::Rpc {
            code: 0,
            message: other.to_string(),
        },
    }
}

/// A connection to a node. Cheap to clone (clones share the connection and the metadata
/// cache); the connection closes when the last clone is dropped.
///
/// Must be created and used inside a tokio runtime.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    timeout: Duration,
}

struct Inner {
    url: String,
    rpc: RpcClient,
    genesis: BlockHash,
    api: Api,
    trust: Trust,
    follow: Option<Follow>,
    /// The verified backend (trust level [`Trust::Verified`]).
    #[cfg(all(feature = "verified", not(target_arch = "wasm32")))]
    verified: Option<super::verified::Verified>,
    metadata: tokio::sync::Mutex<Option<Arc<Metadata>>>,
    metadata_cache: Option<std::path::PathBuf>,
    /// The RFC-0078 metadata hash of the last runtime version it was computed for (module `tx`).
    metadata_hash: std::sync::Mutex<Option<(u32, [u8; 32])>>,
    /// Next nonce per account for transactions sent through this client and not yet seen
    /// on chain (module `tx`): several can be in flight from one account.
    nonces: std::sync::Mutex<std::collections::HashMap<[u8; 32], u32>>,
    /// Serializes nonce reservations, so concurrent sends from one account get distinct nonces.
    nonce_gate: tokio::sync::Mutex<()>,
    /// Per account: held from taking a nonce until the node has the transaction, so one
    /// account's transactions reach the node in nonce order (no "future" gaps).
    send_locks: std::sync::Mutex<std::collections::HashMap<[u8; 32], Arc<tokio::sync::Mutex<()>>>>,
}

impl Inner {
    fn new(
        url: String,
        rpc: RpcClient,
        genesis: BlockHash,
        api: Api,
        trust: Trust,
        follow: Option<Follow>,
        metadata_cache: Option<std::path::PathBuf>,
    ) -> Inner {
        Inner {
            url,
            rpc,
            genesis,
            api,
            trust,
            follow,
            #[cfg(all(feature = "verified", not(target_arch = "wasm32")))]
            verified: None,
            metadata: tokio::sync::Mutex::new(None),
            metadata_cache,
            metadata_hash: Default::default(),
            nonces: Default::default(),
            nonce_gate: Default::default(),
            send_locks: Default::default(),
        }
    }

    fn client(self, timeout: Duration) -> Client {
        Client { inner: Arc::new(self), timeout }
    }
}

/// How much a [`Client`]'s answers are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Trust {
    /// The embedded light client: smoldot syncs from peers and verifies what they send.
    Light,
    /// Any JSON-RPC node, every answer about the chain's state proven ([`Client::verified`]).
    Verified,
    /// A JSON-RPC node believed as it is ([`Client::connect`]).
    Trusted,
}

impl Trust {
    /// `light`, `verified` or `trusted`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Trust::Light => "light",
            Trust::Verified => "verified",
            Trust::Trusted => "trusted",
        }
    }
}

impl std::str::FromStr for Trust {
    type Err = ChainError;
    fn from_str(s: &str) -> Result<Self, ChainError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "light" => Ok(Trust::Light),
            "verified" => Ok(Trust::Verified),
            "trusted" => Ok(Trust::Trusted),
            _ => Err(ChainError::InvalidTrust(s.to_owned())),
        }
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("url", &self.inner.url)
            .field("api", &self.inner.api)
            .field("trust", &self.inner.trust)
            .field("genesis", &self.inner.genesis)
            .field("timeout", &self.timeout)
            .finish()
    }
}

#[derive(Deserialize)]
struct RpcMethods {
    methods: Vec<String>,
}

async fn timed<T>(
    timeout: Duration,
    what: &str,
    fut: impl Future<Output = Result<T, ChainError>>,
) -> Result<T, ChainError> {
    match crate::platform::timeout(timeout, fut).await {
        Ok(r) => r,
        Err(_) => Err(ChainError::Timeout {
            what: what.to_string(),
            after: timeout,
        }),
    }
}

impl Client {
    /// Connect with the default options (30 s timeout, new API when offered).
    pub async fn connect(network: Network) -> Result<Client, ChainError> {
        Self::connect_with(network, ConnectOptions::default()).await
    }

    /// Connect: open the WebSocket, list the node's methods, read the genesis hash and check it
    /// (`expected_genesis`, else the network's known one), and start following the chain when
    /// the new API is used. All of it within `options.timeout`.
    pub async fn connect_with(
        network: Network,
        options: ConnectOptions,
    ) -> Result<Client, ChainError> {
        let url = network.url().to_string();
        let timeout = options.timeout;
        let what = format!("connecting to {url}");
        let expected = options.expected_genesis.or_else(|| network.known_genesis());
        timed(timeout, &what, async move {
            let rpc = connect_reconnecting(&url).await?;
            let methods: Vec<String> = match rpc
                .request::<RpcMethods>("rpc_methods", rpc_params![])
                .await
            {
                Ok(m) => m.methods,
                Err(e) => match from_rpc(e) {
                    ChainError::Rpc { .. } => Vec::new(),
                    // In wasm the WebSocket opens asynchronously: a node that cannot be reached
                    // shows as the first request failing.
                    #[cfg(target_arch = "wasm32")]
                    ChainError::Disconnected(reason) => {
                        return Err(ChainError::Unreachable { url, reason })
                    }
                    other => return Err(other),
                },
            };
            let has = |m: &str| methods.iter().any(|x| x == m);
            let api = match options.api {
                Api::Auto if has("chainHead_v1_follow") => Api::New,
                Api::Auto | Api::Legacy => Api::Legacy,
                Api::New if has("chainHead_v1_follow") => Api::New,
                Api::New => {
                    return Err(ChainError::Unsupported(format!(
                        "{url} does not offer chainHead_v1_follow"
                    )))
                }
            };
            let genesis: Option<BlockHash> = if has("chainSpec_v1_genesisHash") {
                Some(
                    rpc.request("chainSpec_v1_genesisHash", rpc_params![])
                        .await
                        .map_err(from_rpc)?,
                )
            } else {
                rpc.request("chain_getBlockHash", rpc_params![0u32])
                    .await
                    .map_err(from_rpc)?
            };
            let genesis =
                genesis.ok_or_else(|| ChainError::Decode("the node has no block 0".into()))?;
            if let Some(expected) = expected {
                if expected != genesis {
                    log::warn!(target: "taolight::chain", "{url} serves genesis {genesis}, not the expected {expected}: refused");
                    return Err(ChainError::WrongChain {
                        expected: expected.to_string(),
                        actual: genesis.to_string(),
                    });
                }
            }
            log::info!(target: "taolight::chain", "connected to {url}: genesis {genesis}, {api:?} JSON-RPC API");
            let follow = (api == Api::New).then(|| Follow::start(rpc.clone(), timeout));
            Ok(Inner::new(url, rpc, genesis, api, Trust::Trusted, follow, options.metadata_cache.clone()).client(timeout))
        })
        .await
    }

    #[cfg(all(not(target_arch = "wasm32"), feature = "light-client"))]
    /// The chain client over the embedded light client: the same API (heads, subscriptions,
    /// storage, runtime calls, metadata, transactions) served by smoldot, which verifies what
    /// its peers send instead of trusting a node. smoldot speaks the new JSON-RPC API only.
    pub async fn light(light: &super::LightClient, timeout: Duration) -> Result<Client, ChainError> {
        let genesis = light.with_timeout(timeout).genesis_hash().await?;
        let rpc = RpcClient::new(super::light::LightRpc(light.with_timeout(timeout)));
        Ok(Self::over_light(rpc, genesis, timeout))
    }

    #[cfg(all(target_arch = "wasm32", feature = "wasm-light-client"))]
    /// The chain client over the embedded light client (wasm: smoldot on the host's event
    /// loop and WebSockets), as natively.
    pub async fn light(light: &super::LightClient, timeout: Duration) -> Result<Client, ChainError> {
        let genesis = light.genesis_hash().await?;
        Ok(Self::over_light(light.rpc(), genesis, timeout))
    }

    /// A client over smoldot's JSON-RPC: the new API only, no metadata cache on disk.
    #[cfg(any(
        all(not(target_arch = "wasm32"), feature = "light-client"),
        all(target_arch = "wasm32", feature = "wasm-light-client")
    ))]
    fn over_light(rpc: RpcClient, genesis: BlockHash, timeout: Duration) -> Client {
        let follow = Some(Follow::start(rpc.clone(), timeout));
        let url = format!("light-client:{genesis}");
        Inner::new(url, rpc, genesis, Api::New, Trust::Light, follow, None).client(timeout)
    }

    #[cfg(all(feature = "verified", not(target_arch = "wasm32")))]
    /// The chain client over any JSON-RPC node, trusting none of it: from `checkpoint`,
    /// finality is followed by verifying GRANDPA justifications, every storage read is proven
    /// against the state root of a verified block, and runtime API calls run here, in the
    /// runtime read from the proven state (see [`super::verified`] for what this covers).
    ///
    /// The node must serve `state_getReadProof`, `state_getKeysPaged`, `chain_getHeader`,
    /// `chain_getBlock` and `grandpa_subscribeJustifications` (substrate nodes do); it must
    /// report the checkpoint's genesis hash ([`ChainError::WrongChain`] otherwise).
    pub async fn verified(
        network: Network,
        checkpoint: super::Checkpoint,
        options: ConnectOptions,
    ) -> Result<Client, ChainError> {
        let options = ConnectOptions {
            api: Api::Legacy,
            expected_genesis: Some(checkpoint.genesis_hash),
            ..options
        };
        let timeout = options.timeout;
        let what = format!("connecting (verified) to {}", network.url());
        let trusted = Self::connect_with(network, options.clone()).await?;
        let rpc = trusted.inner.rpc.clone();
        let v = timed(timeout, &what, super::verified::Verified::start(
            super::verified::Rpc { rpc: rpc.clone(), timeout },
            checkpoint,
        ))
        .await?;
        let mut inner = Inner::new(
            trusted.inner.url.clone(),
            rpc,
            trusted.inner.genesis,
            Api::Legacy,
            Trust::Verified,
            None,
            options.metadata_cache,
        );
        inner.verified = Some(v);
        Ok(inner.client(timeout))
    }

    /// Which trust level this client's reads have.
    pub fn trust(&self) -> Trust {
        self.inner.trust
    }

    #[cfg(all(feature = "verified", not(target_arch = "wasm32")))]
    /// The authority set the verified backend follows (`None` for other trust levels).
    pub(crate) fn verified_authority_set(&self) -> Option<super::AuthoritySet> {
        self.inner.verified.as_ref().map(|v| v.authority_set())
    }

    #[cfg(all(feature = "verified", not(target_arch = "wasm32")))]
    /// Why the verified backend last refused a justification (`None` for other trust levels,
    /// or when the last one was accepted). Refused justifications never move the finalized
    /// block; this tells a caller why it stopped moving.
    pub fn verification_error(&self) -> Option<ChainError> {
        self.inner.verified.as_ref().and_then(|v| v.last_error())
    }

    /// The same connection with another timeout for its calls.
    pub fn with_timeout(&self, timeout: Duration) -> Client {
        Client {
            inner: self.inner.clone(),
            timeout,
        }
    }

    /// The timeout applied to every call.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The node's URL.
    pub fn url(&self) -> &str {
        &self.inner.url
    }

    /// The API family in use: [`Api::New`] or [`Api::Legacy`].
    pub fn api(&self) -> Api {
        self.inner.api
    }

    /// The genesis hash the node reported on connect (`chainSpec_v1_genesisHash`, else
    /// `chain_getBlockHash(0)`). On the chopsticks devnet this is `0x4545…45`: see the module
    /// docs.
    pub fn genesis_hash(&self) -> BlockHash {
        self.inner.genesis
    }

    pub(crate) fn nonces(&self) -> &std::sync::Mutex<std::collections::HashMap<[u8; 32], u32>> {
        &self.inner.nonces
    }

    pub(crate) fn metadata_hash_cache(&self) -> &std::sync::Mutex<Option<(u32, [u8; 32])>> {
        &self.inner.metadata_hash
    }

    pub(crate) fn nonce_gate(&self) -> &tokio::sync::Mutex<()> {
        &self.inner.nonce_gate
    }

    pub(crate) fn send_lock(&self, account: &[u8; 32]) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.inner.send_locks.lock().unwrap_or_else(|e| e.into_inner());
        locks.entry(*account).or_default().clone()
    }

    /// Subscribe to a raw JSON-RPC subscription (module `tx` watches transactions with it).
    pub(crate) async fn subscribe_raw<R: DeserializeOwned + Send + 'static>(
        &self,
        method: &str,
        params: RpcParams,
        unsubscribe: &str,
    ) -> Result<Pin<Box<dyn Stream<Item = Result<R, ChainError>> + Send>>, ChainError> {
        let s = timed(self.timeout, method, async {
            self.inner
                .rpc
                .subscribe::<R>(method, params, unsubscribe)
                .await
                .map_err(from_rpc)
        })
        .await?;
        Ok(Box::pin(s.map(|r| r.map_err(from_rpc))))
    }

    /// A JSON-RPC call. When the connection dropped and is being re-established, the call is
    /// sent again (every call made through here is a read, or a submission the pool
    /// de-duplicates), all within the client's timeout.
    pub(crate) async fn request<R: DeserializeOwned>(
        &self,
        method: &str,
        params: RpcParams,
    ) -> Result<R, ChainError> {
        request_with(&self.inner.rpc, self.timeout, method, params).await
    }

    // ---- legacy API ----

    async fn legacy_header(&self, hash: BlockHash) -> Result<Header, ChainError> {
        let h: Option<Header> = self.request("chain_getHeader", rpc_params![hash]).await?;
        h.ok_or_else(|| ChainError::BlockNotAvailable(hash.to_string()))
    }

    async fn legacy_finalized(&self) -> Result<Head, ChainError> {
        let hash: BlockHash = self
            .request("chain_getFinalizedHead", rpc_params![])
            .await?;
        Ok(Head {
            number: self.legacy_header(hash).await?.number,
            hash,
        })
    }

    async fn legacy_at(&self, at: Option<BlockHash>) -> Result<BlockHash, ChainError> {
        match at {
            Some(h) => Ok(h),
            None => Ok(self.legacy_finalized().await?.hash),
        }
    }

    // ---- one API over both ----

    /// The latest finalized block.
    pub async fn finalized_head(&self) -> Result<Head, ChainError> {
        #[cfg(all(feature = "verified", not(target_arch = "wasm32")))]
        if let Some(v) = &self.inner.verified {
            return Ok(v.finalized());
        }
        match &self.inner.follow {
            Some(f) => timed(self.timeout, "finalized head", f.finalized()).await,
            None => self.legacy_finalized().await,
        }
    }

    /// The best block (the head of the chain the node currently prefers). The verified
    /// backend verifies finalized blocks only: there the best block is the finalized one.
    pub async fn best_head(&self) -> Result<Head, ChainError> {
        #[cfg(all(feature = "verified", not(target_arch = "wasm32")))]
        if let Some(v) = &self.inner.verified {
            return Ok(v.finalized());
        }
        match &self.inner.follow {
            Some(f) => timed(self.timeout, "best head", f.best()).await,
            None => {
                let hash: Option<BlockHash> =
                    self.request("chain_getBlockHash", rpc_params![]).await?;
                let hash = hash.ok_or_else(|| ChainError::Decode("no best block".into()))?;
                Ok(Head {
                    number: self.legacy_header(hash).await?.number,
                    hash,
                })
            }
        }
    }

    /// The number of peers the node reports (`system_health`); `None` when the node does not
    /// offer that method.
    pub async fn peers(&self) -> Result<Option<u64>, ChainError> {
        #[derive(Deserialize)]
        struct Health {
            peers: u64,
        }
        match self.request::<Health>("system_health", rpc_params![]).await {
            Ok(h) => Ok(Some(h.peers)),
            Err(ChainError::Rpc { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The hash of the best chain's block at `number` (`None` when there is none).
    /// With the verified backend, a hash the node names is only returned once its block is
    /// shown to be on the verified finalized chain.
    pub async fn block_hash(&self, number: u32) -> Result<Option<BlockHash>, ChainError> {
        let hash: Option<BlockHash> = self.request("chain_getBlockHash", rpc_params![number]).await?;
        #[cfg(all(feature = "verified", not(target_arch = "wasm32")))]
        if let (Some(v), Some(h)) = (&self.inner.verified, hash) {
            let header = Box::pin(v.header(Some(h))).await?;
            if header.number != number {
                return Err(ChainError::BadHeader(format!("the node named block #{} for #{number}", header.number)));
            }
        }
        Ok(hash)
    }

    /// The header of a block (verified: the block must be on the verified finalized chain).
    pub async fn header(&self, hash: BlockHash) -> Result<Header, ChainError> {
        #[cfg(all(feature = "verified", not(target_arch = "wasm32")))]
        if let Some(v) = &self.inner.verified {
            return Box::pin(v.header(Some(hash))).await;
        }
        self.legacy_header(hash).await
    }

    /// The runtime version at the finalized block.
    pub async fn runtime_version(&self) -> Result<RuntimeVersion, ChainError> {
        self.runtime_version_at(None).await
    }

    /// The runtime version at a block (default: the finalized block).
    pub async fn runtime_version_at(
        &self,
        at: Option<BlockHash>,
    ) -> Result<RuntimeVersion, ChainError> {
        #[cfg(all(feature = "verified", not(target_arch = "wasm32")))]
        if let Some(v) = &self.inner.verified {
            return timed(self.timeout, "runtime version (verified)", Box::pin(v.runtime_version(at))).await;
        }
        if let Some(f) = &self.inner.follow {
            if let Routed::Done(v) = timed(self.timeout, "runtime version", f.runtime(at)).await? {
                return Ok(v);
            }
        }
        let at = self.legacy_at(at).await?;
        self.request("state_getRuntimeVersion", rpc_params![at])
            .await
    }

    /// The raw value under a storage key at a block (default: the finalized block); `None` when
    /// the key holds nothing.
    pub async fn storage(
        &self,
        key: &[u8],
        at: Option<BlockHash>,
    ) -> Result<Option<Vec<u8>>, ChainError> {
        #[cfg(all(feature = "verified", not(target_arch = "wasm32")))]
        if let Some(v) = &self.inner.verified {
            return timed(self.timeout, "storage read (verified)", Box::pin(v.storage(key, at))).await;
        }
        if let Some(f) = &self.inner.follow {
            if let Routed::Done(v) =
                timed(self.timeout, "chainHead_v1_storage", f.storage(key, at)).await?
            {
                return Ok(v);
            }
        }
        let at = self.legacy_at(at).await?;
        let v: Option<String> = self
            .request(
                "state_getStorage",
                rpc_params![format!("0x{}", hex::encode(key)), at],
            )
            .await?;
        v.map(|s| decode_hex(&s)).transpose()
    }

    /// Up to `count` storage keys starting with `prefix`, after `start` (exclusive; `None`:
    /// from the first), at a block (default: the finalized block). With the verified backend
    /// each key is proven to be the next one, so none can be left out.
    pub async fn storage_keys(
        &self,
        prefix: &[u8],
        count: u32,
        start: Option<&[u8]>,
        at: Option<BlockHash>,
    ) -> Result<Vec<Vec<u8>>, ChainError> {
        #[cfg(all(feature = "verified", not(target_arch = "wasm32")))]
        if let Some(v) = &self.inner.verified {
            return timed(self.timeout, "storage keys (verified)", Box::pin(v.keys(prefix, count, start, at))).await;
        }
        let at = self.legacy_at(at).await?;
        let hex = |b: &[u8]| format!("0x{}", hex::encode(b));
        let keys: Vec<String> = self
            .request("state_getKeysPaged", rpc_params![hex(prefix), count, start.map(hex), at])
            .await?;
        keys.iter().map(|k| decode_hex(k)).collect()
    }

    /// Call a runtime API function (`Core_version`, `Metadata_metadata_at_version`, …) with
    /// SCALE-encoded arguments at a block (default: the finalized block); returns the SCALE
    /// output.
    pub async fn runtime_call(
        &self,
        method: &str,
        args: &[u8],
        at: Option<BlockHash>,
    ) -> Result<Vec<u8>, ChainError> {
        #[cfg(all(feature = "verified", not(target_arch = "wasm32")))]
        if let Some(v) = &self.inner.verified {
            // Boxed: the local executor's state is large, and every caller's future would carry it.
            return timed(self.timeout, method, Box::pin(v.runtime_call(method, args, at))).await;
        }
        if let Some(f) = &self.inner.follow {
            if let Routed::Done(v) = timed(self.timeout, method, f.call(method, args, at)).await? {
                return Ok(v);
            }
        }
        let at = self.legacy_at(at).await?;
        let out: String = self
            .request(
                "state_call",
                rpc_params![method, format!("0x{}", hex::encode(args)), at],
            )
            .await?;
        decode_hex(&out)
    }

    /// The runtime metadata at the finalized block: fetched once per runtime version and cached
    /// in this client (a runtime upgrade fetches the new one). V15 through
    /// `Metadata_metadata_at_version(15)`, else V14 through `Metadata_metadata`.
    pub async fn metadata(&self) -> Result<Arc<Metadata>, ChainError> {
        let head = self.finalized_head().await?;
        let version = self.runtime_version_at(Some(head.hash)).await?;
        let mut cache = self.inner.metadata.lock().await;
        if let Some(m) = cache.as_ref() {
            if m.spec_version() == version.spec_version {
                return Ok(m.clone());
            }
            log::info!(target: "taolight::chain", "runtime upgraded from spec {} to {}: metadata refreshed", m.spec_version(), version.spec_version);
        }
        let file = self.inner.metadata_cache.as_ref().map(|dir| {
            dir.join(format!("{}-{}.scale", self.inner.genesis.to_hex(), version.spec_version))
        });
        // A kept copy that no longer decodes (truncated, another format) is fetched again.
        if let Some(m) = file
            .as_ref()
            .and_then(|f| std::fs::read(f).ok())
            .and_then(|raw| Metadata::decode(version.spec_version, raw).ok())
        {
            log::debug!(target: "taolight::chain", "metadata of spec {} read from the cache", version.spec_version);
            let m = Arc::new(m);
            *cache = Some(m.clone());
            return Ok(m);
        }
        let m = Arc::new(self.fetch_metadata(version.spec_version, head.hash).await?);
        log::info!(target: "taolight::chain", "metadata of spec {} fetched ({} bytes)", version.spec_version, m.raw().len());
        if let Some(f) = &file {
            // Best effort: a cache that cannot be written only costs the next download.
            if let Some(dir) = f.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = crate::keyfile::write_atomic(f, m.raw(), true);
        }
        *cache = Some(m.clone());
        Ok(m)
    }

    /// Fetch and decode metadata at a block, without the cache.
    pub async fn fetch_metadata(
        &self,
        spec_version: u32,
        at: BlockHash,
    ) -> Result<Metadata, ChainError> {
        match self
            .runtime_call("Metadata_metadata_at_version", &15u32.encode(), Some(at))
            .await
        {
            Ok(out) => {
                let v15 = Option::<Vec<u8>>::decode(&mut &out[..])
                    .map_err(|e| ChainError::decode("Metadata_metadata_at_version", e))?;
                if let Some(raw) = v15 {
                    return Metadata::decode(spec_version, raw);
                }
            }
            // Runtimes before metadata V15 have no such function.
            Err(ChainError::Rpc { .. }) => {}
            Err(e) => return Err(e),
        }
        let out = self
            .runtime_call("Metadata_metadata", &[], Some(at))
            .await?;
        Metadata::decode(spec_version, decode_opaque(&out, "Metadata_metadata")?)
    }

    /// New finalized blocks, the current one first. Bound each `next()` with a timeout of your
    /// own: blocks come when the chain makes them.
    pub async fn subscribe_finalized(&self) -> Result<HeadSubscription, ChainError> {
        self.subscribe(true).await
    }

    /// New best blocks, the current one first.
    pub async fn subscribe_best(&self) -> Result<HeadSubscription, ChainError> {
        self.subscribe(false).await
    }

    async fn subscribe(&self, finalized: bool) -> Result<HeadSubscription, ChainError> {
        #[cfg(all(feature = "verified", not(target_arch = "wasm32")))]
        if let Some(v) = &self.inner.verified {
            // Only finalized blocks are verified: both streams are the verified finalized one.
            let _ = finalized;
            let (current, rx) = v.subscribe();
            return Ok(HeadSubscription { inner: Box::pin(head_stream(Some(current), rx)) });
        }
        if let Some(f) = &self.inner.follow {
            // Wait for the first blocks so the stream starts with the current head.
            if finalized {
                timed(self.timeout, "finalized head", f.finalized()).await?;
            } else {
                timed(self.timeout, "best head", f.best()).await?;
            }
            let (current, rx) = f.subscribe(finalized);
            return Ok(HeadSubscription { inner: Box::pin(head_stream(current, rx)) });
        }
        let (sub, unsub) = if finalized {
            (
                "chain_subscribeFinalizedHeads",
                "chain_unsubscribeFinalizedHeads",
            )
        } else {
            ("chain_subscribeNewHeads", "chain_unsubscribeNewHeads")
        };
        let s = timed(self.timeout, sub, async {
            self.inner
                .rpc
                .subscribe::<Header>(sub, rpc_params![], unsub)
                .await
                .map_err(from_rpc)
        })
        .await?;
        let stream = s.map(|r| {
            r.map(|h| Head {
                number: h.number,
                hash: h.hash(),
            })
            .map_err(from_rpc)
        });
        Ok(HeadSubscription {
            inner: Box::pin(stream),
        })
    }
}

/// A JSON-RPC call within `timeout`, sent again while the connection is being re-established
/// (see [`Client::request`]).
pub(crate) async fn request_with<R: DeserializeOwned>(
    rpc: &RpcClient,
    timeout: Duration,
    method: &str,
    params: RpcParams,
) -> Result<R, ChainError> {
    timed(timeout, method, async {
        let mut pause = Duration::from_millis(50);
        loop {
            match rpc.request(method, params.clone()).await {
                Err(subxt_rpcs::Error::DisconnectedWillReconnect(_)) => {
                    crate::platform::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_secs(2));
                }
                other => return other.map_err(from_rpc),
            }
        }
    })
    .await
}

/// Reconnection delays: none for the first connection (an unreachable node is reported at
/// once), then exponential backoff from 100 ms to 10 s, without end, for every reconnection.
#[derive(Clone)]
struct Backoff {
    armed: Arc<std::sync::atomic::AtomicBool>,
    next: Duration,
    url: String,
}

impl Iterator for Backoff {
    type Item = Duration;
    fn next(&mut self) -> Option<Duration> {
        if !self.armed.load(std::sync::atomic::Ordering::Relaxed) {
            return None;
        }
        let d = self.next;
        self.next = (self.next * 2).min(Duration::from_secs(10));
        log::warn!(target: "taolight::chain", "connection to {} lost: reconnecting in {d:?}", self.url);
        Some(d)
    }
}

/// A WebSocket client that reconnects by itself when the connection drops: calls in flight
/// fail with [`ChainError::Disconnected`] (reads are retried, see [`Client::request`]) and
/// subscriptions end; the chainHead follow subscription starts again on its own.
async fn connect_reconnecting(url: &str) -> Result<RpcClient, ChainError> {
    use subxt_rpcs::client::reconnecting_rpc_client::RpcClient as Reconnecting;
    let unreachable = |reason: String| ChainError::Unreachable {
        url: url.to_string(),
        reason,
    };
    if !(url.starts_with("ws://") || url.starts_with("wss://")) {
        return Err(ChainError::InvalidNetwork(url.to_string()));
    }
    let armed = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let policy = Backoff {
        armed: armed.clone(),
        next: Duration::from_millis(100),
        url: url.to_string(),
    };
    let client = Reconnecting::builder()
        .retry_policy(policy)
        .build(url)
        .await
        .map_err(|e| unreachable(error_chain(&e)))?;
    armed.store(true, std::sync::atomic::Ordering::Relaxed);
    Ok(RpcClient::new(client))
}

/// The text of an error and its sources, without the RPC layer's repeated prefixes.
fn error_chain(e: &dyn std::error::Error) -> String {
    const PREFIX: &str = "RPC error: client error: ";
    let strip = |mut t: &str| {
        while let Some(rest) = t.strip_prefix(PREFIX) {
            t = rest;
        }
        t.to_string()
    };
    let mut s = strip(&e.to_string());
    let mut src = e.source();
    while let Some(inner) = src {
        let t = strip(&inner.to_string());
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        src = inner.source();
    }
    s
}

/// The current head, then the broadcast ones, without repeats; a slow reader skips heads (the
/// latest ones still come).
fn head_stream(
    current: Option<Head>,
    rx: tokio::sync::broadcast::Receiver<Result<Head, ChainError>>,
) -> impl Stream<Item = Result<Head, ChainError>> + Send {
    let first = futures::stream::iter(current.map(Ok));
    let rest = futures::stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(item) => return Some((item, rx)),
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    // The current head may also be the first broadcast: skip repeats.
    let mut last: Option<Head> = None;
    first.chain(rest).filter(move |item| {
        let fresh = match item {
            Ok(h) => {
                let fresh = last.is_none_or(|l| h.number > l.number || (h.number == l.number && h.hash != l.hash));
                if fresh {
                    last = Some(*h);
                }
                fresh
            }
            Err(_) => true,
        };
        futures::future::ready(fresh)
    })
}

/// A stream of block heads; ends when the connection closes (after an `Err` item).
pub struct HeadSubscription {
    inner: Pin<Box<dyn Stream<Item = Result<Head, ChainError>> + Send>>,
}

impl HeadSubscription {
    /// The next head; `None` when the stream has ended.
    pub async fn next(&mut self) -> Option<Result<Head, ChainError>> {
        self.inner.next().await
    }
}

impl Stream for HeadSubscription {
    type Item = Result<Head, ChainError>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl std::fmt::Debug for HeadSubscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HeadSubscription")
    }
}
