//! Subnet prices as exact ratios: no floating point anywhere between the chain and the text.
//!
//! In spec 218 there is no price runtime API; the runtime's own rule (`get_alpha_price`) is:
//! the root subnet (0) and subnets of mechanism 0 ("stable") trade 1:1; otherwise the price is
//! `SubnetTAO / SubnetAlphaIn` (rao of TAO per alpha unit), and 0 when `SubnetAlphaIn` is 0.
//! The runtime computes that quotient in I96F32; taolight keeps the two integers and divides
//! only when asked, rounding down, so values never exceed what the ratio gives.

use crate::types::RAO_PER_TAO;

/// A price of one alpha unit in rao: exactly `tao / alpha`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Price {
    /// Numerator: rao (e.g. `SubnetTAO`).
    pub tao: u64,
    /// Denominator: alpha units (e.g. `SubnetAlphaIn`), never 0.
    pub alpha: u64,
}

impl Price {
    /// 1 rao per alpha unit: the root subnet and stable (mechanism 0) subnets.
    pub const ONE: Price = Price { tao: 1, alpha: 1 };
    /// A subnet whose pool holds no alpha.
    pub const ZERO: Price = Price { tao: 0, alpha: 1 };

    /// The price of `netuid` by the runtime's rule, from its mechanism and pool reserves.
    pub fn of_subnet(netuid: u16, mechanism: u16, subnet_tao: u64, subnet_alpha_in: u64) -> Price {
        if netuid == 0 || mechanism == 0 {
            Price::ONE
        } else if subnet_alpha_in == 0 {
            Price::ZERO
        } else {
            Price { tao: subnet_tao, alpha: subnet_alpha_in }
        }
    }

    /// The TAO value (rao) of `alpha` units at this price, rounded down; `None` beyond u64
    /// (impossible for real chain state: all TAO fits in u64 rao).
    pub fn tao_value(&self, alpha: u64) -> Option<u64> {
        let v = u128::from(alpha) * u128::from(self.tao) / u128::from(self.alpha.max(1));
        u64::try_from(v).ok()
    }

    /// rao per whole alpha (10⁹ units), rounded down: the price × 10⁹ as an integer, the unit
    /// later runtimes' `current_alpha_price` uses; `None` beyond u64.
    pub fn rao_per_alpha(&self) -> Option<u64> {
        self.tao_value(RAO_PER_TAO)
    }

    /// The price in TAO per alpha as exact decimal text with up to 9 decimals, rounded down:
    /// `1`, `0.998`, `11000000000`.
    pub fn to_tao_string(&self) -> String {
        let scaled = u128::from(self.tao) * u128::from(RAO_PER_TAO) / u128::from(self.alpha.max(1));
        let whole = scaled / u128::from(RAO_PER_TAO);
        let frac = scaled % u128::from(RAO_PER_TAO);
        if frac == 0 {
            whole.to_string()
        } else {
            format!("{whole}.{}", format!("{frac:09}").trim_end_matches('0'))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_follow_the_runtime_rule_exactly() {
        assert_eq!(Price::of_subnet(0, 1, 5, 7), Price::ONE);
        assert_eq!(Price::of_subnet(3, 0, 5, 7), Price::ONE);
        assert_eq!(Price::of_subnet(3, 1, 5, 0), Price::ZERO);
        let p = Price::of_subnet(1, 1, 1_000 * RAO_PER_TAO, 2_000 * RAO_PER_TAO);
        assert_eq!(p.tao_value(10 * RAO_PER_TAO), Some(5 * RAO_PER_TAO));
        assert_eq!(p.rao_per_alpha(), Some(500_000_000));
        assert_eq!(p.to_tao_string(), "0.5");
        assert_eq!(Price { tao: 1, alpha: 3 }.tao_value(10), Some(3));
        assert_eq!(Price { tao: 2, alpha: 3 }.to_tao_string(), "0.666666666");
        assert_eq!(Price::ONE.to_tao_string(), "1");
        assert_eq!(Price { tao: u64::MAX, alpha: 1 }.tao_value(2), None);
        assert_eq!(Price { tao: u64::MAX, alpha: 1 }.to_tao_string(), "18446744073709551615");
        assert_eq!(Price::ZERO.tao_value(u64::MAX), Some(0));
    }
}
