//! Overlays: the simulator reads its documents through the generator with the overlays (and
//! options file) a client was generated with, so that it serves what the client expects.

use std::path::Path;

use agentos_sim::{DEMO_SHORT_NAME, Method, Sim, SimConfig};

use crate::common::send;

/// A document of two operations: a report the vendor declares as an untyped object, and an
/// old call.
const DOCUMENT: &str = include_str!("../fixtures/overlaid.yaml");

/// Marks the report a download and takes the old call out.
const OVERLAY: &str = include_str!("../fixtures/overlay_fix.yaml");

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

async fn serve(config: SimConfig) -> Sim {
    Sim::start(config).await.unwrap()
}

#[tokio::test]
async fn an_overlay_changes_what_is_served_as_it_changes_the_client() {
    let dir = tempfile::tempdir().unwrap();
    let overlay = write(dir.path(), "fix.yaml", OVERLAY);
    let report = format!("/v1/demo/{DEMO_SHORT_NAME}/report");
    let old = format!("/v1/demo/{DEMO_SHORT_NAME}/old");

    // As the vendor wrote it: the report is JSON, the old call answers.
    let plain = serve(SimConfig::default().spec_text("doc.yaml", DOCUMENT)).await;
    let answer = send(&plain, Method::GET, &report, None).await;
    assert_eq!(answer.status, 200);
    assert!(
        answer.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    assert_eq!(send(&plain, Method::GET, &old, None).await.status, 200);

    // Overlaid: the report is a file, the old call is gone, and the listing says so.
    let config = SimConfig::default()
        .spec_text("doc.yaml", DOCUMENT)
        .overlay(&overlay);
    let listed = agentos_sim::operations(&config).unwrap();
    assert_eq!(listed.len(), 1, "{listed:#?}");
    assert!(listed[0].behaviour.contains("download"), "{listed:#?}");
    let overlaid = serve(config).await;
    let answer = send(&overlaid, Method::GET, &report, None).await;
    assert_eq!(answer.status, 200);
    let media = answer.headers["content-type"].to_str().unwrap().to_owned();
    assert!(!media.starts_with("application/json"), "{media}");
    assert!(!answer.bytes.is_empty());
    assert_eq!(send(&overlaid, Method::GET, &old, None).await.status, 404);
}

#[tokio::test]
async fn an_options_file_brings_its_overlays_relative_to_itself() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("fixes")).unwrap();
    write(&dir.path().join("fixes"), "fix.yaml", OVERLAY);
    let options = write(
        dir.path(),
        "agentos-options.yaml",
        "overlays: [fixes/fix.yaml]\n",
    );
    let config = SimConfig::default()
        .spec_text("doc.yaml", DOCUMENT)
        .options_file(&options)
        .unwrap();
    let listed = agentos_sim::operations(&config).unwrap();
    assert_eq!(listed.len(), 1, "{listed:#?}");

    // A file that is not options is refused with its name.
    let bad = write(dir.path(), "bad.yaml", "overlay: [x]\n");
    let err = SimConfig::default().options_file(&bad).unwrap_err();
    assert!(err.to_string().contains("bad.yaml"), "{err}");
}

#[tokio::test]
async fn an_overlay_that_selects_nothing_stops_the_simulator_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let overlay = write(
        dir.path(),
        "stale.yaml",
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.paths['/v1/gone'].get\n    remove: true\n",
    );
    let Err(err) = Sim::start(
        SimConfig::default()
            .spec_text("doc.yaml", DOCUMENT)
            .overlay(&overlay),
    )
    .await
    else {
        panic!("a stale overlay is an error");
    };
    let message = err.to_string();
    assert!(
        message.contains("stale.yaml") && message.contains("selects nothing"),
        "{message}"
    );
}
