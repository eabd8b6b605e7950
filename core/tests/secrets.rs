//! Secret hygiene of the core's secret-holding types:
//!
//! - dropped secrets are wiped: this test binary's global allocator looks at every heap block
//!   as it is freed (still the allocator's memory, so reading it is sound) and counts the blocks
//!   that still hold a secret. Mnemonics, secret URIs, seeds, key pairs and keyfile JSON made
//!   and dropped must leave none; a plain `String` (the control) does.
//! - `Debug` of every secret-holding type shows no secret.
//!
//! The stack is not covered (copies in registers and stack frames are out of reach of any
//! allocator); reallocation is (the default `realloc` frees the old block through `dealloc`).

#![allow(unsafe_code, clippy::unwrap_used)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

use taolight::keyfile::{Envelope, KeyfileContent};
use taolight::keys::{Keypair, Mnemonic, Scheme, SecretUri};
use taolight::SecretString;

const MAX_NEEDLE: usize = 128;

/// The bytes the allocator looks for (kept in statics: a heap copy would be found itself).
static NEEDLE: [AtomicU8; MAX_NEEDLE] = [const { AtomicU8::new(0) }; MAX_NEEDLE];
static NEEDLE_LEN: AtomicUsize = AtomicUsize::new(0);
/// Freed blocks that held the needle.
static FOUND: AtomicUsize = AtomicUsize::new(0);

struct Watching;

unsafe impl GlobalAlloc for Watching {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let len = NEEDLE_LEN.load(Ordering::SeqCst);
        if len > 0 && layout.size() >= len {
            let mut needle = [0u8; MAX_NEEDLE];
            for (n, a) in needle.iter_mut().zip(&NEEDLE).take(len) {
                *n = a.load(Ordering::Relaxed);
            }
            // SAFETY: `ptr` is a live block of `layout.size()` bytes given back to us; it is
            // only read, before it goes back to the system allocator.
            let block = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
            if block.windows(len).any(|w| w == &needle[..len]) {
                FOUND.fetch_add(1, Ordering::SeqCst);
            }
        }
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Watching = Watching;

/// How many freed heap blocks held `needle` while `f` ran.
fn freed_holding(needle: &[u8], f: impl FnOnce()) -> usize {
    assert!(needle.len() <= MAX_NEEDLE && needle.len() >= 8);
    for (a, b) in NEEDLE.iter().zip(needle) {
        a.store(*b, Ordering::Relaxed);
    }
    FOUND.store(0, Ordering::SeqCst);
    NEEDLE_LEN.store(needle.len(), Ordering::SeqCst);
    f();
    NEEDLE_LEN.store(0, Ordering::SeqCst);
    FOUND.load(Ordering::SeqCst)
}

const PHRASE: &str = "legal winner thank year wave sausage worth useful legal winner thank yellow";
const URI_PASSWORD: &str = "uri-Pass-8c2e77a1";

// One test function: the needle is process-wide, so nothing else may run beside it.
#[test]
fn dropped_secrets_are_wiped_and_debug_is_redacted() {
    dropped_secrets_are_wiped();
    debug_is_redacted();
}

fn dropped_secrets_are_wiped() {
    // The control: an ordinary String keeps its bytes when freed, and the watch sees them.
    let control = freed_holding(PHRASE.as_bytes(), || drop(std::hint::black_box(PHRASE.to_owned())));
    assert!(control >= 1, "the allocator watch does not work");

    let phrase = PHRASE.as_bytes();
    assert_eq!(freed_holding(phrase, || drop(SecretString::from(PHRASE))), 0, "SecretString");
    assert_eq!(freed_holding(phrase, || drop(Mnemonic::parse(PHRASE).unwrap())), 0, "Mnemonic::parse");
    let uri = format!("{PHRASE}//hard/soft///{URI_PASSWORD}");
    assert_eq!(freed_holding(phrase, || drop(SecretUri::parse(&uri).unwrap())), 0, "SecretUri (phrase)");
    assert_eq!(freed_holding(URI_PASSWORD.as_bytes(), || drop(SecretUri::parse(&uri).unwrap())), 0, "SecretUri (password)");
    let pair_from_uri = || drop(Keypair::from_uri(&uri, Scheme::Sr25519).unwrap());
    assert_eq!(freed_holding(phrase, pair_from_uri), 0, "Keypair::from_uri (phrase)");
    assert_eq!(freed_holding(URI_PASSWORD.as_bytes(), pair_from_uri), 0, "Keypair::from_uri (password)");

    // The seed and the secret key, found once and kept on the stack as needles.
    let mut seed = [0u8; 32];
    let mut secret = [0u8; 64];
    {
        let m = Mnemonic::parse(PHRASE).unwrap();
        seed.copy_from_slice(m.mini_secret("").unwrap().as_ref());
        secret.copy_from_slice(&Keypair::from_phrase(&m, "", Scheme::Sr25519).unwrap().secret_key_bytes());
    }
    for (what, needle) in [("seed", &seed[..]), ("secret key", &secret[..32])] {
        for scheme in [Scheme::Sr25519, Scheme::Ed25519] {
            let n = freed_holding(needle, || {
                let m = Mnemonic::parse(PHRASE).unwrap();
                let pair = Keypair::from_phrase(&m, "", scheme).unwrap();
                let _ = std::hint::black_box(pair.sign(b"message"));
                drop(std::hint::black_box(pair.clone()));
                drop(pair.secret_key_bytes());
                drop(pair.polkadot_js_secret_key());
            });
            assert_eq!(n, 0, "{what} of a {scheme:?} pair");
        }
        // A plain keyfile written and read back: its JSON holds the phrase, seed and key.
        let n = freed_holding(needle, || {
            let content = KeyfileContent::from_mnemonic(Mnemonic::parse(PHRASE).unwrap(), Scheme::Sr25519).unwrap();
            let json = content.to_json();
            drop(KeyfileContent::from_json(&json).unwrap());
        });
        assert_eq!(n, 0, "{what} through keyfile JSON");
    }
    let seed_hex = hex::encode(seed);
    let seed_uri = format!("0x{seed_hex}");
    let n = freed_holding(seed_hex.as_bytes(), || {
        let content = KeyfileContent::from_mnemonic(Mnemonic::parse(PHRASE).unwrap(), Scheme::Sr25519).unwrap();
        drop(KeyfileContent::from_json(&content.to_json()).unwrap());
        drop(Keypair::from_uri(&seed_uri, Scheme::Sr25519).unwrap());
    });
    assert_eq!(n, 0, "seed hex through keyfile JSON and a 0x-seed URI");
    eprintln!("dropped secrets: no freed heap block held one (the control String: {control} block)");
}

fn debug_is_redacted() {
    let m = Mnemonic::parse(PHRASE).unwrap();
    let uri = format!("{PHRASE}//hard///{URI_PASSWORD}");
    let pairs = [Scheme::Sr25519, Scheme::Ed25519].map(|s| Keypair::from_phrase(&m, "", s).unwrap());
    let content = KeyfileContent::from_mnemonic(m.clone(), Scheme::Sr25519).unwrap();
    let json = content.to_json();
    let mut secrets: Vec<String> = PHRASE.split(' ').filter(|w| w.len() > 4).map(str::to_owned).collect();
    secrets.push(URI_PASSWORD.into());
    // A plain keyfile's bytes as a derived Debug would list them.
    secrets.push(format!("{:?}", &json[20..40]).trim_matches(['[', ']']).to_owned());
    for p in &pairs {
        let sk = p.secret_key_bytes();
        secrets.push(hex::encode(&sk[..8]));
        secrets.push(format!("{:?}", &sk[..4]).trim_matches(['[', ']']).to_owned());
        if let Some(seed) = p.seed() {
            secrets.push(hex::encode(&seed[..8]));
        }
    }
    let shown = [
        format!("{:?}", SecretString::from(PHRASE)),
        format!("{:?}", Some(SecretString::from(URI_PASSWORD))),
        format!("{m:?}"),
        format!("{:?}", SecretUri::parse(&uri).unwrap()),
        format!("{:?}", pairs[0]),
        format!("{:?}", pairs[1]),
        format!("{content:?}"),
        format!("{:?}", Envelope::parse(&json).unwrap()),
    ];
    for text in &shown {
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "{text} shows {s:?}");
        }
    }
    eprintln!("Debug of {} secret-holding values: redacted", shown.len());
}
