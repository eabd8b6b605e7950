//! Signing payloads and extrinsics (format v4): build, sign, attach an outside signature,
//! encode and decode.

use parity_scale_codec::{Compact, Decode, Encode};
use scale_value::Value;

use super::call::{decode_call, DecodedCall};
use super::extensions::{decode_extra, encode_extensions, ChainParams, Extensions, TxParams};
use super::{Call, MultiSignature, Signer, TxError};
use crate::chain::Metadata;

/// Signed extrinsic format v4: the top bit marks "signed".
const SIGNED_V4: u8 = 0b1000_0100;
const UNSIGNED_V4: u8 = 0b0000_0100;

/// What a signer signs: the call, the extensions' extra bytes and their implicit bytes. Holds
/// the parts apart so a wallet can show them and an offline signer can sign them.
#[derive(Debug, Clone, PartialEq)]
pub struct SigningPayload {
    pub call: Vec<u8>,
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
    pub signer: [u8; 32],
    pub signature: MultiSignature,
    /// Each extension's extra data, decoded.
    pub extensions: Vec<(String, Value<u32>)>,
}

/// An extrinsic decoded with metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedExtrinsic {
    pub signed: Option<SignedBy>,
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
