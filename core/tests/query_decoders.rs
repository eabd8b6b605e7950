//! Property tests of the query decoders: arbitrary bytes never panic, valid encodings round-trip,
//! and any corruption of a valid encoding is either refused with a typed decode error or decodes
//! to something that re-encodes to exactly the corrupted bytes (nothing skipped or invented).

#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use taolight::query::decode::{self, AxonInfo, Encode, NeuronInfoLite, PrometheusInfo, StakeEntry, StakeInfo};

fn neuron() -> impl Strategy<Value = NeuronInfoLite> {
    (
        (any::<[u8; 32]>(), any::<[u8; 32]>(), any::<u16>(), any::<u16>(), any::<bool>()),
        (any::<(u64, u32, u128, u16, u8, u8)>(), any::<(u64, u32, u128, u16, u8)>()),
        proptest::collection::vec((any::<[u8; 32]>(), any::<u64>()), 0..3),
        (any::<[u16; 7]>(), any::<u64>(), any::<u64>(), any::<bool>()),
    )
        .prop_map(|((hotkey, coldkey, uid, netuid, active), (a, p), stake, (s, emission, last_update, permit))| NeuronInfoLite {
            hotkey,
            coldkey,
            uid,
            netuid,
            active,
            axon_info: AxonInfo { block: a.0, version: a.1, ip: a.2, port: a.3, ip_type: a.4, protocol: a.5, placeholder1: 0, placeholder2: 0 },
            prometheus_info: PrometheusInfo { block: p.0, version: p.1, ip: p.2, port: p.3, ip_type: p.4 },
            stake: stake.into_iter().map(|(coldkey, amount)| StakeEntry { coldkey, amount }).collect(),
            rank: s[0],
            emission,
            incentive: s[1],
            consensus: s[2],
            trust: s[3],
            validator_trust: s[4],
            dividends: s[5],
            last_update,
            validator_permit: permit,
            pruning_score: s[6],
        })
}

/// Every decoder on the same input: none may panic; any success must re-encode exactly.
fn all_decoders(data: &[u8]) {
    fn same<T: Encode>(data: &[u8], v: &T) {
        assert_eq!(decode::wrap_opaque(&v.encode()), data);
    }
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
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..600)) {
        all_decoders(&data);
    }

    #[test]
    fn wrapped_arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..600)) {
        // Past the length prefix, so the structure decoders see the bytes.
        all_decoders(&decode::wrap_opaque(&data));
    }

    #[test]
    fn neurons_round_trip(neurons in proptest::collection::vec(neuron(), 0..4)) {
        let bytes = decode::wrap_opaque(&neurons.encode());
        prop_assert_eq!(decode::neurons_lite(&bytes).unwrap(), neurons);
    }

    #[test]
    fn corrupted_neurons_are_refused_or_exact(
        neurons in proptest::collection::vec(neuron(), 1..3),
        pos in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        cut in any::<prop::sample::Index>(),
    ) {
        let inner = neurons.encode();
        let mut flipped = inner.clone();
        let i = pos.index(flipped.len());
        flipped[i] = byte;
        all_decoders(&decode::wrap_opaque(&flipped));
        // A truncated structure never decodes.
        let short = &inner[..cut.index(inner.len())];
        prop_assert!(decode::neurons_lite(&decode::wrap_opaque(short)).is_err());
        // A trailing byte never decodes either.
        let mut long = inner.clone();
        long.push(byte);
        prop_assert!(decode::neurons_lite(&decode::wrap_opaque(&long)).is_err());
    }

    #[test]
    fn stake_infos_round_trip(infos in proptest::collection::vec(
        (any::<[u8; 32]>(), any::<[u8; 32]>(), any::<u16>(), any::<[u64; 4]>(), any::<bool>()), 0..5)) {
        let infos: Vec<StakeInfo> = infos.into_iter().map(|(hotkey, coldkey, netuid, v, is_registered)| StakeInfo {
            hotkey, coldkey, netuid, stake: v[0], locked: v[1], emission: v[2], drain: v[3], is_registered,
        }).collect();
        let bytes = decode::wrap_opaque(&infos.encode());
        prop_assert_eq!(decode::stake_info_for_coldkey(&bytes).unwrap(), infos);
    }
}

#[test]
fn empty_single_getters_mean_missing() {
    let empty = decode::wrap_opaque(&[]);
    assert_eq!(decode::neuron_lite(&empty).unwrap(), None);
    assert_eq!(decode::subnet_info(&empty).unwrap(), None);
    assert_eq!(decode::subnet_info_v2(&empty).unwrap(), None);
    assert_eq!(decode::delegate(&empty).unwrap(), None);
    // List outputs must hold at least their own length.
    assert_eq!(decode::neurons_lite(&empty).unwrap_err().code(), "decode");
    assert_eq!(decode::neurons_lite(&[]).unwrap_err().code(), "decode");
}
