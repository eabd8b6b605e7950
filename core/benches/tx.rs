//! Transaction benchmarks with cached metadata (the recorded spec-218 metadata, as a running app
//! holds it): build plus sign a transfer (sr25519 and ed25519), decode extrinsics, decode a
//! block's events. `tests/bench/tx-vs-peers` runs this beside @polkadot/api and prints ratios.

#![allow(clippy::unwrap_used)]

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use taolight::chain::{BlockHash, Metadata};
use taolight::keys::{Keypair, Scheme};
use taolight::tx::{calls, decode_extrinsic, ChainParams, Era, SigningPayload, TxParams};

fn metadata() -> Metadata {
    // The manifest dir at run time (cargo sets it): a shared target dir may hold this bench
    // built in another checkout.
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into());
    let raw = std::fs::read(format!("{dir}/tests/fixtures/metadata/spec218.scale")).unwrap();
    Metadata::decode(218, raw).unwrap()
}

fn build_sign(c: &mut Criterion) {
    let md = metadata();
    let chain = ChainParams { genesis: BlockHash([0x45; 32]), spec_version: 218, tx_version: 1 };
    let bob = Keypair::from_uri("//Bob", Scheme::Sr25519).unwrap().public().bytes;
    let params = |nonce| TxParams {
        nonce,
        tip: 0,
        era: Era::mortal(64, 1000).unwrap(),
        birth_hash: BlockHash([0xab; 32]),
        metadata_hash: None,
    };
    for (name, scheme) in [("build_sign_transfer/sr25519", Scheme::Sr25519), ("build_sign_transfer/ed25519", Scheme::Ed25519)] {
        let alice = Keypair::from_uri("//Alice", scheme).unwrap();
        let mut i = 0u32;
        c.bench_function(name, |b| {
            b.iter(|| {
                i = i.wrapping_add(1);
                let call = calls::transfer_keep_alive(&bob, 12_000_000_345 + i as u64);
                let ext = SigningPayload::new(&md, &chain, &call, &params(i)).unwrap().sign(&alice);
                black_box(ext.to_hex())
            })
        });
    }
    let alice = Keypair::from_uri("//Alice", Scheme::Sr25519).unwrap();
    let transfer = SigningPayload::new(&md, &chain, &calls::transfer_keep_alive(&bob, 1), &params(3)).unwrap().sign(&alice);
    let uids: Vec<u16> = (0..100).collect();
    let weights: Vec<u16> = (600..700).collect();
    let set_weights =
        SigningPayload::new(&md, &chain, &calls::set_weights(1, &uids, &weights, 0), &params(3)).unwrap().sign(&alice);
    c.bench_function("decode_extrinsic/transfer", |b| b.iter(|| decode_extrinsic(&md, black_box(transfer.bytes())).unwrap()));
    c.bench_function("decode_extrinsic/set_weights_100", |b| {
        b.iter(|| decode_extrinsic(&md, black_box(set_weights.bytes())).unwrap())
    });
}

criterion_group!(benches, build_sign);
criterion_main!(benches);
