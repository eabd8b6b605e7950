//! The network facts shipped in core/chains/ are the ones that can be checked, and are checked:
//! the testnet's genesis state root and hash recomputed from its public genesis spec
//! (`../shared/chain/subtensor-spec103-testnet-genesis.json`, opentensor/subtensor
//! chainspecs/raw_spec_testfinney.json), its bootnodes and properties read from that spec, and
//! both networks' genesis hashes equal to the ones the client checks on connect.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use taolight::chain::{FINNEY_GENESIS, TEST_GENESIS};
use taolight_devnet::proofs::GenesisState;

fn facts(name: &str) -> Value {
    let path = format!("{}/chains/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

#[test]
fn testnet_facts_are_recomputed_from_its_genesis_spec() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/chain/subtensor-spec103-testnet-genesis.json");
    let spec_text = std::fs::read_to_string(path).unwrap();
    let spec: Value = serde_json::from_str(&spec_text).unwrap();
    let state = GenesisState::from_spec(&spec_text).unwrap();
    let f = facts("test");
    assert_eq!(format!("0x{}", hex::encode(state.genesis_hash())), TEST_GENESIS);
    assert_eq!(f["genesisHash"], TEST_GENESIS);
    assert_eq!(f["genesisStateRoot"], format!("0x{}", hex::encode(state.state_root())));
    assert_eq!(f["bootNodes"], spec["bootNodes"]);
    assert_eq!(f["properties"], spec["properties"]);
    assert_eq!((f["name"].clone(), f["id"].clone(), f["protocolId"].clone()), (spec["name"].clone(), spec["id"].clone(), spec["protocolId"].clone()));
}

#[test]
fn finney_facts_claim_nothing_unchecked() {
    let f = facts("finney");
    assert_eq!(f["genesisHash"], FINNEY_GENESIS);
    assert!(f["genesisStateRoot"].is_null(), "finney's genesis state root cannot be checked offline");
    assert_eq!(f["rpc"][0], taolight::chain::FINNEY_RPC);
    assert_eq!(facts("test")["rpc"][0], taolight::chain::TEST_RPC);
}
