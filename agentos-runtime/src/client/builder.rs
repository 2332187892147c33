//! [`ClientBuilder`]: configuration checked once, when the client is built.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use http::HeaderValue;
use http::header::{ACCEPT, HeaderMap, HeaderName};

use super::{Client, Inner};
use crate::key::{ApiKey, ShortName, ShortNameError};
use crate::pages::{PageSize, PageSizeError};
use crate::retry::RetryPolicy;
use crate::throttle::{InvalidThrottle, RollingWindow, Throttle};

/// The agentOS production API.
pub const DEFAULT_BASE_URL: &str = "https://live-api.letmc.com";

/// The default request timeout: above the server's own 60 s limit, so that a slow answer
/// (a 504 from the server, or the data) arrives instead of our giving up first.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(90);

/// The default time allowed to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The default `User-Agent`.
pub const DEFAULT_USER_AGENT: &str = concat!("agentos-runtime/", env!("CARGO_PKG_VERSION"));

/// The default limit on a success response's body: 64 MiB. The largest page agentOS serves
/// (1000 records of its biggest model, `DiaryAppointmentModel`, every field present with
/// 40-character strings) is about 2.3 MB (measured: `docs/PERFORMANCE.md`), so this leaves
/// room for pages of long texts many times over while keeping a hostile or broken server from
/// filling memory.
pub const DEFAULT_MAX_BODY_SIZE: usize = 64 * 1024 * 1024;

/// The header (or query parameter) the key travels in by default: `api_key`, as the vendor's
/// help articles tell integrators. (The published Swagger documents declare a security scheme
/// with the header `ApiKey` instead, but apply it to no operation.)
pub const DEFAULT_KEY_NAME: &str = "api_key";

/// Where the API key travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeyPlacement {
    /// A request header, `api_key` unless [`ClientBuilder::key_name`] says otherwise (the
    /// default; never in URLs, logs or proxies' access logs).
    #[default]
    Header,
    /// A query parameter of the same name, which agentOS also accepts. Less safe: URLs end
    /// up in access logs. Support reports show the value as `REDACTED`.
    Query,
}

/// A configuration [`ClientBuilder::build`] refuses.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// No key was given.
    #[error("no API key: call `.api_key(..)` on the builder")]
    MissingApiKey,
    /// The key cannot be sent (the reason never contains the key).
    #[error("{0}")]
    InvalidApiKey(&'static str),
    /// No short name was given.
    #[error("no short name: call `.short_name(..)` on the builder")]
    MissingShortName,
    /// The short name is not valid.
    #[error(transparent)]
    ShortName(#[from] ShortNameError),
    /// The base URL does not parse or is not an http(s) URL without query or fragment.
    #[error("base URL {url:?} is not usable: {reason}")]
    InvalidBaseUrl {
        /// The URL given (up to any `?`).
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Plain `http://` to a host that is not loopback.
    #[error(
        "base URL {url:?} uses plain http:// to a host that is not loopback (127.0.0.0/8, ::1, localhost): the API key would cross the network unencrypted; use https://"
    )]
    InsecureBaseUrl {
        /// The URL given.
        url: String,
    },
    /// The throttle limit or window is not valid.
    #[error(transparent)]
    Throttle(#[from] InvalidThrottle),
    /// The page size is not valid.
    #[error(transparent)]
    PageSize(#[from] PageSizeError),
    /// A zero timeout would fail every request.
    #[error("the request timeout must be longer than 0")]
    ZeroTimeout,
    /// The user agent is not a valid header value.
    #[error("user agent {0:?} is not a valid header value")]
    InvalidUserAgent(String),
    /// The key's header name is not a valid header name.
    #[error("{0:?} is not a valid header name for the API key")]
    InvalidKeyName(String),
    /// A body limit of 0 would refuse every response.
    #[error("the response body limit must be at least 1 byte")]
    ZeroBodyLimit,
    /// The proxy URL does not parse or is not an http(s) URL.
    #[error("proxy {url:?} is not usable: {reason}")]
    InvalidProxy {
        /// The URL given, without any credentials.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The HTTP client could not be created (TLS set-up).
    #[error("could not create the HTTP client: {0}")]
    Http(#[source] reqwest::Error),
}

/// How the throttle will be made.
#[derive(Debug, Clone)]
enum ThrottleChoice {
    Window { limit: u32, window: Duration },
    Given(Arc<dyn Throttle>),
}

/// Configures a [`Client`]. Only the API key and short name are required:
///
/// ```
/// # fn main() -> Result<(), agentos_runtime::BuildError> {
/// let client = agentos_runtime::Client::builder()
///     .api_key("my-key")
///     .short_name("acme")
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ClientBuilder {
    api_key: Option<ApiKey>,
    short_name: Option<String>,
    base_url: String,
    key_placement: KeyPlacement,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    throttle: ThrottleChoice,
    retry: RetryPolicy,
    page_size: u32,
    max_body_size: usize,
    key_name: String,
    proxy: Option<String>,
    observer: Option<Arc<dyn crate::observe::Observer>>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            api_key: None,
            short_name: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            key_placement: KeyPlacement::Header,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            throttle: ThrottleChoice::Window {
                limit: crate::throttle::DEFAULT_LIMIT,
                window: crate::throttle::DEFAULT_WINDOW,
            },
            retry: RetryPolicy::default(),
            page_size: PageSize::MAX.get(),
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            key_name: DEFAULT_KEY_NAME.to_owned(),
            proxy: None,
            observer: None,
        }
    }
}

impl ClientBuilder {
    /// The API key (required).
    pub fn api_key(mut self, key: impl Into<ApiKey>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The short name of the client organisation (required; validated by `build`).
    pub fn short_name(mut self, name: impl AsRef<str>) -> Self {
        self.short_name = Some(name.as_ref().to_owned());
        self
    }

    /// The API's base URL (default [`DEFAULT_BASE_URL`]). Must be `https://`, or `http://` to a
    /// loopback host (a local simulator). A path prefix is kept; a trailing `/` is ignored.
    pub fn base_url(mut self, url: impl AsRef<str>) -> Self {
        self.base_url = url.as_ref().to_owned();
        self
    }

    /// Where the key is sent (default: the `api_key` header).
    pub fn key_placement(mut self, placement: KeyPlacement) -> Self {
        self.key_placement = placement;
        self
    }

    /// The time allowed for one attempt, from sending to the end of the body (default
    /// [`DEFAULT_TIMEOUT`], 90 s). Throttle waits and backoff are not counted.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time allowed to open a connection (default [`DEFAULT_CONNECT_TIMEOUT`], 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header (default [`DEFAULT_USER_AGENT`]).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// At most `limit` requests per rolling `window` with this key (default 50 per 60 s; raise
    /// it when agentOS granted the key more). Builds a [`RollingWindow`].
    pub fn throttle(mut self, limit: u32, window: Duration) -> Self {
        self.throttle = ThrottleChoice::Window { limit, window };
        self
    }

    /// Uses `throttle` instead of a new [`RollingWindow`]: give the same value to every client
    /// built for one key (or plug in one backed by a store shared between processes).
    pub fn throttle_with(mut self, throttle: Arc<dyn Throttle>) -> Self {
        self.throttle = ThrottleChoice::Given(throttle);
        self
    }

    /// Tells `observer` of every attempt, answer, retry and pause of the key (see
    /// [`crate::observe`]; [`crate::observe::Counters`] counts them).
    pub fn observer(mut self, observer: Arc<dyn crate::observe::Observer>) -> Self {
        self.observer = Some(observer);
        self
    }

    /// The retry policy (default [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Records per page for [`Client::pages`] and [`Client::items`] (default and maximum 1000;
    /// `build` refuses larger values rather than silently clamping them).
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = size;
        self
    }

    /// The largest success body accepted, in bytes (default [`DEFAULT_MAX_BODY_SIZE`],
    /// 64 MiB). It is enforced while the body streams in: past it, reading stops and the call
    /// ends with [`crate::ApiError::ResponseTooLarge`], so memory stays bounded whatever the
    /// server sends. (Error bodies are only kept for messages: their first 64 KiB are read.)
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// The name of the header (or, with [`KeyPlacement::Query`], the query parameter) the key
    /// is sent in (default [`DEFAULT_KEY_NAME`], `api_key`). agentOS's help articles name
    /// `api_key`; its Swagger documents declare `ApiKey`.
    pub fn key_name(mut self, name: impl Into<String>) -> Self {
        self.key_name = name.into();
        self
    }

    /// Sends requests to an `https://` base URL through this proxy (a corporate proxy:
    /// `http://proxy.example:3128`, credentials in the URL if it needs them). Only HTTPS
    /// traffic is proxied, in a `CONNECT` tunnel, so the proxy never sees the key or the
    /// data; a loopback `http://` base URL (a local simulator) is never proxied.
    ///
    /// Without this the client uses no proxy at all: `HTTP_PROXY`, `HTTPS_PROXY` and
    /// `ALL_PROXY` in the environment are ignored, since a variable set for other tools would
    /// otherwise route the key (in clear, for `http://`) through a machine nobody chose for it.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let key = self.api_key.clone().ok_or(BuildError::MissingApiKey)?;
        if let Some(reason) = key.problem() {
            return Err(BuildError::InvalidApiKey(reason));
        }
        let mut key_header = HeaderValue::from_str(key.expose())
            .map_err(|_| BuildError::InvalidApiKey("the API key is not a valid header value"))?;
        // Keeps it out of `Debug` output of requests and of HTTP/2 header compression tables.
        key_header.set_sensitive(true);
        let short_name = ShortName::new(
            self.short_name
                .clone()
                .ok_or(BuildError::MissingShortName)?,
        )?;
        let base_url = check_base_url(&self.base_url)?;
        if self.timeout.is_zero() {
            return Err(BuildError::ZeroTimeout);
        }
        let page_size = PageSize::new(self.page_size)?;
        let (throttle, rolling): (Arc<dyn Throttle>, _) = match &self.throttle {
            ThrottleChoice::Window { limit, window } => {
                let rolling = RollingWindow::new(*limit, *window)?;
                (Arc::new(rolling.clone()), Some(rolling))
            }
            ThrottleChoice::Given(throttle) => (Arc::clone(throttle), None),
        };
        if self.max_body_size == 0 {
            return Err(BuildError::ZeroBodyLimit);
        }
        let key_name = HeaderName::from_bytes(self.key_name.as_bytes())
            .map_err(|_| BuildError::InvalidKeyName(self.key_name.clone()))?;
        let proxy = match &self.proxy {
            // Only HTTPS is proxied: a loopback `http://` base URL goes direct.
            Some(url) if base_url.starts_with("https://") => Some(check_proxy(url)?),
            Some(url) => {
                check_proxy(url)?;
                None
            }
            None => None,
        };
        let http = self
            .http_builder(proxy)?
            .build()
            .map_err(BuildError::Http)?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                key,
                key_header,
                key_name,
                key_placement: self.key_placement,
                short_name,
                timeout: self.timeout,
                throttle,
                rolling,
                retry: self.retry.clone(),
                max_body_size: self.max_body_size,
                observer: self.observer.clone(),
            }),
            page_size,
        })
    }

    /// The HTTP client's settings (separate from `build` so tests can add to them).
    fn http_builder(
        &self,
        proxy: Option<reqwest::Proxy>,
    ) -> Result<reqwest::ClientBuilder, BuildError> {
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| BuildError::InvalidUserAgent(self.user_agent.clone()))?;
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let mut builder = reqwest::Client::builder()
            .user_agent(user_agent)
            .default_headers(headers)
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            // A redirect would carry the key header to wherever it points.
            .redirect(reqwest::redirect::Policy::none())
            // Proxies only when asked for (see `proxy`): never from the environment.
            .no_proxy()
            // reqwest would resend a request the server refused at the protocol level
            // without asking the throttle; the client's own loop does that instead, taking a
            // slot for every send (see `retry::Outcome::Refused`).
            .retry(reqwest::retry::never());
        if let Some(proxy) = proxy {
            builder = builder.proxy(proxy);
        }
        Ok(builder)
    }

    /// The client built with extra settings on its HTTP client (for tests of what the
    /// builder offers no option for, such as HTTP/2 without TLS).
    #[cfg(test)]
    pub(crate) fn build_with(
        self,
        adjust: impl FnOnce(reqwest::ClientBuilder) -> reqwest::ClientBuilder,
    ) -> Client {
        let http = adjust(self.http_builder(None).unwrap()).build().unwrap();
        let mut client = self.build().unwrap();
        if let Some(inner) = Arc::get_mut(&mut client.inner) {
            inner.http = http;
        }
        client
    }
}

/// A proxy for HTTPS traffic, if `url` is an http(s) URL.
fn check_proxy(url: &str) -> Result<reqwest::Proxy, BuildError> {
    let shown = match reqwest::Url::parse(url) {
        Ok(mut parsed) => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            parsed.to_string()
        }
        Err(_) => "(unparsable)".to_owned(),
    };
    let invalid = |reason: String| BuildError::InvalidProxy {
        url: shown.clone(),
        reason,
    };
    let parsed = reqwest::Url::parse(url).map_err(|e| invalid(e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(invalid(
            "expected an http:// or https:// proxy URL".to_owned(),
        ));
    }
    reqwest::Proxy::https(parsed).map_err(|e| invalid(e.to_string()))
}

/// The base URL without a trailing `/`, if it is https, or http to a loopback host.
fn check_base_url(text: &str) -> Result<String, BuildError> {
    let shown = text.split('?').next().unwrap_or_default().to_owned();
    let invalid = |reason: &str| BuildError::InvalidBaseUrl {
        url: shown.clone(),
        reason: reason.to_owned(),
    };
    let url = reqwest::Url::parse(text).map_err(|e| invalid(&e.to_string()))?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it must not have a query or fragment"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("it must not carry credentials"));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(url.host_str().unwrap_or_default()) => {}
        "http" => return Err(BuildError::InsecureBaseUrl { url: shown }),
        _ => {
            return Err(invalid(
                "the scheme must be https (or http to a loopback host)",
            ));
        }
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// `localhost`, 127.0.0.0/8 or ::1 (`host_str` brackets IPv6 addresses).
fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        let ok = [
            ("https://live-api.letmc.com", "https://live-api.letmc.com"),
            ("https://live-api.letmc.com/", "https://live-api.letmc.com"),
            (
                "https://proxy.example/agentos/",
                "https://proxy.example/agentos",
            ),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("http://127.8.9.10", "http://127.8.9.10"),
            ("http://localhost:3000/", "http://localhost:3000"),
            ("http://LOCALHOST:3000", "http://localhost:3000"),
            ("http://[::1]:3000", "http://[::1]:3000"),
        ];
        for (given, want) in ok {
            assert_eq!(check_base_url(given).unwrap(), want, "{given}");
        }
        for insecure in [
            "http://live-api.letmc.com",
            "http://10.0.0.1",
            "http://192.168.1.1:80",
            "http://[::2]",
            "http://localhost.example.com",
            "http://128.0.0.1",
        ] {
            let err = check_base_url(insecure).unwrap_err();
            assert!(
                matches!(err, BuildError::InsecureBaseUrl { .. }),
                "{insecure}"
            );
            assert!(err.to_string().contains("https://"), "{err}");
        }
        for invalid in [
            "live-api.letmc.com",
            "ftp://127.0.0.1",
            "https://x/?api_key=secret",
            "https://user:pw@x",
            "https://x/#f",
        ] {
            let err = check_base_url(invalid).unwrap_err();
            assert!(
                matches!(err, BuildError::InvalidBaseUrl { .. }),
                "{invalid}"
            );
            assert!(!err.to_string().contains("secret"));
        }
    }

    #[test]
    fn build_checks_everything() {
        let base = || Client::builder().api_key("key-12345").short_name("acme");
        assert!(base().build().is_ok());
        assert!(matches!(
            Client::builder().short_name("acme").build(),
            Err(BuildError::MissingApiKey)
        ));
        assert!(matches!(
            Client::builder().api_key("k").build(),
            Err(BuildError::MissingShortName)
        ));
        assert!(matches!(
            base().api_key("bad key").build(),
            Err(BuildError::InvalidApiKey(_))
        ));
        assert!(matches!(
            base().short_name("a/b").build(),
            Err(BuildError::ShortName(_))
        ));
        assert!(matches!(
            base().base_url("http://example.com").build(),
            Err(BuildError::InsecureBaseUrl { .. })
        ));
        assert!(matches!(
            base().throttle(0, Duration::from_secs(1)).build(),
            Err(BuildError::Throttle(_))
        ));
        assert!(matches!(
            base().page_size(1001).build(),
            Err(BuildError::PageSize(PageSizeError::TooLarge(1001)))
        ));
        assert!(matches!(
            base().page_size(0).build(),
            Err(BuildError::PageSize(PageSizeError::Zero))
        ));
        assert!(matches!(
            base().timeout(Duration::ZERO).build(),
            Err(BuildError::ZeroTimeout)
        ));
        assert!(matches!(
            base().user_agent("a\nb").build(),
            Err(BuildError::InvalidUserAgent(_))
        ));
        let client = base().build().unwrap();
        assert_eq!(client.base_url(), DEFAULT_BASE_URL);
        assert_eq!(client.timeout(), DEFAULT_TIMEOUT);
        assert!(client.timeout() > Duration::from_secs(60));
        assert_eq!(client.page_size(), PageSize::MAX);
        assert_eq!(client.key_placement(), KeyPlacement::Header);
    }
}
