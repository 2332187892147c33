//! Test support: hand-written endpoints (what generated code looks like) and a tiny scripted
//! HTTP server on 127.0.0.1 that logs every request it receives.
//!
//! Shared by several test crates, each using a part of it.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use agentos_runtime::decode::{self, DecodeError};
use agentos_runtime::path::PathWriter;
use agentos_runtime::query::QueryWriter;
use agentos_runtime::{
    Client, ClientBuilder, Endpoint, ErrorBody, Get, Paged, PagedRequest, RetryPolicy, StatusCode,
    StatusError,
};
use agentos_runtime::{Delete, Post};
use serde::Deserialize;

/// A key that must never show up whole anywhere.
pub const CANARY: &str = "CANARY-7f3a9c1e5b2d4a6f8e0c-tail9";
/// Its last 5 characters, which may be shown.
pub const CANARY_LAST5: &str = "tail9";

// ---------------------------------------------------------------- status enum

/// Every status the API-wide policy gives an operation with inputs.
#[derive(Debug)]
pub enum AgentError {
    BadRequest(ErrorBody),
    Unauthorized(ErrorBody),
    Forbidden(ErrorBody),
    NotFound(ErrorBody),
    TooManyRequests(ErrorBody),
    InternalServerError(ErrorBody),
    BadGateway(ErrorBody),
    ServiceUnavailable(ErrorBody),
    GatewayTimeout(ErrorBody),
}

impl StatusError for AgentError {
    fn from_status(status: StatusCode, body: ErrorBody) -> Result<Self, ErrorBody> {
        Ok(match status.as_u16() {
            400 => Self::BadRequest(body),
            401 => Self::Unauthorized(body),
            403 => Self::Forbidden(body),
            404 => Self::NotFound(body),
            429 => Self::TooManyRequests(body),
            500 => Self::InternalServerError(body),
            502 => Self::BadGateway(body),
            503 => Self::ServiceUnavailable(body),
            504 => Self::GatewayTimeout(body),
            _ => return Err(body),
        })
    }

    fn status(&self) -> StatusCode {
        let code = match self {
            Self::BadRequest(_) => 400,
            Self::Unauthorized(_) => 401,
            Self::Forbidden(_) => 403,
            Self::NotFound(_) => 404,
            Self::TooManyRequests(_) => 429,
            Self::InternalServerError(_) => 500,
            Self::BadGateway(_) => 502,
            Self::ServiceUnavailable(_) => 503,
            Self::GatewayTimeout(_) => 504,
        };
        StatusCode::from_u16(code).unwrap()
    }

    fn body(&self) -> &ErrorBody {
        match self {
            Self::BadRequest(b)
            | Self::Unauthorized(b)
            | Self::Forbidden(b)
            | Self::NotFound(b)
            | Self::TooManyRequests(b)
            | Self::InternalServerError(b)
            | Self::BadGateway(b)
            | Self::ServiceUnavailable(b)
            | Self::GatewayTimeout(b) => b,
        }
    }
}

// ---------------------------------------------------------------- endpoints

/// `GET /v4/advertising/{shortName}/company/company`
#[derive(Debug, Clone)]
pub struct GetCompany;

#[derive(Debug, Deserialize, PartialEq)]
pub struct Company {
    #[serde(rename = "Name")]
    pub name: String,
}

impl Endpoint for GetCompany {
    type Method = Get;
    type Output = Company;
    type Error = AgentError;
    const PATH_TEMPLATE: &'static str = "/v4/advertising/{shortName}/company/company";
    const OPERATION: &'static str = "GetCompany";
    fn write_path(&self, path: &mut PathWriter<'_>) {
        path.literal("/v4/advertising/")
            .short_name()
            .literal("/company/company");
    }
    fn decode(body: &agentos_runtime::decode::Body<'_>) -> Result<Company, DecodeError> {
        decode::json(body.bytes)
    }
}

/// `GET /v3/diary/{shortName}/appointment/{appointmentId}`
#[derive(Debug, Clone)]
pub struct GetAppointment {
    pub id: String,
}

impl Endpoint for GetAppointment {
    type Method = Get;
    type Output = serde_json::Value;
    type Error = AgentError;
    const PATH_TEMPLATE: &'static str = "/v3/diary/{shortName}/appointment/{appointmentId}";
    const OPERATION: &'static str = "GetAppointment";
    fn write_path(&self, path: &mut PathWriter<'_>) {
        path.literal("/v3/diary/")
            .short_name()
            .literal("/appointment/")
            .param(&self.id);
    }
    fn decode(body: &agentos_runtime::decode::Body<'_>) -> Result<Self::Output, DecodeError> {
        decode::json(body.bytes)
    }
}

/// `POST /v3/diary/{shortName}/appointment`
#[derive(Debug, Clone)]
pub struct CreateAppointment {
    pub body: serde_json::Value,
}

impl Endpoint for CreateAppointment {
    type Method = Post;
    type Output = serde_json::Value;
    type Error = AgentError;
    const PATH_TEMPLATE: &'static str = "/v3/diary/{shortName}/appointment";
    const OPERATION: &'static str = "CreateAppointment";
    fn write_path(&self, path: &mut PathWriter<'_>) {
        path.literal("/v3/diary/")
            .short_name()
            .literal("/appointment");
    }
    fn body(&self) -> Result<Option<Vec<u8>>, serde_json::Error> {
        serde_json::to_vec(&self.body).map(Some)
    }
    fn decode(body: &agentos_runtime::decode::Body<'_>) -> Result<Self::Output, DecodeError> {
        decode::json(body.bytes)
    }
}

/// `DELETE /v3/diary/{shortName}/appointment/{appointmentId}`
#[derive(Debug, Clone)]
pub struct DeleteAppointment {
    pub id: String,
}

impl Endpoint for DeleteAppointment {
    type Method = Delete;
    type Output = ();
    type Error = AgentError;
    const PATH_TEMPLATE: &'static str = "/v3/diary/{shortName}/appointment/{appointmentId}";
    const OPERATION: &'static str = "DeleteAppointment";
    fn write_path(&self, path: &mut PathWriter<'_>) {
        path.literal("/v3/diary/")
            .short_name()
            .literal("/appointment/")
            .param(&self.id);
    }
    fn decode(body: &agentos_runtime::decode::Body<'_>) -> Result<(), DecodeError> {
        decode::empty(body.bytes)
    }
}

/// `GET /v2/tier1/{shortName}/company/branches?offset&count&branchType*`, paged.
#[derive(Debug, Clone, Default)]
pub struct ListBranches {
    pub offset: i32,
    pub count: i32,
    pub branch_types: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct BranchResults {
    #[serde(rename = "Count")]
    pub count: Option<i64>,
    #[serde(rename = "Data", default)]
    pub data: Vec<Branch>,
}

#[derive(Debug, Deserialize, Clone, PartialEq, Eq, Hash)]
pub struct Branch {
    #[serde(rename = "OID")]
    pub oid: String,
}

impl Endpoint for ListBranches {
    type Method = Get;
    type Output = BranchResults;
    type Error = AgentError;
    const PATH_TEMPLATE: &'static str = "/v2/tier1/{shortName}/company/branches";
    const OPERATION: &'static str = "ListBranches";
    fn write_path(&self, path: &mut PathWriter<'_>) {
        path.literal("/v2/tier1/")
            .short_name()
            .literal("/company/branches");
    }
    fn write_query(&self, query: &mut QueryWriter<'_>) {
        query
            .pair("offset", &self.offset)
            .pair("count", &self.count)
            .each("branchType", &self.branch_types);
    }
    fn decode(body: &agentos_runtime::decode::Body<'_>) -> Result<Self::Output, DecodeError> {
        decode::json(body.bytes)
    }
}

impl PagedRequest for ListBranches {
    type Paged = ListBranches;
    fn into_paged(self) -> ListBranches {
        self
    }
}

impl PagedRequest for &ListBranches {
    type Paged = ListBranches;
    fn into_paged(self) -> ListBranches {
        self.clone()
    }
}

impl Paged for ListBranches {
    type Item = Branch;
    fn set_page(&mut self, offset: i32, count: i32) {
        self.offset = offset;
        self.count = count;
    }
    fn offset(&self) -> i32 {
        self.offset
    }
    fn total(output: &BranchResults) -> Option<i64> {
        output.count
    }
    fn into_items(output: BranchResults) -> Vec<Branch> {
        output.data
    }
}

// ---------------------------------------------------------------- traces

/// Everything a `fmt` subscriber writes (`.with_writer(move || captured.clone())`).
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    /// What was written so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

// ---------------------------------------------------------------- server

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Logged {
    pub method: String,
    /// Raw, still percent-encoded.
    pub path: String,
    pub query: Option<String>,
    pub api_key: Option<String>,
    pub accept: Option<String>,
    pub user_agent: Option<String>,
    pub content_type: Option<String>,
    pub body: String,
    pub at: Instant,
    /// Every header, by lower-case name.
    pub headers: Vec<(String, String)>,
}

impl Logged {
    /// The value of query parameter `name` (raw).
    pub fn param(&self, name: &str) -> Option<String> {
        self.query.as_deref()?.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            (k == name).then(|| v.to_owned())
        })
    }
}

/// What the server answers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub headers: Vec<(&'static str, String)>,
    pub delay: Duration,
}

impl Reply {
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Self {
            status,
            body: body.into(),
            headers: vec![("content-type", "application/json".to_owned())],
            delay: Duration::ZERO,
        }
    }
    pub fn ok(body: impl Into<String>) -> Self {
        Self::json(200, body)
    }
    pub fn status(status: u16) -> Self {
        Self::json(status, format!("{{\"Message\":\"status {status}\"}}"))
    }
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

type Responder = dyn Fn(&Logged, usize) -> Reply + Send + Sync;

#[derive(Clone)]
struct State {
    log: Arc<Mutex<Vec<Logged>>>,
    responder: Arc<Responder>,
}

/// A scripted server: `responder(request, index)` answers the `index`-th request (from 0).
pub struct Server {
    pub base_url: String,
    log: Arc<Mutex<Vec<Logged>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    pub async fn start(
        responder: impl Fn(&Logged, usize) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let state = State {
            log: Arc::default(),
            responder: Arc::new(responder),
        };
        let log = Arc::clone(&state.log);
        let app = axum::Router::new().fallback(handle).with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Server {
            base_url,
            log,
            task,
        }
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Logged> {
        self.log.lock().unwrap().clone()
    }

    /// A builder for this server with test-sized timings: retries back off 1-5 ms, a 429
    /// without `Retry-After` pauses 100 ms, the throttle allows 1000 per second.
    pub fn client(&self) -> ClientBuilder {
        client_for(&self.base_url)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// See [`Server::client`].
pub fn client_for(base_url: &str) -> ClientBuilder {
    Client::builder()
        .api_key(CANARY)
        .short_name("acme")
        .base_url(base_url)
        .retry(fast_policy())
        .throttle(1000, Duration::from_secs(1))
        .timeout(Duration::from_secs(5))
}

/// A plain `reqwest` client configured as `ClientBuilder::build` configures the client's own
/// (user agent, `accept: application/json`, timeouts, no redirects): the baseline the
/// client's cost is compared with (`tests/request_cost.rs`, the overhead benches).
pub fn configured_reqwest() -> reqwest::Client {
    use agentos_runtime::client::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT};
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT,
        reqwest::header::HeaderValue::from_static("application/json"),
    );
    reqwest::Client::builder()
        .user_agent(DEFAULT_USER_AGENT)
        .default_headers(headers)
        .timeout(DEFAULT_TIMEOUT)
        .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The default policy with millisecond waits.
pub fn fast_policy() -> RetryPolicy {
    let mut policy = RetryPolicy::default();
    policy.base_delay = Duration::from_millis(1);
    policy.max_delay = Duration::from_millis(5);
    policy.rate_limit_pause = Duration::from_millis(100);
    policy.min_rate_limit_pause = Duration::from_millis(1);
    policy
}

async fn handle(
    axum::extract::State(state): axum::extract::State<State>,
    request: axum::extract::Request,
) -> axum::response::Response {
    let at = Instant::now();
    let (parts, body) = request.into_parts();
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let headers = parts
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let logged = Logged {
        headers,
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        api_key: header("api_key"),
        accept: header("accept"),
        user_agent: header("user-agent"),
        content_type: header("content-type"),
        body: String::from_utf8_lossy(&body).into_owned(),
        at,
    };
    let index = {
        let mut log = state.log.lock().unwrap();
        log.push(logged.clone());
        log.len() - 1
    };
    let reply = (state.responder)(&logged, index);
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let mut response = axum::response::Response::builder().status(reply.status);
    for (name, value) in &reply.headers {
        response = response.header(*name, value);
    }
    response.body(axum::body::Body::from(reply.body)).unwrap()
}

/// `{"Count": total, "Data": [...]}` for the records `offset..offset+count` of `total`.
pub fn branches_page(request: &Logged, total: i64) -> Reply {
    let offset: i64 = request.param("offset").unwrap().parse().unwrap();
    let count: i64 = request.param("count").unwrap().parse().unwrap();
    if count > 1000 {
        return Reply::status(400);
    }
    let end = (offset + count).min(total);
    let data: Vec<String> = (offset..end)
        .map(|i| format!("{{\"OID\":\"B{i:05}\"}}"))
        .collect();
    Reply::ok(format!(
        "{{\"Count\":{total},\"Data\":[{}]}}",
        data.join(",")
    ))
}

// ---------------------------------------------------------------- raw server

/// A server that hands each accepted connection to `handler` (its index from 0, and the
/// socket): for answers axum would not send (endless bodies, lies in `Content-Length`,
/// connections closed mid-exchange).
pub struct RawServer {
    pub base_url: String,
    task: tokio::task::JoinHandle<()>,
}

impl RawServer {
    pub async fn start<F, Fut>(handler: F) -> RawServer
    where
        F: Fn(usize, tokio::net::TcpStream) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            let mut index = 0;
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(handler(index, stream));
                index += 1;
            }
        });
        RawServer { base_url, task }
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads one HTTP/1.1 request (head and a `Content-Length` body) from `stream`; `None` when
/// the connection closed first. Returns the head and the body as text.
pub async fn read_request(stream: &mut tokio::net::TcpStream) -> Option<(String, String)> {
    use tokio::io::AsyncReadExt;
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    while data.len() < head_end + length {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    }
    let body = String::from_utf8_lossy(&data[head_end..head_end + length]).into_owned();
    Some((head, body))
}

/// Writes `head` (status line and headers, without the blank line), then `chunk` again and
/// again (up to `total` bytes, or until the client hangs up when `None`), as a plain or
/// chunked body.
pub async fn write_endless(
    stream: &mut tokio::net::TcpStream,
    head: &str,
    chunked: bool,
    total: Option<u64>,
) {
    use tokio::io::AsyncWriteExt;
    let chunk = vec![b'x'; 64 * 1024];
    if stream
        .write_all(format!("{head}\r\n\r\n").as_bytes())
        .await
        .is_err()
    {
        return;
    }
    let mut sent = 0u64;
    while total.is_none_or(|t| sent < t) {
        let frame = if chunked {
            let mut frame = format!("{:x}\r\n", chunk.len()).into_bytes();
            frame.extend_from_slice(&chunk);
            frame.extend_from_slice(b"\r\n");
            frame
        } else {
            chunk.clone()
        };
        if stream.write_all(&frame).await.is_err() {
            return;
        }
        sent += chunk.len() as u64;
    }
}

/// Records every pause asked of it and lets everything through at once.
#[derive(Debug, Default)]
pub struct Recording {
    pub acquires: std::sync::atomic::AtomicUsize,
    pub pauses: Mutex<Vec<Duration>>,
}

impl agentos_runtime::Throttle for Recording {
    fn acquire(
        &self,
    ) -> agentos_runtime::throttle::BoxFuture<
        '_,
        Result<agentos_runtime::Permit, agentos_runtime::ThrottleError>,
    > {
        self.acquires
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Box::pin(async { Ok(agentos_runtime::Permit::new(Duration::ZERO, || {})) })
    }
    fn pause(&self, duration: Duration) -> agentos_runtime::throttle::BoxFuture<'_, ()> {
        self.pauses.lock().unwrap().push(duration);
        Box::pin(async {})
    }
}
