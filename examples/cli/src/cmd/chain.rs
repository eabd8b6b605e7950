//! `taolight chain info`.

use std::time::Duration;

use serde_json::{json, Value};
use taolight::chain::{Api, Client, ConnectOptions, Network};

use crate::args::{ChainCommand, Global};
use crate::output::{table, CliError, Output};

pub fn run(g: &Global, cmd: &ChainCommand, out: &Output) -> Result<(), CliError> {
    match cmd {
        ChainCommand::Info {
            timeout,
            legacy_rpc,
        } => {
            let value = runtime()?.block_on(info(
                &g.network,
                Duration::from_secs(*timeout),
                *legacy_rpc,
            ))?;
            out.result(&value, || info_text(&value, out));
            Ok(())
        }
    }
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

/// Everything `chain info` reports, as its JSON document.
pub(crate) async fn info(network: &str, timeout: Duration, legacy_rpc: bool) -> Result<Value, CliError> {
    let parsed: Network = network.parse()?;
    let options = ConnectOptions {
        timeout,
        api: if legacy_rpc { Api::Legacy } else { Api::Auto },
        ..ConnectOptions::default()
    };
    let client = Client::connect_with(parsed, options).await?;
    let version = client.runtime_version().await?;
    let best = client.best_head().await?;
    let finalized = client.finalized_head().await?;
    let peers = client.peers().await?;
    Ok(json!({
        "network": network,
        "url": client.url(),
        "rpc_api": if client.api() == Api::Legacy { "legacy" } else { "chainhead_v1" },
        "genesis_hash": client.genesis_hash().to_hex(),
        "spec_name": version.spec_name,
        "spec_version": version.spec_version,
        "transaction_version": version.transaction_version,
        "impl_name": version.impl_name,
        "impl_version": version.impl_version,
        "best_block": { "number": best.number, "hash": best.hash.to_hex() },
        "finalized_block": { "number": finalized.number, "hash": finalized.hash.to_hex() },
        "peers": peers,
    }))
}

pub(crate) fn info_text(v: &Value, out: &Output) -> String {
    let s = |k: &str| match &v[k] {
        Value::String(s) => s.clone(),
        Value::Null => "unknown".to_owned(),
        other => other.to_string(),
    };
    let block = |k: &str| {
        format!(
            "#{} ({})",
            v[k]["number"],
            v[k]["hash"].as_str().unwrap_or("")
        )
    };
    format!(
        "{}\n{}",
        out.heading("Chain"),
        table(&[
            ("node", s("url")),
            ("rpc api", s("rpc_api")),
            ("genesis hash", s("genesis_hash")),
            (
                "runtime",
                format!("{} v{}", s("spec_name"), s("spec_version"))
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
                .block_on(info(devnet.url(), T, legacy))
                .unwrap_or_else(|e| panic!("{}", e.message));
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
        let e = rt
            .block_on(info(&format!("ws://127.0.0.1:{port}"), T, false))
            .unwrap_err();
        assert_eq!(
            (e.exit_code(), e.code.as_str()),
            (3, "chain.unreachable"),
            "{}",
            e.message
        );
        let e = rt.block_on(info("mars", T, false)).unwrap_err();
        assert_eq!(
            (e.exit_code(), e.code.as_str()),
            (2, "chain.invalid_network")
        );
    }
}
