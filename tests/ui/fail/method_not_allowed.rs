//! Rule 1: the path exists, but not with this method; the error names the allowed ones.

use agentos_macros::agentos_endpoint;

#[agentos_endpoint(POST "/v3/diary/{shortName}/appointmenttypes")]
pub async fn appointment_types();

#[agentos_endpoint(PATCH "/v3/diary/{shortName}/appointment")]
pub async fn appointment(appointment_id: &str);

fn main() {}
