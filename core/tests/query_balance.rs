//! Balances read from the local real chain (tests/devnet), with the layout checked against the
//! runtime's metadata.

use taolight::chain::{Client, Network};
use taolight::keys::{Keypair, Scheme};
use taolight::query::balance;
use taolight::types::RAO_PER_TAO;
use taolight_devnet::Devnet;

fn account(uri: &str) -> [u8; 32] {
    Keypair::from_uri(uri, Scheme::Sr25519).expect("dev key").public().bytes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dev_accounts_are_funded_and_unknown_accounts_are_empty() {
    let devnet = Devnet::shared().unwrap_or_else(|e| panic!("devnet: {e}"));
    let client = Client::connect(Network::Rpc(devnet.url().to_string())).await.expect("connect");
    for uri in ["//Alice", "//Bob", "//Ferdie"] {
        let b = balance(&client, &account(uri), None).await.expect("balance");
        if devnet.is_external() {
            assert!(b.free > 0, "{uri}: {b:?}");
        } else {
            // The devnet funds each dev account with exactly 1,000,000 TAO and nothing else runs here.
            assert_eq!(b.free, 1_000_000 * RAO_PER_TAO, "{uri}");
            assert_eq!((b.reserved, b.frozen, b.nonce), (0, 0, 0), "{uri}");
        }
        assert_eq!(b.transferable, b.free - b.frozen);
    }
    let nobody = balance(&client, &account("//NobodyHasThisKey"), None).await.expect("balance");
    assert_eq!(nobody, Default::default());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_different_runtime_layout_is_a_typed_decode_error() {
    use taolight::chain::ChainError;
    use taolight::query::layout::{check, Shape};
    let devnet = Devnet::shared().unwrap_or_else(|e| panic!("devnet: {e}"));
    let client = Client::connect(Network::Rpc(devnet.url().to_string())).await.expect("connect");
    let metadata = client.metadata().await.expect("metadata");
    let (registry, id) = metadata.storage_value_type("System", "Account").expect("System.Account");
    // A runtime whose balances were u128 (as in Polkadot) must not be read as subtensor's u64.
    let polkadot_like = Shape::Struct(&[
        ("nonce", Shape::U32),
        ("consumers", Shape::U32),
        ("providers", Shape::U32),
        ("sufficients", Shape::U32),
        ("data", Shape::Struct(&[("free", Shape::U128), ("reserved", Shape::U128), ("frozen", Shape::U128), ("flags", Shape::U128)])),
    ]);
    let err = check(registry, id, &polkadot_like, "System.Account").expect_err("must differ");
    assert!(matches!(&err, ChainError::Decode(m) if m.contains("System.Account.data.free")), "{err}");
    assert!(metadata.storage_value_type("System", "NoSuchItem").is_none());
}
