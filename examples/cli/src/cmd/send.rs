//! The transaction commands: `transfer`, `stake add|remove|move`, `register`, `weights set`,
//! `axon serve` (sent through [`super::tx::send`]), `tx fee` (the same shapes, estimated, never
//! signed) and `tx decode`.
//!
//! Who signs: the coldkey for transfers, staking and registration; the hotkey for weights and
//! axons (as btcli). `--suri` is the signing key itself, for development.

use std::path::Path;

use serde_json::{json, Value as Json};
use taolight::chain::Metadata;
use taolight::keys::Keypair;
use taolight::keyfile::KeyfileError;
use taolight::tx::{calls, decode_extrinsic, Call, Extrinsic, MultiSignature};
use taolight::types::{format_tao, parse_amount};

use super::tx::{self, ss58_of};
use super::{scheme, wallet};
use crate::args::{AxonCommand, Global, StakeCommand, TxCall, WeightsCommand};
use crate::output::{table, CliError, Output};
use crate::secrets;

/// Which key of the wallet signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Coldkey,
    Hotkey,
}

/// A command turned into a call: who signs, and what the user asked for (merged into the
/// output document) with a one-line summary.
pub(crate) struct Built {
    pub call: Call,
    pub role: Role,
    pub details: Json,
    pub summary: String,
}

fn amount(text: &str) -> Result<u64, CliError> {
    Ok(parse_amount(text)?)
}

/// An SS58 address (bad input when it is not one).
pub(crate) fn address(text: &str, what: &str) -> Result<[u8; 32], CliError> {
    taolight::keys::ss58::account_id(text)
        .map_err(|e| {
            let e = CliError::from(e);
            CliError { message: format!("{what} {text:?}: {}", e.message), ..e }
        })
}

/// A hotkey given as an SS58 address, or as the name of a hotkey of `--wallet` (read from its
/// public file; no password).
pub(crate) fn hotkey_account(g: &Global, value: Option<&str>, what: &str) -> Result<[u8; 32], CliError> {
    let v = value.ok_or_else(|| CliError::input("no_hotkey", format!("give {what}: an SS58 address, or a hotkey name with --wallet")))?;
    match address(v, what) {
        Ok(a) => Ok(a),
        // Not an address: a hotkey name when a wallet is given and the text looks like a name.
        Err(_) if g.wallet.is_some() && v.len() < 40 => Ok(wallet(g)?.hotkey_public(v)?.bytes),
        Err(e) => Err(e),
    }
}

/// Build the call of a command, checking every argument (no network, no key needed).
pub(crate) fn build(g: &Global, c: &TxCall) -> Result<Built, CliError> {
    Ok(match c {
        TxCall::Transfer(t) => {
            let to = address(&t.to, "--to")?;
            match &t.amount {
                None => Built {
                    call: calls::transfer_all(&to, t.keep_alive),
                    role: Role::Coldkey,
                    details: json!({ "action": "transfer", "to": ss58_of(&to), "all": true, "keep_alive": t.keep_alive }),
                    summary: format!("Transferred everything transferable to {}", ss58_of(&to)),
                },
                Some(a) => {
                    let rao = amount(a)?;
                    Built {
                        call: if t.keep_alive { calls::transfer_keep_alive(&to, rao) } else { calls::transfer_allow_death(&to, rao) },
                        role: Role::Coldkey,
                        details: json!({ "action": "transfer", "to": ss58_of(&to), "amount_rao": rao, "amount": format_tao(rao), "keep_alive": t.keep_alive }),
                        summary: format!("Transferred {} TAO to {}", format_tao(rao), ss58_of(&to)),
                    }
                }
            }
        }
        TxCall::Stake(StakeCommand::Add(s)) => {
            let hot = hotkey_account(g, g.hotkey.as_deref(), "--hotkey")?;
            let rao = amount(&s.amount)?;
            Built {
                call: calls::add_stake(&hot, s.netuid, rao),
                role: Role::Coldkey,
                details: json!({ "action": "stake_add", "hotkey": ss58_of(&hot), "netuid": s.netuid, "amount_rao": rao, "amount": format_tao(rao), "unit": "TAO" }),
                summary: format!("Staked {} TAO to {} on subnet {}", format_tao(rao), ss58_of(&hot), s.netuid),
            }
        }
        TxCall::Stake(StakeCommand::Remove(s)) => {
            let hot = hotkey_account(g, g.hotkey.as_deref(), "--hotkey")?;
            let alpha = amount(&s.amount)?;
            Built {
                call: calls::remove_stake(&hot, s.netuid, alpha),
                role: Role::Coldkey,
                details: json!({ "action": "stake_remove", "hotkey": ss58_of(&hot), "netuid": s.netuid, "amount_rao": alpha, "amount": format_tao(alpha), "unit": "alpha" }),
                summary: format!("Unstaked {} alpha from {} on subnet {}", format_tao(alpha), ss58_of(&hot), s.netuid),
            }
        }
        TxCall::Stake(StakeCommand::Move(m)) => {
            let from = hotkey_account(g, Some(&m.origin_hotkey), "--origin-hotkey")?;
            let to = hotkey_account(g, Some(&m.dest_hotkey), "--dest-hotkey")?;
            let alpha = amount(&m.amount)?;
            Built {
                call: calls::move_stake(&from, &to, m.origin_netuid, m.dest_netuid, alpha),
                role: Role::Coldkey,
                details: json!({
                    "action": "stake_move", "origin_hotkey": ss58_of(&from), "dest_hotkey": ss58_of(&to),
                    "origin_netuid": m.origin_netuid, "dest_netuid": m.dest_netuid,
                    "amount_rao": alpha, "amount": format_tao(alpha), "unit": "alpha",
                }),
                summary: format!(
                    "Moved {} alpha from {} (subnet {}) to {} (subnet {})",
                    format_tao(alpha), ss58_of(&from), m.origin_netuid, ss58_of(&to), m.dest_netuid
                ),
            }
        }
        TxCall::Register(r) => {
            let hot = hotkey_account(g, g.hotkey.as_deref(), "--hotkey")?;
            Built {
                call: calls::burned_register(r.netuid, &hot),
                role: Role::Coldkey,
                details: json!({ "action": "register", "hotkey": ss58_of(&hot), "netuid": r.netuid }),
                summary: format!("Registered {} on subnet {}", ss58_of(&hot), r.netuid),
            }
        }
        TxCall::Weights(WeightsCommand::Set(w)) => {
            if w.uids.len() != w.weights.len() {
                return Err(CliError::input(
                    "weights_mismatch",
                    format!("{} uids but {} weights: give one weight per uid", w.uids.len(), w.weights.len()),
                ));
            }
            Built {
                call: calls::set_weights(w.netuid, &w.uids, &w.weights, w.version_key),
                role: Role::Hotkey,
                details: json!({ "action": "weights_set", "netuid": w.netuid, "uids": w.uids, "weights": w.weights, "version_key": w.version_key }),
                summary: format!("Set weights on subnet {}: {}", w.netuid, w.uids.iter().zip(&w.weights).map(|(u, w)| format!("uid {u} → {w}")).collect::<Vec<_>>().join(", ")),
            }
        }
        TxCall::Axon(AxonCommand::Serve(a)) => {
            let endpoint = calls::Endpoint { ip: a.ip, port: a.port, version: a.version, protocol: a.protocol };
            let addr = std::net::SocketAddr::new(a.ip, a.port);
            Built {
                call: calls::serve_axon(a.netuid, &endpoint),
                role: Role::Hotkey,
                details: json!({ "action": "axon_serve", "netuid": a.netuid, "ip": a.ip.to_string(), "port": a.port, "version": a.version, "protocol": a.protocol }),
                summary: format!("Serving the axon at {addr} on subnet {}", a.netuid),
            }
        }
    })
}

/// The signing key: `--suri`, else the wallet's coldkey (password when encrypted) or hotkey
/// (`--hotkey NAME`, default "default", as btcli).
pub(crate) fn signer(g: &Global, role: Role) -> Result<Keypair, CliError> {
    if let Some(suri) = &g.suri {
        return Ok(Keypair::from_uri(suri, scheme(g)?)?);
    }
    if g.wallet.is_none() {
        return Err(CliError::input("no_signer", "choose a signer: --wallet NAME [--hotkey NAME], or --suri URI for development"));
    }
    let w = wallet(g)?;
    let content = match role {
        Role::Hotkey => w.hotkey(g.hotkey.as_deref().unwrap_or("default"), None)?,
        Role::Coldkey => match w.coldkey(None) {
            Err(KeyfileError::PasswordRequired) => {
                w.coldkey(Some(&secrets::wallet_password(&format!("the coldkey of wallet {}", w.name()), false)?))?
            }
            other => other?,
        },
    };
    Ok(content.pair)
}

/// The paying account for a fee estimate: `--from`, the `--suri` key, or the wallet's public key.
fn payer(g: &Global, role: Role, from: Option<&str>) -> Result<[u8; 32], CliError> {
    if let Some(f) = from {
        return address(f, "--from");
    }
    if let Some(suri) = &g.suri {
        return Ok(Keypair::from_uri(suri, scheme(g)?)?.public().bytes);
    }
    if g.wallet.is_none() {
        return Err(CliError::input("no_account", "give --from SS58, --wallet NAME [--hotkey NAME], or --suri URI"));
    }
    let w = wallet(g)?;
    Ok(match role {
        Role::Coldkey => w.coldkey_public()?.bytes,
        Role::Hotkey => w.hotkey_public(g.hotkey.as_deref().unwrap_or("default"))?.bytes,
    })
}

/// Merge `details` into the transaction document (details first, as the user reads it).
pub(crate) fn merge(details: &Json, doc: Json) -> Json {
    let mut out = details.as_object().cloned().unwrap_or_default();
    if let Json::Object(m) = doc {
        out.extend(m);
    }
    Json::Object(out)
}

/// Send a transaction command.
pub fn run(g: &Global, c: &TxCall, out: &Output) -> Result<(), CliError> {
    let b = build(g, c)?;
    let opts = tx::options(g)?;
    let key = signer(g, b.role)?;
    let rt = super::chain::runtime()?;
    let doc = rt.block_on(async {
        let client = super::connect::connect(g).await?;
        tx::send(&client, &b.call, &key, &opts, out).await
    })?;
    let mut doc = merge(&b.details, doc);
    if let Some(uid) = tx::find_event(&doc, "SubtensorModule.NeuronRegistered").and_then(|f| f.get(1)).cloned() {
        doc["uid"] = uid;
    }
    out.result(&doc, || {
        let head = if doc["block"].is_null() { format!("{} (submitted, not waited for)", b.summary) } else { b.summary.clone() };
        let uid = doc.get("uid").map(|u| format!(" as uid {u}")).unwrap_or_default();
        format!("{}\n{}", out.heading(&format!("{head}{uid}")), tx::text(&doc))
    });
    Ok(())
}

/// `tx fee …`: what the transaction would cost, from TransactionPaymentApi.
pub fn fee(g: &Global, from: Option<&str>, c: &TxCall, out: &Output) -> Result<(), CliError> {
    let b = build(g, c)?;
    let opts = tx::options(g)?;
    let account = payer(g, b.role, from)?;
    let rt = super::chain::runtime()?;
    let f = rt.block_on(async {
        let client = super::connect::connect(g).await?;
        Ok::<_, CliError>(client.estimate_fee(&b.call, &account, &opts).await?)
    })?;
    let tao = |rao: u64| json!(format_tao(rao));
    let doc = merge(
        &b.details,
        json!({
            "call": b.call.path(),
            "account": ss58_of(&account),
            "partial_fee_rao": f.partial_fee, "partial_fee": tao(f.partial_fee),
            "base_fee_rao": f.base_fee, "base_fee": tao(f.base_fee),
            "len_fee_rao": f.len_fee, "len_fee": tao(f.len_fee),
            "adjusted_weight_fee_rao": f.adjusted_weight_fee, "adjusted_weight_fee": tao(f.adjusted_weight_fee),
            "tip_rao": f.tip, "tip": tao(f.tip),
            "weight": { "ref_time": f.weight.0, "proof_size": f.weight.1 },
            "length": f.length,
        }),
    );
    out.result(&doc, || {
        format!(
            "{}\n{}",
            out.heading(&format!("Fee of {}", b.call.path())),
            table(&[
                ("account", ss58_of(&account)),
                ("fee", format!("{} TAO ({} rao)", format_tao(f.partial_fee), f.partial_fee)),
                ("base fee", format!("{} TAO", format_tao(f.base_fee))),
                ("length fee", format!("{} TAO ({} bytes)", format_tao(f.len_fee), f.length)),
                ("weight fee", format!("{} TAO (ref_time {}, proof_size {})", format_tao(f.adjusted_weight_fee), f.weight.0, f.weight.1)),
                ("tip", format!("{} TAO", format_tao(f.tip))),
            ])
        )
    });
    Ok(())
}

/// Metadata from a file: raw SCALE bytes, or `0x`-hex text.
fn metadata_file(path: &Path) -> Result<Metadata, CliError> {
    let raw = std::fs::read(path).map_err(|e| CliError::input("not_found", format!("cannot read {}: {e}", path.display())))?;
    let text = std::str::from_utf8(&raw).ok().map(str::trim);
    let bytes = match text {
        Some(t) if t.starts_with("0x") => taolight::keys::decode_hex(t)
            .map_err(|_| CliError::input("metadata", format!("{}: not valid 0x-hex", path.display())))?,
        _ => raw,
    };
    Metadata::decode(0, bytes).map_err(|e| {
        let e = CliError::from(e);
        CliError { kind: taolight::ErrorKind::BadInput, message: format!("{}: {}", path.display(), e.message), ..e }
    })
}

/// The transaction hash (blake2-256 of the bytes with their compact length prefix, as nodes
/// and explorers show it), whether or not the input had the prefix.
fn extrinsic_hash(bytes: &[u8]) -> Option<String> {
    let prefixed = match Extrinsic::from_bytes(bytes.to_vec()) {
        Ok(e) => e,
        Err(_) => {
            let n = u32::try_from(bytes.len()).ok()?;
            let mut v = match n {
                0..=0x3f => vec![(n as u8) << 2],
                0x40..=0x3fff => ((n as u16) << 2 | 1).to_le_bytes().to_vec(),
                0x4000..=0x3fff_ffff => (n << 2 | 2).to_le_bytes().to_vec(),
                _ => return None,
            };
            v.extend_from_slice(bytes);
            Extrinsic::from_bytes(v).ok()?
        }
    };
    Some(format!("0x{}", hex::encode(prefixed.hash())))
}

/// `tx decode`: call, arguments, signer and extensions of an extrinsic.
pub fn decode(g: &Global, metadata: Option<&Path>, hex: &str, out: &Output) -> Result<(), CliError> {
    let bytes = taolight::keys::decode_hex(hex.trim())
        .map_err(|_| CliError::input("invalid_hex", "the extrinsic must be hex (0x…)"))?;
    let metadata = match metadata {
        Some(p) => std::sync::Arc::new(metadata_file(p)?),
        None => super::chain::runtime()?.block_on(async {
            let client = super::connect::connect(g).await?;
            Ok::<_, CliError>(client.metadata().await?)
        })?,
    };
    let d = decode_extrinsic(&metadata, &bytes).map_err(|e| {
        // Bytes that do not decode are the user's input, not the chain's doing.
        let e = CliError::from(e);
        CliError { kind: taolight::ErrorKind::BadInput, ..e }
    })?;
    let hash = extrinsic_hash(&bytes);
    let args: serde_json::Map<String, Json> = d.call.args.iter().map(|(k, v)| (k.clone(), tx::value_json(v))).collect();
    let args_text: Vec<String> = d.call.args.iter().map(|(k, v)| format!("{k}: {}", tx::json_text(&tx::value_json(v)))).collect();
    let signed = d.signed.as_ref().map(|s| {
        let (scheme, sig) = match s.signature {
            MultiSignature::Sr25519(b) => ("sr25519", b),
            MultiSignature::Ed25519(b) => ("ed25519", b),
        };
        json!({
            "signer": ss58_of(&s.signer),
            "signature_scheme": scheme,
            "signature": format!("0x{}", hex::encode(sig)),
            "extensions": s.extensions.iter().map(|(n, v)| json!({ "name": n, "value": tx::value_json(v), "text": tx::value_text(v) })).collect::<Vec<_>>(),
        })
    });
    let doc = json!({
        "hash": hash,
        "call": d.call.path(),
        "args": args,
        "call_text": format!("{}({})", d.call.path(), args_text.join(", ")),
        "signed": signed,
        "spec_version": (metadata.spec_version() != 0).then_some(metadata.spec_version()),
    });
    out.result(&doc, || {
        let mut rows = vec![("call", doc["call_text"].as_str().unwrap_or("?").to_owned())];
        if let Some(h) = &hash {
            rows.push(("hash", h.clone()));
        }
        match &doc["signed"] {
            Json::Null => rows.push(("signed", "no (unsigned)".into())),
            s => {
                rows.push(("signer", s["signer"].as_str().unwrap_or("?").to_owned()));
                rows.push(("signature", format!("{} {}", s["signature_scheme"].as_str().unwrap_or("?"), s["signature"].as_str().unwrap_or("?"))));
            }
        }
        let mut text = format!("{}\n{}", out.heading("Extrinsic"), table(&rows));
        if let Some(exts) = doc["signed"]["extensions"].as_array() {
            text.push_str("\nextensions:");
            for e in exts {
                let v = e["text"].as_str().unwrap_or("");
                text.push_str(&format!("\n  {}{}", e["name"].as_str().unwrap_or("?"), if v.is_empty() || v == "-" { String::new() } else { format!(": {v}") }));
            }
        }
        text
    });
    Ok(())
}
