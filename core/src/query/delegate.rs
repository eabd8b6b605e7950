//! Delegates: hotkeys that accept nominations, with take, nominators and stake.
//!
//! spec 218's `DelegateInfo` still lists nominators from the pre-dTAO `Stake` map, which dTAO
//! staking no longer writes (it is empty on the devnet while nominators hold alpha). taolight
//! keeps the runtime's take, registrations, permits and returns, and finds nominators and
//! their alpha from `Alpha` storage keys and `StakeInfoRuntimeApi`, and totals from
//! `TotalHotkeyAlpha`.

use std::collections::BTreeSet;

use futures::future::try_join_all;
use parity_scale_codec::Encode;

use super::decode::{self, AccountId, DelegateInfo, DELEGATE_INFO};
use super::layout::Shape;
use super::reader::{account_arg, Reader, TOTAL_HOTKEY_ALPHA};
use super::stake::{prices, stake_on_hotkey, StakePosition};
use crate::chain::{ChainError, Client};

const API: &str = "DelegateInfoRuntimeApi";

/// One delegate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delegate {
    /// The delegate's hotkey.
    pub hotkey: AccountId,
    /// The owner's coldkey.
    pub owner: AccountId,
    /// Take as a fraction of 65535 (11796 ≈ 18 %).
    pub take: u16,
    /// Subnets the hotkey is registered on.
    pub registrations: Vec<u16>,
    /// Subnets where it holds a validator permit.
    pub validator_permits: Vec<u16>,
    /// Every stake position on the hotkey (the owner's included), by netuid.
    pub nominators: Vec<StakePosition>,
    /// `TotalHotkeyAlpha` per subnet where it has stake or a registration (alpha units).
    pub total_stake: Vec<(u16, u64)>,
    /// `total_stake` valued at each subnet's price (rao, rounded down).
    pub total_tao_value: u64,
    /// The runtime's estimates (rao).
    pub return_per_1000: u64,
    /// The runtime's estimate of the delegate's daily return (rao).
    pub total_daily_return: u64,
}

async fn complete(r: &Reader<'_>, d: DelegateInfo) -> Result<Delegate, ChainError> {
    let stake = stake_on_hotkey(r, &d.delegate).await?;
    let registrations: Vec<u16> = d.registrations.iter().map(|c| c.0).collect();
    let netuids: BTreeSet<u16> = stake.positions.iter().map(|p| p.netuid).chain(registrations.iter().copied()).collect();
    let totals =
        try_join_all(netuids.iter().map(|n| r.get_value::<u64>(&TOTAL_HOTKEY_ALPHA, &[&d.delegate, &n.encode()])))
            .await?;
    let price = prices(r, netuids.iter().copied()).await?;
    let mut total_tao_value: u64 = 0;
    let mut total_stake = Vec::new();
    for (n, alpha) in netuids.into_iter().zip(totals) {
        let v = price[&n].tao_value(alpha).ok_or_else(|| ChainError::Decode("TAO value overflows".into()))?;
        total_tao_value = total_tao_value.checked_add(v).ok_or_else(|| ChainError::Decode("TAO value overflows".into()))?;
        total_stake.push((n, alpha));
    }
    Ok(Delegate {
        hotkey: d.delegate,
        owner: d.owner,
        take: d.take,
        registrations,
        validator_permits: d.validator_permits.iter().map(|c| c.0).collect(),
        nominators: stake.positions,
        total_stake,
        total_tao_value,
        return_per_1000: d.return_per_1000,
        total_daily_return: d.total_daily_return,
    })
}

/// Every delegate at the finalized block.
pub async fn delegates(client: &Client) -> Result<Vec<Delegate>, ChainError> {
    let r = Reader::new(client).await?;
    const OUT: Shape = Shape::Vec(&DELEGATE_INFO);
    let (out, wire) = r.call(API, "get_delegates", &OUT, |_| Vec::new()).await?;
    let all: Vec<DelegateInfo> = decode::list(&out, wire, "DelegateInfoRuntimeApi_get_delegates")?;
    try_join_all(all.into_iter().map(|d| complete(&r, d))).await
}

/// One delegate at the finalized block; `None` when `hotkey` is not a delegate.
pub async fn delegate(client: &Client, hotkey: &AccountId) -> Result<Option<Delegate>, ChainError> {
    let r = Reader::new(client).await?;
    const OUT: Shape = Shape::Option(&DELEGATE_INFO);
    let (out, wire) = r.call(API, "get_delegate", &OUT, |w| account_arg(hotkey, w)).await?;
    let Some(d) = decode::single::<DelegateInfo>(&out, wire, "DelegateInfoRuntimeApi_get_delegate")? else {
        return Ok(None);
    };
    if &d.delegate != hotkey {
        return Err(ChainError::Decode("the runtime answered for another delegate".into()));
    }
    complete(&r, d).await.map(Some)
}
