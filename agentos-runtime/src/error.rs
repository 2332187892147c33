//! Typed errors: per-operation status enums ([`StatusError`]) and [`ApiError`], which carries
//! a [`RequestContext`] for support reports.

use std::fmt::Debug;
use std::time::Duration;

use http::StatusCode;

use crate::decode::DecodeError;
use crate::report::{RequestContext, SupportReport};
use crate::secret::Scrubber;
use crate::status;

/// The body of an error response: the raw text and the agentOS `Message` when present.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ErrorBody {
    /// The response body as text (lossy UTF-8), at most [`crate::decode::SNIPPET_CHARS`] * 8 chars.
    pub text: String,
    /// The `Message` (or `message`) field of a JSON error body, when there is one.
    pub message: Option<String>,
}

/// The most characters [`ErrorBody::text`] keeps.
pub const ERROR_TEXT_CHARS: usize = crate::decode::SNIPPET_CHARS * 8;

impl ErrorBody {
    /// Reads an error body, extracting `Message` when the body is a JSON object carrying it.
    pub fn from_bytes(body: &[u8]) -> Self {
        let text: String = String::from_utf8_lossy(body)
            .chars()
            .take(ERROR_TEXT_CHARS)
            .collect();
        Self {
            text,
            message: message_of(body),
        }
    }

    /// Reads an error body the server sent, with every spelling of the key in it (in the
    /// text and in the decoded `Message`) replaced by its last 5 characters and every
    /// spelling of the request's secrets by `<redacted>`. The text is cut after they are
    /// removed, so a secret across the cut cannot leave a part of it behind.
    pub(crate) fn from_response(body: &[u8], scrub: &Scrubber<'_>) -> Self {
        let text = String::from_utf8_lossy(body);
        let text = scrub.text(&text).chars().take(ERROR_TEXT_CHARS).collect();
        let message = message_of(body).map(|m| scrub.text(&m).into_owned());
        Self { text, message }
    }
}

/// The `Message` (or `message`) string of a JSON object body.
fn message_of(body: &[u8]) -> Option<String> {
    let value = serde_json::from_slice::<serde_json::Value>(body).ok()?;
    let message = value.get("Message").or_else(|| value.get("message"))?;
    message.as_str().map(str::to_owned)
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
///
/// Each variant carries, next to what went wrong, a boxed [`RequestContext`] (what was sent and
/// received, secrets removed) from which [`ApiError::support_report`] builds a ticket. Match on
/// the variants with `..` for the context:
///
/// ```
/// # use agentos_runtime::{ApiError, StatusError};
/// fn explain<E: StatusError>(err: &ApiError<E>) -> String {
///     match err {
///         ApiError::Status { error, .. } => error.resolution().to_owned(),
///         ApiError::Timeout { after, .. } => format!("no answer in {after:?}"),
///         other => other.to_string(),
///     }
/// }
/// ```
///
/// `Display` gives the operation and what happened, never the URL or key; the
/// [`SupportReport`] has the rest.
#[derive(Debug, thiserror::Error)]
pub enum ApiError<E: StatusError> {
    /// A status the operation declares (or the API-wide policy gives it).
    #[error("{}: {} {}: {}", .context.operation, .error.status().as_u16(), status::info(.error.status()).meaning, body_summary(.error.body()))]
    Status {
        /// The operation's status enum.
        error: E,
        /// What was sent and received.
        context: Box<RequestContext>,
    },
    /// A status outside the operation's set: reported, never treated as success.
    #[error("{}: unexpected status {status} for this operation: {}", .context.operation, body_summary(body))]
    UnexpectedStatus {
        /// The status received.
        status: StatusCode,
        /// The response body.
        body: ErrorBody,
        /// What was sent and received.
        context: Box<RequestContext>,
    },
    /// The request could not be sent or the response not read. (The error's URL is removed:
    /// with the key in the query it would hold the key; the context has a redacted one.)
    #[error("{}: transport error: {cause}", .context.operation)]
    Transport {
        /// What `reqwest` reported.
        source: reqwest::Error,
        /// The whole chain of causes, outermost first (`error sending request: client error
        /// (Connect): tcp connect error: Connection refused`), with the key removed.
        cause: String,
        /// What was sent.
        context: Box<RequestContext>,
    },
    /// No complete response within the client's timeout.
    #[error("{}: no response within {after:?}", .context.operation)]
    Timeout {
        /// The timeout that expired.
        after: Duration,
        /// What was sent.
        context: Box<RequestContext>,
    },
    /// A success response whose body is larger than the client's limit
    /// ([`crate::ClientBuilder::max_body_size`]): reading stopped at the limit, and the
    /// context's response body holds its start.
    #[error("{}: the response body is larger than the client's limit of {limit} bytes", .context.operation)]
    ResponseTooLarge {
        /// The limit, in bytes.
        limit: usize,
        /// What was sent and the start of what was received.
        context: Box<RequestContext>,
    },
    /// A success response whose body is not what the schema says.
    #[error("{}: {source}", .context.operation)]
    Decode {
        /// Where and why decoding failed, with the start of the body.
        source: DecodeError,
        /// What was sent and received.
        context: Box<RequestContext>,
    },
    /// The request could not be built (body serialisation, a path parameter, the URL, a page
    /// size); nothing was sent.
    #[error("{}: could not build the request: {message}", .context.operation)]
    Request {
        /// What was wrong.
        message: String,
        /// What was about to be sent.
        context: Box<RequestContext>,
    },
    /// The throttle could not grant a slot (its shared store was unreachable); this attempt
    /// was not sent. (`context.attempts` counts the attempts sent before it.)
    #[error("{}: not sent: {source}", .context.operation)]
    Throttle {
        /// What the throttle reported.
        source: crate::throttle::ThrottleError,
        /// What was about to be sent.
        context: Box<RequestContext>,
    },
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
            ApiError::Status { error, .. } => Some(error.status()),
            ApiError::UnexpectedStatus { status, .. } => Some(*status),
            ApiError::Decode { context, .. } | ApiError::ResponseTooLarge { context, .. } => {
                context.status
            }
            _ => None,
        }
    }

    /// The operation's status enum, when the error is one of its statuses.
    pub fn as_status(&self) -> Option<&E> {
        match self {
            ApiError::Status { error, .. } => Some(error),
            _ => None,
        }
    }

    /// What was sent and received.
    pub fn context(&self) -> &RequestContext {
        match self {
            ApiError::Status { context, .. }
            | ApiError::UnexpectedStatus { context, .. }
            | ApiError::Transport { context, .. }
            | ApiError::Timeout { context, .. }
            | ApiError::Decode { context, .. }
            | ApiError::ResponseTooLarge { context, .. }
            | ApiError::Request { context, .. }
            | ApiError::Throttle { context, .. } => context,
        }
    }

    /// Everything agentOS support asks for about this failure; print it into a ticket.
    pub fn support_report(&self) -> SupportReport {
        let context = self.context();
        SupportReport {
            context: context.clone(),
            error: self.to_string(),
            expected: format!(
                "a successful (2xx) response to {} {} with a body matching the schema",
                context.method, context.path_template
            ),
            resolution: self.resolution(),
        }
    }

    /// What the caller should do about this error, in the words of the agentOS documentation.
    pub fn resolution(&self) -> &'static str {
        match self {
            ApiError::Status { error, .. } => error.resolution(),
            ApiError::UnexpectedStatus { status, .. } => status::info(*status).resolution,
            ApiError::Transport { .. } => {
                "the request did not complete: check connectivity and retry"
            }
            ApiError::Timeout { .. } => {
                "the server did not answer in time: request a smaller page or retry with backoff"
            }
            ApiError::Decode { .. } => {
                "the response did not match the schema: report it with the support report"
            }
            ApiError::ResponseTooLarge { .. } => {
                "the response was larger than the client accepts: request a smaller page, or raise ClientBuilder::max_body_size if such answers are expected"
            }
            ApiError::Request { .. } => "the request could not be built: fix its parameters",
            ApiError::Throttle { .. } => {
                "nothing was sent: the throttle's shared store could not be reached; restore it (or its connection) and call again"
            }
        }
    }
}
