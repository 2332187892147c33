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
pub fn info(status: StatusCode) -> StatusInfo {
    let (meaning, cause, resolution, retryable) = match status.as_u16() {
        400 => (
            "bad request",
            "a required field is missing, a value has the wrong type or format (dates: YYYY-MM-DDTHH:mm:ss), the JSON is malformed or a field is too long",
            "fix the request before sending it again; repeating it unchanged will fail the same way",
            false,
        ),
        401 => (
            "unauthorised",
            "the API key is missing, malformed, expired or revoked, belongs to another client, or lacks the call group (tier) of this endpoint",
            "check the key and ask the client organisation to enable this endpoint's tier for it",
            false,
        ),
        403 => (
            "forbidden",
            "the short name belongs to another client, a security rule blocked the call, or requests continued after a 429",
            "check the key's permissions for this short name; if requests were repeated after a 429, stop and wait before resuming",
            false,
        ),
        404 => (
            "not found",
            "the path is wrong or the id is unknown, deleted or archived",
            "verify the id, for example by finding it through the matching list endpoint",
            false,
        ),
        405 => (
            "method not allowed",
            "the HTTP method is not the one documented for this endpoint",
            "use the documented method",
            false,
        ),
        429 => (
            "too many requests",
            "more than the key's limit (50 by default) of requests within a rolling 60-second window",
            "wait 60 seconds (or the Retry-After the server gave) before sending anything else with this key, then resume",
            true,
        ),
        500 => (
            "internal server error",
            "an unexpected fault on the server",
            "retry after a short delay; report it with a support report if it persists",
            true,
        ),
        502 => (
            "bad gateway",
            "a transient fault upstream of the API",
            "retry after a few seconds",
            true,
        ),
        503 => (
            "service unavailable",
            "a temporary outage or maintenance",
            "retry shortly",
            true,
        ),
        504 => (
            "gateway timeout",
            "the server gave up after its 60-second limit, usually on a large page",
            "request a smaller page and retry with backoff",
            true,
        ),
        _ => (
            "undocumented status",
            "agentOS does not document this status",
            "report it to agentOS support with a support report",
            status.is_server_error(),
        ),
    };
    StatusInfo {
        meaning,
        cause,
        resolution,
        retryable,
    }
}
