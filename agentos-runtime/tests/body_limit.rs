//! A success body larger than the client's limit ends in `ApiError::ResponseTooLarge` with
//! memory bounded by the limit, whatever the server sends: a 2 GiB body, an endless chunked
//! one, a `Content-Length` that lies. Memory is measured, not hoped for: this test binary's
//! global allocator counts the bytes live at once, and each case asserts the peak.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use agentos_runtime::client::DEFAULT_MAX_BODY_SIZE;
use agentos_runtime::{ApiError, RetryPolicy};
use common::*;

/// The system allocator, counting the bytes live and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
            PEAK.fetch_max(live, Ordering::SeqCst);
        }
        ptr
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The cases measure one at a time (the counter is process-wide).
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const MIB: usize = 1024 * 1024;

/// Runs `call` and returns the most memory live at once during it, above what was live
/// before.
async fn peak_during<T>(call: impl std::future::Future<Output = T>) -> (T, usize) {
    let before = LIVE.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let out = call.await;
    (out, PEAK.load(Ordering::SeqCst).saturating_sub(before))
}

/// A server answering every request with `head` and then body bytes: `total` of them (at
/// most; the client may hang up first), or without end.
async fn serving(head: &'static str, chunked: bool, total: Option<u64>) -> RawServer {
    RawServer::start(move |_, mut stream| async move {
        if read_request(&mut stream).await.is_some() {
            write_endless(&mut stream, head, chunked, total).await;
        }
    })
    .await
}

async fn too_large(server: &RawServer, limit: Option<usize>) -> (ApiError<AgentError>, usize) {
    let mut builder = client_for(&server.base_url).retry(RetryPolicy::never());
    if let Some(limit) = limit {
        builder = builder.max_body_size(limit);
    }
    let client = builder.build().unwrap();
    let (result, peak) = peak_during(client.get(&GetCompany)).await;
    (result.unwrap_err(), peak)
}

#[tokio::test(flavor = "current_thread")]
async fn a_2_gib_body_stops_at_the_default_limit_with_memory_bounded() {
    let _one = ONE_AT_A_TIME.lock().await;
    // Announced honestly: refused before a byte of it is read.
    let honest = serving(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2147483648",
        false,
        Some(2 << 30),
    )
    .await;
    let (err, peak) = too_large(&honest, None).await;
    assert!(
        matches!(err, ApiError::ResponseTooLarge { limit, .. } if limit == DEFAULT_MAX_BODY_SIZE),
        "{err:?}"
    );
    println!(
        "2 GiB announced by Content-Length: peak {} KiB",
        peak / 1024
    );
    assert!(peak < MIB, "peak {peak} bytes");

    // Not announced (chunked): read up to the limit, then refused.
    let chunked = serving(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked",
        true,
        Some(2 << 30),
    )
    .await;
    let (err, peak) = too_large(&chunked, None).await;
    assert!(matches!(err, ApiError::ResponseTooLarge { .. }), "{err:?}");
    println!(
        "2 GiB chunked: peak {} MiB (limit {} MiB)",
        peak / MIB,
        DEFAULT_MAX_BODY_SIZE / MIB
    );
    // The body up to the limit, plus what the transport's buffers take.
    assert!(peak < DEFAULT_MAX_BODY_SIZE + 8 * MIB, "peak {peak} bytes");
    let report = err.support_report().to_string();
    assert!(report.contains("xxxx"), "the report shows the body's start");
    assert!(report.contains(&format!(
        "(more than the limit of {DEFAULT_MAX_BODY_SIZE} bytes)"
    )));
}

#[tokio::test(flavor = "current_thread")]
async fn an_endless_or_lying_body_stops_at_a_configured_limit() {
    let _one = ONE_AT_A_TIME.lock().await;
    // (head, chunked): an endless chunked body, and a Content-Length smaller than what is
    // sent (hyper stops at the length: that is a complete, if wrong, body of 1 MiB).
    let endless = serving(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked",
        true,
        None,
    )
    .await;
    let (err, peak) = too_large(&endless, Some(MIB)).await;
    assert!(
        matches!(err, ApiError::ResponseTooLarge { limit, .. } if limit == MIB),
        "{err:?}"
    );
    println!(
        "endless chunked body, 1 MiB limit: peak {} KiB",
        peak / 1024
    );
    assert!(peak < 4 * MIB, "peak {peak} bytes");

    // A body just under the limit is read whole (and here fails to decode, as it is not JSON).
    let under = serving(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 65536",
        false,
        Some(65536),
    )
    .await;
    let client = client_for(&under.base_url)
        .retry(RetryPolicy::never())
        .max_body_size(65536)
        .build()
        .unwrap();
    let err = client.get(&GetCompany).await.unwrap_err();
    assert!(matches!(err, ApiError::Decode { .. }), "{err:?}");
}
