//! The [`Client`]: one configured connection to agentOS, shared by cheap clones.

mod body;
mod builder;
mod exec;
mod paging;
mod raw;

pub use paging::{Items, Pages};
pub use raw::{AnyStatus, RAW_OPERATION, RawRequest};
#[cfg(test)]
mod refused;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::{HeaderName, HeaderValue};

pub(crate) use exec::Mode;

pub use builder::{
    BuildError, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_KEY_NAME,
    DEFAULT_MAX_BODY_SIZE, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, KeyPlacement,
};

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::endpoint::Endpoint;
use crate::error::ApiError;
use crate::key::{ApiKey, ShortName};
use crate::method::{Delete, Get, Patch, Post, Put, SentWith};
use crate::pages::{PageSize, PageSizeError};
use crate::retry::RetryPolicy;
use crate::throttle::{RollingWindow, Throttle};

/// A client for one API key and one short name.
///
/// Cloning is cheap: clones share the connection pool, the throttle (so together they never
/// exceed the key's limit) and the policies. Every request carries `Accept: application/json`
/// and the key, takes a throttle slot per attempt, and is retried as [`RetryPolicy`] says.
/// Redirects are not followed (they would carry the key elsewhere): a 3xx is reported as
/// [`ApiError::UnexpectedStatus`].
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// Per clone, so one part of an application can page smaller without a second pool.
    page_size: PageSize,
}

/// What clones share.
struct Inner {
    http: reqwest::Client,
    base_url: String,
    key: ApiKey,
    key_header: HeaderValue,
    /// The header (or query parameter) the key travels in.
    key_name: HeaderName,
    key_placement: KeyPlacement,
    short_name: ShortName,
    timeout: Duration,
    throttle: Arc<dyn Throttle>,
    /// `throttle` itself when it is the client's own [`RollingWindow`] (a clone sharing its
    /// log), asked directly: no boxed future per attempt.
    rolling: Option<RollingWindow>,
    retry: RetryPolicy,
    /// The largest success body read, in bytes.
    max_body_size: usize,
    observer: Option<Arc<dyn crate::observe::Observer>>,
}

impl Client {
    /// A builder; only `.api_key(..)` and `.short_name(..)` are required.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The short name every path is written with.
    pub fn short_name(&self) -> &ShortName {
        &self.inner.short_name
    }

    /// Where the key travels.
    pub fn key_placement(&self) -> KeyPlacement {
        self.inner.key_placement
    }

    /// The time allowed for one attempt.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// The largest success body the client reads, in bytes.
    pub fn max_body_size(&self) -> usize {
        self.inner.max_body_size
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The throttle every clone shares (pass it to [`ClientBuilder::throttle_with`] to share it
    /// with a client built separately for the same key).
    pub fn throttle(&self) -> &Arc<dyn Throttle> {
        &self.inner.throttle
    }

    /// Records per page for [`Client::pages`] and [`Client::items`].
    pub fn page_size(&self) -> PageSize {
        self.page_size
    }

    /// A clone that pages with `size` records per request (1..=1000; larger is an error, not a
    /// clamp). Shares everything else.
    pub fn with_page_size(&self, size: u32) -> Result<Client, PageSizeError> {
        Ok(Client {
            inner: Arc::clone(&self.inner),
            page_size: PageSize::new(size)?,
        })
    }

    /// Sends a request of any method and decodes its response.
    ///
    /// Prefer the method-named entry points ([`Client::get`], [`Client::post`], ...): they say
    /// at the call site which requests may change data.
    pub fn send<'a, E: Endpoint>(&'a self, request: &'a E) -> Call<'a, E> {
        Call::new(async move {
            let (prepared, exchange) = self.exchange(request).await?;
            self.finish::<E>(&prepared, exchange)
        })
    }

    /// Sends a request of any method, like [`Client::send`], and answers its status and
    /// headers beside the decoded output.
    pub async fn send_with_meta<E: Endpoint>(
        &self,
        request: &E,
    ) -> Result<WithMeta<E::Output>, ApiError<E::Error>> {
        let (prepared, exchange) = self.exchange(request).await?;
        self.finish_with_meta(&prepared, exchange, E::decode)
    }

    /// Builds `request` and sends it as the retry policy says: what `send` and
    /// `send_with_meta` then read differently.
    async fn exchange<E: Endpoint>(
        &self,
        request: &E,
    ) -> Result<(exec::Prepared, exec::Exchange), ApiError<E::Error>> {
        let prepared = self.prepare(request)?;
        let exchange = self.execute(&prepared, exec::Mode::Single).await;
        Ok((prepared, exchange))
    }

    /// Sends a `GET` endpoint.
    pub fn get<'a, E: Endpoint>(&'a self, request: &'a E) -> Call<'a, E>
    where
        E::Method: SentWith<Get, E>,
    {
        self.send(request)
    }

    /// Sends a `POST` endpoint. Never resent once it may have reached the server.
    pub fn post<'a, E: Endpoint>(&'a self, request: &'a E) -> Call<'a, E>
    where
        E::Method: SentWith<Post, E>,
    {
        self.send(request)
    }

    /// Sends a `PUT` endpoint.
    pub fn put<'a, E: Endpoint>(&'a self, request: &'a E) -> Call<'a, E>
    where
        E::Method: SentWith<Put, E>,
    {
        self.send(request)
    }

    /// Sends a `PATCH` endpoint. Never resent once it may have reached the server.
    pub fn patch<'a, E: Endpoint>(&'a self, request: &'a E) -> Call<'a, E>
    where
        E::Method: SentWith<Patch, E>,
    {
        self.send(request)
    }

    /// Sends a `DELETE` endpoint.
    pub fn delete<'a, E: Endpoint>(&'a self, request: &'a E) -> Call<'a, E>
    where
        E::Method: SentWith<Delete, E>,
    {
        self.send(request)
    }
}

/// A decoded success with its status and headers (`ETag`, `Date`, ...): what
/// [`Client::send_with_meta`] and raw calls answer. Header values that hold the API key (a
/// server echoing it) are redacted.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WithMeta<T> {
    /// The decoded body.
    pub output: T,
    /// The success status (200, 201, 204, ...).
    pub status: http::StatusCode,
    /// The response headers.
    pub headers: http::HeaderMap,
}

/// A request on its way: the future [`Client::get`], [`Client::post`] (and the other entry
/// points) return; `.await` it for the decoded output or the typed error.
///
/// A named type whose only bound is [`Endpoint`], so that sending an endpoint with the wrong
/// entry point is reported once, at the call, not again at the `.await`.
#[must_use = "a request is only sent when its future is awaited"]
pub struct Call<'a, E: Endpoint> {
    future: Pin<Box<dyn Future<Output = Outcome<E>> + Send + 'a>>,
}

/// What a call of `E` ends with.
type Outcome<E> = Result<<E as Endpoint>::Output, ApiError<<E as Endpoint>::Error>>;

impl<'a, E: Endpoint> Call<'a, E> {
    fn new(future: impl Future<Output = Outcome<E>> + Send + 'a) -> Self {
        Self {
            future: Box::pin(future),
        }
    }
}

impl<E: Endpoint> Future for Call<'_, E> {
    type Output = Result<E::Output, ApiError<E::Error>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.future.as_mut().poll(cx)
    }
}

impl<E: Endpoint> fmt::Debug for Call<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("operation", &E::OPERATION)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("short_name", &inner.short_name.as_str())
            .field("api_key", &inner.key)
            .field("key_name", &inner.key_name)
            .field("key_placement", &inner.key_placement)
            .field("timeout", &inner.timeout)
            .field("throttle", &inner.throttle)
            .field("retry", &inner.retry)
            .field("page_size", &self.page_size)
            .finish_non_exhaustive()
    }
}
