//! One way to reach the chain for every command: `--trust` (or what `--chain-spec` and
//! `--checkpoint` imply) picks the light client, the verified backend or a trusted node.

use std::path::Path;
use std::time::Duration;

use taolight::chain::{Checkpoint, Client, ConnectOptions, LightClient, LightOptions, Network};

use crate::args::{Global, TrustLevel};
use crate::output::CliError;

/// The trust level the flags ask for.
pub(crate) fn trust_level(g: &Global) -> TrustLevel {
    match (g.trust, &g.chain_spec, &g.checkpoint) {
        (Some(t), _, _) => t,
        (None, Some(_), _) => TrustLevel::Light,
        (None, None, Some(_)) => TrustLevel::Verified,
        (None, None, None) => TrustLevel::Trusted,
    }
}

fn read_file(path: &Path, what: &str) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|e| CliError::input("not_found", format!("cannot read the {what} {}: {e}", path.display())))
}

fn checkpoint(path: &Path) -> Result<Checkpoint, CliError> {
    Ok(Checkpoint::from_json(&read_file(path, "checkpoint")?)?)
}

/// Connects to `--network` at the trust level the flags ask for.
pub(crate) async fn connect(g: &Global) -> Result<Client, CliError> {
    connect_with_timeout(g, Duration::from_secs(30)).await
}

/// [`connect`] with another limit for each network call.
pub(crate) async fn connect_with_timeout(g: &Global, timeout: Duration) -> Result<Client, CliError> {
    let network: Network = g.network.parse()?;
    let options = ConnectOptions { timeout, ..ConnectOptions::default() };
    match trust_level(g) {
        TrustLevel::Trusted => Ok(Client::connect_with(network, options).await?),
        TrustLevel::Verified => {
            let path = g.checkpoint.as_deref().ok_or_else(|| {
                CliError::input(
                    "no_checkpoint",
                    "--trust verified needs --checkpoint FILE: make one once from a node you trust with \
                     `taolight chain checkpoint --network URL --out FILE`",
                )
            })?;
            Ok(Client::verified(network, checkpoint(path)?, options).await?)
        }
        TrustLevel::Light => {
            let path = g.chain_spec.as_deref().ok_or_else(|| {
                CliError::input("no_chain_spec", "--trust light needs --chain-spec FILE (a raw chain spec)")
            })?;
            let spec = read_file(path, "chain spec")?;
            let runtime = match g.checkpoint.as_deref() {
                Some(p) => checkpoint(p)?.runtime,
                None => None,
            };
            let light_options = LightOptions { timeout, runtime, ..LightOptions::default() };
            let light = LightClient::start_with(&spec, None, light_options).await?;
            Ok(Client::light(&light, timeout).await?)
        }
    }
}
