//! What a user sees of the client beyond the output: the observer's events, a success's status
//! and headers (`send_with_meta`), raw calls for what a document lacks, and the page streams'
//! sizes (per stream, from the request, refused when agentOS would refuse them).

mod common;

use std::sync::Arc;
use std::time::Duration;

use agentos_runtime::http::Method;
use agentos_runtime::observe::{Counters, Event, Observer, Seen};
use agentos_runtime::{ApiError, StatusError};
use common::*;
use futures_util::{StreamExt, TryStreamExt};

#[tokio::test]
async fn counters_see_every_attempt_retry_and_pause() {
    let server = Server::start(|_, i| match i {
        0 => Reply::status(503),
        1 => Reply::status(429).header("retry-after", "0"),
        _ => Reply::ok(r#"{"Name":"Acme"}"#),
    })
    .await;
    let counters = Arc::new(Counters::default());
    let client = server.client().observer(counters.clone()).build().unwrap();
    client.get(&GetCompany).await.unwrap();
    let seen = counters.snapshot();
    assert_eq!(
        (seen.sent, seen.succeeded, seen.failed, seen.unanswered),
        (3, 1, 2, 0)
    );
    assert_eq!(seen.retries, 2);
    assert_eq!(seen.pauses, 1);
    assert_eq!(server.requests().len(), 3);
}

/// Records the events, in order, as text.
#[derive(Debug, Default)]
struct Recorder(std::sync::Mutex<Vec<String>>);

impl Observer for Recorder {
    fn observe(&self, event: &Event<'_>) {
        let line = match event {
            Event::Sending {
                operation, attempt, ..
            } => format!("send {operation} #{attempt}"),
            Event::Answered {
                attempt, status, ..
            } => format!("answer #{attempt} {status:?}"),
            Event::Retrying { attempt, .. } => format!("retry after #{attempt}"),
            Event::KeyPaused { pause, .. } => format!("pause {pause:?}"),
            _ => "other".to_owned(),
        };
        self.0.lock().unwrap().push(line);
    }
}

#[tokio::test]
async fn the_observer_hears_events_in_order_with_the_operation() {
    let server = Server::start(|_, i| match i {
        0 => Reply::status(429).header("retry-after", "0"),
        _ => Reply::ok(r#"{"Name":"Acme"}"#),
    })
    .await;
    let recorder = Arc::new(Recorder::default());
    let client = server.client().observer(recorder.clone()).build().unwrap();
    client.get(&GetCompany).await.unwrap();
    assert_eq!(
        *recorder.0.lock().unwrap(),
        [
            "send GetCompany #1",
            "answer #1 Some(429)",
            "pause 1ms",
            "retry after #1",
            "send GetCompany #2",
            "answer #2 Some(200)",
        ]
    );
    // An unanswered attempt: no status.
    let recorder = Arc::new(Recorder::default());
    let client = client_for("http://127.0.0.1:1")
        .retry(agentos_runtime::RetryPolicy::never())
        .observer(recorder.clone())
        .build()
        .unwrap();
    client.get(&GetCompany).await.unwrap_err();
    assert_eq!(recorder.0.lock().unwrap()[1], "answer #1 None");
    let _ = Seen::default();
}

#[tokio::test]
async fn send_with_meta_answers_status_and_headers_with_the_key_redacted() {
    let server = Server::start(|_, _| {
        Reply::json(201, r#"{"Name":"Acme"}"#)
            .header("etag", "\"v42\"")
            .header("x-echo", format!("key={CANARY}"))
    })
    .await;
    let client = server.client().build().unwrap();
    let answer = client.send_with_meta(&GetCompany).await.unwrap();
    assert_eq!(answer.output.name, "Acme");
    assert_eq!(answer.status.as_u16(), 201);
    assert_eq!(answer.headers["etag"], "\"v42\"");
    let echo = String::from_utf8_lossy(answer.headers["x-echo"].as_bytes()).into_owned();
    assert!(!echo.contains(CANARY), "{echo}");
    assert!(echo.contains(CANARY_LAST5), "{echo}");
    assert!(!format!("{answer:?}").contains(CANARY));
}

#[tokio::test]
async fn a_raw_call_has_the_clients_auth_retries_and_errors() {
    let server = Server::start(|request, i| match (request.method.as_str(), i) {
        ("GET", 0) => Reply::status(503),
        ("GET", _) => Reply::ok(r#"{"Subject":"Viewing"}"#).header("etag", "\"7\""),
        _ => Reply::status(502),
    })
    .await;
    let client = server.client().build().unwrap();
    let answer = client
        .raw(
            Method::GET,
            "/v3/diary/{shortName}/appointment/{appointmentID}",
        )
        .param("appointmentID", "APT/1")
        .query("includeNotes", true)
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = answer.output.json().unwrap();
    assert_eq!(body["Subject"], "Viewing");
    assert_eq!(answer.headers["etag"], "\"7\"");
    let log = server.requests();
    assert_eq!(log.len(), 2, "the 503 was retried: a GET");
    assert_eq!(log[1].path, "/v3/diary/acme/appointment/APT%2F1");
    assert_eq!(log[1].query.as_deref(), Some("includeNotes=true"));
    assert_eq!(log[1].api_key.as_deref(), Some(CANARY));

    // A POST is not resent after a 502; the status arrives typed, with the operation `raw`.
    let err = client
        .raw(Method::POST, "/v3/diary/{shortName}/appointment")
        .json(&serde_json::json!({"Subject": "x"}))
        .send()
        .await
        .unwrap_err();
    let ApiError::Status { error, context } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(error.status().as_u16(), 502);
    assert_eq!(error.body().message.as_deref(), Some("status 502"));
    assert_eq!(context.operation, "raw");
    assert_eq!(context.path_template, "/v3/diary/{shortName}/appointment");
    assert_eq!(server.requests().len(), 3);
    assert_eq!(server.requests()[2].body, r#"{"Subject":"x"}"#);

    // A missing parameter, or a dot segment: refused before sending.
    let err = client
        .raw(
            Method::GET,
            "/v3/diary/{shortName}/appointment/{appointmentID}",
        )
        .send()
        .await
        .unwrap_err();
    let ApiError::Request { message, .. } = &err else {
        panic!("{err:?}");
    };
    assert!(message.contains("`appointmentID`"), "{message}");
    let err = client
        .raw(Method::GET, "/v3/diary/{shortName}/{id}")
        .param("id", "..")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Request { .. }), "{err:?}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_stream_pages_by_its_own_size_or_the_requests_count() {
    let server = Server::start(|request, _| branches_page(request, 40)).await;
    let client = server.client().page_size(40).build().unwrap();
    let request = ListBranches::default();

    // The stream's own size; a borrowed request is streamed as a copy.
    let items: Vec<_> = client
        .items(&request)
        .page_size(15)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 40);
    let counts: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.param("count").unwrap())
        .collect();
    assert_eq!(counts, ["15", "15", "15"]);
    assert_eq!(request.offset, 0, "the borrowed request is unchanged");

    // A size agentOS refuses is not sent: the first item is the error.
    let mut items = client.items(&request).page_size(5000);
    let err = items.next().await.unwrap().unwrap_err();
    let ApiError::Request { message, .. } = &err else {
        panic!("{err:?}");
    };
    assert!(message.contains("5000"), "{message}");
    assert!(items.next().await.is_none());
    let mut pages = client.pages(request.clone()).page_size(0);
    assert!(matches!(
        pages.next().await,
        Some(Err(ApiError::Request { .. }))
    ));
    assert_eq!(server.requests().len(), 3);
    tokio::time::sleep(Duration::ZERO).await;
}
