//! The runtime's retry, paging and error rules, end to end: the generated client against
//! agentos-sim over real HTTP, each outcome checked in the simulator's request log.

mod common;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use agentos_runtime::throttle::BoxFuture;
use agentos_runtime::{ApiError, Client, Permit, RetryPolicy, StatusCode, StatusError, Throttle};
use agentos_sim::{
    DEMO_KEY, DEMO_SHORT_NAME, Fault, FaultRule, KeyConfig, Method, Sim, SimConfig, ThrottleConfig,
    Tier,
};
use agentos_tests::agentos::models::{DiaryAppointmentDetails, DiaryBookingModel};
use agentos_tests::agentos::{advertising, diary, tier1};
use futures_util::TryStreamExt;
use tokio::sync::mpsc;

const COMPANY: &str = "/v4/advertising/{shortName}/company/company";
const BRANCHES: &str = "/v4/advertising/{shortName}/company/branches/{offset}/{count}";
const APPOINTMENT: &str = "/v3/diary/{shortName}/appointment";

/// Retries with millisecond backoff, so tests of retrying take no time.
fn fast_retries() -> RetryPolicy {
    let mut policy = RetryPolicy::default();
    policy.base_delay = Duration::from_millis(20);
    policy.max_delay = Duration::from_millis(100);
    policy
}

async fn sim_with(faults: impl IntoIterator<Item = FaultRule>) -> (Sim, Client) {
    let mut config = SimConfig::default().throttle(ThrottleConfig::unlimited());
    for fault in faults {
        config = config.fault(fault);
    }
    let sim = Sim::start(config).await.unwrap();
    let client = common::builder(&sim).retry(fast_retries()).build().unwrap();
    (sim, client)
}

fn booking(sim: &Sim) -> diary::PostAppointment {
    diary::PostAppointment::new(
        vec![common::first(sim, "PropertyModel")],
        DiaryAppointmentDetails {
            appointment_type: Some(common::first(sim, "DiaryAppointmentTypeModel")),
            allocation_details: Some(DiaryBookingModel {
                start: Some("2030-01-07T10:00:00".parse().unwrap()),
                end: Some("2030-01-07T10:30:00".parse().unwrap()),
                ..DiaryBookingModel::default()
            }),
            ..DiaryAppointmentDetails::default()
        },
    )
}

#[tokio::test]
async fn a_get_answered_503_is_retried_and_succeeds() {
    let fault = FaultRule::new(Fault::Status(503))
        .method(Method::GET)
        .path_template(COMPANY)
        .nth(1);
    let (sim, client) = sim_with([fault]).await;
    let company = client.get(&advertising::GetCompany::new()).await.unwrap();
    assert_eq!(company.short_name.as_deref(), Some(DEMO_SHORT_NAME));
    let statuses: Vec<u16> = sim.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [503, 200]);
}

#[tokio::test]
async fn a_post_answered_502_is_not_sent_again() {
    let fault = FaultRule::new(Fault::Status(502))
        .method(Method::POST)
        .path_template(APPOINTMENT);
    let (sim, client) = sim_with([fault]).await;
    let err = client.post(&booking(&sim)).await.unwrap_err();
    assert!(
        matches!(
            &err,
            ApiError::Status {
                error: diary::PostAppointmentError::BadGateway(_),
                ..
            }
        ),
        "{err:?}"
    );
    let log = sim.requests();
    let posts = common::calls(&log, "POST", APPOINTMENT);
    assert_eq!(posts.len(), 1, "{log:#?}");
    assert_eq!(posts[0].status, 502);
}

#[tokio::test]
async fn a_post_whose_response_was_lost_is_not_sent_again_but_a_get_is() {
    // The simulator processes the request, then drops the connection: it may have been booked.
    let drop_post = FaultRule::new(Fault::DropConnection)
        .method(Method::POST)
        .path_template(APPOINTMENT);
    let drop_get = FaultRule::new(Fault::DropConnection)
        .method(Method::GET)
        .path_template(COMPANY)
        .nth(1);
    let (sim, client) = sim_with([drop_post, drop_get]).await;
    let err = client.post(&booking(&sim)).await.unwrap_err();
    assert!(matches!(err, ApiError::Transport { .. }), "{err:?}");
    client.get(&advertising::GetCompany::new()).await.unwrap();
    let log = sim.requests();
    assert_eq!(common::calls(&log, "POST", APPOINTMENT).len(), 1);
    assert_eq!(common::calls(&log, "GET", COMPANY).len(), 2);
}

/// A throttle that never holds back and reports each completed attempt (permit released).
#[derive(Debug)]
struct ReportsAttempts(mpsc::UnboundedSender<()>);

impl Throttle for ReportsAttempts {
    fn acquire(&self) -> BoxFuture<'_, Result<Permit, agentos_runtime::ThrottleError>> {
        let done = self.0.clone();
        Box::pin(async move {
            Ok(Permit::new(Duration::ZERO, move || {
                let _ = done.send(());
            }))
        })
    }

    fn pause(&self, _: Duration) -> BoxFuture<'_, ()> {
        Box::pin(async {})
    }
}

#[tokio::test]
async fn a_post_is_retried_when_the_connection_could_not_be_made() {
    // A connection refused means not one byte of the request left: the one case where a POST
    // may be sent again. The first attempt goes to a port nothing listens on; the simulator
    // starts there only once that attempt has failed.
    let template = Sim::start(SimConfig::default()).await.unwrap();
    let request = booking(&template); // the dataset follows the seed: same ids in the next sim
    drop(template);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (attempts, mut ended) = mpsc::unbounded_channel();
    let mut policy = fast_retries();
    policy.base_delay = Duration::from_millis(400);
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .api_key(DEMO_KEY)
        .short_name(DEMO_SHORT_NAME)
        .throttle_with(Arc::new(ReportsAttempts(attempts)))
        .retry(policy)
        .build()
        .unwrap();
    let post = tokio::spawn(async move { client.post(&request).await });
    ended.recv().await.unwrap();
    // The backoff before the second attempt is at least 200 ms: time to start listening.
    let sim = Sim::start(SimConfig::default().port(port)).await.unwrap();
    let id = post
        .await
        .unwrap()
        .unwrap()
        .expect("the new appointment's id");
    assert!(id.starts_with("APP"), "{id}");
    // Two attempts ended: the refused one and the one the simulator answered.
    ended.try_recv().unwrap();
    let log = sim.requests();
    assert_eq!(log.len(), 1, "{log:#?}");
    assert_eq!((log[0].method.as_str(), log[0].status), ("POST", 200));
}

/// The page window of each logged request: v4 writes it at the end of the path.
fn windows(sim: &Sim) -> Vec<(String, u16)> {
    sim.requests()
        .into_iter()
        .map(|r| {
            let mut segments = r.path.rsplit('/');
            let count = segments.next().unwrap_or_default().to_owned();
            let offset = segments.next().unwrap_or_default();
            assert_eq!(r.query, "", "v4 pages in the path, not the query");
            (format!("{offset}/{count}"), r.status)
        })
        .collect()
}

#[tokio::test]
async fn pages_2500_items_in_3_requests_each_item_once_paging_in_the_path() {
    let (sim, client) = sim_with([]).await;
    let branches: Vec<_> = client
        .items(advertising::GetBranches::new())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(branches.len(), 2_500);
    let ids: HashSet<_> = branches.iter().map(|b| b.oid.clone().unwrap()).collect();
    assert_eq!(ids.len(), 2_500);
    let paths: Vec<String> = sim.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [
            "/v4/advertising/demo/company/branches/0/1000",
            "/v4/advertising/demo/company/branches/1000/1000",
            "/v4/advertising/demo/company/branches/2000/1000",
        ]
    );
}

#[tokio::test]
async fn a_child_list_streams_page_by_page_under_its_parent() {
    let (sim, client) = sim_with([]).await;
    let sale = client
        .get(&advertising::GetAdvertisedSales::new().page(0, 1))
        .await
        .unwrap()
        .into_items()
        .remove(0)
        .oid
        .unwrap();
    let one_page = client
        .get(&advertising::GetSalesInstructionPhotos::new(&sale))
        .await
        .unwrap();
    let total = usize::try_from(one_page.total().unwrap()).unwrap();
    assert!(total >= 2, "{total} photos: too few to page");
    sim.clear_requests();
    let photos: Vec<_> = client
        .pages(advertising::GetSalesInstructionPhotos::new(&sale))
        .page_size(1)
        .map_ok(|page| page.into_items())
        .try_concat()
        .await
        .unwrap();
    assert_eq!(photos, one_page.into_items());
    let paths: Vec<String> = sim.requests().into_iter().map(|r| r.path).collect();
    let expected: Vec<String> = (0..total)
        .map(|i| format!("/v4/advertising/demo/sales/salesinstructions/{sale}/photos/{i}/1"))
        .collect();
    assert_eq!(paths, expected);
}

#[tokio::test]
async fn a_count_above_the_maximum_is_refused_before_sending_in_the_path_too() {
    let (sim, client) = sim_with([]).await;
    let err = client
        .get(&advertising::GetBranches::new().page(0, 5000))
        .await
        .unwrap_err();
    let ApiError::Request { message, context } = &err else {
        panic!("expected a refusal before sending, got {err:?}");
    };
    assert!(message.contains("count = 5000"), "{message}");
    assert!(
        context.url.ends_with("/company/branches/0/5000"),
        "{}",
        context.url
    );
    let first = client
        .items(advertising::GetBranches::new().page(0, 5000))
        .try_next()
        .await;
    assert!(matches!(first, Err(ApiError::Request { .. })), "{first:?}");
    assert!(sim.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_page_answered_504_is_asked_again_at_half_the_size() {
    let fault = FaultRule::new(Fault::Status(504))
        .method(Method::GET)
        .path_template(BRANCHES)
        .nth(2);
    let (sim, client) = sim_with([fault]).await;
    let branches: Vec<_> = client
        .items(advertising::GetBranches::new())
        .try_collect()
        .await
        .unwrap();
    let ids: HashSet<_> = branches.iter().map(|b| b.oid.clone().unwrap()).collect();
    assert_eq!((branches.len(), ids.len()), (2_500, 2_500));
    let sent = windows(&sim);
    let sent: Vec<(&str, u16)> = sent.iter().map(|(w, s)| (w.as_str(), *s)).collect();
    assert_eq!(
        sent,
        [
            ("0/1000", 200),
            ("1000/1000", 504),
            ("1000/500", 200),
            ("1500/1000", 200),
        ]
    );
}

/// The status, and the resolution the documentation gives for it.
fn status_and_resolution<E: StatusError>(err: &ApiError<E>) -> (u16, &'static str) {
    match err {
        ApiError::Status { error, .. } => {
            assert_eq!(err.resolution(), error.resolution());
            (error.status().as_u16(), error.resolution())
        }
        other => panic!("expected a declared status, got {other:?}"),
    }
}

#[tokio::test]
async fn statuses_from_the_simulator_map_to_their_variants_with_resolutions() {
    let config = SimConfig::default()
        .throttle(ThrottleConfig::unlimited())
        .key(KeyConfig::new("diary-only-key-12345", DEMO_SHORT_NAME).tiers([Tier::Diary]));
    let sim = Sim::start(config).await.unwrap();
    let client = common::client(&sim);

    // 401: a key without the call group.
    let diary_only = common::builder(&sim)
        .api_key("diary-only-key-12345")
        .build()
        .unwrap();
    let err = diary_only.get(&tier1::GetCompany::new()).await.unwrap_err();
    assert!(matches!(
        err,
        ApiError::Status {
            error: tier1::GetCompanyError::Unauthorized(_),
            ..
        }
    ));
    let (status, resolution) = status_and_resolution(&err);
    assert_eq!(status, 401);
    assert!(resolution.contains("tier"), "{resolution}");

    // 403: another client's data.
    let elsewhere = common::builder(&sim).short_name("other").build().unwrap();
    let err = elsewhere.get(&tier1::GetCompany::new()).await.unwrap_err();
    assert!(matches!(
        err,
        ApiError::Status {
            error: tier1::GetCompanyError::Forbidden(_),
            ..
        }
    ));
    let (status, resolution) = status_and_resolution(&err);
    assert_eq!(status, 403);
    assert!(resolution.contains("permissions"), "{resolution}");

    // 404: an unknown id.
    let err = client
        .get(&diary::GetAppointment::new("APT-NO-SUCH"))
        .await
        .unwrap_err();
    let ApiError::Status {
        error: diary::GetAppointmentError::NotFound(body),
        ..
    } = &err
    else {
        panic!("expected NotFound, got {err:?}");
    };
    assert!(body.message.as_deref().unwrap().contains("APT-NO-SUCH"));
    let (status, resolution) = status_and_resolution(&err);
    assert_eq!(status, 404);
    assert!(resolution.contains("verify the id"), "{resolution}");

    // More than 1000 records asked for in one request: refused by the client, unsent (the
    // simulator, like agentOS, would answer 400).
    let err = client
        .get(&advertising::GetBranches::new().page(0, 1001))
        .await
        .unwrap_err();
    let ApiError::Request { message, .. } = &err else {
        panic!("expected a refusal before sending, got {err:?}");
    };
    assert!(message.contains("count = 1001"), "{message}");
    assert!(message.contains("maximum of 1000"), "{message}");
    assert_eq!(sim.requests().len(), 3);

    // 400 from the server.
    sim.add_fault(
        FaultRule::new(Fault::Status(400))
            .path_template(BRANCHES)
            .first(1),
    );
    let err = client
        .get(&advertising::GetBranches::new().page(0, 10))
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        ApiError::Status {
            error: advertising::GetBranchesError::BadRequest(_),
            ..
        }
    ));
    let (status, resolution) = status_and_resolution(&err);
    assert_eq!(status, 400);
    assert!(resolution.contains("fix the request"), "{resolution}");
    // None of these is retried: each was sent once.
    assert_eq!(sim.requests().len(), 4);
}

#[tokio::test]
async fn a_status_the_operation_does_not_declare_is_unexpected_not_success() {
    let fault = FaultRule::new(Fault::Status(409)).path_template(COMPANY);
    let (sim, client) = sim_with([fault]).await;
    let err = client
        .get(&advertising::GetCompany::new())
        .await
        .unwrap_err();
    let ApiError::UnexpectedStatus { status, body, .. } = &err else {
        panic!("expected UnexpectedStatus, got {err:?}");
    };
    assert_eq!(*status, StatusCode::CONFLICT);
    assert!(body.message.is_some());
    assert_eq!(sim.requests().len(), 1);
}

#[tokio::test]
async fn a_malformed_body_is_a_decode_error_with_a_snippet() {
    let fault = FaultRule::new(Fault::MalformedBody).path_template(COMPANY);
    let (_sim, client) = sim_with([fault]).await;
    let err = client
        .get(&advertising::GetCompany::new())
        .await
        .unwrap_err();
    let ApiError::Decode { source, .. } = &err else {
        panic!("expected Decode, got {err:?}");
    };
    assert!(source.snippet.starts_with('{'), "{source:?}");
    assert!(source.snippet.contains("OID"), "{source:?}");
    assert!(!source.message.is_empty());
    assert!(err.support_report().to_string().contains("OID"));
}

#[tokio::test]
async fn a_path_parameter_cannot_leave_its_segment() {
    let (sim, client) = sim_with([]).await;
    let err = client
        .get(&advertising::GetSalesInstruction::new("../x"))
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        ApiError::Status {
            error: advertising::GetSalesInstructionError::NotFound(_),
            ..
        }
    ));
    assert_eq!(
        sim.requests()[0].path,
        "/v4/advertising/demo/sales/salesinstructions/%2E%2E%2Fx"
    );
}

#[tokio::test]
async fn streams_honour_the_requests_count_their_own_size_and_borrow_the_request() {
    let (sim, client) = sim_with([]).await;
    let count = |sim: &Sim| -> Vec<String> {
        windows(sim)
            .into_iter()
            .map(|(window, _)| window.rsplit('/').next().unwrap_or("").to_owned())
            .collect()
    };
    // `.page(0, 15)`: pages of 15, not the client's 1000.
    let request = advertising::GetBranches::new().page(0, 15);
    let first: Vec<_> = futures_util::StreamExt::take(client.items(&request), 40)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(first.len(), 40);
    assert_eq!(count(&sim), ["15", "15", "15"]);
    sim.clear_requests();

    // The stream's own size wins.
    let _: Vec<_> = futures_util::StreamExt::take(client.pages(&request).page_size(7), 2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(count(&sim), ["7", "7"]);
    sim.clear_requests();

    // One page, read without `.data.unwrap_or_default()`.
    let page = client.get(&request).await.unwrap();
    let total = page.total().unwrap();
    assert!(total > 15, "{total}");
    assert_eq!(page.into_items().len(), 15);
    assert_eq!(count(&sim), ["15"]);
}
