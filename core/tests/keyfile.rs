//! Keyfiles and wallet directories against files written by bittensor-wallet 4.1.1
//! (fixtures made with its `create_coldkey_from_uri`, `create_hotkey_from_uri` and
//! `regenerate_coldkey`), plus crash-safety and permission checks.

#![allow(clippy::unwrap_used)]

use std::path::Path;

use taolight::keyfile::{decrypt, encrypt_nacl, write_atomic, KeyfileContent, KeyfileError, PublicKeyfile, Wallet};
use taolight::keys::{Keypair, Mnemonic, Scheme, DEV_PHRASE};
use taolight::SecretString;

const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const BOB: &str = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";

fn fixture(name: &str) -> Vec<u8> {
    // The manifest dir at run time: a shared target dir may hold a binary built in another checkout.
    let dir = std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo test");
    std::fs::read(Path::new(&dir).join("tests/fixtures/btwallet").join(name)).unwrap()
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap()
}

#[test]
fn reads_btwallet_encrypted_coldkey() {
    let data = fixture("alice-coldkey-nacl-testing123");
    let plain = decrypt(&data, Some(b"testing123!")).unwrap();
    let content = KeyfileContent::from_json(&plain).unwrap();
    assert_eq!(content.public().to_ss58(42), ALICE);
    assert!(matches!(decrypt(&data, Some(b"testing123?")), Err(KeyfileError::WrongPassword)));
    assert!(matches!(decrypt(&data, None), Err(KeyfileError::PasswordRequired)));
    // Truncation anywhere is a typed error, never a panic.
    assert!(decrypt(&data[..20], Some(b"testing123!")).is_err());
}

#[test]
fn reads_btwallet_plain_and_public_files() {
    let bob = KeyfileContent::from_json(&fixture("bob-hotkey-plain")).unwrap();
    assert_eq!(bob.public().to_ss58(42), BOB);
    let root = KeyfileContent::from_json(&fixture("devphrase-coldkey-plain")).unwrap();
    assert_eq!(root.public().to_ss58(42), "5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV");
    assert!(root.mnemonic.is_some());
    let public = PublicKeyfile::from_json(&fixture("alice-coldkeypub.txt")).unwrap();
    assert_eq!(public.public.to_ss58(42), ALICE);
}

#[test]
fn writes_what_btwallet_writes() {
    // Same fields and values as bittensor-wallet (its key order is random: compare as JSON values).
    let alice = KeyfileContent::from_pair(Keypair::from_uri("//Alice", Scheme::Sr25519).unwrap());
    let plain = decrypt(&fixture("alice-coldkey-nacl-testing123"), Some(b"testing123!")).unwrap();
    assert_eq!(json(&alice.to_json()), json(&plain));
    let root = KeyfileContent::from_mnemonic(Mnemonic::parse(DEV_PHRASE).unwrap(), Scheme::Sr25519).unwrap();
    assert_eq!(json(&root.to_json()), json(&fixture("devphrase-coldkey-plain")));
    let public = PublicKeyfile { public: alice.public() };
    assert_eq!(json(&public.to_json()), json(&fixture("alice-coldkeypub.txt")));
    // Compact, no trailing newline, like bittensor-wallet.
    assert!(!alice.to_json().ends_with(b"\n") && !alice.to_json().contains(&b' '));
}

#[test]
fn keyfile_json_variants_and_errors() {
    let alice = "0x33a6f3093f158a7109f679410bef1a0c54168145e0cecb4df006c1c2fffb1f09925a225d97aa00682d6a59b95b18780c10d7032336e88f3442b42361f4a66011";
    // Only privateKey, without 0x, nulls, extra fields, whitespace.
    let v = format!(r#" {{"privateKey":"{}","secretPhrase":null,"extra":5}}
"#, &alice[2..]);
    assert_eq!(KeyfileContent::from_json(v.as_bytes()).unwrap().public().to_ss58(42), ALICE);
    // ed25519 by cryptoType 0 with a 32-byte seed.
    let ed = r#"{"privateKey":"0xabf8e5bdbe30c65656c0a3cbd181ff8a56294a69dfedd27982aace4a76909115","cryptoType":0}"#;
    assert_eq!(KeyfileContent::from_json(ed.as_bytes()).unwrap().public().to_ss58(42), "5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu");
    for (bad, what) in [
        ("", "empty"),
        ("{\"privateKey\":\"0x33a6", "truncated"),
        ("{\"privateKey\":\"zz\"}", "not hex"),
        ("{\"privateKey\":\"0x00\"}", "short key"),
        ("{\"ss58Address\":\"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY\"}", "public only"),
        ("not json", "unknown"),
        (r#"{"cryptoType":7,"privateKey":"0x00"}"#, "crypto type"),
    ] {
        assert!(KeyfileContent::from_json(bad.as_bytes()).is_err(), "{what}");
    }
    // A file whose public fields disagree with its secret is refused.
    let mismatched = format!(r#"{{"privateKey":"{alice}","ss58Address":"{BOB}"}}"#);
    assert!(matches!(KeyfileContent::from_json(mismatched.as_bytes()), Err(KeyfileError::Corrupt(_))));
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn atomic_writes_refuse_overwrite_and_use_0600() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/key");
    write_atomic(&path, b"one", false).unwrap();
    assert!(matches!(write_atomic(&path, b"two", false), Err(KeyfileError::AlreadyExists(_))));
    assert_eq!(std::fs::read(&path).unwrap(), b"one");
    write_atomic(&path, b"three", true).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"three");
    #[cfg(unix)]
    assert_eq!(mode(&path), 0o600);
    // No temp file is left behind.
    assert_eq!(std::fs::read_dir(path.parent().unwrap()).unwrap().count(), 1);
}

#[test]
fn wallet_directory_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let wallet = Wallet::new(dir.path(), "w1").unwrap();
    let password = SecretString::from("correct horse");
    let cold = KeyfileContent::from_mnemonic(Mnemonic::parse(DEV_PHRASE).unwrap(), Scheme::Sr25519).unwrap();
    wallet.create_coldkey(&cold, Some(&password), false).unwrap();
    let hot = KeyfileContent::from_pair(Keypair::from_uri("//Bob", Scheme::Sr25519).unwrap());
    wallet.create_hotkey("default", &hot, None, false).unwrap();
    // Refuses to replace the coldkey without overwrite; the old one stays.
    let other = KeyfileContent::from_pair(Keypair::from_uri("//Eve", Scheme::Sr25519).unwrap());
    assert!(matches!(wallet.create_coldkey(&other, None, false), Err(KeyfileError::AlreadyExists(_))));

    let info = wallet.info().unwrap();
    assert_eq!(info.coldkey.unwrap().to_ss58(42), "5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV");
    assert!(info.coldkey_encrypted);
    assert_eq!(info.hotkeys.len(), 1);
    assert_eq!(info.hotkeys[0].public.unwrap().to_ss58(42), BOB);
    assert_eq!(Wallet::list(dir.path()).unwrap().len(), 1);

    let loaded = wallet.coldkey(Some(&password)).unwrap();
    assert_eq!(loaded.public(), cold.public());
    assert!(loaded.mnemonic.is_some());
    assert!(matches!(wallet.coldkey(Some(&"wrong".into())), Err(KeyfileError::WrongPassword)));
    assert_eq!(wallet.hotkey("default", None).unwrap().public(), hot.public());
    #[cfg(unix)]
    for p in [wallet.coldkey_path(), wallet.coldkeypub_path(), wallet.hotkey_path("default").unwrap(), wallet.hotkey_pub_path("default").unwrap()] {
        assert_eq!(mode(&p), 0o600, "{}", p.display());
    }
    assert!(matches!(Wallet::new(dir.path(), "../escape"), Err(KeyfileError::InvalidName(_))));
    assert!(matches!(wallet.hotkey("missing", None), Err(KeyfileError::NotFound(_))));
}

#[test]
fn nacl_round_trip() {
    let sealed = encrypt_nacl(b"{\"a\":1}", b"pw").unwrap();
    assert!(sealed.starts_with(b"$NACL"));
    assert_eq!(&*decrypt(&sealed, Some(b"pw")).unwrap(), b"{\"a\":1}");
}

#[test]
fn reads_legacy_ansible_vault_and_fernet() {
    // Made with ansible-core's VaultLib and cryptography's Fernet (PBKDF2-SHA256, 10^7 rounds,
    // bittensor's legacy salt), the formats old bittensor wallets wrote.
    for name in ["alice-coldkey-ansible-testing123", "alice-coldkey-fernet-testing123"] {
        let data = fixture(name);
        let plain = decrypt(&data, Some(b"testing123!")).unwrap();
        assert_eq!(KeyfileContent::from_json(&plain).unwrap().public().to_ss58(42), ALICE, "{name}");
    }
    let vault = fixture("alice-coldkey-ansible-testing123");
    assert!(matches!(decrypt(&vault, Some(b"nope")), Err(KeyfileError::WrongPassword)));
}
