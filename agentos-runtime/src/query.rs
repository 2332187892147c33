//! Writing query strings.
//!
//! Array parameters repeat the key (`?a=1&a=2`), as the agentOS documents declare
//! (`collectionFormat: multi`).

use std::fmt::Display;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

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
}

impl<'a> QueryWriter<'a> {
    /// A writer appending `key=value` pairs (joined by `&`, no leading `?`) to `out`.
    pub fn new(out: &'a mut String) -> Self {
        Self { out }
    }

    /// Appends one pair.
    pub fn pair(&mut self, key: &str, value: &dyn Display) -> &mut Self {
        if !self.out.is_empty() {
            self.out.push('&');
        }
        self.out.extend(utf8_percent_encode(key, QUERY));
        self.out.push('=');
        let text = value.to_string();
        self.out.extend(utf8_percent_encode(&text, QUERY));
        self
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
    fn empty_array_writes_nothing() {
        let mut out = String::new();
        QueryWriter::new(&mut out).each::<i32>("ids", &[]);
        assert_eq!(out, "");
    }
}
