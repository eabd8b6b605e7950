//! The embedded smoldot light client on real data: the spec-218 devnet chain spec published in
//! opentensor/subtensor (`../shared/chain/`). Needs no network and no peers.

#![cfg(feature = "light-client")]

use std::time::{Duration, Instant};

use taolight::chain::{BlockHash, ChainError, LightClient, LightOptions, FINNEY_GENESIS};

/// Found from the manifest dir at run time: a shared target dir may hold a binary built in
/// another checkout.
fn spec_path() -> String {
    let dir = std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo test");
    format!("{dir}/../../shared/chain/subtensor-spec218-devnet.json")
}
/// What smoldot computes from that spec (also checked with npm `smoldot` 2.0.40).
const DEVNET_GENESIS: &str = "0x1a934637b44b267fe979d2be5f18f3e7834a11fc9db6bc4598da3fa35b6f46c5";
/// Bound on every wait: building the genesis block from a 1.7 MB spec is CPU work.
const BOUND: Duration = Duration::from_secs(120);

fn spec() -> String {
    let path = spec_path();
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("the spec-218 devnet chain spec must be at {path} (shared test data): {e}")
    })
}

fn options(expected_genesis: Option<BlockHash>) -> LightOptions {
    LightOptions {
        timeout: BOUND,
        start_timeout: BOUND,
        expected_genesis,
        runtime: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn devnet_spec_loads_and_answers_without_peers() {
    let spec_text = spec();
    let spec: serde_json::Value = serde_json::from_str(&spec_text).expect("spec is JSON");

    let t = Instant::now();
    let light = LightClient::start_with(&spec_text, None, options(None))
        .await
        .expect("the devnet spec loads in smoldot");
    let started = t.elapsed();
    let genesis = light.genesis_hash().await.expect("genesis hash");
    let to_genesis = t.elapsed();
    eprintln!("smoldot: chain added in {started:?}, genesis hash after {to_genesis:?}");
    assert_eq!(genesis.to_string(), DEVNET_GENESIS);

    let name = light.chain_name().await.expect("chain name");
    assert_eq!(Some(name.as_str()), spec["name"].as_str());
    assert_eq!(name, "Bittensor");

    let props = light.properties().await.expect("properties");
    let spec_props = spec["properties"]
        .as_object()
        .expect("the spec has properties");
    assert_eq!(&props, spec_props);
    assert_eq!(props.get("ss58Format").and_then(|v| v.as_u64()), Some(42));
    assert_eq!(props.get("tokenDecimals").and_then(|v| v.as_u64()), Some(9));
    assert_eq!(
        props.get("tokenSymbol").and_then(|v| v.as_str()),
        Some("TAO")
    );

    let t = Instant::now();
    // Both wait for smoldot's sync mode decision (30 s without peers): run them together.
    let (health, database) = tokio::join!(light.health(), light.finalized_database(None));
    let health = health.expect("system_health");
    let database = database.expect("finalized database");
    eprintln!("smoldot: {health:?} in {:?}", t.elapsed());
    assert_eq!(health.peers, 0);
    // The spec lists no bootnodes.
    assert!(!health.should_have_peers, "{health:?}");

    // An unknown method is a typed JSON-RPC error, not a hang.
    let t = Instant::now();
    let err = light
        .request("taolight_noSuchMethod", serde_json::json!([]))
        .await
        .expect_err("unknown method");
    assert!(matches!(err, ChainError::Rpc { .. }), "{err:?}");
    eprintln!(
        "smoldot: unknown method refused in {:?}: {err}",
        t.elapsed()
    );
    let t = Instant::now();

    // Starting with the right expected genesis succeeds.
    let again = LightClient::start_with(&spec_text, None, options(Some(genesis)))
        .await
        .expect("expected genesis matches");
    assert_eq!(again.genesis_hash().await.expect("genesis"), genesis);
    eprintln!("smoldot: second start in {:?}", t.elapsed());

    // A restart from the saved database yields the same chain.
    eprintln!("smoldot: finalized database is {} bytes", database.len());
    assert!(!database.is_empty());
    let t = Instant::now();
    let restarted = LightClient::start_with(&spec_text, Some(&database), options(Some(genesis)))
        .await
        .expect("restart from the database");
    assert_eq!(restarted.genesis_hash().await.expect("genesis"), genesis);
    eprintln!("smoldot: restart from the database in {:?}", t.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_expected_genesis_is_refused() {
    let finney: BlockHash = FINNEY_GENESIS.parse().expect("finney genesis");
    let err = LightClient::start_with(&spec(), None, options(Some(finney)))
        .await
        .expect_err("the devnet is not finney");
    match &err {
        ChainError::WrongChain { expected, actual } => {
            assert_eq!(expected, FINNEY_GENESIS);
            assert_eq!(actual, DEVNET_GENESIS);
        }
        other => panic!("expected WrongChain, got {other:?}"),
    }
    assert_eq!(err.code(), "wrong_chain");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_specs_are_typed_errors() {
    let spec_text = spec();
    let truncated = &spec_text[..spec_text.len() / 2];
    let no_genesis = {
        let mut v: serde_json::Value = serde_json::from_str(&spec_text).expect("JSON");
        v.as_object_mut().expect("object").remove("genesis");
        v.to_string()
    };
    // Valid JSON, but genesis storage smoldot cannot build a chain from.
    let patched = |f: &dyn Fn(&mut serde_json::Map<String, serde_json::Value>)| {
        let mut v: serde_json::Value = serde_json::from_str(&spec_text).expect("JSON");
        let top = v["genesis"]["raw"]["top"].as_object_mut().expect("raw top");
        f(top);
        v.to_string()
    };
    let empty_storage = patched(&|top| top.clear());
    let no_code = patched(&|top| {
        top.remove("0x3a636f6465").expect(":code");
    });
    let bad_code = patched(&|top| {
        top.insert("0x3a636f6465".into(), "0x52bc537646db8e05deadbeef".into());
    });
    let cases = [
        ("empty", ""),
        ("garbage", "this is not a chain spec"),
        ("wrong JSON", r#"{"name": 5}"#),
        ("truncated", truncated),
        ("no genesis", no_genesis.as_str()),
        ("empty genesis storage", empty_storage.as_str()),
        ("no runtime", no_code.as_str()),
        ("corrupted runtime", bad_code.as_str()),
    ];
    for (what, text) in cases {
        let err = LightClient::start_with(text, None, options(None))
            .await
            .expect_err(what);
        assert!(
            matches!(err, ChainError::InvalidChainSpec(_)),
            "{what}: {err:?}"
        );
        assert_eq!(err.code(), "invalid_chain_spec", "{what}");
        assert_eq!(err.kind(), taolight::ErrorKind::BadInput, "{what}");
        eprintln!("{what}: {err}");
    }
}

/// The chain client runs over the light client: the same `Client` API, answered by smoldot.
/// With no peer reachable offline, smoldot knows the genesis block from the spec; what needs
/// the network (runtime calls, later blocks) times out with a typed error rather than hanging.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chain_client_runs_over_the_light_client() {
    use taolight::chain::{Api, Client};
    let light = LightClient::start_with(&spec(), None, options(None)).await.expect("light client");
    let client = Client::light(&light, Duration::from_secs(5)).await.expect("client over smoldot");
    assert_eq!(client.api(), Api::New);
    assert_eq!(client.genesis_hash(), light.genesis_hash().await.expect("genesis"));
    let head = client.finalized_head().await;
    eprintln!("finalized head over the light client, no peers: {head:?}");
    match head {
        Ok(h) => {
            assert_eq!(h.number, 0);
            assert_eq!(h.hash, client.genesis_hash());
            let mut heads = client.subscribe_finalized().await.expect("subscribe");
            let first = heads.next().await.expect("first").expect("head");
            assert_eq!(first.hash, client.genesis_hash());
        }
        Err(e) => assert!(matches!(e, ChainError::Timeout { .. }), "{e:?}"),
    }
    let t0 = std::time::Instant::now();
    let v = client.with_timeout(Duration::from_secs(3)).runtime_version().await;
    eprintln!("runtime version over the light client, no peers: {v:?} after {:?}", t0.elapsed());
    if let Err(e) = v {
        assert!(matches!(e, ChainError::Timeout { .. } | ChainError::Rpc { .. } | ChainError::Unsupported(_)), "{e:?}");
    }
}
