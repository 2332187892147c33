//! The API -> SQLite sync: the architecture agentOS recommends (scheduled imports into your
//! own storage; the app reads the storage, not the API).
//!
//! Every collection of [`collections::all`] is imported into its own table (upsert by `OID`)
//! through the generated client's page streams, all collections at once under the client's
//! one throttle, so the throttle, not the collection order, sets the pace. Each page is
//! stored with its collection's checkpoint in one transaction ([`store`]), so a run that is
//! stopped anywhere (the future dropped, the process killed) resumes where it stopped and
//! ends with the same rows, none twice; at most the two pages of each collection that were
//! fetched but not yet stored are fetched again. A run that finds every collection complete
//! starts a new pass over all of them.

pub mod collections;
pub mod progress;
pub mod rate;
pub mod store;

use std::error::Error as StdError;
use std::time::Duration;

use agentos_runtime::{ApiError, Client, StatusError, SupportReport};
use futures_util::StreamExt;
use futures_util::future::{join, try_join_all};
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::metered::Metered;
use collections::Collection;
use progress::Progress;
use rate::Rate;
use store::{Checkpoint, Store};

/// Why a sync stopped. Pages stored before the error stay stored; the next run resumes.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// A request failed for good (after the client's retries).
    #[error("{operation}: {source}")]
    Api {
        /// The operation that failed.
        operation: &'static str,
        /// The client's error.
        source: Box<dyn StdError + Send + Sync>,
        /// Its support report.
        report: Box<SupportReport>,
    },
    /// The database refused something.
    #[error("database: {0}")]
    Store(#[from] rusqlite::Error),
    /// A record could not be turned into JSON.
    #[error("encoding a record: {0}")]
    Encode(serde_json::Error),
    /// A table name that is not a plain identifier.
    #[error("{0:?} is not a valid table name")]
    TableName(String),
    /// The thread writing to the database failed.
    #[error("database worker: {0}")]
    Worker(String),
}

impl SyncError {
    /// Maps a client error of `operation` to a [`SyncError`].
    pub fn api<E: StatusError>(operation: &'static str) -> impl FnOnce(ApiError<E>) -> SyncError {
        move |err| SyncError::Api {
            operation,
            report: Box::new(err.support_report()),
            source: Box::new(err),
        }
    }
}

/// What one collection did in a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionReport {
    /// The collection (and table).
    pub name: &'static str,
    /// The offset the run started from (0 unless resumed).
    pub started_at: i64,
    /// Pages stored in this run.
    pub pages: usize,
    /// Records stored (inserted or updated) in this run.
    pub stored: u64,
    /// Records received without an `OID` (not stored: there is nothing to key them by).
    pub without_oid: u64,
    /// Rows in the table after the run.
    pub rows: u64,
    /// Whether the collection was already complete, so this run did not touch it.
    pub already_complete: bool,
}

/// What a run did.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncReport {
    /// Per collection, in [`collections::all`] order.
    pub collections: Vec<CollectionReport>,
    /// Requests, time and rate figures.
    pub rate: Rate,
    /// Time requests spent waiting for throttle slots, summed.
    pub throttle_wait: Duration,
    /// Whether this run started a new pass (the previous one had completed).
    pub new_pass: bool,
}

impl SyncReport {
    /// Rows across all tables.
    pub fn rows(&self) -> u64 {
        self.collections.iter().map(|c| c.rows).sum()
    }
}

/// Runs `f` on a blocking thread (SQLite calls block).
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, SyncError> + Send + 'static,
) -> Result<T, SyncError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| SyncError::Worker(e.to_string()))?
}

/// Imports every collection into `store` through `client`, whose throttle must be `throttle`
/// (it is read for the request count, waits and rate figures).
pub async fn run(
    client: &Client,
    throttle: &Metered,
    store: &Store,
    progress: &dyn Progress,
) -> Result<SyncReport, SyncError> {
    let all = collections::all();
    let names: Vec<&'static str> = all.iter().map(|c| c.name).collect();
    let (checkpoints, new_pass) = {
        let store = store.clone();
        blocking(move || {
            store.create_tables(names.iter().copied())?;
            let read = |store: &Store| -> Result<Vec<Checkpoint>, SyncError> {
                names.iter().map(|name| store.checkpoint(name)).collect()
            };
            let checkpoints = read(&store)?;
            if checkpoints.iter().all(|c| c.complete) {
                store.reset_checkpoints()?;
                return Ok((read(&store)?, true));
            }
            Ok((checkpoints, false))
        })
        .await?
    };

    let before = throttle.snapshot();
    let started = Instant::now();
    let runs = all
        .iter()
        .zip(checkpoints)
        .map(|(collection, from)| import(*collection, from, client, store, progress));
    let mut reports = try_join_all(runs).await?;
    let elapsed = started.elapsed();
    let after = throttle.snapshot();

    let counted = {
        let store = store.clone();
        let names: Vec<&'static str> = reports.iter().map(|r| r.name).collect();
        blocking(move || names.iter().map(|name| store.count(name)).collect()).await?
    };
    let counted: Vec<u64> = counted;
    for (report, rows) in reports.iter_mut().zip(counted) {
        report.rows = rows;
    }
    let sent_at = after.granted_at[before.requests.min(after.granted_at.len())..].to_vec();
    let records = reports.iter().map(|r| r.stored + r.without_oid).sum();
    Ok(SyncReport {
        rate: Rate {
            limit: throttle.limit(),
            window: throttle.window(),
            records,
            requests: sent_at.len(),
            elapsed,
            sent_at,
        },
        throttle_wait: after.waited.saturating_sub(before.waited),
        collections: reports,
        new_pass,
    })
}

/// Imports one collection from its checkpoint to its end.
async fn import(
    collection: Collection,
    from: Checkpoint,
    client: &Client,
    store: &Store,
    progress: &dyn Progress,
) -> Result<CollectionReport, SyncError> {
    let mut report = CollectionReport {
        name: collection.name,
        started_at: from.next_offset,
        pages: 0,
        stored: 0,
        without_oid: 0,
        rows: 0,
        already_complete: from.complete,
    };
    if from.complete {
        return Ok(report);
    }
    progress.started(collection.name, &from);
    // The next page is fetched while this one is written: the request cycle of a collection
    // does not wait for the database, so a freed throttle slot finds a request waiting.
    let (ready, fetched) = mpsc::channel(1);
    let mut pages = collection.pages(client, from.next_offset);
    let fetch = async move {
        while let Some(batch) = pages.next().await {
            let failed = batch.is_err();
            // Stop after passing on an error, or when the writer has stopped (it failed).
            if ready.send(batch).await.is_err() || failed {
                break;
            }
        }
    };
    let write = async {
        // Owned here, so a writer that stops (on an error) closes the channel and the fetcher.
        let mut fetched = fetched;
        while let Some(batch) = fetched.recv().await {
            let batch = batch?;
            let stored = batch.rows.len();
            let received = u64::try_from(batch.received).unwrap_or(0);
            let now = {
                let store = store.clone();
                blocking(move || store.write_page(collection.name, &batch)).await?
            };
            report.pages += 1;
            report.stored += stored as u64;
            report.without_oid += received.saturating_sub(stored as u64);
            progress.stored(collection.name, stored, &now);
        }
        Ok::<(), SyncError>(())
    };
    let ((), written) = join(fetch, write).await;
    written?;
    progress.finished(collection.name);
    Ok(report)
}
