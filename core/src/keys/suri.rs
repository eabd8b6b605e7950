//! Secret URIs: `phrase//hard/soft///password`, `0x<seed>//path`, `//Alice` (dev phrase).

use super::{Junction, KeyError, DEV_PHRASE};
use crate::SecretString;

/// A parsed secret URI. Every part is secret: it is held in zeroizing types and never printed.
#[derive(Clone)]
pub struct SecretUri {
    /// The phrase or `0x`-hex seed; the dev phrase when the URI starts with `/`.
    pub phrase: SecretString,
    /// Derivation path, outermost first.
    pub junctions: Vec<Junction>,
    /// The BIP39 password (`///password`), if any.
    pub password: Option<SecretString>,
}

impl core::fmt::Debug for SecretUri {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "SecretUri(<redacted>, {} junctions)", self.junctions.len())
    }
}

impl SecretUri {
    /// Parses a secret URI the way Substrate does
    /// (`^(phrase)?(//?[^/]+)*(///password)?$`).
    ///
    /// One departure from Substrate: an empty URI is refused. Substrate reads it as the public
    /// dev phrase, so an empty input field would silently sign with a key anyone holds;
    /// `//Alice`, `///password` and the dev phrase itself still name the dev keys explicitly.
    pub fn parse(uri: &str) -> Result<Self, KeyError> {
        let uri = uri.trim();
        if uri.is_empty() {
            return Err(KeyError::InvalidSecretUri("empty: give a mnemonic, a 0x seed or a //path"));
        }
        let (body, password) = match uri.find("///") {
            Some(i) => (&uri[..i], Some(SecretString::from(&uri[i + 3..]))),
            None => (uri, None),
        };
        let (phrase, path) = match body.find('/') {
            Some(i) => (&body[..i], &body[i..]),
            None => (body, ""),
        };
        let phrase = phrase.trim();
        if !phrase.chars().all(|c| c.is_alphanumeric() || c == ' ' || c == '_') {
            return Err(KeyError::InvalidSecretUri("the phrase may hold only words or 0x-hex"));
        }
        let phrase = if phrase.is_empty() { DEV_PHRASE } else { phrase };
        Ok(Self { phrase: SecretString::from(phrase), junctions: parse_path(path)?, password })
    }
}

/// Parses `//a/b//c` into junctions.
fn parse_path(mut path: &str) -> Result<Vec<Junction>, KeyError> {
    let mut out = Vec::new();
    while !path.is_empty() {
        let hard = path.starts_with("//");
        let rest = if hard { &path[2..] } else { path.strip_prefix('/').unwrap_or(path) };
        let end = rest.find('/').unwrap_or(rest.len());
        let text = &rest[..end];
        if text.is_empty() {
            return Err(KeyError::InvalidSecretUri("empty derivation junction"));
        }
        out.push(if hard { Junction::hard(text) } else { Junction::soft(text) });
        path = &rest[end..];
    }
    Ok(out)
}
