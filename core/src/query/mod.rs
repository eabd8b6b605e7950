//! Queries: what a wallet shows and a miner or validator checks, read from the chain and decoded
//! with layouts checked against the runtime's metadata, so that a runtime with another layout
//! gives a typed decode error, never a wrong number.
//!
//! - [`balance`]: free, reserved, frozen, transferable, nonce.
//! - [`stake`] / [`stake_for`]: positions per (hotkey, coldkey, netuid) in alpha and their TAO
//!   value at the subnet's price ([`Price`], an exact ratio), with totals.
//! - [`neuron_status`]: a hotkey on one subnet or on all of them: uid, scores, permit, stake,
//!   last update, immunity, endpoints, miner or validator.
//! - [`subnets`] / [`subnet`]: identity, owner, tempo, emission, burn, size, dynamic-TAO pool.
//! - [`metagraph`]: every neuron of a subnet (lite form) from one runtime call.
//! - [`delegates`] / [`delegate`]: take, nominators, stake, permits.
//! - [`decode`]: the wire structures and pure decoders over bytes (also for fuzzing, benches
//!   and the wasm front); [`layout`]: the metadata checks.
//!
//! Every query reads at one block (the finalized head), so its numbers are consistent.
//! Amounts are integers: TAO in rao, alpha in the subnet's 9-decimal units.

pub mod decode;
pub mod layout;
mod neuron_wire;
mod price;

#[cfg(any(not(target_arch = "wasm32"), feature = "wasm-client"))]
mod balance;
#[cfg(any(not(target_arch = "wasm32"), feature = "wasm-client"))]
mod delegate;
#[cfg(any(not(target_arch = "wasm32"), feature = "wasm-client"))]
mod metagraph;
#[cfg(any(not(target_arch = "wasm32"), feature = "wasm-client"))]
mod neuron;
#[cfg(any(not(target_arch = "wasm32"), feature = "wasm-client"))]
mod reader;
#[cfg(any(not(target_arch = "wasm32"), feature = "wasm-client"))]
mod stake;
#[cfg(any(not(target_arch = "wasm32"), feature = "wasm-client"))]
mod subnet;

pub use price::Price;

#[cfg(any(not(target_arch = "wasm32"), feature = "wasm-client"))]
pub use balance::{balance, Balance};
#[cfg(any(not(target_arch = "wasm32"), feature = "wasm-client"))]
pub use delegate::{delegate, delegates, Delegate};
#[cfg(any(not(target_arch = "wasm32"), feature = "wasm-client"))]
pub use metagraph::{metagraph, Metagraph};
#[cfg(any(not(target_arch = "wasm32"), feature = "wasm-client"))]
pub use neuron::{neuron_status, Neuron, NeuronStatus, Registered, Role, ServedEndpoint};
#[cfg(any(not(target_arch = "wasm32"), feature = "wasm-client"))]
pub use stake::{stake, stake_for, StakeList, StakePosition};
#[cfg(any(not(target_arch = "wasm32"), feature = "wasm-client"))]
pub use subnet::{subnet, subnets, Identity, Pool, Subnet};
