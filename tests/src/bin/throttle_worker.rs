//! One of several processes sharing an API key through the Redis throttle, for
//! `tests/redis_throttle.rs`. Not an example: a test's helper process.
//!
//! ```text
//! throttle_worker requests REDIS_URL BASE_URL KEY LIMIT WINDOW_MS COUNT CONCURRENCY
//!     sends COUNT GET requests (CONCURRENCY at a time) to the simulator at BASE_URL, through a
//!     client whose throttle is the Redis one; prints `ok=N errors=M unreleased=U`, one line per error
//!     first, after waiting for the releases of its last requests (`RedisThrottle::flush`)
//! throttle_worker hold REDIS_URL KEY LIMIT WINDOW_MS N
//!     takes N slots and keeps them in flight (prints `held N`), until it is killed
//! ```

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use agentos_runtime::{ApiKey, Client, Throttle};
use agentos_tests::agentos::tier1::GetCompany;
use agentos_throttle_redis::RedisThrottle;
use futures_util::StreamExt;

/// Long enough to ride out a Redis restart in the tests.
const FAIL_AFTER: Duration = Duration::from_secs(10);

fn throttle(redis: &str, key: &str, limit: &str, window_ms: &str) -> Result<RedisThrottle, String> {
    let limit: u32 = limit.parse().map_err(|e| format!("LIMIT: {e}"))?;
    let window: u64 = window_ms.parse().map_err(|e| format!("WINDOW_MS: {e}"))?;
    RedisThrottle::builder(redis, &ApiKey::new(key))
        .limit(limit, Duration::from_millis(window))
        .fail_after(FAIL_AFTER)
        .build()
        .map_err(|e| e.to_string())
}

async fn requests(args: &[String]) -> Result<bool, String> {
    let [redis, base, key, limit, window, count, concurrency] = args else {
        return Err("requests: 7 arguments expected".into());
    };
    let throttle = throttle(redis, key, limit, window)?;
    let client = Client::builder()
        .base_url(base)
        .api_key(key.as_str())
        .short_name("demo")
        .throttle_with(Arc::new(throttle.clone()))
        .build()
        .map_err(|e| e.to_string())?;
    let count: usize = count.parse().map_err(|e| format!("COUNT: {e}"))?;
    let concurrency: usize = concurrency
        .parse()
        .map_err(|e| format!("CONCURRENCY: {e}"))?;
    let results: Vec<_> = futures_util::stream::iter(0..count)
        .map(|_| {
            let client = client.clone();
            async move { client.get(&GetCompany::new()).await }
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let mut errors = 0;
    for result in &results {
        if let Err(error) = result {
            errors += 1;
            println!("error: {error}");
        }
    }
    // The last releases are still on their way: sent before the runtime ends.
    let unreleased = throttle.flush().await;
    println!(
        "ok={} errors={errors} unreleased={unreleased}",
        results.len() - errors
    );
    Ok(errors == 0 && unreleased == 0)
}

async fn hold(args: &[String]) -> Result<bool, String> {
    let [redis, key, limit, window, n] = args else {
        return Err("hold: 5 arguments expected".into());
    };
    let throttle = throttle(redis, key, limit, window)?;
    let n: usize = n.parse().map_err(|e| format!("N: {e}"))?;
    let mut permits = Vec::new();
    for _ in 0..n {
        permits.push(throttle.acquire().await.map_err(|e| e.to_string())?);
    }
    println!("held {}", permits.len());
    std::io::stdout().flush().map_err(|e| e.to_string())?;
    // Until killed; the permits (and their leases' renewal) stay alive meanwhile.
    tokio::time::sleep(Duration::from_secs(3600)).await;
    drop(permits);
    Ok(true)
}

#[tokio::main]
async fn main() -> ExitCode {
    if std::env::var_os("THROTTLE_WORKER_TRACE").is_some() {
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(std::io::stderr)
            .init();
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("requests") => requests(&args[1..]).await,
        Some("hold") => hold(&args[1..]).await,
        _ => Err("usage: throttle_worker requests|hold ...".into()),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("throttle_worker: {message}");
            ExitCode::from(2)
        }
    }
}
