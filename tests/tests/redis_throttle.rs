//! The Redis throttle (`agentos-throttle-redis`) with several OS processes on one key, against
//! the simulator over HTTP, on a real Redis (see `common/redis.rs` for which):
//!
//! - processes share the window: the simulator's log never holds more than the limit in any
//!   window, no 429, and no slot waits on the throttle's own delays before it is used again
//!   (the median reuse, and the mean, are late by less than a twentieth of the window);
//! - a 429 answered to one process pauses all of them (no arrival during the pause);
//! - a pause message forged on the key's channel pauses nobody (a pause is read from Redis);
//! - a process killed with `SIGKILL` while holding slots frees them about one window later;
//! - Redis restarted mid-run (its state lost): no window over the limit, the key waits out
//!   the window that began at the restart, and every request still succeeds;
//! - Redis unreachable: a typed error after the bounded wait, nothing sent;
//! - the key never appears in Redis, and every name there expires;
//! - a process that flushes its throttle before it exits leaves no slot in flight.
//!
//! Each test uses a key of its own, so they share a Redis without sharing a window. The test
//! that measures utilisation runs alone (see [`MEASURING`]).

mod common;

use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use agentos_examples::sim_log::most_in_any_window;
use agentos_runtime::throttle::MAX_PAUSE;
use agentos_runtime::{ApiError, ApiKey, Client, Throttle, ThrottleError};
use agentos_sim::{Fault, FaultRule, KeyConfig, LoggedRequest, Sim, SimConfig, ThrottleConfig};
use agentos_tests::agentos::tier1::GetCompany;
use agentos_throttle_redis::RedisThrottle;
use common::redis::Redis;
use futures_util::StreamExt;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

// A two-second window: long enough that the scheduling of a loaded two-core machine (many
// debug-built processes at once) is small beside it.
const LIMIT: u32 = 20;
const WINDOW: Duration = Duration::from_secs(2);
/// Requests already sent when a 429 arrived elsewhere may still arrive (as in the soak test).
const IN_FLIGHT_ALLOWANCE: Duration = Duration::from_millis(200);

/// Held shared by every test here and exclusively by the one that measures utilisation: the
/// other tests start debug-built processes by the dozen, and on a two-core machine their
/// scheduling can delay a slot's reuse, which is load, not the throttle. The rule's limit
/// (never over `LIMIT` in a window) is checked under that load by every other test.
static MEASURING: tokio::sync::RwLock<()> = tokio::sync::RwLock::const_new(());

/// A key of this test's own (so tests sharing a Redis do not share a window).
fn unique_key(test: &str) -> String {
    format!("REDIS-CANARY-{test}-{:016x}", fastrand::u64(..))
}

/// A simulator that throttles at [`LIMIT`] per [`WINDOW`] and accepts `key` for `demo`. No
/// 403 block: a request already in flight when another process got a 429 would earn one, and
/// these tests count arrivals instead.
async fn sim(key: &str, faults: Vec<FaultRule>) -> Sim {
    let mut config = SimConfig::default()
        .throttle(ThrottleConfig::new(LIMIT, WINDOW).block_for(None))
        .key(KeyConfig::new(key, "demo"));
    for fault in faults {
        config = config.fault(fault);
    }
    Sim::start(config).await.unwrap()
}

/// `throttle_worker requests ..`: `count` requests, two at a time.
fn requests_worker(redis: &str, sim: &Sim, key: &str, count: usize) -> Child {
    worker(&[
        "requests",
        redis,
        sim.base_url(),
        key,
        &LIMIT.to_string(),
        &WINDOW.as_millis().to_string(),
        &count.to_string(),
        "2",
    ])
}

fn worker(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_throttle_worker"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap()
}

/// Waits for every worker; each must have succeeded with `ok=<count> errors=0`.
async fn all_succeed(workers: Vec<Child>, count: usize) {
    for worker in workers {
        let output = tokio::time::timeout(Duration::from_secs(120), worker.wait_with_output())
            .await
            .expect("a worker did not finish in 120 s")
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success()
                && stdout.contains(&format!("ok={count} errors=0 unreleased=0")),
            "worker failed ({}):\n{stdout}\n{stderr}",
            output.status
        );
    }
}

/// Arrival times of the requests of `key`.
fn arrivals(log: &[LoggedRequest], key: &str) -> Vec<Duration> {
    let mut at: Vec<_> = log
        .iter()
        .filter(|r| r.api_key.as_deref() == Some(key))
        .map(|r| r.at)
        .collect();
    at.sort_unstable();
    at
}

/// How late each slot was used again after the rule allowed it: arrival `i` against arrival
/// `i - LIMIT` plus a window, for every arrival after the first `LIMIT` (the rule allows
/// arrival `i` no sooner than that; the first window's arrivals only depend on how quickly
/// the processes started).
fn reuse_lateness(arrivals: &[Duration]) -> Vec<Duration> {
    let limit = LIMIT as usize;
    arrivals
        .windows(limit + 1)
        .map(|w| w[limit].saturating_sub(w[0] + WINDOW))
        .collect()
}

/// How much of the key's budget the processes used, as docs/PERFORMANCE.md §5 defines the
/// steady-state rate: `WINDOW / mean(t[i] - t[i - LIMIT])` over the arrivals after the first
/// `LIMIT`, that is one window over one window plus the mean of [`reuse_lateness`]. 1.0 only
/// when every slot was used again the moment the rule allowed it.
fn utilisation(arrivals: &[Duration]) -> f64 {
    let late = reuse_lateness(arrivals);
    let Ok(reuses) = u32::try_from(late.len()) else {
        return 0.0;
    };
    if reuses == 0 {
        return 0.0;
    }
    let mean_late = late.iter().sum::<Duration>() / reuses;
    WINDOW.as_secs_f64() / (WINDOW + mean_late).as_secs_f64()
}

/// A connection of the test's own, to look into Redis.
async fn connect(url: &str) -> redis::aio::MultiplexedConnection {
    let client = redis::Client::open(url).unwrap();
    client.get_multiplexed_async_connection().await.unwrap()
}

/// The members of `key`'s log in Redis (blocks `f:`, reported ends `d:`).
async fn members(url: &str, key: &ApiKey) -> Vec<String> {
    let slots = agentos_throttle_redis::Keys::for_key(key).slots;
    redis::cmd("ZRANGE")
        .arg(&slots)
        .arg(0)
        .arg(-1)
        .query_async(&mut connect(url).await)
        .await
        .unwrap()
}

/// The members of `key`'s slots still in flight (`f:`): none once every process released.
async fn in_flight(url: &str, key: &str) -> Vec<String> {
    let members = members(url, &ApiKey::new(key)).await;
    assert!(!members.is_empty(), "no slots recorded for the key");
    members
        .into_iter()
        .filter(|m| m.starts_with("f:"))
        .collect()
}

/// Two throttles of `key` at [`LIMIT`] per [`WINDOW`], each with its own connection: as two
/// processes.
fn two_processes(url: &str, key: &ApiKey) -> (RedisThrottle, RedisThrottle) {
    let throttle = || {
        RedisThrottle::builder(url, key)
            .limit(LIMIT, WINDOW)
            .build()
            .unwrap()
    };
    (throttle(), throttle())
}

/// Every name and value in Redis: none may hold `key`, and every name must expire.
async fn assert_key_absent_and_names_expire(url: &str, key: &str) {
    let mut con = connect(url).await;
    let names: Vec<String> = redis::cmd("KEYS")
        .arg("*")
        .query_async(&mut con)
        .await
        .unwrap();
    let ours: Vec<_> = names
        .iter()
        .filter(|n| n.starts_with(agentos_throttle_redis::PREFIX))
        .collect();
    assert!(!ours.is_empty(), "the throttle stored nothing: {names:?}");
    for name in &names {
        assert!(!name.contains(key), "the key is in a Redis name: {name}");
        let kind: String = redis::cmd("TYPE")
            .arg(name)
            .query_async(&mut con)
            .await
            .unwrap();
        let values: Vec<String> = match kind.as_str() {
            "string" => vec![
                redis::cmd("GET")
                    .arg(name)
                    .query_async(&mut con)
                    .await
                    .unwrap_or_default(),
            ],
            "zset" => redis::cmd("ZRANGE")
                .arg(name)
                .arg(0)
                .arg(-1)
                .arg("WITHSCORES")
                .query_async(&mut con)
                .await
                .unwrap(),
            "hash" => redis::cmd("HGETALL")
                .arg(name)
                .query_async(&mut con)
                .await
                .unwrap(),
            _ => Vec::new(),
        };
        for value in values {
            assert!(!value.contains(key), "the key is in the value of {name}");
        }
        if ours.contains(&name) {
            let ttl: i64 = redis::cmd("PTTL")
                .arg(name)
                .query_async(&mut con)
                .await
                .unwrap();
            assert!(ttl > 0, "{name} never expires (PTTL {ttl})");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn processes_on_one_key_share_its_window() {
    let _alone = MEASURING.write().await;
    let Some(redis) = Redis::shared("processes_on_one_key_share_its_window") else {
        return;
    };
    let key = unique_key("share");
    let sim = sim(&key, Vec::new()).await;
    const PER_WORKER: usize = 20;
    let workers = (0..4)
        .map(|_| requests_worker(&redis.url, &sim, &key, PER_WORKER))
        .collect();
    all_succeed(workers, PER_WORKER).await;
    // Each worker flushed its releases before exiting: no slot is left to its lease (which
    // would free it up to a fifth of a window late, and cost the others that much).
    assert_eq!(in_flight(&redis.url, &key).await, Vec::<String>::new());

    let log = sim.requests();
    let arrivals = arrivals(&log, &key);
    assert_eq!(arrivals.len(), 4 * PER_WORKER);
    assert!(log.iter().all(|r| r.status == 200), "all answered 200");
    let most = most_in_any_window(&arrivals, WINDOW);
    assert!(most <= LIMIT as usize, "{most} requests in one window");
    let used = utilisation(&arrivals);
    let late = reuse_lateness(&arrivals);
    let mut sorted = late.clone();
    sorted.sort_unstable();
    let median_late = sorted[sorted.len() / 2];
    let ms = |d: &Duration| d.as_micros() as f64 / 1000.0;
    println!(
        "4 processes, {} requests: utilisation {used:.4}; reuse late by {:.1} ms (median), {:.1} ms (most)",
        arrivals.len(),
        ms(&median_late),
        ms(&sorted[sorted.len() - 1]),
    );
    // What the design guarantees, whatever the load. A slot frees a window after its request
    // ended, a waiter sleeps until that moment, and while the key is contended nothing waits
    // for a batch or a reserve; so a reuse is late only by execution: the request itself (the
    // slot counts from its end), the report, the wake-up, one round trip and the send. None of
    // the throttle's own delays is in it: a batch held back (a twentieth of the window, when
    // nobody waits), a wait step (a twentieth), an idle tick (a tenth), a lease (1.2 windows).
    // Execution is what load stretches: over 17 runs on a two-core machine under a load of
    // 6-8 (docs/PERFORMANCE.md §8) the median reuse was 5-38 ms late (utilisation
    // 0.975-0.997), and a stalled machine adds a few hundred ms to a few reuses. So the test
    // asserts the guarantee, not the figure: the median reuse is less late than the shortest
    // of those delays, and so is the mean (utilisation above 1 / (1 + 1/20) = 0.952), which
    // only stalls adding 100 ms to every reuse on average would miss.
    let shortest_delay = WINDOW / 20;
    let late_ms: Vec<u128> = late.iter().map(Duration::as_millis).collect();
    assert!(
        median_late < shortest_delay,
        "the median reuse waited {median_late:?}; ms late per reuse: {late_ms:?}"
    );
    assert!(
        used > 20.0 / 21.0,
        "utilisation {used:.3}; ms late per reuse: {late_ms:?}"
    );
    assert_key_absent_and_names_expire(&redis.url, &key).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_answered_to_one_process_pauses_them_all() {
    let _shared = MEASURING.read().await;
    let Some(redis) = Redis::shared("a_429_answered_to_one_process_pauses_them_all") else {
        return;
    };
    let key = unique_key("pause");
    let pause = Duration::from_secs(2);
    let limited = FaultRule::new(Fault::RateLimited {
        retry_after_secs: pause.as_secs(),
    })
    .nth(25);
    let sim = sim(&key, vec![limited]).await;
    const PER_WORKER: usize = 15;
    let workers = (0..3)
        .map(|_| requests_worker(&redis.url, &sim, &key, PER_WORKER))
        .collect();
    all_succeed(workers, PER_WORKER).await;

    let log = sim.requests();
    let answered_429: Vec<_> = log.iter().filter(|r| r.status == 429).collect();
    assert_eq!(answered_429.len(), 1, "only the injected 429");
    assert!(log.iter().all(|r| r.status != 403), "no block earned");
    let at = answered_429[0].at;
    let during: Vec<_> = log
        .iter()
        .filter(|r| r.at > at + IN_FLIGHT_ALLOWANCE && r.at < at + pause)
        .map(|r| r.at - at)
        .collect();
    assert!(during.is_empty(), "sent during the pause: {during:?}");
    // The request that got the 429 was sent again after the pause: 3 x 15 succeeded, and
    // one more arrival than that.
    assert_eq!(arrivals(&log, &key).len(), 3 * PER_WORKER + 1);
    assert!(most_in_any_window(&arrivals(&log, &key), WINDOW) <= LIMIT as usize);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_process_killed_while_holding_slots_frees_them_a_window_later() {
    let _shared = MEASURING.read().await;
    let Some(redis) = Redis::shared("a_process_killed_while_holding_slots_frees_them") else {
        return;
    };
    let key = unique_key("killed");
    let mut holder = worker(&[
        "hold",
        &redis.url,
        &key,
        &LIMIT.to_string(),
        &WINDOW.as_millis().to_string(),
        &LIMIT.to_string(),
    ]);
    let mut lines = BufReader::new(holder.stdout.take().unwrap()).lines();
    let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .expect("the holder took no slots in 30 s")
        .unwrap();
    assert_eq!(line.as_deref(), Some(&*format!("held {LIMIT}")));
    // Let its leases be renewed a few times: a live holder keeps its slots past the window.
    tokio::time::sleep(WINDOW + WINDOW / 2).await;
    let throttle = RedisThrottle::builder(&redis.url, &ApiKey::new(&key))
        .limit(LIMIT, WINDOW)
        .build()
        .unwrap();
    let early = tokio::time::timeout(Duration::from_millis(100), throttle.acquire()).await;
    assert!(early.is_err(), "the live holder's slots were free");

    holder.start_kill().unwrap();
    holder.wait().await.unwrap();
    let killed = Instant::now();
    let permit = throttle.acquire().await.unwrap();
    let after = killed.elapsed();
    println!("slot free {after:?} after SIGKILL");
    // Not before a window has passed since the holder could last have sent (its lease ends a
    // window and one to two renewal periods after its death); within a window and two
    // renewal periods, plus a wait step and scheduling.
    assert!(after >= WINDOW, "freed too early: {after:?}");
    assert!(after <= WINDOW + WINDOW / 2, "freed too late: {after:?}");
    drop(permit);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_restarted_mid_run_keeps_every_window_under_the_limit() {
    let _shared = MEASURING.read().await;
    let Some(mut redis) = Redis::private("redis_restarted_mid_run") else {
        return;
    };
    let key = unique_key("restart");
    let sim = sim(&key, Vec::new()).await;
    const PER_WORKER: usize = 30;
    let workers: Vec<_> = (0..2)
        .map(|_| requests_worker(&redis.url, &sim, &key, PER_WORKER))
        .collect();
    // A fresh private Redis starts with a quarantine (it may have lost a window: see the
    // crate's docs), so the first window is sent at about 3 s; crash between the first and
    // the second.
    tokio::time::sleep(Duration::from_millis(4000)).await;
    let url = redis.url.clone();
    let restarted = tokio::task::spawn_blocking(move || {
        redis.crash_and_restart(Duration::from_millis(300));
        redis
    })
    .await
    .unwrap();
    // On the log's clock.
    let back = sim.elapsed();
    all_succeed(workers, PER_WORKER).await;

    let log = sim.requests();
    assert!(log.iter().all(|r| r.status == 200), "no 429, no 403");
    let arrivals = arrivals(&log, &key);
    assert_eq!(arrivals.len(), 2 * PER_WORKER);
    assert!(most_in_any_window(&arrivals, WINDOW) <= LIMIT as usize);
    // The promise: after a restart the key waits until a window after Redis came back (which
    // was a little before `back`).
    let quarantined: Vec<_> = arrivals
        .iter()
        .filter(|&&at| at > back && at < back + WINDOW * 9 / 10)
        .collect();
    assert!(
        quarantined.is_empty(),
        "sent during the quarantine: {quarantined:?} (back at {back:?})"
    );
    assert!(
        arrivals.iter().any(|&at| at > back),
        "nothing after the restart"
    );
    assert_key_absent_and_names_expire(&url, &key).await;
    drop(restarted);
}

#[tokio::test]
async fn unreachable_redis_fails_closed_with_a_typed_error_and_sends_nothing() {
    let key = unique_key("unreachable");
    let sim = sim(&key, Vec::new()).await;
    let port = common::redis::free_port().unwrap();
    let throttle = RedisThrottle::builder(format!("redis://127.0.0.1:{port}/"), &ApiKey::new(&key))
        .limit(LIMIT, WINDOW)
        .fail_after(Duration::from_millis(300))
        .build()
        .unwrap();
    let client = Client::builder()
        .base_url(sim.base_url())
        .api_key(key.as_str())
        .short_name("demo")
        .throttle_with(Arc::new(throttle))
        .build()
        .unwrap();
    let start = Instant::now();
    let error = client.get(&GetCompany::new()).await.unwrap_err();
    let took = start.elapsed();
    let ApiError::Throttle { source, context } = &error else {
        panic!("not a throttle error: {error:?}");
    };
    let ThrottleError::Unavailable { store, waited, .. } = source else {
        panic!("{source:?}");
    };
    assert_eq!(*store, "redis");
    assert!(*waited >= Duration::from_millis(300), "{waited:?}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert_eq!(context.attempts, 0);
    let text = error.to_string();
    assert!(
        text.contains("not sent") && text.contains("redis"),
        "{text}"
    );
    assert!(!text.contains(&key) && !format!("{error:?}").contains(&key));
    assert!(error.resolution().contains("nothing was sent"));
    assert!(sim.requests().is_empty(), "a request was sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_longer_pause_wins_across_throttles() {
    let _shared = MEASURING.read().await;
    let Some(redis) = Redis::shared("the_longer_pause_wins_across_throttles") else {
        return;
    };
    let (a, b) = two_processes(&redis.url, &ApiKey::new(unique_key("longer")));
    drop(b.acquire().await.unwrap());
    a.pause(Duration::from_millis(800)).await;
    b.pause(Duration::from_millis(200)).await;
    let start = Instant::now();
    drop(b.acquire().await.unwrap());
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_millis(700) && waited < Duration::from_millis(1500),
        "{waited:?}"
    );
}

/// The message a real pause publishes on `key`'s channel: heard there (by a connection of the
/// test's own) when a throttle of `key` pauses for `pause`.
async fn real_pause_message(url: &str, key: &ApiKey, pause: Duration) -> String {
    let client = redis::Client::open(url).unwrap();
    let mut pubsub = client.get_async_pubsub().await.unwrap();
    pubsub
        .subscribe(agentos_throttle_redis::Keys::for_key(key).events)
        .await
        .unwrap();
    let throttle = RedisThrottle::builder(url, key)
        .limit(LIMIT, WINDOW)
        .build()
        .unwrap();
    throttle.pause(pause).await;
    let message = tokio::time::timeout(Duration::from_secs(10), pubsub.on_message().next())
        .await
        .expect("the pause published nothing in 10 s")
        .unwrap();
    message.get_payload().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_pause_on_the_channel_delays_nobody() {
    let _shared = MEASURING.read().await;
    let Some(redis) = Redis::shared("a_forged_pause_on_the_channel_delays_nobody") else {
        return;
    };
    // The exact message of a real pause of the longest a 429 may ask for, taken from a
    // throttle's own `pause` on a decoy key.
    let forged = real_pause_message(&redis.url, &ApiKey::new(unique_key("decoy")), MAX_PAUSE).await;
    assert!(forged.starts_with("pause"), "{forged:?}");
    let key = ApiKey::new(unique_key("forged"));
    let (a, b) = two_processes(&redis.url, &key);
    // Both hear the channel, and each holds a reserve (a block of 2 of the 20 free, 1 unused).
    drop(a.acquire().await.unwrap());
    drop(b.acquire().await.unwrap());
    // Anyone allowed to PUBLISH on the server sends it on the key's channel.
    let events = agentos_throttle_redis::Keys::for_key(&key).events;
    let heard_by: i64 = redis::cmd("PUBLISH")
        .arg(&events)
        .arg(&forged)
        .query_async(&mut connect(&redis.url).await)
        .await
        .unwrap();
    assert_eq!(heard_by, 2, "both throttles hear the key's channel");
    tokio::time::sleep(Duration::from_millis(100)).await;
    // Nobody pauses: the message only sends each process to Redis, where no pause is set.
    for throttle in [&a, &b] {
        for _ in 0..3 {
            let start = Instant::now();
            let permit = tokio::time::timeout(Duration::from_secs(30), throttle.acquire())
                .await
                .expect("the forged pause was obeyed")
                .unwrap();
            let waited = start.elapsed();
            assert!(waited < Duration::from_secs(5), "{waited:?}");
            drop(permit);
        }
    }
    let pause: Option<String> = redis::cmd("GET")
        .arg(agentos_throttle_redis::Keys::for_key(&key).pause)
        .query_async(&mut connect(&redis.url).await)
        .await
        .unwrap();
    assert_eq!(pause, None, "the forged message set no pause in Redis");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_pause_reaches_another_throttle_that_holds_a_reserve() {
    let _shared = MEASURING.read().await;
    let Some(redis) = Redis::shared("a_real_pause_reaches_another_throttle") else {
        return;
    };
    let (a, b) = two_processes(&redis.url, &ApiKey::new(unique_key("real-pause")));
    drop(a.acquire().await.unwrap());
    // `b` holds a reserve it could take from without asking Redis: only the channel's
    // message sends it to read the pause.
    drop(b.acquire().await.unwrap());
    let pause = Duration::from_millis(1500);
    a.pause(pause).await;
    // Time for the message to arrive (a request already sent elsewhere may still go out, as
    // with any 429).
    tokio::time::sleep(Duration::from_millis(100)).await;
    let start = Instant::now();
    drop(b.acquire().await.unwrap());
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_millis(1000) && waited < Duration::from_secs(5),
        "{waited:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slots_are_reserved_in_blocks_not_asked_for_one_by_one() {
    let _shared = MEASURING.read().await;
    let Some(redis) = Redis::shared("slots_are_reserved_in_blocks") else {
        return;
    };
    let key = ApiKey::new(unique_key("blocks"));
    // 1000 free: a block reserves an eighth of them (125), so 100 acquires take one block.
    let throttle = RedisThrottle::builder(&redis.url, &key)
        .limit(1000, WINDOW)
        .build()
        .unwrap();
    for _ in 0..100 {
        drop(throttle.acquire().await.unwrap());
    }
    let blocks: Vec<_> = members(&redis.url, &key)
        .await
        .into_iter()
        .filter(|m| m.starts_with("f:"))
        .collect();
    assert_eq!(blocks.len(), 1, "one block for 100 acquires: {blocks:?}");
    assert_eq!(throttle.flush().await, 0, "every end reported");
    let after = members(&redis.url, &key).await;
    assert!(
        after.iter().all(|m| m.starts_with("d:")),
        "the reserve was given back, the ends recorded: {after:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_process_gets_the_reserve_another_holds_at_once() {
    let _shared = MEASURING.read().await;
    let Some(redis) = Redis::shared("a_refused_process_gets_the_reserve") else {
        return;
    };
    let (holder, taker) = two_processes(&redis.url, &ApiKey::new(unique_key("reserve")));
    // All 20 free: the holder's block reserves an eighth (2), one of them used.
    let held = holder.acquire().await.unwrap();
    let mut taken = Vec::new();
    for _ in 0..LIMIT - 2 {
        taken.push(taker.acquire().await.unwrap());
    }
    // The last slot is the holder's reserve: the taker is refused, says so, and the holder
    // gives it back, long before any slot would free by itself (a window from now) or the
    // holder's idle tick (a tenth of a window) would give it back.
    let start = Instant::now();
    let last = tokio::time::timeout(WINDOW / 20, taker.acquire())
        .await
        .expect("the reserve was not given back within a twentieth of the window")
        .unwrap();
    println!("reserve given back in {:?}", start.elapsed());
    taken.push(last);
    // And the limit holds: the holder's one in flight and the taker's 19.
    let refused = tokio::time::timeout(Duration::from_millis(300), taker.acquire()).await;
    assert!(refused.is_err(), "a slot over the limit was granted");
    drop((held, taken));
}
