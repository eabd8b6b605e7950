//! Keys: mnemonics, key pairs, signatures and SS58 addresses (`taolight::keys`).

use std::sync::Arc;

use taolight::keys::{self as core_keys, ss58, KeyError, Scheme, Signature, WordCount};
use taolight::SecretString;
use zeroize::Zeroizing;

use crate::error::Result;

/// Signature schemes (the core's `taolight::keys::Scheme`, exported as it is).
#[uniffi::remote(Enum)]
pub enum Scheme {
    /// Schnorr over Ristretto25519 (schnorrkel), the default for Substrate accounts.
    Sr25519,
    /// Ed25519.
    Ed25519,
}

/// Number of words of a new mnemonic (the core's `taolight::keys::WordCount`).
#[uniffi::remote(Enum)]
pub enum WordCount {
    /// 12 words, 128 bits of entropy (btcli's default).
    Words12,
    /// 15 words.
    Words15,
    /// 18 words.
    Words18,
    /// 21 words.
    Words21,
    /// 24 words, 256 bits of entropy.
    Words24,
}

/// A validated BIP39 mnemonic (English). Its phrase leaves Rust only through [`Mnemonic::phrase`];
/// `Debug` (exported as the foreign `toString`/`repr`) is redacted.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct Mnemonic(pub(crate) core_keys::Mnemonic);

impl core::fmt::Debug for Mnemonic {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.0.fmt(f)
    }
}

#[uniffi::export]
impl Mnemonic {
    /// A new mnemonic from the operating system's randomness.
    #[uniffi::constructor]
    pub fn generate(words: WordCount) -> Result<Arc<Self>> {
        Ok(Arc::new(Self(core_keys::Mnemonic::generate(words)?)))
    }

    /// Parses and validates a phrase; a wrong word is reported by its position.
    #[uniffi::constructor]
    pub fn parse(phrase: String) -> Result<Arc<Self>> {
        Ok(Arc::new(Self(core_keys::Mnemonic::parse(SecretString::new(phrase).expose())?)))
    }

    /// The words, space separated: a secret. Call it only to show the user their phrase.
    pub fn phrase(&self) -> String {
        self.0.phrase().expose().to_owned()
    }

    /// The number of words.
    pub fn word_count(&self) -> u32 {
        self.0.word_count() as u32
    }
}

/// A key pair that can sign. The secret never leaves Rust; `Debug` shows only the address.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct Keypair(pub(crate) core_keys::Keypair);

impl core::fmt::Debug for Keypair {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.0.fmt(f)
    }
}

#[uniffi::export]
impl Keypair {
    /// From a secret URI: `phrase[//hard][/soft][///password]`, `0x<seed>[//path]` or `//Alice`.
    #[uniffi::constructor]
    pub fn from_uri(uri: String, scheme: Scheme) -> Result<Arc<Self>> {
        Ok(Arc::new(Self(core_keys::Keypair::from_uri(SecretString::new(uri).expose(), scheme)?)))
    }

    /// From a mnemonic phrase and BIP39 password (empty for none), without derivation.
    #[uniffi::constructor]
    pub fn from_mnemonic(phrase: String, password: String, scheme: Scheme) -> Result<Arc<Self>> {
        let mnemonic = core_keys::Mnemonic::parse(SecretString::new(phrase).expose())?;
        Self::from_phrase(Arc::new(Mnemonic(mnemonic)), password, scheme)
    }

    /// From a [`Mnemonic`] object and BIP39 password (empty for none), without derivation:
    /// the phrase does not cross the boundary again.
    #[uniffi::constructor]
    pub fn from_phrase(mnemonic: Arc<Mnemonic>, password: String, scheme: Scheme) -> Result<Arc<Self>> {
        let password = SecretString::new(password);
        Ok(Arc::new(Self(core_keys::Keypair::from_phrase(&mnemonic.0, password.expose(), scheme)?)))
    }

    /// From a 32-byte seed (the sr25519 mini secret or the ed25519 seed).
    #[uniffi::constructor]
    pub fn from_seed(seed: Vec<u8>, scheme: Scheme) -> Result<Arc<Self>> {
        Ok(Arc::new(Self(core_keys::Keypair::from_seed_slice(&Zeroizing::new(seed), scheme)?)))
    }

    /// A fresh random pair, not recoverable from a mnemonic (prefer [`Mnemonic::generate`]).
    #[uniffi::constructor]
    pub fn generate(scheme: Scheme) -> Result<Arc<Self>> {
        Ok(Arc::new(Self(core_keys::Keypair::generate(scheme)?)))
    }

    /// The 32-byte public key (also the account id).
    pub fn public_key(&self) -> Vec<u8> {
        self.0.public().bytes.to_vec()
    }

    /// The SS58 address with the given format (42, Bittensor's, by default).
    #[uniffi::method(default(prefix = 42))]
    pub fn ss58_address(&self, prefix: u16) -> Result<String> {
        Ok(self.0.public().try_to_ss58(prefix)?)
    }

    /// The signature scheme.
    pub fn scheme(&self) -> Scheme {
        self.0.scheme()
    }

    /// Signs `message` as is (sr25519 with the "substrate" context); the 64-byte signature.
    /// Wrap it first with [`wrap_bytes`] to match polkadot-js `signRaw`.
    pub fn sign(&self, message: Vec<u8>) -> Vec<u8> {
        self.0.sign(&message).0.to_vec()
    }
}

/// An SS58 address taken apart.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DecodedAddress {
    /// The 32-byte account id (the public key).
    pub account_id: Vec<u8>,
    /// The address format (42 for Bittensor).
    pub prefix: u16,
}

/// True when `signature` over `message` verifies for the account `ss58_address`.
/// A malformed address or signature is an error, not `false`.
#[uniffi::export]
pub fn verify(message: Vec<u8>, signature: Vec<u8>, ss58_address: String, scheme: Scheme) -> Result<bool> {
    let public = core_keys::PublicKey::from_ss58(&ss58_address, scheme)?;
    Ok(core_keys::verify(&message, &Signature::from_bytes(&signature)?, &public))
}

/// The SS58 address of a 32-byte account id with the given format (42 by default).
#[uniffi::export(default(prefix = 42))]
pub fn ss58_encode(account_id: Vec<u8>, prefix: u16) -> Result<String> {
    let account: [u8; 32] = account_id.as_slice().try_into().map_err(|_| KeyError::InvalidPublicKey)?;
    Ok(ss58::try_encode(&account, prefix).map_err(KeyError::from)?)
}

/// Decodes an SS58 address of a 32-byte account.
#[uniffi::export]
pub fn ss58_decode(address: String) -> Result<DecodedAddress> {
    let (account, prefix) = ss58::decode(&address).map_err(KeyError::from)?;
    Ok(DecodedAddress { account_id: account.to_vec(), prefix })
}

/// `<Bytes>message</Bytes>`, as polkadot-js `signRaw` wraps messages (unchanged if wrapped).
#[uniffi::export]
pub fn wrap_bytes(message: Vec<u8>) -> Vec<u8> {
    core_keys::wrap_bytes(&message)
}
