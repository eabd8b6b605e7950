//! Signing payloads and extrinsics (format v4): build, sign, attach an outside signature,
//! encode and decode.

use parity_scale_codec::{Compact, Decode, Encode};
use scale_value::Value;

use super::call::{decode_call, DecodedCall};
use super::extensions::{decode_extra, encode_extensions, ChainParams, Extensions, TxParams};
use super::{Call, Era, MultiSignature, Signer, TxError};
use crate::chain::Metadata;

/// Signed extrinsic format v4: the top bit marks "signed".
const SIGNED_V4: u8 = 0b1000_0100;
const UNSIGNED_V4: u8 = 0b0000_0100;

/// What a signer signs: the call, the extensions' extra bytes and their implicit bytes. Holds
/// the parts apart so a wallet can show them and an offline signer can sign them.
#[derive(Debug, Clone, PartialEq)]
pub struct SigningPayload {
    /// The SCALE-encoded call.
    pub call: Vec<u8>,
    /// Every extension's bytes.
    pub extensions: Extensions,
}

impl SigningPayload {
    /// Encode `call` and every extension for these parameters.
    pub fn new(
        metadata: &Metadata,
        chain: &ChainParams,
        call: &Call,
        params: &TxParams,
    ) -> Result<SigningPayload, TxError> {
        Self::from_call_bytes(metadata, chain, call.encode(metadata)?, params)
    }

    /// As [`SigningPayload::new`] for an already encoded call.
    pub fn from_call_bytes(
        metadata: &Metadata,
        chain: &ChainParams,
        call: Vec<u8>,
        params: &TxParams,
    ) -> Result<SigningPayload, TxError> {
        if metadata.extrinsic_version() != 4 {
            return Err(TxError::NotSupportedByRuntime(format!(
                "extrinsic version {}",
                metadata.extrinsic_version()
            )));
        }
        Ok(SigningPayload {
            call,
            extensions: encode_extensions(metadata, chain, params)?,
        })
    }

    /// call ‖ extra ‖ implicit: what polkadot-js calls the signing payload (`toU8a`).
    pub fn bytes(&self) -> Vec<u8> {
        let mut out = self.call.clone();
        out.extend(self.extensions.extra());
        out.extend(self.extensions.implicit());
        out
    }

    /// The bytes actually signed: the payload, or its blake2-256 when longer than 256 bytes.
    pub fn to_sign(&self) -> Vec<u8> {
        let bytes = self.bytes();
        if bytes.len() > 256 {
            sp_crypto_hashing::blake2_256(&bytes).to_vec()
        } else {
            bytes
        }
    }

    /// Sign with `signer` and assemble the extrinsic.
    pub fn sign(&self, signer: &dyn Signer) -> Extrinsic {
        let signature = signer.sign(&self.to_sign());
        self.assemble(&signer.account_id(), &signature)
    }

    /// Attach a signature made elsewhere (air-gapped signer, hardware wallet), checking it.
    pub fn attach(
        &self,
        signer: &[u8; 32],
        signature: &MultiSignature,
    ) -> Result<Extrinsic, TxError> {
        if !signature.verify(&self.to_sign(), signer) {
            return Err(TxError::BadSignature(
                "the signature does not verify for this payload and signer".into(),
            ));
        }
        Ok(self.assemble(signer, signature))
    }

    #[cfg(any(not(target_arch = "wasm32"), feature = "wasm-client"))]
    pub(crate) fn assemble_public(&self, signer: &[u8; 32], signature: &MultiSignature) -> Extrinsic {
        self.assemble(signer, signature)
    }

    fn assemble(&self, signer: &[u8; 32], signature: &MultiSignature) -> Extrinsic {
        let mut body = Vec::with_capacity(1 + 33 + 65 + self.call.len() + 16);
        body.push(SIGNED_V4);
        body.push(0); // MultiAddress::Id
        body.extend_from_slice(signer);
        body.extend(signature.encode());
        body.extend(self.extensions.extra());
        body.extend_from_slice(&self.call);
        Extrinsic::from_body(body)
    }
}

/// An encoded extrinsic, with its compact length prefix (as nodes take and blocks hold it).
#[derive(Clone, PartialEq, Eq)]
pub struct Extrinsic {
    bytes: Vec<u8>,
}

impl std::fmt::Debug for Extrinsic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Extrinsic({})", self.to_hex())
    }
}

impl Extrinsic {
    fn from_body(body: Vec<u8>) -> Extrinsic {
        let mut bytes = Compact(body.len() as u32).encode();
        bytes.extend(body);
        Extrinsic { bytes }
    }

    /// An unsigned (bare) extrinsic for a call.
    pub fn unsigned(call: &[u8]) -> Extrinsic {
        let mut body = vec![UNSIGNED_V4];
        body.extend_from_slice(call);
        Extrinsic::from_body(body)
    }

    /// Take encoded bytes (with the length prefix), checking that the prefix matches.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Extrinsic, TxError> {
        let mut input = &bytes[..];
        let len = Compact::<u32>::decode(&mut input)
            .map_err(|e| TxError::decode("extrinsic length", e))?
            .0 as usize;
        if input.len() != len {
            return Err(TxError::decode(
                "extrinsic",
                format!("length prefix says {len} bytes, {} follow", input.len()),
            ));
        }
        Ok(Extrinsic { bytes })
    }

    /// The encoded bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// `0x` hex of the bytes.
    pub fn to_hex(&self) -> String {
        format!("0x{}", hex::encode(&self.bytes))
    }

    /// The transaction hash (blake2-256 of the bytes), as nodes and explorers show it.
    pub fn hash(&self) -> [u8; 32] {
        sp_crypto_hashing::blake2_256(&self.bytes)
    }
}

/// The signature part of a decoded extrinsic.
#[derive(Debug, Clone, PartialEq)]
pub struct SignedBy {
    /// The signer's account id (public key).
    pub signer: [u8; 32],
    /// The signature over the signing payload.
    pub signature: MultiSignature,
    /// Each extension's extra data, decoded.
    pub extensions: Vec<(String, Value<u32>)>,
}

/// An extrinsic decoded with metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedExtrinsic {
    /// `None` for an unsigned extrinsic.
    pub signed: Option<SignedBy>,
    /// The call.
    pub call: DecodedCall,
}

/// Decode an extrinsic (with or without its length prefix).
pub fn decode_extrinsic(metadata: &Metadata, bytes: &[u8]) -> Result<DecodedExtrinsic, TxError> {
    let mut input = bytes;
    // With a length prefix the first byte is a compact length, not a version byte; try that
    // reading first, and accept the bare form when the prefix does not fit.
    if let Ok(Compact(len)) = Compact::<u32>::decode(&mut input) {
        if input.len() != len as usize {
            input = bytes;
        }
    } else {
        input = bytes;
    }
    let (&version, rest) = input
        .split_first()
        .ok_or_else(|| TxError::decode("extrinsic", "no bytes"))?;
    input = rest;
    let signed = match version {
        SIGNED_V4 => {
            let (&addr_kind, rest) = input
                .split_first()
                .ok_or_else(|| TxError::decode("extrinsic address", "no bytes"))?;
            if addr_kind != 0 {
                return Err(TxError::decode(
                    "extrinsic address",
                    format!("MultiAddress kind {addr_kind} (only Id is supported)"),
                ));
            }
            let signer: [u8; 32] = rest
                .get(..32)
                .and_then(|s| s.try_into().ok())
                .ok_or_else(|| TxError::decode("extrinsic address", "truncated"))?;
            input = &rest[32..];
            let signature = MultiSignature::decode(&mut input)?;
            let extensions = decode_extra(metadata, &mut input)?;
            Some(SignedBy {
                signer,
                signature,
                extensions,
            })
        }
        UNSIGNED_V4 => None,
        v => {
            return Err(TxError::decode(
                "extrinsic",
                format!("version byte {v:#04x} (v4 signed 0x84 or unsigned 0x04 expected)"),
            ))
        }
    };
    let call = decode_call(metadata, &mut input)?;
    if !input.is_empty() {
        return Err(TxError::decode(
            "extrinsic",
            format!("{} bytes left after the call", input.len()),
        ));
    }
    Ok(DecodedExtrinsic { signed, call })
}

/// A signing payload shown to a person before they sign: the call and every extension,
/// decoded with the metadata, as values and as text.
#[derive(Debug, Clone, PartialEq)]
pub struct PayloadDescription {
    /// The call, decoded.
    pub call: DecodedCall,
    /// The call as readable text: `SubtensorModule.add_stake(hotkey: 5F…, netuid: 1, …)`.
    pub call_text: String,
    /// Each extension that adds data: its identifier and readable text of what it adds
    /// (`signs …` for data that is signed but not sent).
    pub extensions: Vec<(String, String)>,
}

impl std::fmt::Display for PayloadDescription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "call: {}", self.call_text)?;
        for (name, text) in &self.extensions {
            writeln!(f, "{name}: {text}")?;
        }
        Ok(())
    }
}

impl DecodedCall {
    /// Readable text with the metadata's types (SS58 accounts, hex bytes).
    pub fn to_text(&self, metadata: &Metadata) -> String {
        let args: Vec<String> = self
            .args
            .iter()
            .map(|(n, v)| format!("{n}: {}", super::value::show(v, metadata.types())))
            .collect();
        format!("{}.{}({})", self.pallet, self.name, args.join(", "))
    }
}

impl SigningPayload {
    /// Decode the call and every extension's data for display (what an air-gapped signer or a
    /// wallet shows before signing).
    pub fn describe(&self, metadata: &Metadata) -> Result<PayloadDescription, TxError> {
        let mut call_input = &self.call[..];
        let call = decode_call(metadata, &mut call_input)?;
        let types = metadata.extensions();
        let mut extensions = Vec::new();
        for (part, ty) in self.extensions.parts.iter().zip(types) {
            let decode = |bytes: &[u8], id: u32| -> Result<Option<String>, TxError> {
                if bytes.is_empty() {
                    return Ok(None);
                }
                super::value::decode_value(&mut &bytes[..], id, metadata.types())
                    .map(|v| Some(super::value::show(&v, metadata.types())))
                    .map_err(|e| TxError::decode(&format!("extension {}", part.identifier), e))
            };
            let extra = if matches!(part.identifier.as_str(), "CheckMortality" | "CheckEra") {
                match Era::decode(&mut &part.extra[..])? {
                    Era::Immortal => Some("immortal".to_string()),
                    Era::Mortal { period, phase } => {
                        Some(format!("mortal for {period} blocks (phase {phase})"))
                    }
                }
            } else {
                decode(&part.extra, ty.extra)?
            };
            let text = match (extra, decode(&part.implicit, ty.implicit)?) {
                (None, None) => continue,
                (Some(e), None) => e,
                (None, Some(i)) => format!("signs {i}"),
                (Some(e), Some(i)) => format!("{e}, signs {i}"),
            };
            extensions.push((part.identifier.clone(), text));
        }
        Ok(PayloadDescription {
            call_text: call.to_text(metadata),
            call,
            extensions,
        })
    }
}
