//! `taolight demo`: the end-to-end story. Today: the key and wallet part on a temporary wallet
//! directory, then the local real chain (started with `tests/devnet`, or `TAOLIGHT_RPC_URL`)
//! read through the chain client. Transfer, stake, registration and the status table join it
//! as the transaction and query issues land.

use serde_json::json;
use taolight::keyfile::{KeyfileContent, Wallet};
use taolight::keys::{self, ss58, Keypair, Mnemonic, Scheme, WordCount};
use taolight::SecretString;

use crate::args::{DemoArgs, Global};
use crate::output::{table, CliError, Output};

pub fn run(_g: &Global, a: &DemoArgs, out: &Output) -> Result<(), CliError> {
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
    let chain = chain_part(out)?;
    let chain_text = format!("{}\n\n{}", super::chain::info_text(&chain, out), super::balance::text(&chain["alice_balance"]));
    out.result(&json!({ "wallet": value, "chain": chain }), || format!("{wallet_text}\n\n{chain_text}"));
    Ok(())
}

/// Starts the local real chain (stopped again when the demo ends) and reads it.
fn chain_part(out: &Output) -> Result<serde_json::Value, CliError> {
    out.note("==> starting the local real chain (chopsticks running the subtensor spec-218 runtime)");
    let devnet = taolight_devnet::Devnet::start(taolight_devnet::DevnetOptions::default())
        .map_err(|e| CliError { kind: taolight::ErrorKind::Network, code: "devnet".into(), message: e.to_string() })?;
    out.note(&format!("==> connected to {}: reading genesis, runtime and heads through the chain client", devnet.url()));
    let runtime = super::chain::runtime()?;
    let mut info = runtime.block_on(super::chain::info(devnet.url(), std::time::Duration::from_secs(30), false))?;
    out.note("==> reading //Alice's balance (System.Account, layout checked against the runtime metadata)");
    let alice = Keypair::from_uri("//Alice", Scheme::Sr25519)?.public().bytes;
    info["alice_balance"] = runtime.block_on(super::balance::read(devnet.url(), &alice))?;
    out.note("==> stopping the local chain");
    drop(devnet);
    Ok(info)
}
