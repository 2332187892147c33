//! The Redis throttle beside the in-process `RollingWindow`, in one run, interleaved:
//!
//! - `acquire` + release, uncontended (one task), in ns each;
//! - `acquire` + release with 64 tasks across 4 processes (16 each: this binary run again as
//!   `--worker`), per acquire of the whole crowd (wall time / acquires);
//! - requests through `Client` to the simulator (a `GET` of the company), per request.
//!
//! `cargo bench -p agentos-tests --bench redis_throttle` (needs `redis-server` on `PATH`, or
//! `AGENTOS_REDIS_URL`). The limit is never reached (a huge limit, a 50 ms window), so what is
//! measured is the cost of asking, not waiting.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use agentos_runtime::{ApiKey, Client, RollingWindow, Throttle};
use agentos_sim::{Sim, SimConfig, ThrottleConfig};
use agentos_tests::agentos::tier1::GetCompany;
use agentos_throttle_redis::RedisThrottle;

#[path = "../tests/common/redis.rs"]
mod redis_support;

const LIMIT: u32 = 1_000_000_000;
const WINDOW: Duration = Duration::from_millis(50);
const ROUNDS: u32 = 7;
const ACQUIRES: u32 = 2_000;
const CROWD_ACQUIRES: u32 = 250; // per task: 16 tasks x 4 processes
const REQUESTS: u32 = 300;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Rolling,
    Redis,
}

fn throttle(kind: Kind, redis: &str, key: &str) -> Arc<dyn Throttle> {
    match kind {
        Kind::Rolling => Arc::new(RollingWindow::new(LIMIT, WINDOW).unwrap()),
        Kind::Redis => Arc::new(
            RedisThrottle::builder(redis, &ApiKey::new(key))
                .limit(LIMIT, WINDOW)
                .build()
                .unwrap(),
        ),
    }
}

async fn acquires(throttle: &Arc<dyn Throttle>, n: u32) -> Duration {
    let start = Instant::now();
    for _ in 0..n {
        drop(std::hint::black_box(throttle.acquire().await.unwrap()));
    }
    start.elapsed()
}

/// `--worker KIND REDIS KEY`: 16 tasks of `CROWD_ACQUIRES` acquires; prints nothing, exits
/// when done.
fn worker(args: &[String]) {
    let kind = if args[0] == "redis" {
        Kind::Redis
    } else {
        Kind::Rolling
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let throttle = throttle(kind, &args[1], &args[2]);
        let tasks: Vec<_> = (0..16)
            .map(|_| {
                let throttle = Arc::clone(&throttle);
                tokio::spawn(async move { acquires(&throttle, CROWD_ACQUIRES).await })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
    });
}

/// 64 tasks across 4 processes; wall time from the first start to the last exit.
fn crowd(kind: Kind, redis: &str, key: &str) -> Duration {
    let exe = std::env::current_exe().unwrap();
    let name = if kind == Kind::Redis {
        "redis"
    } else {
        "rolling"
    };
    let start = Instant::now();
    let children: Vec<_> = (0..4)
        .map(|_| {
            Command::new(&exe)
                .args(["--worker", name, redis, key])
                .stdout(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    start.elapsed()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(at) = args.iter().position(|a| a == "--worker") {
        worker(&args[at + 1..]);
        return;
    }
    if args.iter().any(|a| a == "--list") {
        return; // `cargo bench -- --list`: nothing to list
    }
    let server = redis_support::Redis::shared("the redis_throttle bench")
        .expect("redis-server on PATH, or AGENTOS_REDIS_URL");
    let redis = server.url.clone();
    // Past a fresh Redis's quarantine (see the crate docs) before anything is timed.
    std::thread::sleep(Duration::from_millis(2500));
    let key = format!("bench-key-{:08x}", fastrand::u32(..));

    // The simulator on its own threads, the client on this one.
    let sim_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let sim = sim_rt
        .block_on(Sim::start(
            SimConfig::default()
                .throttle(ThrottleConfig::unlimited())
                .key(agentos_sim::KeyConfig::new(&key, "demo")),
        ))
        .unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let kinds = [Kind::Rolling, Kind::Redis];
    let throttles: Vec<_> = kinds.iter().map(|&k| throttle(k, &redis, &key)).collect();
    let clients: Vec<_> = throttles
        .iter()
        .map(|t| {
            Client::builder()
                .base_url(sim.base_url())
                .api_key(key.as_str())
                .short_name("demo")
                .throttle_with(Arc::clone(t))
                .build()
                .unwrap()
        })
        .collect();
    // Warm up: connections, scripts loaded.
    for (throttle, client) in throttles.iter().zip(&clients) {
        rt.block_on(acquires(throttle, 100));
        rt.block_on(async { client.get(&GetCompany::new()).await.unwrap() });
    }

    let mut alone = [Duration::ZERO; 2];
    let mut crowded = [Duration::ZERO; 2];
    let mut requests = [Duration::ZERO; 2];
    for round in 0..ROUNDS {
        // The order alternates, so a busy moment of the machine hits both alike.
        let order: Vec<usize> = if round % 2 == 0 {
            vec![0, 1]
        } else {
            vec![1, 0]
        };
        for &i in &order {
            alone[i] += rt.block_on(acquires(&throttles[i], ACQUIRES));
            crowded[i] += crowd(kinds[i], &redis, &key);
            requests[i] += rt.block_on(async {
                let start = Instant::now();
                for _ in 0..REQUESTS {
                    std::hint::black_box(clients[i].get(&GetCompany::new()).await.unwrap());
                }
                start.elapsed()
            });
        }
    }
    let us = |total: Duration, n: u32| total.as_secs_f64() * 1e6 / f64::from(n * ROUNDS);
    let crowd_n = CROWD_ACQUIRES * 64;
    println!("\n{ROUNDS} interleaved rounds; µs each (wall time / count)");
    println!("| measure | RollingWindow | RedisThrottle | Redis / Rolling |");
    println!("|---|---|---|---|");
    let row = |name: &str, t: [Duration; 2], n: u32| {
        let (a, b) = (us(t[0], n), us(t[1], n));
        println!("| {name} | {a:.1} | {b:.1} | {:.2} |", b / a);
    };
    row("acquire + release, uncontended", alone, ACQUIRES);
    row(
        "acquire + release, 64 tasks in 4 processes",
        crowded,
        crowd_n,
    );
    row("GET through Client to the simulator", requests, REQUESTS);
    let (r0, r1) = (us(requests[0], REQUESTS), us(requests[1], REQUESTS));
    println!(
        "\nrequests/s: {:.0} with RollingWindow, {:.0} with RedisThrottle; the Redis throttle adds {:.1} µs = {:.1} % to a request to the simulator",
        1e6 / r0,
        1e6 / r1,
        r1 - r0,
        (r1 - r0) / r0 * 100.0
    );
}
