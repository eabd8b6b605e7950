//! Neurons: one hotkey's status on a subnet (miner or validator), and the lite form shared with
//! the metagraph.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use futures::future::try_join_all;
use parity_scale_codec::Encode;

use super::decode::{self, AccountId, AxonInfo, NeuronInfoLite, PrometheusInfo, NEURON_INFO_LITE};
use super::layout::Shape;
use super::price::Price;
use super::reader::{Reader, BLOCK_AT_REGISTRATION, IMMUNITY_PERIOD, TOTAL_HOTKEY_ALPHA, UIDS};
use super::subnet::{netuids, price_of};
use crate::chain::{ChainError, Client};

pub(crate) const API: &str = "NeuronInfoRuntimeApi";

/// A served endpoint (axon or Prometheus).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServedEndpoint {
    /// The address as text: `192.168.1.10` or an IPv6 form.
    pub ip: String,
    /// TCP port.
    pub port: u16,
    /// 4 or 6.
    pub ip_type: u8,
    /// The serving software's version (the SDK's version as an integer).
    pub version: u32,
    /// Axon protocol (4 = TCP by the SDK's convention); 0 for Prometheus.
    pub protocol: u8,
    /// The block it was served at.
    pub block: u64,
}

/// The address text of a stored `(ip, ip_type)`; an address the runtime could not have
/// accepted is a decode error rather than a guess.
fn ip_text(ip: u128, ip_type: u8) -> Result<String, ChainError> {
    match ip_type {
        4 => u32::try_from(ip)
            .map(|v| Ipv4Addr::from(v).to_string())
            .map_err(|_| ChainError::Decode(format!("IPv4 address {ip:#x} wider than 32 bits"))),
        6 => Ok(IpAddr::V6(Ipv6Addr::from(ip)).to_string()),
        t => Err(ChainError::Decode(format!("unknown ip_type {t}"))),
    }
}

/// `None` when never served (all zero), else the endpoint.
pub(crate) fn axon(a: &AxonInfo) -> Result<Option<ServedEndpoint>, ChainError> {
    if *a == AxonInfo::default() {
        return Ok(None);
    }
    Ok(Some(ServedEndpoint {
        ip: ip_text(a.ip, a.ip_type)?,
        port: a.port,
        ip_type: a.ip_type,
        version: a.version,
        protocol: a.protocol,
        block: a.block,
    }))
}

pub(crate) fn prometheus(p: &PrometheusInfo) -> Result<Option<ServedEndpoint>, ChainError> {
    if *p == PrometheusInfo::default() {
        return Ok(None);
    }
    Ok(Some(ServedEndpoint {
        ip: ip_text(p.ip, p.ip_type)?,
        port: p.port,
        ip_type: p.ip_type,
        version: p.version,
        protocol: 0,
        block: p.block,
    }))
}

/// What a neuron does on its subnet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Holds a validator permit: its weights count in consensus and it earns dividends.
    Validator,
    /// No permit: it can only earn incentive by serving.
    Miner,
}

/// One neuron in the lite form. Scores are u16 fractions of 65535, as the runtime keeps them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neuron {
    /// The subnet.
    pub netuid: u16,
    /// Its uid on the subnet.
    pub uid: u16,
    /// The neuron's hotkey.
    pub hotkey: AccountId,
    /// The coldkey that owns the hotkey.
    pub coldkey: AccountId,
    /// `Active`: whether it was active in the last epoch.
    pub active: bool,
    /// `Rank`, fraction of 65535.
    pub rank: u16,
    /// `Trust`, fraction of 65535.
    pub trust: u16,
    /// `Consensus`, fraction of 65535.
    pub consensus: u16,
    /// `Incentive`, fraction of 65535 (what a miner earns by).
    pub incentive: u16,
    /// `Dividends`, fraction of 65535 (what a validator earns by).
    pub dividends: u16,
    /// The runtime's per-epoch emission for this uid (`Emission`, 9-decimal units).
    pub emission: u64,
    /// Whether it holds a validator permit (see [`Neuron::role`]).
    pub validator_permit: bool,
    /// `ValidatorTrust`, fraction of 65535.
    pub validator_trust: u16,
    /// Block of the last weights (validators) or registration.
    pub last_update: u64,
    /// `PruningScore`, fraction of 65535 (the lowest is replaced first at registration).
    pub pruning_score: u16,
    /// Its axon; `None` when never served.
    pub axon: Option<ServedEndpoint>,
    /// Its Prometheus endpoint; `None` when never served.
    pub prometheus: Option<ServedEndpoint>,
}

impl Neuron {
    /// Validator with a permit, miner without.
    pub fn role(&self) -> Role {
        if self.validator_permit {
            Role::Validator
        } else {
            Role::Miner
        }
    }
}

impl TryFrom<NeuronInfoLite> for Neuron {
    type Error = ChainError;
    fn try_from(n: NeuronInfoLite) -> Result<Neuron, ChainError> {
        Ok(Neuron {
            netuid: n.netuid,
            uid: n.uid,
            hotkey: n.hotkey,
            coldkey: n.coldkey,
            active: n.active,
            rank: n.rank,
            trust: n.trust,
            consensus: n.consensus,
            incentive: n.incentive,
            dividends: n.dividends,
            emission: n.emission,
            validator_permit: n.validator_permit,
            validator_trust: n.validator_trust,
            last_update: n.last_update,
            pruning_score: n.pruning_score,
            axon: axon(&n.axon_info)?,
            prometheus: prometheus(&n.prometheus_info)?,
        })
    }
}

/// A registered neuron's status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registered {
    /// The neuron as the runtime lists it.
    pub neuron: Neuron,
    /// Validator or miner, from the permit.
    pub role: Role,
    /// `TotalHotkeyAlpha`: all alpha staked on the hotkey on this subnet (its own and
    /// nominators').
    pub stake_alpha: u64,
    /// The subnet's price at the block read.
    pub price: Price,
    /// `stake_alpha` valued at `price` (rao, rounded down).
    pub stake_tao_value: u64,
    /// Blocks since `last_update` at the block read.
    pub blocks_since_update: u64,
    /// `BlockAtRegistration`.
    pub registered_at: u64,
    /// The subnet's `ImmunityPeriod` (blocks).
    pub immunity_period: u16,
    /// Blocks of immunity from pruning left (0 once expired).
    pub immunity_remaining: u64,
}

/// A hotkey's status on one subnet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeuronStatus {
    /// The hotkey asked about.
    pub hotkey: AccountId,
    /// The subnet asked about.
    pub netuid: u16,
    /// The block number read at.
    pub block: u64,
    /// `None` when the hotkey is not registered on `netuid`.
    pub registered: Option<Registered>,
}

async fn neuron_lite(r: &Reader<'_>, netuid: u16, uid: u16) -> Result<Option<NeuronInfoLite>, ChainError> {
    const OUT: Shape = Shape::Option(&NEURON_INFO_LITE);
    let (out, wire) = r.call(API, "get_neuron_lite", &OUT, |_| (netuid, uid).encode()).await?;
    decode::single(&out, wire, "NeuronInfoRuntimeApi_get_neuron_lite")
}

async fn status_on(r: &Reader<'_>, hotkey: &AccountId, netuid: u16) -> Result<NeuronStatus, ChainError> {
    let n = netuid.encode();
    let block = u64::from(r.head.number);
    let mut status = NeuronStatus { hotkey: *hotkey, netuid, block, registered: None };
    let Some(uid) = r.get::<u16>(&UIDS, &[&n, hotkey]).await? else {
        return Ok(status);
    };
    let u = uid.encode();
    let (lite, stake_alpha, registered_at, immunity_period, price) = futures::future::try_join5(
        neuron_lite(r, netuid, uid),
        r.get_value::<u64>(&TOTAL_HOTKEY_ALPHA, &[hotkey, &n]),
        r.get_value::<u64>(&BLOCK_AT_REGISTRATION, &[&n, &u]),
        r.get_value::<u16>(&IMMUNITY_PERIOD, &[&n]),
        price_of(r, netuid),
    ).await?;
    let lite = lite.ok_or_else(|| ChainError::Decode(format!("Uids says uid {uid} on subnet {netuid}, the runtime has no such neuron")))?;
    if &lite.hotkey != hotkey || lite.uid != uid || lite.netuid != netuid {
        return Err(ChainError::Decode(format!("neuron {netuid}/{uid} belongs to another hotkey or uid")));
    }
    let neuron = Neuron::try_from(lite)?;
    let stake_tao_value = price
        .tao_value(stake_alpha)
        .ok_or_else(|| ChainError::Decode("TAO value of the stake overflows".into()))?;
    status.registered = Some(Registered {
        role: neuron.role(),
        blocks_since_update: block.saturating_sub(neuron.last_update),
        immunity_remaining: (registered_at + u64::from(immunity_period)).saturating_sub(block),
        neuron,
        stake_alpha,
        price,
        stake_tao_value,
        registered_at,
        immunity_period,
    });
    Ok(status)
}

/// The status of `hotkey` at the finalized block: on `netuid` (registered or not), or on every
/// subnet where it is registered when `netuid` is `None` (empty: registered nowhere).
pub async fn neuron_status(client: &Client, hotkey: &AccountId, netuid: Option<u16>) -> Result<Vec<NeuronStatus>, ChainError> {
    let r = Reader::new(client).await?;
    match netuid {
        Some(n) => Ok(vec![status_on(&r, hotkey, n).await?]),
        None => {
            let all = netuids(&r).await?;
            let statuses = try_join_all(all.into_iter().map(|n| status_on(&r, hotkey, n))).await?;
            Ok(statuses.into_iter().filter(|s| s.registered.is_some()).collect())
        }
    }
}
