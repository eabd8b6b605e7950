//! Account balances (`System.Account`).

use parity_scale_codec::Decode;

use super::layout::{check, Shape};
use crate::chain::{system_account_key, BlockHash, ChainError, Client};

/// `frame_system::AccountInfo<u32, pallet_balances::AccountData<u64>>` as subtensor stores it.
const ACCOUNT_INFO: Shape = Shape::Struct(&[
    ("nonce", Shape::U32),
    ("consumers", Shape::U32),
    ("providers", Shape::U32),
    ("sufficients", Shape::U32),
    ("data", Shape::Struct(&[("free", Shape::U64), ("reserved", Shape::U64), ("frozen", Shape::U64), ("flags", Shape::U128)])),
]);

#[derive(Decode)]
struct AccountInfo {
    nonce: u32,
    _consumers: u32,
    _providers: u32,
    _sufficients: u32,
    free: u64,
    reserved: u64,
    frozen: u64,
    _flags: u128,
}

/// An account's balance, in rao (1 TAO = 10⁹ rao).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Balance {
    /// Free balance.
    pub free: u64,
    /// Reserved balance.
    pub reserved: u64,
    /// Frozen part of the free balance (locks).
    pub frozen: u64,
    /// What can be sent: free minus frozen.
    pub transferable: u64,
    /// The account's next transaction index.
    pub nonce: u32,
}

/// The balance of `account` at block `at` (the finalized block when `None`). An account that
/// does not exist has a zero balance.
pub async fn balance(client: &Client, account: &[u8; 32], at: Option<BlockHash>) -> Result<Balance, ChainError> {
    let metadata = client.metadata().await?;
    let (registry, id) = metadata
        .storage_value_type("System", "Account")
        .ok_or_else(|| ChainError::Decode("the runtime has no System.Account storage".into()))?;
    check(registry, id, &ACCOUNT_INFO, "System.Account")?;
    let Some(bytes) = client.storage(&system_account_key(account), at).await? else {
        return Ok(Balance::default());
    };
    let info = AccountInfo::decode(&mut &bytes[..]).map_err(|e| ChainError::decode("System.Account", e))?;
    Ok(Balance {
        free: info.free,
        reserved: info.reserved,
        frozen: info.frozen,
        transferable: info.free.saturating_sub(info.frozen),
        nonce: info.nonce,
    })
}
