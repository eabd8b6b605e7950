//! `taolight-wasm`: the wasm-bindgen front of the taolight core for browsers, extensions and Node.
//!
//! A thin layer: every export is a call into [`taolight`] plus a conversion of types that cannot
//! cross into JavaScript as they are. Nothing here decides anything the core does not decide.
//!
//! - [`error`]: errors thrown as JavaScript `Error`s with `name = "TaolightError"`, a stable
//!   `code` (such as `key.unknown_word`), a coarse `kind` and the core's message; derived from
//!   `taolight::Error` in one place.
//! - [`keys`]: `Mnemonic`, `Keypair`, `verify`, SS58, `wrapBytes`.
//! - [`keyfile`]: Bittensor keyfile bytes (plain or `$NACL`-encrypted JSON) and polkadot-js JSON
//!   accounts. There is no file system here: callers store the bytes where they like.
//! - [`tx`]: transactions offline: `Metadata`, `buildSigningPayload` (calls as plain objects,
//!   see [`value`] for the argument convention) and typed builders, `SigningPayload` (describe,
//!   sign, attach), `decodeExtrinsic`, polkadot-js `SignerPayloadJSON`/`SignerPayloadRaw`.
//!
//! - [`panic`]: a panic (none is known) becomes a `TaolightError` of code `internal.panic` and a
//!   fresh instance, with the package's JavaScript layer (`wasm/js/guard.js`).
//! - [`signer`]: a polkadot-js injected `Signer` (`signPayload`, `signRaw`) over a `Keypair`.
//! - [`client`] (cargo feature `chain`): `Client.connect`, heads, runtime version, metadata,
//!   balance and status queries, fee estimates, `signAndSubmit` and `submitAndWatch` with status
//!   callbacks; Promises cancelled by an `AbortSignal`.
//!
//! Schemes are the strings `"sr25519"` (the default when omitted) and `"ed25519"`.
//! Build: `cargo build -p taolight-wasm --target wasm32-unknown-unknown --release`, then
//! `wasm-bindgen --target nodejs|web|bundler` (see `tests/bindings/node/run.sh`).

#[cfg(feature = "chain")]
pub mod client;
pub mod error;
pub mod keyfile;
pub mod keys;
pub mod panic;
pub mod signer;
pub mod tx;
pub mod value;

pub use error::Error;
pub use keys::{Keypair, Mnemonic};
pub use signer::Signer;
pub use tx::{Metadata, SigningPayload};
