//! `taolight key generate|inspect`.

use serde_json::json;
use taolight::keys::{decode_hex, ss58, Keypair, Mnemonic, PublicKey, WordCount};

use super::scheme;
use crate::args::{Global, KeyCommand};
use crate::output::{table, CliError, Output};

pub fn run(g: &Global, cmd: &KeyCommand, out: &Output) -> Result<(), CliError> {
    match cmd {
        KeyCommand::Generate { words } => generate(g, *words, out),
        KeyCommand::Inspect { input, network_prefix, public } => inspect(g, input, *network_prefix, *public, out),
    }
}

fn generate(g: &Global, words: usize, out: &Output) -> Result<(), CliError> {
    let scheme = scheme(g)?;
    let mnemonic = Mnemonic::generate(WordCount::from_count(words)?)?;
    let pair = Keypair::from_phrase(&mnemonic, "", scheme)?;
    let public = pair.public();
    // The user asked for a new key: showing its mnemonic is the point of this command.
    let value = json!({
        "mnemonic": mnemonic.phrase().expose(),
        "scheme": scheme.as_str(),
        "public_key": public.to_hex(),
        "account_id": public.to_hex(),
        "ss58_address": public.to_ss58(ss58::BITTENSOR_PREFIX),
    });
    out.result(&value, || {
        format!(
            "{}\n{}\n\nWrite the mnemonic down and keep it offline: it is the only way to recover this key.",
            out.heading("New key"),
            table(&[
                ("mnemonic", mnemonic.phrase().expose().to_owned()),
                ("scheme", scheme.to_string()),
                ("public key", public.to_hex()),
                ("ss58 address", public.to_ss58(ss58::BITTENSOR_PREFIX)),
            ])
        )
    });
    Ok(())
}

fn inspect(g: &Global, input: &str, prefix: u16, public_only: bool, out: &Output) -> Result<(), CliError> {
    let scheme = scheme(g)?;
    let input = input.trim();
    // An address or a public key carries no secret; everything else is a secret URI.
    let (public, secret) = if let Ok((account, _)) = ss58::decode(input) {
        (PublicKey { scheme, bytes: account }, false)
    } else if public_only {
        (PublicKey::from_bytes(&decode_hex(input)?, scheme)?, false)
    } else {
        (Keypair::from_uri(input, scheme)?.public(), true)
    };
    let address = public.try_to_ss58(prefix)?;
    let value = json!({
        "scheme": scheme.as_str(),
        "public_key": public.to_hex(),
        "account_id": public.to_hex(),
        "ss58_address": address,
        "network_prefix": prefix,
        "secret": secret,
    });
    out.result(&value, || {
        table(&[
            ("scheme", scheme.to_string()),
            ("public key", public.to_hex()),
            ("account id", public.to_hex()),
            ("ss58 address", address.clone()),
            ("network prefix", prefix.to_string()),
        ])
    });
    Ok(())
}
