//! What can go wrong while loading a document, and how it is reported: always with the
//! document's origin, and either a line:column (text that is not JSON/YAML) or the JSON pointer
//! of the offending node with what was expected there and what was found.

use std::fmt;

use serde_json::Value;

use super::pointer::Ptr;
use crate::text::one_line;

/// The text syntax a document was read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// JSON (the text starts with `{` or `[`).
    Json,
    /// YAML (anything else).
    Yaml,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Json => "JSON",
            Format::Yaml => "YAML",
        })
    }
}

/// Why a document could not be loaded.
///
/// Every variant names the document's origin (a path, or whatever the caller passed to
/// [`load_str`](super::load_str)); all but [`Io`](LoadError::Io) and
/// [`Syntax`](LoadError::Syntax) name the JSON pointer of the offending node, see
/// [`LoadError::pointer`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The file could not be read (missing, unreadable, not UTF-8).
    #[error("{}: cannot read the document: {source}", one_line(.origin))]
    Io {
        /// The path that was read.
        origin: String,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The document is larger than the generator reads
    /// ([`MAX_DOCUMENT_BYTES`](super::MAX_DOCUMENT_BYTES)).
    #[error("{}: the document is larger than the {limit} bytes the generator reads", one_line(.origin))]
    TooLarge {
        /// Where the text came from.
        origin: String,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The text is not well-formed JSON or YAML.
    #[error("{}{}: invalid {format}: {}", one_line(.origin), line_column(*.location), one_line(.message))]
    Syntax {
        /// Where the text came from.
        origin: String,
        /// The syntax the text was read as.
        format: Format,
        /// 1-based line and column of the error, when the parser knows it.
        location: Option<(usize, usize)>,
        /// The parser's description of the error.
        message: String,
    },
    /// A node is not what an OpenAPI/Swagger document may hold at that place.
    #[error(
        "{}: {}: expected {}, found {}",
        one_line(.origin),
        one_line(.pointer),
        one_line(.expected),
        one_line(.found)
    )]
    Invalid {
        /// Where the text came from.
        origin: String,
        /// JSON pointer of the offending node, in fragment form (`#/paths/~1a/get`).
        pointer: String,
        /// What may stand there.
        expected: String,
        /// What stands there instead.
        found: String,
    },
    /// A `$ref` points at nothing in the document.
    #[error(
        "{}: {}: expected `$ref` to point into this document, found nothing at {}",
        one_line(.origin),
        one_line(.pointer),
        one_line(.target)
    )]
    UnresolvedRef {
        /// Where the text came from.
        origin: String,
        /// JSON pointer of the `$ref` member itself.
        pointer: String,
        /// The reference as written.
        target: String,
    },
    /// The OpenAPI model rejected the (checked and normalised) document. The loader's own
    /// checks run first, so this is a backstop for cases they do not cover.
    #[error("{}: {}: {}", one_line(.origin), one_line(.pointer), one_line(.message))]
    Model {
        /// Where the text came from.
        origin: String,
        /// JSON pointer of the deepest node the model reached.
        pointer: String,
        /// What the model said.
        message: String,
    },
}

impl LoadError {
    /// Where the document came from, as given to the loader.
    pub fn origin(&self) -> &str {
        match self {
            LoadError::Io { origin, .. }
            | LoadError::TooLarge { origin, .. }
            | LoadError::Syntax { origin, .. }
            | LoadError::Invalid { origin, .. }
            | LoadError::UnresolvedRef { origin, .. }
            | LoadError::Model { origin, .. } => origin,
        }
    }

    /// JSON pointer (fragment form, `#/...`) of the offending node, for errors found in a
    /// well-formed document; `None` for unreadable files and syntax errors.
    pub fn pointer(&self) -> Option<&str> {
        match self {
            LoadError::Invalid { pointer, .. }
            | LoadError::UnresolvedRef { pointer, .. }
            | LoadError::Model { pointer, .. } => Some(pointer),
            LoadError::Io { .. } | LoadError::TooLarge { .. } | LoadError::Syntax { .. } => None,
        }
    }

    /// 1-based line and column of a syntax error, when known.
    pub fn location(&self) -> Option<(usize, usize)> {
        match self {
            LoadError::Syntax { location, .. } => *location,
            _ => None,
        }
    }
}

fn line_column(location: Option<(usize, usize)>) -> String {
    match location {
        Some((line, column)) => format!(":{line}:{column}"),
        None => String::new(),
    }
}

/// A problem found inside a document, before the origin is known to attach to it.
#[derive(Debug)]
pub(crate) enum Problem {
    /// See [`LoadError::Invalid`].
    Invalid {
        pointer: String,
        expected: String,
        found: String,
    },
    /// See [`LoadError::UnresolvedRef`].
    Unresolved { pointer: String, target: String },
}

impl Problem {
    /// `expected` at `at`, where `found` stands.
    pub(crate) fn new(at: &Ptr<'_>, expected: impl Into<String>, found: impl Into<String>) -> Self {
        Problem::Invalid {
            pointer: at.to_string(),
            expected: expected.into(),
            found: found.into(),
        }
    }

    /// `expected` at the rendered `pointer`, where `found` stands.
    pub(crate) fn at_pointer(
        pointer: String,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> Self {
        Problem::Invalid {
            pointer,
            expected: expected.into(),
            found: found.into(),
        }
    }

    /// `expected` at `at`, where `value` stands (described briefly).
    pub(crate) fn found(at: &Ptr<'_>, expected: impl Into<String>, value: &Value) -> Self {
        Problem::new(at, expected, describe(value))
    }

    /// The object at `at` lacks the required member `key`.
    pub(crate) fn missing(at: &Ptr<'_>, key: &str, expected: impl Into<String>) -> Self {
        Problem::new(
            at,
            format!("`{key}`: {}", expected.into()),
            format!("an object without `{key}`"),
        )
    }

    /// Appends a note to what was found (e.g. that the pointer is into a converted document).
    pub(crate) fn note(self, note: &str) -> Self {
        match self {
            Problem::Invalid {
                pointer,
                expected,
                found,
            } => Problem::Invalid {
                pointer,
                expected,
                found: format!("{found} {note}"),
            },
            unresolved @ Problem::Unresolved { .. } => unresolved,
        }
    }

    /// Attaches the document's origin.
    pub(crate) fn into_error(self, origin: &str) -> LoadError {
        match self {
            Problem::Invalid {
                pointer,
                expected,
                found,
            } => LoadError::Invalid {
                origin: origin.to_owned(),
                pointer,
                expected,
                found,
            },
            Problem::Unresolved { pointer, target } => LoadError::UnresolvedRef {
                origin: origin.to_owned(),
                pointer,
                target,
            },
        }
    }
}

/// A short description of a value for "found ..." (strings are quoted and cut short).
pub(crate) fn describe(value: &Value) -> String {
    const LIMIT: usize = 60;
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            let mut shown: String = s.chars().take(LIMIT).collect();
            if shown.len() < s.len() {
                shown.push('…');
            }
            format!("{shown:?}")
        }
        Value::Array(items) if items.is_empty() => "an empty array".to_owned(),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}
