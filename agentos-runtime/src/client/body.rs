//! Reading a response body under a size limit, while it streams in.
//!
//! A server may send a body of any size, or one that never ends. The client reads at most a
//! limit's worth: a success body past [`crate::ClientBuilder::max_body_size`] is an error
//! ([`crate::ApiError::ResponseTooLarge`]), an error body past [`ERROR_BODY_LIMIT`] is cut
//! (it only feeds messages and reports). Memory is then bounded by the limit, never by what
//! the server sends; a `Content-Length` above the limit is refused before reading anything.

use bytes::{Bytes, BytesMut};

/// How much of an error response's body is read: enough for any message and support report.
pub const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// How much of the start of a body past the limit is kept, for the error's report.
const HEAD_KEPT: usize = 64 * 1024;

/// A body read under a limit.
#[derive(Debug)]
pub(crate) enum Read {
    /// The whole body.
    Complete(Bytes),
    /// The body is larger than the limit: its first bytes (at most [`HEAD_KEPT`]; none when
    /// the `Content-Length` already said so).
    Cut(Bytes),
}

/// Reads `response`'s body, stopping at `limit` bytes.
///
/// With a `Content-Length` (at most the limit) the body is read into one buffer of that size:
/// no copy beyond the one out of the transport, and none at all for a body that arrives in
/// one chunk, which is kept as it came. Without one (a chunked body) the chunks are
/// kept as they come and joined once at the end, so memory peaks at twice the body, never
/// more, instead of the several copies a doubling buffer makes; a body of one chunk is kept as
/// it came.
pub(crate) async fn read(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<Read, reqwest::Error> {
    let declared = response
        .content_length()
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    match declared {
        Some(length) if length > limit => Ok(Read::Cut(Bytes::new())),
        Some(length) => read_sized(response, length, limit).await,
        None => read_chunked(response, limit).await,
    }
}

async fn read_sized(
    response: &mut reqwest::Response,
    length: usize,
    limit: usize,
) -> Result<Read, reqwest::Error> {
    let Some(first) = response.chunk().await? else {
        return Ok(Read::Complete(Bytes::new()));
    };
    if first.len() > limit {
        return Ok(Read::Cut(head(Bytes::new(), first)));
    }
    let mut next = response.chunk().await?;
    if next.is_none() {
        // The whole body in one chunk (a small body, usually): kept as it came, uncopied.
        return Ok(Read::Complete(first));
    }
    let mut buffer = BytesMut::with_capacity(length.max(first.len()).min(limit));
    buffer.extend_from_slice(&first);
    while let Some(chunk) = next {
        if chunk.len() > limit - buffer.len() {
            return Ok(Read::Cut(head(buffer.freeze(), chunk)));
        }
        buffer.extend_from_slice(&chunk);
        next = response.chunk().await?;
    }
    Ok(Read::Complete(buffer.freeze()))
}

async fn read_chunked(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<Read, reqwest::Error> {
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut total = 0usize;
    while let Some(chunk) = response.chunk().await? {
        if chunk.len() > limit - total {
            let first = chunks.into_iter().next().unwrap_or_default();
            return Ok(Read::Cut(head(first, chunk)));
        }
        total += chunk.len();
        chunks.push(chunk);
    }
    Ok(Read::Complete(match chunks.len() {
        0 => Bytes::new(),
        1 => chunks.swap_remove(0),
        _ => {
            let mut joined = BytesMut::with_capacity(total);
            for chunk in chunks {
                joined.extend_from_slice(&chunk);
            }
            joined.freeze()
        }
    }))
}

/// The start of a body cut at the limit: of what was read before (`earlier`), or of the chunk
/// that passed the limit when nothing was.
fn head(earlier: Bytes, passing: Bytes) -> Bytes {
    let start = if earlier.is_empty() { passing } else { earlier };
    start.slice(..start.len().min(HEAD_KEPT))
}
