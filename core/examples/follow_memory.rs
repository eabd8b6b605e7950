//! A client following the chain: subscribes to finalized and best heads, reads //Alice's
//! balance at every finalized head (as a wallet refreshing its view does), and samples its own
//! resident memory (VmRSS, VmHWM from /proc/self/status) every few seconds. Prints one JSON
//! line per sample and a summary line. Used by tests/bench/follow-memory (Linux only).
//!
//! Usage: cargo run --release -p taolight --example follow_memory -- ws://127.0.0.1:PORT SECONDS

use std::time::{Duration, Instant};

use taolight::chain::{Client, Network};
use taolight::keys::{Keypair, Scheme};

/// `VmRSS` and `VmHWM` in KiB.
fn memory_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args.next().ok_or("usage: follow_memory URL SECONDS")?;
    let seconds: u64 = args.next().map(|s| s.parse()).transpose()?.unwrap_or(60);
    let alice = Keypair::from_uri("//Alice", Scheme::Sr25519)?.public().bytes;

    let client = Client::connect(Network::Rpc(url)).await?;
    let mut finalized = client.subscribe_finalized().await?;
    let mut best = client.subscribe_best().await?;
    let (start_rss, _) = memory_kib();
    let started = Instant::now();
    let end = started + Duration::from_secs(seconds);
    let mut next_sample = started;
    let (mut finalized_heads, mut best_heads, mut reads, mut errors) = (0u64, 0u64, 0u64, 0u64);
    let mut samples = Vec::new();
    while Instant::now() < end {
        if Instant::now() >= next_sample {
            let (rss, hwm) = memory_kib();
            samples.push(rss);
            println!(
                "{{\"t_s\":{},\"rss_kib\":{rss},\"hwm_kib\":{hwm},\"finalized_heads\":{finalized_heads},\"best_heads\":{best_heads},\"reads\":{reads},\"errors\":{errors}}}",
                started.elapsed().as_secs()
            );
            next_sample += Duration::from_secs(5);
        }
        let wait = next_sample.min(end).saturating_duration_since(Instant::now());
        tokio::select! {
            head = finalized.next() => match head {
                Some(Ok(h)) => {
                    finalized_heads += 1;
                    match taolight::query::balance(&client, &alice, Some(h.hash)).await {
                        Ok(_) => reads += 1,
                        Err(_) => errors += 1,
                    }
                }
                Some(Err(_)) => errors += 1,
                None => return Err("the finalized-head subscription ended".into()),
            },
            head = best.next() => match head {
                Some(Ok(_)) => best_heads += 1,
                Some(Err(_)) => errors += 1,
                None => return Err("the best-head subscription ended".into()),
            },
            _ = tokio::time::sleep(wait) => {}
        }
    }
    let (rss, hwm) = memory_kib();
    // Growth: the last quarter of the samples against the first quarter (after start-up).
    let quarter = (samples.len() / 4).max(1);
    let avg = |s: &[u64]| s.iter().sum::<u64>() as f64 / s.len().max(1) as f64;
    let first = avg(&samples[..quarter.min(samples.len())]);
    let last = avg(&samples[samples.len().saturating_sub(quarter)..]);
    println!(
        "{{\"summary\":true,\"seconds\":{seconds},\"finalized_heads\":{finalized_heads},\"best_heads\":{best_heads},\"reads\":{reads},\"errors\":{errors},\"rss_start_kib\":{start_rss},\"rss_end_kib\":{rss},\"hwm_kib\":{hwm},\"rss_first_quarter_kib\":{first:.0},\"rss_last_quarter_kib\":{last:.0}}}"
    );
    Ok(())
}
