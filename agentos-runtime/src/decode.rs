//! Decoding successful response bodies.
//!
//! Generated `Endpoint::decode` implementations call one of these. A success (2xx) is never an
//! error because its body is empty: [`json_or_default`] reads an empty (or `null`) body as the
//! type's empty value, for types that have one (models whose fields are all optional, lists,
//! maps, untyped JSON), and [`json_optional`] as `None`, for types that have none (strings,
//! numbers, enums, models with required fields). The generator picks one per operation.

use bytes::Bytes;
use serde::de::DeserializeOwned;

/// How many characters of a body an error keeps.
pub const SNIPPET_CHARS: usize = 512;

/// A response body that did not decode to the operation's output type.
#[derive(Debug, Clone, thiserror::Error)]
#[error("could not decode the response at `{path}`: {message} (body starts: {snippet:?})")]
pub struct DecodeError {
    /// The serde path of the failure inside the document (`Data[3].StartDate`), `.` for the root.
    pub path: String,
    /// What serde said.
    pub message: String,
    /// The start of the body, at most [`SNIPPET_CHARS`] characters.
    pub snippet: String,
}

/// The first [`SNIPPET_CHARS`] characters of a body, lossily decoded.
pub fn snippet(body: &[u8]) -> String {
    // Only as much as can hold the snippet is decoded: a character is at most 4 bytes.
    let head = body.get(..SNIPPET_CHARS * 4).unwrap_or(body);
    String::from_utf8_lossy(head)
        .chars()
        .take(SNIPPET_CHARS)
        .collect()
}

/// Decodes a JSON body, keeping the serde path of any failure.
pub fn json<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    let fail = |path: String, message: String| DecodeError {
        path,
        message,
        snippet: snippet(body),
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| fail(e.path().to_string(), e.inner().to_string()))?;
    de.end().map_err(|e| fail(".".to_owned(), e.to_string()))?;
    Ok(value)
}

/// Whether a success body says "nothing": empty, only whitespace, or JSON `null`.
pub fn is_empty_body(body: &[u8]) -> bool {
    let trimmed = body.trim_ascii();
    trimmed.is_empty() || trimmed == b"null"
}

/// Decodes a JSON body; an empty or `null` one (a 204, an empty 200) is `None`.
pub fn json_optional<T: DeserializeOwned>(body: &[u8]) -> Result<Option<T>, DecodeError> {
    if is_empty_body(body) {
        Ok(None)
    } else {
        json(body).map(Some)
    }
}

/// Decodes a JSON body; an empty or `null` one (a 204, an empty 200) is `T::default()`: the
/// type's empty value (no fields set, no items).
pub fn json_or_default<T: DeserializeOwned + Default>(body: &[u8]) -> Result<T, DecodeError> {
    if is_empty_body(body) {
        Ok(T::default())
    } else {
        json(body)
    }
}

/// Accepts any body for an operation without one (204, or a body we ignore).
pub fn empty(_body: &[u8]) -> Result<(), DecodeError> {
    Ok(())
}

/// Keeps the raw bytes (binary downloads), without copying them.
pub fn bytes(body: &Bytes) -> Result<Bytes, DecodeError> {
    Ok(body.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq, serde::Deserialize)]
    struct Model {
        #[serde(rename = "Name")]
        name: Option<String>,
    }

    #[test]
    fn empty_success_bodies_are_values() {
        for body in [&b""[..], b"  \r\n", b"null", b" null\n"] {
            assert_eq!(json_optional::<String>(body).unwrap(), None, "{body:?}");
            assert_eq!(json_or_default::<Model>(body).unwrap(), Model::default());
            assert_eq!(json_or_default::<Vec<u8>>(body).unwrap(), Vec::<u8>::new());
            assert!(json::<String>(body).is_err());
        }
        assert_eq!(
            json_optional::<String>(br#""OK""#).unwrap().as_deref(),
            Some("OK")
        );
        let named = json_or_default::<Model>(br#"{"Name":"x"}"#).unwrap();
        assert_eq!(named.name.as_deref(), Some("x"));
        assert!(json_optional::<String>(b"nul").is_err());
        assert!(!is_empty_body(b"\"\""));
    }

    #[test]
    fn snippets_are_cut_without_reading_the_whole_body() {
        let long = "é".repeat(SNIPPET_CHARS * 3);
        assert_eq!(snippet(long.as_bytes()).chars().count(), SNIPPET_CHARS);
        assert_eq!(snippet(b"short"), "short");
        let err = json::<i32>(b"\"x\"").unwrap_err();
        assert_eq!((err.path.as_str(), err.snippet.as_str()), (".", "\"x\""));
    }

    #[test]
    fn bytes_are_shared_not_copied() {
        let body = Bytes::from_static(b"\xff\xd8 jpeg");
        let out = bytes(&body).unwrap();
        assert_eq!(out.as_ptr(), body.as_ptr());
    }
}
