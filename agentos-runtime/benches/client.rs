//! Request throughput through `Client` against plain `reqwest`, same local server (a child
//! process), same run. Criterion measures each side; then all sides run interleaved in short
//! rounds (the order rotating), and the closing table prints requests per second and the ratio
//! to plain `reqwest`, the figure docs/PERFORMANCE.md reports.
//!
//! `cargo bench -p agentos-api-runtime --bench client`. Instruction counts of the same sides
//! (noise-free attribution of the overhead): `--bench overhead`.

#[path = "support/mod.rs"]
mod support;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use support::{ServerProcess, Side, Sides};

/// Rounds of the interleaved measurement, and requests per side per round.
const ROUNDS: usize = 40;
const PER_ROUND: usize = 100;

fn main() {
    if support::serve_if_asked() {
        return;
    }
    let server = ServerProcess::spawn();
    // One thread for the client, the server in its own process: the two cores are not
    // shared by a server and a client in one scheduler.
    let rt = support::client_runtime();
    let sides = Sides::new(&server.base_url);

    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("request");
    for side in [Side::Reqwest, Side::ReqwestConfigured, Side::Client] {
        group.bench_function(side.name(), |b| {
            b.to_async(&rt)
                .iter(|| async { black_box(sides.get(side).await) })
        });
    }
    group.finish();
    c.final_summary();

    let mut total = vec![Duration::ZERO; Side::ALL.len()];
    rt.block_on(async {
        // Warm every connection pool first.
        for side in Side::ALL {
            sides.get(side).await;
        }
        for round in 0..ROUNDS {
            for k in 0..Side::ALL.len() {
                let i = (k + round) % Side::ALL.len();
                let start = Instant::now();
                for _ in 0..PER_ROUND {
                    black_box(sides.get(Side::ALL[i]).await);
                }
                total[i] += start.elapsed();
            }
        }
    });
    let per_sec = |t: Duration| (ROUNDS * PER_ROUND) as f64 / t.as_secs_f64();
    let base = per_sec(total[0]);
    println!(
        "\ninterleaved: {ROUNDS} rounds x {PER_ROUND} requests per side, order rotating each round"
    );
    println!("| side | requests/s | ratio to plain reqwest |");
    println!("|---|---|---|");
    for (side, t) in Side::ALL.iter().zip(&total) {
        println!(
            "| {} | {:.0} | {:.3} |",
            side.name(),
            per_sec(*t),
            per_sec(*t) / base
        );
    }
}
