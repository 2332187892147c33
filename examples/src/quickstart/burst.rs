//! The throttle step of the tour: more requests than a small window allows, sent at once, to
//! a simulator that enforces that window; the client spaces them so none is refused.

use std::io::Write;
use std::time::{Duration, Instant};

use agentos_runtime::Client;
use agentos_sim::{DEMO_KEY, DEMO_SHORT_NAME, Sim, SimConfig, ThrottleConfig};
use futures_util::future::try_join_all;

use super::{QuickstartError, failed};
use crate::agentos::tier1;
use crate::metered::Metered;
use crate::sim_log::most_in_any_window;

/// Requests allowed per window in the demonstration.
pub const LIMIT: u32 = 5;
/// The demonstration's window.
pub const WINDOW: Duration = Duration::from_secs(1);
/// Requests sent at once: three windows' worth.
pub const REQUESTS: usize = 15;

/// What the burst showed.
#[derive(Debug, Clone, PartialEq)]
pub struct Burst {
    /// Requests sent.
    pub requests: usize,
    /// How long all of them took.
    pub elapsed: Duration,
    /// The longest time one request waited for a throttle slot.
    pub longest_wait: Duration,
    /// The most requests the simulator received within any window.
    pub most_in_window: usize,
    /// Requests the simulator refused with 429 or 403.
    pub refused: usize,
}

/// Sends [`REQUESTS`] requests at once through a client limited to [`LIMIT`] per [`WINDOW`]
/// to a simulator enforcing the same rule (a 429 over it, a 403 block for hammering on).
pub(super) async fn run(out: &mut dyn Write) -> Result<Burst, QuickstartError> {
    let rule = ThrottleConfig::new(LIMIT, WINDOW);
    let sim = Sim::start(SimConfig::default().throttle(rule)).await?;
    let throttle =
        Metered::rolling(LIMIT, WINDOW).map_err(|e| QuickstartError::Unexpected(e.to_string()))?;
    let client = Client::builder()
        .base_url(sim.base_url())
        .api_key(DEMO_KEY)
        .short_name(DEMO_SHORT_NAME)
        .throttle_with(throttle.shared())
        .build()?;
    writeln!(
        out,
        "   a second simulator allows {LIMIT} requests per {} s; the client knows the same rule",
        WINDOW.as_secs_f64()
    )?;

    let started = Instant::now();
    let calls = (0..REQUESTS).map(|_| {
        let client = client.clone();
        async move { client.get(&tier1::GetCompany::new()).await }
    });
    try_join_all(calls)
        .await
        .map_err(failed("sending the burst"))?;
    let elapsed = started.elapsed();

    let meter = throttle.snapshot();
    let first = meter.granted_at.first().copied();
    let sent: Vec<String> = meter
        .granted_at
        .iter()
        .map(|at| format!("{:.2}", first.map_or(0.0, |f| (*at - f).as_secs_f64())))
        .collect();
    writeln!(
        out,
        "   {REQUESTS} requests started together; sent at (s): {}",
        sent.join(" ")
    )?;

    let log = sim.requests();
    let refused = log
        .iter()
        .filter(|r| r.status == 429 || r.status == 403)
        .count();
    let arrivals: Vec<Duration> = log.iter().map(|r| r.at).collect();
    let most_in_window = most_in_any_window(&arrivals, WINDOW);
    writeln!(
        out,
        "   all answered in {:.2} s: the client held requests back (up to {:.2} s) rather than send them into a 429",
        elapsed.as_secs_f64(),
        meter.longest_wait.as_secs_f64()
    )?;
    writeln!(
        out,
        "   the simulator's log: {} requests, {refused} answered 429 or 403, at most {most_in_window} in any {} s window",
        log.len(),
        WINDOW.as_secs_f64()
    )?;
    let burst = Burst {
        requests: log.len(),
        elapsed,
        longest_wait: meter.longest_wait,
        most_in_window,
        refused,
    };
    if refused > 0 || most_in_window > LIMIT as usize {
        return Err(QuickstartError::Unexpected(format!(
            "the throttle let requests over the limit: {burst:?}"
        )));
    }
    Ok(burst)
}
