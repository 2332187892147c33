//! Generated code under the strictest lints.
//!
//! The build script generates a client from every generator fixture, from `spec/agentos.yaml`
//! and from every real agentOS document in `../shared/specs`, and this crate, which depends
//! on `agentos-runtime` alone, compiles them with every warning denied and every public item
//! required to be documented. Clippy (`-D warnings`) and rustdoc (`-D warnings`) run on it with
//! the rest of the workspace in CI. Nothing here is meant to be used: it is a test.
//!
//! ```
//! // The real documents are compiled whenever ../shared/specs is present.
//! let real = agentos_conformance::REAL_DOCUMENTS;
//! assert!(real.is_empty() || real.contains(&"openapi3_diary"));
//! ```
#![deny(warnings, missing_docs)]

include!(concat!(env!("OUT_DIR"), "/conformance.rs"));

/// Generated code in a private module: nothing in it is used, and nothing may warn
/// (`dead_code` is the case).
mod private_edge {
    include!(concat!(env!("OUT_DIR"), "/gen_edge.rs"));
}

/// Every real document as one client in a private module: the re-exports of the shared models
/// are unused here, and must not warn.
mod private_published {
    include!(concat!(env!("OUT_DIR"), "/published_together.rs"));
}
