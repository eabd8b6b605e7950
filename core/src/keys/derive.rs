//! Derivation junctions (`//hard`, `/soft`) encoded exactly as Substrate encodes them.

use parity_scale_codec::Encode;

/// One step of a derivation path. The 32-byte chain code is the SCALE encoding of the junction
/// text (a `u64` when it is a number, else a string), hashed with blake2-256 when longer than 32
/// bytes and zero-padded otherwise.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Junction {
    /// `//name`: the child's secret cannot be computed from the parent's public key.
    Hard([u8; 32]),
    /// `/name`: the child's public key can be computed from the parent's public key.
    Soft([u8; 32]),
}

impl Junction {
    /// A hard junction from its text (`"Alice"`, `"0"`, ...).
    pub fn hard(text: &str) -> Self {
        Junction::Hard(chain_code(text))
    }

    /// A soft junction from its text.
    pub fn soft(text: &str) -> Self {
        Junction::Soft(chain_code(text))
    }

    /// The chain code.
    pub fn chain_code(&self) -> &[u8; 32] {
        match self {
            Junction::Hard(c) | Junction::Soft(c) => c,
        }
    }

    /// True for `//` junctions.
    pub fn is_hard(&self) -> bool {
        matches!(self, Junction::Hard(_))
    }
}

// Junction texts can be secret (they are part of a secret URI): never print them.
impl core::fmt::Debug for Junction {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(if self.is_hard() { "Junction::Hard(..)" } else { "Junction::Soft(..)" })
    }
}

fn chain_code(text: &str) -> [u8; 32] {
    let encoded = match text.parse::<u64>() {
        Ok(n) => n.encode(),
        Err(_) => text.encode(),
    };
    let mut code = [0u8; 32];
    if encoded.len() > 32 {
        code = sp_crypto_hashing::blake2_256(&encoded);
    } else {
        code[..encoded.len()].copy_from_slice(&encoded);
    }
    code
}
