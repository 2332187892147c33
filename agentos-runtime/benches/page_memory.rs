//! Peak memory of streaming a paged collection: it must grow with the page, not with the
//! total. A counting global allocator records the peak of live heap bytes in this process
//! (the server runs in a child process and is not counted) while `Client::items` streams
//! 10,000 and 100,000 records at 1000 per page (and 100,000 at 100 per page); collecting
//! 100,000 into a `Vec` shows what growing with the total would look like.
//!
//! `cargo bench -p agentos-api-runtime --bench page_memory`; exits non-zero if streaming 100,000
//! records peaks at more than 1.5 times the peak of 10,000.

#[path = "support/mod.rs"]
mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use agentos_runtime::Client;
use futures_util::{StreamExt, TryStreamExt};
use support::ServerProcess;
use support::common::{Branch, CANARY, ListBranches};

/// `System`, counting live bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(size: usize) {
    let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is passed on.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract is passed on.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Peak live bytes above the level at the start, while `job` runs.
async fn peak_of<F: std::future::Future<Output = usize>>(job: F) -> (usize, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let out = job.await;
    (PEAK.load(Ordering::Relaxed) - before, out)
}

fn client(base_url: &str, total: u32, page: u32) -> Client {
    // The server reads the collection's size from the short name (see `support`).
    Client::builder()
        .api_key(CANARY)
        .short_name(format!("n{total}"))
        .base_url(base_url)
        .throttle(u32::MAX, Duration::from_millis(10))
        .page_size(page)
        .build()
        .unwrap()
}

fn main() {
    if support::serve_if_asked() {
        return;
    }
    let server = ServerProcess::spawn();
    let rt = support::client_runtime();
    let stream = |total: u32, page: u32| {
        let client = client(&server.base_url, total, page);
        async move {
            let mut items = client.items(ListBranches::default());
            let mut n = 0;
            while let Some(item) = items.next().await {
                std::hint::black_box(item.unwrap());
                n += 1;
            }
            n
        }
    };
    let collect = |total: u32, page: u32| {
        let client = client(&server.base_url, total, page);
        async move {
            let all: Vec<Branch> = client
                .items(ListBranches::default())
                .try_collect()
                .await
                .unwrap();
            all.len()
        }
    };
    rt.block_on(async {
        // Warm up: connection pool, lazily initialised statics.
        stream(2000, 1000).await;
        let runs = [
            ("stream", 10_000, 1000, peak_of(stream(10_000, 1000)).await),
            (
                "stream",
                100_000,
                1000,
                peak_of(stream(100_000, 1000)).await,
            ),
            ("stream", 100_000, 100, peak_of(stream(100_000, 100)).await),
            (
                "collect into Vec",
                100_000,
                1000,
                peak_of(collect(100_000, 1000)).await,
            ),
        ];
        println!("peak live heap above the start, this process only (counting allocator)");
        println!("| how | records | page size | records seen | peak (KiB) |");
        println!("|---|---|---|---|---|");
        for (how, total, page, (peak, seen)) in runs {
            assert_eq!(seen, total);
            println!(
                "| {how} | {total} | {page} | {seen} | {:.0} |",
                peak as f64 / 1024.0
            );
        }
        let (small, large) = (runs[0].3.0 as f64, runs[1].3.0 as f64);
        let ratio = large / small;
        println!("peak(100,000) / peak(10,000) at 1000 per page: {ratio:.3}");
        println!(
            "peak(100,000 at 100 per page) / peak(100,000 at 1000 per page): {:.3}",
            runs[2].3.0 as f64 / large
        );
        if ratio > 1.5 {
            eprintln!("FAIL: streaming peak grows with the total");
            std::process::exit(1);
        }
    });
}
