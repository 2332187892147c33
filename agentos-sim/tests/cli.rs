//! The `agentos-sim` command (feature `cli`): `--overlay` and `--options` give the simulator the
//! overlays a client was generated with, and `--list` shows what it then serves.

use std::path::Path;
use std::process::Command;

/// The simulator's own test fixtures (shared with `tests/sim/overlays.rs`): a document whose
/// report an overlay marks a download.
const DOCUMENT: &str = include_str!("fixtures/overlaid.yaml");
const OVERLAY: &str = include_str!("fixtures/overlay_fix.yaml");

fn list(args: &[&str], dir: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_agentos-sim"))
        .args(args)
        .arg("--list")
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn overlay_and_options_files_change_what_is_listed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("doc.yaml"), DOCUMENT).unwrap();
    std::fs::write(dir.path().join("fix.yaml"), OVERLAY).unwrap();
    std::fs::write(dir.path().join("options.yaml"), "overlays: [fix.yaml]\n").unwrap();

    let plain = list(&["--spec", "doc.yaml"], dir.path());
    assert!(plain.contains("/v1/demo/{shortName}/report"), "{plain}");
    assert!(!plain.contains("download"), "{plain}");

    let overlaid = list(&["--spec", "doc.yaml", "--overlay", "fix.yaml"], dir.path());
    assert!(overlaid.contains("answers a download"), "{overlaid}");

    let by_options = list(
        &["--spec", "doc.yaml", "--options", "options.yaml"],
        dir.path(),
    );
    assert_eq!(by_options, overlaid);
}

#[test]
fn a_stale_overlay_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("doc.yaml"), DOCUMENT).unwrap();
    std::fs::write(
        dir.path().join("stale.yaml"),
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.paths['/v1/gone'].get\n    remove: true\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_agentos-sim"))
        .args(["--spec", "doc.yaml", "--overlay", "stale.yaml", "--list"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("stale.yaml") && stderr.contains("selects nothing"),
        "{stderr}"
    );
}
