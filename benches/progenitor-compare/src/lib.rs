//! Generation time of agentos-codegen beside progenitor's, on the same documents.
//!
//! [`docs`] gathers the document set (the workspace schema, the real agentOS documents in
//! `../shared/specs`, a synthetic document); [`normalise`] makes the copy progenitor is
//! handed; [`ours`] and [`theirs`] run each generator stage by stage. The criterion bench
//! (`benches/generate.rs`) and the `gen` binary (interleaved timings, callgrind instruction
//! counts, generated files for the compile-time script) share them; [`callers`] writes a user's
//! crate that calls every operation (`gen callers`).

pub mod callers;
pub mod docs;
pub mod normalise;
pub mod ours;
pub mod theirs;

/// Any failure, as text: this is a measuring tool; a message is all the caller needs.
pub type Result<T> = std::result::Result<T, String>;
