//! The request log records what arrived, raw, and the dataset is a function of the seed.

use std::time::Duration;

use agentos_sim::{DEMO_KEY, Method, Sim, SimConfig};

use crate::common::{first, get, send, send_as, sim};

#[tokio::test]
async fn the_log_keeps_raw_paths_queries_bodies_keys_and_statuses() {
    let sim = sim().await;
    get(&sim, "/v2/tier2/demo/branch/branches/%2E%2E%2Fx").await;
    get(
        &sim,
        "/v2/tier2/demo/branch/branches?offset=0&count=2&note=a%20b",
    )
    .await;
    let body = crate::common::appointment_body(&first(&sim, "DiaryAppointmentTypeModel"), "logged");
    send(
        &sim,
        Method::POST,
        &format!(
            "/v3/diary/demo/appointment?propertyIdentifier={}",
            first(&sim, "PropertyModel")
        ),
        Some(&body),
    )
    .await;
    send_as(
        &sim,
        None,
        Method::GET,
        &format!("/v2/tier1/demo/company?api_key={DEMO_KEY}"),
        None,
    )
    .await
    .unwrap();
    send_as(&sim, None, Method::GET, "/v2/tier1/demo/company", None)
        .await
        .unwrap();

    let log = sim.requests();
    assert_eq!(log.len(), 5);
    assert_eq!(log[0].method, Method::GET);
    assert_eq!(log[0].path, "/v2/tier2/demo/branch/branches/%2E%2E%2Fx");
    assert_eq!(log[0].status, 404);
    assert_eq!(log[0].body, None);
    assert_eq!(log[1].query, "offset=0&count=2&note=a%20b");
    assert_eq!(log[1].status, 200);
    assert_eq!(log[2].method, Method::POST);
    assert_eq!(log[2].body.as_deref(), Some(body.as_str()));
    assert_eq!(log[2].api_key.as_deref(), Some(DEMO_KEY));
    assert_eq!(
        log[3].api_key.as_deref(),
        Some(DEMO_KEY),
        "key from the query"
    );
    assert_eq!(log[4].api_key, None);
    assert_eq!(log[4].status, 401);
    assert!(log.windows(2).all(|w| w[0].at <= w[1].at));
    assert!(log.iter().all(|r| r.fault.is_none()));

    sim.clear_requests();
    assert!(sim.requests().is_empty());
    get(&sim, "/v2/tier1/demo/company").await;
    assert_eq!(sim.requests().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn logged_times_follow_tokios_clock() {
    let sim = sim().await;
    get(&sim, "/v2/tier1/demo/company").await;
    tokio::time::advance(Duration::from_secs(42)).await;
    get(&sim, "/v2/tier1/demo/company").await;
    let log = sim.requests();
    assert!(log[0].at < Duration::from_secs(1));
    assert!(log[1].at >= Duration::from_secs(42));
}

/// Every branch, as the raw text of its pages.
async fn all_branches(sim: &Sim) -> Vec<String> {
    let mut pages = Vec::new();
    for offset in [0, 1000, 2000] {
        let page = get(
            sim,
            &format!("/v2/tier2/demo/branch/branches?offset={offset}&count=1000"),
        )
        .await;
        assert_eq!(page.status, 200);
        pages.push(page.text);
    }
    pages
}

#[tokio::test]
async fn the_same_seed_gives_the_same_data_and_another_seed_other_data() {
    let a = Sim::start(SimConfig::default().seed(5)).await.unwrap();
    let b = Sim::start(SimConfig::default().seed(5)).await.unwrap();
    let c = Sim::start(SimConfig::default().seed(6)).await.unwrap();
    assert_eq!(a.records("BranchModel", 5), b.records("BranchModel", 5));
    assert_ne!(a.records("BranchModel", 5), c.records("BranchModel", 5));
    let from_a = all_branches(&a).await;
    assert_eq!(from_a, all_branches(&b).await);
    assert_ne!(from_a, all_branches(&c).await);
    let types = "/v3/diary/demo/appointmenttypes?offset=0&count=1000";
    assert_eq!(get(&a, types).await.text, get(&b, types).await.text);
}

#[tokio::test]
async fn dropping_the_sim_stops_it() {
    let sim = sim().await;
    let url = format!("{}/v2/tier1/demo/company", sim.base_url());
    assert_eq!(get(&sim, "/v2/tier1/demo/company").await.status, 200);
    drop(sim);
    // The server task ends on its next poll; give it that chance.
    tokio::task::yield_now().await;
    let mut refused = false;
    for _ in 0..50 {
        if crate::common::client().get(&url).send().await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(refused, "still answering after drop");
}

#[tokio::test]
async fn shutdown_waits_for_the_server_to_stop() {
    let sim = sim().await;
    let url = format!("{}/v2/tier1/demo/company", sim.base_url());
    sim.shutdown().await;
    assert!(crate::common::client().get(&url).send().await.is_err());
}
