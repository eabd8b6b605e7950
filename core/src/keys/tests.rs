//! Public vectors: Substrate's dev phrase, subkey's outputs, and substrate-bip39's vectors.

use super::*;

fn public_hex(uri: &str, scheme: Scheme) -> String {
    hex::encode(Keypair::from_uri(uri, scheme).expect("valid uri").public().bytes)
}

#[test]
fn dev_phrase_entropy_and_mini_secret() {
    let m = Mnemonic::parse(DEV_PHRASE).unwrap();
    assert_eq!(hex::encode(m.entropy()), "1a486a5fbe53639984cb64b070755f7b");
    assert_eq!(
        hex::encode(*m.mini_secret("").unwrap()),
        "fac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e"
    );
}

#[test]
fn sr25519_dev_vectors() {
    let cases = [
        (DEV_PHRASE, "46ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a", "5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV"),
        ("//Alice", "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d", "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"),
        ("//Bob", "8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48", "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"),
    ];
    for (uri, public, address) in cases {
        let pair = Keypair::from_uri(uri, Scheme::Sr25519).unwrap();
        assert_eq!(hex::encode(pair.public().bytes), public, "{uri}");
        assert_eq!(pair.public().to_ss58(42), address, "{uri}");
    }
    let with_password = Keypair::from_uri("///password", Scheme::Sr25519).unwrap();
    assert_eq!(with_password.public().to_ss58(42), "5GC6LfpV352HtJPySfAecb5JdePtf4R9Vq49NUU8RhzgBqgq");
    // Empty input is a mistake, not the dev key (Substrate would give the dev phrase's root).
    for empty in ["", "  ", "\t\n"] {
        assert!(matches!(Keypair::from_uri(empty, Scheme::Sr25519), Err(KeyError::InvalidSecretUri(_))), "{empty:?}");
    }
}

#[test]
fn ed25519_dev_vectors() {
    assert_eq!(public_hex(DEV_PHRASE, Scheme::Ed25519), "345071da55e5dccefaaa440339415ef9f2663338a38f7da0df21be5ab4e055ef");
    let alice = Keypair::from_uri("//Alice", Scheme::Ed25519).unwrap();
    assert_eq!(hex::encode(alice.public().bytes), "88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee");
    assert_eq!(alice.public().to_ss58(42), "5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu");
}

#[test]
fn alice_private_key_as_btwallet_stores_it() {
    let alice = Keypair::from_uri("//Alice", Scheme::Sr25519).unwrap();
    assert_eq!(
        hex::encode(&*alice.secret_key_bytes()),
        "33a6f3093f158a7109f679410bef1a0c54168145e0cecb4df006c1c2fffb1f09925a225d97aa00682d6a59b95b18780c10d7032336e88f3442b42361f4a66011"
    );
    // And back: the stored form loads to the same public key.
    let again = Keypair::sr25519_from_secret_key(&alice.secret_key_bytes()).unwrap();
    assert_eq!(again.public(), alice.public());
    let pjs = Keypair::sr25519_from_ed25519_bytes(&alice.polkadot_js_secret_key()).unwrap();
    assert_eq!(pjs.public(), alice.public());
}

#[test]
fn btwallet_test_phrase() {
    let phrase = "old leopard transfer rib spatial phone calm indicate online fire caution review";
    let root = Keypair::from_uri(phrase, Scheme::Sr25519).unwrap();
    assert_eq!(root.public().to_ss58(42), "5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX");
    let alice = Keypair::from_uri(&format!("{phrase}//Alice"), Scheme::Sr25519).unwrap();
    assert_eq!(alice.public().to_ss58(42), "5FEiH8iuDUw271xbqWTWuB6WrDjv5dnCeDX1CyHubAniXDNN");
}

#[test]
fn substrate_bip39_vector() {
    // substrate-bip39's published vector: zero entropy, password "Substrate" (first 32 bytes of the seed).
    let m = Mnemonic::from_entropy(&[0u8; 16]).unwrap();
    assert_eq!(m.phrase().expose(), "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about");
    assert_eq!(
        hex::encode(*m.mini_secret("Substrate").unwrap()),
        "44e9d125f037ac1d51f0a7d3649689d422c2af8b1ec8e00d71db4d7bf6d127e3"
    );
}

#[test]
fn derivation_paths() {
    // Soft and hard paths from subkey: `subkey inspect "//Alice/soft"` style round trips.
    let hard = Keypair::from_uri("//Alice", Scheme::Sr25519).unwrap();
    assert!(hard.seed().is_some());
    let soft = Keypair::from_uri("//Alice/soft", Scheme::Sr25519).unwrap();
    assert!(soft.seed().is_none());
    assert_ne!(soft.public(), hard.public());
    // Derivation is deterministic and the path is applied in order.
    let step = Keypair::from_uri("//Alice", Scheme::Sr25519).unwrap().derive(&[Junction::soft("soft")]).unwrap();
    assert_eq!(step.public(), soft.public());
    // Numeric junctions encode as u64, so "//1" differs from a string "1" only by encoding rule.
    let n = Keypair::from_uri("//1", Scheme::Sr25519).unwrap();
    assert_ne!(n.public(), hard.public());
    // A long junction is hashed.
    let long = "x".repeat(40);
    assert!(Keypair::from_uri(&format!("//{long}"), Scheme::Sr25519).is_ok());
    // Hex seed with a path equals phrase with the same path when the seed is the mini secret.
    let mini = Mnemonic::parse(DEV_PHRASE).unwrap().mini_secret("").unwrap();
    let from_hex = Keypair::from_uri(&format!("0x{}//Alice", hex::encode(*mini)), Scheme::Sr25519).unwrap();
    assert_eq!(from_hex.public(), hard.public());
}

#[test]
fn ed25519_soft_junction_is_typed_error() {
    assert_eq!(Keypair::from_uri("//Alice/soft", Scheme::Ed25519).unwrap_err(), KeyError::SoftJunctionOnEd25519);
}

#[test]
fn mnemonic_errors_name_the_word() {
    let bad = DEV_PHRASE.replace("lake", "laek");
    assert_eq!(Mnemonic::parse(&bad).unwrap_err(), KeyError::UnknownWord { position: 4 });
    let swapped = DEV_PHRASE.replace("bottom drive", "drive bottom");
    assert_eq!(Mnemonic::parse(&swapped).unwrap_err(), KeyError::InvalidChecksum);
    assert_eq!(Mnemonic::parse("bottom drive obey").unwrap_err(), KeyError::InvalidWordCount(3));
    // The error text never contains the secret words.
    let msg = Mnemonic::parse(&bad).unwrap_err().to_string();
    assert!(!msg.contains("laek") && msg.contains('4'));
}

#[test]
fn generate_all_word_counts() {
    for n in [12, 15, 18, 21, 24] {
        let m = Mnemonic::generate(WordCount::from_count(n).unwrap()).unwrap();
        assert_eq!(m.word_count(), n);
        let again = Mnemonic::parse(m.phrase().expose()).unwrap();
        assert_eq!(again.entropy(), m.entropy());
    }
    assert!(WordCount::from_count(13).is_err());
    let a = Mnemonic::generate(WordCount::Words12).unwrap();
    let b = Mnemonic::generate(WordCount::Words12).unwrap();
    assert_ne!(a.entropy(), b.entropy());
}

#[test]
fn sign_and_verify_both_schemes() {
    for scheme in [Scheme::Sr25519, Scheme::Ed25519] {
        let pair = Keypair::from_uri("//Alice", scheme).unwrap();
        let sig = pair.sign(b"hello");
        assert!(verify(b"hello", &sig, &pair.public()));
        assert!(!verify(b"hellp", &sig, &pair.public()));
        let other = Keypair::from_uri("//Bob", scheme).unwrap();
        assert!(!verify(b"hello", &sig, &other.public()));
        let mut bad = sig;
        bad.0[3] ^= 1;
        assert!(!verify(b"hello", &bad, &pair.public()));
    }
}

#[test]
fn ed25519_signature_is_deterministic_and_matches_rfc8032() {
    // RFC 8032 test 1: empty message.
    let seed: [u8; 32] = hex::decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60").unwrap().try_into().unwrap();
    let pair = Keypair::from_seed(&seed, Scheme::Ed25519).unwrap();
    assert_eq!(hex::encode(pair.public().bytes), "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    assert_eq!(
        hex::encode(pair.sign(b"").0),
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
    );
}

#[test]
fn wrap_bytes_like_polkadot_js() {
    assert_eq!(wrap_bytes(b"abc"), b"<Bytes>abc</Bytes>".to_vec());
    assert_eq!(wrap_bytes(b"<Bytes>abc</Bytes>"), b"<Bytes>abc</Bytes>".to_vec());
}

#[test]
fn ss58_vectors_and_errors() {
    let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
    let (account, prefix) = ss58::decode(alice).unwrap();
    assert_eq!(prefix, 42);
    assert_eq!(ss58::encode(&account, 42), alice);
    // Polkadot (0) and Kusama (2) forms of Alice.
    assert_eq!(ss58::encode(&account, 0), "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5");
    assert_eq!(ss58::encode(&account, 2), "HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F");
    // Two-byte prefix round trip.
    let enc = ss58::encode(&account, 1284);
    assert_eq!(ss58::decode(&enc).unwrap(), (account, 1284));
    // Errors.
    let mut chars: Vec<char> = alice.chars().collect();
    chars[10] = if chars[10] == 'a' { 'b' } else { 'a' };
    let corrupted: String = chars.into_iter().collect();
    assert_eq!(ss58::decode(&corrupted).unwrap_err(), Ss58Error::BadChecksum);
    assert_eq!(ss58::decode("0OIl").unwrap_err(), Ss58Error::BadBase58);
    assert!(matches!(ss58::decode("5GrwvaEF5zXb26Fz9rcQpDWS57").unwrap_err(), Ss58Error::BadLength(_)));
    // Refused at once, before the quadratic base58 decoding (a megabyte took minutes).
    let t = std::time::Instant::now();
    assert_eq!(ss58::decode(&"x".repeat(1 << 20)).unwrap_err(), Ss58Error::TooLong(1 << 20));
    assert!(t.elapsed() < std::time::Duration::from_secs(1));
    assert_eq!(ss58::decode(&"1".repeat(51)).unwrap_err(), Ss58Error::TooLong(51));
    // The longest addresses are still accepted: two-byte prefixes with the largest account.
    for prefix in [64u16, 1284, 16383] {
        let enc = ss58::encode(&[0xff; 32], prefix);
        assert!(enc.len() <= 50, "{prefix}: {}", enc.len());
        assert_eq!(ss58::decode(&enc).unwrap(), ([0xff; 32], prefix));
    }
    assert_eq!(
        ss58::decode_with_prefix("15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5", 42).unwrap_err(),
        Ss58Error::WrongPrefix { expected: 42, found: 0 }
    );
}

#[test]
fn secret_uri_errors_and_debug_redaction() {
    assert!(SecretUri::parse("//").is_err());
    assert!(SecretUri::parse("bad$phrase").is_err());
    let suri = SecretUri::parse("//Alice///hunter2").unwrap();
    assert_eq!(suri.password.as_ref().unwrap().expose(), "hunter2");
    let dbg = format!("{suri:?} {:?}", Keypair::from_uri("//Alice", Scheme::Sr25519).unwrap());
    assert!(!dbg.contains("hunter2") && !dbg.contains("bottom"), "{dbg}");
    let m = Mnemonic::parse(DEV_PHRASE).unwrap();
    assert!(!format!("{m:?}").contains("bottom"));
    assert!(Keypair::from_uri("0x1234", Scheme::Sr25519).is_err());
}

#[test]
fn prefixes_ss58_cannot_express_are_refused() {
    let account = [7u8; 32];
    for bad in [46, 47, 16_384, u16::MAX] {
        assert!(matches!(ss58::try_encode(&account, bad), Err(Ss58Error::InvalidPrefix)), "{bad}");
    }
    for good in [0, 42, 63, 64, 1284, 16_383] {
        let address = ss58::try_encode(&account, good).unwrap();
        assert_eq!(ss58::decode(&address).unwrap(), (account, good));
    }
}

#[test]
fn huge_addresses_are_refused_before_base58_decoding() {
    // A megabyte of base58 digits ending in a character base58 lacks: refused by its length
    // (TooLong), not by the decoder, which would take minutes to reach the bad character.
    let huge = format!("{}0", "5".repeat(1 << 20));
    assert!(matches!(ss58::decode(&huge), Err(Ss58Error::TooLong(_))));
    // The longest real address (two-byte prefix) still decodes.
    let long = ss58::encode(&[0xff; 32], ss58::MAX_PREFIX);
    assert_eq!(ss58::decode(&long).unwrap(), ([0xff; 32], ss58::MAX_PREFIX));
}
