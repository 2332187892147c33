//! The Redis throttle beside the in-process `RollingWindow`, in one run, interleaved:
//!
//! - `acquire` + release, uncontended (one task), per acquire;
//! - `acquire` + release with 64 tasks across 4 processes (16 each: this binary run again as
//!   `--worker`), per acquire of the whole crowd (wall time / acquires);
//! - requests through `Client` to the simulator (a `GET` of the company), per request, in
//!   chunks of [`CHUNK`] requests alternating between the throttles ([`PAIRS`] pairs). Each
//!   Redis chunk ends with `flush()`, timed with it: none of its background work (a batch due,
//!   a lease to renew) falls into the next chunk, and it gives back its reserve, which the next
//!   chunk then asks Redis for again; so the figure is an upper bound on the cost. The scripts
//!   Redis runs during each Redis chunk are counted too (`INFO commandstats`, read outside the
//!   measured span): each is a round trip, the bulk of what the throttle adds.
//!
//! `cargo bench -p agentos-tests --bench redis_throttle` (needs `redis-server` on `PATH`, or
//! `AGENTOS_REDIS_URL`). The limit is never reached (a huge limit), so what is measured is the
//! cost of asking, not waiting. Two windows, each with a key of its own: 50 ms, a stress (the
//! Redis throttle renews its leases every tenth of a window, at least every 10 ms, and trusts
//! a block for a window at most), and 1 s. agentOS's own window is 60 s, where both happen
//! 60 times less often than at 1 s.
//!
//! Requests are measured twice: wall time, and CPU time of every party (this process, which
//! runs the client and the simulator, and the Redis server), read from each thread's
//! `/proc/<pid>/task/<tid>/schedstat` in ns. Wall time on two shared cores varies by ±10 %
//! from round to round; CPU time is what the throttle's work costs whoever runs it, and varies
//! far less.
//!
//! This machine (a VM on two shared cores) is noisy at the scale of tenths of seconds; hence
//! short chunks, side by side. Each figure is the median over the rounds or pairs (the order
//! alternating, so that a busy moment of the machine hits both throttles alike); each ratio is
//! the median of the rounds' (pairs') ratios, with the range of the middle half of them.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use agentos_runtime::{ApiKey, Client, RollingWindow, Throttle};
use agentos_sim::{KeyConfig, Sim, SimConfig, ThrottleConfig};
use agentos_tests::agentos::tier1::GetCompany;
use agentos_throttle_redis::RedisThrottle;

#[path = "../tests/common/redis.rs"]
mod redis_support;

const LIMIT: u32 = 1_000_000_000;
const WINDOWS: [Duration; 2] = [Duration::from_millis(50), Duration::from_secs(1)];
const ROUNDS: u32 = 15;
const ACQUIRES: u32 = 2_000;
const CROWD_ACQUIRES: u32 = 250; // per task: 16 tasks x 4 processes
/// Requests per chunk, and pairs of chunks (one per throttle, side by side) per window.
const CHUNK: u32 = 500;
const PAIRS: u32 = 300;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Rolling,
    Redis,
}

impl Kind {
    const BOTH: [Kind; 2] = [Kind::Rolling, Kind::Redis];

    fn name(self) -> &'static str {
        match self {
            Kind::Rolling => "rolling",
            Kind::Redis => "redis",
        }
    }
}

fn redis_throttle(window: Duration, redis: &str, key: &str) -> RedisThrottle {
    RedisThrottle::builder(redis, &ApiKey::new(key))
        .limit(LIMIT, window)
        .build()
        .unwrap()
}

fn throttle(kind: Kind, window: Duration, redis: &str, key: &str) -> Arc<dyn Throttle> {
    match kind {
        Kind::Rolling => Arc::new(RollingWindow::new(LIMIT, window).unwrap()),
        Kind::Redis => Arc::new(redis_throttle(window, redis, key)),
    }
}

async fn acquires(throttle: &Arc<dyn Throttle>, n: u32) -> Duration {
    let start = Instant::now();
    for _ in 0..n {
        drop(std::hint::black_box(throttle.acquire().await.unwrap()));
    }
    start.elapsed()
}

/// `--worker KIND WINDOW_MS REDIS KEY`: 16 tasks of `CROWD_ACQUIRES` acquires; prints
/// nothing, exits when done.
fn worker(args: &[String]) {
    let kind = if args[0] == Kind::Redis.name() {
        Kind::Redis
    } else {
        Kind::Rolling
    };
    let window = Duration::from_millis(args[1].parse().unwrap());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let throttle = throttle(kind, window, &args[2], &args[3]);
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
fn crowd(kind: Kind, window: Duration, redis: &str, key: &str) -> Duration {
    let exe = std::env::current_exe().unwrap();
    let window_ms = window.as_millis().to_string();
    let start = Instant::now();
    let children: Vec<_> = (0..4)
        .map(|_| {
            Command::new(&exe)
                .args(["--worker", kind.name(), &window_ms, redis, key])
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

/// One window's throttles and clients, and what each round measured, per kind.
struct Setup {
    window: Duration,
    key: String,
    throttles: Vec<Arc<dyn Throttle>>,
    /// `throttles[1]`, typed, to flush it.
    redis: Arc<RedisThrottle>,
    clients: Vec<Client>,
    alone: [Vec<Duration>; 2],
    crowded: [Vec<Duration>; 2],
    requests: [Vec<Duration>; 2],
    requests_cpu: [Vec<Duration>; 2],
    /// Script calls Redis ran during each Redis chunk (both windows' throttles, and any
    /// other client of the server; the other window's throttle is idle then but for its
    /// renewal ticks).
    scripts: Vec<u64>,
}

impl Setup {
    /// Throttles and clients for `window`, on `key` (which `sim` accepts), warmed up.
    fn new(
        window: Duration,
        key: String,
        redis_url: &str,
        sim: &Sim,
        rt: &tokio::runtime::Runtime,
    ) -> Self {
        let redis = Arc::new(redis_throttle(window, redis_url, &key));
        let throttles: Vec<Arc<dyn Throttle>> = vec![
            throttle(Kind::Rolling, window, redis_url, &key),
            Arc::clone(&redis) as Arc<dyn Throttle>,
        ];
        let clients = throttles
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
            .collect::<Vec<_>>();
        // Warm up: connections, scripts loaded.
        for (throttle, client) in throttles.iter().zip(&clients) {
            rt.block_on(acquires(throttle, 100));
            rt.block_on(async { client.get(&GetCompany::new()).await.unwrap() });
        }
        Self {
            window,
            key,
            throttles,
            redis,
            clients,
            alone: Default::default(),
            crowded: Default::default(),
            requests: Default::default(),
            requests_cpu: Default::default(),
            scripts: Vec::new(),
        }
    }

    /// One round of the acquire measures for throttle `i`.
    fn round(&mut self, rt: &tokio::runtime::Runtime, redis: &str, i: usize) {
        self.alone[i].push(rt.block_on(acquires(&self.throttles[i], ACQUIRES)));
        self.crowded[i].push(crowd(Kind::BOTH[i], self.window, redis, &self.key));
    }

    /// One chunk of requests through throttle `i`: wall and CPU time (and, for the Redis
    /// throttle, how many scripts Redis ran meanwhile, read outside the measured span).
    fn chunk(
        &mut self,
        rt: &tokio::runtime::Runtime,
        redis_pid: u32,
        stats: &mut redis::Connection,
        i: usize,
    ) {
        let redis_chunk = Kind::BOTH[i] == Kind::Redis;
        let scripts_before = if redis_chunk { script_calls(stats) } else { 0 };
        let client = &self.clients[i];
        let cpu = || cpu_time(std::process::id()) + cpu_time(redis_pid);
        let cpu_before = cpu();
        self.requests[i].push(rt.block_on(async {
            let start = Instant::now();
            for _ in 0..CHUNK {
                std::hint::black_box(client.get(&GetCompany::new()).await.unwrap());
            }
            if redis_chunk {
                assert_eq!(self.redis.flush().await, 0, "every end reported");
            }
            start.elapsed()
        }));
        self.requests_cpu[i].push(cpu().saturating_sub(cpu_before));
        if redis_chunk {
            self.scripts.push(script_calls(stats) - scripts_before);
        }
    }

    fn report(&self) {
        println!("\nwindow {:?}", self.window);
        println!(
            "| measure | RollingWindow | RedisThrottle | Redis / Rolling (middle half of the rounds) |"
        );
        println!("|---|---|---|---|");
        row("acquire + release, uncontended", &self.alone, ACQUIRES);
        row(
            "acquire + release, 64 tasks in 4 processes",
            &self.crowded,
            CROWD_ACQUIRES * 64,
        );
        let (rolling, redis, wall) =
            row("GET through Client to the simulator", &self.requests, CHUNK);
        let (_, _, cpu) = row(
            "GET: CPU of client, simulator and Redis",
            &self.requests_cpu,
            CHUNK,
        );
        println!(
            "\nrequests/s: {:.0} with RollingWindow, {:.0} with RedisThrottle; the Redis throttle adds {:.1} % to a request to the simulator in wall time, {:.1} % in CPU time",
            1e6 / rolling,
            1e6 / redis,
            (wall - 1.0) * 100.0,
            (cpu - 1.0) * 100.0
        );
        let scripts = median(self.scripts.iter().map(|&n| n as f64));
        let most = self.scripts.iter().max().copied().unwrap_or_default();
        println!(
            "Redis scripts run per chunk of {CHUNK} requests through RedisThrottle: median {scripts}, most {most}"
        );
    }
}

/// Prints one measure's row; returns the medians (µs each) and the median ratio.
fn row(name: &str, rounds: &[Vec<Duration>; 2], n: u32) -> (f64, f64, f64) {
    let each = |d: &Duration| d.as_secs_f64() * 1e6 / f64::from(n);
    let rolling = median(rounds[0].iter().map(each));
    let redis = median(rounds[1].iter().map(each));
    let ratios: Vec<f64> = rounds[0]
        .iter()
        .zip(&rounds[1])
        .map(|(a, b)| each(b) / each(a))
        .collect();
    let mut sorted = ratios;
    sorted.sort_by(f64::total_cmp);
    let ratio = median(sorted.iter().copied());
    let (low, high) = (sorted[sorted.len() / 4], sorted[sorted.len() * 3 / 4]);
    println!("| {name} | {rolling:.2} µs | {redis:.2} µs | {ratio:.3} ({low:.3}–{high:.3}) |");
    (rolling, redis, ratio)
}

/// Which throttle goes first in round `n`: alternately one and the other.
fn order(n: u32) -> [usize; 2] {
    if n % 2 == 0 { [0, 1] } else { [1, 0] }
}

/// CPU time used so far by every thread of process `pid` (the first field of each thread's
/// `schedstat`: ns on a CPU). Threads that ended are not counted; none ends during a round.
fn cpu_time(pid: u32) -> Duration {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).unwrap();
    let ns: u64 = tasks
        .filter_map(|task| {
            let text = std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok()?;
            text.split_whitespace().next()?.parse::<u64>().ok()
        })
        .sum();
    Duration::from_nanos(ns)
}

/// How many scripts (`EVALSHA`) the Redis server has run (from `INFO commandstats`).
fn script_calls(con: &mut redis::Connection) -> u64 {
    let info: String = redis::cmd("INFO").arg("commandstats").query(con).unwrap();
    info.lines()
        .find_map(|line| line.strip_prefix("cmdstat_evalsha:calls="))
        .and_then(|rest| rest.split(',').next()?.parse().ok())
        .unwrap_or(0)
}

/// The process id of the Redis server at `url` (from `INFO server`): its CPU time is counted.
fn redis_pid(url: &str) -> u32 {
    let client = redis::Client::open(url).unwrap();
    let mut con = client.get_connection().unwrap();
    let info: String = redis::cmd("INFO").arg("server").query(&mut con).unwrap();
    info.lines()
        .find_map(|line| line.strip_prefix("process_id:"))
        .and_then(|pid| pid.trim().parse().ok())
        .expect("Redis tells its process id")
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
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
    let redis_pid = redis_pid(&redis);
    // Past a fresh Redis's quarantine (a window after it started: see the crate docs) before
    // anything is timed.
    let longest = WINDOWS.iter().max().copied().unwrap_or_default();
    std::thread::sleep(longest + Duration::from_millis(1500));

    let keys: Vec<String> = WINDOWS
        .iter()
        .map(|w| format!("bench-key-{}ms-{:08x}", w.as_millis(), fastrand::u32(..)))
        .collect();
    let mut sim_config = SimConfig::default().throttle(ThrottleConfig::unlimited());
    for key in &keys {
        sim_config = sim_config.key(KeyConfig::new(key, "demo"));
    }
    // The simulator on its own thread, the client on this one.
    let sim_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let sim = sim_rt.block_on(Sim::start(sim_config)).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut setups: Vec<Setup> = WINDOWS
        .iter()
        .zip(keys)
        .map(|(&window, key)| Setup::new(window, key, &redis, &sim, &rt))
        .collect();

    for round in 0..ROUNDS {
        for setup in &mut setups {
            for i in order(round) {
                setup.round(&rt, &redis, i);
            }
        }
    }
    let mut stats = redis::Client::open(redis.as_str())
        .unwrap()
        .get_connection()
        .unwrap();
    for pair in 0..PAIRS {
        for setup in &mut setups {
            for i in order(pair) {
                setup.chunk(&rt, redis_pid, &mut stats, i);
            }
        }
    }
    println!(
        "\n{ROUNDS} interleaved rounds of acquires, {PAIRS} pairs of {CHUNK} requests; µs each (time / count), medians"
    );
    for setup in &setups {
        setup.report();
    }
}
