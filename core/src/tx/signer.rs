//! Who signs: anything that holds an account and can sign bytes (a key pair here, a hardware
//! wallet or a browser extension elsewhere).

use parity_scale_codec::Encode;

use super::TxError;
use crate::keys::{Keypair, PublicKey, Scheme, Signature};

/// A `MultiSignature` as the runtime expects it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MultiSignature {
    /// An ed25519 signature.
    Ed25519([u8; 64]),
    /// An sr25519 signature.
    Sr25519([u8; 64]),
}

impl MultiSignature {
    /// SCALE bytes: variant index (0 ed25519, 1 sr25519) ‖ 64 signature bytes.
    pub fn encode(&self) -> Vec<u8> {
        let (tag, sig) = match self {
            MultiSignature::Ed25519(s) => (0u8, s),
            MultiSignature::Sr25519(s) => (1u8, s),
        };
        let mut out = Vec::with_capacity(65);
        out.push(tag);
        out.extend_from_slice(sig);
        out
    }

    /// Decode from the start of `input`, advancing it.
    pub fn decode(input: &mut &[u8]) -> Result<MultiSignature, TxError> {
        let (&tag, rest) = input
            .split_first()
            .ok_or_else(|| TxError::decode("signature", "no bytes"))?;
        let sig: [u8; 64] = rest
            .get(..64)
            .and_then(|s| s.try_into().ok())
            .ok_or_else(|| TxError::decode("signature", "truncated"))?;
        let out = match tag {
            0 => MultiSignature::Ed25519(sig),
            1 => MultiSignature::Sr25519(sig),
            2 => return Err(TxError::decode("signature", "ECDSA signatures are not supported")),
            t => return Err(TxError::decode("signature", format!("unknown kind {t}"))),
        };
        *input = &rest[64..];
        Ok(out)
    }

    /// The scheme and the 64 bytes.
    pub fn parts(&self) -> (Scheme, Signature) {
        match *self {
            MultiSignature::Ed25519(s) => (Scheme::Ed25519, Signature(s)),
            MultiSignature::Sr25519(s) => (Scheme::Sr25519, Signature(s)),
        }
    }

    /// Wrap a raw signature made with `scheme`.
    pub fn from_parts(scheme: Scheme, signature: Signature) -> MultiSignature {
        match scheme {
            Scheme::Ed25519 => MultiSignature::Ed25519(signature.0),
            Scheme::Sr25519 => MultiSignature::Sr25519(signature.0),
        }
    }

    /// Whether this signature of `message` verifies for the 32-byte account `signer`.
    pub fn verify(&self, message: &[u8], signer: &[u8; 32]) -> bool {
        let (scheme, sig) = self.parts();
        match PublicKey::from_bytes(signer, scheme) {
            Ok(pk) => crate::keys::verify(message, &sig, &pk),
            Err(_) => false,
        }
    }
}

impl Encode for MultiSignature {
    fn encode_to<T: parity_scale_codec::Output + ?Sized>(&self, dest: &mut T) {
        dest.write(&MultiSignature::encode(self));
    }
}

/// Signs transaction payloads for one account.
pub trait Signer: Send + Sync {
    /// The 32-byte account id (the public key for sr25519 and ed25519 accounts).
    fn account_id(&self) -> [u8; 32];
    /// Sign the payload bytes (already hashed when longer than 256 bytes).
    fn sign(&self, payload: &[u8]) -> MultiSignature;
}

impl Signer for Keypair {
    fn account_id(&self) -> [u8; 32] {
        self.public().bytes
    }

    fn sign(&self, payload: &[u8]) -> MultiSignature {
        MultiSignature::from_parts(self.scheme(), Keypair::sign(self, payload))
    }
}
