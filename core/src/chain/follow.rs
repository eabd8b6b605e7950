//! The new JSON-RPC API: one `chainHead_v1_follow` subscription per client, kept by a
//! background task.
//!
//! The task tracks the finalized and best blocks (numbers are derived from parent links; one
//! `chainHead_v1_header` per subscription gives the first number), the runtime of every pinned
//! block, broadcasts new heads, routes operation events (`chainHead_v1_storage` / `_call`) to
//! the callers waiting for them, and unpins blocks once they are pruned or fall more than
//! [`KEEP_FINALIZED`] finalized blocks behind. When the node stops the subscription, it follows
//! again (with backoff); when the connection is gone, it ends and every waiter gets
//! `Disconnected`.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use subxt_rpcs::client::rpc_params;
use subxt_rpcs::methods::chain_head::{
    FollowEvent, MethodResponse, RuntimeEvent, RuntimeSpec, StorageQuery, StorageQueryType,
    StorageResultType,
};
use subxt_rpcs::{ChainHeadRpcMethods, RpcClient};
use tokio::sync::{broadcast, mpsc, watch};

use super::client::{from_rpc, RpcCfg};
use super::{BlockHash, ChainError, Head, RuntimeVersion};

/// Finalized blocks kept pinned (reads at them use the new API; older ones go through legacy).
pub(crate) const KEEP_FINALIZED: usize = 16;
/// Operation events buffered for operation ids nobody waits for (yet).
const EARLY_EVENTS_MAX: usize = 256;

type Event = FollowEvent<BlockHash>;
pub(crate) type HeadEvent = Result<Head, ChainError>;

/// The result of an operation through the follow subscription: done, or "ask the legacy API"
/// (block not pinned, server busy, operation inaccessible, subscription restarted).
pub(crate) enum Routed<T> {
    Done(T),
    UseLegacy,
}

struct BlockInfo {
    number: u32,
    runtime: Option<Arc<RuntimeVersion>>,
}

#[derive(Default)]
struct State {
    sub_id: Option<String>,
    finalized: Option<Head>,
    best: Option<Head>,
    blocks: HashMap<BlockHash, BlockInfo>,
    finalized_pinned: VecDeque<BlockHash>,
    ops: HashMap<String, mpsc::UnboundedSender<Event>>,
    early: HashMap<String, Vec<Event>>,
    early_order: VecDeque<String>,
    dead: Option<ChainError>,
}

struct Shared {
    state: Mutex<State>,
    changed: watch::Sender<u64>,
    finalized_tx: broadcast::Sender<HeadEvent>,
    best_tx: broadcast::Sender<HeadEvent>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves plain data behind; keep going.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn bump(&self) {
        self.changed.send_modify(|n| *n += 1);
    }

    /// The subscription ended: forget its blocks, release its waiters.
    fn reset(&self) {
        let mut st = self.lock();
        let dead = st.dead.take();
        *st = State {
            dead,
            ..State::default()
        };
        drop(st);
        self.bump();
    }

    /// The connection is gone for good.
    fn die(&self, e: ChainError) {
        self.reset();
        self.lock().dead = Some(e.clone());
        let _ = self.finalized_tx.send(Err(e.clone()));
        let _ = self.best_tx.send(Err(e));
        self.bump();
    }

    fn route(&self, op_id: &str, ev: Event) {
        let mut st = self.lock();
        if let Some(tx) = st.ops.get(op_id) {
            let _ = tx.send(ev);
            return;
        }
        if !st.early.contains_key(op_id) {
            st.early_order.push_back(op_id.to_string());
            while st.early_order.len() > EARLY_EVENTS_MAX {
                if let Some(old) = st.early_order.pop_front() {
                    st.early.remove(&old);
                }
            }
        }
        st.early.entry(op_id.to_string()).or_default().push(ev);
    }
}

/// Handle on the follow task; aborts it on drop.
pub(crate) struct Follow {
    shared: Arc<Shared>,
    methods: ChainHeadRpcMethods<RpcCfg>,
    task: crate::platform::AbortHandle,
}

impl Drop for Follow {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A registered operation: receives its events; unregisters (and stops the operation on the
/// node when unfinished) on drop, so dropping a read cancels it.
struct Operation<'a> {
    follow: &'a Follow,
    sub_id: String,
    op_id: String,
    rx: mpsc::UnboundedReceiver<Event>,
    done: bool,
}

impl Drop for Operation<'_> {
    fn drop(&mut self) {
        self.follow.shared.lock().ops.remove(&self.op_id);
        if !self.done {
            let methods = self.follow.methods.clone();
            let (sub, op) = (
                std::mem::take(&mut self.sub_id),
                std::mem::take(&mut self.op_id),
            );
            crate::platform::spawn_detached(async move {
                let _ = crate::platform::timeout(
                    Duration::from_secs(5),
                    methods.chainhead_v1_stop_operation(&sub, &op),
                )
                .await;
            });
        }
    }
}

fn runtime_of(ev: Option<RuntimeEvent>) -> Option<Option<Arc<RuntimeVersion>>> {
    match ev {
        None => None,
        Some(RuntimeEvent::Valid(v)) => Some(Some(Arc::new(spec_to_version(v.spec)))),
        Some(RuntimeEvent::Invalid(_)) => Some(None),
    }
}

fn spec_to_version(s: RuntimeSpec) -> RuntimeVersion {
    RuntimeVersion {
        spec_name: s.spec_name,
        impl_name: s.impl_name,
        spec_version: s.spec_version,
        impl_version: s.impl_version,
        transaction_version: s.transaction_version,
        // Keys are the hex of each API's 8-byte id; an unreadable one is left out.
        apis: s
            .apis
            .into_iter()
            .filter_map(|(id, n)| {
                let b = super::types::decode_hex(&id).ok()?;
                Some((<[u8; 8]>::try_from(b).ok()?, n))
            })
            .collect(),
    }
}

impl Follow {
    /// Start following; returns at once (the first `initialized` event comes later).
    pub(crate) fn start(rpc: RpcClient, timeout: Duration) -> Follow {
        let methods = ChainHeadRpcMethods::new(rpc.clone());
        let shared = Arc::new(Shared {
            state: Mutex::new(State::default()),
            changed: watch::channel(0).0,
            finalized_tx: broadcast::channel(256).0,
            best_tx: broadcast::channel(256).0,
        });
        let task = crate::platform::spawn(run(rpc, methods.clone(), shared.clone(), timeout));
        Follow {
            shared,
            methods,
            task,
        }
    }

    /// Wait until the subscription reported its first blocks (callers bound this with their
    /// timeout).
    async fn ready(&self) -> Result<(), ChainError> {
        let mut rx = self.shared.changed.subscribe();
        loop {
            {
                let st = self.shared.lock();
                if let Some(e) = &st.dead {
                    return Err(e.clone());
                }
                if st.finalized.is_some() {
                    return Ok(());
                }
            }
            rx.changed()
                .await
                .map_err(|_| ChainError::Disconnected("follow task ended".into()))?;
        }
    }

    pub(crate) async fn finalized(&self) -> Result<Head, ChainError> {
        self.ready().await?;
        self.shared
            .lock()
            .finalized
            .ok_or_else(|| ChainError::Disconnected("follow restarted".into()))
    }

    pub(crate) async fn best(&self) -> Result<Head, ChainError> {
        self.ready().await?;
        self.shared
            .lock()
            .best
            .ok_or_else(|| ChainError::Disconnected("follow restarted".into()))
    }

    /// The runtime at a pinned block (default: finalized).
    pub(crate) async fn runtime(
        &self,
        at: Option<BlockHash>,
    ) -> Result<Routed<RuntimeVersion>, ChainError> {
        self.ready().await?;
        let st = self.shared.lock();
        let hash = match at.or(st.finalized.map(|h| h.hash)) {
            Some(h) => h,
            None => return Ok(Routed::UseLegacy),
        };
        Ok(match st.blocks.get(&hash).and_then(|b| b.runtime.clone()) {
            Some(rv) => Routed::Done((*rv).clone()),
            None => Routed::UseLegacy,
        })
    }

    /// Heads as they are finalized (or become best): the current one first.
    pub(crate) fn subscribe(
        &self,
        finalized: bool,
    ) -> (Option<Head>, broadcast::Receiver<HeadEvent>) {
        let st = self.shared.lock();
        if finalized {
            (st.finalized, self.shared.finalized_tx.subscribe())
        } else {
            (st.best, self.shared.best_tx.subscribe())
        }
    }

    fn pinned(&self, at: Option<BlockHash>) -> Option<(String, BlockHash)> {
        let st = self.shared.lock();
        let sub = st.sub_id.clone()?;
        let hash = match at {
            None => st.finalized?.hash,
            Some(h) if st.blocks.contains_key(&h) => h,
            Some(_) => return None,
        };
        Some((sub, hash))
    }

    fn register(&self, sub_id: String, op_id: String) -> Operation<'_> {
        let (tx, rx) = mpsc::unbounded_channel();
        let mut st = self.shared.lock();
        for ev in st.early.remove(&op_id).unwrap_or_default() {
            let _ = tx.send(ev);
        }
        st.ops.insert(op_id.clone(), tx);
        Operation {
            follow: self,
            sub_id,
            op_id,
            rx,
            done: false,
        }
    }

    /// `chainHead_v1_storage` (one value) at a pinned block.
    pub(crate) async fn storage(
        &self,
        key: &[u8],
        at: Option<BlockHash>,
    ) -> Result<Routed<Option<Vec<u8>>>, ChainError> {
        self.ready().await?;
        let Some((sub_id, hash)) = self.pinned(at) else {
            return Ok(Routed::UseLegacy);
        };
        let query = StorageQuery {
            key,
            query_type: StorageQueryType::Value,
        };
        let resp = self
            .methods
            .chainhead_v1_storage(&sub_id, hash, [query], None)
            .await
            .map_err(from_rpc)?;
        let op_id = match resp {
            MethodResponse::Started(s) => s.operation_id,
            MethodResponse::LimitReached => return Ok(Routed::UseLegacy),
        };
        let mut op = self.register(sub_id, op_id);
        let mut value = None;
        loop {
            match op.rx.recv().await {
                None => return Ok(Routed::UseLegacy),
                Some(FollowEvent::OperationStorageItems(items)) => {
                    for item in items.items {
                        if item.key.0 == key {
                            if let StorageResultType::Value(v) = item.result {
                                value = Some(v.0);
                            }
                        }
                    }
                }
                Some(FollowEvent::OperationWaitingForContinue(_)) => {
                    self.methods
                        .chainhead_v1_continue(&op.sub_id, &op.op_id)
                        .await
                        .map_err(from_rpc)?;
                }
                Some(FollowEvent::OperationStorageDone(_)) => {
                    op.done = true;
                    return Ok(Routed::Done(value));
                }
                Some(FollowEvent::OperationInaccessible(_)) => {
                    op.done = true;
                    return Ok(Routed::UseLegacy);
                }
                Some(FollowEvent::OperationError(e)) => {
                    op.done = true;
                    return Err(ChainError::Rpc {
                        code: 0,
                        message: format!("chainHead_v1_storage: {}", e.error),
                    });
                }
                Some(_) => {}
            }
        }
    }

    /// `chainHead_v1_call` at a pinned block.
    pub(crate) async fn call(
        &self,
        method: &str,
        args: &[u8],
        at: Option<BlockHash>,
    ) -> Result<Routed<Vec<u8>>, ChainError> {
        self.ready().await?;
        let Some((sub_id, hash)) = self.pinned(at) else {
            return Ok(Routed::UseLegacy);
        };
        let resp = self
            .methods
            .chainhead_v1_call(&sub_id, hash, method, args)
            .await
            .map_err(from_rpc)?;
        let op_id = match resp {
            MethodResponse::Started(s) => s.operation_id,
            MethodResponse::LimitReached => return Ok(Routed::UseLegacy),
        };
        let mut op = self.register(sub_id, op_id);
        loop {
            match op.rx.recv().await {
                None => return Ok(Routed::UseLegacy),
                Some(FollowEvent::OperationCallDone(c)) => {
                    op.done = true;
                    return Ok(Routed::Done(c.output.0));
                }
                Some(FollowEvent::OperationInaccessible(_)) => {
                    op.done = true;
                    return Ok(Routed::UseLegacy);
                }
                Some(FollowEvent::OperationError(e)) => {
                    op.done = true;
                    return Err(ChainError::Rpc {
                        code: 0,
                        message: format!("{method}: {}", e.error),
                    });
                }
                Some(_) => {}
            }
        }
    }
}

/// chopsticks (1.5) sends `finalizedBlockRuntime` / `newRuntime` as the bare runtime spec (the
/// pre-v1 shape) instead of `{"type": "valid", "spec": …}`: accept both.
fn parse_event(mut v: serde_json::Value) -> Result<Event, serde_json::Error> {
    for field in ["finalizedBlockRuntime", "newRuntime"] {
        if let Some(rt) = v.get_mut(field) {
            if rt.is_object() && rt.get("type").is_none() && rt.get("specName").is_some() {
                let spec = rt.take();
                *rt = serde_json::json!({ "type": "valid", "spec": spec });
            }
        }
    }
    serde_json::from_value(v)
}

/// [`parse_event`] over JSON text, then what the follow task reads out of an event (the
/// runtime it announces): the fuzz targets' way in.
#[cfg(feature = "fuzzing")]
pub(crate) fn parse_json_event(json: &str) -> Result<(), String> {
    let v: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    match parse_event(v).map_err(|e| e.to_string())? {
        FollowEvent::Initialized(init) => {
            let _ = runtime_of(init.finalized_block_runtime);
        }
        FollowEvent::NewBlock(block) => {
            let _ = runtime_of(block.new_runtime);
        }
        _ => {}
    }
    Ok(())
}

/// The follow task.
async fn run(
    rpc: RpcClient,
    methods: ChainHeadRpcMethods<RpcCfg>,
    shared: Arc<Shared>,
    timeout: Duration,
) {
    let mut backoff = Duration::from_millis(200);
    loop {
        let follow = rpc.subscribe::<serde_json::Value>(
            "chainHead_v1_follow",
            rpc_params![true],
            "chainHead_v1_unfollow",
        );
        let mut sub = match crate::platform::timeout(timeout, follow).await {
            Ok(Ok(sub)) => sub,
            // The connection is being re-established: follow again once it is back.
            Ok(Err(subxt_rpcs::Error::DisconnectedWillReconnect(_))) => {
                crate::platform::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(10));
                continue;
            }
            Ok(Err(e)) => {
                let e = from_rpc(e);
                if matches!(e, ChainError::Disconnected(_)) {
                    shared.die(e);
                    return;
                }
                crate::platform::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(10));
                continue;
            }
            Err(_) => {
                crate::platform::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(10));
                continue;
            }
        };
        let sub_id = sub.subscription_id().unwrap_or_default().to_string();
        shared.lock().sub_id = Some(sub_id.clone());
        loop {
            match sub.next().await {
                Some(Ok(value)) => {
                    let initialized =
                        value.get("event").and_then(|e| e.as_str()) == Some("initialized");
                    let ev = match parse_event(value) {
                        Ok(ev) => ev,
                        // An event we cannot read: harmless unless it is the first one.
                        Err(_) if !initialized => continue,
                        Err(_) => break,
                    };
                    if handle(&methods, &shared, &sub_id, ev, timeout).await {
                        backoff = Duration::from_millis(200);
                    } else {
                        break;
                    }
                }
                // Reconnecting: forget this subscription's blocks and follow again.
                Some(Err(subxt_rpcs::Error::DisconnectedWillReconnect(_))) => break,
                Some(Err(e)) => {
                    let e = from_rpc(e);
                    if matches!(e, ChainError::Disconnected(_)) {
                        shared.die(e);
                        return;
                    }
                    break;
                }
                None => {
                    // The server closed the subscription; if the connection is gone, the next
                    // follow attempt reports it.
                    break;
                }
            }
        }
        // Stopped (or failed): drop the subscription (unfollow), forget its state, follow again.
        drop(sub);
        shared.reset();
        crate::platform::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(10));
    }
}

/// Apply one event; false ends this subscription.
async fn handle(
    methods: &ChainHeadRpcMethods<RpcCfg>,
    shared: &Shared,
    sub_id: &str,
    ev: Event,
    timeout: Duration,
) -> bool {
    match ev {
        FollowEvent::Initialized(init) => {
            let Some(first) = init.finalized_block_hashes.first().copied() else {
                return false;
            };
            let header =
                match crate::platform::timeout(timeout, methods.chainhead_v1_header(sub_id, first))
                    .await
                {
                    Ok(Ok(Some(h))) => h,
                    _ => return false,
                };
            let runtime = runtime_of(init.finalized_block_runtime).flatten();
            let n = init.finalized_block_hashes.len();
            let head = {
                let mut st = shared.lock();
                for (i, hash) in init.finalized_block_hashes.iter().enumerate() {
                    let rt = if i + 1 == n { runtime.clone() } else { None };
                    st.blocks.insert(
                        *hash,
                        BlockInfo {
                            number: header.number + i as u32,
                            runtime: rt,
                        },
                    );
                    st.finalized_pinned.push_back(*hash);
                }
                let last = init.finalized_block_hashes[n - 1];
                let head = Head {
                    number: header.number + (n - 1) as u32,
                    hash: last,
                };
                st.finalized = Some(head);
                st.best = Some(head);
                head
            };
            let _ = shared.finalized_tx.send(Ok(head));
            let _ = shared.best_tx.send(Ok(head));
            shared.bump();
            unpin_old(methods, shared, sub_id, Vec::new()).await;
        }
        FollowEvent::NewBlock(nb) => {
            let parent = {
                let st = shared.lock();
                st.blocks
                    .get(&nb.parent_block_hash)
                    .map(|p| (p.number, p.runtime.clone()))
            };
            let (number, parent_rt) = match parent {
                Some(p) => (p.0 + 1, p.1),
                None => match crate::platform::timeout(
                    timeout,
                    methods.chainhead_v1_header(sub_id, nb.block_hash),
                )
                .await
                {
                    Ok(Ok(Some(h))) => (h.number, None),
                    _ => return false,
                },
            };
            let runtime = runtime_of(nb.new_runtime).unwrap_or(parent_rt);
            shared
                .lock()
                .blocks
                .insert(nb.block_hash, BlockInfo { number, runtime });
        }
        FollowEvent::BestBlockChanged(b) => {
            let head = {
                let mut st = shared.lock();
                let head = st.blocks.get(&b.best_block_hash).map(|i| Head {
                    number: i.number,
                    hash: b.best_block_hash,
                });
                if head.is_some() {
                    st.best = head;
                }
                head
            };
            if let Some(h) = head {
                let _ = shared.best_tx.send(Ok(h));
            }
        }
        FollowEvent::Finalized(f) => {
            let mut heads = Vec::new();
            {
                let mut st = shared.lock();
                for hash in &f.finalized_block_hashes {
                    if let Some(i) = st.blocks.get(hash) {
                        heads.push(Head {
                            number: i.number,
                            hash: *hash,
                        });
                    }
                    st.finalized_pinned.push_back(*hash);
                }
                if let Some(h) = heads.last() {
                    st.finalized = Some(*h);
                    // The best block is never behind the finalized one.
                    if st.best.is_none_or(|b| b.number < h.number) {
                        st.best = Some(*h);
                    }
                }
                for hash in &f.pruned_block_hashes {
                    st.blocks.remove(hash);
                }
            }
            for h in heads {
                let _ = shared.finalized_tx.send(Ok(h));
            }
            unpin_old(methods, shared, sub_id, f.pruned_block_hashes).await;
        }
        FollowEvent::OperationBodyDone(ref e) => shared.route(&e.operation_id.clone(), ev),
        FollowEvent::OperationCallDone(ref e) => shared.route(&e.operation_id.clone(), ev),
        FollowEvent::OperationStorageItems(ref e) => shared.route(&e.operation_id.clone(), ev),
        FollowEvent::OperationWaitingForContinue(ref e) => {
            shared.route(&e.operation_id.clone(), ev)
        }
        FollowEvent::OperationStorageDone(ref e) => shared.route(&e.operation_id.clone(), ev),
        FollowEvent::OperationInaccessible(ref e) => shared.route(&e.operation_id.clone(), ev),
        FollowEvent::OperationError(ref e) => shared.route(&e.operation_id.clone(), ev),
        FollowEvent::Stop => return false,
    }
    true
}

/// Unpin pruned blocks and finalized blocks beyond [`KEEP_FINALIZED`].
async fn unpin_old(
    methods: &ChainHeadRpcMethods<RpcCfg>,
    shared: &Shared,
    sub_id: &str,
    mut unpin: Vec<BlockHash>,
) {
    {
        let mut st = shared.lock();
        while st.finalized_pinned.len() > KEEP_FINALIZED {
            if let Some(old) = st.finalized_pinned.pop_front() {
                st.blocks.remove(&old);
                unpin.push(old);
            }
        }
    }
    for hash in unpin {
        let _ = crate::platform::timeout(
            Duration::from_secs(5),
            methods.chainhead_v1_unpin(sub_id, hash),
        )
        .await;
    }
}
