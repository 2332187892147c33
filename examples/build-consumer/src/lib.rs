//! A crate set up the way a user's would: `build.rs` generates a typed agentOS client from the
//! crate's own schema (`schema/agentos-mini.yaml`, three operations), and the code below uses
//! it. The only runtime dependency is `agentos-runtime`; `agentos-codegen` is a build
//! dependency.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = agentos_runtime::Client::builder()
//!     .api_key("my-api-key")
//!     .short_name("acme")
//!     .build()?;
//! let summary = agentos_build_consumer::summary(&client).await?;
//! println!("{} books {} kinds of appointment", summary.agency, summary.appointment_types.len());
//! # Ok(())
//! # }
//! ```

use agentos_runtime::{ApiError, Client};
use futures_util::TryStreamExt;

/// The client generated from `schema/agentos-mini.yaml` by `build.rs`.
pub mod agentos {
    include!(concat!(env!("OUT_DIR"), "/agentos.rs"));
}

use agentos::{advertising, diary};

/// What [`summary`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The agency's name.
    pub agency: String,
    /// The names of its appointment types, every page of them.
    pub appointment_types: Vec<String>,
}

/// Why [`summary`] failed: each call has its own error type.
#[derive(Debug, thiserror::Error)]
pub enum SummaryError {
    /// Reading the agency failed.
    #[error(transparent)]
    Agency(#[from] ApiError<advertising::CompanyError>),
    /// Listing appointment types failed.
    #[error(transparent)]
    AppointmentTypes(#[from] ApiError<diary::AppointmentTypesError>),
}

/// The agency's name and all of its appointment types.
pub async fn summary(client: &Client) -> Result<Summary, SummaryError> {
    let agency = client
        .get(&advertising::Company::new())
        .await?
        .company_name
        .unwrap_or_default();
    let appointment_types = client
        .items(diary::AppointmentTypes::new())
        .map_ok(|kind| kind.name.unwrap_or_default())
        .try_collect()
        .await?;
    Ok(Summary {
        agency,
        appointment_types,
    })
}
