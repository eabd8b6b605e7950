//! The one error type of the bindings, derived from `taolight::Error` in one place.
//!
//! The variants are the core's coarse [`ErrorKind`]s, so foreign code can catch by kind; each
//! carries the core's stable `code` (such as `key.unknown_word`) and its message. Nothing is
//! mirrored per core error: a new core error reaches every language without a change here.
//!
//! The message field is `error_message`, not `message`: Kotlin exceptions already have a
//! `message` property and a field of that name would not compile there (bdk-ffi does the same).

use taolight::ErrorKind;

/// An error from taolight. Catch a kind, or the base type; read `code` for a stable,
/// machine-readable reason and `error_message` for a human one (never holding a secret).
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum TaolightError {
    /// The caller gave bad input: arguments, keys, passwords, files.
    #[error("{error_message}")]
    BadInput {
        /// Stable code, such as `key.unknown_word` or `keyfile.wrong_password`.
        code: String,
        /// The core's message.
        error_message: String,
    },
    /// The local file system failed.
    #[error("{error_message}")]
    Io {
        /// Stable code, such as `keyfile.io`.
        code: String,
        /// The core's message.
        error_message: String,
    },
    /// The network or the node failed.
    #[error("{error_message}")]
    Network {
        /// Stable code.
        code: String,
        /// The core's message.
        error_message: String,
    },
    /// The chain rejected or failed a transaction.
    #[error("{error_message}")]
    Chain {
        /// Stable code.
        code: String,
        /// The core's message.
        error_message: String,
    },
}

impl TaolightError {
    /// The stable code, whatever the kind.
    pub fn code(&self) -> &str {
        match self {
            Self::BadInput { code, .. }
            | Self::Io { code, .. }
            | Self::Network { code, .. }
            | Self::Chain { code, .. } => code,
        }
    }
}

/// Every core error, and every module error the core composes into `taolight::Error`
/// (`KeyError`, `KeyfileError`), converts with `?`.
impl<E: Into<taolight::Error>> From<E> for TaolightError {
    fn from(e: E) -> Self {
        let e: taolight::Error = e.into();
        let (code, error_message) = (e.code(), e.to_string());
        match e.kind() {
            ErrorKind::BadInput => Self::BadInput { code, error_message },
            ErrorKind::Io => Self::Io { code, error_message },
            ErrorKind::Network => Self::Network { code, error_message },
            ErrorKind::Chain => Self::Chain { code, error_message },
        }
    }
}

/// Result type of the exported functions.
pub type Result<T, E = TaolightError> = core::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use taolight::keyfile::KeyfileError;
    use taolight::keys::KeyError;

    use super::TaolightError;

    #[test]
    fn core_errors_keep_kind_code_and_message() {
        let e = TaolightError::from(KeyError::UnknownWord { position: 3 });
        assert!(matches!(&e, TaolightError::BadInput { code, error_message }
            if code == "key.unknown_word" && error_message == "word 3 of the mnemonic is not in the BIP39 English word list"));
        assert_eq!(e.to_string(), "word 3 of the mnemonic is not in the BIP39 English word list");

        let io = KeyfileError::Io {
            op: "reading",
            path: "/w/coldkey".into(),
            source: std::io::Error::other("disk on fire"),
        };
        let e = TaolightError::from(io);
        assert!(matches!(&e, TaolightError::Io { code, error_message }
            if code == "keyfile.io" && error_message == "reading /w/coldkey: disk on fire"));
        assert_eq!(e.code(), "keyfile.io");

        let e = TaolightError::from(taolight::Error::from(KeyfileError::WrongPassword));
        assert_eq!(e.code(), "keyfile.wrong_password");
    }
}
