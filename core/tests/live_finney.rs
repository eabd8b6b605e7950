//! Opt-in, on a machine with a network: `TAOLIGHT_LIVE=1 cargo test -p taolight --test live_finney
//! -- --nocapture`. Not run by `tests/run` (no machine here reaches finney).
//!
//! It takes a checkpoint from finney's public node (trusting it once, as `taolight chain
//! checkpoint` does), follows finality from it with the verified backend for a few blocks,
//! checks a proven read against the trusted one, and records what the checkpoint says of the
//! runtime: if it offers BabeApi beside AuraApi (as since July 2025), the embedded light client
//! refuses it with `UnsupportedConsensus`. With `TAOLIGHT_FINNEY_SPEC=<raw finney spec>` it also
//! starts the embedded light client on that spec and reports its health after a minute.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use taolight::chain::{storage_prefix, Client, ConnectOptions, LightClient, LightOptions, Network, FINNEY_RPC};

fn live() -> bool {
    std::env::var("TAOLIGHT_LIVE").is_ok_and(|v| v == "1")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn finney_verified_from_a_fresh_checkpoint() {
    if !live() {
        eprintln!("skipped: set TAOLIGHT_LIVE=1 on a machine that reaches {FINNEY_RPC}");
        return;
    }
    let network: Network = "finney".parse().unwrap();
    let trusted = Client::connect(network.clone()).await.expect("finney's public node");
    let cp = trusted.checkpoint().await.expect("checkpoint");
    let start = cp.block();
    eprintln!("checkpoint at #{} {} (GRANDPA set {})", start.number, start.hash, cp.authority_set.set_id);
    let rt = cp.runtime.clone().expect("runtime");
    eprintln!("runtime {} v{}: AuraApi {}, BabeApi {}", rt.spec_name, rt.spec_version, rt.has_api("AuraApi"), rt.has_api("BabeApi"));
    if let Err(e) = rt.check_light_client_consensus() {
        eprintln!("the embedded light client would refuse it: {e}");
    }

    let verified = Client::verified(network, cp, ConnectOptions { timeout: Duration::from_secs(60), ..Default::default() })
        .await
        .expect("verified client");
    let t0 = Instant::now();
    loop {
        let head = verified.finalized_head().await.unwrap();
        if head.number >= start.number + 2 {
            eprintln!("verified finality reached #{} in {:?}", head.number, t0.elapsed());
            break;
        }
        assert!(t0.elapsed() < Duration::from_secs(180), "stuck at {head}: {:?}", verified.verification_error());
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    let head = verified.finalized_head().await.unwrap();
    let key = storage_prefix("SubtensorModule", "TotalIssuance");
    let proven = verified.storage(&key, Some(head.hash)).await.expect("proven read");
    let claimed = trusted.storage(&key, Some(head.hash)).await.unwrap();
    assert_eq!(proven, claimed);
    let v = verified.runtime_version().await.expect("local runtime version");
    eprintln!("verified runtime {} v{}", v.spec_name, v.spec_version);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn finney_light_client_on_a_given_spec() {
    let Ok(path) = std::env::var("TAOLIGHT_FINNEY_SPEC") else {
        eprintln!("skipped: set TAOLIGHT_LIVE=1 and TAOLIGHT_FINNEY_SPEC=<raw finney chain spec>");
        return;
    };
    if !live() {
        return;
    }
    let spec = std::fs::read_to_string(path).unwrap();
    let light = match LightClient::start_with(&spec, None, LightOptions::default()).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("light client refused to start: {e}");
            return;
        }
    };
    tokio::time::sleep(Duration::from_secs(60)).await;
    eprintln!("after a minute: {:?}", light.health().await);
}
