//! Times connect plus the first storage read (//Alice's balance) against a node, the way an app
//! starts: cold (metadata fetched, since the balance decoder checks its layout against it) and
//! raw (one storage read, no metadata). Prints one JSON line. Used by tests/bench/chain-vs-peers.
//!
//! Usage: cargo run --release -p taolight --example connect_first_read -- ws://127.0.0.1:PORT [RUNS]

use std::time::Instant;

use taolight::chain::{system_account_key, Client, ConnectOptions, Network};
use taolight::keys::{Keypair, Scheme};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args.next().ok_or("usage: connect_first_read URL [RUNS]")?;
    let runs: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(5);
    let alice = Keypair::from_uri("//Alice", Scheme::Sr25519)?.public().bytes;
    let (mut cold, mut raw, mut warm) = (Vec::new(), Vec::new(), Vec::new());
    // The metadata cache on disk, filled once: what every start after the first one reads.
    let cache = std::env::temp_dir().join(format!("taolight-bench-metadata-{}", std::process::id()));
    let cached = ConnectOptions { metadata_cache: Some(cache.clone()), ..ConnectOptions::default() };
    Client::connect_with(Network::Rpc(url.clone()), cached.clone()).await?.metadata().await?;
    for _ in 0..runs {
        let start = Instant::now();
        let client = Client::connect_with(Network::Rpc(url.clone()), cached.clone()).await?;
        let balance = taolight::query::balance(&client, &alice, None).await?;
        assert!(balance.free > 0);
        warm.push(start.elapsed().as_secs_f64() * 1e3);

        let start = Instant::now();
        let client = Client::connect(Network::Rpc(url.clone())).await?;
        let balance = taolight::query::balance(&client, &alice, None).await?;
        assert!(balance.free > 0);
        cold.push(start.elapsed().as_secs_f64() * 1e3);

        let start = Instant::now();
        let client = Client::connect(Network::Rpc(url.clone())).await?;
        client.storage(&system_account_key(&alice), None).await?.ok_or("no account")?;
        raw.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let _ = std::fs::remove_dir_all(&cache);
    println!(
        "{{\"peer\":\"taolight\",\"runs\":{runs},\"connect_metadata_first_read_ms\":{:.2},\"connect_cached_metadata_first_read_ms\":{:.2},\"connect_first_raw_read_ms\":{:.2}}}",
        median(&mut cold),
        median(&mut warm),
        median(&mut raw)
    );
    Ok(())
}
