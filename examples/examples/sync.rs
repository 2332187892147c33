//! The sync: every paged collection of the schema into SQLite, resumably, under the throttle.
//!
//! ```sh
//! cargo run --release -p agentos-examples --example sync            # against a simulator
//! cargo run --release -p agentos-examples --example sync -- --help
//! ```
//!
//! Stop it (Ctrl-C) and run it again: it resumes. Against the simulator it also reports how
//! close it came to the throttle's theoretical rate. With `AGENTOS_API_KEY` and
//! `AGENTOS_SHORT_NAME` set it syncs from the real API under its 50-per-60-s rule instead.
//!
//! `--redis URL` keeps the throttle in Redis (`agentos-throttle-redis`), so that several
//! processes on one key share its window. Two syncs on one simulator, for instance:
//!
//! ```sh
//! cargo run --release -p agentos-api-sim --features cli -- --port 8080 --limit 50 --window-secs 60 &
//! export AGENTOS_BASE_URL=http://127.0.0.1:8080 AGENTOS_API_KEY=sim-demo-key-7f3a9c2e5b1d AGENTOS_SHORT_NAME=demo
//! cargo run --release -p agentos-examples --example sync -- --redis redis://127.0.0.1:6379/ --db /tmp/a.sqlite &
//! cargo run --release -p agentos-examples --example sync -- --redis redis://127.0.0.1:6379/ --db /tmp/b.sqlite
//! ```

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use agentos_examples::metered::Metered;
use agentos_examples::sync::progress::Bars;
use agentos_examples::sync::store::Store;
use agentos_examples::sync::{self, SyncError, SyncReport};
use agentos_examples::target::{ApiTarget, Target};
use agentos_runtime::{ApiKey, Client};
use agentos_sim::{DEMO_KEY, DEMO_SHORT_NAME, DatasetSize, Sim, SimConfig, ThrottleConfig};
use agentos_throttle_redis::RedisThrottle;
use clap::Parser;

/// Imports every paged agentOS collection into SQLite.
#[derive(Debug, Parser)]
struct Args {
    /// The SQLite database (created when missing).
    #[arg(long, default_value_os_t = std::env::temp_dir().join("agentos-sync.sqlite"))]
    db: PathBuf,
    /// Delete the database first instead of resuming.
    #[arg(long)]
    fresh: bool,
    /// Simulator only: requests allowed per window (the client is told the same rule).
    #[arg(long, default_value_t = 20)]
    limit: u32,
    /// Simulator only: the throttle window in milliseconds.
    #[arg(long, default_value_t = 4_000)]
    window_ms: u64,
    /// Simulator only: records in each large collection (branches, appointments, tenancies,
    /// properties).
    #[arg(long, default_value_t = 30_000)]
    records: usize,
    /// Keep the throttle in this Redis (`redis://HOST:PORT/DB`), shared with every other
    /// process of the key that does the same.
    #[arg(long, value_name = "URL")]
    redis: Option<String>,
}

/// The throttle of `limit` per `window` for `key`: in process, or in Redis with `--redis`
/// (then also returned, to flush its last releases before the process exits).
fn throttle(
    args: &Args,
    key: &str,
    limit: u32,
    window: Duration,
) -> Result<(Metered, Option<RedisThrottle>), Box<dyn std::error::Error>> {
    Ok(match &args.redis {
        None => (Metered::rolling(limit, window)?, None),
        Some(url) => {
            let redis = RedisThrottle::builder(url, &ApiKey::new(key))
                .limit(limit, window)
                .build()?;
            println!("throttle shared through Redis ({})", redis.keys().slots);
            let metered = Metered::over(std::sync::Arc::new(redis.clone()), limit, window);
            (metered, Some(redis))
        }
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: &Args) -> Result<(), Box<dyn std::error::Error>> {
    let target = Target::from_env()?;
    if args.fresh {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = args.db.clone().into_os_string();
            path.push(suffix);
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                _ => {}
            }
        }
    }
    let (client, throttle, redis, sim) = match &target {
        Target::Sim => {
            let window = Duration::from_millis(args.window_ms);
            let dataset = [
                "BranchModel",
                "AdvertisingBranchModel",
                "DiaryAppointmentModel",
                "TenancyModel",
                "PropertyModel",
            ]
            .into_iter()
            .fold(DatasetSize::default(), |d, model| {
                d.model(model, args.records)
            });
            let config = SimConfig::default()
                .dataset(dataset)
                .throttle(ThrottleConfig::new(args.limit, window));
            let sim = Sim::start(config).await?;
            let (throttle, redis) = throttle(args, DEMO_KEY, args.limit, window)?;
            let client = Client::builder()
                .base_url(sim.base_url())
                .api_key(DEMO_KEY)
                .short_name(DEMO_SHORT_NAME)
                .throttle_with(throttle.shared())
                .build()?;
            println!(
                "agentos-sim on {}: {} records per large collection, throttle {} requests per {} s on both sides",
                sim.base_url(),
                args.records,
                args.limit,
                window.as_secs_f64()
            );
            (client, throttle, redis, Some(sim))
        }
        Target::Api(ApiTarget {
            key,
            short_name,
            base_url,
        }) => {
            // agentOS's documented rule; raise both numbers if the key was granted more.
            let (throttle, redis) = throttle(args, key.expose(), 50, Duration::from_secs(60))?;
            let mut builder = Client::builder()
                .api_key(key.clone())
                .short_name(short_name)
                .throttle_with(throttle.shared());
            if let Some(url) = base_url {
                builder = builder.base_url(url);
            }
            let client = builder.build()?;
            println!("agentOS API at {} ({short_name})", client.base_url());
            (client, throttle, redis, None)
        }
    };
    println!("database: {}", args.db.display());
    let store = Store::open(&args.db)?;
    let result = sync::run(&client, &throttle, &store, &Bars::new()).await;
    // The last requests' slots are released in the background: sent before the runtime ends,
    // so that the key's other processes get them back a window after, not a lease after.
    if let Some(redis) = &redis {
        redis.flush().await;
    }
    let report = match result {
        Ok(report) => report,
        Err(err) => {
            if let SyncError::Api { report, .. } = &err {
                eprintln!("{report}");
            }
            eprintln!("stopped; run again to resume from the last stored page");
            return Err(err.into());
        }
    };
    print_summary(&report, sim.is_some());
    Ok(())
}

fn print_summary(report: &SyncReport, against_sim: bool) {
    println!();
    println!(
        "{:<22} {:>9} {:>7} {:>10} {:>9}",
        "collection", "from", "pages", "stored", "rows"
    );
    for c in &report.collections {
        let from = if c.already_complete {
            "complete".to_owned()
        } else {
            c.started_at.to_string()
        };
        println!(
            "{:<22} {:>9} {:>7} {:>10} {:>9}",
            c.name, from, c.pages, c.stored, c.rows
        );
    }
    let rate = &report.rate;
    println!();
    println!(
        "{} rows in {} tables; {} records stored this run with {} requests in {:.1} s; {:.1} s waited for the throttle (summed over requests)",
        report.rows(),
        report.collections.len(),
        rate.records,
        rate.requests,
        rate.elapsed.as_secs_f64(),
        report.throttle_wait.as_secs_f64()
    );
    println!(
        "throttle: {} requests per {} s -> theoretical {:.0} records/s (1000 per request)",
        rate.limit,
        rate.window.as_secs_f64(),
        rate.theoretical()
    );
    println!(
        "page fill {:.1} % (records per request / 1000); raw rate {:.0} records/s (initial burst included)",
        rate.page_fill() * 100.0,
        rate.raw()
    );
    let (Some(slots), Some(sustained), Some(share)) = (
        rate.slot_use(),
        rate.sustained(),
        rate.share_of_theoretical(),
    ) else {
        println!("the run fitted in the throttle's first burst: no sustained rate to report");
        return;
    };
    println!(
        "slot use {:.1} % -> sustained {:.0} records/s = {:.1} % of the theoretical rate",
        slots * 100.0,
        sustained,
        share * 100.0,
    );
    if against_sim && share < 0.95 {
        println!("below the 95 % goal");
        if cfg!(debug_assertions) {
            println!(
                "(a debug build: the simulator's and the client's JSON work is slower than the throttle here; run with --release)"
            );
        }
    }
}
