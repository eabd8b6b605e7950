//! Queries: what a wallet shows and a miner or validator checks, read from the chain and decoded
//! with layouts checked against the runtime's metadata, so that a runtime with another layout
//! gives a typed decode error, never a wrong number.
//!
//! This first slice has balances; stake, neurons, subnets, prices and delegates follow.

mod balance;
pub mod layout;

pub use balance::{balance, Balance};
