//! The client over real HTTP against a scripted local server (real time, millisecond waits:
//! tokio's paused clock would jump to the next timer, such as the request timeout, whenever
//! the runtime idles on socket I/O, and fire it spuriously).

mod common;

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use agentos_runtime::throttle::{BoxFuture, Permit, Throttle};
use agentos_runtime::{ApiError, KeyPlacement, PageSizeError, StatusCode, StatusError};
use common::*;
use futures_util::{StreamExt, TryStreamExt};

const MS: fn(u64) -> Duration = Duration::from_millis;

#[tokio::test]
async fn get_sends_key_header_accept_and_user_agent_and_decodes() {
    let server = Server::start(|_, _| Reply::ok(r#"{"Name":"Acme Lettings"}"#)).await;
    let client = server.client().build().unwrap();
    let company = client.get(&GetCompany).await.unwrap();
    assert_eq!(company.name, "Acme Lettings");
    let log = server.requests();
    assert_eq!(log.len(), 1);
    let r = &log[0];
    assert_eq!(r.method, "GET");
    assert_eq!(r.path, "/v4/advertising/acme/company/company");
    assert_eq!(r.query, None);
    assert_eq!(r.api_key.as_deref(), Some(CANARY));
    assert_eq!(r.accept.as_deref(), Some("application/json"));
    assert!(
        r.user_agent
            .as_deref()
            .unwrap()
            .starts_with("agentos-runtime/")
    );
}

#[tokio::test]
async fn the_key_header_can_be_named_as_the_documents_name_it() {
    let server = Server::start(|_, _| Reply::ok(r#"{"Name":"Acme Lettings"}"#)).await;
    // The documents' security scheme says `ApiKey`; the help articles (the default) `api_key`.
    let client = server.client().key_name("ApiKey").build().unwrap();
    client.get(&GetCompany).await.unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.api_key, None, "not also sent under the default name");
    let sent: Vec<&(String, String)> = r.headers.iter().filter(|(k, _)| k == "apikey").collect();
    assert_eq!(sent, [&("apikey".to_owned(), CANARY.to_owned())]);
    // A name that cannot be a header is refused when building, naming it.
    let err = server.client().key_name("api key").build().unwrap_err();
    assert!(err.to_string().contains("api key"), "{err}");
}

#[tokio::test]
async fn query_mode_sends_the_key_in_the_query_and_reports_redact_it() {
    let server = Server::start(|_, _| Reply::status(401)).await;
    let client = server
        .client()
        .key_placement(KeyPlacement::Query)
        .user_agent("tests/1")
        .build()
        .unwrap();
    let err = client
        .get(&ListBranches {
            branch_types: vec!["a".into()],
            ..Default::default()
        })
        .await
        .unwrap_err();
    let r = &server.requests()[0];
    assert_eq!(r.api_key, None);
    assert_eq!(r.param("api_key").as_deref(), Some(CANARY));
    assert_eq!(r.user_agent.as_deref(), Some("tests/1"));
    let report = err.support_report();
    assert!(
        report
            .context
            .url
            .ends_with("branchType=a&api_key=REDACTED")
    );
    assert!(!report.to_string().contains(CANARY));
}

#[tokio::test]
async fn get_is_retried_on_503_then_succeeds() {
    let server = Server::start(|_, i| match i {
        0 => Reply::status(503),
        _ => Reply::ok(r#"{"Name":"Acme"}"#),
    })
    .await;
    let client = server.client().build().unwrap();
    assert_eq!(client.get(&GetCompany).await.unwrap().name, "Acme");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn idempotent_retries_stop_at_max_attempts() {
    let server = Server::start(|_, _| Reply::status(500)).await;
    let client = server.client().build().unwrap();
    let err = client
        .delete(&DeleteAppointment { id: "A1".into() })
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        ApiError::Status {
            error: AgentError::InternalServerError(_),
            ..
        }
    ));
    assert_eq!(err.context().attempts, 4);
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn post_on_502_is_sent_exactly_once() {
    let server = Server::start(|_, _| Reply::status(502)).await;
    let client = server.client().build().unwrap();
    let err = client
        .post(&CreateAppointment {
            body: serde_json::json!({"Subject": "Viewing"}),
        })
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        ApiError::Status {
            error: AgentError::BadGateway(_),
            ..
        }
    ));
    tokio::time::sleep(MS(30)).await;
    let log = server.requests();
    assert_eq!(log.len(), 1, "a POST that reached the server was resent");
    assert_eq!(log[0].content_type.as_deref(), Some("application/json"));
    assert_eq!(log[0].body, r#"{"Subject":"Viewing"}"#);
}

#[tokio::test]
async fn post_that_timed_out_is_not_resent_but_get_is() {
    let server = Server::start(|_, _| Reply::ok("{}").delay(MS(300))).await;
    let client = server.client().timeout(MS(60)).build().unwrap();
    let err = client
        .post(&CreateAppointment {
            body: serde_json::json!({}),
        })
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Timeout { after, .. } if after == MS(60)));
    tokio::time::sleep(MS(30)).await;
    assert_eq!(server.requests().len(), 1);

    let err = client
        .get(&GetAppointment { id: "A1".into() })
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Timeout { .. }));
    assert_eq!(err.context().attempts, 4);
    assert_eq!(server.requests().len(), 5);
}

/// A base URL where nothing listens: bind a port, then free it.
async fn closed_port_url() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}

#[tokio::test]
async fn post_is_retried_when_the_connection_could_not_be_made() {
    let client = client_for(&closed_port_url().await).build().unwrap();
    let err = client
        .post(&CreateAppointment {
            body: serde_json::json!({}),
        })
        .await
        .unwrap_err();
    let ApiError::Transport {
        source, context, ..
    } = &err
    else {
        panic!("expected a transport error, got {err:?}");
    };
    assert!(source.is_connect());
    assert_eq!(context.attempts, 4, "a connect failure is retried");
}

#[tokio::test]
async fn post_succeeds_on_retry_after_a_connect_failure() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let mut policy = fast_policy();
    policy.base_delay = MS(100);
    policy.max_delay = MS(100);
    let client = client_for(&format!("http://{addr}"))
        .retry(policy)
        .build()
        .unwrap();
    // The server comes up while the client backs off after the refused connection.
    let late = tokio::spawn(async move {
        tokio::time::sleep(MS(20)).await;
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        let app = axum::Router::new().fallback(|| async { r#"{"OID":"A1"}"# });
        axum::serve(listener, app).await.unwrap();
    });
    let created = client
        .post(&CreateAppointment {
            body: serde_json::json!({}),
        })
        .await
        .unwrap();
    assert_eq!(created["OID"], "A1");
    late.abort();
}

#[tokio::test]
async fn a_429_pauses_every_clone_then_retries() {
    let server = Server::start(|_, i| match i {
        0 => Reply::status(429),
        _ => Reply::ok(r#"{"Name":"Acme"}"#),
    })
    .await;
    let mut policy = fast_policy();
    policy.rate_limit_pause = MS(200);
    let client = server.client().retry(policy).build().unwrap();
    let other = client.clone();
    let first = tokio::spawn(async move { client.get(&GetCompany).await });
    // Sent by a clone while the key is paused: must wait for the pause too.
    tokio::time::sleep(MS(50)).await;
    let second = other.get(&GetCompany).await;
    assert!(second.is_ok());
    assert!(first.await.unwrap().is_ok());
    let log = server.requests();
    assert_eq!(log.len(), 3);
    let rate_limited_at = log[0].at;
    for later in &log[1..] {
        assert!(
            later.at.duration_since(rate_limited_at) >= MS(200),
            "a request was sent {:?} into the 200 ms pause",
            later.at.duration_since(rate_limited_at)
        );
    }
}

#[tokio::test]
async fn retry_after_from_the_server_is_honoured() {
    let server = Server::start(|_, i| match i {
        0 => Reply::status(429).header("retry-after", "0"),
        _ => Reply::ok(r#"{"Name":"Acme"}"#),
    })
    .await;
    let mut policy = fast_policy();
    // Were `Retry-After: 0` ignored, this would take a minute.
    policy.rate_limit_pause = Duration::from_secs(60);
    let client = server.client().retry(policy).build().unwrap();
    let started = Instant::now();
    let result = tokio::time::timeout(Duration::from_secs(5), client.get(&GetCompany)).await;
    assert!(result.expect("Retry-After was not honoured").is_ok());
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn rate_limit_retries_are_bounded() {
    let server = Server::start(|_, _| Reply::status(429).header("retry-after", "0")).await;
    let mut policy = fast_policy();
    policy.max_rate_limited_retries = 2;
    let client = server.client().retry(policy).build().unwrap();
    let err = client.get(&GetCompany).await.unwrap_err();
    assert!(matches!(
        err,
        ApiError::Status {
            error: AgentError::TooManyRequests(_),
            ..
        }
    ));
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn error_statuses_map_to_their_variants_with_resolutions() {
    let server = Server::start(|r, _| {
        let status = r.path.rsplit('/').next().unwrap().parse().unwrap();
        Reply::json(status, format!(r#"{{"Message":"because {status}"}}"#))
    })
    .await;
    let client = server.client().build().unwrap();
    for status in [400u16, 401, 403, 404] {
        let err = client
            .get(&GetAppointment {
                id: status.to_string(),
            })
            .await
            .unwrap_err();
        let ApiError::Status { error, context } = &err else {
            panic!("{status}: {err:?}");
        };
        let variant_ok = match status {
            400 => matches!(error, AgentError::BadRequest(_)),
            401 => matches!(error, AgentError::Unauthorized(_)),
            403 => matches!(error, AgentError::Forbidden(_)),
            _ => matches!(error, AgentError::NotFound(_)),
        };
        assert!(variant_ok, "{status} mapped to {error:?}");
        assert_eq!(
            error.body().message.as_deref(),
            Some(&*format!("because {status}"))
        );
        let code = StatusCode::from_u16(status).unwrap();
        assert_eq!(err.status(), Some(code));
        assert_eq!(
            err.resolution(),
            agentos_runtime::status::info(code).resolution
        );
        assert!(!error.is_retryable());
        assert_eq!(context.status, Some(code));
        assert_eq!(context.attempts, 1, "{status} is not retried");
        assert!(err.to_string().contains(&format!("because {status}")));
    }
    // Undeclared: a status outside the operation's set, and a redirect (never followed).
    for status in [418u16, 302] {
        let err = client
            .get(&GetAppointment {
                id: status.to_string(),
            })
            .await
            .unwrap_err();
        assert!(
            matches!(err, ApiError::UnexpectedStatus { status: s, .. } if s.as_u16() == status),
            "{err:?}"
        );
    }
    assert_eq!(server.requests().len(), 6);
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_path_and_snippet() {
    let server = Server::start(|r, _| match r.path.ends_with("company") {
        true => Reply::ok(r#"{"Name": 42}"#),
        false => Reply::ok(r#"{"OID": "A1", "#),
    })
    .await;
    let client = server.client().build().unwrap();
    let err = client.get(&GetCompany).await.unwrap_err();
    let ApiError::Decode { source, context } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(source.path, "Name");
    assert_eq!(source.snippet, r#"{"Name": 42}"#);
    assert_eq!(context.status, Some(StatusCode::OK));
    assert_eq!(context.response_body.as_deref(), Some(r#"{"Name": 42}"#));
    let err = client
        .get(&GetAppointment { id: "A1".into() })
        .await
        .unwrap_err();
    let ApiError::Decode { source, .. } = &err else {
        panic!("{err:?}");
    };
    assert!(source.snippet.starts_with(r#"{"OID": "A1""#));
}

#[tokio::test]
async fn path_parameters_stay_in_their_segment_and_dot_segments_are_refused() {
    let server = Server::start(|_, _| Reply::ok("{}")).await;
    let client = server.client().build().unwrap();
    client
        .get(&GetAppointment { id: "../x".into() })
        .await
        .unwrap();
    assert_eq!(
        server.requests()[0].path,
        "/v3/diary/acme/appointment/%2E%2E%2Fx"
    );
    for id in ["..", ".", ""] {
        let err = client
            .get(&GetAppointment { id: id.into() })
            .await
            .unwrap_err();
        assert!(matches!(err, ApiError::Request { .. }), "{id:?}: {err:?}");
    }
    assert_eq!(server.requests().len(), 1, "nothing sent for refused paths");
}

#[tokio::test]
async fn array_query_parameters_repeat_the_key() {
    let server = Server::start(|r, _| branches_page(r, 3)).await;
    let client = server.client().build().unwrap();
    let request = ListBranches {
        offset: 0,
        count: 10,
        branch_types: vec!["Sales".into(), "Lettings & Mgmt".into()],
    };
    client.get(&request).await.unwrap();
    assert_eq!(
        server.requests()[0].query.as_deref(),
        Some("offset=0&count=10&branchType=Sales&branchType=Lettings%20%26%20Mgmt")
    );
}

#[tokio::test]
async fn items_stream_2500_records_in_3_requests() {
    let server = Server::start(|r, _| branches_page(r, 2500)).await;
    let client = server.client().build().unwrap();
    let items: Vec<Branch> = client
        .items(ListBranches::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 2500);
    let unique: HashSet<_> = items.iter().collect();
    assert_eq!(unique.len(), 2500, "every record exactly once");
    let pages: Vec<_> = server
        .requests()
        .iter()
        .map(|r| (r.param("offset").unwrap(), r.param("count").unwrap()))
        .collect();
    let want = [("0", "1000"), ("1000", "1000"), ("2000", "1000")];
    assert_eq!(pages, want.map(|(o, c)| (o.to_owned(), c.to_owned())));
}

#[tokio::test]
async fn a_504_page_is_asked_again_at_half_the_size() {
    let server =
        Server::start(
            |r, _| match (r.param("offset").as_deref(), r.param("count").as_deref()) {
                (Some("1000"), Some("1000")) => Reply::status(504),
                _ => branches_page(r, 2500),
            },
        )
        .await;
    let client = server.client().build().unwrap();
    let pages: Vec<_> = client
        .pages(ListBranches::default())
        .try_collect()
        .await
        .unwrap();
    let shape: Vec<_> = pages.iter().map(|p| (p.offset(), p.len())).collect();
    assert_eq!(shape, [(0, 1000), (1000, 500), (1500, 1000)]);
    assert_eq!(pages[1].requested(), 500);
    let total: HashSet<_> = pages.into_iter().flatten().collect();
    assert_eq!(total.len(), 2500);
    let asked: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.param("count").unwrap())
        .collect();
    assert_eq!(
        asked,
        ["1000", "1000", "500", "1000"],
        "504 not retried at the same size"
    );
}

#[tokio::test]
async fn a_page_that_keeps_timing_out_ends_the_stream_with_the_504() {
    let server = Server::start(|_, _| Reply::status(504)).await;
    // Backoffs long enough to tell apart from the time a request takes.
    let mut policy = fast_policy();
    policy.base_delay = Duration::from_millis(20);
    policy.max_delay = Duration::from_millis(100);
    let client = server.client().retry(policy).build().unwrap();
    let mut pages = client.pages(ListBranches::default());
    let err = pages.next().await.unwrap().unwrap_err();
    assert!(matches!(
        err,
        ApiError::Status {
            error: AgentError::GatewayTimeout(_),
            ..
        }
    ));
    assert!(pages.next().await.is_none());
    let asked: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.param("count").unwrap())
        .collect();
    assert_eq!(asked, ["1000", "500", "250", "125", "62", "31", "15"]);
    // Each halving waits its own backoff, growing with the halvings: the 6th at least half of
    // min(100 ms, 20 ms x 2^5) with the policy's equal jitter (the first would be 10-20 ms).
    let log = server.requests();
    let gap = log[6].at.duration_since(log[5].at);
    assert!(gap >= Duration::from_millis(50), "{gap:?}");
}

#[tokio::test]
async fn page_size_is_configurable_and_bounded() {
    let server = Server::start(|r, _| {
        // No `Count`: the stream must stop at the short page.
        let Reply { body, .. } = branches_page(r, 1000);
        Reply::ok(body.replace("\"Count\":1000,", ""))
    })
    .await;
    let client = server.client().build().unwrap();
    assert!(matches!(
        client.with_page_size(1001),
        Err(PageSizeError::TooLarge(1001))
    ));
    assert!(matches!(client.with_page_size(0), Err(PageSizeError::Zero)));
    let small = client.with_page_size(400).unwrap();
    let items: Vec<Branch> = small
        .items(ListBranches {
            offset: 100,
            ..Default::default()
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 900);
    assert_eq!(items[0].oid, "B00100");
    let asked: Vec<_> = server
        .requests()
        .iter()
        .map(|r| (r.param("offset").unwrap(), r.param("count").unwrap()))
        .collect();
    assert_eq!(
        asked,
        [("100", "400"), ("500", "400"), ("900", "400")].map(|(o, c)| (o.into(), c.into()))
    );
}

#[tokio::test]
async fn an_error_ends_the_item_stream_after_the_items_before_it() {
    let server = Server::start(|r, i| match i {
        0 => branches_page(r, 2500),
        _ => Reply::status(401),
    })
    .await;
    let client = server.client().build().unwrap();
    let mut items = client.items(ListBranches::default());
    for _ in 0..1000 {
        items.next().await.unwrap().unwrap();
    }
    let err = items.next().await.unwrap().unwrap_err();
    assert!(matches!(
        err,
        ApiError::Status {
            error: AgentError::Unauthorized(_),
            ..
        }
    ));
    assert!(items.next().await.is_none());
    assert_eq!(server.requests().len(), 2);
}

/// Counts acquires; never waits.
#[derive(Debug, Default)]
struct Counting(AtomicUsize);

impl Throttle for Counting {
    fn acquire(&self) -> BoxFuture<'_, Result<Permit, agentos_runtime::ThrottleError>> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(Permit::new(Duration::ZERO, || {})) })
    }
    fn pause(&self, _: Duration) -> BoxFuture<'_, ()> {
        Box::pin(async {})
    }
}

#[tokio::test]
async fn clones_share_one_throttle_and_every_attempt_takes_a_slot() {
    let server = Server::start(|_, i| match i {
        0 => Reply::status(503),
        _ => Reply::ok(r#"{"Name":"Acme"}"#),
    })
    .await;
    let counting = Arc::new(Counting::default());
    let client = server
        .client()
        .throttle_with(counting.clone())
        .build()
        .unwrap();
    let clone = client.clone();
    client.get(&GetCompany).await.unwrap(); // 503, then 200: two attempts
    clone.get(&GetCompany).await.unwrap();
    assert_eq!(counting.0.load(Ordering::SeqCst), 3);
    assert!(Arc::ptr_eq(client.throttle(), clone.throttle()));
}

/// Grants the first `grant` acquires, then fails as a shared store that cannot be reached.
#[derive(Debug)]
struct FailsAfter {
    grant: usize,
    acquires: AtomicUsize,
}

impl Throttle for FailsAfter {
    fn acquire(&self) -> BoxFuture<'_, Result<Permit, agentos_runtime::ThrottleError>> {
        let n = self.acquires.fetch_add(1, Ordering::SeqCst);
        let result = if n < self.grant {
            Ok(Permit::new(Duration::ZERO, || {}))
        } else {
            Err(agentos_runtime::ThrottleError::Unavailable {
                store: "test store",
                waited: MS(30),
                cause: "connection refused".into(),
            })
        };
        Box::pin(async move { result })
    }
    fn pause(&self, _: Duration) -> BoxFuture<'_, ()> {
        Box::pin(async {})
    }
}

#[tokio::test]
async fn a_throttle_that_grants_no_slot_ends_the_call_unsent_with_a_throttle_error() {
    let server = Server::start(|_, _| Reply::status(503)).await;
    let client = server
        .client()
        .throttle_with(Arc::new(FailsAfter {
            grant: 0,
            acquires: AtomicUsize::new(0),
        }))
        .build()
        .unwrap();
    let err = client.get(&GetCompany).await.unwrap_err();
    let ApiError::Throttle { source, context } = &err else {
        panic!("{err:?}");
    };
    assert!(matches!(
        source,
        agentos_runtime::ThrottleError::Unavailable {
            store: "test store",
            ..
        }
    ));
    assert_eq!(context.attempts, 0);
    assert_eq!(err.status(), None);
    assert!(err.to_string().contains("not sent"), "{err}");
    assert!(
        err.support_report()
            .to_string()
            .contains("nothing was sent")
    );
    assert!(server.requests().is_empty());

    // A retry that cannot get a slot: the attempts already sent are counted, no more is sent.
    let server = Server::start(|_, _| Reply::status(503)).await;
    let mut quick = agentos_runtime::RetryPolicy::default();
    quick.base_delay = MS(1);
    quick.max_delay = MS(1);
    let client = server
        .client()
        .retry(quick)
        .throttle_with(Arc::new(FailsAfter {
            grant: 2,
            acquires: AtomicUsize::new(0),
        }))
        .build()
        .unwrap();
    let err = client.get(&GetCompany).await.unwrap_err();
    assert!(matches!(err, ApiError::Throttle { .. }), "{err:?}");
    assert_eq!(err.context().attempts, 2);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn the_rolling_window_holds_back_requests_over_the_limit() {
    let server = Server::start(|_, _| Reply::ok(r#"{"Name":"Acme"}"#)).await;
    let client = server.client().throttle(3, MS(300)).build().unwrap();
    let started = Instant::now();
    let calls = (0..4).map(|_| client.get(&GetCompany));
    for result in futures_util::future::join_all(calls).await {
        result.unwrap();
    }
    let log = server.requests();
    // The 4th request waits until 300 ms after the first one completed.
    let fourth = log[3].at.duration_since(started);
    assert!(fourth >= MS(300), "4th request after {fourth:?}");
    assert!(log[2].at.duration_since(started) < MS(300));
}

#[tokio::test]
async fn post_body_secrets_stay_out_of_the_support_report() {
    let server = Server::start(|_, _| Reply::status(400)).await;
    let client = server.client().build().unwrap();
    let err = client
        .post(&CreateAppointment {
            body: serde_json::json!({"Subject": "Viewing", "Password": "hunter2"}),
        })
        .await
        .unwrap_err();
    assert!(
        server.requests()[0].body.contains("hunter2"),
        "sent as given"
    );
    let report = err.support_report();
    let body = report.context.request_body.clone().unwrap();
    assert!(body.contains("Viewing") && !body.contains("hunter2"));
    let text = report.to_string();
    assert!(text.contains(&format!(
        "POST {}/v3/diary/acme/appointment",
        server.base_url
    )));
    assert!(text.contains("400 Bad Request"));
    assert!(text.contains("status 400"), "response body in the report");
    assert!(!text.contains("hunter2"));
}
