//! Matching a variant the operation's error enum does not have (`cancel::Error::Conflict`):
//! rustc names the status set's shared enum (`ApiWideAndBadRequestNotFound`), never the alias
//! the code wrote, since an alias is no type of its own (see `module_extras` in the macros'
//! `expand.rs`); the alias's doc names that enum and lists its variants.

use agentos_macros::agentos_endpoint;
use agentos_runtime::{ApiError, Client};

#[agentos_endpoint(PATCH "/v3/diary/{shortName}/appointment/{appointmentID}/cancel")]
async fn cancel(appointment_id: &str);

async fn run(client: &Client) {
    match cancel(client, "APT1").await {
        Err(ApiError::Status {
            error: cancel::Error::Conflict(_),
            ..
        }) => {}
        _ => {}
    }
}

fn main() {
    let _ = run;
}
