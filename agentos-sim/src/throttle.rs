//! The agentOS throttle as the server applies it: a sliding log of admitted requests per key,
//! 429 with `Retry-After` over the limit, and a temporary 403 block for a key that sends again
//! before that `Retry-After` has passed.
//!
//! Time is passed in (`now`), so the rules are tested without a clock; the server passes
//! `tokio::time::Instant::now()`, which follows tokio's paused clock in tests.

use std::collections::VecDeque;
use std::time::Duration;

use tokio::time::Instant;

use crate::config::ThrottleConfig;

/// What the throttle says about one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Within the limit; the request took a slot.
    Admitted,
    /// Over the limit: answer 429 with this many seconds in `Retry-After`.
    TooMany {
        /// Whole seconds until a slot frees (at least 1).
        retry_after_secs: u64,
    },
    /// The key is blocked (it hammered after a 429): answer 403.
    Blocked,
}

/// The throttle state of one key.
#[derive(Debug, Default)]
pub struct KeyThrottle {
    /// Arrival times of admitted requests still inside the window, oldest first.
    admitted: VecDeque<Instant>,
    /// End of the `Retry-After` of the last 429; a request before it escalates to a block.
    cool_down_until: Option<Instant>,
    /// End of the current block.
    blocked_until: Option<Instant>,
}

impl KeyThrottle {
    /// Decides on a request arriving at `now` and records it.
    pub fn admit(&mut self, now: Instant, config: &ThrottleConfig) -> Admission {
        if let Some(until) = self.blocked_until {
            if now < until {
                return Admission::Blocked;
            }
            self.blocked_until = None;
        }
        if let Some(until) = self.cool_down_until {
            if now < until {
                if let Some(block_for) = config.block_for {
                    // Documented: retrying without waiting after a 429 is treated as an attack.
                    self.cool_down_until = None;
                    self.blocked_until = Some(now + block_for);
                    return Admission::Blocked;
                }
            } else {
                self.cool_down_until = None;
            }
        }
        // A slot comes back exactly one window after it was used.
        while let Some(&oldest) = self.admitted.front() {
            if oldest + config.window <= now {
                self.admitted.pop_front();
            } else {
                break;
            }
        }
        let limit = usize::try_from(config.limit).unwrap_or(usize::MAX);
        if self.admitted.len() < limit {
            self.admitted.push_back(now);
            return Admission::Admitted;
        }
        let frees_at = self
            .admitted
            .front()
            .map_or(now, |&oldest| oldest + config.window);
        let retry_after_secs =
            self.cool_down(now, ceil_secs(frees_at.saturating_duration_since(now)));
        Admission::TooMany { retry_after_secs }
    }

    /// A 429 with `Retry-After: retry_after_secs` (at least 1, which is returned) is answered
    /// at `now`: a request before it has passed is hammering (see
    /// [`ThrottleConfig::block_for`]).
    pub fn cool_down(&mut self, now: Instant, retry_after_secs: u64) -> u64 {
        let retry_after_secs = retry_after_secs.max(1);
        self.cool_down_until = Some(now + Duration::from_secs(retry_after_secs));
        retry_after_secs
    }
}

/// Whole seconds, rounded up, so waiting `Retry-After` seconds is always enough.
fn ceil_secs(duration: Duration) -> u64 {
    let secs = duration.as_secs();
    if duration.subsec_nanos() > 0 {
        secs + 1
    } else {
        secs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(limit: u32, window_ms: u64, block_ms: Option<u64>) -> ThrottleConfig {
        ThrottleConfig {
            limit,
            window: Duration::from_millis(window_ms),
            block_for: block_ms.map(Duration::from_millis),
        }
    }

    #[test]
    fn admits_up_to_the_limit_then_answers_429_with_time_to_the_oldest_slot() {
        let cfg = config(3, 10_000, Some(60_000));
        let t0 = Instant::now();
        let mut throttle = KeyThrottle::default();
        assert_eq!(throttle.admit(t0, &cfg), Admission::Admitted);
        assert_eq!(
            throttle.admit(t0 + Duration::from_millis(2_500), &cfg),
            Admission::Admitted
        );
        assert_eq!(
            throttle.admit(t0 + Duration::from_millis(3_000), &cfg),
            Admission::Admitted
        );
        // The oldest slot frees at 10 s; at 4.2 s that is 5.8 s away, rounded up to 6.
        assert_eq!(
            throttle.admit(t0 + Duration::from_millis(4_200), &cfg),
            Admission::TooMany {
                retry_after_secs: 6
            }
        );
    }

    #[test]
    fn slots_come_back_one_by_one_not_all_at_once() {
        let cfg = config(2, 1_000, None);
        let t0 = Instant::now();
        let mut throttle = KeyThrottle::default();
        assert_eq!(throttle.admit(t0, &cfg), Admission::Admitted);
        let t1 = t0 + Duration::from_millis(500);
        assert_eq!(throttle.admit(t1, &cfg), Admission::Admitted);
        // At 1.0 s only the first slot is back.
        let t2 = t0 + Duration::from_millis(1_000);
        assert_eq!(throttle.admit(t2, &cfg), Admission::Admitted);
        assert!(matches!(
            throttle.admit(t2, &cfg),
            Admission::TooMany { .. }
        ));
        // The second slot is back at 1.5 s.
        assert_eq!(
            throttle.admit(t0 + Duration::from_millis(1_500), &cfg),
            Admission::Admitted
        );
    }

    #[test]
    fn retry_after_is_at_least_one_second() {
        let cfg = config(1, 100, None);
        let t0 = Instant::now();
        let mut throttle = KeyThrottle::default();
        throttle.admit(t0, &cfg);
        assert_eq!(
            throttle.admit(t0 + Duration::from_millis(99), &cfg),
            Admission::TooMany {
                retry_after_secs: 1
            }
        );
    }

    #[test]
    fn sending_during_the_cool_down_blocks_the_key_for_the_configured_time() {
        let cfg = config(1, 1_000, Some(5_000));
        let t0 = Instant::now();
        let mut throttle = KeyThrottle::default();
        throttle.admit(t0, &cfg);
        assert_eq!(
            throttle.admit(t0, &cfg),
            Admission::TooMany {
                retry_after_secs: 1
            }
        );
        let hammer = t0 + Duration::from_millis(10);
        assert_eq!(throttle.admit(hammer, &cfg), Admission::Blocked);
        // Still blocked after the window, until the block ends.
        assert_eq!(
            throttle.admit(hammer + Duration::from_millis(4_999), &cfg),
            Admission::Blocked
        );
        assert_eq!(
            throttle.admit(hammer + Duration::from_millis(5_000), &cfg),
            Admission::Admitted
        );
    }

    #[test]
    fn waiting_out_retry_after_is_not_punished() {
        let cfg = config(1, 1_000, Some(5_000));
        let t0 = Instant::now();
        let mut throttle = KeyThrottle::default();
        throttle.admit(t0, &cfg);
        let Admission::TooMany { retry_after_secs } = throttle.admit(t0, &cfg) else {
            panic!("expected a 429");
        };
        let later = t0 + Duration::from_secs(retry_after_secs);
        assert_eq!(throttle.admit(later, &cfg), Admission::Admitted);
    }

    #[test]
    fn without_a_block_the_cool_down_answers_429_again() {
        let cfg = config(1, 1_000, None);
        let t0 = Instant::now();
        let mut throttle = KeyThrottle::default();
        throttle.admit(t0, &cfg);
        throttle.admit(t0, &cfg);
        assert!(matches!(
            throttle.admit(t0 + Duration::from_millis(10), &cfg),
            Admission::TooMany { .. }
        ));
    }
}
