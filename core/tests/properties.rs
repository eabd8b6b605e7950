//! Property tests: round trips and "never panics" for everything that parses outside input.

#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use taolight::keyfile::polkadot_js::PolkadotJsAccount;
use taolight::keyfile::{Envelope, KeyfileContent, PublicKeyfile};
use taolight::keys::{ss58, Junction, Keypair, Scheme, SecretUri, DEV_PHRASE};

fn junction_text() -> impl Strategy<Value = String> {
    prop_oneof!["[a-zA-Z][a-zA-Z0-9_]{0,40}", any::<u64>().prop_map(|n| n.to_string())]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn ss58_round_trips(account in any::<[u8; 32]>(), prefix in 0u16..16384) {
        let address = ss58::encode(&account, prefix);
        prop_assert_eq!(ss58::decode(&address).unwrap(), (account, prefix));
    }

    #[test]
    fn ss58_decode_never_panics(s in "\\PC{0,64}") {
        let _ = ss58::decode(&s);
    }

    #[test]
    fn ss58_single_char_change_is_detected(account in any::<[u8; 32]>(), pos in 0usize..48, c in "[1-9A-HJ-NP-Za-km-z]") {
        let address = ss58::encode(&account, 42);
        let mut chars: Vec<char> = address.chars().collect();
        let pos = pos % chars.len();
        let new = c.chars().next().unwrap();
        prop_assume!(chars[pos] != new);
        chars[pos] = new;
        let changed: String = chars.into_iter().collect();
        // Either refused, or (rarely, for the prefix characters) decoded to another prefix: never the same account silently.
        if let Ok((acc, prefix)) = ss58::decode(&changed) {
            prop_assert!(acc != account || prefix != 42);
        }
    }

    #[test]
    fn secret_uri_path_equals_stepwise_derivation(path in proptest::collection::vec((any::<bool>(), junction_text()), 0..4)) {
        let mut uri = String::new();
        let mut junctions = Vec::new();
        for (hard, text) in &path {
            uri.push_str(if *hard { "//" } else { "/" });
            uri.push_str(text);
            junctions.push(if *hard { Junction::hard(text) } else { Junction::soft(text) });
        }
        let full = Keypair::from_uri(&format!("{DEV_PHRASE}{uri}"), Scheme::Sr25519).unwrap();
        let root = Keypair::from_uri(DEV_PHRASE, Scheme::Sr25519).unwrap();
        prop_assert_eq!(full.public(), root.derive(&junctions).unwrap().public());
        let parsed = SecretUri::parse(&format!("{uri}///pw")).unwrap();
        prop_assert_eq!(parsed.junctions.len(), path.len());
        prop_assert_eq!(parsed.password.as_ref().map(|p| p.expose()), Some("pw"));
    }

    #[test]
    fn secret_uri_parse_never_panics(s in "\\PC{0,80}") {
        let _ = SecretUri::parse(&s);
        let _ = Keypair::from_uri(&s, Scheme::Ed25519);
    }

    #[test]
    fn keyfile_parsers_never_panic(data in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = KeyfileContent::from_json(&data);
        let _ = PublicKeyfile::from_json(&data);
        let _ = Envelope::parse(&data);
        if let Ok(text) = std::str::from_utf8(&data) {
            let _ = PolkadotJsAccount::parse(text);
        }
    }

    #[test]
    fn keyfile_json_round_trips(seed in any::<[u8; 32]>(), ed in any::<bool>()) {
        let scheme = if ed { Scheme::Ed25519 } else { Scheme::Sr25519 };
        let content = KeyfileContent::from_pair(Keypair::from_seed(&seed, scheme).unwrap());
        let back = KeyfileContent::from_json(&content.to_json()).unwrap();
        prop_assert_eq!(back.public(), content.public());
    }
}
