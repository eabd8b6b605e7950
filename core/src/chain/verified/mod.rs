//! The verified RPC backend: a trustless view of the chain over any JSON-RPC node, in the
//! spirit of helios (which does the same for Ethereum).
//!
//! Trust starts from a [`Checkpoint`]: a finalized header and the GRANDPA authority set in force
//! there. From it:
//!
//! - **finality** is followed by verifying GRANDPA justifications (`grandpa_subscribeJustifications`)
//!   against the authority set (module `finality`), walking the headers in between (each must hash to
//!   what its child names, and the walk must reach the verified finalized block), and taking
//!   authority set changes from those headers' digests (the block that enacts a change must come
//!   with its own justification, from `chain_getBlock`);
//! - **storage reads** are proven against the verified block's state root
//!   (`state_getReadProof`, module `proof`);
//! - **runtime API calls** run here, in the runtime read from the proven state, every storage
//!   access proven (module `exec`).
//!
//! What it does not verify: blocks that are not finalized yet (reads at such a block wait for
//! its finality), transactions' propagation (the node may drop a submission: the wait for
//! inclusion then times out), and the node's answers to methods outside the chain's state
//! (peers, pending transactions). A checkpoint far in the past costs a walk over every header
//! since it; refresh it from time to time.

mod exec;
mod finality;
mod proof;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use parity_scale_codec::Encode;
use serde::de::DeserializeOwned;
use subxt_rpcs::client::{rpc_params, RpcParams};
use subxt_rpcs::RpcClient;
use tokio::sync::{broadcast, watch};

use super::{AuthoritySet, Checkpoint};

use super::{BlockHash, ChainError, Head, Header, RuntimeVersion};

/// How many finalized headers are kept (reads at them need no header fetch).
const KEPT_HEADERS: usize = 4096;

/// Requests to the node, each within the timeout, retried while the connection is re-established.
#[derive(Clone)]
pub(crate) struct Rpc {
    pub(crate) rpc: RpcClient,
    pub(crate) timeout: Duration,
}

impl Rpc {
    pub(crate) async fn request<R: DeserializeOwned>(&self, method: &str, params: RpcParams) -> Result<R, ChainError> {
        super::client::request_with(&self.rpc, self.timeout, method, params).await
    }

    /// A header by hash, checked to hash to it.
    async fn header(&self, hash: BlockHash) -> Result<Header, ChainError> {
        let h: Option<Header> = self.request("chain_getHeader", rpc_params![hash]).await?;
        let h = h.ok_or_else(|| ChainError::BlockNotAvailable(hash.to_string()))?;
        if h.hash() != hash {
            return Err(ChainError::BadHeader(format!("the header the node sent for {hash} hashes to {}", h.hash())));
        }
        Ok(h)
    }
}

/// The verified state of finality.
struct State {
    finalized: Head,
    set: AuthoritySet,
    /// A scheduled change seen in a finalized header: (block that enacts it, the next set).
    pending: Option<(u32, AuthoritySet)>,
    /// Finalized headers by number (the recent part of the finalized chain).
    headers: BTreeMap<u32, Header>,
    by_hash: HashMap<BlockHash, u32>,
    /// The last justification refused, for [`Verified::last_error`].
    last_error: Option<ChainError>,
}

impl State {
    fn keep(&mut self, h: Header) {
        self.by_hash.insert(h.hash(), h.number);
        self.headers.insert(h.number, h);
        while self.headers.len() > KEPT_HEADERS {
            if let Some((_, old)) = self.headers.pop_first() {
                self.by_hash.remove(&old.hash());
            }
        }
    }

    fn header_by_hash(&self, hash: &BlockHash) -> Option<&Header> {
        self.by_hash.get(hash).and_then(|n| self.headers.get(n))
    }
}

struct Shared {
    state: Mutex<State>,
    finalized_tx: watch::Sender<Head>,
    heads_tx: broadcast::Sender<Result<Head, ChainError>>,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The verified backend of a [`super::Client`]: its follow task and its executor.
pub(crate) struct Verified {
    shared: Arc<Shared>,
    rpc: Rpc,
    executor: exec::Executor,
    task: crate::platform::AbortHandle,
}

impl Drop for Verified {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Verified {
    /// Starts following finality from `checkpoint` over `rpc`. Checks first that the node
    /// serves what the backend needs (read proofs and justifications).
    pub(crate) async fn start(rpc: Rpc, checkpoint: Checkpoint) -> Result<Verified, ChainError> {
        let block = checkpoint.block();
        let mut state = State {
            finalized: block,
            set: checkpoint.authority_set,
            pending: None,
            headers: BTreeMap::new(),
            by_hash: HashMap::new(),
            last_error: None,
        };
        state.keep(checkpoint.header);
        let shared = Arc::new(Shared {
            state: Mutex::new(state),
            finalized_tx: watch::channel(block).0,
            heads_tx: broadcast::channel(256).0,
        });
        let sub = rpc
            .rpc
            .subscribe::<String>("grandpa_subscribeJustifications", rpc_params![], "grandpa_unsubscribeJustifications")
            .await
            .map_err(|e| match super::client::from_rpc(e) {
                ChainError::Rpc { message, .. } => ChainError::Unsupported(format!(
                    "the node does not serve GRANDPA justifications (grandpa_subscribeJustifications: {message})"
                )),
                other => other,
            })?;
        let task = crate::platform::spawn(follow(rpc.clone(), shared.clone(), Some(sub)));
        Ok(Verified { shared, rpc, executor: exec::Executor::default(), task })
    }

    /// The latest verified finalized block.
    pub(crate) fn finalized(&self) -> Head {
        self.shared.lock().finalized
    }

    /// The authority set in force after the latest verified finalized block.
    pub(crate) fn authority_set(&self) -> AuthoritySet {
        self.shared.lock().set.clone()
    }

    /// Why the last justification was refused, if one was.
    pub(crate) fn last_error(&self) -> Option<ChainError> {
        self.shared.lock().last_error.clone()
    }

    /// Verified finalized heads as they come.
    pub(crate) fn subscribe(&self) -> (Head, broadcast::Receiver<Result<Head, ChainError>>) {
        let rx = self.shared.heads_tx.subscribe();
        (self.finalized(), rx)
    }

    /// The verified header of `at` (default: the finalized block). A block on the finalized
    /// chain older than the kept headers is verified by walking back to a kept one; a block not
    /// finalized yet is waited for, within the timeout.
    pub(crate) async fn header(&self, at: Option<BlockHash>) -> Result<Header, ChainError> {
        let wanted = {
            let st = self.shared.lock();
            let hash = at.unwrap_or(st.finalized.hash);
            if let Some(h) = st.header_by_hash(&hash) {
                return Ok(h.clone());
            }
            hash
        };
        let header = self.rpc.header(wanted).await?;
        let mut finalized_rx = self.shared.finalized_tx.subscribe();
        let timeout = self.rpc.timeout;
        let wait = async {
            loop {
                let (finalized, oldest) = {
                    let st = self.shared.lock();
                    if st.header_by_hash(&wanted).is_some() {
                        return Ok(());
                    }
                    (st.finalized, st.headers.first_key_value().map(|(_, h)| h.clone()))
                };
                if header.number <= finalized.number {
                    return match oldest {
                        Some(oldest) if header.number < oldest.number => self.walk_back(oldest, &header).await,
                        _ => Err(ChainError::BadHeader(format!(
                            "block #{} {wanted} is not on the finalized chain",
                            header.number
                        ))),
                    };
                }
                if finalized_rx.changed().await.is_err() {
                    return Err(ChainError::Disconnected("the verified follow task stopped".into()));
                }
            }
        };
        match crate::platform::timeout(timeout, wait).await {
            Ok(r) => r.map(|()| header),
            Err(_) => Err(ChainError::Timeout {
                what: format!("finality of block #{} {wanted}", header.number),
                after: timeout,
            }),
        }
    }

    /// Shows that `target` is an ancestor of the kept header `from` by fetching the headers in
    /// between (at most [`KEPT_HEADERS`]).
    async fn walk_back(&self, from: Header, target: &Header) -> Result<(), ChainError> {
        if from.number - target.number > KEPT_HEADERS as u32 {
            return Err(ChainError::BadHeader(format!(
                "block #{} is too far behind the verified chain (#{}) to be checked",
                target.number, from.number
            )));
        }
        let mut at = from;
        while at.number > target.number + 1 {
            at = self.rpc.header(at.parent_hash).await?;
        }
        if at.parent_hash != target.hash() {
            return Err(ChainError::BadHeader(format!("block #{} {} is not on the finalized chain", target.number, target.hash())));
        }
        Ok(())
    }

    /// A proven storage value at `at` (default: the finalized block).
    pub(crate) async fn storage(&self, key: &[u8], at: Option<BlockHash>) -> Result<Option<Vec<u8>>, ChainError> {
        let h = self.header(at).await?;
        proof::StateReader::new(&self.rpc, h.hash(), h.state_root.0).get(key).await
    }

    /// Up to `count` proven keys under `prefix` after `start` at `at`.
    pub(crate) async fn keys(
        &self,
        prefix: &[u8],
        count: u32,
        start: Option<&[u8]>,
        at: Option<BlockHash>,
    ) -> Result<Vec<Vec<u8>>, ChainError> {
        let h = self.header(at).await?;
        proof::StateReader::new(&self.rpc, h.hash(), h.state_root.0).keys(prefix, count, start).await
    }

    /// A runtime API call executed here over proven storage at `at`.
    pub(crate) async fn runtime_call(&self, method: &str, args: &[u8], at: Option<BlockHash>) -> Result<Vec<u8>, ChainError> {
        let h = self.header(at).await?;
        let mut state = proof::StateReader::new(&self.rpc, h.hash(), h.state_root.0);
        self.executor.call(&mut state, method, args).await
    }

    /// The runtime version in the proven state at `at`.
    pub(crate) async fn runtime_version(&self, at: Option<BlockHash>) -> Result<RuntimeVersion, ChainError> {
        let h = self.header(at).await?;
        let mut state = proof::StateReader::new(&self.rpc, h.hash(), h.state_root.0);
        self.executor.runtime_version(&mut state).await
    }
}

/// The follow task: verifies each justification the node announces and advances.
async fn follow(
    rpc: Rpc,
    shared: Arc<Shared>,
    mut sub: Option<subxt_rpcs::client::RpcSubscription<String>>,
) {
    let mut backoff = Duration::from_millis(100);
    loop {
        let mut s = match sub.take() {
            Some(s) => s,
            None => match rpc
                .rpc
                .subscribe::<String>("grandpa_subscribeJustifications", rpc_params![], "grandpa_unsubscribeJustifications")
                .await
            {
                Ok(s) => {
                    backoff = Duration::from_millis(100);
                    s
                }
                Err(_) => {
                    crate::platform::sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(10));
                    continue;
                }
            },
        };
        while let Some(item) = s.next().await {
            let Ok(hex_justification) = item else { break };
            let outcome = match super::types::decode_hex(&hex_justification) {
                Ok(j) => advance(&rpc, &shared, &j).await,
                Err(e) => Err(ChainError::BadJustification(format!("not hex: {e}"))),
            };
            if let Err(e) = outcome {
                // Refused, never accepted: the finalized block stays where it was.
                shared.lock().last_error = Some(e);
            }
        }
        // The connection dropped (the RPC client reconnects by itself): subscribe again.
        crate::platform::sleep(backoff).await;
    }
}

/// Verifies `justification` and, when it finalizes a block after ours, moves the verified
/// finalized block there.
async fn advance(rpc: &Rpc, shared: &Shared, justification: &[u8]) -> Result<(), ChainError> {
    let (finalized, set, pending) = {
        let st = shared.lock();
        (st.finalized, st.set.clone(), st.pending.clone())
    };
    // Which block it names (decoded again, and verified, below).
    let named = peek_target(justification)?;
    if named.number <= finalized.number {
        return Ok(());
    }
    // The headers from ours (exclusive) to the named one, each hashing to what its child names.
    let mut chain = vec![rpc.header(named.hash).await?];
    while chain[chain.len() - 1].number > finalized.number + 1 {
        let parent = chain[chain.len() - 1].parent_hash;
        chain.push(rpc.header(parent).await?);
    }
    if chain[chain.len() - 1].parent_hash != finalized.hash {
        return Err(ChainError::BadHeader(format!(
            "block #{} {} does not descend from the verified finalized block #{} {}",
            named.number, named.hash, finalized.number, finalized.hash
        )));
    }
    chain.reverse();

    let (mut set, mut pending) = (set, pending);
    let mut accepted: Vec<Header> = Vec::new();
    for h in chain {
        if pending.is_none() {
            match finality::set_change(&h.encode())? {
                Some(finality::SetChange::Scheduled { next, delay }) => {
                    let next = AuthoritySet { set_id: set.set_id + 1, authorities: next };
                    next.validate().map_err(|e| ChainError::BadHeader(format!("block #{}: {e}", h.number)))?;
                    pending = Some((h.number.saturating_add(delay), next));
                }
                Some(finality::SetChange::Forced) => {
                    return Err(ChainError::Unsupported(format!(
                        "block #{} forces an authority set change, which the verified backend does not follow: start from a checkpoint after it",
                        h.number
                    )))
                }
                None => {}
            }
        }
        let enacts = pending.as_ref().is_some_and(|(at, _)| *at == h.number);
        if enacts && h.number < named.number {
            // The old set must have finalized the enacting block itself.
            let j = block_justification(rpc, h.hash()).await?;
            let got = finality::verify_justification(&j, &set)?;
            if got.hash != h.hash() {
                return Err(ChainError::BadJustification(format!("the justification of block #{} names another block", h.number)));
            }
        }
        if h.number == named.number {
            let got = finality::verify_justification(justification, &set)?;
            if got != named {
                return Err(ChainError::BadJustification("the justification changed while being checked".into()));
            }
        }
        if enacts {
            if let Some((_, next)) = pending.take() {
                set = next;
            }
        }
        accepted.push(h);
    }

    let mut st = shared.lock();
    if st.finalized != finalized {
        // Another justification got there first; this one is checked again on the next one.
        return Ok(());
    }
    st.set = set;
    st.pending = pending;
    for h in accepted {
        st.keep(h);
    }
    st.finalized = named;
    st.last_error = None;
    drop(st);
    shared.finalized_tx.send_replace(named);
    let _ = shared.heads_tx.send(Ok(named));
    Ok(())
}

/// The block a justification names, before it is verified.
fn peek_target(justification: &[u8]) -> Result<Head, ChainError> {
    let j = smoldot::finality::decode::decode_grandpa_justification(justification, 4)
        .map_err(|e| ChainError::BadJustification(format!("does not decode: {e}")))?;
    let number = u32::try_from(j.target_number).map_err(|_| ChainError::BadJustification("target out of range".into()))?;
    Ok(Head { number, hash: BlockHash(*j.target_hash) })
}

/// The GRANDPA justification stored with a block (`chain_getBlock`), which nodes keep for the
/// blocks that enact authority set changes.
async fn block_justification(rpc: &Rpc, hash: BlockHash) -> Result<Vec<u8>, ChainError> {
    #[derive(serde::Deserialize)]
    struct Signed {
        justifications: Option<Vec<(serde_json::Value, serde_json::Value)>>,
    }
    let b: Option<Signed> = rpc.request("chain_getBlock", rpc_params![hash]).await?;
    let found = b.and_then(|b| b.justifications).into_iter().flatten().find_map(|(engine, data)| {
        let engine = match engine {
            serde_json::Value::Array(bytes) => bytes.iter().filter_map(|b| b.as_u64()).map(|b| b as u8).collect::<Vec<u8>>(),
            serde_json::Value::String(s) => super::types::decode_hex(&s).unwrap_or_default(),
            _ => Vec::new(),
        };
        (engine == b"FRNK").then_some(data)
    });
    let data = found.ok_or_else(|| {
        ChainError::BadJustification(format!("the node has no GRANDPA justification for block {hash}, which enacts an authority set change"))
    })?;
    match data {
        serde_json::Value::String(s) => super::types::decode_hex(&s),
        serde_json::Value::Array(bytes) => Ok(bytes.iter().filter_map(|b| b.as_u64()).map(|b| b as u8).collect()),
        _ => Err(ChainError::decode("justification", "neither hex nor bytes")),
    }
}
