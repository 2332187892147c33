//! Malformed annotation arguments: an unknown method, a missing path, an unknown option, a
//! `models` that is not a path.

use agentos_macros::agentos_endpoint;

#[agentos_endpoint(FETCH "/v3/diary/{shortName}/appointmenttypes")]
pub async fn appointment_types();

#[agentos_endpoint(GET)]
pub async fn company();

#[agentos_endpoint(GET "/v4/advertising/{shortName}/company/company", schema = "x.yaml")]
pub async fn company_again();

#[agentos_endpoint(GET "/v4/advertising/{shortName}/company/company", models = "crate::models")]
pub async fn company_models();

fn main() {}
