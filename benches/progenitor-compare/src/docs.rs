//! The documents measured: spec/agentos.yaml, the six real agentOS documents (when
//! `../shared/specs` is there; they are read in place, never copied) and a synthetic document
//! made by the codegen bench's own generator (reused, not rewritten).

use std::path::{Path, PathBuf};

#[path = "../../../agentos-codegen/benches/support/synth.rs"]
mod synth;

/// Operations in the synthetic document unless told otherwise.
pub const SYNTH_OPERATIONS: usize = 2000;

/// The real documents, relative to `../shared/specs`.
pub const REAL: [&str; 6] = [
    "swagger2/diary.yaml",
    "swagger2/basic-tier.yaml",
    "swagger2/free-tier.yaml",
    "openapi3/diary.json",
    "openapi3/basic-tier.json",
    "openapi3/free-tier.json",
];

/// One document, as text.
#[derive(Debug, Clone)]
pub struct Document {
    /// Short name used in tables and on the command line.
    pub name: String,
    /// The text as a user would hand it to a generator.
    pub text: String,
}

/// The main workspace (`benches/progenitor-compare/../..`).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The synthetic document with `operations` operations, as JSON text.
pub fn synthetic(operations: usize) -> Document {
    Document {
        name: format!("synthetic-{operations}"),
        text: synth::document(operations).to_string(),
    }
}

/// The workspace schema and the real documents found, by name and path.
fn files() -> Vec<(&'static str, PathBuf)> {
    let root = workspace_root();
    let mut out = vec![("agentos.yaml", root.join("spec/agentos.yaml"))];
    for name in REAL {
        out.push((name, root.join("../shared/specs").join(name)));
    }
    out
}

fn read(name: &str, path: &Path) -> crate::Result<Document> {
    std::fs::read_to_string(path)
        .map(|text| Document {
            name: name.to_owned(),
            text,
        })
        .map_err(|e| format!("{} not read ({e})", path.display()))
}

/// Every document that can be read: the workspace schema, the real ones found, the synthetic
/// one. Missing real documents are reported on stderr and skipped.
pub fn all() -> Vec<Document> {
    let mut out = Vec::new();
    for (name, path) in files() {
        match read(name, &path) {
            Ok(doc) => out.push(doc),
            Err(e) => eprintln!("note: {e}: skipped"),
        }
    }
    out.push(synthetic(SYNTH_OPERATIONS));
    out
}

/// The document called `name` (as in [`all`]; `synthetic-N` for any N).
pub fn find(name: &str) -> crate::Result<Document> {
    if let Some(n) = name.strip_prefix("synthetic-") {
        let n = n.parse().map_err(|e| format!("{name}: {e}"))?;
        return Ok(synthetic(n));
    }
    let (name, path) = files()
        .into_iter()
        .find(|(n, _)| *n == name)
        .ok_or_else(|| format!("no document called {name:?}"))?;
    read(name, &path)
}
