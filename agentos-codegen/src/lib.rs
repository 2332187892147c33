//! Generates typed agentOS clients from OpenAPI/Swagger documents.
//!
//! ```
//! let spec = r#"{
//!   "openapi": "3.0.0",
//!   "info": { "title": "agentOS", "version": "v3" },
//!   "paths": { "/v3/diary/{shortName}/appointmenttypes": { "get": {
//!     "operationId": "DiaryController_GetAppointmentTypes",
//!     "parameters": [{ "name": "shortName", "in": "path", "required": true,
//!                      "schema": { "type": "string" } }],
//!     "responses": { "204": { "description": "No content" } } } } }
//! }"#;
//! let code = agentos_codegen::Generator::new()
//!     .spec_text("inline.json", spec)
//!     .generate()
//!     .unwrap();
//! assert!(code.starts_with("// @generated"));
//! assert!(code.contains("pub struct GetAppointmentTypes"));
//! assert!(code.contains("type Method = ::agentos_runtime::Get;"));
//! ```
//!
//! In a build script, [`Generator::write_to_out_dir`] does the same into `OUT_DIR` and tells
//! cargo to rerun when a document changes:
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), agentos_codegen::Error> {
//!     agentos_codegen::Generator::new()
//!         .spec("spec/agentos.yaml")
//!         .write_to_out_dir("agentos.rs")?;
//!     Ok(())
//! }
//! ```
//!
//! The pipeline, one module per stage: [`load`] (text -> `openapiv3::OpenAPI`, Swagger 2.0
//! up-converted) -> [`lower`] (document -> [`ir::Api`]: names, types, status policy, paging)
//! -> [`emit`] (IR -> formatted Rust). The generated code depends on `agentos-runtime` only.
//! The `agentos-codegen` binary (feature `cli`, on by default) offers `generate`, `check` and
//! `list`; a build script can depend on this crate with `default-features = false`.

#![warn(missing_docs)]

pub mod catalog;
pub mod emit;
mod generator;
pub mod ir;
pub mod load;
pub mod lower;
pub mod options;
pub mod text;

pub use emit::ModelSharing;
pub use generator::{Error, Generated, Generator};
pub use lower::StatusPolicy;
pub use options::Options;
