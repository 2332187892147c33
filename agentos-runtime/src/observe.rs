//! Seeing what the client does: an [`Observer`] is told of every attempt, answer, retry and
//! pause of the key, and [`Counters`] is an observer that counts them (for progress displays
//! and metrics, without wrapping the throttle).
//!
//! ```
//! use std::sync::Arc;
//! use agentos_runtime::{Client, observe::Counters};
//!
//! # fn main() -> Result<(), agentos_runtime::BuildError> {
//! let counters = Arc::new(Counters::default());
//! let client = Client::builder()
//!     .api_key("my-api-key")
//!     .short_name("acme")
//!     .observer(counters.clone())
//!     .build()?;
//! // ... later, after some calls:
//! let seen = counters.snapshot();
//! println!("{} sent, {} retried, {:?} waiting for the throttle", seen.sent, seen.retries, seen.throttle_wait);
//! # drop(client);
//! # Ok(())
//! # }
//! ```
//!
//! Observers are called on the task making the request, between its steps: keep them quick
//! (count, send on a channel). The same events are `tracing` events too (see the crate docs).

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use http::StatusCode;

/// Something the client did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event<'a> {
    /// An attempt is about to be sent: the throttle granted its slot after `waited`.
    Sending {
        /// The operation (`DiaryController_GetAppointmentTypes`).
        operation: &'a str,
        /// 1 for the first attempt.
        attempt: u32,
        /// How long this attempt waited for its throttle slot.
        waited: Duration,
    },
    /// An attempt ended, with a status or without a response (`None`: a timeout or a
    /// transport failure), `elapsed` after it was sent.
    Answered {
        /// The operation.
        operation: &'a str,
        /// The attempt.
        attempt: u32,
        /// The status, when a response arrived.
        status: Option<StatusCode>,
        /// From sending to the end of the body.
        elapsed: Duration,
    },
    /// The attempt is sent again, after `delay` (a backoff; zero after a 429, whose wait is
    /// the key's pause).
    Retrying {
        /// The operation.
        operation: &'a str,
        /// The attempt that failed.
        attempt: u32,
        /// The backoff before the next attempt.
        delay: Duration,
    },
    /// A 429: every request of the key waits `pause` (whether or not this one is retried).
    KeyPaused {
        /// The operation that was answered 429.
        operation: &'a str,
        /// How long the key pauses.
        pause: Duration,
    },
}

/// Told of every [`Event`] of a client and its clones (see
/// [`crate::ClientBuilder::observer`]).
pub trait Observer: Send + Sync + fmt::Debug {
    /// One event. Called on the requesting task: keep it quick.
    fn observe(&self, event: &Event<'_>);
}

/// An [`Observer`] that counts: attempts sent, answers by kind, retries, time waited for the
/// throttle, pauses of the key.
#[derive(Debug, Default)]
pub struct Counters {
    sent: AtomicU64,
    succeeded: AtomicU64,
    failed: AtomicU64,
    unanswered: AtomicU64,
    retries: AtomicU64,
    throttle_wait_micros: AtomicU64,
    pauses: AtomicU64,
    paused_micros: AtomicU64,
}

/// The figures of [`Counters`] at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Seen {
    /// Attempts sent (each took a throttle slot).
    pub sent: u64,
    /// Attempts answered with a 2xx.
    pub succeeded: u64,
    /// Attempts answered with another status.
    pub failed: u64,
    /// Attempts that ended without a response (timeouts, transport failures).
    pub unanswered: u64,
    /// Attempts that were sent again.
    pub retries: u64,
    /// Time attempts waited for their throttle slot, summed.
    pub throttle_wait: Duration,
    /// 429s, each of which paused the key.
    pub pauses: u64,
    /// The pauses' lengths, summed.
    pub paused: Duration,
}

impl Counters {
    /// The figures so far.
    pub fn snapshot(&self) -> Seen {
        let get = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        Seen {
            sent: get(&self.sent),
            succeeded: get(&self.succeeded),
            failed: get(&self.failed),
            unanswered: get(&self.unanswered),
            retries: get(&self.retries),
            throttle_wait: Duration::from_micros(get(&self.throttle_wait_micros)),
            pauses: get(&self.pauses),
            paused: Duration::from_micros(get(&self.paused_micros)),
        }
    }
}

fn micros(duration: Duration) -> u64 {
    u64::try_from(duration.as_micros()).unwrap_or(u64::MAX)
}

impl Observer for Counters {
    fn observe(&self, event: &Event<'_>) {
        let add = |counter: &AtomicU64, n: u64| counter.fetch_add(n, Ordering::Relaxed);
        match *event {
            Event::Sending { waited, .. } => {
                add(&self.sent, 1);
                add(&self.throttle_wait_micros, micros(waited));
            }
            Event::Answered { status: None, .. } => {
                add(&self.unanswered, 1);
            }
            Event::Answered {
                status: Some(status),
                ..
            } => {
                add(
                    if status.is_success() {
                        &self.succeeded
                    } else {
                        &self.failed
                    },
                    1,
                );
            }
            Event::Retrying { .. } => {
                add(&self.retries, 1);
            }
            Event::KeyPaused { pause, .. } => {
                add(&self.pauses, 1);
                add(&self.paused_micros, micros(pause));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_count_each_kind_of_event() {
        let counters = Counters::default();
        let op = "Op";
        let ms = Duration::from_millis;
        for event in [
            Event::Sending {
                operation: op,
                attempt: 1,
                waited: ms(5),
            },
            Event::Answered {
                operation: op,
                attempt: 1,
                status: Some(StatusCode::SERVICE_UNAVAILABLE),
                elapsed: ms(1),
            },
            Event::Retrying {
                operation: op,
                attempt: 1,
                delay: ms(100),
            },
            Event::Sending {
                operation: op,
                attempt: 2,
                waited: ms(7),
            },
            Event::Answered {
                operation: op,
                attempt: 2,
                status: None,
                elapsed: ms(1),
            },
            Event::Sending {
                operation: op,
                attempt: 3,
                waited: ms(0),
            },
            Event::Answered {
                operation: op,
                attempt: 3,
                status: Some(StatusCode::OK),
                elapsed: ms(1),
            },
            Event::KeyPaused {
                operation: op,
                pause: ms(60_000),
            },
        ] {
            counters.observe(&event);
        }
        assert_eq!(
            counters.snapshot(),
            Seen {
                sent: 3,
                succeeded: 1,
                failed: 1,
                unanswered: 1,
                retries: 1,
                throttle_wait: ms(12),
                pauses: 1,
                paused: ms(60_000),
            }
        );
    }
}
