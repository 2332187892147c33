//! The client's page streams: [`Client::pages`] and [`Client::items`] (see [`crate::pages`] for
//! what a page is and when a stream ends), as the types [`Pages`] and [`Items`], which take a
//! page size of their own.
//!
//! One page is fetched at a time and only when the stream is polled for it, so one page is in
//! memory at a time. Any error ends the stream after yielding it.
//!
//! **Page size**: the stream's own (`.page_size(n)`) when given; else the smaller of the
//! request's `count` (`.page(offset, count)`; [`crate::MAX_PAGE_SIZE`] unless set) and the
//! client's [`Client::page_size`]. A size agentOS would refuse (0, or above the maximum) is
//! not sent: the stream's first item is [`ApiError::Request`].

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use futures_util::stream::{self, BoxStream, StreamExt};

use super::{Client, Mode};
use crate::endpoint::{Paged, PagedRequest};
use crate::error::ApiError;
use crate::pages::{MIN_HALVED_PAGE_SIZE, Page, PageSize, records};

/// Where a page stream stands between polls.
struct Cursor<E> {
    client: Client,
    request: E,
    offset: i32,
    size: u32,
}

impl Client {
    /// The pages of `request` (owned or borrowed: `client.pages(&request)` streams a copy), from
    /// its `offset` on. A page holds the stream's own size ([`Pages::page_size`]) when given,
    /// else the smaller of the request's `count` and [`Client::page_size`]; a size agentOS
    /// would refuse (0, or above [`crate::MAX_PAGE_SIZE`]) is not sent: the stream's first
    /// item is [`ApiError::Request`].
    ///
    /// Nothing is sent until the stream is polled; each poll fetches one page. The stream is
    /// `Unpin`: `while let Some(page) = pages.next().await` works as it is.
    pub fn pages<R: PagedRequest>(&self, request: R) -> Pages<R::Paged> {
        Pages {
            state: State::Ready {
                client: self.clone(),
                request: request.into_paged(),
                page_size: None,
            },
        }
    }

    /// The records of `request`, page after page (see [`Client::pages`]); one page is held in
    /// memory at a time.
    pub fn items<R: PagedRequest>(&self, request: R) -> Items<R::Paged> {
        Items {
            pages: self.pages(request),
            current: Vec::new().into_iter(),
        }
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
            // A size past `i32` is refused by `prepare` like any other size above the maximum.
            request.set_page(offset, i32::try_from(size).unwrap_or(i32::MAX));
            let prepared = self.prepare(request)?;
            // (`prepare` checks what the request says of its count; a hand-written `Paged`
            // may say nothing, so the stream's size is checked here too.)
            if let Err(error) = PageSize::new(size) {
                return Err(self.refuse(&prepared, format!("count = {size}: {error}")));
            }
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

/// The records per page of a stream: its own size, else the smaller of the request's `count`
/// and the client's page size (see the module docs). Out of range values are kept, so that
/// `prepare` refuses them with the request's context.
fn page_size(own: Option<u32>, request_count: Option<i64>, client: u32) -> u32 {
    match (own, request_count) {
        (Some(own), _) => own,
        (None, Some(count)) => match PageSize::from_count(count) {
            Ok(size) => size.get().min(client),
            // Refused by `prepare`, with the count the request holds.
            Err(_) => records(count),
        },
        (None, None) => client,
    }
}

/// The pages of a paged request: [`Client::pages`]. A [`Stream`] of
/// `Result<Page<Item>, ApiError<..>>`.
#[must_use = "streams do nothing unless polled"]
pub struct Pages<E: Paged> {
    state: State<E>,
}

type PageStream<E> =
    BoxStream<'static, Result<Page<<E as Paged>::Item>, ApiError<<E as crate::Endpoint>::Error>>>;

enum State<E: Paged> {
    /// Not polled yet: the page size may still be set.
    Ready {
        client: Client,
        request: E,
        page_size: Option<u32>,
    },
    Running(PageStream<E>),
    /// Only while moving from one state to the other.
    Moving,
}

impl<E: Paged + 'static> Pages<E> {
    /// Pages of `records` records for this stream alone (1 to [`crate::MAX_PAGE_SIZE`]; any
    /// other size is refused, unsent, as the stream's first item). Once polling has begun the
    /// size is fixed.
    pub fn page_size(mut self, records: u32) -> Self {
        if let State::Ready { page_size, .. } = &mut self.state {
            *page_size = Some(records);
        }
        self
    }

    fn start(client: Client, request: E, own: Option<u32>) -> PageStream<E> {
        let size = page_size(own, request.page_count(), client.page_size().get());
        let offset = request.offset();
        let cursor = Cursor {
            client,
            request,
            offset,
            size,
        };
        stream::unfold(Some(cursor), |cursor| async move {
            let mut cursor = cursor?;
            let fetched = cursor
                .client
                .fetch_page(&mut cursor.request, cursor.offset, cursor.size)
                .await;
            match fetched {
                Ok(page) => {
                    let rest = page.next_offset().map(|offset| Cursor { offset, ..cursor });
                    Some((Ok(page), rest))
                }
                Err(error) => Some((Err(error), None)),
            }
        })
        .boxed()
    }
}

impl<E: Paged + 'static> Stream for Pages<E> {
    type Item = Result<Page<E::Item>, ApiError<E::Error>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if let State::Ready { .. } = this.state {
            if let State::Ready {
                client,
                request,
                page_size,
            } = std::mem::replace(&mut this.state, State::Moving)
            {
                this.state = State::Running(Self::start(client, request, page_size));
            }
        }
        match &mut this.state {
            State::Running(pages) => pages.as_mut().poll_next(cx),
            _ => Poll::Ready(None),
        }
    }
}

// No field is pinned in place (the running stream is boxed), so moving a `Pages` is fine.
impl<E: Paged> Unpin for Pages<E> {}

/// The records of a paged request, page after page: [`Client::items`]. A [`Stream`] of
/// `Result<Item, ApiError<..>>`.
#[must_use = "streams do nothing unless polled"]
pub struct Items<E: Paged> {
    pages: Pages<E>,
    current: std::vec::IntoIter<E::Item>,
}

impl<E: Paged + 'static> Items<E> {
    /// Pages of `records` records for this stream alone (see [`Pages::page_size`]).
    pub fn page_size(self, records: u32) -> Self {
        Self {
            pages: self.pages.page_size(records),
            current: self.current,
        }
    }
}

impl<E: Paged + 'static> Stream for Items<E> {
    type Item = Result<E::Item, ApiError<E::Error>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.current.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Ready(Some(Ok(page))) => this.current = page.into_items().into_iter(),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

// As for `Pages`: nothing is pinned in place.
impl<E: Paged> Unpin for Items<E> {}

#[cfg(test)]
mod tests {
    use super::page_size;

    #[test]
    fn the_streams_own_size_wins_then_the_smaller_of_request_and_client() {
        assert_eq!(page_size(Some(15), Some(1000), 1000), 15);
        assert_eq!(
            page_size(Some(5000), Some(10), 1000),
            5000,
            "kept, to be refused"
        );
        assert_eq!(page_size(None, Some(15), 40), 15);
        assert_eq!(page_size(None, Some(1000), 40), 40);
        assert_eq!(
            page_size(None, Some(5000), 1000),
            5000,
            "kept, to be refused"
        );
        assert_eq!(page_size(None, Some(0), 1000), 0, "kept, to be refused");
        assert_eq!(page_size(None, Some(i64::MAX), 1000), u32::MAX);
        assert_eq!(page_size(None, None, 250), 250);
        assert_eq!(page_size(None, Some(-3), 1000), 0, "refused later");
    }
}
