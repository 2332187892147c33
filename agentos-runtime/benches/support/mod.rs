//! Shared by the runtime benches: a local agentOS-like server in a child process (so that its
//! CPU time and allocations stay out of the measured process), and the ways of sending the
//! same request that the benches compare.
//!
//! A bench binary calls [`serve_if_asked`] first: started with `--serve` it becomes the server.
#![allow(dead_code)]

/// The hand-written endpoints of the runtime's tests (what generated code looks like).
#[path = "../../tests/common/mod.rs"]
pub mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use agentos_runtime::client::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT};
use agentos_runtime::throttle::BoxFuture;
use agentos_runtime::{Client, Permit, Throttle, ThrottleError};
use common::{CANARY, Company, GetCompany};
use tracing::instrument::WithSubscriber;

/// The body of the company call (what agentOS's "test your connection" call returns, shortened).
pub const COMPANY: &str = r#"{"Name":"Acme Lettings","OID":"C0001","Address":"1 High Street"}"#;

/// The runtime the measured client runs on: one thread, so that the client does not share
/// the two cores with itself (the server is another process).
pub fn client_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// Runs the server when the process was started with `--serve`; returns whether it did.
///
/// It prints its base URL on the first line of stdout and serves until stdin closes (the
/// parent exited or dropped its [`ServerProcess`]). Paths:
/// - `.../company/company`: [`COMPANY`];
/// - `/v2/tier1/n{TOTAL}/company/branches?offset&count`: a page of a collection of `TOTAL`
///   branches (`{"Count": TOTAL, "Data": [...]}`), `count` at most 1000 as agentOS enforces.
pub fn serve_if_asked() -> bool {
    if !std::env::args().any(|a| a == "--serve") {
        return false;
    }
    std::thread::spawn(|| {
        let _ = std::io::stdin().read_to_end(&mut Vec::new());
        std::process::exit(0);
    });
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let app = axum::Router::new().fallback(handle);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        println!("http://{}", listener.local_addr().unwrap());
        axum::serve(listener, app).await.unwrap();
    });
    true
}

async fn handle(uri: axum::http::Uri) -> axum::response::Response {
    use axum::response::IntoResponse;
    let json = [(axum::http::header::CONTENT_TYPE, "application/json")];
    let path = uri.path();
    if !path.ends_with("/company/branches") {
        return (json, COMPANY).into_response();
    }
    let total: u64 = path
        .split('/')
        .nth(3)
        .and_then(|s| s.strip_prefix('n'))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let param = |name: &str| {
        uri.query()
            .unwrap_or("")
            .split('&')
            .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    let (offset, count) = (param("offset"), param("count"));
    if count > 1000 {
        return axum::http::StatusCode::BAD_REQUEST.into_response();
    }
    let mut body = format!("{{\"Count\":{total},\"Data\":[");
    for i in offset..(offset + count).min(total) {
        if i > offset {
            body.push(',');
        }
        body.push_str(&format!(
            "{{\"OID\":\"B{i:07}\",\"Name\":\"Branch {i}\",\"Postcode\":\"AB1 2CD\"}}"
        ));
    }
    body.push_str("]}");
    (json, body).into_response()
}

/// The server in a child process; killed when dropped.
pub struct ServerProcess {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
}

impl ServerProcess {
    /// Starts this same executable with `--serve` and waits for its address.
    pub fn spawn() -> ServerProcess {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .arg("--serve")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        ServerProcess {
            child,
            base_url: line.trim().to_owned(),
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A throttle that grants at once: isolates the rest of the client from the throttle.
#[derive(Debug)]
pub struct NoThrottle;

impl Throttle for NoThrottle {
    fn acquire(&self) -> BoxFuture<'_, Result<Permit, ThrottleError>> {
        Box::pin(std::future::ready(Ok(Permit::new(Duration::ZERO, || {}))))
    }
    fn pause(&self, _: Duration) -> BoxFuture<'_, ()> {
        Box::pin(std::future::ready(()))
    }
}

/// The ways of making the same request, from plain `reqwest` to the full client, each step
/// adding one thing so that differences attribute the overhead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// `reqwest::Client::new()`, `api_key` and `accept` headers, `serde_json::from_slice`.
    Reqwest,
    /// The same with the two timeouts the client sets (90 s total, 10 s connect).
    ReqwestTimeouts,
    /// `reqwest` configured exactly as `ClientBuilder::build` does it (timeouts, user agent,
    /// default `accept` header, no redirects).
    ReqwestConfigured,
    /// That, decoding with `agentos_runtime::decode::json` (serde_path_to_error).
    ReqwestConfiguredPathDecode,
    /// `Client::get` with a throttle that grants at once.
    ClientNoThrottle,
    /// `Client::get` as built by default but with an unreachable limit (`RollingWindow`).
    Client,
    /// `Client::get` with a `tracing_subscriber::fmt` subscriber at INFO writing to a sink, as
    /// an application that logs would run it.
    ClientTraced,
}

impl Side {
    /// Every side, in the order of the tables.
    pub const ALL: [Side; 7] = [
        Side::Reqwest,
        Side::ReqwestTimeouts,
        Side::ReqwestConfigured,
        Side::ReqwestConfiguredPathDecode,
        Side::ClientNoThrottle,
        Side::Client,
        Side::ClientTraced,
    ];

    /// Its name in tables and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Side::Reqwest => "reqwest",
            Side::ReqwestTimeouts => "reqwest+timeouts",
            Side::ReqwestConfigured => "reqwest+client_config",
            Side::ReqwestConfiguredPathDecode => "reqwest+client_config+path_decode",
            Side::ClientNoThrottle => "Client(no_throttle)",
            Side::Client => "Client",
            Side::ClientTraced => "Client+fmt_subscriber",
        }
    }

    /// The side called `name`.
    pub fn named(name: &str) -> Option<Side> {
        Side::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// One client per side, all for the same server.
pub struct Sides {
    plain: reqwest::Client,
    timeouts: reqwest::Client,
    configured: reqwest::Client,
    client: Client,
    free: Client,
    url: String,
    dispatch: tracing::Dispatch,
}

impl Sides {
    /// Clients for the server at `base_url`.
    pub fn new(base_url: &str) -> Sides {
        let builder = Client::builder()
            .api_key(CANARY)
            .short_name("acme")
            .base_url(base_url);
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_writer(std::io::sink)
            .finish();
        Sides {
            plain: reqwest::Client::new(),
            timeouts: reqwest::Client::builder()
                .timeout(DEFAULT_TIMEOUT)
                .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
                .build()
                .unwrap(),
            configured: common::configured_reqwest(),
            // A limit no bench reaches: the throttle's bookkeeping is still paid every time.
            client: builder
                .clone()
                .throttle(u32::MAX, Duration::from_secs(1))
                .build()
                .unwrap(),
            free: builder.throttle_with(Arc::new(NoThrottle)).build().unwrap(),
            url: format!("{base_url}/v4/advertising/acme/company/company"),
            dispatch: tracing::Dispatch::new(subscriber),
        }
    }

    /// One `GET` of the company through `side`; returns the decoded name's length.
    pub async fn get(&self, side: Side) -> usize {
        let plain = |http: &reqwest::Client, path_decode: bool| {
            let request = http
                .get(&self.url)
                .header("api_key", CANARY)
                .header("accept", "application/json");
            async move {
                let response = request.send().await.unwrap();
                assert!(response.status().is_success());
                let body = response.bytes().await.unwrap();
                let company: Company = if path_decode {
                    agentos_runtime::decode::json(&body).unwrap()
                } else {
                    serde_json::from_slice(&body).unwrap()
                };
                company.name.len()
            }
        };
        match side {
            Side::Reqwest => plain(&self.plain, false).await,
            Side::ReqwestTimeouts => plain(&self.timeouts, false).await,
            Side::ReqwestConfigured => plain(&self.configured, false).await,
            Side::ReqwestConfiguredPathDecode => plain(&self.configured, true).await,
            Side::ClientNoThrottle => self.free.get(&GetCompany).await.unwrap().name.len(),
            Side::Client => self.client.get(&GetCompany).await.unwrap().name.len(),
            Side::ClientTraced => {
                let request = self.client.get(&GetCompany);
                request
                    .with_subscriber(self.dispatch.clone())
                    .await
                    .unwrap()
                    .name
                    .len()
            }
        }
    }
}
