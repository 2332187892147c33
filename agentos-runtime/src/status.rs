//! What each HTTP status means in agentOS, and what to do about it (from the vendor's
//! documentation, in our words).

use http::StatusCode;

/// The documented meaning of one status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusInfo {
    /// A short name for the status.
    pub meaning: &'static str,
    /// Its typical causes.
    pub cause: &'static str,
    /// What the caller should do.
    pub resolution: &'static str,
    /// Whether the same request may succeed when sent again.
    pub retryable: bool,
}

/// The documented meaning of `status`; a generic entry for statuses agentOS does not document.
/// A status is retryable when agentOS documents it as transient ([`crate::retry::is_transient`])
/// or it is 429 (the request was not processed).
pub fn info(status: StatusCode) -> StatusInfo {
    let retryable = crate::retry::is_transient(status) || status == StatusCode::TOO_MANY_REQUESTS;
    let (meaning, cause, resolution) = match status.as_u16() {
        400 => (
            "bad request",
            "a required field is missing, a value has the wrong type or format (dates: YYYY-MM-DDTHH:mm:ss), the JSON is malformed or a field is too long",
            "fix the request before sending it again; repeating it unchanged will fail the same way",
        ),
        401 => (
            "unauthorised",
            "the API key is missing, malformed, expired or revoked, belongs to another client, or lacks the call group (tier) of this endpoint",
            "check the key and ask the client organisation to enable this endpoint's tier for it",
        ),
        403 => (
            "forbidden",
            "the short name belongs to another client, a security rule blocked the call, or requests continued after a 429",
            "check the key's permissions for this short name; if requests were repeated after a 429, stop and wait before resuming",
        ),
        404 => (
            "not found",
            "the path is wrong or the id is unknown, deleted or archived",
            "verify the id, for example by finding it through the matching list endpoint",
        ),
        405 => (
            "method not allowed",
            "the HTTP method is not the one documented for this endpoint",
            "use the documented method",
        ),
        429 => (
            "too many requests",
            "more than the key's limit (50 by default) of requests within a rolling 60-second window",
            "wait 60 seconds (or the Retry-After the server gave) before sending anything else with this key, then resume",
        ),
        500 => (
            "internal server error",
            "an unexpected fault on the server",
            "retry after a short delay; report it with a support report if it persists",
        ),
        502 => (
            "bad gateway",
            "a transient fault upstream of the API",
            "retry after a few seconds",
        ),
        503 => (
            "service unavailable",
            "a temporary outage or maintenance",
            "retry shortly",
        ),
        504 => (
            "gateway timeout",
            "the server gave up after its 60-second limit, usually on a large page",
            "request a smaller page and retry with backoff",
        ),
        _ => (
            "undocumented status",
            "agentOS does not document this status",
            "report it to agentOS support with a support report",
        ),
    };
    StatusInfo {
        meaning,
        cause,
        resolution,
        retryable,
    }
}
