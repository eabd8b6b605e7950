//! Keyfile encryption as `bittensor-wallet` does it.
//!
//! Current format (`$NACL`): `"$NACL" ‖ nonce(24) ‖ tag(16) ‖ XSalsa20 ciphertext` (NaCl
//! secretbox, combined mode), key = Argon2i v1.3 (libsodium SENSITIVE: opslimit 8, memlimit
//! 512 MiB, parallelism 1) of the password with a fixed salt. The legacy formats it still reads,
//! Ansible Vault 1.1 AES256 and Fernet (`gAAAAA…`), are read here too; they are never written.

use crypto_secretbox::aead::{Aead, KeyInit};
use crypto_secretbox::XSalsa20Poly1305;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::KeyfileError;

/// Magic prefix of the current encrypted format.
pub const NACL_PREFIX: &[u8] = b"$NACL";
/// bittensor-wallet's fixed Argon2i salt.
pub const NACL_SALT: [u8; 16] = *b"\x13\x71\x83\xdf\xf1\x5a\x09\xbc\x9c\x90\xb5\x51\x87\x39\xe9\xb1";
/// libsodium `crypto_pwhash_argon2i_OPSLIMIT_SENSITIVE`.
pub const ARGON2I_OPSLIMIT: u32 = 8;
/// libsodium `crypto_pwhash_argon2i_MEMLIMIT_SENSITIVE` (512 MiB) in KiB.
pub const ARGON2I_MEMLIMIT_KIB: u32 = 512 * 1024;

const ANSIBLE_PREFIX: &[u8] = b"$ANSIBLE_VAULT";
const FERNET_PREFIX: &[u8] = b"gAAAAA";
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

/// How a keyfile's bytes are stored, judged by their prefix as `bittensor-wallet` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncryptionFormat {
    /// Not encrypted (plain JSON).
    Plain,
    /// `$NACL`: the current format.
    Nacl,
    /// `$ANSIBLE_VAULT`: legacy, read-only.
    AnsibleVault,
    /// Fernet (`gAAAAA`): legacy, read-only.
    Fernet,
}

impl EncryptionFormat {
    /// Detects the format of `data`.
    pub fn detect(data: &[u8]) -> Self {
        if data.starts_with(NACL_PREFIX) {
            Self::Nacl
        } else if data.starts_with(ANSIBLE_PREFIX) {
            Self::AnsibleVault
        } else if data.starts_with(FERNET_PREFIX) {
            Self::Fernet
        } else {
            Self::Plain
        }
    }

    /// True for every encrypted format.
    pub fn is_encrypted(self) -> bool {
        self != Self::Plain
    }
}

fn nacl_key(password: &[u8]) -> Result<Zeroizing<[u8; 32]>, KeyfileError> {
    let params = argon2::Params::new(ARGON2I_MEMLIMIT_KIB, ARGON2I_OPSLIMIT, 1, Some(32))
        .map_err(|_| KeyfileError::Corrupt("argon2 parameters".into()))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2i, argon2::Version::V0x13, params);
    let mut key = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(password, &NACL_SALT, key.as_mut())
        .map_err(|_| KeyfileError::Corrupt("argon2 key derivation failed".into()))?;
    Ok(key)
}

/// Encrypts `plain` in the `$NACL` format with a fresh random nonce.
pub fn encrypt_nacl(plain: &[u8], password: &[u8]) -> Result<Vec<u8>, KeyfileError> {
    let key = nacl_key(password)?;
    let cipher = XSalsa20Poly1305::new(key.as_ref().into());
    let mut nonce = [0u8; NONCE_LEN];
    getrandom::getrandom(&mut nonce).map_err(|_| KeyfileError::Corrupt("no OS randomness".into()))?;
    // RustCrypto's secretbox emits tag ‖ ciphertext, NaCl's combined mode, as PyNaCl does.
    let sealed = cipher
        .encrypt((&nonce).into(), plain)
        .map_err(|_| KeyfileError::Corrupt("encryption failed".into()))?;
    Ok([NACL_PREFIX, &nonce, &sealed].concat())
}

/// Decrypts keyfile bytes in any format `bittensor-wallet` reads; plain data is returned as is.
pub fn decrypt(data: &[u8], password: Option<&[u8]>) -> Result<Zeroizing<Vec<u8>>, KeyfileError> {
    Envelope::parse(data)?.open(password)
}

/// The parsed structure of keyfile bytes, before any key derivation. Parsing is cheap and
/// checks every length, so hostile files fail here with a typed error. `Debug` shows the
/// format and lengths only: a plain keyfile's bytes are its secrets.
pub enum Envelope<'a> {
    /// Plain JSON bytes.
    Plain(&'a [u8]),
    /// `$NACL`: nonce and sealed box (tag ‖ ciphertext).
    Nacl {
        /// The 24-byte XSalsa20 nonce.
        nonce: &'a [u8],
        /// Poly1305 tag ‖ ciphertext.
        sealed: &'a [u8],
    },
    /// Ansible Vault 1.1 AES256.
    AnsibleVault {
        /// The PBKDF2 salt.
        salt: Vec<u8>,
        /// HMAC-SHA256 of the ciphertext (32 bytes).
        mac: Vec<u8>,
        /// AES-256-CTR ciphertext.
        ciphertext: Vec<u8>,
    },
    /// Fernet token.
    Fernet {
        /// The base64-decoded token: version ‖ time ‖ iv ‖ ciphertext ‖ HMAC-SHA256.
        token: Vec<u8>,
    },
}

impl core::fmt::Debug for Envelope<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Envelope::Plain(data) => write!(f, "Plain(<{} bytes redacted>)", data.len()),
            Envelope::Nacl { nonce, sealed } => write!(f, "Nacl({} + {} bytes)", nonce.len(), sealed.len()),
            Envelope::AnsibleVault { ciphertext, .. } => write!(f, "AnsibleVault({} bytes)", ciphertext.len()),
            Envelope::Fernet { token } => write!(f, "Fernet({} bytes)", token.len()),
        }
    }
}

impl<'a> Envelope<'a> {
    /// Parses without decrypting.
    pub fn parse(data: &'a [u8]) -> Result<Self, KeyfileError> {
        match EncryptionFormat::detect(data) {
            EncryptionFormat::Plain => Ok(Envelope::Plain(data)),
            EncryptionFormat::Nacl => {
                let body = &data[NACL_PREFIX.len()..];
                if body.len() < NONCE_LEN + TAG_LEN {
                    return Err(KeyfileError::Truncated("the $NACL body is shorter than nonce and tag"));
                }
                let (nonce, sealed) = body.split_at(NONCE_LEN);
                Ok(Envelope::Nacl { nonce, sealed })
            }
            EncryptionFormat::AnsibleVault => parse_ansible(data),
            EncryptionFormat::Fernet => {
                use base64::Engine;
                let token = base64::engine::general_purpose::URL_SAFE
                    .decode(data.trim_ascii())
                    .map_err(|_| KeyfileError::Corrupt("fernet token is not base64".into()))?;
                if token.len() < 1 + 8 + 16 + 16 + 32 || token[0] != 0x80 || (token.len() - 57) % 16 != 0 {
                    return Err(KeyfileError::Truncated("fernet token"));
                }
                Ok(Envelope::Fernet { token })
            }
        }
    }

    /// Derives the key from `password` and decrypts.
    pub fn open(self, password: Option<&[u8]>) -> Result<Zeroizing<Vec<u8>>, KeyfileError> {
        let password = || password.ok_or(KeyfileError::PasswordRequired);
        match self {
            Envelope::Plain(data) => Ok(Zeroizing::new(data.to_vec())),
            Envelope::Nacl { nonce, sealed } => {
                let key = nacl_key(password()?)?;
                XSalsa20Poly1305::new(key.as_ref().into())
                    .decrypt(nonce.into(), sealed)
                    .map(Zeroizing::new)
                    .map_err(|_| KeyfileError::WrongPassword)
            }
            Envelope::AnsibleVault { salt, mac, ciphertext } => open_ansible(&salt, &mac, ciphertext, password()?),
            Envelope::Fernet { token } => open_fernet(&token, password()?),
        }
    }
}

fn parse_ansible(data: &[u8]) -> Result<Envelope<'static>, KeyfileError> {
    let text = std::str::from_utf8(data).map_err(|_| KeyfileError::Corrupt("vault is not text".into()))?;
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    if !header.starts_with("$ANSIBLE_VAULT;1.1;AES256") {
        return Err(KeyfileError::UnknownFormat("only Ansible Vault 1.1 AES256 is supported"));
    }
    let outer: String = lines.map(str::trim).collect();
    let inner = hex::decode(outer).map_err(|_| KeyfileError::Corrupt("vault body is not hex".into()))?;
    let inner = String::from_utf8(inner).map_err(|_| KeyfileError::Corrupt("vault body".into()))?;
    let mut parts = inner.split('\n');
    let mut field = |what: &'static str| {
        parts.next().and_then(|p| hex::decode(p.trim()).ok()).ok_or(KeyfileError::Truncated(what))
    };
    let (salt, mac, ciphertext) = (field("vault salt")?, field("vault hmac")?, field("vault ciphertext")?);
    if mac.len() != 32 || ciphertext.is_empty() || ciphertext.len() % 16 != 0 {
        return Err(KeyfileError::Corrupt("vault lengths".into()));
    }
    Ok(Envelope::AnsibleVault { salt, mac, ciphertext })
}

/// Ansible Vault 1.1 AES256: PBKDF2-HMAC-SHA256 (10 000 rounds) → AES-256-CTR key ‖ HMAC key ‖ IV.
fn open_ansible(salt: &[u8], mac: &[u8], ciphertext: Vec<u8>, password: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyfileError> {
    use aes::cipher::{KeyIvInit, StreamCipher};
    let mut derived = Zeroizing::new([0u8; 80]);
    pbkdf2::pbkdf2_hmac::<Sha256>(password, salt, 10_000, derived.as_mut());
    let (aes_key, rest) = derived.split_at(32);
    let (hmac_key, iv) = rest.split_at(32);
    let mut check = <Hmac<Sha256> as Mac>::new_from_slice(hmac_key).map_err(|_| KeyfileError::WrongPassword)?;
    check.update(&ciphertext);
    check.verify_slice(mac).map_err(|_| KeyfileError::WrongPassword)?;
    let mut plain = Zeroizing::new(ciphertext);
    ctr::Ctr128BE::<aes::Aes256>::new(aes_key.into(), iv.into()).apply_keystream(&mut plain);
    unpad_pkcs7(plain)
}

/// Legacy Fernet with a PBKDF2-HMAC-SHA256 key (10 000 000 rounds, bittensor's fixed salt).
fn open_fernet(token: &[u8], password: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyfileError> {
    use aes::cipher::{BlockDecryptMut, KeyIvInit};
    const SALT: &[u8] = b"Iguesscyborgslikemyselfhaveatendencytobeparanoidaboutourorigins";
    let mut key = Zeroizing::new([0u8; 32]);
    pbkdf2::pbkdf2_hmac::<Sha256>(password, SALT, 10_000_000, key.as_mut());
    let (signing_key, encryption_key) = key.split_at(16);
    let (signed, mac) = token.split_at(token.len() - 32);
    let mut check = <Hmac<Sha256> as Mac>::new_from_slice(signing_key).map_err(|_| KeyfileError::WrongPassword)?;
    check.update(signed);
    check.verify_slice(mac).map_err(|_| KeyfileError::WrongPassword)?;
    let iv = &signed[9..25];
    let mut body = Zeroizing::new(signed[25..].to_vec());
    let plain = cbc::Decryptor::<aes::Aes128>::new(encryption_key.into(), iv.into())
        .decrypt_padded_mut::<aes::cipher::block_padding::Pkcs7>(&mut body)
        .map_err(|_| KeyfileError::WrongPassword)?
        .to_vec();
    Ok(Zeroizing::new(plain))
}

fn unpad_pkcs7(mut data: Zeroizing<Vec<u8>>) -> Result<Zeroizing<Vec<u8>>, KeyfileError> {
    let pad = *data.last().ok_or(KeyfileError::Truncated("empty plaintext"))? as usize;
    if pad == 0 || pad > 16 || pad > data.len() || !data[data.len() - pad..].iter().all(|&b| b as usize == pad) {
        return Err(KeyfileError::WrongPassword);
    }
    let len = data.len() - pad;
    data.truncate(len);
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argon2i_key_matches_libsodium() {
        // PyNaCl argon2i.kdf(32, b"testing123!", NACL_SALT, OPSLIMIT_SENSITIVE, MEMLIMIT_SENSITIVE).
        let key = nacl_key(b"testing123!").unwrap();
        assert_eq!(hex::encode(*key), "4d45aaf6a0321801d5354e20b817756bf7a3d7b39308b6eb6a42955e0cfe7d5e");
    }

    #[test]
    fn detects_formats_like_bittensor_wallet() {
        assert_eq!(EncryptionFormat::detect(b"$NACL..."), EncryptionFormat::Nacl);
        assert_eq!(EncryptionFormat::detect(b"$ANSIBLE_VAULT;1.1;AES256"), EncryptionFormat::AnsibleVault);
        assert_eq!(EncryptionFormat::detect(b"gAAAAABk"), EncryptionFormat::Fernet);
        assert_eq!(EncryptionFormat::detect(b"{}"), EncryptionFormat::Plain);
        assert!(matches!(decrypt(b"$NACL", Some(b"x")), Err(KeyfileError::Truncated(_))));
        assert!(matches!(decrypt(&[b"$NACL".as_slice(), &[0u8; 40]].concat(), None), Err(KeyfileError::PasswordRequired)));
    }
}
