//! Typed errors: per-operation status enums and [`ApiError`].

use std::fmt::Debug;

use http::StatusCode;

use crate::decode::DecodeError;
use crate::status;

/// The body of an error response: the raw text and the agentOS `Message` when present.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ErrorBody {
    /// The response body as text (lossy UTF-8), at most [`crate::decode::SNIPPET_CHARS`] * 8 chars.
    pub text: String,
    /// The `Message` (or `message`) field of a JSON error body, when there is one.
    pub message: Option<String>,
}

impl ErrorBody {
    /// Reads an error body, extracting `Message` when the body is a JSON object carrying it.
    pub fn from_bytes(body: &[u8]) -> Self {
        let text: String = String::from_utf8_lossy(body)
            .chars()
            .take(crate::decode::SNIPPET_CHARS * 8)
            .collect();
        let message = serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .and_then(|v| {
                v.get("Message")
                    .or_else(|| v.get("message"))
                    .and_then(|m| m.as_str())
                    .map(str::to_owned)
            });
        Self { text, message }
    }
}

/// A per-operation status enum: one variant per error status the operation can return.
///
/// The generator implements it; each variant carries the [`ErrorBody`].
pub trait StatusError: Debug + Send + Sync + Sized + 'static {
    /// Maps a status to its variant; gives the body back when the status is not in the set.
    fn from_status(status: StatusCode, body: ErrorBody) -> Result<Self, ErrorBody>;
    /// The status this variant stands for.
    fn status(&self) -> StatusCode;
    /// The response body.
    fn body(&self) -> &ErrorBody;
    /// Whether sending the same request again may succeed (429, 5xx).
    fn is_retryable(&self) -> bool {
        status::info(self.status()).retryable
    }
    /// What the caller should do, as documented by agentOS.
    fn resolution(&self) -> &'static str {
        status::info(self.status()).resolution
    }
}

/// Everything a call can end with besides success.
#[derive(Debug, thiserror::Error)]
pub enum ApiError<E: StatusError> {
    /// A status the operation declares (or the API-wide policy gives it).
    #[error("{} {}: {}", .0.status().as_u16(), status::info(.0.status()).meaning, body_summary(.0.body()))]
    Status(E),
    /// A status outside the operation's set: reported, never treated as success.
    #[error("unexpected status {status} for this operation: {}", body_summary(body))]
    UnexpectedStatus {
        /// The status received.
        status: StatusCode,
        /// The response body.
        body: ErrorBody,
    },
    /// The request could not be sent or the response not read.
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// No response within the client's timeout.
    #[error("no response within {0:?}")]
    Timeout(std::time::Duration),
    /// A success response whose body is not what the schema says.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The request could not be built (body serialisation, invalid URL).
    #[error("could not build the request: {0}")]
    Request(String),
}

fn body_summary(body: &ErrorBody) -> String {
    match &body.message {
        Some(m) => m.clone(),
        None => crate::decode::snippet(body.text.as_bytes()),
    }
}

impl<E: StatusError> ApiError<E> {
    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            ApiError::Status(e) => Some(e.status()),
            ApiError::UnexpectedStatus { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// What the caller should do about this error, in the words of the agentOS documentation.
    pub fn resolution(&self) -> &'static str {
        match self {
            ApiError::Status(e) => e.resolution(),
            ApiError::UnexpectedStatus { status, .. } => status::info(*status).resolution,
            ApiError::Transport(_) => {
                "the request did not complete: check connectivity and retry"
            }
            ApiError::Timeout(_) => {
                "the server did not answer in time: request a smaller page or retry with backoff"
            }
            ApiError::Decode(_) => {
                "the response did not match the schema: report it with the support report"
            }
            ApiError::Request(_) => "the request could not be built: fix its parameters",
        }
    }
}
