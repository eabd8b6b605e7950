//! Keys: BIP39 mnemonics, secret URIs, sr25519 and ed25519 key pairs, SS58 addresses and
//! signatures, derived exactly as Substrate, subkey and polkadot-js derive them.
//!
//! Secrets live in zeroizing types from creation to drop and never appear in `Debug`.
//!
//! ```
//! use taolight::keys::{verify, Keypair, Scheme};
//!
//! // //Alice from the development phrase, as subkey and polkadot-js derive it.
//! let alice = Keypair::from_uri("//Alice", Scheme::Sr25519)?;
//! assert_eq!(alice.public().to_ss58(42), "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
//!
//! let signature = alice.sign(b"hello bittensor");
//! assert!(verify(b"hello bittensor", &signature, &alice.public()));
//! assert!(!verify(b"something else", &signature, &alice.public()));
//! # Ok::<(), taolight::keys::KeyError>(())
//! ```

mod derive;
mod error;
mod mnemonic;
mod pair;
pub mod ss58;
mod suri;

pub use derive::Junction;
pub use error::{KeyError, Ss58Error};
pub use mnemonic::{Mnemonic, WordCount};
pub use pair::{verify, Keypair, PublicKey, Signature};
pub use suri::SecretUri;

/// The development phrase Substrate uses for `//Alice` and friends.
pub const DEV_PHRASE: &str = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

/// Signature schemes taolight supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Scheme {
    /// Schnorr over Ristretto25519 (schnorrkel), the default for Substrate accounts.
    #[default]
    Sr25519,
    /// Ed25519.
    Ed25519,
}

impl Scheme {
    /// The lower-case name used on the command line and in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Sr25519 => "sr25519",
            Scheme::Ed25519 => "ed25519",
        }
    }
}

impl core::fmt::Display for Scheme {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl core::str::FromStr for Scheme {
    type Err = KeyError;
    fn from_str(s: &str) -> Result<Self, KeyError> {
        match s.to_ascii_lowercase().as_str() {
            "sr25519" | "sr" => Ok(Scheme::Sr25519),
            "ed25519" | "ed" => Ok(Scheme::Ed25519),
            _ => Err(KeyError::UnknownScheme(s.to_owned())),
        }
    }
}

/// Wraps a message the way polkadot-js `signRaw` (and `u8aWrapBytes`) does: `<Bytes>msg</Bytes>`,
/// unless it is wrapped already.
pub fn wrap_bytes(message: &[u8]) -> Vec<u8> {
    const PRE: &[u8] = b"<Bytes>";
    const POST: &[u8] = b"</Bytes>";
    if message.starts_with(PRE) && message.ends_with(POST) && message.len() >= PRE.len() + POST.len() {
        return message.to_vec();
    }
    [PRE, message, POST].concat()
}

/// Decodes `0x`-prefixed (or bare) hex into bytes.
pub fn decode_hex(s: &str) -> Result<Vec<u8>, KeyError> {
    let s = s.strip_prefix("0x").unwrap_or(s);
    hex::decode(s).map_err(|_| KeyError::InvalidHex)
}

#[cfg(test)]
mod tests;
