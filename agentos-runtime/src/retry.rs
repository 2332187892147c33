//! When to send a request again: classify -> decide -> wait, as separate pure pieces.
//!
//! - **classify**: an attempt ends as an [`Outcome`] (a status, a timeout, a connect failure,
//!   or a transport failure after the request may have left).
//! - **decide**: [`RetryPolicy::decide`] turns method x outcome x attempts so far into a
//!   [`Decision`]. 429 is always retried after pausing the key (the server did not process
//!   it), up to [`RetryPolicy::max_rate_limited_retries`]. 500/502/503/504, timeouts and
//!   interrupted transfers are retried only for idempotent methods (GET, HEAD, PUT, DELETE):
//!   a POST or PATCH that may have reached the server is never sent twice, since a duplicate
//!   submission is data loss for the user. A connect failure is retried for every method: the
//!   request provably never left.
//! - **wait**: [`backoff`] (capped exponential backoff with jitter, randomness passed in) for
//!   failures, [`RetryPolicy::rate_limit_pause`] (the server's `Retry-After`, parsed by
//!   [`parse_retry_after`] with the current time passed in, or 60 s) for 429s.

use std::time::{Duration, SystemTime};

use http::{Method, StatusCode};

/// How one attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A response arrived with this status.
    Status(StatusCode),
    /// No complete response within the timeout; the server may have processed the request.
    Timeout,
    /// The connection could not be made: the request never left.
    ConnectFailed,
    /// The transfer failed after the connection was made; the request may have been processed.
    Interrupted,
}

impl Outcome {
    /// Classifies a `reqwest` error.
    pub fn of_error(error: &reqwest::Error) -> Self {
        // A connect timeout is a connect failure (nothing was sent), so test it first.
        if error.is_connect() {
            Outcome::ConnectFailed
        } else if error.is_timeout() {
            Outcome::Timeout
        } else {
            Outcome::Interrupted
        }
    }
}

/// What the client does after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Hand the outcome to the caller (success, or an error not worth repeating).
    Return,
    /// Pause every request of the key (429), then send again.
    PauseKeyThenRetry,
    /// Wait a backoff delay (this request only), then send again.
    BackoffThenRetry,
}

/// How many attempts of a request have ended so far, counting the one being decided on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Attempts {
    /// Attempts that ended in a retryable failure (5xx, timeout, transport).
    pub failures: u32,
    /// Attempts answered 429.
    pub rate_limited: u32,
}

/// How the backoff delay is randomised, so that clients failing together do not retry
/// together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jitter {
    /// The exact exponential delay.
    None,
    /// Uniform in `[0, delay]`.
    Full,
    /// Uniform in `[delay / 2, delay]`: never much shorter than the exponential delay.
    Equal,
}

/// The retry policy. Defaults (documented values, see [`RetryPolicy::default`]):
/// 4 attempts for failures, backoff 1 s doubling up to 30 s with equal jitter (0.5-1 s,
/// 1-2 s, 2-4 s), 5 retries after 429, a 60 s pause when the 429 has no `Retry-After`, and
/// giving up on a 429 whose `Retry-After` exceeds 10 minutes.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Most attempts of one request when they fail with 5xx, timeouts or transport errors
    /// (1 = no retries). 429s are counted separately.
    pub max_attempts: u32,
    /// Most retries after 429s for one request.
    pub max_rate_limited_retries: u32,
    /// The first backoff delay.
    pub base_delay: Duration,
    /// The longest backoff delay.
    pub max_delay: Duration,
    /// How the backoff delay is randomised.
    pub jitter: Jitter,
    /// The pause after a 429 without a usable `Retry-After` (agentOS documents 60 s).
    pub rate_limit_pause: Duration,
    /// A 429 asking for a longer pause than this is returned to the caller instead.
    pub max_rate_limit_pause: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            max_rate_limited_retries: 5,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(30),
            jitter: Jitter::Equal,
            rate_limit_pause: Duration::from_secs(60),
            max_rate_limit_pause: Duration::from_secs(600),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries anything (not even 429s).
    pub fn never() -> Self {
        Self {
            max_attempts: 1,
            max_rate_limited_retries: 0,
            ..Self::default()
        }
    }

    /// Decides what follows an attempt of a `method` request that ended with `outcome`.
    pub fn decide(&self, method: &Method, outcome: Outcome, attempts: Attempts) -> Decision {
        let backoff_if = |allowed: bool| {
            if allowed && attempts.failures < self.max_attempts {
                Decision::BackoffThenRetry
            } else {
                Decision::Return
            }
        };
        match outcome {
            Outcome::Status(StatusCode::TOO_MANY_REQUESTS) => {
                if attempts.rate_limited <= self.max_rate_limited_retries {
                    Decision::PauseKeyThenRetry
                } else {
                    Decision::Return
                }
            }
            Outcome::Status(status) if is_transient(status) => backoff_if(is_idempotent(method)),
            Outcome::Status(_) => Decision::Return,
            Outcome::Timeout | Outcome::Interrupted => backoff_if(is_idempotent(method)),
            Outcome::ConnectFailed => backoff_if(true),
        }
    }

    /// The delay before retry number `retry` (1 for the first), `random` uniform in `[0, 1)`.
    pub fn backoff_delay(&self, retry: u32, random: f64) -> Duration {
        backoff(self.base_delay, self.max_delay, self.jitter, retry, random)
    }

    /// How long to pause the key after a 429 that said `retry_after` (parsed with
    /// [`parse_retry_after`]); `None` when that is longer than
    /// [`RetryPolicy::max_rate_limit_pause`] and the 429 should be returned instead.
    pub fn rate_limit_pause(&self, retry_after: Option<Duration>) -> Option<Duration> {
        let pause = retry_after.unwrap_or(self.rate_limit_pause);
        (pause <= self.max_rate_limit_pause).then_some(pause)
    }
}

/// The statuses agentOS documents as transient.
fn is_transient(status: StatusCode) -> bool {
    matches!(status.as_u16(), 500 | 502 | 503 | 504)
}

/// Whether repeating a `method` request has the effect of sending it once (RFC 9110 §9.2.2).
pub fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// Capped exponential backoff: `min(max, base * 2^(retry - 1))`, then jittered with `random`
/// (uniform in `[0, 1)`; values outside are clamped). Pure: the randomness is passed in.
pub fn backoff(base: Duration, max: Duration, jitter: Jitter, retry: u32, random: f64) -> Duration {
    let factor = 2u32.saturating_pow(retry.saturating_sub(1));
    let delay = base.saturating_mul(factor).min(max);
    let random = if random.is_nan() {
        0.0
    } else {
        random.clamp(0.0, 1.0)
    };
    let scaled = |d: Duration| Duration::try_from_secs_f64(d.as_secs_f64() * random).unwrap_or(d);
    match jitter {
        Jitter::None => delay,
        Jitter::Full => scaled(delay),
        Jitter::Equal => {
            let half = delay / 2;
            half + scaled(delay - half)
        }
    }
}

/// Reads a `Retry-After` value: delta seconds (`120`) or an HTTP date, relative to `now`.
/// A date in the past is a zero wait; an unreadable value is `None`.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits to fit is still a (very) long wait, not an unreadable one.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: fn(u64) -> Duration = Duration::from_secs;
    const MS: fn(u64) -> Duration = Duration::from_millis;

    fn first(outcome: Outcome) -> Attempts {
        match outcome {
            Outcome::Status(StatusCode::TOO_MANY_REQUESTS) => Attempts {
                failures: 0,
                rate_limited: 1,
            },
            _ => Attempts {
                failures: 1,
                rate_limited: 0,
            },
        }
    }

    #[test]
    fn decision_table_method_by_outcome() {
        use Decision::*;
        let st = |n: u16| Outcome::Status(StatusCode::from_u16(n).unwrap());
        // (outcome, GET, HEAD, PUT, DELETE, POST, PATCH)
        let table = [
            (st(200), [Return; 6]),
            (st(204), [Return; 6]),
            (st(400), [Return; 6]),
            (st(401), [Return; 6]),
            (st(403), [Return; 6]),
            (st(404), [Return; 6]),
            (st(405), [Return; 6]),
            (st(429), [PauseKeyThenRetry; 6]),
            (
                st(500),
                [
                    BackoffThenRetry,
                    BackoffThenRetry,
                    BackoffThenRetry,
                    BackoffThenRetry,
                    Return,
                    Return,
                ],
            ),
            (st(501), [Return; 6]),
            (
                st(502),
                [
                    BackoffThenRetry,
                    BackoffThenRetry,
                    BackoffThenRetry,
                    BackoffThenRetry,
                    Return,
                    Return,
                ],
            ),
            (
                st(503),
                [
                    BackoffThenRetry,
                    BackoffThenRetry,
                    BackoffThenRetry,
                    BackoffThenRetry,
                    Return,
                    Return,
                ],
            ),
            (
                st(504),
                [
                    BackoffThenRetry,
                    BackoffThenRetry,
                    BackoffThenRetry,
                    BackoffThenRetry,
                    Return,
                    Return,
                ],
            ),
            (
                Outcome::Timeout,
                [
                    BackoffThenRetry,
                    BackoffThenRetry,
                    BackoffThenRetry,
                    BackoffThenRetry,
                    Return,
                    Return,
                ],
            ),
            (
                Outcome::Interrupted,
                [
                    BackoffThenRetry,
                    BackoffThenRetry,
                    BackoffThenRetry,
                    BackoffThenRetry,
                    Return,
                    Return,
                ],
            ),
            (Outcome::ConnectFailed, [BackoffThenRetry; 6]),
        ];
        let methods = [
            Method::GET,
            Method::HEAD,
            Method::PUT,
            Method::DELETE,
            Method::POST,
            Method::PATCH,
        ];
        let policy = RetryPolicy::default();
        for (outcome, expected) in table {
            for (method, want) in methods.iter().zip(expected) {
                let got = policy.decide(method, outcome, first(outcome));
                assert_eq!(got, want, "{method} x {outcome:?}");
            }
        }
    }

    #[test]
    fn limits_end_the_retries() {
        let policy = RetryPolicy::default();
        let s503 = Outcome::Status(StatusCode::SERVICE_UNAVAILABLE);
        let at = |failures, rate_limited| Attempts {
            failures,
            rate_limited,
        };
        assert_eq!(
            policy.decide(&Method::GET, s503, at(3, 0)),
            Decision::BackoffThenRetry
        );
        assert_eq!(
            policy.decide(&Method::GET, s503, at(4, 0)),
            Decision::Return
        );
        assert_eq!(
            policy.decide(&Method::POST, Outcome::ConnectFailed, at(4, 0)),
            Decision::Return
        );
        let s429 = Outcome::Status(StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            policy.decide(&Method::POST, s429, at(3, 5)),
            Decision::PauseKeyThenRetry
        );
        assert_eq!(
            policy.decide(&Method::POST, s429, at(0, 6)),
            Decision::Return
        );
        let never = RetryPolicy::never();
        assert_eq!(never.decide(&Method::GET, s503, at(1, 0)), Decision::Return);
        assert_eq!(never.decide(&Method::GET, s429, at(0, 1)), Decision::Return);
    }

    #[test]
    fn method_markers_agree_with_the_policy() {
        use crate::method::{Delete, Get, Method as M, Patch, Post, Put};
        assert_eq!(Get::IDEMPOTENT, is_idempotent(&Get::METHOD));
        assert_eq!(Post::IDEMPOTENT, is_idempotent(&Post::METHOD));
        assert_eq!(Put::IDEMPOTENT, is_idempotent(&Put::METHOD));
        assert_eq!(Patch::IDEMPOTENT, is_idempotent(&Patch::METHOD));
        assert_eq!(Delete::IDEMPOTENT, is_idempotent(&Delete::METHOD));
    }

    #[test]
    fn backoff_table() {
        use Jitter::*;
        let (base, cap) = (MS(500), S(30));
        // (jitter, retry, random, expected)
        let table = [
            (None, 1, 0.7, MS(500)),
            (None, 2, 0.7, S(1)),
            (None, 3, 0.0, S(2)),
            (None, 7, 0.0, S(30)),  // 500 ms * 64 = 32 s, capped
            (None, 40, 0.0, S(30)), // 2^39 saturates, still capped
            (None, 0, 0.0, MS(500)),
            (Full, 1, 0.0, MS(0)),
            (Full, 1, 0.5, MS(250)),
            (Full, 3, 0.25, MS(500)),
            (Full, 9, 0.5, S(15)),
            (Equal, 1, 0.0, MS(250)),
            (Equal, 1, 1.0, MS(500)),
            (Equal, 2, 0.5, MS(750)),
            (Equal, 9, 0.0, S(15)),
            (Full, 2, 7.0, S(1)),   // clamped to 1
            (Full, 2, -1.0, MS(0)), // clamped to 0
            (Full, 2, f64::NAN, MS(0)),
        ];
        for (jitter, retry, random, want) in table {
            assert_eq!(
                backoff(base, cap, jitter, retry, random),
                want,
                "{jitter:?} retry {retry} random {random}"
            );
        }
        assert_eq!(
            backoff(Duration::MAX, Duration::MAX, Full, 3, 1.0),
            Duration::MAX
        );
    }

    #[test]
    fn default_backoff_is_documented() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff_delay(1, 0.0), MS(500));
        assert_eq!(p.backoff_delay(1, 1.0), S(1));
        assert_eq!(p.backoff_delay(3, 0.0), S(2));
        assert_eq!(p.backoff_delay(3, 1.0), S(4));
        assert_eq!(p.backoff_delay(20, 1.0), S(30));
    }

    #[test]
    fn retry_after_values() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        let table = [
            ("120", Some(S(120))),
            (" 7 ", Some(S(7))),
            ("0", Some(S(0))),
            ("Sun, 06 Nov 1994 08:50:07 GMT", Some(S(30))),
            ("Sun, 06 Nov 1994 08:49:00 GMT", Some(S(0))),
            ("99999999999999999999999", Some(S(u64::MAX))),
            ("-5", None),
            ("1.5", None),
            ("", None),
            ("soon", None),
        ];
        for (value, want) in table {
            assert_eq!(parse_retry_after(value, now), want, "{value:?}");
        }
    }

    #[test]
    fn rate_limit_pause_uses_retry_after_or_the_default_and_gives_up_past_the_max() {
        let p = RetryPolicy::default();
        assert_eq!(p.rate_limit_pause(None), Some(S(60)));
        assert_eq!(p.rate_limit_pause(Some(S(5))), Some(S(5)));
        assert_eq!(p.rate_limit_pause(Some(S(600))), Some(S(600)));
        assert_eq!(p.rate_limit_pause(Some(S(601))), None);
    }
}
