//! The RFC-0078 metadata hash that `CheckMetadataHash` signs when its mode is on (what
//! hardware wallets verify), computed with the `merkleized-metadata` crate.

use super::TxError;
use crate::chain::Metadata;

/// Chain facts that go into the metadata digest besides the metadata itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataHashInfo {
    /// The runtime's `spec_name`.
    pub spec_name: String,
    /// The runtime's `spec_version`.
    pub spec_version: u32,
    /// The SS58 address prefix (42).
    pub ss58_prefix: u16,
    /// Decimals of the native token (9).
    pub decimals: u8,
    /// The native token's symbol (`TAO`).
    pub token_symbol: String,
}

impl MetadataHashInfo {
    /// Bittensor's values ("TAO", 9 decimals, prefix 42) for a runtime version.
    pub fn bittensor(spec_name: &str, spec_version: u32) -> MetadataHashInfo {
        MetadataHashInfo {
            spec_name: spec_name.to_string(),
            spec_version,
            ss58_prefix: 42,
            decimals: 9,
            token_symbol: "TAO".into(),
        }
    }
}

/// The 32-byte metadata hash (needs V15 metadata).
pub fn metadata_hash(metadata: &Metadata, info: &MetadataHashInfo) -> Result<[u8; 32], TxError> {
    let digest = merkleized_metadata::generate_metadata_digest(
        metadata.frame(),
        merkleized_metadata::ExtraInfo {
            spec_version: info.spec_version,
            spec_name: info.spec_name.clone(),
            base58_prefix: info.ss58_prefix,
            decimals: info.decimals,
            token_symbol: info.token_symbol.clone(),
        },
    )
    .map_err(TxError::MetadataHash)?;
    Ok(digest.hash())
}
