//! The verified backend (`Client::verified`) on real data: the spec-218 devnet's genesis state
//! and its real GRANDPA authorities.
//!
//! The devnet (chopsticks from a raw spec) serves neither read proofs nor GRANDPA
//! justifications, and the headers it builds after genesis carry an all-zero state root. So, in
//! front of it, the test harness (`taolight_devnet::proofs`) builds read proofs from the real
//! genesis storage (its root is checked to be the real genesis state root) and signs a
//! justification for every block the devnet finalizes with //Alice and //Bob, the chain's
//! genesis GRANDPA authorities; everything else is the devnet's own answer. Reads are proven
//! at genesis (the only block with a real state root); finality is followed over the devnet's
//! real blocks.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use parity_scale_codec::Decode;
use taolight::chain::{
    system_account_key, storage_prefix, Authority, AuthoritySet, BlockHash, ChainError, Checkpoint, Client,
    ConnectOptions, Header, Network, Trust,
};
use taolight_devnet::proofs::{AuthorityKey, GenesisState, ProofHook, Tamper};
use taolight_devnet::proxy::Proxy;
use taolight_devnet::Devnet;

const WAIT: Duration = Duration::from_secs(90);

fn devnet() -> &'static Devnet {
    Devnet::shared().unwrap_or_else(|e| panic!("devnet: {e}"))
}

fn genesis_state() -> Arc<GenesisState> {
    static STATE: std::sync::OnceLock<Arc<GenesisState>> = std::sync::OnceLock::new();
    STATE
        .get_or_init(|| {
            let path = std::env::var("TAOLIGHT_CHAIN_SPEC").unwrap_or_else(|_| {
                concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/chain/subtensor-spec218-devnet.json").to_owned()
            });
            let spec = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            Arc::new(GenesisState::from_spec(&spec).expect("genesis state"))
        })
        .clone()
}

struct Harness {
    proxy: Proxy,
    hook: Arc<ProofHook>,
    tamper: Arc<Mutex<Tamper>>,
}

fn harness() -> Harness {
    let tamper = Arc::new(Mutex::new(Tamper::None));
    let keys = vec![AuthorityKey::dev("Alice"), AuthorityKey::dev("Bob")];
    let hook = Arc::new(ProofHook::new(genesis_state(), keys, tamper.clone()));
    let proxy = Proxy::start(devnet().url(), hook.clone()).expect("proxy");
    Harness { proxy, hook, tamper }
}

impl Harness {
    fn set(&self, t: Tamper) {
        *self.tamper.lock().unwrap() = t;
    }
    fn network(&self) -> Network {
        Network::Rpc(self.proxy.url().to_owned())
    }
}

/// The genesis authority set, read from the genesis storage (`Grandpa.Authorities`).
fn genesis_set() -> AuthoritySet {
    let raw = genesis_state().get(&storage_prefix("Grandpa", "Authorities")).expect("authorities").to_vec();
    let list = Vec::<([u8; 32], u64)>::decode(&mut &raw[..]).unwrap();
    AuthoritySet { set_id: 0, authorities: list.into_iter().map(|(public_key, weight)| Authority { public_key, weight }).collect() }
}

/// A checkpoint at the real genesis block: the header built from the spec's genesis state, the
/// genesis authorities, and the genesis hash as the devnet reports it (`0x4545…`, see README).
async fn genesis_checkpoint() -> Checkpoint {
    let trusted = Client::connect(Network::Rpc(devnet().url().to_owned())).await.unwrap();
    let header = Header::decode(&mut &genesis_state().genesis_header()[..]).unwrap();
    assert_eq!(header.hash().to_hex(), "0x1a934637b44b267fe979d2be5f18f3e7834a11fc9db6bc4598da3fa35b6f46c5");
    Checkpoint::new(trusted.genesis_hash(), header, genesis_set()).unwrap()
}

async fn verified(h: &Harness, cp: Checkpoint) -> Result<Client, ChainError> {
    let opts = ConnectOptions { timeout: Duration::from_secs(60), ..ConnectOptions::default() };
    Client::verified(h.network(), cp, opts).await
}

/// Storage of the devnet at block 0 as the devnet itself reports it.
async fn devnet_block0(trusted: &Client) -> BlockHash {
    trusted.block_hash(0).await.unwrap().expect("block 0")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_and_runtime_calls_at_genesis_are_proven() {
    let h = harness();
    let client = verified(&h, genesis_checkpoint().await).await.expect("verified client");
    assert_eq!(client.trust(), Trust::Verified);
    let genesis = client.finalized_head().await.unwrap();
    assert_eq!(genesis.number, 0);
    assert_eq!(genesis.hash.to_hex(), "0x1a934637b44b267fe979d2be5f18f3e7834a11fc9db6bc4598da3fa35b6f46c5");
    let state = genesis_state();

    // Storage: present, absent, and key listing, each proven.
    let account_prefix = storage_prefix("System", "Account");
    let keys = client.storage_keys(&account_prefix, 1000, None, None).await.unwrap();
    assert_eq!(keys.len(), 202, "the spec-218 genesis has 202 System accounts");
    assert_eq!(keys, state.keys_paged(&account_prefix, 1000, None));
    let some_account = &keys[17];
    let v = client.storage(some_account, None).await.unwrap().expect("account");
    assert_eq!(Some(v.as_slice()), state.get(some_account));
    let nobody = system_account_key(&[0xee; 32]);
    assert_eq!(client.storage(&nobody, None).await.unwrap(), None);
    let page = client.storage_keys(&account_prefix, 5, Some(&keys[100]), None).await.unwrap();
    assert_eq!(page, keys[101..106].to_vec());

    // Runtime calls executed here, in the runtime read from the proven state, against what the
    // node computes at the same block.
    let trusted = Client::connect(Network::Rpc(devnet().url().to_owned())).await.unwrap();
    let block0 = devnet_block0(&trusted).await;
    let rv = client.runtime_version().await.unwrap();
    assert_eq!((rv.spec_name.as_str(), rv.spec_version, rv.transaction_version), ("node-subtensor", 218, 1));
    for (method, args) in [
        ("Core_version", vec![]),
        ("GrandpaApi_grandpa_authorities", vec![]),
        ("SubnetInfoRuntimeApi_get_subnets_info", vec![]),
        ("SubnetInfoRuntimeApi_get_subnet_hyperparams", 1u16.to_le_bytes().to_vec()),
        ("NeuronInfoRuntimeApi_get_neurons_lite", 0u16.to_le_bytes().to_vec()),
        ("DelegateInfoRuntimeApi_get_delegates", vec![]),
        ("SubnetInfoRuntimeApi_get_subnet_info", 1u16.to_le_bytes().to_vec()),
        ("SubnetInfoRuntimeApi_get_all_dynamic_info", vec![]),
        ("Metadata_metadata_at_version", 15u32.to_le_bytes().to_vec()),
    ] {
        let t0 = Instant::now();
        let local = client.runtime_call(method, &args, None).await.unwrap_or_else(|e| panic!("{method}: {e}"));
        let took = t0.elapsed();
        let node = trusted.runtime_call(method, &args, Some(block0)).await.unwrap();
        assert_eq!(hex::encode(&local), hex::encode(&node), "{method}: local result differs from the node's");
        eprintln!("{method}: {} bytes, equal to the node's, computed locally in {took:?}", local.len());
    }
    let md = client.metadata().await.unwrap();
    assert_eq!(md.spec_version(), 218);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tampered_proofs_and_another_genesis_are_refused() {
    let h = harness();
    let client = verified(&h, genesis_checkpoint().await).await.expect("verified client");
    let key = storage_prefix("Grandpa", "Authorities");
    assert!(client.storage(&key, None).await.unwrap().is_some());

    h.set(Tamper::ProofByte);
    let e = client.storage(&key, None).await.expect_err("a changed proof byte");
    assert_eq!(e.code(), "bad_proof", "{e}");
    let e = client.storage(&system_account_key(&[7; 32]), None).await.expect_err("a changed proof byte");
    assert_eq!(e.code(), "bad_proof", "{e}");

    h.set(Tamper::ProofValue);
    let e = client.storage(b":code", None).await.expect_err("a swapped value");
    assert_eq!(e.code(), "bad_proof", "{e}");

    h.set(Tamper::OtherGenesis);
    let e = verified(&h, genesis_checkpoint().await).await.expect_err("another genesis");
    assert!(matches!(e, ChainError::WrongChain { .. }), "{e}");

    h.set(Tamper::None);
    assert!(client.storage(&key, None).await.unwrap().is_some(), "honest again");
}

/// Builds a block on the devnet (it finalizes at once) and waits until the verified client has
/// seen the harness sign it, or refused it.
async fn next_block(h: &Harness, client: &Client) -> u64 {
    let before = h.hook.sent.load(Ordering::SeqCst);
    devnet().new_blocks(1).unwrap();
    let t0 = Instant::now();
    while h.hook.sent.load(Ordering::SeqCst) == before {
        assert!(t0.elapsed() < WAIT, "no justification sent");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Let the client process it (header fetches over loopback).
    let _ = client;
    tokio::time::sleep(Duration::from_millis(800)).await;
    before + 1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follows_devnet_finality_and_refuses_bad_justifications() {
    let h = harness();
    // The refresh command's path: a checkpoint from the (trusted) devnet at its finalized block.
    let trusted = Client::connect(h.network()).await.unwrap();
    let cp = trusted.checkpoint().await.unwrap();
    assert_eq!(cp.authority_set, genesis_set(), "the devnet runs on its genesis authorities");
    let cp = Checkpoint::from_json(&cp.to_json()).unwrap();
    let start = cp.block();
    let client = verified(&h, cp).await.expect("verified client");
    assert_eq!(client.finalized_head().await.unwrap(), start);
    let mut finalized = client.subscribe_finalized().await.unwrap();
    assert_eq!(finalized.next().await.unwrap().unwrap(), start);

    // Honest justifications move the verified finalized block along the devnet's chain.
    for _ in 0..3 {
        next_block(&h, &client).await;
    }
    let t0 = Instant::now();
    loop {
        let head = client.finalized_head().await.unwrap();
        if head.number >= start.number + 3 {
            let node = trusted.block_hash(head.number).await.unwrap().unwrap();
            assert_eq!(head.hash, node, "verified head is the devnet's block");
            break;
        }
        assert!(t0.elapsed() < WAIT, "verified head stuck at {head}: {:?}", client.verification_error());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let got = tokio::time::timeout(WAIT, finalized.next()).await.unwrap().unwrap().unwrap();
    assert_eq!(got.number, start.number + 1, "the subscription yields each verified block");
    assert!(client.verification_error().is_none());

    // Each kind of bad justification is refused with a typed error; the head stays put.
    for (tamper, code) in [
        (Tamper::TooFewSigners, "bad_justification"),
        (Tamper::BadSignature, "bad_justification"),
        (Tamper::VotesForAnotherBlock, "bad_justification"),
        (Tamper::ForeignBlock, "bad_header"),
    ] {
        // Caught up first, so a made-up block is at the next height.
        let caught_up = client.finalized_head().await.unwrap();
        h.set(tamper.clone());
        next_block(&h, &client).await;
        let e = client.verification_error().unwrap_or_else(|| panic!("{tamper:?} accepted"));
        assert_eq!(e.code(), code, "{tamper:?}: {e}");
        assert_eq!(client.finalized_head().await.unwrap(), caught_up, "{tamper:?} moved the head");
        eprintln!("{tamper:?}: refused: {e}");
        // Honest again: the next block's justification covers the refused one too.
        h.set(Tamper::None);
        next_block(&h, &client).await;
        let t0 = Instant::now();
        while client.finalized_head().await.unwrap().number < caught_up.number + 2 {
            assert!(t0.elapsed() < WAIT, "not resumed after {tamper:?}: {:?}", client.verification_error());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(client.verification_error().is_none());
    }

    // A verified client's own checkpoint needs the runtime version at its finalized block,
    // proven: the devnet cannot prove state after genesis, and nothing unproven is put in.
    let e = client.checkpoint().await.expect_err("unprovable state on the devnet");
    assert_eq!(e.code(), "rpc", "{e}");
    assert!(e.to_string().contains("state_getReadProof"), "{e}");
}
