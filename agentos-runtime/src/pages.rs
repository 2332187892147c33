//! Paging through `offset`/`count` operations as streams of pages or of items.
//!
//! One page is fetched at a time and only when the stream is polled for it, so one page is in
//! memory at a time. Pages are as large as allowed (1000 records) unless the client was told
//! otherwise, since requests are the scarce resource. The stream ends after the page that
//! reaches `Count` (the total), or after a short or empty page when the total is absent. A
//! 504 (the server's 60 s limit) on a page makes the stream ask for that page again at half
//! the size, after a backoff delay, down to [`MIN_HALVED_PAGE_SIZE`]; the pages after it go
//! back to the full size. Any other error ends the stream after yielding it.

use std::fmt;

use futures_core::Stream;
use futures_util::stream::{self, TryStreamExt};

use crate::client::Client;
use crate::endpoint::Paged;
use crate::error::ApiError;

/// A page size halved after 504s never goes below this; a 504 at this size is returned.
pub const MIN_HALVED_PAGE_SIZE: u32 = 10;

/// The records asked for per request: 1 to 1000 (agentOS's maximum).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageSize(u32);

/// A page size agentOS would refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PageSizeError {
    /// Above 1000: agentOS answers 400 (never clamped silently).
    #[error("page size {0} is above agentOS's maximum of 1000 records per request")]
    TooLarge(u32),
    /// Zero records per page would never progress.
    #[error("page size must be at least 1")]
    Zero,
}

impl PageSize {
    /// The largest page agentOS serves, and the default.
    pub const MAX: PageSize = PageSize(1000);

    /// A page size of `records`, if agentOS accepts it.
    pub fn new(records: u32) -> Result<Self, PageSizeError> {
        match records {
            0 => Err(PageSizeError::Zero),
            1..=1000 => Ok(Self(records)),
            _ => Err(PageSizeError::TooLarge(records)),
        }
    }

    /// The number of records.
    pub fn get(self) -> u32 {
        self.0
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

    /// Where the next page starts, or `None` when this page is the last.
    fn next_offset(&self) -> Option<i32> {
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

/// Where a page stream stands between polls.
struct Cursor<E> {
    client: Client,
    request: E,
    offset: i32,
}

impl Client {
    /// The pages of `request`, from `request.offset()` on, [`Client::page_size`] records each.
    ///
    /// Nothing is sent until the stream is polled; each poll fetches one page. The stream is
    /// `Unpin`: `while let Some(page) = pages.next().await` works as it is.
    pub fn pages<E: Paged>(
        &self,
        request: E,
    ) -> impl Stream<Item = Result<Page<E::Item>, ApiError<E::Error>>> + Send + Unpin + use<E> {
        let offset = request.offset();
        let cursor = Cursor {
            client: self.clone(),
            request,
            offset,
        };
        // Boxed once per stream so that callers can `.next().await` without pinning.
        Box::pin(stream::unfold(Some(cursor), |cursor| async move {
            let mut cursor = cursor?;
            let size = cursor.client.page_size().get();
            match cursor
                .client
                .fetch_page(&mut cursor.request, cursor.offset, size)
                .await
            {
                Ok(page) => {
                    let rest = page.next_offset().map(|offset| Cursor { offset, ..cursor });
                    Some((Ok(page), rest))
                }
                Err(error) => Some((Err(error), None)),
            }
        }))
    }

    /// The records of `request`, page after page (see [`Client::pages`]); one page is held in
    /// memory at a time.
    pub fn items<E: Paged>(
        &self,
        request: E,
    ) -> impl Stream<Item = Result<E::Item, ApiError<E::Error>>> + Send + Unpin + use<E> {
        self.pages(request)
            .map_ok(|page| stream::iter(page.into_items().into_iter().map(Ok)))
            .try_flatten()
    }

    /// One page at `offset`, halving its size after each 504 down to the floor.
    async fn fetch_page<E: Paged>(
        &self,
        request: &mut E,
        offset: i32,
        size: u32,
    ) -> Result<Page<E::Item>, ApiError<E::Error>> {
        let mut size = size;
        let mut halvings = 0;
        loop {
            // `size` is at most 1000 (a `PageSize`), so it fits.
            request.set_page(offset, i32::try_from(size).unwrap_or(i32::MAX));
            let prepared = self.prepare(request)?;
            let exchange = self.execute(&prepared, crate::client::Mode::Page).await;
            if exchange.is_gateway_timeout() && size / 2 >= MIN_HALVED_PAGE_SIZE {
                halvings += 1;
                size /= 2;
                let delay = self.retry_policy().backoff_delay(halvings, fastrand::f64());
                tracing::warn!(
                    operation = E::OPERATION,
                    offset,
                    new_count = size,
                    "504 gateway timeout on a page: asking again for a smaller page"
                );
                tokio::time::sleep(delay).await;
                continue;
            }
            let output = self.finish::<E>(&prepared, exchange)?;
            let total = E::total(&output);
            return Ok(Page {
                items: E::into_items(output),
                offset,
                requested: size,
                total,
            });
        }
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
