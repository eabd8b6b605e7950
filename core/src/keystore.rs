//! Keys kept in secure storage the app owns: the iOS Keychain, the Android Keystore, a
//! browser's or desktop's secret store. The app implements [`SecretStorage`] (four byte-level
//! operations); [`KeyStore`] decides everything else, the same way for every front.
//!
//! Each key has a name and two entries:
//! - `taolight.key.<name>.secret`: its secret URI (a mnemonic phrase, optionally with a
//!   derivation path, or a `0x` seed), as UTF-8. Read only to sign or to export.
//! - `taolight.key.<name>.public`: public facts as JSON (`{"version":1,"scheme":"sr25519",
//!   "public":"0x…"}`). Listing keys reads only these, so an app whose storage asks the user
//!   (biometrics) before releasing a secret can show its accounts without asking.
//!
//! The secret is written first and the public entry last: a key appears in [`KeyStore::list`]
//! only once both are there. Re-deriving the key on every read and comparing it with the public
//! entry catches a secret that was damaged or swapped in the storage.

use std::sync::Arc;

use zeroize::Zeroizing;

use crate::keys::{Keypair, KeyError, Mnemonic, PublicKey, Scheme, WordCount};
use crate::{ErrorKind, SecretString};

const PREFIX: &str = "taolight.key.";
const SECRET_SUFFIX: &str = ".secret";
const PUBLIC_SUFFIX: &str = ".public";
const FORMAT_VERSION: u32 = 1;

/// The app's secure storage, byte-level. Implementations map it to the platform's store and
/// report failures as [`StorageError`]; they never need to interpret the bytes.
pub trait SecretStorage: Send + Sync {
    /// The value under `key`, `None` when there is none.
    fn get(&self, key: &str) -> Result<Option<Zeroizing<Vec<u8>>>, StorageError>;
    /// Stores `value` under `key`, replacing any previous value.
    fn put(&self, key: &str, value: &[u8]) -> Result<(), StorageError>;
    /// Removes `key`; removing a missing key is not an error.
    fn delete(&self, key: &str) -> Result<(), StorageError>;
    /// Every key present (in any order).
    fn keys(&self) -> Result<Vec<String>, StorageError>;
}

/// A failure reported by the app's storage (its text, which must hold no secret).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct StorageError(pub String);

/// Errors of the key store.
#[derive(Debug, thiserror::Error)]
pub enum KeystoreError {
    /// The app's storage failed.
    #[error("secure storage failed: {0}")]
    Storage(#[from] StorageError),
    /// No key of that name.
    #[error("no stored key named {0:?}")]
    NotFound(String),
    /// A key of that name exists and overwriting was not asked for.
    #[error("a key named {0:?} is already stored; pass overwrite to replace it")]
    AlreadyExists(String),
    /// A name that cannot be a storage key.
    #[error("invalid key name {0:?}: use letters, digits, '-', '_' and '.'")]
    InvalidName(String),
    /// The secret given is not a valid key.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// What the storage holds is damaged or inconsistent.
    #[error("the stored key {name:?} is damaged: {what}")]
    Corrupt {
        /// The key's name.
        name: String,
        /// What is wrong (never the secret).
        what: String,
    },
}

impl KeystoreError {
    /// The coarse kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            KeystoreError::Storage(_) => ErrorKind::Io,
            _ => ErrorKind::BadInput,
        }
    }

    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            KeystoreError::Storage(_) => "storage",
            KeystoreError::NotFound(_) => "not_found",
            KeystoreError::AlreadyExists(_) => "already_exists",
            KeystoreError::InvalidName(_) => "invalid_name",
            KeystoreError::Key(_) => "invalid_key",
            KeystoreError::Corrupt { .. } => "corrupt",
        }
    }
}

/// The public facts of a stored key: what [`KeyStore::list`] gives without reading a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredKey {
    /// Its name in the store.
    pub name: String,
    /// Its signature scheme.
    pub scheme: Scheme,
    /// Its public key.
    pub public: PublicKey,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct PublicEntry {
    version: u32,
    scheme: String,
    public: String,
}

/// Keys by name in the app's [`SecretStorage`].
#[derive(Clone)]
pub struct KeyStore {
    storage: Arc<dyn SecretStorage>,
}

impl core::fmt::Debug for KeyStore {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("KeyStore")
    }
}

fn secret_key(name: &str) -> String {
    format!("{PREFIX}{name}{SECRET_SUFFIX}")
}

fn public_key(name: &str) -> String {
    format!("{PREFIX}{name}{PUBLIC_SUFFIX}")
}

fn check_name(name: &str) -> Result<(), KeystoreError> {
    // The rule of wallet names, plus a length a platform store takes as a key.
    crate::keyfile::check_name(name)
        .ok()
        .filter(|_| name.len() <= 64)
        .ok_or_else(|| KeystoreError::InvalidName(name.to_owned()))
}

impl KeyStore {
    /// A key store over the app's storage.
    pub fn new(storage: Arc<dyn SecretStorage>) -> KeyStore {
        KeyStore { storage }
    }

    /// A new mnemonic of `words` words, stored as `name`; returns it so that the app can show
    /// it to the user once for a backup (it can also be read again with [`KeyStore::export`]).
    pub fn generate(
        &self,
        name: &str,
        words: WordCount,
        scheme: Scheme,
        overwrite: bool,
    ) -> Result<(StoredKey, Mnemonic), KeystoreError> {
        let mnemonic = Mnemonic::generate(words)?;
        let stored = self.import(name, mnemonic.phrase(), scheme, overwrite)?;
        Ok((stored, mnemonic))
    }

    /// Stores a secret URI (a mnemonic phrase, `phrase//hard/soft`, `//Alice`, a `0x` seed) as
    /// `name`, after checking that it makes a key. Refuses an existing name unless `overwrite`.
    pub fn import(
        &self,
        name: &str,
        secret_uri: &SecretString,
        scheme: Scheme,
        overwrite: bool,
    ) -> Result<StoredKey, KeystoreError> {
        check_name(name)?;
        let pair = Keypair::from_uri(secret_uri.expose(), scheme)?;
        if !overwrite && self.exists(name)? {
            return Err(KeystoreError::AlreadyExists(name.to_owned()));
        }
        let public = pair.public();
        let entry = serde_json::to_vec(&PublicEntry {
            version: FORMAT_VERSION,
            scheme: scheme.as_str().to_owned(),
            public: public.to_hex(),
        })
        .map_err(|e| KeystoreError::Corrupt { name: name.to_owned(), what: e.to_string() })?;
        // Replacing: the old public entry goes first, so that no moment shows the old public
        // key beside the new secret.
        if overwrite {
            self.storage.delete(&public_key(name))?;
        }
        self.storage.put(&secret_key(name), secret_uri.expose().as_bytes())?;
        self.storage.put(&public_key(name), &entry)?;
        Ok(StoredKey { name: name.to_owned(), scheme, public })
    }

    /// Whether anything is stored under `name` (complete or not).
    pub fn exists(&self, name: &str) -> Result<bool, KeystoreError> {
        check_name(name)?;
        Ok(self.storage.get(&public_key(name))?.is_some() || self.storage.get(&secret_key(name))?.is_some())
    }

    /// The stored keys, by name, from their public entries only (no secret is read).
    pub fn list(&self) -> Result<Vec<StoredKey>, KeystoreError> {
        let mut names: Vec<String> = self
            .storage
            .keys()?
            .into_iter()
            .filter_map(|k| k.strip_prefix(PREFIX)?.strip_suffix(PUBLIC_SUFFIX).map(str::to_owned))
            .filter(|n| check_name(n).is_ok())
            .collect();
        names.sort();
        names.dedup();
        names.iter().map(|n| self.public(n)).collect()
    }

    /// The public facts of `name`.
    pub fn public(&self, name: &str) -> Result<StoredKey, KeystoreError> {
        check_name(name)?;
        let raw = self
            .storage
            .get(&public_key(name))?
            .ok_or_else(|| KeystoreError::NotFound(name.to_owned()))?;
        let corrupt = |what: String| KeystoreError::Corrupt { name: name.to_owned(), what };
        let entry: PublicEntry =
            serde_json::from_slice(&raw).map_err(|e| corrupt(format!("public entry: {e}")))?;
        if entry.version != FORMAT_VERSION {
            return Err(corrupt(format!("public entry version {} (this library reads {FORMAT_VERSION})", entry.version)));
        }
        let scheme: Scheme = entry.scheme.parse().map_err(|e: KeyError| corrupt(e.to_string()))?;
        let bytes = crate::keys::decode_hex(&entry.public).map_err(|e| corrupt(e.to_string()))?;
        let public = PublicKey::from_bytes(&bytes, scheme).map_err(|e| corrupt(e.to_string()))?;
        Ok(StoredKey { name: name.to_owned(), scheme, public })
    }

    /// The key pair of `name`, to sign with. The secret is re-derived and checked against the
    /// public entry.
    pub fn keypair(&self, name: &str) -> Result<Keypair, KeystoreError> {
        let stored = self.public(name)?;
        let secret = self.secret(name)?;
        let pair = Keypair::from_uri(secret.expose(), stored.scheme).map_err(|e| KeystoreError::Corrupt {
            name: name.to_owned(),
            what: format!("the secret does not make a key: {e}"),
        })?;
        if pair.public() != stored.public {
            return Err(KeystoreError::Corrupt {
                name: name.to_owned(),
                what: "the secret does not match the stored public key".to_owned(),
            });
        }
        Ok(pair)
    }

    /// The secret URI of `name`, for a backup the user asked for.
    pub fn export(&self, name: &str) -> Result<SecretString, KeystoreError> {
        self.public(name)?;
        self.secret(name)
    }

    fn secret(&self, name: &str) -> Result<SecretString, KeystoreError> {
        let raw = self
            .storage
            .get(&secret_key(name))?
            .ok_or_else(|| KeystoreError::Corrupt { name: name.to_owned(), what: "its secret entry is missing".to_owned() })?;
        let text = std::str::from_utf8(&raw).map_err(|_| KeystoreError::Corrupt {
            name: name.to_owned(),
            what: "its secret entry is not UTF-8".to_owned(),
        })?;
        Ok(SecretString::new(text.to_owned()))
    }

    /// Removes `name` (public entry first: it leaves the list at once). Removing a name that
    /// is not there is [`KeystoreError::NotFound`].
    pub fn remove(&self, name: &str) -> Result<(), KeystoreError> {
        if !self.exists(name)? {
            return Err(KeystoreError::NotFound(name.to_owned()));
        }
        self.storage.delete(&public_key(name))?;
        self.storage.delete(&secret_key(name))?;
        Ok(())
    }
}

/// A [`SecretStorage`] in memory (values zeroized when replaced or dropped): for tests and for
/// keys that must not outlive the process.
#[derive(Default)]
pub struct MemoryStorage(std::sync::Mutex<std::collections::BTreeMap<String, Zeroizing<Vec<u8>>>>);

impl MemoryStorage {
    fn map(&self) -> std::sync::MutexGuard<'_, std::collections::BTreeMap<String, Zeroizing<Vec<u8>>>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl SecretStorage for MemoryStorage {
    fn get(&self, key: &str) -> Result<Option<Zeroizing<Vec<u8>>>, StorageError> {
        Ok(self.map().get(key).cloned())
    }
    fn put(&self, key: &str, value: &[u8]) -> Result<(), StorageError> {
        self.map().insert(key.to_owned(), Zeroizing::new(value.to_vec()));
        Ok(())
    }
    fn delete(&self, key: &str) -> Result<(), StorageError> {
        self.map().remove(key);
        Ok(())
    }
    fn keys(&self) -> Result<Vec<String>, StorageError> {
        Ok(self.map().keys().cloned().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
    const DEV_PHRASE: &str = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

    fn store() -> (Arc<MemoryStorage>, KeyStore) {
        let storage = Arc::new(MemoryStorage::default());
        (storage.clone(), KeyStore::new(storage))
    }

    #[test]
    fn import_list_sign_export_remove() {
        let (storage, ks) = store();
        let alice = ks.import("alice", &format!("{DEV_PHRASE}//Alice").into(), Scheme::Sr25519, false).unwrap();
        assert_eq!(alice.public.to_ss58(42), ALICE);
        let (gen, mnemonic) = ks.generate("fresh", WordCount::Words12, Scheme::Ed25519, false).unwrap();
        assert_eq!(ks.list().unwrap(), vec![alice.clone(), gen.clone()]);
        let pair = ks.keypair("alice").unwrap();
        let sig = pair.sign(b"msg");
        assert!(crate::keys::verify(b"msg", &sig, &alice.public));
        assert_eq!(ks.export("fresh").unwrap().expose(), mnemonic.phrase().expose());
        assert_eq!(ks.keypair("fresh").unwrap().public(), gen.public);
        ks.remove("fresh").unwrap();
        assert_eq!(ks.list().unwrap(), vec![alice]);
        assert!(matches!(ks.remove("fresh"), Err(KeystoreError::NotFound(_))));
        assert!(matches!(ks.keypair("fresh"), Err(KeystoreError::NotFound(_))));
        assert_eq!(storage.keys().unwrap().len(), 2);
    }

    #[test]
    fn an_existing_name_is_kept_unless_overwrite() {
        let (_, ks) = store();
        let first = ks.import("k", &"//Alice".into(), Scheme::Sr25519, false).unwrap();
        assert!(matches!(ks.import("k", &"//Bob".into(), Scheme::Sr25519, false), Err(KeystoreError::AlreadyExists(_))));
        assert_eq!(ks.public("k").unwrap(), first);
        let second = ks.import("k", &"//Bob".into(), Scheme::Sr25519, true).unwrap();
        assert_ne!(second.public, first.public);
        assert_eq!(ks.keypair("k").unwrap().public(), second.public);
        // A half-written key (secret without public entry) also counts as existing.
        let (storage, ks) = store();
        storage.put(&secret_key("half"), b"//Alice").unwrap();
        assert!(ks.list().unwrap().is_empty());
        assert!(matches!(ks.import("half", &"//Bob".into(), Scheme::Sr25519, false), Err(KeystoreError::AlreadyExists(_))));
    }

    #[test]
    fn bad_names_and_secrets_are_typed_and_store_nothing() {
        let (storage, ks) = store();
        for name in ["", ".", "..", ".hidden", "a/b", "a b", &"x".repeat(65)] {
            assert!(matches!(ks.import(name, &"//Alice".into(), Scheme::Sr25519, false), Err(KeystoreError::InvalidName(_))), "{name:?}");
        }
        let e = ks.import("k", &"bottom drive obey".into(), Scheme::Sr25519, false).unwrap_err();
        assert_eq!(e.code(), "invalid_key");
        assert!(!e.to_string().contains("bottom"), "{e}");
        assert!(matches!(ks.import("k", &"//a/soft".into(), Scheme::Ed25519, false), Err(KeystoreError::Key(KeyError::SoftJunctionOnEd25519))));
        assert!(storage.keys().unwrap().is_empty());
    }

    #[test]
    fn damaged_or_swapped_entries_are_corrupt_not_wrong_keys() {
        let (storage, ks) = store();
        ks.import("a", &"//Alice".into(), Scheme::Sr25519, false).unwrap();
        ks.import("b", &"//Bob".into(), Scheme::Sr25519, false).unwrap();
        // The secret of b under a: signing with "a" would sign as Bob.
        let bob = storage.get(&secret_key("b")).unwrap().unwrap();
        storage.put(&secret_key("a"), &bob).unwrap();
        let e = ks.keypair("a").unwrap_err();
        assert!(matches!(&e, KeystoreError::Corrupt { what, .. } if what.contains("does not match")), "{e}");
        storage.put(&secret_key("a"), &[0xff, 0xfe]).unwrap();
        assert!(matches!(ks.keypair("a"), Err(KeystoreError::Corrupt { .. })));
        storage.delete(&secret_key("a")).unwrap();
        assert!(matches!(ks.keypair("a"), Err(KeystoreError::Corrupt { .. })));
        for junk in [&b"{"[..], b"{\"version\":2,\"scheme\":\"sr25519\",\"public\":\"0x00\"}", b"{\"version\":1,\"scheme\":\"rsa\",\"public\":\"0x00\"}", b"{\"version\":1,\"scheme\":\"sr25519\",\"public\":\"0x00\"}"] {
            storage.put(&public_key("b"), junk).unwrap();
            assert!(matches!(ks.public("b"), Err(KeystoreError::Corrupt { .. })));
            assert!(ks.list().is_err());
        }
    }

    struct Failing;
    impl SecretStorage for Failing {
        fn get(&self, _: &str) -> Result<Option<Zeroizing<Vec<u8>>>, StorageError> {
            Err(StorageError("keychain locked".into()))
        }
        fn put(&self, _: &str, _: &[u8]) -> Result<(), StorageError> {
            Err(StorageError("keychain locked".into()))
        }
        fn delete(&self, _: &str) -> Result<(), StorageError> {
            Err(StorageError("keychain locked".into()))
        }
        fn keys(&self) -> Result<Vec<String>, StorageError> {
            Err(StorageError("keychain locked".into()))
        }
    }

    #[test]
    fn storage_failures_are_io_errors() {
        let ks = KeyStore::new(Arc::new(Failing));
        let e = crate::Error::from(ks.import("k", &"//Alice".into(), Scheme::Sr25519, false).unwrap_err());
        assert_eq!((e.kind(), e.code().as_str()), (ErrorKind::Io, "keystore.storage"));
        assert_eq!(e.to_string(), "secure storage failed: keychain locked");
        assert!(ks.list().is_err());
    }
}
