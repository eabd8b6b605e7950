//! Keys: mnemonics, key pairs, signatures and SS58 addresses (`taolight::keys`).

use taolight::keys::{self as core_keys, ss58, KeyError, Scheme, Signature, WordCount};
use taolight::SecretString;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::error::Result;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** A signature scheme; `"sr25519"` wherever it is optional and omitted. */
export type Scheme = "sr25519" | "ed25519";

/** An SS58 address taken apart (`ss58Decode`). */
export interface DecodedAddress {
  /** The 32-byte account id (the public key). */
  accountId: Uint8Array;
  /** The address format (42 for Bittensor). */
  prefix: number;
}

/** What every taolight function throws: a JS `Error` with a stable `code` and a coarse `kind`. */
export interface TaolightError extends Error {
  name: "TaolightError";
  /** Stable and machine-readable, such as `key.unknown_word` or `keyfile.wrong_password`. */
  code: string;
  /**
   * The coarse kind, as the CLI's exit codes: bad input, local I/O, network, chain; `internal`
   * for `internal.panic` (a panic inside the wasm: the module was re-instantiated, objects made
   * before it throw `internal.stale_object`).
   */
  kind: "bad_input" | "io" | "network" | "chain" | "internal";
}
"#;

/// The scheme named by `scheme` (`"sr25519"` when omitted).
pub(crate) fn scheme(scheme: Option<String>) -> Result<Scheme> {
    Ok(scheme.map(|s| s.parse()).transpose()?.unwrap_or_default())
}

/// A validated BIP39 mnemonic (English). Its phrase is a secret: read it with `phrase()` only
/// to show it to the user. Call `free()` when done to wipe the Rust copy.
#[wasm_bindgen]
pub struct Mnemonic(pub(crate) core_keys::Mnemonic);

#[wasm_bindgen]
impl Mnemonic {
    /// A new mnemonic of `words` words (12, 15, 18, 21 or 24; 12 when omitted) from the
    /// platform's randomness (`crypto.getRandomValues`).
    pub fn generate(words: Option<u32>) -> Result<Mnemonic> {
        let words = words.map(|n| WordCount::from_count(n as usize)).transpose()?.unwrap_or_default();
        Ok(Self(core_keys::Mnemonic::generate(words)?))
    }

    /// Parses and validates a phrase: throws with `code` `key.invalid_word_count`,
    /// `key.unknown_word` (the message gives the word's position) or `key.invalid_checksum`.
    pub fn parse(phrase: String) -> Result<Mnemonic> {
        Ok(Self(core_keys::Mnemonic::parse(SecretString::new(phrase).expose())?))
    }

    /// The words, space separated: a secret.
    pub fn phrase(&self) -> String {
        self.0.phrase().expose().to_owned()
    }

    /// The number of words.
    #[wasm_bindgen(getter, js_name = wordCount)]
    pub fn word_count(&self) -> u32 {
        self.0.word_count() as u32
    }
}

/// A key pair that can sign. The secret stays in wasm memory; call `free()` when done to wipe it.
#[wasm_bindgen]
pub struct Keypair(pub(crate) core_keys::Keypair);

#[wasm_bindgen]
impl Keypair {
    /// From a secret URI: `phrase[//hard][/soft][///password]`, `0x<seed>[//path]` or `//Alice`.
    #[wasm_bindgen(js_name = fromUri)]
    pub fn from_uri(
        uri: String,
        #[wasm_bindgen(unchecked_optional_param_type = "Scheme")] scheme: Option<String>,
    ) -> Result<Keypair> {
        Ok(Self(core_keys::Keypair::from_uri(SecretString::new(uri).expose(), self::scheme(scheme)?)?))
    }

    /// From a mnemonic phrase and BIP39 password (none when omitted), without derivation.
    #[wasm_bindgen(js_name = fromMnemonic)]
    pub fn from_mnemonic(
        phrase: String,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] password: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "Scheme")] scheme: Option<String>,
    ) -> Result<Keypair> {
        Self::from_phrase(&Mnemonic::parse(phrase)?, password, scheme)
    }

    /// From a `Mnemonic` and BIP39 password (none when omitted), without derivation.
    #[wasm_bindgen(js_name = fromPhrase)]
    pub fn from_phrase(
        mnemonic: &Mnemonic,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] password: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "Scheme")] scheme: Option<String>,
    ) -> Result<Keypair> {
        let password = SecretString::new(password.unwrap_or_default());
        Ok(Self(core_keys::Keypair::from_phrase(&mnemonic.0, password.expose(), self::scheme(scheme)?)?))
    }

    /// From a 32-byte seed (the sr25519 mini secret or the ed25519 seed).
    #[wasm_bindgen(js_name = fromSeed)]
    pub fn from_seed(
        seed: Vec<u8>,
        #[wasm_bindgen(unchecked_optional_param_type = "Scheme")] scheme: Option<String>,
    ) -> Result<Keypair> {
        Ok(Self(core_keys::Keypair::from_seed_slice(&Zeroizing::new(seed), self::scheme(scheme)?)?))
    }

    /// A fresh random pair, not recoverable from a mnemonic (prefer `Mnemonic.generate`).
    pub fn generate(
        #[wasm_bindgen(unchecked_optional_param_type = "Scheme")] scheme: Option<String>,
    ) -> Result<Keypair> {
        Ok(Self(core_keys::Keypair::generate(self::scheme(scheme)?)?))
    }

    /// The 32-byte public key (also the account id).
    #[wasm_bindgen(getter, js_name = publicKey)]
    pub fn public_key(&self) -> Vec<u8> {
        self.0.public().bytes.to_vec()
    }

    /// The scheme: `"sr25519"` or `"ed25519"`.
    #[wasm_bindgen(getter, unchecked_return_type = "Scheme")]
    pub fn scheme(&self) -> String {
        self.0.scheme().as_str().to_owned()
    }

    /// The SS58 address with the given format (42, Bittensor's, when omitted).
    #[wasm_bindgen(js_name = ss58Address)]
    pub fn ss58_address(&self, prefix: Option<u16>) -> Result<String> {
        Ok(self.0.public().try_to_ss58(prefix.unwrap_or(ss58::BITTENSOR_PREFIX))?)
    }

    /// Signs `message` as is (sr25519 with the "substrate" context); the 64-byte signature.
    /// Wrap it first with `wrapBytes` to match polkadot-js `signRaw`.
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        self.0.sign(message).0.to_vec()
    }
}

/// True when `signature` over `message` verifies for the account `address`.
/// A malformed address or signature throws rather than returning `false`.
#[wasm_bindgen]
pub fn verify(
    message: &[u8],
    signature: &[u8],
    address: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "Scheme")] scheme: Option<String>,
) -> Result<bool> {
    let public = core_keys::PublicKey::from_ss58(address, self::scheme(scheme)?)?;
    Ok(core_keys::verify(message, &Signature::from_bytes(signature)?, &public))
}

/// The SS58 address of a 32-byte account id with the given format (42 when omitted).
#[wasm_bindgen(js_name = ss58Encode)]
pub fn ss58_encode(#[wasm_bindgen(js_name = accountId)] account_id: &[u8], prefix: Option<u16>) -> Result<String> {
    let account: [u8; 32] = account_id.try_into().map_err(|_| KeyError::InvalidPublicKey)?;
    Ok(ss58::try_encode(&account, prefix.unwrap_or(ss58::BITTENSOR_PREFIX)).map_err(KeyError::from)?)
}

/// Decodes an SS58 address of a 32-byte account: `{ accountId: Uint8Array, prefix: number }`.
#[wasm_bindgen(js_name = ss58Decode, unchecked_return_type = "DecodedAddress")]
pub fn ss58_decode(address: &str) -> Result<js_sys::Object> {
    let (account, prefix) = ss58::decode(address).map_err(KeyError::from)?;
    let out = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&out, &"accountId".into(), &js_sys::Uint8Array::from(&account[..]));
    let _ = js_sys::Reflect::set(&out, &"prefix".into(), &prefix.into());
    Ok(out)
}

/// `<Bytes>message</Bytes>`, as polkadot-js `signRaw` wraps messages (unchanged if wrapped).
#[wasm_bindgen(js_name = wrapBytes)]
pub fn wrap_bytes(message: &[u8]) -> Vec<u8> {
    core_keys::wrap_bytes(message)
}
