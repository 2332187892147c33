//! [`RollingWindow`]: the agentOS rule as a sliding log, in process.
//!
//! # Why not a token bucket
//! A token bucket or GCRA (generic cell rate algorithm) with the same average rate — a burst
//! of 50, then one request every 1.2 s — breaks this rule. After the burst at `t = 0`, GCRA
//! lets a 51st request go at `t = 1.2 s`, but in the server's view the window
//! `[1.2 s - 60 s, 1.2 s]` still holds all 50 burst requests, so the 51st is answered 429, as is
//! every further one until `t = 60 s`. A rolling window is only respected by remembering when
//! each of the last N requests happened, which is what the log here does.
//!
//! # When a slot is used
//! The server counts a request when it *arrives*, some time after we send it. A slot that
//! expired W after the moment we *sent* could let the next request arrive at the server
//! inside the window of one that arrived late. So a slot is held from `acquire` until the
//! response is complete (the [`super::Permit`] is dropped) and expires W after that
//! completion; permits in flight count against the limit. This errs towards waiting a little
//! longer than the server strictly needs (by the time a response takes), never towards a 429.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

use super::{BoxFuture, Permit, Release, Throttle, ThrottleError};

/// agentOS's limit per key: 50 requests ...
pub const DEFAULT_LIMIT: u32 = 50;

/// ... in any rolling window of 60 seconds (unless the key was granted more).
pub const DEFAULT_WINDOW: Duration = Duration::from_secs(60);

/// The longest window accepted: a day. (Longer ones are a configuration mistake, and bounding
/// it keeps instant arithmetic far from overflow.)
const MAX_WINDOW: Duration = Duration::from_secs(24 * 60 * 60);

/// The longest pause a throttle applies; longer requests are shortened to it.
pub const MAX_PAUSE: Duration = Duration::from_secs(24 * 60 * 60);

/// A limit or window [`RollingWindow::new`] refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidThrottle {
    /// A limit of 0 would never let a request through.
    #[error("the throttle limit must be at least 1 request per window")]
    ZeroLimit,
    /// The window must be longer than 0 and at most a day.
    #[error("the throttle window must be longer than 0 and at most 24 hours, not {0:?}")]
    Window(Duration),
}

/// Whether a throttle may apply "at most `limit` requests per rolling `window`": the one
/// check every implementation (in process or shared) makes of its rule.
pub fn check_rule(limit: u32, window: Duration) -> Result<(), InvalidThrottle> {
    if limit == 0 {
        return Err(InvalidThrottle::ZeroLimit);
    }
    if window.is_zero() || window > MAX_WINDOW {
        return Err(InvalidThrottle::Window(window));
    }
    Ok(())
}

/// At most `limit` requests in any rolling `window`, as a sliding log of completion times.
///
/// Cheap to clone; clones share one log. `acquire` sleeps until the oldest slot expires (or,
/// when every slot is taken by a request still in flight, until one completes); waiters are
/// served first come, first served (they queue on a fair `tokio` mutex). Time is
/// `tokio::time::Instant`, so it works on tokio's paused test clock.
#[derive(Clone)]
pub struct RollingWindow {
    shared: Arc<Shared>,
}

struct Shared {
    limit: usize,
    window: Duration,
    /// Only its holder may wait for a slot: this queues the others in arrival order.
    turnstile: tokio::sync::Mutex<()>,
    state: Mutex<Log>,
    /// Signalled when an in-flight permit completes.
    released: Notify,
}

/// The sliding log: the pure bookkeeping, separate from waiting so it can be tested alone.
#[derive(Debug, Default)]
struct Log {
    /// Completion times of finished requests still inside the window, oldest first.
    completed: VecDeque<Instant>,
    /// Permits handed out and not yet dropped.
    in_flight: usize,
    /// Nothing is granted before this instant (after a 429).
    paused_until: Option<Instant>,
}

/// What [`Log::try_take`] says a waiter should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    /// A slot was taken.
    Granted,
    /// Nothing can change before this instant.
    WaitUntil(Instant),
    /// Every slot is held by a request in flight: wait for one to complete.
    WaitForRelease,
}

impl Log {
    fn try_take(&mut self, now: Instant, limit: usize, window: Duration) -> Next {
        if let Some(until) = self.paused_until {
            if until > now {
                return Next::WaitUntil(until);
            }
            self.paused_until = None;
        }
        // A slot used at `t` is free again at exactly `t + window`.
        while self.completed.front().is_some_and(|&t| t + window <= now) {
            self.completed.pop_front();
        }
        if self.completed.len() + self.in_flight < limit {
            self.in_flight += 1;
            return Next::Granted;
        }
        match self.completed.front() {
            Some(&oldest) => Next::WaitUntil(oldest + window),
            None => Next::WaitForRelease,
        }
    }

    fn release(&mut self, now: Instant) {
        self.in_flight = self.in_flight.saturating_sub(1);
        // Completion times come from a monotonic clock, so pushing at the back keeps order.
        self.completed.push_back(now);
    }

    fn pause(&mut self, until: Instant) {
        if self.paused_until.is_none_or(|current| current < until) {
            self.paused_until = Some(until);
        }
    }
}

impl RollingWindow {
    /// At most `limit` requests in any rolling `window` (agentOS: 50 per 60 s unless the key
    /// was granted more).
    pub fn new(limit: u32, window: Duration) -> Result<Self, InvalidThrottle> {
        check_rule(limit, window)?;
        Ok(Self::with(
            usize::try_from(limit).unwrap_or(usize::MAX),
            window,
        ))
    }

    /// The agentOS default: [`DEFAULT_LIMIT`] requests per rolling [`DEFAULT_WINDOW`].
    pub fn agentos_default() -> Self {
        Self::with(
            usize::try_from(DEFAULT_LIMIT).unwrap_or(usize::MAX),
            DEFAULT_WINDOW,
        )
    }

    fn with(limit: usize, window: Duration) -> Self {
        Self {
            shared: Arc::new(Shared {
                limit,
                window,
                turnstile: tokio::sync::Mutex::new(()),
                state: Mutex::new(Log::default()),
                released: Notify::new(),
            }),
        }
    }

    /// The limit per window.
    pub fn limit(&self) -> usize {
        self.shared.limit
    }

    /// The window length.
    pub fn window(&self) -> Duration {
        self.shared.window
    }

    /// Waits for a slot, as [`Throttle::acquire`] does; in process, so it never fails.
    pub async fn acquire(&self) -> Permit {
        self.acquire_permit().await
    }

    async fn acquire_permit(&self) -> Permit {
        let shared = &self.shared;
        let start = Instant::now();
        // Nobody holding the turnstile or queued for it (a free fair mutex has no queue): the
        // slot is taken at once when there is one, without waiting on the lock's future or
        // reading the clock again.
        if let Ok(_turn) = shared.turnstile.try_lock() {
            let released = shared.released.notified();
            let next = shared.log().try_take(start, shared.limit, shared.window);
            match next {
                Next::Granted => return self.permit(Duration::ZERO),
                Next::WaitUntil(instant) => tokio::time::sleep_until(instant).await,
                Next::WaitForRelease => released.await,
            }
            return self.take_slot(start).await;
        }
        let _turn = shared.turnstile.lock().await;
        self.take_slot(start).await
    }

    /// Takes a slot, waiting as long as it takes; the turnstile is held.
    async fn take_slot(&self, start: Instant) -> Permit {
        let shared = &self.shared;
        loop {
            // Registered before looking at the log, so a release between the look and the
            // wait below is not missed.
            let released = shared.released.notified();
            let next = shared
                .log()
                .try_take(Instant::now(), shared.limit, shared.window);
            match next {
                Next::Granted => return self.permit(start.elapsed()),
                Next::WaitUntil(instant) => tokio::time::sleep_until(instant).await,
                Next::WaitForRelease => released.await,
            }
        }
    }

    fn permit(&self, waited: Duration) -> Permit {
        Permit::releasing(waited, Arc::clone(&self.shared) as Arc<dyn Release>)
    }
}

impl Release for Shared {
    fn release(&self) {
        self.log().release(Instant::now());
        self.released.notify_waiters();
    }
}

impl Shared {
    fn log(&self) -> MutexGuard<'_, Log> {
        // The log is consistent after every statement, so a panic elsewhere cannot leave it
        // half-updated: recover from poisoning instead of propagating it.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Default for RollingWindow {
    fn default() -> Self {
        Self::agentos_default()
    }
}

impl Throttle for RollingWindow {
    fn acquire(&self) -> BoxFuture<'_, Result<Permit, ThrottleError>> {
        Box::pin(async move { Ok(self.acquire_permit().await) })
    }

    fn pause(&self, duration: Duration) -> BoxFuture<'_, ()> {
        let until = Instant::now() + duration.min(MAX_PAUSE);
        self.shared.log().pause(until);
        Box::pin(std::future::ready(()))
    }
}

impl fmt::Debug for RollingWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RollingWindow")
            .field("limit", &self.shared.limit)
            .field("window", &self.shared.window)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: Duration = Duration::from_secs(60);

    #[test]
    fn log_grants_up_to_the_limit_then_waits_for_the_oldest() {
        let t0 = Instant::now();
        let mut log = Log::default();
        for _ in 0..3 {
            assert_eq!(log.try_take(t0, 3, W), Next::Granted);
        }
        // All three in flight: only a completion can change anything.
        assert_eq!(log.try_take(t0, 3, W), Next::WaitForRelease);
        let s = Duration::from_secs(1);
        log.release(t0 + s);
        log.release(t0 + 2 * s);
        assert_eq!(log.try_take(t0 + 2 * s, 3, W), Next::WaitUntil(t0 + s + W));
        // Just before expiry still full; at exactly completion + window the slot is free.
        assert_eq!(
            log.try_take(t0 + s + W - Duration::from_millis(1), 3, W),
            Next::WaitUntil(t0 + s + W)
        );
        assert_eq!(log.try_take(t0 + s + W, 3, W), Next::Granted);
        assert_eq!(log.completed.len(), 1);
        assert_eq!(log.in_flight, 2);
    }

    #[test]
    fn log_pause_blocks_until_it_ends_and_longer_pause_wins() {
        let t0 = Instant::now();
        let mut log = Log::default();
        log.pause(t0 + Duration::from_secs(30));
        log.pause(t0 + Duration::from_secs(10));
        assert_eq!(
            log.try_take(t0, 5, W),
            Next::WaitUntil(t0 + Duration::from_secs(30))
        );
        assert_eq!(
            log.try_take(t0 + Duration::from_secs(30), 5, W),
            Next::Granted
        );
        assert_eq!(log.paused_until, None);
    }

    #[test]
    fn invalid_configurations_are_refused() {
        assert_eq!(
            RollingWindow::new(0, W).unwrap_err(),
            InvalidThrottle::ZeroLimit
        );
        assert!(RollingWindow::new(1, Duration::ZERO).is_err());
        assert!(RollingWindow::new(1, Duration::from_secs(90_000)).is_err());
        let ok = RollingWindow::new(50, W).unwrap();
        assert_eq!((ok.limit(), ok.window()), (50, W));
    }
}
