//! polkadot-js JSON accounts (keyring `toJson`, encoding version 3), as browser extensions and
//! polkadot-js apps export them.
//!
//! `encoded` = base64(salt(32) ‖ N u32le ‖ p u32le ‖ r u32le ‖ nonce(24) ‖ secretbox(PKCS8)),
//! key = scrypt(password, salt, N, r, p)[..32]; PKCS8 = header ‖ secret(64) ‖ divider ‖ public(32)
//! where the secret is schnorrkel's ed25519-form key for sr25519 and `seed ‖ public` for ed25519.

use base64::Engine;
use crypto_secretbox::aead::{Aead, KeyInit};
use crypto_secretbox::XSalsa20Poly1305;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::KeyfileError;
use crate::keys::{ss58, Keypair, Scheme};
use crate::SecretString;

const PKCS8_HEADER: [u8; 16] = [48, 83, 2, 1, 1, 48, 5, 6, 3, 43, 101, 112, 4, 34, 4, 32];
const PKCS8_DIVIDER: [u8; 5] = [161, 35, 3, 33, 0];
const SECRET_LEN: usize = 64;
const SALT_LEN: usize = 32;
const NONCE_LEN: usize = 24;
/// The scrypt parameters (N, p, r) polkadot-js accepts when decoding; the last one is what it writes.
const ALLOWED_SCRYPT: [(u32, u32, u32); 6] =
    [(1 << 13, 10, 8), (1 << 14, 5, 8), (1 << 15, 3, 8), (1 << 15, 1, 8), (1 << 16, 2, 8), (1 << 17, 1, 8)];
const WRITE_SCRYPT: (u32, u32, u32) = (1 << 17, 1, 8);

/// A polkadot-js JSON account.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PolkadotJsAccount {
    /// base64 (or 0x-hex) of the encrypted PKCS8 body.
    pub encoded: String,
    /// How `encoded` is built.
    pub encoding: Encoding,
    /// The SS58 address.
    pub address: String,
    /// Free-form metadata (`name`, `whenCreated`, ...).
    #[serde(default)]
    pub meta: serde_json::Value,
}

/// The `encoding` object.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Encoding {
    /// `["pkcs8", "sr25519" | "ed25519"]`.
    pub content: Vec<String>,
    /// `["scrypt", "xsalsa20-poly1305"]` (or `["none"]` for an unencrypted export).
    #[serde(rename = "type")]
    pub kind: serde_json::Value,
    /// `"3"`.
    pub version: serde_json::Value,
}

fn corrupt(msg: &str) -> KeyfileError {
    KeyfileError::Corrupt(format!("polkadot-js JSON: {msg}"))
}

impl PolkadotJsAccount {
    /// Parses the JSON text.
    pub fn parse(json: &str) -> Result<Self, KeyfileError> {
        serde_json::from_str(json).map_err(|e| corrupt(&format!("line {} column {}", e.line(), e.column())))
    }

    /// The JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    fn scheme(&self) -> Result<Scheme, KeyfileError> {
        match (self.encoding.content.first().map(String::as_str), self.encoding.content.get(1).map(String::as_str)) {
            (Some("pkcs8"), Some("sr25519")) => Ok(Scheme::Sr25519),
            (Some("pkcs8"), Some("ed25519")) => Ok(Scheme::Ed25519),
            (Some("pkcs8"), Some(_)) => Err(KeyfileError::UnknownFormat("polkadot-js key type (only sr25519 and ed25519)")),
            _ => Err(KeyfileError::UnknownFormat("polkadot-js content is not pkcs8")),
        }
    }

    fn is_encrypted(&self) -> bool {
        let kind = &self.encoding.kind;
        let has = |s: &str| kind.as_str() == Some(s) || kind.as_array().is_some_and(|a| a.iter().any(|v| v.as_str() == Some(s)));
        has("xsalsa20-poly1305")
    }

    /// Decrypts the account with its password and returns the key pair, checking that it
    /// matches the stored address.
    pub fn decrypt(&self, password: &SecretString) -> Result<Keypair, KeyfileError> {
        let version = self.encoding.version.as_str().map(str::to_owned).or_else(|| self.encoding.version.as_u64().map(|v| v.to_string()));
        if version.as_deref() != Some("3") {
            return Err(KeyfileError::UnknownFormat("polkadot-js encoding version (only version 3)"));
        }
        let scheme = self.scheme()?;
        let encoded = decode_encoded(&self.encoded)?;
        let pkcs8 = if self.is_encrypted() { open(&encoded, password)? } else { Zeroizing::new(encoded) };
        let pair = pair_from_pkcs8(&pkcs8, scheme)?;
        let (account, _) = ss58::decode(&self.address).map_err(crate::keys::KeyError::from)?;
        if account != pair.public().bytes {
            return Err(corrupt("the address does not match the decrypted key"));
        }
        Ok(pair)
    }

    /// Encrypts `pair` as polkadot-js does (scrypt N=2^17, r=8, p=1), with `meta.name`
    /// (bittensor-wallet refuses accounts without one) and `meta.whenCreated` (ms since epoch).
    pub fn encrypt(pair: &Keypair, password: &SecretString, name: &str, when_created_ms: u64) -> Result<Self, KeyfileError> {
        let mut salt = [0u8; SALT_LEN];
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::getrandom(&mut salt).map_err(|_| corrupt("no OS randomness"))?;
        getrandom::getrandom(&mut nonce).map_err(|_| corrupt("no OS randomness"))?;
        let meta = serde_json::json!({ "name": name, "whenCreated": when_created_ms });
        Self::encrypt_with(pair, password, &salt, &nonce, meta)
    }

    /// [`Self::encrypt`] with a given salt, nonce and metadata (deterministic; for tests).
    pub fn encrypt_with(
        pair: &Keypair,
        password: &SecretString,
        salt: &[u8; SALT_LEN],
        nonce: &[u8; NONCE_LEN],
        meta: serde_json::Value,
    ) -> Result<Self, KeyfileError> {
        let public = pair.public();
        let secret = pair.polkadot_js_secret_key();
        let pkcs8 = Zeroizing::new([&PKCS8_HEADER[..], &secret, &PKCS8_DIVIDER, &public.bytes].concat());
        let (n, p, r) = WRITE_SCRYPT;
        let key = scrypt_key(password, salt, n, p, r)?;
        let sealed = XSalsa20Poly1305::new(key.as_ref().into())
            .encrypt(nonce.into(), pkcs8.as_slice())
            .map_err(|_| corrupt("encryption failed"))?;
        let body = [&salt[..], &n.to_le_bytes(), &p.to_le_bytes(), &r.to_le_bytes(), nonce, &sealed].concat();
        Ok(Self {
            encoded: base64::engine::general_purpose::STANDARD.encode(body),
            encoding: Encoding {
                content: vec!["pkcs8".into(), public.scheme.as_str().into()],
                kind: serde_json::json!(["scrypt", "xsalsa20-poly1305"]),
                version: serde_json::json!("3"),
            },
            address: public.to_ss58(ss58::BITTENSOR_PREFIX),
            meta,
        })
    }
}

fn decode_encoded(encoded: &str) -> Result<Vec<u8>, KeyfileError> {
    match encoded.strip_prefix("0x") {
        Some(h) => hex::decode(h).map_err(|_| corrupt("encoded is not hex")),
        None => base64::engine::general_purpose::STANDARD.decode(encoded.trim()).map_err(|_| corrupt("encoded is not base64")),
    }
}

fn scrypt_key(password: &SecretString, salt: &[u8], n: u32, p: u32, r: u32) -> Result<Zeroizing<[u8; 32]>, KeyfileError> {
    let params = scrypt::Params::new(n.trailing_zeros() as u8, r, p, 32).map_err(|_| corrupt("scrypt parameters"))?;
    let mut key = Zeroizing::new([0u8; 32]);
    scrypt::scrypt(password.expose().as_bytes(), salt, &params, key.as_mut()).map_err(|_| corrupt("scrypt"))?;
    Ok(key)
}

fn u32_le(bytes: &[u8]) -> u32 {
    let mut b = [0u8; 4];
    b.copy_from_slice(&bytes[..4]);
    u32::from_le_bytes(b)
}

fn open(encoded: &[u8], password: &SecretString) -> Result<Zeroizing<Vec<u8>>, KeyfileError> {
    let header = SALT_LEN + 12 + NONCE_LEN;
    if encoded.len() < header + 16 {
        return Err(KeyfileError::Truncated("polkadot-js encoded body"));
    }
    let (n, p, r) = (u32_le(&encoded[32..]), u32_le(&encoded[36..]), u32_le(&encoded[40..]));
    // Only polkadot-js's presets: this also bounds the memory and time a hostile file can cost.
    if !ALLOWED_SCRYPT.contains(&(n, p, r)) {
        return Err(corrupt("scrypt parameters are not ones polkadot-js uses"));
    }
    let key = scrypt_key(password, &encoded[..SALT_LEN], n, p, r)?;
    let nonce = &encoded[SALT_LEN + 12..header];
    XSalsa20Poly1305::new(key.as_ref().into())
        .decrypt(nonce.into(), &encoded[header..])
        .map(Zeroizing::new)
        .map_err(|_| KeyfileError::WrongPassword)
}

fn pair_from_pkcs8(pkcs8: &[u8], scheme: Scheme) -> Result<Keypair, KeyfileError> {
    if !pkcs8.starts_with(&PKCS8_HEADER) {
        return Err(corrupt("bad PKCS8 header"));
    }
    let body = &pkcs8[PKCS8_HEADER.len()..];
    // Current layout: secret(64) ‖ divider ‖ public; older exports: seed(32) ‖ divider ‖ public.
    let (secret, rest) = if body.len() >= SECRET_LEN + 5 && body[SECRET_LEN..SECRET_LEN + 5] == PKCS8_DIVIDER {
        body.split_at(SECRET_LEN)
    } else if body.len() >= 32 + 5 && body[32..37] == PKCS8_DIVIDER {
        body.split_at(32)
    } else {
        return Err(corrupt("bad PKCS8 divider"));
    };
    let public = rest.get(5..37).ok_or(KeyfileError::Truncated("PKCS8 public key"))?;
    let pair = match (scheme, secret.len()) {
        (Scheme::Sr25519, SECRET_LEN) => Keypair::sr25519_from_ed25519_bytes(secret)?,
        (_, _) => Keypair::from_seed_slice(&secret[..32], scheme)?,
    };
    if pair.public().bytes != public {
        return Err(corrupt("the PKCS8 public key does not match its secret"));
    }
    Ok(pair)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Worked example built with @polkadot/util-crypto 14.0.3 (scryptEncode + naclEncrypt) from
    // //Alice, password "testing123!", salt 00..1f, nonce 40..57.
    const ALICE_SR_JSON: &str = r#"{"encoded":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8AAAIAAQAAAAgAAABAQUJDREVGR0hJSktMTU5PUFFSU1RVVlfyPXLPW/CcFQwlNwFxjOVlQbGmoyXt7e05kHybomI4kIwPJF3FuRLoC+xCXt6ixrf6Iml5sl2LBMcJl8tm+xHZE+nGTx24V2Frkx3O/92JU90UTI5cwgUJJL5j8v3GzqG2GBXcRp3XB5NbbDlv7GK0lrl6RxQbhCcXcfX/ZATApvY3TKzB","encoding":{"content":["pkcs8","sr25519"],"type":["scrypt","xsalsa20-poly1305"],"version":"3"},"address":"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY","meta":{"name":"alice"}}"#;

    fn salt_nonce() -> ([u8; 32], [u8; 24]) {
        (core::array::from_fn(|i| i as u8), core::array::from_fn(|i| 0x40 + i as u8))
    }

    #[test]
    fn decrypts_polkadot_js_export() {
        let account = PolkadotJsAccount::parse(ALICE_SR_JSON).unwrap();
        let pair = account.decrypt(&"testing123!".into()).unwrap();
        assert_eq!(pair.public().to_ss58(42), "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
        assert!(matches!(account.decrypt(&"wrong".into()), Err(KeyfileError::WrongPassword)));
    }

    #[test]
    fn encrypts_byte_identically_to_polkadot_js() {
        let alice = Keypair::from_uri("//Alice", Scheme::Sr25519).unwrap();
        let (salt, nonce) = salt_nonce();
        let ours = PolkadotJsAccount::encrypt_with(&alice, &"testing123!".into(), &salt, &nonce, serde_json::json!({"name": "alice"})).unwrap();
        assert_eq!(ours.to_json(), ALICE_SR_JSON);
    }

    #[test]
    fn ed25519_round_trip_matches_polkadot_js_bytes() {
        let alice = Keypair::from_uri("//Alice", Scheme::Ed25519).unwrap();
        let (salt, nonce) = salt_nonce();
        let ours = PolkadotJsAccount::encrypt_with(&alice, &"testing123!".into(), &salt, &nonce, serde_json::json!({})).unwrap();
        let raw = base64::engine::general_purpose::STANDARD.decode(&ours.encoded).unwrap();
        assert_eq!(
            hex::encode(&raw[68..]),
            "3498054ab8ebdc736cde6c16fa9dfb6641b1a6a325ededed39907c9ba2623890bfc65caf83208432169c2e9e555bee5d0cb92b3c6fc70713c7945197eeb47f84096fd0055f17d9cdf2a97a7bb62feb55447d6fa283a3a87f5b49749246c61e5eb61815dc46c13ea0439b9464b739269027af39c2c8101682401d3010c5a3d51610dd87be52"
        );
        assert_eq!(ours.decrypt(&"testing123!".into()).unwrap().public(), alice.public());
    }

    #[test]
    fn hostile_inputs_are_typed_errors() {
        let mut account = PolkadotJsAccount::parse(ALICE_SR_JSON).unwrap();
        account.encoded = account.encoded[..40].to_string();
        assert!(matches!(account.decrypt(&"x".into()), Err(KeyfileError::Truncated(_)) | Err(KeyfileError::Corrupt(_))));
        assert!(PolkadotJsAccount::parse("{").is_err());
        let mut v2 = PolkadotJsAccount::parse(ALICE_SR_JSON).unwrap();
        v2.encoding.version = serde_json::json!("2");
        assert!(matches!(v2.decrypt(&"x".into()), Err(KeyfileError::UnknownFormat(_))));
    }
}
