#![no_main]
//! What a JSON-RPC node answers, as text: headers (and their hash), runtime versions, block
//! hashes, `chainHead_v1_follow` events and checkpoint files. Never a panic; a header that
//! parses hashes the same after a SCALE round trip.
use libfuzzer_sys::fuzz_target;
use parity_scale_codec::{Decode, Encode};
use taolight::chain::{fuzzing, BlockHash, Checkpoint, Header, RuntimeVersion};

fuzz_target!(|data: &[u8]| {
    // SCALE headers as `chain_getHeader` bytes and in justifications.
    if let Ok(h) = Header::decode(&mut &data[..]) {
        assert_eq!(Header::decode(&mut &h.encode()[..]).expect("re-decodes").hash(), h.hash());
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(h) = serde_json::from_str::<Header>(text) {
        let _ = h.hash();
    }
    let _ = serde_json::from_str::<RuntimeVersion>(text).map(|v| v.check_light_client_consensus());
    let _ = serde_json::from_str::<BlockHash>(text);
    let _ = serde_json::from_str::<Vec<BlockHash>>(text);
    let _ = fuzzing::follow_event(text);
    if let Ok(cp) = Checkpoint::from_json(text) {
        let _ = cp.block();
        // What was read is written back in a form that reads the same.
        assert_eq!(Checkpoint::from_json(&cp.to_json()).expect("re-reads"), cp);
    }
});
