//! Stake positions: alpha per (hotkey, coldkey, netuid) and its TAO value at the subnet's price.

use std::collections::{BTreeMap, BTreeSet};

use futures::future::try_join_all;
use parity_scale_codec::Encode;

use super::decode::{self, AccountId, StakeInfo, STAKE_INFO};
use super::layout::Shape;
use super::price::Price;
use super::reader::{account_arg, Reader, ALPHA};
use super::subnet::price_of;
use crate::chain::{ChainError, Client};

const API: &str = "StakeInfoRuntimeApi";

/// One stake position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StakePosition {
    /// The hotkey staked to.
    pub hotkey: AccountId,
    /// The coldkey that owns the stake.
    pub coldkey: AccountId,
    /// The subnet whose alpha it is.
    pub netuid: u16,
    /// Alpha units of `netuid` (9 decimals), as the runtime computes them from shares.
    pub alpha: u64,
    /// The subnet's price at the block read.
    pub price: Price,
    /// `alpha` valued at `price` in rao, rounded down (a spot value: unstaking pays less by
    /// the pool's slippage).
    pub tao_value: u64,
    /// Whether the hotkey is registered on `netuid`.
    pub registered: bool,
    /// The runtime's `emission` of this position (alpha units).
    pub emission: u64,
}

/// Stake positions with their totals, all read at one block.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StakeList {
    /// The block number the positions were read at.
    pub block: u64,
    /// Non-zero positions, ordered by (netuid, hotkey, coldkey).
    pub positions: Vec<StakePosition>,
    /// Sum of the positions' `tao_value` (rao).
    pub total_tao_value: u64,
    /// Sum of alpha per subnet (alpha units of different subnets are different tokens).
    pub alpha_by_subnet: Vec<(u16, u64)>,
}

/// Prices of the given subnets at the reader's block.
pub(crate) async fn prices(r: &Reader<'_>, netuids: impl IntoIterator<Item = u16>) -> Result<BTreeMap<u16, Price>, ChainError> {
    let set: BTreeSet<u16> = netuids.into_iter().collect();
    let got = try_join_all(set.iter().map(|&n| price_of(r, n))).await?;
    Ok(set.into_iter().zip(got).collect())
}

/// Value the runtime's stake infos at the reader's block; zero positions are dropped (spec 218
/// lists a zero entry for every subnet of a hotkey the coldkey ever staked to).
pub(crate) async fn positions(r: &Reader<'_>, infos: Vec<StakeInfo>) -> Result<StakeList, ChainError> {
    let infos: Vec<StakeInfo> = infos.into_iter().filter(|i| i.stake > 0).collect();
    let prices = prices(r, infos.iter().map(|i| i.netuid)).await?;
    let mut list = StakeList { block: u64::from(r.head.number), ..Default::default() };
    let mut by_subnet: BTreeMap<u16, u64> = BTreeMap::new();
    for i in infos {
        let price = prices[&i.netuid];
        let tao_value = price
            .tao_value(i.stake)
            .ok_or_else(|| ChainError::Decode(format!("TAO value of {} alpha on subnet {} overflows", i.stake, i.netuid)))?;
        list.total_tao_value = list
            .total_tao_value
            .checked_add(tao_value)
            .ok_or_else(|| ChainError::Decode("total TAO value overflows".into()))?;
        let sum = by_subnet.entry(i.netuid).or_default();
        *sum = sum.checked_add(i.stake).ok_or_else(|| ChainError::Decode("total alpha overflows".into()))?;
        list.positions.push(StakePosition {
            hotkey: i.hotkey,
            coldkey: i.coldkey,
            netuid: i.netuid,
            alpha: i.stake,
            price,
            tao_value,
            registered: i.is_registered,
            emission: i.emission,
        });
    }
    list.positions.sort_by_key(|p| (p.netuid, p.hotkey, p.coldkey));
    list.alpha_by_subnet = by_subnet.into_iter().collect();
    Ok(list)
}

/// The coldkeys holding `Alpha` shares on `hotkey` (any subnet), from the storage keys
/// `prefix ‖ blake2_128(hot) ‖ hot ‖ blake2_128(cold) ‖ cold ‖ netuid`.
pub(crate) async fn stakers_of(r: &Reader<'_>, hotkey: &AccountId) -> Result<BTreeSet<AccountId>, ChainError> {
    let prefix = r.key(&ALPHA, &[hotkey])?;
    let keys = r.keys(&prefix).await?;
    keys.iter()
        .map(|k| {
            let rest = &k[prefix.len()..];
            // blake2_128 (16) ‖ coldkey (32) ‖ netuid (2)
            if rest.len() != 16 + 32 + 2 {
                return Err(ChainError::Decode(format!("SubtensorModule.Alpha key of {} bytes after the hotkey", rest.len())));
            }
            let mut cold = [0u8; 32];
            cold.copy_from_slice(&rest[16..48]);
            Ok(cold)
        })
        .collect()
}

/// The runtime's stake infos of several coldkeys.
pub(crate) async fn infos_of_coldkeys(r: &Reader<'_>, coldkeys: &[AccountId]) -> Result<Vec<StakeInfo>, ChainError> {
    if coldkeys.is_empty() {
        return Ok(Vec::new());
    }
    const OUT: Shape = Shape::Vec(&Shape::Tuple(&[Shape::AccountId, Shape::Vec(&STAKE_INFO)]));
    let (out, wire) = r
        .call(API, "get_stake_info_for_coldkeys", &OUT, |wire| match wire {
            decode::Wire::Opaque => coldkeys.iter().map(|c| c.to_vec()).collect::<Vec<_>>().encode(),
            decode::Wire::Typed => coldkeys.to_vec().encode(),
        })
        .await?;
    let per: Vec<(AccountId, Vec<StakeInfo>)> = decode::list(&out, wire, "StakeInfoRuntimeApi_get_stake_info_for_coldkeys")?;
    Ok(per.into_iter().flat_map(|(_, v)| v).collect())
}

/// Every stake position of `coldkey` at the finalized block, valued in TAO.
pub async fn stake(client: &Client, coldkey: &AccountId) -> Result<StakeList, ChainError> {
    let r = Reader::new(client).await?;
    const OUT: Shape = Shape::Vec(&STAKE_INFO);
    let (out, wire) = r.call(API, "get_stake_info_for_coldkey", &OUT, |w| account_arg(coldkey, w)).await?;
    let infos: Vec<StakeInfo> = decode::list(&out, wire, "StakeInfoRuntimeApi_get_stake_info_for_coldkey")?;
    if let Some(other) = infos.iter().find(|i| &i.coldkey != coldkey) {
        return Err(ChainError::Decode(format!("stake info of another coldkey ({})", hex::encode(other.coldkey))));
    }
    positions(&r, infos).await
}

/// Every stake position on `hotkey` (from every coldkey: owner and nominators) at the
/// finalized block, valued in TAO.
pub async fn stake_for(client: &Client, hotkey: &AccountId) -> Result<StakeList, ChainError> {
    let r = Reader::new(client).await?;
    stake_on_hotkey(&r, hotkey).await
}

pub(crate) async fn stake_on_hotkey(r: &Reader<'_>, hotkey: &AccountId) -> Result<StakeList, ChainError> {
    let coldkeys: Vec<AccountId> = stakers_of(r, hotkey).await?.into_iter().collect();
    let infos = infos_of_coldkeys(r, &coldkeys).await?;
    positions(r, infos.into_iter().filter(|i| &i.hotkey == hotkey).collect()).await
}
