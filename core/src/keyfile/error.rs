use std::path::PathBuf;

use crate::keys::KeyError;
use crate::ErrorKind;

/// Errors about keyfiles and wallet directories. Messages never include a password or a secret.
#[derive(Debug, thiserror::Error)]
pub enum KeyfileError {
    /// The file system failed.
    #[error("{op} {path}: {source}")]
    Io {
        /// What was being done.
        op: &'static str,
        /// The file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The keyfile does not exist.
    #[error("no keyfile at {0}")]
    NotFound(PathBuf),
    /// Refused to replace an existing key without an explicit overwrite.
    #[error("{0} already exists; pass overwrite to replace it")]
    AlreadyExists(PathBuf),
    /// The password does not decrypt the file.
    #[error("wrong password (or the encrypted keyfile is corrupt)")]
    WrongPassword,
    /// The file is encrypted and no password was given.
    #[error("this keyfile is encrypted: a password is needed")]
    PasswordRequired,
    /// The file ends too early.
    #[error("the keyfile is truncated: {0}")]
    Truncated(&'static str),
    /// The file's content is inconsistent or damaged.
    #[error("the keyfile is corrupt: {0}")]
    Corrupt(String),
    /// The file is in no format taolight reads.
    #[error("unknown keyfile format: {0}")]
    UnknownFormat(&'static str),
    /// A key inside the file is invalid.
    #[error("invalid key in keyfile: {0}")]
    Key(#[from] KeyError),
    /// A wallet or hotkey name that would escape the wallet directory.
    #[error("invalid wallet or hotkey name {0:?}: use letters, digits, '-', '_' and '.'")]
    InvalidName(String),
}

impl KeyfileError {
    /// The coarse kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            KeyfileError::Io { .. } => ErrorKind::Io,
            _ => ErrorKind::BadInput,
        }
    }

    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            KeyfileError::Io { .. } => "io",
            KeyfileError::NotFound(_) => "not_found",
            KeyfileError::AlreadyExists(_) => "already_exists",
            KeyfileError::WrongPassword => "wrong_password",
            KeyfileError::PasswordRequired => "password_required",
            KeyfileError::Truncated(_) => "truncated",
            KeyfileError::Corrupt(_) => "corrupt",
            KeyfileError::UnknownFormat(_) => "unknown_format",
            KeyfileError::Key(_) => "invalid_key",
            KeyfileError::InvalidName(_) => "invalid_name",
        }
    }

    pub(crate) fn io(op: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        KeyfileError::Io { op, path: path.into(), source }
    }
}
