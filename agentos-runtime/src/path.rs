//! Building request paths from literals and parameters.
//!
//! Each path parameter is percent-encoded as exactly one segment: `../x` becomes
//! `..%2Fx`-style text that cannot climb out of its segment (`%2E%2E%2Fx`).

use std::fmt::Display;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::key::ShortName;

/// Characters left as they are inside a segment: RFC 3986 unreserved, minus `.` so that
/// `.` and `..` segments can never be formed from a parameter.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'~');

/// Writes a request path; generated `Endpoint::write_path` implementations drive it.
#[derive(Debug)]
pub struct PathWriter<'a> {
    out: &'a mut String,
    short_name: &'a ShortName,
}

impl<'a> PathWriter<'a> {
    /// A writer appending to `out`, using `short_name` for the `{shortName}` segment.
    pub fn new(out: &'a mut String, short_name: &'a ShortName) -> Self {
        Self { out, short_name }
    }

    /// Appends literal template text (already a valid path, e.g. `/v3/diary/`).
    pub fn literal(&mut self, text: &str) -> &mut Self {
        self.out.push_str(text);
        self
    }

    /// Appends the client's short name as one encoded segment.
    pub fn short_name(&mut self) -> &mut Self {
        let name = self.short_name.as_str();
        self.out.extend(utf8_percent_encode(name, SEGMENT));
        self
    }

    /// Appends a parameter value as one encoded segment.
    pub fn param(&mut self, value: &dyn Display) -> &mut Self {
        let text = value.to_string();
        self.out.extend(utf8_percent_encode(&text, SEGMENT));
        self
    }
}
