//! Transactions (`taolight::tx`): calls built by the core's typed builders, options, fees and
//! outcomes. Sending goes through [`crate::Client`] (`estimate_fee`, `sign_and_submit`).
//!
//! Amounts are integers: TAO in rao (1 TAO = 10^9 rao), alpha in the subnet's 9-decimal units.
//! Addresses are SS58 strings; a malformed one raises the BadInput kind.

use std::net::IpAddr;
use std::sync::Arc;

use taolight::tx::{self as core_tx, calls, TxError, WaitFor};

use crate::chain::account_id;
use crate::error::Result;

/// How long `sign_and_submit` waits (the core's `taolight::tx::WaitFor`).
#[uniffi::remote(Enum)]
pub enum WaitFor {
    /// Return once the node accepted the transaction into its pool (no block, no events).
    None,
    /// Return once it is in a best block, with its events.
    InBlock,
    /// Return once that block is finalized.
    Finalized,
}

/// Choices for one transaction; every field has a default.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TxOptions {
    /// Tip in rao.
    #[uniffi(default = 0)]
    pub tip: u64,
    /// Mortality period in blocks (4..=65536); `None` = immortal.
    #[uniffi(default = Some(64))]
    pub mortality: Option<u64>,
    /// A fixed nonce; `None` = the next one (chain plus transactions in flight).
    #[uniffi(default = None)]
    pub nonce: Option<u32>,
    /// Turn CheckMetadataHash on (RFC-0078), as hardware wallets need.
    #[uniffi(default = false)]
    pub metadata_hash: bool,
    /// How long `sign_and_submit` waits; `None` = the core's default, in a block.
    #[uniffi(default = None)]
    pub wait_for: Option<WaitFor>,
}

impl From<TxOptions> for core_tx::TxOptions {
    fn from(o: TxOptions) -> Self {
        Self { tip: o.tip, mortality: o.mortality, nonce: o.nonce, metadata_hash: o.metadata_hash, wait_for: o.wait_for.unwrap_or_default() }
    }
}

/// A fee estimate from `TransactionPaymentApi`, in rao.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FeeEstimate {
    /// What the sender pays besides the tip.
    pub partial_fee: u64,
    /// The base fee.
    pub base_fee: u64,
    /// The length fee.
    pub len_fee: u64,
    /// The weight fee, adjusted.
    pub adjusted_weight_fee: u64,
    /// The tip.
    pub tip: u64,
    /// Weight: reference time.
    pub weight_ref_time: u64,
    /// Weight: proof size.
    pub weight_proof_size: u64,
    /// The signed transaction's length in bytes.
    pub length: u32,
}

impl From<core_tx::FeeEstimate> for FeeEstimate {
    fn from(f: core_tx::FeeEstimate) -> Self {
        Self {
            partial_fee: f.partial_fee,
            base_fee: f.base_fee,
            len_fee: f.len_fee,
            adjusted_weight_fee: f.adjusted_weight_fee,
            tip: f.tip,
            weight_ref_time: f.weight.0,
            weight_proof_size: f.weight.1,
            length: f.length,
        }
    }
}

/// One event a transaction emitted.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Event {
    /// The pallet, such as `Balances`.
    pub pallet: String,
    /// The event, such as `Transfer`.
    pub name: String,
    /// The whole event as text: `Balances.Transfer { from: …, to: …, amount: … }`.
    pub text: String,
}

impl From<&core_tx::Event> for Event {
    fn from(e: &core_tx::Event) -> Self {
        Self { pallet: e.pallet.clone(), name: e.name.clone(), text: e.to_string() }
    }
}

/// The result of a submitted transaction.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TxOutcome {
    /// The transaction hash, `0x…`.
    pub hash: String,
    /// The nonce it used.
    pub nonce: u32,
    /// The block it is in, `0x…` (`None` when not waited for).
    pub block: Option<String>,
    /// That block's number.
    pub block_number: Option<u64>,
    /// Its index in the block.
    pub index: Option<u32>,
    /// Whether the block was finalized when this returned.
    pub finalized: bool,
    /// The events it emitted (`System.ExtrinsicSuccess` among them).
    pub events: Vec<Event>,
}

impl From<core_tx::TxOutcome> for TxOutcome {
    fn from(o: core_tx::TxOutcome) -> Self {
        Self {
            hash: format!("0x{}", hex_lower(&o.hash)),
            nonce: o.nonce,
            block: o.block.map(|b| b.to_hex()),
            block_number: o.block_number,
            index: o.index,
            finalized: o.finalized,
            events: o.events.iter().map(Into::into).collect(),
        }
    }
}

fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A call (pallet, name, arguments) built by the core's typed builders; encoded against the
/// runtime's metadata when it is signed or estimated.
#[derive(Debug, uniffi::Object)]
#[uniffi::export(Debug)]
pub struct Call(pub(crate) core_tx::Call);

fn call(c: core_tx::Call) -> Arc<Call> {
    Arc::new(Call(c))
}

#[uniffi::export]
impl Call {
    /// `Balances.transfer_keep_alive`: send `amount_rao`, refusing to reap the sender.
    #[uniffi::constructor]
    pub fn transfer_keep_alive(dest_ss58: String, amount_rao: u64) -> Result<Arc<Self>> {
        Ok(call(calls::transfer_keep_alive(&account_id(&dest_ss58)?, amount_rao)))
    }

    /// `Balances.transfer_allow_death`: send `amount_rao`, even if that reaps the sender.
    #[uniffi::constructor]
    pub fn transfer_allow_death(dest_ss58: String, amount_rao: u64) -> Result<Arc<Self>> {
        Ok(call(calls::transfer_allow_death(&account_id(&dest_ss58)?, amount_rao)))
    }

    /// `Balances.transfer_all`: send everything transferable (keeping the existential deposit
    /// when `keep_alive`).
    #[uniffi::constructor]
    pub fn transfer_all(dest_ss58: String, keep_alive: bool) -> Result<Arc<Self>> {
        Ok(call(calls::transfer_all(&account_id(&dest_ss58)?, keep_alive)))
    }

    /// `SubtensorModule.add_stake`: stake `amount_rao` of the signer's free balance to
    /// `hotkey_ss58` on `netuid`.
    #[uniffi::constructor]
    pub fn add_stake(hotkey_ss58: String, netuid: u16, amount_rao: u64) -> Result<Arc<Self>> {
        Ok(call(calls::add_stake(&account_id(&hotkey_ss58)?, netuid, amount_rao)))
    }

    /// `SubtensorModule.remove_stake`: unstake `amount_alpha` from `hotkey_ss58` on `netuid`.
    #[uniffi::constructor]
    pub fn remove_stake(hotkey_ss58: String, netuid: u16, amount_alpha: u64) -> Result<Arc<Self>> {
        Ok(call(calls::remove_stake(&account_id(&hotkey_ss58)?, netuid, amount_alpha)))
    }

    /// `SubtensorModule.move_stake`: move `amount_alpha` between hotkeys and/or subnets.
    #[uniffi::constructor]
    pub fn move_stake(
        origin_hotkey_ss58: String,
        destination_hotkey_ss58: String,
        origin_netuid: u16,
        destination_netuid: u16,
        amount_alpha: u64,
    ) -> Result<Arc<Self>> {
        Ok(call(calls::move_stake(
            &account_id(&origin_hotkey_ss58)?,
            &account_id(&destination_hotkey_ss58)?,
            origin_netuid,
            destination_netuid,
            amount_alpha,
        )))
    }

    /// `SubtensorModule.unstake_all`: unstake everything from `hotkey_ss58` on every subnet.
    #[uniffi::constructor]
    pub fn unstake_all(hotkey_ss58: String) -> Result<Arc<Self>> {
        Ok(call(calls::unstake_all(&account_id(&hotkey_ss58)?)))
    }

    /// `SubtensorModule.burned_register`: register `hotkey_ss58` on `netuid` by burning the
    /// current registration cost.
    #[uniffi::constructor]
    pub fn burned_register(netuid: u16, hotkey_ss58: String) -> Result<Arc<Self>> {
        Ok(call(calls::burned_register(netuid, &account_id(&hotkey_ss58)?)))
    }

    /// `SubtensorModule.root_register`: register `hotkey_ss58` on the root network.
    #[uniffi::constructor]
    pub fn root_register(hotkey_ss58: String) -> Result<Arc<Self>> {
        Ok(call(calls::root_register(&account_id(&hotkey_ss58)?)))
    }

    /// `SubtensorModule.set_weights` (signed by the hotkey): u16-normalised `weights` for `uids`.
    #[uniffi::constructor]
    pub fn set_weights(netuid: u16, uids: Vec<u16>, weights: Vec<u16>, version_key: u64) -> Arc<Self> {
        call(calls::set_weights(netuid, &uids, &weights, version_key))
    }

    /// `SubtensorModule.serve_axon` (signed by the hotkey): publish the miner's endpoint.
    /// `ip` is an IPv4 or IPv6 address; `protocol` 4 = TCP.
    #[uniffi::constructor]
    pub fn serve_axon(netuid: u16, ip: String, port: u16, version: u32, protocol: u8) -> Result<Arc<Self>> {
        let ip: IpAddr = ip.trim().parse().map_err(|e: std::net::AddrParseError| TxError::BadArgument {
            call: "SubtensorModule.serve_axon".into(),
            arg: "ip".into(),
            reason: format!("{ip:?}: {e}"),
        })?;
        Ok(call(calls::serve_axon(netuid, &calls::Endpoint { ip, port, version, protocol })))
    }

    /// The pallet, such as `SubtensorModule`.
    pub fn pallet(&self) -> String {
        self.0.pallet.clone()
    }

    /// The call's name, such as `add_stake`.
    pub fn name(&self) -> String {
        self.0.name.clone()
    }

    /// `Pallet.call`.
    pub fn path(&self) -> String {
        self.0.path()
    }
}
