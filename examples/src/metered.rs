//! A [`Throttle`] that counts what goes through it: how many requests were let through, how
//! long they waited for a slot, and when each was granted.
//!
//! The client takes one throttle permit per attempt (retries included), so wrapping the
//! throttle is the one place that sees every request of every clone of a client without
//! touching the runtime. The examples use it for their summaries (requests made, time spent
//! waiting) and for the sync's rate figures.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use agentos_runtime::throttle::BoxFuture;
use agentos_runtime::{Permit, RollingWindow, Throttle, ThrottleError};
use tokio::time::Instant;

/// Wraps a throttle and records every permit it grants.
#[derive(Clone)]
pub struct Metered {
    inner: Arc<dyn Throttle>,
    log: Arc<Mutex<Grants>>,
    limit: u32,
    window: Duration,
}

/// What has been recorded so far.
#[derive(Debug, Default, Clone)]
struct Grants {
    /// When each permit was granted, in order.
    at: Vec<Instant>,
    /// Time each permit waited in `acquire`, in order.
    waits: Vec<Duration>,
}

/// A copy of a [`Metered`] throttle's figures at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Meter {
    /// Permits granted: requests sent, every attempt counted.
    pub requests: usize,
    /// Time requests spent waiting for a slot, summed (concurrent waits add up).
    pub waited: Duration,
    /// The longest any one request waited.
    pub longest_wait: Duration,
    /// When each permit was granted, in order.
    pub granted_at: Vec<Instant>,
}

impl Metered {
    /// A [`RollingWindow`] of `limit` requests per `window`, metered.
    pub fn rolling(
        limit: u32,
        window: Duration,
    ) -> Result<Self, agentos_runtime::throttle::InvalidThrottle> {
        Ok(Self {
            inner: Arc::new(RollingWindow::new(limit, window)?),
            log: Arc::default(),
            limit,
            window,
        })
    }

    /// `inner`, which applies `limit` requests per `window` (as the figures assume), metered:
    /// for a throttle made elsewhere, such as the Redis one shared by several processes.
    pub fn over(inner: Arc<dyn Throttle>, limit: u32, window: Duration) -> Self {
        Self {
            inner,
            log: Arc::default(),
            limit,
            window,
        }
    }

    /// The limit per window of the wrapped rule.
    pub fn limit(&self) -> u32 {
        self.limit
    }

    /// The window of the wrapped rule.
    pub fn window(&self) -> Duration {
        self.window
    }

    /// This throttle as the client builder takes it
    /// ([`agentos_runtime::ClientBuilder::throttle_with`]).
    pub fn shared(&self) -> Arc<dyn Throttle> {
        Arc::new(self.clone())
    }

    /// The figures so far.
    pub fn snapshot(&self) -> Meter {
        let log = self.grants();
        Meter::of(&log.at, &log.waits)
    }

    fn grants(&self) -> MutexGuard<'_, Grants> {
        // The log is a list of instants: a panic while holding the lock cannot leave it torn.
        self.log
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Meter {
    fn of(at: &[Instant], waits: &[Duration]) -> Self {
        Meter {
            requests: at.len(),
            waited: waits.iter().sum(),
            longest_wait: waits.iter().max().copied().unwrap_or_default(),
            granted_at: at.to_vec(),
        }
    }
}

impl Throttle for Metered {
    fn acquire(&self) -> BoxFuture<'_, Result<Permit, ThrottleError>> {
        Box::pin(async move {
            let permit = self.inner.acquire().await?;
            let mut log = self.grants();
            log.at.push(Instant::now());
            log.waits.push(permit.waited());
            drop(log);
            Ok(permit)
        })
    }

    fn pause(&self, duration: Duration) -> BoxFuture<'_, ()> {
        self.inner.pause(duration)
    }
}

impl fmt::Debug for Metered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Metered")
            .field("inner", &self.inner)
            .field("requests", &self.grants().at.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn counts_grants_and_waits() {
        let metered = Metered::rolling(2, Duration::from_secs(10)).unwrap();
        for _ in 0..3 {
            drop(metered.acquire().await);
        }
        let meter = metered.snapshot();
        assert_eq!(meter.requests, 3);
        // The third waited for the first slot to come back, 10 s after it was released.
        assert_eq!(meter.waited, Duration::from_secs(10));
        assert_eq!(meter.longest_wait, Duration::from_secs(10));
        assert_eq!(
            meter.granted_at[2] - meter.granted_at[0],
            Duration::from_secs(10)
        );
    }
}
