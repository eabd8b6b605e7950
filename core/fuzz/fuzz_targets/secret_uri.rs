#![no_main]
//! Secret URIs and key derivation from them.
use libfuzzer_sys::fuzz_target;
use taolight::keys::{Keypair, Scheme, SecretUri};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = SecretUri::parse(text);
    let _ = Keypair::from_uri(text, Scheme::Sr25519);
    let _ = Keypair::from_uri(text, Scheme::Ed25519);
});
