//! The chain client against the real local devnet (chopsticks running the spec-218 subtensor
//! runtime; `tests/devnet`), through both JSON-RPC API families. Never a mock.
//!
//! Needs Node + npm and `../shared/chain` (the devnet tool installs chopsticks on first use), or
//! `TAOLIGHT_RPC_URL` pointing at a running devnet. Every wait is bounded.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use parity_scale_codec::Decode;
use taolight::chain::{
    system_account_key, Api, BlockHash, ChainError, Client, ConnectOptions, Head, Network,
    FINNEY_GENESIS,
};
use taolight_devnet::{BlockMode, Devnet, DevnetOptions};

const ALICE: &str = "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
/// Upper bound for any single wait in these tests.
const WAIT: Duration = Duration::from_secs(60);

fn shared_devnet() -> &'static Devnet {
    Devnet::shared().unwrap_or_else(|e| panic!("devnet: {e}"))
}

async fn connect(url: &str, api: Api) -> Client {
    let opts = ConnectOptions {
        api,
        ..ConnectOptions::default()
    };
    Client::connect_with(Network::Rpc(url.to_string()), opts)
        .await
        .unwrap_or_else(|e| panic!("connect {url} ({api:?}): {e}"))
}

fn alice() -> [u8; 32] {
    hex::decode(ALICE).unwrap().try_into().unwrap()
}

/// System.Account: nonce, consumers, providers, sufficients, then free, reserved, frozen (u64
/// in subtensor), flags (u128).
type AccountInfo = (u32, u32, u32, u32, u64, u64, u64, u128);

/// Everything a client must report about the devnet, whichever API it speaks.
async fn check_chain_facts(client: &Client) {
    // chopsticks reports frame_system's placeholder for a raw-spec chain (see module docs).
    assert_eq!(
        client.genesis_hash(),
        BlockHash([0x45; 32]),
        "genesis as the node reports it"
    );

    let rv = client.runtime_version().await.unwrap();
    assert_eq!(rv.spec_name, "node-subtensor");
    assert_eq!(rv.spec_version, 218);
    assert_eq!(rv.transaction_version, 1);

    let fin = client.finalized_head().await.unwrap();
    let best = client.best_head().await.unwrap();
    assert!(fin.number >= 1, "chopsticks starts at #1: {fin}");
    assert!(
        best.number >= fin.number,
        "best {best} behind finalized {fin}"
    );
    let header = client.header(fin.hash).await.unwrap();
    assert_eq!(header.number, fin.number);
    assert_eq!(
        header.hash(),
        fin.hash,
        "header re-hashes to its block hash"
    );

    // System.Account of //Alice: funded by the devnet.
    let raw = client
        .storage(&system_account_key(&alice()), None)
        .await
        .unwrap()
        .expect("Alice's account");
    assert_eq!(raw.len(), 56, "AccountInfo is 56 bytes in subtensor");
    let info = AccountInfo::decode(&mut &raw[..]).unwrap();
    assert!(info.4 > 0, "Alice's free balance is {}", info.4);
    // Same value when the block is named explicitly.
    let again = client
        .storage(&system_account_key(&alice()), Some(fin.hash))
        .await
        .unwrap();
    assert_eq!(again.as_deref(), Some(&raw[..]));
    // An empty key space reads as None.
    assert_eq!(
        client
            .storage(&system_account_key(&[0x77; 32]), None)
            .await
            .unwrap(),
        None
    );

    // A runtime call: Core_version = spec_name, impl_name, authoring, spec, impl versions, …
    let out = client
        .runtime_call("Core_version", &[], None)
        .await
        .unwrap();
    let (spec_name, _impl, _auth, spec_version) =
        <(String, String, u32, u32)>::decode(&mut &out[..]).unwrap();
    assert_eq!((spec_name.as_str(), spec_version), ("node-subtensor", 218));
    // A function the runtime does not have is a node error, not a hang.
    let err = client
        .runtime_call("Nope_nothing", &[], None)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "rpc", "{err}");

    // Metadata V15, decoded, cached per runtime version.
    let md = client.metadata().await.unwrap();
    assert_eq!(md.version(), 15);
    assert_eq!(md.spec_version(), 218);
    assert_eq!(md.pallet_index("SubtensorModule"), Some(7));
    assert_eq!(md.pallet_index("System"), Some(0));
    assert_eq!(md.pallet_index("Balances"), Some(5));
    assert!(
        md.runtime_apis()
            .iter()
            .any(|a| a == "SubnetInfoRuntimeApi"),
        "{:?}",
        md.runtime_apis()
    );
    let t = Instant::now();
    let md2 = client.metadata().await.unwrap();
    assert!(
        Arc::ptr_eq(&md, &md2),
        "second metadata() must come from the cache"
    );
    eprintln!(
        "[{:?}] cached metadata() in {:?}",
        client.api(),
        t.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_api_reads_the_devnet() {
    let devnet = shared_devnet();
    let client = connect(devnet.url(), Api::Auto).await;
    assert_eq!(
        client.api(),
        Api::New,
        "chopsticks offers chainHead_v1_follow"
    );
    tokio::time::timeout(WAIT * 2, check_chain_facts(&client))
        .await
        .expect("bounded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn legacy_api_reads_the_devnet() {
    let devnet = shared_devnet();
    let client = connect(devnet.url(), Api::Legacy).await;
    assert_eq!(client.api(), Api::Legacy);
    tokio::time::timeout(WAIT * 2, check_chain_facts(&client))
        .await
        .expect("bounded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_apis_agree_on_heads_and_reads_at_older_blocks_fall_back_to_legacy() {
    let devnet = shared_devnet();
    let new = connect(devnet.url(), Api::New).await;
    let legacy = connect(devnet.url(), Api::Legacy).await;
    let a = new.finalized_head().await.unwrap();
    let b = legacy.finalized_head().await.unwrap();
    // Instant mode: no blocks unless a transaction comes; other tests submit none.
    assert_eq!(a, b);
    // Block #1's parent, the genesis-state block #0 as the node names it, is not pinned by the
    // follow subscription: the read goes through state_getStorage.
    let h1 = legacy.header(a.hash).await.unwrap();
    let parent = h1.parent_hash;
    let key = system_account_key(&alice());
    let old_new = new.storage(&key, Some(parent)).await.unwrap();
    let old_legacy = legacy.storage(&key, Some(parent)).await.unwrap();
    assert_eq!(old_new, old_legacy);
}

/// A private chain in manual mode: heads come exactly when blocks are made.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscriptions_yield_new_heads_when_blocks_are_made() {
    let devnet = tokio::task::spawn_blocking(|| {
        Devnet::start(DevnetOptions {
            block_mode: BlockMode::Manual,
            own_instance: true,
            ..Default::default()
        })
    })
    .await
    .unwrap()
    .unwrap_or_else(|e| panic!("manual devnet: {e}"));
    let devnet = Arc::new(devnet);
    let new = connect(devnet.url(), Api::New).await;
    let legacy = connect(devnet.url(), Api::Legacy).await;

    let mut fin_new = new.subscribe_finalized().await.unwrap();
    let mut best_new = new.subscribe_best().await.unwrap();
    let mut fin_legacy = legacy.subscribe_finalized().await.unwrap();
    let mut best_legacy = legacy.subscribe_best().await.unwrap();

    async fn next(s: &mut taolight::chain::HeadSubscription, what: &str) -> Head {
        tokio::time::timeout(WAIT, s.next())
            .await
            .unwrap_or_else(|_| panic!("{what}: no head within {WAIT:?}"))
            .unwrap_or_else(|| panic!("{what}: stream ended"))
            .unwrap_or_else(|e| panic!("{what}: {e}"))
    }

    let start = next(&mut fin_new, "finalized (new) current").await;
    assert_eq!(
        next(&mut fin_legacy, "finalized (legacy) current").await,
        start
    );
    assert_eq!(next(&mut best_new, "best (new) current").await, start);
    assert_eq!(next(&mut best_legacy, "best (legacy) current").await, start);

    let d = devnet.clone();
    let t = Instant::now();
    tokio::task::spawn_blocking(move || d.new_blocks(2))
        .await
        .unwrap()
        .unwrap();
    let made = t.elapsed();

    for i in 1..=2u32 {
        let a = next(&mut fin_new, "finalized (new)").await;
        let b = next(&mut fin_legacy, "finalized (legacy)").await;
        assert_eq!(a.number, start.number + i);
        // The legacy stream hashes the header itself; both must name the same block.
        assert_eq!(a, b, "finalized #{}", a.number);
        let c = next(&mut best_new, "best (new)").await;
        let d = next(&mut best_legacy, "best (legacy)").await;
        assert_eq!(c, a);
        assert_eq!(d, a);
    }
    eprintln!("2 blocks made in {made:?}; all four streams delivered both");

    // The client's own view moved too, and reads at the new head work.
    assert_eq!(new.finalized_head().await.unwrap().number, start.number + 2);
    assert_eq!(legacy.best_head().await.unwrap().number, start.number + 2);
    assert!(new
        .storage(&system_account_key(&alice()), None)
        .await
        .unwrap()
        .is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_port_is_unreachable_quickly() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let t = Instant::now();
    let err = Client::connect(Network::Rpc(format!("ws://127.0.0.1:{port}")))
        .await
        .unwrap_err();
    let took = t.elapsed();
    assert!(matches!(err, ChainError::Unreachable { .. }), "{err:?}");
    assert!(took < Duration::from_secs(2), "took {took:?}");
    let e: taolight::Error = err.into();
    assert_eq!(e.code(), "chain.unreachable");
    assert_eq!(e.kind(), taolight::ErrorKind::Network);
    eprintln!("unreachable after {took:?}: {e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tiny_timeouts_give_timeout_errors() {
    let devnet = shared_devnet();
    // A node that accepts the TCP connection but never answers the WebSocket handshake: the
    // connect must end with Timeout (deterministic, unlike a zero timeout that may race).
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let opts = ConnectOptions {
        timeout: Duration::from_millis(300),
        ..ConnectOptions::default()
    };
    let err = Client::connect_with(Network::Rpc(format!("ws://{}", silent.local_addr().unwrap())), opts)
        .await
        .unwrap_err();
    assert!(matches!(err, ChainError::Timeout { .. }), "{err:?}");
    assert_eq!(taolight::Error::from(err).code(), "chain.timeout");

    for api in [Api::New, Api::Legacy] {
        let client = connect(devnet.url(), api).await;
        client.finalized_head().await.unwrap();
        let hasty = client.with_timeout(Duration::from_nanos(1));
        let key = system_account_key(&alice());
        let err = hasty
            .fetch_metadata(218, client.finalized_head().await.unwrap().hash)
            .await
            .unwrap_err();
        assert!(
            matches!(err, ChainError::Timeout { .. }),
            "{api:?}: {err:?}"
        );
        let err = hasty
            .runtime_call("Core_version", &[], None)
            .await
            .unwrap_err();
        assert!(
            matches!(err, ChainError::Timeout { .. }),
            "{api:?}: {err:?}"
        );
        // The connection is still usable after cancelled calls.
        assert!(
            client.storage(&key, None).await.unwrap().is_some(),
            "{api:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_of_another_chain_is_refused() {
    let devnet = shared_devnet();
    let opts = ConnectOptions {
        expected_genesis: Some(FINNEY_GENESIS.parse().unwrap()),
        ..ConnectOptions::default()
    };
    let err = Client::connect_with(Network::Rpc(devnet.url().into()), opts)
        .await
        .unwrap_err();
    match &err {
        ChainError::WrongChain { expected, actual } => {
            assert_eq!(expected, FINNEY_GENESIS);
            assert_eq!(actual, &format!("0x{}", "45".repeat(32)));
        }
        other => panic!("expected WrongChain, got {other:?}"),
    }
    assert_eq!(taolight::Error::from(err).code(), "chain.wrong_chain");
}

/// Connect plus first storage read (what the benchmark measures), printed; run with
/// `--nocapture` to see the numbers. Cold: a fresh client each time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_and_first_read_timing() {
    let devnet = shared_devnet();
    let key = system_account_key(&alice());
    // Warm up the node (its first answers are slower).
    connect(devnet.url(), Api::Legacy)
        .await
        .storage(&key, None)
        .await
        .unwrap();
    for api in [Api::New, Api::Legacy] {
        let mut times = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            let client = connect(devnet.url(), api).await;
            let connected = t.elapsed();
            assert!(client.storage(&key, None).await.unwrap().is_some());
            times.push((connected, t.elapsed()));
        }
        let t = Instant::now();
        let client = connect(devnet.url(), api).await;
        let md = client.metadata().await.unwrap();
        let with_md = t.elapsed();
        eprintln!(
            "[{api:?}] connect / connect+first read (5 runs): {:?}; connect+metadata ({} bytes, V{}): {with_md:?}",
            times,
            md.raw().len(),
            md.version()
        );
    }
}

/// The node goes away and comes back on the same address: the same `Client` reconnects by
/// itself (backoff), reads work again, and the chainHead follow subscription starts again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_reconnects_after_the_node_restarts() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let opts = DevnetOptions { port: Some(port), block_mode: BlockMode::Instant, own_instance: true };
    let first = Devnet::start(opts.clone()).unwrap_or_else(|e| panic!("devnet: {e}"));
    let client = connect(first.url(), Api::New).await.with_timeout(WAIT);
    assert_eq!(client.api(), Api::New);
    let before = client.finalized_head().await.unwrap();
    drop(first); // `devnet down`: the node is gone.
    // While it is down, a read fails with a typed error once its timeout passes.
    let err = client.with_timeout(Duration::from_millis(500)).runtime_version().await.unwrap_err();
    assert!(matches!(err, ChainError::Timeout { .. } | ChainError::Disconnected(_)), "{err:?}");
    let t0 = Instant::now();
    let second = Devnet::start(opts).unwrap_or_else(|e| panic!("devnet again: {e}"));
    let v = client.runtime_version().await.expect("read after reconnect");
    eprintln!("reconnected and read {} v{} {:?} after the restart began", v.spec_name, v.spec_version, t0.elapsed());
    assert_eq!(v.spec_version, 218);
    // The follow subscription is back: new blocks show up as finalized heads.
    let mut heads = client.subscribe_finalized().await.expect("subscribe after reconnect");
    let current = tokio::time::timeout(WAIT, heads.next()).await.unwrap().unwrap().unwrap();
    second.new_blocks(1).unwrap();
    let next = tokio::time::timeout(WAIT, heads.next()).await.unwrap().unwrap().unwrap();
    assert!(next.number > current.number, "{current:?} then {next:?}");
    let _: Head = before;
}

/// Metadata kept on disk between runs: the second client reads it from the cache directory
/// instead of downloading it; a damaged copy is fetched again and replaced.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metadata_is_kept_on_disk_between_runs() {
    let devnet = shared_devnet();
    let dir = tempfile::tempdir().unwrap();
    let opts = ConnectOptions { metadata_cache: Some(dir.path().to_path_buf()), ..ConnectOptions::default() };
    let t0 = Instant::now();
    let cold = Client::connect_with(Network::Rpc(devnet.url().into()), opts.clone()).await.unwrap();
    let first = cold.metadata().await.unwrap();
    let cold_time = t0.elapsed();
    let file = dir.path().join(format!("{}-{}.scale", cold.genesis_hash().to_hex(), first.spec_version()));
    assert_eq!(std::fs::read(&file).unwrap(), first.raw());
    let t1 = Instant::now();
    let warm = Client::connect_with(Network::Rpc(devnet.url().into()), opts.clone()).await.unwrap();
    let second = warm.metadata().await.unwrap();
    let warm_time = t1.elapsed();
    assert_eq!(second.raw(), first.raw());
    eprintln!("connect + metadata: downloaded {cold_time:?}, from the disk cache {warm_time:?}");
    // A damaged copy is not trusted: fetched again, and the file repaired.
    std::fs::write(&file, b"not metadata").unwrap();
    let again = Client::connect_with(Network::Rpc(devnet.url().into()), opts).await.unwrap();
    assert_eq!(again.metadata().await.unwrap().raw(), first.raw());
    assert_eq!(std::fs::read(&file).unwrap(), first.raw());
}

/// Host names must be ASCII: the URL parser runs without Unicode tables (idna_adapter 1.0.0 is
/// pinned in Cargo.lock, which keeps ICU's data out of the wasm package), so an internationalized
/// name is refused with a typed error before any lookup, not passed on half-mapped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_non_ascii_host_name_is_refused() {
    let network: Network = "ws://b\u{fc}cher.invalid:9944".parse().expect("a ws:// URL");
    let options = taolight::chain::ConnectOptions { timeout: Duration::from_secs(10), ..Default::default() };
    let err = Client::connect_with(network, options).await.unwrap_err();
    eprintln!("non-ASCII host: {err}");
    assert!(matches!(err, ChainError::Unreachable { .. }), "{err:?}");
}
