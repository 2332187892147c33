//! The collections the sync imports: every paged operation of the schema that lists a whole
//! collection (its only inputs are `offset` and `count`), one table each.
//!
//! The schema's other paged operations are views of these same records narrowed by a parent
//! or a filter (a branch's advertised lettings and sales, a county's branches, a property's
//! rooms, appointments between dates, recurring appointments, a guest search). Importing
//! them would take one request per parent record (1,200 properties -> 1,200 requests for
//! rooms: 24 minutes of the default throttle) for data the app can derive from the tables
//! here, so they are left to direct calls.

use agentos_runtime::{Client, Paged};
use futures_util::stream::{BoxStream, StreamExt};
use serde_json::ser::to_string as to_json;

use super::SyncError;
use crate::agentos::{advertising, diary, models, tier1, tier2};

/// One record as stored: its object id, its ETag and the record as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// `OID`, the primary key.
    pub oid: String,
    /// `ETag`, when the record has one.
    pub etag: Option<String>,
    /// The record, as JSON (the API's property names).
    pub json: String,
}

/// One page of a collection, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// The index of the page's first record.
    pub offset: i64,
    /// The `count` the page was asked for.
    pub requested: i64,
    /// The collection's size (`Count`), when the API said.
    pub total: Option<i64>,
    /// Records received on the page (with or without an `OID`).
    pub received: i64,
    /// The records that have an `OID`.
    pub rows: Vec<Row>,
}

impl Batch {
    /// Where the next page starts.
    pub fn next_offset(&self) -> i64 {
        self.offset + self.received
    }

    /// Whether this page is the collection's last, by the rule the client's page stream stops
    /// on: an empty or short page, or the total reached.
    pub fn is_last(&self) -> bool {
        self.received == 0
            || self.received < self.requested
            || self.total.is_some_and(|total| self.next_offset() >= total)
    }
}

/// A record type that has an object id.
pub trait Record: serde::Serialize {
    /// `OID`.
    fn oid(&self) -> Option<&str>;
    /// `ETag`.
    fn etag(&self) -> Option<&str>;
}

macro_rules! records {
    ($($model:ident),* $(,)?) => {$(
        impl Record for models::$model {
            fn oid(&self) -> Option<&str> {
                self.oid.as_deref()
            }
            fn etag(&self) -> Option<&str> {
                self.e_tag.as_deref()
            }
        }
    )*};
}

records!(
    AdvertisingBranchModel,
    ApplicationStaffModel,
    AreaModel,
    BranchModel,
    CountyModel,
    DiaryAppointmentModel,
    DiaryAppointmentTypeModel,
    PropertyModel,
    TenancyModel,
);

/// The pages of one collection from an offset on.
pub type PageStream = BoxStream<'static, Result<Batch, SyncError>>;

/// A collection the sync imports.
#[derive(Clone, Copy)]
pub struct Collection {
    /// The table (and the name in progress output and checkpoints).
    pub name: &'static str,
    /// The operation's path template.
    pub path: &'static str,
    pages: fn(&Client, i64) -> PageStream,
}

impl Collection {
    /// The collection's pages from `offset` on, through `client` (and so its throttle).
    pub fn pages(&self, client: &Client, offset: i64) -> PageStream {
        (self.pages)(client, offset)
    }
}

impl std::fmt::Debug for Collection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Collection")
            .field("name", &self.name)
            .field("path", &self.path)
            .finish()
    }
}

/// Every collection, in the order they are started.
pub fn all() -> Vec<Collection> {
    vec![
        collection::<diary::GetAppointmentTypes>("appointment_types"),
        collection::<tier2::GetStaff>("staff"),
        collection::<tier1::GetAreas>("areas"),
        collection::<tier1::GetCounties>("counties"),
        collection::<tier2::GetDiaryAppointments>("appointments"),
        collection::<tier2::GetLettingsTenancies>("tenancies"),
        collection::<tier2::GetProperties>("properties"),
        collection::<tier2::GetBranches>("branches"),
        collection::<advertising::GetBranches>("advertising_branches"),
        collection::<diary::GetBranches>("diary_branches"),
    ]
}

fn collection<E>(name: &'static str) -> Collection
where
    E: Paged + Default + 'static,
    E::Item: Record,
{
    Collection {
        name,
        path: E::PATH_TEMPLATE,
        pages: |client, offset| stream::<E>(client, offset),
    }
}

/// The page stream of `E` from `offset`, each page turned into rows.
fn stream<E>(client: &Client, offset: i64) -> PageStream
where
    E: Paged + Default + 'static,
    E::Item: Record,
{
    let mut request = E::default();
    let size = i32::try_from(client.page_size().get()).unwrap_or(1000);
    request.set_page(i32::try_from(offset).unwrap_or(i32::MAX), size);
    client
        .pages(request)
        .map(|page| {
            let page = page.map_err(SyncError::api::<E::Error>(E::OPERATION))?;
            let offset = i64::from(page.offset());
            let requested = i64::from(page.requested());
            let total = page.total();
            let items = page.into_items();
            let received = i64::try_from(items.len()).unwrap_or(i64::MAX);
            let rows = items
                .iter()
                .filter_map(|item| {
                    let oid = item.oid()?.to_owned();
                    Some(to_json(item).map(|json| Row {
                        oid,
                        etag: item.etag().map(str::to_owned),
                        json,
                    }))
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(SyncError::Encode)?;
            Ok(Batch {
                offset,
                requested,
                total,
                received,
                rows,
            })
        })
        .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(offset: i64, requested: i64, received: i64, total: Option<i64>) -> Batch {
        Batch {
            offset,
            requested,
            total,
            received,
            rows: Vec::new(),
        }
    }

    #[test]
    fn the_last_page_is_found_as_the_client_finds_it() {
        assert!(!batch(0, 1000, 1000, Some(2500)).is_last());
        assert!(batch(2000, 1000, 500, Some(2500)).is_last());
        assert!(batch(1000, 1000, 1000, Some(2000)).is_last());
        assert!(!batch(0, 1000, 1000, None).is_last());
        assert!(batch(0, 1000, 0, Some(10)).is_last());
        assert_eq!(batch(2000, 1000, 500, None).next_offset(), 2500);
    }

    #[test]
    fn every_collection_has_its_own_table_and_operation() {
        let all = all();
        let mut names: Vec<_> = all.iter().map(|c| c.name).collect();
        let mut paths: Vec<_> = all.iter().map(|c| c.path).collect();
        names.sort_unstable();
        names.dedup();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!((names.len(), paths.len()), (all.len(), all.len()));
    }
}
