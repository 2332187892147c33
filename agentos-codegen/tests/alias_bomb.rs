//! A "billion laughs" YAML document (a small text whose aliases expand to millions of nodes)
//! is refused quickly with a clear error, and memory stays bounded while it is: this test
//! binary's allocator counts the bytes live at once.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use agentos_codegen::load::{LoadError, MAX_NODES, load_str};

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

const MIB: usize = 1024 * 1024;

#[test]
fn a_wide_alias_is_refused_with_memory_and_time_bounded() {
    // One anchor of 5,000 keys, used 5,000 times: 83 KB of text, 25 million nodes expanded.
    let keys: String = (0..5000).map(|i| format!("  k{i}: v{i}\n")).collect();
    let uses: String = (0..5000).map(|i| format!("u{i}: *a\n")).collect();
    let text = format!(
        "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx-base: &a\n{keys}{uses}"
    );
    assert!(text.len() < 130 * 1024, "{} bytes", text.len());

    let before = LIVE.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let started = Instant::now();
    let err = load_str(&text, "bomb.yaml").unwrap_err();
    let took = started.elapsed();
    let peak = PEAK.load(Ordering::SeqCst).saturating_sub(before);
    println!(
        "alias bomb ({} KB): refused in {took:?}, peak {} MiB",
        text.len() / 1024,
        peak / MIB
    );
    assert!(
        matches!(
            err,
            LoadError::Syntax {
                location: Some(_),
                ..
            }
        ),
        "{err}"
    );
    let message = err.to_string();
    assert!(
        message.contains(&format!(
            "at most {MAX_NODES} nodes, of which aliases may repeat"
        )),
        "{message}"
    );
    // Bounded by the node budget, not by the 25 million nodes of the expansion.
    assert!(peak < 512 * MIB, "peak {} MiB", peak / MIB);
}
