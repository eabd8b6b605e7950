//! A polkadot-js injected `Signer` (`@polkadot/types/types/extrinsic` `Signer`) backed by a
//! taolight `Keypair`: give it to `@polkadot/api` (`api.setSigner(signer)` or
//! `tx.signAndSend(address, { signer })`) and a dApp signs through taolight unchanged.
//!
//! `signPayload` checks the payload against the runtime's metadata before signing (the same
//! extension list, a call that decodes, the keypair's own address: the core's
//! `SignerPayloadJson::sign`), so it needs that runtime's `Metadata`; `signRaw` needs none.
//! Both return Promises of `{ id, signature }`, ids counting from 1.

use std::cell::Cell;

use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;

use crate::keys::Keypair;
use crate::tx::{signer_payload_json_sign, signer_payload_raw, Metadata};
use crate::value::set;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** What polkadot-js expects back from a `Signer`. */
export interface SignerResult {
  id: number;
  /** `0x` hex: a MultiSignature (kind byte and 64 bytes) for payloads, 64 bytes for raw data. */
  signature: string;
}
"#;

/// A polkadot-js `Signer` over one key pair and one runtime's metadata.
#[wasm_bindgen]
pub struct Signer {
    keypair: Keypair,
    metadata: Metadata,
    next_id: Cell<u32>,
}

#[wasm_bindgen]
impl Signer {
    /// A signer for `keypair` (copied: freeing the original does not affect the signer) and the
    /// runtime of `metadata` (e.g. `await client.metadata()`, or `Metadata.fromBytes`).
    #[wasm_bindgen(constructor)]
    pub fn new(keypair: &Keypair, metadata: &Metadata) -> Signer {
        Signer {
            keypair: Keypair(keypair.0.clone()),
            metadata: Metadata(metadata.0.clone()),
            next_id: Cell::new(1),
        }
    }

    /// The runtime changed: sign for this metadata from now on.
    #[wasm_bindgen(js_name = setMetadata)]
    pub fn set_metadata(&mut self, metadata: &Metadata) {
        self.metadata = Metadata(metadata.0.clone());
    }

    /// The SS58 address (format 42) this signer signs for.
    #[wasm_bindgen(getter)]
    pub fn address(&self) -> String {
        self.keypair.0.public().to_ss58(taolight::keys::ss58::BITTENSOR_PREFIX)
    }

    /// polkadot-js `Signer.signPayload`: signs a `SignerPayloadJSON`. Rejects (TaolightError)
    /// when the payload does not match the runtime or names another address.
    #[wasm_bindgen(js_name = signPayload, unchecked_return_type = "Promise<SignerResult>")]
    pub fn sign_payload(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignerPayloadJSON")] payload: JsValue,
    ) -> Promise {
        self.answer(signer_payload_json_sign(&self.metadata, payload, &self.keypair))
    }

    /// polkadot-js `Signer.signRaw`: signs a `SignerPayloadRaw` (`type: "bytes"` wraps the data
    /// in `<Bytes>…</Bytes>` first, as polkadot-js extensions do).
    #[wasm_bindgen(js_name = signRaw, unchecked_return_type = "Promise<SignerResult>")]
    pub fn sign_raw(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignerPayloadRaw")] raw: JsValue,
    ) -> Promise {
        self.answer(signer_payload_raw(raw, &self.keypair))
    }
}

impl Signer {
    fn answer(&self, signed: crate::error::Result<String>) -> Promise {
        match signed {
            Err(e) => Promise::reject(&e.into()),
            Ok(signature) => {
                let id = self.next_id.get();
                self.next_id.set(id.wrapping_add(1));
                let o = Object::new();
                set(&o, "id", id);
                set(&o, "signature", signature);
                Promise::resolve(&JsValue::from(o))
            }
        }
    }
}
