//! The crate's code against a local agentOS, as a user's tests would run it.

use agentos_runtime::Client;
use agentos_sim::{DEMO_KEY, DEMO_SHORT_NAME, Sim, SimConfig, ThrottleConfig};

#[tokio::test]
async fn the_tour_runs_against_the_simulator() {
    let sim = Sim::start(SimConfig::default().throttle(ThrottleConfig::unlimited()))
        .await
        .unwrap();
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
}
