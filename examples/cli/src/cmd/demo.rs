//! `taolight demo`: the end-to-end story. A Bittensor wallet (encrypted coldkey, hotkey) in a
//! temporary directory; then the local real chain (started with `tests/devnet`, or
//! `TAOLIGHT_RPC_URL`): read through the chain client, the coldkey funded from //Alice, the
//! hotkey registered on subnet 1, stake added to it, an axon served and weights set from the
//! hotkey, with balances before and after; then, after another epoch, the hotkey's
//! miner/validator status on subnet 1 and the coldkey's stake positions, read back through
//! `taolight::query` (the same documents as `taolight status` and `taolight stake list`).

use serde_json::{json, Value as Json};
use taolight::chain::Client;
use taolight::keyfile::{KeyfileContent, Wallet};
use taolight::keys::{self, ss58, Keypair, Mnemonic, Scheme, WordCount};
use taolight::tx::{calls, Call, TxOptions};
use taolight::types::{format_tao, RAO_PER_TAO};
use taolight::SecretString;

use super::{query, tx};
use crate::args::{DemoArgs, Global};
use crate::output::{table, CliError, Output};

/// The subnet the devnet prepares for quick tests (cheap burn, tempo 10, no rate limits).
const NETUID: u16 = 1;
const FUND: u64 = 100 * RAO_PER_TAO;
const STAKE: u64 = 10 * RAO_PER_TAO;
/// `serve_axon` refuses loopback addresses such as 127.0.0.1 (`InvalidIpAddress`).
const AXON_IP: [u8; 4] = [192, 168, 1, 10];
const AXON_PORT: u16 = 8091;
/// Blocks to let pass so that the subnet runs an epoch (tempo 10 = every 11 blocks).
const EPOCH_BLOCKS: u32 = 11;

pub fn run(g: &Global, a: &DemoArgs, out: &Output) -> Result<(), CliError> {
    let tmp;
    let root = match &a.keep {
        Some(p) => p.clone(),
        None => {
            tmp = std::env::temp_dir().join(format!("taolight-demo-{}", std::process::id()));
            tmp.clone()
        }
    };
    let step = |s: &str| out.note(&format!("==> {s}"));
    step("creating a Bittensor wallet (encrypted coldkey, hotkey) in a fresh directory");
    let wallet = Wallet::new(&root, "demo")?;
    let password = SecretString::from("demo-password");
    let cold = KeyfileContent::from_mnemonic(Mnemonic::generate(WordCount::Words12)?, Scheme::Sr25519)?;
    let hot = KeyfileContent::from_mnemonic(Mnemonic::generate(WordCount::Words12)?, Scheme::Sr25519)?;
    wallet.create_coldkey(&cold, Some(&password), true)?;
    wallet.create_hotkey("miner", &hot, None, true)?;
    step("reading it back (coldkey decrypted with Argon2i, as bittensor-wallet does)");
    let loaded = wallet.coldkey(Some(&password))?;
    let loaded_hot = wallet.hotkey("miner", None)?;
    step("signing a message with the coldkey and verifying it");
    let message = b"taolight demo";
    let signature = loaded.pair.sign(message);
    let valid = keys::verify(message, &signature, &loaded.public());
    let alice = Keypair::from_uri("//Alice", Scheme::Sr25519)?.public().to_ss58(ss58::BITTENSOR_PREFIX);
    let info = wallet.info()?;
    let value = json!({
        "wallet_dir": wallet.dir(),
        "coldkey_ss58": loaded.public().to_ss58(ss58::BITTENSOR_PREFIX),
        "hotkey_ss58": hot.public().to_ss58(ss58::BITTENSOR_PREFIX),
        "hotkeys": info.hotkeys.len(),
        "signature_valid": valid,
        "dev_alice": alice,
    });
    let wallet_text = table(&[
        ("wallet", wallet.dir().display().to_string()),
        ("coldkey", loaded.public().to_ss58(ss58::BITTENSOR_PREFIX)),
        ("hotkey miner", hot.public().to_ss58(ss58::BITTENSOR_PREFIX)),
        ("signature valid", valid.to_string()),
    ]);
    if a.keep.is_none() {
        let _ = std::fs::remove_dir_all(&root);
    }
    if !valid {
        return Err(CliError::input("demo", "the demo signature did not verify"));
    }
    out.line(&format!("{}\n{wallet_text}\n", out.heading("Wallet")));
    let keys = DemoKeys { cold: loaded.pair, hot: loaded_hot.pair };
    let (chain, story) = chain_part(g, &keys, out)?;
    let mut doc = json!({ "wallet": value, "chain": chain });
    if let (Json::Object(d), Json::Object(s)) = (&mut doc, story) {
        d.extend(s);
    }
    out.result(&doc, || story_text(&doc, out));
    Ok(())
}

struct DemoKeys {
    cold: Keypair,
    hot: Keypair,
}

/// Starts the local real chain (stopped again when the demo ends), reads it, and tells the
/// transaction story on it. Returns the chain document and the story's keys (`steps`,
/// `balances`, `neuron`, `stake`, `status`).
fn chain_part(g: &Global, k: &DemoKeys, out: &Output) -> Result<(Json, Json), CliError> {
    out.note("==> starting the local real chain (chopsticks running the subtensor spec-218 runtime)");
    let devnet = taolight_devnet::Devnet::start(taolight_devnet::DevnetOptions::default())
        .map_err(|e| CliError { kind: taolight::ErrorKind::Network, code: "devnet".into(), message: e.to_string() })?;
    out.note(&format!("==> connected to {}: reading genesis, runtime and heads through the chain client", devnet.url()));
    let runtime = super::chain::runtime()?;
    let mut info = runtime.block_on(async {
        let client = super::tx::connect(devnet.url()).await?;
        super::chain::info(&client, devnet.url()).await
    })?;
    out.note("==> reading //Alice's balance (System.Account, layout checked against the runtime metadata)");
    let alice = Keypair::from_uri("//Alice", Scheme::Sr25519)?;
    info["alice_balance"] = runtime.block_on(async {
        let client = super::tx::connect(devnet.url()).await?;
        super::balance::read(&client, &alice.public().bytes).await
    })?;
    out.line(&format!("{}\n\n{}\n", super::chain::info_text(&info, out), super::balance::text(&info["alice_balance"])));
    let story = runtime.block_on(story(g, &devnet, &alice, k, out))?;
    out.note("==> stopping the local chain");
    drop(devnet);
    Ok((info, story))
}

/// One transaction of the story: sent, printed as it completes, recorded.
async fn step(
    client: &Client,
    steps: &mut Vec<Json>,
    (name, title): (&str, &str),
    call: &Call,
    signer: &Keypair,
    opts: &TxOptions,
    out: &Output,
) -> Result<Json, CliError> {
    out.note(&format!("==> {title}"));
    let doc = tx::send(client, call, signer, opts, out).await?;
    let fee = doc["fee_paid"].as_str().map(|f| format!(", fee {f} TAO")).unwrap_or_default();
    out.line(&format!(
        "{}. {title}: {} in block #{}{fee}",
        steps.len() + 1,
        doc["call"].as_str().unwrap_or("?"),
        doc["block"]["number"]
    ));
    for e in doc["events"].as_array().into_iter().flatten() {
        let path = e["event"].as_str().unwrap_or("");
        if !path.starts_with("System.") && !path.starts_with("TransactionPayment.") && path != "Balances.Withdraw" && path != "Balances.Deposit" {
            out.line(&format!("     {}", tx::event_text(e)));
        }
    }
    steps.push(json!({ "step": name, "title": title, "tx": doc }));
    Ok(doc)
}

async fn balances(client: &Client, who: &[(&str, [u8; 32])]) -> Result<Json, CliError> {
    let mut m = serde_json::Map::new();
    for (name, account) in who {
        let b = taolight::query::balance(client, account, None).await?;
        m.insert(
            (*name).to_owned(),
            json!({
                "ss58_address": tx::ss58_of(account),
                "free_rao": b.free, "free": format_tao(b.free),
                "transferable_rao": b.transferable, "transferable": format_tao(b.transferable),
                "nonce": b.nonce,
            }),
        );
    }
    Ok(Json::Object(m))
}

async fn story(g: &Global, devnet: &taolight_devnet::Devnet, alice: &Keypair, k: &DemoKeys, out: &Output) -> Result<Json, CliError> {
    let client = tx::connect(devnet.url()).await?;
    // The global transaction flags apply (--wait-for, --tip, --mortality), except a fixed nonce:
    // the story sends from three accounts.
    let opts = TxOptions { nonce: None, ..tx::options(g)? };
    let cold = k.cold.public().bytes;
    let hot = k.hot.public().bytes;
    let who = [("coldkey", cold), ("hotkey", hot), ("alice", alice.public().bytes)];
    let before = balances(&client, &who).await?;
    out.line(&out.heading("The story on the local chain"));
    let mut steps = Vec::new();

    step(&client, &mut steps, ("fund", "funding the coldkey with 100 TAO from //Alice"), &calls::transfer_keep_alive(&cold, FUND), alice, &opts, out).await?;

    let reg = step(&client, &mut steps, ("register", "registering the hotkey on subnet 1 (burned registration, the coldkey pays)"), &calls::burned_register(NETUID, &hot), &k.cold, &opts, out).await?;
    // NeuronRegistered(netuid, uid, hotkey)
    let uid = tx::find_event(&reg, "SubtensorModule.NeuronRegistered")
        .and_then(|f| f.get(1))
        .and_then(Json::as_u64)
        .and_then(|u| u16::try_from(u).ok())
        .ok_or_else(|| CliError { kind: taolight::ErrorKind::Chain, code: "demo".into(), message: "registration emitted no NeuronRegistered event with a uid".into() })?;

    let staked = step(&client, &mut steps, ("stake", "staking 10 TAO from the coldkey to the hotkey on subnet 1"), &calls::add_stake(&hot, NETUID, STAKE), &k.cold, &opts, out).await?;
    // StakeAdded(coldkey, hotkey, tao, alpha, netuid)
    let alpha = tx::find_event(&staked, "SubtensorModule.StakeAdded").and_then(|f| f.get(3)).and_then(Json::as_u64);

    let endpoint = calls::Endpoint { ip: std::net::IpAddr::from(AXON_IP), port: AXON_PORT, version: 0, protocol: 4 };
    step(&client, &mut steps, ("serve_axon", "serving the miner's axon at 192.168.1.10:8091 from the hotkey"), &calls::serve_axon(NETUID, &endpoint), &k.hot, &opts, out).await?;

    // Validator permits are recomputed at each epoch; let one pass before weighing others.
    out.note(&format!("==> letting {EPOCH_BLOCKS} blocks pass (one epoch of subnet 1)"));
    let epoch = match devnet.new_blocks(EPOCH_BLOCKS) {
        Ok(()) => json!({ "blocks": EPOCH_BLOCKS }),
        // An external node (TAOLIGHT_RPC_URL) may not build blocks on request.
        Err(e) => json!({ "blocks": 0, "note": e.to_string() }),
    };
    let (uids, weights) = if uid == 0 { (vec![0], vec![65535]) } else { (vec![0, uid], vec![32768, 65535]) };
    let title = format!("setting weights from the hotkey as a validator: uids {uids:?}, weights {weights:?}");
    step(&client, &mut steps, ("set_weights", &title), &calls::set_weights(NETUID, &uids, &weights, 0), &k.hot, &opts, out).await?;

    // One more epoch, so that the weights just set count in consensus and emission flows.
    out.note(&format!("==> letting {EPOCH_BLOCKS} more blocks pass (the next epoch scores the weights)"));
    let second_epoch = match devnet.new_blocks(EPOCH_BLOCKS) {
        Ok(()) => EPOCH_BLOCKS,
        Err(_) => 0,
    };
    let after = balances(&client, &who).await?;
    out.line("");
    out.note("==> reading the hotkey's status and the coldkey's stake back from the chain (taolight::query)");
    let status = query::status(&client, &hot, Some(NETUID)).await?;
    let stake_list = query::stake_list(&client, &cold).await?;
    Ok(json!({
        "steps": steps,
        "balances": { "before": before, "after": after },
        "neuron": { "netuid": NETUID, "uid": uid, "hotkey_ss58": tx::ss58_of(&hot), "axon": format!("192.168.1.10:{AXON_PORT}") },
        "stake": { "netuid": NETUID, "hotkey_ss58": tx::ss58_of(&hot), "tao_staked_rao": STAKE, "tao_staked": format_tao(STAKE), "alpha_received_rao": alpha, "alpha_received": alpha.map(format_tao) },
        "weights": { "netuid": NETUID, "uids": uids, "weights": weights },
        "epoch": epoch,
        "second_epoch": { "blocks": second_epoch },
        "status": status,
        "stake_list": stake_list,
    }))
}

/// The balances before and after, the status table and the stake positions, for people.
fn story_text(doc: &Json, out: &Output) -> String {
    let b = &doc["balances"];
    let row = |who: &str| {
        (
            who.to_owned(),
            format!(
                "{} TAO → {} TAO",
                b["before"][who]["free"].as_str().unwrap_or("?"),
                b["after"][who]["free"].as_str().unwrap_or("?")
            ),
        )
    };
    let rows = [row("coldkey"), row("hotkey"), row("alice")];
    let rows: Vec<(&str, String)> = rows.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    let stake = &doc["stake"];
    format!(
        "{}\n{}\n\n{}\n{}\n\n{}\n\n{}",
        out.heading("Free balances, before → after"),
        table(&rows),
        out.heading("Stake"),
        table(&[
            ("hotkey", stake["hotkey_ss58"].as_str().unwrap_or("?").to_owned()),
            ("subnet / uid", format!("{} / {}", doc["neuron"]["netuid"], doc["neuron"]["uid"])),
            ("staked", format!("{} TAO", stake["tao_staked"].as_str().unwrap_or("?"))),
            ("received", format!("{} alpha", stake["alpha_received"].as_str().unwrap_or("?"))),
        ]),
        query::status_text(&doc["status"], out),
        query::stake_list_text(&doc["stake_list"], out),
    )
}
