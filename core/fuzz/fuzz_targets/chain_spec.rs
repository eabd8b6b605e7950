#![no_main]
//! Chain specs as a user or an app hands them to `LightClient::start`: the embedded smoldot
//! parses the JSON, reads boot nodes, properties and the light-sync checkpoint, and builds the
//! genesis block (running the genesis runtime). A panic there would abort the wasm build
//! (natively `LightClient::start` turns it into `InvalidChainSpec`), so it is fuzzed here with
//! the same smoldot. Seeded with the real devnet spec's shape by `tests/run fuzz-smoke`.
use libfuzzer_sys::fuzz_target;
use smoldot::chain_spec::{ChainSpec, GenesisStorage};

fuzz_target!(|data: &[u8]| {
    // The web light client's first check (`light_web.rs`): plain JSON.
    if serde_json::from_slice::<serde_json::Value>(data).is_err() {
        return;
    }
    let Ok(spec) = ChainSpec::from_json_bytes(data) else {
        return;
    };
    let _ = (spec.name(), spec.id(), spec.chain_type(), spec.block_number_bytes());
    let _ = spec.boot_nodes().count();
    let _ = serde_json::from_str::<serde_json::Value>(spec.properties());
    let _ = spec.light_sync_state().map(|s| s.to_chain_information());
    let _ = spec.relay_chain();
    if let GenesisStorage::Items(items) = spec.genesis_storage() {
        let _ = items.iter().count();
        let _ = items.value(b":code").map(<[u8]>::len);
    }
    let _ = spec.to_chain_information();
});
