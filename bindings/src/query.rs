//! Status queries (`taolight::query`): stake positions, neuron status, subnets, the metagraph and
//! delegates, as records. Only conversion here: accounts become SS58 strings (prefix 42), tuples
//! become small records, the core's exact price keeps its two integers plus its decimal text.
//!
//! The queries themselves are methods of [`crate::Client`] (`stake`, `neuron_status`, …).

use taolight::keys::ss58;
use taolight::query as q;
use taolight::query::Role;

/// An account id as the SS58 text everyone shows (Bittensor's prefix 42).
fn address(account: &[u8; 32]) -> String {
    ss58::encode(account, ss58::BITTENSOR_PREFIX)
}

/// A subnet price: exactly `tao / alpha` rao per alpha unit (no floating point).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Price {
    /// Numerator (rao).
    pub tao: u64,
    /// Denominator (alpha units), never 0.
    pub alpha: u64,
    /// TAO per alpha as exact decimal text, rounded down to 9 decimals (`0.998`).
    pub tao_per_alpha: String,
}

impl From<q::Price> for Price {
    fn from(p: q::Price) -> Self {
        Self { tao: p.tao, alpha: p.alpha, tao_per_alpha: p.to_tao_string() }
    }
}

/// An amount on one subnet (alpha units).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SubnetAmount {
    /// The subnet.
    pub netuid: u16,
    /// Alpha units of that subnet.
    pub amount: u64,
}

fn per_subnet(v: Vec<(u16, u64)>) -> Vec<SubnetAmount> {
    v.into_iter().map(|(netuid, amount)| SubnetAmount { netuid, amount }).collect()
}

/// One stake position (the core's `StakePosition`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct StakePosition {
    /// The hotkey staked to (SS58).
    pub hotkey: String,
    /// The coldkey that owns the stake (SS58).
    pub coldkey: String,
    /// The subnet.
    pub netuid: u16,
    /// Alpha units of `netuid`.
    pub alpha: u64,
    /// The subnet's price at the block read.
    pub price: Price,
    /// `alpha` valued at `price` in rao, rounded down (a spot value).
    pub tao_value: u64,
    /// Whether the hotkey is registered on `netuid`.
    pub registered: bool,
    /// The runtime's emission of this position (alpha units).
    pub emission: u64,
}

impl From<q::StakePosition> for StakePosition {
    fn from(p: q::StakePosition) -> Self {
        Self {
            hotkey: address(&p.hotkey),
            coldkey: address(&p.coldkey),
            netuid: p.netuid,
            alpha: p.alpha,
            price: p.price.into(),
            tao_value: p.tao_value,
            registered: p.registered,
            emission: p.emission,
        }
    }
}

/// Stake positions with their totals, read at one block.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct StakeList {
    /// The block number read at.
    pub block: u64,
    /// Non-zero positions, by (netuid, hotkey, coldkey).
    pub positions: Vec<StakePosition>,
    /// Sum of the positions' `tao_value` (rao).
    pub total_tao_value: u64,
    /// Sum of alpha per subnet.
    pub alpha_by_subnet: Vec<SubnetAmount>,
}

impl From<q::StakeList> for StakeList {
    fn from(l: q::StakeList) -> Self {
        Self {
            block: l.block,
            positions: l.positions.into_iter().map(Into::into).collect(),
            total_tao_value: l.total_tao_value,
            alpha_by_subnet: per_subnet(l.alpha_by_subnet),
        }
    }
}

/// What a neuron does on its subnet (the core's `taolight::query::Role`).
#[uniffi::remote(Enum)]
pub enum Role {
    /// Holds a validator permit.
    Validator,
    /// No permit.
    Miner,
}

/// A served endpoint (axon or Prometheus).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ServedEndpoint {
    /// The address as text (`192.168.1.10` or an IPv6 form).
    pub ip: String,
    /// The port.
    pub port: u16,
    /// 4 or 6.
    pub ip_type: u8,
    /// The served version.
    pub version: u32,
    /// Axon protocol (4 = TCP); 0 for Prometheus.
    pub protocol: u8,
    /// The block it was served at.
    pub block: u64,
}

impl From<q::ServedEndpoint> for ServedEndpoint {
    fn from(e: q::ServedEndpoint) -> Self {
        Self { ip: e.ip, port: e.port, ip_type: e.ip_type, version: e.version, protocol: e.protocol, block: e.block }
    }
}

/// One neuron (lite form). Scores are u16 fractions of 65535, as the runtime keeps them.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Neuron {
    /// The subnet.
    pub netuid: u16,
    /// Its uid there.
    pub uid: u16,
    /// Hotkey (SS58).
    pub hotkey: String,
    /// Owner's coldkey (SS58).
    pub coldkey: String,
    /// Whether it is active.
    pub active: bool,
    /// Rank.
    pub rank: u16,
    /// Trust.
    pub trust: u16,
    /// Consensus.
    pub consensus: u16,
    /// Incentive.
    pub incentive: u16,
    /// Dividends.
    pub dividends: u16,
    /// Per-epoch emission (9-decimal units).
    pub emission: u64,
    /// Whether it holds a validator permit.
    pub validator_permit: bool,
    /// Validator trust.
    pub validator_trust: u16,
    /// Block of the last weights (validators) or registration.
    pub last_update: u64,
    /// Pruning score.
    pub pruning_score: u16,
    /// Validator (permit) or miner.
    pub role: Role,
    /// The axon, when served.
    pub axon: Option<ServedEndpoint>,
    /// The Prometheus endpoint, when served.
    pub prometheus: Option<ServedEndpoint>,
}

impl From<q::Neuron> for Neuron {
    fn from(n: q::Neuron) -> Self {
        Self {
            role: n.role(),
            netuid: n.netuid,
            uid: n.uid,
            hotkey: address(&n.hotkey),
            coldkey: address(&n.coldkey),
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
            axon: n.axon.map(Into::into),
            prometheus: n.prometheus.map(Into::into),
        }
    }
}

/// A registered neuron's status (the core's `Registered`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Registered {
    /// The neuron.
    pub neuron: Neuron,
    /// Validator or miner.
    pub role: Role,
    /// All alpha staked on the hotkey on this subnet (`TotalHotkeyAlpha`).
    pub stake_alpha: u64,
    /// The subnet's price at the block read.
    pub price: Price,
    /// `stake_alpha` valued at `price` (rao, rounded down).
    pub stake_tao_value: u64,
    /// Blocks since `last_update`.
    pub blocks_since_update: u64,
    /// `BlockAtRegistration`.
    pub registered_at: u64,
    /// The subnet's `ImmunityPeriod` (blocks).
    pub immunity_period: u16,
    /// Blocks of immunity left (0 once expired).
    pub immunity_remaining: u64,
}

impl From<q::Registered> for Registered {
    fn from(r: q::Registered) -> Self {
        Self {
            neuron: r.neuron.into(),
            role: r.role,
            stake_alpha: r.stake_alpha,
            price: r.price.into(),
            stake_tao_value: r.stake_tao_value,
            blocks_since_update: r.blocks_since_update,
            registered_at: r.registered_at,
            immunity_period: r.immunity_period,
            immunity_remaining: r.immunity_remaining,
        }
    }
}

/// A hotkey's status on one subnet.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NeuronStatus {
    /// The hotkey (SS58).
    pub hotkey: String,
    /// The subnet.
    pub netuid: u16,
    /// The block number read at.
    pub block: u64,
    /// `None` when the hotkey is not registered on `netuid`.
    pub registered: Option<Registered>,
}

impl From<q::NeuronStatus> for NeuronStatus {
    fn from(s: q::NeuronStatus) -> Self {
        Self { hotkey: address(&s.hotkey), netuid: s.netuid, block: s.block, registered: s.registered.map(Into::into) }
    }
}

/// A subnet's identity.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Identity {
    /// Name.
    pub name: String,
    /// Repository.
    pub github_repo: String,
    /// Contact.
    pub contact: String,
}

impl From<q::Identity> for Identity {
    fn from(i: q::Identity) -> Self {
        Self { name: i.name, github_repo: i.github_repo, contact: i.contact }
    }
}

/// A subnet's dynamic-TAO pool (TAO in rao, alpha in alpha units).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Pool {
    /// `SubnetTAO`.
    pub tao_in: u64,
    /// `SubnetAlphaIn`.
    pub alpha_in: u64,
    /// `SubnetAlphaOut`.
    pub alpha_out: u64,
    /// The price by the runtime's rule.
    pub price: Price,
    /// `SubnetLocked` (rao).
    pub total_locked: u64,
    /// `LargestLocked` (rao).
    pub owner_locked: u64,
}

impl From<q::Pool> for Pool {
    fn from(p: q::Pool) -> Self {
        Self {
            tao_in: p.tao_in,
            alpha_in: p.alpha_in,
            alpha_out: p.alpha_out,
            price: p.price.into(),
            total_locked: p.total_locked,
            owner_locked: p.owner_locked,
        }
    }
}

/// One subnet.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Subnet {
    /// The subnet id.
    pub netuid: u16,
    /// The identity's name, when set.
    pub name: Option<String>,
    /// The identity, when set.
    pub identity: Option<Identity>,
    /// `TokenSymbol`.
    pub symbol: Option<String>,
    /// Owner's coldkey (SS58).
    pub owner_coldkey: String,
    /// `SubnetOwnerHotkey` (SS58; the zero account when unset).
    pub owner_hotkey: String,
    /// 0 stable (1:1), 1 dynamic.
    pub mechanism: u16,
    /// Blocks per epoch.
    pub tempo: u16,
    /// Blocks since the last epoch.
    pub blocks_since_last_step: u64,
    /// rao per block to this subnet.
    pub emission: u64,
    /// Registration cost (rao).
    pub burn: u64,
    /// Registered neurons.
    pub neurons: u16,
    /// Maximum neurons.
    pub max_neurons: u16,
    /// Maximum validators.
    pub max_validators: u16,
    /// Immunity period (blocks).
    pub immunity_period: u16,
    /// The pool.
    pub pool: Pool,
}

impl From<q::Subnet> for Subnet {
    fn from(s: q::Subnet) -> Self {
        Self {
            netuid: s.netuid,
            name: s.name,
            identity: s.identity.map(Into::into),
            symbol: s.symbol,
            owner_coldkey: address(&s.owner_coldkey),
            owner_hotkey: address(&s.owner_hotkey),
            mechanism: s.mechanism,
            tempo: s.tempo,
            blocks_since_last_step: s.blocks_since_last_step,
            emission: s.emission,
            burn: s.burn,
            neurons: s.neurons,
            max_neurons: s.max_neurons,
            max_validators: s.max_validators,
            immunity_period: s.immunity_period,
            pool: s.pool.into(),
        }
    }
}

/// Every neuron of a subnet at one block.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Metagraph {
    /// The subnet.
    pub netuid: u16,
    /// The block number read at.
    pub block: u64,
    /// By uid.
    pub neurons: Vec<Neuron>,
    /// By uid: all alpha staked on the neuron's hotkey here (`TotalHotkeyAlpha`).
    pub stake_alpha: Vec<u64>,
}

impl From<q::Metagraph> for Metagraph {
    fn from(m: q::Metagraph) -> Self {
        Self { netuid: m.netuid, block: m.block, neurons: m.neurons.into_iter().map(Into::into).collect(), stake_alpha: m.stake_alpha }
    }
}

/// A delegate: a hotkey that accepts nominations.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Delegate {
    /// The hotkey (SS58).
    pub hotkey: String,
    /// The owner's coldkey (SS58).
    pub owner: String,
    /// Take as a fraction of 65535 (11796 ≈ 18 %).
    pub take: u16,
    /// Subnets it is registered on.
    pub registrations: Vec<u16>,
    /// Subnets where it holds a validator permit.
    pub validator_permits: Vec<u16>,
    /// Every stake position on the hotkey (the owner's included).
    pub nominators: Vec<StakePosition>,
    /// `TotalHotkeyAlpha` per subnet.
    pub total_stake: Vec<SubnetAmount>,
    /// `total_stake` valued in rao.
    pub total_tao_value: u64,
    /// The runtime's estimate per 1000 TAO (rao).
    pub return_per_1000: u64,
    /// The runtime's daily return estimate (rao).
    pub total_daily_return: u64,
}

impl From<q::Delegate> for Delegate {
    fn from(d: q::Delegate) -> Self {
        Self {
            hotkey: address(&d.hotkey),
            owner: address(&d.owner),
            take: d.take,
            registrations: d.registrations,
            validator_permits: d.validator_permits,
            nominators: d.nominators.into_iter().map(Into::into).collect(),
            total_stake: per_subnet(d.total_stake),
            total_tao_value: d.total_tao_value,
            return_per_1000: d.return_per_1000,
            total_daily_return: d.total_daily_return,
        }
    }
}
