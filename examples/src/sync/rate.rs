//! How close a sync came to the throttle's theoretical item rate.
//!
//! The throttle allows `limit` requests per rolling `window`, and a page holds at most 1000
//! records, so no client can import faster than `limit x 1000 / window` records per second
//! for long. Two things decide how close a sync comes:
//! - **page fill**: records received per request, over 1000 (short pages cost a whole
//!   request: the last page of each collection, small collections);
//! - **slot use**: how soon each throttle slot is used again once the rule frees it. A request
//!   reuses the slot of the one sent `limit` requests before it, at the earliest one window
//!   later, so `window / mean(t[i] - t[i - limit])` over the requests sent under the throttle
//!   is the share of the rule's capacity the sync used. (The runtime frees a slot a window
//!   after the response *ended*, so each reuse also costs one request's duration.)
//!
//! The sustained rate is `theoretical x page fill x slot use`. It leaves out the first
//! `limit` requests, which the rule lets through at once: counting that burst in a short run
//! would report more than the rule allows in the long run. The raw rate (records over elapsed
//! time, burst included) is reported beside it.

use std::time::Duration;

use tokio::time::Instant;

/// The most records one page holds.
pub const PAGE_MAX: f64 = 1000.0;

/// The figures of one sync run.
#[derive(Debug, Clone, PartialEq)]
pub struct Rate {
    /// Requests allowed per window.
    pub limit: u32,
    /// The throttle's window.
    pub window: Duration,
    /// Records received.
    pub records: u64,
    /// Requests sent (every attempt).
    pub requests: usize,
    /// From the start of the run to its end.
    pub elapsed: Duration,
    /// When each request was let through by the throttle, in order.
    pub sent_at: Vec<Instant>,
}

impl Rate {
    /// `limit x 1000 / window`: records per second if every request were a full page sent the
    /// moment the rule allowed it.
    pub fn theoretical(&self) -> f64 {
        f64::from(self.limit) * PAGE_MAX / self.window.as_secs_f64()
    }

    /// Records per second over the whole run (the initial burst included).
    pub fn raw(&self) -> f64 {
        ratio(self.records as f64, self.elapsed.as_secs_f64())
    }

    /// Records per request, over 1000.
    pub fn page_fill(&self) -> f64 {
        ratio(self.records as f64, self.requests as f64 * PAGE_MAX)
    }

    /// The share of the throttle's capacity used while it held requests back; `None` when the
    /// run never sent more than `limit` requests (the throttle never had to act).
    pub fn slot_use(&self) -> Option<f64> {
        let limit = usize::try_from(self.limit).ok()?;
        if limit == 0 || self.sent_at.len() <= limit {
            return None;
        }
        let gaps: Vec<f64> = self
            .sent_at
            .iter()
            .zip(&self.sent_at[limit..])
            .map(|(earlier, later)| (*later - *earlier).as_secs_f64())
            .collect();
        let mean = gaps.iter().sum::<f64>() / gaps.len() as f64;
        Some(ratio(self.window.as_secs_f64(), mean).min(1.0))
    }

    /// Records per second while the throttle held requests back: theoretical x page fill x
    /// slot use.
    pub fn sustained(&self) -> Option<f64> {
        Some(self.theoretical() * self.page_fill() * self.slot_use()?)
    }

    /// The sustained rate over the theoretical one.
    pub fn share_of_theoretical(&self) -> Option<f64> {
        Some(self.page_fill() * self.slot_use()?)
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(limit: u32, records: u64, sent_ms: &[u64]) -> Rate {
        let t0 = Instant::now();
        Rate {
            limit,
            window: Duration::from_secs(1),
            records,
            requests: sent_ms.len(),
            elapsed: Duration::from_millis(sent_ms.last().copied().unwrap_or(0) + 10),
            sent_at: sent_ms
                .iter()
                .map(|&ms| t0 + Duration::from_millis(ms))
                .collect(),
        }
    }

    #[test]
    fn a_perfect_run_uses_every_slot_and_fills_every_page() {
        // 2 per second; each slot reused exactly one window later.
        let r = rate(2, 6000, &[0, 0, 1000, 1000, 2000, 2000]);
        assert_eq!(r.theoretical(), 2000.0);
        assert_eq!(r.page_fill(), 1.0);
        assert_eq!(r.slot_use(), Some(1.0));
        assert_eq!(r.sustained(), Some(2000.0));
        // The raw rate counts the free initial burst: more than the rule allows for long.
        assert!(r.raw() > r.theoretical());
    }

    #[test]
    fn late_reuse_and_short_pages_lower_the_share() {
        // Slots reused 1.25 s after their previous use: 80 % of the capacity.
        let r = rate(2, 3000, &[0, 0, 1250, 1250]);
        assert_eq!(r.slot_use(), Some(0.8));
        assert_eq!(r.page_fill(), 0.75);
        assert!((r.share_of_theoretical().unwrap() - 0.6).abs() < 1e-9);
    }

    #[test]
    fn a_run_within_the_burst_has_no_sustained_rate() {
        let r = rate(5, 3000, &[0, 1, 2]);
        assert_eq!(r.slot_use(), None);
        assert_eq!(r.sustained(), None);
    }
}
