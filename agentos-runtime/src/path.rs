//! Building request paths from literals and parameters.
//!
//! Each path parameter is percent-encoded as exactly one segment: `../x` becomes `%2E%2E%2Fx`,
//! text that cannot climb out of its segment. Three values cannot be made safe by encoding and
//! are refused instead: the empty string (it would turn `/appointment/{id}` into
//! `/appointment/`, another operation) and `.`/`..` (URL parsing treats `%2E%2E` exactly like
//! `..` and removes the segment before it).
//!
//! Literal text comes from the schema, which the generator checks; the writer checks the
//! finished path again, so that no template can make the client send a query or fragment of
//! its own (`?x=1`, `#f`: the real query would follow it, or be dropped) or a dot segment
//! (`/../`, `/%2e%2e/`).
//!
//! A parameter the document declares secret is written with [`PathWriter::secret`]: sent as
//! any other, shown as `<redacted>` (see [`crate::secret`]).

use std::fmt::Display;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::key::ShortName;
use crate::secret::{REDACTED, Shown};

/// Characters left as they are inside a segment: RFC 3986 unreserved, minus `.` so that a
/// parameter containing dots never reads as a dot segment or a file extension.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'~');

/// A path parameter that cannot be sent as one segment.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("path parameter {value:?} cannot be sent: {reason}")]
pub struct PathError {
    /// The parameter value as written.
    pub value: String,
    /// Why it was refused.
    pub reason: &'static str,
}

/// Writes a request path; generated `Endpoint::write_path` implementations drive it.
#[derive(Debug)]
pub struct PathWriter<'a> {
    out: &'a mut String,
    short_name: &'a ShortName,
    error: Option<PathError>,
    shown: Shown,
}

impl<'a> PathWriter<'a> {
    /// A writer appending to `out`, using `short_name` for the `{shortName}` segment.
    pub fn new(out: &'a mut String, short_name: &'a ShortName) -> Self {
        Self {
            out,
            short_name,
            error: None,
            shown: Shown::default(),
        }
    }

    /// Appends literal template text (already a valid path, e.g. `/v3/diary/`).
    pub fn literal(&mut self, text: &str) -> &mut Self {
        self.out.push_str(text);
        self.shown.plain(text);
        self
    }

    /// Appends the client's short name as one encoded segment.
    pub fn short_name(&mut self) -> &mut Self {
        let start = self.out.len();
        let name = self.short_name.as_str();
        self.out.extend(utf8_percent_encode(name, SEGMENT));
        self.shown.plain(&self.out[start..]);
        self
    }

    /// Appends a parameter value as one encoded segment.
    ///
    /// An empty, `.` or `..` value is recorded as an error that [`PathWriter::finish`] returns
    /// (the client turns it into `ApiError::Request`, before anything is sent).
    pub fn param(&mut self, value: &dyn Display) -> &mut Self {
        let text = value.to_string();
        self.check(&text, &text);
        let start = self.out.len();
        self.out.extend(utf8_percent_encode(&text, SEGMENT));
        self.shown.plain(&self.out[start..]);
        self
    }

    /// Appends a secret parameter's value as one encoded segment: sent like
    /// [`PathWriter::param`], shown as `<redacted>` (in the URL of an error's context and of a
    /// support report), and scrubbed from what the server sends back.
    pub fn secret(&mut self, value: &dyn Display) -> &mut Self {
        let text = value.to_string();
        self.check(&text, REDACTED);
        self.shown.secret(self.out.as_str(), text.clone());
        self.out.extend(utf8_percent_encode(&text, SEGMENT));
        self
    }

    /// Records why `text` cannot be a segment, if it cannot (`shown` is what the error says
    /// the value was).
    fn check(&mut self, text: &str, shown: &str) {
        let reason = match text {
            "" => Some("it is empty"),
            "." | ".." => Some("it is a dot segment"),
            _ => None,
        };
        if let Some(reason) = reason {
            self.error.get_or_insert(PathError {
                value: shown.to_owned(),
                reason,
            });
        }
    }

    /// Ends writing; the first refused parameter, or what is wrong with the path as a whole.
    pub fn finish(self) -> Result<(), PathError> {
        self.finish_shown().0
    }

    /// [`PathWriter::finish`], and what may be shown of the path.
    pub(crate) fn finish_shown(self) -> (Result<(), PathError>, Shown) {
        if let Some(error) = self.error {
            return (Err(error), self.shown);
        }
        let result = match path_problem(self.out) {
            Some(reason) => Err(PathError {
                value: self
                    .shown
                    .redacted()
                    .unwrap_or(self.out.as_str())
                    .to_owned(),
                reason,
            }),
            None => Ok(()),
        };
        (result, self.shown)
    }
}

/// Why a written path cannot be sent as it is, if it cannot: characters that end the path or
/// change its meaning, or a dot segment (also percent-encoded).
fn path_problem(path: &str) -> Option<&'static str> {
    // One pass over the bytes (this runs for every request), gathering which classes of byte
    // occur; the answer is the first reason below, in their order, that applies anywhere.
    let found = path
        .bytes()
        .fold(0, |found, byte| found | BYTE_CLASSES[usize::from(byte)]);
    // Characters outside ASCII need `char`'s tables (a literal outside ASCII: rare).
    let spaced = found & SPACE != 0
        || (found & NON_ASCII != 0 && path.chars().any(|c| c.is_whitespace() || c.is_control()));
    if found & QUERY != 0 {
        Some("the path template holds a query or fragment (`?`, `#`)")
    } else if found & BACKSLASH != 0 {
        Some("the path template holds a backslash, which URLs read as `/`")
    } else if spaced {
        Some("the path template holds whitespace or control characters")
    } else if found & DOT != 0 && path.split('/').any(|s| is_dot_segment(s.as_bytes())) {
        Some("the path template holds a dot segment (`.` or `..`)")
    } else {
        None
    }
}

/// Classes of bytes [`path_problem`] looks for.
const QUERY: u8 = 1;
const BACKSLASH: u8 = 2;
/// ASCII whitespace and control characters.
const SPACE: u8 = 4;
/// `.` or `%`: what a dot segment is made of.
const DOT: u8 = 8;
const NON_ASCII: u8 = 16;

/// The class of each byte value.
static BYTE_CLASSES: [u8; 256] = {
    let mut classes = [0; 256];
    let mut byte = 0;
    while byte < 256 {
        classes[byte] = match byte as u8 {
            b'?' | b'#' => QUERY,
            b'\\' => BACKSLASH,
            // ASCII whitespace is a space or a control character.
            b' ' | 0..=0x1f | 0x7f => SPACE,
            b'.' | b'%' => DOT,
            0x80.. => NON_ASCII,
            _ => 0,
        };
        byte += 1;
    }
    classes
};

/// Whether `segment` is `.` or `..`, each dot raw or percent-encoded (`%2e`, `%2E`): one or
/// two of those and nothing else.
fn is_dot_segment(segment: &[u8]) -> bool {
    let mut rest = segment;
    let mut dots = 0;
    while !rest.is_empty() {
        rest = match rest {
            [b'.', tail @ ..] => tail,
            [b'%', b'2', b'e' | b'E', tail @ ..] => tail,
            _ => return false,
        };
        dots += 1;
    }
    matches!(dots, 1 | 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(f: impl FnOnce(&mut PathWriter<'_>)) -> (String, Result<(), PathError>) {
        let short = ShortName::new("acme-1").unwrap();
        let mut out = String::new();
        let mut w = PathWriter::new(&mut out, &short);
        f(&mut w);
        let result = w.finish();
        (out, result)
    }

    #[test]
    fn params_stay_in_their_segment() {
        let (path, ok) = write(|w| {
            w.literal("/v3/diary/")
                .short_name()
                .literal("/appointment/")
                .param(&"../x");
        });
        assert_eq!(path, "/v3/diary/acme-1/appointment/%2E%2E%2Fx");
        assert!(ok.is_ok());
        let (path, _) = write(|w| {
            w.param(&"a b/c?d#e%f.g~h_i-j");
        });
        assert_eq!(path, "a%20b%2Fc%3Fd%23e%25f%2Eg~h_i-j");
        let (path, _) = write(|w| {
            w.param(&"é");
        });
        assert_eq!(path, "%C3%A9");
    }

    #[test]
    fn secrets_are_sent_and_shown_redacted() {
        let short = ShortName::new("acme").unwrap();
        let mut out = String::new();
        let mut w = PathWriter::new(&mut out, &short);
        w.literal("/v3/").short_name().literal("/login/");
        w.secret(&"hunter 2").literal("/as/").param(&"jo");
        let (result, shown) = w.finish_shown();
        assert!(result.is_ok());
        assert_eq!(out, "/v3/acme/login/hunter%202/as/jo");
        assert_eq!(shown.redacted(), Some("/v3/acme/login/<redacted>/as/jo"));
        assert_eq!(shown.into_values(), ["hunter 2"]);
        // Without a secret nothing is copied.
        let (_, shown) = {
            let mut out = String::new();
            let mut w = PathWriter::new(&mut out, &short);
            w.literal("/a/").param(&"b");
            w.finish_shown()
        };
        assert_eq!(shown.redacted(), None);
        // A refused secret segment does not show its value.
        let (_, result) = write(|w| {
            w.literal("/x/").secret(&"..");
        });
        assert_eq!(result.unwrap_err().value, "<redacted>");
    }

    #[test]
    fn dot_and_empty_segments_are_refused() {
        for bad in ["", ".", ".."] {
            let (_, result) = write(|w| {
                w.literal("/x/").param(&bad).literal("/y/").param(&"ok");
            });
            let err = result.unwrap_err();
            assert_eq!(err.value, bad);
        }
        let (_, result) = write(|w| {
            w.param(&"...");
        });
        assert!(result.is_ok(), "three dots are an ordinary segment");
    }

    /// The checks as first written (allocating), which the byte-wise ones must agree with.
    fn path_problem_as_written(path: &str) -> Option<&'static str> {
        if path.contains(['?', '#']) {
            return Some("the path template holds a query or fragment (`?`, `#`)");
        }
        if path.contains('\\') {
            return Some("the path template holds a backslash, which URLs read as `/`");
        }
        if path.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Some("the path template holds whitespace or control characters");
        }
        let dot_segment = path.split('/').any(|segment| {
            let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
            decoded == "." || decoded == ".."
        });
        dot_segment.then_some("the path template holds a dot segment (`.` or `..`)")
    }

    #[test]
    fn the_checks_agree_with_their_first_form_on_every_short_path() {
        let alphabet = [
            ".", "%", "2", "e", "E", "/", "a", " ", "\u{b}", "\u{85}", "\u{a0}", "é", "?", "#",
            "\\", "\u{7f}",
        ];
        let mut paths = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = paths
                .iter()
                .flat_map(|p| alphabet.iter().map(move |c| format!("{p}{c}")))
                .collect();
            for path in &longer {
                assert_eq!(
                    path_problem(path),
                    path_problem_as_written(path),
                    "{path:?}"
                );
            }
            paths = longer;
        }
    }

    #[test]
    fn literals_cannot_add_a_query_a_fragment_or_a_dot_segment() {
        for literal in [
            "/v3/diary/x?offset=1",
            "/v3/diary/x#frag",
            "/v3/../x",
            "/v3/./x",
            "/v3/%2e%2e/x",
            "/v3/%2E./x",
            "/v3/.%2e",
            "/v3\\..\\x",
            "/v3/a b",
            "/v3/a\nb",
        ] {
            let (_, result) = write(|w| {
                w.literal(literal);
            });
            let err = result.unwrap_err();
            assert_eq!(err.value, literal);
        }
        for fine in ["/v3/diary/", "/v3/.../x", "/v3/a.b/x", "/v3/%2ex/"] {
            let (_, result) = write(|w| {
                w.literal(fine);
            });
            assert!(result.is_ok(), "{fine}");
        }
    }
}
