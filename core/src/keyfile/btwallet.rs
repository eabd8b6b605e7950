//! The JSON inside Bittensor keyfiles, as `bittensor-wallet` 4.x writes and reads it.
//!
//! Written: compact JSON, no trailing newline, absent fields omitted, hex with `0x`:
//! `accountId`, `publicKey`, `privateKey` (sr25519: 64-byte schnorrkel secret key; ed25519:
//! 32-byte seed), `secretPhrase`, `secretSeed` (32-byte mini secret / seed), `ss58Address`,
//! `cryptoType` (1 sr25519, 0 ed25519). Public files (`coldkeypub.txt`, `hotkeys/<name>pub.txt`)
//! hold only `accountId`, `publicKey`, `ss58Address`, `cryptoType`.
//! Read: any key order, `null` = absent, hex with or without `0x`; the key comes from
//! `secretPhrase`, else `secretSeed`, else `privateKey`, as bittensor-wallet does; a file whose
//! fields disagree is refused (bittensor-wallet silently picks one: we prefer a clear error).

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::KeyfileError;
use crate::keys::{ss58, Keypair, Mnemonic, PublicKey, Scheme};
use crate::SecretString;

const SS58_FORMAT: u16 = ss58::BITTENSOR_PREFIX;

#[derive(Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct KeyfileJson {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    account_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    public_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    private_key: Option<SecretString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    secret_phrase: Option<SecretString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    secret_seed: Option<SecretString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ss58_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crypto_type")]
    crypto_type: Option<u8>,
}

/// bittensor-wallet honours only an integer `cryptoType`; anything else counts as absent.
fn crypto_type<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u8>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(v.as_u64().and_then(|n| u8::try_from(n).ok()))
}

fn scheme_of(crypto_type: Option<u8>) -> Result<Scheme, KeyfileError> {
    match crypto_type {
        None | Some(1) => Ok(Scheme::Sr25519),
        Some(0) => Ok(Scheme::Ed25519),
        Some(_) => Err(KeyfileError::Corrupt("unsupported cryptoType".into())),
    }
}

fn crypto_type_of(scheme: Scheme) -> u8 {
    match scheme {
        Scheme::Sr25519 => 1,
        Scheme::Ed25519 => 0,
    }
}

fn hex_field(value: &str, what: &str) -> Result<Zeroizing<Vec<u8>>, KeyfileError> {
    let s = value.trim();
    hex::decode(s.strip_prefix("0x").unwrap_or(s))
        .map(Zeroizing::new)
        .map_err(|_| KeyfileError::Corrupt(format!("{what} is not hex")))
}

/// `0x`-hex of secret bytes, built in one allocation of the right size: an intermediate
/// `String` (or a growing one) would be freed with the secret still in it.
fn secret_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(2 + 2 * bytes.len());
    out.push_str("0x");
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

fn to_json(value: &KeyfileJson) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(1024));
    // Serialising plain structs of strings into a Vec cannot fail.
    serde_json::to_writer(&mut *out, value).unwrap_or_default();
    out
}

/// A secret keyfile's content: a key pair and, when known, the mnemonic it came from.
#[derive(Debug, Clone)]
pub struct KeyfileContent {
    /// The key pair.
    pub pair: Keypair,
    /// The mnemonic, when the key was created from one (`secretPhrase`).
    pub mnemonic: Option<Mnemonic>,
}

impl KeyfileContent {
    /// A content without a mnemonic.
    pub fn from_pair(pair: Keypair) -> Self {
        Self { pair, mnemonic: None }
    }

    /// The root key of a mnemonic (no derivation, no password), as btcli creates keys.
    pub fn from_mnemonic(mnemonic: Mnemonic, scheme: Scheme) -> Result<Self, KeyfileError> {
        let pair = Keypair::from_phrase(&mnemonic, "", scheme)?;
        Ok(Self { pair, mnemonic: Some(mnemonic) })
    }

    /// The public key.
    pub fn public(&self) -> PublicKey {
        self.pair.public()
    }

    /// Serialises to the JSON bittensor-wallet writes (compact, no trailing newline).
    pub fn to_json(&self) -> Zeroizing<Vec<u8>> {
        let public = self.pair.public();
        let hex_secret = |b: &[u8]| SecretString::new(secret_hex(b));
        let json = KeyfileJson {
            account_id: Some(public.to_hex()),
            public_key: Some(public.to_hex()),
            private_key: Some(hex_secret(&self.pair.secret_key_bytes())),
            secret_phrase: self.mnemonic.as_ref().map(|m| m.phrase().clone()),
            // bittensor-wallet writes secretSeed only for keys made from a mnemonic or seed, not
            // for URIs; mirror it (the seed of a derived key is in privateKey anyway).
            secret_seed: self.mnemonic.as_ref().and(self.pair.seed()).map(|s| hex_secret(s.as_ref())),
            ss58_address: Some(public.to_ss58(SS58_FORMAT)),
            crypto_type: Some(crypto_type_of(public.scheme)),
        };
        to_json(&json)
    }

    /// Parses decrypted keyfile JSON.
    pub fn from_json(data: &[u8]) -> Result<Self, KeyfileError> {
        let json: KeyfileJson = parse(data)?;
        let scheme = scheme_of(json.crypto_type)?;
        let content = if let Some(phrase) = &json.secret_phrase {
            Self::from_mnemonic(Mnemonic::parse(phrase.expose())?, scheme)?
        } else if let Some(seed) = &json.secret_seed {
            Self::from_pair(Keypair::from_seed_slice(&hex_field(seed.expose(), "secretSeed")?, scheme)?)
        } else if let Some(private) = &json.private_key {
            Self::from_pair(pair_from_private_key(&hex_field(private.expose(), "privateKey")?, scheme)?)
        } else {
            return Err(KeyfileError::Corrupt("no secret in the keyfile (is it a public key file?)".into()));
        };
        check_public_fields(&json, &content.public())?;
        Ok(content)
    }
}

fn pair_from_private_key(bytes: &[u8], scheme: Scheme) -> Result<Keypair, KeyfileError> {
    Ok(match (scheme, bytes.len()) {
        (Scheme::Sr25519, 64) => Keypair::sr25519_from_secret_key(bytes)?,
        // bittensor-wallet reads a 32-byte sr25519 privateKey as a mini secret.
        (_, 32) => Keypair::from_seed_slice(bytes, scheme)?,
        (_, n) => return Err(KeyfileError::Corrupt(format!("privateKey has {n} bytes"))),
    })
}

/// A keyfile's stored public fields must agree with its secret.
fn check_public_fields(json: &KeyfileJson, public: &PublicKey) -> Result<(), KeyfileError> {
    for (name, value) in [("accountId", &json.account_id), ("publicKey", &json.public_key)] {
        if let Some(v) = value {
            if *hex_field(v, name)? != public.bytes {
                return Err(KeyfileError::Corrupt(format!("{name} does not match the secret key")));
            }
        }
    }
    if let Some(address) = &json.ss58_address {
        let (account, _) = ss58::decode(address).map_err(crate::keys::KeyError::from)?;
        if account != public.bytes {
            return Err(KeyfileError::Corrupt("ss58Address does not match the secret key".into()));
        }
    }
    Ok(())
}

fn parse<T: serde::de::DeserializeOwned>(data: &[u8]) -> Result<T, KeyfileError> {
    let trimmed = data.trim_ascii();
    if trimmed.is_empty() {
        return Err(KeyfileError::Truncated("the keyfile is empty"));
    }
    if trimmed.first() != Some(&b'{') {
        return Err(KeyfileError::UnknownFormat("not JSON and not an encrypted format bittensor-wallet writes"));
    }
    serde_json::from_slice(trimmed).map_err(|e| {
        if e.is_eof() {
            KeyfileError::Truncated("the JSON ends early")
        } else {
            // serde_json's message gives a line and column, never the content.
            KeyfileError::Corrupt(format!("invalid JSON at line {} column {}", e.line(), e.column()))
        }
    })
}

/// A public keyfile (`coldkeypub.txt`, `hotkeys/<name>pub.txt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicKeyfile {
    /// The public key.
    pub public: PublicKey,
}

impl PublicKeyfile {
    /// Serialises as bittensor-wallet does.
    pub fn to_json(&self) -> Vec<u8> {
        let json = KeyfileJson {
            account_id: Some(self.public.to_hex()),
            public_key: Some(self.public.to_hex()),
            ss58_address: Some(self.public.to_ss58(SS58_FORMAT)),
            crypto_type: Some(crypto_type_of(self.public.scheme)),
            ..KeyfileJson::default()
        };
        to_json(&json).to_vec()
    }

    /// Parses a public keyfile (the address is what bittensor-wallet reads; a plain secret
    /// keyfile also yields its public key).
    pub fn from_json(data: &[u8]) -> Result<Self, KeyfileError> {
        let json: KeyfileJson = parse(data)?;
        let scheme = scheme_of(json.crypto_type)?;
        let bytes = if let Some(address) = &json.ss58_address {
            ss58::decode(address).map_err(crate::keys::KeyError::from)?.0.to_vec()
        } else if let Some(public) = json.public_key.as_ref().or(json.account_id.as_ref()) {
            hex_field(public, "publicKey")?.to_vec()
        } else {
            return Err(KeyfileError::Corrupt("no public key in the file".into()));
        };
        Ok(Self { public: PublicKey::from_bytes(&bytes, scheme)? })
    }
}
