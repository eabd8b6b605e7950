//! `taolight wallet create|import|export|list|inspect` on Bittensor wallet directories.

use serde_json::{json, Value};
use taolight::keyfile::polkadot_js::PolkadotJsAccount;
use taolight::keyfile::{write_atomic, KeyfileContent, Wallet, WalletInfo};
use taolight::keys::{ss58, Keypair, Mnemonic, WordCount};
use taolight::SecretString;

use super::{scheme, signer, wallet, wallet_root};
use crate::args::{Global, WalletCommand};
use crate::output::{table, CliError, Output};
use crate::secrets;

const PREFIX: u16 = ss58::BITTENSOR_PREFIX;

pub fn run(g: &Global, cmd: &WalletCommand, out: &Output) -> Result<(), CliError> {
    match cmd {
        WalletCommand::Create { words, no_password, overwrite } => create(g, *words, *no_password, *overwrite, out),
        WalletCommand::Import { mnemonic, polkadot_json, no_password, overwrite } => {
            import(g, mnemonic.as_deref(), polkadot_json.as_deref(), *no_password, *overwrite, out)
        }
        WalletCommand::Export { polkadot_json, name, overwrite } => export(g, polkadot_json, name.as_deref(), *overwrite, out),
        WalletCommand::List => list(g, out),
        WalletCommand::Inspect => inspect(g, out),
    }
}

fn coldkey_password(w: &Wallet, no_password: bool) -> Result<Option<SecretString>, CliError> {
    if no_password {
        return Ok(None);
    }
    Ok(Some(secrets::wallet_password(&format!("the coldkey of wallet {}", w.name()), true)?))
}

fn create(g: &Global, words: usize, no_password: bool, overwrite: bool, out: &Output) -> Result<(), CliError> {
    let w = wallet(g)?;
    let hotkey = g.hotkey.as_deref().unwrap_or("default");
    // Ask for the password only once the targets are known to be free.
    w.ensure_free(hotkey, overwrite)?;
    let password = coldkey_password(&w, no_password)?;
    let (cold, hot) = w.create(hotkey, WordCount::from_count(words)?, scheme(g)?, password.as_ref(), overwrite)?;
    let phrase = |c: &KeyfileContent| c.mnemonic.as_ref().map(|m| m.phrase().expose().to_owned()).unwrap_or_default();
    let value = json!({
        "wallet": w.name(),
        "path": w.dir(),
        "coldkey_ss58": cold.public().to_ss58(PREFIX),
        "coldkey_encrypted": password.is_some(),
        "hotkey": hotkey,
        "hotkey_ss58": hot.public().to_ss58(PREFIX),
        "coldkey_mnemonic": phrase(&cold),
        "hotkey_mnemonic": phrase(&hot),
    });
    out.result(&value, || {
        format!(
            "{}\n{}\n\nWrite both mnemonics down and keep them offline: they are the only way to recover these keys.",
            out.heading(&format!("Wallet {} created in {}", w.name(), w.dir().display())),
            table(&[
                ("coldkey", cold.public().to_ss58(PREFIX)),
                ("coldkey mnemonic", phrase(&cold)),
                ("hotkey", format!("{hotkey}  {}", hot.public().to_ss58(PREFIX))),
                ("hotkey mnemonic", phrase(&hot)),
            ])
        )
    });
    Ok(())
}

fn import(
    g: &Global,
    mnemonic: Option<&str>,
    polkadot_json: Option<&std::path::Path>,
    no_password: bool,
    overwrite: bool,
    out: &Output,
) -> Result<(), CliError> {
    let w = wallet(g)?;
    let scheme = scheme(g)?;
    let content = if let Some(phrase) = mnemonic {
        KeyfileContent::from_mnemonic(Mnemonic::parse(phrase)?, scheme)?
    } else if let Some(file) = polkadot_json {
        let text = std::fs::read_to_string(file)
            .map_err(|e| CliError::input("not_found", format!("cannot read {}: {e}", file.display())))?;
        let account = PolkadotJsAccount::parse(&text)?;
        let password = secrets::json_password(&format!("the JSON account {}", file.display()), false)?;
        KeyfileContent::from_pair(account.decrypt(&password)?)
    } else if let Some(suri) = &g.suri {
        KeyfileContent::from_pair(Keypair::from_uri(suri, scheme)?)
    } else {
        return Err(CliError::input("no_key", "give the key with --mnemonic, --suri or --polkadot-json"));
    };
    let address = content.public().to_ss58(PREFIX);
    match &g.hotkey {
        // Hotkeys are stored unencrypted, as btcli stores them: miners and validators load them unattended.
        Some(h) => w.create_hotkey(h, &content, None, overwrite)?,
        None => {
            let password = coldkey_password(&w, no_password)?;
            w.create_coldkey(&content, password.as_ref(), overwrite)?;
        }
    }
    let value = json!({ "wallet": w.name(), "hotkey": g.hotkey, "ss58_address": address, "path": w.dir() });
    out.result(&value, || {
        let what = g.hotkey.as_ref().map(|h| format!("hotkey {h}")).unwrap_or_else(|| "coldkey".into());
        format!("Imported the {what} of wallet {}: {address}", w.name())
    });
    Ok(())
}

fn export(g: &Global, file: &std::path::Path, name: Option<&str>, overwrite: bool, out: &Output) -> Result<(), CliError> {
    let pair = signer(g)?;
    let name = name.map(str::to_owned).unwrap_or_else(|| match (&g.wallet, &g.hotkey) {
        (Some(w), Some(h)) => format!("{w}/{h}"),
        (Some(w), None) => w.clone(),
        _ => "taolight".into(),
    });
    let password = secrets::json_password("the exported JSON account", true)?;
    let now_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0);
    let account = PolkadotJsAccount::encrypt(&pair, &password, &name, now_ms)?;
    write_atomic(file, account.to_json().as_bytes(), overwrite)?;
    let value = json!({ "file": file, "ss58_address": account.address, "name": name });
    out.result(&value, || format!("Exported {} to {}", account.address, file.display()));
    Ok(())
}

fn info_json(info: &WalletInfo) -> Value {
    json!({
        "name": info.name,
        "path": info.path,
        "coldkey_ss58": info.coldkey.map(|p| p.to_ss58(PREFIX)),
        "coldkey_encrypted": info.coldkey_encrypted,
        "hotkeys": info.hotkeys.iter().map(|h| json!({ "name": h.name, "ss58_address": h.public.map(|p| p.to_ss58(PREFIX)) })).collect::<Vec<_>>(),
    })
}

fn info_text(info: &WalletInfo) -> String {
    let mut lines = vec![format!(
        "{}  coldkey {}{}",
        info.name,
        info.coldkey.map(|p| p.to_ss58(PREFIX)).unwrap_or_else(|| "?".into()),
        if info.coldkey_encrypted { " (encrypted)" } else { "" }
    )];
    for h in &info.hotkeys {
        lines.push(format!("  └ {}  {}", h.name, h.public.map(|p| p.to_ss58(PREFIX)).unwrap_or_else(|| "?".into())));
    }
    lines.join("\n")
}

fn list(g: &Global, out: &Output) -> Result<(), CliError> {
    let root = wallet_root(g);
    let wallets = Wallet::list(&root)?;
    let value = json!({ "path": root, "wallets": wallets.iter().map(info_json).collect::<Vec<_>>() });
    out.result(&value, || {
        if wallets.is_empty() {
            return format!("No wallets in {}", root.display());
        }
        wallets.iter().map(info_text).collect::<Vec<_>>().join("\n")
    });
    Ok(())
}

fn inspect(g: &Global, out: &Output) -> Result<(), CliError> {
    let w = wallet(g)?;
    if !w.dir().is_dir() {
        return Err(CliError::input("not_found", format!("no wallet at {}", w.dir().display())));
    }
    let info = w.info()?;
    out.result(&info_json(&info), || info_text(&info));
    Ok(())
}
