//! Runtime for generated agentOS API clients.
//!
//! (Crate docs with a compiling example: written with the client.)

pub mod decode;
pub mod endpoint;
pub mod error;
pub mod key;
pub mod method;
pub mod path;
pub mod query;
pub mod status;

pub use endpoint::{
    DeleteEndpoint, Endpoint, GetEndpoint, Paged, PatchEndpoint, PostEndpoint, PutEndpoint,
};
pub use error::{ApiError, ErrorBody, StatusError};
pub use key::{ApiKey, ShortName};
pub use method::{Delete, Get, Method, Patch, Post, Put};

/// Re-exports for generated code, so a crate that includes it depends on this crate alone.
#[doc(hidden)]
pub mod __private {
    pub use bytes;
    pub use http::StatusCode;
    pub use serde;
    pub use serde_json;
}
