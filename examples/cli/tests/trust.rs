//! `--trust light|verified|trusted` and `chain checkpoint` of the built `taolight` binary, on
//! the real devnet. Verified reads go through the proof harness (`taolight_devnet::proofs`: read
//! proofs built from the real spec-218 genesis state, justifications signed with the devnet's
//! real GRANDPA keys), since the devnet serves neither; see core/tests/chain_verified.rs.

#![allow(clippy::unwrap_used)]

use std::process::Command;
use std::sync::{Arc, Mutex};

use parity_scale_codec::Decode;
use serde_json::Value as Json;
use taolight::chain::{storage_prefix, Authority, AuthoritySet, Checkpoint, Client, Header, Network};
use taolight_devnet::proofs::{AuthorityKey, GenesisState, ProofHook, Tamper};
use taolight_devnet::proxy::Proxy;
use taolight_devnet::Devnet;

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/chain/subtensor-spec218-devnet.json");

fn run(args: &[&str]) -> (i32, Json, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_taolight"))
        .arg("--json")
        .args(args)
        .env_remove("TAOLIGHT_NETWORK")
        .env_remove("TAOLIGHT_TRUST")
        .env_remove("TAOLIGHT_CHECKPOINT")
        .env_remove("TAOLIGHT_CHAIN_SPEC_FILE")
        .output()
        .expect("run taolight");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let doc = serde_json::from_str(&stdout).unwrap_or(Json::Null);
    (out.status.code().unwrap_or(-1), doc, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn genesis() -> GenesisState {
    GenesisState::from_spec(&std::fs::read_to_string(SPEC).unwrap()).unwrap()
}

#[test]
fn verified_reads_through_the_cli_and_tampering_exits_3() {
    let devnet = Devnet::shared().unwrap_or_else(|e| panic!("{e}"));
    let state = genesis();
    // A checkpoint at the real genesis block (see core/tests/chain_verified.rs).
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let reported = rt.block_on(Client::connect(Network::Rpc(devnet.url().to_owned()))).unwrap().genesis_hash();
    let header = Header::decode(&mut &state.genesis_header()[..]).unwrap();
    let list = Vec::<([u8; 32], u64)>::decode(&mut state.get(&storage_prefix("Grandpa", "Authorities")).unwrap()).unwrap();
    let set = AuthoritySet { set_id: 0, authorities: list.into_iter().map(|(public_key, weight)| Authority { public_key, weight }).collect() };
    let dir = tempfile::tempdir().unwrap();
    let cp_path = dir.path().join("genesis.checkpoint.json");
    std::fs::write(&cp_path, Checkpoint::new(reported, header, set).unwrap().to_json()).unwrap();
    let cp = cp_path.to_str().unwrap();

    // An account of the genesis state, and its free balance there.
    let prefix = storage_prefix("System", "Account");
    let key = state.keys_paged(&prefix, 1, None).remove(0);
    let account: [u8; 32] = key[key.len() - 32..].try_into().unwrap();
    let info = state.get(&key).unwrap();
    let free = u64::from_le_bytes(info[16..24].try_into().unwrap());
    let ss58 = taolight::keys::ss58::encode(&account, 42);

    let tamper = Arc::new(Mutex::new(Tamper::None));
    let hook = ProofHook::new(Arc::new(state), vec![AuthorityKey::dev("Alice"), AuthorityKey::dev("Bob")], tamper.clone());
    let proxy = Proxy::start(devnet.url(), hook).unwrap();

    let (code, doc, err) = run(&["chain", "info", "--network", proxy.url(), "--checkpoint", cp]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(doc["trust"], "verified");
    assert_eq!(doc["finalized_block"]["number"], 0);
    assert_eq!(doc["finalized_block"]["hash"], "0x1a934637b44b267fe979d2be5f18f3e7834a11fc9db6bc4598da3fa35b6f46c5");
    assert_eq!((doc["spec_name"].as_str(), doc["spec_version"].as_u64()), (Some("node-subtensor"), Some(218)));

    let (code, doc, err) = run(&["balance", &ss58, "--network", proxy.url(), "--trust", "verified", "--checkpoint", cp]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(doc["free_rao"], free, "{doc}");

    *tamper.lock().unwrap() = Tamper::ProofByte;
    let (code, _, err) = run(&["balance", &ss58, "--network", proxy.url(), "--checkpoint", cp]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("bad storage proof"), "{err}");

    // The same read, trusted, through the same proxy: believed as the node says.
    let (code, doc, err) = run(&["balance", &ss58, "--network", devnet.url(), "--trust", "trusted"]);
    assert_eq!(code, 0, "{err}");
    assert!(doc["free_rao"].is_u64());
}

#[test]
fn checkpoint_command_light_and_bad_flags() {
    let devnet = Devnet::shared().unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("devnet.checkpoint.json");
    let (code, doc, err) = run(&["chain", "checkpoint", "--network", devnet.url(), "--out", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(doc["trust"], "trusted");
    assert_eq!(doc["grandpa_authorities"], 2);
    let cp = Checkpoint::from_json(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(cp.block().hash.to_hex(), doc["block"]["hash"].as_str().unwrap());
    assert!(cp.aura.is_some() && cp.runtime.is_some());

    // The embedded light client on the spec (no peers here: it knows its genesis).
    let (code, doc, err) = run(&["chain", "info", "--chain-spec", SPEC, "--checkpoint", file.to_str().unwrap(), "--trust", "light"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(doc["trust"], "light");
    assert_eq!(doc["genesis_hash"], "0x1a934637b44b267fe979d2be5f18f3e7834a11fc9db6bc4598da3fa35b6f46c5");
    assert_eq!(doc["peers"], 0);

    for (args, want) in [
        (vec!["chain", "info", "--trust", "verified"], "no_checkpoint"),
        (vec!["chain", "info", "--trust", "light"], "no_chain_spec"),
        (vec!["chain", "info", "--trust", "sometimes"], ""),
    ] {
        let (code, doc, err) = run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        if !want.is_empty() {
            assert_eq!(doc["error"]["code"], want, "{args:?}: {doc}");
        }
    }
}
