//! Fault injection, each kind: scripted statuses on the n-th or first requests, delays on
//! tokio's clock, dropped connections, malformed bodies, and seeded random faults.

use std::time::Duration;

use agentos_sim::{DatasetSize, Fault, FaultRule, Method, RandomFaults, Sim, SimConfig};

use crate::common::{appointment_body, first, get, send, send_as, sim};

const TYPES: &str = "/v3/diary/demo/appointmenttypes?offset=0&count=5";

#[tokio::test]
async fn a_scripted_status_hits_only_the_nth_matching_request() {
    let sim = Sim::start(
        SimConfig::default().fault(
            FaultRule::new(Fault::Status(503))
                .method(Method::GET)
                .path_template("/v3/diary/{shortName}/appointmenttypes")
                .nth(2),
        ),
    )
    .await
    .unwrap();
    // Other paths do not count as occurrences.
    assert_eq!(get(&sim, "/v2/tier1/demo/company").await.status, 200);
    assert_eq!(get(&sim, TYPES).await.status, 200);
    let faulted = get(&sim, TYPES).await;
    assert_eq!(faulted.status, 503);
    assert!(!faulted.message().is_empty());
    assert_eq!(get(&sim, TYPES).await.status, 200);
    let log = sim.requests();
    assert_eq!(log[2].fault, Some(Fault::Status(503)));
    assert_eq!(log[2].status, 503);
}

#[tokio::test]
async fn every_server_error_status_can_be_injected() {
    let sim = sim().await;
    for status in [500u16, 502, 503, 504] {
        sim.add_fault(
            FaultRule::new(Fault::Status(status))
                .path_prefix("/v2/tier2/")
                .first(1),
        );
        assert_eq!(get(&sim, "/v2/tier2/demo/company").await.status, status);
        assert_eq!(get(&sim, "/v2/tier2/demo/company").await.status, 200);
        sim.clear_faults();
    }
}

#[tokio::test]
async fn method_filters_and_clearing_apply() {
    let sim = sim().await;
    sim.add_fault(FaultRule::new(Fault::Status(502)).method(Method::POST));
    assert_eq!(get(&sim, TYPES).await.status, 200);
    let post = format!(
        "/v3/diary/demo/appointment?propertyIdentifier={}",
        first(&sim, "PropertyModel")
    );
    let body = appointment_body(&first(&sim, "DiaryAppointmentTypeModel"), "x");
    assert_eq!(
        send(&sim, Method::POST, &post, Some(&body)).await.status,
        502
    );
    sim.clear_faults();
    assert_eq!(
        send(&sim, Method::POST, &post, Some(&body)).await.status,
        200
    );
}

#[tokio::test(start_paused = true)]
async fn a_delay_holds_the_answer_on_tokios_clock() {
    let sim = Sim::start(
        SimConfig::default().fault(FaultRule::new(Fault::Delay(Duration::from_secs(90))).nth(1)),
    )
    .await
    .unwrap();
    let started = tokio::time::Instant::now();
    assert_eq!(get(&sim, TYPES).await.status, 200);
    assert!(
        started.elapsed() >= Duration::from_secs(90),
        "{:?}",
        started.elapsed()
    );
    let quick = tokio::time::Instant::now();
    assert_eq!(get(&sim, TYPES).await.status, 200);
    assert!(quick.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn a_dropped_connection_gets_no_answer_but_the_request_was_processed() {
    let sim = sim().await;
    let count = "/v2/tier2/demo/diary/appointments?offset=0&count=0";
    let before = get(&sim, count).await.json()["Count"].as_u64().unwrap();
    sim.add_fault(
        FaultRule::new(Fault::DropConnection)
            .method(Method::POST)
            .path_template("/v3/diary/{shortName}/appointment")
            .first(1),
    );
    let post = format!(
        "/v3/diary/demo/appointment?propertyIdentifier={}",
        first(&sim, "PropertyModel")
    );
    let body = appointment_body(&first(&sim, "DiaryAppointmentTypeModel"), "lost answer");
    let error = send_as(
        &sim,
        Some(agentos_sim::DEMO_KEY),
        Method::POST,
        &post,
        Some(&body),
    )
    .await
    .unwrap_err();
    assert!(error.status().is_none(), "{error:?}");
    let logged = sim
        .requests()
        .into_iter()
        .find(|r| r.method == Method::POST)
        .unwrap();
    assert_eq!(logged.status, 0);
    assert_eq!(logged.fault, Some(Fault::DropConnection));
    assert_eq!(
        get(&sim, count).await.json()["Count"].as_u64().unwrap(),
        before + 1
    );
    // The server goes on answering.
    assert_eq!(
        send(&sim, Method::POST, &post, Some(&body)).await.status,
        200
    );
}

#[tokio::test]
async fn a_malformed_body_comes_with_200() {
    let sim = sim().await;
    sim.add_fault(
        FaultRule::new(Fault::MalformedBody)
            .path_prefix("/v3/")
            .first(1),
    );
    let answer = get(&sim, TYPES).await;
    assert_eq!(answer.status, 200);
    assert!(answer.text.starts_with('{'), "{}", answer.text);
    assert!(serde_json::from_str::<serde_json::Value>(&answer.text).is_err());
    assert!(get(&sim, TYPES).await.json()["Data"].is_array());
}

async fn statuses_with(random: RandomFaults, n: usize) -> Vec<u16> {
    // A small dataset: these simulators only answer the company record.
    let small = DatasetSize::uniform(10);
    let sim = Sim::start(SimConfig::default().dataset(small).random_faults(random))
        .await
        .unwrap();
    let mut statuses = Vec::new();
    for _ in 0..n {
        statuses.push(get(&sim, "/v2/tier1/demo/company").await.status);
    }
    statuses
}

#[tokio::test]
async fn random_faults_follow_their_seed_and_rate() {
    let random = |seed, rate| RandomFaults {
        seed,
        rate,
        faults: vec![Fault::Status(500), Fault::Status(503)],
    };
    let first = statuses_with(random(11, 0.5), 40).await;
    assert_eq!(first, statuses_with(random(11, 0.5), 40).await);
    assert_ne!(first, statuses_with(random(12, 0.5), 40).await);
    assert!(
        first.contains(&200) && first.contains(&500) && first.contains(&503),
        "{first:?}"
    );
    assert!(
        statuses_with(random(1, 1.0), 10)
            .await
            .iter()
            .all(|s| *s != 200)
    );
    assert!(
        statuses_with(random(1, 0.0), 10)
            .await
            .iter()
            .all(|s| *s == 200)
    );
}
