//! The proof harness as a process: a loopback proxy in front of a devnet that serves read proofs
//! from the real genesis state and signs justifications with the real GRANDPA keys (see
//! `taolight_devnet::proofs`). Prints its ws:// URL as the last stdout line and runs until killed.
//!
//! Usage: devnet-proofs DEVNET_URL SPEC_FILE

use std::io::Write;
use std::sync::{Arc, Mutex};

use taolight_devnet::proofs::{AuthorityKey, GenesisState, ProofHook, Tamper};
use taolight_devnet::proxy::Proxy;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args.next().ok_or("usage: devnet-proofs DEVNET_URL SPEC_FILE")?;
    let spec = std::fs::read_to_string(args.next().ok_or("usage: devnet-proofs DEVNET_URL SPEC_FILE")?)?;
    let state = Arc::new(GenesisState::from_spec(&spec)?);
    let keys = vec![AuthorityKey::dev("Alice"), AuthorityKey::dev("Bob")];
    let proxy = Proxy::start(&url, ProofHook::new(state, keys, Arc::new(Mutex::new(Tamper::None))))?;
    println!("{}", proxy.url());
    std::io::stdout().flush()?;
    loop {
        std::thread::park();
    }
}
