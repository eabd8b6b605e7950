#![no_main]
//! Encrypted keyfile envelopes ($NACL, Ansible Vault, Fernet): structure checks before any KDF.
use libfuzzer_sys::fuzz_target;
use taolight::keyfile::Envelope;

fuzz_target!(|data: &[u8]| {
    let _ = Envelope::parse(data);
});
