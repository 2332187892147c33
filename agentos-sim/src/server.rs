//! The HTTP/1 accept loop. Written out (rather than `axum::serve`) for one reason: a response
//! marked `DropConnection` must close its connection without a byte of answer, which hyper
//! does when the service returns an error.
//!
//! Being written out, it also carries what `axum::serve` would otherwise have given:
//!
//! - a **header-read timeout** ([`crate::SimConfig::header_read_timeout`]): a client
//!   that sends a request head slowly (or, on a kept-alive connection, nothing at all) is
//!   disconnected, so a slowloris client cannot hold connections open forever;
//! - a **backoff after failed accepts** ([`accept_backoff`]): when the process is out of file
//!   descriptors, `accept` fails at once every time, and retrying at once would spin a core
//!   until a descriptor frees.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::io;
use std::time::Duration;

use agentos_runtime::retry::{Jitter, backoff};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinSet;
use tokio::time::Instant;
use tower::ServiceExt;

use crate::gate::DropConnection;

/// The pause after the first failed accept in a row; it doubles with each further failure...
const ACCEPT_BACKOFF_FIRST: Duration = Duration::from_millis(10);
/// ... up to this, so the loop notices a freed descriptor soon while costing next to no CPU.
const ACCEPT_BACKOFF_MAX: Duration = Duration::from_millis(100);

/// The error that makes hyper abandon a connection (a `Fault::DropConnection`).
#[derive(Debug)]
struct Dropped;

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for Dropped {}

/// Where connections come from: the simulator's `TcpListener`, or a scripted source in tests
/// (accept failures cannot be provoked on a real listener without starving the whole process
/// of file descriptors).
pub(crate) trait Acceptor: Send + 'static {
    /// One connection.
    type Io: AsyncRead + AsyncWrite + Unpin + Send + 'static;
    /// Waits for the next connection. Must be cancel-safe: the loop drops it to shut down.
    fn accept(&mut self) -> impl Future<Output = io::Result<Self::Io>> + Send;
}

impl Acceptor for TcpListener {
    type Io = TcpStream;
    async fn accept(&mut self) -> io::Result<TcpStream> {
        TcpListener::accept(self)
            .await
            .map(|(stream, _peer)| stream)
    }
}

/// The pause before accepting again after `failures` failed accepts in a row (1 for the
/// first): 10 ms doubling up to 100 ms.
pub(crate) fn accept_backoff(failures: u32) -> Duration {
    backoff(
        ACCEPT_BACKOFF_FIRST,
        ACCEPT_BACKOFF_MAX,
        Jitter::None,
        failures,
        0.0,
    )
}

/// Whether a failed accept concerns only the one connection (its peer gave up before it was
/// accepted): the next accept can be tried at once. Anything else (out of descriptors or
/// memory) is a state of the process, which retrying at once would not change.
fn is_connection_error(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// Serves `router` on the connections of `acceptor` until `shutdown` fires (or its sender is
/// dropped); then stops accepting and closes the open connections. A connection whose request
/// head takes longer than `header_read_timeout` to arrive is closed (`None`: never).
pub(crate) async fn serve<A: Acceptor>(
    mut acceptor: A,
    router: Router,
    mut shutdown: oneshot::Receiver<()>,
    header_read_timeout: Option<Duration>,
) {
    let mut connections = JoinSet::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    // hyper measures its timeouts with this timer; without one it would not apply them.
    http.timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
    // Failed accepts in a row, and when to try again after the last one.
    let mut failures = 0u32;
    let mut resume: Option<Instant> = None;
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            () = tokio::time::sleep_until(resume.unwrap_or_else(Instant::now)),
                if resume.is_some() => resume = None,
            accepted = acceptor.accept(), if resume.is_none() => {
                let stream = match accepted {
                    Ok(stream) => {
                        failures = 0;
                        stream
                    }
                    Err(error) if is_connection_error(&error) => continue,
                    Err(error) => {
                        failures = failures.saturating_add(1);
                        let pause = accept_backoff(failures);
                        tracing::warn!(
                            %error,
                            failures,
                            pause_ms = pause.as_millis() as u64,
                            "agentos-sim: accepting a connection failed; pausing before the next accept"
                        );
                        resume = Some(Instant::now() + pause);
                        continue;
                    }
                };
                let router = router.clone();
                let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                    let router = router.clone();
                    async move {
                        let response: Result<Response<Body>, Infallible> =
                            router.oneshot(request.map(Body::new)).await;
                        match response {
                            Ok(response) if response.extensions().get::<DropConnection>().is_some() => {
                                Err(Dropped)
                            }
                            Ok(response) => Ok(response),
                            Err(never) => match never {},
                        }
                    }
                });
                let connection = http.serve_connection(TokioIo::new(stream), service);
                connections.spawn(async move {
                    // Errors here are client disconnects, injected drops and header-read
                    // timeouts: nothing to report.
                    let _ = connection.await;
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.shutdown().await;
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::sync::{Arc, Mutex};

    use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};

    use super::*;
    use crate::config::DEFAULT_HEADER_READ_TIMEOUT;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    #[test]
    fn accept_backoff_grows_from_10_ms_to_100_ms() {
        let delays: Vec<Duration> = (1..=7).map(accept_backoff).collect();
        assert_eq!(
            delays,
            [MS(10), MS(20), MS(40), MS(80), MS(100), MS(100), MS(100)]
        );
        assert_eq!(accept_backoff(u32::MAX), MS(100));
    }

    #[test]
    fn only_a_peers_failure_is_retried_at_once() {
        use io::ErrorKind::*;
        for kind in [ConnectionRefused, ConnectionAborted, ConnectionReset] {
            assert!(is_connection_error(&io::Error::from(kind)), "{kind:?}");
        }
        // EMFILE, ENFILE, ENOMEM, ENOBUFS
        for errno in [24, 23, 12, 105] {
            let error = io::Error::from_raw_os_error(errno);
            assert!(!is_connection_error(&error), "{error}");
        }
    }

    /// Hands out scripted results, recording when each accept was asked for; then waits
    /// forever.
    struct Scripted {
        script: VecDeque<io::Result<DuplexStream>>,
        asked: Arc<Mutex<Vec<Instant>>>,
    }

    impl Acceptor for Scripted {
        type Io = DuplexStream;
        async fn accept(&mut self) -> io::Result<DuplexStream> {
            if let Ok(mut asked) = self.asked.lock() {
                asked.push(Instant::now());
            }
            match self.script.pop_front() {
                Some(result) => result,
                None => std::future::pending().await,
            }
        }
    }

    fn router() -> Router {
        Router::new().fallback(|| async { "served" })
    }

    /// Serves `script` with `timeout`; returns the shutdown signal and the accept times.
    fn start(
        script: Vec<io::Result<DuplexStream>>,
        timeout: Option<Duration>,
    ) -> (oneshot::Sender<()>, Arc<Mutex<Vec<Instant>>>) {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let acceptor = Scripted {
            script: script.into(),
            asked: asked.clone(),
        };
        let (stop, signal) = oneshot::channel();
        tokio::spawn(serve(acceptor, router(), signal, timeout));
        (stop, asked)
    }

    fn emfile() -> io::Result<DuplexStream> {
        Err(io::Error::from_raw_os_error(24))
    }

    // Tokio's paused clock: the pauses below are virtual, and the gaps between accepts are
    // exactly the pauses the loop slept.
    #[tokio::test(start_paused = true)]
    async fn failed_accepts_back_off_then_the_loop_serves_again() {
        let (mut client, server) = tokio::io::duplex(4096);
        let aborted = Err(io::Error::from(io::ErrorKind::ConnectionAborted));
        let (again, _keep) = tokio::io::duplex(64);
        let script = vec![
            emfile(),
            emfile(),
            emfile(),
            aborted,
            Ok(server),
            // A success resets the backoff: the next failure pauses 10 ms again.
            emfile(),
            Ok(again),
        ];
        let (_stop, asked) = start(script, Some(DEFAULT_HEADER_READ_TIMEOUT));
        client
            .write_all(b"GET / HTTP/1.1\r\nHost: sim\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut answer = String::new();
        client.read_to_string(&mut answer).await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.ends_with("served"), "{answer}");
        // Every accept has been asked for (the last waits forever) once the clock has passed
        // every pause.
        tokio::time::sleep(MS(500)).await;
        let asked = asked.lock().unwrap().clone();
        let gaps: Vec<Duration> = asked.windows(2).map(|w| w[1] - w[0]).collect();
        // After each EMFILE: 10, 20, 40 ms; after the peer's abort: at once; after the
        // connection: at once; after the next EMFILE: 10 ms; after the second connection: at
        // once.
        assert_eq!(gaps, [MS(10), MS(20), MS(40), MS(0), MS(0), MS(10), MS(0)]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_request_head_that_never_completes_is_cut_off_after_the_timeout() {
        let (mut client, server) = tokio::io::duplex(4096);
        let (_stop, _asked) = start(vec![Ok(server)], Some(DEFAULT_HEADER_READ_TIMEOUT));
        let started = Instant::now();
        client
            .write_all(b"GET / HTTP/1.1\r\nHost: sim\r\nX-Slow")
            .await
            .unwrap();
        let mut answer = Vec::new();
        // Closed without an answer (the read ends) once the timeout has passed.
        // (A virtual hour: without the timeout the test fails here instead of hanging.)
        let read = tokio::time::timeout(Duration::from_secs(3600), client.read_to_end(&mut answer))
            .await
            .expect("the server kept a half-sent request head open");
        assert!(matches!(read, Ok(0)), "{read:?}: {answer:?}");
        assert!(started.elapsed() >= DEFAULT_HEADER_READ_TIMEOUT);
        assert!(started.elapsed() < DEFAULT_HEADER_READ_TIMEOUT + MS(100));
    }

    #[tokio::test(start_paused = true)]
    async fn without_a_timeout_a_slow_head_is_waited_for() {
        let (mut client, server) = tokio::io::duplex(4096);
        let (_stop, _asked) = start(vec![Ok(server)], None);
        client
            .write_all(b"GET / HTTP/1.1\r\nHost: sim\r\n")
            .await
            .unwrap();
        // An hour of (virtual) silence later, the rest of the head is still answered.
        tokio::time::sleep(Duration::from_secs(3600)).await;
        client
            .write_all(b"Connection: close\r\n\r\n")
            .await
            .unwrap();
        let mut answer = String::new();
        client.read_to_string(&mut answer).await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    }
}
