//! A verified read against a trusted read, on the devnet's genesis state, through one loopback
//! server: the proof harness (`taolight_devnet::proofs`, which builds read proofs from the real
//! genesis storage because the devnet serves none) answers both `state_getStorage` and
//! `state_getReadProof` at the genesis block, so the only difference measured is the proof on
//! the wire and its verification. Also a runtime API call run locally over proven storage
//! against the node's own `state_call`. Prints one JSON line; used by tests/bench/verified-vs-trusted.
//!
//! Usage: cargo run --release -p taolight --example verified_vs_trusted -- ws://127.0.0.1:PORT SPEC [ROUNDS]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use parity_scale_codec::Decode;
use taolight::chain::{storage_prefix, Authority, AuthoritySet, Checkpoint, Client, ConnectOptions, Header, Network};
use taolight_devnet::proofs::{AuthorityKey, GenesisState, ProofHook, Tamper};
use taolight_devnet::proxy::Proxy;

fn median_us(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1e6
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args.next().ok_or("usage: verified_vs_trusted URL SPEC [ROUNDS]")?;
    let spec = std::fs::read_to_string(args.next().ok_or("no spec path")?)?;
    let rounds: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(300);
    let state = Arc::new(GenesisState::from_spec(&spec)?);
    let keys = vec![AuthorityKey::dev("Alice"), AuthorityKey::dev("Bob")];
    let proxy = Proxy::start(&url, ProofHook::new(state.clone(), keys, Arc::new(Mutex::new(Tamper::None))))?;

    let trusted = Client::connect(Network::Rpc(proxy.url().to_owned())).await?;
    let header = Header::decode(&mut &state.genesis_header()[..])?;
    let genesis = header.hash();
    let list = Vec::<([u8; 32], u64)>::decode(&mut state.get(&storage_prefix("Grandpa", "Authorities")).ok_or("no authorities")?)?;
    let set = AuthoritySet { set_id: 0, authorities: list.into_iter().map(|(public_key, weight)| Authority { public_key, weight }).collect() };
    let cp = Checkpoint::new(trusted.genesis_hash(), header, set)?;
    let verified = Client::verified(Network::Rpc(proxy.url().to_owned()), cp, ConnectOptions::default()).await?;

    // Every System account of the genesis state, read in turn.
    let keys = state.keys_paged(&storage_prefix("System", "Account"), usize::MAX, None);
    let (mut t_trusted, mut t_verified) = (Vec::new(), Vec::new());
    for i in 0..rounds {
        let key = &keys[i % keys.len()];
        let t = Instant::now();
        let a = trusted.storage(key, Some(genesis)).await?;
        t_trusted.push(t.elapsed());
        let t = Instant::now();
        let b = verified.storage(key, None).await?;
        t_verified.push(t.elapsed());
        assert_eq!(a, b);
    }
    // A runtime call: local over proven storage, against the devnet's state_call at block 0.
    let node = Client::connect(Network::Rpc(url.clone())).await?;
    let block0 = node.block_hash(0).await?.ok_or("no block 0")?;
    let method = "SubnetInfoRuntimeApi_get_subnets_info";
    verified.runtime_call(method, &[], None).await?; // compiles the runtime once
    let (mut c_node, mut c_local) = (Vec::new(), Vec::new());
    for _ in 0..rounds.min(30) {
        let t = Instant::now();
        let a = node.runtime_call(method, &[], Some(block0)).await?;
        c_node.push(t.elapsed());
        let t = Instant::now();
        let b = verified.runtime_call(method, &[], None).await?;
        c_local.push(t.elapsed());
        assert_eq!(a, b);
    }
    let (tr, vr) = (median_us(t_trusted), median_us(t_verified));
    let (cn, cl) = (median_us(c_node), median_us(c_local));
    println!(
        "{}",
        serde_json::json!({
            "rounds": rounds,
            "storage_read_trusted_us": tr.round(),
            "storage_read_verified_us": vr.round(),
            "verified_over_trusted": (vr / tr * 100.0).round() / 100.0,
            "runtime_call": method,
            "runtime_call_node_us": cn.round(),
            "runtime_call_local_verified_us": cl.round(),
            "local_over_node": (cl / cn * 100.0).round() / 100.0,
        })
    );
    Ok(())
}
