pub mod chain;
pub mod connect;
pub mod balance;
pub mod demo;
pub mod key;
pub mod send;
pub mod query;
pub mod tx;
pub mod sign;
pub mod wallet;

use std::path::PathBuf;

use taolight::keyfile::{default_wallet_path, KeyfileError, Wallet};
use taolight::keys::{Keypair, Scheme};

use crate::args::Global;
use crate::output::CliError;
use crate::secrets;

/// The scheme given with --scheme.
pub fn scheme(g: &Global) -> Result<Scheme, CliError> {
    Ok(g.scheme.parse::<Scheme>()?)
}

/// The wallet directory: --wallet-path, $BT_WALLET_PATH, or ~/.bittensor/wallets.
pub fn wallet_root(g: &Global) -> PathBuf {
    g.wallet_path.clone().unwrap_or_else(default_wallet_path)
}

/// The wallet named by --wallet (btcli's default name is "default").
pub fn wallet(g: &Global) -> Result<Wallet, CliError> {
    Ok(Wallet::new(wallet_root(g), g.wallet.as_deref().unwrap_or("default"))?)
}

/// The signer chosen on the command line: --suri, else the wallet's hotkey (with --hotkey)
/// or coldkey. A password is asked only when the keyfile is encrypted.
pub fn signer(g: &Global) -> Result<Keypair, CliError> {
    if let Some(suri) = &g.suri {
        return Ok(Keypair::from_uri(suri, scheme(g)?)?);
    }
    if g.wallet.is_none() {
        return Err(CliError::input("no_signer", "choose a signer: --suri URI, or --wallet NAME [--hotkey NAME]"));
    }
    let w = wallet(g)?;
    let load = |password| match &g.hotkey {
        Some(h) => w.hotkey(h, password),
        None => w.coldkey(password),
    };
    let content = match load(None) {
        Err(KeyfileError::PasswordRequired) => {
            let what = match &g.hotkey {
                Some(h) => format!("hotkey {h} of wallet {}", w.name()),
                None => format!("the coldkey of wallet {}", w.name()),
            };
            load(Some(&secrets::wallet_password(&what, false)?))?
        }
        other => other?,
    };
    Ok(content.pair)
}

/// Message bytes from text or hex.
pub fn message_bytes(message: &str, is_hex: bool) -> Result<Vec<u8>, CliError> {
    if is_hex {
        Ok(taolight::keys::decode_hex(message)?)
    } else {
        Ok(message.as_bytes().to_vec())
    }
}
