//! The proof harness on the real spec-218 genesis state: its trie root is the real genesis state
//! root (the genesis header built on it hashes to what smoldot computes from the spec), its
//! proofs verify with smoldot's decoder, and its signing keys are the chain's GRANDPA authorities.
#![cfg(feature = "proofs")]

use parity_scale_codec::Decode;
use smoldot::trie::proof_decode;
use taolight_devnet::proofs::{AuthorityKey, GenesisState};

fn spec() -> String {
    let path = std::env::var("TAOLIGHT_CHAIN_SPEC").unwrap_or_else(|_| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        dir.join("../../../shared/chain/subtensor-spec218-devnet.json").to_string_lossy().into_owned()
    });
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn genesis_trie_has_the_real_state_root() {
    let state = GenesisState::from_spec(&spec()).expect("spec");
    assert_eq!(
        hex::encode(state.genesis_hash()),
        "1a934637b44b267fe979d2be5f18f3e7834a11fc9db6bc4598da3fa35b6f46c5",
        "state root 0x{}",
        hex::encode(state.state_root())
    );
}

#[test]
fn proofs_verify_and_answer() {
    let state = GenesisState::from_spec(&spec()).expect("spec");
    let root = state.state_root();
    let code = b":code".to_vec();
    // Grandpa.Authorities (twox128("Grandpa") ++ twox128("Authorities")).
    let auth = hex::decode("5f9cc45b7a00c5899361e1c6099678dc5e0621c4869aa60c02be9adcc98a0d1d").expect("hex");
    let missing = b":no such key".to_vec();
    let proof = state.prove(&[code.clone(), auth.clone(), missing.clone()]);
    let encoded = parity_scale_codec::Encode::encode(&proof);
    let decoded = proof_decode::decode_and_verify_proof(proof_decode::Config { proof: encoded }).expect("valid proof");
    let (v, _) = decoded.storage_value(&root, &code).expect("covered").expect("present");
    assert_eq!(v, state.get(&code).expect("code"));
    assert!(v.len() > 500_000, "runtime code (zstd) is {} bytes", v.len());
    assert!(decoded.storage_value(&root, &missing).expect("covered").is_none());
    let (a, _) = decoded.storage_value(&root, &auth).expect("covered").expect("present");
    let list = Vec::<([u8; 32], u64)>::decode(&mut &a[..]).expect("authority list");
    let alice = AuthorityKey::dev("Alice");
    let bob = AuthorityKey::dev("Bob");
    assert_eq!(hex::encode(alice.public), "88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee");
    assert_eq!(list, vec![(alice.public, 1), (bob.public, 1)]);
}

#[test]
fn key_pages_are_ordered_and_bounded() {
    let state = GenesisState::from_spec(&spec()).expect("spec");
    let system_account = hex::decode("26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9").expect("hex");
    let first = state.keys_paged(&system_account, 10, None);
    assert_eq!(first.len(), 10);
    assert!(first.windows(2).all(|w| w[0] < w[1]) && first.iter().all(|k| k.starts_with(&system_account)));
    let all = state.keys_paged(&system_account, usize::MAX, None);
    assert_eq!(all.len(), 202, "System accounts in the spec-218 genesis");
    let next = state.keys_paged(&system_account, 1000, Some(&first[9]));
    assert_eq!([first, next].concat(), all);
}
