//! Hostile input to every exported function of the bindings: each call returns, or fails with a
//! `TaolightError` that has a stable code and a message. No call panics: a panic here would reach
//! Kotlin, Swift or Python as uniffi's generic "Rust panic" instead of a typed exception.
//!
//! The calls run inside `catch_unwind` so that one panicking input fails the test with its name
//! instead of stopping it; the chain part runs against the local real chain (the devnet).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex};

use taolight::keys::{Scheme, WordCount};
use taolight::tx::WaitFor;
use taolight_ffi::tx::TxOptions;
use taolight_ffi::{Call, Client, Keypair, Mnemonic, TaolightError, Wallet};

/// Every error code seen, with how often: printed at the end, and checked to be non-empty.
static CODES: Mutex<BTreeMap<String, u32>> = Mutex::new(BTreeMap::new());

/// Runs `f` and asserts it did not panic and, if it failed, failed typed.
fn check<T>(what: &str, f: impl FnOnce() -> Result<T, TaolightError>) -> Option<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Err(_) => panic!("{what}: panicked"),
        Ok(Ok(v)) => Some(v),
        Ok(Err(e)) => {
            record(what, &e);
            None
        }
    }
}

fn record(what: &str, e: &TaolightError) {
    assert!(!e.code().is_empty(), "{what}: error without a code: {e:?}");
    assert!(!e.to_string().is_empty(), "{what}: error without a message");
    *CODES.lock().unwrap().entry(e.code().to_string()).or_default() += 1;
}

/// `check` for a call that must fail.
fn refused<T>(what: &str, f: impl FnOnce() -> Result<T, TaolightError>) -> TaolightError {
    match catch_unwind(AssertUnwindSafe(f)) {
        Err(_) => panic!("{what}: panicked"),
        Ok(Ok(_)) => panic!("{what}: accepted"),
        Ok(Err(e)) => {
            record(what, &e);
            e
        }
    }
}

/// Strings no caller should send, and some a caller might by mistake.
fn hostile_strings() -> Vec<String> {
    vec![
        String::new(),
        " ".into(),
        "\0".into(),
        "\u{feff}".into(),
        "🦀🦀🦀".into(),
        "0x".into(),
        "0xzz".into(),
        "0x0".into(),
        format!("0x{}", "f".repeat(63)),
        format!("0x{}", "00".repeat(33)),
        "//".into(),
        "///".into(),
        "//Alice///".into(),
        "//Alice//".into(),
        "/".repeat(10_000),
        "//a".repeat(20_000),
        "abandon ".repeat(11),
        "abandon ".repeat(25),
        "a".repeat(1 << 20),
        "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQ".into(),
        "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQYY".into(),
        "0OIl".into(),
        "1".into(),
        "../../../../etc/passwd".into(),
        "{}".into(),
        "null".into(),
        "[".into(),
    ]
}

fn hostile_bytes() -> Vec<Vec<u8>> {
    vec![vec![], vec![0], vec![0xff; 31], vec![0xff; 33], vec![0; 64], vec![0xab; 65], vec![7; 1 << 16]]
}

fn alice() -> Arc<Keypair> {
    Keypair::from_uri("//Alice".into(), Scheme::Sr25519).expect("//Alice")
}

#[test]
fn keys_and_addresses() {
    for s in hostile_strings() {
        let short: String = s.chars().take(24).collect();
        check(&format!("Mnemonic::parse({short:?})"), || Mnemonic::parse(s.clone()));
        for scheme in [Scheme::Sr25519, Scheme::Ed25519] {
            check(&format!("Keypair::from_uri({short:?})"), || Keypair::from_uri(s.clone(), scheme));
            check(&format!("Keypair::from_mnemonic({short:?})"), || {
                Keypair::from_mnemonic(s.clone(), s.clone(), scheme)
            });
            check(&format!("verify(.., {short:?})"), || verify_with(&s, scheme));
        }
        check(&format!("ss58_decode({short:?})"), || taolight_ffi::keys::ss58_decode(s.clone()));
        check(&format!("Call::transfer_keep_alive({short:?})"), || Call::transfer_keep_alive(s.clone(), 1));
        check(&format!("Call::add_stake({short:?})"), || Call::add_stake(s.clone(), u16::MAX, u64::MAX));
        check(&format!("Call::burned_register({short:?})"), || Call::burned_register(0, s.clone()));
        check(&format!("Call::serve_axon({short:?})"), || Call::serve_axon(1, s.clone(), 0, 0, 255));
        check(&format!("polkadot_js_import({short:?})"), || {
            taolight_ffi::keyfile::polkadot_js_import(s.clone(), s.clone())
        });
        check(&format!("list_wallets({short:?})"), || taolight_ffi::keyfile::list_wallets(s.clone()));
    }
    for b in hostile_bytes() {
        for scheme in [Scheme::Sr25519, Scheme::Ed25519] {
            check(&format!("Keypair::from_seed({} bytes)", b.len()), || Keypair::from_seed(b.clone(), scheme));
        }
        for prefix in [0, 42, 46, 47, 63, 64, 16_383, 16_384, u16::MAX] {
            check(&format!("ss58_encode({} bytes, {prefix})", b.len()), || {
                taolight_ffi::keys::ss58_encode(b.clone(), prefix)
            });
        }
        let pair = alice();
        let _ = pair.sign(b.clone());
        let _ = taolight_ffi::keys::wrap_bytes(b.clone());
        let address = pair.ss58_address(42).expect("prefix 42");
        check("verify(hostile signature)", || {
            taolight_ffi::keys::verify(b.clone(), b.clone(), address.clone(), Scheme::Sr25519)
        });
    }
    // A prefix SS58 cannot express is refused, not cut to 14 bits (another network's address).
    for prefix in [46, 47, 16_384, u16::MAX] {
        refused(&format!("ss58_address({prefix})"), || alice().ss58_address(prefix));
    }
    let _ = Call::set_weights(1, vec![0, 1, 2], vec![1], u64::MAX);
    let _ = Call::set_weights(1, vec![], vec![], 0);
    check("Mnemonic::generate", || Mnemonic::generate(WordCount::Words24));
}

fn verify_with(s: &str, scheme: Scheme) -> Result<bool, TaolightError> {
    taolight_ffi::keys::verify(s.as_bytes().to_vec(), s.as_bytes().to_vec(), s.to_string(), scheme)
}

#[test]
fn polkadot_js_accounts() {
    let good = taolight_ffi::keyfile::polkadot_js_export(alice(), "pw".into(), "alice".into()).expect("export");
    let v: serde_json::Value = serde_json::from_str(&good).unwrap();
    let e = refused("wrong password", || taolight_ffi::keyfile::polkadot_js_import(good.clone(), "nope".into()));
    assert!(matches!(e, TaolightError::BadInput { .. }), "{e:?}");

    // Damaged copies of a real export: each field dropped, emptied, retyped, or the payload cut.
    let obj = v.as_object().unwrap().clone();
    let mut variants = Vec::new();
    for key in obj.keys() {
        for replacement in [None, Some(serde_json::json!("")), Some(serde_json::json!(12)), Some(serde_json::json!(null))] {
            let mut o = obj.clone();
            match replacement {
                None => {
                    o.remove(key);
                }
                Some(r) => {
                    o.insert(key.clone(), r);
                }
            }
            variants.push(serde_json::Value::Object(o).to_string());
        }
    }
    let encoded = obj["encoded"].as_str().unwrap().to_string();
    for cut in [0, 1, 10, encoded.len() / 2, encoded.len() - 1] {
        let mut o = obj.clone();
        o.insert("encoded".into(), serde_json::json!(&encoded[..cut]));
        variants.push(serde_json::Value::Object(o).to_string());
    }
    // scrypt parameters (N, p, r at bytes 32..44 of `encoded`) that would take hours or
    // terabytes, or are not scrypt's: refused before any work is done.
    let bytes = base64_decode(&encoded);
    for (n, p, r) in [(1u32 << 31, 1u32, 8u32), (1 << 15, 1 << 20, 8), (1 << 15, 1, 1 << 20), (3, 1, 8), (0, 0, 0)] {
        let mut b = bytes.clone();
        b[32..36].copy_from_slice(&n.to_le_bytes());
        b[36..40].copy_from_slice(&p.to_le_bytes());
        b[40..44].copy_from_slice(&r.to_le_bytes());
        let mut o = obj.clone();
        o.insert("encoded".into(), serde_json::json!(base64_encode(&b)));
        variants.push(serde_json::Value::Object(o).to_string());
    }
    for (i, json) in variants.into_iter().enumerate() {
        let started = std::time::Instant::now();
        check(&format!("polkadot_js_import(variant {i})"), || taolight_ffi::keyfile::polkadot_js_import(json, "pw".into()));
        assert!(started.elapsed().as_secs() < 20, "variant {i} took {:?}", started.elapsed());
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(s).unwrap_or_default()
}

fn base64_encode(b: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(b)
}

#[test]
fn wallet_directories() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_string_lossy().into_owned();
    for name in hostile_strings() {
        let short: String = name.chars().take(24).collect();
        if let Some(w) = check(&format!("Wallet::new({short:?})"), || Wallet::new(root.clone(), name.clone())) {
            check(&format!("info({short:?})"), || w.info());
            check(&format!("coldkey({short:?})"), || w.coldkey(Some("pw".into())));
            check(&format!("coldkey_public({short:?})"), || w.coldkey_public());
            check(&format!("hotkey_public({short:?})"), || w.hotkey_public(name.clone()));
            check(&format!("hotkey({short:?})"), || w.hotkey(name.clone(), None));
        }
    }
    // A hotkey name that climbs out of the wallet directory is refused, not written.
    let w = Wallet::new(root.clone(), "w".into()).unwrap();
    for hk in ["../escape", "..", "a/b", "", "/abs"] {
        refused(&format!("create_hotkey({hk:?})"), || {
            w.import_hotkey(hk.into(), alice(), None, false)
        });
    }
    assert!(!dir.path().join("escape").exists());

    // Damaged keyfiles: every form of the coldkey file cut, emptied or replaced by junk.
    let mnemonic = Mnemonic::generate(WordCount::Words12).unwrap();
    w.create_coldkey(mnemonic, Scheme::Sr25519, Some("pw".into()), false).unwrap();
    let coldkey = dir.path().join("w").join("coldkey");
    let original = std::fs::read(&coldkey).unwrap();
    let pub_file = dir.path().join("w").join("coldkeypub.txt");
    let original_pub = std::fs::read(&pub_file).unwrap();
    let mut damaged: Vec<Vec<u8>> = vec![vec![], b"{".to_vec(), b"$NACL".to_vec(), vec![0xff; 100], b"null".to_vec()];
    for cut in [1, 5, 10, original.len() / 2, original.len() - 1] {
        damaged.push(original[..cut].to_vec());
    }
    let mut flipped = original.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    damaged.push(flipped);
    for (i, bytes) in damaged.iter().enumerate() {
        std::fs::write(&coldkey, bytes).unwrap();
        refused(&format!("coldkey(damaged {i})"), || w.coldkey(Some("pw".into())));
        check(&format!("info(damaged {i})"), || w.info());
        std::fs::write(&pub_file, bytes).unwrap();
        refused(&format!("coldkey_public(damaged {i})"), || w.coldkey_public());
        std::fs::write(&pub_file, &original_pub).unwrap();
    }
    std::fs::write(&coldkey, &original).unwrap();
    let e = refused("wrong password", || w.coldkey(Some("wrong".into())));
    assert_eq!(e.code(), "keyfile.wrong_password");
    check("list_wallets(root)", || taolight_ffi::keyfile::list_wallets(root.clone()));
    check("list_wallets(a file)", || taolight_ffi::keyfile::list_wallets(coldkey.to_string_lossy().into_owned()));
}

#[test]
fn chain_client() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().worker_threads(2).build().unwrap();
    rt.block_on(async {
        for url in ["", "http://127.0.0.1:1", "ws://", "ws://127.0.0.1:1", "wss://[::1", "finney-ish", "ws://\0"] {
            for timeout in [0, 1, 300] {
                let r = AssertUnwindSafe(Client::connect(url.into(), timeout));
                match futures_catch(r).await {
                    None => panic!("Client::connect({url:?}, {timeout}): panicked"),
                    Some(Ok(_)) => panic!("Client::connect({url:?}): connected to nothing"),
                    Some(Err(e)) => record("Client::connect", &e),
                }
            }
        }

        let devnet = taolight_devnet::Devnet::shared().expect("devnet");
        // A timeout far beyond any clock: no overflow, just a long bound.
        let client = Client::connect(devnet.url().into(), u64::MAX).await.expect("connect");
        for s in hostile_strings() {
            let short: String = s.chars().take(24).collect();
            let c = &client;
            async_check(&format!("balance({short:?})"), c.balance(s.clone())).await;
            async_check(&format!("stake({short:?})"), c.stake(s.clone())).await;
            async_check(&format!("stake_for({short:?})"), c.stake_for(s.clone())).await;
            async_check(&format!("neuron_status({short:?})"), c.neuron_status(s.clone(), Some(u16::MAX))).await;
            async_check(&format!("delegate({short:?})"), c.delegate(s.clone())).await;
            let call = Call::transfer_keep_alive(alice().ss58_address(42).unwrap(), 1).unwrap();
            async_check(&format!("estimate_fee(sender {short:?})"), c.estimate_fee(call, s.clone(), None)).await;
        }
        for netuid in [0, 1, 2, 999, u16::MAX] {
            async_check(&format!("subnet({netuid})"), client.subnet(netuid)).await;
            async_check(&format!("metagraph({netuid})"), client.metagraph(netuid)).await;
        }
        // Transactions that cannot work: typed chain or input errors, nothing sent twice.
        let nobody = Keypair::generate(Scheme::Sr25519).unwrap();
        let huge = Call::transfer_keep_alive(alice().ss58_address(42).unwrap(), u64::MAX).unwrap();
        for (what, call, signer, options) in [
            ("transfer from an empty account", huge.clone(), nobody.clone(), None),
            ("transfer u64::MAX", huge.clone(), alice(), None),
            (
                "nonce far in the past",
                huge.clone(),
                alice(),
                Some(TxOptions { tip: 0, mortality: Some(64), nonce: Some(0), metadata_hash: false, wait_for: Some(WaitFor::InBlock) }),
            ),
            (
                "mortality of u32::MAX blocks",
                huge.clone(),
                nobody.clone(),
                Some(TxOptions { tip: u64::MAX, mortality: Some(u64::MAX), nonce: None, metadata_hash: true, wait_for: Some(WaitFor::None) }),
            ),
        ] {
            let e = match futures_catch(AssertUnwindSafe(client.sign_and_submit(call, signer, options))).await {
                None => panic!("{what}: panicked"),
                Some(Ok(o)) => panic!("{what}: accepted ({o:?})"),
                Some(Err(e)) => e,
            };
            record(what, &e);
        }
    });
    let codes = CODES.lock().unwrap();
    eprintln!("error codes seen: {codes:?}");
    assert!(codes.len() >= 5, "too few distinct codes: {codes:?}");
}

/// The light client: hostile chain specs, genesis hashes and bounds are typed errors.
#[test]
fn light_client() {
    use taolight_ffi::{LightClient, LightHealth, SyncProgressListener};
    struct Ignore;
    impl SyncProgressListener for Ignore {
        fn on_progress(&self, _: LightHealth) {}
    }
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().worker_threads(2).build().unwrap();
    rt.block_on(async {
        for s in hostile_strings() {
            let short: String = s.chars().take(24).collect();
            for timeout in [0, 1, u64::MAX] {
                let r = futures_catch(AssertUnwindSafe(LightClient::start(s.clone(), None, None, timeout))).await;
                match r {
                    None => panic!("LightClient::start(spec {short:?}): panicked"),
                    Some(Ok(_)) => panic!("LightClient::start(spec {short:?}): accepted"),
                    Some(Err(e)) => record("LightClient::start", &e),
                }
            }
        }
        let path = format!("{}/../../shared/chain/subtensor-spec218-devnet.json", env!("CARGO_MANIFEST_DIR"));
        let spec = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path} (shared test data): {e}"));
        for g in ["", "0x", "0x12", "zz", "0xa934637b44b267fe979d2be5f18f3e7834a11fc9db6bc4598da3fa35b6f46c5"] {
            let e = match futures_catch(AssertUnwindSafe(LightClient::start(spec.clone(), None, Some(g.into()), 60_000))).await {
                None => panic!("LightClient::start(expected_genesis {g:?}): panicked"),
                Some(Ok(_)) => panic!("LightClient::start(expected_genesis {g:?}): accepted"),
                Some(Err(e)) => e,
            };
            record("LightClient::start(expected_genesis)", &e);
            assert_eq!(e.code(), "chain.invalid_block_hash", "{g:?}: {e:?}");
        }
        // A damaged database is ignored, not trusted: smoldot starts from the spec.
        let light = LightClient::start(spec.clone(), Some("{\"garbage\"".into()), None, 60_000).await.expect("starts");
        let e = light.wait_for_sync(0, Arc::new(Ignore)).await.expect_err("no time to sync");
        assert_eq!(e.code(), "chain.timeout", "{e:?}");
        for max in [Some(0), Some(1), Some(u64::MAX)] {
            let r = futures_catch(AssertUnwindSafe(light.finalized_database(max))).await;
            match r {
                None => panic!("finalized_database({max:?}): panicked"),
                Some(Ok(_)) => {}
                Some(Err(e)) => record("finalized_database", &e),
            }
        }
    });
}

async fn async_check<T>(what: &str, f: impl std::future::Future<Output = Result<T, TaolightError>>) -> Option<T> {
    match futures_catch(AssertUnwindSafe(f)).await {
        None => panic!("{what}: panicked"),
        Some(Ok(v)) => Some(v),
        Some(Err(e)) => {
            record(what, &e);
            None
        }
    }
}

/// Awaits `f`, a panic inside it seen as `None`.
async fn futures_catch<T>(f: AssertUnwindSafe<impl std::future::Future<Output = T>>) -> Option<T> {
    use futures::FutureExt;
    f.catch_unwind().await.ok()
}

/// If a panic ever happened inside an export, it must reach the foreign side as an exception
/// (uniffi's `InternalException` / `InternalError`), not abort the app. Every export runs inside
/// uniffi's `rust_call`, which catches the unwind; that holds as long as the profiles keep
/// `panic = "unwind"` (the workspace's release profile says so explicitly).
#[test]
fn a_panic_inside_an_export_becomes_an_error_status() {
    let mut status = uniffi::RustCallStatus::default();
    let out: i8 = uniffi::rust_call(&mut status, || -> Result<i8, uniffi::RustCallError> {
        let v: Vec<u8> = Vec::new();
        // An index out of bounds: the kind of bug a decoder could have.
        Ok(v[usize::from(std::hint::black_box(3u8))] as i8)
    });
    assert_eq!(out, 0);
    assert_eq!(status.code, uniffi::RustCallStatusCode::UnexpectedError);
    let message = <String as uniffi::Lift<taolight_ffi::UniFfiTag>>::try_lift(std::mem::ManuallyDrop::into_inner(status.error_buf))
        .expect("a message");
    assert!(message.contains("index out of bounds"), "{message}");
}
