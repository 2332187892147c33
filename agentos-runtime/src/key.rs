//! Credentials: the API key (always redacted) and the client's short name (validated).

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use crate::redact;

/// An agentOS API key. Its `Debug` and `Display` show at most the last 5 characters, the part
/// the vendor allows to be shared with support.
///
/// Only [`ApiKey::expose`] gives the key itself; the client uses it for the `api_key` header
/// (marked sensitive) or query parameter and nowhere else.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key. It is checked (non-empty, printable ASCII) when the client is built.
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// The key itself, for the request header. Never log this.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The last 5 characters, for support tickets.
    pub fn last5(&self) -> &str {
        let start = self.0.char_indices().rev().nth(4).map_or(0, |(i, _)| i);
        &self.0[start..]
    }

    /// Why the key cannot be sent, if it cannot (the reason never contains the key).
    pub(crate) fn problem(&self) -> Option<&'static str> {
        if self.0.is_empty() {
            Some("the API key is empty")
        } else if !self.0.bytes().all(|b| b.is_ascii_graphic()) {
            Some("the API key contains whitespace, control or non-ASCII characters")
        } else {
            None
        }
    }

    /// `text` with every spelling of the key in it (raw, JSON-escaped, percent-encoded, as a
    /// character reference, in any string or member name of a JSON document; see
    /// [`crate::redact`]) replaced by its redacted form, so that a server echoing the key back
    /// cannot put it into an error, a report or a trace.
    pub(crate) fn scrub<'t>(&self, text: &'t str) -> Cow<'t, str> {
        // A key no longer than what may be shown anyway is not worth rewriting text for (and a
        // very short key would mangle unrelated text).
        if self.0.len() <= 5 {
            return Cow::Borrowed(text);
        }
        redact::scrub(text, &self.0, &self.to_string())
    }
}

impl From<&str> for ApiKey {
    fn from(key: &str) -> Self {
        Self::new(key)
    }
}

impl From<String> for ApiKey {
    fn from(key: String) -> Self {
        Self::new(key)
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey(…{})", self.last5())
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "…{}", self.last5())
    }
}

/// The short name of the client organisation whose data is accessed (`{shortName}` in paths).
///
/// Validated on construction: it is one path segment and an identifier, never free text, so
/// only ASCII letters, digits, `-`, `_`, `.` and `~` are accepted (the characters a URL path
/// segment carries as they are), at most [`ShortName::MAX_LEN`] of them, and never a name made
/// of dots alone: `.` and `..` are dot segments, which URL parsing removes together with the
/// segment before them (`/v3/diary/../appointment` is `/v3/appointment`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShortName(String);

/// Why a short name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ShortNameError {
    /// The name is empty.
    #[error("the short name is empty")]
    Empty,
    /// The name is longer than [`ShortName::MAX_LEN`] characters.
    #[error("the short name is longer than {} characters", ShortName::MAX_LEN)]
    TooLong,
    /// The name is only dots (`.` and `..` are dot segments, which would drop a segment of
    /// every path).
    #[error(
        "the short name {0:?} is only dots: `.` and `..` are dot segments, which would remove part of every path"
    )]
    DotSegment(String),
    /// The name holds a character a short name cannot have (`/`, `?`, `#`, `%`, whitespace,
    /// control or non-ASCII characters...).
    #[error(
        "the short name {name:?} contains {found:?}: a short name is ASCII letters, digits, '-', '_', '.' and '~'"
    )]
    InvalidCharacter {
        /// The name as given.
        name: String,
        /// The first character refused.
        found: char,
    },
}

impl ShortName {
    /// The longest short name accepted (real ones are a few characters).
    pub const MAX_LEN: usize = 100;

    /// Validates and wraps a short name.
    pub fn new(name: impl Into<String>) -> Result<Self, ShortNameError> {
        let name = name.into();
        if name.is_empty() {
            return Err(ShortNameError::Empty);
        }
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~');
        if let Some(found) = name.chars().find(|c| !allowed(*c)) {
            return Err(ShortNameError::InvalidCharacter { name, found });
        }
        if name.len() > Self::MAX_LEN {
            return Err(ShortNameError::TooLong);
        }
        if name.bytes().all(|b| b == b'.') {
            return Err(ShortNameError::DotSegment(name));
        }
        Ok(Self(name))
    }

    /// The name as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for ShortName {
    type Err = ShortNameError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl TryFrom<&str> for ShortName {
    type Error = ShortNameError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::new(s)
    }
}

impl TryFrom<String> for ShortName {
    type Error = ShortNameError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::new(s)
    }
}

impl AsRef<str> for ShortName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ShortName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CANARY: &str = "CANARY-secret-key-0123456789-zyxwv";

    #[test]
    fn key_shows_only_last_five() {
        let key = ApiKey::new(CANARY);
        assert_eq!(key.last5(), "zyxwv");
        assert_eq!(format!("{key}"), "…zyxwv");
        assert_eq!(format!("{key:?}"), "ApiKey(…zyxwv)");
        assert_eq!(format!("{key:#?}"), "ApiKey(…zyxwv)");
        assert_eq!(ApiKey::new("abc").last5(), "abc");
        assert_eq!(ApiKey::new("ééééééé").last5(), "ééééé");
    }

    #[test]
    fn key_problems() {
        assert!(ApiKey::new(CANARY).problem().is_none());
        assert!(ApiKey::new("").problem().is_some());
        assert!(ApiKey::new("a b").problem().is_some());
        assert!(ApiKey::new("a\nb").problem().is_some());
        let reason = ApiKey::new(format!("{CANARY} ")).problem().unwrap();
        assert!(!reason.contains(CANARY));
    }

    #[test]
    fn scrub_removes_echoed_key() {
        let key = ApiKey::new(CANARY);
        let text = format!("{{\"Message\":\"key {CANARY} is revoked\"}}");
        let clean = key.scrub(&text);
        assert!(!clean.contains(CANARY));
        assert!(clean.contains("…zyxwv is revoked"));
    }

    #[test]
    fn short_name_validation() {
        assert_eq!(ShortName::new("acme").unwrap().as_str(), "acme");
        assert_eq!(
            ShortName::new("Acme-1_b.c~d").unwrap().as_str(),
            "Acme-1_b.c~d"
        );
        assert!("x".parse::<ShortName>().is_ok());
        assert!(ShortName::new("...x").is_ok(), "dots with more is a name");
        assert_eq!(ShortName::new(""), Err(ShortNameError::Empty));
        for dots in [".", "..", "..."] {
            assert_eq!(
                ShortName::new(dots),
                Err(ShortNameError::DotSegment(dots.to_owned()))
            );
        }
        for (name, found) in [
            ("a/b", '/'),
            ("a\\b", '\\'),
            ("a?b", '?'),
            ("a#b", '#'),
            ("a%2e", '%'),
            ("a b", ' '),
            ("a\tb", '\t'),
            ("a\u{7}b", '\u{7}'),
            ("é", 'é'),
            ("a;b", ';'),
        ] {
            assert_eq!(
                ShortName::new(name),
                Err(ShortNameError::InvalidCharacter {
                    name: name.to_owned(),
                    found
                }),
                "{name:?}"
            );
        }
        let long = "a".repeat(ShortName::MAX_LEN + 1);
        assert_eq!(ShortName::new(long), Err(ShortNameError::TooLong));
        assert!(ShortName::new("a".repeat(ShortName::MAX_LEN)).is_ok());
    }
}
