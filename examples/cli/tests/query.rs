//! The status queries of the built `taolight` binary (`status`, `stake list`, `subnets`,
//! `metagraph`, `delegates`) against the local real chain (tests/devnet: chopsticks on the
//! genuine spec-218 runtime; or `TAOLIGHT_RPC_URL`). Each test first creates state with the
//! CLI's own transaction commands (and the core tx API for `become_delegate`, which has no
//! command), then checks the query documents against it: the uid of the registration event,
//! the axon served, the alpha of the StakeAdded event, the devnet's subnet 1 settings.
//!
//! Tests that register on subnet 1 hold `SUBNET1` so that neuron counts do not move under a
//! comparison; each signs with its own dev account.

#![allow(clippy::unwrap_used)]

use std::process::Command;
use std::sync::Mutex;

use serde_json::Value as Json;
use taolight::chain::{Client, Network};
use taolight::keys::{Keypair, Scheme};
use taolight::tx::{account, Call, TxOptions, ValueExt};
use taolight_devnet::Devnet;

const TAO: u64 = 1_000_000_000;

/// Serializes the tests that register neurons on subnet 1.
static SUBNET1: Mutex<()> = Mutex::new(());

fn url() -> String {
    Devnet::shared().unwrap_or_else(|e| panic!("devnet: {e}")).url().to_owned()
}

/// Runs `taolight [--json] --network <devnet> ARGS…`; returns the exit code, stdout and stderr.
fn run(json: bool, network: &str, args: &[&str]) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_taolight"));
    if json {
        cmd.arg("--json");
    }
    let out = cmd
        .args(["--network", network])
        .args(args)
        .env_remove("TAOLIGHT_PASSWORD")
        .env_remove("TAOLIGHT_SURI")
        .env_remove("TAOLIGHT_NETWORK")
        .env_remove("BT_WALLET_PATH")
        .env("NO_COLOR", "1")
        .output()
        .expect("run taolight");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A command that must succeed; its JSON document.
fn ok(args: &[&str]) -> Json {
    let (code, stdout, err) = run(true, &url(), args);
    assert_eq!(code, 0, "taolight {args:?} failed: {err}\n{stdout}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("taolight {args:?}: not one JSON document ({e}): {stdout}"))
}

/// A command that must succeed; its text output.
fn text(args: &[&str]) -> String {
    let (code, stdout, err) = run(false, &url(), args);
    assert_eq!(code, 0, "taolight {args:?} failed: {err}\n{stdout}");
    stdout
}

/// A command that must fail with `code`; its error document.
fn fails_on(network: &str, code: i32, args: &[&str]) -> Json {
    let (got, stdout, err) = run(true, network, args);
    assert_eq!(got, code, "taolight {args:?}: expected exit {code}, got {got}: {err}\n{stdout}");
    let doc: Json = serde_json::from_str(&stdout).unwrap_or(Json::Null);
    assert_eq!(doc["error"]["exit_code"], code, "{doc}");
    doc["error"].clone()
}

fn fails(code: i32, args: &[&str]) -> Json {
    fails_on(&url(), code, args)
}

fn ss58(suri: &str) -> String {
    ok(&["key", "inspect", suri])["ss58_address"].as_str().unwrap().to_owned()
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

/// Registers `hot` on subnet 1 paid by `cold_uri`; returns its uid (from NeuronRegistered).
fn register(cold_uri: &str, hot: &str) -> u64 {
    let r = ok(&["register", "--suri", cold_uri, "--hotkey", hot, "--netuid", "1"]);
    let e = event(&r, "SubtensorModule.NeuronRegistered");
    assert_eq!(e[2], hot);
    e[1].as_u64().unwrap()
}

/// Stakes `tao` TAO to `hot` on subnet 1 from `cold_uri`; returns the alpha bought (StakeAdded).
fn stake(cold_uri: &str, hot: &str, tao: &str) -> u64 {
    let s = ok(&["stake", "add", "--suri", cold_uri, "--hotkey", hot, "--netuid", "1", "--amount", tao]);
    event(&s, "SubtensorModule.StakeAdded")[3].as_u64().unwrap()
}

/// The alpha value of a position at its price, rounded down, from the document's exact ratio.
fn value_at(alpha: u64, p: &Json) -> u64 {
    let (tao, per) = (p["price_ratio"]["tao_rao"].as_u64().unwrap(), p["price_ratio"]["alpha_rao"].as_u64().unwrap());
    u64::try_from(u128::from(alpha) * u128::from(tao) / u128::from(per.max(1))).unwrap()
}

#[test]
fn status_and_stake_list_show_the_registration_the_stake_and_the_axon() {
    let _guard = SUBNET1.lock().unwrap_or_else(|e| e.into_inner());
    let bob = ss58("//Bob");
    let hot_uri = unique("//Bob", "hot");
    let hot = ss58(&hot_uri);
    let uid = register("//Bob", &hot);
    let alpha = stake("//Bob", &hot, "5");
    assert!(alpha > 4 * TAO, "5 TAO bought only {alpha} alpha rao");
    ok(&["axon", "serve", "--suri", &hot_uri, "--netuid", "1", "--ip", "192.168.1.10", "--port", "8091"]);

    // status on subnet 1
    let st = ok(&["status", &hot, "--netuid", "1"]);
    assert_eq!((&st["hotkey"], &st["netuid"], &st["registered_anywhere"]), (&Json::from(hot.clone()), &Json::from(1), &Json::from(true)), "{st}");
    let s = &st["statuses"][0];
    assert_eq!(st["statuses"].as_array().unwrap().len(), 1, "{st}");
    assert_eq!((&s["netuid"], &s["registered"], &s["uid"]), (&Json::from(1), &Json::from(true), &Json::from(uid)), "{s}");
    assert_eq!((&s["hotkey"], &s["coldkey"]), (&Json::from(hot.clone()), &Json::from(bob.clone())));
    let axon = &s["axon"];
    assert_eq!((&axon["endpoint"], &axon["ip"], &axon["port"], &axon["ip_type"], &axon["protocol"]), (&Json::from("192.168.1.10:8091"), &Json::from("192.168.1.10"), &Json::from(8091), &Json::from(4), &Json::from(4)), "{axon}");
    assert!(s["prometheus"].is_null(), "{s}");
    // Bob is the only staker of this hotkey: its stake is the alpha bought, plus any emission
    // an epoch added since.
    let stake_alpha = s["stake_rao"].as_u64().unwrap();
    assert!(stake_alpha >= alpha, "stake {stake_alpha} < bought {alpha}");
    assert_eq!(s["stake"], taolight::types::format_tao(stake_alpha));
    assert_eq!(s["stake_tao_value_rao"].as_u64().unwrap(), value_at(stake_alpha, s));
    assert_eq!(s["role"], if s["validator_permit"] == true { "validator" } else { "miner" });
    let block = s["block"].as_u64().unwrap();
    let registered_at = s["registered_at"].as_u64().unwrap();
    assert!(registered_at <= block && registered_at >= 1, "{s}");
    assert_eq!(s["immunity_period"], 4096);
    assert_eq!(s["immunity_remaining"].as_u64().unwrap(), registered_at + 4096 - block);
    assert_eq!(s["blocks_since_update"].as_u64().unwrap(), block - s["last_update"].as_u64().unwrap());
    for score in ["rank", "trust", "consensus", "incentive", "dividends", "validator_trust", "pruning_score"] {
        let raw = s[format!("{score}_u16")].as_u64().unwrap();
        let shown = s[score].as_str().unwrap();
        assert!(raw <= 65535 && shown.len() == 6 && shown.as_bytes()[1] == b'.', "{score}: {raw} {shown}");
    }

    // Without --netuid: every subnet it is registered on (subnet 1 only).
    let all = ok(&["status", &hot]);
    let netuids: Vec<u64> = all["statuses"].as_array().unwrap().iter().map(|s| s["netuid"].as_u64().unwrap()).collect();
    assert_eq!(netuids, vec![1], "{all}");

    // An unregistered hotkey: a "not registered" row on the subnet asked, nothing otherwise.
    let nobody = ss58(&unique("//Bob", "never-registered"));
    let none = ok(&["status", &nobody, "--netuid", "1"]);
    assert_eq!((&none["registered_anywhere"], &none["statuses"][0]["registered"]), (&Json::from(false), &Json::from(false)), "{none}");
    assert!(none["statuses"][0].get("uid").is_none());
    let none = ok(&["status", &nobody]);
    assert_eq!(none["statuses"], serde_json::json!([]));
    assert!(text(&["status", &nobody, "--netuid", "1"]).contains("not registered"));
    assert!(text(&["status", &nobody]).contains("not registered on any subnet"));

    // The table, for people.
    let t = text(&["status", &hot, "--netuid", "1"]);
    assert!(t.contains(&format!("Status of hotkey {hot}")), "{t}");
    assert!(t.contains("192.168.1.10:8091") && t.contains(" α") && t.contains("blocks left") && t.contains(&format!("uid {uid}")), "{t}");

    // The stake list of the coldkey has the position.
    let list = ok(&["stake", "list", &bob]);
    assert_eq!(list["coldkey"], bob);
    let positions = list["positions"].as_array().unwrap();
    let mine: Vec<&Json> = positions.iter().filter(|p| p["hotkey"] == hot.as_str()).collect();
    assert_eq!(mine.len(), 1, "{list}");
    let p = mine[0];
    assert_eq!((&p["netuid"], &p["coldkey"], &p["registered"]), (&Json::from(1), &Json::from(bob.clone()), &Json::from(true)));
    let held = p["alpha_rao"].as_u64().unwrap();
    assert!(held + 1 >= alpha, "position {held} < bought {alpha} (shares round down by at most one unit)");
    assert_eq!(p["alpha"], taolight::types::format_tao(held));
    assert_eq!(p["tao_value_rao"].as_u64().unwrap(), value_at(held, p));
    assert!(p["tao_value_rao"].as_u64().unwrap() > 4 * TAO, "{p}");
    let total: u64 = positions.iter().map(|p| p["tao_value_rao"].as_u64().unwrap()).sum();
    assert_eq!(list["total_tao_value_rao"], total);
    assert!(positions.iter().all(|p| p["coldkey"] == bob.as_str() && p["alpha_rao"].as_u64().unwrap() > 0));
    let sum1: u64 = positions.iter().filter(|p| p["netuid"] == 1).map(|p| p["alpha_rao"].as_u64().unwrap()).sum();
    let by1 = list["alpha_by_subnet"].as_array().unwrap().iter().find(|a| a["netuid"] == 1).unwrap();
    assert_eq!(by1["alpha_rao"], sum1);
    let t = text(&["stake", "list", &bob]);
    assert!(t.contains(&hot) && t.contains("total value:"), "{t}");

    // A wallet: the status of its hotkey by name, the stake list of its coldkey (public files,
    // no password).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    ok(&["wallet", "import", "--wallet-path", path, "--wallet", "w", "--suri", "//Bob", "--no-password"]);
    ok(&["wallet", "import", "--wallet-path", path, "--wallet", "w", "--hotkey", "miner", "--suri", &hot_uri]);
    let by_name = ok(&["status", "--wallet-path", path, "--wallet", "w", "--hotkey", "miner", "--netuid", "1"]);
    assert_eq!((&by_name["hotkey"], &by_name["statuses"][0]["uid"]), (&Json::from(hot.clone()), &Json::from(uid)));
    let of_wallet = ok(&["stake", "list", "--wallet-path", path, "--wallet", "w"]);
    assert_eq!(of_wallet["coldkey"], bob);
    assert!(of_wallet["positions"].as_array().unwrap().iter().any(|p| p["hotkey"] == hot.as_str()));
}

#[test]
fn subnets_show_the_devnet_settings_and_the_metagraph_has_every_neuron() {
    let _guard = SUBNET1.lock().unwrap_or_else(|e| e.into_inner());
    let hot_uri = unique("//Charlie", "hot");
    let hot = ss58(&hot_uri);
    let uid = register("//Charlie", &hot);
    let alpha = stake("//Charlie", &hot, "2");
    ok(&["axon", "serve", "--suri", &hot_uri, "--netuid", "1", "--ip", "10.1.2.3", "--port", "9000"]);

    // The devnet prepares subnet 1: tempo 10, burn 0.1 TAO.
    let all = ok(&["subnets"]);
    let subnets = all["subnets"].as_array().unwrap();
    let netuids: Vec<u64> = subnets.iter().map(|s| s["netuid"].as_u64().unwrap()).collect();
    assert!(netuids.starts_with(&[0, 1]), "{netuids:?}");
    let one = subnets.iter().find(|s| s["netuid"] == 1).unwrap();
    assert_eq!((&one["tempo"], &one["burn_rao"], &one["burn"], &one["max_neurons"], &one["mechanism"]), (&Json::from(10), &Json::from(TAO / 10), &Json::from("0.1"), &Json::from(256), &Json::from(1)), "{one}");
    let pool = &one["pool"];
    assert_eq!((&pool["price_ratio"]["tao_rao"], &pool["price_ratio"]["alpha_rao"]), (&pool["tao_in_rao"], &pool["alpha_in_rao"]), "dynamic price = TAO in / alpha in: {pool}");
    let root = subnets.iter().find(|s| s["netuid"] == 0).unwrap();
    assert_eq!(root["pool"]["price"], "1");
    let only = ok(&["subnets", "--netuid", "1"]);
    assert_eq!(only["subnets"].as_array().unwrap().len(), 1);
    assert_eq!((&only["subnets"][0]["tempo"], &only["subnets"][0]["burn_rao"]), (&Json::from(10), &Json::from(TAO / 10)));
    let n = only["subnets"][0]["neurons"].as_u64().unwrap();
    assert!(n > uid, "{n} neurons, uid {uid}");

    // The metagraph: one entry per registered neuron, by uid.
    let mg = ok(&["metagraph", "1"]);
    assert_eq!(mg["netuid"], 1);
    let neurons = mg["neurons"].as_array().unwrap();
    assert_eq!(neurons.len() as u64, n, "metagraph length = the subnet's neuron count");
    assert_eq!(mg["count"], n);
    for (i, x) in neurons.iter().enumerate() {
        assert_eq!((x["uid"].as_u64(), x["netuid"].as_u64()), (Some(i as u64), Some(1)));
    }
    let me = &neurons[usize::try_from(uid).unwrap()];
    assert_eq!((&me["hotkey"], &me["axon"]["endpoint"]), (&Json::from(hot.clone()), &Json::from("10.1.2.3:9000")), "{me}");
    assert!(me["stake_rao"].as_u64().unwrap() >= alpha, "{me}");
    // The same neuron as `status` reports it.
    let st = ok(&["status", &hot, "--netuid", "1"]);
    for k in ["uid", "coldkey", "validator_permit", "axon", "prometheus"] {
        assert_eq!(me[k], st["statuses"][0][k], "{k}");
    }
    let t = text(&["metagraph", "1"]);
    assert!(t.contains("Metagraph of subnet 1") && t.contains("10.1.2.3:9000") && t.contains(&hot[..6]), "{t}");
    assert_eq!(t.lines().count(), 2 + usize::try_from(n).unwrap(), "a heading, a header and one row per uid:\n{t}");
    let t = text(&["subnets"]);
    assert!(t.contains("burn (τ)") && t.lines().count() >= 4, "{t}");

    // A subnet that does not exist: an empty metagraph; `subnets --netuid` refuses it.
    assert_eq!(ok(&["metagraph", "999"])["count"], 0);
    fails(2, &["subnets", "--netuid", "999"]);
}

/// `become_delegate` through the core's transaction API (the CLI has no command for it).
fn become_delegate(owner_uri: &str, hot: &str) -> u64 {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let client = Client::connect(Network::Rpc(url())).await.unwrap();
        let owner = Keypair::from_uri(owner_uri, Scheme::Sr25519).unwrap();
        let hot = taolight::keys::PublicKey::from_ss58(hot, Scheme::Sr25519).unwrap().bytes;
        let call = Call::new("SubtensorModule", "become_delegate").arg("hotkey", account(&hot));
        let out = client.sign_and_submit(&call, &owner, &TxOptions::default()).await.unwrap();
        let e = out.event("SubtensorModule", "DelegateAdded").unwrap_or_else(|| panic!("no DelegateAdded: {:?}", out.events));
        u64::try_from(e.field("2").and_then(|v| v.as_uint()).unwrap()).unwrap()
    })
}

#[test]
fn delegates_list_a_hotkey_after_become_delegate() {
    let _guard = SUBNET1.lock().unwrap_or_else(|e| e.into_inner());
    let dave = ss58("//Dave");
    let eve = ss58("//Eve");
    let hot = ss58(&unique("//Dave", "delegate"));
    register("//Dave", &hot);
    let take = become_delegate("//Dave", &hot);
    let own = stake("//Dave", &hot, "2");
    let nominated = stake("//Eve", &hot, "3");

    let all = ok(&["delegates"]);
    let d = all["delegates"].as_array().unwrap().iter().find(|d| d["hotkey"] == hot.as_str()).unwrap_or_else(|| panic!("{hot} not in {all}"));
    assert_eq!((&d["owner"], &d["take_u16"]), (&Json::from(dave.clone()), &Json::from(take)), "{d}");
    assert_eq!(d["registrations"], serde_json::json!([1]));
    assert_eq!(d["nominator_count"], 2);
    let mut coldkeys: Vec<&str> = d["nominators"].as_array().unwrap().iter().map(|n| n["coldkey"].as_str().unwrap()).collect();
    coldkeys.sort_unstable();
    let mut expected = vec![dave.as_str(), eve.as_str()];
    expected.sort_unstable();
    assert_eq!(coldkeys, expected);
    let of = |who: &str| d["nominators"].as_array().unwrap().iter().find(|n| n["coldkey"] == who).unwrap()["alpha_rao"].as_u64().unwrap();
    // Each staker's alpha comes from shares, rounded down: at most one unit below what was
    // bought (more only with emission).
    assert!(of(&dave) + 1 >= own && of(&eve) + 1 >= nominated, "{d}");
    let total = d["total_stake"].as_array().unwrap().iter().find(|t| t["netuid"] == 1).unwrap()["alpha_rao"].as_u64().unwrap();
    assert!(total >= of(&dave) + of(&eve), "{d}");

    let one = ok(&["delegates", "--hotkey", &hot]);
    assert_eq!(one["delegates"].as_array().unwrap().len(), 1);
    assert_eq!((&one["delegates"][0]["hotkey"], &one["delegates"][0]["take_u16"]), (&Json::from(hot.clone()), &Json::from(take)));
    let t = text(&["delegates", "--hotkey", &hot]);
    assert!(t.contains(&hot[..6]) && t.contains('%'), "{t}");
    fails(2, &["delegates", "--hotkey", &ss58(&unique("//Dave", "not-a-delegate"))]);
}

#[test]
fn bad_input_exits_2_and_an_unreachable_node_exits_3() {
    let bad = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92Uhj";
    let e = fails(2, &["status", bad]);
    assert!(e["message"].as_str().unwrap().contains("hotkey"), "{e}");
    fails(2, &["status", "not-an-address", "--netuid", "1"]);
    fails(2, &["stake", "list", bad]);
    fails(2, &["stake", "list"]);
    fails(2, &["status"]);
    fails(2, &["delegates", "--hotkey", bad]);
    let (code, _, _) = run(true, &url(), &["metagraph", "not-a-number"]);
    assert_eq!(code, 2);

    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let nowhere = format!("ws://127.0.0.1:{port}");
    let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
    fails_on(&nowhere, 3, &["stake", "list", alice]);
    fails_on(&nowhere, 3, &["status", alice]);
    fails_on(&nowhere, 3, &["metagraph", "1"]);
}
