//! The short taolight story, in Rust: a new coldkey and hotkey, funded by //Alice, the hotkey
//! registered on subnet 1 and staked to, then its miner/validator status and the coldkey's stake.
//!
//! Run against a local devnet: `tests/devnet/devnet up` prints its URL, then
//! `TAOLIGHT_RPC_URL=ws://127.0.0.1:PORT cargo run -p taolight-example-rust`.

use taolight::chain::{Client, Network};
use taolight::keys::{Keypair, Mnemonic, Scheme, WordCount};
use taolight::query::{balance, neuron_status, stake};
use taolight::tx::{calls, TxOptions};
use taolight::types::format_tao;

const TAO: u64 = 1_000_000_000;

#[tokio::main]
async fn main() -> Result<(), taolight::Error> {
    let url = std::env::var("TAOLIGHT_RPC_URL").unwrap_or_else(|_| "ws://127.0.0.1:9944".into());
    let client = Client::connect(Network::Rpc(url)).await?;

    // Keys: a fresh mnemonic for the coldkey (shown to nobody here), a hotkey derived from it.
    let mnemonic = Mnemonic::generate(WordCount::Words12)?;
    let coldkey = Keypair::from_phrase(&mnemonic, "", Scheme::Sr25519)?;
    let hotkey = coldkey.derive(&[taolight::keys::Junction::hard("hot")])?;
    let (cold, hot) = (coldkey.public().bytes, hotkey.public().bytes);
    println!("coldkey {}\nhotkey  {}", coldkey.public().to_ss58(42), hotkey.public().to_ss58(42));

    // Fund the coldkey from //Alice (a development account of the devnet).
    let alice = Keypair::from_uri("//Alice", Scheme::Sr25519)?;
    let opts = TxOptions::default();
    let out = client.sign_and_submit(&calls::transfer_keep_alive(&cold, 20 * TAO), &alice, &opts).await?;
    println!("funded in block #{}", out.block_number.unwrap_or_default());

    // Register the hotkey on subnet 1 (burning the registration cost) and stake 5 TAO to it.
    client.sign_and_submit(&calls::burned_register(1, &hot), &coldkey, &opts).await?;
    let staked = client.sign_and_submit(&calls::add_stake(&hot, 1, 5 * TAO), &coldkey, &opts).await?;
    println!("staked in block #{}", staked.block_number.unwrap_or_default());

    // What a miner or validator checks: status on subnet 1, and the coldkey's positions.
    for s in neuron_status(&client, &hot, Some(1)).await? {
        match s.registered {
            Some(r) => println!(
                "subnet {}: uid {} ({:?}), stake {} alpha, immunity {} blocks left",
                s.netuid,
                r.neuron.uid,
                r.role,
                format_tao(r.stake_alpha),
                r.immunity_remaining
            ),
            None => println!("subnet {}: not registered", s.netuid),
        }
    }
    for p in stake(&client, &cold).await?.positions {
        println!("position: subnet {} alpha {} worth {} TAO", p.netuid, format_tao(p.alpha), format_tao(p.tao_value));
    }
    println!("coldkey free balance {} TAO", format_tao(balance(&client, &cold, None).await?.free));
    Ok(())
}
