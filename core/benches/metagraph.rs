//! Metagraph decoding: `NeuronInfoRuntimeApi_get_neurons_lite` output of 256 and 1024 neurons
//! (synthetic, encoded from taolight's own structures in the spec-218 layout, with served axons,
//! realistic score values and two stake entries each), decoded strictly. Criterion reports
//! neurons per second and bytes per second.

#![allow(clippy::unwrap_used)]

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use taolight::query::decode::{self, AxonInfo, Encode, NeuronInfoLite, PrometheusInfo, StakeEntry};

fn key(seed: u32, salt: u8) -> [u8; 32] {
    let mut k = [salt; 32];
    k[..4].copy_from_slice(&seed.to_le_bytes());
    k
}

fn neuron(uid: u16) -> NeuronInfoLite {
    let u = u32::from(uid);
    NeuronInfoLite {
        hotkey: key(u, 1),
        coldkey: key(u, 2),
        uid,
        netuid: 1,
        active: true,
        axon_info: AxonInfo {
            block: 4_000_000 + u64::from(u),
            version: 9_000_000,
            ip: u128::from(0xC0A8_0000u32 + u),
            port: 8091,
            ip_type: 4,
            protocol: 4,
            placeholder1: 0,
            placeholder2: 0,
        },
        prometheus_info: PrometheusInfo { block: 0, version: 0, ip: 0, port: 0, ip_type: 0 },
        stake: vec![
            StakeEntry { coldkey: key(u, 2), amount: 1_000_000_000_000 + u64::from(u) * 7919 },
            StakeEntry { coldkey: key(u, 3), amount: 12_345_678_901 },
        ],
        rank: (u * 61 % 65536) as u16,
        emission: 1_234_567 + u64::from(u),
        incentive: (u * 97 % 65536) as u16,
        consensus: (u * 131 % 65536) as u16,
        trust: 65535,
        validator_trust: if uid < 64 { 60000 } else { 0 },
        dividends: if uid < 64 { 1000 } else { 0 },
        last_update: 4_100_000 + u64::from(u),
        validator_permit: uid < 64,
        pruning_score: (u * 13 % 65536) as u16,
    }
}

fn metagraph(c: &mut Criterion) {
    let mut group = c.benchmark_group("metagraph_decode");
    for n in [256u16, 1024] {
        let neurons: Vec<NeuronInfoLite> = (0..n).map(neuron).collect();
        let bytes = decode::wrap_opaque(&neurons.encode());
        assert_eq!(decode::neurons_lite(&bytes).unwrap(), neurons);
        println!("{n} neurons: {} bytes", bytes.len());
        group.throughput(Throughput::Elements(u64::from(n)));
        group.bench_with_input(BenchmarkId::new("neurons", n), &bytes, |b, bytes| {
            b.iter(|| decode::neurons_lite(black_box(bytes)).unwrap())
        });
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::new("bytes", n), &bytes, |b, bytes| {
            b.iter(|| decode::neurons_lite(black_box(bytes)).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, metagraph);
criterion_main!(benches);
