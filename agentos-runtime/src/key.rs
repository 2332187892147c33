//! Credentials: the API key (always redacted) and the client's short name.

use std::fmt;

/// An agentOS API key. Its `Debug` and `Display` show at most the last 5 characters, the part
/// the vendor allows to be shared with support.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key.
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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ShortName(String);

impl ShortName {
    /// The name as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
