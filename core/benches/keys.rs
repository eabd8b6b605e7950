//! Key benchmarks: sr25519 sign/verify through taolight against raw schnorrkel (the limit),
//! mnemonic to key pair, and bittensor keyfile decryption (Argon2i, 512 MiB).
//! `tests/bench/keys-vs-peers` runs this beside bittensor-wallet and polkadot-js and prints ratios.

#![allow(clippy::unwrap_used)]

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use taolight::keyfile::{decrypt, encrypt_nacl};
use taolight::keys::{verify, Keypair, Mnemonic, Scheme, DEV_PHRASE};

fn sr25519(c: &mut Criterion) {
    let pair = Keypair::from_uri("//Alice", Scheme::Sr25519).unwrap();
    let public = pair.public();
    let message = [7u8; 32];
    let signature = pair.sign(&message);
    c.bench_function("sr25519_sign/taolight", |b| b.iter(|| pair.sign(black_box(&message))));
    c.bench_function("sr25519_verify/taolight", |b| b.iter(|| verify(black_box(&message), &signature, &public)));

    // The schnorrkel limit: the same operation with no taolight code around it.
    let raw = schnorrkel::MiniSecretKey::from_bytes(&[1u8; 32]).unwrap().expand_to_keypair(schnorrkel::ExpansionMode::Ed25519);
    c.bench_function("sr25519_sign/schnorrkel", |b| b.iter(|| raw.sign_simple(b"substrate", black_box(&message))));
    let raw_sig = raw.sign_simple(b"substrate", &message);
    c.bench_function("sr25519_verify/schnorrkel", |b| b.iter(|| raw.public.verify_simple(b"substrate", black_box(&message), &raw_sig)));

    let ed = Keypair::from_uri("//Alice", Scheme::Ed25519).unwrap();
    c.bench_function("ed25519_sign/taolight", |b| b.iter(|| ed.sign(black_box(&message))));
}

fn mnemonic(c: &mut Criterion) {
    c.bench_function("mnemonic_to_keypair/taolight", |b| {
        b.iter(|| Keypair::from_phrase(&Mnemonic::parse(black_box(DEV_PHRASE)).unwrap(), "", Scheme::Sr25519).unwrap())
    });
}

fn keyfile(c: &mut Criterion) {
    let sealed = encrypt_nacl(b"{\"privateKey\":\"0x00\"}", b"testing123!").unwrap();
    let mut group = c.benchmark_group("keyfile_decrypt");
    group.sample_size(10);
    group.bench_function("taolight", |b| b.iter(|| decrypt(black_box(&sealed), Some(b"testing123!")).unwrap()));
    group.finish();
}

criterion_group!(benches, sr25519, mnemonic, keyfile);
criterion_main!(benches);
