//! The crate's generated client against agentos-sim, and the build-script wiring that keeps it
//! in step with the schema.

use agentos_build_consumer::agentos::diary;
use agentos_build_consumer::summary;
use agentos_runtime::{ApiError, Client};
use agentos_sim::{DEMO_KEY, DEMO_SHORT_NAME, Sim, SimConfig};

#[tokio::test]
async fn the_generated_client_reads_the_agency_and_pages_its_appointment_types() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let client = Client::builder()
        .base_url(sim.base_url())
        .api_key(DEMO_KEY)
        .short_name(DEMO_SHORT_NAME)
        .page_size(7)
        .build()
        .unwrap();
    let summary = summary(&client).await.unwrap();
    let company = reqwest::Client::new()
        .get(format!(
            "{}/v4/advertising/{DEMO_SHORT_NAME}/company/company",
            sim.base_url()
        ))
        .header("api_key", DEMO_KEY)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let company: serde_json::Value = serde_json::from_slice(&company).unwrap();
    assert_eq!(summary.agency, company["CompanyName"].as_str().unwrap());
    let types = sim.count("DiaryAppointmentTypeModel");
    assert_eq!(summary.appointment_types.len(), types);
    assert!(
        summary
            .appointment_types
            .iter()
            .all(|name| !name.is_empty())
    );
    // 30 types at 7 per page: 5 page requests after the company (and the direct read).
    assert_eq!(types, 30);
    assert_eq!(sim.requests().len(), 2 + types.div_ceil(7));

    // The schema's declared 404 is a variant of the operation's own error enum.
    let err = client
        .get(&diary::Appointment::new("no-such-appointment"))
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        ApiError::Status {
            error: diary::AppointmentError::NotFound(_),
            ..
        }
    ));
}

#[test]
fn the_build_script_asks_cargo_to_rerun_when_the_schema_changes() {
    // Cargo keeps a build script's output next to its OUT_DIR; the line below is what makes
    // `cargo build` regenerate the client after the schema is edited (see check-rerun.sh for
    // the edit-and-rebuild run itself).
    let output = std::path::Path::new(env!("OUT_DIR")).join("../output");
    let printed = std::fs::read_to_string(&output).unwrap();
    assert!(
        printed
            .lines()
            .any(|line| line == "cargo:rerun-if-changed=schema/agentos-mini.yaml"),
        "{printed}"
    );
    let generated =
        std::fs::read_to_string(std::path::Path::new(env!("OUT_DIR")).join("agentos.rs")).unwrap();
    assert!(generated.starts_with("// @generated"));
    assert!(generated.contains("schema/agentos-mini.yaml"));
}
