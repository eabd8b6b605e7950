//! Keyfiles: Bittensor wallet directories and keyfiles (byte-compatible with `bittensor-wallet`),
//! their NaCl password encryption, and polkadot-js JSON accounts.
//!
//! ```
//! use taolight::keyfile::Wallet;
//!
//! // A btcli-style wallet directory: `<path>/<name>/coldkey`, `coldkeypub.txt`, `hotkeys/<hotkey>`.
//! let wallet = Wallet::new("/home/me/.bittensor/wallets", "default")?;
//! assert!(wallet.coldkeypub_path().ends_with("default/coldkeypub.txt"));
//! assert!(wallet.hotkey_path("miner1")?.ends_with("default/hotkeys/miner1"));
//! assert!(Wallet::new("/tmp", "../escape").is_err()); // names cannot leave the directory
//! # Ok::<(), taolight::keyfile::KeyfileError>(())
//! ```

mod atomic;
mod btwallet;
mod encryption;
mod error;
pub mod polkadot_js;
mod wallet;
pub(crate) use wallet::check_name;

pub use atomic::write_atomic;
pub use btwallet::{KeyfileContent, PublicKeyfile};
pub use encryption::{decrypt, encrypt_nacl, EncryptionFormat, Envelope, ARGON2I_MEMLIMIT_KIB, ARGON2I_OPSLIMIT, NACL_PREFIX, NACL_SALT};
pub use error::KeyfileError;
pub use wallet::{default_wallet_path, HotkeyInfo, Wallet, WalletInfo};
