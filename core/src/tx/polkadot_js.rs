//! polkadot-js signer payloads: what dApps hand browser extensions to sign
//! (`SignerPayloadJSON` for transactions, `SignerPayloadRaw` for messages), read and written
//! exactly as `@polkadot/types` does, so taolight can sign for a dApp and produce payloads a
//! polkadot-js signer accepts.

use serde::{Deserialize, Serialize};

use super::extensions::{ChainParams, TxParams};
use super::{Era, MultiSignature, Signer, SigningPayload, TxError};
use crate::chain::{BlockHash, Metadata};
use crate::keys::ss58;

/// `SignerPayloadJSON` of `@polkadot/types` (numbers as big-endian hex of their type's width).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignerPayloadJson {
    /// The signer's SS58 address.
    pub address: String,
    /// `ChargeAssetTxPayment`'s asset (not used on Bittensor: `None`).
    #[serde(default)]
    pub asset_id: Option<serde_json::Value>,
    /// Hash of the era's birth block (hex).
    pub block_hash: String,
    /// Number of that block (hex).
    pub block_number: String,
    /// The SCALE-encoded era (hex).
    pub era: String,
    /// The genesis hash (hex).
    pub genesis_hash: String,
    /// The RFC-0078 metadata hash (hex) when `mode` is 1.
    #[serde(default)]
    pub metadata_hash: Option<String>,
    /// The SCALE-encoded call (hex).
    pub method: String,
    /// `CheckMetadataHash` mode: 0 off, 1 on.
    #[serde(default)]
    pub mode: Option<u8>,
    /// The nonce (hex).
    pub nonce: String,
    /// The extensions' identifiers in the metadata's order.
    pub signed_extensions: Vec<String>,
    /// The runtime's spec version (hex).
    pub spec_version: String,
    /// The tip in rao (hex).
    pub tip: String,
    /// The runtime's transaction version (hex).
    pub transaction_version: String,
    /// The extrinsic format version (4).
    pub version: u32,
    /// Whether the signer should return the signed transaction too (taolight writes `false`).
    #[serde(default)]
    pub with_signed_transaction: Option<bool>,
}

/// `SignerPayloadRaw`: a message to sign; `type` "bytes" is wrapped in `<Bytes>…</Bytes>` first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignerPayloadRaw {
    /// The signer's SS58 address.
    pub address: String,
    /// The message: `0x`-hex bytes, or text taken as UTF-8.
    pub data: String,
    /// `bytes` (wrapped before signing) or `payload` (signed as is).
    #[serde(rename = "type")]
    pub kind: String,
}

fn bad(field: &str, why: impl std::fmt::Display) -> TxError {
    TxError::decode(&format!("SignerPayloadJSON.{field}"), why)
}

fn hex_bytes(field: &str, s: &str) -> Result<Vec<u8>, TxError> {
    let h = s.strip_prefix("0x").ok_or_else(|| bad(field, "expected 0x-prefixed hex"))?;
    hex::decode(h).map_err(|e| bad(field, e))
}

/// A big-endian hex number of any width (polkadot-js pads to the type's width).
fn hex_number(field: &str, s: &str) -> Result<u128, TxError> {
    let h = s.strip_prefix("0x").ok_or_else(|| bad(field, "expected 0x-prefixed hex"))?;
    let h = h.trim_start_matches('0');
    if h.is_empty() {
        return Ok(0);
    }
    u128::from_str_radix(h, 16).map_err(|e| bad(field, e))
}

fn hash32(field: &str, s: &str) -> Result<[u8; 32], TxError> {
    hex_bytes(field, s)?
        .try_into()
        .map_err(|v: Vec<u8>| bad(field, format!("{} bytes, expected 32", v.len())))
}

fn narrow<T: TryFrom<u128>>(field: &str, n: u128) -> Result<T, TxError> {
    T::try_from(n).map_err(|_| bad(field, "out of range"))
}

impl SignerPayloadJson {
    /// The payload polkadot-js would hand a signer for these parts.
    pub fn new(
        chain: &ChainParams,
        params: &TxParams,
        call: &[u8],
        signer: &[u8; 32],
        block_number: u32,
        extensions: Vec<String>,
    ) -> SignerPayloadJson {
        SignerPayloadJson {
            address: ss58::encode(signer, 42),
            asset_id: None,
            block_hash: params.birth_hash.to_hex(),
            block_number: format!("0x{block_number:08x}"),
            era: format!("0x{}", hex::encode(params.era.encode())),
            genesis_hash: chain.genesis.to_hex(),
            metadata_hash: params.metadata_hash.map(|h| format!("0x{}", hex::encode(h))),
            method: format!("0x{}", hex::encode(call)),
            mode: Some(u8::from(params.metadata_hash.is_some())),
            nonce: format!("0x{:08x}", params.nonce),
            signed_extensions: extensions,
            spec_version: format!("0x{:08x}", chain.spec_version),
            tip: format!("0x{:032x}", params.tip),
            transaction_version: format!("0x{:08x}", chain.tx_version),
            version: 4,
            with_signed_transaction: Some(false),
        }
    }

    /// The signer's account id (from `address`, any SS58 prefix).
    pub fn signer(&self) -> Result<[u8; 32], TxError> {
        ss58::decode(&self.address)
            .map(|(id, _)| id)
            .map_err(|e| bad("address", e))
    }

    /// Read the parts back: the chain parameters, the transaction parameters and the call.
    pub fn parts(&self) -> Result<(ChainParams, TxParams, Vec<u8>), TxError> {
        if self.version != 4 {
            return Err(bad("version", format!("{} (only 4 is supported)", self.version)));
        }
        let era = Era::decode(&mut &hex_bytes("era", &self.era)?[..])?;
        let metadata_hash = match (self.mode.unwrap_or(0), &self.metadata_hash) {
            (0, _) => None,
            (1, Some(h)) => Some(hash32("metadataHash", h)?),
            (1, None) => return Err(bad("metadataHash", "mode 1 needs the hash")),
            (m, _) => return Err(bad("mode", format!("{m}"))),
        };
        let chain = ChainParams {
            genesis: BlockHash(hash32("genesisHash", &self.genesis_hash)?),
            spec_version: narrow("specVersion", hex_number("specVersion", &self.spec_version)?)?,
            tx_version: narrow(
                "transactionVersion",
                hex_number("transactionVersion", &self.transaction_version)?,
            )?,
        };
        let params = TxParams {
            nonce: narrow("nonce", hex_number("nonce", &self.nonce)?)?,
            tip: narrow("tip", hex_number("tip", &self.tip)?)?,
            era,
            birth_hash: BlockHash(hash32("blockHash", &self.block_hash)?),
            metadata_hash,
        };
        Ok((chain, params, hex_bytes("method", &self.method)?))
    }

    /// The signing payload, checked against the runtime: the extension list must be the one
    /// the metadata gives (a signer that signs for other extensions signs something else).
    pub fn to_signing_payload(&self, metadata: &Metadata) -> Result<SigningPayload, TxError> {
        let ours: Vec<String> = metadata.extensions().into_iter().map(|e| e.identifier).collect();
        if ours != self.signed_extensions {
            return Err(bad(
                "signedExtensions",
                format!("{:?} differ from the runtime's {:?}", self.signed_extensions, ours),
            ));
        }
        let (chain, params, call) = self.parts()?;
        // The call must decode with this metadata: never sign bytes we cannot show.
        super::decode_call(metadata, &mut &call[..])?;
        SigningPayload::from_call_bytes(metadata, &chain, call, &params)
    }

    /// Sign as a polkadot-js extension does: the result's `signature` is the SCALE
    /// `MultiSignature` (kind byte ‖ 64 bytes) as hex.
    pub fn sign(&self, metadata: &Metadata, signer: &dyn Signer) -> Result<String, TxError> {
        if self.signer()? != signer.account_id() {
            return Err(bad("address", "is not the signer's account"));
        }
        let payload = self.to_signing_payload(metadata)?;
        let sig: MultiSignature = signer.sign(&payload.to_sign());
        Ok(format!("0x{}", hex::encode(sig.encode())))
    }
}

impl SignerPayloadRaw {
    /// The bytes to sign: `data`, wrapped in `<Bytes>…</Bytes>` when `type` is "bytes" (as the
    /// polkadot-js extension does for `signRaw`).
    pub fn message(&self) -> Result<Vec<u8>, TxError> {
        let data = match self.data.strip_prefix("0x") {
            Some(h) => hex::decode(h).map_err(|e| TxError::decode("SignerPayloadRaw.data", e))?,
            None => self.data.as_bytes().to_vec(),
        };
        match self.kind.as_str() {
            "bytes" => Ok(crate::keys::wrap_bytes(&data)),
            "payload" => Ok(data),
            k => Err(TxError::decode("SignerPayloadRaw.type", format!("{k:?}"))),
        }
    }

    /// Sign: the 64-byte signature as hex, without a kind byte (what `signRaw` returns).
    pub fn sign(&self, signer: &dyn Signer) -> Result<String, TxError> {
        let (id, _) = ss58::decode(&self.address).map_err(|e| TxError::decode("SignerPayloadRaw.address", e))?;
        if id != signer.account_id() {
            return Err(TxError::decode("SignerPayloadRaw.address", "is not the signer's account"));
        }
        let sig = signer.sign(&self.message()?);
        let (_, raw) = sig.parts();
        Ok(format!("0x{}", hex::encode(raw.0)))
    }
}
