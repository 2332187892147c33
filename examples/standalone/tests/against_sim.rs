//! The crate's code against a local agentOS, as a user's tests would run it.

// --8<-- [the README's "Your tests against the simulator"]
use agentos_runtime::Client;
use agentos_sim::{DEMO_KEY, DEMO_SHORT_NAME, Sim, SimConfig, ThrottleConfig};

/// The document `build.rs` generates the client from: the simulator serves the same one.
const DOCUMENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec/agentos.yaml");

#[tokio::test]
async fn the_tour_runs_against_the_simulator() {
    let config = SimConfig::default()
        .spec(DOCUMENT)
        .throttle(ThrottleConfig::unlimited());
    let sim = Sim::start(config).await.unwrap(); // 127.0.0.1, a free port, in this process
    let client = Client::builder()
        .base_url(sim.base_url())
        .api_key(DEMO_KEY)
        .short_name(DEMO_SHORT_NAME)
        .build()
        .unwrap();
    let (name, branches, missing) = agentos_standalone::tour(&client).await.unwrap();
    assert!(!name.is_empty());
    assert_eq!(branches, sim.count("AdvertisingBranchModel"));
    assert!(missing);
    // What went over the wire: the branches in pages of 100, paged in the path.
    let pages = sim
        .requests()
        .into_iter()
        .filter(|r| r.path.contains("/company/branches/"))
        .count();
    assert_eq!(pages, branches.div_ceil(100));
}
// --8<-- [end]
