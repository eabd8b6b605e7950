//! Transaction extensions ("signed extensions"): the list, its order and the types come from
//! the metadata; each known identifier is filled in exactly, and an unknown one is accepted only
//! when it adds no bytes (so a new runtime with a new data-less extension needs no code change).

use scale_info::{PortableRegistry, TypeDef};
use scale_value::Value;

use super::{Era, TxError};
use crate::chain::{BlockHash, Metadata};

/// What the chain fixes for every transaction: read from the node, never assumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChainParams {
    /// The genesis block hash.
    pub genesis: BlockHash,
    /// The runtime's spec version.
    pub spec_version: u32,
    /// The runtime's transaction version.
    pub tx_version: u32,
}

/// What the sender chooses for one transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TxParams {
    /// The sender's next nonce (`System.Account` nonce or `system_accountNextIndex`).
    pub nonce: u32,
    /// Tip in rao.
    pub tip: u64,
    /// How long the transaction stays valid.
    pub era: Era,
    /// The hash of the era's birth block, block number `era.birth(current)` (the current block
    /// itself for periods up to 4096); ignored for an immortal era (the genesis is used).
    pub birth_hash: BlockHash,
    /// `Some(hash)` turns CheckMetadataHash on with this RFC-0078 metadata hash.
    pub metadata_hash: Option<[u8; 32]>,
}

/// One extension's contribution, kept for display and for decoding checks.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtensionPart {
    /// The extension's identifier (`CheckNonce`, …).
    pub identifier: String,
    /// Bytes in the extrinsic.
    pub extra: Vec<u8>,
    /// Bytes only in the signed payload.
    pub implicit: Vec<u8>,
}

/// The extensions of one transaction, encoded.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Extensions {
    /// One part per extension, in the metadata's order.
    pub parts: Vec<ExtensionPart>,
}

impl Extensions {
    /// All extra bytes, in order (they go into the extrinsic).
    pub fn extra(&self) -> Vec<u8> {
        self.parts.iter().flat_map(|p| p.extra.iter().copied()).collect()
    }

    /// All implicit bytes, in order (signed, not sent).
    pub fn implicit(&self) -> Vec<u8> {
        self.parts.iter().flat_map(|p| p.implicit.iter().copied()).collect()
    }
}

/// Encode every extension the runtime lists.
pub fn encode_extensions(
    metadata: &Metadata,
    chain: &ChainParams,
    params: &TxParams,
) -> Result<Extensions, TxError> {
    let types = metadata.types();
    let list = metadata.extensions();
    if params.metadata_hash.is_some() && !list.iter().any(|e| e.identifier == "CheckMetadataHash") {
        return Err(TxError::NotSupportedByRuntime(
            "CheckMetadataHash (metadata hash mode)".into(),
        ));
    }
    let mut parts = Vec::with_capacity(list.len());
    for ext in list {
        let as_type = |v: Value, ty: u32| -> Result<Vec<u8>, TxError> {
            let mut out = Vec::new();
            scale_value::scale::encode_as_type(&v, ty, types, &mut out).map_err(|e| {
                TxError::BadArgument {
                    call: ext.identifier.clone(),
                    arg: "extension".into(),
                    reason: e.to_string(),
                }
            })?;
            Ok(out)
        };
        let (extra, implicit) = match ext.identifier.as_str() {
            "CheckSpecVersion" => (vec![], as_type(Value::u128(chain.spec_version.into()), ext.implicit)?),
            "CheckTxVersion" => (vec![], as_type(Value::u128(chain.tx_version.into()), ext.implicit)?),
            "CheckGenesis" => (vec![], chain.genesis.0.to_vec()),
            "CheckMortality" | "CheckEra" => {
                let birth = match params.era {
                    Era::Immortal => chain.genesis,
                    Era::Mortal { .. } => params.birth_hash,
                };
                (params.era.encode(), birth.0.to_vec())
            }
            "CheckNonce" => (as_type(Value::u128(params.nonce.into()), ext.extra)?, vec![]),
            "ChargeTransactionPayment" => (as_type(Value::u128(params.tip.into()), ext.extra)?, vec![]),
            "CheckMetadataHash" => match params.metadata_hash {
                None => (vec![0], vec![0]),
                Some(h) => {
                    let mut implicit = vec![1];
                    implicit.extend_from_slice(&h);
                    (vec![1], implicit)
                }
            },
            other => {
                if is_empty(types, ext.extra, 0) && is_empty(types, ext.implicit, 0) {
                    (vec![], vec![])
                } else {
                    return Err(TxError::UnsupportedExtension(other.to_string()));
                }
            }
        };
        parts.push(ExtensionPart {
            identifier: ext.identifier,
            extra,
            implicit,
        });
    }
    Ok(Extensions { parts })
}

/// Whether values of a type always encode to zero bytes (unit structs, empty tuples,
/// `PhantomData`, and composites of those).
pub(crate) fn is_empty(types: &PortableRegistry, ty: u32, depth: u32) -> bool {
    if depth > 16 {
        return false;
    }
    let Some(t) = types.resolve(ty) else {
        return false;
    };
    match &t.type_def {
        TypeDef::Composite(c) => c.fields.iter().all(|f| is_empty(types, f.ty.id, depth + 1)),
        TypeDef::Tuple(t) => t.fields.iter().all(|f| is_empty(types, f.id, depth + 1)),
        TypeDef::Array(a) => a.len == 0 || is_empty(types, a.type_param.id, depth + 1),
        _ => false,
    }
}

/// Decode the extra bytes of every extension (from an extrinsic) into values, for display.
pub fn decode_extra(
    metadata: &Metadata,
    input: &mut &[u8],
) -> Result<Vec<(String, Value<u32>)>, TxError> {
    let types: &PortableRegistry = metadata.types();
    let mut out = Vec::new();
    for ext in metadata.extensions() {
        let v = super::value::decode_value(input, ext.extra, types)
            .map_err(|e| TxError::decode(&format!("extension {}", ext.identifier), e))?;
        out.push((ext.identifier, v));
    }
    Ok(out)
}
