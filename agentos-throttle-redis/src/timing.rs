//! The throttle's durations and the reading of the acquire script's answer: pure arithmetic,
//! apart from Redis, so it is tested alone.

use std::time::Duration;

use agentos_runtime::throttle::MAX_PAUSE;

/// One key's rule and the durations derived from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Timing {
    pub(crate) limit: u32,
    pub(crate) window: Duration,
}

/// What the acquire script said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Grant {
    /// A block of this many slots (at least 1) is ours.
    Granted {
        /// How many.
        slots: u32,
    },
    /// Nothing frees before this long from now (the earliest slot, or the pause's end).
    Wait {
        /// How long.
        wait: Duration,
        /// Whether that moment can only be kept or passed (an ended request's slot, a pause),
        /// or may be brought forward (a request in flight ends earlier than its lease).
        exact: bool,
        /// Whether the wait is a pause (a 429's, or the quarantine after Redis lost its
        /// state): nothing of this process may be sent before it ends.
        paused: bool,
    },
}

impl Grant {
    /// Reads the script's `{granted slots, wait µs, exact, paused}`.
    pub(crate) fn from_reply((granted, wait_us, exact, paused): (i64, i64, i64, i64)) -> Self {
        if granted >= 1 {
            Grant::Granted {
                slots: u32::try_from(granted).unwrap_or(u32::MAX),
            }
        } else {
            Grant::Wait {
                // At least a microsecond: a waiter never spins on a zero wait.
                wait: Duration::from_micros(u64::try_from(wait_us).unwrap_or(0).max(1)),
                exact: exact == 1,
                paused: paused == 1,
            }
        }
    }
}

/// The most slots one block reserves, however much of the limit is free. Near the limit the
/// reserve is bounded by [`RESERVE_SHARE`] of what is free; the cap only matters for limits of
/// tens of thousands, where it sets how often a busy process asks Redis: at 256 a process
/// sending 20,000 requests a second asked 80 times a second (each a round trip of some
/// 100-300 µs of CPU across the process, the loopback and Redis: 1-3 % of a 46 µs request to
/// the simulator); at 4096, 5 times.
pub(crate) const BLOCK_CAP: u32 = 4096;

/// A block reserves, beyond the slots asked for now, up to this fraction (1/N) of what is
/// free: the more is free, the fewer round trips; near the limit, only what is asked for.
pub(crate) const RESERVE_SHARE: u32 = 8;

impl Timing {
    pub(crate) fn new(limit: u32, window: Duration) -> Self {
        Self { limit, window }
    }

    /// Whole microseconds of `duration` (saturating).
    pub(crate) fn micros(duration: Duration) -> u64 {
        u64::try_from(duration.as_micros()).unwrap_or(u64::MAX)
    }

    pub(crate) fn window_us(&self) -> u64 {
        Self::micros(self.window)
    }

    /// How often the leases of requests in flight are renewed: a tenth of the window, within
    /// 10 ms and 5 s.
    pub(crate) fn renew_every(&self) -> Duration {
        (self.window / 10).clamp(Duration::from_millis(10), Duration::from_secs(5))
    }

    /// How old a block's grant or last renewal must be for a renewal tick to renew it: half a
    /// renewal period. A block granted or renewed since is left for the next tick, when it is
    /// at most a period and a half old, still half a period within [`Timing::trust`]: renewing
    /// it sooner would only cost a round trip.
    pub(crate) fn renew_after(&self) -> Duration {
        self.renew_every() / 2
    }

    /// How long a change (a request ended, a reserve given up) may wait to be reported while
    /// the key is not contended: a twentieth of the window, within 20 ms and 1 s. Nobody waits
    /// for those slots then; if someone starts to, the process reports at once, and the slots
    /// it reports free at most this much later than the requests' ends would free them.
    pub(crate) fn report_within(&self) -> Duration {
        (self.window / 20).clamp(Duration::from_millis(20), Duration::from_secs(1))
    }

    /// How long a block is held in Redis without a renewal: a window plus two renewal
    /// periods. A process may take from a block for [`Timing::trust`] after a grant or renewal
    /// was sent, so a slot taken at the last moment is still counted a window later, even if
    /// no renewal reaches Redis again; the margin of one period means a process that renews
    /// on time never finds its blocks untrusted. A process that dies frees its blocks between
    /// a window and a tenth and a window and a fifth after its death.
    pub(crate) fn lease(&self) -> Duration {
        self.window + 2 * self.renew_every()
    }

    /// How long after a grant or renewal was sent its block may be taken from: the lease less
    /// a window (see [`Timing::lease`]).
    pub(crate) fn trust(&self) -> Duration {
        self.lease() - self.window
    }

    pub(crate) fn lease_us(&self) -> u64 {
        Self::micros(self.lease())
    }

    /// How long to sleep on a [`Grant::Wait`]: an exact moment is slept until; one that a
    /// release may bring forward (waiters are then woken by a message on the key's channel) at most a
    /// twentieth of the window at a time, within 10 ms and 2 s, which bounds the cost of a
    /// wake-up that was lost (a dropped connection, a reconnect).
    pub(crate) fn sleep_for(&self, wait: Duration, exact: bool) -> Duration {
        if exact {
            wait
        } else {
            wait.min((self.window / 20).clamp(Duration::from_millis(10), Duration::from_secs(2)))
        }
    }

    /// The delay before asking an unreachable Redis again, after `failures` failures: 20 ms,
    /// doubling, at most 1 s.
    pub(crate) fn retry_delay(failures: u32) -> Duration {
        let doublings = failures.saturating_sub(1).min(6);
        (Duration::from_millis(20) * (1u32 << doublings)).min(Duration::from_secs(1))
    }

    /// Reads the pause script's read of the key's pause: the pause left (µs, on the Redis
    /// server's clock), `None` when none runs.
    pub(crate) fn pause_left(left_us: i64) -> Option<Duration> {
        u64::try_from(left_us)
            .ok()
            .filter(|&us| us > 0)
            .map(Duration::from_micros)
    }

    /// A 429's pause, at most [`MAX_PAUSE`] as in process.
    pub(crate) fn capped_pause(pause: Duration) -> Duration {
        pause.min(MAX_PAUSE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    #[test]
    fn replies_are_read_as_a_grant_or_a_wait_of_at_least_a_microsecond() {
        let wait = |us, exact, paused| Grant::Wait {
            wait: Duration::from_micros(us),
            exact,
            paused,
        };
        assert_eq!(Grant::from_reply((1, 0, 1, 0)), Grant::Granted { slots: 1 });
        assert_eq!(
            Grant::from_reply((37, 0, 1, 0)),
            Grant::Granted { slots: 37 }
        );
        assert_eq!(
            Grant::from_reply((i64::MAX, 0, 1, 0)),
            Grant::Granted { slots: u32::MAX }
        );
        assert_eq!(Grant::from_reply((0, 1500, 1, 0)), wait(1500, true, false));
        assert_eq!(Grant::from_reply((0, 1500, 0, 0)), wait(1500, false, false));
        assert_eq!(Grant::from_reply((0, 1500, 1, 1)), wait(1500, true, true));
        assert_eq!(Grant::from_reply((0, 0, 1, 0)), wait(1, true, false));
        assert_eq!(Grant::from_reply((0, -7, 0, 0)), wait(1, false, false));
        assert_eq!(Grant::from_reply((-2, 9, 2, 2)), wait(9, false, false));
    }

    #[test]
    fn renewals_and_leases_follow_the_window() {
        let minute = Timing::new(50, Duration::from_secs(60));
        assert_eq!(minute.renew_every(), Duration::from_secs(5));
        assert_eq!(minute.lease(), Duration::from_secs(70));
        assert_eq!(minute.trust(), Duration::from_secs(10));
        assert_eq!(minute.window_us(), 60_000_000);
        assert_eq!(minute.lease_us(), 70_000_000);
        let second = Timing::new(10, Duration::from_secs(1));
        assert_eq!(second.renew_every(), MS(100));
        assert_eq!(second.lease(), MS(1200));
        assert_eq!(second.trust(), MS(200));
        let tiny = Timing::new(1, MS(50));
        assert_eq!(tiny.renew_every(), MS(10));
        assert_eq!(tiny.lease(), MS(70));
        assert_eq!(tiny.trust(), MS(20));
        // Longer windows renew at most every 5 s.
        let hour = Timing::new(50, Duration::from_secs(3600));
        assert_eq!(hour.renew_every(), Duration::from_secs(5));
        assert_eq!(hour.trust(), Duration::from_secs(10));
        // A block left at a tick (younger than `renew_after`) is renewed at the next, at most
        // a period and a half old: half a period before its trust ends.
        assert_eq!(minute.renew_after(), Duration::from_millis(2500));
        assert_eq!(second.renew_after(), MS(50));
        assert_eq!(tiny.renew_after(), MS(5));
        for timing in [minute, second, tiny, hour] {
            assert_eq!(
                timing.renew_after() + timing.renew_every() + timing.renew_after(),
                timing.trust()
            );
        }
    }

    #[test]
    fn reports_wait_a_twentieth_of_the_window_within_20_ms_and_1_s() {
        let report_within = |window| Timing::new(10, window).report_within();
        assert_eq!(report_within(Duration::from_secs(2)), MS(100));
        assert_eq!(
            report_within(Duration::from_secs(60)),
            Duration::from_secs(1)
        );
        assert_eq!(report_within(MS(50)), MS(20));
    }

    #[test]
    fn exact_waits_are_slept_whole_others_a_twentieth_of_the_window_at_a_time() {
        let minute = Timing::new(50, Duration::from_secs(60));
        assert_eq!(
            minute.sleep_for(Duration::from_secs(30), false),
            Duration::from_secs(2)
        );
        assert_eq!(
            minute.sleep_for(Duration::from_secs(30), true),
            Duration::from_secs(30)
        );
        assert_eq!(minute.sleep_for(MS(1500), false), MS(1500));
        let second = Timing::new(10, Duration::from_secs(1));
        assert_eq!(second.sleep_for(Duration::from_secs(1), false), MS(50));
        assert_eq!(second.sleep_for(MS(20), false), MS(20));
        let tiny = Timing::new(1, MS(100));
        assert_eq!(tiny.sleep_for(Duration::from_secs(1), false), MS(10));
        assert_eq!(
            tiny.sleep_for(Duration::from_secs(1), true),
            Duration::from_secs(1)
        );
    }

    #[test]
    fn unreachable_redis_is_asked_again_with_doubling_delays() {
        let delays: Vec<_> = (1..=9).map(Timing::retry_delay).collect();
        assert_eq!(
            delays,
            [20, 40, 80, 160, 320, 640, 1000, 1000, 1000].map(MS)
        );
        assert_eq!(Timing::retry_delay(0), MS(20));
        assert_eq!(Timing::retry_delay(u32::MAX), MS(1000));
    }

    #[test]
    fn pauses_are_capped_as_in_process() {
        assert_eq!(Timing::capped_pause(MS(1500)), MS(1500));
        assert_eq!(Timing::capped_pause(MAX_PAUSE * 2), MAX_PAUSE);
        assert_eq!(Timing::micros(Duration::MAX), u64::MAX);
        assert_eq!(Timing::micros(MS(3)), 3000);
    }

    #[test]
    fn the_pause_read_from_redis_is_what_is_left_of_it() {
        assert_eq!(Timing::pause_left(1500), Some(Duration::from_micros(1500)));
        assert_eq!(Timing::pause_left(1), Some(Duration::from_micros(1)));
        assert_eq!(
            Timing::pause_left(i64::MAX),
            Some(Duration::from_micros(i64::MAX as u64))
        );
        assert_eq!(Timing::pause_left(0), None, "no pause runs");
        assert_eq!(Timing::pause_left(-1), None);
        assert_eq!(Timing::pause_left(i64::MIN), None);
    }
}
