//! The transaction commands of the built `taolight` binary against the local real chain
//! (tests/devnet: chopsticks on the genuine spec-218 runtime; or `TAOLIGHT_RPC_URL`): effects
//! asserted through events and balances, and the exit codes of bad input (2), an unreachable
//! node (3) and chain rejections (4). Each test signs with its own dev account, so they run in
//! parallel.

#![allow(clippy::unwrap_used)]

use std::process::Command;

use serde_json::Value as Json;
use taolight_devnet::Devnet;

const TAO: u64 = 1_000_000_000;

fn url() -> String {
    Devnet::shared().unwrap_or_else(|e| panic!("devnet: {e}")).url().to_owned()
}

/// Runs `taolight --json --network <devnet> ARGS…`; returns the exit code, the JSON document and
/// stderr.
fn taolight_env(args: &[&str], env: &[(&str, &str)]) -> (i32, Json, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_taolight"))
        .args(["--json", "--network", &url()])
        .args(args)
        .env_remove("TAOLIGHT_PASSWORD")
        .env_remove("TAOLIGHT_SURI")
        .env_remove("TAOLIGHT_NETWORK")
        .envs(env.iter().copied())
        .output()
        .expect("run taolight");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let doc = serde_json::from_str(&stdout).unwrap_or(Json::Null);
    (out.status.code().unwrap_or(-1), doc, stderr)
}

fn taolight(args: &[&str]) -> (i32, Json, String) {
    taolight_env(args, &[])
}

/// Runs a command that must succeed; returns its document.
fn ok(args: &[&str]) -> Json {
    let (code, doc, err) = taolight(args);
    assert_eq!(code, 0, "taolight {args:?} failed: {err}\n{doc}");
    doc
}

/// Runs a command that must fail with `code`; returns its error document.
fn fails(code: i32, args: &[&str]) -> Json {
    let (got, doc, err) = taolight(args);
    assert_eq!(got, code, "taolight {args:?}: expected exit {code}, got {got}: {err}\n{doc}");
    assert_eq!(doc["error"]["exit_code"], code, "{doc}");
    doc["error"].clone()
}

fn ss58(suri: &str) -> String {
    ok(&["key", "inspect", suri])["ss58_address"].as_str().unwrap().to_owned()
}

fn free(address: &str) -> u64 {
    ok(&["balance", address])["free_rao"].as_u64().unwrap()
}

fn events(doc: &Json) -> Vec<String> {
    doc["events"].as_array().unwrap().iter().map(|e| e["event"].as_str().unwrap().to_owned()).collect()
}

fn event<'a>(doc: &'a Json, path: &str) -> &'a Json {
    let e = doc["events"].as_array().unwrap().iter().find(|e| e["event"] == path);
    &e.unwrap_or_else(|| panic!("no {path} in {}", doc["events"]))["fields"]
}

/// A fresh derivation per run, so the tests also pass on a reused external devnet.
fn unique(base: &str, what: &str) -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("{base}//{what}-{nanos}")
}

#[test]
fn transfer_moves_the_exact_amount_and_reports_the_fee_paid() {
    let dest = ss58(&unique("//Bob", "dest"));
    let bob = ss58("//Bob");
    let before = free(&bob);
    let t = ok(&["transfer", "--suri", "//Bob", "--to", &dest, "--amount", "12.000000345", "--keep-alive"]);
    assert_eq!(t["call"], "Balances.transfer_keep_alive");
    assert_eq!((t["amount_rao"].as_u64(), t["amount"].as_str()), (Some(12 * TAO + 345), Some("12.000000345")));
    assert_eq!(t["signer"], bob);
    assert!(t["block"]["number"].as_u64().unwrap() >= 1 && t["hash"].as_str().unwrap().len() == 66, "{t}");
    let transfer = event(&t, "Balances.Transfer");
    assert_eq!((&transfer["from"], &transfer["to"], &transfer["amount"]), (&Json::from(bob.clone()), &Json::from(dest.clone()), &Json::from(12 * TAO + 345)));
    assert!(events(&t).contains(&"System.ExtrinsicSuccess".to_owned()));
    let fee = t["fee_paid_rao"].as_u64().unwrap();
    assert!(fee > 0 && t["fee_paid"].as_str().unwrap().starts_with("0.000"), "{t}");
    assert_eq!(event(&t, "TransactionPayment.TransactionFeePaid")["actual_fee"], fee);
    assert_eq!(free(&dest), 12 * TAO + 345);
    assert_eq!(before - free(&bob), 12 * TAO + 345 + fee);

    // Without --keep-alive: the runtime's plain transfer; finalized when asked.
    let t = ok(&["transfer", "--suri", "//Bob", "--to", &dest, "--amount", "1000rao", "--wait-for", "finalized"]);
    assert_eq!((t["call"].as_str(), t["finalized"].as_bool(), t["wait_for"].as_str()), (Some("Balances.transfer_allow_death"), Some(true), Some("finalized")));
    assert_eq!(free(&dest), 12 * TAO + 1345);

    // --wait-for none: accepted by the node, no block yet.
    let t = ok(&["transfer", "--suri", "//Bob", "--to", &dest, "--amount", "1rao", "--wait-for", "none"]);
    assert!(t["block"].is_null() && t["events"].as_array().unwrap().is_empty(), "{t}");
    assert!(t["extrinsic"].as_str().unwrap().starts_with("0x"));
}

#[test]
fn register_stake_serve_and_set_weights() {
    let hot_uri = unique("//Charlie", "hot");
    let hot = ss58(&hot_uri);
    let other_uri = unique("//Charlie", "other");
    let other = ss58(&other_uri);
    let charlie = ss58("//Charlie");
    let before = free(&charlie);

    let r = ok(&["register", "--suri", "//Charlie", "--hotkey", &hot, "--netuid", "1"]);
    let registered = event(&r, "SubtensorModule.NeuronRegistered");
    assert_eq!((&registered[0], &registered[2]), (&Json::from(1), &Json::from(hot.clone())), "{r}");
    let uid = r["uid"].as_u64().unwrap();
    assert_eq!(registered[1], uid);
    // The burn (0.1 TAO on the devnet, more when registrations crowd an interval) and the fee
    // leave the coldkey.
    let withdrawn: u64 = r["events"].as_array().unwrap().iter()
        .filter(|e| e["event"] == "Balances.Withdraw" && e["fields"]["who"] == charlie.as_str())
        .map(|e| e["fields"]["amount"].as_u64().unwrap())
        .sum();
    let burned = withdrawn - r["fee_paid_rao"].as_u64().unwrap();
    assert!(burned >= TAO / 10, "burned {burned} rao");

    let s = ok(&["stake", "add", "--suri", "//Charlie", "--hotkey", &hot, "--netuid", "1", "--amount", "5"]);
    let added = event(&s, "SubtensorModule.StakeAdded");
    assert_eq!((&added[0], &added[1], &added[2], &added[4]), (&Json::from(charlie.clone()), &Json::from(hot.clone()), &Json::from(5 * TAO), &Json::from(1)));
    let alpha = added[3].as_u64().unwrap();
    assert!(alpha > 4 * TAO, "5 TAO bought only {alpha} alpha rao");
    let fees = r["fee_paid_rao"].as_u64().unwrap() + s["fee_paid_rao"].as_u64().unwrap();
    assert_eq!(before - free(&charlie), burned + 5 * TAO + fees);

    let u = ok(&["stake", "remove", "--suri", "//Charlie", "--hotkey", &hot, "--netuid", "1", "--amount", "1"]);
    let removed = event(&u, "SubtensorModule.StakeRemoved");
    assert_eq!((&removed[1], &removed[3], &removed[4]), (&Json::from(hot.clone()), &Json::from(TAO), &Json::from(1)), "{u}");

    // Move stake to a second registered hotkey.
    ok(&["register", "--suri", "//Charlie", "--hotkey", &other, "--netuid", "1"]);
    let m = ok(&["stake", "move", "--suri", "//Charlie", "--origin-hotkey", &hot, "--dest-hotkey", &other, "--origin-netuid", "1", "--dest-netuid", "1", "--amount", "1"]);
    assert!(events(&m).contains(&"SubtensorModule.StakeMoved".to_owned()), "{m}");

    let a = ok(&["axon", "serve", "--suri", &hot_uri, "--netuid", "1", "--ip", "192.168.1.10", "--port", "8091"]);
    assert_eq!(a["signer"], hot);
    assert_eq!(event(&a, "SubtensorModule.AxonServed"), &serde_json::json!([1, hot]));

    let w = ok(&["weights", "set", "--suri", &hot_uri, "--netuid", "1", "--uids", &format!("0,{uid}"), "--weights", "10,20"]);
    assert_eq!(event(&w, "SubtensorModule.WeightsSet"), &serde_json::json!([1, uid]));
}

#[test]
fn a_wallet_signs_with_its_coldkey_or_its_hotkey_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    let pw = [("TAOLIGHT_PASSWORD", "cli-test-password")];
    let (code, w, err) = taolight_env(&["wallet", "create", "--wallet-path", path, "--wallet", "w", "--hotkey", "miner"], &pw);
    assert_eq!(code, 0, "{err}");
    let (cold, hot) = (w["coldkey_ss58"].as_str().unwrap().to_owned(), w["hotkey_ss58"].as_str().unwrap().to_owned());
    ok(&["transfer", "--suri", "//Dave", "--to", &cold, "--amount", "20", "--keep-alive"]);

    // Encrypted coldkey without a password and without a terminal: bad input.
    let e = fails(2, &["register", "--wallet-path", path, "--wallet", "w", "--hotkey", "miner", "--netuid", "1"]);
    assert!(e["message"].as_str().unwrap().contains("TAOLIGHT_PASSWORD"), "{e}");
    // --hotkey names a hotkey of the wallet; the coldkey signs.
    let (code, r, err) = taolight_env(&["register", "--wallet-path", path, "--wallet", "w", "--hotkey", "miner", "--netuid", "1"], &pw);
    assert_eq!(code, 0, "{err}");
    assert_eq!((&r["signer"], &r["hotkey"]), (&Json::from(cold.clone()), &Json::from(hot.clone())));
    // The hotkey signs weights and axons.
    let uid = r["uid"].as_u64().unwrap().to_string();
    let w = ok(&["weights", "set", "--wallet-path", path, "--wallet", "w", "--hotkey", "miner", "--netuid", "1", "--uids", &uid, "--weights", "65535"]);
    assert_eq!(w["signer"], hot);
    // A fee estimate needs only the public key (no password).
    let f = ok(&["tx", "fee", "--wallet-path", path, "--wallet", "w", "transfer", "--to", &hot, "--amount", "1"]);
    assert_eq!(f["account"], cold);
    assert!(f["partial_fee_rao"].as_u64().unwrap() > 0, "{f}");
}

#[test]
fn bad_input_exits_2_and_an_unreachable_node_exits_3() {
    let bob = ss58("//Bob");
    let e = fails(2, &["transfer", "--suri", "//Eve", "--to", "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92Uhj", "--amount", "1"]);
    assert!(e["message"].as_str().unwrap().contains("--to"), "{e}");
    for amount in ["1.0000000001", "-1", "1,5", "abc", "99999999999"] {
        let e = fails(2, &["transfer", "--suri", "//Eve", "--to", &bob, &format!("--amount={amount}")]);
        assert_eq!(e["code"], "amount.invalid", "{amount}: {e}");
    }
    fails(2, &["stake", "add", "--suri", "//Eve", "--hotkey", "not-an-address", "--netuid", "1", "--amount", "1"]);
    fails(2, &["stake", "add", "--suri", "//Eve", "--netuid", "1", "--amount", "1"]);
    fails(2, &["weights", "set", "--suri", "//Eve", "--netuid", "1", "--uids", "0,1", "--weights", "1"]);
    fails(2, &["transfer", "--to", &bob, "--amount", "1"]);
    fails(2, &["tx", "decode", "--metadata", "/nonexistent/metadata.scale", "0x00"]);
    fails(2, &["tx", "decode", "0xzz"]);
    // clap's own refusals (unknown flags, a bad IP) exit 2 as well.
    let (code, _, _) = taolight(&["axon", "serve", "--suri", "//Eve", "--netuid", "1", "--ip", "1.2.3", "--port", "1"]);
    assert_eq!(code, 2);

    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let out = Command::new(env!("CARGO_BIN_EXE_taolight"))
        .args(["--json", "--network", &format!("ws://127.0.0.1:{port}"), "transfer", "--suri", "//Eve", "--to", &bob, "--amount", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn chain_rejections_exit_4_with_the_runtime_error() {
    let nobody = ss58(&unique("//Eve", "unregistered"));
    let e = fails(4, &["stake", "add", "--suri", "//Eve", "--hotkey", &nobody, "--netuid", "1", "--amount", "1"]);
    assert!(e["message"].as_str().unwrap().contains("HotKeyAccountNotExists"), "{e}");

    // A registered hotkey, but more stake than the coldkey holds.
    let hot = ss58(&unique("//Eve", "hot"));
    ok(&["register", "--suri", "//Eve", "--hotkey", &hot, "--netuid", "1"]);
    let e = fails(4, &["stake", "add", "--suri", "//Eve", "--hotkey", &hot, "--netuid", "1", "--amount", "2000000"]);
    assert_eq!(e["code"], "tx.dispatch");
    assert!(e["message"].as_str().unwrap().contains("NotEnoughBalanceToStake"), "{e}");
    // More than the balance in a transfer.
    let e = fails(4, &["transfer", "--suri", "//Eve", "--to", &nobody, "--amount", "2000000"]);
    assert!(e["message"].as_str().unwrap().contains("FundsUnavailable"), "{e}");
    // Unstaking what is not there.
    let e = fails(4, &["stake", "remove", "--suri", "//Eve", "--hotkey", &hot, "--netuid", "1", "--amount", "1"]);
    assert!(e["message"].as_str().unwrap().contains("NotEnoughStakeToWithdraw"), "{e}");
    // The runtime refuses a loopback axon address.
    let e = fails(4, &["axon", "serve", "--suri", &unique("//Eve", "hot-unregistered"), "--netuid", "1", "--ip", "127.0.0.1", "--port", "8091"]);
    assert!(e["message"].as_str().unwrap().contains("NotRegistered") || e["message"].as_str().unwrap().contains("InvalidIpAddress"), "{e}");
    // Weights from a hotkey that is not registered.
    let e = fails(4, &["weights", "set", "--suri", &unique("//Eve", "stranger"), "--netuid", "1", "--uids", "0", "--weights", "1"]);
    assert!(e["message"].as_str().unwrap().contains("NotRegistered"), "{e}");
}

#[test]
fn fees_are_estimated_and_extrinsics_decode() {
    let ferdie = ss58("//Ferdie");
    let dest = ss58(&unique("//Ferdie", "dest"));
    let f = ok(&["tx", "fee", "--suri", "//Ferdie", "transfer", "--to", &dest, "--amount", "3", "--keep-alive"]);
    assert_eq!((f["call"].as_str(), f["account"].as_str()), (Some("Balances.transfer_keep_alive"), Some(ferdie.as_str())));
    let estimate = f["partial_fee_rao"].as_u64().unwrap();
    assert!(estimate > 0 && f["length"].as_u64().unwrap() > 100, "{f}");
    // --from needs no key at all.
    let f2 = ok(&["tx", "fee", "--from", &ferdie, "transfer", "--to", &dest, "--amount", "3", "--keep-alive"]);
    assert_eq!(f2["partial_fee_rao"], estimate);

    let t = ok(&["transfer", "--suri", "//Ferdie", "--to", &dest, "--amount", "3", "--keep-alive"]);
    assert_eq!(t["fee_paid_rao"], estimate, "the estimate is what was paid");

    // Decode what was sent: metadata from the node, then from a file (0x-hex text and raw bytes).
    let x = t["extrinsic"].as_str().unwrap();
    let d = ok(&["tx", "decode", x]);
    assert_eq!(d["hash"], t["hash"]);
    assert_eq!(d["call"], "Balances.transfer_keep_alive");
    assert_eq!(d["args"]["value"], 3 * TAO);
    assert_eq!(d["args"]["dest"]["Id"], dest);
    assert_eq!(d["signed"]["signer"], ferdie);
    assert_eq!(d["signed"]["signature_scheme"], "sr25519");
    let ext = d["signed"]["extensions"].as_array().unwrap();
    let nonce = ext.iter().find(|e| e["name"] == "CheckNonce").unwrap();
    assert_eq!(nonce["value"], t["nonce"]);

    let devnet = Devnet::shared().unwrap();
    let body: Json = serde_json::from_str(&devnet.rpc("state_getMetadata", "[]").unwrap()).unwrap();
    let hex_text = body["result"].as_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let hex_file = dir.path().join("metadata.hex");
    std::fs::write(&hex_file, format!("{hex_text}\n")).unwrap();
    let raw_file = dir.path().join("metadata.scale");
    std::fs::write(&raw_file, hex::decode(hex_text.trim_start_matches("0x")).unwrap()).unwrap();
    for file in [&hex_file, &raw_file] {
        // An unreachable --network proves the file is used.
        let out = Command::new(env!("CARGO_BIN_EXE_taolight"))
            .args(["--json", "--network", "ws://127.0.0.1:1", "tx", "decode", "--metadata", file.to_str().unwrap(), x])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let d2: Json = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!((&d2["call"], &d2["args"], &d2["signed"]), (&d["call"], &d["args"], &d["signed"]));
    }
    // Not an extrinsic: bad input.
    let e = fails(2, &["tx", "decode", "--metadata", hex_file.to_str().unwrap(), "0x1234"]);
    assert_eq!(e["code"], "tx.decode");
}
