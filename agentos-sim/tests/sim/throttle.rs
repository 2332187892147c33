//! The rolling-window throttle over HTTP, on tokio's paused clock: 429 with `Retry-After`,
//! 403 when hammering during the cool-down, recovery once the block or the wait is over.

use std::time::Duration;

use agentos_sim::{Fault, FaultRule, Sim, SimConfig, ThrottleConfig};

use crate::common::get;

const COMPANY: &str = "/v2/tier1/demo/company";

async fn throttled(limit: u32, window: Duration, block_for: Option<Duration>) -> Sim {
    Sim::start(
        SimConfig::default().throttle(ThrottleConfig::new(limit, window).block_for(block_for)),
    )
    .await
    .unwrap()
}

#[tokio::test(start_paused = true)]
async fn over_the_limit_is_429_with_retry_after_then_hammering_is_403() {
    let sim = throttled(5, Duration::from_secs(1), Some(Duration::from_secs(10))).await;
    for _ in 0..5 {
        assert_eq!(get(&sim, COMPANY).await.status, 200);
    }
    let limited = get(&sim, COMPANY).await;
    assert_eq!(limited.status, 429);
    assert_eq!(limited.headers["retry-after"], "1");
    assert!(!limited.message().is_empty());

    // Sending again before Retry-After has passed blocks the key.
    let hammered = get(&sim, COMPANY).await;
    assert_eq!(hammered.status, 403);
    assert!(hammered.message().contains("blocked"));
    tokio::time::advance(Duration::from_secs(5)).await;
    assert_eq!(get(&sim, COMPANY).await.status, 403, "still blocked");
    tokio::time::advance(Duration::from_secs(6)).await;
    assert_eq!(get(&sim, COMPANY).await.status, 200, "block over");

    let statuses: Vec<u16> = sim.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 200, 200, 200, 200, 429, 403, 403, 200]);
    let last = sim.requests().last().unwrap().at;
    assert!(last >= Duration::from_secs(11), "{last:?}");
}

#[tokio::test(start_paused = true)]
async fn waiting_out_retry_after_resumes_without_a_block() {
    let sim = throttled(3, Duration::from_secs(60), Some(Duration::from_secs(600))).await;
    for _ in 0..3 {
        assert_eq!(get(&sim, COMPANY).await.status, 200);
        tokio::time::advance(Duration::from_secs(10)).await;
    }
    // At t = 30 s the oldest slot (t = 0) frees at t = 60 s.
    let limited = get(&sim, COMPANY).await;
    assert_eq!(limited.status, 429);
    assert_eq!(limited.headers["retry-after"], "30");
    tokio::time::advance(Duration::from_secs(30)).await;
    assert_eq!(get(&sim, COMPANY).await.status, 200);
    // One slot came back, not all three.
    assert_eq!(get(&sim, COMPANY).await.status, 429);
}

#[tokio::test(start_paused = true)]
async fn each_key_has_its_own_window_and_unknown_keys_take_no_slot() {
    use agentos_sim::{KeyConfig, Method};

    use crate::common::send_as;

    let sim = Sim::start(
        SimConfig::default()
            .key(KeyConfig::new("second", "demo"))
            .throttle(ThrottleConfig::new(2, Duration::from_secs(1))),
    )
    .await
    .unwrap();
    for _ in 0..3 {
        let answer = send_as(&sim, Some("nobody"), Method::GET, COMPANY, None)
            .await
            .unwrap();
        assert_eq!(answer.status, 401);
    }
    assert_eq!(get(&sim, COMPANY).await.status, 200);
    assert_eq!(get(&sim, COMPANY).await.status, 200);
    assert_eq!(get(&sim, COMPANY).await.status, 429);
    let other = send_as(&sim, Some("second"), Method::GET, COMPANY, None)
        .await
        .unwrap();
    assert_eq!(other.status, 200);
}

#[tokio::test(start_paused = true)]
async fn the_default_is_fifty_per_rolling_minute() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    for _ in 0..50 {
        assert_eq!(get(&sim, COMPANY).await.status, 200);
    }
    let limited = get(&sim, COMPANY).await;
    assert_eq!(limited.status, 429);
    assert_eq!(limited.headers["retry-after"], "60");
}

#[tokio::test(start_paused = true)]
async fn an_injected_429_carries_retry_after_and_starts_the_cool_down() {
    let sim = throttled(100, Duration::from_secs(1), Some(Duration::from_secs(10))).await;
    sim.add_fault(
        FaultRule::new(Fault::RateLimited {
            retry_after_secs: 3,
        })
        .nth(2),
    );
    assert_eq!(get(&sim, COMPANY).await.status, 200);
    let limited = get(&sim, COMPANY).await;
    assert_eq!(limited.status, 429);
    assert_eq!(limited.headers["retry-after"], "3");
    assert!(limited.message().contains("Retry after 3 s"));
    assert_eq!(
        sim.requests()[1].fault,
        Some(Fault::RateLimited {
            retry_after_secs: 3
        })
    );
    // Well inside the limit, but before Retry-After has passed: hammering, so blocked.
    tokio::time::advance(Duration::from_secs(2)).await;
    assert_eq!(get(&sim, COMPANY).await.status, 403);

    // Waiting it out is not punished.
    let sim = throttled(100, Duration::from_secs(1), Some(Duration::from_secs(10))).await;
    sim.add_fault(
        FaultRule::new(Fault::RateLimited {
            retry_after_secs: 0,
        })
        .first(1),
    );
    let limited = get(&sim, COMPANY).await;
    assert_eq!(limited.headers["retry-after"], "1", "at least a second");
    tokio::time::advance(Duration::from_secs(1)).await;
    assert_eq!(get(&sim, COMPANY).await.status, 200);
}
