//! `taolight balance`.

use serde_json::{json, Value};
use taolight::chain::Client;
use taolight::keys::{ss58, PublicKey};
use taolight::query::balance;
use taolight::types::format_tao;

use super::{scheme, wallet};
use crate::args::Global;
use crate::output::{table, CliError, Output};

pub fn run(g: &Global, address: Option<&str>, out: &Output) -> Result<(), CliError> {
    let public = match address {
        Some(a) => PublicKey::from_ss58(a, scheme(g)?)?,
        None if g.wallet.is_some() => wallet(g)?.coldkey_public()?,
        None => return Err(CliError::input("no_account", "give an SS58 address or --wallet NAME")),
    };
    let value = super::chain::runtime()?.block_on(async {
        let client = super::connect::connect(g).await?;
        read(&client, &public.bytes).await
    })?;
    out.result(&value, || text(&value));
    Ok(())
}

/// The balance document (shared with the demo): rao integers and exact TAO decimals.
pub(crate) async fn read(client: &Client, account: &[u8; 32]) -> Result<Value, CliError> {
    let b = balance(client, account, None).await?;
    Ok(json!({
        "ss58_address": ss58::encode(account, ss58::BITTENSOR_PREFIX),
        "free_rao": b.free, "free": format_tao(b.free),
        "reserved_rao": b.reserved, "reserved": format_tao(b.reserved),
        "frozen_rao": b.frozen, "frozen": format_tao(b.frozen),
        "transferable_rao": b.transferable, "transferable": format_tao(b.transferable),
        "nonce": b.nonce,
    }))
}

pub(crate) fn text(v: &Value) -> String {
    let tao = |k: &str| format!("{} TAO", v[k].as_str().unwrap_or("?"));
    table(&[
        ("account", v["ss58_address"].as_str().unwrap_or("?").to_owned()),
        ("free", tao("free")),
        ("reserved", tao("reserved")),
        ("frozen", tao("frozen")),
        ("transferable", tao("transferable")),
        ("nonce", v["nonce"].to_string()),
    ])
}
