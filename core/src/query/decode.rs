//! The runtime's wire structures and pure decoders over bytes (no I/O): used by the queries, and
//! usable as they are by fuzzers, benches and the wasm front.
//!
//! Layouts are those of the subtensor runtime the devnet runs (spec 218, dynamic TAO), each one
//! verified byte for byte against that runtime (see `core/tests/query_status.rs`). In that
//! runtime every subtensor runtime API returns SCALE `Vec<u8>` wrapping the encoded structure
//! ([`Wire::Opaque`]); newer runtimes return the structure itself ([`Wire::Typed`]), whose type
//! the queries first check against the metadata ([`super::layout`]).
//!
//! Decoding is strict: every byte must be consumed, a length prefix must match what follows,
//! and any difference is a [`ChainError::Decode`] naming what failed. Arbitrary input never
//! panics (property tests and the `query_decoders` fuzz target check this).

use parity_scale_codec::{Compact, DecodeAll};
/// The SCALE traits the wire structures derive (re-exported for fuzzers and benches).
pub use parity_scale_codec::{Decode, Encode};

use super::layout::Shape;
use crate::chain::ChainError;

/// A 32-byte account id (hotkey or coldkey).
pub type AccountId = [u8; 32];

/// How a runtime API output is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    /// SCALE `Vec<u8>` wrapping the encoded structure (spec 218 and its era).
    Opaque,
    /// The encoded structure itself (runtimes whose metadata types the output).
    Typed,
}

/// An axon endpoint as the runtime stores it (`AxonInfo`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Encode, Decode)]
pub struct AxonInfo {
    /// Block of the last `serve_axon`.
    pub block: u64,
    /// The serving software's version (the SDK's version as an integer).
    pub version: u32,
    /// IPv4 in the low 32 bits (ip_type 4) or IPv6 (ip_type 6).
    pub ip: u128,
    /// TCP port.
    pub port: u16,
    /// 4 (IPv4) or 6 (IPv6); 0 when never served.
    pub ip_type: u8,
    /// Transport protocol (4 = TCP by the SDK's convention).
    pub protocol: u8,
    /// Reserved by the runtime, unused.
    pub placeholder1: u8,
    /// Reserved by the runtime, unused.
    pub placeholder2: u8,
}

/// A Prometheus endpoint as the runtime stores it (`PrometheusInfo`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Encode, Decode)]
pub struct PrometheusInfo {
    /// Block of the last `serve_prometheus`.
    pub block: u64,
    /// The serving software's version (the SDK's version as an integer).
    pub version: u32,
    /// IPv4 in the low 32 bits (ip_type 4) or IPv6 (ip_type 6).
    pub ip: u128,
    /// TCP port.
    pub port: u16,
    /// 4 (IPv4) or 6 (IPv6); 0 when never served.
    pub ip_type: u8,
}

/// `(coldkey, Compact<u64>)`: a stake entry in neuron and delegate infos.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode)]
pub struct StakeEntry {
    /// The nominator's coldkey.
    pub coldkey: AccountId,
    /// Its stake (9-decimal units).
    #[codec(compact)]
    pub amount: u64,
}

/// `NeuronInfoLite`: one neuron of a subnet without weights and bonds.
///
/// u16 scores (rank, trust, consensus, incentive, dividends, validator_trust, pruning_score)
/// are fractions of 65535.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct NeuronInfoLite {
    /// The neuron's hotkey.
    pub hotkey: AccountId,
    /// The coldkey that owns the hotkey.
    pub coldkey: AccountId,
    /// Its uid on the subnet.
    #[codec(compact)]
    pub uid: u16,
    /// The subnet.
    #[codec(compact)]
    pub netuid: u16,
    /// `Active`: whether it was active in the last epoch.
    pub active: bool,
    /// Its axon (all zero when never served).
    pub axon_info: AxonInfo,
    /// Its Prometheus endpoint (all zero when never served).
    pub prometheus_info: PrometheusInfo,
    /// In spec 218 this is read from the pre-dTAO `Stake` map and is not the alpha stake; the
    /// queries read `TotalHotkeyAlpha` instead.
    pub stake: Vec<StakeEntry>,
    /// `Rank`, fraction of 65535.
    #[codec(compact)]
    pub rank: u16,
    /// `Emission`: its emission in the last epoch (9-decimal units).
    #[codec(compact)]
    pub emission: u64,
    /// `Incentive`, fraction of 65535.
    #[codec(compact)]
    pub incentive: u16,
    /// `Consensus`, fraction of 65535.
    #[codec(compact)]
    pub consensus: u16,
    /// `Trust`, fraction of 65535.
    #[codec(compact)]
    pub trust: u16,
    /// `ValidatorTrust`, fraction of 65535.
    #[codec(compact)]
    pub validator_trust: u16,
    /// `Dividends`, fraction of 65535.
    #[codec(compact)]
    pub dividends: u16,
    /// `LastUpdate`: block of its last weights (validators) or registration.
    #[codec(compact)]
    pub last_update: u64,
    /// Whether it holds a validator permit.
    pub validator_permit: bool,
    /// `PruningScore`, fraction of 65535 (the lowest is replaced first at registration).
    #[codec(compact)]
    pub pruning_score: u16,
}

/// `StakeInfo` of spec 218 (no `tao_emission`, which later runtimes add).
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct StakeInfo {
    /// The hotkey staked to.
    pub hotkey: AccountId,
    /// The coldkey that staked.
    pub coldkey: AccountId,
    /// The subnet.
    #[codec(compact)]
    pub netuid: u16,
    /// Alpha units of `netuid` (9 decimals).
    #[codec(compact)]
    pub stake: u64,
    /// The runtime's `locked` for the position (alpha units).
    #[codec(compact)]
    pub locked: u64,
    /// The runtime's `emission` for the position (alpha units).
    #[codec(compact)]
    pub emission: u64,
    /// The runtime's `drain` for the position.
    #[codec(compact)]
    pub drain: u64,
    /// Whether the hotkey is registered on `netuid`.
    pub is_registered: bool,
}

/// The short `DynamicInfo` of spec 218: the subnet's pool.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct DynamicInfo {
    /// The owner's coldkey (`SubnetOwner`).
    pub owner: AccountId,
    /// The subnet.
    #[codec(compact)]
    pub netuid: u16,
    /// `Tempo`: blocks between two epochs.
    #[codec(compact)]
    pub tempo: u16,
    /// Block of the last epoch.
    #[codec(compact)]
    pub last_step: u64,
    /// Blocks since the last epoch.
    #[codec(compact)]
    pub blocks_since_last_step: u64,
    /// `EmissionValues`: TAO emitted to the subnet per block (rao).
    #[codec(compact)]
    pub emission: u64,
    /// `SubnetAlphaIn`: alpha in the pool (alpha units).
    #[codec(compact)]
    pub alpha_in: u64,
    /// `SubnetAlphaOut`: alpha held by stakers (alpha units).
    #[codec(compact)]
    pub alpha_out: u64,
    /// `SubnetTAO`: TAO in the pool (rao).
    #[codec(compact)]
    pub tao_in: u64,
    /// `SubnetLocked`: TAO locked when the subnet was registered (rao).
    #[codec(compact)]
    pub total_locked: u64,
    /// `LargestLocked` (rao).
    #[codec(compact)]
    pub owner_locked: u64,
}

/// `SubnetInfo`: a subnet's hyperparameters and registration state.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct SubnetInfo {
    /// The subnet.
    #[codec(compact)]
    pub netuid: u16,
    /// `Rho`: steepness of the incentive sigmoid.
    #[codec(compact)]
    pub rho: u16,
    /// `Kappa`: the consensus majority threshold, fraction of 65535.
    #[codec(compact)]
    pub kappa: u16,
    /// `Difficulty`: proof-of-work registration difficulty.
    #[codec(compact)]
    pub difficulty: u64,
    /// `ImmunityPeriod`: blocks a new neuron is safe from pruning.
    #[codec(compact)]
    pub immunity_period: u16,
    /// `MaxAllowedValidators`: validator permits on the subnet.
    #[codec(compact)]
    pub max_allowed_validators: u16,
    /// `MinAllowedWeights`: fewest weights a validator may set.
    #[codec(compact)]
    pub min_allowed_weights: u16,
    /// `MaxWeightsLimit`: largest weight on one uid, fraction of 65535.
    #[codec(compact)]
    pub max_weights_limit: u16,
    /// `ScalingLawPower`.
    #[codec(compact)]
    pub scaling_law_power: u16,
    /// Registered neurons.
    #[codec(compact)]
    pub subnetwork_n: u16,
    /// `MaxAllowedUids`: neuron slots.
    #[codec(compact)]
    pub max_allowed_uids: u16,
    /// Blocks since the last epoch.
    #[codec(compact)]
    pub blocks_since_last_step: u64,
    /// `Tempo`: blocks between two epochs.
    #[codec(compact)]
    pub tempo: u16,
    /// `NetworkModality` (0 = text).
    #[codec(compact)]
    pub network_modality: u16,
    /// `NetworkConnect`: `[netuid, requirement]` pairs.
    pub network_connect: Vec<[u16; 2]>,
    /// `EmissionValues`: rao per block.
    #[codec(compact)]
    pub emission_values: u64,
    /// The registration cost in rao.
    #[codec(compact)]
    pub burn: u64,
    /// The owner's coldkey.
    pub owner: AccountId,
}

/// `SubnetIdentity` as spec 218 stores it (UTF-8 expected, not guaranteed).
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct SubnetIdentity {
    /// The subnet's name.
    pub subnet_name: Vec<u8>,
    /// Its source repository.
    pub github_repo: Vec<u8>,
    /// How to contact the owner.
    pub subnet_contact: Vec<u8>,
}

/// `SubnetInfov2`: [`SubnetInfo`] followed by the optional identity.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct SubnetInfoV2 {
    /// The subnet's info.
    pub info: SubnetInfo,
    /// `None` when the owner set no identity.
    pub identity: Option<SubnetIdentity>,
}

/// `DelegateInfo` of spec 218. Its `nominators` come from the pre-dTAO `Stake` map (empty on a
/// dTAO chain); the queries find nominators from `Alpha` storage instead.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct DelegateInfo {
    /// The delegate's hotkey.
    pub delegate: AccountId,
    /// Fraction of 65535.
    #[codec(compact)]
    pub take: u16,
    /// Nominators and their stake from the pre-dTAO `Stake` map.
    pub nominators: Vec<StakeEntry>,
    /// The hotkey's owner coldkey.
    pub owner: AccountId,
    /// Subnets the hotkey is registered on.
    pub registrations: Vec<Compact<u16>>,
    /// Subnets where it holds a validator permit.
    pub validator_permits: Vec<Compact<u16>>,
    /// The runtime's estimate of the daily return per 1000 TAO staked (rao).
    #[codec(compact)]
    pub return_per_1000: u64,
    /// The runtime's estimate of the delegate's daily return (rao).
    #[codec(compact)]
    pub total_daily_return: u64,
}

// ---- layouts, for runtimes whose metadata types the outputs ----

const C_U16: Shape = Shape::Compact(&Shape::U16);
const C_U64: Shape = Shape::Compact(&Shape::U64);

/// [`AxonInfo`].
pub const AXON_INFO: Shape = Shape::Struct(&[
    ("block", Shape::U64),
    ("version", Shape::U32),
    ("ip", Shape::U128),
    ("port", Shape::U16),
    ("ip_type", Shape::U8),
    ("protocol", Shape::U8),
    ("placeholder1", Shape::U8),
    ("placeholder2", Shape::U8),
]);

/// [`PrometheusInfo`].
pub const PROMETHEUS_INFO: Shape = Shape::Struct(&[
    ("block", Shape::U64),
    ("version", Shape::U32),
    ("ip", Shape::U128),
    ("port", Shape::U16),
    ("ip_type", Shape::U8),
]);

/// [`NeuronInfoLite`].
pub const NEURON_INFO_LITE: Shape = Shape::Struct(&[
    ("hotkey", Shape::AccountId),
    ("coldkey", Shape::AccountId),
    ("uid", C_U16),
    ("netuid", C_U16),
    ("active", Shape::Bool),
    ("axon_info", AXON_INFO),
    ("prometheus_info", PROMETHEUS_INFO),
    ("stake", Shape::Vec(&Shape::Tuple(&[Shape::AccountId, C_U64]))),
    ("rank", C_U16),
    ("emission", C_U64),
    ("incentive", C_U16),
    ("consensus", C_U16),
    ("trust", C_U16),
    ("validator_trust", C_U16),
    ("dividends", C_U16),
    ("last_update", C_U64),
    ("validator_permit", Shape::Bool),
    ("pruning_score", C_U16),
]);

/// [`StakeInfo`].
pub const STAKE_INFO: Shape = Shape::Struct(&[
    ("hotkey", Shape::AccountId),
    ("coldkey", Shape::AccountId),
    ("netuid", C_U16),
    ("stake", C_U64),
    ("locked", C_U64),
    ("emission", C_U64),
    ("drain", C_U64),
    ("is_registered", Shape::Bool),
]);

/// [`DynamicInfo`].
pub const DYNAMIC_INFO: Shape = Shape::Struct(&[
    ("owner", Shape::AccountId),
    ("netuid", C_U16),
    ("tempo", C_U16),
    ("last_step", C_U64),
    ("blocks_since_last_step", C_U64),
    ("emission", C_U64),
    ("alpha_in", C_U64),
    ("alpha_out", C_U64),
    ("tao_in", C_U64),
    ("total_locked", C_U64),
    ("owner_locked", C_U64),
]);

/// [`SubnetIdentity`].
pub const SUBNET_IDENTITY: Shape = Shape::Struct(&[
    ("subnet_name", Shape::Vec(&Shape::U8)),
    ("github_repo", Shape::Vec(&Shape::U8)),
    ("subnet_contact", Shape::Vec(&Shape::U8)),
]);

/// [`SubnetInfoV2`] (flattened, as the runtime declares it).
pub const SUBNET_INFO_V2: Shape = Shape::Struct(&[
    ("netuid", C_U16),
    ("rho", C_U16),
    ("kappa", C_U16),
    ("difficulty", C_U64),
    ("immunity_period", C_U16),
    ("max_allowed_validators", C_U16),
    ("min_allowed_weights", C_U16),
    ("max_weights_limit", C_U16),
    ("scaling_law_power", C_U16),
    ("subnetwork_n", C_U16),
    ("max_allowed_uids", C_U16),
    ("blocks_since_last_step", C_U64),
    ("tempo", C_U16),
    ("network_modality", C_U16),
    ("network_connect", Shape::Vec(&Shape::Array(2, &Shape::U16))),
    ("emission_value", C_U64),
    ("burn", C_U64),
    ("owner", Shape::AccountId),
    ("identity", Shape::Option(&SUBNET_IDENTITY)),
]);

/// [`DelegateInfo`].
pub const DELEGATE_INFO: Shape = Shape::Struct(&[
    ("delegate_ss58", Shape::AccountId),
    ("take", C_U16),
    ("nominators", Shape::Vec(&Shape::Tuple(&[Shape::AccountId, C_U64]))),
    ("owner_ss58", Shape::AccountId),
    ("registrations", Shape::Vec(&C_U16)),
    ("validator_permits", Shape::Vec(&C_U16)),
    ("return_per_1000", C_U64),
    ("total_daily_return", C_U64),
]);

// ---- decoders ----

/// The bytes inside a SCALE `Vec<u8>`, refusing a length prefix that does not match what follows.
pub fn opaque<'a>(bytes: &'a [u8], what: &str) -> Result<&'a [u8], ChainError> {
    let mut input = bytes;
    let len = Compact::<u32>::decode(&mut input).map_err(|e| ChainError::decode(what, format!("length prefix: {e}")))?;
    if len.0 as usize != input.len() {
        return Err(ChainError::decode(what, format!("length prefix says {} bytes, {} follow", len.0, input.len())));
    }
    Ok(input)
}

fn strict<T: Decode>(bytes: &[u8], what: &str) -> Result<T, ChainError> {
    T::decode_all(&mut &bytes[..]).map_err(|e| ChainError::decode(what, e))
}

fn inner<'a>(bytes: &'a [u8], wire: Wire, what: &str) -> Result<&'a [u8], ChainError> {
    match wire {
        Wire::Opaque => opaque(bytes, what),
        Wire::Typed => Ok(bytes),
    }
}

/// A list output (`Vec<T>` or `Vec<Option<T>>`…) in either layout.
pub(crate) fn list<T: Decode>(bytes: &[u8], wire: Wire, what: &str) -> Result<T, ChainError> {
    strict(inner(bytes, wire, what)?, what)
}

/// A single-item getter: spec 218 returns empty bytes inside the wrapper when the item is
/// missing; typed runtimes return `Option<T>`.
pub(crate) fn single<T: Decode>(bytes: &[u8], wire: Wire, what: &str) -> Result<Option<T>, ChainError> {
    match wire {
        Wire::Opaque => {
            let b = opaque(bytes, what)?;
            if b.is_empty() {
                Ok(None)
            } else {
                strict(b, what).map(Some)
            }
        }
        Wire::Typed => strict(bytes, what),
    }
}

/// `NeuronInfoRuntimeApi_get_neurons_lite` output (spec 218).
pub fn neurons_lite(bytes: &[u8]) -> Result<Vec<NeuronInfoLite>, ChainError> {
    const WHAT: &str = "NeuronInfoRuntimeApi_get_neurons_lite";
    super::neuron_wire::neurons(opaque(bytes, WHAT)?).map_err(|e| ChainError::decode(WHAT, e.0))
}


/// `NeuronInfoRuntimeApi_get_neuron_lite` output (spec 218); `None` when there is no such uid.
pub fn neuron_lite(bytes: &[u8]) -> Result<Option<NeuronInfoLite>, ChainError> {
    single(bytes, Wire::Opaque, "NeuronInfoRuntimeApi_get_neuron_lite")
}

/// `StakeInfoRuntimeApi_get_stake_info_for_coldkey` output (spec 218).
pub fn stake_info_for_coldkey(bytes: &[u8]) -> Result<Vec<StakeInfo>, ChainError> {
    list(bytes, Wire::Opaque, "StakeInfoRuntimeApi_get_stake_info_for_coldkey")
}

/// `StakeInfoRuntimeApi_get_stake_info_for_coldkeys` output (spec 218).
pub fn stake_info_for_coldkeys(bytes: &[u8]) -> Result<Vec<(AccountId, Vec<StakeInfo>)>, ChainError> {
    list(bytes, Wire::Opaque, "StakeInfoRuntimeApi_get_stake_info_for_coldkeys")
}

/// `SubnetInfoRuntimeApi_get_dynamic_info` output (spec 218 encodes an `Option` inside the
/// wrapper).
pub fn dynamic_info(bytes: &[u8]) -> Result<Option<DynamicInfo>, ChainError> {
    list(bytes, Wire::Opaque, "SubnetInfoRuntimeApi_get_dynamic_info")
}

/// `SubnetInfoRuntimeApi_get_all_dynamic_info` output (spec 218).
pub fn all_dynamic_info(bytes: &[u8]) -> Result<Vec<Option<DynamicInfo>>, ChainError> {
    list(bytes, Wire::Opaque, "SubnetInfoRuntimeApi_get_all_dynamic_info")
}

/// `SubnetInfoRuntimeApi_get_subnet_info` output (spec 218); `None` for a missing subnet.
pub fn subnet_info(bytes: &[u8]) -> Result<Option<SubnetInfo>, ChainError> {
    single(bytes, Wire::Opaque, "SubnetInfoRuntimeApi_get_subnet_info")
}

/// `SubnetInfoRuntimeApi_get_subnet_info_v2` output (spec 218); `None` for a missing subnet.
pub fn subnet_info_v2(bytes: &[u8]) -> Result<Option<SubnetInfoV2>, ChainError> {
    single(bytes, Wire::Opaque, "SubnetInfoRuntimeApi_get_subnet_info_v2")
}

/// `SubnetInfoRuntimeApi_get_subnets_info` output (spec 218).
pub fn subnets_info(bytes: &[u8]) -> Result<Vec<Option<SubnetInfo>>, ChainError> {
    list(bytes, Wire::Opaque, "SubnetInfoRuntimeApi_get_subnets_info")
}

/// `DelegateInfoRuntimeApi_get_delegates` output (spec 218).
pub fn delegates(bytes: &[u8]) -> Result<Vec<DelegateInfo>, ChainError> {
    list(bytes, Wire::Opaque, "DelegateInfoRuntimeApi_get_delegates")
}

/// `DelegateInfoRuntimeApi_get_delegate` output (spec 218); `None` when not a delegate.
pub fn delegate(bytes: &[u8]) -> Result<Option<DelegateInfo>, ChainError> {
    single(bytes, Wire::Opaque, "DelegateInfoRuntimeApi_get_delegate")
}

/// A storage value that must decode exactly (storage values are never wrapped).
pub fn storage_value<T: Decode>(bytes: &[u8], what: &str) -> Result<T, ChainError> {
    strict(bytes, what)
}

/// Wrap an encoded structure as spec 218 does (`Vec<u8>`): for tests, benches and fuzzing.
pub fn wrap_opaque(encoded: &[u8]) -> Vec<u8> {
    encoded.encode()
}
