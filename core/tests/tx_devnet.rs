//! Transactions on the local real chain (tests/devnet: chopsticks on the real spec-218 runtime,
//! real signature checks): every builder applied with its effect asserted, and the failure
//! modes giving typed errors. Each test signs with its own dev account so tests run in parallel.

use taolight::chain::{Client, Network};
use taolight::keys::{Keypair, Scheme};
use taolight::query::balance;
use taolight::tx::{calls, Call, TxError, TxOptions, TxStatus, ValueExt, WaitFor};
use taolight::types::RAO_PER_TAO;
use taolight_devnet::Devnet;

fn pair(uri: &str) -> Keypair {
    Keypair::from_uri(uri, Scheme::Sr25519).expect("dev key")
}

async fn client() -> Client {
    let devnet = Devnet::shared().unwrap_or_else(|e| panic!("devnet: {e}"));
    Client::connect(Network::Rpc(devnet.url().to_string())).await.expect("connect")
}

fn uint_field(e: &taolight::tx::Event, name: &str) -> u128 {
    e.field(name).and_then(|v| v.as_uint()).unwrap_or_else(|| panic!("{e}: no {name}"))
}

fn bytes_field(e: &taolight::tx::Event, name: &str) -> Vec<u8> {
    e.field(name).and_then(|v| v.as_bytes()).unwrap_or_else(|| panic!("{e}: no {name}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transfer_keep_alive_moves_the_exact_amount_and_reports_its_fee() {
    let client = client().await;
    let alice = pair("//Alice");
    let dest = pair("//Alice//transfer-dest").public().bytes;
    let amount = 12 * RAO_PER_TAO + 345;
    let before = balance(&client, &alice.public().bytes, None).await.expect("balance");
    let call = calls::transfer_keep_alive(&dest, amount);
    let fee = client
        .estimate_fee(&call, &alice.public().bytes, &TxOptions::default())
        .await
        .expect("fee");
    assert!(fee.partial_fee > 0, "{fee:?}");
    let out = client
        .sign_and_submit(&call, &alice, &TxOptions::default())
        .await
        .expect("transfer");
    let t = out.event("Balances", "Transfer").expect("Transfer event");
    assert_eq!(bytes_field(t, "from"), alice.public().bytes.to_vec());
    assert_eq!(bytes_field(t, "to"), dest.to_vec());
    assert_eq!(uint_field(t, "amount"), amount as u128);
    assert!(out.event("System", "ExtrinsicSuccess").is_some());
    let paid = out.event("TransactionPayment", "TransactionFeePaid").expect("fee event");
    let actual_fee = uint_field(paid, "actual_fee") as u64;
    let after = balance(&client, &alice.public().bytes, None).await.expect("balance");
    assert_eq!(before.free - after.free, amount + actual_fee);
    assert_eq!(after.nonce, before.nonce + 1);
    let got = balance(&client, &dest, None).await.expect("balance");
    assert_eq!(got.free, amount);
    println!("fee estimate {} rao, paid {} rao", fee.partial_fee, actual_fee);
    assert_eq!(fee.partial_fee, actual_fee);

    // transfer_allow_death and transfer_all empty the destination back into Alice.
    let dest_pair = pair("//Alice//transfer-dest");
    let back = client
        .sign_and_submit(&calls::transfer_allow_death(&alice.public().bytes, RAO_PER_TAO), &dest_pair, &TxOptions::default())
        .await
        .expect("transfer_allow_death");
    assert_eq!(uint_field(back.event("Balances", "Transfer").expect("Transfer"), "amount"), RAO_PER_TAO as u128);
    let all = client
        .sign_and_submit(&calls::transfer_all(&alice.public().bytes, false), &dest_pair, &TxOptions::default())
        .await
        .expect("transfer_all");
    assert!(all.event("System", "KilledAccount").is_some(), "{:?}", all.events);
    assert_eq!(balance(&client, &dest, None).await.expect("balance").free, 0);

    // Sudo (//Alice is the devnet's sudo key): set a balance with root origin.
    let target = pair("//Alice//sudo-target").public().bytes;
    let set = Call::new("Balances", "force_set_balance")
        .arg("who", taolight::tx::multi_address(&target))
        .arg("new_free", taolight::tx::uint(777 * RAO_PER_TAO));
    let out = client.sign_and_submit(&calls::sudo(&set), &alice, &TxOptions::default()).await.expect("sudo");
    let sudid = out.event("Sudo", "Sudid").expect("Sudid");
    assert_eq!(sudid.field("sudo_result").and_then(|v| v.variant_name()), Some("Ok"), "{sudid}");
    assert_eq!(balance(&client, &target, None).await.expect("balance").free, 777 * RAO_PER_TAO);
}

/// Register a hotkey on subnet 1 by burning, signed by `coldkey`; returns its uid.
async fn register(client: &Client, coldkey: &Keypair, hotkey: &[u8; 32]) -> u16 {
    let out = client
        .sign_and_submit(&calls::burned_register(1, hotkey), coldkey, &TxOptions::default())
        .await
        .expect("burned_register");
    let e = out.event("SubtensorModule", "NeuronRegistered").expect("NeuronRegistered");
    assert_eq!(uint_field(e, "0"), 1, "{e}");
    assert_eq!(bytes_field(e, "2"), hotkey.to_vec(), "{e}");
    uint_field(e, "1") as u16
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staker_registers_stakes_moves_and_unstakes() {
    let client = client().await;
    let bob = pair("//Bob");
    let hot = pair("//Bob//hot").public().bytes;
    let hot2 = pair("//Bob//hot2").public().bytes;
    let uid = register(&client, &bob, &hot).await;
    let uid2 = register(&client, &bob, &hot2).await;
    assert_ne!(uid, uid2);

    let before = balance(&client, &bob.public().bytes, None).await.expect("balance");
    let amount = 10 * RAO_PER_TAO;
    let out = client
        .sign_and_submit(&calls::add_stake(&hot, 1, amount), &bob, &TxOptions::default())
        .await
        .expect("add_stake");
    let added = out.event("SubtensorModule", "StakeAdded").expect("StakeAdded");
    // StakeAdded(coldkey, hotkey, tao, alpha, netuid)
    assert_eq!(bytes_field(added, "0"), bob.public().bytes.to_vec());
    assert_eq!(bytes_field(added, "1"), hot.to_vec());
    assert_eq!(uint_field(added, "2"), amount as u128);
    let alpha = uint_field(added, "3") as u64;
    assert!(alpha > 0);
    let after = balance(&client, &bob.public().bytes, None).await.expect("balance");
    assert_eq!(before.free - after.free, amount, "SubtensorModule calls pay no fee in spec 218");

    let out = client
        .sign_and_submit(&calls::move_stake(&hot, &hot2, 1, 1, alpha / 2), &bob, &TxOptions::default())
        .await
        .expect("move_stake");
    assert!(out.event("SubtensorModule", "StakeMoved").is_some(), "{:?}", out.events);

    let out = client
        .sign_and_submit(&calls::remove_stake(&hot2, 1, alpha / 4), &bob, &TxOptions::default())
        .await
        .expect("remove_stake");
    let removed = out.event("SubtensorModule", "StakeRemoved").expect("StakeRemoved");
    assert_eq!(bytes_field(removed, "1"), hot2.to_vec());
    let back = uint_field(removed, "2") as u64;
    let end = balance(&client, &bob.public().bytes, None).await.expect("balance");
    assert_eq!(end.free, after.free + back);

    // Delegate take, child keys and root registration, owned by Bob's coldkey.
    let submit = |call: Call| {
        let (client, bob) = (client.clone(), bob.clone());
        async move { client.sign_and_submit(&call, &bob, &TxOptions::default()).await.unwrap_or_else(|e| panic!("{}: {e}", call.path())) }
    };
    let out = submit(calls::decrease_take(&hot, 10_000)).await;
    let e = out.event("SubtensorModule", "TakeDecreased").expect("TakeDecreased");
    assert_eq!((bytes_field(e, "1"), uint_field(e, "2")), (hot.to_vec(), 10_000));
    let out = submit(calls::increase_take(&hot, 11_000)).await;
    let e = out.event("SubtensorModule", "TakeIncreased").expect("TakeIncreased");
    assert_eq!((bytes_field(e, "1"), uint_field(e, "2")), (hot.to_vec(), 11_000));
    let out = submit(calls::set_childkey_take(&hot, 1, 1_000)).await;
    let e = out.event("SubtensorModule", "ChildKeyTakeSet").expect("ChildKeyTakeSet");
    assert_eq!((bytes_field(e, "0"), uint_field(e, "1")), (hot.to_vec(), 1_000));
    let out = submit(calls::set_children(&hot, 1, &[(u64::MAX / 2, hot2)])).await;
    let e = out.event("SubtensorModule", "SetChildren").expect("SetChildren");
    assert_eq!((bytes_field(e, "0"), uint_field(e, "1")), (hot.to_vec(), 1));
    let children = e.field("2").expect("children");
    let first = children.at(0).expect("one child");
    assert_eq!(first.at(0).and_then(|v| v.as_uint()), Some((u64::MAX / 2) as u128));
    assert_eq!(first.at(1).and_then(|v| v.as_bytes()), Some(hot2.to_vec()));
    let out = submit(calls::root_register(&hot)).await;
    let e = out.event("SubtensorModule", "NeuronRegistered").expect("NeuronRegistered on root");
    assert_eq!((uint_field(e, "0"), bytes_field(e, "2")), (0, hot.to_vec()));

    // Calls this runtime does not have are a typed error before anything is signed.
    let metadata = client.metadata().await.expect("metadata");
    for call in [
        calls::add_stake_limit(&hot, 1, 1, 1, false),
        calls::transfer_stake(&hot, &hot2, 1, 1, 1),
        calls::swap_stake(&hot, 1, 2, 1),
        calls::unstake_all(&hot),
    ] {
        assert!(matches!(call.encode(&metadata), Err(TxError::NotSupportedByRuntime(_))), "{}", call.path());
        let err = client.sign_and_submit(&call, &bob, &TxOptions::default()).await.expect_err("unsupported");
        assert!(matches!(err, TxError::NotSupportedByRuntime(_)), "{err}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn miner_serves_axon_and_prometheus_and_validator_sets_weights() {
    let client = client().await;
    let charlie = pair("//Charlie");
    let miner = pair("//Charlie//miner");
    let validator = pair("//Charlie//validator");
    let miner_uid = register(&client, &charlie, &miner.public().bytes).await;
    let validator_uid = register(&client, &charlie, &validator.public().bytes).await;

    let endpoint = calls::Endpoint {
        ip: "192.168.1.10".parse().expect("ip"),
        port: 8091,
        version: 7,
        protocol: 4,
    };
    let out = client
        .sign_and_submit(&calls::serve_axon(1, &endpoint), &miner, &TxOptions::default())
        .await
        .expect("serve_axon");
    let served = out.event("SubtensorModule", "AxonServed").expect("AxonServed");
    assert_eq!(bytes_field(served, "1"), miner.public().bytes.to_vec());
    let prom = calls::Endpoint { port: 9090, ..endpoint };
    let out = client
        .sign_and_submit(&calls::serve_prometheus(1, &prom), &miner, &TxOptions::default())
        .await
        .expect("serve_prometheus");
    assert!(out.event("SubtensorModule", "PrometheusServed").is_some(), "{:?}", out.events);

    // The axon as stored: Axons(netuid, hotkey) = AxonInfo { block, version, ip, port, ... }.
    let mut key = taolight::chain::storage_prefix("SubtensorModule", "Axons");
    key.extend(1u16.to_le_bytes());
    key.extend(taolight::chain::blake2_128_concat(&miner.public().bytes));
    let raw = client.storage(&key, None).await.expect("storage").expect("axon stored");
    let (version, ip, port) = (
        u32::from_le_bytes(raw[8..12].try_into().expect("4")),
        u128::from_le_bytes(raw[12..28].try_into().expect("16")),
        u16::from_le_bytes(raw[28..30].try_into().expect("2")),
    );
    assert_eq!((version, ip, port), (7, u32::from(std::net::Ipv4Addr::new(192, 168, 1, 10)) as u128, 8091));

    // A validator stakes and sets weights on the miner.
    client
        .sign_and_submit(&calls::add_stake(&validator.public().bytes, 1, 100 * RAO_PER_TAO), &charlie, &TxOptions::default())
        .await
        .expect("stake to validator");
    let weights = calls::set_weights(1, &[miner_uid, validator_uid], &[65535, 1000], 0);
    match client.sign_and_submit(&weights, &validator, &TxOptions::default()).await {
        Ok(out) => assert!(out.event("SubtensorModule", "WeightsSet").is_some(), "{:?}", out.events),
        Err(e) => panic!("set_weights: {e}"),
    }
    // Commit-reveal is off on the devnet's subnet 1: the runtime says so, as a typed error.
    let hash = calls::weights_commit_hash(&validator.public().bytes, 1, &[miner_uid], &[65535], &[1, 2], 0);
    let err = client
        .sign_and_submit(&calls::commit_weights(1, &hash), &validator, &TxOptions::default())
        .await
        .expect_err("commit-reveal disabled");
    match &err {
        TxError::Dispatch { pallet, error, .. } => {
            assert_eq!(pallet, "SubtensorModule");
            assert!(error.contains("CommitReveal"), "{err}");
        }
        other => panic!("expected a dispatch error, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_all_and_proxy_dispatch_inner_calls() {
    let client = client().await;
    let dave = pair("//Dave");
    let a = pair("//Dave//a").public().bytes;
    let b = pair("//Dave//b").public().bytes;
    let batch = calls::batch_all(&[calls::transfer_keep_alive(&a, 3 * RAO_PER_TAO), calls::transfer_keep_alive(&b, 4 * RAO_PER_TAO)]);
    // Watched by hand, with a tip, until finalized: the states come in order.
    let tip = 12_345;
    let (ext, _) = client.create_signed(&batch, &dave, &TxOptions { tip, ..TxOptions::default() }).await.expect("sign");
    let mut progress = client.submit_and_watch(&ext).await.expect("submit");
    let mut states = Vec::new();
    while let Some(s) = progress.next().await {
        let s = s.expect("status");
        let done = matches!(s, TxStatus::Finalized(_));
        states.push(s);
        if done {
            break;
        }
    }
    println!("states: {states:?}");
    assert!(matches!(states.first(), Some(TxStatus::Ready)), "{states:?}");
    let in_block = states.iter().position(|s| matches!(s, TxStatus::InBlock(_))).expect("InBlock");
    assert!(matches!(states.last(), Some(TxStatus::Finalized(_))) && in_block < states.len() - 1, "{states:?}");
    let (TxStatus::InBlock(included), Some(TxStatus::Finalized(finalized))) = (&states[in_block], states.last()) else {
        unreachable!()
    };
    assert_eq!(included, finalized);
    let events = client.events(*finalized).await.expect("events");
    let index = client.block_extrinsics(*finalized).await.expect("body").iter().position(|x| x == ext.bytes()).expect("in block") as u32;
    let out = taolight::tx::events::extrinsic_outcome(&client.metadata().await.expect("metadata"), &events, index).expect("success");
    assert!(out.iter().any(|e| e.path() == "Utility.BatchCompleted"), "{out:?}");
    let paid = out.iter().find(|e| e.path() == "TransactionPayment.TransactionFeePaid").expect("fee");
    assert_eq!(uint_field(paid, "tip"), tip as u128);
    assert_eq!(balance(&client, &a, None).await.expect("balance").free, 3 * RAO_PER_TAO);
    assert_eq!(balance(&client, &b, None).await.expect("balance").free, 4 * RAO_PER_TAO);

    // A batch with one failing call reverts all of it.
    let bad = calls::batch_all(&[calls::transfer_keep_alive(&a, RAO_PER_TAO), calls::transfer_keep_alive(&b, u64::MAX / 2)]);
    let err = client.sign_and_submit(&bad, &dave, &TxOptions::default()).await.expect_err("batch fails");
    assert!(matches!(err, TxError::Dispatch { .. } | TxError::DispatchOther(_)), "{err:?}");
    assert_eq!(balance(&client, &a, None).await.expect("balance").free, 3 * RAO_PER_TAO);

    // Dave lets //Dave//a act for him (a dynamic call: Proxy.add_proxy), then //Dave//a sends
    // Dave's TAO through Proxy.proxy.
    let delegate = pair("//Dave//a");
    let add = Call::new("Proxy", "add_proxy")
        .arg("delegate", taolight::tx::multi_address(&a))
        .arg("proxy_type", taolight::tx::Value::unnamed_variant("Any", []))
        .arg("delay", taolight::tx::uint(0u32));
    let out = client.sign_and_submit(&add, &dave, &TxOptions::default()).await.expect("add_proxy");
    assert!(out.event("Proxy", "ProxyAdded").is_some(), "{:?}", out.events);
    let before = balance(&client, &b, None).await.expect("balance").free;
    let inner = calls::transfer_keep_alive(&b, 5 * RAO_PER_TAO);
    let out = client
        .sign_and_submit(&calls::proxy(&dave.public().bytes, &inner), &delegate, &TxOptions::default())
        .await
        .expect("proxy");
    // Long mortal periods (above 4096 blocks) quantize the era's phase: the birth block may
    // be an earlier block than the best one. Two in a row cover an odd and an even block.
    for _ in 0..2 {
        let opts = TxOptions { mortality: Some(8192), ..TxOptions::default() };
        client.sign_and_submit(&calls::transfer_keep_alive(&b, 1), &dave, &opts).await.expect("long mortality");
    }
    let executed = out.event("Proxy", "ProxyExecuted").expect("ProxyExecuted");
    assert_eq!(executed.field("result").and_then(|v| v.variant_name()), Some("Ok"), "{executed}");
    assert_eq!(balance(&client, &b, None).await.expect("balance").free, before + 5 * RAO_PER_TAO + 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_are_typed_errors() {
    let client = client().await;
    let eve = pair("//Eve");
    let stranger = pair("//Eve//not-registered").public().bytes;
    let opts = TxOptions::default();

    // Insufficient balance to stake.
    let hot = pair("//Eve//hot").public().bytes;
    register(&client, &eve, &hot).await;
    let err = client
        .sign_and_submit(&calls::add_stake(&hot, 1, 10_000_000 * RAO_PER_TAO), &eve, &opts)
        .await
        .expect_err("too much");
    println!("insufficient balance: {err}");
    assert!(matches!(&err, TxError::Dispatch { pallet, error, docs } if pallet == "SubtensorModule" && error == "NotEnoughBalanceToStake" && !docs.is_empty()), "{err:?}");
    // Unknown hotkey.
    let err = client
        .sign_and_submit(&calls::add_stake(&stranger, 1, RAO_PER_TAO), &eve, &opts)
        .await
        .expect_err("unknown hotkey");
    println!("unknown hotkey: {err}");
    assert!(matches!(&err, TxError::Dispatch { error, .. } if error == "HotKeyAccountNotExists"), "{err:?}");
    // Wrong netuid.
    let err = client
        .sign_and_submit(&calls::burned_register(999, &stranger), &eve, &opts)
        .await
        .expect_err("no such subnet");
    println!("wrong netuid: {err}");
    assert!(matches!(&err, TxError::Dispatch { error, .. } if error == "SubNetworkDoesNotExist"), "{err:?}");
    assert_eq!(err.kind(), taolight::ErrorKind::Chain);
    assert_eq!(taolight::Error::from(err).code(), "tx.dispatch");
    // Stale nonce: a fixed nonce already used.
    let err = client
        .sign_and_submit(&calls::transfer_keep_alive(&stranger, RAO_PER_TAO), &eve, &TxOptions { nonce: Some(0), ..opts })
        .await
        .expect_err("stale");
    println!("stale nonce: {err}");
    assert!(matches!(&err, TxError::Invalid { reason } if reason.starts_with("stale nonce")), "{err:?}");
    // Bad signature: sign, then flip a bit of the signature.
    let (ext, _) = client
        .create_signed(&calls::transfer_keep_alive(&stranger, RAO_PER_TAO), &eve, &opts)
        .await
        .expect("sign");
    let mut bytes = ext.bytes().to_vec();
    // Compact length (2 bytes here) ‖ 0x84 ‖ 0x00 ‖ account (32) ‖ 0x01 ‖ signature.
    bytes[2 + 1 + 1 + 32 + 1 + 10] ^= 1;
    let tampered = taolight::tx::Extrinsic::from_bytes(bytes).expect("same length");
    let err = client.submit(&tampered).await.expect_err("bad signature");
    println!("bad signature: {err}");
    assert!(matches!(&err, TxError::Invalid { reason } if reason.starts_with("bad signature")), "{err:?}");
    // Taking the kind the fronts map to exit codes.
    assert_eq!(err.kind(), taolight::ErrorKind::Chain);
    // A mortal transaction whose birth block hash is wrong also fails the signature check.
    let metadata = client.metadata().await.expect("metadata");
    let chain = client.chain_params().await.expect("params");
    let params = taolight::tx::TxParams {
        nonce: client.next_nonce(&eve.public().bytes).await.expect("nonce"),
        tip: 0,
        era: taolight::tx::Era::mortal(64, 0).expect("era"),
        birth_hash: taolight::chain::BlockHash([9; 32]),
        metadata_hash: None,
    };
    let payload = taolight::tx::SigningPayload::new(&metadata, &chain, &calls::transfer_keep_alive(&stranger, 1), &params).expect("payload");
    let err = client.submit(&payload.sign(&eve)).await.expect_err("wrong birth hash");
    assert!(matches!(&err, TxError::Invalid { .. }), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_transactions_in_flight_are_included_in_order() {
    let client = client().await;
    let ferdie = pair("//Ferdie");
    let account = ferdie.public().bytes;
    let dest = pair("//Ferdie//dest").public().bytes;
    let start = client.next_nonce(&account).await.expect("nonce");
    let start_block = client.best_head().await.expect("head").number;
    let mut hashes = Vec::new();
    for i in 0..20u64 {
        let out = client
            .sign_and_submit(
                &calls::transfer_keep_alive(&dest, RAO_PER_TAO + i),
                &ferdie,
                &TxOptions { wait_for: WaitFor::None, ..TxOptions::default() },
            )
            .await
            .expect("submit");
        assert_eq!(out.nonce, start + i as u32);
        hashes.push(out.hash);
    }
    // Wait until the chain has taken all twenty.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let b = balance(&client, &account, Some(client.best_head().await.expect("head").hash)).await.expect("balance");
        if b.nonce == start + 20 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "only {} of 20 included", b.nonce - start);
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    // Walk the new blocks back to where we started: Ferdie's transfers appear with nonces in
    // order and amounts matching.
    let metadata = client.metadata().await.expect("metadata");
    let mut seen = Vec::new();
    let mut at = client.best_head().await.expect("head").hash;
    loop {
        let header = client.header(at).await.expect("header");
        if header.number <= start_block {
            break;
        }
        let body = client.block_extrinsics(at).await.expect("body");
        for x in body.iter().rev() {
            let d = taolight::tx::decode_extrinsic(&metadata, x).expect("decode");
            if let Some(s) = d.signed.filter(|s| s.signer == account) {
                let nonce = s.extensions.iter().find(|(n, _)| n == "CheckNonce").and_then(|(_, v)| v.as_uint()).expect("nonce");
                seen.push((nonce as u32, sp_hash(x)));
            }
        }
        at = header.parent_hash;
    }
    seen.reverse();
    let nonces: Vec<u32> = seen.iter().map(|(n, _)| *n).collect();
    assert_eq!(nonces, (start..start + 20).collect::<Vec<_>>());
    assert_eq!(seen.iter().map(|(_, h)| *h).collect::<Vec<_>>(), hashes);
    assert_eq!(balance(&client, &dest, None).await.expect("balance").free, (0..20).map(|i| RAO_PER_TAO + i).sum::<u64>());
}

fn sp_hash(bytes: &[u8]) -> [u8; 32] {
    taolight::tx::Extrinsic::from_bytes(bytes.to_vec()).expect("extrinsic").hash()
}

