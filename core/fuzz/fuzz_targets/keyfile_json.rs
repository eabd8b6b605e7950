#![no_main]
//! Decrypted keyfile JSON and public keyfiles: typed errors, never a panic; what parses re-serialises.
use libfuzzer_sys::fuzz_target;
use taolight::keyfile::{KeyfileContent, PublicKeyfile};

fuzz_target!(|data: &[u8]| {
    if let Ok(content) = KeyfileContent::from_json(data) {
        let again = KeyfileContent::from_json(&content.to_json()).expect("own output parses");
        assert_eq!(again.public(), content.public());
    }
    if let Ok(public) = PublicKeyfile::from_json(data) {
        assert_eq!(PublicKeyfile::from_json(&public.to_json()).expect("own output parses"), public);
    }
});
