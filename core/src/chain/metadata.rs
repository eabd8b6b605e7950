//! Runtime metadata: decoded once per runtime version (platform-independent, no I/O).

use frame_metadata::{RuntimeMetadata, RuntimeMetadataPrefixed};
use parity_scale_codec::Decode;

use super::ChainError;

/// Decoded runtime metadata (V14 or V15) with the runtime version it belongs to.
pub struct Metadata {
    spec_version: u32,
    raw: Vec<u8>,
    decoded: RuntimeMetadataPrefixed,
}

impl std::fmt::Debug for Metadata {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metadata")
            .field("spec_version", &self.spec_version)
            .field("version", &self.version())
            .field("bytes", &self.raw.len())
            .finish()
    }
}

/// A pallet as the metadata describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PalletInfo {
    pub name: String,
    pub index: u8,
}

impl Metadata {
    /// Decode `RuntimeMetadataPrefixed` bytes (magic `meta` ‖ version ‖ metadata).
    pub fn decode(spec_version: u32, raw: Vec<u8>) -> Result<Metadata, ChainError> {
        let decoded = RuntimeMetadataPrefixed::decode(&mut &raw[..])
            .map_err(|e| ChainError::decode("metadata", e))?;
        if decoded.0 != frame_metadata::META_RESERVED {
            return Err(ChainError::decode(
                "metadata",
                "missing the `meta` magic number",
            ));
        }
        match decoded.1 {
            RuntimeMetadata::V14(_) | RuntimeMetadata::V15(_) => {}
            _ => {
                return Err(ChainError::Unsupported(format!(
                    "metadata version {} (V14 and V15 are supported)",
                    decoded.1.version()
                )))
            }
        }
        Ok(Metadata {
            spec_version,
            raw,
            decoded,
        })
    }

    /// The runtime's spec_version this metadata was fetched for.
    pub fn spec_version(&self) -> u32 {
        self.spec_version
    }

    /// The metadata format version (14 or 15).
    pub fn version(&self) -> u32 {
        self.decoded.1.version()
    }

    /// The SCALE bytes as the node returned them (`RuntimeMetadataPrefixed`).
    pub fn raw(&self) -> &[u8] {
        &self.raw
    }

    /// The decoded frame-metadata structure.
    pub fn frame(&self) -> &RuntimeMetadata {
        &self.decoded.1
    }

    /// All pallets with their indices.
    pub fn pallets(&self) -> Vec<PalletInfo> {
        match &self.decoded.1 {
            RuntimeMetadata::V14(m) => m
                .pallets
                .iter()
                .map(|p| PalletInfo {
                    name: p.name.clone(),
                    index: p.index,
                })
                .collect(),
            RuntimeMetadata::V15(m) => m
                .pallets
                .iter()
                .map(|p| PalletInfo {
                    name: p.name.clone(),
                    index: p.index,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The index of a pallet by name.
    pub fn pallet_index(&self, name: &str) -> Option<u8> {
        self.pallets()
            .into_iter()
            .find(|p| p.name == name)
            .map(|p| p.index)
    }

    /// Runtime API trait names (V15 only; empty for V14, which does not list them).
    pub fn runtime_apis(&self) -> Vec<String> {
        match &self.decoded.1 {
            RuntimeMetadata::V15(m) => m.apis.iter().map(|a| a.name.clone()).collect(),
            _ => Vec::new(),
        }
    }
}

impl Metadata {
    /// The type registry and the value type id of storage item `pallet.entry`, or `None` when the
    /// runtime has no such item.
    pub fn storage_value_type(&self, pallet: &str, entry: &str) -> Option<(&scale_info::PortableRegistry, u32)> {
        use frame_metadata::v14::StorageEntryType as T14;
        use frame_metadata::v15::StorageEntryType as T15;
        match &self.decoded.1 {
            RuntimeMetadata::V14(m) => {
                let e = m.pallets.iter().find(|p| p.name == pallet)?.storage.as_ref()?.entries.iter().find(|e| e.name == entry)?;
                let id = match &e.ty {
                    T14::Plain(t) => t.id,
                    T14::Map { value, .. } => value.id,
                };
                Some((&m.types, id))
            }
            RuntimeMetadata::V15(m) => {
                let e = m.pallets.iter().find(|p| p.name == pallet)?.storage.as_ref()?.entries.iter().find(|e| e.name == entry)?;
                let id = match &e.ty {
                    T15::Plain(t) => t.id,
                    T15::Map { value, .. } => value.id,
                };
                Some((&m.types, id))
            }
            _ => None,
        }
    }
}
