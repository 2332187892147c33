//! Pages of `offset`/`count` operations: the [`Page`] a stream yields and the [`PageSize`] it
//! asks for (the streams themselves are the client's: [`crate::Client::pages`],
//! [`crate::Client::items`]).
//!
//! Pages are as large as allowed ([`MAX_PAGE_SIZE`] records) unless told otherwise, since
//! requests are the scarce resource. A stream ends after the page that reaches `Count` (the
//! total), or after a short or empty page when the total is absent. A 504 (the server's 60 s
//! limit) on a page makes the stream ask for that page again at half the size, after a backoff
//! delay, down to [`MIN_HALVED_PAGE_SIZE`]; the pages after it go back to the full size.

use std::fmt;

/// The most records agentOS returns per request (`count` above it is answered 400): the one
/// home of this fact, which generated code and the simulator use too.
pub const MAX_PAGE_SIZE: u32 = 1000;

/// A request's `count` as a number of records: 0 for a negative count, `u32::MAX` past it
/// (both refused by [`PageSize::new`], with the count named in the message).
pub(crate) fn records(count: i64) -> u32 {
    u32::try_from(count.max(0)).unwrap_or(u32::MAX)
}

/// A page size halved after 504s never goes below this; a 504 at this size is returned.
pub const MIN_HALVED_PAGE_SIZE: u32 = 10;

/// The records asked for per request: 1 to [`MAX_PAGE_SIZE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageSize(u32);

/// A page size agentOS would refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PageSizeError {
    /// Above [`MAX_PAGE_SIZE`]: agentOS answers 400 (never clamped silently).
    #[error("page size {0} is above agentOS's maximum of {MAX_PAGE_SIZE} records per request")]
    TooLarge(u32),
    /// Zero records per page would never progress.
    #[error("page size must be at least 1")]
    Zero,
}

impl PageSize {
    /// The largest page agentOS serves, and the default.
    pub const MAX: PageSize = PageSize(MAX_PAGE_SIZE);

    /// A page size of `records`, if agentOS accepts it.
    pub fn new(records: u32) -> Result<Self, PageSizeError> {
        match records {
            0 => Err(PageSizeError::Zero),
            1..=MAX_PAGE_SIZE => Ok(Self(records)),
            _ => Err(PageSizeError::TooLarge(records)),
        }
    }

    /// The page size a request's `count` asks for, if agentOS accepts it (a negative count is
    /// refused as [`PageSizeError::Zero`], one past `u32` as too large).
    pub fn from_count(count: i64) -> Result<Self, PageSizeError> {
        Self::new(records(count))
    }

    /// The number of records.
    pub fn get(self) -> u32 {
        self.0
    }

    /// The number of records as the `count` query parameter carries it (generated requests
    /// start at `PageSize::MAX.count()`).
    pub const fn count(self) -> i32 {
        // At most MAX_PAGE_SIZE, which fits.
        self.0 as i32
    }
}

impl Default for PageSize {
    fn default() -> Self {
        Self::MAX
    }
}

impl fmt::Display for PageSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// One page of a paged operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    items: Vec<T>,
    offset: i32,
    requested: u32,
    total: Option<i64>,
}

impl<T> Page<T> {
    /// The records of this page.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// The records of this page, by value.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// The index of this page's first record.
    pub fn offset(&self) -> i32 {
        self.offset
    }

    /// The `count` this page was asked for with (smaller than the client's page size when a
    /// 504 made it halve).
    pub fn requested(&self) -> u32 {
        self.requested
    }

    /// The total number of records across all pages (`Count`), when the response said.
    pub fn total(&self) -> Option<i64> {
        self.total
    }

    /// The number of records on this page.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the page has no records.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// A page as a stream received it.
    pub(crate) fn new(items: Vec<T>, offset: i32, requested: u32, total: Option<i64>) -> Self {
        Self {
            items,
            offset,
            requested,
            total,
        }
    }

    /// Where the next page starts, or `None` when this page is the last.
    pub(crate) fn next_offset(&self) -> Option<i32> {
        let received = self.items.len();
        if received == 0 || received < usize::try_from(self.requested).unwrap_or(usize::MAX) {
            return None;
        }
        // Offsets are `i32` on the wire: a collection longer than that cannot be paged further.
        let next = self.offset.checked_add(i32::try_from(received).ok()?)?;
        match self.total {
            Some(total) if i64::from(next) >= total => None,
            _ => Some(next),
        }
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(len: usize, offset: i32, requested: u32, total: Option<i64>) -> Page<u8> {
        Page {
            items: vec![0; len],
            offset,
            requested,
            total,
        }
    }

    #[test]
    fn page_sizes() {
        assert_eq!(PageSize::new(1).unwrap().get(), 1);
        assert_eq!(PageSize::new(1000).unwrap(), PageSize::MAX);
        assert_eq!(PageSize::new(1001), Err(PageSizeError::TooLarge(1001)));
        assert_eq!(PageSize::new(0), Err(PageSizeError::Zero));
        assert!(
            PageSizeError::TooLarge(5000)
                .to_string()
                .contains("maximum of 1000")
        );
        assert_eq!(PageSize::default(), PageSize::MAX);
    }

    #[test]
    fn page_sizes_from_a_requests_count() {
        assert_eq!(PageSize::from_count(15).unwrap().get(), 15);
        assert_eq!(PageSize::from_count(1000), Ok(PageSize::MAX));
        assert_eq!(PageSize::from_count(0), Err(PageSizeError::Zero));
        assert_eq!(PageSize::from_count(-3), Err(PageSizeError::Zero));
        assert_eq!(
            PageSize::from_count(1001),
            Err(PageSizeError::TooLarge(1001))
        );
        assert_eq!(
            PageSize::from_count(i64::MAX),
            Err(PageSizeError::TooLarge(u32::MAX))
        );
        assert_eq!(
            (records(-1), records(7), records(i64::MAX)),
            (0, 7, u32::MAX)
        );
    }

    #[test]
    fn where_the_next_page_starts() {
        // (received, offset, requested, total, next)
        let table = [
            (1000, 0, 1000, Some(2500), Some(1000)),
            (1000, 1000, 1000, Some(2500), Some(2000)),
            (500, 2000, 1000, Some(2500), None), // short page and total reached
            (1000, 1500, 1000, Some(2500), None), // total reached exactly
            (1000, 0, 1000, None, Some(1000)),   // no total: go on while pages are full
            (999, 0, 1000, None, None),          // short page ends it
            (0, 0, 1000, Some(2500), None),      // empty page ends it even below the total
            (500, 1000, 500, Some(2500), Some(1500)), // a halved page is full at 500
            (10, i32::MAX - 5, 10, None, None),  // offsets cannot overflow
        ];
        for (received, offset, requested, total, want) in table {
            let got = page(received, offset, requested, total).next_offset();
            assert_eq!(got, want, "{received} at {offset} of {total:?}");
        }
    }
}
