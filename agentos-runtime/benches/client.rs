//! Request overhead of `Client` against plain `reqwest` (same local server, same run), and the
//! uncontended cost of a throttle acquire.
//!
//! `cargo bench -p agentos-runtime --bench client`; the closing lines print requests per
//! second both ways, measured interleaved, and their ratio.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use agentos_runtime::{Client, RollingWindow, Throttle};
use common::{CANARY, Company, GetCompany};
use criterion::{Criterion, criterion_group, criterion_main};

const BODY: &str = r#"{"Name":"Acme Lettings","OID":"C0001","Address":"1 High Street"}"#;

async fn start_server() -> String {
    let app = axum::Router::new().fallback(|| async {
        (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            BODY,
        )
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

/// What `Client::get(&GetCompany)` does, by hand with `reqwest`.
async fn plain_get(http: &reqwest::Client, url: &str) -> Company {
    let response = http
        .get(url)
        .header("api_key", CANARY)
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    let body = response.bytes().await.unwrap();
    serde_json::from_slice(&body).unwrap()
}

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let base = rt.block_on(start_server());
    // A limit no benchmark reaches: the throttle's bookkeeping is still paid on every request.
    let client = Client::builder()
        .api_key(CANARY)
        .short_name("acme")
        .base_url(&base)
        .throttle(u32::MAX, Duration::from_millis(50))
        .build()
        .unwrap();
    let plain = reqwest::Client::new();
    let url = format!("{base}/v4/advertising/acme/company/company");

    let mut group = c.benchmark_group("request");
    group.bench_function("agentos_client", |b| {
        b.to_async(&rt)
            .iter(|| async { black_box(client.get(&GetCompany).await.unwrap()) })
    });
    group.bench_function("plain_reqwest", |b| {
        b.to_async(&rt)
            .iter(|| async { black_box(plain_get(&plain, &url).await) })
    });
    group.finish();

    // Criterion reports each side alone; this measures both interleaved in many short rounds,
    // alternating which goes first, so that drift (other processes, frequency) hits both
    // alike, and prints the ratio.
    let (mut client_time, mut plain_time) = (Duration::ZERO, Duration::ZERO);
    const ROUNDS: u32 = 30;
    const PER_ROUND: u32 = 100;
    rt.block_on(async {
        for round in 0..ROUNDS {
            for side in [round % 2, 1 - round % 2] {
                let start = Instant::now();
                for _ in 0..PER_ROUND {
                    if side == 0 {
                        black_box(client.get(&GetCompany).await.unwrap());
                    } else {
                        black_box(plain_get(&plain, &url).await);
                    }
                }
                let took = start.elapsed();
                if side == 0 {
                    client_time += took;
                } else {
                    plain_time += took;
                }
            }
        }
    });
    let per_sec = |t: Duration| f64::from(ROUNDS * PER_ROUND) / t.as_secs_f64();
    let (client_rps, plain_rps) = (per_sec(client_time), per_sec(plain_time));
    println!(
        "interleaved: Client {client_rps:.0} req/s, plain reqwest {plain_rps:.0} req/s, ratio {:.3}",
        client_rps / plain_rps
    );

    let throttle = RollingWindow::new(u32::MAX, Duration::from_millis(50)).unwrap();
    c.bench_function("throttle/acquire_uncontended", |b| {
        b.to_async(&rt)
            .iter(|| async { drop(black_box(throttle.acquire().await)) })
    });
}

criterion_group!(client_benches, benches);
criterion_main!(client_benches);
