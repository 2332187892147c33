//! Client-side rate limiting: the [`Throttle`] trait and its in-process implementation,
//! [`RollingWindow`].
//!
//! agentOS allows N requests (50 by default) per API key in any rolling 60-second window: a
//! request takes a slot, and that slot comes back exactly 60 s later. Going over is answered
//! with 429, and carrying on after 429s gets the key blocked (403). So the client keeps its own
//! count of the rule and waits before it would break it, and after a 429 it pauses the whole
//! key.
//!
//! The trait is object safe and returns boxed futures so that an implementation backed by a
//! shared store (several processes using one key) can replace [`RollingWindow`] through
//! [`crate::ClientBuilder::throttle_with`]. One throttle value is one key's budget: clients
//! built separately for the same key must be given the same throttle to share it (clones of a
//! client always share theirs).

mod rolling;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

pub use rolling::{
    DEFAULT_LIMIT, DEFAULT_WINDOW, InvalidThrottle, MAX_PAUSE, RollingWindow, check_rule,
};

/// Why a throttle could not grant a slot. Nothing was sent, so the call may be made again.
///
/// [`RollingWindow`] never fails; a throttle kept in a shared store (several processes on one
/// key) fails *closed* when the store cannot be reached: sending without knowing what the
/// other processes sent could exceed the key's limit and earn the 403 block.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ThrottleError {
    /// The shared store that holds the key's window could not be reached in time.
    #[error("the throttle's store ({store}) could not be reached for {waited:?}: {cause}")]
    Unavailable {
        /// What the store is (`"redis"`).
        store: &'static str,
        /// How long the throttle tried before giving up.
        waited: Duration,
        /// The last error the store's client reported (it never holds the API key).
        cause: String,
    },
}

/// A boxed, sendable future, as the object-safe [`Throttle`] returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Decides when a request of one API key may be sent.
///
/// The client calls [`Throttle::acquire`] before every attempt (retries included), holds the
/// returned [`Permit`] until the response has been read, then drops it. After every 429 it
/// calls [`Throttle::pause`], whether or not it retries.
pub trait Throttle: Send + Sync + fmt::Debug {
    /// Waits until one more request may be sent and returns its permit. Must not busy-wait.
    ///
    /// An error means no slot could be had (a shared store unreachable): the client sends
    /// nothing and returns [`crate::ApiError::Throttle`].
    fn acquire(&self) -> BoxFuture<'_, Result<Permit, ThrottleError>>;

    /// Lets nothing be acquired for `duration` from now (longer pauses win over shorter ones).
    /// Requests already in flight are not affected.
    fn pause(&self, duration: Duration) -> BoxFuture<'_, ()>;
}

/// The right to send one request. Hold it until the response is complete: dropping it tells
/// the throttle when the request ended.
pub struct Permit {
    waited: Duration,
    on_release: Option<OnRelease>,
}

/// What dropping a permit runs.
enum OnRelease {
    /// A closure given to [`Permit::new`].
    Boxed(Box<dyn FnOnce() + Send>),
    /// The runtime's own throttle, told without boxing a closure per request.
    Shared(std::sync::Arc<dyn Release>),
}

/// A throttle of this crate that a [`Permit`] tells when its request ended.
pub(crate) trait Release: Send + Sync {
    fn release(&self);
}

impl Permit {
    /// A permit that ran `on_release` when dropped; `waited` is how long `acquire` waited.
    pub fn new(waited: Duration, on_release: impl FnOnce() + Send + 'static) -> Self {
        Self {
            waited,
            on_release: Some(OnRelease::Boxed(Box::new(on_release))),
        }
    }

    /// A permit that calls `throttle.release()` when dropped.
    pub(crate) fn releasing(waited: Duration, throttle: std::sync::Arc<dyn Release>) -> Self {
        Self {
            waited,
            on_release: Some(OnRelease::Shared(throttle)),
        }
    }

    /// How long the caller waited for this permit (reported in tracing spans).
    pub fn waited(&self) -> Duration {
        self.waited
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        match self.on_release.take() {
            Some(OnRelease::Boxed(release)) => release(),
            Some(OnRelease::Shared(throttle)) => throttle.release(),
            None => {}
        }
    }
}

impl fmt::Debug for Permit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Permit")
            .field("waited", &self.waited)
            .finish_non_exhaustive()
    }
}
