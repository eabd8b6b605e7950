//! Transaction mortality (`Era`): the encoding Substrate's `CheckMortality` uses.

use super::TxError;

/// How long a transaction stays valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Era {
    /// Valid forever (replayable after the account is reaped: avoid).
    Immortal,
    /// Valid for `period` blocks from the block whose number is ≡ `phase` (mod `period`).
    Mortal {
        /// Blocks of validity: a power of two, 4..=65536.
        period: u64,
        /// The birth block's number modulo `period` (quantized for periods above 4096).
        phase: u64,
    },
}

impl Era {
    /// A mortal era of about `period` blocks (rounded up to a power of two, 4..=65536) that
    /// starts at block `current`.
    pub fn mortal(period: u64, current: u64) -> Result<Era, TxError> {
        if !(4..=65536).contains(&period) {
            return Err(TxError::InvalidEra(period));
        }
        let period = period.next_power_of_two();
        let phase = current % period;
        let quantize = (period >> 12).max(1);
        Ok(Era::Mortal {
            period,
            phase: phase / quantize * quantize,
        })
    }

    /// The first block number at which a transaction with this era, created at `current`,
    /// is valid: the block whose hash goes into the signed payload.
    pub fn birth(&self, current: u64) -> u64 {
        match *self {
            Era::Immortal => 0,
            Era::Mortal { period, phase } => {
                (current.max(phase) - phase) / period * period + phase
            }
        }
    }

    /// The SCALE bytes (1 byte immortal, 2 bytes mortal).
    pub fn encode(&self) -> Vec<u8> {
        match *self {
            Era::Immortal => vec![0],
            Era::Mortal { period, phase } => {
                let quantize = (period >> 12).max(1);
                let low = (period.trailing_zeros().saturating_sub(1)).clamp(1, 15) as u64;
                let encoded = (low | ((phase / quantize) << 4)) as u16;
                encoded.to_le_bytes().to_vec()
            }
        }
    }

    /// Decode from the start of `input`, advancing it.
    pub fn decode(input: &mut &[u8]) -> Result<Era, TxError> {
        let first = *input
            .first()
            .ok_or_else(|| TxError::decode("era", "no bytes"))?;
        if first == 0 {
            *input = &input[1..];
            return Ok(Era::Immortal);
        }
        let second = *input
            .get(1)
            .ok_or_else(|| TxError::decode("era", "truncated mortal era"))?;
        *input = &input[2..];
        let encoded = first as u64 + ((second as u64) << 8);
        let period = 2u64 << (encoded % (1 << 4));
        let quantize = (period >> 12).max(1);
        let phase = (encoded >> 4) * quantize;
        if period >= 4 && phase < period {
            Ok(Era::Mortal { period, phase })
        } else {
            Err(TxError::decode("era", "phase out of range"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_encodings() {
        // Vectors from sp-runtime's era tests.
        assert_eq!(Era::Immortal.encode(), vec![0]);
        let e = Era::mortal(64, 42).unwrap();
        assert_eq!(e, Era::Mortal { period: 64, phase: 42 });
        assert_eq!(e.encode(), vec![165, 2]);
        let e = Era::mortal(32768, 20000).unwrap();
        assert_eq!(e, Era::Mortal { period: 32768, phase: 20000 });
        assert_eq!(e.encode(), vec![78, 156]);
        assert_eq!(e.birth(20000), 20000);
        assert_eq!(Era::mortal(64, 130).unwrap().birth(150), 130);
    }

    #[test]
    fn bad_period() {
        assert_eq!(Era::mortal(2, 0), Err(TxError::InvalidEra(2)));
        assert_eq!(Era::mortal(1 << 20, 0), Err(TxError::InvalidEra(1 << 20)));
    }

    #[test]
    fn round_trip() {
        for period in [4u64, 8, 64, 100, 128, 4096, 8192, 65536] {
            for current in [0u64, 1, 63, 64, 1000, 123_456_789] {
                let e = Era::mortal(period, current).unwrap();
                let bytes = e.encode();
                let mut input = &bytes[..];
                assert_eq!(Era::decode(&mut input).unwrap(), e);
                assert!(input.is_empty());
                assert!(e.birth(current) <= current);
            }
        }
    }
}
