//! `taolight chain info` and `taolight chain checkpoint`.

use std::time::Duration;

use serde_json::{json, Value};
use taolight::chain::{Api, ChainError, Client, ConnectOptions, Network, Trust};

use crate::args::{ChainCommand, Global};
use crate::output::{table, CliError, Output};

pub fn run(g: &Global, cmd: &ChainCommand, out: &Output) -> Result<(), CliError> {
    match cmd {
        ChainCommand::Info {
            timeout,
            legacy_rpc,
        } => {
            let timeout = Duration::from_secs(*timeout);
            let value = runtime()?.block_on(async {
                let client = if *legacy_rpc {
                    legacy(&g.network, timeout).await?
                } else {
                    super::connect::connect_with_timeout(g, timeout).await?
                };
                info(&client, &g.network).await
            })?;
            out.result(&value, || info_text(&value, out));
            Ok(())
        }
        ChainCommand::Checkpoint { out: file, timeout } => {
            let timeout = Duration::from_secs(*timeout);
            let cp = runtime()?.block_on(async {
                let client = super::connect::connect_with_timeout(g, timeout).await?;
                let cp = client.checkpoint().await?;
                Ok::<_, CliError>((cp, client.trust()))
            })?;
            let (cp, trust) = cp;
            let json = cp.to_json();
            if let Some(path) = file {
                taolight::keyfile::write_atomic(path, format!("{json}\n").as_bytes(), true)
                    .map_err(CliError::from)?;
            }
            let block = cp.block();
            let doc = json!({
                "trust": trust.as_str(),
                "block": { "number": block.number, "hash": block.hash.to_hex() },
                "genesis_hash": cp.genesis_hash.to_hex(),
                "grandpa_set_id": cp.authority_set.set_id,
                "grandpa_authorities": cp.authority_set.authorities.len(),
                "file": file.as_ref().map(|p| p.display().to_string()),
                "checkpoint": serde_json::from_str::<Value>(&json).unwrap_or(Value::Null),
            });
            out.result(&doc, || match file {
                Some(p) => format!(
                    "checkpoint at #{} {} (GRANDPA set {}, {} authorities; read from a {} node) written to {}",
                    block.number, block.hash, cp.authority_set.set_id, cp.authority_set.authorities.len(), trust.as_str(), p.display()
                ),
                None => json.clone(),
            });
            Ok(())
        }
    }
}

/// A trusted node through the legacy API only (`chain info --legacy-rpc`).
async fn legacy(network: &str, timeout: Duration) -> Result<Client, CliError> {
    let options = ConnectOptions { timeout, api: Api::Legacy, ..ConnectOptions::default() };
    Ok(Client::connect_with(network.parse::<Network>()?, options).await?)
}

/// A runtime for one command: the client's calls run on it and end with it.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError {
            kind: taolight::ErrorKind::Io,
            code: "runtime".into(),
            message: e.to_string(),
        })
}

/// How long `chain info` waits for what only peers can tell the light client.
const LIGHT_WAIT: Duration = Duration::from_secs(10);

/// Everything `chain info` reports, as its JSON document. The light client without peers
/// knows its genesis but no blocks or runtime yet: those are `null` then.
pub(crate) async fn info(client: &Client, network: &str) -> Result<Value, CliError> {
    let light = client.trust() == Trust::Light;
    let c = if light { client.with_timeout(LIGHT_WAIT) } else { client.clone() };
    fn known<T>(light: bool, r: Result<T, ChainError>) -> Result<Option<T>, CliError> {
        match r {
            Err(ChainError::Timeout { .. }) if light => Ok(None),
            other => Ok(Some(other?)),
        }
    }
    let version = known(light, c.runtime_version().await)?;
    let best = known(light, c.best_head().await)?;
    let finalized = known(light, c.finalized_head().await)?;
    let peers = c.peers().await?;
    let block = |h: Option<taolight::chain::Head>| h.map(|h| json!({ "number": h.number, "hash": h.hash.to_hex() }));
    Ok(json!({
        "network": network,
        "url": client.url(),
        "trust": client.trust().as_str(),
        "rpc_api": if client.api() == Api::Legacy { "legacy" } else { "chainhead_v1" },
        "genesis_hash": client.genesis_hash().to_hex(),
        "spec_name": version.as_ref().map(|v| v.spec_name.clone()),
        "spec_version": version.as_ref().map(|v| v.spec_version),
        "transaction_version": version.as_ref().map(|v| v.transaction_version),
        "impl_name": version.as_ref().map(|v| v.impl_name.clone()),
        "impl_version": version.as_ref().map(|v| v.impl_version),
        "best_block": block(best),
        "finalized_block": block(finalized),
        "peers": peers,
    }))
}

pub(crate) fn info_text(v: &Value, out: &Output) -> String {
    let s = |k: &str| match &v[k] {
        Value::String(s) => s.clone(),
        Value::Null => "unknown".to_owned(),
        other => other.to_string(),
    };
    let block = |k: &str| match &v[k] {
        Value::Null => "unknown (no peer yet)".to_owned(),
        b => format!("#{} ({})", b["number"], b["hash"].as_str().unwrap_or("")),
    };
    format!(
        "{}\n{}",
        out.heading("Chain"),
        table(&[
            ("node", s("url")),
            ("trust", s("trust")),
            ("rpc api", s("rpc_api")),
            ("genesis hash", s("genesis_hash")),
            (
                "runtime",
                if v["spec_name"].is_null() {
                    "unknown (no peer yet)".to_owned()
                } else {
                    format!("{} v{}", s("spec_name"), s("spec_version"))
                },
            ),
            ("transaction version", s("transaction_version")),
            ("best block", block("best_block")),
            ("finalized block", block("finalized_block")),
            ("peers", s("peers")),
        ])
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const T: Duration = Duration::from_secs(30);

    /// Against the real devnet (tests/devnet; or TAOLIGHT_RPC_URL), through both APIs.
    #[test]
    fn info_reports_the_devnet() {
        let devnet = taolight_devnet::Devnet::shared().unwrap_or_else(|e| panic!("{e}"));
        let rt = runtime().unwrap();
        for (legacy, api) in [(false, "chainhead_v1"), (true, "legacy")] {
            let v = rt
                .block_on(async {
                    let options = ConnectOptions { timeout: T, api: if legacy { Api::Legacy } else { Api::Auto }, ..ConnectOptions::default() };
                    let client = Client::connect_with(devnet.url().parse::<Network>()?, options).await?;
                    info(&client, devnet.url()).await
                })
                .unwrap_or_else(|e: CliError| panic!("{}", e.message));
            assert_eq!(v["trust"], "trusted");
            assert_eq!(v["rpc_api"], api);
            assert_eq!(v["spec_name"], "node-subtensor");
            assert_eq!(v["spec_version"], 218);
            assert_eq!(v["transaction_version"], 1);
            assert_eq!(v["genesis_hash"], format!("0x{}", "45".repeat(32)));
            assert!(v["finalized_block"]["number"].as_u64().unwrap() >= 1);
            assert!(v["best_block"]["number"].as_u64() >= v["finalized_block"]["number"].as_u64());
            let text = info_text(&v, &Output::new(false));
            assert!(text.contains("node-subtensor v218"), "{text}");
        }
    }

    #[test]
    fn network_failures_exit_3_and_bad_networks_exit_2() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let rt = runtime().unwrap();
        let e = rt.block_on(legacy(&format!("ws://127.0.0.1:{port}"), T)).unwrap_err();
        assert_eq!(
            (e.exit_code(), e.code.as_str()),
            (3, "chain.unreachable"),
            "{}",
            e.message
        );
        let e = rt.block_on(legacy("mars", T)).unwrap_err();
        assert_eq!(
            (e.exit_code(), e.code.as_str()),
            (2, "chain.invalid_network")
        );
    }
}
