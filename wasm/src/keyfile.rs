//! Keyfiles without a file system (`taolight::keyfile`): the bytes of Bittensor keyfiles and
//! polkadot-js JSON accounts.
//!
//! `$NACL` encryption uses Argon2i with 512 MiB of memory and 8 passes, as `bittensor-wallet`
//! does: it takes seconds and needs a wasm memory that can grow past 512 MiB (Node can; so can
//! desktop browsers, not always mobile ones).

use taolight::keyfile::{
    self as core_keyfile, polkadot_js::PolkadotJsAccount, EncryptionFormat, KeyfileContent, PublicKeyfile,
};
use taolight::SecretString;
use wasm_bindgen::prelude::*;

use crate::error::Result;
use crate::keys::{scheme, Keypair, Mnemonic};

/// Plain JSON, or `$NACL`-encrypted when a password is given.
fn seal(content: &KeyfileContent, password: Option<String>) -> Result<Vec<u8>> {
    let plain = content.to_json();
    Ok(match password.map(SecretString::new) {
        Some(p) => core_keyfile::encrypt_nacl(&plain, p.expose().as_bytes())?,
        None => plain.to_vec(),
    })
}

/// The bytes of a Bittensor keyfile (`coldkey`, `hotkeys/<name>`) holding `keypair`: the JSON
/// `bittensor-wallet` writes, `$NACL`-encrypted when `password` is given.
#[wasm_bindgen(js_name = keyfileEncode)]
pub fn keyfile_encode(keypair: &Keypair, password: Option<String>) -> Result<Vec<u8>> {
    seal(&KeyfileContent::from_pair(keypair.0.clone()), password)
}

/// The bytes of a keyfile holding the root key of `mnemonic` and the mnemonic itself
/// (`secretPhrase`), as btcli creates keys; encrypted when `password` is given.
#[wasm_bindgen(js_name = keyfileEncodeMnemonic)]
pub fn keyfile_encode_mnemonic(
    mnemonic: &Mnemonic,
    #[wasm_bindgen(unchecked_optional_param_type = "Scheme")] scheme: Option<String>,
    #[wasm_bindgen(unchecked_optional_param_type = "string")] password: Option<String>,
) -> Result<Vec<u8>> {
    seal(&KeyfileContent::from_mnemonic(mnemonic.0.clone(), self::scheme(scheme)?)?, password)
}

/// The key pair in keyfile bytes of any format `bittensor-wallet` reads (plain JSON, `$NACL`,
/// legacy Ansible Vault or Fernet); `password` is needed for the encrypted ones.
#[wasm_bindgen(js_name = keyfileDecode)]
pub fn keyfile_decode(data: &[u8], password: Option<String>) -> Result<Keypair> {
    let password = password.map(SecretString::new);
    let plain = core_keyfile::decrypt(data, password.as_ref().map(|p| p.expose().as_bytes()))?;
    Ok(Keypair(KeyfileContent::from_json(&plain)?.pair))
}

/// The bytes of the public keyfile (`coldkeypub.txt`, `hotkeys/<name>pub.txt`) of `keypair`.
#[wasm_bindgen(js_name = publicKeyfileEncode)]
pub fn public_keyfile_encode(keypair: &Keypair) -> Vec<u8> {
    PublicKeyfile { public: keypair.0.public() }.to_json()
}

/// True when keyfile bytes are encrypted (in any format `bittensor-wallet` reads).
#[wasm_bindgen(js_name = keyfileIsEncrypted)]
pub fn keyfile_is_encrypted(data: &[u8]) -> bool {
    EncryptionFormat::detect(data).is_encrypted()
}

/// Encrypts any bytes in the `$NACL` format (`"$NACL" ‖ nonce ‖ secretbox`, Argon2i key).
#[wasm_bindgen(js_name = keyfileEncrypt)]
pub fn keyfile_encrypt(plain: &[u8], password: String) -> Result<Vec<u8>> {
    Ok(core_keyfile::encrypt_nacl(plain, SecretString::new(password).expose().as_bytes())?)
}

/// Decrypts keyfile bytes (`$NACL`, Ansible Vault, Fernet); plain bytes come back as they are.
#[wasm_bindgen(js_name = keyfileDecrypt)]
pub fn keyfile_decrypt(data: &[u8], password: Option<String>) -> Result<Vec<u8>> {
    let password = password.map(SecretString::new);
    Ok(core_keyfile::decrypt(data, password.as_ref().map(|p| p.expose().as_bytes()))?.to_vec())
}

/// Decrypts a polkadot-js JSON account (keyring `toJson`, version 3) with its password.
#[wasm_bindgen(js_name = polkadotJsImport)]
pub fn polkadot_js_import(json: &str, password: String) -> Result<Keypair> {
    Ok(Keypair(PolkadotJsAccount::parse(json)?.decrypt(&SecretString::new(password))?))
}

/// Encrypts `keypair` as a polkadot-js JSON account (scrypt + xsalsa20-poly1305) with
/// `meta.name` = `name` and `meta.whenCreated` = now; the JSON text.
#[wasm_bindgen(js_name = polkadotJsExport)]
pub fn polkadot_js_export(keypair: &Keypair, password: String, name: &str) -> Result<String> {
    let now_ms = js_sys::Date::now() as u64;
    Ok(PolkadotJsAccount::encrypt(&keypair.0, &SecretString::new(password), name, now_ms)?.to_json())
}
