//! Transactions without a network: metadata recorded from the genuine spec-218 and spec-103
//! runtimes (`tests/devnet/lib/fetch-metadata.mjs` runs each runtime in chopsticks and saves
//! what it answers), so the same code is shown to work on an old and a newer runtime.

use proptest::prelude::*;
use taolight::chain::{BlockHash, Metadata};
use taolight::keys::{Keypair, Scheme};
use taolight::tx::{
    calls, decode_extrinsic, metadata_hash, Call, ChainParams, Era, MetadataHashInfo, MultiSignature, Signer,
    SigningPayload, TxError, TxParams, Value, ValueExt,
};

fn metadata(spec: u32) -> Metadata {
    let dir = std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo test");
    let raw = std::fs::read(format!("{dir}/tests/fixtures/metadata/spec{spec}.scale")).expect("fixture");
    Metadata::decode(spec, raw).expect("metadata")
}

fn chain(spec: u32) -> ChainParams {
    ChainParams { genesis: BlockHash([0x45; 32]), spec_version: spec, tx_version: 1 }
}

fn params(nonce: u32) -> TxParams {
    TxParams {
        nonce,
        tip: 7,
        era: Era::mortal(64, 1000).expect("era"),
        birth_hash: BlockHash([0xab; 32]),
        metadata_hash: None,
    }
}

fn alice() -> Keypair {
    Keypair::from_uri("//Alice", Scheme::Sr25519).expect("key")
}

fn bob() -> [u8; 32] {
    Keypair::from_uri("//Bob", Scheme::Sr25519).expect("key").public().bytes
}

#[test]
fn both_runtimes_list_their_extensions_and_build_transfers() {
    for spec in [103, 218] {
        let md = metadata(spec);
        let names: Vec<String> = md.extensions().into_iter().map(|e| e.identifier).collect();
        println!("spec {spec} (metadata V{}): {}", md.version(), names.join(", "));
        assert!(names.iter().any(|n| n == "CheckNonce"));
        let call = calls::transfer_keep_alive(&bob(), 1_500_000_000);
        let encoded = call.encode(&md).expect("encode");
        // Balances is pallet 5 in both runtimes, transfer_keep_alive call 3; Compact value.
        assert_eq!(&encoded[..3], &[5, 3, 0]);
        assert_eq!(&encoded[3..35], &bob());
        let payload = SigningPayload::new(&md, &chain(spec), &call, &params(3)).expect("payload");
        let ext = payload.sign(&alice());
        let decoded = decode_extrinsic(&md, ext.bytes()).expect("decode");
        assert_eq!(decoded.call.path(), "Balances.transfer_keep_alive");
        let signed = decoded.signed.expect("signed");
        assert_eq!(signed.signer, alice().public().bytes);
        let ext_value = |name: &str| signed.extensions.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        assert_eq!(ext_value("CheckNonce").and_then(|v| v.as_uint()), Some(3));
        assert_eq!(ext_value("ChargeTransactionPayment").and_then(|v| v.as_uint()), Some(7));
        assert!(signed.signature.verify(&payload.to_sign(), &signed.signer));
    }
}

#[test]
fn spec_218_extensions_encode_exactly() {
    let md = metadata(218);
    let payload = SigningPayload::new(&md, &chain(218), &calls::transfer_keep_alive(&bob(), 1), &params(5)).expect("payload");
    let parts: Vec<(&str, &[u8], &[u8])> =
        payload.extensions.parts.iter().map(|p| (p.identifier.as_str(), &p.extra[..], &p.implicit[..])).collect();
    let era = Era::mortal(64, 1000).expect("era").encode();
    let spec = 218u32.to_le_bytes();
    let one = 1u32.to_le_bytes();
    let expected: Vec<(&str, &[u8], &[u8])> = vec![
        ("CheckNonZeroSender", &[], &[]),
        ("CheckSpecVersion", &[], &spec),
        ("CheckTxVersion", &[], &one),
        ("CheckGenesis", &[], &[0x45; 32]),
        ("CheckMortality", &era, &[0xab; 32]),
        ("CheckNonce", &[5 << 2], &[]),
        ("CheckWeight", &[], &[]),
        ("ChargeTransactionPayment", &[7 << 2], &[]),
        ("SubtensorSignedExtension", &[], &[]),
        ("CommitmentsSignedExtension", &[], &[]),
        ("CheckMetadataHash", &[0], &[0]),
    ];
    assert_eq!(parts, expected);
}

#[test]
fn builders_follow_the_runtime_or_say_they_cannot() {
    let (old, new) = (metadata(103), metadata(218));
    let hot = bob();
    // Pre-dTAO spec 103: add_stake has no netuid: a typed error, not wrong bytes.
    let err = calls::add_stake(&hot, 1, 5).encode(&old).expect_err("no netuid in spec 103");
    assert!(matches!(&err, TxError::UnknownArgument { arg, .. } if arg == "netuid"), "{err}");
    // The same call written for that runtime, dynamically.
    let legacy = Call::new("SubtensorModule", "add_stake")
        .arg("hotkey", taolight::tx::account(&hot))
        .arg("amount_staked", taolight::tx::uint(5u64));
    assert!(legacy.encode(&old).is_ok());
    assert!(calls::add_stake(&hot, 1, 5).encode(&new).is_ok());
    // Calls only later runtimes have.
    for call in [calls::unstake_all(&hot), calls::add_stake_limit(&hot, 1, 1, 1, true), calls::swap_stake(&hot, 1, 2, 3)] {
        assert!(matches!(call.encode(&new), Err(TxError::NotSupportedByRuntime(_))), "{}", call.path());
    }
    // Bad argument values and names.
    let bad = Call::new("Balances", "transfer_keep_alive")
        .arg("dest", taolight::tx::multi_address(&hot))
        .arg("value", Value::string("lots"));
    assert!(matches!(bad.encode(&new), Err(TxError::BadArgument { arg, .. }) if arg == "value"));
    let missing = Call::new("Balances", "transfer_keep_alive").arg("dest", taolight::tx::multi_address(&hot));
    assert!(matches!(missing.encode(&new), Err(TxError::MissingArgument { arg, .. }) if arg == "value"));
    // Every builder encodes on spec 218 and decodes back to the same call.
    let endpoint = calls::Endpoint { ip: "10.0.0.1".parse().expect("ip"), port: 1, version: 2, protocol: 4 };
    let all = [
        calls::transfer_keep_alive(&hot, 1),
        calls::transfer_allow_death(&hot, 1),
        calls::transfer_all(&hot, true),
        calls::add_stake(&hot, 1, 1),
        calls::remove_stake(&hot, 1, 1),
        calls::move_stake(&hot, &hot, 1, 2, 3),
        calls::burned_register(1, &hot),
        calls::root_register(&hot),
        calls::set_weights(1, &[0, 1], &[1, 2], 0),
        calls::commit_weights(1, &[1; 32]),
        calls::reveal_weights(1, &[0], &[1], &[2], 0),
        calls::serve_axon(1, &endpoint),
        calls::serve_prometheus(1, &endpoint),
        calls::decrease_take(&hot, 1),
        calls::increase_take(&hot, 1),
        calls::set_children(&hot, 1, &[(u64::MAX, hot)]),
        calls::set_childkey_take(&hot, 1, 1),
        calls::batch_all(&[calls::transfer_keep_alive(&hot, 1), calls::add_stake(&hot, 1, 1)]),
        calls::proxy(&hot, &calls::transfer_keep_alive(&hot, 1)),
        calls::sudo(&calls::transfer_keep_alive(&hot, 1)),
    ];
    for call in all {
        let bytes = call.encode(&new).unwrap_or_else(|e| panic!("{}: {e}", call.path()));
        let decoded = taolight::tx::decode_call(&new, &mut &bytes[..]).expect("decode");
        assert_eq!(decoded.path(), call.path());
        assert_eq!(decoded.args.len(), call.args.len(), "{}", call.path());
    }
}

#[test]
fn offline_signing_attaches_a_signature_made_elsewhere() {
    let md = metadata(218);
    let payload = SigningPayload::new(&md, &chain(218), &calls::add_stake(&bob(), 1, 10), &params(0)).expect("payload");
    // "Elsewhere": only the bytes to sign leave this process.
    let to_sign = payload.to_sign();
    let signer = Keypair::from_uri("//Alice", Scheme::Ed25519).expect("key");
    let signature = Signer::sign(&signer, &to_sign);
    let ext = payload.attach(&signer.public().bytes, &signature).expect("attach");
    // ed25519 is deterministic: the same as signing here.
    assert_eq!(ext, payload.sign(&signer));
    // A signature over something else, or from someone else, is refused.
    let wrong = Signer::sign(&signer, b"something else");
    assert!(matches!(payload.attach(&signer.public().bytes, &wrong), Err(TxError::BadSignature(_))));
    assert!(matches!(payload.attach(&bob(), &signature), Err(TxError::BadSignature(_))));
    let decoded = decode_extrinsic(&md, ext.bytes()).expect("decode");
    assert!(matches!(decoded.signed.expect("signed").signature, MultiSignature::Ed25519(_)));
}

#[test]
fn long_payloads_are_signed_as_their_hash() {
    let md = metadata(218);
    let uids: Vec<u16> = (0..100).collect();
    let payload = SigningPayload::new(&md, &chain(218), &calls::set_weights(1, &uids, &uids, 0), &params(0)).expect("payload");
    assert!(payload.bytes().len() > 256);
    assert_eq!(payload.to_sign(), sp_crypto_hashing::blake2_256(&payload.bytes()).to_vec());
    let short = SigningPayload::new(&md, &chain(218), &calls::root_register(&bob()), &params(0)).expect("payload");
    assert_eq!(short.to_sign(), short.bytes());
}

#[test]
fn metadata_hash_mode_signs_the_rfc78_hash() {
    let md = metadata(218);
    let info = MetadataHashInfo::bittensor("node-subtensor", 218);
    let hash = metadata_hash(&md, &info).expect("hash");
    assert_eq!(hash, metadata_hash(&md, &info).expect("hash"), "deterministic");
    let other = metadata_hash(&md, &MetadataHashInfo::bittensor("node-subtensor", 219)).expect("hash");
    assert_ne!(hash, other, "the spec version is part of the digest");
    println!("spec-218 metadata hash 0x{}", hex::encode(hash));
    let mut p = params(0);
    p.metadata_hash = Some(hash);
    let payload = SigningPayload::new(&md, &chain(218), &calls::root_register(&bob()), &p).expect("payload");
    let last = payload.extensions.parts.last().expect("parts");
    assert_eq!(last.identifier, "CheckMetadataHash");
    assert_eq!(last.extra, vec![1]);
    assert_eq!(last.implicit[0], 1);
    assert_eq!(&last.implicit[1..], &hash);
    // V14 metadata (spec 103) has no runtime API types: the hash needs V15.
    let old = metadata(103);
    assert!(matches!(metadata_hash(&old, &info), Err(TxError::MetadataHash(_))));
    // And spec 103 has no CheckMetadataHash at all.
    let err = SigningPayload::new(&old, &chain(103), &calls::root_register(&bob()), &p).expect_err("no such extension");
    assert!(matches!(err, TxError::NotSupportedByRuntime(_)), "{err}");
}

#[test]
fn decoding_reports_bad_extrinsics() {
    let md = metadata(218);
    for (bytes, why) in [
        (vec![], "empty"),
        (vec![0x04], "no call"),
        (vec![0x85, 0, 0], "version"),
        (vec![0x04, 250, 0], "no such pallet"),
        (vec![0x04, 5, 200], "no such call"),
    ] {
        let err = decode_extrinsic(&md, &bytes).expect_err(why);
        assert!(matches!(err, TxError::Decode { .. }), "{why}: {err}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decoding_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let md = metadata(218);
        let _ = decode_extrinsic(&md, &bytes);
        let _ = taolight::tx::events::decode_events(&md, &bytes);
        let _ = taolight::tx::decode_call(&md, &mut &bytes[..]);
    }

    #[test]
    fn mutated_extrinsics_never_panic(pos in 0usize..200, byte in any::<u8>(), cut in 0usize..200) {
        let md = metadata(218);
        let payload = SigningPayload::new(&md, &chain(218), &calls::set_weights(1, &[1, 2, 3], &[4, 5, 6], 0), &params(1)).expect("payload");
        let mut bytes = payload.sign(&alice()).bytes().to_vec();
        let p = pos % bytes.len();
        bytes[p] = byte;
        bytes.truncate(bytes.len() - cut % bytes.len());
        let _ = decode_extrinsic(&md, &bytes);
    }

    #[test]
    fn era_round_trips(period in 4u64..=65536, current in any::<u32>()) {
        let era = Era::mortal(period, current.into()).expect("era");
        let bytes = era.encode();
        prop_assert_eq!(Era::decode(&mut &bytes[..]).expect("decode"), era);
        prop_assert!(era.birth(current.into()) <= u64::from(current));
    }
}

#[test]
fn payloads_are_described_before_signing_and_raw_messages_sign_like_polkadot_js() {
    let md = metadata(218);
    let payload = SigningPayload::new(&md, &chain(218), &calls::add_stake(&bob(), 1, 10), &params(9)).expect("payload");
    let text = payload.describe(&md).expect("describe").to_string();
    println!("{text}");
    assert!(text.starts_with("call: SubtensorModule.add_stake(hotkey: 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty, netuid: 1, amount_staked: 10)"), "{text}");
    assert!(text.contains("netuid: 1") && text.contains("amount_staked: 10"), "{text}");
    assert!(text.contains("CheckNonce: 9"), "{text}");
    assert!(text.contains("CheckSpecVersion: signs 218"), "{text}");
    // Lists of small numbers are numbers, not bytes.
    let weights = SigningPayload::new(&md, &chain(218), &calls::set_weights(1, &[1, 2], &[3, 4], 0), &params(9)).expect("payload");
    let text = weights.describe(&md).expect("describe").to_string();
    assert!(text.contains("dests: [1, 2], weights: [3, 4]"), "{text}");

    let alice = alice();
    let raw = taolight::tx::SignerPayloadRaw {
        address: alice.public().to_ss58(42),
        data: "0x68656c6c6f".into(),
        kind: "bytes".into(),
    };
    let sig = raw.sign(&alice).expect("sign");
    let sig = taolight::keys::Signature::from_bytes(&hex::decode(&sig[2..]).expect("hex")).expect("64 bytes");
    assert!(taolight::keys::verify(b"<Bytes>hello</Bytes>", &sig, &alice.public()));
    let other = taolight::tx::SignerPayloadRaw { address: taolight::keys::ss58::encode(&bob(), 42), ..raw };
    assert!(other.sign(&alice).is_err(), "someone else's address");

    // A SignerPayloadJSON for another runtime's extension list is refused.
    let mut json = taolight::tx::SignerPayloadJson::new(&chain(218), &params(9), &payload.call, &alice.public().bytes, 1000,
        md.extensions().into_iter().map(|e| e.identifier).collect());
    assert_eq!(json.to_signing_payload(&md).expect("payload").bytes(), payload.bytes());
    json.signed_extensions.pop();
    assert!(matches!(json.to_signing_payload(&md), Err(TxError::Decode { .. })));
}

/// `sudo(sudo(…(system.remark(""))))` nested `n` times, as raw call bytes.
fn nested_sudo(md: &Metadata, n: usize) -> Vec<u8> {
    let sudo = md.pallet_index("Sudo").expect("Sudo pallet");
    let system = md.pallet_index("System").expect("System pallet");
    let mut bytes = [sudo, 0].repeat(n); // Sudo.sudo is call 0
    bytes.extend([system, 0, 0]); // System.remark is call 0, empty bytes
    bytes
}

/// Nesting is bounded: honest depth decodes (also on a 1 MiB stack, wasm's default, in a debug
/// build), hostile depth is a typed decode error instead of a stack overflow (a crash that the
/// `extrinsic_decode` fuzz target found: a few kilobytes of `sudo` prefixes).
#[test]
fn call_nesting_is_bounded() {
    let md = metadata(218);
    let honest = nested_sudo(&md, 60);
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn_scoped(s, || {
                let call = taolight::tx::decode_call(&md, &mut &honest[..]).expect("60 nested calls decode");
                assert_eq!((call.pallet.as_str(), call.name.as_str()), ("Sudo", "sudo"));
            })
            .expect("thread")
            .join()
            .expect("no stack overflow at honest depth");
    });
    for n in [100, 5_000, 200_000] {
        let hostile = nested_sudo(&md, n);
        let err = taolight::tx::decode_call(&md, &mut &hostile[..]).expect_err("too deep");
        assert!(matches!(err, TxError::Decode { .. }), "{err:?}");
        assert!(err.to_string().contains("deeper than"), "{err}");
    }
}
