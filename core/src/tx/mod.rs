//! Transactions: build, sign, estimate, submit and track them, driven by the runtime's metadata.
//!
//! - [`Call`]: pallet, call and named arguments as dynamic values, encoded with the metadata's
//!   types ([`calls`] has typed builders for transfers, staking, registration, weights, axons,
//!   delegate takes, child keys, `batch_all` and proxies).
//! - [`SigningPayload`]: call ‖ extensions' extra ‖ implicit, with every transaction extension
//!   the runtime lists ([`extensions`]); sign it here or elsewhere and [`SigningPayload::attach`].
//! - [`Extrinsic`] and [`decode_extrinsic`]: format v4, both ways.
//! - [`polkadot_js`]: `SignerPayloadJSON` / `SignerPayloadRaw`, read, written and signed as a
//!   polkadot-js extension does; [`SigningPayload::describe`] shows a payload before signing.
//! - [`events`]: `System.Events` decoded; a failed dispatch becomes [`TxError::Dispatch`] with
//!   the pallet error's name and docs.
//! - On native targets, [`crate::chain::Client`] gains `chain_params`, `next_nonce`,
//!   `signing_payload`, `create_signed`, `estimate_fee`, `submit`, `submit_and_watch` and
//!   `sign_and_submit` (module `submit`).
//!
//! Building and signing need no network: given metadata, [`ChainParams`] and [`TxParams`] they
//! are pure functions (used by the wasm front and by offline signers).
//!
//! A call encoded offline with the recorded spec-218 metadata:
//!
//! ```
//! use taolight::chain::Metadata;
//! use taolight::keys::{Keypair, Scheme};
//! use taolight::tx::{calls, decode_call};
//!
//! let raw = include_bytes!("../../tests/fixtures/metadata/spec218.scale").to_vec();
//! let metadata = Metadata::decode(218, raw)?;
//! let bob = Keypair::from_uri("//Bob", Scheme::Sr25519)?.public();
//! let call = calls::transfer_keep_alive(&bob.bytes, 1_000_000_000);
//! let bytes = call.encode(&metadata)?;
//! let decoded = decode_call(&metadata, &mut &bytes[..])?;
//! assert_eq!(decoded.path(), "Balances.transfer_keep_alive");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod call;
pub mod calls;
mod era;
mod error;
pub mod events;
pub mod extensions;
mod extrinsic;
pub mod metadata_hash;
pub mod polkadot_js;
mod signer;
mod value;

#[cfg(any(not(target_arch = "wasm32"), feature = "wasm-client"))]
mod submit;

pub use call::{decode_call, Call, DecodedCall};
pub use era::Era;
pub use error::TxError;
pub use events::{Event, Phase};
pub use extensions::{ChainParams, ExtensionPart, Extensions, TxParams};
pub use extrinsic::{
    decode_extrinsic, DecodedExtrinsic, Extrinsic, PayloadDescription, SignedBy, SigningPayload,
};
pub use polkadot_js::{SignerPayloadJson, SignerPayloadRaw};
pub use metadata_hash::{metadata_hash, MetadataHashInfo};
pub use signer::{MultiSignature, Signer};
pub use value::{account, multi_address, uint, uints, ValueExt};

#[cfg(any(not(target_arch = "wasm32"), feature = "wasm-client"))]
pub use submit::{FeeEstimate, TxOptions, TxOutcome, TxProgress, TxStatus, WaitFor};

/// Dynamic values (re-exported from `scale-value`) for [`Call`] arguments and decoded data.
pub use scale_value::Value;
/// The `scale-value` and `scale-info` crates behind [`Value`] and [`crate::chain::Metadata::types`],
/// for fronts that convert values to their own forms (the same versions the core uses).
pub use {scale_info, scale_value};
