//! The SQLite side of the sync: one table per collection keyed by `OID`, and a checkpoint per
//! collection written in the same transaction as the page it follows.
//!
//! That one transaction is what makes the sync resumable: whenever the process stops, the
//! database holds whole pages and, for each collection, the offset of the first record not
//! yet stored. A restart asks for that offset, and upserts by `OID` make a page that is stored
//! twice (the API's data moved between pages) update rows instead of duplicating them.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};

use super::SyncError;
use super::collections::Batch;

/// How far a collection has been imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Checkpoint {
    /// The offset to ask for next.
    pub next_offset: i64,
    /// The collection's size when last seen.
    pub total: Option<i64>,
    /// Whether the last page has been stored.
    pub complete: bool,
}

/// A row as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRow {
    /// `OID`, the primary key.
    pub oid: String,
    /// `ETag`.
    pub etag: Option<String>,
    /// The record as JSON.
    pub data: String,
}

/// A sync database. Cheap to clone; clones share one connection, used from blocking threads.
#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

/// Table names come from the collection list in code, never from input; checked anyway,
/// since they are written into SQL.
fn checked(table: &str) -> Result<&str, SyncError> {
    let valid = !table.is_empty()
        && table
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if valid {
        Ok(table)
    } else {
        Err(SyncError::TableName(table.to_owned()))
    }
}

impl Store {
    /// Opens (or creates) the database at `path`.
    pub fn open(path: &Path) -> Result<Self, SyncError> {
        let conn = Connection::open(path)?;
        // WAL: readers (the app) are not blocked by the sync's writes. A writer from an
        // interrupted run may still be finishing its last page: wait for it.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(Duration::from_secs(30))?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS sync_checkpoint (
                 collection  TEXT PRIMARY KEY,
                 next_offset INTEGER NOT NULL,
                 total       INTEGER,
                 complete    INTEGER NOT NULL,
                 updated_at  TEXT NOT NULL DEFAULT (datetime('now'))
             );",
        )?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic inside a transaction rolls it back when the transaction is dropped, so the
        // connection is consistent even if the lock was poisoned.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Creates the table of each collection that does not have one yet.
    pub fn create_tables<'a>(
        &self,
        tables: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), SyncError> {
        let conn = self.conn();
        for table in tables {
            let table = checked(table)?;
            conn.execute_batch(&format!(
                "CREATE TABLE IF NOT EXISTS {table} (
                     oid  TEXT PRIMARY KEY,
                     etag TEXT,
                     data TEXT NOT NULL
                 );"
            ))?;
        }
        Ok(())
    }

    /// The checkpoint of `collection` (the default, offset 0, when it has none).
    pub fn checkpoint(&self, collection: &str) -> Result<Checkpoint, SyncError> {
        let found = self
            .conn()
            .query_row(
                "SELECT next_offset, total, complete FROM sync_checkpoint WHERE collection = ?1",
                params![collection],
                |row| {
                    Ok(Checkpoint {
                        next_offset: row.get(0)?,
                        total: row.get(1)?,
                        complete: row.get(2)?,
                    })
                },
            )
            .optional()?;
        Ok(found.unwrap_or_default())
    }

    /// Forgets every checkpoint: the next run imports everything again (upserting).
    pub fn reset_checkpoints(&self) -> Result<(), SyncError> {
        self.conn().execute("DELETE FROM sync_checkpoint", [])?;
        Ok(())
    }

    /// Stores a page and the checkpoint after it, in one transaction; returns the checkpoint.
    pub fn write_page(&self, table: &str, batch: &Batch) -> Result<Checkpoint, SyncError> {
        let table = checked(table)?;
        let checkpoint = Checkpoint {
            next_offset: batch.next_offset(),
            total: batch.total,
            complete: batch.is_last(),
        };
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        {
            let mut upsert = tx.prepare_cached(&format!(
                "INSERT INTO {table} (oid, etag, data) VALUES (?1, ?2, ?3)
                 ON CONFLICT(oid) DO UPDATE SET etag = excluded.etag, data = excluded.data"
            ))?;
            for row in &batch.rows {
                upsert.execute(params![row.oid, row.etag, row.json])?;
            }
            tx.execute(
                "INSERT INTO sync_checkpoint (collection, next_offset, total, complete)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(collection) DO UPDATE SET next_offset = excluded.next_offset,
                     total = excluded.total, complete = excluded.complete,
                     updated_at = datetime('now')",
                params![
                    table,
                    checkpoint.next_offset,
                    checkpoint.total,
                    checkpoint.complete
                ],
            )?;
        }
        tx.commit()?;
        Ok(checkpoint)
    }

    /// The rows of a table, ordered by `OID`.
    pub fn rows(&self, table: &str) -> Result<Vec<StoredRow>, SyncError> {
        let table = checked(table)?;
        let conn = self.conn();
        let mut select =
            conn.prepare(&format!("SELECT oid, etag, data FROM {table} ORDER BY oid"))?;
        let rows = select
            .query_map([], |row| {
                Ok(StoredRow {
                    oid: row.get(0)?,
                    etag: row.get(1)?,
                    data: row.get(2)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// The number of rows in a table.
    pub fn count(&self, table: &str) -> Result<u64, SyncError> {
        let table = checked(table)?;
        let count = self
            .conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                row.get(0)
            })?;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::super::collections::Row;
    use super::*;

    fn row(oid: &str, data: &str) -> Row {
        Row {
            oid: oid.to_owned(),
            etag: None,
            json: data.to_owned(),
        }
    }

    fn batch(offset: i64, rows: Vec<Row>, total: i64) -> Batch {
        Batch {
            offset,
            requested: 2,
            total: Some(total),
            received: i64::try_from(rows.len()).unwrap(),
            rows,
        }
    }

    #[test]
    fn pages_upsert_by_oid_and_move_the_checkpoint_with_them() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.sqlite")).unwrap();
        store.create_tables(["things"]).unwrap();
        assert_eq!(store.checkpoint("things").unwrap(), Checkpoint::default());

        let first = store
            .write_page("things", &batch(0, vec![row("A", "1"), row("B", "1")], 3))
            .unwrap();
        assert_eq!(
            first,
            Checkpoint {
                next_offset: 2,
                total: Some(3),
                complete: false
            }
        );
        // The same page again (a resumed run) changes rows, never duplicates them.
        store
            .write_page("things", &batch(0, vec![row("A", "2"), row("B", "2")], 3))
            .unwrap();
        let last = store
            .write_page("things", &batch(2, vec![row("C", "1")], 3))
            .unwrap();
        assert!(last.complete);
        assert_eq!(store.checkpoint("things").unwrap(), last);
        let rows = store.rows("things").unwrap();
        let oids: Vec<_> = rows.iter().map(|r| r.oid.as_str()).collect();
        assert_eq!(oids, ["A", "B", "C"]);
        assert_eq!(rows[0].data, "2");
        assert_eq!(store.count("things").unwrap(), 3);

        store.reset_checkpoints().unwrap();
        assert_eq!(store.checkpoint("things").unwrap(), Checkpoint::default());
    }

    #[test]
    fn a_failed_page_leaves_neither_rows_nor_checkpoint() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.sqlite")).unwrap();
        // No table: the upsert fails, and the transaction takes the checkpoint with it.
        assert!(
            store
                .write_page("missing", &batch(0, vec![row("A", "1")], 1))
                .is_err()
        );
        assert_eq!(store.checkpoint("missing").unwrap(), Checkpoint::default());
    }

    #[test]
    fn table_names_are_identifiers() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.sqlite")).unwrap();
        assert!(matches!(
            store.create_tables(["x; DROP TABLE y"]),
            Err(SyncError::TableName(_))
        ));
    }
}
