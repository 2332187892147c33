//! Decoding successful response bodies.
//!
//! Generated `Endpoint::decode` implementations call one of these. A success (2xx) is never an
//! error because its body is empty: [`json_or_default`] reads an empty (or `null`) body as the
//! type's empty value, for types that have one (models whose fields are all optional, lists,
//! maps, untyped JSON), and [`json_optional`] as `None`, for types that have none (strings,
//! numbers, enums, models with required fields). The generator picks one per operation.

use bytes::Bytes;
use http::StatusCode;
use serde::de::DeserializeOwned;

/// A success response as `Endpoint::decode` sees it: its status, its content type and its body
/// (shared, so a download keeps it without a copy).
#[derive(Debug, Clone, Copy)]
pub struct Body<'a> {
    /// The status (a 2xx).
    pub status: StatusCode,
    /// The `Content-Type` header, when the server sent one that is text.
    pub content_type: Option<&'a str>,
    /// The body.
    pub bytes: &'a Bytes,
}

/// A download: the bytes an operation answered and the content type the server gave them
/// (`image/jpeg`, `application/pdf`). A server answering JSON instead is still a download:
/// [`Download::is_json`] says so and [`Download::json`] reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    /// The `Content-Type` header, when there was one.
    pub content_type: Option<String>,
    /// The body.
    pub bytes: Bytes,
}

impl Download {
    /// Whether the content type is JSON (`application/json`, `text/json`, `...+json`).
    pub fn is_json(&self) -> bool {
        self.content_type.as_deref().is_some_and(|t| {
            let essence = t
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            essence == "application/json" || essence == "text/json" || essence.ends_with("+json")
        })
    }

    /// The body read as JSON of type `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        json(&self.bytes)
    }
}

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
///
/// A body is decoded by `serde_json` alone; only one that fails is decoded again with
/// `serde_path_to_error` tracking where, which fails the same way (decoding is deterministic)
/// and names the path. Tracking every value's path costs a successful decode a third more
/// (docs/PERFORMANCE.md, section 4a).
pub fn json<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    match serde_json::from_slice(body) {
        Ok(value) => Ok(value),
        Err(_) => json_with_path(body),
    }
}

/// [`json`], tracking the path of every value (what a failure reports).
fn json_with_path<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
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

/// A download: the bytes, without a copy, and their content type.
pub fn download(body: &Body<'_>) -> Result<Download, DecodeError> {
    Ok(Download {
        content_type: body.content_type.map(str::to_owned),
        bytes: body.bytes.clone(),
    })
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

    #[derive(Debug, serde::Deserialize)]
    struct Page {
        #[serde(rename = "Data")]
        data: Vec<Model>,
    }

    #[test]
    fn a_failure_is_read_again_for_its_path() {
        let bad: [&[u8]; 5] = [
            br#"{"Data":[{"Name":"a"},{"Name":7}]}"#,
            br#"{"Data":[{"Name":"a"}]} trailing"#,
            br#"{"Data":[{"Name":"a"#,
            br#"{"Data":{}}"#,
            b"not json",
        ];
        for body in bad {
            let (fast, tracked) = (
                json::<Page>(body).unwrap_err(),
                json_with_path::<Page>(body).unwrap_err(),
            );
            assert_eq!(
                (&fast.path, &fast.message, &fast.snippet),
                (&tracked.path, &tracked.message, &tracked.snippet)
            );
        }
        let err = json::<Page>(bad[0]).unwrap_err();
        assert_eq!(err.path, "Data[1].Name");
        assert!(
            err.message.starts_with("invalid type: integer `7`"),
            "{err}"
        );
        assert_eq!(json::<Page>(bad[1]).unwrap_err().path, ".");
        let page = json::<Page>(br#"{"Data":[{"Name":"a"},{}]}"#).unwrap();
        assert_eq!(page.data.len(), 2);
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
        let received = Body {
            status: StatusCode::OK,
            content_type: Some("image/jpeg"),
            bytes: &body,
        };
        let file = download(&received).unwrap();
        assert_eq!(file.bytes.as_ptr(), body.as_ptr());
        assert_eq!(file.content_type.as_deref(), Some("image/jpeg"));
        assert!(!file.is_json());
    }

    #[test]
    fn a_json_answer_to_a_download_still_reads() {
        let body = Bytes::from_static(br#"{"Name":"x"}"#);
        for (content_type, is_json) in [
            ("application/json; charset=utf-8", true),
            ("text/json", true),
            ("application/problem+json", true),
            ("image/png", false),
        ] {
            let file = download(&Body {
                status: StatusCode::OK,
                content_type: Some(content_type),
                bytes: &body,
            })
            .unwrap();
            assert_eq!(file.is_json(), is_json, "{content_type}");
        }
        let model: Model = Download {
            content_type: None,
            bytes: body,
        }
        .json()
        .unwrap();
        assert_eq!(model.name.as_deref(), Some("x"));
    }
}
