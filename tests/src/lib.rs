//! Workspace integration tests. The library holds the client generated from
//! `spec/agentos.yaml` by this crate's `build.rs`, which the end-to-end tests under `tests/`
//! call against agentos-sim (the `#[agentos_endpoint]` tests declare their own).
//!
//! ```no_run
//! use agentos_tests::agentos::advertising::GetCompany;
//!
//! # async fn run(client: agentos_runtime::Client) {
//! let company = client.get(&GetCompany::new()).await;
//! # }
//! ```

/// The generated client: `models`, then one module per call group (`advertising`, `diary`,
/// `tier1`, `tier2`).
pub mod agentos {
    include!(concat!(env!("OUT_DIR"), "/agentos.rs"));
}
