//! The status queries: `stake list`, `status`, `subnets`, `metagraph`, `delegates` — each one
//! JSON document (also used by the demo) and a table for people, rendered from that document.
//!
//! Amounts are integers with a `_rao` suffix (TAO in rao; alpha in its 9-decimal units, which
//! the bittensor SDK also counts in "rao") beside exact decimal strings. Scores the runtime
//! keeps as u16 fractions of 65535 appear raw as `*_u16` and as a 4-decimal string computed
//! with integer arithmetic. Nothing passes through floating point.

use serde_json::{json, Map, Value as Json};
use taolight::chain::Client;
use taolight::query::{self, Delegate, Metagraph, Neuron, NeuronStatus, Price, Role, ServedEndpoint, StakeList, Subnet};
use taolight::types::format_tao;

use super::send::{address, hotkey_account};
use super::tx::ss58_of;
use super::wallet;
use crate::args::{Global, StatusArgs};
use crate::output::{columns, table, Align, CliError, Output};


// ---------------------------------------------------------------------------------------------
// formatting

/// A u16 fraction of 65535 as a decimal with 4 places, rounded to nearest: 65535 → `1.0000`,
/// 32768 → `0.5000`.
pub(crate) fn fraction(v: u16) -> String {
    let scaled = (u32::from(v) * 10_000 + 32_767) / 65_535;
    format!("{}.{:04}", scaled / 10_000, scaled % 10_000)
}

/// A u16 fraction of 65535 as a percentage with 2 places: 11796 → `18.00%`.
fn percent(v: u16) -> String {
    let scaled = (u32::from(v) * 10_000 + 32_767) / 65_535;
    format!("{}.{:02}%", scaled / 100, scaled % 100)
}

/// `5Grwva…utQY`: an SS58 address short enough for a table column.
pub(crate) fn short(ss58: &str) -> String {
    let chars: Vec<char> = ss58.chars().collect();
    if chars.len() <= 12 {
        return ss58.to_owned();
    }
    format!("{}…{}", chars[..6].iter().collect::<String>(), chars[chars.len() - 4..].iter().collect::<String>())
}

fn role_name(r: Role) -> &'static str {
    match r {
        Role::Validator => "validator",
        Role::Miner => "miner",
    }
}

/// Insert `<name>_rao` (integer) and `<name>` (exact decimal string).
fn amount(m: &mut Map<String, Json>, name: &str, units: u64) {
    m.insert(format!("{name}_rao"), json!(units));
    m.insert(name.to_owned(), json!(format_tao(units)));
}

/// Insert `<name>_u16` (raw) and `<name>` (4-decimal fraction).
fn score(m: &mut Map<String, Json>, name: &str, v: u16) {
    m.insert(format!("{name}_u16"), json!(v));
    m.insert(name.to_owned(), json!(fraction(v)));
}

/// A price: TAO per alpha as exact decimal text (rounded down at 9 decimals), rao per whole
/// alpha, and the exact ratio.
fn price(m: &mut Map<String, Json>, p: &Price) {
    m.insert("price".into(), json!(p.to_tao_string()));
    m.insert("price_rao_per_alpha".into(), json!(p.rao_per_alpha()));
    m.insert("price_ratio".into(), json!({ "tao_rao": p.tao, "alpha_rao": p.alpha }));
}

fn endpoint(e: &Option<ServedEndpoint>) -> Json {
    match e {
        None => Json::Null,
        Some(e) => {
            let at = if e.ip_type == 6 { format!("[{}]:{}", e.ip, e.port) } else { format!("{}:{}", e.ip, e.port) };
            json!({
                "endpoint": at, "ip": e.ip, "port": e.port, "ip_type": e.ip_type,
                "version": e.version, "protocol": e.protocol, "block": e.block,
            })
        }
    }
}

fn s<'a>(v: &'a Json, k: &str) -> &'a str {
    v[k].as_str().unwrap_or("?")
}

fn endpoint_text(v: &Json) -> String {
    v["endpoint"].as_str().map_or_else(|| "-".to_owned(), str::to_owned)
}

fn yes_no(v: &Json) -> &'static str {
    if v.as_bool() == Some(true) {
        "yes"
    } else {
        "no"
    }
}

// ---------------------------------------------------------------------------------------------
// documents

/// A stake list as its JSON document.
pub(crate) fn stake_list_json(coldkey: &[u8; 32], list: &StakeList) -> Json {
    let positions: Vec<Json> = list
        .positions
        .iter()
        .map(|p| {
            let mut m = Map::new();
            m.insert("hotkey".into(), json!(ss58_of(&p.hotkey)));
            m.insert("coldkey".into(), json!(ss58_of(&p.coldkey)));
            m.insert("netuid".into(), json!(p.netuid));
            amount(&mut m, "alpha", p.alpha);
            price(&mut m, &p.price);
            amount(&mut m, "tao_value", p.tao_value);
            m.insert("registered".into(), json!(p.registered));
            amount(&mut m, "emission", p.emission);
            Json::Object(m)
        })
        .collect();
    let by_subnet: Vec<Json> = list
        .alpha_by_subnet
        .iter()
        .map(|(n, a)| json!({ "netuid": n, "alpha_rao": a, "alpha": format_tao(*a) }))
        .collect();
    json!({
        "coldkey": ss58_of(coldkey),
        "block": list.block,
        "positions": positions,
        "total_tao_value_rao": list.total_tao_value,
        "total_tao_value": format_tao(list.total_tao_value),
        "alpha_by_subnet": by_subnet,
    })
}

/// One neuron (the lite form) as a JSON object.
fn neuron_map(n: &Neuron) -> Map<String, Json> {
    let mut m = Map::new();
    m.insert("netuid".into(), json!(n.netuid));
    m.insert("uid".into(), json!(n.uid));
    m.insert("hotkey".into(), json!(ss58_of(&n.hotkey)));
    m.insert("coldkey".into(), json!(ss58_of(&n.coldkey)));
    m.insert("role".into(), json!(role_name(n.role())));
    m.insert("active".into(), json!(n.active));
    score(&mut m, "rank", n.rank);
    score(&mut m, "trust", n.trust);
    score(&mut m, "consensus", n.consensus);
    score(&mut m, "incentive", n.incentive);
    score(&mut m, "dividends", n.dividends);
    score(&mut m, "validator_trust", n.validator_trust);
    score(&mut m, "pruning_score", n.pruning_score);
    amount(&mut m, "emission", n.emission);
    m.insert("validator_permit".into(), json!(n.validator_permit));
    m.insert("last_update".into(), json!(n.last_update));
    m.insert("axon".into(), endpoint(&n.axon));
    m.insert("prometheus".into(), endpoint(&n.prometheus));
    m
}

/// One subnet status of a hotkey.
fn status_entry(st: &NeuronStatus) -> Json {
    let Some(r) = &st.registered else {
        return json!({ "netuid": st.netuid, "block": st.block, "registered": false });
    };
    let mut m = Map::new();
    m.insert("netuid".into(), json!(st.netuid));
    m.insert("block".into(), json!(st.block));
    m.insert("registered".into(), json!(true));
    m.extend(neuron_map(&r.neuron));
    m.insert("role".into(), json!(role_name(r.role)));
    amount(&mut m, "stake", r.stake_alpha);
    price(&mut m, &r.price);
    amount(&mut m, "stake_tao_value", r.stake_tao_value);
    m.insert("blocks_since_update".into(), json!(r.blocks_since_update));
    m.insert("registered_at".into(), json!(r.registered_at));
    m.insert("immunity_period".into(), json!(r.immunity_period));
    m.insert("immunity_remaining".into(), json!(r.immunity_remaining));
    m.insert("immune".into(), json!(r.immunity_remaining > 0));
    Json::Object(m)
}

/// A hotkey's status as its JSON document: one entry per subnet asked (`--netuid`) or per
/// subnet it is registered on.
pub(crate) fn status_json(hotkey: &[u8; 32], netuid: Option<u16>, statuses: &[NeuronStatus]) -> Json {
    json!({
        "hotkey": ss58_of(hotkey),
        "netuid": netuid,
        "block": statuses.iter().map(|s| s.block).max(),
        "registered_anywhere": statuses.iter().any(|s| s.registered.is_some()),
        "statuses": statuses.iter().map(status_entry).collect::<Vec<_>>(),
    })
}

fn subnet_json(sn: &Subnet) -> Json {
    let mut pool = Map::new();
    amount(&mut pool, "tao_in", sn.pool.tao_in);
    amount(&mut pool, "alpha_in", sn.pool.alpha_in);
    amount(&mut pool, "alpha_out", sn.pool.alpha_out);
    price(&mut pool, &sn.pool.price);
    amount(&mut pool, "total_locked", sn.pool.total_locked);
    amount(&mut pool, "owner_locked", sn.pool.owner_locked);
    let mut m = Map::new();
    m.insert("netuid".into(), json!(sn.netuid));
    m.insert("name".into(), json!(sn.name));
    m.insert("symbol".into(), json!(sn.symbol));
    m.insert(
        "identity".into(),
        sn.identity.as_ref().map_or(Json::Null, |i| json!({ "name": i.name, "github_repo": i.github_repo, "contact": i.contact })),
    );
    m.insert("owner_coldkey".into(), json!(ss58_of(&sn.owner_coldkey)));
    m.insert("owner_hotkey".into(), json!(ss58_of(&sn.owner_hotkey)));
    m.insert("mechanism".into(), json!(sn.mechanism));
    m.insert("tempo".into(), json!(sn.tempo));
    m.insert("blocks_since_last_step".into(), json!(sn.blocks_since_last_step));
    amount(&mut m, "emission", sn.emission);
    amount(&mut m, "burn", sn.burn);
    m.insert("neurons".into(), json!(sn.neurons));
    m.insert("max_neurons".into(), json!(sn.max_neurons));
    m.insert("max_validators".into(), json!(sn.max_validators));
    m.insert("immunity_period".into(), json!(sn.immunity_period));
    m.insert("pool".into(), Json::Object(pool));
    Json::Object(m)
}

/// The metagraph document; `stakes[i]` is the alpha on neuron i's hotkey (None: it left the
/// subnet between the reads).
fn metagraph_json(mg: &Metagraph, stakes: &[Option<u64>]) -> Json {
    let neurons: Vec<Json> = mg
        .neurons
        .iter()
        .zip(stakes)
        .map(|(n, st)| {
            let mut m = neuron_map(n);
            m.insert("stake_rao".into(), json!(st));
            m.insert("stake".into(), json!(st.map(format_tao)));
            Json::Object(m)
        })
        .collect();
    json!({ "netuid": mg.netuid, "block": mg.block, "count": mg.neurons.len(), "neurons": neurons })
}

fn delegate_json(d: &Delegate) -> Json {
    let mut m = Map::new();
    m.insert("hotkey".into(), json!(ss58_of(&d.hotkey)));
    m.insert("owner".into(), json!(ss58_of(&d.owner)));
    score(&mut m, "take", d.take);
    m.insert("take_percent".into(), json!(percent(d.take)));
    m.insert("registrations".into(), json!(d.registrations));
    m.insert("validator_permits".into(), json!(d.validator_permits));
    let mut coldkeys: Vec<[u8; 32]> = d.nominators.iter().map(|p| p.coldkey).collect();
    coldkeys.sort_unstable();
    coldkeys.dedup();
    m.insert("nominator_count".into(), json!(coldkeys.len()));
    let nominators: Vec<Json> = d
        .nominators
        .iter()
        .map(|p| {
            let mut n = Map::new();
            n.insert("coldkey".into(), json!(ss58_of(&p.coldkey)));
            n.insert("netuid".into(), json!(p.netuid));
            amount(&mut n, "alpha", p.alpha);
            amount(&mut n, "tao_value", p.tao_value);
            Json::Object(n)
        })
        .collect();
    m.insert("nominators".into(), json!(nominators));
    let totals: Vec<Json> =
        d.total_stake.iter().map(|(n, a)| json!({ "netuid": n, "alpha_rao": a, "alpha": format_tao(*a) })).collect();
    m.insert("total_stake".into(), json!(totals));
    amount(&mut m, "total_tao_value", d.total_tao_value);
    amount(&mut m, "return_per_1000", d.return_per_1000);
    amount(&mut m, "total_daily_return", d.total_daily_return);
    Json::Object(m)
}

// ---------------------------------------------------------------------------------------------
// reads (shared with the demo)

/// `stake list` of `coldkey`.
pub(crate) async fn stake_list(client: &Client, coldkey: &[u8; 32]) -> Result<Json, CliError> {
    let list = query::stake(client, coldkey).await?;
    Ok(stake_list_json(coldkey, &list))
}

/// `status` of `hotkey`.
pub(crate) async fn status(client: &Client, hotkey: &[u8; 32], netuid: Option<u16>) -> Result<Json, CliError> {
    let statuses = query::neuron_status(client, hotkey, netuid).await?;
    Ok(status_json(hotkey, netuid, &statuses))
}

/// The metagraph with each hotkey's stake on the subnet (read by the core at the same block).
async fn metagraph_doc(client: &Client, netuid: u16) -> Result<Json, CliError> {
    let mg = query::metagraph(client, netuid).await?;
    let stakes: Vec<Option<u64>> = mg.stake_alpha.iter().copied().map(Some).collect();
    Ok(metagraph_json(&mg, &stakes))
}

// ---------------------------------------------------------------------------------------------
// commands

/// Runs a query on `--network` and prints its document (or its table).
fn run_query<F, Fut>(g: &Global, out: &Output, text: fn(&Json, &Output) -> String, f: F) -> Result<(), CliError>
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = Result<Json, CliError>>,
{
    let doc = super::chain::runtime()?.block_on(async {
        let client = super::connect::connect(g).await?;
        f(client).await
    })?;
    out.result(&doc, || text(&doc, out));
    Ok(())
}

/// `taolight stake list [coldkey]`.
pub fn stake_list_cmd(g: &Global, coldkey: Option<&str>, out: &Output) -> Result<(), CliError> {
    let cold = match coldkey {
        Some(a) => address(a, "coldkey")?,
        None if g.wallet.is_some() => wallet(g)?.coldkey_public()?.bytes,
        None => return Err(CliError::input("no_account", "give the coldkey's SS58 address, or --wallet NAME")),
    };
    run_query(g, out, stake_list_text, |c| async move { stake_list(&c, &cold).await })
}

/// `taolight status [hotkey] [--netuid N]`.
pub fn status_cmd(g: &Global, a: &StatusArgs, out: &Output) -> Result<(), CliError> {
    let hot = match &a.hotkey_ss58 {
        Some(h) => address(h, "hotkey")?,
        None => hotkey_account(g, g.hotkey.as_deref(), "a hotkey (argument or --hotkey)")?,
    };
    run_query(g, out, status_text, |c| async move { status(&c, &hot, a.netuid).await })
}

/// `taolight subnets [--netuid N]`.
pub fn subnets_cmd(g: &Global, netuid: Option<u16>, out: &Output) -> Result<(), CliError> {
    run_query(g, out, subnets_text, |c| async move {
        let all = match netuid {
            None => query::subnets(&c).await?,
            Some(n) => vec![query::subnet(&c, n)
                .await?
                .ok_or_else(|| CliError::input("not_found", format!("subnet {n} does not exist")))?],
        };
        Ok(json!({ "subnets": all.iter().map(subnet_json).collect::<Vec<_>>() }))
    })
}

/// `taolight metagraph <netuid>`.
pub fn metagraph_cmd(g: &Global, netuid: u16, out: &Output) -> Result<(), CliError> {
    run_query(g, out, metagraph_text, |c| async move { metagraph_doc(&c, netuid).await })
}

/// `taolight delegates [--hotkey H]`.
pub fn delegates_cmd(g: &Global, out: &Output) -> Result<(), CliError> {
    let one = g.hotkey.as_deref().map(|h| hotkey_account(g, Some(h), "--hotkey")).transpose()?;
    run_query(g, out, delegates_text, |c| async move {
        let all = match one {
            None => query::delegates(&c).await?,
            Some(h) => vec![query::delegate(&c, &h)
                .await?
                .ok_or_else(|| CliError::input("not_found", format!("{} is not a delegate", ss58_of(&h))))?],
        };
        Ok(json!({ "delegates": all.iter().map(delegate_json).collect::<Vec<_>>() }))
    })
}

// ---------------------------------------------------------------------------------------------
// text

pub(crate) fn stake_list_text(v: &Json, out: &Output) -> String {
    let head = out.heading(&format!("Stake of {} at block #{}", s(v, "coldkey"), v["block"]));
    let positions = v["positions"].as_array().map(Vec::as_slice).unwrap_or_default();
    if positions.is_empty() {
        return format!("{head}\nno stake");
    }
    let rows: Vec<Vec<String>> = positions
        .iter()
        .map(|p| {
            vec![
                p["netuid"].to_string(),
                s(p, "hotkey").to_owned(),
                s(p, "alpha").to_owned(),
                s(p, "price").to_owned(),
                s(p, "tao_value").to_owned(),
                yes_no(&p["registered"]).to_owned(),
            ]
        })
        .collect();
    let table = columns(
        &[
            ("subnet", Align::Right),
            ("hotkey", Align::Left),
            ("alpha", Align::Right),
            ("price (τ/α)", Align::Right),
            ("value (τ)", Align::Right),
            ("registered", Align::Left),
        ],
        &rows,
    );
    let per_subnet: Vec<String> = v["alpha_by_subnet"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| format!("subnet {}: {} α", a["netuid"], s(a, "alpha")))
        .collect();
    format!(
        "{head}\n{table}\n\ntotal value: {} TAO\nalpha per subnet: {}",
        s(v, "total_tao_value"),
        per_subnet.join(", ")
    )
}

pub(crate) fn status_text(v: &Json, out: &Output) -> String {
    let block = if v["block"].is_null() { String::new() } else { format!(" at block #{}", v["block"]) };
    let head = out.heading(&format!("Status of hotkey {}{block}", s(v, "hotkey")));
    let entries = v["statuses"].as_array().map(Vec::as_slice).unwrap_or_default();
    if entries.is_empty() {
        return format!("{head}\nnot registered on any subnet");
    }
    let blocks: Vec<String> = entries
        .iter()
        .map(|e| {
            if e["registered"].as_bool() != Some(true) {
                return format!("subnet {}: not registered", e["netuid"]);
            }
            let immunity = match e["immunity_remaining"].as_u64() {
                Some(0) => "immunity expired".to_owned(),
                Some(n) => format!("immunity {n} blocks left"),
                None => "immunity ?".to_owned(),
            };
            let permit = if e["validator_permit"].as_bool() == Some(true) {
                format!("yes (validator trust {})", s(e, "validator_trust"))
            } else {
                "no".to_owned()
            };
            let active = if e["active"].as_bool() == Some(true) { "" } else { ", inactive" };
            format!(
                "{}\n{}",
                out.heading(&format!("subnet {}: uid {}, {}{active}", e["netuid"], e["uid"], s(e, "role"))),
                table(&[
                    ("stake", format!("{} α = {} τ (at {} τ/α)", s(e, "stake"), s(e, "stake_tao_value"), s(e, "price"))),
                    ("incentive", s(e, "incentive").to_owned()),
                    ("dividends", s(e, "dividends").to_owned()),
                    ("rank / trust / consensus", format!("{} / {} / {}", s(e, "rank"), s(e, "trust"), s(e, "consensus"))),
                    ("emission", format!("{} α per epoch", s(e, "emission"))),
                    ("validator permit", permit),
                    ("last update", format!("block #{} ({} blocks ago)", e["last_update"], e["blocks_since_update"])),
                    ("axon", endpoint_text(&e["axon"])),
                    ("prometheus", endpoint_text(&e["prometheus"])),
                    ("registered", format!("block #{}, {immunity}", e["registered_at"])),
                    ("pruning score", s(e, "pruning_score").to_owned()),
                ])
            )
        })
        .collect();
    format!("{head}\n\n{}", blocks.join("\n\n"))
}

pub(crate) fn subnets_text(v: &Json, out: &Output) -> String {
    let rows: Vec<Vec<String>> = v["subnets"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|n| {
            let p = &n["pool"];
            vec![
                n["netuid"].to_string(),
                n["name"].as_str().unwrap_or("-").to_owned(),
                n["symbol"].as_str().unwrap_or("-").to_owned(),
                n["tempo"].to_string(),
                format!("{}/{}", n["neurons"], n["max_neurons"]),
                s(n, "burn").to_owned(),
                s(p, "price").to_owned(),
                s(p, "tao_in").to_owned(),
                s(p, "alpha_in").to_owned(),
                s(n, "emission").to_owned(),
                short(s(n, "owner_coldkey")),
            ]
        })
        .collect();
    format!(
        "{}\n{}",
        out.heading("Subnets"),
        columns(
            &[
                ("netuid", Align::Right),
                ("name", Align::Left),
                ("symbol", Align::Left),
                ("tempo", Align::Right),
                ("neurons", Align::Right),
                ("burn (τ)", Align::Right),
                ("price (τ/α)", Align::Right),
                ("pool τ", Align::Right),
                ("pool α", Align::Right),
                ("emission (τ/block)", Align::Right),
                ("owner", Align::Left),
            ],
            &rows,
        )
    )
}

pub(crate) fn metagraph_text(v: &Json, out: &Output) -> String {
    let head = out.heading(&format!("Metagraph of subnet {} at block #{}: {} neurons", v["netuid"], v["block"], v["count"]));
    let rows: Vec<Vec<String>> = v["neurons"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|n| {
            vec![
                n["uid"].to_string(),
                short(s(n, "hotkey")),
                n["stake"].as_str().unwrap_or("-").to_owned(),
                s(n, "rank").to_owned(),
                s(n, "trust").to_owned(),
                s(n, "consensus").to_owned(),
                s(n, "incentive").to_owned(),
                s(n, "dividends").to_owned(),
                s(n, "emission").to_owned(),
                yes_no(&n["validator_permit"]).to_owned(),
                yes_no(&n["active"]).to_owned(),
                endpoint_text(&n["axon"]),
            ]
        })
        .collect();
    if rows.is_empty() {
        return format!("{head}\nno neurons (does the subnet exist?)");
    }
    format!(
        "{head}\n{}",
        columns(
            &[
                ("uid", Align::Right),
                ("hotkey", Align::Left),
                ("stake (α)", Align::Right),
                ("rank", Align::Right),
                ("trust", Align::Right),
                ("consensus", Align::Right),
                ("incentive", Align::Right),
                ("dividends", Align::Right),
                ("emission (α)", Align::Right),
                ("permit", Align::Left),
                ("active", Align::Left),
                ("axon", Align::Left),
            ],
            &rows,
        )
    )
}

pub(crate) fn delegates_text(v: &Json, out: &Output) -> String {
    let list = |a: &Json| {
        let items: Vec<String> = a.as_array().into_iter().flatten().map(Json::to_string).collect();
        if items.is_empty() {
            "-".to_owned()
        } else {
            items.join(",")
        }
    };
    let rows: Vec<Vec<String>> = v["delegates"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            vec![
                short(s(d, "hotkey")),
                short(s(d, "owner")),
                s(d, "take_percent").to_owned(),
                d["nominator_count"].to_string(),
                s(d, "total_tao_value").to_owned(),
                list(&d["registrations"]),
                list(&d["validator_permits"]),
            ]
        })
        .collect();
    if rows.is_empty() {
        return format!("{}\nno delegates", out.heading("Delegates"));
    }
    format!(
        "{}\n{}",
        out.heading("Delegates"),
        columns(
            &[
                ("hotkey", Align::Left),
                ("owner", Align::Left),
                ("take", Align::Right),
                ("nominators", Align::Right),
                ("stake value (τ)", Align::Right),
                ("subnets", Align::Left),
                ("permits", Align::Left),
            ],
            &rows,
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_are_exact_to_four_places() {
        assert_eq!(fraction(0), "0.0000");
        assert_eq!(fraction(65535), "1.0000");
        assert_eq!(fraction(32768), "0.5000");
        assert_eq!(fraction(1), "0.0000");
        assert_eq!(fraction(7), "0.0001");
        assert_eq!(fraction(6553), "0.1000");
        assert_eq!(percent(11796), "18.00%");
        assert_eq!(percent(65535), "100.00%");
    }

    #[test]
    fn addresses_shorten_and_columns_align() {
        assert_eq!(short("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"), "5Grwva…utQY");
        let t = columns(&[("uid", Align::Right), ("who", Align::Left)], &[vec!["7".into(), "α…".into()], vec!["12".into(), "b".into()]]);
        assert_eq!(t, "uid  who\n  7  α…\n 12  b");
    }
}
