//! Decoding successful response bodies.

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
    String::from_utf8_lossy(body)
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

/// Accepts any body for an operation without one (204, or a body we ignore).
pub fn empty(_body: &[u8]) -> Result<(), DecodeError> {
    Ok(())
}

/// Keeps the raw bytes (binary downloads).
pub fn bytes(body: &[u8]) -> Result<Bytes, DecodeError> {
    Ok(Bytes::copy_from_slice(body))
}
