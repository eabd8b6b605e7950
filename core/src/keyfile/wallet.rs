//! Bittensor wallet directories, laid out as btcli and `bittensor-wallet` lay them out:
//! `<path>/<wallet>/coldkey`, `coldkeypub.txt`, `hotkeys/<hotkey>`, `hotkeys/<hotkey>pub.txt`.

use std::fs;
use std::path::{Path, PathBuf};

use super::{decrypt, encrypt_nacl, write_atomic, EncryptionFormat, KeyfileContent, KeyfileError, PublicKeyfile};
use crate::keys::PublicKey;
use crate::SecretString;

/// btcli's default wallet directory: `$BT_WALLET_PATH`, else `~/.bittensor/wallets`.
pub fn default_wallet_path() -> PathBuf {
    if let Some(p) = std::env::var_os("BT_WALLET_PATH") {
        return PathBuf::from(p);
    }
    let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE")).unwrap_or_default();
    PathBuf::from(home).join(".bittensor").join("wallets")
}

/// A hotkey of a wallet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotkeyInfo {
    /// The hotkey's name (its file name).
    pub name: String,
    /// Its public key, when readable without a password.
    pub public: Option<PublicKey>,
}

/// What a wallet directory holds, read without any password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalletInfo {
    /// The wallet's name.
    pub name: String,
    /// The wallet's directory.
    pub path: PathBuf,
    /// The coldkey's public key, from `coldkeypub.txt`.
    pub coldkey: Option<PublicKey>,
    /// Whether the coldkey file is encrypted.
    pub coldkey_encrypted: bool,
    /// The hotkeys, sorted by name.
    pub hotkeys: Vec<HotkeyInfo>,
}

/// A named wallet under a wallet directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wallet {
    root: PathBuf,
    name: String,
}

/// A wallet, hotkey or stored key name: letters, digits, `-`, `_` and `.`, not starting with `.`
/// (it becomes a file or storage key name and must not escape its directory).
pub(crate) fn check_name(name: &str) -> Result<(), KeyfileError> {
    let ok = !name.is_empty()
        && name != "."
        && name != ".."
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(KeyfileError::InvalidName(name.to_owned()))
    }
}

fn read(path: &Path) -> Result<Vec<u8>, KeyfileError> {
    fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => KeyfileError::NotFound(path.to_path_buf()),
        _ => KeyfileError::io("reading", path, e),
    })
}

fn load_secret(path: &Path, password: Option<&SecretString>) -> Result<KeyfileContent, KeyfileError> {
    let data = read(path)?;
    let plain = decrypt(&data, password.map(|p| p.expose().as_bytes()))?;
    KeyfileContent::from_json(&plain)
}

fn store_secret(
    path: &Path,
    content: &KeyfileContent,
    password: Option<&SecretString>,
    overwrite: bool,
) -> Result<(), KeyfileError> {
    // Refuse before the costly key derivation (write_atomic checks again, atomically).
    if !overwrite && path.exists() {
        return Err(KeyfileError::AlreadyExists(path.to_path_buf()));
    }
    let plain = content.to_json();
    match password {
        Some(p) => write_atomic(path, &encrypt_nacl(&plain, p.expose().as_bytes())?, overwrite),
        None => write_atomic(path, &plain, overwrite),
    }
}

impl Wallet {
    /// The wallet `name` under the wallet directory `root` (e.g. `~/.bittensor/wallets`).
    pub fn new(root: impl Into<PathBuf>, name: &str) -> Result<Self, KeyfileError> {
        check_name(name)?;
        Ok(Self { root: root.into(), name: name.to_owned() })
    }

    /// The wallet's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `<root>/<name>`.
    pub fn dir(&self) -> PathBuf {
        self.root.join(&self.name)
    }

    /// `<root>/<name>/coldkey`.
    pub fn coldkey_path(&self) -> PathBuf {
        self.dir().join("coldkey")
    }

    /// `<root>/<name>/coldkeypub.txt`.
    pub fn coldkeypub_path(&self) -> PathBuf {
        self.dir().join("coldkeypub.txt")
    }

    /// `<root>/<name>/hotkeys/<hotkey>`.
    pub fn hotkey_path(&self, hotkey: &str) -> Result<PathBuf, KeyfileError> {
        check_name(hotkey)?;
        Ok(self.dir().join("hotkeys").join(hotkey))
    }

    /// `<root>/<name>/hotkeys/<hotkey>pub.txt`.
    pub fn hotkey_pub_path(&self, hotkey: &str) -> Result<PathBuf, KeyfileError> {
        check_name(hotkey)?;
        Ok(self.dir().join("hotkeys").join(format!("{hotkey}pub.txt")))
    }

    /// Creates a wallet as `btcli wallet create` does: a coldkey (encrypted when a password is
    /// given) and a plain hotkey, each from its own fresh mnemonic. Both targets are checked
    /// first, so a refusal leaves nothing half-created. Returns (coldkey, hotkey).
    pub fn create(
        &self,
        hotkey: &str,
        words: crate::keys::WordCount,
        scheme: crate::keys::Scheme,
        password: Option<&SecretString>,
        overwrite: bool,
    ) -> Result<(KeyfileContent, KeyfileContent), KeyfileError> {
        self.ensure_free(hotkey, overwrite)?;
        let new_key = || KeyfileContent::from_mnemonic(crate::keys::Mnemonic::generate(words)?, scheme);
        let (cold, hot) = (new_key()?, new_key()?);
        self.create_coldkey(&cold, password, overwrite)?;
        self.create_hotkey(hotkey, &hot, None, overwrite)?;
        Ok((cold, hot))
    }

    /// Fails with [`KeyfileError::AlreadyExists`] when the coldkey or the hotkey exists and
    /// `overwrite` is false (a front calls it before asking for a password).
    pub fn ensure_free(&self, hotkey: &str, overwrite: bool) -> Result<(), KeyfileError> {
        for path in [self.coldkey_path(), self.hotkey_path(hotkey)?] {
            if !overwrite && path.exists() {
                return Err(KeyfileError::AlreadyExists(path));
            }
        }
        Ok(())
    }

    /// Writes the coldkey (encrypted when a password is given) and `coldkeypub.txt`.
    /// An existing coldkey is kept unless `overwrite`.
    pub fn create_coldkey(
        &self,
        content: &KeyfileContent,
        password: Option<&SecretString>,
        overwrite: bool,
    ) -> Result<(), KeyfileError> {
        store_secret(&self.coldkey_path(), content, password, overwrite)?;
        let public = PublicKeyfile { public: content.public() };
        write_atomic(&self.coldkeypub_path(), &public.to_json(), true)
    }

    /// Writes a hotkey (plain unless a password is given, as btcli does) and its public file.
    pub fn create_hotkey(
        &self,
        hotkey: &str,
        content: &KeyfileContent,
        password: Option<&SecretString>,
        overwrite: bool,
    ) -> Result<(), KeyfileError> {
        store_secret(&self.hotkey_path(hotkey)?, content, password, overwrite)?;
        let public = PublicKeyfile { public: content.public() };
        write_atomic(&self.hotkey_pub_path(hotkey)?, &public.to_json(), true)
    }

    /// Loads and decrypts the coldkey.
    pub fn coldkey(&self, password: Option<&SecretString>) -> Result<KeyfileContent, KeyfileError> {
        load_secret(&self.coldkey_path(), password)
    }

    /// Loads (and decrypts, if needed) a hotkey.
    pub fn hotkey(&self, hotkey: &str, password: Option<&SecretString>) -> Result<KeyfileContent, KeyfileError> {
        load_secret(&self.hotkey_path(hotkey)?, password)
    }

    /// True when the coldkey file is encrypted.
    pub fn coldkey_encrypted(&self) -> Result<bool, KeyfileError> {
        Ok(EncryptionFormat::detect(&read(&self.coldkey_path())?).is_encrypted())
    }

    /// The coldkey's public key, from `coldkeypub.txt` (no password needed).
    pub fn coldkey_public(&self) -> Result<PublicKey, KeyfileError> {
        Ok(PublicKeyfile::from_json(&read(&self.coldkeypub_path())?)?.public)
    }

    /// A hotkey's public key: from its public file, else from the hotkey file when it is plain.
    pub fn hotkey_public(&self, hotkey: &str) -> Result<PublicKey, KeyfileError> {
        match read(&self.hotkey_pub_path(hotkey)?) {
            Ok(data) => Ok(PublicKeyfile::from_json(&data)?.public),
            Err(KeyfileError::NotFound(_)) => {
                let data = read(&self.hotkey_path(hotkey)?)?;
                if EncryptionFormat::detect(&data).is_encrypted() {
                    return Err(KeyfileError::PasswordRequired);
                }
                Ok(PublicKeyfile::from_json(&data)?.public)
            }
            Err(e) => Err(e),
        }
    }

    /// The names of the wallet's hotkeys, sorted.
    pub fn hotkey_names(&self) -> Result<Vec<String>, KeyfileError> {
        let dir = self.dir().join("hotkeys");
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(KeyfileError::io("listing", dir, e)),
        };
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().map(|t| t.is_file()).unwrap_or(false))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| !n.starts_with('.') && !n.ends_with("pub.txt"))
            .collect();
        names.sort();
        Ok(names)
    }

    /// Everything that can be read without a password.
    pub fn info(&self) -> Result<WalletInfo, KeyfileError> {
        let hotkeys = self
            .hotkey_names()?
            .into_iter()
            .map(|name| HotkeyInfo { public: self.hotkey_public(&name).ok(), name })
            .collect();
        Ok(WalletInfo {
            name: self.name.clone(),
            path: self.dir(),
            coldkey: self.coldkey_public().ok(),
            coldkey_encrypted: self.coldkey_encrypted().unwrap_or(false),
            hotkeys,
        })
    }

    /// Every wallet under `root`, sorted by name.
    pub fn list(root: &Path) -> Result<Vec<WalletInfo>, KeyfileError> {
        let entries = match fs::read_dir(root) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(KeyfileError::io("listing", root, e)),
        };
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().map(|t| t.is_dir()).unwrap_or(false))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| check_name(n).is_ok())
            .collect();
        names.sort();
        names.iter().map(|n| Wallet::new(root, n)?.info()).collect()
    }
}
