//! A global allocator that counts the bytes live at once, for the tests that prove an attack
//! on the loader stays within bounded memory (`alias_bomb.rs`, `overlay_bomb.rs`). Each such
//! test binary includes this file and installs [`Counting`] as its `#[global_allocator]`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The system allocator, counting.
pub struct Counting;

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

/// Runs `work`: what it returned, how long it took, and the most bytes it held live at once
/// beyond what was live before it.
pub fn measured<T>(work: impl FnOnce() -> T) -> (T, Duration, usize) {
    let before = LIVE.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let started = Instant::now();
    let out = work();
    let took = started.elapsed();
    (
        out,
        took,
        PEAK.load(Ordering::SeqCst).saturating_sub(before),
    )
}
