//! The client's page streams: [`Client::pages`] and [`Client::items`] (see
//! [`crate::pages`] for what a page is and when a stream ends).
//!
//! One page is fetched at a time and only when the stream is polled for it, so one page is in
//! memory at a time. Any error ends the stream after yielding it.

use futures_core::Stream;
use futures_util::stream::{self, TryStreamExt};

use super::{Client, Mode};
use crate::endpoint::Paged;
use crate::error::ApiError;
use crate::pages::{MIN_HALVED_PAGE_SIZE, Page};

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
            // `size` is at most MAX_PAGE_SIZE (it began as a `PageSize`), so it fits.
            request.set_page(offset, i32::try_from(size).unwrap_or(i32::MAX));
            let prepared = self.prepare(request)?;
            let exchange = self.execute(&prepared, Mode::Page).await;
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
            return Ok(Page::new(E::into_items(output), offset, size, total));
        }
    }
}
