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
    /// How much chain reads are checked: light (the embedded light client, needs --chain-spec),
    /// verified (any node, every read proven; needs --checkpoint) or trusted (the node is
    /// believed). Default: light with --chain-spec, verified with --checkpoint, else trusted.
    #[arg(long, global = true, value_enum, env = "TAOLIGHT_TRUST")]
    pub trust: Option<TrustLevel>,
    /// Raw chain spec for the embedded light client (--trust light).
    #[arg(long, global = true, env = "TAOLIGHT_CHAIN_SPEC_FILE")]
    pub chain_spec: Option<PathBuf>,
    /// Checkpoint (from `taolight chain checkpoint`) where verification starts (--trust
    /// verified); with --trust light, its runtime is checked before the light client starts.
    #[arg(long, global = true, env = "TAOLIGHT_CHECKPOINT")]
    pub checkpoint: Option<PathBuf>,
    /// Bittensor wallet directory (btcli's default: ~/.bittensor/wallets).
    #[arg(long, global = true, env = "BT_WALLET_PATH")]
    pub wallet_path: Option<PathBuf>,
    /// Wallet name.
    #[arg(long, global = true)]
    pub wallet: Option<String>,
    /// Hotkey name inside the wallet (it signs weights and axons); for stake and register, the
    /// target hotkey: a name inside --wallet or an SS58 address.
    #[arg(long, global = true)]
    pub hotkey: Option<String>,
    /// Development signer: a secret URI such as //Alice (never use on a real network).
    #[arg(long, global = true, env = "TAOLIGHT_SURI", hide_env_values = true)]
    pub suri: Option<String>,
    /// Signature scheme of keys given on the command line.
    #[arg(long, global = true, default_value = "sr25519")]
    pub scheme: String,
    /// How long transactions wait: none (accepted by the node), inblock, or finalized.
    #[arg(long, global = true, value_enum, default_value_t = WaitFor::Inblock, help_heading = "Transaction options")]
    pub wait_for: WaitFor,
    /// Tip for the block author (TAO such as 0.001, or rao such as 1000rao).
    #[arg(long, global = true, help_heading = "Transaction options")]
    pub tip: Option<String>,
    /// Use this nonce instead of the account's next one.
    #[arg(long, global = true, help_heading = "Transaction options")]
    pub nonce: Option<u32>,
    /// Mortality period in blocks; 0 makes the transaction immortal.
    #[arg(long, global = true, default_value_t = 64, help_heading = "Transaction options")]
    pub mortality: u64,
}

/// `--trust`.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrustLevel {
    Light,
    Verified,
    Trusted,
}

/// `--wait-for`.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitFor {
    None,
    Inblock,
    Finalized,
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
    /// Send TAO to an account (Balances pallet).
    #[command(after_help = "Without --keep-alive the runtime's plain transfer (transfer_allow_death) is sent: it may empty\nthe sender's account below the existential deposit. --keep-alive sends transfer_keep_alive, which\nrefuses that. --all sends everything transferable (transfer_all; with --keep-alive it keeps the\nexistential deposit).\n\nThe coldkey signs (--wallet NAME, password from TAOLIGHT_PASSWORD or a prompt), or --suri.\n\nExamples:\n  taolight transfer --to 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty --amount 1.5 --suri //Alice\n  taolight transfer --wallet my-wallet --to 5FHneW… --amount 1500000000rao --keep-alive --wait-for finalized\n  taolight transfer --wallet my-wallet --to 5FHneW… --all --keep-alive --json")]
    Transfer(TransferArgs),
    /// Stake TAO to a hotkey on a subnet, unstake, move stake, or list a coldkey's positions.
    #[command(subcommand)]
    Stake(StakeCli),
    /// Register a hotkey on a subnet by burning the registration cost (the coldkey pays).
    #[command(after_help = "--hotkey is an SS58 address, or the name of a hotkey of --wallet (btcli's way).\n\nExamples:\n  taolight register --netuid 1 --wallet my-wallet --hotkey default\n  taolight register --netuid 1 --hotkey 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty --suri //Alice --json")]
    Register(RegisterArgs),
    /// Validator weights.
    #[command(subcommand)]
    Weights(WeightsCommand),
    /// Miner endpoints.
    #[command(subcommand)]
    Axon(AxonCommand),
    /// Transactions: estimate fees, decode extrinsics.
    #[command(subcommand)]
    Tx(TxCommand),
    /// Miner/validator status of a hotkey: uid, role, stake, scores, emission, permit, axon.
    #[command(after_help = "Without --netuid, every subnet the hotkey is registered on. The hotkey is an SS58 address, or\n--hotkey NAME of --wallet (or an SS58 address given with --hotkey).\n\nScores (rank, trust, consensus, incentive, dividends) are fractions of 65535, shown with 4 decimals;\n--json keeps the raw u16 in *_u16.\n\nExamples:\n  taolight status 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty --netuid 1\n  taolight status --wallet my-wallet --hotkey default --json")]
    Status(StatusArgs),
    /// Every subnet: name, tempo, neurons, registration cost (burn), emission and dynamic-TAO pool.
    #[command(after_help = "Examples:\n  taolight subnets\n  taolight subnets --netuid 1 --json")]
    Subnets {
        /// Only this subnet.
        #[arg(long)]
        netuid: Option<u16>,
    },
    /// Every neuron of a subnet: one row per uid.
    #[command(after_help = "Stake is the alpha staked on each hotkey on this subnet (TotalHotkeyAlpha, read per neuron).\n\nExamples:\n  taolight metagraph 1\n  taolight metagraph 1 --json")]
    Metagraph(MetagraphArgs),
    /// Delegates: take, nominators, stake, registrations and validator permits.
    #[command(after_help = "Examples:\n  taolight delegates\n  taolight delegates --hotkey 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty --json   (one delegate)")]
    Delegates,
    /// The end-to-end story on a local devnet.
    Demo(DemoArgs),
}

/// `stake …`: the staking transactions, and `stake list`.
#[derive(Subcommand, Debug, Clone)]
pub enum StakeCli {
    #[command(flatten)]
    Tx(StakeCommand),
    /// Every stake position of a coldkey per (hotkey, subnet): alpha, price, TAO value, totals.
    #[command(after_help = "Without an address, the coldkey of --wallet (its public file: no password).\n\nExamples:\n  taolight stake list 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY\n  taolight stake list --wallet my-wallet --json")]
    List {
        /// The coldkey's SS58 address; without it, the coldkey of --wallet.
        coldkey: Option<String>,
    },
}

#[derive(Args, Debug, Clone)]
pub struct StatusArgs {
    /// The hotkey's SS58 address; without it, --hotkey (an SS58 address or a hotkey name of --wallet).
    pub hotkey_ss58: Option<String>,
    /// Only this subnet (a "not registered" row when the hotkey is not on it).
    #[arg(long)]
    pub netuid: Option<u16>,
}

#[derive(Args, Debug, Clone)]
pub struct MetagraphArgs {
    /// The subnet.
    pub netuid: u16,
}

#[derive(Args, Debug, Clone)]
pub struct TransferArgs {
    /// The receiving SS58 address.
    #[arg(long)]
    pub to: String,
    /// TAO with up to 9 decimals (1.5) or rao (1500000000rao).
    #[arg(long, required_unless_present = "all", conflicts_with = "all")]
    pub amount: Option<String>,
    /// Refuse to take the sender below the existential deposit (transfer_keep_alive).
    #[arg(long)]
    pub keep_alive: bool,
    /// Send everything transferable (transfer_all).
    #[arg(long)]
    pub all: bool,
}

#[derive(Subcommand, Debug, Clone)]
pub enum StakeCommand {
    /// Stake TAO from the coldkey's free balance to --hotkey on --netuid.
    #[command(after_help = "--hotkey is an SS58 address, or the name of a hotkey of --wallet. The coldkey signs.\n\nExamples:\n  taolight stake add --hotkey 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty --netuid 1 --amount 10 --suri //Alice\n  taolight stake add --wallet my-wallet --hotkey default --netuid 1 --amount 2.5 --json")]
    Add(StakeArgs),
    /// Unstake alpha (9 decimals, like TAO) from --hotkey on --netuid back to the coldkey.
    #[command(after_help = "Examples:\n  taolight stake remove --hotkey 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty --netuid 1 --amount 1 --suri //Alice")]
    Remove(StakeArgs),
    /// Move stake (alpha) between hotkeys and/or subnets.
    #[command(after_help = "Hotkeys are SS58 addresses or hotkey names of --wallet.\n\nExamples:\n  taolight stake move --origin-hotkey 5F… --dest-hotkey 5G… --origin-netuid 1 --dest-netuid 1 --amount 1 --suri //Alice")]
    Move(MoveArgs),
}

#[derive(Args, Debug, Clone)]
pub struct StakeArgs {
    /// The subnet.
    #[arg(long)]
    pub netuid: u16,
    /// TAO to stake (stake add) or alpha to unstake (stake remove): 1.5 or 1500000000rao.
    #[arg(long)]
    pub amount: String,
}

#[derive(Args, Debug, Clone)]
pub struct MoveArgs {
    /// Hotkey the stake is on now (SS58 or a hotkey name of --wallet).
    #[arg(long)]
    pub origin_hotkey: String,
    /// Hotkey to move it to.
    #[arg(long)]
    pub dest_hotkey: String,
    #[arg(long)]
    pub origin_netuid: u16,
    #[arg(long)]
    pub dest_netuid: u16,
    /// Alpha to move (9 decimals): 1.5 or 1500000000rao.
    #[arg(long)]
    pub amount: String,
}

#[derive(Args, Debug, Clone)]
pub struct RegisterArgs {
    /// The subnet.
    #[arg(long)]
    pub netuid: u16,
}

#[derive(Subcommand, Debug, Clone)]
pub enum WeightsCommand {
    /// Set the validator's weights on a subnet (the hotkey signs).
    #[command(after_help = "Weights are u16 values; the runtime normalises them. The hotkey signs: --wallet NAME --hotkey NAME\n(unencrypted, as btcli keeps hotkeys) or --suri. Weights on other neurons need a validator permit;\na weight on the validator's own uid alone does not.\n\nExamples:\n  taolight weights set --netuid 1 --uids 0,1 --weights 10,20 --wallet my-wallet --hotkey default\n  taolight weights set --netuid 1 --uids 3 --weights 65535 --suri //Alice//hot --json")]
    Set(WeightsArgs),
}

#[derive(Args, Debug, Clone)]
pub struct WeightsArgs {
    /// The subnet.
    #[arg(long)]
    pub netuid: u16,
    /// Neuron uids, comma separated.
    #[arg(long, value_delimiter = ',', required = true)]
    pub uids: Vec<u16>,
    /// One u16 weight per uid, comma separated.
    #[arg(long, value_delimiter = ',', required = true)]
    pub weights: Vec<u16>,
    /// The subnet's weights version key.
    #[arg(long, default_value_t = 0)]
    pub version_key: u64,
}

#[derive(Subcommand, Debug, Clone)]
pub enum AxonCommand {
    /// Publish the miner's axon endpoint on a subnet (the hotkey signs).
    #[command(after_help = "The runtime refuses loopback and other non-routable addresses such as 127.0.0.1.\n\nExamples:\n  taolight axon serve --netuid 1 --ip 203.0.113.7 --port 8091 --wallet my-wallet --hotkey default\n  taolight axon serve --netuid 1 --ip 192.168.1.10 --port 8091 --suri //Alice//hot --json")]
    Serve(AxonArgs),
}

#[derive(Args, Debug, Clone)]
pub struct AxonArgs {
    /// The subnet.
    #[arg(long)]
    pub netuid: u16,
    /// IPv4 or IPv6 address.
    #[arg(long)]
    pub ip: std::net::IpAddr,
    #[arg(long)]
    pub port: u16,
    /// Axon version number.
    #[arg(long, default_value_t = 0)]
    pub version: u32,
    /// Protocol: 4 = TCP (the SDK's value), 0 = none.
    #[arg(long, default_value_t = 4)]
    pub protocol: u8,
}

/// A transaction as `tx fee` takes it: the same shape as the command that sends it.
#[derive(Subcommand, Debug, Clone)]
pub enum TxCall {
    /// A transfer (see `taolight transfer --help`).
    Transfer(TransferArgs),
    /// Staking (see `taolight stake --help`).
    #[command(subcommand)]
    Stake(StakeCommand),
    /// A burned registration.
    Register(RegisterArgs),
    /// Weights.
    #[command(subcommand)]
    Weights(WeightsCommand),
    /// An axon.
    #[command(subcommand)]
    Axon(AxonCommand),
}

#[derive(Subcommand, Debug)]
pub enum TxCommand {
    /// Estimate the fee of a transaction before sending it (TransactionPaymentApi). Nothing is signed.
    #[command(after_help = "The paying account is --from, else the signer the command would use (--suri, or the public key\nof --wallet's coldkey or hotkey: no password needed).\n\nExamples:\n  taolight tx fee transfer --to 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty --amount 1 --suri //Alice\n  taolight tx fee --from 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY stake add --hotkey 5F… --netuid 1 --amount 10 --json")]
    Fee {
        /// The account that would pay (SS58).
        #[arg(long)]
        from: Option<String>,
        #[command(subcommand)]
        call: TxCall,
    },
    /// Decode an extrinsic: call, arguments, signer and extensions.
    #[command(after_help = "The metadata is a file of raw SCALE bytes or of 0x-hex text (state_getMetadata's result); without\n--metadata it is fetched from --network.\n\nExamples:\n  taolight tx decode 0x4502840012…\n  taolight tx decode --metadata metadata.scale 0x4502840012… --json")]
    Decode {
        /// Runtime metadata file (RuntimeMetadataPrefixed: raw bytes or 0x-hex text).
        #[arg(long)]
        metadata: Option<PathBuf>,
        /// The extrinsic as hex, with or without its length prefix.
        hex: String,
    },
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
    /// Write a checkpoint at the finalized block: the header, the GRANDPA authority set, the
    /// Aura state and the runtime's API list. `--trust verified` starts from it. From a trusted
    /// node it is as good as that node (take it once, from a node you trust); from a verified
    /// client (--trust verified --checkpoint OLD) it is verified, so a checkpoint can be
    /// refreshed without trusting anyone.
    #[command(after_help = "Examples:\n  taolight chain checkpoint --network finney --out finney.checkpoint.json\n  taolight chain checkpoint --network ws://127.0.0.1:9944 --json\n  taolight chain info --network finney --checkpoint finney.checkpoint.json   (verified reads)")]
    Checkpoint {
        /// Write it to this file (atomically) instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Seconds allowed for each network call.
        #[arg(long, default_value_t = 30)]
        timeout: u64,
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
