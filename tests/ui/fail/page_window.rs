//! The page window of a paged operation is not a parameter of the declaration: one vocabulary
//! with the build script's requests, where `new(..)` leaves it out and `.page(..)` sets it.

use agentos_macros::agentos_endpoint;

#[agentos_endpoint(GET "/v3/diary/{shortName}/appointmenttypes")]
pub async fn appointment_types(offset: i32, count: i32);

fn main() {}
