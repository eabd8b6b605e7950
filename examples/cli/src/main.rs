//! `taolight`: the command-line tool over the taolight core, in the spirit of `subkey` and
//! `btcli`. Every command prints readable text, or one JSON document with `--json`.
//! Exit codes: 0 success, 2 bad input, 3 network or node failure, 4 the chain rejected the
//! transaction. Errors go to stderr and never contain a secret.

mod args;
mod cmd;
mod output;
mod secrets;

use clap::Parser;

use crate::args::{Cli, Command, StakeCli, TxCall, TxCommand};
use crate::output::{CliError, Output};

fn main() {
    let cli = Cli::parse();
    let out = Output::new(cli.global.json);
    let result = run(&cli, &out);
    if let Err(e) = result {
        out.error(&e);
        std::process::exit(e.exit_code());
    }
}

fn run(cli: &Cli, out: &Output) -> Result<(), CliError> {
    match &cli.command {
        Command::Key(k) => cmd::key::run(&cli.global, k, out),
        Command::Sign(s) => cmd::sign::sign(&cli.global, s, out),
        Command::Verify(v) => cmd::sign::verify(&cli.global, v, out),
        Command::Wallet(w) => cmd::wallet::run(&cli.global, w, out),
        Command::Chain(c) => cmd::chain::run(&cli.global, c, out),
        Command::Balance { address } => cmd::balance::run(&cli.global, address.as_deref(), out),
        Command::Transfer(t) => cmd::send::run(&cli.global, &TxCall::Transfer(t.clone()), out),
        Command::Stake(StakeCli::Tx(s)) => cmd::send::run(&cli.global, &TxCall::Stake(s.clone()), out),
        Command::Stake(StakeCli::List { coldkey }) => cmd::query::stake_list_cmd(&cli.global, coldkey.as_deref(), out),
        Command::Register(r) => cmd::send::run(&cli.global, &TxCall::Register(r.clone()), out),
        Command::Weights(w) => cmd::send::run(&cli.global, &TxCall::Weights(w.clone()), out),
        Command::Axon(a) => cmd::send::run(&cli.global, &TxCall::Axon(a.clone()), out),
        Command::Tx(TxCommand::Fee { from, call }) => cmd::send::fee(&cli.global, from.as_deref(), call, out),
        Command::Tx(TxCommand::Decode { metadata, hex }) => cmd::send::decode(&cli.global, metadata.as_deref(), hex, out),
        Command::Status(a) => cmd::query::status_cmd(&cli.global, a, out),
        Command::Subnets { netuid } => cmd::query::subnets_cmd(&cli.global, *netuid, out),
        Command::Metagraph(m) => cmd::query::metagraph_cmd(&cli.global, m.netuid, out),
        Command::Delegates => cmd::query::delegates_cmd(&cli.global, out),
        Command::Demo(d) => cmd::demo::run(&cli.global, d, out),
    }
}
