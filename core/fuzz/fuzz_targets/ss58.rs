#![no_main]
//! SS58 decoding; whatever decodes re-encodes to the same account and prefix.
use libfuzzer_sys::fuzz_target;
use taolight::keys::ss58;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok((account, prefix)) = ss58::decode(text) {
        assert_eq!(ss58::decode(&ss58::encode(&account, prefix)).expect("re-encodes"), (account, prefix));
    }
});
