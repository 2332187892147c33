//! A hostile or broken server across the internet: what it sends ends in a typed error or a
//! correct result, the key is paused after every 429, nothing is sent twice behind the
//! throttle's back. (The body-size limit has its own test binary, `body_limit.rs`, which
//! measures memory; the proxy rules theirs, `proxy.rs`, which sets the environment.)

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use agentos_runtime::{ApiError, RetryPolicy};
use common::*;
use tokio::io::AsyncWriteExt;

const S: fn(u64) -> Duration = Duration::from_secs;
const MS: fn(u64) -> Duration = Duration::from_millis;

/// A client for `base_url` whose throttle records pauses instead of waiting them out.
fn recorded(base_url: &str, policy: RetryPolicy) -> (agentos_runtime::Client, Arc<Recording>) {
    let recording = Arc::new(Recording::default());
    let client = client_for(base_url)
        .retry(policy)
        .throttle_with(recording.clone())
        .build()
        .unwrap();
    (client, recording)
}

#[tokio::test]
async fn a_429_that_ends_the_retry_loop_still_pauses_the_key() {
    let year_ahead = httpdate::fmt_http_date(std::time::SystemTime::now() + S(365 * 86_400));
    // (policy, Retry-After, attempts, pauses): the last 429 is returned in every case, and
    // every 429 paused the key, for Retry-After capped at 10 minutes or the default 60 s.
    let cases: Vec<(RetryPolicy, Option<String>, u32, Vec<Duration>)> = vec![
        (RetryPolicy::never(), None, 1, vec![S(60)]),
        (RetryPolicy::never(), Some("5".into()), 1, vec![S(5)]),
        (RetryPolicy::default(), Some("601".into()), 1, vec![S(600)]),
        (
            RetryPolicy::default(),
            Some("999999999".into()),
            1,
            vec![S(600)],
        ),
        (RetryPolicy::default(), Some(year_ahead), 1, vec![S(600)]),
        // Five retries after 429s, then the sixth 429 is returned: six pauses.
        // `Retry-After: 0` still pauses the key: at least the policy's minimum, 1 s.
        (RetryPolicy::default(), Some("0".into()), 6, vec![S(1); 6]),
    ];
    for (policy, retry_after, attempts, pauses) in cases {
        let header = retry_after.clone();
        let server = Server::start(move |_, _| {
            let reply = Reply::status(429);
            match &header {
                Some(value) => reply.header("retry-after", value.clone()),
                None => reply,
            }
        })
        .await;
        let (client, recording) = recorded(&server.base_url, policy);
        let err = client.get(&GetCompany).await.unwrap_err();
        assert!(
            matches!(
                err,
                ApiError::Status {
                    error: AgentError::TooManyRequests(_),
                    ..
                }
            ),
            "{err:?}"
        );
        assert_eq!(err.context().attempts, attempts, "{retry_after:?}");
        assert_eq!(*recording.pauses.lock().unwrap(), pauses, "{retry_after:?}");
    }
}

#[tokio::test]
async fn a_429_with_a_retry_after_date_in_the_past_still_pauses_the_key() {
    let now = std::time::SystemTime::now();
    let date = |at| httpdate::fmt_http_date(at);
    let day = S(86_400);
    // (Retry-After, the server's Date (None: the one the server stamps itself), pause)
    let cases = [
        // Past by every clock: the documented pause (60 s), not none.
        (date(now - day), None, S(60)),
        // The server's clock a day behind ours: past by our clock, 30 s by the server's.
        (date(now - day + S(30)), Some(date(now - day)), S(30)),
        // No usable Date to measure it from: the documented pause.
        (date(now + S(30)), Some("not a date".to_owned()), S(60)),
    ];
    for (retry_after, server_date, pause) in cases {
        let (header, stamped) = (retry_after.clone(), server_date.clone());
        let server = Server::start(move |_, _| {
            let reply = Reply::status(429).header("retry-after", header.clone());
            match &stamped {
                Some(value) => reply.header("date", value.clone()),
                None => reply,
            }
        })
        .await;
        let (client, recording) = recorded(&server.base_url, RetryPolicy::never());
        let err = client.get(&GetCompany).await.unwrap_err();
        assert_eq!(err.context().attempts, 1, "{retry_after:?}");
        assert_eq!(
            *recording.pauses.lock().unwrap(),
            [pause],
            "Retry-After {retry_after:?}, Date {server_date:?}"
        );
    }
}

#[tokio::test]
async fn the_call_after_a_final_429_waits_for_the_pause() {
    let server = Server::start(|_, i| match i {
        0 => Reply::status(429),
        _ => Reply::ok(r#"{"Name":"Acme"}"#),
    })
    .await;
    let mut policy = RetryPolicy::never();
    policy.rate_limit_pause = MS(400);
    let client = server.client().retry(policy).build().unwrap();
    assert!(client.get(&GetCompany).await.is_err());
    client.get(&GetCompany).await.unwrap();
    let log = server.requests();
    let gap = log[1].at.duration_since(log[0].at);
    assert!(
        gap >= MS(400),
        "the next request came {gap:?} after the 429"
    );
}

#[tokio::test]
async fn transport_errors_show_their_cause() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = client_for(&url)
        .retry(RetryPolicy::never())
        .build()
        .unwrap();
    let err = client.get(&GetCompany).await.unwrap_err();
    let ApiError::Transport { cause, .. } = &err else {
        panic!("expected a transport error, got {err:?}");
    };
    assert!(cause.contains("Connection refused"), "{cause}");
    let shown = err.to_string();
    assert!(shown.contains("Connection refused"), "{shown}");
    assert!(shown.starts_with("GetCompany: transport error: error sending request"));
    let report = err.support_report().to_string();
    assert!(report.contains("Connection refused"), "{report}");
    assert!(!report.contains(CANARY));
}

#[tokio::test]
async fn a_post_whose_pooled_connection_breaks_after_sending_is_not_sent_again() {
    let posts = Arc::new(AtomicUsize::new(0));
    let seen = posts.clone();
    let server = RawServer::start(move |_, mut stream| {
        let seen = seen.clone();
        async move {
            // The GET is answered and the connection kept alive; the POST that follows on it
            // is read whole, then the connection is closed without an answer.
            while let Some((head, _)) = read_request(&mut stream).await {
                if head.starts_with("POST") {
                    seen.fetch_add(1, Ordering::SeqCst);
                    return;
                }
                let body = r#"{"Name":"Acme"}"#;
                let reply = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(reply.as_bytes()).await;
            }
        }
    })
    .await;
    let (client, recording) = recorded(&server.base_url, fast_policy());
    client.get(&GetCompany).await.unwrap();
    let err = client
        .post(&CreateAppointment {
            body: serde_json::json!({"Subject": "Viewing"}),
        })
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Transport { .. }), "{err:?}");
    assert_eq!(posts.load(Ordering::SeqCst), 1, "the POST arrived once");
    assert_eq!(recording.acquires.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_request_on_a_connection_the_server_closed_is_sent_at_most_once_per_slot() {
    // The server answers one request per connection, then closes it without saying so: the
    // client's pooled connection is dead when the next request takes it. hyper may resend a
    // request it never wrote; whatever it does, no request arrives without a throttle slot
    // and a POST never arrives twice.
    let requests = Arc::new(AtomicUsize::new(0));
    let posts = Arc::new(AtomicUsize::new(0));
    let (seen, seen_posts) = (requests.clone(), posts.clone());
    let server = RawServer::start(move |_, mut stream| {
        let (seen, seen_posts) = (seen.clone(), seen_posts.clone());
        async move {
            if let Some((head, _)) = read_request(&mut stream).await {
                seen.fetch_add(1, Ordering::SeqCst);
                if head.starts_with("POST") {
                    seen_posts.fetch_add(1, Ordering::SeqCst);
                }
                let body = r#"{"Name":"Acme"}"#;
                let reply = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(reply.as_bytes()).await;
                let _ = stream.shutdown().await;
            }
        }
    })
    .await;
    let (client, recording) = recorded(&server.base_url, fast_policy());
    for _ in 0..5 {
        client.get(&GetCompany).await.unwrap();
        // Let the close arrive, so the next request meets a dead pooled connection.
        tokio::time::sleep(MS(20)).await;
        let _ = client
            .post(&CreateAppointment {
                body: serde_json::json!({}),
            })
            .await;
        tokio::time::sleep(MS(20)).await;
    }
    let arrived = requests.load(Ordering::SeqCst);
    let acquired = recording.acquires.load(Ordering::SeqCst);
    assert!(arrived <= acquired, "{arrived} requests, {acquired} slots");
    assert!(posts.load(Ordering::SeqCst) <= 5, "no POST arrived twice");
}

#[tokio::test]
async fn an_endless_error_body_is_cut_and_still_reported() {
    let server = RawServer::start(|_, mut stream| async move {
        if read_request(&mut stream).await.is_some() {
            let head = "HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked";
            write_endless(&mut stream, head, true, None).await;
        }
    })
    .await;
    let client = client_for(&server.base_url)
        .retry(RetryPolicy::never())
        .build()
        .unwrap();
    let err = client.get(&GetCompany).await.unwrap_err();
    let ApiError::Status {
        error: AgentError::InternalServerError(body),
        ..
    } = &err
    else {
        panic!("expected the 500, got {err:?}");
    };
    assert_eq!(
        body.text.chars().count(),
        agentos_runtime::error::ERROR_TEXT_CHARS
    );
    assert!(body.text.starts_with("xxxx"));
    let report = err.support_report().to_string();
    assert!(report.contains("bytes in all)"), "the cut is marked");
}

#[tokio::test]
async fn dot_segment_short_names_are_refused_when_building() {
    for name in [".", "..", "a/b", "a?b", "a#b", "%2e%2e"] {
        let err = client_for("http://127.0.0.1:9").short_name(name).build();
        assert!(
            matches!(err, Err(agentos_runtime::BuildError::ShortName(_))),
            "{name:?}"
        );
    }
}
