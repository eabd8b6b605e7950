//! `taolight-ffi`: the uniffi front of the taolight core for Kotlin, Swift and Python.
//!
//! A thin layer, in the manner of bdk-ffi and ldk-node: every exported item is a call into
//! [`taolight`] plus a conversion of types that cannot cross the FFI boundary as they are.
//! Nothing here decides anything the core does not already decide.
//!
//! - [`error`]: [`TaolightError`], derived in one place from `taolight::Error`.
//! - [`keys`]: [`Mnemonic`], [`Keypair`], signatures, SS58.
//! - [`keyfile`]: Bittensor wallet directories ([`Wallet`]) and polkadot-js JSON accounts.
//! - [`chain`]: the chain [`Client`] (heads, runtime version, balances, fees, sending) as real
//!   async functions on uniffi's tokio runtime.
//! - [`light`]: the embedded smoldot [`LightClient`] and the app's [`SyncProgressListener`].
//! - [`progress`]: [`progress::TxProgressListener`], the app's callback for a transaction's
//!   states while `Client::sign_and_submit_watching` waits.
//! - [`keystore`]: [`KeyStore`] over the app's [`SecureStorage`] callback (Keychain, Keystore).
//! - [`logging`]: [`set_logger`] with the app's [`Logger`] callback.
//! - [`query`]: status records (stake, neurons, subnets, metagraph, delegates) the client's
//!   query methods return.
//! - [`tx`]: [`Call`]s from the core's typed builders, [`TxOptions`], fees and [`TxOutcome`]s.
//!
//! Secrets cross the boundary only where the caller asks for them ([`Mnemonic::phrase`]).
//! Secrets coming in (phrases, URIs, passwords) are moved into `taolight::SecretString` on
//! arrival so that the Rust copy is wiped; the foreign language's own copy is out of our reach.
//!
//! Generate the foreign sources from the built library:
//! `cargo run -p taolight-uniffi-bindgen -- generate --library
//! <target>/debug/libtaolight_ffi.so --language python --out-dir <dir>` (see
//! `tests/bindings/python/run.sh`).

uniffi::setup_scaffolding!();

pub mod chain;
pub mod error;
pub mod keyfile;
pub mod keys;
pub mod keystore;
pub mod light;
pub mod logging;
pub mod progress;
pub mod query;
pub mod tx;

pub use chain::{Balance, Client, Head, RuntimeVersion};
pub use error::TaolightError;
pub use keyfile::{HotkeyInfo, PublicKey, Wallet, WalletInfo};
pub use keys::{DecodedAddress, Keypair, Mnemonic};
pub use keystore::{GeneratedKey, KeyStore, SecureStorage, StorageError, StoredKey};
pub use light::{LightClient, LightHealth, SyncProgressListener};
pub use logging::{set_logger, LogLevel, LogRecord, Logger};
pub use query::{Delegate, Metagraph, Neuron, NeuronStatus, Price, Registered, StakeList, StakePosition, Subnet};
pub use tx::{Call, Event, FeeEstimate, TxOptions, TxOutcome};
