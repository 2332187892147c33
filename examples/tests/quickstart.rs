//! The quickstart's tour, run as the example runs it: against its own simulator, and in
//! "real API" mode against a simulator named by URL (which skips the simulator-only steps).

use std::time::Duration;

use agentos_examples::quickstart::{self, Options};
use agentos_examples::target::{ApiTarget, Target};
use agentos_runtime::ApiKey;
use agentos_sim::{DEMO_KEY, DEMO_SHORT_NAME, Sim, SimConfig};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tour_runs_end_to_end_against_its_simulator() {
    let options = Options {
        target: Target::Sim,
        allow_writes: false,
    };
    let mut out = Vec::new();
    let outcome = quickstart::run(&options, &mut out).await.unwrap();
    let text = String::from_utf8(out).unwrap();

    assert!(!outcome.company.is_empty());
    assert!(text.contains(&outcome.company), "{text}");
    // 2,500 branches in three requests of (at most) 1000, each listed from the sim's log.
    assert_eq!((outcome.branches, outcome.branch_pages), (2_500, 3));
    // v4 pages in the path.
    for offset in [0, 1000, 2000] {
        let line = format!("GET /v4/advertising/demo/company/branches/{offset}/1000 -> 200");
        assert!(text.contains(&line), "{line} missing from:\n{text}");
    }
    // One branch's lettings with their photos, and a photo downloaded.
    let lettings = &outcome.lettings;
    assert!(lettings.lettings > 0 && lettings.photos > 0, "{lettings:?}");
    let (content_type, bytes) = lettings.downloaded.clone().expect("a photo downloaded");
    assert!(
        content_type.starts_with("image/") && bytes > 0,
        "{content_type} {bytes}"
    );
    assert!(
        text.contains(&format!(
            "branch {}: {} advertised lettings",
            lettings.branch, lettings.lettings
        )),
        "{text}"
    );
    // The appointment went through its whole life, and the 404 came back typed.
    let id = outcome
        .appointment
        .expect("the diary step runs against the simulator");
    for step in [
        "POST   created",
        "PUT    updated",
        "PATCH  cancelled Cancelled = true",
        "DELETE deleted",
    ] {
        assert!(text.contains(step), "{step} missing from:\n{text}");
    }
    assert!(text.contains(&format!("GET appointment \"{id}\" -> 404 Not Found")));
    assert!(text.contains("GetAppointmentError::NotFound"));
    assert!(outcome.not_found_resolution.contains("verify the id"));
    // The support report shows the key's last 5 characters, never the key.
    let last5 = ApiKey::new(DEMO_KEY).last5().to_owned();
    assert!(text.contains(&format!("API key (last 5):  {last5}")));
    assert!(!text.contains(DEMO_KEY));
    // The burst: three windows' worth sent at once, none refused, never over the limit; the
    // client waited for the second and third windows instead.
    let burst = outcome.burst.expect("the burst runs against the simulator");
    assert_eq!(burst.requests, quickstart::BURST_REQUESTS);
    assert_eq!(burst.refused, 0);
    assert!(burst.most_in_window <= quickstart::BURST_LIMIT as usize);
    assert!(
        burst.longest_wait >= 2 * quickstart::BURST_WINDOW,
        "{burst:?}"
    );
    assert!(outcome.elapsed < Duration::from_secs(60));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn against_an_api_by_url_it_skips_writes_and_the_burst() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let options = Options {
        target: Target::Api(ApiTarget {
            key: ApiKey::new(DEMO_KEY),
            short_name: DEMO_SHORT_NAME.to_owned(),
            base_url: Some(sim.base_url().to_owned()),
        }),
        allow_writes: false,
    };
    let mut out = Vec::new();
    let outcome = quickstart::run(&options, &mut out).await.unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(outcome.branch_pages, 3);
    assert_eq!(outcome.appointment, None);
    assert_eq!(outcome.burst, None);
    assert!(text.contains("skipped: this would book a real appointment"));
    // Without a log to read, the page requests are listed from the pages themselves.
    assert!(text.contains("GET /v4/advertising/demo/company/branches/2000/1000 -> 500 branches"));
    assert!(outcome.lettings.downloaded.is_some());
    // Nothing was written.
    assert!(sim.requests().iter().all(|r| r.method == "GET"));
}
