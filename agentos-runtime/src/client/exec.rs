//! Sending one request: build it once, then attempt -> classify -> decide -> wait until there
//! is something to return; then map the last response to the endpoint's types.
//!
//! Everything between building and mapping is not generic over the endpoint, so generated
//! clients with hundreds of operations compile this loop once.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::header::{CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderValue, Method, StatusCode};
use time::OffsetDateTime;
use tracing::Instrument;

use super::{Client, KeyPlacement};
use crate::endpoint::Endpoint;
use crate::error::{ApiError, ErrorBody, StatusError};
use crate::method::Method as _;
use crate::path::PathWriter;
use crate::query::QueryWriter;
use crate::report::{RequestContext, redact_body, truncate};
use crate::retry::{Attempts, Decision, Outcome, parse_retry_after};

/// The query parameter and header agentOS reads the key from.
const API_KEY: &str = "api_key";

/// A request ready to be sent as often as the policy allows.
pub(crate) struct Prepared {
    method: Method,
    /// The URL as sent (with the key, in query mode).
    url: reqwest::Url,
    body: Option<Bytes>,
    operation: &'static str,
    path_template: &'static str,
}

/// Whether the caller handles some statuses itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// A single call: the retry policy decides everything.
    Single,
    /// A page of a stream: a 504 is returned at once, since the caller retries it with a
    /// smaller page instead of the same one.
    Page,
}

/// A complete response.
pub(crate) struct Response {
    pub(crate) status: StatusCode,
    retry_after: Option<HeaderValue>,
    body: Bytes,
}

/// How the last attempt ended without a response.
pub(crate) enum Failure {
    Timeout,
    Transport(reqwest::Error),
}

/// The end of all attempts.
pub(crate) struct Exchange {
    pub(crate) result: Result<Response, Failure>,
    attempts: u32,
}

impl Client {
    /// Writes the path, query and body of `request` and builds its URL.
    pub(crate) fn prepare<E: Endpoint>(&self, request: &E) -> Result<Prepared, ApiError<E::Error>> {
        let mut path = String::with_capacity(96);
        let mut writer = PathWriter::new(&mut path, &self.inner.short_name);
        request.write_path(&mut writer);
        let path_ok = writer.finish().map_err(|e| e.to_string());
        let mut query = String::new();
        request.write_query(&mut QueryWriter::new(&mut query));
        let body = request
            .body()
            .map_err(|e| format!("the request body could not be serialised: {e}"));
        let meta = (E::OPERATION, E::PATH_TEMPLATE, E::Method::METHOD);
        self.build_request(meta, &path, path_ok, query, body)
            .map_err(|(message, context)| ApiError::Request { message, context })
    }

    fn build_request(
        &self,
        (operation, path_template, method): (&'static str, &'static str, Method),
        path: &str,
        path_ok: Result<(), String>,
        mut query: String,
        body: Result<Option<Vec<u8>>, String>,
    ) -> Result<Prepared, (String, Box<RequestContext>)> {
        let mut url =
            String::with_capacity(self.inner.base_url.len() + path.len() + query.len() + 48);
        url.push_str(&self.inner.base_url);
        url.push_str(path);
        if self.inner.key_placement == KeyPlacement::Query {
            QueryWriter::new(&mut query).pair(API_KEY, &self.inner.key.expose());
        }
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        let fail = |message: String| {
            let mut context = RequestContext::new(
                operation,
                path_template,
                method.clone(),
                self.redact_url(&url),
            );
            context.key_last5 = self.inner.key.last5().to_owned();
            (message, Box::new(context))
        };
        path_ok.map_err(fail)?;
        let body = body.map_err(fail)?;
        let parsed = reqwest::Url::parse(&url).map_err(|e| fail(format!("invalid URL: {e}")))?;
        Ok(Prepared {
            method,
            url: parsed,
            body: body.map(Bytes::from),
            operation,
            path_template,
        })
    }

    /// Sends `prepared` until the retry policy says to stop.
    pub(crate) async fn execute(&self, prepared: &Prepared, mode: Mode) -> Exchange {
        // The path template, never the URL: the URL may hold the key (query mode) and ids.
        let span = tracing::info_span!(
            "agentos_request",
            method = %prepared.method,
            path = prepared.path_template,
            operation = prepared.operation,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            throttle_wait_ms = tracing::field::Empty,
        );
        self.attempts(prepared, mode, &span)
            .instrument(span.clone())
            .await
    }

    async fn attempts(&self, prepared: &Prepared, mode: Mode, span: &tracing::Span) -> Exchange {
        let inner = &self.inner;
        let mut counts = Attempts::default();
        let mut attempt = 0u32;
        let mut throttle_wait = Duration::ZERO;
        loop {
            attempt += 1;
            let permit = inner.throttle.acquire().await;
            throttle_wait += permit.waited();
            span.record("attempt", attempt);
            span.record(
                "throttle_wait_ms",
                u64::try_from(throttle_wait.as_millis()).unwrap_or(u64::MAX),
            );
            let result = self.attempt(prepared).await;
            // The permit marks when this request ended (see the throttle's docs).
            drop(permit);

            let outcome = match &result {
                Ok(response) => Outcome::Status(response.status),
                Err(error) => Outcome::of_error(error),
            };
            match outcome {
                Outcome::Status(status) if status.is_success() => {}
                Outcome::Status(StatusCode::TOO_MANY_REQUESTS) => counts.rate_limited += 1,
                _ => counts.failures += 1,
            }
            if let Outcome::Status(status) = outcome {
                span.record("status", status.as_u16());
            }
            tracing::debug!(attempt, ?outcome, "attempt ended");

            let decision = match outcome {
                Outcome::Status(StatusCode::GATEWAY_TIMEOUT) if mode == Mode::Page => {
                    Decision::Return
                }
                _ => inner.retry.decide(&prepared.method, outcome, counts),
            };
            match decision {
                Decision::Return => {}
                Decision::PauseKeyThenRetry => {
                    let retry_after = result
                        .as_ref()
                        .ok()
                        .and_then(|r| r.retry_after.as_ref())
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| parse_retry_after(v, SystemTime::now()));
                    if let Some(pause) = inner.retry.rate_limit_pause(retry_after) {
                        tracing::warn!(
                            attempt,
                            pause_ms = u64::try_from(pause.as_millis()).unwrap_or(u64::MAX),
                            "429 too many requests: pausing every request of this key"
                        );
                        inner.throttle.pause(pause).await;
                        continue;
                    }
                }
                Decision::BackoffThenRetry => {
                    let delay = inner.retry.backoff_delay(counts.failures, fastrand::f64());
                    tracing::warn!(
                        attempt,
                        ?outcome,
                        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                        "retrying after backoff"
                    );
                    tokio::time::sleep(delay).await;
                    continue;
                }
            }
            let result = result.map_err(|error| match outcome {
                Outcome::Timeout => Failure::Timeout,
                // The error's URL would carry the key in query mode.
                _ => Failure::Transport(error.without_url()),
            });
            return Exchange {
                result,
                attempts: attempt,
            };
        }
    }

    /// One attempt: send, then read the whole body (the response is complete only then).
    async fn attempt(&self, prepared: &Prepared) -> Result<Response, reqwest::Error> {
        let inner = &self.inner;
        let mut builder = inner
            .http
            .request(prepared.method.clone(), prepared.url.clone());
        if inner.key_placement == KeyPlacement::Header {
            builder = builder.header(API_KEY, inner.key_header.clone());
        }
        if let Some(body) = &prepared.body {
            builder = builder
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(body.clone());
        }
        let response = builder.send().await?;
        let status = response.status();
        let retry_after = response.headers().get(RETRY_AFTER).cloned();
        let body = response.bytes().await?;
        Ok(Response {
            status,
            retry_after,
            body,
        })
    }

    /// Maps the end of the exchange to the endpoint's output or error.
    pub(crate) fn finish<E: Endpoint>(
        &self,
        prepared: &Prepared,
        exchange: Exchange,
    ) -> Result<E::Output, ApiError<E::Error>> {
        let attempts = exchange.attempts;
        match exchange.result {
            Ok(response) if response.status.is_success() => {
                E::decode(&response.body).map_err(|mut source| {
                    source.snippet = self.inner.key.scrub(&source.snippet);
                    ApiError::Decode {
                        source,
                        context: self.context(prepared, attempts, Some(&response)),
                    }
                })
            }
            Ok(response) => {
                let text = self
                    .inner
                    .key
                    .scrub(&String::from_utf8_lossy(&response.body));
                let body = ErrorBody::from_bytes(text.as_bytes());
                let context = self.context(prepared, attempts, Some(&response));
                Err(match E::Error::from_status(response.status, body) {
                    Ok(error) => ApiError::Status { error, context },
                    Err(body) => ApiError::UnexpectedStatus {
                        status: response.status,
                        body,
                        context,
                    },
                })
            }
            Err(Failure::Timeout) => Err(ApiError::Timeout {
                after: self.inner.timeout,
                context: self.context(prepared, attempts, None),
            }),
            Err(Failure::Transport(source)) => Err(ApiError::Transport {
                source,
                context: self.context(prepared, attempts, None),
            }),
        }
    }

    /// The support-report view of a request (built only when there is an error to report).
    fn context(
        &self,
        prepared: &Prepared,
        attempts: u32,
        response: Option<&Response>,
    ) -> Box<RequestContext> {
        let key = &self.inner.key;
        Box::new(RequestContext {
            operation: prepared.operation,
            path_template: prepared.path_template,
            method: prepared.method.clone(),
            url: self.redact_url(prepared.url.as_str()),
            key_last5: key.last5().to_owned(),
            request_body: prepared.body.as_deref().map(|b| key.scrub(&redact_body(b))),
            status: response.map(|r| r.status),
            response_body: response
                .map(|r| truncate(&key.scrub(&String::from_utf8_lossy(&r.body)))),
            attempts,
            at: OffsetDateTime::now_utc(),
        })
    }

    /// `url` with the `api_key` query value replaced by `REDACTED`.
    fn redact_url(&self, url: &str) -> String {
        if self.inner.key_placement == KeyPlacement::Query {
            // The key is always the last parameter: see `build_request`.
            let marker = format!("{API_KEY}=");
            if let Some(at) = url.rfind(&marker) {
                return format!("{}{marker}REDACTED", &url[..at]);
            }
        }
        self.inner.key.scrub(url)
    }
}

impl Exchange {
    /// Whether the exchange ended with a 504 response.
    pub(crate) fn is_gateway_timeout(&self) -> bool {
        matches!(&self.result, Ok(r) if r.status == StatusCode::GATEWAY_TIMEOUT)
    }
}
