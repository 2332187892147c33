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

/// The real agentOS documents in `../shared/specs` (every JSON and YAML file there), or `None`
/// (with a note on stderr) when the directory is missing.
pub fn real_specs() -> Option<Vec<PathBuf>> {
    let dir = workspace().join("../shared/specs");
    match agentos_codegen::load::documents_in(&dir) {
        Ok(files) if !files.is_empty() => Some(files),
        _ => {
            eprintln!(
                "note: {} is missing: the tests on the real agentOS documents are skipped",
                dir.display()
            );
            None
        }
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
