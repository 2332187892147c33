//! The record of every request the simulator received, for tests to assert on ("exactly one
//! POST", "never more than N in any window", "the path arrived percent-encoded").

use std::time::Duration;

use axum::http::Method;

use crate::faults::Fault;

/// One received request, as it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedRequest {
    /// HTTP method.
    pub method: Method,
    /// The path exactly as received, still percent-encoded (`/x/%2E%2E%2Fy`).
    pub path: String,
    /// The raw query string without the `?` (empty when there was none).
    pub query: String,
    /// The request body as text (lossy UTF-8), `None` when empty.
    pub body: Option<String>,
    /// The API key, from the `api_key` header or else the `api_key` query parameter.
    pub api_key: Option<String>,
    /// Arrival time since the simulator started, on tokio's clock (so a paused clock works).
    pub at: Duration,
    /// The status answered; 0 while the request is still being handled or when the connection
    /// was dropped without an answer.
    pub status: u16,
    /// The injected fault, if any.
    pub fault: Option<Fault>,
}

/// The log; entries carry a sequence number so an answer finds its entry after a clear.
#[derive(Debug, Default)]
pub(crate) struct RequestLog {
    entries: Vec<(u64, LoggedRequest)>,
    next: u64,
}

impl RequestLog {
    /// Appends an arriving request; returns the number to complete it with.
    pub(crate) fn push(&mut self, request: LoggedRequest) -> u64 {
        let id = self.next;
        self.next += 1;
        self.entries.push((id, request));
        id
    }

    /// Records the outcome of request `id` (no-op if the log was cleared meanwhile).
    pub(crate) fn complete(&mut self, id: u64, status: u16, fault: Option<Fault>) {
        if let Some((_, entry)) = self.entries.iter_mut().rev().find(|(i, _)| *i == id) {
            entry.status = status;
            entry.fault = fault;
        }
    }

    pub(crate) fn snapshot(&self) -> Vec<LoggedRequest> {
        self.entries.iter().map(|(_, r)| r.clone()).collect()
    }

    pub(crate) fn clear(&mut self) {
        self.entries.clear();
    }
}
