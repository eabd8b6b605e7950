//! Command-line arguments (names fixed by docs/interfaces.md).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(name = "taolight", version, about = "Bittensor wallet and light client: keys, wallets, transactions, status.",
    after_help = "Examples:\n  taolight key generate --words 24\n  taolight key inspect //Alice\n  taolight wallet create --wallet my-wallet --hotkey default\n  taolight sign 'hello' --suri //Alice --json")]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Args, Debug, Clone)]
pub struct Global {
    /// Print one JSON document on stdout instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// Network: finney, test, local (ws://127.0.0.1:9944), or a ws:// / wss:// URL.
    #[arg(long, global = true, env = "TAOLIGHT_NETWORK", default_value = "local")]
    pub network: String,
    /// Bittensor wallet directory (btcli's default: ~/.bittensor/wallets).
    #[arg(long, global = true, env = "BT_WALLET_PATH")]
    pub wallet_path: Option<PathBuf>,
    /// Wallet name.
    #[arg(long, global = true)]
    pub wallet: Option<String>,
    /// Hotkey name inside the wallet.
    #[arg(long, global = true)]
    pub hotkey: Option<String>,
    /// Development signer: a secret URI such as //Alice (never use on a real network).
    #[arg(long, global = true, env = "TAOLIGHT_SURI", hide_env_values = true)]
    pub suri: Option<String>,
    /// Signature scheme of keys given on the command line.
    #[arg(long, global = true, default_value = "sr25519")]
    pub scheme: String,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Generate and inspect keys.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Sign a message with a key (raw signature, compatible with polkadot-js signRaw).
    #[command(after_help = "Examples:\n  taolight sign 'hello' --suri //Alice\n  taolight sign 0x68656c6c6f --hex --wallet-path ./wallets --wallet w --hotkey default\n  taolight sign 'login' --wrap-bytes --suri //Alice --json")]
    Sign(SignArgs),
    /// Verify a signature against an SS58 address.
    #[command(after_help = "Examples:\n  taolight verify 'hello' 0x<signature> 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY")]
    Verify(VerifyArgs),
    /// Bittensor wallet directories (<path>/<wallet>/coldkey, coldkeypub.txt, hotkeys/<hotkey>).
    #[command(subcommand)]
    Wallet(WalletCommand),
    /// The chain: connection and head information.
    #[command(subcommand)]
    Chain(ChainCommand),
    /// Free, reserved, frozen and transferable balance of an account.
    #[command(after_help = "Examples:\n  taolight balance 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY --network ws://127.0.0.1:9944\n  taolight balance --wallet my-wallet --json   (the wallet's coldkey)")]
    Balance {
        /// SS58 address; without it, the coldkey of --wallet.
        address: Option<String>,
    },
    /// The end-to-end story on a local devnet.
    Demo(DemoArgs),
}

#[derive(Subcommand, Debug)]
pub enum ChainCommand {
    /// Genesis hash, runtime version, best and finalized block of the node behind --network.
    #[command(after_help = "Examples:\n  taolight chain info\n  taolight chain info --network ws://127.0.0.1:9944 --json\n  taolight chain info --network finney --legacy-rpc")]
    Info {
        /// Seconds allowed for each network call.
        #[arg(long, default_value_t = 30)]
        timeout: u64,
        /// Use only the legacy JSON-RPC API (state_*, chain_*), not chainHead_v1.
        #[arg(long)]
        legacy_rpc: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum KeyCommand {
    /// A new mnemonic and its keys.
    #[command(after_help = "Examples:\n  taolight key generate\n  taolight key generate --words 24 --scheme ed25519 --json")]
    Generate {
        /// Number of words: 12, 15, 18, 21 or 24.
        #[arg(long, default_value_t = 12)]
        words: usize,
    },
    /// Public key, account id and SS58 address of a secret URI, mnemonic, seed, address or public key.
    #[command(after_help = "Examples:\n  taolight key inspect //Alice\n  taolight key inspect 'bottom drive obey ... walk//hot/soft///password'\n  taolight key inspect 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY --network-prefix 0\n  taolight key inspect 0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d --public")]
    Inspect {
        /// Secret URI, mnemonic, 0x-seed, SS58 address, or 0x-public key (with --public).
        input: String,
        /// SS58 address format to print (42 for Bittensor).
        #[arg(long, default_value_t = 42)]
        network_prefix: u16,
        /// Treat a 0x-hex input as a public key rather than a seed.
        #[arg(long)]
        public: bool,
    },
}

#[derive(Args, Debug)]
pub struct SignArgs {
    /// The message: UTF-8 text, or hex bytes with --hex.
    pub message: String,
    /// The message is hex.
    #[arg(long)]
    pub hex: bool,
    /// Wrap the message in <Bytes>…</Bytes> before signing, as polkadot-js signRaw does.
    #[arg(long)]
    pub wrap_bytes: bool,
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The message: UTF-8 text, or hex bytes with --hex.
    pub message: String,
    /// The 0x-hex signature.
    pub signature: String,
    /// The signer's SS58 address.
    pub address: String,
    /// The message is hex.
    #[arg(long)]
    pub hex: bool,
    /// Accept only a signature over <Bytes>message</Bytes>. Without it, both the plain and the
    /// wrapped message are accepted, as polkadot-js and bittensor-wallet accept them.
    #[arg(long)]
    pub wrap_bytes: bool,
}

#[derive(Subcommand, Debug)]
pub enum WalletCommand {
    /// Create a wallet: a new coldkey (encrypted) and a hotkey, from fresh mnemonics.
    #[command(after_help = "Examples:\n  TAOLIGHT_PASSWORD=... taolight wallet create --wallet my-wallet --hotkey default\n  taolight wallet create --wallet dev --no-password --words 24 --json")]
    Create {
        /// Number of mnemonic words.
        #[arg(long, default_value_t = 12)]
        words: usize,
        /// Store the coldkey unencrypted (development only).
        #[arg(long)]
        no_password: bool,
        /// Replace existing keys.
        #[arg(long)]
        overwrite: bool,
    },
    /// Import a coldkey (or, with --hotkey, a hotkey) from a mnemonic, a secret URI or a polkadot-js JSON account.
    #[command(after_help = "Examples:\n  taolight wallet import --wallet w --mnemonic 'word1 … word12'\n  taolight wallet import --wallet w --hotkey miner --suri //Bob\n  TAOLIGHT_JSON_PASSWORD=... taolight wallet import --wallet w --polkadot-json account.json")]
    Import {
        /// A BIP39 mnemonic.
        #[arg(long, conflicts_with_all = ["polkadot_json"])]
        mnemonic: Option<String>,
        /// A polkadot-js JSON account file (its password from TAOLIGHT_JSON_PASSWORD or a prompt).
        #[arg(long)]
        polkadot_json: Option<PathBuf>,
        /// Store the key unencrypted (hotkeys are unencrypted by default).
        #[arg(long)]
        no_password: bool,
        /// Replace an existing key.
        #[arg(long)]
        overwrite: bool,
    },
    /// Export a key as a polkadot-js JSON account (for browser extensions).
    #[command(after_help = "Examples:\n  TAOLIGHT_JSON_PASSWORD=... taolight wallet export --wallet w --polkadot-json w.json")]
    Export {
        /// Output file.
        #[arg(long)]
        polkadot_json: PathBuf,
        /// Account name stored in the JSON's meta.
        #[arg(long)]
        name: Option<String>,
        /// Replace an existing output file.
        #[arg(long)]
        overwrite: bool,
    },
    /// List wallets and their hotkeys (no password needed).
    List,
    /// Show a wallet: coldkey address, encryption, hotkeys (no password needed).
    Inspect,
}

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Keep the demo's wallet directory here instead of a temporary one.
    #[arg(long)]
    pub keep: Option<PathBuf>,
}
