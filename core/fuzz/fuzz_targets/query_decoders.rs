#![no_main]
//! The query decoders over arbitrary runtime API output: never a panic; whatever decodes
//! re-encodes to the same bytes (strict decoding: nothing skipped, nothing left over).
use libfuzzer_sys::fuzz_target;
use taolight::query::decode::{self, Encode};

fn same<T: Encode>(data: &[u8], decoded: &T) {
    assert_eq!(decode::wrap_opaque(&decoded.encode()), data, "re-encoding differs");
}

fuzz_target!(|data: &[u8]| {
    if let Ok(v) = decode::neurons_lite(data) {
        same(data, &v);
    }
    if let Ok(Some(v)) = decode::neuron_lite(data) {
        same(data, &v);
    }
    if let Ok(v) = decode::stake_info_for_coldkey(data) {
        same(data, &v);
    }
    if let Ok(v) = decode::stake_info_for_coldkeys(data) {
        same(data, &v);
    }
    if let Ok(v) = decode::dynamic_info(data) {
        same(data, &v);
    }
    if let Ok(v) = decode::all_dynamic_info(data) {
        same(data, &v);
    }
    if let Ok(Some(v)) = decode::subnet_info(data) {
        same(data, &v);
    }
    if let Ok(Some(v)) = decode::subnet_info_v2(data) {
        same(data, &v);
    }
    if let Ok(v) = decode::subnets_info(data) {
        same(data, &v);
    }
    if let Ok(v) = decode::delegates(data) {
        same(data, &v);
    }
    if let Ok(Some(v)) = decode::delegate(data) {
        same(data, &v);
    }
});
