//! Fault injection: scripted rules (method + path, which occurrence) and seeded random faults.
//!
//! Faults are decided after the key and the throttle admitted a request, so a faulted request
//! still took a throttle slot, as a real server error would.

use std::time::Duration;

use axum::http::Method;

/// What goes wrong with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer this status (e.g. 500, 502, 503, 504) with a JSON `{"Message": ...}` body; the
    /// request is not processed.
    Status(u16),
    /// Wait this long (on tokio's clock), then process and answer normally.
    Delay(Duration),
    /// Process the request, then close the connection without answering: a lost response.
    DropConnection,
    /// Process the request, then answer 200 with a body that is not valid JSON.
    MalformedBody,
    /// Answer 429 with `Retry-After: N` (these whole seconds, at least 1) and start the key's
    /// cool-down, as the simulator's own throttle does when a key goes over its limit; the
    /// request is not processed.
    RateLimited {
        /// The `Retry-After` seconds.
        retry_after_secs: u64,
    },
}

/// Which request paths a rule applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathMatch {
    /// Every API path.
    Any,
    /// A path template such as `/v3/diary/{shortName}/appointment`: literal segments must be
    /// equal, each `{name}` segment matches any one segment of the raw path.
    Template(String),
    /// Raw paths starting with this text.
    Prefix(String),
}

impl PathMatch {
    /// Whether the raw (still percent-encoded) request path matches.
    pub fn matches(&self, path: &str) -> bool {
        match self {
            PathMatch::Any => true,
            PathMatch::Prefix(prefix) => path.starts_with(prefix.as_str()),
            PathMatch::Template(template) => {
                let mut want = template.trim_end_matches('/').split('/');
                let mut got = path.trim_end_matches('/').split('/');
                loop {
                    match (want.next(), got.next()) {
                        (None, None) => return true,
                        (Some(w), Some(g)) => {
                            let is_param = w.starts_with('{') && w.ends_with('}');
                            if !is_param && w != g {
                                return false;
                            }
                        }
                        _ => return false,
                    }
                }
            }
        }
    }
}

/// Which of the matching requests a rule fires on (counted per rule, from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occurrence {
    /// Every matching request.
    Every,
    /// Only the n-th matching request (1 = the first).
    Nth(u32),
    /// The first n matching requests.
    FirstN(u32),
}

/// A scripted fault: when a request matches `method` and `path`, on the given occurrence,
/// `fault` happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultRule {
    /// The HTTP method to match; `None` matches any.
    pub method: Option<Method>,
    /// The paths to match.
    pub path: PathMatch,
    /// Which matching requests fire.
    pub occurrence: Occurrence,
    /// What happens.
    pub fault: Fault,
}

impl FaultRule {
    /// A rule firing `fault` on every API request; narrow it with the other methods.
    pub fn new(fault: Fault) -> Self {
        FaultRule {
            method: None,
            path: PathMatch::Any,
            occurrence: Occurrence::Every,
            fault,
        }
    }

    /// Only requests with this method.
    pub fn method(mut self, method: Method) -> Self {
        self.method = Some(method);
        self
    }

    /// Only paths matching this template (`{name}` matches one segment).
    pub fn path_template(mut self, template: impl Into<String>) -> Self {
        self.path = PathMatch::Template(template.into());
        self
    }

    /// Only paths starting with this prefix.
    pub fn path_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.path = PathMatch::Prefix(prefix.into());
        self
    }

    /// Only the n-th matching request (1 = the first).
    pub fn nth(mut self, n: u32) -> Self {
        self.occurrence = Occurrence::Nth(n);
        self
    }

    /// The first n matching requests.
    pub fn first(mut self, n: u32) -> Self {
        self.occurrence = Occurrence::FirstN(n);
        self
    }

    /// Every matching request (the default).
    pub fn every(mut self) -> Self {
        self.occurrence = Occurrence::Every;
        self
    }

    fn matches(&self, method: &Method, path: &str) -> bool {
        self.method.as_ref().is_none_or(|m| m == method) && self.path.matches(path)
    }
}

/// Faults injected at random: each API request suffers one of `faults` with probability
/// `rate`, drawn from a generator seeded with `seed` (same order of requests, same faults).
#[derive(Debug, Clone, PartialEq)]
pub struct RandomFaults {
    /// Seed of the generator.
    pub seed: u64,
    /// Share of requests that get a fault, from 0.0 to 1.0.
    pub rate: f64,
    /// The faults to pick from (uniformly); empty means none.
    pub faults: Vec<Fault>,
}

/// The live fault state of a simulator: rules with their counters and the random generator.
#[derive(Debug)]
pub(crate) struct FaultPlan {
    rules: Vec<(FaultRule, u32)>,
    random: Option<(RandomFaults, fastrand::Rng)>,
}

impl FaultPlan {
    pub(crate) fn new(rules: Vec<FaultRule>, random: Option<RandomFaults>) -> Self {
        let mut plan = FaultPlan {
            rules: Vec::new(),
            random: None,
        };
        for rule in rules {
            plan.add(rule);
        }
        plan.set_random(random);
        plan
    }

    pub(crate) fn add(&mut self, rule: FaultRule) {
        self.rules.push((rule, 0));
    }

    pub(crate) fn clear(&mut self) {
        self.rules.clear();
        self.random = None;
    }

    pub(crate) fn set_random(&mut self, random: Option<RandomFaults>) {
        self.random = random.map(|r| {
            let rng = fastrand::Rng::with_seed(r.seed);
            (r, rng)
        });
    }

    /// The fault for this request, if any. Every matching rule counts the request, so
    /// occurrences stay true to "the n-th such request" even when an earlier rule fires.
    pub(crate) fn decide(&mut self, method: &Method, path: &str) -> Option<Fault> {
        let mut chosen = None;
        for (rule, seen) in &mut self.rules {
            if !rule.matches(method, path) {
                continue;
            }
            *seen = seen.saturating_add(1);
            let fires = match rule.occurrence {
                Occurrence::Every => true,
                Occurrence::Nth(n) => *seen == n,
                Occurrence::FirstN(n) => *seen <= n,
            };
            if fires && chosen.is_none() {
                chosen = Some(rule.fault.clone());
            }
        }
        if chosen.is_some() {
            return chosen;
        }
        let (random, rng) = self.random.as_mut()?;
        if random.faults.is_empty() || rng.f64() >= random.rate {
            return None;
        }
        let pick = rng.usize(..random.faults.len());
        random.faults.get(pick).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_one_segment_per_parameter() {
        let m = PathMatch::Template("/v3/diary/{shortName}/appointment".into());
        assert!(m.matches("/v3/diary/demo/appointment"));
        assert!(!m.matches("/v3/diary/demo/appointment/feedback"));
        assert!(!m.matches("/v3/diary/demo"));
        let m =
            PathMatch::Template("/v3/diary/{shortName}/appointment/{appointmentID}/cancel".into());
        assert!(m.matches("/v3/diary/demo/appointment/%2E%2E%2Fx/cancel"));
        assert!(!m.matches("/v3/diary/demo/appointment/a/b/cancel"));
    }

    #[test]
    fn prefixes_match_the_raw_path() {
        let m = PathMatch::Prefix("/v2/tier2/".into());
        assert!(m.matches("/v2/tier2/demo/company"));
        assert!(!m.matches("/v2/tier1/demo/company"));
    }

    #[test]
    fn nth_fires_once_on_the_right_request_and_first_n_on_the_first_ones() {
        let mut plan = FaultPlan::new(
            vec![
                FaultRule::new(Fault::Status(503))
                    .method(Method::GET)
                    .path_prefix("/a")
                    .nth(2),
                FaultRule::new(Fault::Status(502))
                    .path_prefix("/b")
                    .first(2),
            ],
            None,
        );
        let a: Vec<_> = (0..4).map(|_| plan.decide(&Method::GET, "/a/x")).collect();
        assert_eq!(a, [None, Some(Fault::Status(503)), None, None]);
        assert_eq!(plan.decide(&Method::POST, "/a/x"), None);
        let b: Vec<_> = (0..3).map(|_| plan.decide(&Method::POST, "/b")).collect();
        assert_eq!(
            b,
            [Some(Fault::Status(502)), Some(Fault::Status(502)), None]
        );
    }

    #[test]
    fn random_faults_follow_the_seed_and_the_rate() {
        let random = RandomFaults {
            seed: 7,
            rate: 0.3,
            faults: vec![Fault::Status(500), Fault::MalformedBody],
        };
        let run = || {
            let mut plan = FaultPlan::new(Vec::new(), Some(random.clone()));
            (0..1000)
                .map(|_| plan.decide(&Method::GET, "/x"))
                .collect::<Vec<_>>()
        };
        let first = run();
        assert_eq!(first, run());
        let hits = first.iter().filter(|f| f.is_some()).count();
        assert!(
            (230..370).contains(&hits),
            "{hits} faults in 1000 at rate 0.3"
        );
        assert!(first.contains(&Some(Fault::Status(500))));
        assert!(first.contains(&Some(Fault::MalformedBody)));
    }
}
