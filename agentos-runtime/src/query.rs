//! Writing query strings.
//!
//! Array parameters repeat the key (`?a=1&a=2`), as the agentOS documents declare
//! (`collectionFormat: multi`). A parameter the document declares secret is written with the
//! `secret_*` methods: sent as any other, shown as `name=<redacted>` (see [`crate::secret`]).

use std::fmt::Display;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::secret::Shown;

/// Characters left as they are in a query key or value (RFC 3986 unreserved).
const QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Writes `key=value` pairs; generated `Endpoint::write_query` implementations drive it.
#[derive(Debug)]
pub struct QueryWriter<'a> {
    out: &'a mut String,
    shown: Shown,
}

impl<'a> QueryWriter<'a> {
    /// A writer appending `key=value` pairs (joined by `&`, no leading `?`) to `out`.
    pub fn new(out: &'a mut String) -> Self {
        Self {
            out,
            shown: Shown::default(),
        }
    }

    /// Appends one pair.
    pub fn pair(&mut self, key: &str, value: &dyn Display) -> &mut Self {
        let start = self.out.len();
        self.key(key);
        self.out
            .extend(utf8_percent_encode(&value.to_string(), QUERY));
        self.shown.plain(&self.out[start..]);
        self
    }

    /// Appends one pair whose value is a secret: sent like [`QueryWriter::pair`], shown as
    /// `key=<redacted>`, and scrubbed from what the server sends back.
    pub fn secret_pair(&mut self, key: &str, value: &dyn Display) -> &mut Self {
        let start = self.out.len();
        self.key(key);
        self.shown.plain(&self.out[start..]);
        let text = value.to_string();
        self.shown.secret(self.out.as_str(), text.clone());
        self.out.extend(utf8_percent_encode(&text, QUERY));
        self
    }

    /// Appends a secret pair when the value is present.
    pub fn secret_optional<T: Display>(&mut self, key: &str, value: Option<&T>) -> &mut Self {
        if let Some(value) = value {
            self.secret_pair(key, value);
        }
        self
    }

    /// Appends one secret pair per element, repeating the key.
    pub fn secret_each<T: Display>(&mut self, key: &str, values: &[T]) -> &mut Self {
        for value in values {
            self.secret_pair(key, value);
        }
        self
    }

    /// Appends the separator, the key and `=`.
    fn key(&mut self, key: &str) {
        if !self.out.is_empty() {
            self.out.push('&');
        }
        self.out.extend(utf8_percent_encode(key, QUERY));
        self.out.push('=');
    }

    /// What may be shown of the query written.
    pub(crate) fn into_shown(self) -> Shown {
        self.shown
    }

    /// Appends a pair when the value is present.
    pub fn optional<T: Display>(&mut self, key: &str, value: Option<&T>) -> &mut Self {
        if let Some(value) = value {
            self.pair(key, value);
        }
        self
    }

    /// Appends one pair per element, repeating the key.
    pub fn each<T: Display>(&mut self, key: &str, values: &[T]) -> &mut Self {
        for value in values {
            self.pair(key, value);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_repeat_the_key_and_values_are_encoded() {
        let mut out = String::new();
        let mut q = QueryWriter::new(&mut out);
        q.pair("offset", &0)
            .pair("count", &1000)
            .each("type", &["a b", "c&d"])
            .optional::<i32>("missing", None)
            .optional("present", Some(&"x=y"));
        assert_eq!(
            out,
            "offset=0&count=1000&type=a%20b&type=c%26d&present=x%3Dy"
        );
    }

    #[test]
    fn secret_values_are_sent_and_shown_redacted() {
        let mut out = String::new();
        let mut q = QueryWriter::new(&mut out);
        q.pair("username", &"jo")
            .secret_pair("password", &"hunter 2")
            .secret_optional::<&str>("pin", None)
            .secret_each("token", &["t1", "t2"])
            .pair("x", &1);
        let shown = q.into_shown();
        assert_eq!(out, "username=jo&password=hunter%202&token=t1&token=t2&x=1");
        assert_eq!(
            shown.redacted(),
            Some("username=jo&password=<redacted>&token=<redacted>&token=<redacted>&x=1")
        );
        assert_eq!(shown.into_values(), ["hunter 2", "t1", "t2"]);
        let mut out = String::new();
        let mut q = QueryWriter::new(&mut out);
        q.pair("a", &1).secret_optional("b", Some(&"s3cret"));
        assert_eq!(q.into_shown().redacted(), Some("a=1&b=<redacted>"));
        assert_eq!(out, "a=1&b=s3cret");
    }

    #[test]
    fn empty_array_writes_nothing() {
        let mut out = String::new();
        QueryWriter::new(&mut out).each::<i32>("ids", &[]);
        assert_eq!(out, "");
    }
}
