//! Errors: one enum per module, composed into [`Error`]. Messages never contain secrets.

pub use crate::chain::ChainError;
pub use crate::keyfile::KeyfileError;
pub use crate::keys::KeyError;
pub use crate::keystore::KeystoreError;
pub use crate::logging::LoggingError;
pub use crate::tx::TxError;
pub use crate::types::AmountError;

/// Every error the core returns.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Keys, mnemonics, secret URIs, SS58, signatures.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// Keyfiles, wallet directories, polkadot-js JSON accounts.
    #[error(transparent)]
    Keyfile(#[from] KeyfileError),
    /// An amount of TAO or rao that cannot be parsed.
    #[error(transparent)]
    Amount(#[from] AmountError),
    /// The chain client: connection, timeouts, node errors, decoding.
    #[error(transparent)]
    Chain(#[from] ChainError),
    /// Transactions: building, signing, submission, dispatch.
    #[error(transparent)]
    Tx(#[from] TxError),
    /// Keys kept in the app's secure storage.
    #[error(transparent)]
    Keystore(#[from] KeystoreError),
    /// The log sink could not be installed.
    #[error(transparent)]
    Logging(#[from] LoggingError),
}

/// A coarse, stable classification of errors that fronts map to exit codes and native
/// exception kinds. Adding a variant to a module's error enum never changes these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The caller gave bad input: arguments, keys, passwords, files.
    BadInput,
    /// The local file system failed (permissions, disk full, ...).
    Io,
    /// The network or the node failed.
    Network,
    /// The chain rejected or failed a transaction.
    Chain,
}

impl Error {
    /// The coarse kind of this error (see [`ErrorKind`]).
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Key(_) | Error::Amount(_) => ErrorKind::BadInput,
            Error::Keyfile(e) => e.kind(),
            Error::Chain(e) => e.kind(),
            Error::Tx(e) => e.kind(),
            Error::Keystore(e) => e.kind(),
            Error::Logging(_) => ErrorKind::BadInput,
        }
    }

    /// A stable, machine-readable code such as `key.invalid_mnemonic_word`.
    pub fn code(&self) -> String {
        match self {
            Error::Key(e) => format!("key.{}", e.code()),
            Error::Amount(_) => "amount.invalid".to_owned(),
            Error::Keyfile(e) => format!("keyfile.{}", e.code()),
            Error::Chain(e) => format!("chain.{}", e.code()),
            Error::Tx(e) => format!("tx.{}", e.code()),
            Error::Keystore(e) => format!("keystore.{}", e.code()),
            Error::Logging(_) => "logging.other_logger".to_owned(),
        }
    }
}
