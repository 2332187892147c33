//! Throttle utilisation on tokio's paused clock: ten simulated minutes at agentOS's limit of
//! 50 requests per rolling 60 s, four workers sharing one key, against `agentos-sim`, whose
//! throttle enforces the rolling window exactly (a slot comes back exactly 60 s after the
//! request arrived). The client must use at least 99% of the limit and never be answered 429.
//!
//! Utilisation is measured two ways, both against the goal of 0.99:
//! - **in the run**: requests admitted in the 600 s divided by the 500 the rule allows;
//! - **steady state**: `W / mean(t[i] - t[i - 50])` over consecutive admitted arrivals. The
//!   rule is met with equality exactly when every request comes one window after the one 50
//!   before it, so this is 1.0 for a perfect client, and it sees losses the count cannot: a
//!   client wasting 1 s per window still fits ten bursts into ten minutes (count 1.0) but
//!   scores 60/61 = 0.984 here.
//!
//! Two views of the same property:
//! - through real HTTP: `Client` clones -> loopback -> the simulator, all on the paused clock
//!   (the client gets timeouts far above any simulated wait, so the auto-advancing clock never
//!   fires them while a request is in flight);
//! - the runtime's `Throttle` driven directly against an exact rolling-window checker written
//!   here, with a simulated request latency, which needs no sockets at all.
//!
//! The figures are printed (`cargo test -p agentos-tests --test throttle_utilisation --
//! --nocapture`) and recorded in docs/PERFORMANCE.md.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use agentos_runtime::decode::{self, DecodeError};
use agentos_runtime::path::PathWriter;
use agentos_runtime::{Client, Endpoint, ErrorBody, Get, RollingWindow, StatusCode, StatusError};
use agentos_sim::{DEMO_KEY, DEMO_SHORT_NAME, Fault, FaultRule, Sim, SimConfig, ThrottleConfig};
use tokio::time::Instant;

/// agentOS's documented rule.
const LIMIT: u32 = 50;
const WINDOW: Duration = Duration::from_secs(60);
/// Ten simulated minutes.
const RUN: Duration = Duration::from_secs(600);
const WORKERS: usize = 4;
/// The goal of issue 6: at least 99% of the limit.
const GOAL: f64 = 0.99;

/// `GET /v4/advertising/{shortName}/company/company`; the body is not needed here.
#[derive(Debug, Clone, Copy)]
struct GetCompany;

/// Only 429 is named: it is what this test is about; anything else is unexpected.
#[derive(Debug)]
enum GetCompanyError {
    TooManyRequests(ErrorBody),
}

impl StatusError for GetCompanyError {
    fn from_status(status: StatusCode, body: ErrorBody) -> Result<Self, ErrorBody> {
        match status {
            StatusCode::TOO_MANY_REQUESTS => Ok(Self::TooManyRequests(body)),
            _ => Err(body),
        }
    }
    fn status(&self) -> StatusCode {
        StatusCode::TOO_MANY_REQUESTS
    }
    fn body(&self) -> &ErrorBody {
        let Self::TooManyRequests(body) = self;
        body
    }
}

impl Endpoint for GetCompany {
    type Method = Get;
    type Output = ();
    type Error = GetCompanyError;
    const PATH_TEMPLATE: &'static str = "/v4/advertising/{shortName}/company/company";
    const OPERATION: &'static str = "GetCompany";
    fn write_path(&self, path: &mut PathWriter<'_>) {
        path.literal("/v4/advertising/")
            .short_name()
            .literal("/company/company");
    }
    fn decode(body: &agentos_runtime::decode::Body<'_>) -> Result<(), DecodeError> {
        decode::empty(body.bytes)
    }
}

/// Requests the limit allows in `RUN`: 50 per 60 s for 600 s.
fn allowed() -> f64 {
    f64::from(LIMIT) * RUN.as_secs_f64() / WINDOW.as_secs_f64()
}

/// Utilisation from the admitted arrival times (since the start of the run, ascending):
/// (admitted in the run / allowed, steady-state rate / limit).
fn utilisation(arrivals: &[Duration]) -> (f64, f64) {
    let in_run = arrivals.iter().filter(|&&t| t < RUN).count();
    let lag = LIMIT as usize;
    let gaps: Vec<f64> = arrivals
        .windows(lag + 1)
        .map(|w| (w[lag] - w[0]).as_secs_f64())
        .collect();
    let steady = if gaps.is_empty() {
        0.0
    } else {
        WINDOW.as_secs_f64() * gaps.len() as f64 / gaps.iter().sum::<f64>()
    };
    (in_run as f64 / allowed(), steady)
}

/// What a run produced.
#[derive(Debug)]
struct Outcome {
    /// Arrival times (since the start) of the requests the server admitted, ascending.
    admitted: Vec<Duration>,
    /// Requests the server refused with 429 (HTTP) or found over the limit (direct).
    too_many: usize,
    /// Any other error status.
    other: usize,
}

impl Outcome {
    /// Prints the figures and checks them against the goal.
    fn check(&self, what: &str) {
        let (in_run, steady) = utilisation(&self.admitted);
        println!(
            "{what}: admitted in 10 min {} of {} allowed = {in_run:.4}; steady state {steady:.4}; {} over the limit",
            self.admitted.iter().filter(|&&t| t < RUN).count(),
            allowed(),
            self.too_many
        );
        assert_eq!(self.too_many, 0, "{what}: over the limit");
        assert_eq!(self.other, 0, "{what}: other error statuses");
        assert!(
            in_run >= GOAL,
            "{what}: utilisation in the run {in_run:.4} < {GOAL}"
        );
        assert!(in_run <= 1.0, "{what}: more than the limit admitted");
        assert!(
            steady >= GOAL,
            "{what}: steady-state utilisation {steady:.4} < {GOAL}"
        );
        assert!(steady <= 1.0 + 1e-9, "{what}: faster than the limit");
    }
}

/// Runs `WORKERS` clones of one client for `RUN` of paused-clock time (and a little more, for
/// the steady-state figure) against a simulator answering every request after `latency`.
async fn over_http(latency: Duration) -> Outcome {
    // Exactly agentOS's rule; a request sent during a 429's Retry-After is blocked (403).
    let config = SimConfig {
        throttle: ThrottleConfig::new(LIMIT, WINDOW),
        faults: if latency.is_zero() {
            Vec::new()
        } else {
            vec![FaultRule::new(Fault::Delay(latency)).every()]
        },
        ..SimConfig::default()
    };
    let sim = Sim::start(config).await.unwrap();
    let client = Client::builder()
        .api_key(DEMO_KEY)
        .short_name(DEMO_SHORT_NAME)
        .base_url(sim.base_url())
        .throttle(LIMIT, WINDOW)
        // Far beyond the run: the paused clock jumps whole minutes while workers wait for
        // the throttle, and a request's timer must not fire in such a jump.
        .timeout(Duration::from_secs(24 * 60 * 60))
        .connect_timeout(Duration::from_secs(24 * 60 * 60))
        .build()
        .unwrap();
    let end = Instant::now() + RUN + WINDOW / 2;
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                // Stops at the end even in the middle of a wait or a request.
                let _ = tokio::time::timeout_at(end, async {
                    loop {
                        client.get(&GetCompany).await.unwrap();
                    }
                })
                .await;
            })
        })
        .collect();
    for worker in workers {
        worker.await.unwrap();
    }
    let log = sim.requests();
    let mut admitted: Vec<Duration> = log
        .iter()
        .filter(|r| r.status == 200)
        .map(|r| r.at)
        .collect();
    admitted.sort();
    Outcome {
        admitted,
        too_many: log.iter().filter(|r| r.status == 429).count(),
        other: log
            .iter()
            .filter(|r| ![0, 200, 429].contains(&r.status))
            .count(),
    }
}

#[tokio::test(start_paused = true)]
async fn four_workers_over_http_use_the_limit_without_a_429() {
    over_http(Duration::ZERO)
        .await
        .check("http, 4 workers, no latency");
}

#[tokio::test(start_paused = true)]
async fn four_workers_over_http_with_server_latency_use_the_limit_without_a_429() {
    // Every answer takes 250 ms: the throttle counts a slot from the response's end, so it
    // loses latency / window (0.4%) and never risks a 429.
    over_http(Duration::from_millis(250))
        .await
        .check("http, 4 workers, 250 ms latency");
}

/// The server's rule, exactly: arrivals of admitted requests in a sliding log.
#[derive(Default)]
struct ExactWindow {
    /// Admitted arrivals still inside the window.
    arrivals: VecDeque<Instant>,
    /// Every admitted arrival.
    log: Vec<Instant>,
    refused: usize,
}

impl ExactWindow {
    fn arrive(&mut self, now: Instant) {
        while self.arrivals.front().is_some_and(|&t| t + WINDOW <= now) {
            self.arrivals.pop_front();
        }
        if self.arrivals.len() < LIMIT as usize {
            self.arrivals.push_back(now);
            self.log.push(now);
        } else {
            self.refused += 1;
        }
    }
}

/// `WORKERS` tasks share one `RollingWindow` and send to an exact checker: a request arrives
/// `latency / 2` after its permit and completes `latency` after it.
async fn direct(latency: Duration) -> Outcome {
    let throttle = Arc::new(RollingWindow::new(LIMIT, WINDOW).unwrap());
    let server = Arc::new(Mutex::new(ExactWindow::default()));
    let start = Instant::now();
    let end = start + RUN + WINDOW / 2;
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (throttle, server) = (Arc::clone(&throttle), Arc::clone(&server));
            tokio::spawn(async move {
                loop {
                    let permit = throttle.acquire().await;
                    tokio::time::sleep(latency / 2).await;
                    let now = Instant::now();
                    if now >= end {
                        break;
                    }
                    server.lock().unwrap().arrive(now);
                    tokio::time::sleep(latency - latency / 2).await;
                    drop(permit);
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.unwrap();
    }
    let server = server.lock().unwrap();
    Outcome {
        admitted: server.log.iter().map(|&t| t - start).collect(),
        too_many: server.refused,
        other: 0,
    }
}

#[tokio::test(start_paused = true)]
async fn throttle_driven_directly_uses_the_limit_exactly() {
    for latency_ms in [0, 20, 250] {
        direct(Duration::from_millis(latency_ms))
            .await
            .check(&format!("direct, 4 workers, {latency_ms} ms latency"));
    }
}

/// A client that wastes a second per window passes the count but not the steady-state
/// figure: the measure can tell.
#[test]
fn steady_state_sees_a_second_lost_per_window() {
    let arrivals: Vec<Duration> = (0..11u64)
        .flat_map(|burst| (0..LIMIT).map(move |_| Duration::from_secs(61 * burst)))
        .collect();
    let (in_run, steady) = utilisation(&arrivals);
    assert_eq!(in_run, 1.0);
    assert!((steady - 60.0 / 61.0).abs() < 1e-9, "{steady}");
    assert!(steady < GOAL);
}

/// The checker itself refuses what the rule refuses (else "0 refused" would prove nothing).
#[tokio::test(start_paused = true)]
async fn the_exact_checker_refuses_the_51st_request_in_a_window() {
    let mut server = ExactWindow::default();
    let t0 = Instant::now();
    for _ in 0..=LIMIT {
        server.arrive(t0);
    }
    server.arrive(t0 + WINDOW - Duration::from_millis(1));
    assert_eq!((server.log.len(), server.refused), (50, 2));
    server.arrive(t0 + WINDOW);
    assert_eq!(server.log.len(), 51);
}
