//! Checkpoints made from the real devnet node (`Client::checkpoint`, what `taolight chain
//! checkpoint` writes) and the light client's consensus check: the checkpoint records the
//! runtime's API list, and a runtime smoldot cannot follow (AuraApi beside BabeApi, as finney's
//! since July 2025) is refused before smoldot starts.

#![cfg(feature = "light-client")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use taolight::chain::{Checkpoint, Client, LightClient, LightOptions, Network};

fn spec() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/chain/subtensor-spec218-devnet.json");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn options(cp: &Checkpoint) -> LightOptions {
    LightOptions {
        timeout: Duration::from_secs(60),
        start_timeout: Duration::from_secs(120),
        expected_genesis: None,
        runtime: cp.runtime.clone(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn devnet_checkpoints_record_what_the_light_client_needs() {
    let devnet = taolight_devnet::Devnet::shared().unwrap_or_else(|e| panic!("{e}"));
    devnet.new_blocks(2).unwrap();
    let node = Client::connect(Network::Rpc(devnet.url().to_owned())).await.unwrap();
    let head = node.finalized_head().await.unwrap();
    let cp = node.checkpoint().await.unwrap();
    assert!(cp.block().number >= 2 && cp.block().number <= head.number + 1, "{:?}", cp.block());
    assert_eq!(cp.genesis_hash, node.genesis_hash());
    let aura = cp.aura.as_ref().expect("the devnet runs Aura");
    assert_eq!(aura.slot_duration_ms, 3000, "the devnet build has 3 s blocks");
    assert_eq!(aura.authorities.len(), 2, "//Alice and //Bob author");
    let rt = cp.runtime.as_ref().expect("runtime");
    assert_eq!((rt.spec_name.as_str(), rt.spec_version), ("node-subtensor", 218));
    assert!(rt.has_api("AuraApi") && rt.has_api("GrandpaApi") && !rt.has_api("BabeApi"));
    // What the command writes is what is read back.
    let cp = Checkpoint::from_json(&cp.to_json()).unwrap();
    assert_eq!(cp.runtime.as_ref(), Some(rt));

    // An Aura-only runtime: the light client starts.
    let light = LightClient::start_with(&spec(), None, options(&cp)).await.expect("starts");
    assert_eq!(light.genesis_hash().await.unwrap().to_hex(), "0x1a934637b44b267fe979d2be5f18f3e7834a11fc9db6bc4598da3fa35b6f46c5");

    // The same checkpoint, had its runtime offered BabeApi too: refused at once, saying what
    // to do instead.
    let mut babe = cp.clone();
    babe.runtime.as_mut().unwrap().apis.push((sp_crypto_hashing::blake2_64(b"BabeApi"), 2));
    let e = LightClient::start_with(&spec(), None, options(&babe)).await.expect_err("Aura + BABE");
    assert_eq!(e.code(), "unsupported_consensus");
    assert!(e.to_string().contains("--trust verified"), "{e}");
}
