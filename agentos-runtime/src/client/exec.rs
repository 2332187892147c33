//! Sending one request: build it once, then attempt -> classify -> decide -> wait until there
//! is something to return; then map the last response to the endpoint's types.
//!
//! Everything between building and mapping is not generic over the endpoint, so generated
//! clients with hundreds of operations compile this loop once.

use std::borrow::Cow;
use std::sync::OnceLock;
use std::time::Duration;

use bytes::Bytes;
use http::header::{CONTENT_TYPE, DATE, RETRY_AFTER};
use http::{HeaderValue, Method, StatusCode};
use time::OffsetDateTime;
use tracing::Instrument;

use super::body::{self, ERROR_BODY_LIMIT};
use super::{Client, KeyPlacement, WithMeta};
use crate::decode::SNIPPET_CHARS;
use crate::endpoint::Endpoint;
use crate::error::{ApiError, ErrorBody, StatusError};
use crate::header::HeaderWriter;
use crate::key::ApiKey;
use crate::method::Method as _;
use crate::observe::Event;
use crate::pages::PageSize;
use crate::path::PathWriter;
use crate::query::QueryWriter;
use crate::report::{self, REPORT_BODY_CHARS, RequestContext};
use crate::retry::{Attempts, Next, Outcome, parse_retry_after};
use crate::secret::{REDACTED, Scrubber, Shown};

/// A request ready to be sent as often as the policy allows.
pub(crate) struct Prepared {
    method: Method,
    /// The URL as sent (with the key, in query mode).
    url: reqwest::Url,
    body: Option<Bytes>,
    operation: Cow<'static, str>,
    path_template: Cow<'static, str>,
    /// The URL as shown, when the request holds secrets (`<redacted>` in their place, the key
    /// as `REDACTED`); without secrets it is made from `url` when an error needs it.
    shown_url: Option<String>,
    /// The values of the request's secret parameters, to scrub from what the server sends.
    param_secrets: Vec<String>,
    /// Those and the values of the body's secret fields (by name or
    /// [`Endpoint::SECRET_FIELDS`]): read from the body only when an error or the headers a
    /// caller asked for need them, so a success costs no second reading of its body.
    all_secrets: OnceLock<Vec<String>>,
    /// The endpoint's secret body fields ([`Endpoint::SECRET_FIELDS`]).
    secret_fields: &'static [&'static str],
    /// The header and cookie parameters ([`Endpoint::write_headers`]), sent with every
    /// attempt after the key.
    headers: http::HeaderMap,
    /// The body's media type ([`Endpoint::BODY_TYPE`]).
    body_type: HeaderValue,
}

/// What is secret in a request being built: its path and query as they may be shown, and the
/// wire names of its secret body fields.
#[derive(Default)]
pub(crate) struct Secrecy {
    pub(crate) path: Shown,
    pub(crate) query: Shown,
    /// The values of secret header and cookie parameters.
    pub(crate) headers: Vec<String>,
    pub(crate) fields: &'static [&'static str],
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

/// A complete response (an error's body possibly cut at [`ERROR_BODY_LIMIT`]).
pub(crate) struct Response {
    pub(crate) status: StatusCode,
    /// Every header, for `send_with_meta` (`Retry-After` and `Content-Type` among them).
    headers: http::HeaderMap,
    body: Bytes,
}

/// How the last attempt ended without a usable response.
pub(crate) enum Failure {
    Timeout,
    Transport(reqwest::Error),
    /// A success whose body passed the limit: its status and first bytes.
    TooLarge {
        status: StatusCode,
        head: Bytes,
    },
}

/// How the attempts ended.
pub(crate) enum Ended {
    /// The last attempt was answered.
    Answered(Response),
    /// The last attempt failed without a usable response.
    Failed(Failure),
    /// The throttle granted no slot for the next attempt: it was not sent.
    NotSent(crate::throttle::ThrottleError),
}

/// The end of all attempts.
pub(crate) struct Exchange {
    pub(crate) end: Ended,
    attempts: u32,
}

impl Client {
    /// Writes the path, query and body of `request` and builds its URL.
    pub(crate) fn prepare<E: Endpoint>(&self, request: &E) -> Result<Prepared, ApiError<E::Error>> {
        // Room for the base URL too: `build_request` makes the URL in this buffer.
        let mut path = String::with_capacity(self.inner.base_url.len() + 96);
        let mut writer = PathWriter::new(&mut path, &self.inner.short_name);
        request.write_path(&mut writer);
        let (path_ok, path_shown) = writer.finish_shown();
        let path_ok = path_ok
            .map_err(|e| e.to_string())
            .and(check_page_count(request.page_count()));
        let mut query = String::new();
        let mut writer = QueryWriter::new(&mut query);
        request.write_query(&mut writer);
        let query_shown = writer.into_shown();
        let mut writer = HeaderWriter::new(self.inner.key_name.clone());
        request.write_headers(&mut writer);
        let (headers, header_secrets, headers_ok) = match writer.finish() {
            Ok((headers, secrets)) => (headers, secrets, Ok(())),
            Err(message) => (http::HeaderMap::new(), Vec::new(), Err(message)),
        };
        // A hand-written endpoint could name a type no header can hold: refused, not a panic.
        // JSON, nearly always, costs no allocation.
        let parsed = if E::BODY_TYPE == "application/json" {
            Ok(HeaderValue::from_static("application/json"))
        } else {
            HeaderValue::from_str(E::BODY_TYPE)
        };
        let (body_type, type_ok) = match parsed {
            Ok(value) => (value, Ok(())),
            Err(_) => (
                HeaderValue::from_static("application/json"),
                Err("the endpoint's BODY_TYPE is not a valid header value".to_owned()),
            ),
        };
        let path_ok = path_ok.and(headers_ok).and(type_ok);
        let body = request
            .body()
            .map_err(|e| format!("the request body could not be serialised: {e}"));
        let meta = (
            Cow::Borrowed(E::OPERATION),
            Cow::Borrowed(E::PATH_TEMPLATE),
            E::Method::METHOD,
        );
        let secrecy = Secrecy {
            path: path_shown,
            query: query_shown,
            headers: header_secrets,
            fields: E::SECRET_FIELDS,
        };
        let mut prepared = self
            .build_request(meta, path, path_ok, query, body, secrecy)
            .map_err(|(message, context)| ApiError::Request { message, context })?;
        prepared.headers = headers;
        prepared.body_type = body_type;
        Ok(prepared)
    }

    /// The URL and body of a request whose path and query are written (`path_ok` and `body`
    /// carry what went wrong writing them), ready to send. The URL is made in `path`'s buffer.
    pub(crate) fn build_request(
        &self,
        (operation, path_template, method): (Cow<'static, str>, Cow<'static, str>, Method),
        path: String,
        path_ok: Result<(), String>,
        mut query: String,
        body: Result<Option<Vec<u8>>, String>,
        secrecy: Secrecy,
    ) -> Result<Prepared, (String, Box<RequestContext>)> {
        let shown_url = self.shown_url(&path, &query, &secrecy);
        let mut url = path;
        url.insert_str(0, &self.inner.base_url);
        if self.inner.key_placement == KeyPlacement::Query {
            QueryWriter::new(&mut query)
                .pair(self.inner.key_name.as_str(), &self.inner.key.expose());
        }
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        let mut param_secrets = secrecy.path.into_values();
        param_secrets.extend(secrecy.query.into_values());
        param_secrets.extend(secrecy.headers);
        // Refused before sending: the body's secrets are read now, for this message.
        let fail = |message: String, body: Option<&[u8]>| {
            let mut secrets = param_secrets.clone();
            if let Some(body) = body {
                secrets.extend(report::secret_values(body, secrecy.fields));
            }
            let scrub = Scrubber::new(&self.inner.key, &secrets);
            let shown = match &shown_url {
                Some(shown) => scrub.text(shown).into_owned(),
                None => scrub.text(&self.redact_url(&url)).into_owned(),
            };
            let mut context = RequestContext::new(
                operation.clone(),
                path_template.clone(),
                method.clone(),
                shown,
            );
            context.key_last5 = self.inner.key.last5().to_owned();
            (scrub.text(&message).into_owned(), Box::new(context))
        };
        if let Err(message) = path_ok {
            let body = body.as_ref().ok().and_then(Option::as_deref);
            return Err(fail(message, body));
        }
        let body = body.map_err(|message| fail(message, None))?;
        let parsed = reqwest::Url::parse(&url)
            .map_err(|e| fail(format!("invalid URL: {e}"), body.as_deref()))?;
        Ok(Prepared {
            method,
            url: parsed,
            body: body.map(Bytes::from),
            operation,
            path_template,
            shown_url,
            param_secrets,
            all_secrets: OnceLock::new(),
            secret_fields: secrecy.fields,
            headers: http::HeaderMap::new(),
            body_type: HeaderValue::from_static("application/json"),
        })
    }

    /// The URL as it may be shown, when the path or query holds a secret: `<redacted>` in
    /// place of each, and the key (in query mode) as `REDACTED`.
    fn shown_url(&self, path: &str, query: &str, secrecy: &Secrecy) -> Option<String> {
        let shown_path = secrecy.path.redacted();
        let shown_query = secrecy.query.redacted();
        if shown_path.is_none() && shown_query.is_none() {
            return None;
        }
        let mut url = self.inner.base_url.clone();
        url.push_str(shown_path.unwrap_or(path));
        let mut query = shown_query.unwrap_or(query).to_owned();
        if self.inner.key_placement == KeyPlacement::Query {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str(self.inner.key_name.as_str());
            query.push_str("=REDACTED");
        }
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        Some(url)
    }

    /// Sends `prepared` until the retry policy says to stop.
    pub(crate) async fn execute(&self, prepared: &Prepared, mode: Mode) -> Exchange {
        // The path template, never the URL: the URL may hold the key (query mode) and ids.
        let span = tracing::info_span!(
            "agentos_request",
            method = %prepared.method,
            path = &*prepared.path_template,
            operation = &*prepared.operation,
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
            let acquired = match &inner.rolling {
                Some(rolling) => Ok(rolling.acquire().await),
                None => inner.throttle.acquire().await,
            };
            let permit = match acquired {
                Ok(permit) => permit,
                Err(error) => {
                    tracing::warn!(attempt, %error, "the throttle granted no slot: not sent");
                    return Exchange {
                        end: Ended::NotSent(error),
                        attempts: attempt - 1,
                    };
                }
            };
            throttle_wait += permit.waited();
            span.record("attempt", attempt);
            span.record("throttle_wait_ms", millis(throttle_wait));
            let operation = &*prepared.operation;
            self.observe(&Event::Sending {
                operation,
                attempt,
                waited: permit.waited(),
            });
            // Only an observer is told how long the attempt took.
            let sent = inner.observer.is_some().then(tokio::time::Instant::now);
            let result = self.attempt(prepared).await;
            // The permit marks when this request ended (see the throttle's docs).
            drop(permit);

            let outcome = match &result {
                Ok(response) => Outcome::Status(response.status),
                Err(Failure::TooLarge { status, .. }) => Outcome::Status(*status),
                Err(Failure::Transport(error)) => Outcome::of_error(error),
                Err(Failure::Timeout) => Outcome::Timeout,
            };
            let status = match outcome {
                Outcome::Status(status) => Some(status),
                _ => None,
            };
            if let Some(sent) = sent {
                self.observe(&Event::Answered {
                    operation,
                    attempt,
                    status,
                    elapsed: sent.elapsed(),
                });
            }
            match outcome {
                Outcome::Status(status) if status.is_success() => {}
                Outcome::Status(StatusCode::TOO_MANY_REQUESTS) => counts.rate_limited += 1,
                _ => counts.failures += 1,
            }
            if let Some(status) = status {
                span.record("status", status.as_u16());
            }
            tracing::debug!(attempt, ?outcome, "attempt ended");

            // A `Retry-After` date is measured from the response's own `Date` (the server's
            // clock), never from ours; see `parse_retry_after`. Only a 429's is read: the
            // policy decides nothing else by it.
            let retry_after = match (&result, outcome) {
                (Ok(r), Outcome::Status(StatusCode::TOO_MANY_REQUESTS)) => {
                    let header = |name| r.headers.get(name).and_then(|v| v.to_str().ok());
                    header(RETRY_AFTER).and_then(|after| parse_retry_after(after, header(DATE)))
                }
                _ => None,
            };
            let decision = match outcome {
                // A page stream asks again for a smaller page instead of the same one.
                Outcome::Status(StatusCode::GATEWAY_TIMEOUT) if mode == Mode::Page => {
                    crate::retry::Decision::RETURN
                }
                _ => inner.retry.decide(
                    &prepared.method,
                    outcome,
                    counts,
                    retry_after,
                    fastrand::f64(),
                ),
            };
            if let Some(pause) = decision.pause_key {
                tracing::warn!(
                    attempt,
                    pause_ms = millis(pause),
                    retried = decision.then != Next::Return,
                    "429 too many requests: pausing every request of this key"
                );
                inner.throttle.pause(pause).await;
                self.observe(&Event::KeyPaused { operation, pause });
            }
            match decision.then {
                Next::Return => {}
                Next::Retry => {
                    self.observe(&Event::Retrying {
                        operation,
                        attempt,
                        delay: Duration::ZERO,
                    });
                    continue;
                }
                Next::RetryAfter(delay) => {
                    self.observe(&Event::Retrying {
                        operation,
                        attempt,
                        delay,
                    });
                    tracing::warn!(
                        attempt,
                        ?outcome,
                        delay_ms = millis(delay),
                        "retrying after backoff"
                    );
                    tokio::time::sleep(delay).await;
                    continue;
                }
            }
            let end = match result {
                Ok(response) => Ended::Answered(response),
                // The error's URL would carry the key in query mode.
                Err(Failure::Transport(error)) => {
                    Ended::Failed(Failure::Transport(error.without_url()))
                }
                Err(failure) => Ended::Failed(failure),
            };
            return Exchange {
                end,
                attempts: attempt,
            };
        }
    }

    /// One attempt: send, then read the body under the limit (the response is complete only
    /// then).
    async fn attempt(&self, prepared: &Prepared) -> Result<Response, Failure> {
        let inner = &self.inner;
        let mut builder = inner
            .http
            .request(prepared.method.clone(), prepared.url.clone());
        if inner.key_placement == KeyPlacement::Header {
            builder = builder.header(inner.key_name.clone(), inner.key_header.clone());
        }
        if !prepared.headers.is_empty() {
            builder = builder.headers(prepared.headers.clone());
        }
        if let Some(body) = &prepared.body {
            builder = builder
                .header(CONTENT_TYPE, prepared.body_type.clone())
                .body(body.clone());
        }
        let mut response = builder.send().await.map_err(Failure::of)?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let limit = if status.is_success() {
            inner.max_body_size
        } else {
            ERROR_BODY_LIMIT
        };
        let body = match body::read(&mut response, limit)
            .await
            .map_err(Failure::of)?
        {
            body::Read::Complete(body) => body,
            body::Read::Cut(head) if status.is_success() => {
                return Err(Failure::TooLarge { status, head });
            }
            // An error body is only read for its message: its start is enough.
            body::Read::Cut(head) => head,
        };
        Ok(Response {
            status,
            headers,
            body,
        })
    }

    fn observe(&self, event: &Event<'_>) {
        if let Some(observer) = &self.inner.observer {
            observer.observe(event);
        }
    }

    /// Maps the end of the exchange to the endpoint's output or error.
    ///
    /// Everything the server sent that reaches an error (bodies, serde's messages and paths,
    /// which may quote a value) has every spelling of the key removed first.
    pub(crate) fn finish<E: Endpoint>(
        &self,
        prepared: &Prepared,
        exchange: Exchange,
    ) -> Result<E::Output, ApiError<E::Error>> {
        self.conclude(prepared, exchange, E::decode)
            .map(|answer| answer.output)
    }

    /// [`Client::finish`] for any decoder and error type, keeping the success's status and
    /// headers for the caller who asked for them: each header value with the key in it,
    /// however spelt, is redacted (only here, not for every call that drops them).
    pub(crate) fn finish_with_meta<O, Err: StatusError>(
        &self,
        prepared: &Prepared,
        exchange: Exchange,
        decode: impl FnOnce(&crate::decode::Body<'_>) -> Result<O, crate::decode::DecodeError>,
    ) -> Result<WithMeta<O>, ApiError<Err>> {
        self.conclude(prepared, exchange, decode)
            .map(|answer| WithMeta {
                headers: self.scrub_headers(prepared, answer.headers),
                ..answer
            })
    }

    /// The output, status and headers (as received) of a success, or the error.
    fn conclude<O, Err: StatusError>(
        &self,
        prepared: &Prepared,
        exchange: Exchange,
        decode: impl FnOnce(&crate::decode::Body<'_>) -> Result<O, crate::decode::DecodeError>,
    ) -> Result<WithMeta<O>, ApiError<Err>> {
        let attempts = exchange.attempts;
        let key = &self.inner.key;
        // Every error shows what it shows through this: the key and every secret, the body's
        // included (read now, on the error path).
        let scrub = || prepared.error_scrubber(key);
        let context = |status: Option<StatusCode>, shown: Option<String>| {
            self.context(prepared, attempts, status, shown)
        };
        match exchange.end {
            Ended::Answered(response) if response.status.is_success() => {
                // A header value is text the server chose: scrubbed like a body before the
                // decoder keeps it (a download's content type); of the secrets, those a
                // success can know without reading its request body again.
                let content_type = response
                    .headers
                    .get(CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .map(|v| prepared.param_scrubber(key).text(v));
                let body = crate::decode::Body {
                    status: response.status,
                    content_type: content_type.as_deref(),
                    bytes: &response.body,
                };
                let output = decode(&body).map_err(|source| {
                    let scrub = scrub();
                    // The body as an error shows it, made once for the snippet and the report.
                    let shown = prepared.shown_response(&scrub, &response.body);
                    ApiError::Decode {
                        source: crate::decode::DecodeError {
                            path: scrub.text(&source.path).into_owned(),
                            message: scrub.text(&source.message).into_owned(),
                            snippet: shown.chars().take(SNIPPET_CHARS).collect(),
                        },
                        context: context(Some(response.status), Some(shown)),
                    }
                })?;
                Ok(WithMeta {
                    output,
                    status: response.status,
                    headers: response.headers,
                })
            }
            Ended::Answered(response) => {
                let scrub = scrub();
                let body = ErrorBody::from_response(&response.body, &scrub);
                let shown = prepared.shown_response(&scrub, &response.body);
                let context = context(Some(response.status), Some(shown));
                Err(match Err::from_status(response.status, body) {
                    Ok(error) => ApiError::Status { error, context },
                    Err(body) => ApiError::UnexpectedStatus {
                        status: response.status,
                        body,
                        context,
                    },
                })
            }
            Ended::Failed(Failure::TooLarge { status, head }) => {
                let limit = self.inner.max_body_size;
                let mut context = context(Some(status), None);
                let start = scrub().prefix(&head, REPORT_BODY_CHARS);
                context.response_body =
                    Some(format!("{start}… (more than the limit of {limit} bytes)"));
                Err(ApiError::ResponseTooLarge { limit, context })
            }
            Ended::Failed(Failure::Timeout) => Err(ApiError::Timeout {
                after: self.inner.timeout,
                context: context(None, None),
            }),
            Ended::NotSent(source) => Err(ApiError::Throttle {
                source,
                context: context(None, None),
            }),
            Ended::Failed(Failure::Transport(source)) => Err(ApiError::Transport {
                cause: scrub().text(&cause_chain(&source)).into_owned(),
                source,
                context: context(None, None),
            }),
        }
    }

    /// `prepared` refused before sending, for `message`.
    pub(crate) fn refuse<Err: StatusError>(
        &self,
        prepared: &Prepared,
        message: String,
    ) -> ApiError<Err> {
        ApiError::Request {
            message,
            context: self.context(prepared, 0, None, None),
        }
    }

    /// `headers` with every value that holds the key or a secret (in any spelling) redacted,
    /// and every header whose name holds one dropped (a name cannot be shown in part).
    fn scrub_headers(&self, prepared: &Prepared, headers: http::HeaderMap) -> http::HeaderMap {
        let scrub = prepared.error_scrubber(&self.inner.key);
        let mut out = http::HeaderMap::with_capacity(headers.len());
        let mut name = None;
        for (next, value) in headers {
            // `HeaderMap`'s owning iterator names only the first of a header's values.
            if next.is_some() {
                name = next.filter(|n| !scrub.finds_in(n.as_str()));
            }
            let Some(name) = &name else {
                continue;
            };
            let text = String::from_utf8_lossy(value.as_bytes());
            let value = match scrub.text(&text) {
                Cow::Owned(scrubbed) => HeaderValue::from_str(&scrubbed)
                    .unwrap_or_else(|_| HeaderValue::from_static(REDACTED)),
                Cow::Borrowed(_) => value,
            };
            out.append(name.clone(), value);
        }
        out
    }

    /// The support-report view of a request (built only when there is an error to report);
    /// `response_body` as [`Prepared::shown_response`] made it.
    fn context(
        &self,
        prepared: &Prepared,
        attempts: u32,
        status: Option<StatusCode>,
        response_body: Option<String>,
    ) -> Box<RequestContext> {
        let key = &self.inner.key;
        let scrub = prepared.error_scrubber(key);
        let url = match &prepared.shown_url {
            Some(shown) => scrub.text(shown).into_owned(),
            None => scrub
                .text(&self.redact_url(prepared.url.as_str()))
                .into_owned(),
        };
        Box::new(RequestContext {
            operation: prepared.operation.clone(),
            path_template: prepared.path_template.clone(),
            method: prepared.method.clone(),
            url,
            key_last5: key.last5().to_owned(),
            // Blanked and scrubbed whole, then cut: a secret across the cut goes whole.
            request_body: prepared.body.as_deref().map(|b| {
                let text = report::redacted_body(b, prepared.secret_fields);
                report::truncate(&scrub.text(&text))
            }),
            status,
            response_body,
            attempts,
            at: OffsetDateTime::now_utc(),
        })
    }

    /// `url` with the key's query value replaced by `REDACTED`; the caller's scrubber removes
    /// any other spelling of the key and the secrets.
    fn redact_url<'u>(&self, url: &'u str) -> Cow<'u, str> {
        if self.inner.key_placement == KeyPlacement::Query {
            // The key is always the last parameter: see `build_request`.
            let marker = format!("{}=", self.inner.key_name);
            if let Some(at) = url.rfind(&marker) {
                return Cow::Owned(format!("{}{marker}REDACTED", &url[..at]));
            }
        }
        Cow::Borrowed(url)
    }
}

/// A paged request's `count` must be a page size agentOS serves: refused here, unsent, rather
/// than answered 400.
fn check_page_count(count: Option<i64>) -> Result<(), String> {
    let Some(count) = count else {
        return Ok(());
    };
    PageSize::from_count(count)
        .map(drop)
        .map_err(|e| format!("count = {count}: {e}"))
}

/// The largest response body whose JSON is read to blank its secret fields before an error
/// shows its start: a larger success body is shown from its raw start (scrubbed), so that
/// reporting an error never holds a second, parsed copy of a body of many megabytes.
const BLANKED_BODY_LIMIT: usize = 1 << 20;

impl Prepared {
    /// A scrubber of the key and of the request's secret parameters.
    fn param_scrubber<'a>(&'a self, key: &'a ApiKey) -> Scrubber<'a> {
        Scrubber::new(key, &self.param_secrets)
    }

    /// A scrubber of the key and of every secret of the request, its body's included (read
    /// from the body the first time one is needed).
    fn error_scrubber<'a>(&'a self, key: &'a ApiKey) -> Scrubber<'a> {
        let all = self.all_secrets.get_or_init(|| {
            let mut all = self.param_secrets.clone();
            if let Some(body) = &self.body {
                all.extend(report::secret_values(body, self.secret_fields));
            }
            all
        });
        Scrubber::new(key, all)
    }

    /// A response body as an error shows it: a JSON body (up to [`BLANKED_BODY_LIMIT`]) with
    /// its secret fields blanked (a token the server issued, a password it echoed in a
    /// field), then scrubbed of the key and the request's secrets, then cut at
    /// [`REPORT_BODY_CHARS`], saying so.
    fn shown_response(&self, scrub: &Scrubber<'_>, body: &[u8]) -> String {
        let blanked = (body.len() <= BLANKED_BODY_LIMIT)
            .then(|| report::blank_json(body, self.secret_fields))
            .flatten();
        // At most what is shown is decoded, even of a large success body.
        let head = scrub.prefix(
            blanked.as_deref().map_or(body, str::as_bytes),
            REPORT_BODY_CHARS + 1,
        );
        match head.char_indices().nth(REPORT_BODY_CHARS) {
            Some((cut, _)) => format!("{}… ({} bytes in all)", &head[..cut], body.len()),
            None => head,
        }
    }
}

impl Failure {
    /// Sorts a `reqwest` error: a timeout, or anything else the transport reported.
    fn of(error: reqwest::Error) -> Self {
        if error.is_timeout() && !error.is_connect() {
            Failure::Timeout
        } else {
            Failure::Transport(error)
        }
    }
}

/// An error and its causes, outermost first, joined with `: ` (each cause once: reqwest's
/// and hyper's messages sometimes repeat their source's).
fn cause_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(current) = cause {
        let message = current.to_string();
        if !text.contains(&message) {
            text.push_str(": ");
            text.push_str(&message);
        }
        cause = current.source();
    }
    text
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

impl Exchange {
    /// Whether the exchange ended with a 504 response.
    pub(crate) fn is_gateway_timeout(&self) -> bool {
        matches!(&self.end, Ended::Answered(r) if r.status == StatusCode::GATEWAY_TIMEOUT)
    }
}
