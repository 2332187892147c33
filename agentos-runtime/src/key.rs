//! Credentials: the API key (always redacted) and the client's short name (validated).

use std::fmt;
use std::str::FromStr;

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

    /// Replaces every occurrence of the key in `text` with its redacted form, so that a server
    /// echoing the key back cannot put it into an error or a report.
    pub(crate) fn scrub(&self, text: &str) -> String {
        // A key no longer than what may be shown anyway is not worth rewriting text for (and a
        // very short key would mangle unrelated text).
        if self.0.len() <= 5 || !text.contains(self.0.as_str()) {
            return text.to_owned();
        }
        text.replace(self.0.as_str(), &self.to_string())
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
/// Validated on construction: non-empty, no `/`, no whitespace or control characters (it is a
/// path segment and an identifier, never free text).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShortName(String);

/// Why a short name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShortNameError {
    /// The name is empty.
    #[error("the short name is empty")]
    Empty,
    /// The name contains a `/`, which would split its path segment.
    #[error("the short name {0:?} contains '/'")]
    Slash(String),
    /// The name contains whitespace or a control character.
    #[error("the short name {0:?} contains whitespace or a control character")]
    Whitespace(String),
}

impl ShortName {
    /// Validates and wraps a short name.
    pub fn new(name: impl Into<String>) -> Result<Self, ShortNameError> {
        let name = name.into();
        if name.is_empty() {
            Err(ShortNameError::Empty)
        } else if name.contains('/') {
            Err(ShortNameError::Slash(name))
        } else if name.chars().any(|c| c.is_whitespace() || c.is_control()) {
            Err(ShortNameError::Whitespace(name))
        } else {
            Ok(Self(name))
        }
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
        assert_eq!(ShortName::new(""), Err(ShortNameError::Empty));
        assert!(matches!(
            ShortName::new("a/b"),
            Err(ShortNameError::Slash(_))
        ));
        assert!(matches!(
            ShortName::new("a b"),
            Err(ShortNameError::Whitespace(_))
        ));
        assert!(matches!(
            ShortName::new("a\tb"),
            Err(ShortNameError::Whitespace(_))
        ));
        assert!(matches!(
            ShortName::new("a\u{7}b"),
            Err(ShortNameError::Whitespace(_))
        ));
        assert!("x".parse::<ShortName>().is_ok());
    }
}
