/// Errors about keys. Messages never include secret material: a wrong mnemonic word is
/// reported by its position, never by its text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// A mnemonic must have 12, 15, 18, 21 or 24 words.
    #[error("a mnemonic must have 12, 15, 18, 21 or 24 words, this one has {0}")]
    InvalidWordCount(usize),
    /// A word is not in the BIP39 English word list (1-based position).
    #[error("word {position} of the mnemonic is not in the BIP39 English word list")]
    UnknownWord {
        /// The word's position, from 1.
        position: usize,
    },
    /// The words are valid but the checksum (the last word) does not match.
    #[error("the mnemonic's checksum does not match: a word is wrong or the words are out of order")]
    InvalidChecksum,
    /// A secret URI that cannot be parsed.
    #[error("invalid secret URI: {0}")]
    InvalidSecretUri(&'static str),
    /// A raw seed must be 32 bytes.
    #[error("a seed must be 32 bytes, got {0}")]
    InvalidSeedLength(usize),
    /// ed25519 only supports hard derivation (`//`).
    #[error("ed25519 keys support only hard derivation (//), not soft (/)")]
    SoftJunctionOnEd25519,
    /// Secret key bytes that do not form a valid key.
    #[error("invalid secret key bytes")]
    InvalidSecretKey,
    /// Public key bytes that do not form a valid key.
    #[error("invalid public key")]
    InvalidPublicKey,
    /// Signature bytes of the wrong length or form.
    #[error("invalid signature bytes: expected 64 bytes")]
    InvalidSignature,
    /// Not valid hexadecimal.
    #[error("invalid hex string")]
    InvalidHex,
    /// An unknown signature scheme name.
    #[error("unknown signature scheme {0:?}: expected sr25519 or ed25519")]
    UnknownScheme(String),
    /// SS58 decoding failed.
    #[error("invalid SS58 address: {0}")]
    Ss58(#[from] Ss58Error),
    /// The operating system's random number generator failed.
    #[error("the OS random number generator failed")]
    Randomness,
}

impl KeyError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            KeyError::InvalidWordCount(_) => "invalid_word_count",
            KeyError::UnknownWord { .. } => "unknown_word",
            KeyError::InvalidChecksum => "invalid_checksum",
            KeyError::InvalidSecretUri(_) => "invalid_secret_uri",
            KeyError::InvalidSeedLength(_) => "invalid_seed_length",
            KeyError::SoftJunctionOnEd25519 => "soft_junction_on_ed25519",
            KeyError::InvalidSecretKey => "invalid_secret_key",
            KeyError::InvalidPublicKey => "invalid_public_key",
            KeyError::InvalidSignature => "invalid_signature",
            KeyError::InvalidHex => "invalid_hex",
            KeyError::UnknownScheme(_) => "unknown_scheme",
            KeyError::Ss58(_) => "invalid_ss58",
            KeyError::Randomness => "randomness",
        }
    }
}

/// Why an SS58 string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Ss58Error {
    /// Not base58.
    #[error("not base58")]
    BadBase58,
    /// The decoded payload has a length no account format uses.
    #[error("bad length ({0} bytes decoded)")]
    BadLength(usize),
    /// Longer than any SS58 address of an account (refused before decoding: base58 decoding
    /// takes time quadratic in the length).
    #[error("too long ({0} characters)")]
    TooLong(usize),
    /// The checksum does not match.
    #[error("bad checksum")]
    BadChecksum,
    /// The prefix byte is in the reserved range.
    #[error("reserved or invalid address format prefix")]
    InvalidPrefix,
    /// The address is for another network than expected.
    #[error("address format {found} where {expected} was expected")]
    WrongPrefix {
        /// The prefix expected (42 for Bittensor).
        expected: u16,
        /// The address's prefix.
        found: u16,
    },
}
