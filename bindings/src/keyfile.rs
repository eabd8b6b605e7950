//! Keyfiles (`taolight::keyfile`): Bittensor wallet directories and polkadot-js JSON accounts.

use std::path::Path;
use std::sync::Arc;

use taolight::keyfile::{self as core_keyfile, polkadot_js::PolkadotJsAccount, KeyfileContent};
use taolight::keys::{ss58, Scheme};
use taolight::SecretString;

use crate::error::Result;
use crate::keys::{Keypair, Mnemonic};

/// A public key with its scheme and Bittensor (format 42) address.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PublicKey {
    /// The scheme the key belongs to.
    pub scheme: Scheme,
    /// The 32 key bytes (also the account id).
    pub bytes: Vec<u8>,
    /// The SS58 address with format 42.
    pub ss58_address: String,
}

impl From<taolight::keys::PublicKey> for PublicKey {
    fn from(p: taolight::keys::PublicKey) -> Self {
        Self { scheme: p.scheme, bytes: p.bytes.to_vec(), ss58_address: p.to_ss58(ss58::BITTENSOR_PREFIX) }
    }
}

/// A hotkey of a wallet.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HotkeyInfo {
    /// The hotkey's name (its file name).
    pub name: String,
    /// Its public key, when readable without a password.
    pub public: Option<PublicKey>,
}

/// What a wallet directory holds, read without any password.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct WalletInfo {
    /// The wallet's name.
    pub name: String,
    /// The wallet's directory.
    pub path: String,
    /// The coldkey's public key, from `coldkeypub.txt`.
    pub coldkey: Option<PublicKey>,
    /// Whether the coldkey file is encrypted.
    pub coldkey_encrypted: bool,
    /// The hotkeys, sorted by name.
    pub hotkeys: Vec<HotkeyInfo>,
}

impl From<core_keyfile::WalletInfo> for WalletInfo {
    fn from(w: core_keyfile::WalletInfo) -> Self {
        Self {
            name: w.name,
            path: w.path.to_string_lossy().into_owned(),
            coldkey: w.coldkey.map(Into::into),
            coldkey_encrypted: w.coldkey_encrypted,
            hotkeys: w
                .hotkeys
                .into_iter()
                .map(|h| HotkeyInfo { name: h.name, public: h.public.map(Into::into) })
                .collect(),
        }
    }
}

fn secret(password: Option<String>) -> Option<SecretString> {
    password.map(SecretString::new)
}

/// A named Bittensor wallet under a wallet directory, laid out as btcli lays it out:
/// `<path>/<name>/coldkey`, `coldkeypub.txt`, `hotkeys/<hotkey>`, `hotkeys/<hotkey>pub.txt`.
/// Coldkeys are encrypted (`$NACL`, Argon2i 512 MiB: about 4 s) when a password is given;
/// hotkeys are usually stored plain, as btcli stores them.
#[derive(Debug, uniffi::Object)]
pub struct Wallet(core_keyfile::Wallet);

#[uniffi::export]
impl Wallet {
    /// The wallet `name` under the wallet directory `path` (e.g. `~/.bittensor/wallets`).
    #[uniffi::constructor]
    pub fn new(path: String, name: String) -> Result<Arc<Self>> {
        Ok(Arc::new(Self(core_keyfile::Wallet::new(path, &name)?)))
    }

    /// The wallet's name.
    pub fn name(&self) -> String {
        self.0.name().to_owned()
    }

    /// The wallet's directory, `<path>/<name>`.
    pub fn dir(&self) -> String {
        self.0.dir().to_string_lossy().into_owned()
    }

    /// Writes the coldkey from a mnemonic (kept in the file, as btcli keeps it) and
    /// `coldkeypub.txt`. An existing coldkey is kept unless `overwrite`.
    #[uniffi::method(default(password = None, overwrite = false))]
    pub fn create_coldkey(
        &self,
        mnemonic: Arc<Mnemonic>,
        scheme: Scheme,
        password: Option<String>,
        overwrite: bool,
    ) -> Result<()> {
        let content = KeyfileContent::from_mnemonic(mnemonic.0.clone(), scheme)?;
        Ok(self.0.create_coldkey(&content, secret(password).as_ref(), overwrite)?)
    }

    /// Writes the hotkey `hotkey` from a mnemonic, and its public file.
    #[uniffi::method(default(password = None, overwrite = false))]
    pub fn create_hotkey(
        &self,
        hotkey: String,
        mnemonic: Arc<Mnemonic>,
        scheme: Scheme,
        password: Option<String>,
        overwrite: bool,
    ) -> Result<()> {
        let content = KeyfileContent::from_mnemonic(mnemonic.0.clone(), scheme)?;
        Ok(self.0.create_hotkey(&hotkey, &content, secret(password).as_ref(), overwrite)?)
    }

    /// Writes an existing key pair (from a secret URI, a seed, a polkadot-js account) as the
    /// coldkey; the file holds no mnemonic.
    #[uniffi::method(default(password = None, overwrite = false))]
    pub fn import_coldkey(&self, keypair: Arc<Keypair>, password: Option<String>, overwrite: bool) -> Result<()> {
        let content = KeyfileContent::from_pair(keypair.0.clone());
        Ok(self.0.create_coldkey(&content, secret(password).as_ref(), overwrite)?)
    }

    /// Writes an existing key pair as the hotkey `hotkey`.
    #[uniffi::method(default(password = None, overwrite = false))]
    pub fn import_hotkey(
        &self,
        hotkey: String,
        keypair: Arc<Keypair>,
        password: Option<String>,
        overwrite: bool,
    ) -> Result<()> {
        let content = KeyfileContent::from_pair(keypair.0.clone());
        Ok(self.0.create_hotkey(&hotkey, &content, secret(password).as_ref(), overwrite)?)
    }

    /// Loads (and decrypts, when a password is given) the coldkey.
    #[uniffi::method(default(password = None))]
    pub fn coldkey(&self, password: Option<String>) -> Result<Arc<Keypair>> {
        Ok(Arc::new(Keypair(self.0.coldkey(secret(password).as_ref())?.pair)))
    }

    /// Loads (and decrypts, when a password is given) the hotkey `hotkey`.
    #[uniffi::method(default(password = None))]
    pub fn hotkey(&self, hotkey: String, password: Option<String>) -> Result<Arc<Keypair>> {
        Ok(Arc::new(Keypair(self.0.hotkey(&hotkey, secret(password).as_ref())?.pair)))
    }

    /// The coldkey's public key, from `coldkeypub.txt` (no password needed).
    pub fn coldkey_public(&self) -> Result<PublicKey> {
        Ok(self.0.coldkey_public()?.into())
    }

    /// A hotkey's public key (no password needed unless only an encrypted hotkey file exists).
    pub fn hotkey_public(&self, hotkey: String) -> Result<PublicKey> {
        Ok(self.0.hotkey_public(&hotkey)?.into())
    }

    /// Everything that can be read without a password.
    pub fn info(&self) -> Result<WalletInfo> {
        Ok(self.0.info()?.into())
    }
}

/// Every wallet under the wallet directory `path`, sorted by name.
#[uniffi::export]
pub fn list_wallets(path: String) -> Result<Vec<WalletInfo>> {
    Ok(core_keyfile::Wallet::list(Path::new(&path))?.into_iter().map(Into::into).collect())
}

/// btcli's default wallet directory: `$BT_WALLET_PATH`, else `~/.bittensor/wallets`.
#[uniffi::export]
pub fn default_wallet_path() -> String {
    core_keyfile::default_wallet_path().to_string_lossy().into_owned()
}

/// Decrypts a polkadot-js JSON account (keyring `toJson`, version 3) with its password.
#[uniffi::export]
pub fn polkadot_js_import(json: String, password: String) -> Result<Arc<Keypair>> {
    let pair = PolkadotJsAccount::parse(&json)?.decrypt(&SecretString::new(password))?;
    Ok(Arc::new(Keypair(pair)))
}

/// Encrypts `keypair` as a polkadot-js JSON account (scrypt + xsalsa20-poly1305), with
/// `meta.name` = `name` and `meta.whenCreated` = now; the JSON text.
#[uniffi::export]
pub fn polkadot_js_export(keypair: Arc<Keypair>, password: String, name: String) -> Result<String> {
    let now_ms =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0);
    Ok(PolkadotJsAccount::encrypt(&keypair.0, &SecretString::new(password), &name, now_ms)?.to_json())
}
