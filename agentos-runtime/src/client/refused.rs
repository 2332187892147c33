//! HTTP/2 refusals (`REFUSED_STREAM`) are resent by the client's own loop, a throttle slot
//! each, never by reqwest behind the throttle's back. Tested here, inside the crate, because
//! it needs an HTTP/2 connection without TLS, which the builder does not offer.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::decode::{self, DecodeError};
use crate::path::PathWriter;
use crate::throttle::{BoxFuture, Permit, Throttle, ThrottleError};
use crate::{Bytes, Client, Endpoint, ErrorBody, Post, RetryPolicy, StatusCode};

#[derive(Debug)]
struct NoStatuses;

impl crate::StatusError for NoStatuses {
    fn from_status(_: StatusCode, body: ErrorBody) -> Result<Self, ErrorBody> {
        Err(body)
    }
    fn status(&self) -> StatusCode {
        StatusCode::OK
    }
    fn body(&self) -> &ErrorBody {
        unreachable!("no value of this type exists")
    }
}

struct Book;

impl Endpoint for Book {
    type Method = Post;
    type Output = serde_json::Value;
    type Error = NoStatuses;
    const PATH_TEMPLATE: &'static str = "/book";
    const OPERATION: &'static str = "Book";
    fn write_path(&self, path: &mut PathWriter<'_>) {
        path.literal("/book");
    }
    fn body(&self) -> Result<Option<Vec<u8>>, serde_json::Error> {
        Ok(Some(b"{}".to_vec()))
    }
    fn decode(body: &decode::Body<'_>) -> Result<serde_json::Value, DecodeError> {
        decode::json(body.bytes)
    }
}

#[derive(Debug, Default)]
struct CountingThrottle(AtomicUsize);

impl Throttle for CountingThrottle {
    fn acquire(&self) -> BoxFuture<'_, Result<Permit, ThrottleError>> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(Permit::new(Duration::ZERO, || {})) })
    }
    fn pause(&self, _: Duration) -> BoxFuture<'_, ()> {
        Box::pin(async {})
    }
}

/// An HTTP/2 server (prior knowledge, no TLS) that refuses the first `refuse` streams and
/// answers the rest `{}`; it counts the streams it saw.
async fn refusing_server(refuse: usize) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let streams = Arc::new(AtomicUsize::new(0));
    let seen = streams.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                let Ok(mut connection) = h2::server::handshake(socket).await else {
                    return;
                };
                while let Some(Ok((_, mut respond))) = connection.accept().await {
                    if seen.fetch_add(1, Ordering::SeqCst) < refuse {
                        respond.send_reset(h2::Reason::REFUSED_STREAM);
                        continue;
                    }
                    let response = http::Response::builder().status(200).body(()).unwrap();
                    if let Ok(mut body) = respond.send_response(response, false) {
                        let _ = body.send_data(Bytes::from_static(b"{}"), true);
                    }
                }
            });
        }
    });
    (url, streams)
}

#[tokio::test]
async fn a_refused_post_is_sent_again_by_the_client_with_a_slot_per_send() {
    let (url, streams) = refusing_server(2).await;
    let throttle = Arc::new(CountingThrottle::default());
    let policy = RetryPolicy {
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(2),
        ..RetryPolicy::default()
    };
    let client: Client = Client::builder()
        .api_key("key-12345")
        .short_name("acme")
        .base_url(&url)
        .retry(policy)
        .throttle_with(throttle.clone())
        .build_with(|http| http.http2_prior_knowledge());
    let answer = client.post(&Book).await.unwrap();
    assert_eq!(answer, serde_json::json!({}));
    // Three streams reached the server (two refused, one answered), each behind its own
    // throttle slot: reqwest resent nothing on its own.
    assert_eq!(streams.load(Ordering::SeqCst), 3);
    assert_eq!(throttle.0.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn refusals_past_the_attempt_limit_are_returned() {
    let (url, streams) = refusing_server(usize::MAX).await;
    let throttle = Arc::new(CountingThrottle::default());
    let client: Client = Client::builder()
        .api_key("key-12345")
        .short_name("acme")
        .base_url(&url)
        .retry(RetryPolicy::never())
        .throttle_with(throttle.clone())
        .build_with(|http| http.http2_prior_knowledge());
    let err = client.post(&Book).await.unwrap_err();
    assert!(matches!(err, crate::ApiError::Transport { .. }), "{err:?}");
    assert_eq!(streams.load(Ordering::SeqCst), 1);
    assert_eq!(throttle.0.load(Ordering::SeqCst), 1);
}
