//! Every operation of every published document, called through the client generated from it,
//! against agentos-sim serving that document: each call succeeds and decodes; an unknown id
//! on each operation addressing one is its `NotFound` variant; every status of each error enum
//! arrives as that variant (injected by the simulator), and a status outside it arrives as
//! `UnexpectedStatus`, never as a variant. The calls come from the generator's catalog (see
//! `build.rs`), not from a hand-kept list.

use agentos_published::{Args, Call, DOCUMENTS, Outcome, calls};
use agentos_runtime::{Client, RetryPolicy};
use agentos_sim::{
    DEMO_KEY, DEMO_SHORT_NAME, ExampleRequest, Fault, FaultRule, Method, Sim, SimConfig,
    ThrottleConfig,
};

/// A client for `sim` that sends each request once and never waits for its throttle: what
/// comes back is what the simulator answered.
fn client(sim: &Sim) -> Client {
    Client::builder()
        .base_url(sim.base_url())
        .api_key(DEMO_KEY)
        .short_name(DEMO_SHORT_NAME)
        .throttle(1_000_000, std::time::Duration::from_secs(1))
        .retry(RetryPolicy::never())
        .build()
        .unwrap()
}

fn args(example: &ExampleRequest) -> Args {
    Args::new(example.params.clone(), example.body.clone())
}

/// A status no agentOS document declares.
const OUTSIDE: u16 = 418;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_of_every_published_document_works_through_its_generated_client() {
    if DOCUMENTS.is_empty() {
        eprintln!("note: ../shared/specs is missing: the published documents are not tested");
        return;
    }
    let all = calls();
    let (mut called, mut injected, mut unknown_ids) = (0, 0, 0);
    for (module, path) in DOCUMENTS {
        let sim = Sim::start(
            SimConfig::default()
                .spec(path)
                .throttle(ThrottleConfig::unlimited()),
        )
        .await
        .unwrap();
        let examples = sim.examples(DEMO_SHORT_NAME);
        let mine: Vec<&Call> = all.iter().filter(|c| c.module == *module).collect();
        assert_eq!(
            mine.len(),
            examples.len(),
            "{module}: the catalog and the simulator agree"
        );
        for call in mine {
            let example = examples
                .iter()
                .find(|e| e.method.as_str() == call.method && e.template == call.path)
                .unwrap_or_else(|| panic!("{module}: no example for {call:?}"));
            check(&sim, call, example).await;
            called += 1;
            injected += call.statuses.len() + 1;
            unknown_ids += usize::from(call.id_param.is_some());
        }
        sim.shutdown().await;
    }
    assert_eq!(
        called,
        all.len(),
        "every operation of the catalog was called"
    );
    eprintln!(
        "{called} operations of {} documents: {injected} statuses injected, {unknown_ids} unknown ids",
        DOCUMENTS.len()
    );
}

async fn check(sim: &Sim, call: &Call, example: &ExampleRequest) {
    let what = format!("{call:?} with {}", example.path_and_query);
    // Success, decoded.
    let outcome = (call.send)(client(sim), args(example)).await;
    assert_eq!(outcome, Outcome::Success, "{what}");
    // An unknown id: the operation's own NotFound.
    if let Some(id) = call.id_param {
        let outcome = (call.send)(client(sim), args(example).with(id, "NOPE404")).await;
        assert_eq!(
            outcome,
            Outcome::Variant {
                status: 404,
                not_found: true
            },
            "{what}: an unknown {id}"
        );
    }
    // Every status of the enum, and one outside it, injected once each on this operation.
    let method = Method::from_bytes(call.method.as_bytes()).unwrap();
    for status in call.statuses.iter().copied().chain([OUTSIDE]) {
        sim.add_fault(
            FaultRule::new(Fault::Status(status))
                .method(method.clone())
                .path_template(call.path)
                .first(1),
        );
        // A fresh client: a 429 pauses the key of the client that saw it.
        let outcome = (call.send)(client(sim), args(example)).await;
        sim.clear_faults();
        let expected = if status == OUTSIDE {
            Outcome::Unexpected(OUTSIDE)
        } else {
            Outcome::Variant {
                status,
                not_found: status == 404,
            }
        };
        assert_eq!(outcome, expected, "{what}: injected {status}");
    }
}
