//! Paths shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The workspace root (`/work/main`).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate lives in the workspace")
        .to_owned()
}

/// `spec/agentos.yaml`, when it exists.
pub fn agentos_spec() -> Option<PathBuf> {
    let path = workspace().join("spec/agentos.yaml");
    path.exists().then_some(path)
}

/// The six real agentOS documents in `../shared/specs`, or `None` (with a note on stderr) when
/// the directory is missing.
pub fn real_specs() -> Option<Vec<PathBuf>> {
    let dir = workspace().join("../shared/specs");
    let files: Vec<PathBuf> = [
        "openapi3/diary.json",
        "openapi3/basic-tier.json",
        "openapi3/free-tier.json",
        "swagger2/diary.yaml",
        "swagger2/basic-tier.yaml",
        "swagger2/free-tier.yaml",
    ]
    .iter()
    .map(|f| dir.join(f))
    .collect();
    if files.iter().all(|f| f.exists()) {
        Some(files)
    } else {
        eprintln!(
            "note: {} is missing: the tests on the real agentOS documents are skipped",
            dir.display()
        );
        None
    }
}

/// The generator fixtures (`tests/fixtures/gen/*`), sorted.
pub fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gen");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures dir")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
}
