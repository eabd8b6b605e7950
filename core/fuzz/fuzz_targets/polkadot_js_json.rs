#![no_main]
//! polkadot-js JSON accounts: parsing, and decryption when the fuzzer builds a plausible one.
use libfuzzer_sys::fuzz_target;
use taolight::keyfile::polkadot_js::PolkadotJsAccount;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(account) = PolkadotJsAccount::parse(text) {
        let _ = account.decrypt(&"password".into());
    }
});
