//! Faults on the wire between the chain client and the real devnet, put there by the loopback
//! proxy (`taolight_devnet::proxy`): dropped, delayed, truncated and corrupted JSON-RPC answers,
//! a node that claims another genesis, and connections closed in the middle of a subscription
//! and of a transaction watch. Every outcome must be the right value or a typed error, within
//! a bound: every await here is wrapped in a timeout, so a hang fails the test.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use taolight::chain::{system_account_key, Api, BlockHash, ChainError, Client, ConnectOptions, Network, FINNEY_GENESIS};
use taolight::keys::{Keypair, Scheme};
use taolight::query::balance;
use taolight::tx::{calls, TxError, TxOptions};
use taolight::types::RAO_PER_TAO;
use taolight_devnet::proxy::{message_id, message_method, Conn, Hook, Proxy, Verdict};
use taolight_devnet::{BlockMode, Devnet, DevnetOptions};

/// The longest any single step may take before the test calls it a hang.
const BOUND: Duration = Duration::from_secs(45);
/// The client's own timeout for calls that are meant to fail.
const SHORT: Duration = Duration::from_millis(1500);

const ALICE: &str = "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";

async fn bounded<T>(what: &str, f: impl Future<Output = T>) -> T {
    tokio::time::timeout(BOUND, f).await.unwrap_or_else(|_| panic!("{what}: no outcome within {BOUND:?} (a hang)"))
}

fn devnet() -> &'static Devnet {
    Devnet::shared().unwrap_or_else(|e| panic!("devnet: {e}"))
}

async fn connect(url: &str, api: Api) -> Client {
    let opts = ConnectOptions { api, timeout: Duration::from_secs(30), ..ConnectOptions::default() };
    bounded("connect", Client::connect_with(Network::Rpc(url.into()), opts))
        .await
        .unwrap_or_else(|e| panic!("connect {url}: {e}"))
}

/// What happens to an answer (or a notification) the rule picks.
#[derive(Clone, Debug)]
enum Fault {
    Drop,
    Delay(Duration),
    /// The first half of the message.
    Truncate,
    /// Not JSON at all.
    Garbage,
    /// Every seventh byte replaced (the message's structure broken).
    FlipBytes,
    /// A well-formed answer to a request the client never made.
    WrongId,
    /// A well-formed answer whose `result` is this value (wrong type or shape).
    Result(Value),
    /// The connection closed (both sides) instead of delivering the message.
    Close,
}

/// A hook that applies a fault to every answer to requests for a method, and to every
/// notification of that method (one fault per method); everything else passes.
#[derive(Default)]
struct Faulty {
    rules: Mutex<Vec<(String, Fault)>>,
    /// (connection, request id) of requests for a faulted method still unanswered, and that
    /// method.
    pending: Mutex<HashMap<(u64, String), String>>,
    hits: AtomicUsize,
}

impl Faulty {
    /// Only this fault from now on.
    fn set(&self, method: &str, fault: Fault) {
        self.clear();
        self.add(method, fault);
    }

    /// This fault as well.
    fn add(&self, method: &str, fault: Fault) {
        self.rules.lock().unwrap().push((method.into(), fault));
    }

    fn clear(&self) {
        self.rules.lock().unwrap().clear();
        self.pending.lock().unwrap().clear();
        self.hits.store(0, Ordering::SeqCst);
    }

    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    fn fault_for(&self, method: &str) -> Option<Fault> {
        self.rules.lock().unwrap().iter().find(|r| r.0 == method).map(|r| r.1.clone())
    }
}

impl Hook for Faulty {
    fn to_node(&self, text: &str, conn: &Conn) -> Verdict {
        if let (Some(m), Some(id)) = (message_method(text), message_id(text)) {
            if self.fault_for(&m).is_some() {
                self.pending.lock().unwrap().insert((conn.id, id), m);
            }
        }
        Verdict::Forward(text.to_owned())
    }

    fn to_client(&self, text: &str, conn: &Conn) -> Verdict {
        let answered = message_id(text).and_then(|id| self.pending.lock().unwrap().remove(&(conn.id, id)));
        let Some(fault) = answered.or_else(|| message_method(text)).and_then(|m| self.fault_for(&m)) else {
            return Verdict::Forward(text.to_owned());
        };
        self.hits.fetch_add(1, Ordering::SeqCst);
        apply(&fault, text)
    }
}

fn apply(fault: &Fault, text: &str) -> Verdict {
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut v: Value = serde_json::from_str(text).expect("the node sent JSON");
        f(&mut v);
        Verdict::Forward(v.to_string())
    };
    match fault {
        Fault::Drop => Verdict::Drop,
        Fault::Delay(d) => Verdict::Delay(*d, text.to_owned()),
        Fault::Truncate => Verdict::Forward(text[..text.len() / 2].to_owned()),
        Fault::Garbage => Verdict::Forward("\u{1}\u{2} this is not JSON {{".into()),
        Fault::FlipBytes => Verdict::Forward(
            text.char_indices().map(|(i, c)| if i % 7 == 3 { '#' } else { c }).collect(),
        ),
        Fault::WrongId => edit(&|v| v["id"] = json!(987_654_321)),
        Fault::Result(r) => edit(&|v| v["result"] = r.clone()),
        Fault::Close => Verdict::Close,
    }
}

fn start_proxy() -> (Arc<Faulty>, Proxy) {
    let hook = Arc::new(Faulty::default());
    let proxy = Proxy::start(devnet().url(), hook.clone()).expect("proxy");
    (hook, proxy)
}

fn alice() -> [u8; 32] {
    hex::decode(ALICE).unwrap().try_into().unwrap()
}

/// A dropped answer ends in the client's typed Timeout; a late one inside the timeout gives
/// the right value.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_answers_time_out_and_delayed_ones_arrive() {
    let truth = bounded("direct", connect(devnet().url(), Api::Legacy).await.runtime_version()).await.unwrap();
    let (hook, proxy) = start_proxy();
    let client = connect(proxy.url(), Api::Legacy).await;

    hook.set("state_getRuntimeVersion", Fault::Drop);
    let t = Instant::now();
    let err = bounded("dropped", client.with_timeout(SHORT).runtime_version()).await.unwrap_err();
    assert!(matches!(err, ChainError::Timeout { .. }), "{err:?}");
    assert!(hook.hits() >= 1, "the fault never applied");
    eprintln!("dropped answer: {err} after {:?}", t.elapsed());

    hook.set("state_getRuntimeVersion", Fault::Delay(Duration::from_millis(400)));
    let t = Instant::now();
    let late = bounded("delayed", client.with_timeout(Duration::from_secs(10)).runtime_version()).await.unwrap();
    let took = t.elapsed();
    assert_eq!(late, truth);
    assert!(took >= Duration::from_millis(400), "the delay did not apply: {took:?}");
    eprintln!("delayed answer: right value after {took:?}");
}

/// Broken answers: each ends in a typed error within the client's timeout (never a panic,
/// never a value), and the same client works again once the wire is clean.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_answers_are_typed_errors_and_the_client_recovers() {
    let direct = connect(devnet().url(), Api::Legacy).await;
    let truth = bounded("direct", direct.runtime_version()).await.unwrap();
    let key = system_account_key(&alice());
    let raw = bounded("direct storage", direct.storage(&key, None)).await.unwrap().expect("Alice's account");
    let short_account = format!("0x{}", hex::encode(&raw[..raw.len() - 1]));
    let (hook, proxy) = start_proxy();
    let client = connect(proxy.url(), Api::Legacy).await;
    let hasty = client.with_timeout(SHORT);
    // Metadata first, on a clean wire (balance() needs it; clones share it).
    bounded("metadata", client.metadata()).await.unwrap();

    // Faults that break the message itself (the RPC layer drops such a connection).
    for fault in [Fault::Truncate, Fault::Garbage, Fault::FlipBytes, Fault::WrongId] {
        hook.set("state_getRuntimeVersion", fault.clone());
        let err = bounded("broken answer", hasty.runtime_version()).await.expect_err("a value from a broken answer");
        assert!(
            matches!(err, ChainError::Timeout { .. } | ChainError::Disconnected(_) | ChainError::Decode(_)),
            "{fault:?}: {err:?}"
        );
        assert!(hook.hits() >= 1, "{fault:?} never applied");
        eprintln!("{fault:?}: {err}");
        hook.clear();
        let again = bounded("after the fault", client.runtime_version()).await.unwrap();
        assert_eq!(again, truth, "after {fault:?}");
    }

    // Well-formed JSON-RPC carrying a value of the wrong type or shape: a Decode error.
    let cases: Vec<(&str, Value)> = vec![
        ("state_getRuntimeVersion", json!(42)),
        ("state_getRuntimeVersion", json!({"specName": 7})),
        ("chain_getFinalizedHead", json!("0x1234")),
        ("chain_getFinalizedHead", json!(format!("0x{}", "zz".repeat(32)))),
        ("state_getStorage", json!("0x123")),
        ("state_getStorage", json!(7)),
        ("state_getStorage", json!(short_account)),
    ];
    for (method, result) in cases {
        hook.set(method, Fault::Result(result.clone()));
        let got = match method {
            "state_getRuntimeVersion" => bounded("version", hasty.runtime_version()).await.map(|_| ()),
            "chain_getFinalizedHead" => bounded("head", hasty.finalized_head()).await.map(|_| ()),
            _ => bounded("balance", balance(&hasty, &alice(), None)).await.map(|_| ()),
        };
        let err = got.expect_err("a value from a wrong answer");
        assert!(matches!(err, ChainError::Decode(_)), "{method} -> {result}: {err:?}");
        assert!(hook.hits() >= 1, "{method} never faulted");
        eprintln!("{method} -> {result}: {err}");
        hook.clear();
    }
    assert_eq!(bounded("clean again", client.runtime_version()).await.unwrap(), truth);
    let b = bounded("balance", balance(&client, &alice(), None)).await.unwrap();
    assert!(b.free > 0);
}

/// A node that reports another chain's genesis is refused on connect.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_claiming_another_genesis_is_refused() {
    let (hook, proxy) = start_proxy();
    let real = BlockHash([0x45; 32]);
    for (api, method) in [(Api::Auto, "chainSpec_v1_genesisHash"), (Api::Legacy, "chain_getBlockHash")] {
        hook.set(method, Fault::Result(json!(FINNEY_GENESIS)));
        if method == "chain_getBlockHash" {
            // A node without the new API: genesis from block 0's hash.
            hook.add("rpc_methods", Fault::Result(json!({"methods": ["chain_getBlockHash"]})));
        }
        let opts = ConnectOptions { api, expected_genesis: Some(real), ..ConnectOptions::default() };
        let err = bounded("connect", Client::connect_with(Network::Rpc(proxy.url().into()), opts.clone()))
            .await
            .unwrap_err();
        match &err {
            ChainError::WrongChain { expected, actual } => {
                assert_eq!(expected, &real.to_string());
                assert_eq!(actual, FINNEY_GENESIS);
            }
            other => panic!("{api:?}: expected WrongChain, got {other:?}"),
        }
        assert!(hook.hits() >= 1);
        hook.clear();
        // The same node telling the truth is accepted.
        let ok = bounded("connect", Client::connect_with(Network::Rpc(proxy.url().into()), opts)).await.unwrap();
        assert_eq!(ok.genesis_hash(), real);
    }
}

/// The connection closes while a head subscription is open: the stream either goes on after
/// the client reconnects or ends with a typed error; either way the client reads again and a
/// new subscription sees the new blocks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connection_closed_mid_subscription() {
    let (_hook, proxy) = start_proxy();
    for api in [Api::New, Api::Legacy] {
        let client = connect(proxy.url(), api).await;
        let mut heads = bounded("subscribe", client.subscribe_finalized()).await.unwrap();
        let first = bounded("first head", heads.next()).await.expect("a head").unwrap();
        let connections = proxy.accepted_connections();
        proxy.disconnect_all();
        tokio::task::spawn_blocking(|| devnet().new_blocks(1)).await.unwrap().unwrap();
        let outcome = bounded("head after the close", async {
            loop {
                match heads.next().await {
                    Some(Ok(h)) if h.number > first.number => return format!("went on with #{}", h.number),
                    Some(Ok(_)) => continue,
                    Some(Err(e)) => return format!("typed error: {e}"),
                    None => return "ended".to_string(),
                }
            }
        })
        .await;
        eprintln!("[{api:?}] subscription after the connection closed: {outcome}");
        // Whatever the stream did, the client is back: reads work and new heads come.
        let head = bounded("read after reconnect", client.finalized_head()).await.unwrap();
        assert!(head.number > first.number, "{head} after {first}");
        assert!(proxy.accepted_connections() > connections, "the client did not reconnect");
        let mut again = bounded("subscribe again", client.subscribe_finalized()).await.unwrap();
        let now = bounded("current head", again.next()).await.expect("a head").unwrap();
        assert!(now.number > first.number);
    }
}

/// The connection closes at the first status of a transaction watch: the watch ends with a
/// typed error (no hang); the transaction, already with the node, is included exactly once,
/// and the same client sends the next one with the right nonce.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connection_closed_mid_transaction_watch() {
    let direct = connect(devnet().url(), Api::Auto).await;
    let alice_pair = Keypair::from_uri("//Alice", Scheme::Sr25519).unwrap();
    let sender = Keypair::from_uri("//Alice//faults-watch", Scheme::Sr25519).unwrap();
    let who = sender.public().bytes;
    bounded(
        "fund",
        direct.sign_and_submit(&calls::transfer_keep_alive(&who, 10 * RAO_PER_TAO), &alice_pair, &TxOptions::default()),
    )
    .await
    .expect("fund the sender");
    let before = bounded("nonce", balance(&direct, &who, None)).await.unwrap().nonce;

    let (hook, proxy) = start_proxy();
    let client = connect(proxy.url(), Api::Auto).await;
    hook.set("author_extrinsicUpdate", Fault::Close);
    let dest = Keypair::from_uri("//Alice//faults-dest", Scheme::Sr25519).unwrap().public().bytes;
    let t = Instant::now();
    let err = bounded(
        "watched transfer",
        client.with_timeout(Duration::from_secs(10)).sign_and_submit(&calls::transfer_keep_alive(&dest, RAO_PER_TAO), &sender, &TxOptions::default()),
    )
    .await
    .expect_err("the watch was cut");
    assert!(
        matches!(err, TxError::Dropped(_) | TxError::Chain(ChainError::Disconnected(_) | ChainError::Timeout { .. })),
        "{err:?}"
    );
    assert!(hook.hits() >= 1);
    eprintln!("watch cut at its first status: {err} after {:?}", t.elapsed());
    hook.clear();

    // The node had the transaction: it lands once (instant mode made its block).
    let landed = bounded("included", async {
        loop {
            let n = balance(&direct, &who, Some(direct.best_head().await.unwrap().hash)).await.unwrap().nonce;
            if n > before {
                return n;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    })
    .await;
    assert_eq!(landed, before + 1);
    // The client reconnected and takes the next nonce.
    let next = bounded(
        "next transfer",
        client.sign_and_submit(&calls::transfer_keep_alive(&dest, RAO_PER_TAO), &sender, &TxOptions::default()),
    )
    .await
    .expect("the next transfer");
    assert_eq!(next.nonce, before + 1);
    assert!(next.block.is_some());
}

/// The node process itself is killed (`devnet down`) while a head subscription is open and
/// while a transaction is being watched, then started again on the same address: the watch
/// ends with a typed error, the subscription delivers heads from the new node or ends with a
/// typed error, and the same client reads again. Nothing hangs: every wait is bounded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_node_killed_during_a_subscription_and_a_transaction_watch() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    // Manual blocks: the transaction waits in the pool, so the kill lands mid-watch.
    let opts = DevnetOptions { port: Some(port), block_mode: BlockMode::Manual, own_instance: true };
    let first = Devnet::start(opts.clone()).unwrap_or_else(|e| panic!("devnet: {e}"));
    let client = connect(first.url(), Api::Auto).await.with_timeout(Duration::from_secs(20));
    let mut heads = bounded("subscribe", client.subscribe_finalized()).await.expect("subscribe");
    bounded("first head", heads.next()).await.expect("a head").expect("the current head");

    let alice_pair = Keypair::from_uri("//Alice", Scheme::Sr25519).unwrap();
    let dest = Keypair::from_uri("//Alice//killed-watch", Scheme::Sr25519).unwrap().public().bytes;
    let watching = {
        let client = client.clone();
        tokio::spawn(async move {
            client.sign_and_submit(&calls::transfer_keep_alive(&dest, RAO_PER_TAO), &alice_pair, &TxOptions::default()).await
        })
    };
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let t = Instant::now();
    drop(first); // kills the node: the transaction was in its pool, never in a block.
    let err = bounded("watch after the kill", watching).await.unwrap().expect_err("no block was ever made");
    assert!(
        matches!(err, TxError::Dropped(_) | TxError::Chain(ChainError::Disconnected(_) | ChainError::Timeout { .. })),
        "{err:?}"
    );
    eprintln!("watch ended {:?} after the kill: {err}", t.elapsed());

    let second = Devnet::start(opts).unwrap_or_else(|e| panic!("devnet again: {e}"));
    let v = bounded("read after the restart", client.runtime_version()).await.expect("reads again");
    assert_eq!(v.spec_version, 218);
    // The old subscription: heads again (after a new block) or a typed end, within the bound.
    second.new_blocks(1).unwrap();
    match bounded("subscription after the restart", heads.next()).await {
        Some(Ok(h)) => eprintln!("subscription delivered #{} after the restart", h.number),
        Some(Err(e)) => {
            assert!(matches!(e, ChainError::Disconnected(_) | ChainError::Timeout { .. }), "{e:?}");
            eprintln!("subscription ended with: {e}");
        }
        None => eprintln!("subscription ended"),
    }
    // A new subscription on the same client follows the new node.
    let mut again = bounded("subscribe again", client.subscribe_finalized()).await.expect("subscribe again");
    let now = bounded("head", again.next()).await.unwrap().unwrap();
    second.new_blocks(1).unwrap();
    let next = bounded("next head", again.next()).await.unwrap().unwrap();
    assert!(next.number > now.number, "{now:?} then {next:?}");
}
