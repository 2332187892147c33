//! Attributes on a declaration stay on the generated function: a `tracing::instrument` span
//! covers the request itself, not only the creation of its future.
//!
//! One test in its own binary: tracing caches per call site whether anyone listens, a cache
//! that tests running in parallel without a subscriber would race with.

use agentos_macros::agentos_endpoint;
use agentos_runtime::Client;
use agentos_sim::{DEMO_KEY, DEMO_SHORT_NAME, Sim, SimConfig};

#[agentos_endpoint(GET "/v4/advertising/{shortName}/company/company", spec = "../spec/agentos.yaml")]
#[tracing::instrument(name = "declared_company", skip_all)]
pub async fn traced_company();

/// What a `tracing_subscriber::fmt` subscriber writes, kept for the test to read.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn an_instrument_attribute_spans_the_whole_request() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let client = Client::builder()
        .base_url(sim.base_url())
        .api_key(DEMO_KEY)
        .short_name(DEMO_SHORT_NAME)
        .build()
        .unwrap();

    let company = traced_company(&client).await.unwrap();
    assert!(company.company_name.is_some());

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    // fmt prints a span's ancestors before it: the runtime's request span closed inside the
    // declared function's span, so the function's span was entered while the request ran.
    assert!(
        text.lines()
            .any(|l| l.contains("declared_company:agentos_request{") && l.contains("close")),
        "the request span did not run inside the declared function's span:\n{text}"
    );
}
