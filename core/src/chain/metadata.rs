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
    /// The pallet's name (`SubtensorModule`, `Balances`, …).
    pub name: String,
    /// Its index: the first byte of its calls, events and errors.
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
        self.pallet_types()
            .into_iter()
            .map(|p| PalletInfo {
                name: p.name.to_string(),
                index: p.index,
            })
            .collect()
    }

    /// The index of a pallet by name.
    pub fn pallet_index(&self, name: &str) -> Option<u8> {
        self.pallet(name).map(|p| p.index)
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

/// A pallet's entries in the metadata: its index and the type ids of its calls, events and
/// errors (each a variant type in [`Metadata::types`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PalletTypes<'a> {
    /// The pallet's name.
    pub name: &'a str,
    /// Its index: the first byte of its calls, events and errors.
    pub index: u8,
    /// Type id of its call enum (`None` when it has no calls).
    pub calls: Option<u32>,
    /// Type id of its event enum (`None` when it emits none).
    pub event: Option<u32>,
    /// Type id of its error enum (`None` when it has none).
    pub error: Option<u32>,
}

/// A transaction extension ("signed extension") as the metadata lists it: the type of the
/// bytes it adds to the extrinsic and of the bytes it adds only to the signed payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionTypes {
    /// The extension's name (`CheckMortality`, `ChargeTransactionPayment`, …).
    pub identifier: String,
    /// Type id of the bytes it adds to the extrinsic.
    pub extra: u32,
    /// Type id of the bytes it adds to the signed payload only.
    pub implicit: u32,
}

/// One pallet's view from V14 or V15 metadata (the fields we use have the same shape).
macro_rules! pallet_types {
    ($p:expr) => {
        PalletTypes {
            name: &$p.name,
            index: $p.index,
            calls: $p.calls.as_ref().map(|c| c.ty.id),
            event: $p.event.as_ref().map(|c| c.ty.id),
            error: $p.error.as_ref().map(|c| c.ty.id),
        }
    };
}

impl Metadata {
    /// The type registry every type id of this metadata refers to.
    pub fn types(&self) -> &scale_info::PortableRegistry {
        match &self.decoded.1 {
            RuntimeMetadata::V14(m) => &m.types,
            RuntimeMetadata::V15(m) => &m.types,
            // `decode` admits only V14 and V15.
            _ => unreachable_registry(),
        }
    }

    /// Every pallet with its call, event and error types.
    pub fn pallet_types(&self) -> Vec<PalletTypes<'_>> {
        match &self.decoded.1 {
            RuntimeMetadata::V14(m) => m.pallets.iter().map(|p| pallet_types!(p)).collect(),
            RuntimeMetadata::V15(m) => m.pallets.iter().map(|p| pallet_types!(p)).collect(),
            _ => Vec::new(),
        }
    }

    /// A pallet by name.
    pub fn pallet(&self, name: &str) -> Option<PalletTypes<'_>> {
        self.pallet_types().into_iter().find(|p| p.name == name)
    }

    /// A pallet by its index.
    pub fn pallet_at(&self, index: u8) -> Option<PalletTypes<'_>> {
        self.pallet_types().into_iter().find(|p| p.index == index)
    }

    /// The extrinsic format version (4 for every runtime this library knows).
    pub fn extrinsic_version(&self) -> u8 {
        match &self.decoded.1 {
            RuntimeMetadata::V14(m) => m.extrinsic.version,
            RuntimeMetadata::V15(m) => m.extrinsic.version,
            _ => 0,
        }
    }

    /// The runtime's transaction extensions, in the order they are encoded.
    pub fn extensions(&self) -> Vec<ExtensionTypes> {
        macro_rules! list {
            ($e:expr) => {
                $e.iter()
                    .map(|s| ExtensionTypes {
                        identifier: s.identifier.clone(),
                        extra: s.ty.id,
                        implicit: s.additional_signed.id,
                    })
                    .collect()
            };
        }
        match &self.decoded.1 {
            RuntimeMetadata::V14(m) => list!(m.extrinsic.signed_extensions),
            RuntimeMetadata::V15(m) => list!(m.extrinsic.signed_extensions),
            _ => Vec::new(),
        }
    }

    /// The output type of runtime API `trait_name.method` (V15 metadata only).
    pub fn runtime_api_output(&self, trait_name: &str, method: &str) -> Option<u32> {
        match &self.decoded.1 {
            RuntimeMetadata::V15(m) => m
                .apis
                .iter()
                .find(|a| a.name == trait_name)?
                .methods
                .iter()
                .find(|f| f.name == method)
                .map(|f| f.output.id),
            _ => None,
        }
    }

    /// A pallet constant: its SCALE value and type id.
    pub fn constant(&self, pallet: &str, name: &str) -> Option<(&[u8], u32)> {
        macro_rules! find {
            ($m:expr) => {{
                let c = $m
                    .pallets
                    .iter()
                    .find(|p| p.name == pallet)?
                    .constants
                    .iter()
                    .find(|c| c.name == name)?;
                Some((&c.value[..], c.ty.id))
            }};
        }
        match &self.decoded.1 {
            RuntimeMetadata::V14(m) => find!(m),
            RuntimeMetadata::V15(m) => find!(m),
            _ => None,
        }
    }
}

fn unreachable_registry() -> &'static scale_info::PortableRegistry {
    static EMPTY: std::sync::OnceLock<scale_info::PortableRegistry> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| scale_info::PortableRegistry { types: Vec::new() })
}
