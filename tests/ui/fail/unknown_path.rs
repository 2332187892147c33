//! Rule 2: a path the schema does not have; the error suggests the nearest one.

use agentos_macros::agentos_endpoint;

#[agentos_endpoint(GET "/v3/diary/{shortName}/apointmenttypes")]
pub async fn appointment_types();

#[agentos_endpoint(GET "/v2/tier2/{shortName}/property/property/{propertyID}")]
pub async fn property(property_id: &str);

fn main() {}
