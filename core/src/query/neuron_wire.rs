//! The metagraph's hot path: `Vec<NeuronInfoLite>` decoded straight from a byte slice.
//!
//! The derived `Decode` reads every field through the generic `Input` trait, which the compiler
//! does not inline across crates in ordinary builds; validators decode metagraphs of 256–4096
//! neurons every few seconds, so this one structure gets a slice cursor with inlined
//! primitives. It accepts and refuses exactly what the derived decoder does (canonical compacts,
//! bools 0/1, no bytes left over) — a property test checks both agree on arbitrary input.

use super::decode::{AxonInfo, NeuronInfoLite, PrometheusInfo, StakeEntry};

/// Why the bytes are not a neuron list (the position is in bytes from the start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WireError(pub &'static str);

type R<T> = Result<T, WireError>;

struct Cursor<'a> {
    bytes: &'a [u8],
}

impl<'a> Cursor<'a> {
    #[inline(always)]
    fn take<const N: usize>(&mut self) -> R<[u8; N]> {
        match self.bytes.split_first_chunk::<N>() {
            Some((head, rest)) => {
                self.bytes = rest;
                Ok(*head)
            }
            None => Err(WireError("not enough bytes")),
        }
    }

    #[inline(always)]
    fn u8(&mut self) -> R<u8> {
        Ok(self.take::<1>()?[0])
    }

    #[inline(always)]
    fn bool(&mut self) -> R<bool> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(WireError("invalid bool")),
        }
    }

    #[inline(always)]
    fn compact_u16(&mut self) -> R<u16> {
        let v = self.compact_small()?;
        if v > u64::from(u16::MAX) {
            return Err(WireError("compact u16 out of range"));
        }
        Ok(v as u16)
    }

    /// Modes 0–2 (up to 2^30 - 1), canonical, as SCALE's `Compact<u16/u32/u64>`.
    #[inline(always)]
    fn compact_small(&mut self) -> R<u64> {
        let first = self.u8()?;
        match first & 3 {
            0 => Ok(u64::from(first >> 2)),
            1 => {
                let second = self.u8()?;
                let v = u16::from_le_bytes([first, second]) >> 2;
                if v > 0b0011_1111 {
                    Ok(u64::from(v))
                } else {
                    Err(WireError("non-canonical compact"))
                }
            }
            2 => {
                let rest = self.take::<3>()?;
                let v = u32::from_le_bytes([first, rest[0], rest[1], rest[2]]) >> 2;
                if v > 0b0011_1111_1111_1111 {
                    Ok(u64::from(v))
                } else {
                    Err(WireError("non-canonical compact"))
                }
            }
            _ => Err(WireError("big compact where a small one is expected")),
        }
    }

    #[inline(always)]
    fn compact_u32(&mut self) -> R<u32> {
        if self.bytes.first().is_some_and(|b| b & 3 == 3) {
            let prefix = self.u8()?;
            if prefix >> 2 != 0 {
                return Err(WireError("compact u32 out of range"));
            }
            let v = u32::from_le_bytes(self.take::<4>()?);
            return if v > u32::MAX >> 2 { Ok(v) } else { Err(WireError("non-canonical compact")) };
        }
        Ok(self.compact_small()? as u32)
    }

    #[inline(always)]
    fn compact_u64(&mut self) -> R<u64> {
        if self.bytes.first().is_none_or(|b| b & 3 != 3) {
            return self.compact_small();
        }
        let prefix = self.u8()?;
        let n = usize::from(prefix >> 2) + 4;
        if n > 8 {
            return Err(WireError("compact u64 out of range"));
        }
        let mut buf = [0u8; 8];
        let src = self.bytes.get(..n).ok_or(WireError("not enough bytes"))?;
        buf[..n].copy_from_slice(src);
        self.bytes = &self.bytes[n..];
        let v = u64::from_le_bytes(buf);
        // Canonical: the value needs all n bytes, and more than the 4-byte mode-2 range.
        let min_exclusive = match n {
            4 => u64::from(u32::MAX >> 2),
            8 => u64::MAX >> 8,
            _ => u64::MAX >> ((8 - n + 1) * 8),
        };
        if v > min_exclusive {
            Ok(v)
        } else {
            Err(WireError("non-canonical compact"))
        }
    }

    #[inline(always)]
    fn axon(&mut self) -> R<AxonInfo> {
        Ok(AxonInfo {
            block: u64::from_le_bytes(self.take()?),
            version: u32::from_le_bytes(self.take()?),
            ip: u128::from_le_bytes(self.take()?),
            port: u16::from_le_bytes(self.take()?),
            ip_type: self.u8()?,
            protocol: self.u8()?,
            placeholder1: self.u8()?,
            placeholder2: self.u8()?,
        })
    }

    #[inline(always)]
    fn prometheus(&mut self) -> R<PrometheusInfo> {
        Ok(PrometheusInfo {
            block: u64::from_le_bytes(self.take()?),
            version: u32::from_le_bytes(self.take()?),
            ip: u128::from_le_bytes(self.take()?),
            port: u16::from_le_bytes(self.take()?),
            ip_type: self.u8()?,
        })
    }

    fn stake(&mut self) -> R<Vec<StakeEntry>> {
        let len = self.compact_u32()? as usize;
        // Each entry takes at least 33 bytes: never reserve more than the input can hold.
        let mut out = Vec::with_capacity(len.min(self.bytes.len() / 33));
        for _ in 0..len {
            out.push(StakeEntry { coldkey: self.take()?, amount: self.compact_u64()? });
        }
        Ok(out)
    }

    fn neuron(&mut self) -> R<NeuronInfoLite> {
        Ok(NeuronInfoLite {
            hotkey: self.take()?,
            coldkey: self.take()?,
            uid: self.compact_u16()?,
            netuid: self.compact_u16()?,
            active: self.bool()?,
            axon_info: self.axon()?,
            prometheus_info: self.prometheus()?,
            stake: self.stake()?,
            rank: self.compact_u16()?,
            emission: self.compact_u64()?,
            incentive: self.compact_u16()?,
            consensus: self.compact_u16()?,
            trust: self.compact_u16()?,
            validator_trust: self.compact_u16()?,
            dividends: self.compact_u16()?,
            last_update: self.compact_u64()?,
            validator_permit: self.bool()?,
            pruning_score: self.compact_u16()?,
        })
    }
}

/// The smallest encoding of a neuron: two accounts, the fixed-size endpoints, one byte per
/// compact and bool, an empty stake list.
const MIN_NEURON_BYTES: usize = 32 + 32 + 1 + 1 + 1 + 34 + 31 + 1 + 8 + 1 + 1;

/// A SCALE `Vec<NeuronInfoLite>`, every byte consumed.
pub(crate) fn neurons(bytes: &[u8]) -> R<Vec<NeuronInfoLite>> {
    let mut c = Cursor { bytes };
    let len = c.compact_u32()? as usize;
    let mut out = Vec::with_capacity(len.min(c.bytes.len() / MIN_NEURON_BYTES));
    for _ in 0..len {
        out.push(c.neuron()?);
    }
    if !c.bytes.is_empty() {
        return Err(WireError("bytes left over"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use parity_scale_codec::{DecodeAll, Encode};
    use proptest::prelude::*;

    use super::*;

    fn derived(bytes: &[u8]) -> Option<Vec<NeuronInfoLite>> {
        Vec::<NeuronInfoLite>::decode_all(&mut &bytes[..]).ok()
    }

    prop_compose! {
        fn neuron()(
            keys in any::<([u8; 32], [u8; 32])>(),
            ids in any::<(u16, u16, bool, bool)>(),
            axon in any::<(u64, u32, u128, u16, u8, u8)>(),
            stake in proptest::collection::vec(any::<([u8; 32], u64)>(), 0..3),
            scores in any::<(u16, u16, u16, u16, u16, u16, u16)>(),
            big in any::<(u64, u64)>(),
            small in 0u64..100_000,
        ) -> NeuronInfoLite {
            NeuronInfoLite {
                hotkey: keys.0, coldkey: keys.1, uid: ids.0, netuid: ids.1, active: ids.2,
                axon_info: AxonInfo { block: axon.0, version: axon.1, ip: axon.2, port: axon.3, ip_type: axon.4, protocol: axon.5, placeholder1: 0, placeholder2: 0 },
                prometheus_info: PrometheusInfo { block: axon.0, version: axon.1, ip: axon.2, port: axon.3, ip_type: axon.4 },
                stake: stake.into_iter().map(|(coldkey, amount)| StakeEntry { coldkey, amount }).collect(),
                rank: scores.0, emission: big.0, incentive: scores.1, consensus: scores.2, trust: scores.3,
                validator_trust: scores.4, dividends: scores.5, last_update: if ids.3 { big.1 } else { small },
                validator_permit: ids.3, pruning_score: scores.6,
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        #[test]
        fn agrees_with_the_derived_decoder_on_valid_lists(list in proptest::collection::vec(neuron(), 0..5)) {
            let bytes = list.encode();
            prop_assert_eq!(neurons(&bytes).ok(), Some(list));
        }

        #[test]
        fn agrees_with_the_derived_decoder_on_damaged_lists(
            list in proptest::collection::vec(neuron(), 1..3), pos in any::<usize>(), byte in any::<u8>(), cut in 0usize..4,
        ) {
            let mut bytes = list.encode();
            let p = pos % bytes.len();
            bytes[p] = byte;
            bytes.truncate(bytes.len() - cut.min(bytes.len()));
            prop_assert_eq!(neurons(&bytes).ok(), derived(&bytes));
        }

        #[test]
        fn agrees_with_the_derived_decoder_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            prop_assert_eq!(neurons(&bytes).ok(), derived(&bytes));
        }

        #[test]
        fn compacts_agree_with_scale(n in any::<u64>(), m in any::<u16>(), raw in proptest::collection::vec(any::<u8>(), 0..10)) {
            use parity_scale_codec::{Compact, Decode};
            let enc = Compact(n).encode();
            prop_assert_eq!(Cursor { bytes: &enc }.compact_u64().ok(), Some(n));
            let enc = Compact(m).encode();
            prop_assert_eq!(Cursor { bytes: &enc }.compact_u16().ok(), Some(m));
            prop_assert_eq!(Cursor { bytes: &raw }.compact_u64().ok(), Compact::<u64>::decode(&mut &raw[..]).ok().map(|c| c.0));
            prop_assert_eq!(Cursor { bytes: &raw }.compact_u16().ok(), Compact::<u16>::decode(&mut &raw[..]).ok().map(|c| c.0));
            prop_assert_eq!(Cursor { bytes: &raw }.compact_u32().ok(), Compact::<u32>::decode(&mut &raw[..]).ok().map(|c| c.0));
        }
    }
}
