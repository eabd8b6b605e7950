//! Typed builders for what wallets, stakers, miners and validators send. Each returns a
//! [`Call`] with the argument names the runtime's metadata uses; encoding it against a runtime
//! that lacks the call gives [`TxError::NotSupportedByRuntime`](super::TxError).
//!
//! Amounts are rao (TAO) or alpha units (9 decimals); netuids are u16.

use parity_scale_codec::Encode;
use scale_value::Value;

use super::value::{account, multi_address, uint, uints};
use super::Call;

/// An account id (32 bytes).
pub type AccountId = [u8; 32];

const SUBTENSOR: &str = "SubtensorModule";

// ---- Balances ----

/// Transfer `amount` rao, refusing to reap the sender.
pub fn transfer_keep_alive(dest: &AccountId, amount: u64) -> Call {
    Call::new("Balances", "transfer_keep_alive")
        .arg("dest", multi_address(dest))
        .arg("value", uint(amount))
}

/// Transfer `amount` rao, even if that reaps the sender.
pub fn transfer_allow_death(dest: &AccountId, amount: u64) -> Call {
    Call::new("Balances", "transfer_allow_death")
        .arg("dest", multi_address(dest))
        .arg("value", uint(amount))
}

/// Transfer everything transferable (keeping the existential deposit when `keep_alive`).
pub fn transfer_all(dest: &AccountId, keep_alive: bool) -> Call {
    Call::new("Balances", "transfer_all")
        .arg("dest", multi_address(dest))
        .arg("keep_alive", Value::bool(keep_alive))
}

// ---- Staking ----

/// Stake `amount` rao of the signer's free balance to `hotkey` on `netuid`.
pub fn add_stake(hotkey: &AccountId, netuid: u16, amount: u64) -> Call {
    Call::new(SUBTENSOR, "add_stake")
        .arg("hotkey", account(hotkey))
        .arg("netuid", uint(netuid))
        .arg("amount_staked", uint(amount))
}

/// Unstake `alpha` units from `hotkey` on `netuid` back to the signer's free balance.
pub fn remove_stake(hotkey: &AccountId, netuid: u16, alpha: u64) -> Call {
    Call::new(SUBTENSOR, "remove_stake")
        .arg("hotkey", account(hotkey))
        .arg("netuid", uint(netuid))
        .arg("amount_unstaked", uint(alpha))
}

/// Move stake between hotkeys and/or subnets.
pub fn move_stake(
    origin_hotkey: &AccountId,
    destination_hotkey: &AccountId,
    origin_netuid: u16,
    destination_netuid: u16,
    alpha: u64,
) -> Call {
    Call::new(SUBTENSOR, "move_stake")
        .arg("origin_hotkey", account(origin_hotkey))
        .arg("destination_hotkey", account(destination_hotkey))
        .arg("origin_netuid", uint(origin_netuid))
        .arg("destination_netuid", uint(destination_netuid))
        .arg("alpha_amount", uint(alpha))
}

/// Stake with a price limit (rao per alpha × 10^9 as the runtime defines it).
pub fn add_stake_limit(
    hotkey: &AccountId,
    netuid: u16,
    amount: u64,
    limit_price: u64,
    allow_partial: bool,
) -> Call {
    Call::new(SUBTENSOR, "add_stake_limit")
        .arg("hotkey", account(hotkey))
        .arg("netuid", uint(netuid))
        .arg("amount_staked", uint(amount))
        .arg("limit_price", uint(limit_price))
        .arg("allow_partial", Value::bool(allow_partial))
}

/// Unstake with a price limit.
pub fn remove_stake_limit(
    hotkey: &AccountId,
    netuid: u16,
    alpha: u64,
    limit_price: u64,
    allow_partial: bool,
) -> Call {
    Call::new(SUBTENSOR, "remove_stake_limit")
        .arg("hotkey", account(hotkey))
        .arg("netuid", uint(netuid))
        .arg("amount_unstaked", uint(alpha))
        .arg("limit_price", uint(limit_price))
        .arg("allow_partial", Value::bool(allow_partial))
}

/// Give stake (alpha) to another coldkey.
pub fn transfer_stake(
    destination_coldkey: &AccountId,
    hotkey: &AccountId,
    origin_netuid: u16,
    destination_netuid: u16,
    alpha: u64,
) -> Call {
    Call::new(SUBTENSOR, "transfer_stake")
        .arg("destination_coldkey", account(destination_coldkey))
        .arg("hotkey", account(hotkey))
        .arg("origin_netuid", uint(origin_netuid))
        .arg("destination_netuid", uint(destination_netuid))
        .arg("alpha_amount", uint(alpha))
}

/// Swap stake on one hotkey between subnets.
pub fn swap_stake(hotkey: &AccountId, origin_netuid: u16, destination_netuid: u16, alpha: u64) -> Call {
    Call::new(SUBTENSOR, "swap_stake")
        .arg("hotkey", account(hotkey))
        .arg("origin_netuid", uint(origin_netuid))
        .arg("destination_netuid", uint(destination_netuid))
        .arg("alpha_amount", uint(alpha))
}

/// Unstake everything from a hotkey on every subnet.
pub fn unstake_all(hotkey: &AccountId) -> Call {
    Call::new(SUBTENSOR, "unstake_all").arg("hotkey", account(hotkey))
}

// ---- Registration ----

/// Register `hotkey` on `netuid` by burning the current registration cost.
pub fn burned_register(netuid: u16, hotkey: &AccountId) -> Call {
    Call::new(SUBTENSOR, "burned_register")
        .arg("netuid", uint(netuid))
        .arg("hotkey", account(hotkey))
}

/// Register `hotkey` on the root network.
pub fn root_register(hotkey: &AccountId) -> Call {
    Call::new(SUBTENSOR, "root_register").arg("hotkey", account(hotkey))
}

// ---- Validators: weights ----

/// Set weights on `netuid` (uids and u16-normalised weights of equal length).
pub fn set_weights(netuid: u16, uids: &[u16], weights: &[u16], version_key: u64) -> Call {
    Call::new(SUBTENSOR, "set_weights")
        .arg("netuid", uint(netuid))
        .arg("dests", uints(uids))
        .arg("weights", uints(weights))
        .arg("version_key", uint(version_key))
}

/// Commit to weights (commit-reveal): the hash from [`weights_commit_hash`].
pub fn commit_weights(netuid: u16, commit_hash: &[u8; 32]) -> Call {
    Call::new(SUBTENSOR, "commit_weights")
        .arg("netuid", uint(netuid))
        .arg("commit_hash", Value::from_bytes(commit_hash))
}

/// Reveal committed weights.
pub fn reveal_weights(netuid: u16, uids: &[u16], values: &[u16], salt: &[u16], version_key: u64) -> Call {
    Call::new(SUBTENSOR, "reveal_weights")
        .arg("netuid", uint(netuid))
        .arg("uids", uints(uids))
        .arg("values", uints(values))
        .arg("salt", uints(salt))
        .arg("version_key", uint(version_key))
}

/// The commit hash the runtime recomputes on reveal: blake2-256 of SCALE(hotkey, netuid, uids,
/// values, salt, version_key).
pub fn weights_commit_hash(
    hotkey: &AccountId,
    netuid: u16,
    uids: &[u16],
    values: &[u16],
    salt: &[u16],
    version_key: u64,
) -> [u8; 32] {
    let encoded = (hotkey, netuid, uids, values, salt, version_key).encode();
    sp_crypto_hashing::blake2_256(&encoded)
}

// ---- Miners: endpoints ----

/// An axon endpoint as `serve_axon` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    /// IPv4 or IPv6 address.
    pub ip: std::net::IpAddr,
    /// TCP port.
    pub port: u16,
    /// The serving software's version (the SDK's version as an integer).
    pub version: u32,
    /// 4 = TCP, 0 = none (the SDK's convention).
    pub protocol: u8,
}

impl Endpoint {
    /// The address as the runtime stores it: u128 and type 4 or 6.
    pub fn ip_parts(&self) -> (u128, u8) {
        match self.ip {
            std::net::IpAddr::V4(v4) => (u32::from(v4) as u128, 4),
            std::net::IpAddr::V6(v6) => (u128::from(v6), 6),
        }
    }
}

/// Publish the miner's axon on `netuid`.
pub fn serve_axon(netuid: u16, endpoint: &Endpoint) -> Call {
    let (ip, ip_type) = endpoint.ip_parts();
    Call::new(SUBTENSOR, "serve_axon")
        .arg("netuid", uint(netuid))
        .arg("version", uint(endpoint.version))
        .arg("ip", uint(ip))
        .arg("port", uint(endpoint.port))
        .arg("ip_type", uint(ip_type))
        .arg("protocol", uint(endpoint.protocol))
        .arg("placeholder1", uint(0u8))
        .arg("placeholder2", uint(0u8))
}

/// Publish the Prometheus endpoint on `netuid`.
pub fn serve_prometheus(netuid: u16, endpoint: &Endpoint) -> Call {
    let (ip, ip_type) = endpoint.ip_parts();
    Call::new(SUBTENSOR, "serve_prometheus")
        .arg("netuid", uint(netuid))
        .arg("version", uint(endpoint.version))
        .arg("ip", uint(ip))
        .arg("port", uint(endpoint.port))
        .arg("ip_type", uint(ip_type))
}

// ---- Delegates and child keys ----

/// Lower a delegate's take (u16 fraction of 65535).
pub fn decrease_take(hotkey: &AccountId, take: u16) -> Call {
    Call::new(SUBTENSOR, "decrease_take")
        .arg("hotkey", account(hotkey))
        .arg("take", uint(take))
}

/// Raise a delegate's take (u16 fraction of 65535).
pub fn increase_take(hotkey: &AccountId, take: u16) -> Call {
    Call::new(SUBTENSOR, "increase_take")
        .arg("hotkey", account(hotkey))
        .arg("take", uint(take))
}

/// Set child hotkeys with their proportions (u64 fractions of u64::MAX).
pub fn set_children(hotkey: &AccountId, netuid: u16, children: &[(u64, AccountId)]) -> Call {
    let children = Value::unnamed_composite(
        children
            .iter()
            .map(|(p, c)| Value::unnamed_composite([uint(*p), account(c)])),
    );
    Call::new(SUBTENSOR, "set_children")
        .arg("hotkey", account(hotkey))
        .arg("netuid", uint(netuid))
        .arg("children", children)
}

/// Set the take a hotkey charges its children.
pub fn set_childkey_take(hotkey: &AccountId, netuid: u16, take: u16) -> Call {
    Call::new(SUBTENSOR, "set_childkey_take")
        .arg("hotkey", account(hotkey))
        .arg("netuid", uint(netuid))
        .arg("take", uint(take))
}

// ---- Wrappers ----

/// Dispatch every call or none (`Utility.batch_all`).
pub fn batch_all(calls: &[Call]) -> Call {
    Call::new("Utility", "batch_all").arg(
        "calls",
        Value::unnamed_composite(calls.iter().map(Call::to_value)),
    )
}

/// Dispatch `call` as `real` through a proxy the signer holds (`Proxy.proxy`).
pub fn proxy(real: &AccountId, call: &Call) -> Call {
    Call::new("Proxy", "proxy")
        .arg("real", multi_address(real))
        .arg("force_proxy_type", Value::unnamed_variant("None", []))
        .arg("call", call.to_value())
}

/// Dispatch `call` with root origin (`Sudo.sudo`; devnets and tests).
pub fn sudo(call: &Call) -> Call {
    Call::new("Sudo", "sudo").arg("call", call.to_value())
}
