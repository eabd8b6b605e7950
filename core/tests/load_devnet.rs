//! Load on the local real chain: 50 transactions from 5 accounts submitted at once (ten per
//! account, concurrently, each with its own nonce) and 200 concurrent queries, all answered or
//! included, and balances consistent afterwards.

use std::time::{Duration, Instant};

use futures::future::join_all;
use taolight::chain::{Client, Network};
use taolight::keys::{Keypair, Scheme};
use taolight::query::balance;
use taolight::tx::{calls, Call, TxOptions, ValueExt, WaitFor};
use taolight::types::RAO_PER_TAO;
use taolight_devnet::Devnet;

fn pair(uri: &str) -> Keypair {
    Keypair::from_uri(uri, Scheme::Sr25519).expect("dev key")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_transactions_from_five_accounts_and_two_hundred_queries_at_once() {
    let devnet = Devnet::shared().unwrap_or_else(|e| panic!("devnet: {e}"));
    let client = Client::connect(Network::Rpc(devnet.url().to_string())).await.expect("connect").with_timeout(Duration::from_secs(120));
    let alice = pair("//Alice");
    let senders: Vec<Keypair> = (0..5).map(|i| pair(&format!("//Alice//load{i}"))).collect();
    let start = 1_000 * RAO_PER_TAO;
    // Fund the five senders in one batch (sudo sets exact balances).
    let funding: Vec<Call> = senders
        .iter()
        .map(|s| {
            Call::new("Balances", "force_set_balance")
                .arg("who", taolight::tx::multi_address(&s.public().bytes))
                .arg("new_free", taolight::tx::uint(start))
        })
        .collect();
    client.sign_and_submit(&calls::sudo(&calls::batch_all(&funding)), &alice, &TxOptions::default()).await.expect("fund");
    let dest = pair("//Alice//load-dest").public().bytes;
    let first_block = client.best_head().await.expect("head").number;

    let t0 = Instant::now();
    let client_ref = &client;
    let sends = senders.iter().flat_map(|s| {
        (0..10u64).map(move |i| {
            let client = client_ref.clone();
            async move {
                client
                    .sign_and_submit(
                        &calls::transfer_keep_alive(&dest, RAO_PER_TAO + i),
                        s,
                        &TxOptions { wait_for: WaitFor::None, ..TxOptions::default() },
                    )
                    .await
            }
        })
    });
    let queries = (0..200).map(|i| {
        let client = client.clone();
        let who = pair(&format!("//Alice//load{}", i % 5)).public().bytes;
        async move { balance(&client, &who, None).await.map(|b| b.free) }
    });
    let (sent, read) = tokio::join!(join_all(sends), join_all(queries));
    let submitted = t0.elapsed();
    for r in &sent {
        assert!(r.is_ok(), "{r:?}");
    }
    for r in &read {
        assert!(r.is_ok(), "{r:?}");
    }
    // Each sender used nonces 0..10, each once (sends are in sender order, ten each).
    for chunk in sent.chunks(10) {
        let mut nonces: Vec<u32> = chunk.iter().filter_map(|r| r.as_ref().ok()).map(|o| o.nonce).collect();
        nonces.sort_unstable();
        assert_eq!(nonces, (0..10).collect::<Vec<_>>());
    }
    // Wait until all fifty are in.
    let deadline = Instant::now() + Duration::from_secs(120);
    let (mut last_done, mut stalled, mut pokes) = (0, 0, 0);
    loop {
        let mut done = 0;
        for s in &senders {
            done += balance(&client, &s.public().bytes, Some(client.best_head().await.expect("head").hash)).await.expect("balance").nonce;
        }
        if done == 50 {
            break;
        }
        assert!(Instant::now() < deadline, "only {done} of 50 included");
        // Concurrent submissions reach the node out of nonce order; the pool holds the early
        // ones as "future" until their predecessor is in. A real chain keeps making blocks; the
        // devnet in instant mode makes one only per submission, so when nothing moves, ask it
        // for an empty block (the pool then includes what became ready).
        if done == last_done {
            stalled += 1;
            if stalled % 8 == 0 {
                devnet.new_blocks(1).expect("new block");
                pokes += 1;
            }
        } else {
            stalled = 0;
        }
        last_done = done;
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let included = t0.elapsed();
    // Balances: the destination got every amount; each sender paid its amounts plus the fees
    // its transactions' events report.
    let total_sent: u64 = (0..10).map(|i| RAO_PER_TAO + i).sum();
    assert_eq!(balance(&client, &dest, None).await.expect("balance").free, 5 * total_sent);
    let mut fees = [0u64; 5];
    let mut at = client.best_head().await.expect("head").hash;
    loop {
        let header = client.header(at).await.expect("header");
        if header.number <= first_block {
            break;
        }
        for e in client.events(at).await.expect("events") {
            if e.path() == "TransactionPayment.TransactionFeePaid" {
                let who = e.field("who").and_then(|v| v.as_bytes()).expect("who");
                if let Some(i) = senders.iter().position(|s| s.public().bytes.to_vec() == who) {
                    fees[i] += e.field("actual_fee").and_then(|v| v.as_uint()).expect("fee") as u64;
                }
            }
        }
        at = header.parent_hash;
    }
    for (i, s) in senders.iter().enumerate() {
        let b = balance(&client, &s.public().bytes, None).await.expect("balance");
        assert_eq!(b.nonce, 10);
        assert!(fees[i] > 0);
        assert_eq!(b.free, start - total_sent - fees[i], "sender {i}");
    }
    println!("50 transactions and 200 queries submitted/answered in {submitted:?}; all included after {included:?} ({pokes} empty blocks asked for)");
}
