//! taolight: an embedded light client and wallet library for Bittensor.
//!
//! The core is a plain Rust library: it knows nothing of FFI, JavaScript or printing.
//! The fronts (`taolight-ffi` for Kotlin/Swift/Python, `taolight-wasm` for browsers and Node,
//! and the `taolight` CLI) are thin adapters over the modules below.
//!
//! - [`keys`]: BIP39 mnemonics, secret URIs, sr25519/ed25519 key pairs, SS58, signatures.
//! - [`keyfile`]: Bittensor wallet directories and keyfiles, polkadot-js JSON accounts.
//! - [`chain`]: the chain client (JSON-RPC backend; natively, and on wasm32 with the cargo
//!   feature `wasm-client`) and metadata.
//! - [`query`]: balances (first slice of the status queries).
//! - [`tx`]: metadata-driven transactions: calls, extensions, signing, fees, submission.
//! - [`types`]: amounts in rao and TAO, parsed and printed exactly.
//! - [`keystore`]: keys kept in secure storage the app owns (Keychain, Android Keystore).
//! - [`logging`]: log records (the core's, smoldot's, jsonrpsee's) handed to the app's sink.

#![warn(missing_docs)]

pub mod chain;
#[cfg(any(not(target_arch = "wasm32"), feature = "wasm-client"))]
pub mod query;
pub mod tx;
pub mod types;
pub mod error;
pub mod keyfile;
pub mod keys;
pub mod keystore;
pub mod logging;
mod secret;
#[cfg(any(not(target_arch = "wasm32"), feature = "wasm-client"))]
mod platform;

pub use error::{Error, ErrorKind};
pub use secret::SecretString;

/// Result type used across the core.
pub type Result<T, E = Error> = core::result::Result<T, E>;
