//! Date windows (`agentos_sim` engine's `window` rule): a list asked for the records between
//! two dates holds exactly those whose bounded field falls inside, counted and paged after
//! the filter; `--list` says which operations filter.

use std::collections::BTreeSet;

use agentos_sim::{DEMO_SHORT_NAME, Method, SimConfig};
use serde_json::Value;

use crate::common::{send, sim};

/// The example request of `appointmentsbetweendates`, its window opened wide by the
/// simulator's examples (2000-01-01T00:00:00 .. 2099-12-31T23:59:59).
fn between_dates(sim: &agentos_sim::Sim) -> String {
    sim.examples(DEMO_SHORT_NAME)
        .into_iter()
        .find(|e| e.template.ends_with("/appointmentsbetweendates"))
        .expect("the diary's appointmentsbetweendates has an example")
        .path_and_query
}

/// The example with the window `start..end` and the page `offset`, `count`.
fn window(example: &str, start: &str, end: &str, offset: u32, count: u32) -> String {
    let encoded = |t: &str| t.replace(':', "%3A");
    let wide_start = format!("startDate={}", encoded("2000-01-01T00:00:00"));
    let wide_end = format!("endDate={}", encoded("2099-12-31T23:59:59"));
    assert!(
        example.contains(&wide_start) && example.contains(&wide_end),
        "{example}"
    );
    let (path, query) = example.split_once('?').unwrap();
    let query: Vec<String> = query
        .split('&')
        .filter(|pair| !pair.starts_with("offset=") && !pair.starts_with("count="))
        .map(|pair| {
            if pair == wide_start {
                format!("startDate={}", encoded(start))
            } else if pair == wide_end {
                format!("endDate={}", encoded(end))
            } else {
                pair.to_owned()
            }
        })
        .collect();
    format!("{path}?{}&offset={offset}&count={count}", query.join("&"))
}

async fn page(sim: &agentos_sim::Sim, path: &str) -> (u64, Vec<Value>) {
    let answer = send(sim, Method::GET, path, None).await;
    assert_eq!(answer.status, 200, "{path}: {}", answer.text);
    let body = answer.json();
    (
        body["Count"].as_u64().unwrap(),
        body["Data"].as_array().unwrap().clone(),
    )
}

fn oids(records: &[Value]) -> BTreeSet<String> {
    records
        .iter()
        .map(|r| r["OID"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_window_lists_exactly_the_records_whose_start_is_inside_it() {
    let sim = sim().await;
    let example = between_dates(&sim);

    // Every appointment listed (the window wide open), page by page.
    let mut all = Vec::new();
    let all_count = loop {
        let offset = all.len() as u32;
        let wide = window(
            &example,
            "2000-01-01T00:00:00",
            "2099-12-31T23:59:59",
            offset,
            1000,
        );
        let (count, data) = page(&sim, &wide).await;
        let done = data.is_empty();
        all.extend(data);
        if done || all.len() as u64 >= count {
            break count;
        }
    };
    assert_eq!(all_count as usize, all.len());
    assert!(all.len() > 10, "there are appointments: {}", all.len());

    // The case: a window in 2030 holds none of them (the simulator's dates are 2025).
    let (count, data) = page(
        &sim,
        &window(
            &example,
            "2030-01-01T00:00:00",
            "2030-12-31T23:59:59",
            0,
            1000,
        ),
    )
    .await;
    assert_eq!((count, data.len()), (0, 0));

    // March 2025: exactly the appointments starting in March, bounds included.
    let (start, end) = ("2025-03-01T00:00:00", "2025-03-31T23:59:59");
    let (march_count, march) = page(&sim, &window(&example, start, end, 0, 1000)).await;
    let expected: Vec<Value> = all
        .iter()
        .filter(|r| {
            let at = r["Start"].as_str().unwrap();
            (start..=end).contains(&at)
        })
        .cloned()
        .collect();
    assert!(!expected.is_empty() && expected.len() < all.len());
    assert_eq!(march_count as usize, expected.len());
    assert_eq!(oids(&march), oids(&expected));

    // Counted and paged after the filter: two pages make the whole window, in order.
    let half = (expected.len() / 2).max(1) as u32;
    let (first_count, first) = page(&sim, &window(&example, start, end, 0, half)).await;
    let (_, rest) = page(&sim, &window(&example, start, end, half, 1000)).await;
    assert_eq!(first_count, march_count);
    assert_eq!(first.len(), half as usize);
    let both: Vec<Value> = first.into_iter().chain(rest).collect();
    assert_eq!(both, march);
}

#[tokio::test]
async fn the_listing_says_which_operations_filter_by_a_window() {
    let operations = agentos_sim::operations(&SimConfig::default()).unwrap();
    let filtering: Vec<_> = operations
        .iter()
        .filter(|op| op.behaviour.contains("within"))
        .collect();
    assert_eq!(filtering.len(), 1, "{filtering:#?}");
    assert!(filtering[0].path.ends_with("/appointmentsbetweendates"));
    assert!(
        filtering[0]
            .behaviour
            .contains("only those whose Start is within startDate..endDate"),
        "{}",
        filtering[0].behaviour
    );
}
