//! `taolight sign` and `taolight verify`: raw signatures compatible with polkadot-js signRaw.

use serde_json::json;
use taolight::keys::{self, ss58, wrap_bytes, PublicKey, Signature};

use super::{message_bytes, scheme, signer};
use crate::args::{Global, SignArgs, VerifyArgs};
use crate::output::{table, CliError, Output};

pub fn sign(g: &Global, a: &SignArgs, out: &Output) -> Result<(), CliError> {
    let pair = signer(g)?;
    let mut message = message_bytes(&a.message, a.hex)?;
    if a.wrap_bytes {
        message = wrap_bytes(&message);
    }
    let signature = pair.sign(&message);
    let address = pair.public().to_ss58(ss58::BITTENSOR_PREFIX);
    let value = json!({
        "signature": signature.to_hex(),
        "ss58_address": address,
        "scheme": pair.scheme().as_str(),
        "wrapped": a.wrap_bytes,
    });
    out.result(&value, || table(&[("signature", signature.to_hex()), ("signer", address.clone())]));
    Ok(())
}

pub fn verify(g: &Global, a: &VerifyArgs, out: &Output) -> Result<(), CliError> {
    let public = PublicKey::from_ss58(&a.address, scheme(g)?)?;
    let signature = Signature::from_bytes(&keys::decode_hex(&a.signature)?)?;
    let message = message_bytes(&a.message, a.hex)?;
    let wrapped = wrap_bytes(&message);
    let valid_plain = !a.wrap_bytes && keys::verify(&message, &signature, &public);
    let valid_wrapped = !valid_plain && keys::verify(&wrapped, &signature, &public);
    let valid = valid_plain || valid_wrapped;
    let value = json!({ "valid": valid, "wrapped": valid_wrapped, "ss58_address": a.address });
    if valid {
        out.result(&value, || "valid signature".into());
        return Ok(());
    }
    if out.is_json() {
        // One JSON document: the verdict itself, with exit code 2.
        out.result(&value, String::new);
        std::process::exit(2);
    }
    Err(CliError::input("invalid_signature", "the signature does not verify"))
}
