//! The embedded light client: smoldot-light (native, its `DefaultPlatform`), driven through its
//! JSON-RPC interface.
//!
//! [`LightClient::start`] adds a chain from its chain spec (and optionally a database saved by
//! an earlier run), with smoldot's JSON-RPC service enabled. Requests are sent as JSON-RPC text
//! with numeric ids; a background tokio task reads smoldot's responses and hands each to the
//! request waiting for that id. Every request has a timeout ([`LightOptions::timeout`]).
//!
//! Adding a chain computes the genesis block from the spec's genesis storage (a trie over the
//! whole storage, runtime included), which is CPU work: it runs on tokio's blocking pool, bounded
//! by [`LightOptions::start_timeout`]. On a timeout the work still finishes in the background
//! (it cannot be interrupted) and its result is dropped.
//!
//! Subscription notifications are routed to their subscription by id (buffered when they
//! arrive before the subscription call's answer), so [`crate::chain::Client::light`] runs the
//! whole chain client (chainHead_v1 follow, storage, calls, metadata) over smoldot: one API
//! over the light client and an RPC node.
//!
//! ```no_run
//! # async fn f() -> Result<(), taolight::chain::ChainError> {
//! use taolight::chain::LightClient;
//! let spec = std::fs::read_to_string("spec.json").expect("spec");
//! let light = LightClient::start(&spec, None).await?;
//! println!("{} {}", light.chain_name().await?, light.genesis_hash().await?);
//! # Ok(()) }
//! ```

use std::collections::HashMap;
use std::num::NonZero;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;
use smoldot_light::platform::DefaultPlatform;
use smoldot_light::{AddChainConfig, AddChainConfigJsonRpc, AddChainError, ChainId};
use tokio::sync::oneshot;

use super::sync::LightHealth;
use super::{BlockHash, ChainError};

type Smoldot = smoldot_light::Client<Arc<DefaultPlatform>>;
type Waiters = Mutex<HashMap<u64, oneshot::Sender<Result<Value, ChainError>>>>;

/// Notification routing: subscription id → its stream, and notifications that came first.
#[derive(Default)]
struct Subscriptions {
    open: HashMap<String, tokio::sync::mpsc::UnboundedSender<Value>>,
    early: HashMap<String, Vec<Value>>,
}

/// At most this many notifications are kept for subscriptions not registered yet.
const EARLY_MAX: usize = 1024;

/// How to start the light client.
#[derive(Debug, Clone)]
pub struct LightOptions {
    /// The limit for each JSON-RPC request. Default 60 s: see [`LightClient::health`].
    pub timeout: Duration,
    /// The limit for adding the chain (building the genesis block from the spec) and checking
    /// its genesis hash.
    pub start_timeout: Duration,
    /// Refuse a spec whose genesis hash differs ([`ChainError::WrongChain`]).
    pub expected_genesis: Option<BlockHash>,
    /// The runtime the chain runs now, when known (a [`super::Checkpoint`] records it): one
    /// smoldot cannot follow (AuraApi beside BabeApi) is refused at once with
    /// [`ChainError::UnsupportedConsensus`], before smoldot starts, instead of smoldot
    /// retrying its warp sync forever.
    pub runtime: Option<super::RuntimeVersion>,
}

impl Default for LightOptions {
    fn default() -> Self {
        LightOptions {
            timeout: Duration::from_secs(60),
            start_timeout: Duration::from_secs(120),
            expected_genesis: None,
            runtime: None,
        }
    }
}

/// The embedded smoldot light client, following one chain.
///
/// Dropping it (every clone) removes the chain from smoldot and stops the background task.
#[derive(Clone)]
pub struct LightClient {
    inner: Arc<Inner>,
    timeout: Duration,
}

struct Inner {
    smoldot: Mutex<Smoldot>,
    chain_id: ChainId,
    waiters: Arc<Waiters>,
    subs: Arc<Mutex<Subscriptions>>,
    next_id: AtomicU64,
}

impl Drop for Inner {
    fn drop(&mut self) {
        // Makes the response stream end, which ends the background task.
        let _user_data: () = lock(&self.smoldot).remove_chain(self.chain_id);
    }
}

impl std::fmt::Debug for LightClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LightClient")
            .field("chain_id", &self.inner.chain_id)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A poisoned lock only means another thread panicked while holding it; the data (smoldot's
    // client, a map of waiters) stays usable.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl LightClient {
    /// Starts smoldot on the chain described by `chain_spec_json` (a raw chain spec), with the
    /// default [`LightOptions`]. `database` is what [`LightClient::finalized_database`]
    /// returned in an earlier run, for a fast restart; smoldot ignores content it cannot use.
    ///
    /// Must be called within a tokio runtime.
    pub async fn start(
        chain_spec_json: &str,
        database: Option<&str>,
    ) -> Result<LightClient, ChainError> {
        Self::start_with(chain_spec_json, database, LightOptions::default()).await
    }

    /// [`LightClient::start`] with options. Fails with `InvalidChainSpec` on a malformed or
    /// unusable spec, `WrongChain` when the genesis hash is not
    /// [`LightOptions::expected_genesis`], and `Timeout` past [`LightOptions::start_timeout`].
    pub async fn start_with(
        chain_spec_json: &str,
        database: Option<&str>,
        options: LightOptions,
    ) -> Result<LightClient, ChainError> {
        if let Some(rt) = &options.runtime {
            rt.check_light_client_consensus()?;
        }
        let spec = chain_spec_json.to_owned();
        let database = database.unwrap_or("").to_owned();
        let start_timeout = options.start_timeout;
        let adding = tokio::task::spawn_blocking(move || add_chain(&spec, &database));
        let (smoldot, chain_id, responses) = match tokio::time::timeout(start_timeout, adding).await
        {
            Err(_) => {
                return Err(ChainError::Timeout {
                    what: "adding the chain to the light client".into(),
                    after: start_timeout,
                })
            }
            Ok(Err(join)) => {
                // smoldot panicked on this spec (it unwraps in a few places); keep it typed.
                let reason = if join.is_panic() {
                    "the light client panicked while reading it"
                } else {
                    "adding it was cancelled"
                };
                return Err(ChainError::InvalidChainSpec(reason.into()));
            }
            Ok(Ok(added)) => added?,
        };

        let waiters: Arc<Waiters> = Arc::default();
        let subs: Arc<Mutex<Subscriptions>> = Arc::default();
        tokio::spawn(dispatch(responses, waiters.clone(), subs.clone()));
        let client = LightClient {
            inner: Arc::new(Inner {
                smoldot: Mutex::new(smoldot),
                chain_id,
                waiters,
                subs,
                next_id: AtomicU64::new(1),
            }),
            timeout: options.timeout,
        };

        if let Some(expected) = options.expected_genesis {
            let actual = client.with_timeout(start_timeout).genesis_hash().await?;
            if actual != expected {
                return Err(ChainError::WrongChain {
                    expected: expected.to_string(),
                    actual: actual.to_string(),
                });
            }
        }
        Ok(client)
    }

    /// The same client (same chain, same smoldot) with another per-request timeout.
    pub fn with_timeout(&self, timeout: Duration) -> LightClient {
        LightClient {
            inner: self.inner.clone(),
            timeout,
        }
    }

    /// The genesis hash smoldot computed from the spec (`chainSpec_v1_genesisHash`).
    pub async fn genesis_hash(&self) -> Result<BlockHash, ChainError> {
        let v = self
            .request("chainSpec_v1_genesisHash", Value::Array(vec![]))
            .await?;
        let s = v
            .as_str()
            .ok_or_else(|| ChainError::decode("chainSpec_v1_genesisHash", "not a string"))?;
        s.parse()
    }

    /// The chain's name from the spec (`chainSpec_v1_chainName`).
    pub async fn chain_name(&self) -> Result<String, ChainError> {
        let v = self
            .request("chainSpec_v1_chainName", Value::Array(vec![]))
            .await?;
        serde_json::from_value(v).map_err(|e| ChainError::decode("chainSpec_v1_chainName", e))
    }

    /// The chain's properties from the spec (`chainSpec_v1_properties`), e.g. `ss58Format`,
    /// `tokenDecimals`, `tokenSymbol`.
    pub async fn properties(&self) -> Result<serde_json::Map<String, Value>, ChainError> {
        let v = self
            .request("chainSpec_v1_properties", Value::Array(vec![]))
            .await?;
        match v {
            Value::Object(m) => Ok(m),
            Value::Null => Ok(serde_json::Map::new()),
            other => Err(ChainError::decode(
                "chainSpec_v1_properties",
                format!("expected an object, got {other}"),
            )),
        }
    }

    /// Peers and sync state (`system_health`).
    ///
    /// smoldot-light 1.3.2 answers this only once its sync service has decided how to sync
    /// (warp or all-forks): with no peers that is its 30 s decision deadline (measured here:
    /// 30.0 s on a spec without bootnodes). The other requests answer at once.
    pub async fn health(&self) -> Result<LightHealth, ChainError> {
        let v = self.request("system_health", Value::Array(vec![])).await?;
        serde_json::from_value(v).map_err(|e| ChainError::decode("system_health", e))
    }

    /// smoldot's database for the finalized block (`chainHead_unstable_finalizedDatabase`), to
    /// pass to [`LightClient::start`] next time. `max_size_bytes` bounds its length.
    pub async fn finalized_database(
        &self,
        max_size_bytes: Option<u64>,
    ) -> Result<String, ChainError> {
        let params = match max_size_bytes {
            Some(n) => Value::Array(vec![n.into()]),
            None => Value::Array(vec![]),
        };
        let v = self
            .request("chainHead_unstable_finalizedDatabase", params)
            .await?;
        serde_json::from_value(v)
            .map_err(|e| ChainError::decode("chainHead_unstable_finalizedDatabase", e))
    }

    /// Any JSON-RPC request to smoldot: `params` is the JSON `params` value (an array or an
    /// object). Returns the `result`, or `Rpc` for a JSON-RPC error, or `Timeout`.
    pub async fn request(&self, method: &str, params: Value) -> Result<Value, ChainError> {
        let id = self.inner.next_id.fetch_add(1, Ordering::Relaxed);
        let text =
            serde_json::json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
                .to_string();
        let (tx, rx) = oneshot::channel();
        lock(&self.inner.waiters).insert(id, tx);
        let queued = lock(&self.inner.smoldot).json_rpc_request(text, self.inner.chain_id);
        if let Err(e) = queued {
            lock(&self.inner.waiters).remove(&id);
            return Err(ChainError::Unsupported(format!("{method}: {e}")));
        }
        match tokio::time::timeout(self.timeout, rx).await {
            Ok(Ok(answer)) => answer,
            Ok(Err(_)) => Err(ChainError::Disconnected(
                "the light client stopped answering".into(),
            )),
            Err(_) => {
                lock(&self.inner.waiters).remove(&id);
                Err(ChainError::Timeout {
                    what: method.to_string(),
                    after: self.timeout,
                })
            }
        }
    }
}

/// Adds the chain to a new smoldot client (blocking: builds the genesis block).
fn add_chain(
    spec: &str,
    database: &str,
) -> Result<
    (
        Smoldot,
        ChainId,
        smoldot_light::JsonRpcResponses<Arc<DefaultPlatform>>,
    ),
    ChainError,
> {
    let platform = DefaultPlatform::new("taolight".into(), env!("CARGO_PKG_VERSION").into());
    let mut smoldot: Smoldot = smoldot_light::Client::new(platform);
    let max_pending_requests = NonZero::new(128).unwrap_or(NonZero::<u32>::MIN);
    let added = smoldot
        .add_chain(AddChainConfig {
            user_data: (),
            specification: spec,
            database_content: database,
            potential_relay_chains: std::iter::empty(),
            json_rpc: AddChainConfigJsonRpc::Enabled {
                max_pending_requests,
                max_subscriptions: 1024,
            },
            statement_protocol_config: None,
        })
        .map_err(|e| match e {
            AddChainError::NoRelayChainFound | AddChainError::MultipleRelayChains => {
                ChainError::Unsupported(format!("parachain specs: {e}"))
            }
            AddChainError::InvalidGenesisStorage(smoldot::chain_spec::FromGenesisStorageError::BuildChainInformation(
                smoldot::chain::chain_information::build::Error::MultipleConsensusAlgorithms,
            )) => ChainError::UnsupportedConsensus(
                "the genesis runtime offers both AuraApi and BabeApi, which the embedded light client \
                 (smoldot) refuses: use the verified RPC backend instead (`--trust verified`)"
                    .into(),
            ),
            other => ChainError::InvalidChainSpec(other.to_string()),
        })?;
    let responses = added.json_rpc_responses.ok_or_else(|| {
        ChainError::Unsupported("the light client did not enable JSON-RPC".into())
    })?;
    Ok((smoldot, added.chain_id, responses))
}

/// One JSON-RPC message from smoldot: a response (with `id`) or a notification (without).
#[derive(Deserialize)]
struct Message {
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    result: Option<Value>,
    #[serde(default)]
    error: Option<RpcError>,
    #[serde(default)]
    params: Option<Notification>,
}

#[derive(Deserialize)]
struct Notification {
    subscription: Value,
    result: Value,
}

fn sub_key(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[derive(Deserialize)]
struct RpcError {
    code: i32,
    message: String,
}

/// Hands each response to the request waiting for its id, until the chain is removed.
async fn dispatch(
    mut responses: smoldot_light::JsonRpcResponses<Arc<DefaultPlatform>>,
    waiters: Arc<Waiters>,
    subs: Arc<Mutex<Subscriptions>>,
) {
    while let Some(text) = responses.next().await {
        let Ok(msg) = serde_json::from_str::<Message>(&text) else {
            continue;
        };
        if let Some(n) = msg.params {
            let key = sub_key(&n.subscription);
            let mut s = lock(&subs);
            match s.open.get(&key) {
                Some(tx) => {
                    let _ = tx.send(n.result);
                }
                None => {
                    let total: usize = s.early.values().map(Vec::len).sum();
                    if total < EARLY_MAX {
                        s.early.entry(key).or_default().push(n.result);
                    }
                }
            }
            continue;
        }
        let Some(id) = msg.id.as_ref().and_then(id_number) else {
            continue; // an error about an unparsable request (id null)
        };
        let Some(tx) = lock(&waiters).remove(&id) else {
            continue; // its request timed out
        };
        let answer = match (msg.error, msg.result) {
            (Some(e), _) => Err(ChainError::Rpc {
                code: e.code,
                message: e.message,
            }),
            (None, Some(result)) => Ok(result),
            (None, None) => Ok(Value::Null),
        };
        let _ = tx.send(answer);
    }
    // The chain was removed: whoever still waits gets `Disconnected` (their senders drop),
    // and every subscription stream ends.
    lock(&waiters).clear();
    lock(&subs).open.clear();
}

/// The light client as a JSON-RPC transport for [`crate::chain::Client`].
#[derive(Clone)]
pub(crate) struct LightRpc(pub(crate) LightClient);

fn to_rpc_error(e: ChainError) -> subxt_rpcs::Error {
    match e {
        ChainError::Rpc { code, message } => subxt_rpcs::Error::User(subxt_rpcs::UserError {
            code,
            message,
            data: None,
        }),
        other => subxt_rpcs::Error::Client(Box::new(other)),
    }
}

fn params_value(params: Option<Box<serde_json::value::RawValue>>) -> Result<Value, subxt_rpcs::Error> {
    match params {
        None => Ok(Value::Array(vec![])),
        Some(raw) => serde_json::from_str(raw.get()).map_err(subxt_rpcs::Error::Deserialization),
    }
}

impl subxt_rpcs::client::RpcClientT for LightRpc {
    fn request_raw<'a>(
        &'a self,
        method: &'a str,
        params: Option<Box<serde_json::value::RawValue>>,
    ) -> subxt_rpcs::client::RawRpcFuture<'a, Box<serde_json::value::RawValue>> {
        Box::pin(async move {
            let v = self.0.request(method, params_value(params)?).await.map_err(to_rpc_error)?;
            serde_json::value::to_raw_value(&v).map_err(subxt_rpcs::Error::Deserialization)
        })
    }

    fn subscribe_raw<'a>(
        &'a self,
        sub: &'a str,
        params: Option<Box<serde_json::value::RawValue>>,
        unsub: &'a str,
    ) -> subxt_rpcs::client::RawRpcFuture<'a, subxt_rpcs::client::RawRpcSubscription> {
        Box::pin(async move {
            let id = self.0.request(sub, params_value(params)?).await.map_err(to_rpc_error)?;
            let key = sub_key(&id);
            let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
            {
                let mut s = lock(&self.0.inner.subs);
                for early in s.early.remove(&key).unwrap_or_default() {
                    let _ = tx.send(early);
                }
                s.open.insert(key.clone(), tx);
            }
            let guard = Unsubscribe {
                light: self.0.clone(),
                key: key.clone(),
                method: unsub.to_string(),
            };
            let stream = futures::stream::unfold((rx, guard), |(mut rx, guard)| async move {
                let v = rx.recv().await?;
                let item = serde_json::value::to_raw_value(&v).map_err(subxt_rpcs::Error::Deserialization);
                Some((item, (rx, guard)))
            });
            Ok(subxt_rpcs::client::RawRpcSubscription {
                stream: Box::pin(stream),
                id: Some(key),
            })
        })
    }
}

/// Ends a subscription when its stream is dropped: forget its route, tell smoldot.
struct Unsubscribe {
    light: LightClient,
    key: String,
    method: String,
}

impl Drop for Unsubscribe {
    fn drop(&mut self) {
        lock(&self.light.inner.subs).open.remove(&self.key);
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            let light = self.light.clone();
            let (method, key) = (std::mem::take(&mut self.method), std::mem::take(&mut self.key));
            rt.spawn(async move {
                let _ = light.request(&method, Value::Array(vec![Value::String(key)])).await;
            });
        }
    }
}

fn id_number(id: &Value) -> Option<u64> {
    match id {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}
