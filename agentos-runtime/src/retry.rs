//! When to send a request again: classify -> decide -> wait, as separate pure pieces.
//!
//! - **classify**: an attempt ends as an [`Outcome`] (a status, a timeout, a connect failure,
//!   a refusal the protocol says was not processed, or a transport failure after the request
//!   may have left).
//! - **decide**: [`RetryPolicy::decide`] turns method x outcome x attempts so far (with the
//!   server's `Retry-After` and a random number for jitter, both passed in) into a
//!   [`Decision`], which carries every wait it implies, so the loop that applies it cannot
//!   forget one:
//!   - every 429 **pauses the whole key** ([`Decision::pause_key`]): for the server's
//!     `Retry-After` capped at [`RetryPolicy::max_rate_limit_pause`], or for
//!     [`RetryPolicy::rate_limit_pause`] (60 s) without a usable one (see
//!     [`parse_retry_after`]: a date is measured from the response's own `Date`, and a date
//!     not after it is not usable), whether or not this request is sent again. Carrying on
//!     with the key right after a 429 is what agentOS answers with a 403 block. The 429 is
//!     retried (after the pause) up to [`RetryPolicy::max_rate_limited_retries`] times,
//!     unless the server asked for a longer pause than the cap: then the 429 is returned (and
//!     the key still paused for the cap);
//!   - 500/502/503/504, timeouts and interrupted transfers are retried after a backoff only
//!     for idempotent methods (GET, HEAD, PUT, DELETE): a POST or PATCH that may have reached
//!     the server is never sent twice, since a duplicate submission is data loss for the user;
//!   - a connect failure or a refused stream is retried for every method: the request
//!     provably was not processed.
//! - **wait**: [`backoff`] (capped exponential backoff with jitter, randomness passed in) and
//!   [`parse_retry_after`] (the response's own `Date` passed in) are pure functions.

use std::time::Duration;

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
    /// The server refused the request in a way the protocol defines as unprocessed (an HTTP/2
    /// `REFUSED_STREAM`, or a `GOAWAY` that did not reach it): safe to send again.
    Refused,
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
        } else if was_refused(error) {
            Outcome::Refused
        } else {
            Outcome::Interrupted
        }
    }
}

/// Whether an HTTP/2 error in the chain says the server did not process the request: a
/// `REFUSED_STREAM` reset (RFC 9113 §8.7) or a graceful `GOAWAY` (`NO_ERROR`), both sent by
/// the server. reqwest would resend those itself; the client turns that off (a resend must
/// take a throttle slot like any other), and retries them here instead.
fn was_refused(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = error.source();
    while let Some(current) = cause {
        if let Some(h2) = current.downcast_ref::<h2::Error>() {
            let reason = h2.reason();
            return h2.is_remote()
                && ((h2.is_reset() && reason == Some(h2::Reason::REFUSED_STREAM))
                    || (h2.is_go_away() && reason == Some(h2::Reason::NO_ERROR)));
        }
        cause = current.source();
    }
    false
}

/// What the client does after an attempt: first pause the key if told, then return or send
/// again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// Pause every request of the key for this long, starting now (set by every 429, also one
    /// that is not retried).
    pub pause_key: Option<Duration>,
    /// What follows, once the key's pause (if any) is set.
    pub then: Next,
}

/// What follows an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Hand the outcome to the caller (success, or an error not worth repeating).
    Return,
    /// Send again as soon as the throttle allows (after a 429: once the key's pause is over).
    Retry,
    /// Wait this backoff delay (this request only), then send again.
    RetryAfter(Duration),
}

impl Decision {
    /// Return the outcome, pausing nothing.
    pub const RETURN: Decision = Decision {
        pause_key: None,
        then: Next::Return,
    };
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
/// 1-2 s, 2-4 s), 5 retries after 429, a 60 s pause when the 429 has no `Retry-After`, at
/// least 1 s after any 429, and pauses capped at 10 minutes (a 429 asking for more is returned
/// after pausing the cap).
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
    /// The pause of the key after a 429 without a usable `Retry-After` (agentOS documents
    /// 60 s).
    pub rate_limit_pause: Duration,
    /// The longest pause of the key after a 429. A 429 whose `Retry-After` asks for more is
    /// returned to the caller (the key is still paused for this long).
    pub max_rate_limit_pause: Duration,
    /// The shortest pause of the key after a 429, whatever its `Retry-After` says
    /// (`Retry-After: 0` included): a 429 always pauses the key, since sending again at once
    /// after a 429 is what agentOS answers with a 403 block. 1 s by default (the smallest
    /// wait a `Retry-After` in whole seconds can ask for).
    pub min_rate_limit_pause: Duration,
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
            min_rate_limit_pause: Duration::from_secs(1),
        }
    }
}

impl RetryPolicy {
    /// A policy that never sends a request twice (a 429 still pauses the key).
    pub fn never() -> Self {
        Self {
            max_attempts: 1,
            max_rate_limited_retries: 0,
            ..Self::default()
        }
    }

    /// Decides what follows an attempt of a `method` request that ended with `outcome`.
    ///
    /// `retry_after` is the 429's `Retry-After` (parsed with [`parse_retry_after`]);
    /// `random` is uniform in `[0, 1)`, for the backoff's jitter.
    pub fn decide(
        &self,
        method: &Method,
        outcome: Outcome,
        attempts: Attempts,
        retry_after: Option<Duration>,
        random: f64,
    ) -> Decision {
        let backoff_if = |allowed: bool| {
            if allowed && attempts.failures < self.max_attempts {
                Decision {
                    pause_key: None,
                    then: Next::RetryAfter(self.backoff_delay(attempts.failures, random)),
                }
            } else {
                Decision::RETURN
            }
        };
        match outcome {
            Outcome::Status(StatusCode::TOO_MANY_REQUESTS) => {
                let asked = retry_after
                    .unwrap_or(self.rate_limit_pause)
                    .max(self.min_rate_limit_pause);
                let retry = attempts.rate_limited <= self.max_rate_limited_retries
                    && asked <= self.max_rate_limit_pause;
                Decision {
                    pause_key: Some(asked.min(self.max_rate_limit_pause)),
                    then: if retry { Next::Retry } else { Next::Return },
                }
            }
            Outcome::Status(status) if is_transient(status) => backoff_if(is_idempotent(method)),
            Outcome::Status(_) => Decision::RETURN,
            Outcome::Timeout | Outcome::Interrupted => backoff_if(is_idempotent(method)),
            Outcome::ConnectFailed | Outcome::Refused => backoff_if(true),
        }
    }

    /// The delay before retry number `retry` (1 for the first), `random` uniform in `[0, 1)`.
    pub fn backoff_delay(&self, retry: u32, random: f64) -> Duration {
        backoff(self.base_delay, self.max_delay, self.jitter, retry, random)
    }
}

/// The statuses agentOS documents as transient: the ones worth sending an idempotent request
/// again for, and that [`crate::StatusError::is_retryable`] reports (with 429).
pub const TRANSIENT_STATUSES: [u16; 4] = [500, 502, 503, 504];

/// Whether agentOS documents `status` as transient (see [`TRANSIENT_STATUSES`]).
pub fn is_transient(status: StatusCode) -> bool {
    TRANSIENT_STATUSES.contains(&status.as_u16())
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

/// Reads a `Retry-After` value: delta seconds (`120`), or an HTTP date measured from the
/// response's own `Date` header (`date`). `None` means "no usable wait", and the caller falls
/// back to the documented pause ([`RetryPolicy::rate_limit_pause`]), so a 429 always pauses:
///
/// - a date is compared with the server's `Date`, never with this machine's clock: a server
///   clock behind ours would otherwise turn a 30 s wait into none, and sending again inside
///   the server's cool-down is what agentOS answers with a 403 block;
/// - a date without a readable `Date` header is `None`: with only our clock to compare with,
///   the wait could be anything;
/// - a date not after the server's `Date` is `None`: the server asked for no wait in the same
///   answer that refused the request, so it is not trusted to mean it;
/// - delta seconds are taken as sent (`0` included; the policy's
///   [`RetryPolicy::min_rate_limit_pause`] still applies);
/// - anything else is `None`.
pub fn parse_retry_after(value: &str, date: Option<&str>) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits to fit is still a (very) long wait, not an unreadable one.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    let sent = httpdate::parse_http_date(date?.trim()).ok()?;
    at.duration_since(sent).ok().filter(|wait| !wait.is_zero())
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

    /// The decision's shape: what the table below compares.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Shape {
        Return,
        PauseThenRetry,
        Backoff,
    }

    fn shape(decision: Decision) -> Shape {
        match (decision.pause_key, decision.then) {
            (None, Next::Return) => Shape::Return,
            (Some(_), Next::Retry) => Shape::PauseThenRetry,
            (None, Next::RetryAfter(_)) => Shape::Backoff,
            other => panic!("unexpected decision {other:?}"),
        }
    }

    #[test]
    fn decision_table_method_by_outcome() {
        use Shape::*;
        let st = |n: u16| Outcome::Status(StatusCode::from_u16(n).unwrap());
        let idempotent_only = [Backoff, Backoff, Backoff, Backoff, Return, Return];
        // (outcome, GET, HEAD, PUT, DELETE, POST, PATCH)
        let table = [
            (st(200), [Return; 6]),
            (st(204), [Return; 6]),
            (st(400), [Return; 6]),
            (st(401), [Return; 6]),
            (st(403), [Return; 6]),
            (st(404), [Return; 6]),
            (st(405), [Return; 6]),
            (st(429), [PauseThenRetry; 6]),
            (st(500), idempotent_only),
            (st(501), [Return; 6]),
            (st(502), idempotent_only),
            (st(503), idempotent_only),
            (st(504), idempotent_only),
            (Outcome::Timeout, idempotent_only),
            (Outcome::Interrupted, idempotent_only),
            (Outcome::ConnectFailed, [Backoff; 6]),
            (Outcome::Refused, [Backoff; 6]),
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
                let got = policy.decide(method, outcome, first(outcome), None, 0.5);
                assert_eq!(shape(got), want, "{method} x {outcome:?}");
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
        let decide = |p: &RetryPolicy, m: &Method, o, a| p.decide(m, o, a, None, 0.0);
        assert_eq!(
            decide(&policy, &Method::GET, s503, at(3, 0)).then,
            Next::RetryAfter(S(2))
        );
        assert_eq!(
            decide(&policy, &Method::GET, s503, at(4, 0)),
            Decision::RETURN
        );
        assert_eq!(
            decide(&policy, &Method::POST, Outcome::ConnectFailed, at(4, 0)),
            Decision::RETURN
        );
        let s429 = Outcome::Status(StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            decide(&policy, &Method::POST, s429, at(3, 5)).then,
            Next::Retry
        );
        // The last allowed 429 is returned, and still pauses the key.
        assert_eq!(
            decide(&policy, &Method::POST, s429, at(0, 6)),
            Decision {
                pause_key: Some(S(60)),
                then: Next::Return
            }
        );
        let never = RetryPolicy::never();
        assert_eq!(
            decide(&never, &Method::GET, s503, at(1, 0)),
            Decision::RETURN
        );
        assert_eq!(
            decide(&never, &Method::GET, s429, at(0, 1)),
            Decision {
                pause_key: Some(S(60)),
                then: Next::Return
            }
        );
    }

    #[test]
    fn every_429_pauses_the_key_for_retry_after_capped_or_the_default() {
        let p = RetryPolicy::default();
        let s429 = Outcome::Status(StatusCode::TOO_MANY_REQUESTS);
        let once = first(s429);
        // (Retry-After, pause, retried)
        let table = [
            (None, S(60), true),
            (Some(S(0)), S(1), true), // never less than the minimum
            (Some(S(5)), S(5), true),
            (Some(S(600)), S(600), true),
            // Above the cap: the key pauses for the cap and the 429 is returned.
            (Some(S(601)), S(600), false),
            (Some(S(999_999_999)), S(600), false),
            (Some(Duration::MAX), S(600), false),
        ];
        for (retry_after, pause, retried) in table {
            for method in [Method::GET, Method::POST] {
                let decision = p.decide(&method, s429, once, retry_after, 0.5);
                assert_eq!(decision.pause_key, Some(pause), "{retry_after:?}");
                let then = if retried { Next::Retry } else { Next::Return };
                assert_eq!(decision.then, then, "{retry_after:?}");
            }
        }
    }

    #[test]
    fn idempotent_methods() {
        use crate::method::{Delete, Get, Method as M, Patch, Post, Put};
        assert!(is_idempotent(&Get::METHOD) && is_idempotent(&Put::METHOD));
        assert!(is_idempotent(&Delete::METHOD) && is_idempotent(&Method::HEAD));
        assert!(!is_idempotent(&Post::METHOD) && !is_idempotent(&Patch::METHOD));
    }

    #[test]
    fn transient_statuses() {
        for code in 100..600 {
            let status = StatusCode::from_u16(code).unwrap();
            assert_eq!(
                is_transient(status),
                matches!(code, 500 | 502 | 503 | 504),
                "{code}"
            );
        }
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
        // The decision carries the delay of its backoff.
        let s500 = Outcome::Status(StatusCode::INTERNAL_SERVER_ERROR);
        let third = Attempts {
            failures: 3,
            rate_limited: 0,
        };
        assert_eq!(
            p.decide(&Method::GET, s500, third, None, 1.0).then,
            Next::RetryAfter(S(4))
        );
    }

    /// The server's `Date` in the tests below.
    const SERVER_NOW: &str = "Sun, 06 Nov 1994 08:49:37 GMT";

    #[test]
    fn retry_after_seconds_are_taken_as_sent() {
        let table = [
            ("120", Some(S(120))),
            (" 7 ", Some(S(7))),
            ("0", Some(S(0))),
            ("99999999999999999999999", Some(S(u64::MAX))),
            ("-5", None),
            ("1.5", None),
            ("", None),
            ("soon", None),
        ];
        for (value, want) in table {
            // The `Date` header plays no part in the seconds form.
            for date in [None, Some(SERVER_NOW), Some("garbage")] {
                assert_eq!(parse_retry_after(value, date), want, "{value:?} {date:?}");
            }
        }
    }

    #[test]
    fn retry_after_dates_are_measured_from_the_servers_date() {
        let date = Some(SERVER_NOW);
        let table = [
            ("Sun, 06 Nov 1994 08:50:07 GMT", Some(S(30))),
            ("Mon, 06 Nov 1995 08:49:37 GMT", Some(S(365 * 86_400))),
            // Not after the server's own `Date`: no usable wait.
            ("Sun, 06 Nov 1994 08:49:37 GMT", None),
            ("Sun, 06 Nov 1994 08:49:00 GMT", None),
            ("Thu, 01 Jan 1970 00:00:00 GMT", None),
        ];
        for (value, want) in table {
            assert_eq!(parse_retry_after(value, date), want, "{value:?}");
        }
    }

    #[test]
    fn a_server_clock_behind_ours_still_gives_the_servers_wait() {
        // The server's clock is years behind this machine's: measured against ours, the date
        // is long past (no wait at all); measured against the server's `Date`, it is 30 s.
        let wait = parse_retry_after(
            "Sun, 06 Nov 1994 08:50:07 GMT",
            Some("Sun, 06 Nov 1994 08:49:37 GMT"),
        );
        assert_eq!(wait, Some(S(30)));
        // A server clock ahead of ours: the same answer, whatever our clock says.
        let ahead = httpdate::fmt_http_date(std::time::SystemTime::now() + S(86_400));
        let ahead_then = httpdate::fmt_http_date(std::time::SystemTime::now() + S(86_400 + 45));
        assert_eq!(parse_retry_after(&ahead_then, Some(&ahead)), Some(S(45)));
    }

    #[test]
    fn a_retry_after_date_without_a_readable_date_header_is_not_usable() {
        let value = "Sun, 06 Nov 1994 08:50:07 GMT";
        assert_eq!(parse_retry_after(value, None), None);
        assert_eq!(parse_retry_after(value, Some("")), None);
        assert_eq!(parse_retry_after(value, Some("yesterday")), None);
        // A `Date` with surrounding spaces is still read.
        assert_eq!(
            parse_retry_after(value, Some(" Sun, 06 Nov 1994 08:49:37 GMT ")),
            Some(S(30))
        );
    }

    #[test]
    fn a_429_with_a_past_or_unmeasurable_date_pauses_for_the_documented_pause() {
        let p = RetryPolicy::default();
        let s429 = Outcome::Status(StatusCode::TOO_MANY_REQUESTS);
        let past = "Sun, 06 Nov 1994 08:49:00 GMT";
        let future = "Sun, 06 Nov 1994 08:50:07 GMT";
        // (Retry-After, Date, pause)
        let table = [
            (past, Some(SERVER_NOW), p.rate_limit_pause),
            (SERVER_NOW, Some(SERVER_NOW), p.rate_limit_pause),
            (future, None, p.rate_limit_pause),
            (future, Some(SERVER_NOW), S(30)),
            ("12", None, S(12)),
        ];
        for (value, date, pause) in table {
            let retry_after = parse_retry_after(value, date);
            let decision = p.decide(&Method::GET, s429, first(s429), retry_after, 0.5);
            assert_eq!(decision.pause_key, Some(pause), "{value:?} {date:?}");
            assert_eq!(decision.then, Next::Retry, "{value:?} {date:?}");
        }
        // The documented pause is agentOS's 60 s.
        assert_eq!(p.rate_limit_pause, S(60));
    }

    #[test]
    fn a_429_always_pauses_the_key_at_least_the_minimum() {
        let mut p = RetryPolicy::default();
        let s429 = Outcome::Status(StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(p.min_rate_limit_pause, S(1));
        // (Retry-After, pause)
        for (retry_after, pause) in [
            (Some(S(0)), S(1)),
            (Some(MS(400)), S(1)),
            (Some(S(2)), S(2)),
        ] {
            let decision = p.decide(&Method::GET, s429, first(s429), retry_after, 0.5);
            assert_eq!(decision.pause_key, Some(pause), "{retry_after:?}");
        }
        // A minimum above the longest pause still pauses the longest pause, and returns.
        p.min_rate_limit_pause = S(700);
        let decision = p.decide(&Method::GET, s429, first(s429), Some(S(0)), 0.5);
        assert_eq!(decision.pause_key, Some(p.max_rate_limit_pause));
        assert_eq!(decision.then, Next::Return);
    }
}
