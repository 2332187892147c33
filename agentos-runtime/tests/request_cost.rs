//! What one request costs the client beyond plain `reqwest`, counted rather than timed: heap
//! allocations made on the client's thread per request, `Client::get` beside `reqwest`
//! configured as the client configures it, in one run.
//!
//! Allocation counts do not depend on the machine's load, so this guards the request path in
//! `cargo test` without a timed assertion. What it catches: work on every request that
//! allocates (a scrubber that decodes the content type, a path check that lowercases each
//! segment, a URL built twice, a boxed future more: the regressions issue #25 found cost
//! 2-12 allocations each). Instructions per request are measured by
//! `cargo bench -p agentos-api-runtime --bench overhead` (callgrind), which fails below its
//! ratio (docs/PERFORMANCE.md, section 4a).

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::future::Future;

use common::{CANARY, Company, GetCompany};

/// The system allocator, counting the allocations (and reallocations) of the threads that
/// asked for it.
struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static COUNT: Cell<u64> = const { Cell::new(0) };
}

fn count_one() {
    let _ = COUNTING.try_with(|on| {
        if on.get() {
            let _ = COUNT.try_with(|n| n.set(n.get() + 1));
        }
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_one();
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The body agentOS's "test your connection" call answers (shortened).
const COMPANY: &str = r#"{"Name":"Acme Lettings","OID":"C0001","Address":"1 High Street"}"#;

/// Requests counted per side, after as many unmeasured (connections made, pools warm).
const REQUESTS: u64 = 200;

/// A server on another thread (its allocations are not counted) answering every request
/// with [`COMPANY`]; its base URL.
fn serve() -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let app = axum::Router::new().fallback(|| async {
                (
                    [(axum::http::header::CONTENT_TYPE, "application/json")],
                    COMPANY,
                )
            });
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(format!("http://{}", listener.local_addr().unwrap()))
                .unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    rx.recv().unwrap()
}

/// Allocations per request of `request`, on a current-thread runtime (the client's I/O runs
/// on this thread too).
fn allocations_per_request<F: Future<Output = usize>>(request: impl Fn() -> F) -> f64 {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        for _ in 0..REQUESTS {
            assert_eq!(request().await, 13);
        }
        COUNT.with(|n| n.set(0));
        COUNTING.with(|on| on.set(true));
        for _ in 0..REQUESTS {
            std::hint::black_box(request().await);
        }
        COUNTING.with(|on| on.set(false));
    });
    COUNT.with(Cell::get) as f64 / REQUESTS as f64
}

#[test]
fn a_request_through_the_client_allocates_no_more_than_plain_reqwest() {
    let base_url = serve();
    let url = format!("{base_url}/v4/advertising/acme/company/company");

    // `reqwest` as `ClientBuilder::build` configures it, the key and `accept` per request,
    // the body decoded with `serde_json`: what an application would write by hand.
    let http = common::configured_reqwest();
    let plain = allocations_per_request(|| {
        let request = http.get(&url).header("api_key", CANARY);
        async move {
            let response = request.send().await.unwrap();
            assert!(response.status().is_success());
            let body = response.bytes().await.unwrap();
            serde_json::from_slice::<Company>(&body).unwrap().name.len()
        }
    });

    // The client with its default throttle (a limit never reached: its bookkeeping is paid).
    let client = common::client_for(&base_url)
        .throttle(u32::MAX, std::time::Duration::from_secs(1))
        .build()
        .unwrap();
    let ours =
        allocations_per_request(|| async { client.get(&GetCompany).await.unwrap().name.len() });

    println!("allocations per request: reqwest {plain:.2}, Client {ours:.2}");
    // Measured when this test was written (issue #25): reqwest 48, Client 45. Before the
    // issue's fixes the client made 60 and more (the content type's scrubbing and the path
    // check allocated on every request).
    assert!(
        ours <= plain + 1.0,
        "a request through Client allocates {ours:.2} times, plain reqwest {plain:.2}: \
         something on the request path allocates that did not (docs/PERFORMANCE.md, 4a)"
    );
}
