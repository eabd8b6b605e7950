//! sr25519 and ed25519 key pairs: creation from secret URIs, seeds and stored secret keys,
//! Substrate derivation, signing and verification.

use parity_scale_codec::Encode;
use schnorrkel::{
    derive::{ChainCode, Derivation},
    ExpansionMode, MiniSecretKey,
};
use zeroize::{Zeroize, Zeroizing};

use super::{ss58, Junction, KeyError, Mnemonic, Scheme, SecretUri};

/// Substrate's sr25519 signing context.
const SIGNING_CONTEXT: &[u8] = b"substrate";

/// A public key (for both schemes also the 32-byte account id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey {
    /// Which scheme the key belongs to.
    pub scheme: Scheme,
    /// The 32 key bytes.
    pub bytes: [u8; 32],
}

impl PublicKey {
    /// Wraps raw key bytes, checking that they form a valid point for the scheme.
    pub fn from_bytes(bytes: &[u8], scheme: Scheme) -> Result<Self, KeyError> {
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| KeyError::InvalidPublicKey)?;
        match scheme {
            Scheme::Sr25519 => {
                schnorrkel::PublicKey::from_bytes(&bytes).map_err(|_| KeyError::InvalidPublicKey)?;
            }
            Scheme::Ed25519 => {
                ed25519_zebra::VerificationKey::try_from(bytes)
                    .map_err(|_| KeyError::InvalidPublicKey)?;
            }
        }
        Ok(Self { scheme, bytes })
    }

    /// From an SS58 address of any network format, checked to be a valid key of `scheme`.
    pub fn from_ss58(address: &str, scheme: Scheme) -> Result<Self, KeyError> {
        let (account, _) = ss58::decode(address)?;
        Self::from_bytes(&account, scheme)
    }

    /// The SS58 address with the given format (42 for Bittensor).
    pub fn to_ss58(&self, prefix: u16) -> String {
        ss58::encode(&self.bytes, prefix)
    }

    /// [`PublicKey::to_ss58`] for a format that came from outside: refuses one SS58 cannot
    /// express ([`ss58::check_prefix`]).
    pub fn try_to_ss58(&self, prefix: u16) -> Result<String, KeyError> {
        Ok(ss58::try_encode(&self.bytes, prefix)?)
    }

    /// `0x`-prefixed hex of the key.
    pub fn to_hex(&self) -> String {
        format!("0x{}", hex::encode(self.bytes))
    }
}

/// A 64-byte signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signature(pub [u8; 64]);

impl Signature {
    /// From raw bytes (exactly 64).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        Ok(Self(bytes.try_into().map_err(|_| KeyError::InvalidSignature)?))
    }

    /// `0x`-prefixed hex.
    pub fn to_hex(&self) -> String {
        format!("0x{}", hex::encode(self.0))
    }
}

/// An ed25519 signing key, wiped on drop (`ed25519_zebra::SigningKey` is `Copy` and does not
/// wipe itself).
struct Ed25519Secret(ed25519_zebra::SigningKey);

impl Drop for Ed25519Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

enum Inner {
    Sr25519(Box<schnorrkel::Keypair>),
    Ed25519(Box<Ed25519Secret>),
}

/// A key pair that can sign. The secret is zeroized on drop; `Debug` shows only the public key.
pub struct Keypair {
    inner: Inner,
    /// The 32-byte seed this pair was expanded from (the sr25519 mini secret, the ed25519
    /// seed); `None` after an sr25519 soft derivation or when loaded from an expanded key.
    seed: Option<Zeroizing<[u8; 32]>>,
}

impl Clone for Keypair {
    fn clone(&self) -> Self {
        let inner = match &self.inner {
            Inner::Sr25519(kp) => Inner::Sr25519(kp.clone()),
            Inner::Ed25519(sk) => Inner::Ed25519(Box::new(Ed25519Secret(sk.0))),
        };
        Self { inner, seed: self.seed.clone() }
    }
}

impl core::fmt::Debug for Keypair {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let public = self.public();
        write!(f, "Keypair({}, {}, secret: <redacted>)", public.scheme, public.to_ss58(42))
    }
}

impl Keypair {
    /// A fresh random key pair (not recoverable from a mnemonic: prefer [`Keypair::from_phrase`]
    /// with [`Mnemonic::generate`] for user keys).
    pub fn generate(scheme: Scheme) -> Result<Self, KeyError> {
        let mut seed = Zeroizing::new([0u8; 32]);
        getrandom::getrandom(seed.as_mut()).map_err(|_| KeyError::Randomness)?;
        Self::from_seed(&seed, scheme)
    }

    /// From a secret URI: `phrase[//hard][/soft][///password]`, `0x<seed>[//path]` or `//Alice`.
    pub fn from_uri(uri: &str, scheme: Scheme) -> Result<Self, KeyError> {
        let suri = SecretUri::parse(uri)?;
        let phrase = suri.phrase.expose();
        let root = if let Some(hex_seed) = phrase.strip_prefix("0x") {
            // As in Substrate, a hex seed ignores the password.
            let bytes = Zeroizing::new(hex::decode(hex_seed).map_err(|_| KeyError::InvalidHex)?);
            Self::from_seed_slice(&bytes, scheme)?
        } else {
            let password = suri.password.as_ref().map(|p| p.expose()).unwrap_or("");
            Self::from_phrase(&Mnemonic::parse(phrase)?, password, scheme)?
        };
        root.derive(&suri.junctions)
    }

    /// From a mnemonic and BIP39 password (empty for none), without derivation.
    pub fn from_phrase(mnemonic: &Mnemonic, password: &str, scheme: Scheme) -> Result<Self, KeyError> {
        Self::from_seed(&*mnemonic.mini_secret(password)?, scheme)
    }

    /// From a 32-byte seed given as a slice.
    pub fn from_seed_slice(seed: &[u8], scheme: Scheme) -> Result<Self, KeyError> {
        let seed: &[u8; 32] = seed.try_into().map_err(|_| KeyError::InvalidSeedLength(seed.len()))?;
        Self::from_seed(seed, scheme)
    }

    /// From a 32-byte seed: the sr25519 mini secret (expanded in Ed25519 mode, as Substrate
    /// does) or the ed25519 secret seed.
    pub fn from_seed(seed: &[u8; 32], scheme: Scheme) -> Result<Self, KeyError> {
        let inner = match scheme {
            Scheme::Sr25519 => {
                let mini = MiniSecretKey::from_bytes(seed).map_err(|_| KeyError::InvalidSecretKey)?;
                Inner::Sr25519(Box::new(mini.expand_to_keypair(ExpansionMode::Ed25519)))
            }
            Scheme::Ed25519 => Inner::Ed25519(Box::new(Ed25519Secret(ed25519_zebra::SigningKey::from(*seed)))),
        };
        Ok(Self { inner, seed: Some(Zeroizing::new(*seed)) })
    }

    /// From a 64-byte schnorrkel secret key (`key ‖ nonce`, the form Bittensor keyfiles store
    /// in `privateKey`).
    pub fn sr25519_from_secret_key(bytes: &[u8]) -> Result<Self, KeyError> {
        let secret = schnorrkel::SecretKey::from_bytes(bytes).map_err(|_| KeyError::InvalidSecretKey)?;
        Ok(Self { inner: Inner::Sr25519(Box::new(secret.to_keypair())), seed: None })
    }

    /// From a 64-byte schnorrkel secret key in its "ed25519 bytes" form (the form polkadot-js
    /// stores in PKCS8).
    pub fn sr25519_from_ed25519_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        let secret =
            schnorrkel::SecretKey::from_ed25519_bytes(bytes).map_err(|_| KeyError::InvalidSecretKey)?;
        Ok(Self { inner: Inner::Sr25519(Box::new(secret.to_keypair())), seed: None })
    }

    /// The scheme of this pair.
    pub fn scheme(&self) -> Scheme {
        match self.inner {
            Inner::Sr25519(_) => Scheme::Sr25519,
            Inner::Ed25519(_) => Scheme::Ed25519,
        }
    }

    /// The public key.
    pub fn public(&self) -> PublicKey {
        let bytes = match &self.inner {
            Inner::Sr25519(kp) => kp.public.to_bytes(),
            Inner::Ed25519(sk) => ed25519_zebra::VerificationKey::from(&sk.0).into(),
        };
        PublicKey { scheme: self.scheme(), bytes }
    }

    /// The 32-byte seed, when known (see the field's doc).
    pub fn seed(&self) -> Option<&Zeroizing<[u8; 32]>> {
        self.seed.as_ref()
    }

    /// The secret key as Bittensor keyfiles store it in `privateKey`: the 64-byte schnorrkel
    /// secret key for sr25519, the 32-byte seed for ed25519.
    pub fn secret_key_bytes(&self) -> Zeroizing<Vec<u8>> {
        match &self.inner {
            Inner::Sr25519(kp) => Zeroizing::new(kp.secret.to_bytes().to_vec()),
            Inner::Ed25519(sk) => Zeroizing::new(sk.0.as_ref().to_vec()),
        }
    }

    /// The 64-byte secret key as polkadot-js stores it: schnorrkel's ed25519-bytes form for
    /// sr25519, `seed ‖ public` for ed25519.
    pub fn polkadot_js_secret_key(&self) -> Zeroizing<Vec<u8>> {
        match &self.inner {
            Inner::Sr25519(kp) => Zeroizing::new(kp.secret.to_ed25519_bytes().to_vec()),
            Inner::Ed25519(sk) => {
                // Sized up front: growing the Vec would free a copy of the seed unwiped.
                let mut out = Zeroizing::new(Vec::with_capacity(64));
                out.extend_from_slice(sk.0.as_ref());
                out.extend_from_slice(&self.public().bytes);
                out
            }
        }
    }

    /// Derives a child pair along `junctions`.
    pub fn derive(&self, junctions: &[Junction]) -> Result<Self, KeyError> {
        let mut pair = self.clone();
        for j in junctions {
            pair = pair.derive_one(j)?;
        }
        Ok(pair)
    }

    fn derive_one(&self, junction: &Junction) -> Result<Self, KeyError> {
        let cc = *junction.chain_code();
        match (&self.inner, junction) {
            (Inner::Sr25519(kp), Junction::Hard(_)) => {
                let (mini, _) = kp.secret.hard_derive_mini_secret_key(Some(ChainCode(cc)), b"");
                Self::from_seed(&Zeroizing::new(mini.to_bytes()), Scheme::Sr25519)
            }
            (Inner::Sr25519(kp), Junction::Soft(_)) => {
                let (secret, _) = kp.secret.derived_key_simple(ChainCode(cc), [0u8; 0]);
                Ok(Self { inner: Inner::Sr25519(Box::new(secret.to_keypair())), seed: None })
            }
            (Inner::Ed25519(sk), Junction::Hard(_)) => {
                // Substrate: blake2_256(SCALE(("Ed25519HDKD", seed, chain_code))).
                let seed = Zeroizing::new(<[u8; 32]>::from(sk.0));
                let preimage = Zeroizing::new(("Ed25519HDKD", *seed, cc).encode());
                let child = Zeroizing::new(sp_crypto_hashing::blake2_256(&preimage));
                Self::from_seed(&child, Scheme::Ed25519)
            }
            (Inner::Ed25519(_), Junction::Soft(_)) => Err(KeyError::SoftJunctionOnEd25519),
        }
    }

    /// Signs `message` (sr25519 with the "substrate" context; ed25519 plain).
    pub fn sign(&self, message: &[u8]) -> Signature {
        match &self.inner {
            Inner::Sr25519(kp) => Signature(kp.sign_simple(SIGNING_CONTEXT, message).to_bytes()),
            Inner::Ed25519(sk) => Signature(sk.0.sign(message).into()),
        }
    }
}

/// Verifies `signature` over `message` by `public`.
pub fn verify(message: &[u8], signature: &Signature, public: &PublicKey) -> bool {
    match public.scheme {
        Scheme::Sr25519 => {
            let (Ok(pk), Ok(sig)) =
                (schnorrkel::PublicKey::from_bytes(&public.bytes), schnorrkel::Signature::from_bytes(&signature.0))
            else {
                return false;
            };
            pk.verify_simple(SIGNING_CONTEXT, message, &sig).is_ok()
        }
        Scheme::Ed25519 => {
            let Ok(vk) = ed25519_zebra::VerificationKey::try_from(public.bytes) else {
                return false;
            };
            vk.verify(&ed25519_zebra::Signature::from(signature.0), message).is_ok()
        }
    }
}
