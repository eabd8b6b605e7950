//! Subnets: identity, owner, tempo, emission, registration cost, size and the dynamic-TAO pool.

use futures::future::try_join_all;
use parity_scale_codec::Encode;

use super::decode::{self, AccountId, DynamicInfo, SubnetIdentity, SubnetInfoV2, DYNAMIC_INFO, SUBNET_INFO_V2};
use super::layout::Shape;
use super::price::Price;
use super::reader::{Reader, SUBNET_ALPHA_IN, SUBNET_MECHANISM, SUBNET_OWNER_HOTKEY, SUBNET_TAO, TOKEN_SYMBOL};
use crate::chain::{ChainError, Client};

const API: &str = "SubnetInfoRuntimeApi";

/// A subnet's dynamic-TAO pool. Amounts: TAO in rao, alpha in the subnet's alpha units (both 9
/// decimals).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pool {
    /// `SubnetTAO`: TAO in the pool.
    pub tao_in: u64,
    /// `SubnetAlphaIn`: alpha in the pool.
    pub alpha_in: u64,
    /// `SubnetAlphaOut`: alpha held by stakers.
    pub alpha_out: u64,
    /// Current price of one alpha unit, by the runtime's rule ([`Price::of_subnet`]).
    pub price: Price,
    /// `SubnetLocked` and `LargestLocked` (rao).
    pub total_locked: u64,
    /// `LargestLocked` (rao).
    pub owner_locked: u64,
}

/// A subnet's identity (`SubnetIdentities`), as text (invalid UTF-8 replaced).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The subnet's name.
    pub name: String,
    /// Its source repository.
    pub github_repo: String,
    /// How to contact the owner.
    pub contact: String,
}

/// One subnet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subnet {
    /// The subnet.
    pub netuid: u16,
    /// The identity's name when the owner set one.
    pub name: Option<String>,
    /// The identity the owner set, if any.
    pub identity: Option<Identity>,
    /// `TokenSymbol` (the runtime's default symbol when the owner set none).
    pub symbol: Option<String>,
    /// `SubnetOwner`: the owner's coldkey.
    pub owner_coldkey: AccountId,
    /// `SubnetOwnerHotkey` (zero when unset).
    pub owner_hotkey: AccountId,
    /// `SubnetMechanism`: 0 stable (1:1), 1 dynamic.
    pub mechanism: u16,
    /// `Tempo`: blocks between two epochs.
    pub tempo: u16,
    /// Blocks since the last epoch.
    pub blocks_since_last_step: u64,
    /// `EmissionValues`: rao per block to this subnet (from `DynamicInfo`; spec 218's
    /// `SubnetInfo.emission_values` is not that storage value and is not used).
    pub emission: u64,
    /// Registration cost (`Burn`) in rao.
    pub burn: u64,
    /// `SubnetworkN`: registered neurons.
    pub neurons: u16,
    /// `MaxAllowedUids`: neuron slots.
    pub max_neurons: u16,
    /// `MaxAllowedValidators`: validator permits.
    pub max_validators: u16,
    /// `ImmunityPeriod`: blocks a new neuron is safe from pruning.
    pub immunity_period: u16,
    /// The dynamic-TAO pool.
    pub pool: Pool,
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The price of `netuid` at the reader's block, from `SubnetMechanism`, `SubnetTAO` and
/// `SubnetAlphaIn` ([`Price::of_subnet`]).
pub(crate) async fn price_of(r: &Reader<'_>, netuid: u16) -> Result<Price, ChainError> {
    let n = netuid.encode();
    let (mechanism, tao, alpha) = futures::future::try_join3(
        r.get_value::<u16>(&SUBNET_MECHANISM, &[&n]),
        r.get_value::<u64>(&SUBNET_TAO, &[&n]),
        r.get_value::<u64>(&SUBNET_ALPHA_IN, &[&n]),
    ).await?;
    Ok(Price::of_subnet(netuid, mechanism, tao, alpha))
}

async fn dynamic_info(r: &Reader<'_>, netuid: u16) -> Result<Option<DynamicInfo>, ChainError> {
    const OUT: Shape = Shape::Option(&DYNAMIC_INFO);
    let (out, wire) = r.call(API, "get_dynamic_info", &OUT, |_| netuid.encode()).await?;
    // spec 218 encodes Option<DynamicInfo> inside the wrapper: a list-style decode.
    decode::list(&out, wire, "SubnetInfoRuntimeApi_get_dynamic_info")
}

pub(crate) async fn all_dynamic_info(r: &Reader<'_>) -> Result<Vec<DynamicInfo>, ChainError> {
    const OUT: Shape = Shape::Vec(&Shape::Option(&DYNAMIC_INFO));
    let (out, wire) = r.call(API, "get_all_dynamic_info", &OUT, |_| Vec::new()).await?;
    let all: Vec<Option<DynamicInfo>> = decode::list(&out, wire, "SubnetInfoRuntimeApi_get_all_dynamic_info")?;
    Ok(all.into_iter().flatten().collect())
}

/// Every netuid at the reader's block.
pub(crate) async fn netuids(r: &Reader<'_>) -> Result<Vec<u16>, ChainError> {
    Ok(all_dynamic_info(r).await?.into_iter().map(|d| d.netuid).collect())
}

async fn load(r: &Reader<'_>, netuid: u16, pool: Option<DynamicInfo>) -> Result<Option<Subnet>, ChainError> {
    const OUT: Shape = Shape::Option(&SUBNET_INFO_V2);
    let (out, wire) = r.call(API, "get_subnet_info_v2", &OUT, |_| netuid.encode()).await?;
    let Some(SubnetInfoV2 { info, identity }) = decode::single(&out, wire, "SubnetInfoRuntimeApi_get_subnet_info_v2")? else {
        return Ok(None);
    };
    let pool = match pool {
        Some(p) => p,
        None => dynamic_info(r, netuid)
            .await?
            .ok_or_else(|| ChainError::Decode(format!("subnet {netuid} has info but no dynamic info")))?,
    };
    if info.netuid != netuid || pool.netuid != netuid {
        return Err(ChainError::Decode(format!(
            "asked for subnet {netuid}, the runtime answered {} and {}",
            info.netuid, pool.netuid
        )));
    }
    let n = netuid.encode();
    let (mechanism, symbol, owner_hotkey) = futures::future::try_join3(
        r.get_value::<u16>(&SUBNET_MECHANISM, &[&n]),
        r.get_value::<Vec<u8>>(&TOKEN_SYMBOL, &[&n]),
        r.get_value::<AccountId>(&SUBNET_OWNER_HOTKEY, &[&n]),
    ).await?;
    let identity = identity.map(|SubnetIdentity { subnet_name, github_repo, subnet_contact }| Identity {
        name: text(&subnet_name),
        github_repo: text(&github_repo),
        contact: text(&subnet_contact),
    });
    Ok(Some(Subnet {
        netuid,
        name: identity.as_ref().map(|i| i.name.clone()).filter(|n| !n.is_empty()),
        identity,
        symbol: Some(text(&symbol)).filter(|s| !s.is_empty()),
        owner_coldkey: info.owner,
        owner_hotkey,
        mechanism,
        tempo: info.tempo,
        blocks_since_last_step: pool.blocks_since_last_step,
        emission: pool.emission,
        burn: info.burn,
        neurons: info.subnetwork_n,
        max_neurons: info.max_allowed_uids,
        max_validators: info.max_allowed_validators,
        immunity_period: info.immunity_period,
        pool: Pool {
            tao_in: pool.tao_in,
            alpha_in: pool.alpha_in,
            alpha_out: pool.alpha_out,
            // The same rule as `price_of`, from the pool the runtime reported at this block.
            price: Price::of_subnet(netuid, mechanism, pool.tao_in, pool.alpha_in),
            total_locked: pool.total_locked,
            owner_locked: pool.owner_locked,
        },
    }))
}

/// One subnet at the finalized block; `None` when it does not exist.
pub async fn subnet(client: &Client, netuid: u16) -> Result<Option<Subnet>, ChainError> {
    let r = Reader::new(client).await?;
    load(&r, netuid, None).await
}

/// Every subnet at the finalized block, by netuid.
pub async fn subnets(client: &Client) -> Result<Vec<Subnet>, ChainError> {
    let r = Reader::new(client).await?;
    let pools = all_dynamic_info(&r).await?;
    let loaded = try_join_all(pools.into_iter().map(|p| load(&r, p.netuid, Some(p)))).await?;
    let mut all: Vec<Subnet> = loaded.into_iter().flatten().collect();
    all.sort_by_key(|s| s.netuid);
    Ok(all)
}
