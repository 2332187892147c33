//! Runtime for generated agentOS API clients: the [`Client`], its throttle, retries,
//! pagination, typed errors with support reports, and the agentOS date types.
//!
//! Generated code describes each operation as a type implementing [`Endpoint`]; the client
//! does the rest. Here is one written by hand, the vendor's "test your connection" call:
//!
//! ```no_run
//! use agentos_runtime::decode::{self, DecodeError};
//! use agentos_runtime::path::PathWriter;
//! use agentos_runtime::{Client, Endpoint, ErrorBody, Get, StatusCode, StatusError};
//!
//! /// `GET /v4/advertising/{shortName}/company/company`
//! struct GetCompany;
//!
//! #[derive(Debug, serde::Deserialize)]
//! #[serde(rename_all = "PascalCase")]
//! struct Company {
//!     name: Option<String>,
//! }
//!
//! /// The statuses the operation can return (generated code lists every one).
//! #[derive(Debug)]
//! enum GetCompanyError {
//!     Unauthorized(ErrorBody),
//!     TooManyRequests(ErrorBody),
//! }
//!
//! impl StatusError for GetCompanyError {
//!     fn from_status(status: StatusCode, body: ErrorBody) -> Result<Self, ErrorBody> {
//!         match status.as_u16() {
//!             401 => Ok(Self::Unauthorized(body)),
//!             429 => Ok(Self::TooManyRequests(body)),
//!             _ => Err(body),
//!         }
//!     }
//!     fn status(&self) -> StatusCode {
//!         match self {
//!             Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
//!             Self::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
//!         }
//!     }
//!     fn body(&self) -> &ErrorBody {
//!         match self {
//!             Self::Unauthorized(body) | Self::TooManyRequests(body) => body,
//!         }
//!     }
//! }
//!
//! impl Endpoint for GetCompany {
//!     type Method = Get;
//!     type Output = Company;
//!     type Error = GetCompanyError;
//!     const PATH_TEMPLATE: &'static str = "/v4/advertising/{shortName}/company/company";
//!     const OPERATION: &'static str = "GetCompany";
//!
//!     fn write_path(&self, path: &mut PathWriter<'_>) {
//!         path.literal("/v4/advertising/").short_name().literal("/company/company");
//!     }
//!
//!     fn decode(body: &decode::Body<'_>) -> Result<Company, DecodeError> {
//!         decode::json(body.bytes)
//!     }
//! }
//!
//! # async fn run() -> Result<(), agentos_runtime::BuildError> {
//! let client = Client::builder().api_key("my-api-key").short_name("acme").build()?;
//! match client.get(&GetCompany).await {
//!     Ok(company) => println!("connected to {:?}", company.name),
//!     Err(err) => eprintln!("{err}: {}\n{}", err.resolution(), err.support_report()),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # What the client does for every request
//! - **Auth**: the [`ApiKey`] as the `api_key` header ([`KeyPlacement::Query`] to send it in
//!   the query); `Accept: application/json`. The key appears nowhere else: `Debug`,
//!   `Display`, errors, support reports and tracing show at most its last 5 characters.
//! - **Other secrets** ([`secret`]): parameters and fields the document declares secret (a
//!   customer's password, a session token) are sent, and shown nowhere: `<redacted>` in the
//!   URL of errors and reports, blanked in report bodies, scrubbed from what the server
//!   echoes, hidden by the generated types' `Debug`.
//! - **Throttle** ([`throttle`]): at most N requests per key in any rolling window (50 per
//!   60 s by default), every attempt included; after a 429 the whole key pauses for
//!   `Retry-After` (or 60 s).
//! - **Retry** ([`retry`]): 429 always (after the pause); 500/502/503/504, timeouts and broken
//!   transfers only for idempotent methods; `POST`/`PATCH` only when the connection could not
//!   be made, so a submission is never sent twice.
//! - **Errors** ([`ApiError`]): the operation's own status enum, unexpected statuses, transport
//!   failures, timeouts and decode failures, each with a [`SupportReport`].
//! - **Paging** ([`Client::pages`], [`Client::items`]): streams of 1000-record pages that halve
//!   a page that times out (504).
//! - **Tracing**: one `agentos_request` span per call, with `method`, `path` (the template),
//!   `operation`, `attempt`, `status` and `throttle_wait_ms`.

pub mod client;
pub mod date;
pub mod decode;
pub mod endpoint;
pub mod error;
pub mod form;
pub mod header;
pub mod key;
pub mod method;
pub mod observe;
pub mod pages;
pub mod path;
pub mod query;
pub mod redact;
pub mod report;
pub mod retry;
pub mod secret;
pub mod status;
pub mod throttle;

pub use bytes::Bytes;
pub use client::{
    AnyStatus, BuildError, Call, Client, ClientBuilder, Items, KeyPlacement, Pages, RawRequest,
    WithMeta,
};
pub use date::{Date, DateParseError, DateTime, IntoDate, IntoDateTime};
pub use decode::Download;
pub use endpoint::{
    DeleteEndpoint, Endpoint, GetEndpoint, Paged, PagedRequest, PatchEndpoint, PostEndpoint,
    PutEndpoint,
};
pub use error::{ApiError, ErrorBody, StatusError};
pub use http;
/// The HTTP method, for [`Client::raw`] (`Method::GET`). The markers generated endpoints name
/// their method with ([`Get`], [`Post`], ...) implement the trait [`method::Method`].
pub use http::Method;
pub use http::StatusCode;
pub use key::{ApiKey, ShortName, ShortNameError};
pub use method::{Delete, Get, Patch, Post, Put};
pub use pages::{MAX_PAGE_SIZE, Page, PageSize, PageSizeError};
pub use report::{RequestContext, SupportReport};
pub use retry::{Jitter, RetryPolicy};
pub use throttle::{Permit, RollingWindow, Throttle, ThrottleError};
/// The `time` crate the dates are built on, for building them from parts
/// (`agentos_runtime::time::macros::datetime!(2024-05-01 9:30)`).
pub use time;

/// Re-exports for generated code, so a crate that includes it depends on this crate alone.
#[doc(hidden)]
pub mod __private {
    pub use bytes;
    pub use http::StatusCode;
    pub use serde;
    pub use serde_json;
}
