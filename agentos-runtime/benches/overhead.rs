//! Instructions per request of each way of sending it (see `support::Side`), counted by
//! callgrind: noise-free, so the client's own overhead separates from the machine's load.
//!
//! `cargo bench -p agentos-api-runtime --bench overhead` starts the server (a child process, not
//! counted), then runs itself under `valgrind --tool=callgrind` once per side with `FEW` and
//! once with `MANY` requests, and reports `(instructions(MANY) - instructions(FEW)) / (MANY -
//! FEW)`: start-up, connection set-up and warm-up cancel out. Needs valgrind.
//!
//! A guard as well: it exits non-zero when `Client` needs more than `1 / MIN_RATIO` times
//! plain `reqwest`'s instructions per request (issue #25's goal: at least 0.95 of its
//! throughput). `tests/request_cost.rs` guards allocations in `cargo test`.

#[path = "support/mod.rs"]
mod support;

use std::process::Command;

use support::{ServerProcess, Side, Sides};

const FEW: u64 = 100;
const MANY: u64 = 600;

/// The least `plain reqwest / Client` (instructions per request) accepted.
const MIN_RATIO: f64 = 0.95;

fn main() {
    if support::serve_if_asked() {
        return;
    }
    let args: Vec<String> = std::env::args().collect();
    // `--run SIDE N URL`: the measured child.
    if let Some(at) = args.iter().position(|a| a == "--run") {
        let side = Side::named(&args[at + 1]).unwrap();
        let n: u64 = args[at + 2].parse().unwrap();
        let rt = support::client_runtime();
        let sides = Sides::new(&args[at + 3]);
        rt.block_on(async {
            for _ in 0..n {
                std::hint::black_box(sides.get(side).await);
            }
        });
        return;
    }
    if Command::new("valgrind").arg("--version").output().is_err() {
        println!("overhead: valgrind is not installed; skipped");
        return;
    }
    let server = ServerProcess::spawn();
    let count = |side: Side, n: u64| -> u64 {
        let output = Command::new("valgrind")
            .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
            .arg(std::env::current_exe().unwrap())
            .args(["--run", side.name(), &n.to_string(), &server.base_url])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{stderr}");
        stderr
            .lines()
            .find_map(|l| l.split("Collected :").nth(1))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("no count in {stderr}"))
    };
    println!(
        "instructions per request (callgrind; ({MANY} requests - {FEW} requests) / {}), client process only",
        MANY - FEW
    );
    println!("| side | instructions / request | ratio to plain reqwest | added by this step |");
    println!("|---|---|---|---|");
    let mut base = None;
    let mut previous = None;
    let mut client_ratio = None;
    for side in Side::ALL {
        let per = (count(side, MANY) - count(side, FEW)) as f64 / (MANY - FEW) as f64;
        let base = *base.get_or_insert(per);
        let step = previous.map_or(String::from("-"), |p: f64| format!("{:+.0}", per - p));
        println!(
            "| {} | {per:.0} | {:.3} | {step} |",
            side.name(),
            base / per
        );
        if side == Side::Client {
            client_ratio = Some(base / per);
        }
        previous = Some(per);
    }
    println!("(ratio = throughput ratio if instructions were all: plain / side)");
    let ratio = client_ratio.expect("Side::ALL holds Client");
    if ratio < MIN_RATIO {
        println!("FAILED: Client / plain reqwest = {ratio:.3}, below {MIN_RATIO}");
        std::process::exit(1);
    }
    println!("Client / plain reqwest = {ratio:.3} (at least {MIN_RATIO}: ok)");
}
