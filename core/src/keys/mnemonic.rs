//! BIP39 mnemonics (English word list) with typed errors that say which word is wrong.

use zeroize::Zeroizing;

use super::KeyError;
use crate::SecretString;

/// Number of words of a new mnemonic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WordCount {
    /// 12 words, 128 bits of entropy (btcli's default).
    #[default]
    Words12,
    /// 15 words, 160 bits.
    Words15,
    /// 18 words, 192 bits.
    Words18,
    /// 21 words, 224 bits.
    Words21,
    /// 24 words, 256 bits.
    Words24,
}

impl WordCount {
    /// From a number of words.
    pub fn from_count(n: usize) -> Result<Self, KeyError> {
        Ok(match n {
            12 => Self::Words12,
            15 => Self::Words15,
            18 => Self::Words18,
            21 => Self::Words21,
            24 => Self::Words24,
            _ => return Err(KeyError::InvalidWordCount(n)),
        })
    }

    /// The number of words.
    pub fn count(self) -> usize {
        match self {
            Self::Words12 => 12,
            Self::Words15 => 15,
            Self::Words18 => 18,
            Self::Words21 => 21,
            Self::Words24 => 24,
        }
    }

    fn entropy_len(self) -> usize {
        self.count() / 3 * 4
    }
}

/// A validated BIP39 mnemonic. The phrase and its entropy are zeroized on drop; `Debug` is
/// redacted and there is no `Display`: use [`Mnemonic::phrase`] where the user asked to see it.
#[derive(Clone)]
pub struct Mnemonic {
    phrase: SecretString,
    entropy: Zeroizing<Vec<u8>>,
}

impl Mnemonic {
    /// A new mnemonic from the operating system's randomness.
    pub fn generate(words: WordCount) -> Result<Self, KeyError> {
        let mut entropy = Zeroizing::new(vec![0u8; words.entropy_len()]);
        getrandom::getrandom(&mut entropy).map_err(|_| KeyError::Randomness)?;
        Self::from_entropy(&entropy)
    }

    /// The mnemonic that encodes `entropy` (16 to 32 bytes, a multiple of 4).
    pub fn from_entropy(entropy: &[u8]) -> Result<Self, KeyError> {
        let m = bip39::Mnemonic::from_entropy(entropy)
            .map_err(|_| KeyError::InvalidSeedLength(entropy.len()))?;
        let mut phrase = String::new();
        for (i, w) in m.words().enumerate() {
            if i > 0 {
                phrase.push(' ');
            }
            phrase.push_str(w);
        }
        Ok(Self { phrase: SecretString::new(phrase), entropy: Zeroizing::new(entropy.to_vec()) })
    }

    /// Parses and validates a phrase: word count, each word against the English list,
    /// then the checksum. Extra whitespace is ignored; case is normalised.
    pub fn parse(phrase: &str) -> Result<Self, KeyError> {
        let normalized = Zeroizing::new(
            phrase.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" "),
        );
        let count = normalized.split(' ').filter(|w| !w.is_empty()).count();
        WordCount::from_count(count)?;
        let m = bip39::Mnemonic::parse_in_normalized(bip39::Language::English, &normalized)
            .map_err(|e| match e {
                bip39::Error::UnknownWord(i) => KeyError::UnknownWord { position: i + 1 },
                bip39::Error::BadWordCount(n) => KeyError::InvalidWordCount(n),
                _ => KeyError::InvalidChecksum,
            })?;
        let (bytes, len) = m.to_entropy_array();
        let bytes = Zeroizing::new(bytes);
        Ok(Self { phrase: SecretString::new(normalized.to_string()), entropy: Zeroizing::new(bytes[..len].to_vec()) })
    }

    /// The words, space separated. Show it only where the user asked for it.
    pub fn phrase(&self) -> &SecretString {
        &self.phrase
    }

    /// The BIP39 entropy (not the BIP39 seed: Substrate derives keys from the entropy).
    pub fn entropy(&self) -> &[u8] {
        &self.entropy
    }

    /// Number of words.
    pub fn word_count(&self) -> usize {
        self.phrase.expose().split(' ').count()
    }

    /// The 32-byte mini secret Substrate derives from the entropy and an optional password
    /// (substrate-bip39: PBKDF2-HMAC-SHA512, 2048 rounds, salt "mnemonic" ‖ password).
    pub fn mini_secret(&self, password: &str) -> Result<Zeroizing<[u8; 32]>, KeyError> {
        let seed = Zeroizing::new(
            substrate_bip39::seed_from_entropy(&self.entropy, password)
                .map_err(|_| KeyError::InvalidSeedLength(self.entropy.len()))?,
        );
        let mut out = Zeroizing::new([0u8; 32]);
        out.copy_from_slice(&seed[..32]);
        Ok(out)
    }
}

impl core::fmt::Debug for Mnemonic {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Mnemonic(<{} words redacted>)", self.word_count())
    }
}
