//! The sync example's resume: a run stopped mid-way (its future dropped, as a killed process
//! would stop) and started again ends with the same database as a run that was never
//! interrupted, having fetched again at most the pages that were in flight when it stopped.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use agentos_examples::metered::Metered;
use agentos_examples::sync::collections;
use agentos_examples::sync::progress::{Progress, Silent};
use agentos_examples::sync::store::{Checkpoint, Store, StoredRow};
use agentos_examples::sync::{self, SyncReport};
use agentos_runtime::Client;
use agentos_sim::{DatasetSize, Sim, SimConfig, ThrottleConfig};
use tokio::sync::Notify;

/// Signals once `after` pages have been stored.
struct StopAfter {
    after: usize,
    stored: AtomicUsize,
    reached: Notify,
}

impl Progress for StopAfter {
    fn stored(&self, _: &str, _: usize, _: &Checkpoint) {
        if self.stored.fetch_add(1, Ordering::SeqCst) + 1 == self.after {
            self.reached.notify_one();
        }
    }
}

async fn setup() -> (Sim, Client, Metered) {
    let dataset = DatasetSize::default()
        .model("BranchModel", 2_000)
        .model("AdvertisingBranchModel", 2_000)
        .model("DiaryAppointmentModel", 1_500)
        .model("TenancyModel", 1_200)
        .model("PropertyModel", 1_000);
    let sim = Sim::start(
        SimConfig::default()
            .dataset(dataset)
            .throttle(ThrottleConfig::unlimited()),
    )
    .await
    .unwrap();
    let throttle = Metered::rolling(1_000_000, Duration::from_secs(1)).unwrap();
    // Pages of 100, so the large collections take 10 to 20 pages: a writer runs at most two
    // pages ahead of the cut (one fetched and waiting, one being written), so after 6 stored
    // pages some collection is certainly half done, whatever order the pages arrive in.
    let client = common::builder(&sim)
        .throttle_with(throttle.shared())
        .page_size(100)
        .build()
        .unwrap();
    (sim, client, throttle)
}

fn table_rows(store: &Store) -> Vec<(&'static str, Vec<StoredRow>)> {
    collections::all()
        .iter()
        .map(|c| (c.name, store.rows(c.name).unwrap()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_sync_resumes_to_the_same_rows_none_twice() {
    let (sim, client, throttle) = setup().await;
    let dir = tempfile::tempdir().unwrap();

    // The reference: one uninterrupted run.
    let whole = Store::open(&dir.path().join("whole.sqlite")).unwrap();
    let reference: SyncReport = sync::run(&client, &throttle, &whole, &Silent)
        .await
        .unwrap();
    let reference_requests = sim.requests().len();
    sim.clear_requests();

    // Stopped after 6 stored pages: the future is dropped mid-run.
    let path = dir.path().join("resumed.sqlite");
    let store = Store::open(&path).unwrap();
    let stop = StopAfter {
        after: 6,
        stored: AtomicUsize::new(0),
        reached: Notify::new(),
    };
    tokio::select! {
        done = sync::run(&client, &throttle, &store, &stop) => panic!("finished before the cut: {done:?}"),
        () = stop.reached.notified() => {}
    }
    let interrupted_requests = sim.requests().len();
    // A page write under way when the future was dropped runs on (on its blocking thread) and
    // commits whole or not at all; let it end before reading where each collection stopped.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let stopped: Vec<(&'static str, Checkpoint)> = collections::all()
        .iter()
        .map(|c| (c.name, store.checkpoint(c.name).unwrap()))
        .collect();
    let partial: Vec<_> = stopped
        .iter()
        .filter(|(_, c)| c.next_offset > 0 && !c.complete)
        .collect();
    assert!(
        !partial.is_empty(),
        "the cut left no collection half done: {stopped:?}"
    );
    assert!(stopped.iter().any(|(_, c)| !c.complete));

    // Restarted: it continues from each checkpoint.
    sim.clear_requests();
    let resumed = sync::run(&client, &throttle, &store, &Silent)
        .await
        .unwrap();
    assert!(!resumed.new_pass);
    for ((name, checkpoint), report) in stopped.iter().zip(&resumed.collections) {
        assert_eq!(*name, report.name);
        assert_eq!(report.already_complete, checkpoint.complete, "{name}");
        if !checkpoint.complete {
            assert_eq!(report.started_at, checkpoint.next_offset, "{name}");
        }
    }
    for (name, checkpoint) in &partial {
        let path = collections::all()
            .iter()
            .find(|c| c.name == *name)
            .unwrap()
            .path;
        let log = sim.requests();
        let first = common::calls(&log, "GET", path)[0];
        // The offset travels in the query (v2/v3) or as the path's last but one segment (v4).
        let offset =
            common::query_value(&first.query, "offset").or_else(|| first.path.rsplit('/').nth(1));
        assert_eq!(
            offset,
            Some(checkpoint.next_offset.to_string().as_str()),
            "{name} did not resume at its checkpoint"
        );
    }
    // Fetched again: at most the pages each collection had fetched but not stored at the cut
    // (one waiting to be written, one in flight).
    let resumed_requests = sim.requests().len();
    assert!(
        interrupted_requests + resumed_requests
            <= reference_requests + 2 * collections::all().len(),
        "{interrupted_requests} + {resumed_requests} requests against {reference_requests} uninterrupted"
    );

    // The same rows as the uninterrupted run, each once (OID is the primary key).
    assert_eq!(table_rows(&store), table_rows(&whole));
    assert_eq!(resumed.rows(), reference.rows());

    // Run again after completion: a new pass, the same rows.
    let again = sync::run(&client, &throttle, &store, &Silent)
        .await
        .unwrap();
    assert!(again.new_pass);
    assert_eq!(table_rows(&store), table_rows(&whole));
}
