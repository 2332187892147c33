//! The sync against agentos-sim: every record of every collection stored once, with the fewest
//! requests the data allows, under the throttle and never over it.

use std::time::Duration;

use agentos_examples::metered::Metered;
use agentos_examples::sim_log::most_in_any_window;
use agentos_examples::sync::progress::Silent;
use agentos_examples::sync::store::Store;
use agentos_examples::sync::{self, collections};
use agentos_runtime::Client;
use agentos_sim::{DEMO_KEY, DEMO_SHORT_NAME, DatasetSize, Sim, SimConfig, ThrottleConfig};

const LIMIT: u32 = 4;
const WINDOW: Duration = Duration::from_secs(1);

fn dataset() -> DatasetSize {
    DatasetSize::default()
        .model("BranchModel", 2_000)
        .model("AdvertisingBranchModel", 2_000)
        .model("DiaryAppointmentModel", 1_500)
        .model("TenancyModel", 1_000)
        .model("PropertyModel", 1_000)
}

/// Records each table gets from `d`: the size of the collection its operation lists.
fn expected_rows(d: &DatasetSize, table: &str) -> u64 {
    let model = match table {
        "appointment_types" => "DiaryAppointmentTypeModel",
        "staff" => "ApplicationStaffModel",
        "areas" => "AreaModel",
        "counties" => "CountyModel",
        "appointments" => "DiaryAppointmentModel",
        "tenancies" => "TenancyModel",
        "properties" => "PropertyModel",
        "branches" => "BranchModel",
        "advertising_branches" | "diary_branches" => "AdvertisingBranchModel",
        other => panic!("no size for {other}"),
    };
    d.of(model) as u64
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imports_every_record_once_with_full_pages_at_the_throttles_pace() {
    let d = dataset();
    let sim = Sim::start(
        SimConfig::default()
            .dataset(d.clone())
            .throttle(ThrottleConfig::new(LIMIT, WINDOW)),
    )
    .await
    .unwrap();
    let throttle = Metered::rolling(LIMIT, WINDOW).unwrap();
    let client = Client::builder()
        .base_url(sim.base_url())
        .api_key(DEMO_KEY)
        .short_name(DEMO_SHORT_NAME)
        .throttle_with(throttle.shared())
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("sync.sqlite")).unwrap();

    let report = sync::run(&client, &throttle, &store, &Silent)
        .await
        .unwrap();

    // Every record, once: the tables hold exactly the collections' sizes (OID is the key).
    let mut fewest_requests = 0;
    for c in &report.collections {
        let expected = expected_rows(&d, c.name);
        assert_eq!(c.rows, expected, "{}", c.name);
        assert_eq!(c.stored, expected, "{}", c.name);
        fewest_requests += expected.div_ceil(1000).max(1) as usize;
    }
    assert_eq!(report.collections.len(), collections::all().len());
    // Full pages of 1000 and no request past the end: the fewest requests the data allows.
    assert_eq!(report.rate.requests, fewest_requests);
    let log = sim.requests();
    assert_eq!(log.len(), fewest_requests);
    assert!(log.iter().all(|r| r.status == 200), "{log:?}");
    let arrivals: Vec<Duration> = log.iter().map(|r| r.at).collect();
    assert!(most_in_any_window(&arrivals, WINDOW) <= LIMIT as usize);
    // Paced by the throttle, never faster than its rule: a request reuses the slot of the one
    // `LIMIT` before it, a window later at the earliest.
    let sent = &report.rate.sent_at;
    for (earlier, later) in sent.iter().zip(&sent[LIMIT as usize..]) {
        assert!(*later - *earlier >= WINDOW);
    }
    assert!(report.throttle_wait > Duration::ZERO);
    let batches = (report.rate.requests as u32 - 1) / LIMIT;
    assert!(report.rate.elapsed >= WINDOW * batches);
    assert!(!report.new_pass);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_request_stops_the_run_keeping_what_was_stored_and_the_next_run_resumes() {
    use agentos_examples::sync::SyncError;
    use agentos_sim::{Fault, FaultRule, Method};

    let template = "/v2/tier2/{shortName}/branch/branches";
    // The second page of branches is refused (400 is not retried).
    let fault = FaultRule::new(Fault::Status(400))
        .method(Method::GET)
        .path_template(template)
        .nth(2);
    let sim = Sim::start(
        SimConfig::default()
            .dataset(dataset())
            .throttle(ThrottleConfig::unlimited())
            .fault(fault),
    )
    .await
    .unwrap();
    let throttle = Metered::rolling(1_000, WINDOW).unwrap();
    let client = Client::builder()
        .base_url(sim.base_url())
        .api_key(DEMO_KEY)
        .short_name(DEMO_SHORT_NAME)
        .throttle_with(throttle.shared())
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("sync.sqlite")).unwrap();

    let err = sync::run(&client, &throttle, &store, &Silent)
        .await
        .unwrap_err();
    let SyncError::Api { report, .. } = &err else {
        panic!("expected the API error, got {err:?}");
    };
    assert_eq!(report.context.path_template, template);
    assert_eq!(report.context.status.map(|s| s.as_u16()), Some(400));
    // The first page of branches was stored with its checkpoint; the run can go on from there.
    let checkpoint = store.checkpoint("branches").unwrap();
    assert_eq!((checkpoint.next_offset, checkpoint.complete), (1000, false));

    let resumed = sync::run(&client, &throttle, &store, &Silent)
        .await
        .unwrap();
    let branches = resumed
        .collections
        .iter()
        .find(|c| c.name == "branches")
        .unwrap();
    assert_eq!(branches.started_at, 1000);
    assert_eq!(branches.rows, expected_rows(&dataset(), "branches"));
}
