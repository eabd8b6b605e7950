//! Transactions offline (`taolight::tx`): metadata, calls, signing payloads, signatures,
//! extrinsics and polkadot-js signer payloads, for browser extensions and web apps. Nothing here
//! touches the network: the caller brings the metadata bytes, the chain's genesis hash and
//! versions, the nonce and a recent block.
//!
//! Call arguments are plain JavaScript values converted by one convention (module `value`,
//! repeated in the TypeScript type `ArgValue`).

use taolight::chain::{BlockHash, Metadata as CoreMetadata};
use taolight::keys::{ss58, KeyError, Signature};
use taolight::tx::{
    self as core_tx, calls, ChainParams, Era, MetadataHashInfo, MultiSignature, SignerPayloadJson,
    SignerPayloadRaw, TxError, TxParams, ValueExt,
};
use wasm_bindgen::prelude::*;

use crate::error::Result;
use crate::keys::{scheme, Keypair};
use crate::value::{self, bad, get, set};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/**
 * A call argument. Integers: a safe-integer `number`, a `bigint` or a decimal string. Bytes:
 * a `Uint8Array` or a `0x` hex string. Account ids (`AccountId32`): an SS58 string. Sequences,
 * tuples and arrays: arrays. Structs: objects. Enum variants: an object with one key starting
 * with an upper-case letter, `{ Id: "5F…" }`, whose value is `null` (no fields), an object
 * (named fields; tuple fields by order) or the one field. Nested calls: `{ pallet, name, args }`.
 * Other strings are strings. The runtime's metadata decides whether the value fits the argument.
 */
export type ArgValue =
  | number | bigint | string | boolean | null | Uint8Array
  | ArgValue[] | CallSpec | { [field: string]: ArgValue };

/** A runtime call: `{ pallet: "Balances", name: "transfer_keep_alive", args: { dest, value } }`. */
export interface CallSpec {
  pallet: string;
  name: string;
  /** Arguments by the names the runtime's metadata gives them, in any order. */
  args: { [arg: string]: ArgValue };
}

/** What the chain fixes for every transaction (read from a node, never assumed). */
export interface ChainInfo {
  /** 32 bytes, `0x` hex or bytes. */
  genesisHash: string | Uint8Array;
  specVersion: number;
  txVersion: number;
}

/** What the sender chooses for one transaction. */
export interface TxOptions {
  nonce: number;
  /** Tip in rao (0 when omitted). */
  tip?: bigint | number | string;
  /** Mortality in blocks (rounded up to a power of two, 4..=65536); 64 when omitted; 0 = immortal. */
  eraPeriod?: number;
  /** The number of the block the transaction is made at (needed unless immortal). */
  blockNumber?: number;
  /** The hash of block `blockNumber` (needed unless immortal). */
  blockHash?: string | Uint8Array;
  /** An RFC-0078 metadata hash (`Metadata.metadataHash`): turns CheckMetadataHash on. */
  metadataHash?: string | Uint8Array;
}

/** `SignerPayloadJSON` of `@polkadot/types`: what a dApp hands an extension's `signPayload`. */
export interface SignerPayloadJSON {
  address: string;
  assetId?: unknown;
  blockHash: string;
  blockNumber: string;
  era: string;
  genesisHash: string;
  metadataHash?: string | null;
  method: string;
  mode?: number;
  nonce: string;
  signedExtensions: string[];
  specVersion: string;
  tip: string;
  transactionVersion: string;
  version: number;
  withSignedTransaction?: boolean;
}

/** `SignerPayloadRaw` of `@polkadot/types`: what a dApp hands an extension's `signRaw`. */
export interface SignerPayloadRaw {
  address: string;
  /** `0x` hex, or text. */
  data: string;
  /** `"bytes"` signs `<Bytes>data</Bytes>`; `"payload"` signs the data as is. */
  type: "bytes" | "payload";
}

/** An extrinsic decoded with metadata. */
export interface DecodedExtrinsic {
  pallet: string;
  name: string;
  /** Readable: `Balances.transfer_keep_alive(dest: Id(5FHne…), value: 12000000345)`. */
  text: string;
  /** Arguments in the `ArgValue` convention (integers as bigint, accounts as SS58, bytes as hex). */
  args: { [arg: string]: ArgValue };
  /** Signed extrinsics only: */
  signer?: string;
  signerPublicKey?: Uint8Array;
  scheme?: Scheme;
  /** The 64 signature bytes (without the MultiSignature kind byte). */
  signature?: Uint8Array;
  nonce?: number;
  tip?: bigint;
}
"#;

/// Decoded runtime metadata (V14 or V15) for one runtime version. Call `free()` when done.
/// (Shared with the `Client` that fetched it, when it came from one.)
#[wasm_bindgen]
pub struct Metadata(pub(crate) std::sync::Arc<CoreMetadata>);

#[wasm_bindgen]
impl Metadata {
    /// Decodes `RuntimeMetadataPrefixed` bytes (what `state_getMetadata` returns, or
    /// `Metadata_metadata_at_version(15)` unwrapped) for runtime `specVersion`.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(
        #[wasm_bindgen(js_name = specVersion)] spec_version: u32,
        bytes: Vec<u8>,
    ) -> Result<Metadata> {
        Ok(Self(std::sync::Arc::new(CoreMetadata::decode(spec_version, bytes)?)))
    }

    /// The runtime's spec version given to `fromBytes`.
    #[wasm_bindgen(getter, js_name = specVersion)]
    pub fn spec_version(&self) -> u32 {
        self.0.spec_version()
    }

    /// The metadata format version (14 or 15).
    #[wasm_bindgen(getter)]
    pub fn version(&self) -> u32 {
        self.0.version()
    }

    /// The runtime's transaction extensions, in encoding order (`signedExtensions`).
    pub fn extensions(&self) -> Vec<String> {
        self.0.extensions().into_iter().map(|e| e.identifier).collect()
    }

    /// Whether the runtime has the call `pallet.name`.
    #[wasm_bindgen(js_name = hasCall)]
    pub fn has_call(&self, pallet: String, name: String) -> bool {
        core_tx::Call::new(pallet, name).is_supported(&self.0)
    }

    /// The RFC-0078 metadata hash with Bittensor's token facts (TAO, 9 decimals, SS58 42) for
    /// `specName` (`"node-subtensor"`) and this metadata's spec version; V15 metadata only.
    #[wasm_bindgen(js_name = metadataHash)]
    pub fn metadata_hash(&self, #[wasm_bindgen(js_name = specName)] spec_name: &str) -> Result<Vec<u8>> {
        let info = MetadataHashInfo::bittensor(spec_name, self.0.spec_version());
        Ok(core_tx::metadata_hash(&self.0, &info)?.to_vec())
    }
}

/// What a signer signs for one transaction: the call and every transaction extension, encoded.
#[wasm_bindgen]
pub struct SigningPayload(core_tx::SigningPayload);

#[wasm_bindgen]
impl SigningPayload {
    /// call ‖ extra ‖ implicit (what polkadot-js calls the signing payload).
    pub fn bytes(&self) -> Vec<u8> {
        self.0.bytes()
    }

    /// The bytes actually signed: `bytes()`, or their blake2-256 when longer than 256 bytes.
    #[wasm_bindgen(js_name = toSign)]
    pub fn to_sign(&self) -> Vec<u8> {
        self.0.to_sign()
    }

    /// The encoded call alone.
    #[wasm_bindgen(getter)]
    pub fn call(&self) -> Vec<u8> {
        self.0.call.clone()
    }

    /// The call and every extension decoded for a person to read before signing, one per line:
    /// `call: Balances.transfer_keep_alive(dest: Id(5FHne…), value: 12000000345)`, …
    pub fn describe(&self, metadata: &Metadata) -> Result<String> {
        Ok(self.0.describe(&metadata.0)?.to_string())
    }

    /// Signs with `keypair` and returns the signed extrinsic as `0x` hex (ready for
    /// `author_submitExtrinsic`).
    pub fn sign(&self, keypair: &Keypair) -> String {
        self.0.sign(&keypair.0).to_hex()
    }

    /// Attaches a signature made elsewhere (hardware wallet, air-gapped signer, extension) after
    /// checking it: `signature` is a 65-byte SCALE MultiSignature, or 64 bytes made with `scheme`
    /// (`"sr25519"` when omitted). Returns the extrinsic as `0x` hex.
    pub fn attach(
        &self,
        signer: &[u8],
        signature: &[u8],
        #[wasm_bindgen(unchecked_optional_param_type = "Scheme")] scheme: Option<String>,
    ) -> Result<String> {
        let signer: [u8; 32] = signer.try_into().map_err(|_| KeyError::InvalidPublicKey)?;
        let signature = match signature.len() {
            65 => MultiSignature::decode(&mut &signature[..])?,
            64 => MultiSignature::from_parts(self::scheme(scheme)?, Signature::from_bytes(signature)?),
            n => {
                return Err(TxError::BadSignature(format!(
                    "{n} bytes: expected a 65-byte MultiSignature or 64 bytes with a scheme"
                ))
                .into())
            }
        };
        Ok(self.0.attach(&signer, &signature)?.to_hex())
    }
}

/// A JS number/bigint/string field as an integer of type `T` (`what` names it in errors).
fn field_uint<T: TryFrom<u128>>(obj: &JsValue, key: &str, what: &str, default: Option<T>) -> Result<T, TxError> {
    let js = get(obj, key);
    if js.is_undefined() || js.is_null() {
        return default.ok_or_else(|| bad(what, key, "missing"));
    }
    value::uint_as(&js).map_err(|r| bad(what, key, r))
}

fn field_hash(obj: &JsValue, key: &str, what: &str) -> Result<Option<[u8; 32]>, TxError> {
    let js = get(obj, key);
    if js.is_undefined() || js.is_null() {
        return Ok(None);
    }
    let bytes = value::bytes(&js).map_err(|r| bad(what, key, r))?;
    let n = bytes.len();
    bytes
        .try_into()
        .map(Some)
        .map_err(|_| bad(what, key, format!("{n} bytes, expected 32")))
}

fn chain_params(chain: &JsValue) -> Result<ChainParams, TxError> {
    const WHAT: &str = "chain";
    Ok(ChainParams {
        genesis: BlockHash(field_hash(chain, "genesisHash", WHAT)?.ok_or_else(|| bad(WHAT, "genesisHash", "missing"))?),
        spec_version: field_uint(chain, "specVersion", WHAT, None)?,
        tx_version: field_uint(chain, "txVersion", WHAT, None)?,
    })
}

/// The transaction parameters and the block number they were made at.
fn tx_params(params: &JsValue) -> Result<(TxParams, u32), TxError> {
    const WHAT: &str = "params";
    let period: u64 = field_uint(params, "eraPeriod", WHAT, Some(64))?;
    let block_number: u32 = field_uint(params, "blockNumber", WHAT, (period == 0).then_some(0))?;
    let block_hash = field_hash(params, "blockHash", WHAT)?;
    let (era, birth_hash, number) = if period == 0 {
        (Era::Immortal, block_hash.unwrap_or_default(), block_number)
    } else {
        let number = block_number;
        let hash = block_hash.ok_or_else(|| bad(WHAT, "blockHash", "missing (needed for a mortal era)"))?;
        (Era::mortal(period, number.into())?, hash, number)
    };
    let params = TxParams {
        nonce: field_uint(params, "nonce", WHAT, None)?,
        tip: field_uint(params, "tip", WHAT, Some(0))?,
        era,
        birth_hash: BlockHash(birth_hash),
        metadata_hash: field_hash(params, "metadataHash", WHAT)?,
    };
    Ok((params, number))
}

/// Encodes `call` and every transaction extension the runtime lists into a signing payload.
/// Throws `tx.not_supported_by_runtime` (no such pallet or call), `tx.bad_argument`,
/// `tx.missing_argument`, `tx.unknown_argument`, `tx.invalid_era`.
#[wasm_bindgen(js_name = buildSigningPayload)]
pub fn build_signing_payload(
    metadata: &Metadata,
    #[wasm_bindgen(unchecked_param_type = "CallSpec")] call: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ChainInfo")] chain: JsValue,
    #[wasm_bindgen(unchecked_param_type = "TxOptions")] params: JsValue,
) -> Result<SigningPayload> {
    let call = value::call_from_js(&call, "call")?;
    let (params, _) = tx_params(&params)?;
    Ok(SigningPayload(core_tx::SigningPayload::new(&metadata.0, &chain_params(&chain)?, &call, &params)?))
}

/// The `SignerPayloadJSON` polkadot-js would hand an extension for this call, sender
/// (`address`, SS58) and parameters: what a web app passes to an extension's `signPayload`.
#[wasm_bindgen(js_name = buildSignerPayloadJson, unchecked_return_type = "SignerPayloadJSON")]
pub fn build_signer_payload_json(
    metadata: &Metadata,
    #[wasm_bindgen(unchecked_param_type = "CallSpec")] call: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ChainInfo")] chain: JsValue,
    #[wasm_bindgen(unchecked_param_type = "TxOptions")] params: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] address: JsValue,
) -> Result<js_sys::Object> {
    let call = value::call_from_js(&call, "call")?.encode(&metadata.0)?;
    let (params, number) = tx_params(&params)?;
    let signer = value::account_id(&address)?;
    let extensions = metadata.extensions();
    let json = SignerPayloadJson::new(&chain_params(&chain)?, &params, &call, &signer, number, extensions);
    Ok(signer_payload_json_to_js(&json))
}

fn signer_payload_json_to_js(j: &SignerPayloadJson) -> js_sys::Object {
    let o = js_sys::Object::new();
    let opt = |s: &Option<String>| s.as_deref().map(JsValue::from).unwrap_or(JsValue::NULL);
    set(&o, "specVersion", j.spec_version.as_str());
    set(&o, "transactionVersion", j.transaction_version.as_str());
    set(&o, "address", j.address.as_str());
    set(&o, "assetId", JsValue::NULL);
    set(&o, "blockHash", j.block_hash.as_str());
    set(&o, "blockNumber", j.block_number.as_str());
    set(&o, "era", j.era.as_str());
    set(&o, "genesisHash", j.genesis_hash.as_str());
    set(&o, "metadataHash", opt(&j.metadata_hash));
    set(&o, "method", j.method.as_str());
    set(&o, "mode", j.mode.map(JsValue::from).unwrap_or(JsValue::UNDEFINED));
    set(&o, "nonce", j.nonce.as_str());
    let exts: js_sys::Array = j.signed_extensions.iter().map(|s| JsValue::from(s.as_str())).collect();
    set(&o, "signedExtensions", exts);
    set(&o, "tip", j.tip.as_str());
    set(&o, "version", j.version);
    set(&o, "withSignedTransaction", j.with_signed_transaction.map(JsValue::from).unwrap_or(JsValue::UNDEFINED));
    o
}

/// Reads a `SignerPayloadJSON` object (missing or mistyped fields: `tx.decode`). `assetId` is
/// not read: Bittensor's runtime has no asset-fee extension, and the core ignores it.
fn signer_payload_json(js: &JsValue) -> Result<SignerPayloadJson, TxError> {
    let wrong = |key: &str, why: &str| TxError::Decode {
        what: format!("SignerPayloadJSON.{key}"),
        reason: why.to_string(),
    };
    if !js.is_object() {
        return Err(wrong("", "expected an object"));
    }
    let text = |key: &str| get(js, key).as_string().ok_or_else(|| wrong(key, "expected a string"));
    let absent = |v: &JsValue| v.is_null() || v.is_undefined();
    let metadata_hash = get(js, "metadataHash");
    let mode = get(js, "mode");
    let with_signed = get(js, "withSignedTransaction");
    let extensions = get(js, "signedExtensions");
    if !js_sys::Array::is_array(&extensions) {
        return Err(wrong("signedExtensions", "expected an array of strings"));
    }
    let signed_extensions = js_sys::Array::from(&extensions)
        .iter()
        .map(|e| e.as_string().ok_or_else(|| wrong("signedExtensions", "expected an array of strings")))
        .collect::<Result<Vec<_>, _>>()?;
    let small = |v: &JsValue, key: &str| -> Result<u32, TxError> {
        v.as_f64()
            .filter(|n| n.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(n))
            .map(|n| n as u32)
            .ok_or_else(|| wrong(key, "expected a small non-negative integer"))
    };
    Ok(SignerPayloadJson {
        address: text("address")?,
        asset_id: None,
        block_hash: text("blockHash")?,
        block_number: text("blockNumber")?,
        era: text("era")?,
        genesis_hash: text("genesisHash")?,
        metadata_hash: if absent(&metadata_hash) { None } else { Some(text("metadataHash")?) },
        method: text("method")?,
        mode: if absent(&mode) {
            None
        } else {
            Some(u8::try_from(small(&mode, "mode")?).map_err(|_| wrong("mode", "out of range"))?)
        },
        nonce: text("nonce")?,
        signed_extensions,
        spec_version: text("specVersion")?,
        tip: text("tip")?,
        transaction_version: text("transactionVersion")?,
        version: small(&get(js, "version"), "version")?,
        with_signed_transaction: if absent(&with_signed) {
            None
        } else {
            Some(with_signed.as_bool().ok_or_else(|| wrong("withSignedTransaction", "expected a boolean"))?)
        },
    })
}

/// Signs a polkadot-js `SignerPayloadJSON` as a polkadot-js extension's `signPayload` does,
/// after checking it against the runtime (same extension list, a call that decodes, the
/// keypair's own address): the `0x` hex SCALE MultiSignature (kind byte ‖ 64 bytes).
#[wasm_bindgen(js_name = signerPayloadJson)]
pub fn signer_payload_json_sign(
    metadata: &Metadata,
    #[wasm_bindgen(js_name = payloadJson, unchecked_param_type = "SignerPayloadJSON")] payload_json: JsValue,
    keypair: &Keypair,
) -> Result<String> {
    Ok(signer_payload_json(&payload_json)?.sign(&metadata.0, &keypair.0)?)
}

/// What a `SignerPayloadJSON` asks to sign, decoded for a person to read (as
/// `SigningPayload.describe`).
#[wasm_bindgen(js_name = describeSignerPayload)]
pub fn describe_signer_payload(
    metadata: &Metadata,
    #[wasm_bindgen(js_name = payloadJson, unchecked_param_type = "SignerPayloadJSON")] payload_json: JsValue,
) -> Result<String> {
    let payload = signer_payload_json(&payload_json)?.to_signing_payload(&metadata.0)?;
    Ok(payload.describe(&metadata.0)?.to_string())
}

/// Signs a polkadot-js `SignerPayloadRaw` as an extension's `signRaw` does (`type` "bytes"
/// wraps the data in `<Bytes>…</Bytes>`): the `0x` hex of the 64 signature bytes.
#[wasm_bindgen(js_name = signerPayloadRaw)]
pub fn signer_payload_raw(
    #[wasm_bindgen(js_name = payloadRaw, unchecked_param_type = "SignerPayloadRaw")] payload_raw: JsValue,
    keypair: &Keypair,
) -> Result<String> {
    let text = |key: &str| {
        get(&payload_raw, key).as_string().ok_or_else(|| TxError::Decode {
            what: format!("SignerPayloadRaw.{key}"),
            reason: "expected a string".into(),
        })
    };
    let raw = SignerPayloadRaw {
        address: text("address")?,
        data: text("data")?,
        kind: text("type")?,
    };
    Ok(raw.sign(&keypair.0)?)
}

/// Decodes an extrinsic (bytes or `0x` hex, with or without its length prefix) with metadata.
/// Throws `tx.decode` for bytes that are not an extrinsic of this runtime.
#[wasm_bindgen(js_name = decodeExtrinsic, unchecked_return_type = "DecodedExtrinsic")]
pub fn decode_extrinsic(
    metadata: &Metadata,
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | string")] extrinsic: JsValue,
) -> Result<js_sys::Object> {
    let bytes = value::bytes(&extrinsic).map_err(|r| TxError::Decode {
        what: "extrinsic".into(),
        reason: r,
    })?;
    let md = &metadata.0;
    let decoded = core_tx::decode_extrinsic(md, &bytes)?;
    let out = js_sys::Object::new();
    set(&out, "pallet", decoded.call.pallet.as_str());
    set(&out, "name", decoded.call.name.as_str());
    set(&out, "text", decoded.call.to_text(md));
    let args = js_sys::Object::new();
    for (name, v) in &decoded.call.args {
        set(&args, name, value::to_js(v, Some(md))?);
    }
    set(&out, "args", args);
    if let Some(signed) = &decoded.signed {
        let (scheme, signature) = signed.signature.parts();
        set(&out, "signer", ss58::encode(&signed.signer, ss58::BITTENSOR_PREFIX));
        set(&out, "signerPublicKey", js_sys::Uint8Array::from(&signed.signer[..]));
        set(&out, "scheme", scheme.as_str());
        set(&out, "signature", js_sys::Uint8Array::from(&signature.0[..]));
        for (ext, v) in &signed.extensions {
            match (ext.as_str(), v.as_uint()) {
                ("CheckNonce", Some(n)) => set(&out, "nonce", JsValue::from(n as f64)),
                ("ChargeTransactionPayment", Some(n)) => set(&out, "tip", JsValue::from(n)),
                _ => {}
            }
        }
    }
    Ok(out)
}

// ---- typed builders: the core's `tx::calls`, returned as CallSpec objects ----

/// A core call as a `CallSpec` object (arguments in the `ArgValue` convention, without types:
/// account ids and other byte-sized integer lists come back as `Uint8Array`).
fn call_to_js(call: &core_tx::Call) -> Result<JsValue> {
    let out = js_sys::Object::new();
    set(&out, "pallet", call.pallet.as_str());
    set(&out, "name", call.name.as_str());
    let args = js_sys::Object::new();
    for (name, v) in &call.args {
        set(&args, name, value::to_js(v, None)?);
    }
    set(&out, "args", args);
    Ok(out.into())
}

fn amount(js: &JsValue, call: &str, arg: &str) -> Result<u64, TxError> {
    value::uint_as(js).map_err(|r| bad(call, arg, r))
}

/// `Balances.transfer_keep_alive`: send `amount` rao (bigint, safe-integer number or decimal
/// string) to `dest` (SS58), refusing to reap the sender.
#[wasm_bindgen(js_name = transferKeepAlive, unchecked_return_type = "CallSpec")]
pub fn transfer_keep_alive(
    #[wasm_bindgen(unchecked_param_type = "string")] dest: JsValue,
    #[wasm_bindgen(unchecked_param_type = "bigint | number | string")] amount: JsValue,
) -> Result<JsValue> {
    let amount = self::amount(&amount, "Balances.transfer_keep_alive", "value")?;
    call_to_js(&calls::transfer_keep_alive(&value::account_id(&dest)?, amount))
}

/// `Balances.transfer_allow_death`: as `transferKeepAlive`, even if that reaps the sender.
#[wasm_bindgen(js_name = transferAllowDeath, unchecked_return_type = "CallSpec")]
pub fn transfer_allow_death(
    #[wasm_bindgen(unchecked_param_type = "string")] dest: JsValue,
    #[wasm_bindgen(unchecked_param_type = "bigint | number | string")] amount: JsValue,
) -> Result<JsValue> {
    let amount = self::amount(&amount, "Balances.transfer_allow_death", "value")?;
    call_to_js(&calls::transfer_allow_death(&value::account_id(&dest)?, amount))
}

/// `SubtensorModule.add_stake`: stake `amount` rao of the signer's free balance to `hotkey`
/// (SS58) on subnet `netuid`.
#[wasm_bindgen(js_name = addStake, unchecked_return_type = "CallSpec")]
pub fn add_stake(
    #[wasm_bindgen(unchecked_param_type = "string")] hotkey: JsValue,
    netuid: u16,
    #[wasm_bindgen(unchecked_param_type = "bigint | number | string")] amount: JsValue,
) -> Result<JsValue> {
    let amount = self::amount(&amount, "SubtensorModule.add_stake", "amount_staked")?;
    call_to_js(&calls::add_stake(&value::account_id(&hotkey)?, netuid, amount))
}

/// `SubtensorModule.remove_stake`: unstake `alpha` units (9 decimals) from `hotkey` on `netuid`.
#[wasm_bindgen(js_name = removeStake, unchecked_return_type = "CallSpec")]
pub fn remove_stake(
    #[wasm_bindgen(unchecked_param_type = "string")] hotkey: JsValue,
    netuid: u16,
    #[wasm_bindgen(unchecked_param_type = "bigint | number | string")] alpha: JsValue,
) -> Result<JsValue> {
    let alpha = self::amount(&alpha, "SubtensorModule.remove_stake", "amount_unstaked")?;
    call_to_js(&calls::remove_stake(&value::account_id(&hotkey)?, netuid, alpha))
}

/// `SubtensorModule.unstake_all`: unstake everything from `hotkey` on every subnet.
#[wasm_bindgen(js_name = unstakeAll, unchecked_return_type = "CallSpec")]
pub fn unstake_all(#[wasm_bindgen(unchecked_param_type = "string")] hotkey: JsValue) -> Result<JsValue> {
    call_to_js(&calls::unstake_all(&value::account_id(&hotkey)?))
}

/// `SubtensorModule.burned_register`: register `hotkey` on `netuid` by burning the current cost.
#[wasm_bindgen(js_name = burnedRegister, unchecked_return_type = "CallSpec")]
pub fn burned_register(
    netuid: u16,
    #[wasm_bindgen(unchecked_param_type = "string")] hotkey: JsValue,
) -> Result<JsValue> {
    call_to_js(&calls::burned_register(netuid, &value::account_id(&hotkey)?))
}

/// `SubtensorModule.set_weights`: `uids` and u16-normalised `weights` of equal length on
/// `netuid`, with the subnet's `versionKey`.
#[wasm_bindgen(js_name = setWeights, unchecked_return_type = "CallSpec")]
pub fn set_weights(
    netuid: u16,
    #[wasm_bindgen(unchecked_param_type = "ArrayLike<number>")] uids: Vec<u16>,
    #[wasm_bindgen(unchecked_param_type = "ArrayLike<number>")] weights: Vec<u16>,
    #[wasm_bindgen(js_name = versionKey, unchecked_param_type = "bigint | number | string")] version_key: JsValue,
) -> Result<JsValue> {
    let version_key = self::amount(&version_key, "SubtensorModule.set_weights", "version_key")?;
    call_to_js(&calls::set_weights(netuid, &uids, &weights, version_key))
}
