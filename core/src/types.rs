//! The shared vocabulary: amounts. Amounts are integers of rao in the core (1 TAO = 10⁹ rao);
//! decimal strings exist only at the edges, parsed and printed exactly (no floating point).
//!
//! ```
//! use taolight::types::{format_tao, parse_amount};
//!
//! assert_eq!(parse_amount("1.5")?, 1_500_000_000); // TAO with up to 9 decimals
//! assert_eq!(parse_amount("42rao")?, 42);
//! assert!(parse_amount("0.0000000001").is_err()); // finer than one rao
//! assert_eq!(format_tao(1_500_000_000), "1.5");
//! # Ok::<(), taolight::types::AmountError>(())
//! ```

/// rao per TAO.
pub const RAO_PER_TAO: u64 = 1_000_000_000;
const DECIMALS: usize = 9;

/// Why an amount text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// Not a number of TAO (`1.5`) or of rao (`1500000000rao`).
    #[error("invalid amount {0:?}: write TAO with up to 9 decimals (1.5) or rao with the suffix rao (1500000000rao)")]
    Invalid(String),
    /// More than 9 decimals: smaller than a rao.
    #[error("amount {0:?} has more than 9 decimals (1 rao = 0.000000001 TAO)")]
    TooPrecise(String),
    /// Larger than a u64 of rao.
    #[error("amount {0:?} is too large")]
    TooLarge(String),
}

/// Parses `1.5` (TAO) or `1500000000rao` into rao.
pub fn parse_amount(text: &str) -> Result<u64, AmountError> {
    let t = text.trim();
    let invalid = || AmountError::Invalid(text.to_owned());
    let too_large = || AmountError::TooLarge(text.to_owned());
    if let Some(rao) = t.strip_suffix("rao") {
        let rao = rao.trim();
        if rao.is_empty() || !rao.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        return rao.parse::<u64>().map_err(|_| too_large());
    }
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && frac.is_empty()) || !digits(whole) || !digits(frac) {
        return Err(invalid());
    }
    if frac.len() > DECIMALS {
        return Err(AmountError::TooPrecise(text.to_owned()));
    }
    let whole: u64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| too_large())? };
    let frac: u64 = if frac.is_empty() { 0 } else { format!("{frac:0<9}").parse().map_err(|_| invalid())? };
    whole.checked_mul(RAO_PER_TAO).and_then(|r| r.checked_add(frac)).ok_or_else(too_large)
}

/// Prints rao as an exact decimal of TAO without trailing zeros: `1.5`, `10`, `0.000000001`.
pub fn format_tao(rao: u64) -> String {
    let whole = rao / RAO_PER_TAO;
    let frac = rao % RAO_PER_TAO;
    if frac == 0 {
        return whole.to_string();
    }
    let frac = format!("{frac:09}");
    format!("{whole}.{}", frac.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_exactly() {
        assert_eq!(parse_amount("1.5"), Ok(1_500_000_000));
        assert_eq!(parse_amount("1500000000rao"), Ok(1_500_000_000));
        assert_eq!(parse_amount("0.000000001"), Ok(1));
        assert_eq!(parse_amount(".5"), Ok(500_000_000));
        assert_eq!(parse_amount("18446744073.709551615"), Ok(u64::MAX));
        assert!(matches!(parse_amount("18446744073.709551616"), Err(AmountError::TooLarge(_))));
        assert!(matches!(parse_amount("0.0000000001"), Err(AmountError::TooPrecise(_))));
        for bad in ["", ".", "1,5", "-1", "1e9", "abc", "rao", "1.5rao"] {
            assert!(matches!(parse_amount(bad), Err(AmountError::Invalid(_))), "{bad}");
        }
        assert_eq!(format_tao(1_500_000_000), "1.5");
        assert_eq!(format_tao(10 * RAO_PER_TAO), "10");
        assert_eq!(format_tao(1), "0.000000001");
        assert_eq!(format_tao(u64::MAX), "18446744073.709551615");
        for rao in [0, 1, 999, RAO_PER_TAO, 123_456_789_012, u64::MAX] {
            assert_eq!(parse_amount(&format_tao(rao)), Ok(rao));
        }
    }
}
