#![no_main]
//! Runtime metadata as a node serves it (`state_getMetadata` / `Metadata_metadata_at_version`):
//! arbitrary bytes (seeded with the real spec-218 metadata by `tests/run fuzz-smoke`) must
//! decode or fail with a typed error, and whatever decodes must answer every lookup the
//! transaction builder, the decoders and the RFC-0078 metadata hash make, without a panic.
use libfuzzer_sys::fuzz_target;
use taolight::chain::Metadata;
use taolight::tx::{metadata_hash, MetadataHashInfo};

fuzz_target!(|data: &[u8]| {
    let Ok(md) = Metadata::decode(218, data.to_vec()) else {
        return;
    };
    let _ = md.version();
    let _ = md.extrinsic_version();
    let _ = md.extensions();
    let _ = md.runtime_apis();
    for p in md.pallets() {
        let _ = md.pallet_index(&p.name);
        let _ = md.pallet(&p.name);
    }
    let _ = md.pallet_types();
    let _ = md.pallet_at(0);
    let _ = md.storage_value_type("System", "Account");
    let _ = md.constant("Balances", "ExistentialDeposit");
    let _ = md.runtime_api_output("NeuronInfoRuntimeApi", "get_neurons_lite");
    let _ = metadata_hash(&md, &MetadataHashInfo::bittensor("node-subtensor", 218));
});
