//! Shared by the end-to-end test files: starting a simulator with a client for it, and
//! reading the simulator's request log.
#![allow(dead_code)]

use std::time::Duration;

use agentos_runtime::{Client, ClientBuilder};
use agentos_sim::{
    DEMO_KEY, DEMO_SHORT_NAME, LoggedRequest, PathMatch, Sim, SimConfig, ThrottleConfig,
};

/// A simulator that never throttles (for tests about something else).
pub async fn unthrottled_sim() -> Sim {
    Sim::start(SimConfig::default().throttle(ThrottleConfig::unlimited()))
        .await
        .unwrap()
}

/// A client builder for `sim` with the demo key, and a throttle that never holds back.
pub fn builder(sim: &Sim) -> ClientBuilder {
    Client::builder()
        .base_url(sim.base_url())
        .api_key(DEMO_KEY)
        .short_name(DEMO_SHORT_NAME)
        .throttle(1_000_000, Duration::from_secs(1))
}

/// A client for `sim` (see [`builder`]).
pub fn client(sim: &Sim) -> Client {
    builder(sim).build().unwrap()
}

/// The id of the first record of the collection of `model` (panics when there is none).
pub fn first(sim: &Sim, model: &str) -> String {
    sim.ids(model, 1)
        .pop()
        .unwrap_or_else(|| panic!("no {model} records"))
}

/// The logged requests for `method` on paths matching `template`.
pub fn calls<'a>(log: &'a [LoggedRequest], method: &str, template: &str) -> Vec<&'a LoggedRequest> {
    let path = PathMatch::Template(template.to_owned());
    log.iter()
        .filter(|r| r.method == method && path.matches(&r.path))
        .collect()
}

/// The value of `key` in a raw query string (first occurrence).
pub fn query_value<'a>(query: &'a str, key: &str) -> Option<&'a str> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}
pub mod redis;
