//! A small work pool: maps jobs to results on all cores, results in job order.
//!
//! Each job writes its module's text on the thread that runs it (an item past the margin is
//! parsed and printed there too: token streams are not `Send`); only the IR (shared) and the
//! text (returned) cross threads.

use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// `f` applied to every job, on up to `available_parallelism` threads (heaviest jobs first),
/// results in the order of `jobs`. Runs on the calling thread alone when threads are not
/// available.
pub(crate) fn map<J, R, W, F>(jobs: &[J], weight: W, f: F) -> Vec<R>
where
    J: Sync,
    R: Send,
    W: Fn(&J) -> usize,
    F: Fn(&J) -> R + Sync,
{
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(weight(&jobs[i])));
    let slots: Vec<Mutex<Option<R>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            let result = f(&jobs[i]);
            if let Ok(mut slot) = slots[i].lock() {
                *slot = Some(result);
            }
        }
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(jobs.len());
    std::thread::scope(|scope| {
        for _ in 1..workers {
            if std::thread::Builder::new()
                .name("agentos-emit".into())
                .spawn_scoped(scope, work)
                .is_err()
            {
                break;
            }
        }
        work();
    });
    let mut results = Vec::with_capacity(jobs.len());
    for (i, slot) in slots.into_iter().enumerate() {
        match slot.into_inner().ok().flatten() {
            Some(result) => results.push(result),
            // A slot stays empty only if its worker died; do the job here.
            None => results.push(f(&jobs[i])),
        }
    }
    results
}
