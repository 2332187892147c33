//! Cost of a throttle acquire (`RollingWindow`, through the `Throttle` trait as the client
//! calls it): uncontended, and with 64 tasks acquiring concurrently on a two-thread runtime;
//! then, in the same run, those costs as a share of one request to a local server (a child
//! process) through `Client`.
//!
//! `cargo bench -p agentos-api-runtime --bench throttle`

#[path = "support/mod.rs"]
mod support;

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use agentos_runtime::{RollingWindow, Throttle};
use criterion::Criterion;
use support::{ServerProcess, Side, Sides};

const TASKS: u64 = 64;

/// A limit never reached; a short window keeps the log small, so every acquire also pays for
/// expiring old entries, as in real use.
fn throttle() -> Arc<RollingWindow> {
    Arc::new(RollingWindow::new(u32::MAX, Duration::from_millis(10)).unwrap())
}

/// `iters` acquire-and-release cycles spread over `TASKS` tasks; the time they took together.
async fn contended(throttle: &Arc<RollingWindow>, iters: u64) -> Duration {
    let start = Instant::now();
    let tasks: Vec<_> = (0..TASKS)
        .map(|t| {
            let throttle = Arc::clone(throttle);
            let n = iters / TASKS + u64::from(t < iters % TASKS);
            tokio::spawn(async move {
                for _ in 0..n {
                    drop(black_box(Throttle::acquire(&*throttle).await));
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    start.elapsed()
}

fn main() {
    if support::serve_if_asked() {
        return;
    }
    let single = support::client_runtime();
    let multi = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("throttle");
    let uncontended = throttle();
    group.bench_function("acquire_uncontended", |b| {
        b.to_async(&single)
            .iter(|| async { drop(black_box(Throttle::acquire(&*uncontended).await)) })
    });
    let shared = throttle();
    group.bench_function("acquire_64_tasks", |b| {
        let shared = &shared;
        b.to_async(&multi)
            .iter_custom(|iters| async move { contended(shared, iters).await })
    });
    group.finish();
    c.final_summary();

    // The same three, interleaved in rounds, for ratios measured side by side.
    let server = ServerProcess::spawn();
    let sides = Sides::new(&server.base_url);
    const ROUNDS: u32 = 20;
    const ACQUIRES: u64 = 20_000;
    const REQUESTS: u32 = 100;
    let (mut alone, mut crowd, mut request) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    single.block_on(sides.get(Side::Client));
    for _ in 0..ROUNDS {
        alone += single.block_on(async {
            let start = Instant::now();
            for _ in 0..ACQUIRES {
                drop(black_box(Throttle::acquire(&*uncontended).await));
            }
            start.elapsed()
        });
        crowd += multi.block_on(contended(&shared, ACQUIRES));
        request += single.block_on(async {
            let start = Instant::now();
            for _ in 0..REQUESTS {
                black_box(sides.get(Side::Client).await);
            }
            start.elapsed()
        });
    }
    let ns = |t: Duration, n: u64| t.as_nanos() as f64 / (n * u64::from(ROUNDS)) as f64;
    let (a, b, r) = (
        ns(alone, ACQUIRES),
        ns(crowd, ACQUIRES),
        ns(request, u64::from(REQUESTS)),
    );
    println!(
        "\ninterleaved: {ROUNDS} rounds of {ACQUIRES} acquires each way and {REQUESTS} requests"
    );
    println!("| measure | ns each | share of one local request through Client |");
    println!("|---|---|---|");
    println!("| acquire, uncontended | {a:.0} | {:.4} |", a / r);
    println!("| acquire, 64 tasks on 2 threads | {b:.0} | {:.4} |", b / r);
    println!("| request through Client | {r:.0} | 1 |");
}
