//! Reading a simulator's request log the way agentOS counts requests.

use std::time::Duration;

/// The most requests that arrived within any rolling `window`, counted as agentOS does: a
/// request arriving at `t` holds its slot until exactly `t + window`, so the window ending at
/// `t` covers arrivals in `(t - window, t]`.
pub fn most_in_any_window(arrivals: &[Duration], window: Duration) -> usize {
    let mut sorted = arrivals.to_vec();
    sorted.sort_unstable();
    let mut oldest = 0;
    let mut most = 0;
    for (newest, &at) in sorted.iter().enumerate() {
        while sorted[oldest] + window <= at {
            oldest += 1;
        }
        most = most.max(newest - oldest + 1);
    }
    most
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(values: &[u64]) -> Vec<Duration> {
        values.iter().map(|&v| Duration::from_millis(v)).collect()
    }

    #[test]
    fn counts_the_fullest_window() {
        let w = Duration::from_millis(1000);
        assert_eq!(most_in_any_window(&[], w), 0);
        assert_eq!(most_in_any_window(&ms(&[0, 10, 20]), w), 3);
        // A slot used at 0 is free again at exactly 1000.
        assert_eq!(most_in_any_window(&ms(&[0, 500, 1000, 1500]), w), 2);
        assert_eq!(most_in_any_window(&ms(&[0, 500, 999, 1500]), w), 3);
        // Order of the log does not matter.
        assert_eq!(most_in_any_window(&ms(&[999, 0, 500]), w), 3);
    }
}
