//! The [`Client`]: one configured connection to agentOS, shared by cheap clones.

mod body;
mod builder;
mod exec;
mod paging;
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

use crate::endpoint::{
    DeleteEndpoint, Endpoint, GetEndpoint, PatchEndpoint, PostEndpoint, PutEndpoint,
};
use crate::error::ApiError;
use crate::key::{ApiKey, ShortName};
use crate::pages::{PageSize, PageSizeError};
use crate::retry::RetryPolicy;
use crate::throttle::Throttle;

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
    retry: RetryPolicy,
    /// The largest success body read, in bytes.
    max_body_size: usize,
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
    pub async fn send<E: Endpoint>(&self, request: &E) -> Result<E::Output, ApiError<E::Error>> {
        let prepared = self.prepare(request)?;
        let exchange = self.execute(&prepared, exec::Mode::Single).await;
        self.finish::<E>(&prepared, exchange)
    }

    /// Sends a `GET` endpoint.
    pub async fn get<E: GetEndpoint>(&self, request: &E) -> Result<E::Output, ApiError<E::Error>> {
        self.send(request).await
    }

    /// Sends a `POST` endpoint. Never resent once it may have reached the server.
    pub async fn post<E: PostEndpoint>(
        &self,
        request: &E,
    ) -> Result<E::Output, ApiError<E::Error>> {
        self.send(request).await
    }

    /// Sends a `PUT` endpoint.
    pub async fn put<E: PutEndpoint>(&self, request: &E) -> Result<E::Output, ApiError<E::Error>> {
        self.send(request).await
    }

    /// Sends a `PATCH` endpoint. Never resent once it may have reached the server.
    pub async fn patch<E: PatchEndpoint>(
        &self,
        request: &E,
    ) -> Result<E::Output, ApiError<E::Error>> {
        self.send(request).await
    }

    /// Sends a `DELETE` endpoint.
    pub async fn delete<E: DeleteEndpoint>(
        &self,
        request: &E,
    ) -> Result<E::Output, ApiError<E::Error>> {
        self.send(request).await
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
