//! Keys in the app's secure storage: the app implements [`SecureStorage`] over the iOS Keychain
//! or the Android Keystore; [`KeyStore`] is the core's `taolight::keystore::KeyStore` over it.

use std::sync::Arc;

use taolight::keys::{Scheme, WordCount};
use taolight::keystore as core_ks;
use taolight::SecretString;
use zeroize::Zeroizing;

use crate::error::Result;
use crate::keys::{Keypair, Mnemonic};

/// The error a [`SecureStorage`] implementation throws (Kotlin `StorageException.Failed`,
/// Python `StorageError.Failed`); its reason must hold no secret.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum StorageError {
    /// The platform store failed (locked, denied, full, ...).
    #[error("{reason}")]
    Failed {
        /// What went wrong.
        reason: String,
    },
}

// Anything else the foreign implementation throws arrives as this.
impl From<uniffi::UnexpectedUniFFICallbackError> for StorageError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        StorageError::Failed { reason: e.reason }
    }
}

/// Byte-level secure storage the app owns (four operations; the key store decides the rest).
/// Values are secrets: store them only in the platform's secure store.
#[uniffi::export(with_foreign)]
pub trait SecureStorage: Send + Sync {
    /// The value under `key`, or null/None.
    fn get(&self, key: String) -> std::result::Result<Option<Vec<u8>>, StorageError>;
    /// Stores `value` under `key`, replacing any previous value.
    fn put(&self, key: String, value: Vec<u8>) -> std::result::Result<(), StorageError>;
    /// Removes `key` (no error when it is missing).
    fn delete(&self, key: String) -> std::result::Result<(), StorageError>;
    /// Every key present.
    fn keys(&self) -> std::result::Result<Vec<String>, StorageError>;
}

/// The foreign storage as the core's [`core_ks::SecretStorage`].
struct Foreign(Arc<dyn SecureStorage>);

fn to_core(e: StorageError) -> core_ks::StorageError {
    core_ks::StorageError(e.to_string())
}

impl core_ks::SecretStorage for Foreign {
    fn get(&self, key: &str) -> std::result::Result<Option<Zeroizing<Vec<u8>>>, core_ks::StorageError> {
        Ok(self.0.get(key.to_owned()).map_err(to_core)?.map(Zeroizing::new))
    }
    fn put(&self, key: &str, value: &[u8]) -> std::result::Result<(), core_ks::StorageError> {
        self.0.put(key.to_owned(), value.to_vec()).map_err(to_core)
    }
    fn delete(&self, key: &str) -> std::result::Result<(), core_ks::StorageError> {
        self.0.delete(key.to_owned()).map_err(to_core)
    }
    fn keys(&self) -> std::result::Result<Vec<String>, core_ks::StorageError> {
        self.0.keys().map_err(to_core)
    }
}

/// The public facts of a stored key (no secret is read to list them).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct StoredKey {
    /// Its name in the store.
    pub name: String,
    /// Its signature scheme.
    pub scheme: Scheme,
    /// Its SS58 address (format 42).
    pub address: String,
    /// Its 32-byte public key.
    pub public_key: Vec<u8>,
}

impl From<core_ks::StoredKey> for StoredKey {
    fn from(k: core_ks::StoredKey) -> Self {
        StoredKey {
            address: k.public.to_ss58(taolight::keys::ss58::BITTENSOR_PREFIX),
            public_key: k.public.bytes.to_vec(),
            name: k.name,
            scheme: k.scheme,
        }
    }
}

/// A key just generated: its facts and its mnemonic, to show the user once for a backup.
#[derive(uniffi::Record)]
pub struct GeneratedKey {
    /// The stored key.
    pub key: StoredKey,
    /// Its mnemonic (the phrase leaves Rust only through `Mnemonic.phrase()`).
    pub mnemonic: Arc<Mnemonic>,
}

/// Keys by name in the app's [`SecureStorage`].
#[derive(uniffi::Object)]
pub struct KeyStore(core_ks::KeyStore);

#[uniffi::export]
impl KeyStore {
    /// A key store over the app's storage.
    #[uniffi::constructor]
    pub fn new(storage: Arc<dyn SecureStorage>) -> Arc<Self> {
        Arc::new(Self(core_ks::KeyStore::new(Arc::new(Foreign(storage)))))
    }

    /// A new mnemonic stored as `name` (an existing name is refused unless `overwrite`).
    pub fn generate(&self, name: String, words: WordCount, scheme: Scheme, overwrite: bool) -> Result<GeneratedKey> {
        let (key, mnemonic) = self.0.generate(&name, words, scheme, overwrite)?;
        Ok(GeneratedKey { key: key.into(), mnemonic: Arc::new(Mnemonic(mnemonic)) })
    }

    /// Stores a secret URI (phrase, `phrase//path`, `//Alice`, `0x` seed) as `name`, after
    /// checking it makes a key (an existing name is refused unless `overwrite`).
    pub fn import_key(&self, name: String, secret_uri: String, scheme: Scheme, overwrite: bool) -> Result<StoredKey> {
        Ok(self.0.import(&name, &SecretString::new(secret_uri), scheme, overwrite)?.into())
    }

    /// The stored keys, by name.
    pub fn list(&self) -> Result<Vec<StoredKey>> {
        Ok(self.0.list()?.into_iter().map(Into::into).collect())
    }

    /// Whether `name` is stored.
    pub fn contains(&self, name: String) -> Result<bool> {
        Ok(self.0.exists(&name)?)
    }

    /// The public facts of `name`.
    pub fn key(&self, name: String) -> Result<StoredKey> {
        Ok(self.0.public(&name)?.into())
    }

    /// The key pair of `name`, to sign with (checked against its stored public key).
    pub fn keypair(&self, name: String) -> Result<Arc<Keypair>> {
        Ok(Arc::new(Keypair(self.0.keypair(&name)?)))
    }

    /// The secret URI of `name`: a secret, for a backup the user asked for.
    pub fn export(&self, name: String) -> Result<String> {
        Ok(self.0.export(&name)?.expose().to_owned())
    }

    /// Removes `name`.
    pub fn remove(&self, name: String) -> Result<()> {
        Ok(self.0.remove(&name)?)
    }
}
