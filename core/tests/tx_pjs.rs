//! Byte-for-byte cross-checks with polkadot-js (`@polkadot/api` 16.5.6 from npm) on the local
//! real chain: given the same metadata, nonce, era, tip and block, taolight and polkadot-js
//! produce the same call data, signing payload and (ed25519, deterministic) extrinsic;
//! polkadot-js's sr25519 transactions decode and verify in taolight, and taolight's decode and
//! verify in polkadot-js. The polkadot-js side is tests/crosscheck/node/tx_pjs.mjs.

use std::process::Command;

use serde_json::{json, Value as Json};
use taolight::chain::{BlockHash, Client, Network};
use taolight::keys::{Keypair, Scheme};
use taolight::tx::{calls, decode_extrinsic, Call, ChainParams, Era, SigningPayload, TxParams, ValueExt};
use taolight_devnet::Devnet;

const BOB: &str = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";

fn bob() -> [u8; 32] {
    Keypair::from_uri("//Bob", Scheme::Sr25519).expect("key").public().bytes
}

fn pjs(args: &[&str]) -> Json {
    let node_dir = Command::new(taolight_devnet::devnet_script()).arg("node-dir").output().expect("devnet node-dir");
    let node_dir = String::from_utf8(node_dir.stdout).expect("utf8").trim().to_string();
    let dir = std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo test");
    let script = format!("{dir}/../tests/crosscheck/node/tx_pjs.mjs");
    let out = Command::new("node")
        .arg(&script)
        .args(args)
        .env("TAOLIGHT_NODE_MODULES", format!("{node_dir}/node_modules"))
        .output()
        .expect("node");
    assert!(out.status.success(), "tx_pjs {:?}: {}", args.first(), String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

/// The same transactions as taolight calls and as polkadot-js JSON.
fn cases() -> Vec<(&'static str, Call, Json)> {
    let transfer = json!({"section": "balances", "method": "transferKeepAlive", "args": [BOB, "12000000345"]});
    let stake = json!({"section": "subtensorModule", "method": "addStake", "args": [BOB, 1, "1000000000"]});
    let uids: Vec<u16> = (0..100).collect();
    let weights: Vec<u16> = (600..700).collect();
    let endpoint = calls::Endpoint { ip: "192.168.1.10".parse().expect("ip"), port: 8091, version: 1, protocol: 4 };
    vec![
        ("transfer_keep_alive", calls::transfer_keep_alive(&bob(), 12_000_000_345), transfer.clone()),
        ("transfer_all", calls::transfer_all(&bob(), true), json!({"section": "balances", "method": "transferAll", "args": [BOB, true]})),
        ("add_stake", calls::add_stake(&bob(), 1, 1_000_000_000), stake.clone()),
        ("remove_stake", calls::remove_stake(&bob(), 3, 77), json!({"section": "subtensorModule", "method": "removeStake", "args": [BOB, 3, "77"]})),
        ("move_stake", calls::move_stake(&bob(), &bob(), 1, 2, 9), json!({"section": "subtensorModule", "method": "moveStake", "args": [BOB, BOB, 1, 2, "9"]})),
        ("burned_register", calls::burned_register(1, &bob()), json!({"section": "subtensorModule", "method": "burnedRegister", "args": [1, BOB]})),
        ("set_weights", calls::set_weights(1, &[0, 1], &[65535, 100], 0), json!({"section": "subtensorModule", "method": "setWeights", "args": [1, [0, 1], [65535, 100], 0]})),
        ("set_weights_100", calls::set_weights(1, &uids, &weights, 0), json!({"section": "subtensorModule", "method": "setWeights", "args": [1, uids, weights, 0]})),
        ("serve_axon", calls::serve_axon(1, &endpoint), json!({"section": "subtensorModule", "method": "serveAxon", "args": [1, 1, "3232235786", 8091, 4, 4, 0, 0]})),
        ("set_children", calls::set_children(&bob(), 1, &[(u64::MAX, bob())]), json!({"section": "subtensorModule", "method": "setChildren", "args": [BOB, 1, [["18446744073709551615", BOB]]]})),
        ("batch_all", calls::batch_all(&[calls::transfer_keep_alive(&bob(), 12_000_000_345), calls::add_stake(&bob(), 1, 1_000_000_000)]), json!({"section": "utility", "method": "batchAll", "args": [[transfer, stake]]})),
        ("proxy", calls::proxy(&bob(), &calls::transfer_keep_alive(&bob(), 12_000_000_345)), json!({"section": "proxy", "method": "proxy", "args": [BOB, null, {"section": "balances", "method": "transferKeepAlive", "args": [BOB, "12000000345"]}]})),
    ]
}

fn hex_of(v: &Json) -> Vec<u8> {
    hex::decode(v.as_str().expect("hex string").trim_start_matches("0x")).expect("hex")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn taolight_and_polkadot_js_build_the_same_bytes() {
    let devnet = Devnet::shared().unwrap_or_else(|e| panic!("devnet: {e}"));
    let client = Client::connect(Network::Rpc(devnet.url().to_string())).await.expect("connect");
    let metadata = client.metadata().await.expect("metadata");
    let chain: ChainParams = client.chain_params().await.expect("params");
    let head = client.best_head().await.expect("head");
    let (nonce, tip, period) = (5u32, 7u64, 64u64);
    let params = TxParams {
        nonce,
        tip,
        era: Era::mortal(period, head.number.into()).expect("era"),
        birth_hash: head.hash,
        metadata_hash: None,
    };
    let cases = cases();
    let input = json!({
        "nonce": nonce, "tip": tip, "era_period": period,
        "block_number": head.number, "block_hash": head.hash.to_hex(),
        "cases": cases.iter().map(|(name, _, j)| {
            let mut j = j.clone();
            j["name"] = json!(name);
            j
        }).collect::<Vec<_>>(),
    });
    let reference = pjs(&["build", devnet.url(), &input.to_string()]);
    assert_eq!(hex_of(&reference["genesis"]), chain.genesis.0.to_vec());
    assert_eq!(reference["spec_version"], json!(chain.spec_version));
    let ed = Keypair::from_uri("//Alice", Scheme::Ed25519).expect("key");
    for ((name, call, _), theirs) in cases.iter().zip(reference["cases"].as_array().expect("cases")) {
        assert_eq!(theirs["name"], json!(name));
        let payload = SigningPayload::new(&metadata, &chain, call, &params).expect("payload");
        assert_eq!(hex::encode(&payload.call), hex::encode(hex_of(&theirs["call"])), "{name}: call data");
        assert_eq!(hex::encode(payload.bytes()), hex::encode(hex_of(&theirs["payload"])), "{name}: signing payload");
        let ext = payload.sign(&ed);
        assert_eq!(hex::encode(ext.bytes()), hex::encode(hex_of(&theirs["extrinsic"])), "{name}: extrinsic");
        // The SignerPayloadJSON a dApp would hand an extension: theirs reads into the same
        // payload here, ours is the same document, and signing it gives their signature.
        let their_json: taolight::tx::SignerPayloadJson =
            serde_json::from_value(theirs["signer_payload_json"].clone()).expect("SignerPayloadJSON");
        assert_eq!(their_json.to_signing_payload(&metadata).expect("payload").bytes(), payload.bytes(), "{name}");
        let ours = taolight::tx::SignerPayloadJson::new(&chain, &params, &payload.call, &ed.public().bytes, head.number,
            metadata.extensions().into_iter().map(|e| e.identifier).collect());
        assert_eq!(serde_json::to_value(&ours).expect("json"), theirs["signer_payload_json"], "{name}");
        let signature = their_json.sign(&metadata, &ed).expect("sign");
        assert_eq!(signature, format!("0x00{}", theirs["signature"].as_str().expect("sig").trim_start_matches("0x")));
        // And theirs decodes here to the same call.
        let decoded = decode_extrinsic(&metadata, &hex_of(&theirs["extrinsic"])).expect("decode");
        assert_eq!(decoded.call.path(), call.path());
    }

    // polkadot-js sr25519 signatures (randomized) verify over taolight's payload.
    let signed = pjs(&["sign-sr25519", devnet.url(), &input.to_string()]);
    let sr = Keypair::from_uri("//Alice", Scheme::Sr25519).expect("key");
    for ((name, call, _), theirs) in cases.iter().zip(signed["cases"].as_array().expect("cases")) {
        let payload = SigningPayload::new(&metadata, &chain, call, &params).expect("payload");
        let decoded = decode_extrinsic(&metadata, &hex_of(&theirs["extrinsic"])).expect("decode");
        let by = decoded.signed.expect("signed");
        assert_eq!(by.signer, sr.public().bytes, "{name}");
        assert!(by.signature.verify(&payload.to_sign(), &by.signer), "{name}: their signature over our payload");
        let nonce_ext = by.extensions.iter().find(|(n, _)| n == "CheckNonce").and_then(|(_, v)| v.as_uint());
        assert_eq!(nonce_ext, Some(nonce.into()));
    }

    // taolight's sr25519 transactions decode and verify in polkadot-js.
    for (name, call, _) in cases.iter().take(4) {
        let payload = SigningPayload::new(&metadata, &chain, call, &params).expect("payload");
        let ext = payload.sign(&sr);
        let theirs = pjs(&["decode", devnet.url(), &ext.to_hex(), &head.hash.to_hex()]);
        assert_eq!(theirs["signature_ok"], json!(true), "{name}: {theirs}");
        assert_eq!(theirs["crypto"], json!("sr25519"));
        assert_eq!(theirs["nonce"], json!(nonce));
        assert_eq!(hex_of(&theirs["payload"]), payload.bytes(), "{name}");
        let _: BlockHash = head.hash;
    }
}
