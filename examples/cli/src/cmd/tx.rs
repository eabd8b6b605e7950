//! The transaction engine the sending commands and the demo share: sign, submit, show progress
//! on stderr while waiting (never in `--json` mode), and describe the outcome — hash, block, fee
//! paid, events — as one JSON document and as text.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use scale_value::{Composite, Primitive, ValueDef};
use serde_json::{json, Map, Value as Json};
use taolight::chain::{BlockHash, Client, Network};
use taolight::keys::ss58;
use taolight::tx::{Call, Event, Signer, TxError, TxOptions, TxProgress, TxStatus, WaitFor};
use taolight::types::{format_tao, parse_amount};

use crate::args::{self, Global};
use crate::output::{table, CliError, Output};

/// How long to wait for each state change of a watched transaction (a finalized block on a
/// real network takes tens of seconds).
const WATCH_TIMEOUT: Duration = Duration::from_secs(180);

/// The transaction options from the global flags.
pub(crate) fn options(g: &Global) -> Result<TxOptions, CliError> {
    Ok(TxOptions {
        tip: g.tip.as_deref().map(parse_amount).transpose()?.unwrap_or(0),
        mortality: (g.mortality != 0).then_some(g.mortality),
        nonce: g.nonce,
        metadata_hash: false,
        wait_for: match g.wait_for {
            args::WaitFor::None => WaitFor::None,
            args::WaitFor::Inblock => WaitFor::InBlock,
            args::WaitFor::Finalized => WaitFor::Finalized,
        },
    })
}

/// Connect to a node by URL, trusting it (the demo's own devnet).
pub(crate) async fn connect(network: &str) -> Result<Client, CliError> {
    Ok(Client::connect(network.parse::<Network>()?).await?)
}

pub(crate) fn ss58_of(account: &[u8; 32]) -> String {
    ss58::encode(account, ss58::BITTENSOR_PREFIX)
}

fn hex0(bytes: &[u8]) -> String {
    format!("0x{}", hex::encode(bytes))
}

fn wait_name(w: WaitFor) -> &'static str {
    match w {
        WaitFor::None => "none",
        WaitFor::InBlock => "inblock",
        WaitFor::Finalized => "finalized",
    }
}

/// Sign `call`, submit it and wait as `opts.wait_for` says. Returns the transaction document:
/// call, signer, hash, nonce, extrinsic, block, index, finalized, fee paid, events. A pool
/// rejection or a failed dispatch is an error of kind Chain (exit 4).
pub(crate) async fn send(
    client: &Client,
    call: &Call,
    signer: &dyn Signer,
    opts: &TxOptions,
    out: &Output,
) -> Result<Json, CliError> {
    let progress = Progress::start(out, &call.path());
    let who = ss58_of(&signer.account_id());
    progress.set(&format!("signing as {who}"));
    let (ext, nonce) = client.create_signed(call, signer, opts).await?;
    let hash = hex0(&ext.hash());
    let mut doc = json!({
        "call": call.path(),
        "signer": who,
        "hash": hash,
        "nonce": nonce,
        "tip_rao": opts.tip,
        "tip": format_tao(opts.tip),
        "wait_for": wait_name(opts.wait_for),
        "extrinsic": ext.to_hex(),
        "block": null,
        "index": null,
        "finalized": false,
        "fee_paid_rao": null,
        "fee_paid": null,
        "events": [],
    });
    if opts.wait_for == WaitFor::None {
        progress.set("submitting");
        client.submit(&ext).await?;
        progress.finish();
        return Ok(doc);
    }
    progress.set("submitting");
    let watcher = client.with_timeout(WATCH_TIMEOUT);
    let mut watch = watcher.submit_and_watch(&ext).await?;
    loop {
        let status = match watch.next().await {
            None => return Err(TxError::Dropped("the node ended the watch".into()).into()),
            Some(s) => s?,
        };
        match status {
            TxStatus::Future => progress.set("in the pool, waiting for an earlier nonce"),
            TxStatus::Ready => progress.set("in the pool, waiting for a block"),
            TxStatus::Broadcast(n) => {
                progress.set(&format!("broadcast to {n} peer{}, waiting for a block", if n == 1 { "" } else { "s" }))
            }
            TxStatus::InBlock(b) => {
                if opts.wait_for == WaitFor::InBlock {
                    fill(client, &watch, b, false, &mut doc).await?;
                    break;
                }
                progress.set(&format!("in block {b}, waiting for finality"));
            }
            TxStatus::Retracted(_) => progress.set("its block left the best chain, waiting for another"),
            TxStatus::Finalized(b) => {
                fill(client, &watch, b, true, &mut doc).await?;
                break;
            }
            TxStatus::FinalityTimeout(b) => {
                return Err(CliError {
                    kind: taolight::ErrorKind::Network,
                    code: "tx.finality_timeout".into(),
                    message: format!("transaction {hash} in block {b} was not finalized in time (it may still be)"),
                })
            }
            TxStatus::Usurped(by) => {
                return Err(TxError::Dropped(format!("replaced by {} with the same nonce", hex0(&by))).into())
            }
            TxStatus::Dropped => return Err(TxError::Dropped("dropped from the pool".into()).into()),
            TxStatus::Invalid => return Err(TxError::Invalid { reason: "became invalid in the pool".into() }.into()),
        }
    }
    progress.finish();
    Ok(doc)
}

/// The block, index, events and fee of the transaction in `block` (the core's outcome, as
/// JSON); its failed dispatch as an error naming the transaction and the block.
async fn fill(client: &Client, watch: &TxProgress, block: BlockHash, finalized: bool, doc: &mut Json) -> Result<(), CliError> {
    let outcome = match watch.outcome_at(block, finalized).await {
        Ok(o) => o,
        Err(e @ (TxError::Dispatch { .. } | TxError::DispatchOther(_))) => {
            let number = client.header(block).await.map(|h| h.number.to_string()).unwrap_or_else(|_| "?".into());
            let mut c = CliError::from(e);
            c.message = format!("{} (transaction {} in block #{number})", c.message, doc["hash"].as_str().unwrap_or("?"));
            return Err(c);
        }
        Err(e) => return Err(e.into()),
    };
    doc["block"] = json!({ "number": outcome.block_number, "hash": block.to_hex() });
    doc["index"] = json!(outcome.index);
    doc["finalized"] = json!(finalized);
    if let Some(paid) = outcome.event("TransactionPayment", "TransactionFeePaid") {
        let fee = uint_field(paid, "actual_fee").unwrap_or(0);
        doc["fee_paid_rao"] = json!(fee);
        doc["fee_paid"] = json!(format_tao(fee));
    }
    doc["events"] = Json::Array(outcome.events.iter().map(event_json).collect());
    Ok(())
}

fn uint_field(e: &Event, name: &str) -> Option<u64> {
    use taolight::tx::ValueExt;
    e.field(name).and_then(|v| v.as_uint()).and_then(|n| u64::try_from(n).ok())
}

/// An event as JSON: `{"event": "Pallet.Name", "fields": {...}, "text": "k: v, …"}` with
/// accounts as SS58 (the text keeps the runtime's field order).
pub(crate) fn event_json(e: &Event) -> Json {
    json!({ "event": e.path(), "fields": value_json(&e.fields), "text": value_text(&e.fields) })
}

/// Fields for people, in the runtime's order: `k: v, k: v` (or `v, v` when unnamed).
pub(crate) fn value_text<T>(v: &scale_value::Value<T>) -> String {
    let one = |v: &scale_value::Value<T>| json_text(&value_json(v));
    match &v.value {
        ValueDef::Composite(Composite::Named(fields)) => {
            fields.iter().map(|(k, v)| format!("{k}: {}", one(v))).collect::<Vec<_>>().join(", ")
        }
        ValueDef::Composite(c @ Composite::Unnamed(values)) if values.len() > 1 => match composite_json(c) {
            Json::String(account) => account,
            _ => values.iter().map(one).collect::<Vec<_>>().join(", "),
        },
        _ => one(v),
    }
}

/// The fields of the first event `Pallet.Name` of a transaction document.
pub(crate) fn find_event<'a>(doc: &'a Json, path: &str) -> Option<&'a Json> {
    doc["events"].as_array()?.iter().find(|e| e["event"] == path).map(|e| &e["fields"])
}

/// A decoded value as JSON: named composites as objects, newtypes unwrapped, 32-byte arrays
/// (account ids) as SS58 addresses, integers above u64 as strings, variants as their name or
/// `{"Name": fields}`.
pub(crate) fn value_json<T>(v: &scale_value::Value<T>) -> Json {
    match &v.value {
        ValueDef::Composite(c) => composite_json(c),
        ValueDef::Variant(var) if var.values.is_empty() => Json::String(var.name.clone()),
        ValueDef::Variant(var) => {
            let mut m = Map::new();
            m.insert(var.name.clone(), composite_json(&var.values));
            Json::Object(m)
        }
        ValueDef::Primitive(p) => primitive_json(p),
        ValueDef::BitSequence(b) => Json::String(b.iter().map(|bit| if bit { '1' } else { '0' }).collect()),
    }
}

fn composite_json<T>(c: &Composite<T>) -> Json {
    match c {
        Composite::Named(fields) => {
            Json::Object(fields.iter().map(|(k, v)| (k.clone(), value_json(v))).collect())
        }
        Composite::Unnamed(values) if values.is_empty() => Json::Null,
        Composite::Unnamed(values) if values.len() == 1 => value_json(&values[0]),
        Composite::Unnamed(values) => {
            if values.len() == 32 {
                let bytes: Option<Vec<u8>> = values
                    .iter()
                    .map(|v| match &v.value {
                        ValueDef::Primitive(Primitive::U128(b)) => u8::try_from(*b).ok(),
                        _ => None,
                    })
                    .collect();
                if let Some(b) = bytes.and_then(|b| <[u8; 32]>::try_from(b).ok()) {
                    return Json::String(ss58_of(&b));
                }
            }
            Json::Array(values.iter().map(value_json).collect())
        }
    }
}

fn primitive_json(p: &Primitive) -> Json {
    match p {
        Primitive::Bool(b) => json!(b),
        Primitive::Char(c) => json!(c.to_string()),
        Primitive::String(s) => json!(s),
        Primitive::U128(n) => u64::try_from(*n).map(|n| json!(n)).unwrap_or_else(|_| json!(n.to_string())),
        Primitive::I128(n) => i64::try_from(*n).map(|n| json!(n)).unwrap_or_else(|_| json!(n.to_string())),
        Primitive::U256(b) | Primitive::I256(b) => json!(hex0(b)),
    }
}

/// JSON for people: `k: v, k: v`, strings unquoted.
pub(crate) fn json_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Null => "-".into(),
        Json::Object(m) => format!("{{{}}}", fields_text(m)),
        Json::Array(a) => format!("[{}]", a.iter().map(json_text).collect::<Vec<_>>().join(", ")),
        other => other.to_string(),
    }
}

fn fields_text(m: &Map<String, Json>) -> String {
    m.iter().map(|(k, v)| format!("{k}: {}", json_text(v))).collect::<Vec<_>>().join(", ")
}

/// One event line: `Pallet.Name k: v, …`.
pub(crate) fn event_text(e: &Json) -> String {
    let name = e["event"].as_str().unwrap_or("?");
    match e["text"].as_str() {
        Some("") | Some("-") | None => name.to_owned(),
        Some(t) => format!("{name} {t}"),
    }
}

/// A transaction document as aligned lines.
pub(crate) fn text(v: &Json) -> String {
    let block = match &v["block"] {
        Json::Null => "not waited for (submitted to the pool)".to_owned(),
        b => format!(
            "#{} ({}){}",
            b["number"],
            b["hash"].as_str().unwrap_or("?"),
            if v["finalized"] == true { ", finalized" } else { "" }
        ),
    };
    let mut rows = vec![
        ("call", v["call"].as_str().unwrap_or("?").to_owned()),
        ("signer", v["signer"].as_str().unwrap_or("?").to_owned()),
        ("hash", v["hash"].as_str().unwrap_or("?").to_owned()),
        ("nonce", v["nonce"].to_string()),
        ("block", block),
    ];
    if let Some(fee) = v["fee_paid"].as_str() {
        rows.push(("fee paid", format!("{fee} TAO ({} rao)", v["fee_paid_rao"])));
    }
    if v["tip_rao"].as_u64().unwrap_or(0) > 0 {
        rows.push(("tip", format!("{} TAO", v["tip"].as_str().unwrap_or("?"))));
    }
    let events: Vec<String> = v["events"].as_array().map(|a| a.iter().map(event_text).collect()).unwrap_or_default();
    let mut s = table(&rows);
    if !events.is_empty() {
        s.push_str("\nevents:");
        for e in events {
            s.push_str("\n  ");
            s.push_str(&e);
        }
    }
    s
}

/// A spinner on stderr while waiting (a terminal), or one line per state change (not a
/// terminal); nothing in `--json` mode.
pub(crate) struct Progress {
    enabled: bool,
    label: String,
    message: Arc<Mutex<String>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Progress {
    pub(crate) fn start(out: &Output, label: &str) -> Progress {
        let enabled = !out.is_json();
        let message = Arc::new(Mutex::new(String::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = (enabled && std::io::stderr().is_terminal()).then(|| {
            let (message, stop, label) = (message.clone(), stop.clone(), label.to_owned());
            std::thread::spawn(move || {
                const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
                let started = Instant::now();
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    let m = message.lock().map(|m| m.clone()).unwrap_or_default();
                    eprint!("\r\x1b[2K{} {label}: {m} ({:.1}s)", FRAMES[i % FRAMES.len()], started.elapsed().as_secs_f64());
                    let _ = std::io::stderr().flush();
                    i += 1;
                    std::thread::sleep(Duration::from_millis(100));
                }
                eprint!("\r\x1b[2K");
                let _ = std::io::stderr().flush();
            })
        });
        Progress { enabled, label: label.to_owned(), message, stop, thread }
    }

    pub(crate) fn set(&self, m: &str) {
        if !self.enabled {
            return;
        }
        if self.thread.is_some() {
            if let Ok(mut g) = self.message.lock() {
                *g = m.to_owned();
            }
        } else {
            eprintln!("  {}: {m}", self.label);
        }
    }

    pub(crate) fn finish(mut self) {
        self.stop_thread();
    }

    fn stop_thread(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop_thread();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use taolight::tx::Value;

    #[test]
    fn values_become_readable_json() {
        let account = [7u8; 32];
        let v = Value::named_composite([
            ("who", Value::unnamed_composite([Value::from_bytes(account)])),
            ("netuid", Value::unnamed_composite([Value::u128(1)])),
            ("amount", Value::u128(u128::from(u64::MAX) + 1)),
            ("kind", Value::unnamed_variant("Normal", [])),
        ]);
        let j = value_json(&v);
        assert_eq!(j["who"], ss58_of(&account));
        assert_eq!(j["netuid"], 1);
        assert_eq!(j["amount"], "18446744073709551616");
        assert_eq!(j["kind"], "Normal");
        let e = json!({ "event": "A.B", "fields": j, "text": value_text(&v) });
        assert_eq!(event_text(&e), format!("A.B who: {}, netuid: 1, amount: 18446744073709551616, kind: Normal", ss58_of(&account)));
        let unnamed = Value::unnamed_composite([Value::u128(1), Value::u128(5), Value::from_bytes(account)]);
        assert_eq!(value_text(&unnamed), format!("1, 5, {}", ss58_of(&account)));
        assert_eq!(value_json(&unnamed), json!([1, 5, ss58_of(&account)]));
    }
}
